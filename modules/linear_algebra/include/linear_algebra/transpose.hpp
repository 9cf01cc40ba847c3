// PLACEHOLDER: Transpose, naive and cache-blocked
#pragma once

#include <span>
#include <vector>

#include "course/eigen.hpp"

namespace course::linear_algebra {


void transpose_naive(std::span<float> out, std::span<const float> inp, int rows, int cols);
void transpose_blocked(std::span<float> out, std::span<const float> inp, int rows, int cols, int block);

}  // namespace course::linear_algebra
