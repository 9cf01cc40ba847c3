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
#include <cmath>
#include <cstdint>
#include <functional>
#include <limits>
#include <span>
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

}  // namespace
}  // namespace course::linear_algebra
