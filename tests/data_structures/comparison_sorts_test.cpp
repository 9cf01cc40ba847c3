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
// Also counted: copies apart from moves (the sorts move; quicksort may copy its pivots), the
// insertion-sort cutoff of 16 (insertion sort's count on 16 and 17 keys), merge sort's n - 1 on
// sorted input; and measured: no read past either end of the span (the keys fill whole pages
// between two pages that may not be touched) and quicksort's stack (stack_bytes_used).
#include "data_structures/comparison_sorts.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <bit>
#include <cmath>
#include <cstdint>
#include <limits>
#include <new>
#include <stdexcept>
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

// ---- The insertion-sort cutoff of the contract: ranges of at most 16 elements ----
// An insertion sort of n keys makes between n - 1 (each key is compared at least once) and
// I + n - 1 comparisons, I the inversions: on 16 sorted keys exactly 15, on 16 reversed keys
// between I = 120 and 135. Partitioning (or merging) 16 keys instead costs more than 15 on sorted
// keys (median of three and a pass over the range) and far fewer than 120 on reversed keys. On 17
// reversed keys insertion sort would make at least 136 comparisons; splitting them in two and
// sorting the halves by insertion makes about 100 at most (28 + 36 for the halves, plus the merge
// or the partition).
void check_cutoff(const SortUnderTest& sort) {
    const auto ascending = [](std::int64_t n) {
        std::vector<std::int64_t> keys(static_cast<std::size_t>(n));
        for (std::int64_t i = 0; i < n; ++i) keys[static_cast<std::size_t>(i)] = i;
        return keys;
    };
    const std::vector<std::int64_t> sorted16 = ascending(16);
    const std::vector<std::int64_t> reversed16(sorted16.rbegin(), sorted16.rend());
    const std::vector<std::int64_t> sorted17 = ascending(17);
    const std::vector<std::int64_t> reversed17(sorted17.rbegin(), sorted17.rend());
    const std::int64_t on_sorted16 = check_sort(sort, sorted16, "16 sorted keys");
    EXPECT_EQ(on_sorted16, 15) << sort.name << " of 16 sorted keys: the contract sorts ranges of at most 16 elements by "
                                  "insertion sort, which makes exactly 15 comparisons here (is the cutoff below 16?)";
    const std::int64_t on_reversed16 = check_sort(sort, reversed16, "16 reversed keys");
    EXPECT_GE(on_reversed16, 120) << sort.name << " of 16 reversed keys: insertion sort makes at least the 120 inversions "
                                     "(is the cutoff below 16?)";
    EXPECT_LE(on_reversed16, 135) << sort.name << " of 16 reversed keys: insertion sort makes at most 120 + 15";
    const std::int64_t on_reversed17 = check_sort(sort, reversed17, "17 reversed keys");
    EXPECT_LT(on_reversed17, 136) << sort.name << " of 17 reversed keys: 17 elements are more than the cutoff of 16, "
                                     "so the range is split, not left to insertion sort (136 comparisons at least)";
}

// ---- Copies and moves counted apart ----
// The contract: elements are moved (std::move, std::swap), never copied, except quicksort's pivot
// (at most one copy per partition). A sort that copies where it could move makes the same number
// of transfers, so only counting copies apart catches it.
std::int64_t copies_of(const SortUnderTest& sort, const std::vector<std::int64_t>& keys) {
    std::vector<Counted> c = to_counted(keys);
    CountScope scope;
    sort.sort_counted(c);
    std::vector<std::int64_t> want = keys;
    std::sort(want.begin(), want.end());
    EXPECT_TRUE(SameSequence(keys_of(c), want)) << sort.name;
    return scope.copies();
}

// copy_inputs: n random, sorted and reversed keys.
std::vector<std::pair<std::string, std::vector<std::int64_t>>> copy_inputs(std::size_t n) {
    std::vector<std::int64_t> sorted(n);
    for (std::size_t i = 0; i < n; ++i) sorted[i] = static_cast<std::int64_t>(i);
    const std::string size = std::to_string(n);
    return {{size + " random keys", testing::random_keys(n, 5)},
            {size + " sorted keys", sorted},
            {size + " reversed keys", std::vector<std::int64_t>(sorted.rbegin(), sorted.rend())}};
}

void check_no_copies(const SortUnderTest& sort, std::size_t n) {
    for (const auto& [what, keys] : copy_inputs(n)) {
        EXPECT_EQ(copies_of(sort, keys), 0) << sort.name << " of " << what
                                            << " copied elements: move them (std::move, std::swap) instead";
    }
}

TEST(InsertionSort, MovesAndNeverCopies) { check_no_copies(kInsertion, 2000); }

TEST(MergeSort, MovesAndNeverCopies) { check_no_copies(kMerge, 10'007); }

TEST(Heapsort, MovesAndNeverCopies) { check_no_copies(kHeap, 10'007); }

// halving_partitions: how many partitions quicksort makes on n keys when every range of more than
// 16 keys (the insertion-sort cutoff) is split exactly in half around its pivot, s -> (s - 1) / 2
// and s - 1 - (s - 1) / 2: what the median of three does on sorted and reversed keys, where it is
// the true median. For 10007 keys the ranges halve ten times before they fall to 16 or fewer
// (10007 / 2^9 = 19.5 > 16 >= 10007 / 2^10), so the count is 2^10 - 1 = 1023.
std::int64_t halving_partitions(std::int64_t n) {
    if (n <= 16) return 0;
    return 1 + halving_partitions((n - 1) / 2) + halving_partitions(n - 1 - (n - 1) / 2);
}

TEST(Quicksort, CopiesOnlyItsPivots) {
    // At most one copy per partition (the pivot, held aside while the range is rearranged). The
    // count of partitions, from the algorithm: a range is partitioned only when it holds more than
    // 16 keys, and the median of three halves the sorted and reversed inputs exactly, so they cost
    // halving_partitions(10007) = 1023 partitions; the random keys are split unevenly and cost fewer
    // (the reference: 796). The bound allows a quarter more (1278) for other ways of taking and
    // placing the median; a sort that copies twice per partition (the pivot, then a copy of it)
    // makes at least 2 * 796 = 1592, and one that copies when it swaps more than there are keys.
    const std::int64_t bound = halving_partitions(10'007) * 5 / 4;
    EXPECT_EQ(halving_partitions(10'007), 1023) << "2^10 - 1: ten halvings of 10007 keys reach ranges of 16 or fewer";
    for (const auto& [what, keys] : copy_inputs(10'007)) {
        const std::int64_t copies = copies_of(kQuick, keys);
        EXPECT_LE(copies, bound)
            << "quicksort of " << what << " made " << copies << " copies, more than one per partition (at most "
            << bound << " for 10007 keys): only the pivot of each partition may be copied, once; move the elements "
            << "(std::move, std::swap)";
    }
}

TEST(Quicksort, LeavesRangesOfAtMostSixteenToInsertionSort) { check_cutoff(kQuick); }

TEST(MergeSort, LeavesRangesOfAtMostSixteenToInsertionSort) {
    check_cutoff(kMerge);
    // Inside the recursion too: 32 reversed keys split into two halves of 16, each left to
    // insertion sort (120 comparisons at least, its inversions), then merged.
    std::vector<std::int64_t> reversed32(32);
    for (std::int64_t i = 0; i < 32; ++i) reversed32[static_cast<std::size_t>(i)] = 31 - i;
    EXPECT_GE(check_sort(kMerge, reversed32, "32 reversed keys"), 240)
        << "merge_sort of 32 reversed keys: its halves of 16 are left to insertion sort, 120 comparisons each at least "
           "(are ranges of 16 inside the recursion split further?)";
}

TEST(MergeSort, SortedInputCostsNMinusOneComparisons) {
    // The contract: halves already in order (a[mid - 1] <= a[mid], one comparison) are not merged.
    // Then sorted input costs k - 1 comparisons for each range of k elements left to insertion
    // sort, plus one per skipped merge: n - 1 in all (a binary tree has one internal node fewer
    // than leaves). Merging anyway costs about n/2 more per level: n log2(n / 16) / 2 in all.
    for (std::size_t n : {17, 100, 1000, 10'007}) {
        std::vector<std::int64_t> sorted(n);
        for (std::size_t i = 0; i < n; ++i) sorted[i] = static_cast<std::int64_t>(i);
        const std::int64_t comparisons = check_sort(kMerge, sorted, std::to_string(n) + " sorted keys");
        EXPECT_LE(comparisons, static_cast<std::int64_t>(n) - 1)
            << "merge_sort of " << n << " sorted keys: skip the merge when a[mid - 1] <= a[mid] (one comparison)";
        // Equal keys are in order too: a[mid - 1] == a[mid] must skip the merge as well.
        const std::int64_t on_equal = check_sort(kMerge, std::vector<std::int64_t>(n, 9), std::to_string(n) + " equal keys");
        EXPECT_LE(on_equal, static_cast<std::int64_t>(n) - 1)
            << "merge_sort of " << n << " equal keys: halves with a[mid - 1] == a[mid] are in order, skip the merge";
    }
}

TEST(MergeSort, MergesHalvesThatOverlapByOneKey) {
    // 34 keys in two sorted halves of 17: (0, 2, ..., 32) and (31, 33, ..., 63). Only the last key
    // of the left half, 32, belongs after the first of the right, 31: the halves are out of order
    // by one pair, which the test before the merge must see (a[mid] = 31 < a[mid - 1] = 32; its
    // neighbour a[mid - 2] = 30 is not greater).
    std::vector<std::int64_t> keys;
    for (std::int64_t i = 0; i < 17; ++i) keys.push_back(2 * i);
    for (std::int64_t i = 0; i < 17; ++i) keys.push_back(31 + 2 * i);
    check_sort(kMerge, keys, "(0, 2, ..., 32, 31, 33, ..., 63)");
}

// ---- The bounds of the range: nothing read or written outside the span ----
// The keys sit in guarded memory (course::testing::PageGuardedArray): n Counted values that fill
// whole pages, between two pages that may not be touched (PROT_NONE). A sort that reads a[-1] or
// a[n], even once, faults at once instead of reading a neighbour's memory (which usually goes
// unnoticed).

// check_stays_in_bounds: sorts keys shaped to push a scan to the ends of the range (sorted,
// reversed, all equal, the largest key first or last) in guarded memory. A read past either end
// crashes the test; the result must still be sorted.
void check_stays_in_bounds(const SortUnderTest& sort) {
    // 16 KiB of Counted (1024 keys) where pages are 4 KiB; four whole pages wherever they are larger.
    const std::size_t n = std::max<std::size_t>(1024, 4 * course::testing::GuardPages::page_size() / sizeof(Counted));
    EXPECT_EQ(n * sizeof(Counted) % course::testing::GuardPages::page_size(), 0u)
        << "the test needs keys that fill whole pages";
    std::vector<std::pair<std::string, std::vector<std::int64_t>>> inputs;
    std::vector<std::int64_t> sorted(n);
    for (std::size_t i = 0; i < n; ++i) sorted[i] = static_cast<std::int64_t>(i);
    inputs.emplace_back("sorted", sorted);
    inputs.emplace_back("reversed", std::vector<std::int64_t>(sorted.rbegin(), sorted.rend()));
    inputs.emplace_back("all-equal", std::vector<std::int64_t>(n, 4));
    std::vector<std::int64_t> max_first = testing::random_keys(n, 17);
    std::iter_swap(max_first.begin(), std::max_element(max_first.begin(), max_first.end()));
    inputs.emplace_back("random, the largest first", max_first);
    std::vector<std::int64_t> min_last = testing::random_keys(n, 18);
    std::iter_swap(min_last.end() - 1, std::min_element(min_last.begin(), min_last.end()));
    inputs.emplace_back("random, the smallest last", min_last);
    // Distinct keys (7919 i mod 1024, a permutation: 7919 is odd), the largest one in the middle,
    // at (n - 1) / 2, where the median of three samples it.
    std::vector<std::int64_t> max_middle(n);
    for (std::size_t i = 0; i < n; ++i) max_middle[i] = static_cast<std::int64_t>((7919 * i) % n);
    std::iter_swap(max_middle.begin() + (n - 1) / 2, std::max_element(max_middle.begin(), max_middle.end()));
    inputs.emplace_back("distinct, the largest in the middle", max_middle);
    for (const auto& [shape, keys] : inputs) {
        const std::vector<std::int64_t>& values = keys;
        course::testing::PageGuardedArray<Counted> guarded(
            n, [&values](std::size_t i) { return Counted(values[i], static_cast<std::int64_t>(i)); });
        sort.sort_counted(guarded.span());
        std::vector<std::int64_t> want = keys;
        std::sort(want.begin(), want.end());
        EXPECT_TRUE(SameSequence(keys_of(guarded.span()), want)) << sort.name << " of " << n << " " << shape << " keys";
    }
}

TEST(InsertionSort, StaysInsideTheSpan) { check_stays_in_bounds(kInsertion); }

TEST(MergeSort, StaysInsideTheSpan) { check_stays_in_bounds(kMerge); }

TEST(Quicksort, StaysInsideTheSpan) {
    // The median of three leaves a key >= the pivot at the end of the range, and that key is what
    // stops the left scan there. Skipping a swap of the median of three breaks it: the pivot can
    // be the largest key of the range, and the scan then runs past the end.
    check_stays_in_bounds(kQuick);
}

TEST(Heapsort, StaysInsideTheSpan) { check_stays_in_bounds(kHeap); }

// ---- Short ranges of few distinct keys ----
// Ranges just above the cutoff with two to five distinct keys are where a three-way partition
// parks keys equal to the pivot at both ends and swaps them back to the middle: an off-by-one in
// that last step misplaces a key. 1000 seeded arrays of 17 to 80 keys in [0, k), k = 1..5.
void check_short_few_keys(const SortUnderTest& sort) {
    SeededRng rng(2718);
    for (int trial = 0; trial < 1000; ++trial) {
        const std::size_t n = 17 + rng.below(64);
        const std::uint64_t k = 1 + rng.below(5);
        std::vector<std::int64_t> keys(n);
        for (auto& key : keys) key = static_cast<std::int64_t>(rng.below(k));
        check_sort(sort, keys, std::to_string(n) + " keys in [0, " + std::to_string(k) + "), trial " + std::to_string(trial));
        if (::testing::Test::HasFailure()) return;  // one reported case is enough
    }
}

TEST(Quicksort, SortsShortArraysOfFewDistinctKeys) { check_short_few_keys(kQuick); }

TEST(MergeSort, SortsShortArraysOfFewDistinctKeys) { check_short_few_keys(kMerge); }

TEST(Heapsort, SortsShortArraysOfFewDistinctKeys) { check_short_few_keys(kHeap); }

// ---- Quicksort's stack: recurse into the smaller side ----
// Keys 3i - n at every third position and 2n + i elsewhere (n = 100 000): the median of three
// often picks a key of the large run, so many partitions split a small piece off one side. A
// quicksort that recurses into the smaller side and loops on the larger one stays within log2 n
// = 17 frames whatever the splits; one that recurses into a fixed side (or into both) nests once
// per unbalanced split: the reference with the choice reversed nests 5 549 frames deep here. The
// bound, 64 KiB, holds 17 frames of any reasonable size with the thread's own start-up (about
// 5 KiB); 5 549 frames of even 16 bytes (a return address and a saved register) exceed it five
// times over.
TEST(Quicksort, RecursesIntoTheSmallerSide) {
    const std::int64_t n = 100'000;
    std::vector<std::int64_t> keys(static_cast<std::size_t>(n));
    for (std::int64_t i = 0; i < n; ++i) keys[static_cast<std::size_t>(i)] = i % 3 == 0 ? 3 * i - n : 2 * n + i;
    std::vector<Counted> c = to_counted(keys);
    const std::size_t used = testing::stack_bytes_used([&] { quicksort(std::span<Counted>(c)); });
    EXPECT_LE(used, std::size_t{64} << 10)
        << "quicksort of 100000 keys used " << used
        << " bytes of stack: recurse into the smaller side of each partition and loop on the larger one, so that "
           "the recursion stays below log2 n frames deep";
    std::sort(keys.begin(), keys.end());
    EXPECT_TRUE(SameSequence(keys_of(c), keys)) << "quicksort of 100000 keys, a third of them in a run of their own";
}

// An input built by McIlroy's adversary against the reference quicksort (median of three, three-way
// partition; adversary/make_quicksort_adversary.cpp made it): every partition splits off only a
// few keys. Recursing into the smaller side keeps the stack 2 frames deep on it; choosing the side
// by a size that is right only at the start of the array (lt + lo instead of lt - lo) recurses into
// the larger side from the middle on, about n / 3 = 2000 frames, well over 64 KiB. Another
// partition scheme takes another path through these keys, but its stack stays bounded all the same.
TEST(Quicksort, RecursesIntoTheSmallerSideOnAnAdversarialInput) {
    const std::vector<std::int64_t> keys = {
#include "adversary/quicksort_adversary_6000.inc"
    };
    std::vector<Counted> c = to_counted(keys);
    const std::size_t used = testing::stack_bytes_used([&] { quicksort(std::span<Counted>(c)); });
    EXPECT_LE(used, std::size_t{64} << 10)
        << "quicksort of " << keys.size() << " keys that split off only a few keys at each partition used " << used
        << " bytes of stack: compare the sizes of the two sides of the range [lo, hi] (lt - lo and hi - gt), "
           "recurse into the smaller one and loop on the larger";
    std::vector<std::int64_t> want = keys;
    std::sort(want.begin(), want.end());
    EXPECT_TRUE(SameSequence(keys_of(c), want)) << "quicksort of McIlroy's adversarial input";
}

}  // namespace
}  // namespace course::data_structures
