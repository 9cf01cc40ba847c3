// course/cost.hpp: how much work a kernel does, for benchmark counters and napkin math.
//
// A benchmark divides these by time to get a rate (GFLOP/s, GB/s). Counts follow the usual
// conventions: a multiply-add is 2 flops; the factorizations count the leading term only.
#pragma once

namespace course::cost {

// matmul_flops: C = A B with A (M, K), B (K, N): one multiply and one add per (i, j, p).
constexpr double matmul_flops(double M, double N, double K) { return 2.0 * M * N * K; }
// matvec_flops: y = A x with A (M, N).
constexpr double matvec_flops(double M, double N) { return 2.0 * M * N; }
// lu_flops: Gaussian elimination on an n x n matrix, (2/3) n^3 (Golub & Van Loan, 3.2).
constexpr double lu_flops(double n) { return 2.0 / 3.0 * n * n * n; }
// cholesky_flops: (1/3) n^3 (Golub & Van Loan, 4.2).
constexpr double cholesky_flops(double n) { return n * n * n / 3.0; }
// transpose_bytes: every element is read once and written once.
constexpr double transpose_bytes(double rows, double cols, double element_size) {
    return 2.0 * rows * cols * element_size;
}

}  // namespace course::cost
