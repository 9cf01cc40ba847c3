// Dynamic array: a contiguous, growable array, the core of std::vector.
//
// The elements are Counted values (include/data_structures/counted.hpp), so the tests can count
// how many times each element is copied or moved: that count is the cost of the growth policy.
// Notes: docs/data_structures.md#dynamic_array.
#pragma once

#include <cassert>
#include <cstddef>
#include <memory>
#include <span>

#include "course/error.hpp"
#include "data_structures/counted.hpp"

namespace course::data_structures {

// DynamicArray: size() elements in a buffer of capacity() slots, data_[0 .. size_).
//
//     push_back when full:  capacity <- max(1, 2 * capacity), then move the elements over
//
// Doubling makes push_back amortized O(1): n push_backs from empty move the elements
// 1 + 2 + 4 + ... < 2n times in all, plus the n copies of the values pushed, so at most 3n
// element transfers (copies + moves). Growing by a constant instead costs about n^2 / (2c).
// Source: CLRS, 4th ed., 16.4 (dynamic tables).
//
// Every operation that is refused (an index out of range, pop_back on an empty array) throws
// std::invalid_argument naming the function, the index and the size.
class DynamicArray {
public:
    DynamicArray() = default;
    DynamicArray(const DynamicArray&) = delete;
    DynamicArray& operator=(const DynamicArray&) = delete;

    std::size_t size() const { return size_; }
    std::size_t capacity() const { return capacity_; }
    bool empty() const { return size_ == 0; }
    // operator[]: element i, 0 <= i < size() (not checked, like std::vector).
    Counted& operator[](std::size_t i) {
        assert(i < size_);
        return data_[i];
    }
    const Counted& operator[](std::size_t i) const {
        assert(i < size_);
        return data_[i];
    }
    // view: the elements as a span, [0, size()).
    std::span<const Counted> view() const { return {data_.get(), size_}; }

    // push_back: append a copy of value, doubling the capacity first when the array is full.
    //     capacity 0 -> 1 -> 2 -> 4 -> 8 -> ...
    // value may be an element of this array, as with std::vector: a.push_back(a[0]) appends a copy
    // of the first element even when growing frees the buffer a[0] lives in.
    // Cost: amortized O(1); one copy of value, plus size() moves (and at most one more) when it
    // reallocates.
    void push_back(const Counted& value);

    // pop_back: remove the last element. Cost O(1). Refuses an empty array.
    void pop_back();

    // insert: put a copy of value at position index, 0 <= index <= size(); the elements at index
    // and after move one slot to the right.
    //     [a, b, c].insert(1, x) = [a, x, b, c]
    // value may be an element of this array: a.insert(0, a[2]) inserts a copy of what a[2] was before
    // the call, although the shift moves that element.
    // Cost: size() - index moves and one copy, plus at most one more move (plus a reallocation when
    // full, as push_back).
    void insert(std::size_t index, const Counted& value);

    // erase: remove the element at index, 0 <= index < size(); the elements after it move one
    // slot to the left.
    //     [a, b, c].erase(1) = [a, c]
    // Cost: size() - 1 - index moves. The capacity does not change.
    void erase(std::size_t index);

    // reserve: make capacity() at least new_capacity. A smaller request does nothing (the
    // elements stay). Cost: size() moves when it reallocates, none otherwise.
    void reserve(std::size_t new_capacity);

    // shrink_to_fit: make capacity() equal to size(), releasing the unused slots (an empty array
    // releases its buffer). Cost: size() moves when capacity() > size(), none otherwise.
    void shrink_to_fit();

private:
    // check_pop_back, check_insert_index, check_erase_index: what pop_back, insert and erase refuse
    // (not their lesson), as std::invalid_argument naming the function, the index and the size.
    static void check_pop_back(std::size_t size) { COURSE_CHECK(size > 0, "pop_back: the array is empty"); }
    static void check_insert_index(std::size_t index, std::size_t size) {
        COURSE_CHECK(index <= size, "insert: index ", index, " is past the end (size ", size, ")");
    }
    static void check_erase_index(std::size_t index, std::size_t size) {
        COURSE_CHECK(index < size, "erase: index ", index, " is out of range (size ", size, ")");
    }

    // reallocate: move the size_ elements into a new buffer of exactly new_capacity slots
    // (new_capacity >= size_) and release the old one. size_ moves.
    void reallocate(std::size_t new_capacity);

    std::unique_ptr<Counted[]> data_;  // capacity_ slots; [0, size_) hold the elements
    std::size_t size_ = 0;
    std::size_t capacity_ = 0;
};

}  // namespace course::data_structures
