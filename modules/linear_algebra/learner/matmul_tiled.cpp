// Exercise 15: matmul ladder, rung 2: copy a tile of B, reuse it from cache.
// Contract: include/linear_algebra/matmul_tiled.hpp
// Notes: docs/linear_algebra.md#matmul_tiled.  Hints: ./course hint linear_algebra matmul_tiled
// Grade it:  ./course grade linear_algebra matmul_tiled
// Measure it:  ./course bench linear_algebra 'BM_Matmul/(ikj|tiled)/'
#include "linear_algebra/matmul_tiled.hpp"

#include <algorithm>
#include <cstddef>

#include "course/buffers.hpp"
#include "course/error.hpp"

namespace course::linear_algebra {

void matmul_tiled(std::span<float> C, std::span<const float> A, std::span<const float> B, int M, int N, int K,
                  TileSizes tiles) {
    check_matmul_tiled_arguments(C.size(), A.size(), B.size(), M, N, K, tiles);
    // C is (M, N), A is (M, K), B is (K, N), all row-major. For each tile of B, tiles.kc rows by
    // tiles.nc columns (j0 outer in steps of nc, p0 inner in steps of kc):
    //     Btile[p, j] = B[p0 + p, j0 + j]                          copy it, row stride nb
    //     C[i, j0 + j] += sum_p A[i, p0 + p] * Btile[p, j]        for every row i of A
    // TODO(learner): zero C once; allocate one buffer of min(kc, K) * min(nc, N) floats
    // (AlignedFloats) before the loops; then copy each tile and run the ikj loops against it.
    // Hint: the last tile is short: kb = std::min(kc, K - p0), nb = std::min(nc, N - j0). Row
    // p0 + p of B starts at B[(p0 + p) * N + j0]: N floats after the row before, not nb.
    COURSE_TODO("matmul_tiled");
}

}  // namespace course::linear_algebra
