// PLACEHOLDER
#include "linear_algebra/power_iteration.hpp"

#include <gtest/gtest.h>

namespace course::linear_algebra {
namespace {

TEST(PlaceholderPoweriteration, Fails) { FAIL() << "placeholder"; }

}  // namespace
}  // namespace course::linear_algebra
