// Known mistake: matmul_tiled assigns each K tile's partial sum to C (C = ...) instead of adding
// it (C += ...): only the last K tile survives. Right only when K <= tile.
#include "linear_algebra/matmul_tiled.hpp"

#include <algorithm>
#include <cstddef>

#include "course/error.hpp"

namespace course::linear_algebra {
namespace {

void check_shape(const char* name, std::size_t size, const char* dims, int rows, int cols) {
    const std::size_t expected = std::size_t(rows) * std::size_t(cols);
    COURSE_CHECK(size == expected, "matmul_tiled: ", name, " has ", size, " elements, expected ", dims, " = ", rows,
                 " * ", cols, " = ", expected);
}

void check_sizes(std::span<float> C, std::span<const float> A, std::span<const float> B, int M, int N, int K) {
    COURSE_CHECK(M >= 0 && N >= 0 && K >= 0, "matmul_tiled: sizes must be non-negative, got M = ", M, ", N = ", N,
                 ", K = ", K);
    check_shape("A", A.size(), "M * K", M, K);
    check_shape("B", B.size(), "K * N", K, N);
    check_shape("C", C.size(), "M * N", M, N);
}

}  // namespace

void matmul_tiled(std::span<float> C, std::span<const float> A, std::span<const float> B, int M, int N, int K,
                  int tile) {
    check_sizes(C, A, B, M, N, K);
    COURSE_CHECK(tile >= 1, "matmul_tiled: tile = ", tile, ", expected tile >= 1");
    std::fill(C.begin(), C.end(), 0.0f);  // so that K = 0 still gives zeros
    for (int i0 = 0; i0 < M; i0 += tile)
        for (int p0 = 0; p0 < K; p0 += tile)
            for (int j0 = 0; j0 < N; j0 += tile) {
                const int i1 = std::min(i0 + tile, M), p1 = std::min(p0 + tile, K), j1 = std::min(j0 + tile, N);
                for (std::size_t i = std::size_t(i0); i < std::size_t(i1); ++i)
                    for (std::size_t j = std::size_t(j0); j < std::size_t(j1); ++j) {
                        float partial = 0.0f;
                        for (std::size_t p = std::size_t(p0); p < std::size_t(p1); ++p)
                            partial += A[i * K + p] * B[p * N + j];
                        C[i * N + j] = partial;  // the mistake: = instead of +=
                    }
            }
}

}  // namespace course::linear_algebra
