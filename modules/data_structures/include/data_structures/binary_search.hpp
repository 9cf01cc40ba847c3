// Binary search: lower_bound and upper_bound on a sorted span; the rotation point of a rotated
// sorted array, and search in it.
//
// Each function has an overload for std::int64_t and one for Counted (counted.hpp), whose
// comparisons the tests count: a search must make O(log n) of them, and a search that never ends
// is stopped by a comparison budget. Notes: docs/data_structures.md#binary_search.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>

#include "course/error.hpp"
#include "data_structures/counted.hpp"

namespace course::data_structures {

// lower_bound: the first position whose element is not less than key, in a span sorted ascending.
//
//     lower_bound(a, key) = min { i in [0, n] : i == n or !(a[i] < key) }
//
// so a[0, i) < key <= a[i, n): the position where key would be inserted before its equals.
//     a = (1, 3, 3, 3, 7):  key 0 -> 0,  key 3 -> 1,  key 4 -> 4,  key 8 -> 5
// Cost: at most bit_width(n) comparisons, where bit_width(n) = floor(log2 n) + 1 (0 for n = 0) =
// ceil(log2(n + 1)), the fewest that can tell the n + 1 answers apart: one comparison per round,
// and each round halves [lo, hi). (A split at a third, or a second comparison per round, is still
// O(log n) but makes more, and fails the tests.)
// Only operator< is needed. An unsorted span gives an unspecified position (not checked: that
// would cost O(n)). Same as std::lower_bound (C++ standard, [lower.bound]); Knuth, TAOCP vol. 3, 6.2.1.
std::size_t lower_bound(std::span<const std::int64_t> sorted, std::int64_t key);
std::size_t lower_bound(std::span<const Counted> sorted, const Counted& key);

// upper_bound: the first position whose element is greater than key.
//
//     upper_bound(a, key) = min { i in [0, n] : i == n or key < a[i] }
//
// so a[0, i) <= key < a[i, n); [lower_bound, upper_bound) is the run of elements equal to key.
//     a = (1, 3, 3, 3, 7):  key 0 -> 0,  key 3 -> 4,  key 7 -> 5
// Cost: at most bit_width(n) comparisons, as lower_bound.
std::size_t upper_bound(std::span<const std::int64_t> sorted, std::int64_t key);
std::size_t upper_bound(std::span<const Counted> sorted, const Counted& key);

// find_rotation: the position of the smallest element of a rotated sorted array of distinct keys,
// a = (s[r], s[r + 1], ..., s[n - 1], s[0], ..., s[r - 1]) for a sorted s; returns r.
//     (4, 5, 6, 7, 0, 1, 2) -> 4;   (0, 1, 2) -> 0 (not rotated);   (2, 1) -> 1
// Cost: at most ceil(log2 n) = bit_width(n - 1) comparisons, the fewest that can tell the n answers
// apart: one comparison per round, halving [0, n - 1). Keys must be distinct: with duplicates,
// (1, 1, 1, 0, 1) and (1, 0, 1, 1, 1) look alike to any O(log n) probe.
// Refuses an empty span (it has no smallest element).
std::size_t find_rotation(std::span<const std::int64_t> rotated);
std::size_t find_rotation(std::span<const Counted> rotated);

// check_find_rotation_input: find_rotation refuses an empty span (not its lesson).
inline void check_find_rotation_input(bool empty) {
    COURSE_CHECK(!empty, "find_rotation: the span is empty, it has no smallest element");
}

// search_rotated: the position of key in a rotated sorted array of distinct keys, or std::nullopt.
//     (4, 5, 6, 7, 0, 1, 2):  key 0 -> 4,  key 7 -> 3,  key 3 -> nullopt
// Cost: at most 4 * bit_width(n) + 2 comparisons: O(log n), never a linear scan. (Looser than the
// searches above: it admits the one-pass textbook search, up to four comparisons per round.)
std::optional<std::size_t> search_rotated(std::span<const std::int64_t> rotated, std::int64_t key);
std::optional<std::size_t> search_rotated(std::span<const Counted> rotated, const Counted& key);

}  // namespace course::data_structures
