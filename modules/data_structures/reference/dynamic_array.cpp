// Reference solution: dynamic array. Contract: include/data_structures/dynamic_array.hpp
#include "data_structures/dynamic_array.hpp"

#include <algorithm>
#include <utility>

#include "course/error.hpp"

namespace course::data_structures {

void DynamicArray::reallocate(std::size_t new_capacity) {
    assert(new_capacity >= size_);
    // new Counted[] default-constructs the slots (not counted); each element then moves once.
    std::unique_ptr<Counted[]> fresh = new_capacity > 0 ? std::make_unique<Counted[]>(new_capacity) : nullptr;
    for (std::size_t i = 0; i < size_; ++i) fresh[i] = std::move(data_[i]);
    data_ = std::move(fresh);
    capacity_ = new_capacity;
}

void DynamicArray::push_back(const Counted& value) {
    // Geometric growth: the moves of all reallocations sum to less than 2 * size().
    if (size_ == capacity_) {
        // value may live in the buffer that reallocate frees (a.push_back(a[0])): copy it first.
        Counted copy = value;
        reallocate(std::max<std::size_t>(1, 2 * capacity_));
        data_[size_] = std::move(copy);
    } else {
        data_[size_] = value;
    }
    ++size_;
}

void DynamicArray::pop_back() {
    check_pop_back(size_);
    --size_;
}

void DynamicArray::insert(std::size_t index, const Counted& value) {
    check_insert_index(index, size_);
    // value may be an element of this array, which the shift (or the reallocation) moves: copy
    // it before anything moves.
    Counted copy = value;
    if (size_ == capacity_) reallocate(std::max<std::size_t>(1, 2 * capacity_));
    // Shift [index, size_) one slot right, from the back, so that nothing is overwritten before
    // it has moved.
    for (std::size_t i = size_; i > index; --i) data_[i] = std::move(data_[i - 1]);
    data_[index] = std::move(copy);
    ++size_;
}

void DynamicArray::erase(std::size_t index) {
    check_erase_index(index, size_);
    for (std::size_t i = index + 1; i < size_; ++i) data_[i - 1] = std::move(data_[i]);
    --size_;
}

void DynamicArray::reserve(std::size_t new_capacity) {
    if (new_capacity > capacity_) reallocate(new_capacity);
}

void DynamicArray::shrink_to_fit() {
    if (capacity_ > size_) reallocate(size_);
}

}  // namespace course::data_structures
