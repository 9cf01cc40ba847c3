// Known mistake: matmul_tiled's tile loops stop at the last full tile (i0 + tile <= M, and so on):
// rows and columns of C past a multiple of tile are never written, and products past a multiple
// of tile in K are never added. Right only when M, N and K are multiples of tile.
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
    std::fill(C.begin(), C.end(), 0.0f);
    // The mistake: `i0 + tile <= M` skips the last, partial tile in each direction.
    for (int i0 = 0; i0 + tile <= M; i0 += tile)
        for (int p0 = 0; p0 + tile <= K; p0 += tile)
            for (int j0 = 0; j0 + tile <= N; j0 += tile)
                for (std::size_t i = std::size_t(i0); i < std::size_t(i0 + tile); ++i)
                    for (std::size_t p = std::size_t(p0); p < std::size_t(p0 + tile); ++p) {
                        const float a = A[i * K + p];
                        for (std::size_t j = std::size_t(j0); j < std::size_t(j0 + tile); ++j)
                            C[i * N + j] += a * B[p * N + j];
                    }
}

}  // namespace course::linear_algebra
