// Known mistake: matmul_ikj accumulates into C without zeroing it first. Right only when the
// caller passes a zeroed C.
#include "linear_algebra/matmul_ikj.hpp"

#include <cstddef>

#include "course/buffers.hpp"
#include "course/error.hpp"

namespace course::linear_algebra {
namespace {

void check_sizes(std::span<float> C, std::span<const float> A, std::span<const float> B, int M, int N, int K) {
    COURSE_CHECK(M >= 0 && N >= 0 && K >= 0, "matmul_ikj: sizes must be non-negative, got M = ", M, ", N = ", N,
                 ", K = ", K);
    course::check_matrix_size("matmul_ikj", "A", A.size(), "M * K", M, K);
    course::check_matrix_size("matmul_ikj", "B", B.size(), "K * N", K, N);
    course::check_matrix_size("matmul_ikj", "C", C.size(), "M * N", M, N);
}

}  // namespace

void matmul_ikj(std::span<float> C, std::span<const float> A, std::span<const float> B, int M, int N, int K) {
    check_sizes(C, A, B, M, N, K);
    for (std::size_t i = 0; i < std::size_t(M); ++i)
        for (std::size_t p = 0; p < std::size_t(K); ++p) {
            const float a = A[i * K + p];
            // The mistake: C is never zeroed, so this adds to whatever the caller left in it.
            for (std::size_t j = 0; j < std::size_t(N); ++j) C[i * N + j] += a * B[p * N + j];
        }
}

}  // namespace course::linear_algebra
