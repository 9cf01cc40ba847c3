// Tests for exercise 5, radix sort (modules/data_structures/learner/radix_sort.cpp).
//
// Oracles: std::sort for the uint32 keys; for floats, std::sort with a comparator that orders by
// value and puts -0.0 before +0.0 (written from std::signbit, independent of the bit trick under
// test), and an ascending list of special floats written out by hand. Radix sort makes no
// comparisons, so nothing is counted here; its speed is in the benchmark (BM_Sort/radix).
#include "data_structures/radix_sort.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <bit>
#include <cmath>
#include <cstdint>
#include <limits>
#include <string>
#include <vector>

#include "data_structures_checks.hpp"

namespace course::data_structures {
namespace {

using testing::SameSequence;
using testing::SeededRng;

constexpr float kInf = std::numeric_limits<float>::infinity();
constexpr float kMaxF = std::numeric_limits<float>::max();
constexpr float kDenorm = std::numeric_limits<float>::denorm_min();
constexpr float kMinNormal = std::numeric_limits<float>::min();

// bits_of: the float values as their bit patterns, so that -0.0 and +0.0 differ in comparisons.
std::vector<std::uint32_t> bits_of(const std::vector<float>& v) {
    std::vector<std::uint32_t> out(v.size());
    for (std::size_t i = 0; i < v.size(); ++i) out[i] = std::bit_cast<std::uint32_t>(v[i]);
    return out;
}

// total_less: by value, and -0.0 before +0.0 (IEEE 754 totalOrder on non-NaN values).
bool total_less(float a, float b) {
    if (a < b) return true;
    if (b < a) return false;
    return std::signbit(a) && !std::signbit(b);
}

// The floats in ascending totalOrder, by hand: each is the next one up.
const std::vector<float> kAscending = {-kInf, -kMaxF, -1e30f, -2.0f, -1.5f, -1.0f, -kMinNormal, -kDenorm,
                                       -0.0f, 0.0f,   kDenorm, kMinNormal, 1.0f, 1.5f,   2.0f,   1e30f, kMaxF, kInf};

TEST(FloatSortKey, IsStrictlyIncreasingAlongAscendingFloats) {
    for (std::size_t i = 0; i + 1 < kAscending.size(); ++i) {
        const float x = kAscending[i], y = kAscending[i + 1];
        EXPECT_LT(float_sort_key(x), float_sort_key(y))
            << "float_sort_key(" << x << ") = " << float_sort_key(x) << " is not below float_sort_key(" << y
            << ") = " << float_sort_key(y) << (x < 0 && y < 0 ? ": negative floats need all their bits flipped, not just the sign" : "")
            << (x == 0 && y == 0 ? ": -0.0 must map just below +0.0" : "");
    }
}

TEST(FloatSortKey, RoundTripsThroughFloatFromSortKey) {
    SeededRng rng(5);
    std::vector<float> values = kAscending;
    while (values.size() < 20000) {
        const auto bits = static_cast<std::uint32_t>(rng.next());
        const float x = std::bit_cast<float>(bits);
        if (!std::isnan(x)) values.push_back(x);
    }
    for (float x : values) {
        const float back = float_from_sort_key(float_sort_key(x));
        ASSERT_EQ(std::bit_cast<std::uint32_t>(back), std::bit_cast<std::uint32_t>(x))
            << "float_from_sort_key(float_sort_key(" << x << ")) = " << back << ": the bits differ";
    }
}

TEST(FloatSortKey, OrdersRandomPairsLikeTheFloats) {
    SeededRng rng(6);
    for (int trial = 0; trial < 20000; ++trial) {
        const float x = std::bit_cast<float>(static_cast<std::uint32_t>(rng.next()));
        const float y = std::bit_cast<float>(static_cast<std::uint32_t>(rng.next()));
        if (std::isnan(x) || std::isnan(y)) continue;
        ASSERT_EQ(float_sort_key(x) < float_sort_key(y), total_less(x, y)) << "x = " << x << ", y = " << y;
    }
}

TEST(RadixSort, SortsEdgeCasesOfUint32) {
    const std::uint32_t top = 0xFFFFFFFFu;
    const std::vector<std::vector<std::uint32_t>> cases = {
        {},
        {7},
        {2, 1},
        {5, 5, 5, 5, 5},
        {0, top, 1, top - 1, 0x80000000u, 0x7FFFFFFFu},
        {0x01000000u, 0x00010000u, 0x00000100u, 0x00000001u},  // one digit each, in every byte
        {0x0100u, 0x00FFu, 0x0101u, 0x00FEu},                   // carries across a digit boundary
        {0xAB000001u, 0xAB000000u, 0xAA0000FFu},                // equal high digits, differing low ones
    };
    for (const auto& input : cases) {
        std::vector<std::uint32_t> got = input, want = input;
        radix_sort(got);
        std::sort(want.begin(), want.end());
        EXPECT_TRUE(SameSequence(got, want)) << "radix_sort of " << input.size() << " hand-made keys (case with first key "
                                             << (input.empty() ? 0 : input[0]) << ")";
    }
    for (std::uint32_t n : {100u, 1000u}) {
        std::vector<std::uint32_t> sorted(n), reversed(n);
        const std::uint32_t step = 0xFFFFFFFFu / n;  // spread over all four digits, no overflow
        for (std::uint32_t i = 0; i < n; ++i) {
            sorted[i] = i * step;
            reversed[n - 1 - i] = i * step;
        }
        std::vector<std::uint32_t> got = reversed;
        radix_sort(got);
        EXPECT_TRUE(SameSequence(got, sorted)) << n << " reversed keys";
        got = sorted;
        radix_sort(got);
        EXPECT_TRUE(SameSequence(got, sorted)) << n << " sorted keys";
    }
}

TEST(RadixSort, MatchesStdSortOnRandomUint32) {
    for (std::size_t n : {2, 17, 255, 256, 257, 1000, 65537, 1'000'000}) {
        const std::uint64_t seed = 70 + n;
        SeededRng rng(seed);
        std::vector<std::uint32_t> keys(n);
        for (auto& k : keys) {
            // Full-range keys, keys below 2^8 and 2^16 (high digits all zero), and duplicates.
            const std::uint64_t kind = rng.below(4);
            const auto r = static_cast<std::uint32_t>(rng.next());
            k = kind == 0 ? r & 0xFFu : kind == 1 ? r & 0xFFFFu : kind == 2 ? r % 1000u : r;
        }
        std::vector<std::uint32_t> want = keys;
        std::sort(want.begin(), want.end());
        radix_sort(keys);
        EXPECT_TRUE(SameSequence(keys, want)) << "radix_sort of " << n << " random keys, seed " << seed;
    }
}

TEST(RadixSort, SortsFloatsWithSignedZerosAndInfinities) {
    std::vector<float> got = {1.5f, -0.0f, 0.0f, -kInf, -1.5f, kInf, -0.0f, kDenorm, -kDenorm};
    radix_sort(got);
    // Worked out by hand: by value, and -0.0 before +0.0.
    const std::vector<float> want = {-kInf, -1.5f, -kDenorm, -0.0f, -0.0f, 0.0f, kDenorm, 1.5f, kInf};
    EXPECT_TRUE(SameSequence(bits_of(got), bits_of(want)))
        << "as bit patterns (so that -0.0 and +0.0 differ): want -inf, -1.5, -denorm, -0, -0, +0, denorm, 1.5, inf";
    std::vector<float> reversed(kAscending.rbegin(), kAscending.rend());
    radix_sort(reversed);
    EXPECT_TRUE(SameSequence(bits_of(reversed), bits_of(kAscending))) << "the special floats, reversed";
}

TEST(RadixSort, MatchesStdSortOnRandomFloats) {
    for (std::size_t n : {0, 1, 3, 1000, 100'003, 1'000'000}) {
        const std::uint64_t seed = 80 + n;
        SeededRng rng(seed);
        std::vector<float> values;
        values.reserve(n);
        while (values.size() < n) {
            const std::uint64_t kind = rng.below(8);
            float x;
            if (kind == 0) {
                x = kAscending[rng.below(kAscending.size())];  // specials, zeros of both signs
            } else if (kind < 4) {
                x = static_cast<float>(static_cast<std::int64_t>(rng.below(2001)) - 1000) / 8.0f;  // duplicates
            } else {
                x = std::bit_cast<float>(static_cast<std::uint32_t>(rng.next()));  // any exponent
                if (std::isnan(x)) continue;
            }
            values.push_back(x);
        }
        std::vector<float> want = values;
        std::sort(want.begin(), want.end(), total_less);
        radix_sort(values);
        EXPECT_TRUE(SameSequence(bits_of(values), bits_of(want)))
            << "radix_sort of " << n << " random floats (as bit patterns; -0.0 before +0.0), seed " << seed;
    }
}

TEST(RadixSort, KeepsItsCountersSmall) {
    // The contract's memory: one buffer of n keys (on the heap) and the counters of four 8-bit
    // digits, 4 x 256 of them: 8 KiB even on the stack. 64 KiB of stack leaves room for that and
    // the thread's own start-up (about 5 KiB); counters for more digits than the four of a 32-bit
    // key (one histogram per digit of a wrong digit count), or 16-bit digits (65 536 counters
    // each, 512 KiB a pass), exceed it.
    SeededRng rng(91);
    std::vector<std::uint32_t> keys(10'000);
    for (auto& k : keys) k = static_cast<std::uint32_t>(rng.next());
    std::vector<std::uint32_t> want = keys;
    std::sort(want.begin(), want.end());
    const std::size_t used = testing::stack_bytes_used([&] { radix_sort(std::span<std::uint32_t>(keys)); });
    EXPECT_LE(used, std::size_t{64} << 10) << "radix_sort of 10000 keys used " << used
                                            << " bytes of stack: four digits of 8 bits need 4 x 256 counters";
    EXPECT_TRUE(SameSequence(keys, want)) << "radix_sort of 10000 random keys";
}

}  // namespace
}  // namespace course::data_structures
