// Tests for exercise 17, matmul_packed, rung 4 of the matmul ladder
// (modules/linear_algebra/learner/matmul_packed.cpp).
//
// pack_a and pack_b are checked element by element against their definitions (written out here,
// independently), with the packed buffer pre-filled with NaN so that a missing padding zero shows.
// matmul_macrokernel runs on panels packed by those definitions, not by the learner's packing.
// matmul_packed runs the ladder's shared checks (matmul_checks.hpp: Eigen in double as the
// oracle, guarded buffers, odd shapes, 63/64/65) with the default blocks and with tiny blocks,
// which put several jc, pc and ic blocks and edge tiles into every small product.
#include "linear_algebra/matmul_packed.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <span>
#include <string>
#include <vector>

#include "course/random.hpp"
#include "course/testing.hpp"
#include "matmul_checks.hpp"
#include "packed_work.hpp"

namespace course::linear_algebra {
namespace {

using course::testing::AllClose;
using course::testing::ThrowsInvalidArgument;

constexpr float kNaN = std::numeric_limits<float>::quiet_NaN();

// Tiny blocks: 2 micro-panels of A per block, depth 5, 2 micro-panels of B per panel. A 65 x 65 x 65
// product then has 6 ic blocks, 13 pc blocks and 3 jc panels, most with edges.
constexpr BlockSizes kTinyBlocks{2 * kMR, 5, 2 * kNR};

// ceil_to: n rounded up to a multiple of step.
std::size_t ceil_to(int n, int step) { return std::size_t((n + step - 1) / step) * step; }

// packed_a_by_definition / packed_b_by_definition: the formulas of the contract, written out.
std::vector<float> packed_a_by_definition(const std::vector<float>& A, int lda, int mc, int kc) {
    std::vector<float> packed(ceil_to(mc, kMR) * kc);
    for (std::size_t r = 0; r < ceil_to(mc, kMR) / kMR; ++r)
        for (int p = 0; p < kc; ++p)
            for (int i = 0; i < kMR; ++i) {
                const std::size_t row = r * kMR + i;
                packed[(r * kc + p) * kMR + i] = row < std::size_t(mc) ? A[row * lda + p] : 0.0f;
            }
    return packed;
}

std::vector<float> packed_b_by_definition(const std::vector<float>& B, int ldb, int kc, int nc) {
    std::vector<float> packed(ceil_to(nc, kNR) * kc);
    for (std::size_t s = 0; s < ceil_to(nc, kNR) / kNR; ++s)
        for (int p = 0; p < kc; ++p)
            for (int j = 0; j < kNR; ++j) {
                const std::size_t col = s * kNR + j;
                packed[(s * kc + p) * kNR + j] = col < std::size_t(nc) ? B[std::size_t(p) * ldb + col] : 0.0f;
            }
    return packed;
}

// packed_with: matmul_packed with the blocks bound in, for the shared checks.
matmul_checks::RawKernel packed_with(BlockSizes blocks) {
    return [blocks](std::span<float> C, std::span<const float> A, std::span<const float> B, int M, int N, int K) {
        matmul_packed(C, A, B, M, N, K, blocks);
    };
}
std::string blocks_setting(BlockSizes b) {
    return "blocks mc = " + std::to_string(b.mc) + ", kc = " + std::to_string(b.kc) + ", nc = " + std::to_string(b.nc);
}

TEST(PackedSizes, RoundUpToWholeMicroPanels) {
    EXPECT_EQ(packed_a_size(1, 3), std::size_t(kMR) * 3) << "1 row of A still takes one whole micro-panel of kMR rows";
    EXPECT_EQ(packed_a_size(kMR, 4), std::size_t(kMR) * 4);
    EXPECT_EQ(packed_a_size(kMR + 1, 4), std::size_t(2 * kMR) * 4) << "kMR + 1 rows take two micro-panels";
    EXPECT_EQ(packed_b_size(3, 1), std::size_t(kNR) * 3) << "1 column of B still takes one micro-panel of kNR columns";
    EXPECT_EQ(packed_b_size(4, kNR + 1), std::size_t(2 * kNR) * 4) << "kNR + 1 columns take two micro-panels";
    EXPECT_EQ(packed_a_size(0, 5), 0u);
    EXPECT_EQ(packed_b_size(5, 0), 0u);
}

TEST(PackA, MatchesTheDefinitionWithZeroPadding) {
    // A block of mc x kc inside a wider matrix (lda = kc + 3), for mc below, at and above kMR.
    std::uint64_t seed = 800;
    for (int mc : {1, kMR - 1, kMR, kMR + 1, 2 * kMR + 1})
        for (int kc : {1, 3, 8}) {
            const int lda = kc + 3;
            const std::vector<float> A = random_floats(std::size_t(mc) * lda, seed++);
            std::vector<float> packed(ceil_to(mc, kMR) * kc + 7, kNaN);
            pack_a(packed, A, lda, mc, kc);
            ASSERT_TRUE(std::all_of(packed.end() - 7, packed.end(), [](float v) { return std::isnan(v); }))
                << "pack_a with mc = " << mc << ", kc = " << kc << " wrote past its packed_a_size(mc, kc) = "
                << ceil_to(mc, kMR) * kc << " floats";
            packed.resize(ceil_to(mc, kMR) * kc);
            ASSERT_TRUE(AllClose(packed, packed_a_by_definition(A, lda, mc, kc), {0.0, 0.0}))
                << "pack_a with mc = " << mc << ", kc = " << kc << ", lda = " << lda << ": packed[(r * kc + p) * kMR + i] "
                << "must be A[(r * kMR + i) * lda + p], and 0 for the padding rows past mc (NaN means never written)";
        }
}

TEST(PackB, MatchesTheDefinitionWithZeroPadding) {
    // A panel of kc x nc inside a wider matrix (ldb = nc + 5), for nc below, at and above kNR.
    std::uint64_t seed = 850;
    for (int nc : {1, kNR - 1, kNR, kNR + 1, 2 * kNR + 3})
        for (int kc : {1, 3, 8}) {
            const int ldb = nc + 5;
            const std::vector<float> B = random_floats(std::size_t(kc) * ldb, seed++);
            std::vector<float> packed(ceil_to(nc, kNR) * kc + 7, kNaN);
            pack_b(packed, B, ldb, kc, nc);
            ASSERT_TRUE(std::all_of(packed.end() - 7, packed.end(), [](float v) { return std::isnan(v); }))
                << "pack_b with kc = " << kc << ", nc = " << nc << " wrote past its packed_b_size(kc, nc) = "
                << ceil_to(nc, kNR) * kc << " floats";
            packed.resize(ceil_to(nc, kNR) * kc);
            ASSERT_TRUE(AllClose(packed, packed_b_by_definition(B, ldb, kc, nc), {0.0, 0.0}))
                << "pack_b with kc = " << kc << ", nc = " << nc << ", ldb = " << ldb << ": packed[(s * kc + p) * kNR + j] "
                << "must be B[p * ldb + s * kNR + j] (row p starts at p * ldb, not p * nc), and 0 for the padding "
                   "columns past nc (NaN means never written)";
        }
}

TEST(MatmulMacrokernel, MatchesEigenOnABlockWithEdges) {
    // mb, nb not multiples of kMR, kNR; C is a block inside a wider matrix (ldc = nb + 4) whose
    // other columns must not change.
    const int mb = 2 * kMR + 1, nb = 2 * kNR + 3, kb = 11, ldc = nb + 4;
    const std::vector<float> A = random_floats(std::size_t(mb) * kb, 900), B = random_floats(std::size_t(kb) * nb, 901);
    const std::vector<float> A_packed = packed_a_by_definition(A, kb, mb, kb);
    const std::vector<float> B_packed = packed_b_by_definition(B, nb, kb, nb);
    std::vector<float> C(std::size_t(mb) * ldc, 0.5f);
    matmul_macrokernel(C, ldc, A_packed, B_packed, mb, nb, kb);
    const Matrix product = as_matrix(std::span<const float>(A), mb, kb).cast<double>() *
                           as_matrix(std::span<const float>(B), kb, nb).cast<double>();
    std::vector<double> want(C.size(), 0.5);
    for (int i = 0; i < mb; ++i)
        for (int j = 0; j < nb; ++j) want[std::size_t(i) * ldc + j] += product(i, j);
    const std::vector<double> got(C.begin(), C.end());
    // kb + 1 terms of magnitude <= 1 per element (Higham 3.1), rtol u for the rounding to float.
    EXPECT_TRUE(AllClose(got, want, {testing::sum_tolerance<float>(kb + 1, kb + 1.0).atol, testing::unit_roundoff<float>()},
                         {mb, ldc}))
        << "mb x nb x kb = " << mb << " x " << nb << " x " << kb << ", ldc = " << ldc << ", C = 0.5 before: "
        << "every micro-tile of the block, edge tiles included, adds its product into C; columns >= nb stay 0.5";
}

TEST(MatmulPacked, MatchesHandWorkedCase) {
    matmul_checks::ExpectMatchesHandWorkedCase(matmul_checks::bind_sizes(packed_with(default_block_sizes())));
}

TEST(MatmulPacked, MatchesEigenOnOddShapes) {
    matmul_checks::ExpectMatchesEigenOnOddShapes(matmul_checks::bind_sizes(packed_with(default_block_sizes())));
    matmul_checks::ExpectMatchesEigenOnOddShapes(matmul_checks::bind_sizes(packed_with(kTinyBlocks)),
                                                 blocks_setting(kTinyBlocks));
}

TEST(MatmulPacked, MatchesEigenAroundPowersOfTwo) {
    matmul_checks::ExpectMatchesEigenAroundPowersOfTwo(matmul_checks::bind_sizes(packed_with(default_block_sizes())));
    matmul_checks::ExpectMatchesEigenAroundPowersOfTwo(matmul_checks::bind_sizes(packed_with(kTinyBlocks)),
                                                       blocks_setting(kTinyBlocks));
}

TEST(MatmulPacked, MatchesEigenAcrossBlockEdges) {
    // Shapes one below, at and one above each block size, so that the last jc, pc and ic blocks are
    // short, full, or one element long; and the default blocks on a product larger than one block
    // in every direction (M > mc, K > kc, N > nc with the default blocks would be too slow at -O2,
    // so that direction is covered by the tiny blocks).
    const BlockSizes b = kTinyBlocks;
    std::uint64_t seed = 950;
    for (int M : {b.mc - 1, b.mc, b.mc + 1})
        for (int N : {b.nc - 1, b.nc, b.nc + 1})
            for (int K : {b.kc - 1, b.kc, b.kc + 1, 3 * b.kc + 2}) {
                EXPECT_TRUE(matmul_checks::MatchesEigen(matmul_checks::bind_sizes(packed_with(b))(M, N, K), M, N, K, seed))
                    << "M x N x K = " << M << " x " << N << " x " << K << ", " << blocks_setting(b) << ", seed " << seed;
                seed += 2;
            }
    const BlockSizes d = default_block_sizes();
    EXPECT_TRUE(matmul_checks::MatchesEigen(matmul_checks::bind_sizes(packed_with(d))(d.mc + 7, 100, d.kc + 9),
                                            d.mc + 7, 100, d.kc + 9, 990))
        << "M = mc + 7, N = 100, K = kc + 9 with the default " << blocks_setting(d);
}

TEST(MatmulPacked, OverwritesAStaleC) {
    matmul_checks::ExpectOverwritesAStaleC(matmul_checks::bind_sizes(packed_with(kTinyBlocks)),
                                           blocks_setting(kTinyBlocks));
}

TEST(MatmulPacked, HandlesEmptyShapes) { matmul_checks::ExpectHandlesEmptyShapes(packed_with(default_block_sizes())); }

TEST(MatmulPacked, RefusesBuffersOfTheWrongSize) {
    matmul_checks::ExpectRefusesBuffersOfTheWrongSize("matmul_packed", packed_with(default_block_sizes()));
}

TEST(MatmulPacked, RefusesBadBlockSizes) {
    const std::vector<float> A(6, 1.0f), B(6, 1.0f);
    std::vector<float> C(4);
    matmul_packed(C, A, B, 2, 2, 3);  // valid: A and B all ones, K = 3
    EXPECT_TRUE(AllClose(C, std::vector<float>(4, 3.0f), {0.0, 0.0})) << course::testing::kValidCallFirst;
    auto with = [&](BlockSizes b) { return [&, b] { matmul_packed(C, A, B, 2, 2, 3, b); }; };
    EXPECT_TRUE(ThrowsInvalidArgument(with({kMR + 1, 8, kNR}), {"matmul_packed", "mc", std::to_string(kMR + 1), "kMR"}));
    EXPECT_TRUE(ThrowsInvalidArgument(with({kMR, 8, kNR + 2}), {"matmul_packed", "nc", std::to_string(kNR + 2), "kNR"}));
    EXPECT_TRUE(ThrowsInvalidArgument(with({kMR, 0, kNR}), {"matmul_packed", "kc = 0"}));
}

TEST(PackA, RefusesBuffersThatAreTooShort) {
    const std::vector<float> A = random_floats(4 * 5, 970);
    std::vector<float> packed(packed_a_size(4, 5));
    pack_a(packed, A, 5, 4, 5);  // valid
    EXPECT_TRUE(AllClose(packed, packed_a_by_definition(A, 5, 4, 5), {0.0, 0.0})) << course::testing::kValidCallFirst;
    std::vector<float> short_packed(packed.size() - 1);
    EXPECT_TRUE(ThrowsInvalidArgument([&] { pack_a(short_packed, A, 5, 4, 5); },
                                      {"pack_a", "packed", std::to_string(short_packed.size())}));
    EXPECT_TRUE(ThrowsInvalidArgument([&] { pack_a(packed, std::span(A).first(18), 5, 4, 5); }, {"pack_a", "A", "18"}));
    EXPECT_TRUE(ThrowsInvalidArgument([&] { pack_a(packed, A, 4, 4, 5); }, {"pack_a", "lda", "4"}));
}

TEST(PackB, RefusesBuffersThatAreTooShort) {
    const std::vector<float> B = random_floats(5 * 4, 980);
    std::vector<float> packed(packed_b_size(5, 4));
    pack_b(packed, B, 4, 5, 4);  // valid
    EXPECT_TRUE(AllClose(packed, packed_b_by_definition(B, 4, 5, 4), {0.0, 0.0})) << course::testing::kValidCallFirst;
    std::vector<float> short_packed(packed.size() - 1);
    EXPECT_TRUE(ThrowsInvalidArgument([&] { pack_b(short_packed, B, 4, 5, 4); },
                                      {"pack_b", "packed", std::to_string(short_packed.size())}));
    EXPECT_TRUE(ThrowsInvalidArgument([&] { pack_b(packed, std::span(B).first(19), 4, 5, 4); }, {"pack_b", "B", "19"}));
    EXPECT_TRUE(ThrowsInvalidArgument([&] { pack_b(packed, B, 3, 5, 4); }, {"pack_b", "ldb", "3"}));
}

TEST(MatmulMacrokernel, RefusesBadArguments) {
    const std::vector<float> A_packed(packed_a_size(3, 4), 1.0f), B_packed(packed_b_size(4, 5), 1.0f);
    std::vector<float> C(3 * 5);
    matmul_macrokernel(C, 5, A_packed, B_packed, 3, 5, 4);  // valid: all ones, kb = 4, C was 0
    EXPECT_TRUE(AllClose(C, std::vector<float>(C.size(), 4.0f), {0.0, 0.0})) << course::testing::kValidCallFirst;
    EXPECT_TRUE(ThrowsInvalidArgument([&] { matmul_macrokernel(C, 4, A_packed, B_packed, 3, 5, 4); },
                                      {"matmul_macrokernel", "ldc", "4"}));
    EXPECT_TRUE(ThrowsInvalidArgument(
        [&] { matmul_macrokernel(C, 5, std::span(A_packed).first(A_packed.size() - 1), B_packed, 3, 5, 4); },
        {"matmul_macrokernel", "A_packed"}));
    EXPECT_TRUE(ThrowsInvalidArgument([&] { matmul_macrokernel(std::span(C).first(14), 5, A_packed, B_packed, 3, 5, 4); },
                                      {"matmul_macrokernel", "C", "14"}));
}

TEST(MatmulPacked, MatchesEigenAtExtremeScales) {
    matmul_checks::ExpectMatchesEigenAtExtremeScales(matmul_checks::bind_sizes(packed_with(kTinyBlocks)),
                                                     blocks_setting(kTinyBlocks));
}

TEST(MatmulPacked, SumsInBlocksOfKc) {
    matmul_checks::ExpectSumsInBlocksOfKc([](int kc) { return packed_with({2 * kMR, kc, kNR}); });
}

// huge_blocks: block sizes far larger than any test matrix, up to the largest multiples of kMR and
// kNR that are ints, alone and mixed with small ones.
std::vector<BlockSizes> huge_blocks() {
    const int max = std::numeric_limits<int>::max();
    const int mc = max / kMR * kMR, nc = max / kNR * kNR;
    return {{mc, max, nc}, {kMR, max, kNR}, {mc, 5, kNR}, {kMR, 5, nc}};
}

TEST(MatmulPacked, HandlesBlocksUpToIntMax) {
    // Blocks larger than the matrix are clipped to it: the packed buffers need no more than
    // min(mc, M) x min(kc, K) and min(kc, K) x min(nc, N) floats. Unclipped, packing an INT_MAX-deep
    // block asks for terabytes, past the test's 4 GiB, and mc * kc overflows an int.
    std::uint64_t seed = 1000;
    for (const BlockSizes blocks : huge_blocks())
        for (const auto& [M, N, K] : {std::array{7, 13, 5}, std::array{1, 1, 1}, std::array{13, 70, 40}}) {
            EXPECT_TRUE(matmul_checks::MatchesEigen(matmul_checks::bind_sizes(packed_with(blocks))(M, N, K), M, N, K, seed))
                << "M x N x K = " << M << " x " << N << " x " << K << ", " << blocks_setting(blocks) << ", seed " << seed
                << ": size the packed buffers for min(mc, M), min(kc, K), min(nc, N)";
            seed += 2;
        }
}

TEST(MatmulPacked, MatchesEigenForEveryEdgeTileShape) {
    // M = 1 .. 2 kMR + 1 and N = 1 .. 2 kNR + 1: every number of rows and columns an edge tile can
    // have, alone and after one or two full tiles (the register tile is kMR x kNR, whatever the
    // vector width). K = 3.
    std::uint64_t seed = 1050;
    for (int M = 1; M <= 2 * kMR + 1; ++M)
        for (int N = 1; N <= 2 * kNR + 1; ++N)
            EXPECT_TRUE(matmul_checks::MatchesEigen(matmul_checks::bind_sizes(packed_with(default_block_sizes()))(M, N, 3),
                                                    M, N, 3, seed++))
                << "M x N x K = " << M << " x " << N << " x 3, the default blocks, seed " << seed - 1;
}

TEST(MatmulPacked, RefusesEachNegativeSize) {
    matmul_checks::ExpectRefusesEachNegativeSize("matmul_packed", packed_with(kTinyBlocks));
}

TEST(MatmulPacked, RefusesEachBlockSizeBelowOne) {
    const std::vector<float> A(6, 1.0f), B(6, 1.0f);
    std::vector<float> C(4, kNaN);
    matmul_packed(C, A, B, 2, 2, 3, kTinyBlocks);
    EXPECT_TRUE(AllClose(C, std::vector<float>(4, 3.0f), {0.0, 0.0})) << course::testing::kValidCallFirst;
    // 0, minus one register tile (a multiple of it, so only the sign is wrong) and the most negative
    // int, for each block size in turn.
    const int min = std::numeric_limits<int>::min();
    auto with = [&](BlockSizes b) { return [&, b] { matmul_packed(C, A, B, 2, 2, 3, b); }; };
    for (const int mc : {0, -kMR, min / kMR * kMR})
        EXPECT_TRUE(ThrowsInvalidArgument(with({mc, 8, kNR}), {"matmul_packed", "mc = " + std::to_string(mc)}));
    for (const int kc : {0, -1, min})
        EXPECT_TRUE(ThrowsInvalidArgument(with({kMR, kc, kNR}), {"matmul_packed", "kc = " + std::to_string(kc)}));
    for (const int nc : {0, -kNR, min / kNR * kNR})
        EXPECT_TRUE(ThrowsInvalidArgument(with({kMR, 8, nc}), {"matmul_packed", "nc = " + std::to_string(nc)}));
}

TEST(PackA, PacksEmptyBlocksAndRefusesNegativeSizes) {
    const std::vector<float> A = random_floats(4 * 5, 975);
    std::vector<float> packed(packed_a_size(4, 5), kNaN);
    pack_a(packed, A, 5, 4, 5);
    EXPECT_TRUE(AllClose(packed, packed_a_by_definition(A, 5, 4, 5), {0.0, 0.0})) << course::testing::kValidCallFirst;
    // An empty block (mc = 0 or kc = 0) packs nothing: the buffer, all NaN, stays so.
    std::vector<float> untouched(packed.size(), kNaN);
    pack_a(untouched, A, 5, 0, 5);
    pack_a(untouched, A, 5, 4, 0);
    EXPECT_TRUE(std::all_of(untouched.begin(), untouched.end(), [](float v) { return std::isnan(v); }))
        << "pack_a of a 0 x 5 or a 4 x 0 block wrote into packed";
    EXPECT_TRUE(ThrowsInvalidArgument([&] { pack_a(packed, A, 5, -1, 5); }, {"pack_a", "-1 x 5"}));
    EXPECT_TRUE(ThrowsInvalidArgument([&] { pack_a(packed, A, 5, 4, -1); }, {"pack_a", "4 x -1"}));
}

TEST(PackB, PacksEmptyPanelsAndRefusesNegativeSizes) {
    const std::vector<float> B = random_floats(5 * 4, 985);
    std::vector<float> packed(packed_b_size(5, 4), kNaN);
    pack_b(packed, B, 4, 5, 4);
    EXPECT_TRUE(AllClose(packed, packed_b_by_definition(B, 4, 5, 4), {0.0, 0.0})) << course::testing::kValidCallFirst;
    std::vector<float> untouched(packed.size(), kNaN);
    pack_b(untouched, B, 4, 0, 4);
    pack_b(untouched, B, 4, 5, 0);
    EXPECT_TRUE(std::all_of(untouched.begin(), untouched.end(), [](float v) { return std::isnan(v); }))
        << "pack_b of a 0 x 4 or a 5 x 0 panel wrote into packed";
    EXPECT_TRUE(ThrowsInvalidArgument([&] { pack_b(packed, B, 4, -1, 4); }, {"pack_b", "-1 x 4"}));
    EXPECT_TRUE(ThrowsInvalidArgument([&] { pack_b(packed, B, 4, 5, -1); }, {"pack_b", "5 x -1"}));
}

TEST(MatmulMacrokernel, RefusesEachNegativeSizeAndShortPanel) {
    const std::vector<float> A_packed(packed_a_size(3, 4), 1.0f), B_packed(packed_b_size(4, 5), 1.0f);
    std::vector<float> C(3 * 5, 0.0f);
    matmul_macrokernel(C, 5, A_packed, B_packed, 3, 5, 4);
    EXPECT_TRUE(AllClose(C, std::vector<float>(C.size(), 4.0f), {0.0, 0.0})) << course::testing::kValidCallFirst;
    EXPECT_TRUE(ThrowsInvalidArgument([&] { matmul_macrokernel(C, 5, A_packed, B_packed, -1, 5, 4); },
                                      {"matmul_macrokernel", "mb = -1"}));
    EXPECT_TRUE(ThrowsInvalidArgument([&] { matmul_macrokernel(C, 5, A_packed, B_packed, 3, -1, 4); },
                                      {"matmul_macrokernel", "nb = -1"}));
    EXPECT_TRUE(ThrowsInvalidArgument([&] { matmul_macrokernel(C, 5, A_packed, B_packed, 3, 5, -1); },
                                      {"matmul_macrokernel", "kb = -1"}));
    EXPECT_TRUE(ThrowsInvalidArgument(
        [&] { matmul_macrokernel(C, 5, A_packed, std::span(B_packed).first(B_packed.size() - 1), 3, 5, 4); },
        {"matmul_macrokernel", "B_packed"}));
}

// The packing reads nothing past its source: A (or B) holds exactly the block, rows ld = kc (nc)
// apart, and ends at an inaccessible page (course::testing::PageGuardedArray, course/testing.hpp), so one row or column too many
// crashes the test, even when the value read would be dropped or overwritten by a padding zero.
TEST(PackA, ReadsNothingPastTheEndOfA) {
    std::uint64_t seed = 1500;
    for (int mc : {1, kMR - 1, kMR, 2 * kMR + 1})
        for (int kc : {1, 3}) {
            const std::vector<float> values = random_floats(std::size_t(mc) * kc, seed++);
            const course::testing::PageGuardedArray<float> A(values);
            std::vector<float> packed(packed_a_size(mc, kc), kNaN);
            pack_a(packed, A.span(), kc, mc, kc);
            EXPECT_TRUE(AllClose(packed, packed_a_by_definition(values, kc, mc, kc), {0.0, 0.0}))
                << "pack_a with mc = " << mc << ", kc = lda = " << kc;
        }
}

TEST(PackB, ReadsNothingPastTheEndOfB) {
    std::uint64_t seed = 1550;
    for (int nc : {1, kNR - 1, kNR, 2 * kNR + 3})
        for (int kc : {1, 3}) {
            const std::vector<float> values = random_floats(std::size_t(kc) * nc, seed++);
            const course::testing::PageGuardedArray<float> B(values);
            std::vector<float> packed(packed_b_size(kc, nc), kNaN);
            pack_b(packed, B.span(), nc, kc, nc);
            EXPECT_TRUE(AllClose(packed, packed_b_by_definition(values, nc, kc, nc), {0.0, 0.0}))
                << "pack_b with kc = " << kc << ", nc = ldb = " << nc;
        }
}

TEST(MatmulPacked, ReadsNothingPastTheEndOfAOrB) {
    // The whole product on A and B that end at an inaccessible page, with edge tiles and edge
    // blocks in every direction.
    std::uint64_t seed = 1600;
    for (const BlockSizes blocks : {kTinyBlocks, default_block_sizes()})
        for (const auto& [M, N, K] : {std::array{7, 13, 5}, std::array{13, 2 * kNR + 3, 11}}) {
            const std::vector<float> A_values = random_floats(std::size_t(M) * K, seed),
                                     B_values = random_floats(std::size_t(K) * N, seed + 1);
            const course::testing::PageGuardedArray<float> A(A_values), B(B_values);
            std::vector<float> C(std::size_t(M) * N, kNaN);
            matmul_packed(C, A.span(), B.span(), M, N, K, blocks);
            const std::vector<double> got(C.begin(), C.end());
            EXPECT_TRUE(AllClose(got, matmul_checks::eigen_product(A_values, B_values, M, N, K),
                                 matmul_checks::product_tolerance(A_values, B_values, M, N, K), {M, N}))
                << "M x N x K = " << M << " x " << N << " x " << K << ", " << blocks_setting(blocks) << ", seed " << seed;
            seed += 2;
        }
}

TEST(PackedSizes, AreZeroForAnEmptyBlock) {
    // A block with no rows, no columns or no depth packs into no floats at all.
    EXPECT_EQ(packed_a_size(kMR, 0), 0u) << "kc = 0: a block of depth 0 has no columns to pack";
    EXPECT_EQ(packed_a_size(0, 0), 0u);
    EXPECT_EQ(packed_b_size(0, kNR), 0u) << "kc = 0: a panel of depth 0 has no rows to pack";
    EXPECT_EQ(packed_b_size(0, 0), 0u);
}

TEST(MatmulPacked, DoesTheWorkOfTheFiveLoopsOnce) {
    // Counted, not timed (packed_work.hpp): M N K multiply-adds, K N copies of B and M K ceil(N / nc)
    // of A. Small blocks put several blocks in every direction, with short edge blocks: M = 50 is
    // 4 blocks of mc = 12 and 2 rows; N = 3 nc + 5; K = 37 is 2 slices of kc = 16 and 5. The
    // default blocks on the same sizes (one block each way, nc' = N) count too.
    const int M = 50, N = 6 * kNR + 5, K = 37;
    const std::vector<float> A = random_floats(std::size_t(M) * K, 990), B = random_floats(std::size_t(K) * N, 991);
    std::vector<float> C(std::size_t(M) * N);
    for (const BlockSizes blocks : {BlockSizes{2 * kMR, 16, 2 * kNR}, default_block_sizes()}) {
        const PackedWork work = work_of([&] { matmul_packed(C, A, B, M, N, K, blocks); });
        EXPECT_TRUE(DidThePackedWork(work, M, N, K, blocks, "matmul_packed")) << "seeds 990, 991";
    }
}

}  // namespace
}  // namespace course::linear_algebra
