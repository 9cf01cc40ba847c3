// Dense matrix multiply, the naive triple loop: the oracle that every rung of the matmul ladder
// (matmul_ikj, matmul_tiled, and later packed, SIMD and OpenMP variants) is compared against.
//
// Buffers are flat, contiguous and row-major; outputs first, then inputs, then sizes (llm.c).
// Notes: docs/linear_algebra.md#matmul_naive.
#pragma once

#include <cstddef>
#include <span>
#include <string_view>

#include "course/buffers.hpp"
#include "course/error.hpp"

namespace course::linear_algebra {

// check_matmul_sizes: M, N and K are non-negative, the first check of every rung of the matmul
// ladder (not its lesson).
inline void check_matmul_sizes(std::string_view function, int M, int N, int K) {
    COURSE_CHECK(M >= 0 && N >= 0 && K >= 0, function, ": sizes must be non-negative, got M = ", M, ", N = ", N,
                 ", K = ", K);
}

// check_matmul_spans: A holds M * K elements, B K * N and C M * N (check_matrix_size, buffers.hpp).
inline void check_matmul_spans(std::string_view function, std::size_t C_size, std::size_t A_size, std::size_t B_size,
                               int M, int N, int K) {
    check_matrix_size(function, "A", A_size, "M * K", M, K);
    check_matrix_size(function, "B", B_size, "K * N", K, N);
    check_matrix_size(function, "C", C_size, "M * N", M, N);
}

// check_matmul_shapes: check_matmul_sizes, then check_matmul_spans: the shape checks of C = A B
// that every rung of the matmul ladder shares (not its lesson).
inline void check_matmul_shapes(std::string_view function, std::size_t C_size, std::size_t A_size, std::size_t B_size,
                                int M, int N, int K) {
    check_matmul_sizes(function, M, N, K);
    check_matmul_spans(function, C_size, A_size, B_size, M, N, K);
}

// matmul_naive: C = A B, one dot product per element of C.
//
//     C[i, j] = sum_p A[i, p] * B[p, j]
//
// A is (M, K), B is (K, N), C is (M, N). C is overwritten: it may arrive holding anything, NaN
// included; it must not overlap A or B (true of every rung). K = 0 makes C all zeros; M = 0 or
// N = 0 does nothing. Homogeneous, (a A)(b B) = ab AB: right at any scale where C is a float.
// Cost: 2*M*N*K flops. The inner loop reads B down a column (stride N), so for large N every
// load of B misses the cache: correct and simple, and slow on purpose.
// Throws std::invalid_argument when M, N or K is negative, or when a span's size is not the
// product of its dimensions (the message names the span, its size and the expected shape).
// Error bound: |C_computed - C| <= gamma_K |A| |B| elementwise, gamma_K = K u / (1 - K u)
// (Higham, Accuracy and Stability of Numerical Algorithms, 2nd ed., 3.5; Golub & Van Loan, 1.1).
void matmul_naive(std::span<float> C, std::span<const float> A, std::span<const float> B, int M, int N, int K);

}  // namespace course::linear_algebra
