// Exercise 3: binary search. Contract: include/data_structures/binary_search.hpp
// Notes: docs/data_structures.md#binary_search.  Hints: ./course hint data_structures binary_search
// Grade it:  ./course grade data_structures binary_search
//
// Write each search once, as a template in the anonymous namespace below, and let the overloads
// for std::int64_t and Counted call it (the tests count Counted's comparisons).
#include "data_structures/binary_search.hpp"

#include "course/error.hpp"

namespace course::data_structures {
namespace {

//     lower_bound(a, key) = min { i : i == n or !(a[i] < key) }
template <typename T>
std::size_t lower_bound_impl(std::span<const T> a, const T& key) {
    // TODO(learner): keep a window [lo, hi) that contains the answer, a[0, lo) < key <= a[hi, n);
    // compare a[mid] with key and keep the half that still contains the answer.
    // Hint: "lo = mid" never moves when hi - lo == 1 (mid == lo): the loop then runs forever.
    COURSE_TODO("lower_bound");
}

//     upper_bound(a, key) = min { i : i == n or key < a[i] }
template <typename T>
std::size_t upper_bound_impl(std::span<const T> a, const T& key) {
    // TODO(learner): as lower_bound, with the test key < a[mid].
    COURSE_TODO("upper_bound");
}

// The position r of the smallest element of a rotated sorted array of distinct keys.
template <typename T>
std::size_t find_rotation_impl(std::span<const T> a) {
    check_find_rotation_input(a.empty());
    // TODO(learner): the elements before r are all greater than a[n - 1], those from r on are not:
    // binary-search for the first i with !(a[n - 1] < a[i]).
    COURSE_TODO("find_rotation");
}

template <typename T>
std::optional<std::size_t> search_rotated_impl(std::span<const T> a, const T& key) {
    // TODO(learner): with r = find_rotation_impl(a), the virtual array a[(r + i) % n] is sorted:
    // binary-search it, then check that the element found equals key. (n == 0: nothing to find.)
    COURSE_TODO("search_rotated");
}

}  // namespace

std::size_t lower_bound(std::span<const std::int64_t> sorted, std::int64_t key) {
    return lower_bound_impl(sorted, key);
}
std::size_t lower_bound(std::span<const Counted> sorted, const Counted& key) { return lower_bound_impl(sorted, key); }

std::size_t upper_bound(std::span<const std::int64_t> sorted, std::int64_t key) {
    return upper_bound_impl(sorted, key);
}
std::size_t upper_bound(std::span<const Counted> sorted, const Counted& key) { return upper_bound_impl(sorted, key); }

std::size_t find_rotation(std::span<const std::int64_t> rotated) { return find_rotation_impl(rotated); }
std::size_t find_rotation(std::span<const Counted> rotated) { return find_rotation_impl(rotated); }

std::optional<std::size_t> search_rotated(std::span<const std::int64_t> rotated, std::int64_t key) {
    return search_rotated_impl(rotated, key);
}
std::optional<std::size_t> search_rotated(std::span<const Counted> rotated, const Counted& key) {
    return search_rotated_impl(rotated, key);
}

}  // namespace course::data_structures
