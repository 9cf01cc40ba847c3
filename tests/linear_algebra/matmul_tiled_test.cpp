// Tests for exercise 15, matmul_tiled, rung 2 of the matmul ladder (modules/linear_algebra/learner/matmul_tiled.cpp).
//
// The checks shared with the other rungs of the matmul ladder are in matmul_checks.hpp: Eigen in
// double on the same float inputs as the oracle, plus a hand-worked 2 x 3 x 4 case; C pre-filled
// with NaN and between sentinel margins; bad input refused after a call on valid input. The tests
// of this file add the tile of B that is copied: every tile size and shape, partial sums over K
// tiles, each tile copied from its own rows and columns of B, tile sizes below one.
#include "linear_algebra/matmul_tiled.hpp"

#include <gtest/gtest.h>

#include <array>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <numeric>
#include <span>
#include <sstream>
#include <string>
#include <vector>

#include "course/testing.hpp"
#include "matmul_checks.hpp"

namespace course::linear_algebra {
namespace {

using course::testing::AllClose;
using course::testing::ThrowsInvalidArgument;
using matmul_checks::Kernel;
using matmul_checks::margin_for;
using matmul_checks::MatchesEigen;
using matmul_checks::RawKernel;
using matmul_checks::RunGuarded;

// tiled_with: matmul_tiled with the tile sizes bound in, the signature of matmul_naive.
RawKernel tiled_with(TileSizes tiles) {
    return [tiles](std::span<float> C, std::span<const float> A, std::span<const float> B, int M, int N, int K) {
        matmul_tiled(C, A, B, M, N, K, tiles);
    };
}

// with_tiles: the kernel factory for the shared checks; tile_setting: how their messages name it.
matmul_checks::KernelFactory with_tiles(TileSizes tiles) { return matmul_checks::bind_sizes(tiled_with(tiles)); }
std::string tile_setting(TileSizes tiles) {
    return "tiles kc x nc = " + std::to_string(tiles.kc) + " x " + std::to_string(tiles.nc);
}

// matmul_tiled_kernel: matmul_tiled with the sizes and the tile sizes bound in.
Kernel matmul_tiled_kernel(int M, int N, int K, TileSizes tiles) { return with_tiles(tiles)(M, N, K); }

// The shared checks run with kc != nc, so that using one where the other belongs shows up.
TEST(MatmulTiled, MatchesHandWorkedCase) {
    matmul_checks::ExpectMatchesHandWorkedCase(with_tiles({2, 3}), tile_setting({2, 3}));
}

TEST(MatmulTiled, MatchesEigenOnOddShapes) {
    matmul_checks::ExpectMatchesEigenOnOddShapes(with_tiles({16, 8}), tile_setting({16, 8}));
}

TEST(MatmulTiled, MatchesEigenAroundPowersOfTwo) {
    matmul_checks::ExpectMatchesEigenAroundPowersOfTwo(with_tiles({16, 32}), tile_setting({16, 32}));
}

TEST(MatmulTiled, MatchesEigenForEveryTileSize) {
    // 1 x 1 (one element of B per copy); 4 x 4, 16 x 16, 64 x 64 and the rectangles 4 x 16 and
    // 16 x 4 (short edge tiles inside the matrix, kc != nc); the default (the benchmark's); 1000 x
    // 1000 (one tile larger than the whole of B). Shapes not multiples of any, and two wider and
    // deeper than the default tile so that it has edges too.
    const TileSizes d = default_tile_sizes();
    const int shapes[][3] = {{1, 1, 1},    {7, 13, 5},   {31, 17, 29}, {63, 64, 65},
                             {65, 63, 64}, {64, 64, 64}, {3, 70, 130}, {5, d.nc + 3, 2 * d.kc + 1},
                             {9, 2 * d.nc + 5, d.kc - 1}};
    const TileSizes tile_sizes[] = {{1, 1}, {4, 4}, {16, 16}, {64, 64}, {4, 16}, {16, 4}, d, {1000, 1000}};
    std::uint64_t seed = 400;
    for (const TileSizes tiles : tile_sizes)
        for (const auto& [M, N, K] : shapes) {
            EXPECT_TRUE(MatchesEigen(matmul_tiled_kernel(M, N, K, tiles), M, N, K, seed))
                << "M x N x K = " << M << " x " << N << " x " << K << ", " << tile_setting(tiles) << ", seed "
                << seed;
            seed += 2;
        }
}

TEST(MatmulTiled, AddsThePartialSumsOfEveryKTile) {
    // K = 3 tiles of kc = 4: C[i, j] = sum over the three tiles of their partial sums. With A and
    // B all ones every partial sum is 4 and C must be 12 everywhere (exact in float).
    const int M = 5, N = 6, K = 12;
    const TileSizes tiles = {4, 4};
    const std::vector<float> A(size_t(M) * K, 1.0f), B(size_t(K) * N, 1.0f);
    std::vector<float> C(size_t(M) * N, std::numeric_limits<float>::quiet_NaN());
    ASSERT_TRUE(RunGuarded(matmul_tiled_kernel(M, N, K, tiles), A, B, C, margin_for(M, N, K)));
    EXPECT_TRUE(AllClose(C, std::vector<float>(size_t(M) * N, 12.0f), {0.0, 0.0}, {M, N}))
        << "M x N x K = 5 x 6 x 12, tiles kc x nc = 4 x 4, all ones: each K tile adds 4. 4 everywhere means "
           "each K tile overwrites C (C = ..., or C zeroed again before every tile) instead of adding to it "
           "(C += ...): zero C once, before the loops over tiles";
}

// position_code: B[p, j] = p * N + j + 1, a matrix whose every element says where it came from
// (exact in float while K * N < 2^24).
std::vector<float> position_code(int K, int N) {
    std::vector<float> B(size_t(K) * N);
    std::iota(B.begin(), B.end(), 1.0f);
    return B;
}

// where_from: for the first element of C that is not B[i, j], which element of B it holds instead
// (C is M x N with M = K here, the shape of B).
std::string where_from(const std::vector<float>& C, int M, int N) {
    for (int i = 0; i < M; ++i)
        for (int j = 0; j < N; ++j) {
            const float got = C[size_t(i) * N + j], want = float(size_t(i) * N + j + 1);
            if (got == want) continue;
            std::ostringstream out;
            out << "C[" << i << ", " << j << "] = " << got << ", ";
            const double k = double(got) - 1.0;
            if (!(std::isfinite(got) && k >= 0 && k < double(M) * N && k == std::floor(k))) {
                out << "which is no element of B, where B[" << i << ", " << j << "] belongs";
                return out.str();
            }
            const int r = int(k) / N, c = int(k) % N;
            out << "which is B[" << r << ", " << c << "], where B[" << i << ", " << j << "] belongs";
            if (c == j)
                out << " (right column, wrong row: is the tile copied again for every p0, or once and reused?)";
            else
                out << " (wrong column: does the copy step from one row of B to the next by N?)";
            return out.str();
        }
    return "C = B";
}

TEST(MatmulTiled, CopiesEveryTileOfBFromItsOwnRowsAndColumns) {
    // A = I (M = K) makes C = B exactly: each C[i, j] is 1 * B[i, j] plus zeros. B[p, j] holds
    // p * N + j + 1, so a wrong element of C names the element of B that was copied instead.
    // Shapes: several tiles across and down, N and K not multiples of the tile, N != K, kc != nc.
    const int shapes[][4] = {{11, 13, 4, 4}, {9, 20, 8, 8}, {20, 9, 8, 8}, {17, 40, 16, 16}, {11, 13, 3, 5},
                             {13, 11, 5, 3}};
    for (const auto& [K, N, kc, nc] : shapes) {
        const TileSizes tiles = {kc, nc};
        const int M = K;
        std::vector<float> A(size_t(M) * K, 0.0f);
        for (int i = 0; i < M; ++i) A[size_t(i) * K + i] = 1.0f;
        const std::vector<float> B = position_code(K, N);
        std::vector<float> C(size_t(M) * N, std::numeric_limits<float>::quiet_NaN());
        ASSERT_TRUE(RunGuarded(matmul_tiled_kernel(M, N, K, tiles), A, B, C, margin_for(M, N, K)));
        EXPECT_TRUE(AllClose(C, B, {0.0, 0.0}, {M, N}))
            << "M x N x K = " << M << " x " << N << " x " << K << ", " << tile_setting(tiles)
            << ", A = identity, so C must equal B; " << where_from(C, M, N)
            << ". Each (p0, j0) tile must be a fresh copy of B[p0 + p, j0 + j] = B[(p0 + p) * N + j0 + j]: "
               "the rows of B are N floats apart, not nc or nb";
    }
}

TEST(MatmulTiled, RefusesTileSizesBelowOne) {
    const std::vector<float> A(6, 1.0f), B(6, 1.0f);
    std::vector<float> C(4, 0.0f);
    matmul_tiled(C, A, B, 2, 2, 3, {2, 2});  // valid: A and B all ones, K = 3
    EXPECT_TRUE(AllClose(C, std::vector<float>(4, 3.0f), {0.0, 0.0})) << course::testing::kValidCallFirst;
    EXPECT_TRUE(ThrowsInvalidArgument([&] { matmul_tiled(C, A, B, 2, 2, 3, {0, 2}); }, {"matmul_tiled", "kc", "0"}));
    EXPECT_TRUE(
        ThrowsInvalidArgument([&] { matmul_tiled(C, A, B, 2, 2, 3, {2, -4}); }, {"matmul_tiled", "nc", "-4"}));
}

TEST(MatmulTiled, OverwritesAStaleC) {
    matmul_checks::ExpectOverwritesAStaleC(with_tiles({4, 4}), tile_setting({4, 4}));
}

TEST(MatmulTiled, HandlesEmptyShapes) {
    matmul_checks::ExpectHandlesEmptyShapes(tiled_with({4, 4}), tile_setting({4, 4}));
}

TEST(MatmulTiled, RefusesBuffersOfTheWrongSize) {
    matmul_checks::ExpectRefusesBuffersOfTheWrongSize("matmul_tiled", tiled_with({4, 4}));
}

TEST(MatmulTiled, MatchesEigenAtExtremeScales) {
    matmul_checks::ExpectMatchesEigenAtExtremeScales(with_tiles({4, 16}), tile_setting({4, 16}));
}

TEST(MatmulTiled, HandlesTileSizesUpToIntMax) {
    // A tile larger than B is clipped to B: the copy never needs more than K * N floats, and tile
    // ends such as p0 + kc stay in int range. Unclipped, a tile of INT_MAX x INT_MAX floats is 16
    // EiB (and kc * nc overflows an int); INT_MAX by 1 is 8 GiB, twice the test's memory limit.
    const int max = std::numeric_limits<int>::max();
    const TileSizes tile_sizes[] = {{max, max}, {max, 1}, {1, max}, {max / 2 + 1, 3}};
    std::uint64_t seed = 470;
    for (const TileSizes tiles : tile_sizes)
        for (const auto& [M, N, K] : {std::array{7, 13, 5}, std::array{1, 1, 1}, std::array{5, 40, 70}}) {
            EXPECT_TRUE(MatchesEigen(matmul_tiled_kernel(M, N, K, tiles), M, N, K, seed))
                << "M x N x K = " << M << " x " << N << " x " << K << ", " << tile_setting(tiles) << ", seed " << seed
                << ": clip the tile to B, kb = min(kc, K - p0) and nb = min(nc, N - j0), before allocating it";
            seed += 2;
        }
}

TEST(MatmulTiled, RefusesEachTileSizeBelowOne) {
    const std::vector<float> A(6, 1.0f), B(6, 1.0f);
    std::vector<float> C(4, std::numeric_limits<float>::quiet_NaN());
    matmul_tiled(C, A, B, 2, 2, 3, {2, 2});
    EXPECT_TRUE(AllClose(C, std::vector<float>(4, 3.0f), {0.0, 0.0})) << course::testing::kValidCallFirst;
    // 0, -1 and the most negative int, for each of kc and nc (the other valid).
    for (const int bad : {0, -1, std::numeric_limits<int>::min()}) {
        EXPECT_TRUE(ThrowsInvalidArgument([&] { matmul_tiled(C, A, B, 2, 2, 3, {bad, 2}); },
                                          {"matmul_tiled", "kc = " + std::to_string(bad)}));
        EXPECT_TRUE(ThrowsInvalidArgument([&] { matmul_tiled(C, A, B, 2, 2, 3, {2, bad}); },
                                          {"matmul_tiled", "nc = " + std::to_string(bad)}));
    }
}

TEST(MatmulTiled, RefusesEachNegativeSize) {
    matmul_checks::ExpectRefusesEachNegativeSize("matmul_tiled", tiled_with({4, 4}));
}

TEST(MatmulTiled, ReadsNothingPastTheEndOfAOrB) { matmul_checks::ExpectReadsNothingPastTheEndOfAOrB(with_tiles({4, 16}), tile_setting({4, 16})); }

}  // namespace
}  // namespace course::linear_algebra
