// PLACEHOLDER: Matmul ladder, rung 2: cache tiling
#pragma once

#include <span>
#include <vector>

#include "course/eigen.hpp"

namespace course::linear_algebra {


void matmul_tiled(std::span<float> C, std::span<const float> A, std::span<const float> B, int M, int N, int K, int tile);

}  // namespace course::linear_algebra
