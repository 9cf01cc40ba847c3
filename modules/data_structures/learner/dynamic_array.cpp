// Exercise 1: dynamic array. Contract: include/data_structures/dynamic_array.hpp
// Notes: docs/data_structures.md#dynamic_array.  Hints: ./course hint data_structures dynamic_array
// Grade it:  ./course grade data_structures dynamic_array
//
// The members are data_ (a std::unique_ptr<Counted[]> of capacity_ slots), size_ and capacity_.
// The tests count every copy and move of a Counted element: that count is what they grade.
#include "data_structures/dynamic_array.hpp"

#include <algorithm>
#include <utility>

#include "course/error.hpp"

namespace course::data_structures {

void DynamicArray::reallocate(std::size_t new_capacity) {
    // TODO(learner): allocate a buffer of new_capacity slots (std::make_unique<Counted[]>(n)),
    // std::move each of the size_ elements into it, then replace data_ and capacity_.
    COURSE_TODO("DynamicArray::reallocate");
}

void DynamicArray::push_back(const Counted& value) {
    //     when full: capacity <- max(1, 2 * capacity)
    // TODO(learner): grow when size_ == capacity_, then copy value into slot size_. value may be an
    // element of this array (a.push_back(a[0])): growing frees its buffer, so copy it first.
    // Hint: growing by one slot at a time moves every element on every push: n^2 / 2 moves.
    COURSE_TODO("DynamicArray::push_back");
}

void DynamicArray::pop_back() {
    check_pop_back(size_);
    // TODO(learner): one line.
    COURSE_TODO("DynamicArray::pop_back");
}

void DynamicArray::insert(std::size_t index, const Counted& value) {
    check_insert_index(index, size_);
    // TODO(learner): grow as push_back does, shift [index, size_) one slot to the right, then
    // copy value into slot index. value may be an element of this array (a.insert(0, a[2])),
    // which the shift moves: copy it before anything moves.
    // Hint: shift from the back: going from the front overwrites data_[index + 1] before it moves.
    COURSE_TODO("DynamicArray::insert");
}

void DynamicArray::erase(std::size_t index) {
    check_erase_index(index, size_);
    // TODO(learner): shift (index, size_) one slot to the left; the capacity stays.
    COURSE_TODO("DynamicArray::erase");
}

void DynamicArray::reserve(std::size_t new_capacity) {
    // TODO(learner): reallocate only when new_capacity > capacity_; a smaller request does nothing.
    COURSE_TODO("DynamicArray::reserve");
}

void DynamicArray::shrink_to_fit() {
    // TODO(learner): reallocate to exactly size_ slots when there are unused ones.
    COURSE_TODO("DynamicArray::shrink_to_fit");
}

}  // namespace course::data_structures
