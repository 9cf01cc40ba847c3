// PLACEHOLDER
#include "linear_algebra/symmetric_eigen.hpp"

#include <gtest/gtest.h>

namespace course::linear_algebra {
namespace {

TEST(PlaceholderSymmetriceigen, Fails) { FAIL() << "placeholder"; }

}  // namespace
}  // namespace course::linear_algebra
