// Tests for exercise 3, binary search (modules/data_structures/learner/binary_search.cpp).
//
// Oracles: hand-worked cases; std::lower_bound and std::upper_bound; a linear scan for the rotated
// arrays. Every search on Counted keys runs under a comparison budget, the contract's bound
// (2 * bit_width(n), or 4 * bit_width(n) + 2 for search_rotated): a search that scans linearly or
// never ends (lo = mid on a window of two) throws ComparisonBudgetExceeded and the test reports it,
// without waiting for a timeout.
#include "data_structures/binary_search.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <bit>
#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <vector>

#include "course/testing.hpp"
#include "data_structures_checks.hpp"

namespace course::data_structures {
namespace {

using course::testing::ThrowsInvalidArgument;
using testing::SeededRng;

constexpr std::int64_t kMin = std::numeric_limits<std::int64_t>::min();
constexpr std::int64_t kMax = std::numeric_limits<std::int64_t>::max();

// search_budget: the contract's bound for lower_bound, upper_bound and find_rotation.
std::int64_t search_budget(std::size_t n) { return 2 * static_cast<std::int64_t>(std::bit_width(n)); }
// rotated_budget: the contract's bound for search_rotated.
std::int64_t rotated_budget(std::size_t n) { return 4 * static_cast<std::int64_t>(std::bit_width(n)) + 2; }

// budgeted: runs search() with a comparison budget. A search that exceeds it is reported (with
// `what`, the problem) and yields std::nullopt, so the test goes on to the next case.
template <typename Search>
auto budgeted(std::int64_t budget, const std::string& what, Search search) -> std::optional<decltype(search())> {
    CountScope scope(budget);
    try {
        return search();
    } catch (const ComparisonBudgetExceeded&) {
        ADD_FAILURE() << what << ": more than " << budget << " comparisons (the contract's bound). "
                      << "If this is a window of one or two elements, the search may never end: does every "
                         "round shrink [lo, hi)? (lo = mid does not when hi - lo == 1.)";
        return std::nullopt;
    }
}

// pairs_array: 0, 0, 2, 2, 4, 4, ... (n elements): every key has a duplicate, odd keys are absent.
std::vector<std::int64_t> pairs_array(std::size_t n) {
    std::vector<std::int64_t> a(n);
    for (std::size_t i = 0; i < n; ++i) a[i] = 2 * static_cast<std::int64_t>(i / 2);
    return a;
}

// sorted_unique_keys: n distinct random keys, sorted, including the int64 extremes when n >= 2.
std::vector<std::int64_t> sorted_unique_keys(std::size_t n, std::uint64_t seed) {
    std::vector<std::int64_t> keys = testing::random_keys(2 * n + 2, seed);
    keys.push_back(kMin);
    keys.push_back(kMax);
    std::sort(keys.begin(), keys.end());
    keys.erase(std::unique(keys.begin(), keys.end()), keys.end());
    // Keep n of them, always including both extremes.
    std::vector<std::int64_t> out;
    const std::size_t stride = keys.size() / std::max<std::size_t>(n, 1);
    for (std::size_t i = 0; i < keys.size() && out.size() < n; i += std::max<std::size_t>(stride, 1)) out.push_back(keys[i]);
    if (n >= 2) out.back() = kMax;
    return out;
}

// rotated_at: the sorted keys s rotated so that the smallest one lands at position r:
// (s[n - r], ..., s[n - 1], s[0], ..., s[n - r - 1]).
std::vector<std::int64_t> rotated_at(std::vector<std::int64_t> s, std::size_t r) {
    if (s.empty()) return s;
    std::rotate(s.begin(), s.begin() + static_cast<std::ptrdiff_t>((s.size() - r) % s.size()), s.end());
    return s;
}

// The four searches, checked the same way: first the Counted overload under the contract's
// comparison budget (so a search that never ends is stopped), then, only if that one finished,
// the std::int64_t overload, which must agree. std::nullopt when the budget was exceeded.
std::optional<std::size_t> checked_lower_bound(const std::vector<std::int64_t>& a, std::int64_t key) {
    const std::vector<Counted> c = to_counted(a);
    const std::string what = "lower_bound(key " + std::to_string(key) + ") in " + std::to_string(a.size()) + " sorted keys";
    const auto got = budgeted(search_budget(a.size()), what, [&] { return lower_bound(c, Counted(key)); });
    if (got) {
        EXPECT_EQ(lower_bound(a, key), *got) << what << ": the std::int64_t and Counted overloads disagree";
    }
    return got;
}

std::optional<std::size_t> checked_upper_bound(const std::vector<std::int64_t>& a, std::int64_t key) {
    const std::vector<Counted> c = to_counted(a);
    const std::string what = "upper_bound(key " + std::to_string(key) + ") in " + std::to_string(a.size()) + " sorted keys";
    const auto got = budgeted(search_budget(a.size()), what, [&] { return upper_bound(c, Counted(key)); });
    if (got) {
        EXPECT_EQ(upper_bound(a, key), *got) << what << ": the std::int64_t and Counted overloads disagree";
    }
    return got;
}

std::optional<std::size_t> checked_find_rotation(const std::vector<std::int64_t>& a) {
    const std::vector<Counted> c = to_counted(a);
    const std::string what = "find_rotation of " + std::to_string(a.size()) + " rotated keys";
    const auto got = budgeted(search_budget(a.size()), what, [&] { return find_rotation(c); });
    if (got) {
        EXPECT_EQ(find_rotation(a), *got) << what << ": the std::int64_t and Counted overloads disagree";
    }
    return got;
}

// Returns std::nullopt for "budget exceeded", and an engaged optional holding search_rotated's
// answer (itself an optional position) otherwise.
std::optional<std::optional<std::size_t>> checked_search_rotated(const std::vector<std::int64_t>& a, std::int64_t key) {
    const std::vector<Counted> c = to_counted(a);
    const std::string what = "search_rotated(key " + std::to_string(key) + ") in " + std::to_string(a.size()) + " rotated keys";
    const auto got = budgeted(rotated_budget(a.size()), what, [&] { return search_rotated(c, Counted(key)); });
    if (got) {
        EXPECT_EQ(search_rotated(a, key), *got) << what << ": the std::int64_t and Counted overloads disagree";
    }
    return got;
}

TEST(LowerBound, HandWorkedCases) {
    // a[0, i) < key <= a[i, n), worked out by hand for a = (1, 3, 3, 3, 7).
    const std::vector<std::int64_t> a = {1, 3, 3, 3, 7};
    const std::vector<std::pair<std::int64_t, std::size_t>> cases = {{0, 0}, {1, 0}, {2, 1}, {3, 1},
                                                                     {4, 4}, {7, 4}, {8, 5}};
    for (const auto& [key, want] : cases) {
        EXPECT_EQ(checked_lower_bound(a, key), want) << "lower_bound((1, 3, 3, 3, 7), " << key << ")";
    }
    EXPECT_EQ(checked_lower_bound({}, 5), 0u) << "the empty span";
}

TEST(UpperBound, HandWorkedCases) {
    // a[0, i) <= key < a[i, n), for a = (1, 3, 3, 3, 7).
    const std::vector<std::int64_t> a = {1, 3, 3, 3, 7};
    const std::vector<std::pair<std::int64_t, std::size_t>> cases = {{0, 0}, {1, 1}, {2, 1}, {3, 4},
                                                                     {4, 4}, {7, 5}, {8, 5}};
    for (const auto& [key, want] : cases) {
        EXPECT_EQ(checked_upper_bound(a, key), want) << "upper_bound((1, 3, 3, 3, 7), " << key << ")";
    }
    EXPECT_EQ(checked_upper_bound({}, 5), 0u) << "the empty span";
}

TEST(LowerBound, MatchesStdForEveryKeyOfSmallArrays) {
    // n = 0..9, with duplicates (0, 0, 2, 2, ...), every key from below the first to above the
    // last; the windows of one and two elements are where an off-by-one loops forever.
    for (std::size_t n = 0; n <= 9; ++n) {
        const std::vector<std::int64_t> a = pairs_array(n);
        for (std::int64_t key = -1; key <= static_cast<std::int64_t>(n) + 1; ++key) {
            const std::size_t want = static_cast<std::size_t>(std::lower_bound(a.begin(), a.end(), key) - a.begin());
            const auto got = checked_lower_bound(a, key);
            if (got) {
                EXPECT_EQ(*got, want) << "lower_bound of " << key << " in 0, 0, 2, 2, ... (n = " << n << ")";
            }
        }
    }
}

TEST(UpperBound, MatchesStdForEveryKeyOfSmallArrays) {
    for (std::size_t n = 0; n <= 9; ++n) {
        const std::vector<std::int64_t> a = pairs_array(n);
        for (std::int64_t key = -1; key <= static_cast<std::int64_t>(n) + 1; ++key) {
            const std::size_t want = static_cast<std::size_t>(std::upper_bound(a.begin(), a.end(), key) - a.begin());
            const auto got = checked_upper_bound(a, key);
            if (got) {
                EXPECT_EQ(*got, want) << "upper_bound of " << key << " in 0, 0, 2, 2, ... (n = " << n << ")";
            }
        }
    }
}

// queries_for: keys to look up in a: the extremes, keys of a, and random keys (mostly absent).
std::vector<std::int64_t> queries_for(const std::vector<std::int64_t>& a, std::uint64_t seed, int count) {
    SeededRng rng(seed);
    std::vector<std::int64_t> queries = {kMin, kMin + 1, -9, 0, 9, kMax - 1, kMax};
    for (int q = 0; q < count; ++q) {
        queries.push_back(q % 2 ? a[rng.below(a.size())] : static_cast<std::int64_t>(rng.next()));
    }
    return queries;
}

TEST(LowerBound, MatchesStdOnLargeRandomArrays) {
    const std::uint64_t seed = 11;
    std::vector<std::int64_t> a = testing::random_keys(100'000, seed);
    std::sort(a.begin(), a.end());
    for (std::int64_t key : queries_for(a, seed + 1, 300)) {
        const std::size_t want = static_cast<std::size_t>(std::lower_bound(a.begin(), a.end(), key) - a.begin());
        const auto got = checked_lower_bound(a, key);
        ASSERT_TRUE(got.has_value());
        ASSERT_EQ(*got, want) << "lower_bound of " << key << " in 100000 random sorted keys, seed " << seed;
    }
}

TEST(UpperBound, MatchesStdOnLargeRandomArrays) {
    const std::uint64_t seed = 12;
    std::vector<std::int64_t> a = testing::random_keys(100'000, seed);
    std::sort(a.begin(), a.end());
    for (std::int64_t key : queries_for(a, seed + 1, 300)) {
        const std::size_t want = static_cast<std::size_t>(std::upper_bound(a.begin(), a.end(), key) - a.begin());
        const auto got = checked_upper_bound(a, key);
        ASSERT_TRUE(got.has_value());
        ASSERT_EQ(*got, want) << "upper_bound of " << key << " in 100000 random sorted keys, seed " << seed;
    }
}

TEST(FindRotation, HandWorkedCases) {
    EXPECT_EQ(checked_find_rotation({4, 5, 6, 7, 0, 1, 2}), 4u) << "(4, 5, 6, 7, 0, 1, 2)";
    EXPECT_EQ(checked_find_rotation({0, 1, 2}), 0u) << "not rotated";
    EXPECT_EQ(checked_find_rotation({2, 1}), 1u) << "(2, 1)";
    EXPECT_EQ(checked_find_rotation({7}), 0u) << "one element";
    EXPECT_EQ(checked_find_rotation({kMax, kMin, 0}), 1u) << "(max, min, 0)";
}

TEST(FindRotation, FindsEveryRotationOfSmallArrays) {
    for (std::size_t n = 1; n <= 12; ++n) {
        std::vector<std::int64_t> s(n);
        for (std::size_t i = 0; i < n; ++i) s[i] = 3 * static_cast<std::int64_t>(i) - 10;
        for (std::size_t r = 0; r < n; ++r) {
            const auto got = checked_find_rotation(rotated_at(s, r));
            if (got) {
                EXPECT_EQ(*got, r) << "n = " << n << " sorted keys rotated so that the smallest is at " << r;
            }
        }
    }
}

TEST(FindRotation, RefusesAnEmptySpan) {
    EXPECT_EQ(checked_find_rotation({1, 2}), 0u) << course::testing::kValidCallFirst;  // valid first
    EXPECT_TRUE(ThrowsInvalidArgument([] { find_rotation(std::vector<std::int64_t>{}); }, {"find_rotation", "empty"}));
    EXPECT_TRUE(ThrowsInvalidArgument([] { find_rotation(std::vector<Counted>{}); }, {"find_rotation", "empty"}));
}

TEST(SearchRotated, HandWorkedCases) {
    const std::vector<std::int64_t> a = {4, 5, 6, 7, 0, 1, 2};
    using Found = std::optional<std::optional<std::size_t>>;
    const Found absent(std::in_place);  // the search finished and found nothing
    EXPECT_EQ(checked_search_rotated(a, 0), Found(4));
    EXPECT_EQ(checked_search_rotated(a, 7), Found(3));
    EXPECT_EQ(checked_search_rotated(a, 4), Found(0));
    EXPECT_EQ(checked_search_rotated(a, 2), Found(6));
    EXPECT_EQ(checked_search_rotated(a, 3), absent) << "3 is not in (4, 5, 6, 7, 0, 1, 2)";
    EXPECT_EQ(checked_search_rotated(a, -1), absent);
    EXPECT_EQ(checked_search_rotated({}, 3), absent) << "the empty span";
    EXPECT_EQ(checked_search_rotated({3, 1}, 1), Found(1)) << "(3, 1), key 1";
}

// position_of: the linear-scan oracle.
std::optional<std::size_t> position_of(const std::vector<std::int64_t>& a, std::int64_t key) {
    const auto at = std::find(a.begin(), a.end(), key);
    if (at == a.end()) return std::nullopt;
    return static_cast<std::size_t>(at - a.begin());
}

TEST(SearchRotated, FindsEveryKeyOfEveryRotationOfSmallArrays) {
    // Keys 3i - 10 are present; the keys in between, and those beyond both ends, are absent.
    for (std::size_t n = 0; n <= 12; ++n) {
        std::vector<std::int64_t> s(n);
        for (std::size_t i = 0; i < n; ++i) s[i] = 3 * static_cast<std::int64_t>(i) - 10;
        for (std::size_t r = 0; r < std::max<std::size_t>(n, 1); ++r) {
            const std::vector<std::int64_t> a = rotated_at(s, r);
            for (std::int64_t key = -12; key <= 3 * static_cast<std::int64_t>(n) - 8; ++key) {
                const auto got = checked_search_rotated(a, key);
                if (got) {
                    EXPECT_EQ(*got, position_of(a, key))
                        << "search_rotated for " << key << " in n = " << n << " sorted keys rotated to start at " << r;
                }
            }
        }
    }
}

TEST(SearchRotated, MatchesLinearSearchOnLargeRotatedArrays) {
    const std::uint64_t seed = 13;
    SeededRng rng(seed);
    for (std::size_t n : {1000, 65536, 100'000}) {
        const std::vector<std::int64_t> s = sorted_unique_keys(n, seed + n);
        const std::size_t r = rng.below(s.size());
        const std::vector<std::int64_t> a = rotated_at(s, r);
        for (std::int64_t key : queries_for(a, seed + 2 * n, 100)) {
            const auto got = checked_search_rotated(a, key);
            ASSERT_TRUE(got.has_value());
            ASSERT_EQ(*got, position_of(a, key)) << "search_rotated for " << key << " in n = " << n
                                                 << " sorted keys rotated to start at " << r << ", seed " << seed;
        }
    }
}

// ---- One comparison per round, and a window that halves ----
// lower_bound and upper_bound have n + 1 possible answers, so a search needs at least
// ceil(log2(n + 1)) = bit_width(n) comparisons in the worst case, and halving [lo, hi) with one
// comparison per round reaches that: a window of w leaves at most floor(w / 2). The contract holds
// the two bounds to exactly that. A split at a third (mid = lo + (hi - lo) / 3) leaves up to
// 2w / 3 and needs about 1.71 log2 n rounds (28 for n = 100 000, against 17); a second comparison
// per round (an early a[mid] == key) doubles the count. Both stay O(log n), and both fail here.
template <typename Search>
void check_bit_width_bound(const char* name, Search search) {
    const auto check = [&](const std::vector<std::int64_t>& a, std::int64_t key) {
        const std::vector<Counted> c = to_counted(a);
        const auto bound = static_cast<std::int64_t>(std::bit_width(a.size()));
        CountScope scope(4 * bound + 4);  // a search that never ends is stopped
        try {
            (void)search(std::span<const Counted>(c), Counted(key));
        } catch (const ComparisonBudgetExceeded&) {
        }
        EXPECT_LE(scope.comparisons(), bound)
            << name << "(key " << key << ") in " << a.size() << " keys made " << scope.comparisons()
            << " comparisons; bit_width(n) = " << bound << " is what halving [lo, hi) with one comparison per round "
            << "needs at most (a split at a third, or two comparisons per round, needs more)";
    };
    // Every key of every small array, and the keys below, between and beyond those of large ones
    // (the longest paths: every round goes the same way).
    for (std::size_t n = 0; n <= 40; ++n) {
        const std::vector<std::int64_t> a = pairs_array(n);
        for (std::int64_t key = -1; key <= static_cast<std::int64_t>(n) + 1; ++key) check(a, key);
    }
    for (std::size_t n : {1023, 1024, 65535, 100'000}) {
        const std::vector<std::int64_t> a = pairs_array(n);
        for (std::int64_t key : {kMin, std::int64_t{-1}, std::int64_t{0}, std::int64_t{1}, static_cast<std::int64_t>(n / 3),
                                 static_cast<std::int64_t>(n) - 2, static_cast<std::int64_t>(n), kMax}) {
            check(a, key);
        }
    }
}

TEST(LowerBound, MakesAtMostBitWidthComparisons) {
    check_bit_width_bound("lower_bound", [](std::span<const Counted> a, const Counted& key) { return lower_bound(a, key); });
}

TEST(UpperBound, MakesAtMostBitWidthComparisons) {
    check_bit_width_bound("upper_bound", [](std::span<const Counted> a, const Counted& key) { return upper_bound(a, key); });
}

TEST(FindRotation, MakesAtMostCeilLog2NComparisons) {
    // n rotations are possible, so ceil(log2 n) = bit_width(n - 1) comparisons are needed in the
    // worst case; halving the window [0, n - 1) (the last element is never a candidate to test
    // against itself) with one comparison per round makes no more.
    const auto check = [](const std::vector<std::int64_t>& a, std::size_t r) {
        const std::vector<Counted> c = to_counted(a);
        const auto bound = static_cast<std::int64_t>(std::bit_width(a.size() - 1));
        CountScope scope(4 * bound + 4);
        try {
            (void)find_rotation(std::span<const Counted>(c));
        } catch (const ComparisonBudgetExceeded&) {
        }
        EXPECT_LE(scope.comparisons(), bound)
            << "find_rotation of " << a.size() << " keys rotated to start at " << r << " made " << scope.comparisons()
            << " comparisons; ceil(log2 n) = " << bound << " is what halving [0, n - 1) with one comparison per round "
            << "needs at most";
    };
    for (std::size_t n = 1; n <= 40; ++n) {
        std::vector<std::int64_t> s(n);
        for (std::size_t i = 0; i < n; ++i) s[i] = 2 * static_cast<std::int64_t>(i);
        for (std::size_t r = 0; r < n; ++r) check(rotated_at(s, r), r);
    }
    for (std::size_t n : {1023, 1024, 65536, 100'000}) {
        std::vector<std::int64_t> s(n);
        for (std::size_t i = 0; i < n; ++i) s[i] = 2 * static_cast<std::int64_t>(i);
        for (std::size_t r : {std::size_t{0}, std::size_t{1}, n / 3, n - 1}) check(rotated_at(s, r), r);
    }
}

}  // namespace
}  // namespace course::data_structures
