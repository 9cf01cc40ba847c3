// Known mistake: matmul_naive reads B[p, j] as B[p * K + j], with A's row length as B's stride.
// Right only when N == K; otherwise it mixes up rows of B (and reads past its end when K > N).
#include "linear_algebra/matmul_naive.hpp"

#include <cstddef>

#include "course/buffers.hpp"
#include "course/error.hpp"

namespace course::linear_algebra {
namespace {

void check_sizes(std::span<float> C, std::span<const float> A, std::span<const float> B, int M, int N, int K) {
    COURSE_CHECK(M >= 0 && N >= 0 && K >= 0, "matmul_naive: sizes must be non-negative, got M = ", M, ", N = ", N,
                 ", K = ", K);
    course::check_matrix_size("matmul_naive", "A", A.size(), "M * K", M, K);
    course::check_matrix_size("matmul_naive", "B", B.size(), "K * N", K, N);
    course::check_matrix_size("matmul_naive", "C", C.size(), "M * N", M, N);
}

}  // namespace

void matmul_naive(std::span<float> C, std::span<const float> A, std::span<const float> B, int M, int N, int K) {
    check_sizes(C, A, B, M, N, K);
    for (std::size_t i = 0; i < std::size_t(M); ++i)
        for (std::size_t j = 0; j < std::size_t(N); ++j) {
            float sum = 0.0f;
            for (std::size_t p = 0; p < std::size_t(K); ++p)
                sum += A[i * K + p] * B[p * K + j];  // the mistake: B's stride is N, not K
            C[i * N + j] = sum;
        }
}

}  // namespace course::linear_algebra
