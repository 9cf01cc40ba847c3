// Tests for exercise 15, matmul_tiled, rung 2 of the matmul ladder (modules/linear_algebra/learner/matmul_tiled.cpp).
//
// The checks shared with the other rungs of the matmul ladder are in matmul_checks.hpp: Eigen in
// double on the same float inputs as the oracle, plus a hand-worked 2 x 3 x 4 case; C pre-filled
// with NaN and between sentinel margins; bad input refused after a call on valid input. The tests
// of this file add the tile: every tile size, partial sums over K tiles, a tile below one.
#include "linear_algebra/matmul_tiled.hpp"

#include <gtest/gtest.h>

#include <cstdint>
#include <limits>
#include <span>
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

// tiled_with: matmul_tiled with the tile bound in, the signature of matmul_naive.
RawKernel tiled_with(int tile) {
    return [tile](std::span<float> C, std::span<const float> A, std::span<const float> B, int M, int N, int K) {
        matmul_tiled(C, A, B, M, N, K, tile);
    };
}

// with_tile: the kernel factory for the shared checks; tile_setting: how their messages name it.
matmul_checks::KernelFactory with_tile(int tile) { return matmul_checks::bind_sizes(tiled_with(tile)); }
std::string tile_setting(int tile) { return "tile " + std::to_string(tile); }

// matmul_tiled_kernel: matmul_tiled with the sizes and the tile bound in.
Kernel matmul_tiled_kernel(int M, int N, int K, int tile) { return with_tile(tile)(M, N, K); }

TEST(MatmulTiled, MatchesHandWorkedCase) { matmul_checks::ExpectMatchesHandWorkedCase(with_tile(2), tile_setting(2)); }

TEST(MatmulTiled, MatchesEigenOnOddShapes) {
    matmul_checks::ExpectMatchesEigenOnOddShapes(with_tile(16), tile_setting(16));
}

TEST(MatmulTiled, MatchesEigenAroundPowersOfTwo) {
    matmul_checks::ExpectMatchesEigenAroundPowersOfTwo(with_tile(16), tile_setting(16));
}

TEST(MatmulTiled, MatchesEigenForEveryTileSize) {
    // Tile 1 (every loop is a tile loop), 4 and 16 (edges inside the matrix), 64 (the tile of
    // the benchmark), 1000 (one tile larger than the whole matrix); shapes not multiples of any.
    const int shapes[][3] = {{1, 1, 1}, {7, 13, 5}, {31, 17, 29}, {63, 64, 65}, {65, 63, 64}, {64, 64, 64},
                             {3, 70, 130}};
    std::uint64_t seed = 400;
    for (int tile : {1, 4, 16, 64, 1000})
        for (const auto& [M, N, K] : shapes) {
            EXPECT_TRUE(MatchesEigen(matmul_tiled_kernel(M, N, K, tile), M, N, K, seed))
                << "M x N x K = " << M << " x " << N << " x " << K << ", tile " << tile << ", seed " << seed;
            seed += 2;
        }
}

TEST(MatmulTiled, AddsThePartialSumsOfEveryKTile) {
    // K = 3 tiles of 4: C[i, j] = sum over the three tiles of their partial sums. With A and B all
    // ones every partial sum is 4 and C must be 12 everywhere (exact in float).
    const int M = 5, N = 6, K = 12, tile = 4;
    const std::vector<float> A(size_t(M) * K, 1.0f), B(size_t(K) * N, 1.0f);
    std::vector<float> C(size_t(M) * N, std::numeric_limits<float>::quiet_NaN());
    ASSERT_TRUE(RunGuarded(matmul_tiled_kernel(M, N, K, tile), A, B, C, margin_for(M, N, K)));
    EXPECT_TRUE(AllClose(C, std::vector<float>(size_t(M) * N, 12.0f), {0.0, 0.0}, {M, N}))
        << "M x N x K = 5 x 6 x 12, tile 4, all ones: each K tile adds 4. 4 everywhere means the partial "
           "sums overwrite C (C = ...) instead of adding to it (C += ...)";
}

TEST(MatmulTiled, RefusesATileBelowOne) {
    const std::vector<float> A(6, 1.0f), B(6, 1.0f);
    std::vector<float> C(4, 0.0f);
    matmul_tiled(C, A, B, 2, 2, 3, 2);  // valid
    EXPECT_TRUE(ThrowsInvalidArgument([&] { matmul_tiled(C, A, B, 2, 2, 3, 0); }, {"matmul_tiled", "tile", "0"}));
    EXPECT_TRUE(ThrowsInvalidArgument([&] { matmul_tiled(C, A, B, 2, 2, 3, -4); }, {"matmul_tiled", "tile", "-4"}));
}

TEST(MatmulTiled, OverwritesAStaleC) { matmul_checks::ExpectOverwritesAStaleC(with_tile(4), tile_setting(4)); }

TEST(MatmulTiled, HandlesEmptyShapes) { matmul_checks::ExpectHandlesEmptyShapes(tiled_with(4), tile_setting(4)); }

TEST(MatmulTiled, RefusesBuffersOfTheWrongSize) {
    matmul_checks::ExpectRefusesBuffersOfTheWrongSize("matmul_tiled", tiled_with(4));
}

}  // namespace
}  // namespace course::linear_algebra
