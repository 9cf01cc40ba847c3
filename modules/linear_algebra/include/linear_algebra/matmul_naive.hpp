// Dense matrix multiply, the naive triple loop: the oracle that every rung of the matmul ladder
// (matmul_ikj, matmul_tiled, and later packed, SIMD and OpenMP variants) is compared against.
//
// Buffers are flat, contiguous and row-major; outputs first, then inputs, then sizes (llm.c).
// Notes: docs/linear_algebra.md#matmul_naive.
#pragma once

#include <span>

namespace course::linear_algebra {

// matmul_naive: C = A B, one dot product per element of C.
//
//     C[i, j] = sum_p A[i, p] * B[p, j]
//
// A is (M, K), B is (K, N), C is (M, N). C is overwritten: it may arrive holding anything, NaN
// included. K = 0 makes C all zeros; M = 0 or N = 0 does nothing.
// Cost: 2*M*N*K flops. The inner loop reads B down a column (stride N), so for large N every
// load of B misses the cache: correct and simple, and slow on purpose.
// Throws std::invalid_argument when M, N or K is negative, or when a span's size is not the
// product of its dimensions (the message names the span, its size and the expected shape).
// Error bound: |C_computed - C| <= gamma_K |A| |B| elementwise, gamma_K = K u / (1 - K u)
// (Higham, Accuracy and Stability of Numerical Algorithms, 2nd ed., 3.5; Golub & Van Loan, 1.1).
void matmul_naive(std::span<float> C, std::span<const float> A, std::span<const float> B, int M, int N, int K);

}  // namespace course::linear_algebra
