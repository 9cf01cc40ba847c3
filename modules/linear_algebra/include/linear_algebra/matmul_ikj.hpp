// Matmul ladder, rung 1: the same product as matmul_naive with the two inner loops swapped.
//
// Buffers are flat, contiguous and row-major; outputs first, then inputs, then sizes (llm.c).
// Notes: docs/linear_algebra.md#matmul_ikj.
#pragma once

#include <span>

#include "linear_algebra/matmul_naive.hpp"

namespace course::linear_algebra {

// matmul_ikj: C = A B, row i of C built as a combination of the rows of B.
//
//     C[i, :] = sum_p A[i, p] * B[p, :]
//
// A is (M, K), B is (K, N), C is (M, N). C is overwritten: it may arrive holding anything.
// What changed from matmul_naive: the loop order i, p, j. The innermost loop walks one row of B
// and one row of C with stride 1, so every cache line is used in full and the compiler turns the
// loop into SIMD multiply-adds. Expect several times the naive speed at n = 512.
// Cost: 2*M*N*K flops, the same as every rung. Same errors and error bound as matmul_naive
// (the summation order over p is the same).
void matmul_ikj(std::span<float> C, std::span<const float> A, std::span<const float> B, int M, int N, int K);

}  // namespace course::linear_algebra
