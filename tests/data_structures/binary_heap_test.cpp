// Tests for exercise 6, the binary heap (modules/data_structures/learner/binary_heap.cpp).
//
// Oracles: a hand-worked sequence of pushes and pops; std::priority_queue on 100 000 seeded random
// operations; std::sort for the order of pops; the heap-order invariant checked on data(); and
// comparison counts against the contract: heapify at most 2n, push at most floor(log2 n), pop at
// most 2 floor(log2 n) (bit_width(n) - 1 = floor(log2 n)).
#include "data_structures/binary_heap.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <bit>
#include <cstdint>
#include <queue>
#include <string>
#include <utility>
#include <vector>

#include "course/testing.hpp"
#include "data_structures_checks.hpp"

namespace course::data_structures {
namespace {

using course::testing::ThrowsInvalidArgument;
using testing::SameSequence;
using testing::SeededRng;

std::int64_t floor_log2(std::size_t n) { return static_cast<std::int64_t>(std::bit_width(n)) - 1; }

// HeapOrdered: data[(i - 1) / 2] >= data[i] for every i > 0; names the first violation.
::testing::AssertionResult HeapOrdered(const MaxHeap& heap) {
    const std::span<const Counted> d = heap.data();
    for (std::size_t i = 1; i < d.size(); ++i) {
        const std::size_t parent = (i - 1) / 2;
        if (d[parent].key < d[i].key) {  // .key: the check itself is not counted
            return ::testing::AssertionFailure()
                   << "heap order broken at slot " << i << " (size " << d.size() << "): child key " << d[i].key
                   << " > parent key " << d[parent].key << " at slot " << parent
                   << " (does sift_down move to the LARGER child?)";
        }
    }
    return ::testing::AssertionSuccess();
}

// sorted_pairs: (key, payload) pairs, sorted, to compare multisets of elements.
std::vector<std::pair<std::int64_t, std::int64_t>> sorted_pairs(std::span<const Counted> values) {
    std::vector<std::pair<std::int64_t, std::int64_t>> out;
    for (const Counted& v : values) out.emplace_back(v.key, v.payload);
    std::sort(out.begin(), out.end());
    return out;
}

TEST(MaxHeap, HandWorkedPushesAndPops) {
    MaxHeap heap;
    std::vector<std::int64_t> tops;
    for (std::int64_t k : {3, 1, 4, 1, 5, 9, 2, 6}) {
        heap.push(Counted(k));
        tops.push_back(heap.top().key);
    }
    EXPECT_TRUE(SameSequence(tops, {3, 3, 4, 4, 5, 9, 9, 9})) << "top() after pushing 3, 1, 4, 1, 5, 9, 2, 6";
    std::vector<std::int64_t> popped;
    while (!heap.empty()) popped.push_back(heap.pop().key);
    EXPECT_TRUE(SameSequence(popped, {9, 6, 5, 4, 3, 2, 1, 1})) << "pops of 3, 1, 4, 1, 5, 9, 2, 6";
}

TEST(Heapify, BuildsAValidHeapOfTheSameElements) {
    for (std::size_t n : {0, 1, 2, 3, 10, 1000, 100'000}) {
        const std::vector<Counted> values = to_counted(testing::random_keys(n, 40 + n));
        const MaxHeap heap(values);
        ASSERT_EQ(heap.size(), n);
        EXPECT_TRUE(HeapOrdered(heap)) << "heap of " << n << " random keys";
        EXPECT_TRUE(sorted_pairs(heap.data()) == sorted_pairs(values)) << "the heap must hold exactly the " << n << " values given";
    }
}

TEST(Heapify, MakesAtMostTwoNComparisons) {
    // Ascending input is the worst case for a max-heap built by pushes (each new key climbs to the
    // root: n log2 n comparisons); bottom-up heapify makes at most 2n on any input.
    for (std::size_t n : {1, 2, 3, 1000, 100'000}) {
        std::vector<std::int64_t> ascending(n);
        for (std::size_t i = 0; i < n; ++i) ascending[i] = static_cast<std::int64_t>(i);
        const std::vector<std::int64_t> descending(ascending.rbegin(), ascending.rend());
        const std::vector<std::int64_t> equal(n, 5);
        const std::vector<std::int64_t> random = testing::random_keys(n, 50 + n);
        const std::pair<const char*, const std::vector<std::int64_t>*> inputs[] = {
            {"ascending", &ascending}, {"descending", &descending}, {"all-equal", &equal}, {"random", &random}};
        for (const auto& [shape, keys] : inputs) {
            const std::vector<Counted> values = to_counted(*keys);
            CountScope scope;
            const MaxHeap heap(values);
            EXPECT_LE(scope.comparisons(), static_cast<std::int64_t>(2 * n))
                << "heapify of " << n << " " << shape << " keys; building by n pushes costs up to n log2 n";
            EXPECT_TRUE(HeapOrdered(heap)) << n << " " << shape << " keys";
        }
    }
}

TEST(Push, KeepsHeapOrderWithLogarithmicComparisons) {
    MaxHeap heap;
    const std::vector<std::int64_t> keys = testing::random_keys(20'000, 60);
    for (std::size_t i = 0; i < keys.size(); ++i) {
        CountScope scope;
        heap.push(Counted(keys[i], static_cast<std::int64_t>(i)));
        ASSERT_LE(scope.comparisons(), floor_log2(heap.size())) << "push number " << i + 1 << " (one comparison per level of sift-up)";
        if (i % 1000 == 999 || i < 64) {
            ASSERT_TRUE(HeapOrdered(heap)) << "after " << i + 1 << " pushes";
        }
    }
    EXPECT_EQ(heap.top().key, *std::max_element(keys.begin(), keys.end()));
}

TEST(Pop, ReturnsEveryElementInDescendingKeyOrder) {
    const std::vector<Counted> values = to_counted(testing::random_keys(20'000, 70));
    MaxHeap heap(values);
    std::vector<Counted> popped;
    while (!heap.empty()) {
        const std::size_t size = heap.size();
        CountScope scope;
        popped.push_back(heap.pop());
        ASSERT_LE(scope.comparisons(), 2 * floor_log2(size)) << "pop from a heap of " << size << " (two comparisons per level)";
    }
    std::vector<std::int64_t> want = keys_of(values);
    std::sort(want.rbegin(), want.rend());
    EXPECT_TRUE(SameSequence(keys_of(popped), want)) << "the keys popped from a heap of 20000 random keys";
    EXPECT_TRUE(sorted_pairs(popped) == sorted_pairs(values)) << "each payload must come out with its own key";
}

TEST(MaxHeap, MatchesStdPriorityQueueOnRandomOperations) {
    const std::uint64_t seed = 90;
    const std::vector<std::int64_t> keys = testing::random_keys(100'000, seed);
    SeededRng rng(seed + 1);
    MaxHeap heap;
    std::priority_queue<std::int64_t> want;
    for (std::size_t step = 0; step < keys.size(); ++step) {
        const std::uint64_t op = rng.below(10);
        if (op < 5 || want.empty()) {
            heap.push(Counted(keys[step]));
            want.push(keys[step]);
        } else if (op < 8) {
            ASSERT_EQ(heap.pop().key, want.top()) << "pop at step " << step << ", seed " << seed;
            want.pop();
        } else {
            ASSERT_EQ(heap.top().key, want.top()) << "top at step " << step << ", seed " << seed;
        }
        ASSERT_EQ(heap.size(), want.size()) << "after step " << step;
    }
    EXPECT_TRUE(HeapOrdered(heap));
}

TEST(MaxHeap, RefusesTopAndPopWhenEmpty) {
    MaxHeap heap;
    heap.push(Counted(1));
    EXPECT_EQ(heap.pop().key, 1) << course::testing::kValidCallFirst;  // valid first
    EXPECT_TRUE(ThrowsInvalidArgument([&] { (void)heap.top(); }, {"top", "empty"}));
    EXPECT_TRUE(ThrowsInvalidArgument([&] { (void)heap.pop(); }, {"pop", "empty"}));
}

// ---- Copies and moves counted apart ----
// The contract's elements are Counted values: the heap copies each value given to it once (push
// copies value; heapify copies the n values of the const span) and moves everything else. pop
// returns the top by moving it out: a copy there, or sifting by copy, costs the same count of
// transfers, so only counting copies apart catches it.
TEST(MaxHeap, CopiesOnlyTheValuesGivenAndMovesEverythingElse) {
    const std::vector<Counted> values = to_counted(testing::random_keys(1000, 95));
    CountScope scope;
    MaxHeap heap(values);
    EXPECT_EQ(scope.copies(), 1000) << "heapify of 1000 values: one copy of each, then the sift-downs move";
    scope.reset();
    for (std::int64_t k = 0; k < 500; ++k) heap.push(Counted(k));
    EXPECT_EQ(scope.copies(), 500) << "500 pushes: one copy of each value; sift-up and the growth of the array move";
    scope.reset();
    std::vector<std::int64_t> popped;
    while (!heap.empty()) popped.push_back(heap.pop().key);
    EXPECT_EQ(scope.copies(), 0) << "1500 pops: the top is moved out and the last leaf moved in, never copied";
    std::vector<std::int64_t> want = keys_of(values);
    for (std::int64_t k = 0; k < 500; ++k) want.push_back(k);
    std::sort(want.rbegin(), want.rend());
    EXPECT_TRUE(SameSequence(popped, want));
}

TEST(MaxHeap, IsUsableAfterBeingEmptied) {
    // Popped down to empty, a heap (built by heapify or by pushes) must work again as new.
    const std::vector<Counted> values = to_counted(std::vector<std::int64_t>{4, 8, 1});
    MaxHeap heap(values);
    while (!heap.empty()) (void)heap.pop();
    for (std::int64_t k : {2, 9, 5}) heap.push(Counted(k));
    EXPECT_EQ(heap.top().key, 9);
    EXPECT_TRUE(HeapOrdered(heap));
    std::vector<std::int64_t> popped;
    while (!heap.empty()) popped.push_back(heap.pop().key);
    EXPECT_TRUE(SameSequence(popped, {9, 5, 2}));
    MaxHeap from_empty(std::span<const Counted>{});
    EXPECT_TRUE(from_empty.empty()) << "the heap of no values";
    from_empty.push(Counted(3));
    EXPECT_EQ(from_empty.top().key, 3);
}

TEST(Push, DoesNotClimbPastAnEqualParent) {
    // The contract's sift-up moves the new element up only while it is GREATER than its parent. 100
    // equal keys pushed one by one then stay where each landed: slot i holds the i-th push (its
    // payload). Climbing past equal parents also keeps heap order, but moves elements for nothing.
    MaxHeap heap;
    for (std::int64_t i = 0; i < 100; ++i) heap.push(Counted(7, i));
    const std::span<const Counted> d = heap.data();
    std::size_t moved = 0;
    for (std::size_t i = 0; i < d.size(); ++i) moved += d[i].payload != static_cast<std::int64_t>(i) ? 1 : 0;
    EXPECT_EQ(moved, 0u) << "after 100 pushes of the key 7, " << moved
                         << " elements are not in the slot they were pushed into: sift-up must stop at a parent "
                            "that is not smaller";
    EXPECT_EQ(heap.top().payload, 0) << "the first of equal keys pushed stays on top";
}

TEST(SiftDown, DoesNotSinkPastAnEqualChild) {
    // Sift-down moves an element down only while its larger child is GREATER. A heap of 100 equal
    // keys (payload = input position) is already in heap order: heapify moves nothing. A pop then
    // puts the last leaf (payload 99) at the root, where it stays among its equals.
    const std::vector<Counted> values = to_counted(std::vector<std::int64_t>(100, 7));
    MaxHeap heap(values);
    std::size_t moved = 0;
    for (std::size_t i = 0; i < heap.size(); ++i) moved += heap.data()[i].payload != static_cast<std::int64_t>(i) ? 1 : 0;
    EXPECT_EQ(moved, 0u) << "heapify of 100 equal keys moved " << moved
                         << " of them: sift-down must stop at children that are not greater";
    EXPECT_EQ(heap.pop().payload, 0) << "the root of a heap of equal keys is the first of them";
    EXPECT_EQ(heap.data()[0].payload, 99) << "after the pop, the last leaf moved to the root stays there: no child of "
                                             "the root is greater";
}

}  // namespace
}  // namespace course::data_structures
