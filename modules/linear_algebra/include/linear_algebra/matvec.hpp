// PLACEHOLDER: Matrix-vector product y = A x on row-major buffers
#pragma once

#include <span>
#include <vector>

#include "course/eigen.hpp"

namespace course::linear_algebra {


void matvec(std::span<float> y, std::span<const float> A, std::span<const float> x, int M, int N);

}  // namespace course::linear_algebra
