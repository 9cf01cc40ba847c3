// Matmul ladder, rung 2: matmul_ikj against a tile of B copied into a small contiguous buffer, so
// that the tile stays in cache while every row of A reuses it. A first taste of packing (rung 4).
//
// Buffers are flat, contiguous and row-major; outputs first, then inputs, then sizes (llm.c).
// Notes: docs/linear_algebra.md#matmul_tiled.
#pragma once

#include <cstddef>
#include <span>

#include "course/error.hpp"
#include "linear_algebra/matmul_naive.hpp"

namespace course::linear_algebra {

// TileSizes: the tile of B that matmul_tiled copies and reuses, kc rows (a range of K) by nc
// columns (a range of N); its copy takes kc * nc * 4 bytes.
struct TileSizes {
    int kc;
    int nc;
};

// default_tile_sizes: kc = 128 by nc = 256, a 128 KiB tile: a quarter of a 512 KiB L2, leaving
// room for the rows of A and C passing through, and rows of 256 floats (32 AVX2 vectors) for the
// inner loop. Chosen by measurement on the course's machine (one core, square n = 256 .. 2048;
// three interleaved runs): against 256 x 256, the best square, it was 10-27% faster at n = 256
// (where a 256 x 256 tile is all of B and crowds L2) and 3-16% at n = 512, level at n = 1024, and
// 2-23% slower at n = 2048 (a smaller kc means more passes over C); 64 x 256, 128 x 128 and
// 192 x 192 were slower at most n.
constexpr TileSizes default_tile_sizes() { return {128, 256}; }

// check_matmul_tiled_arguments: matmul_tiled's argument checks (not its lesson): the sizes, the
// tile, then the spans (check_matmul_sizes and check_matmul_spans, matmul_naive.hpp).
inline void check_matmul_tiled_arguments(std::size_t C_size, std::size_t A_size, std::size_t B_size, int M, int N,
                                         int K, TileSizes tiles) {
    check_matmul_sizes("matmul_tiled", M, N, K);
    COURSE_CHECK(tiles.kc >= 1 && tiles.nc >= 1, "matmul_tiled: tile sizes must be at least 1, got kc = ", tiles.kc,
                 ", nc = ", tiles.nc);
    check_matmul_spans("matmul_tiled", C_size, A_size, B_size, M, N, K);
}

// matmul_tiled: C = A B, one tile of B at a time, each copied into a contiguous buffer first.
//
//     Btile = B[P, J]                        P: kc rows of K, J: nc columns of N
//     C[:, J] += A[:, P] * Btile             for every tile (P, J), j0 outer, p0 inner
//
// A is (M, K), B is (K, N), C is (M, N). C is overwritten: it may arrive holding anything, but it
// must not overlap A or B. Btile is (kb x nb), kb = min(kc, K - p0) rows by nb = min(nc, N - j0)
// columns, its rows stored nb floats apart; the last tile in each direction is short when kc
// does not divide K or nc does not divide N.
// What changed from matmul_ikj: ikj streams all of B, 4*K*N bytes, past every row of A: once B
// outgrows L2 (N = 512: 1 MiB), from L3 or DRAM. Here every row of A meets the same (kb x nb)
// tile before the next tile is loaded, so the tile is read from L2 M times for one read of B.
// And the tile is contiguous: the rows of a tile of B in place are 4*N bytes apart (4 KiB at
// N = 1024), which puts them all in the same few cache sets, where they evict each other; the
// copy's rows are nb floats apart and fill the cache evenly. Last, the tile is this call's own
// buffer, so the code can promise the compiler (__restrict) that stores to C never change it,
// which lets the compiler keep a few elements of C in a register for two multiply-adds.
// Cost: 2*M*N*K flops, plus K*N copies (each element of B is copied once) and M*N*ceil(K/kc)
// loads and stores of C (one pass over the column block of C per K tile). For each C[i, j] the
// products are added in the order p = 0 .. K-1, as in matmul_naive, so the error bound is the
// same: |C_computed - C| <= gamma_K |A| |B| (Higham, 3.5).
// Throws std::invalid_argument for negative sizes, kc < 1 or nc < 1, or a span whose size is not
// the product of its dimensions.
void matmul_tiled(std::span<float> C, std::span<const float> A, std::span<const float> B, int M, int N, int K,
                  TileSizes tiles = default_tile_sizes());

}  // namespace course::linear_algebra
