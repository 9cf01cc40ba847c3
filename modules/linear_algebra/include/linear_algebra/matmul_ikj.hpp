// PLACEHOLDER: Matmul ladder, rung 1: the ikj loop order
#pragma once

#include <span>
#include <vector>

#include "course/eigen.hpp"

namespace course::linear_algebra {


void matmul_ikj(std::span<float> C, std::span<const float> A, std::span<const float> B, int M, int N, int K);

}  // namespace course::linear_algebra
