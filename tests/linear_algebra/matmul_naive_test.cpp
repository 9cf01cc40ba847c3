// PLACEHOLDER
#include "linear_algebra/matmul_naive.hpp"

#include <gtest/gtest.h>

namespace course::linear_algebra {
namespace {

TEST(PlaceholderMatmulnaive, Fails) { FAIL() << "placeholder"; }

}  // namespace
}  // namespace course::linear_algebra
