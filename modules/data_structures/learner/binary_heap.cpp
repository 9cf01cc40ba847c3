// Exercise 6: binary heap. Contract: include/data_structures/binary_heap.hpp
// Notes: docs/data_structures.md#binary_heap.  Hints: ./course hint data_structures binary_heap
// Grade it:  ./course grade data_structures binary_heap
//
// The heap lives in data_ (a std::vector<Counted>): the children of slot i are 2i + 1 and 2i + 2,
// its parent (i - 1) / 2. Compare elements with operator< only: the tests count the comparisons.
#include "data_structures/binary_heap.hpp"

#include <utility>

#include "course/error.hpp"

namespace course::data_structures {

MaxHeap::MaxHeap(std::span<const Counted> values) : data_(values.begin(), values.end()) {
    //     for i = n/2 - 1 down to 0: sift_down(i)
    // TODO(learner): heapify bottom-up. The leaves (slots n/2 and up) are heaps already.
    // Hint: pushing the values one by one also gives a heap, at up to n log2 n comparisons; the
    // test allows 2n.
    COURSE_TODO("MaxHeap::MaxHeap (heapify)");
}

const Counted& MaxHeap::top() const {
    check_not_empty("top", data_.empty());
    COURSE_TODO("MaxHeap::top");
}

void MaxHeap::push(const Counted& value) {
    // TODO(learner): append, then sift_up the new last slot.
    COURSE_TODO("MaxHeap::push");
}

Counted MaxHeap::pop() {
    check_not_empty("pop", data_.empty());
    // TODO(learner): keep data_[0] to return, move the last element to the root, shrink, sift_down(0).
    COURSE_TODO("MaxHeap::pop");
}

void MaxHeap::sift_up(std::size_t i) {
    // TODO(learner): while i > 0 and data_[(i - 1) / 2] < data_[i]: swap them, i = parent.
    COURSE_TODO("MaxHeap::sift_up");
}

void MaxHeap::sift_down(std::size_t i) {
    // TODO(learner): while i has a child: pick the LARGER child (of 2i + 1 and 2i + 2, if it
    // exists); if data_[i] < that child, swap them and continue from the child; else stop.
    COURSE_TODO("MaxHeap::sift_down");
}

}  // namespace course::data_structures
