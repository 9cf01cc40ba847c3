// Known mistake: matmul_tiled copies the tile of B stepping from row p to row p + 1 by the tile
// width nb instead of B's row stride N: B[(p0 + p) * nb + j0 + j] instead of B[(p0 + p) * N + j0 + j].
// Right only when one tile spans all of B's columns (N <= nc, so nb = N).
#include "linear_algebra/matmul_tiled.hpp"

#include <algorithm>
#include <cstddef>

#include "course/buffers.hpp"
#include "course/error.hpp"

namespace course::linear_algebra {

void matmul_tiled(std::span<float> C, std::span<const float> A, std::span<const float> B, int M, int N, int K,
                  TileSizes tiles) {
    COURSE_CHECK(M >= 0 && N >= 0 && K >= 0, "matmul_tiled: sizes must be non-negative, got M = ", M, ", N = ", N,
                 ", K = ", K);
    COURSE_CHECK(tiles.kc >= 1 && tiles.nc >= 1, "matmul_tiled: tile sizes must be at least 1, got kc = ", tiles.kc,
                 ", nc = ", tiles.nc);
    check_matrix_size("matmul_tiled", "A", A.size(), "M * K", M, K);
    check_matrix_size("matmul_tiled", "B", B.size(), "K * N", K, N);
    check_matrix_size("matmul_tiled", "C", C.size(), "M * N", M, N);
    std::fill(C.begin(), C.end(), 0.0f);
    if (M == 0 || N == 0 || K == 0) return;
    const int kc = std::min(tiles.kc, K), nc = std::min(tiles.nc, N);
    AlignedFloats Btile(std::size_t(kc) * nc);
    for (int j0 = 0; j0 < N; j0 += nc) {
        const int nb = std::min(nc, N - j0);
        for (int p0 = 0; p0 < K; p0 += kc) {
            const int kb = std::min(kc, K - p0);
            for (std::size_t p = 0; p < std::size_t(kb); ++p) {
                const float* b_row = B.data() + (std::size_t(p0) + p) * nb + j0;  // the mistake: * nb, not * N
                std::copy_n(b_row, nb, Btile.data() + p * nb);
            }
            for (std::size_t i = 0; i < std::size_t(M); ++i)
                for (std::size_t p = 0; p < std::size_t(kb); ++p) {
                    const float a = A[i * K + p0 + p];
                    for (std::size_t j = 0; j < std::size_t(nb); ++j) C[i * N + j0 + j] += a * Btile.data()[p * nb + j];
                }
        }
    }
}

}  // namespace course::linear_algebra
