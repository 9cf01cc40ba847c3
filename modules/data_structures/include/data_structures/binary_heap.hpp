// Binary heap: a max priority queue of Counted values (counted.hpp), largest key on top.
//
// A complete binary tree stored level by level in an array: the children of slot i are slots
// 2i + 1 and 2i + 2, its parent is slot (i - 1) / 2. Heap order: no child is greater than its
// parent, so the maximum is data_[0]. The tests count Counted's comparisons.
// Notes: docs/data_structures.md#binary_heap.
#pragma once

#include <cstddef>
#include <span>
#include <vector>

#include "course/error.hpp"
#include "data_structures/counted.hpp"

namespace course::data_structures {

// MaxHeap: push and pop in O(log n), top in O(1), and a heap of n given values in O(n).
// A priority queue of (key, payload) pairs: the payload (say, a task id) travels with its key.
// top and pop refuse an empty heap (std::invalid_argument naming the function).
// Source: Williams, "Algorithm 232: Heapsort", CACM 7 (1964); Floyd, "Algorithm 245: Treesort 3",
// CACM 7 (1964); CLRS, 4th ed., chapter 6.
class MaxHeap {
public:
    MaxHeap() = default;

    // MaxHeap(values): a heap of the given values, built bottom-up (heapify):
    //     for i = n/2 - 1 down to 0:  sift_down(i)
    // Cost: at most 2n comparisons (a node at height h sifts down at most h levels, two comparisons
    // each, and sum_i height(i) <= n). n pushes would cost up to n log2 n.
    explicit MaxHeap(std::span<const Counted> values);

    std::size_t size() const { return data_.size(); }
    bool empty() const { return data_.empty(); }
    // data: the array in heap layout, for inspection (the tests check heap order on it).
    std::span<const Counted> data() const { return data_; }

    // top: the element with the largest key. O(1), no comparison.
    const Counted& top() const;

    // push: append value as the last leaf and sift it up: while it is greater than its parent,
    // swap them. Cost: at most floor(log2 n) comparisons, n the size after the push.
    void push(const Counted& value);

    // pop: remove and return the top: the last leaf replaces the root and sifts down (swapped with
    // its larger child while that child is greater). Cost: at most 2 floor(log2 n) comparisons.
    Counted pop();

private:
    // check_not_empty: top and pop refuse an empty heap (not their lesson).
    static void check_not_empty(const char* function, bool empty) {
        COURSE_CHECK(!empty, function, ": the heap is empty");
    }

    // sift_up: data_[i] may be greater than its parent; move it up until it is not.
    void sift_up(std::size_t i);
    // sift_down: data_[i] may be smaller than a child; move it down, each step to the place of its
    // larger child, until no child is greater.
    void sift_down(std::size_t i);

    std::vector<Counted> data_;  // heap order: data_[(i - 1) / 2] >= data_[i] for every i > 0
};

}  // namespace course::data_structures
