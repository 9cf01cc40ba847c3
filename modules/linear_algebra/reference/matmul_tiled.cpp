// Reference solution: matmul ladder rung 2, a tile of B copied into a contiguous buffer and reused.
// Contract: include/linear_algebra/matmul_tiled.hpp
#include "linear_algebra/matmul_tiled.hpp"

#include <algorithm>
#include <cstddef>

#include "course/buffers.hpp"
#include "course/error.hpp"

namespace course::linear_algebra {
namespace {

// copy_b_tile: Btile (kb, nb) = B[p0 : p0+kb, j0 : j0+nb], its rows stored nb floats apart.
// B is (K, N) row-major: row p0 + p of the tile starts at B[(p0 + p) * N + j0], N floats after
// the row before it, which is why the rows of a tile taken in place share cache sets.
void copy_b_tile(float* Btile, const float* B, int N, int p0, int j0, int kb, int nb) {
    for (std::size_t p = 0; p < std::size_t(kb); ++p) {
        const float* b_row = B + (std::size_t(p0) + p) * N + j0;  // B[p0 + p, j0 : j0+nb]
        std::copy(b_row, b_row + nb, Btile + p * nb);
    }
}

// add_tile_product: C[:, j0 : j0+nb] += A[:, p0 : p0+kb] * Btile for all M rows, the ikj loops
// with B replaced by the copied tile. C is (M, N), A is (M, K), Btile is (kb, nb), row-major.
// __restrict promises the compiler that the three do not overlap: true of Btile by construction
// (it is this call's own buffer), and required of A and C by the contract. Knowing that a store
// to C[i, j] cannot change Btile, GCC at -O3 unrolls the p loop by two and keeps C[i, j .. j+7] in
// a register for two multiply-adds ("unroll and jam"): one load and store of C per two FMAs,
// about 1.5x faster on the course's machine. Without the promise it reloads C for every FMA.
void add_tile_product(float* __restrict C, const float* __restrict A, const float* __restrict Btile, int M, int N,
                      int K, int p0, int j0, int kb, int nb) {
    for (std::size_t i = 0; i < std::size_t(M); ++i) {
        float* c_row = C + i * N + j0;              // C[i, j0 : j0+nb], added to: never zeroed here
        const float* a_row = A + i * K + p0;        // A[i, p0 : p0+kb]
        for (std::size_t p = 0; p < std::size_t(kb); ++p) {
            const float a = a_row[p];
            const float* b_row = Btile + p * nb;    // Btile[p, :], contiguous and hot in cache
            // Stride 1 through the tile and C[i, j0 : j0+nb]: SIMD multiply-adds, as in ikj.
            for (std::size_t j = 0; j < std::size_t(nb); ++j) c_row[j] += a * b_row[j];
        }
    }
}

}  // namespace

void matmul_tiled(std::span<float> C, std::span<const float> A, std::span<const float> B, int M, int N, int K,
                  TileSizes tiles) {
    check_matmul_tiled_arguments(C.size(), A.size(), B.size(), M, N, K, tiles);
    // C is (M, N), A is (M, K), B is (K, N). Every K tile adds its partial sum into C: C starts at 0.
    std::fill(C.begin(), C.end(), 0.0f);
    if (M == 0 || N == 0 || K == 0) return;
    // The tile of B is (kc x nc); clipped to B, so that a tile larger than B costs no more memory
    // than B, and so that j0 + nc and p0 + kc cannot overflow an int. One buffer for the whole call.
    const int kc = std::min(tiles.kc, K), nc = std::min(tiles.nc, N);
    AlignedFloats Btile(std::size_t(kc) * nc);
    // j0 outside p0: the column block C[:, j0 : j0+nc] gets all its K tiles one after the other,
    // while it is still warm in L2/L3. Each C[i, j] adds p = 0 .. K-1 in order, as in matmul_naive.
    for (int j0 = 0; j0 < N; j0 += nc) {
        const int nb = std::min(nc, N - j0);  // the last column block is short when nc does not divide N
        for (int p0 = 0; p0 < K; p0 += kc) {
            const int kb = std::min(kc, K - p0);
            copy_b_tile(Btile.data(), B.data(), N, p0, j0, kb, nb);  // a new tile for every (p0, j0)
            add_tile_product(C.data(), A.data(), Btile.data(), M, N, K, p0, j0, kb, nb);
        }
    }
}

}  // namespace course::linear_algebra
