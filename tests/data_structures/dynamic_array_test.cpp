// Tests for exercise 1, the dynamic array (modules/data_structures/learner/dynamic_array.cpp).
//
// Oracles: hand-worked cases; std::vector on a seeded random sequence of operations; and counts of
// element copies and moves, derived from the growth policy of the contract (capacity doubles).
// Every test calls an exercise function first, so that a stub shows "not started".
#include "data_structures/dynamic_array.hpp"

#include <gtest/gtest.h>

#include <bit>
#include <cstdint>
#include <limits>
#include <vector>

#include "course/testing.hpp"
#include "data_structures_checks.hpp"

namespace course::data_structures {
namespace {

using course::testing::ThrowsInvalidArgument;
using testing::SameSequence;
using testing::SeededRng;

std::vector<std::int64_t> keys(const DynamicArray& a) { return keys_of(a.view()); }

// filled: an array holding 0, 1, ..., n - 1 (built with push_back).
void fill(DynamicArray& a, std::int64_t n) {
    for (std::int64_t i = 0; i < n; ++i) a.push_back(Counted(i));
}

TEST(PushBack, AppendsInOrder) {
    DynamicArray a;
    for (std::int64_t k : {5, -3, 7, 7, 0}) a.push_back(Counted(k));
    EXPECT_TRUE(SameSequence(keys(a), {5, -3, 7, 7, 0}));
    EXPECT_EQ(a.size(), 5u);
    EXPECT_FALSE(a.empty());
}

TEST(PushBack, DoublesTheCapacityWhenFull) {
    DynamicArray a;
    // The contract: capacity 0 -> 1 -> 2 -> 4 -> 8 -> 16, growing only when size == capacity.
    const std::vector<std::size_t> want = {1, 2, 4, 4, 8, 8, 8, 8, 16, 16};
    std::vector<std::size_t> got;
    for (std::size_t i = 0; i < want.size(); ++i) {
        a.push_back(Counted(static_cast<std::int64_t>(i)));
        got.push_back(a.capacity());
    }
    EXPECT_TRUE(SameSequence(got, want)) << "capacity() after each of 10 push_backs from empty";
}

TEST(PushBack, AmortizedCostIsAtMostThreeTransfersPerElement) {
    // n push_backs: n copies of the values, plus the moves of each reallocation, 1 + 2 + 4 + ...
    // up to the last power of two below n, which sum to less than 2n, plus at most one move of the
    // value per reallocation (copied first, in case it is an element of the array): at most
    // bit_width(n) + 1 reallocations. So transfers < 3n + bit_width(n) + 1. Growing by one slot
    // instead moves 0 + 1 + ... + (n - 1) = n(n - 1)/2 elements: 8.4 million for n = 4096.
    for (std::int64_t n : {1000, 4096, 4097}) {
        DynamicArray a;
        CountScope scope;
        fill(a, n);
        const auto reallocations = static_cast<std::int64_t>(std::bit_width(static_cast<std::uint64_t>(n))) + 1;
        EXPECT_LT(scope.transfers(), 3 * n + reallocations)
            << "n = " << n << " push_backs made " << scope.copies() << " copies and " << scope.moves()
            << " moves; growing by a constant (not a factor) moves every element on every few pushes";
        EXPECT_EQ(a.size(), static_cast<std::size_t>(n));
    }
}

TEST(PushBack, KeepsKeysAtTheExtremes) {
    DynamicArray a;
    const std::int64_t lo = std::numeric_limits<std::int64_t>::min(), hi = std::numeric_limits<std::int64_t>::max();
    for (std::int64_t k : {hi, lo, std::int64_t{0}}) a.push_back(Counted(k, 7));
    EXPECT_TRUE(SameSequence(keys(a), {hi, lo, 0}));
    EXPECT_EQ(a[1].payload, 7) << "the payload travels with the key";
}

TEST(PopBack, RemovesTheLastElementAndKeepsTheCapacity) {
    DynamicArray a;
    fill(a, 5);
    a.pop_back();
    a.pop_back();
    EXPECT_TRUE(SameSequence(keys(a), {0, 1, 2}));
    EXPECT_EQ(a.capacity(), 8u) << "pop_back does not shrink the buffer";
}

TEST(PopBack, RefusesAnEmptyArray) {
    DynamicArray a;
    a.push_back(Counted(1));
    a.pop_back();
    EXPECT_TRUE(a.empty()) << course::testing::kValidCallFirst;  // valid first
    EXPECT_TRUE(ThrowsInvalidArgument([&] { a.pop_back(); }, {"pop_back", "empty"}));
}

TEST(Insert, PutsTheValueAtTheIndex) {
    DynamicArray a;
    a.insert(0, Counted(10));  // into an empty array
    EXPECT_TRUE(SameSequence(keys(a), {10}));
    a.insert(0, Counted(5));  // at the front
    a.insert(2, Counted(30));  // at the end (index == size)
    a.insert(2, Counted(20));  // in the middle
    EXPECT_TRUE(SameSequence(keys(a), {5, 10, 20, 30}))
        << "insert(0, 10) on empty, insert(0, 5), insert(2, 30), insert(2, 20)";
}

TEST(Insert, MovesOnlyTheElementsAtAndAfterTheIndex) {
    DynamicArray a;
    a.reserve(64);
    fill(a, 40);
    CountScope scope;
    a.insert(25, Counted(-1));
    // No reallocation (capacity 64 > 40): the 15 elements [25, 40) move one slot, the value is
    // copied once. A little slack (2) allows a temporary; moving the whole array does not fit.
    EXPECT_LE(scope.transfers(), 15 + 1 + 2) << "insert(25, x) into 40 elements with spare capacity";
    std::vector<std::int64_t> want;
    for (std::int64_t i = 0; i < 40; ++i) want.push_back(i);
    want.insert(want.begin() + 25, -1);
    EXPECT_TRUE(SameSequence(keys(a), want));
}

TEST(Insert, GrowsLikePushBackWhenFull) {
    DynamicArray a;
    fill(a, 4);
    ASSERT_EQ(a.capacity(), 4u);
    a.insert(1, Counted(99));
    EXPECT_EQ(a.capacity(), 8u) << "a full array doubles its capacity before inserting";
    EXPECT_TRUE(SameSequence(keys(a), {0, 99, 1, 2, 3}));
}

TEST(Insert, RefusesAnIndexPastTheEnd) {
    DynamicArray a;
    a.insert(0, Counted(1));
    EXPECT_EQ(a.size(), 1u) << course::testing::kValidCallFirst;  // valid first
    EXPECT_TRUE(ThrowsInvalidArgument([&] { a.insert(2, Counted(2)); }, {"insert", "2", "1"}));
    // A "negative" index converts to a huge std::size_t: past the end too.
    EXPECT_TRUE(ThrowsInvalidArgument([&] { a.insert(std::numeric_limits<std::size_t>::max(), Counted(2)); }, {"insert"}));
    EXPECT_TRUE(SameSequence(keys(a), {1})) << "a refused insert leaves the array unchanged";
}

TEST(Erase, RemovesTheElementAtTheIndex) {
    DynamicArray a;
    fill(a, 6);
    a.erase(0);  // front
    a.erase(4);  // back (element 5)
    a.erase(1);  // middle (element 2)
    EXPECT_TRUE(SameSequence(keys(a), {1, 3, 4})) << "0..5, erase(0), erase(4), erase(1)";
    EXPECT_EQ(a.capacity(), 8u) << "erase does not shrink the buffer";
}

TEST(Erase, MovesOnlyTheElementsAfterTheIndex) {
    DynamicArray a;
    fill(a, 40);
    CountScope scope;
    a.erase(30);
    // The 9 elements (30, 40) move one slot left; nothing else is copied or moved.
    EXPECT_LE(scope.transfers(), 9) << "erase(30) of 40 elements";
    EXPECT_EQ(a.size(), 39u);
    EXPECT_EQ(a[30].key, 31);
}

TEST(Erase, RefusesAnIndexOutOfRange) {
    DynamicArray a;
    fill(a, 3);
    a.erase(2);
    EXPECT_EQ(a.size(), 2u) << course::testing::kValidCallFirst;  // valid first
    EXPECT_TRUE(ThrowsInvalidArgument([&] { a.erase(2); }, {"erase", "2"}));
    EXPECT_TRUE(ThrowsInvalidArgument([&] { a.erase(std::numeric_limits<std::size_t>::max()); }, {"erase"}));
    EXPECT_TRUE(SameSequence(keys(a), {0, 1}));
}

TEST(Reserve, GrowsTheCapacityAndKeepsTheElements) {
    DynamicArray a;
    fill(a, 3);
    CountScope scope;
    a.reserve(100);
    EXPECT_EQ(a.capacity(), 100u);
    EXPECT_EQ(scope.transfers(), 3) << "reserve moves each of the 3 elements once";
    EXPECT_TRUE(SameSequence(keys(a), {0, 1, 2}));
}

TEST(Reserve, DoesNothingForASmallerRequest) {
    DynamicArray a;
    fill(a, 5);
    a.reserve(2);
    EXPECT_EQ(a.capacity(), 8u) << "reserve(2) with capacity 8 must not shrink the buffer";
    EXPECT_TRUE(SameSequence(keys(a), {0, 1, 2, 3, 4})) << "reserve(2) must not drop elements";
}

TEST(Reserve, SavesTheReallocationsOfLaterPushBacks) {
    DynamicArray a;
    a.reserve(1000);
    CountScope scope;
    fill(a, 1000);
    EXPECT_EQ(scope.transfers(), 1000) << "1000 push_backs into capacity 1000: one copy each, no reallocation";
    EXPECT_EQ(a.capacity(), 1000u);
}

TEST(ShrinkToFit, ReleasesTheUnusedSlots) {
    DynamicArray a;
    fill(a, 5);
    CountScope scope;
    a.shrink_to_fit();
    EXPECT_EQ(a.capacity(), 5u);
    EXPECT_EQ(scope.transfers(), 5);
    EXPECT_TRUE(SameSequence(keys(a), {0, 1, 2, 3, 4}));
    a.push_back(Counted(5));
    EXPECT_EQ(a.capacity(), 10u) << "after shrink_to_fit to 5, the next push_back doubles to 10";
}

TEST(ShrinkToFit, OfAnEmptyArrayReleasesTheBuffer) {
    DynamicArray a;
    fill(a, 3);
    a.erase(0);
    a.pop_back();
    a.pop_back();
    a.shrink_to_fit();
    EXPECT_EQ(a.capacity(), 0u);
    a.push_back(Counted(1));
    EXPECT_TRUE(SameSequence(keys(a), {1})) << "the array is usable after releasing its buffer";
}

TEST(DynamicArray, MatchesStdVectorOnRandomOperations) {
    // 100 000 operations: push_back, pop_back, insert and erase at random positions, reads and
    // overwrites, reserve and shrink_to_fit, with keys that include duplicates and the extremes.
    const std::uint64_t seed = 2024;
    const std::vector<std::int64_t> values = testing::random_keys(100'000, seed);
    SeededRng rng(seed + 1);
    DynamicArray a;
    std::vector<std::int64_t> want;
    for (std::size_t step = 0; step < values.size(); ++step) {
        const std::uint64_t op = rng.below(100);
        const std::int64_t v = values[step];
        if (op < 40 || want.empty()) {
            a.push_back(Counted(v));
            want.push_back(v);
        } else if (op < 55) {
            a.pop_back();
            want.pop_back();
        } else if (op < 68) {
            const std::size_t i = rng.below(want.size() + 1);
            a.insert(i, Counted(v));
            want.insert(want.begin() + static_cast<std::ptrdiff_t>(i), v);
        } else if (op < 83) {
            const std::size_t i = rng.below(want.size());
            a.erase(i);
            want.erase(want.begin() + static_cast<std::ptrdiff_t>(i));
        } else if (op < 98) {
            const std::size_t i = rng.below(want.size());
            ASSERT_EQ(a[i].key, want[i]) << "read at step " << step << ", index " << i << ", size " << want.size();
            a[i].key = v;
            want[i] = v;
        } else if (op < 99) {
            a.reserve(want.size() + rng.below(64));
        } else {
            a.shrink_to_fit();
            ASSERT_EQ(a.capacity(), want.size()) << "shrink_to_fit at step " << step;
        }
        ASSERT_EQ(a.size(), want.size()) << "after step " << step << " (operation " << op << "), seed " << seed;
        ASSERT_GE(a.capacity(), a.size()) << "after step " << step;
    }
    EXPECT_TRUE(SameSequence(keys(a), want)) << "after 100 000 operations, seed " << seed;
}

// Arguments that refer into the array itself: std::vector's rule, stated in the contract. A
// destroyed Counted holds kDestroyedKey (counted.hpp), so a read of the freed buffer shows.
TEST(PushBack, OfItsOwnElementWhenFullCopiesItBeforeGrowing) {
    DynamicArray a;
    fill(a, 4);
    ASSERT_EQ(a.capacity(), 4u);
    a.push_back(a[0]);  // growing frees the buffer a[0] lives in
    EXPECT_TRUE(SameSequence(keys(a), {0, 1, 2, 3, 0}))
        << "a.push_back(a[0]) on a full array: copy value before reallocating, since it may be an element of "
           "the buffer the reallocation frees";
}

TEST(PushBack, OfItsOwnElementWithSpareCapacity) {
    DynamicArray a;
    a.reserve(8);
    fill(a, 3);
    a.push_back(a[1]);
    EXPECT_TRUE(SameSequence(keys(a), {0, 1, 2, 1}));
}

TEST(Insert, OfItsOwnElementInsertsItsValueBeforeTheShift) {
    // a[2] moves one slot right during the shift: the value inserted is the one a[2] had.
    DynamicArray spare;
    spare.reserve(8);
    fill(spare, 4);
    spare.insert(0, spare[2]);
    EXPECT_TRUE(SameSequence(keys(spare), {2, 0, 1, 2, 3}))
        << "a.insert(0, a[2]) with spare capacity: copy value before shifting, since the shift moves a[2]";
    DynamicArray full;
    fill(full, 4);
    ASSERT_EQ(full.capacity(), 4u);
    full.insert(1, full[3]);
    EXPECT_TRUE(SameSequence(keys(full), {0, 3, 1, 2, 3}))
        << "a.insert(1, a[3]) on a full array: copy value before reallocating and shifting";
    DynamicArray after;
    after.reserve(8);
    fill(after, 4);
    after.insert(3, after[0]);  // an element before the index does not move: no hazard, same rule
    EXPECT_TRUE(SameSequence(keys(after), {0, 1, 2, 0, 3}));
}

// ---- Copies and moves counted apart ----
// The contract: the only copies are of the values given (push_back and insert copy value once);
// every other transfer (a reallocation, a shift) moves. Copying where a move belongs costs the same
// count of transfers, so only counting the two apart catches it.

TEST(DynamicArray, CopiesOnlyTheValuesGivenAndMovesEverythingElse) {
    DynamicArray a;
    CountScope scope;
    fill(a, 1000);  // 11 reallocations (capacity 1 -> 1024) move the elements; 1000 values copied
    EXPECT_EQ(scope.copies(), 1000) << "1000 push_backs: one copy of each value; a reallocation must move the "
                                       "elements (std::move), not copy them";
    scope.reset();
    a.reserve(5000);
    EXPECT_EQ(scope.copies(), 0) << "reserve(5000) of 1000 elements: the reallocation moves, it never copies";
    EXPECT_EQ(scope.moves(), 1000) << "reserve(5000) of 1000 elements: each element moves once";
    scope.reset();
    a.insert(10, Counted(-1));
    EXPECT_EQ(scope.copies(), 1) << "insert(10, x): one copy (of x); the shift moves the 990 elements after index 10";
    scope.reset();
    a.erase(10);
    EXPECT_EQ(scope.copies(), 0) << "erase(10): the shift moves the elements after index 10";
    scope.reset();
    a.shrink_to_fit();
    EXPECT_EQ(scope.copies(), 0) << "shrink_to_fit of 1000 elements moves them";
    EXPECT_EQ(scope.moves(), 1000);
    scope.reset();
    a.pop_back();
    EXPECT_EQ(scope.transfers(), 0) << "pop_back neither copies nor moves";
    std::vector<std::int64_t> want;
    for (std::int64_t i = 0; i < 999; ++i) want.push_back(i);
    EXPECT_TRUE(SameSequence(keys(a), want)) << "0..999 after reserve, insert(10) and erase(10), shrink_to_fit, pop_back";
}

TEST(Reserve, OfTheCurrentCapacityDoesNotReallocate) {
    DynamicArray a;
    fill(a, 5);  // capacity 8
    CountScope scope;
    a.reserve(8);
    a.reserve(5);
    a.reserve(0);
    EXPECT_EQ(scope.transfers(), 0) << "reserve(n) with n <= capacity() = 8 must not move the elements";
    EXPECT_EQ(a.capacity(), 8u);
    DynamicArray empty;
    empty.reserve(0);
    EXPECT_EQ(empty.capacity(), 0u) << "reserve(0) of an empty array allocates nothing";
    empty.push_back(Counted(3));
    EXPECT_EQ(empty.capacity(), 1u) << "then push_back grows 0 -> 1";
}

TEST(ShrinkToFit, OfAFullArrayDoesNotReallocate) {
    DynamicArray a;
    fill(a, 8);  // capacity 8, full
    CountScope scope;
    a.shrink_to_fit();
    EXPECT_EQ(scope.transfers(), 0) << "shrink_to_fit when size() == capacity() = 8 has nothing to release";
    EXPECT_EQ(a.capacity(), 8u);
}

TEST(DynamicArray, IsUsableAfterEveryOperationThatEmptiesOrShrinksIt) {
    // After shrink_to_fit to the exact size, a full array must grow again on push_back and insert,
    // including with an argument that refers into the array.
    DynamicArray a;
    fill(a, 3);
    a.shrink_to_fit();  // capacity 3, full
    a.insert(0, a[2]);  // full: grows to 6, inserts a copy of the old a[2]
    EXPECT_TRUE(SameSequence(keys(a), {2, 0, 1, 2}));
    EXPECT_EQ(a.capacity(), 6u);
    while (!a.empty()) a.erase(0);
    a.shrink_to_fit();  // releases the buffer
    a.insert(0, Counted(7));
    EXPECT_EQ(a.capacity(), 1u) << "insert into an array without a buffer grows it 0 -> 1, as push_back does";
    a.push_back(a[0]);
    EXPECT_TRUE(SameSequence(keys(a), {7, 7})) << "insert and push_back after erasing everything and shrinking";
    EXPECT_EQ(a.capacity(), 2u) << "0 -> 1 (insert) -> 2 (push_back)";
}

}  // namespace
}  // namespace course::data_structures
