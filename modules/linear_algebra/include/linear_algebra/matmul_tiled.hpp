// Matmul ladder, rung 2: matmul_ikj run tile by tile, so that the data a tile needs stays in
// cache while it is reused.
//
// Buffers are flat, contiguous and row-major; outputs first, then inputs, then sizes (llm.c).
// Notes: docs/linear_algebra.md#matmul_tiled.
#pragma once

#include <span>

namespace course::linear_algebra {

// matmul_tiled: C = A B, computed one (tile x tile) block product at a time.
//
//     C[I, J] = sum_P A[I, P] * B[P, J]      I, J, P: ranges of at most `tile` rows/columns
//
// A is (M, K), B is (K, N), C is (M, N). C is overwritten: it may arrive holding anything.
// The last tile in each direction is smaller when M, N or K is not a multiple of tile.
// What changed from matmul_ikj: ikj streams all of B (4*K*N bytes) from memory once per row of A;
// here a (tile x tile) block of B is loaded once and reused for `tile` rows of A while it is in
// cache. With tile = 64, one block of A, B and C is 3 * 16 KiB, which fits in a 512 KiB L2 cache.
// Cost: 2*M*N*K flops. The partial sums over the K tiles are added in the same order p = 0..K-1,
// so the error bound is matmul_naive's: |C_computed - C| <= gamma_K |A| |B| (Higham, 3.5).
// Throws std::invalid_argument for negative sizes, tile < 1, or a span whose size is not the
// product of its dimensions.
void matmul_tiled(std::span<float> C, std::span<const float> A, std::span<const float> B, int M, int N, int K,
                  int tile);

}  // namespace course::linear_algebra
