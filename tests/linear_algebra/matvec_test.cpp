// PLACEHOLDER
#include "linear_algebra/matvec.hpp"

#include <gtest/gtest.h>

namespace course::linear_algebra {
namespace {

TEST(PlaceholderMatvec, Fails) { FAIL() << "placeholder"; }

}  // namespace
}  // namespace course::linear_algebra
