// Matrix-vector product on row-major buffers: the kernel behind every dense layer applied to one
// token, and the simplest memory-bound kernel (each element of A is used once).
//
// Buffers are flat, contiguous and row-major (element [i, j] of an (M, N) matrix is at i * N + j);
// outputs come first, then inputs, then sizes, as in llm.c. Notes: docs/linear_algebra.md#matvec.
#pragma once

#include <cstddef>
#include <span>

#include "course/error.hpp"

namespace course::linear_algebra {

// check_matvec_shapes: the sizes matvec's spans must have (not its lesson): M, N >= 0, A (M, N),
// x (N), y (M).
inline void check_matvec_shapes(std::size_t y_size, std::size_t A_size, std::size_t x_size, int M, int N) {
    COURSE_CHECK(M >= 0 && N >= 0, "matvec: sizes must be non-negative, got M = ", M, ", N = ", N);
    COURSE_CHECK(A_size == std::size_t(M) * std::size_t(N), "matvec: A has ", A_size,
                 " elements, expected M * N = ", M, " * ", N, " = ", std::size_t(M) * std::size_t(N));
    COURSE_CHECK(x_size == std::size_t(N), "matvec: x has ", x_size, " elements, expected N = ", N);
    COURSE_CHECK(y_size == std::size_t(M), "matvec: y has ", y_size, " elements, expected M = ", M);
}

// matvec: y = A x.
//
//     y[i] = sum_j A[i, j] * x[j]
//
// y is (M), A is (M, N), x is (N). y is overwritten (its old contents are never read); N = 0 makes
// y all zeros, M = 0 does nothing. y must not overlap A or x (y[0] is written while x is still
// read). The product is homogeneous, (a A)(b x) = ab A x: right at any scale where y is a float.
// Cost: 2*M*N flops and 4*M*N bytes of A read once: bound by memory bandwidth, not arithmetic.
// Throws std::invalid_argument when M or N is negative, or when a span's size is not the product
// of its dimensions (the message names the span, its size and the expected shape).
// Error bound: |y_computed[i] - y[i]| <= gamma_N * sum_j |A[i, j]| |x[j]|, gamma_N = N u / (1 - N u)
// (Higham, Accuracy and Stability of Numerical Algorithms, 2nd ed., 3.1 and 3.5).
void matvec(std::span<float> y, std::span<const float> A, std::span<const float> x, int M, int N);

}  // namespace course::linear_algebra
