// PLACEHOLDER
#include "linear_algebra/matmul_ikj.hpp"

#include <gtest/gtest.h>

namespace course::linear_algebra {
namespace {

TEST(PlaceholderMatmulikj, Fails) { FAIL() << "placeholder"; }

}  // namespace
}  // namespace course::linear_algebra
