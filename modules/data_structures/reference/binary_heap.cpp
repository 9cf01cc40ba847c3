// Reference solution: binary heap. Contract: include/data_structures/binary_heap.hpp
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
    check_not_empty("top", data_.empty());
    return data_[0];
}

void MaxHeap::push(const Counted& value) {
    data_.push_back(value);
    sift_up(data_.size() - 1);
}

Counted MaxHeap::pop() {
    check_not_empty("pop", data_.empty());
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
        const std::size_t parent = (i - 1) / 2;
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
