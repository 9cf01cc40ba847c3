// Tests for exercise 4, comparison sorts (modules/data_structures/learner/comparison_sorts.cpp).
//
// Oracles: std::sort for the order, std::stable_sort for stability (each Counted element carries
// its input position as payload), and counts of comparisons against the contract's bounds:
//   insertion sort  at most I + n - 1, I the number of inversions (counted by brute force);
//   merge sort      at most 2 n log2 n: n ceil(log2 n) for the merges, plus the insertion sorts of
//                   ranges of k <= 17 elements, k(k-1)/2 <= 2 k log2 k;
//   quicksort       at most 2 n log2 n: a median-of-three pivot splits sorted and reversed ranges
//                   in the middle, so there are about log2 n levels, each comparing every element
//                   with the pivot about once, plus two equality tests per swap (the reference
//                   makes 1.5 n log2 n on random keys, 0.9 on sorted);
//   heapsort        at most 3 n log2 n: two comparisons per level of each sift-down (the reference
//                   makes 1.9 n log2 n).
// A first-element pivot makes n(n-1)/2 comparisons on sorted input: 50 million for n = 10007,
// against a bound of 266 000, so the count tells quadratic from n log n on any machine.
#include "data_structures/comparison_sorts.hpp"

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

constexpr std::int64_t kMin = std::numeric_limits<std::int64_t>::min();
constexpr std::int64_t kMax = std::numeric_limits<std::int64_t>::max();

// SortUnderTest: one sort, all four overloads, and its comparison bound c n log2 n.
struct SortUnderTest {
    const char* name;
    void (*sort_counted)(std::span<Counted>);
    void (*sort_int64)(std::span<std::int64_t>);
    void (*sort_uint32)(std::span<std::uint32_t>);
    void (*sort_float)(std::span<float>);
    double c;     // comparisons <= c n log2 n on every input (0: no n log n bound, insertion sort)
    bool stable;  // equal keys keep their input order
};

const SortUnderTest kInsertion = {"insertion_sort", insertion_sort, insertion_sort, insertion_sort, insertion_sort, 0.0, true};
const SortUnderTest kMerge = {"merge_sort", merge_sort, merge_sort, merge_sort, merge_sort, 2.0, true};
const SortUnderTest kQuick = {"quicksort", quicksort, quicksort, quicksort, quicksort, 2.0, false};
const SortUnderTest kHeap = {"heapsort", heapsort, heapsort, heapsort, heapsort, 3.0, false};

// check_sort: sorts `keys` with the Counted overload and then the std::int64_t one, and checks
// the result against std::sort (and std::stable_sort for the payloads of a stable sort). Returns
// the number of comparisons of the Counted run. With a budget (>= 0), a sort that would exceed it
// is stopped there (a quadratic sort of 100 000 keys would take billions of comparisons), reported,
// and budget + 1 is returned.
std::int64_t check_sort(const SortUnderTest& sort, const std::vector<std::int64_t>& keys, const std::string& what,
                        std::int64_t budget = -1) {
    std::vector<Counted> c = to_counted(keys);
    CountScope scope(budget);
    try {
        sort.sort_counted(c);
    } catch (const ComparisonBudgetExceeded&) {
        ADD_FAILURE() << sort.name << " of " << what << " was stopped after " << budget
                      << " comparisons, far beyond its bound: is it quadratic on this input?"
                      << (sort.sort_counted == kQuick.sort_counted
                              ? " (a pivot that is the smallest or largest key each time, as the first element is on "
                                "sorted input; or a two-way partition on equal keys)"
                              : "");
        return budget + 1;
    }
    const std::int64_t comparisons = scope.comparisons();

    std::vector<std::int64_t> want = keys;
    std::sort(want.begin(), want.end());
    EXPECT_TRUE(SameSequence(keys_of(c), want)) << sort.name << " (Counted) of " << what;

    // The payloads must be a permutation of 0..n-1: no element lost or duplicated.
    std::vector<std::int64_t> payloads;
    for (const Counted& x : c) payloads.push_back(x.payload);
    if (sort.stable) {
        std::vector<Counted> oracle = to_counted(keys);
        std::stable_sort(oracle.begin(), oracle.end());
        std::vector<std::int64_t> want_payloads;
        for (const Counted& x : oracle) want_payloads.push_back(x.payload);
        EXPECT_TRUE(SameSequence(payloads, want_payloads))
            << sort.name << " of " << what << " is not stable: equal keys must keep their input order "
            << "(payload = input position; does the merge take from the right half on a tie?)";
    } else {
        std::sort(payloads.begin(), payloads.end());
        for (std::size_t i = 0; i < payloads.size(); ++i) {
            if (payloads[i] != static_cast<std::int64_t>(i)) {
                ADD_FAILURE() << sort.name << " of " << what << " lost or duplicated elements: input position " << i
                              << " is missing from the output";
                break;
            }
        }
    }

    std::vector<std::int64_t> plain = keys;
    sort.sort_int64(plain);
    EXPECT_TRUE(SameSequence(plain, want)) << sort.name << " (std::int64_t) of " << what;
    return comparisons;
}

// The hand-made inputs every sort must handle.
void check_edge_cases(const SortUnderTest& sort) {
    check_sort(sort, {5, -3, 7, 7, 0}, "(5, -3, 7, 7, 0)");
    check_sort(sort, {}, "the empty array");
    check_sort(sort, {42}, "one element");
    check_sort(sort, {2, 1}, "(2, 1)");
    check_sort(sort, {1, 2}, "(1, 2)");
    check_sort(sort, {kMax, kMin, 0, -1, kMax, kMin, 1}, "keys at the int64 extremes");
    check_sort(sort, {3, 1, 2, 3, 1, 2, 3, 1, 2}, "three keys repeated");
    for (std::int64_t n : {15, 16, 17, 18, 33, 100}) {
        std::vector<std::int64_t> sorted(static_cast<std::size_t>(n)), reversed, equal(static_cast<std::size_t>(n), 7);
        for (std::int64_t i = 0; i < n; ++i) sorted[static_cast<std::size_t>(i)] = i;
        reversed.assign(sorted.rbegin(), sorted.rend());
        const std::string size = std::to_string(n);
        check_sort(sort, sorted, size + " sorted keys");
        check_sort(sort, reversed, size + " reversed keys");
        check_sort(sort, equal, size + " equal keys");
    }
}

void check_random_inputs(const SortUnderTest& sort, const std::vector<std::size_t>& sizes) {
    for (std::size_t n : sizes) {
        const std::uint64_t seed = 100 + n;
        check_sort(sort, testing::random_keys(n, seed), std::to_string(n) + " random keys (duplicates, extremes), seed " + std::to_string(seed));
    }
}

// check_bound: comparisons <= c n log2 n on sorted, reversed, all-equal and random inputs.
void check_comparison_bound(const SortUnderTest& sort) {
    for (std::size_t n : {1000, 10007}) {
        std::vector<std::int64_t> sorted(n);
        for (std::size_t i = 0; i < n; ++i) sorted[i] = static_cast<std::int64_t>(i);
        const std::vector<std::int64_t> reversed(sorted.rbegin(), sorted.rend());
        const std::vector<std::int64_t> equal(n, 3);
        const std::vector<std::int64_t> random = testing::random_keys(n, 7 + n);
        const double bound = sort.c * static_cast<double>(n) * std::log2(static_cast<double>(n));
        const std::pair<const char*, const std::vector<std::int64_t>*> inputs[] = {
            {"sorted", &sorted}, {"reversed", &reversed}, {"all-equal", &equal}, {"random", &random}};
        for (const auto& [shape, keys] : inputs) {
            const auto budget = static_cast<std::int64_t>(4 * bound);
            const std::int64_t comparisons = check_sort(sort, *keys, std::to_string(n) + " " + shape + " keys", budget);
            if (comparisons > budget) continue;  // stopped, and reported, by check_sort
            EXPECT_LE(static_cast<double>(comparisons), bound)
                << sort.name << " made " << comparisons << " comparisons on " << n << " " << shape << " keys; the bound is "
                << sort.c << " n log2 n = " << static_cast<std::int64_t>(bound) << ". "
                << (static_cast<double>(comparisons) > 0.1 * static_cast<double>(n) * static_cast<double>(n)
                        ? "That is quadratic: a pivot that is the smallest or largest key each time (first element on "
                          "sorted input), or a two-way partition on equal keys?"
                        : "");
        }
    }
}

// check_other_types: the std::uint32_t and float overloads against std::sort.
void check_other_types(const SortUnderTest& sort, std::size_t max_n) {
    for (std::size_t n : {0, 1, 2, 17, 1000, 30011}) {
        if (n > max_n) continue;
        SeededRng rng(500 + n);
        std::vector<std::uint32_t> u(n);
        for (std::size_t i = 0; i < n; ++i) {
            const std::uint64_t kind = rng.below(8);
            u[i] = kind == 0 ? 0u : kind == 1 ? 0xFFFFFFFFu : kind == 2 ? static_cast<std::uint32_t>(rng.below(4))
                                                                         : static_cast<std::uint32_t>(rng.next());
        }
        std::vector<std::uint32_t> want_u = u;
        std::sort(want_u.begin(), want_u.end());
        sort.sort_uint32(u);
        EXPECT_TRUE(SameSequence(u, want_u)) << sort.name << " (std::uint32_t) of " << n << " random keys with 0 and 2^32 - 1";

        const float specials[] = {0.0f, -0.0f, std::numeric_limits<float>::infinity(), -std::numeric_limits<float>::infinity(),
                                  std::numeric_limits<float>::max(), std::numeric_limits<float>::lowest(),
                                  std::numeric_limits<float>::denorm_min(), -std::numeric_limits<float>::denorm_min(), 1.0f, -1.0f};
        std::vector<float> f(n);
        for (std::size_t i = 0; i < n; ++i) {
            f[i] = rng.below(4) == 0 ? specials[rng.below(std::size(specials))]
                                     : std::ldexp(static_cast<float>(static_cast<std::int32_t>(rng.next() >> 40)), -10);
        }
        std::vector<float> want_f = f;
        std::sort(want_f.begin(), want_f.end());
        sort.sort_float(f);
        // -0.0 == 0.0, so the two zeros may come out in either order: compare with ==, and check
        // separately that the multiset of bit patterns (how many -0.0s) is unchanged.
        EXPECT_TRUE(SameSequence(f, want_f)) << sort.name << " (float) of " << n << " values with +-0, +-inf, denormals";
        std::vector<std::uint32_t> bits_got(n), bits_want(n);
        for (std::size_t i = 0; i < n; ++i) {
            bits_got[i] = std::bit_cast<std::uint32_t>(f[i]);
            bits_want[i] = std::bit_cast<std::uint32_t>(want_f[i]);
        }
        std::sort(bits_got.begin(), bits_got.end());
        std::sort(bits_want.begin(), bits_want.end());
        EXPECT_TRUE(bits_got == bits_want) << sort.name << " (float) of " << n << " values changed some values' bits (-0.0 into 0.0?)";
    }
}

// ---- insertion sort ----

TEST(InsertionSort, SortsEdgeCases) { check_edge_cases(kInsertion); }

TEST(InsertionSort, MatchesStdSortOnRandomInputs) { check_random_inputs(kInsertion, {2, 3, 10, 100, 1000, 2003}); }

TEST(InsertionSort, IsStable) {
    // Keys from a tiny range: long runs of equal keys whose input order must survive.
    SeededRng rng(3);
    std::vector<std::int64_t> keys(500);
    for (auto& k : keys) k = static_cast<std::int64_t>(rng.below(5));
    check_sort(kInsertion, keys, "500 keys in [0, 5)");
}

TEST(InsertionSort, ComparisonsAreInversionsPlusN) {
    // Each comparison that moves a[i] one slot further left removes exactly one inversion; each
    // i ends with at most one comparison that stops it. So comparisons <= I + n - 1.
    for (std::size_t n : {1, 2, 10, 300, 2000}) {
        for (int shape = 0; shape < 3; ++shape) {
            std::vector<std::int64_t> keys = testing::random_keys(n, 900 + n);
            if (shape == 1) std::sort(keys.begin(), keys.end());
            if (shape == 2) std::sort(keys.rbegin(), keys.rend());
            std::int64_t inversions = 0;
            for (std::size_t i = 0; i < n; ++i) {
                for (std::size_t j = i + 1; j < n; ++j) inversions += keys[j] < keys[i] ? 1 : 0;
            }
            const char* shape_name = shape == 0 ? "random" : shape == 1 ? "sorted" : "reversed";
            const std::int64_t comparisons = check_sort(kInsertion, keys, std::to_string(n) + " " + shape_name + " keys");
            EXPECT_LE(comparisons, inversions + static_cast<std::int64_t>(n) - 1)
                << "insertion_sort of " << n << " " << shape_name << " keys with " << inversions << " inversions";
        }
    }
}

TEST(InsertionSort, SortsUint32AndFloat) { check_other_types(kInsertion, 2000); }

// ---- merge sort ----

TEST(MergeSort, SortsEdgeCases) { check_edge_cases(kMerge); }

TEST(MergeSort, MatchesStdSortOnRandomInputs) { check_random_inputs(kMerge, {2, 3, 17, 18, 100, 1000, 4099, 100000}); }

TEST(MergeSort, IsStable) {
    for (std::size_t n : {20, 33, 1000, 50000}) {
        SeededRng rng(n);
        std::vector<std::int64_t> keys(n);
        for (auto& k : keys) k = static_cast<std::int64_t>(rng.below(7)) - 3;  // long runs of equal keys
        check_sort(kMerge, keys, std::to_string(n) + " keys in [-3, 3]");
    }
}

TEST(MergeSort, ComparisonsAreAtMostTwoNLogN) { check_comparison_bound(kMerge); }

TEST(MergeSort, SortsUint32AndFloat) { check_other_types(kMerge, 1'000'000); }

// ---- quicksort ----

TEST(Quicksort, SortsEdgeCases) { check_edge_cases(kQuick); }

TEST(Quicksort, MatchesStdSortOnRandomInputs) { check_random_inputs(kQuick, {2, 3, 17, 18, 100, 1000, 4099, 100000}); }

TEST(Quicksort, ComparisonsAreAtMostTwoNLogN) { check_comparison_bound(kQuick); }

TEST(Quicksort, FewDistinctKeysCostLinearComparisons) {
    // Keys in {0, 1, 2}. A three-way partition finishes every key equal to the pivot in one pass,
    // so after at most three levels nothing is left; each level costs at most about two comparisons
    // per element (the scan, and the equality tests after swaps): at most 6n, plus the medians.
    // A two-way partition keeps splitting runs of equal keys: n log2 n (17n for n = 100 000).
    const std::size_t n = 100'000;
    SeededRng rng(31);
    std::vector<std::int64_t> keys(n);
    for (auto& k : keys) k = static_cast<std::int64_t>(rng.below(3));
    const std::int64_t comparisons = check_sort(kQuick, keys, "100000 keys in {0, 1, 2}", static_cast<std::int64_t>(24 * n));
    EXPECT_LE(comparisons, static_cast<std::int64_t>(6 * n + 64))
        << "quicksort of 100000 keys with 3 distinct values: is the partition three-way (< pivot, == pivot, > pivot)?";
}

TEST(Quicksort, SortsUint32AndFloat) { check_other_types(kQuick, 1'000'000); }

// ---- heapsort ----

TEST(Heapsort, SortsEdgeCases) { check_edge_cases(kHeap); }

TEST(Heapsort, MatchesStdSortOnRandomInputs) { check_random_inputs(kHeap, {2, 3, 17, 18, 100, 1000, 4099, 100000}); }

TEST(Heapsort, ComparisonsAreAtMostThreeNLogN) { check_comparison_bound(kHeap); }

TEST(Heapsort, SortsUint32AndFloat) { check_other_types(kHeap, 1'000'000); }

}  // namespace
}  // namespace course::data_structures
