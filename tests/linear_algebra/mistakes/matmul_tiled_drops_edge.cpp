// Known mistake: matmul_tiled's tile loops stop at the last full tile (j0 + nc <= N and
// p0 + kc <= K): columns of C past a multiple of nc are never written, and the products past a
// multiple of kc in K are never added. Right only when nc divides N and kc divides K (or the
// tile is larger than B).
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
    const int kc = std::min(tiles.kc, std::max(K, 1)), nc = std::min(tiles.nc, std::max(N, 1));
    AlignedFloats Btile(std::size_t(kc) * nc);
    // The mistake: `j0 + nc <= N` and `p0 + kc <= K` skip the last, short tile in each direction.
    for (int j0 = 0; j0 + nc <= N; j0 += nc)
        for (int p0 = 0; p0 + kc <= K; p0 += kc) {
            for (std::size_t p = 0; p < std::size_t(kc); ++p)
                std::copy_n(B.data() + (std::size_t(p0) + p) * N + j0, nc, Btile.data() + p * nc);
            for (std::size_t i = 0; i < std::size_t(M); ++i)
                for (std::size_t p = 0; p < std::size_t(kc); ++p) {
                    const float a = A[i * K + p0 + p];
                    for (std::size_t j = 0; j < std::size_t(nc); ++j) C[i * N + j0 + j] += a * Btile.data()[p * nc + j];
                }
        }
}

}  // namespace course::linear_algebra
