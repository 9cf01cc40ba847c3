// Tests for exercise 19 (stretch), matmul_abt: C = A B^T with the packed algorithm
// (modules/linear_algebra/learner/matmul_abt.cpp).
//
// pack_bt is checked element by element against its definition, written out here. matmul_abt
// runs the ladder's shared checks (matmul_checks.hpp: Eigen in double as the oracle) through an
// adaptor that hands it B^T: the checks give B (K, N), the adaptor passes Bt = B^T (N, K), so the
// product must still be A B.
#include "linear_algebra/matmul_abt.hpp"

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

constexpr BlockSizes kTinyBlocks{2 * kMR, 5, 2 * kNR};

// transposed: the (cols, rows) transpose of a row-major (rows, cols) buffer.
std::vector<float> transposed(std::span<const float> X, int rows, int cols) {
    std::vector<float> T(X.size());
    for (int i = 0; i < rows; ++i)
        for (int j = 0; j < cols; ++j) T[std::size_t(j) * rows + i] = X[std::size_t(i) * cols + j];
    return T;
}

// abt_as_ab: matmul_abt seen as C = A B: B (K, N) is transposed into Bt (N, K) first.
matmul_checks::RawKernel abt_as_ab(BlockSizes blocks) {
    return [blocks](std::span<float> C, std::span<const float> A, std::span<const float> B, int M, int N, int K) {
        const std::vector<float> Bt = transposed(B, K, N);
        matmul_abt(C, A, Bt, M, N, K, blocks);
    };
}
std::string blocks_setting(BlockSizes b) {
    return "blocks mc = " + std::to_string(b.mc) + ", kc = " + std::to_string(b.kc) + ", nc = " + std::to_string(b.nc);
}

TEST(PackBt, MatchesTheDefinitionWithZeroPadding) {
    // nc rows of Bt, kc columns of each, inside a wider Bt (ldb = kc + 4).
    std::uint64_t seed = 1300;
    for (int nc : {1, kNR - 1, kNR, kNR + 1, 2 * kNR + 3})
        for (int kc : {1, 3, 8}) {
            const int ldb = kc + 4;
            const std::vector<float> Bt = random_floats(std::size_t(nc) * ldb, seed++);
            const std::size_t size = std::size_t((nc + kNR - 1) / kNR) * kNR * kc;
            std::vector<float> packed(size + 5, std::numeric_limits<float>::quiet_NaN());
            pack_bt(packed, Bt, ldb, kc, nc);
            ASSERT_TRUE(std::all_of(packed.end() - 5, packed.end(), [](float v) { return std::isnan(v); }))
                << "pack_bt with kc = " << kc << ", nc = " << nc << " wrote past its packed_b_size(kc, nc) = " << size
                << " floats";
            packed.resize(size);
            std::vector<float> want(size);
            for (std::size_t s = 0; s < size / (std::size_t(kNR) * kc); ++s)
                for (int p = 0; p < kc; ++p)
                    for (int j = 0; j < kNR; ++j) {
                        const std::size_t col = s * kNR + j;
                        want[(s * kc + p) * kNR + j] = col < std::size_t(nc) ? Bt[col * ldb + p] : 0.0f;
                    }
            ASSERT_TRUE(AllClose(packed, want, {0.0, 0.0}))
                << "pack_bt with kc = " << kc << ", nc = " << nc << ", ldb = " << ldb
                << ": packed[(s * kc + p) * kNR + j] must be Bt[(s * kNR + j) * ldb + p] (column j of B^T is row j of "
                   "Bt), and 0 for the padding columns past nc (NaN means never written)";
        }
}

TEST(MatmulAbt, MatchesHandWorkedCase) {
    matmul_checks::ExpectMatchesHandWorkedCase(matmul_checks::bind_sizes(abt_as_ab(default_block_sizes())));
}

TEST(MatmulAbt, MatchesEigenOnOddShapes) {
    matmul_checks::ExpectMatchesEigenOnOddShapes(matmul_checks::bind_sizes(abt_as_ab(kTinyBlocks)),
                                                 blocks_setting(kTinyBlocks));
    matmul_checks::ExpectMatchesEigenOnOddShapes(matmul_checks::bind_sizes(abt_as_ab(default_block_sizes())));
}

TEST(MatmulAbt, MatchesEigenAroundPowersOfTwo) {
    matmul_checks::ExpectMatchesEigenAroundPowersOfTwo(matmul_checks::bind_sizes(abt_as_ab(kTinyBlocks)),
                                                       blocks_setting(kTinyBlocks));
}

TEST(MatmulAbt, ComputesScoresOfQueriesAgainstKeys) {
    // Attention's use, by hand: queries Q (2, 3) and keys Kt (4, 3), scores = Q K^T (2, 4). Small
    // integers, exact in float: row 0 of Q is (1, 0, 2): (1*1 + 0 + 2*0, 1*0 + 0 + 2*1, 1*2 + 0 + 2*2,
    // 1*(-1) + 0 + 2*1) = (1, 2, 6, 1); row 1, (0, 1, -1): (0 + 1 - 0, 0 + 0 - 1, 0 + 1 - 2,
    // 0 + 3 - 1) = (1, -1, -1, 2).
    const std::vector<float> Q = {1, 0, 2,
                                  0, 1, -1};
    const std::vector<float> keys = {1, 1, 0,
                                     0, 0, 1,
                                     2, 1, 2,
                                     -1, 3, 1};
    std::vector<float> scores(8, std::numeric_limits<float>::quiet_NaN());
    matmul_abt(scores, Q, keys, 2, 4, 3);
    EXPECT_TRUE(AllClose(scores, std::vector<float>{1, 2, 6, 1, 1, -1, -1, 2}, {0.0, 0.0}, {2, 4}))
        << "scores[i, j] = sum_p Q[i, p] * keys[j, p]: row j of the second argument, not column j";
}

TEST(MatmulAbt, HandlesEmptyShapes) {
    std::vector<float> C(6, std::numeric_limits<float>::quiet_NaN());
    matmul_abt(C, {}, {}, 2, 3, 0);
    EXPECT_TRUE(AllClose(C, std::vector<float>(6, 0.0f), {0.0, 0.0}, {2, 3})) << "K = 0: C = 0, an empty sum";
}

TEST(MatmulAbt, RefusesBuffersOfTheWrongSize) {
    const std::vector<float> A(15, 1.0f), Bt(20, 1.0f), Bt_long(21, 1.0f);
    std::vector<float> C(12);
    matmul_abt(C, A, Bt, 3, 4, 5);  // valid: A (3, 5), Bt (4, 5), C (3, 4), all ones
    EXPECT_TRUE(AllClose(C, std::vector<float>(12, 5.0f), {0.0, 0.0})) << course::testing::kValidCallFirst;
    EXPECT_TRUE(ThrowsInvalidArgument([&] { matmul_abt(C, A, Bt_long, 3, 4, 5); }, {"matmul_abt", "Bt", "21", "N * K"}));
    EXPECT_TRUE(ThrowsInvalidArgument([&] { matmul_abt(C, std::span(A).first(14), Bt, 3, 4, 5); }, {"matmul_abt", "A", "14"}));
    EXPECT_TRUE(ThrowsInvalidArgument([&] { matmul_abt(std::span(C).first(11), A, Bt, 3, 4, 5); }, {"matmul_abt", "C", "11"}));
    EXPECT_TRUE(ThrowsInvalidArgument([&] { matmul_abt(C, A, Bt, 3, 4, 5, {kMR, 8, kNR + 1}); }, {"matmul_abt", "nc"}));
}

TEST(PackBt, RefusesBuffersThatAreTooShort) {
    const std::vector<float> Bt = random_floats(4 * 5, 1400);
    std::vector<float> packed(packed_b_size(5, 4));
    pack_bt(packed, Bt, 5, 5, 4);  // valid: 4 rows of 5
    EXPECT_EQ(packed[1], Bt[5]) << "packed[(0 * kc + 0) * kNR + 1] is Bt[1 * ldb + 0]. " << course::testing::kValidCallFirst;
    std::vector<float> short_packed(packed.size() - 1);
    EXPECT_TRUE(ThrowsInvalidArgument([&] { pack_bt(short_packed, Bt, 5, 5, 4); }, {"pack_bt", "packed"}));
    EXPECT_TRUE(ThrowsInvalidArgument([&] { pack_bt(packed, std::span(Bt).first(19), 5, 5, 4); }, {"pack_bt", "Bt", "19"}));
    EXPECT_TRUE(ThrowsInvalidArgument([&] { pack_bt(packed, Bt, 4, 5, 4); }, {"pack_bt", "ldb", "4"}));
}

TEST(MatmulAbt, MatchesEigenAtExtremeScales) {
    matmul_checks::ExpectMatchesEigenAtExtremeScales(matmul_checks::bind_sizes(abt_as_ab(kTinyBlocks)),
                                                     blocks_setting(kTinyBlocks));
}

TEST(MatmulAbt, SumsInBlocksOfKc) {
    matmul_checks::ExpectSumsInBlocksOfKc([](int kc) { return abt_as_ab({2 * kMR, kc, kNR}); });
}

TEST(MatmulAbt, MatchesEigenForEveryEdgeTileShape) {
    // As matmul_packed's test of the same name: every edge-tile height and width, K = 3.
    std::uint64_t seed = 1350;
    for (int M = 1; M <= 2 * kMR + 1; ++M)
        for (int N = 1; N <= 2 * kNR + 1; ++N)
            EXPECT_TRUE(matmul_checks::MatchesEigen(matmul_checks::bind_sizes(abt_as_ab(default_block_sizes()))(M, N, 3),
                                                    M, N, 3, seed++))
                << "M x N x K = " << M << " x " << N << " x 3, the default blocks, seed " << seed - 1;
}

TEST(MatmulAbt, HandlesBlocksUpToIntMax) {
    // Blocks larger than the matrix are clipped to it (see matmul_packed's test of the same name).
    const int max = std::numeric_limits<int>::max();
    const BlockSizes huge[] = {{max / kMR * kMR, max, max / kNR * kNR}, {kMR, max, kNR}};
    std::uint64_t seed = 1450;
    for (const BlockSizes blocks : huge)
        for (const auto& [M, N, K] : {std::array{7, 13, 5}, std::array{13, 70, 40}}) {
            EXPECT_TRUE(matmul_checks::MatchesEigen(matmul_checks::bind_sizes(abt_as_ab(blocks))(M, N, K), M, N, K, seed))
                << "M x N x K = " << M << " x " << N << " x " << K << ", " << blocks_setting(blocks) << ", seed " << seed
                << ": size the packed buffers for min(mc, M), min(kc, K), min(nc, N)";
            seed += 2;
        }
}

TEST(MatmulAbt, RefusesEachNegativeSizeAndBadBlock) {
    const std::vector<float> A(6, 1.0f), Bt(6, 1.0f);
    std::vector<float> C(4, std::numeric_limits<float>::quiet_NaN());
    matmul_abt(C, A, Bt, 2, 2, 3);
    EXPECT_TRUE(AllClose(C, std::vector<float>(4, 3.0f), {0.0, 0.0})) << course::testing::kValidCallFirst;
    const int min = std::numeric_limits<int>::min();
    EXPECT_TRUE(ThrowsInvalidArgument([&] { matmul_abt(C, A, Bt, -1, 2, 3); }, {"matmul_abt", "M = -1"}));
    EXPECT_TRUE(ThrowsInvalidArgument([&] { matmul_abt(C, A, Bt, 2, -1, 3); }, {"matmul_abt", "N = -1"}));
    EXPECT_TRUE(ThrowsInvalidArgument([&] { matmul_abt(C, A, Bt, 2, 2, min); }, {"matmul_abt", "K = " + std::to_string(min)}));
    EXPECT_TRUE(ThrowsInvalidArgument([&] { matmul_abt(C, A, Bt, 2, 2, 3, {0, 8, kNR}); }, {"matmul_abt", "mc = 0"}));
    EXPECT_TRUE(ThrowsInvalidArgument([&] { matmul_abt(C, A, Bt, 2, 2, 3, {kMR, 0, kNR}); }, {"matmul_abt", "kc = 0"}));
    EXPECT_TRUE(ThrowsInvalidArgument([&] { matmul_abt(C, A, Bt, 2, 2, 3, {kMR + 1, 8, kNR}); }, {"matmul_abt", "kMR"}));
}

TEST(PackBt, PacksEmptyPanelsAndRefusesNegativeSizes) {
    const std::vector<float> Bt = random_floats(4 * 5, 1410);
    std::vector<float> packed(packed_b_size(5, 4), std::numeric_limits<float>::quiet_NaN());
    pack_bt(packed, Bt, 5, 5, 4);
    EXPECT_FALSE(std::any_of(packed.begin(), packed.end(), [](float v) { return std::isnan(v); }))
        << "every element of packed is written, the padding with 0. " << course::testing::kValidCallFirst;
    std::vector<float> untouched(packed.size(), std::numeric_limits<float>::quiet_NaN());
    pack_bt(untouched, Bt, 5, 0, 4);
    pack_bt(untouched, Bt, 5, 5, 0);
    EXPECT_TRUE(std::all_of(untouched.begin(), untouched.end(), [](float v) { return std::isnan(v); }))
        << "pack_bt of a 0-deep or a 0-wide panel wrote into packed";
    EXPECT_TRUE(ThrowsInvalidArgument([&] { pack_bt(packed, Bt, 5, -1, 4); }, {"pack_bt", "kc = -1"}));
    EXPECT_TRUE(ThrowsInvalidArgument([&] { pack_bt(packed, Bt, 5, 5, -1); }, {"pack_bt", "nc = -1"}));
}

TEST(PackBt, ReadsNothingPastTheEndOfBt) {
    // Bt holds exactly the nc rows of kc floats of the panel (ldb = kc) and ends at an inaccessible
    // page (course::testing::PageGuardedArray, course/testing.hpp): reading one row or one column too many crashes the test, even
    // when the value read would be dropped or overwritten by a padding zero.
    std::uint64_t seed = 1480;
    for (int nc : {1, kNR - 1, kNR, 2 * kNR + 3})
        for (int kc : {1, 3}) {
            const std::vector<float> values = random_floats(std::size_t(nc) * kc, seed++);
            const course::testing::PageGuardedArray<float> Bt(values);
            std::vector<float> packed(packed_b_size(kc, nc), std::numeric_limits<float>::quiet_NaN());
            pack_bt(packed, Bt.span(), kc, kc, nc);
            std::vector<float> want(packed.size(), 0.0f);  // the definition, padding columns 0
            for (int s = 0; s * kNR < nc; ++s)
                for (int p = 0; p < kc; ++p)
                    for (int j = 0; j < kNR && s * kNR + j < nc; ++j)
                        want[(std::size_t(s) * kc + p) * kNR + j] = values[std::size_t(s * kNR + j) * kc + p];
            EXPECT_TRUE(AllClose(packed, want, {0.0, 0.0})) << "pack_bt with kc = ldb = " << kc << ", nc = " << nc;
        }
}

TEST(MatmulAbt, DoesTheWorkOfTheFiveLoopsOnce) {
    // matmul_packed's count (packed_work.hpp), with pack_bt's copies in place of pack_b's: M N K
    // multiply-adds, K N copies of B^T and M K ceil(N / nc) of A, for blocks that cut every
    // direction with short edges (M = 50, N = 3 nc + 5, K = 37 against mc = 12, kc = 16, nc = 2 kNR).
    const int M = 50, N = 6 * kNR + 5, K = 37;
    const std::vector<float> A = random_floats(std::size_t(M) * K, 992), Bt = random_floats(std::size_t(N) * K, 993);
    std::vector<float> C(std::size_t(M) * N);
    for (const BlockSizes blocks : {BlockSizes{2 * kMR, 16, 2 * kNR}, default_block_sizes()}) {
        const PackedWork work = work_of([&] { matmul_abt(C, A, Bt, M, N, K, blocks); });
        EXPECT_TRUE(DidThePackedWork(work, M, N, K, blocks, "matmul_abt")) << "seeds 992, 993";
    }
}

}  // namespace
}  // namespace course::linear_algebra
