// Exercise 5: radix sort. Contract: include/data_structures/radix_sort.hpp
// Notes: docs/data_structures.md#radix_sort.  Hints: ./course hint data_structures radix_sort
// Grade it:  ./course grade data_structures radix_sort
// Race it:   ./course bench data_structures BM_Sort   (against std::sort: aim for 3x on 10^7 keys)
#include "data_structures/radix_sort.hpp"

#include <algorithm>
#include <array>
#include <bit>
#include <cstddef>
#include <vector>

#include "course/error.hpp"

namespace course::data_structures {

void radix_sort(std::span<std::uint32_t> keys) {
    //     for d = 0..3: stable counting sort by the digit (key >> 8d) & 0xFF
    // TODO(learner): per pass, count the keys of each digit value, turn the counts into start
    // offsets (a prefix sum), then copy each key, in order, to its digit's next free slot in a
    // buffer; the next pass reads the buffer. Four passes end in the original array.
    // Hint: the passes must go from the least significant digit up, and each must be stable.
    COURSE_TODO("radix_sort (uint32)");
}

std::uint32_t float_sort_key(float x) {
    //     x >= +0: bits | 0x80000000        x <= -0: ~bits
    // TODO(learner): std::bit_cast<std::uint32_t>(x), then one of the two.
    // Hint: flipping only the sign bit orders the negatives backwards: -1 would sort after -2.
    COURSE_TODO("float_sort_key");
}

float float_from_sort_key(std::uint32_t key) {
    // TODO(learner): undo float_sort_key: the top bit of key says which case it was.
    COURSE_TODO("float_from_sort_key");
}

void radix_sort(std::span<float> keys) {
    // TODO(learner): the same passes over the digits of float_sort_key(x). Either radix-sort a
    // vector of keys and map them back, or write the passes once as a template that takes the key
    // function, used by both overloads.
    COURSE_TODO("radix_sort (float)");
}

}  // namespace course::data_structures
