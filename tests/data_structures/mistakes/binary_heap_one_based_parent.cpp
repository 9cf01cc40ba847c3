// Known mistake: sift_up takes the parent of slot i as i / 2, the formula for an array that starts
// at index 1. With the root at slot 0, the parent of slot 2 comes out as slot 1 (its sibling) and
// that of slot 4 as slot 2 (its uncle): sift-up climbs the wrong path and heap order breaks.
#include "data_structures/binary_heap.hpp"

#include <utility>

#include "course/error.hpp"

namespace course::data_structures {

MaxHeap::MaxHeap(std::span<const Counted> values) : data_(values.begin(), values.end()) {
    // Bottom-up: slots n/2 .. n-1 are leaves, heaps of one element already. Each sift_down joins
    // two heaps under a new root, so when i reaches 0 the whole array is a heap.
    for (std::size_t i = data_.size() / 2; i-- > 0;) sift_down(i);
}

const Counted& MaxHeap::top() const {
    COURSE_CHECK(!data_.empty(), "top: the heap is empty");
    return data_[0];
}

void MaxHeap::push(const Counted& value) {
    data_.push_back(value);
    sift_up(data_.size() - 1);
}

Counted MaxHeap::pop() {
    COURSE_CHECK(!data_.empty(), "pop: the heap is empty");
    Counted result = std::move(data_[0]);
    data_[0] = std::move(data_.back());
    data_.pop_back();
    if (!data_.empty()) sift_down(0);
    return result;
}

void MaxHeap::sift_up(std::size_t i) {
    // Hold the element aside and move parents down into the hole: one move per level, not a swap.
    Counted x = std::move(data_[i]);
    while (i > 0) {
        const std::size_t parent = i / 2;
        if (!(data_[parent] < x)) break;
        data_[i] = std::move(data_[parent]);
        i = parent;
    }
    data_[i] = std::move(x);
}

void MaxHeap::sift_down(std::size_t i) {
    const std::size_t n = data_.size();
    Counted x = std::move(data_[i]);
    for (;;) {
        std::size_t child = 2 * i + 1;
        if (child >= n) break;
        if (child + 1 < n && data_[child] < data_[child + 1]) ++child;  // the larger child
        if (!(x < data_[child])) break;
        data_[i] = std::move(data_[child]);
        i = child;
    }
    data_[i] = std::move(x);
}

}  // namespace course::data_structures
