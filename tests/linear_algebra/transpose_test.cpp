// Tests for exercise 4, transpose (modules/linear_algebra/learner/transpose.cpp).
//
// Oracle: Eigen's transpose on the same inputs, plus a hand-worked 2 x 3 case. A transpose only
// moves values, so the comparison is exact (tolerance 0). out is pre-filled with NaN, so an
// element that is never written shows up; it sits between sentinel margins, so a write out of
// bounds (a wrong stride) shows up too instead of corrupting the heap.
// Bad-input tests first call the function on valid input, so that a stub shows "not started".
#include "linear_algebra/transpose.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <bit>
#include <cmath>
#include <cstdint>
#include <functional>
#include <limits>
#include <span>
#include <string>
#include <utility>
#include <vector>

#include "course/eigen.hpp"
#include "course/random.hpp"
#include "course/testing.hpp"

namespace course::linear_algebra {
namespace {

using course::testing::AllClose;
using course::testing::GuardedBuffer;
using course::testing::kSentinel;
using course::testing::ThrowsInvalidArgument;

constexpr float kNaN = std::numeric_limits<float>::quiet_NaN();

// Transposer: out, inp -> out = inp^T with the sizes (and the block) bound in.
using Transposer = std::function<void(std::span<float>, std::span<const float>)>;

// TransposesTo runs `transposer` on inp (rows, cols) and compares out (cols, rows) with `want`,
// exactly. out lives in the middle of a buffer whose margins hold kSentinel, so a wrong stride
// that writes past either end of out is reported (a margin of max(rows, cols)^2 covers any
// mixed-up stride) instead of corrupting the heap.
::testing::AssertionResult TransposesTo(const Transposer& transposer, const std::vector<float>& inp, int rows,
                                        int cols, std::span<const float> want) {
    const size_t d = size_t(std::max({rows, cols, 1}));
    GuardedBuffer guarded(std::vector<float>(inp.size(), kNaN), d * d + 64, kSentinel);
    transposer(guarded.span(), inp);
    if (!guarded.margins_hold(kSentinel))
        return ::testing::AssertionFailure()
               << "wrote outside out ("
               << (guarded.front_margin_holds(kSentinel) ? "after its last element" : "before out[0, 0]")
               << "): out is (cols, rows), so out[j, i] is out[j * rows + i]; check the strides";
    const std::span<const float> out = guarded.cspan();
    auto result = AllClose(out, want, {0.0, 0.0}, {cols, rows});
    if (!result && std::any_of(out.begin(), out.end(), [](float v) { return std::isnan(v); }))
        result << "\n    hint: out was filled with NaN before the call and NaN is left in it: some elements "
                  "were never written (check the last, partial block in each direction)";
    return result;
}

// MatchesEigen: TransposesTo on a seeded (rows, cols) input, against Eigen's transpose.
::testing::AssertionResult MatchesEigen(const Transposer& transposer, int rows, int cols, std::uint64_t seed) {
    const std::vector<float> inp = random_floats(size_t(rows) * cols, seed);
    const MatrixF want = as_matrix(inp, rows, cols).transpose();
    return TransposesTo(transposer, inp, rows, cols, as_span(want));
}

// transpose_naive_of / transpose_blocked_of: the kernels with their sizes bound in.
Transposer transpose_naive_of(int rows, int cols) {
    return [=](std::span<float> out, std::span<const float> inp) { transpose_naive(out, inp, rows, cols); };
}
Transposer transpose_blocked_of(int rows, int cols, int block) {
    return [=](std::span<float> out, std::span<const float> inp) { transpose_blocked(out, inp, rows, cols, block); };
}

// The shapes: 1 x 1, a single row and column, primes, tall and wide, and 63/64/65.
constexpr int kShapes[][2] = {{1, 1}, {1, 7}, {7, 1}, {7, 13}, {13, 7}, {31, 17}, {200, 3},
                              {3, 200}, {63, 65}, {64, 64}, {65, 63}, {2, 129}};

// The hand-worked case: inp (2, 3) = [[1, 2, 3], [4, 5, 6]], out (3, 2) = [[1, 4], [2, 5], [3, 6]].
const std::vector<float> kHandInput = {1, 2, 3, 4, 5, 6};
const std::vector<float> kHandOutput = {1, 4, 2, 5, 3, 6};

TEST(TransposeNaive, MatchesHandWorkedCase) {
    EXPECT_TRUE(TransposesTo(transpose_naive_of(2, 3), kHandInput, 2, 3, kHandOutput))
        << "inp (2, 3) = [[1, 2, 3], [4, 5, 6]] gives out (3, 2) = [[1, 4], [2, 5], [3, 6]]";
}

TEST(TransposeNaive, MatchesEigenOnOddShapes) {
    std::uint64_t seed = 600;
    for (const auto& [rows, cols] : kShapes) {
        EXPECT_TRUE(MatchesEigen(transpose_naive_of(rows, cols), rows, cols, seed))
            << "rows x cols = " << rows << " x " << cols << ", seed " << seed;
        ++seed;
    }
}

TEST(TransposeNaive, HandlesEmptyShapes) {
    // A (0, 5) or (5, 0) matrix has no elements: nothing to do, nothing to crash on.
    transpose_naive(std::span<float>{}, std::span<const float>{}, 0, 5);
    transpose_naive(std::span<float>{}, std::span<const float>{}, 5, 0);
}

TEST(TransposeNaive, RefusesBuffersOfTheWrongSize) {
    std::vector<float> out(6, kNaN), out_long(7, kNaN);
    const std::vector<float> inp_short(5, 1.0f);
    ASSERT_TRUE(TransposesTo(transpose_naive_of(2, 3), kHandInput, 2, 3, kHandOutput)) << course::testing::kValidCallFirst;  // valid
    EXPECT_TRUE(ThrowsInvalidArgument([&] { transpose_naive(out, inp_short, 2, 3); },
                                      {"transpose_naive", "inp", "5", "rows * cols = 2 * 3 = 6"}));
    EXPECT_TRUE(ThrowsInvalidArgument([&] { transpose_naive(out_long, kHandInput, 2, 3); },
                                      {"transpose_naive", "out", "7", "cols * rows = 3 * 2 = 6"}));
    EXPECT_TRUE(ThrowsInvalidArgument([&] { transpose_naive(out, kHandInput, -2, -3); }, {"transpose_naive", "-2"}))
        << "a negative size must be refused before it is multiplied into a buffer size";
}

TEST(TransposeBlocked, MatchesHandWorkedCase) {
    // Block 2 on a 2 x 3 input: one full 2 x 2 tile and one partial 2 x 1 tile.
    EXPECT_TRUE(TransposesTo(transpose_blocked_of(2, 3, 2), kHandInput, 2, 3, kHandOutput))
        << "inp (2, 3) = [[1, 2, 3], [4, 5, 6]], block 2, gives out (3, 2) = [[1, 4], [2, 5], [3, 6]]";
}

TEST(TransposeBlocked, MatchesEigenForEveryBlockSize) {
    // Block 1 (every loop a block loop), 4 and 16 (partial blocks at the edges), 64, and 1000 (one
    // block larger than the whole matrix).
    std::uint64_t seed = 700;
    for (int block : {1, 4, 16, 64, 1000})
        for (const auto& [rows, cols] : kShapes) {
            EXPECT_TRUE(MatchesEigen(transpose_blocked_of(rows, cols, block), rows, cols, seed))
                << "rows x cols = " << rows << " x " << cols << ", block " << block << ", seed " << seed;
            ++seed;
        }
}

TEST(TransposeBlocked, HandlesEmptyShapes) {
    transpose_blocked(std::span<float>{}, std::span<const float>{}, 0, 5, 4);
    transpose_blocked(std::span<float>{}, std::span<const float>{}, 5, 0, 4);
}

TEST(TransposeBlocked, RefusesBadSizesAndBlocks) {
    std::vector<float> out(6, kNaN), out_long(7, kNaN);
    const std::vector<float> inp_short(5, 1.0f);
    ASSERT_TRUE(TransposesTo(transpose_blocked_of(2, 3, 2), kHandInput, 2, 3, kHandOutput)) << course::testing::kValidCallFirst;  // valid
    EXPECT_TRUE(ThrowsInvalidArgument([&] { transpose_blocked(out, inp_short, 2, 3, 2); },
                                      {"transpose_blocked", "inp", "5", "rows * cols = 2 * 3 = 6"}));
    EXPECT_TRUE(ThrowsInvalidArgument([&] { transpose_blocked(out_long, kHandInput, 2, 3, 2); },
                                      {"transpose_blocked", "out", "7", "cols * rows = 3 * 2 = 6"}));
    EXPECT_TRUE(ThrowsInvalidArgument([&] { transpose_blocked(out, kHandInput, -2, 3, 2); },
                                      {"transpose_blocked", "-2"}));
    EXPECT_TRUE(ThrowsInvalidArgument([&] { transpose_blocked(out, kHandInput, 2, 3, 0); },
                                      {"transpose_blocked", "block", "0"}));
}

// special_values: a (3, 4) input whose every element is a bit pattern that arithmetic would
// change: -0 (0 + -0 is +0), the smallest subnormal and its negative (flushed to 0 under FTZ/DAZ),
// the smallest normal, the largest float, +-infinity, a quiet NaN with a payload, and a few
// ordinary values.
std::vector<float> special_values() {
    const float quiet_nan_with_payload = std::bit_cast<float>(std::uint32_t{0x7fc12345});
    const float tiny = std::numeric_limits<float>::denorm_min(), huge = std::numeric_limits<float>::max();
    const float inf = std::numeric_limits<float>::infinity();
    return {-0.0f, tiny, -tiny, std::numeric_limits<float>::min(),
            huge,  -huge, inf,  -inf,
            quiet_nan_with_payload, 1.5f, -2.25f, 1e-30f};
}

// MovesBitsTo: `transposer` on special_values() (3, 4) gives out[j, i] = inp[i, j] bit for bit.
::testing::AssertionResult MovesBitsTo(const Transposer& transposer) {
    const std::vector<float> inp = special_values();
    std::vector<float> out(inp.size(), 7.0f);
    transposer(out, inp);
    const MatrixF want = as_matrix(inp, 3, 4).transpose();  // Eigen copies, it does no arithmetic
    for (int j = 0; j < 4; ++j)
        for (int i = 0; i < 3; ++i) {
            const auto got_bits = std::bit_cast<std::uint32_t>(out[std::size_t(j) * 3 + i]);
            const auto want_bits = std::bit_cast<std::uint32_t>(want(j, i));
            if (got_bits != want_bits)
                return ::testing::AssertionFailure()
                       << "out[" << j << ", " << i << "] has the bits 0x" << std::hex << got_bits << ", inp[" << i
                       << ", " << j << "] has 0x" << want_bits << std::dec
                       << ": a transpose copies each float as it is, it must not compute with it "
                          "(0 + -0 is +0, and subnormals may be flushed to 0)";
        }
    return ::testing::AssertionSuccess();
}

TEST(TransposeNaive, MovesEveryBitPatternUnchanged) { EXPECT_TRUE(MovesBitsTo(transpose_naive_of(3, 4))); }

TEST(TransposeBlocked, MovesEveryBitPatternUnchanged) {
    for (int block : {1, 2, 3, 5}) EXPECT_TRUE(MovesBitsTo(transpose_blocked_of(3, 4, block))) << "block " << block;
}

TEST(TransposeBlocked, HandlesBlocksUpToIntMax) {
    // A block larger than the matrix is one tile, clipped to it: even INT_MAX, where a tile end
    // computed as i0 + block, or a scratch tile of block * block floats, overflows an int. And
    // blocks one below, at and one above a dimension (rows 13, cols 7 here).
    const int max = std::numeric_limits<int>::max();
    std::uint64_t seed = 760;
    for (int block : {6, 7, 8, 12, 13, 14, max / 2 + 1, max - 1, max})
        for (const auto& [rows, cols] : {std::pair{13, 7}, std::pair{1, 1}, std::pair{3, 200}}) {
            EXPECT_TRUE(MatchesEigen(transpose_blocked_of(rows, cols, block), rows, cols, seed))
                << "rows x cols = " << rows << " x " << cols << ", block " << block << ", seed " << seed;
            ++seed;
        }
}

TEST(TransposeNaive, RefusesEachNegativeSize) {
    std::vector<float> out(6, kNaN);
    transpose_naive(out, kHandInput, 2, 3);
    EXPECT_TRUE(AllClose(out, kHandOutput, {0.0, 0.0})) << course::testing::kValidCallFirst;
    EXPECT_TRUE(ThrowsInvalidArgument([&] { transpose_naive(out, kHandInput, 2, -3); }, {"transpose_naive", "cols = -3"}));
    EXPECT_TRUE(ThrowsInvalidArgument([&] { transpose_naive(out, kHandInput, -2, 3); }, {"transpose_naive", "rows = -2"}));
    const int min = std::numeric_limits<int>::min();
    EXPECT_TRUE(ThrowsInvalidArgument([&] { transpose_naive(out, kHandInput, min, 3); },
                                      {"transpose_naive", std::to_string(min)}));
}

TEST(TransposeBlocked, RefusesEachNegativeSizeAndBlock) {
    std::vector<float> out(6, kNaN);
    transpose_blocked(out, kHandInput, 2, 3, 2);
    EXPECT_TRUE(AllClose(out, kHandOutput, {0.0, 0.0})) << course::testing::kValidCallFirst;
    const int min = std::numeric_limits<int>::min();
    EXPECT_TRUE(ThrowsInvalidArgument([&] { transpose_blocked(out, kHandInput, 2, -3, 2); },
                                      {"transpose_blocked", "cols = -3"}));
    for (int block : {-1, min})
        EXPECT_TRUE(ThrowsInvalidArgument([&] { transpose_blocked(out, kHandInput, 2, 3, block); },
                                          {"transpose_blocked", "block = " + std::to_string(block)}));
}

}  // namespace
}  // namespace course::linear_algebra
