// Known mistake: search_rotated decides which half is sorted with a[lo] < a[mid] instead of
// a[lo] <= a[mid]. When lo == mid (a window of two) it takes the left half for unsorted, looks on
// the wrong side, and misses the key: in (3, 1) it does not find 1.
#include "data_structures/binary_search.hpp"

#include "course/error.hpp"

namespace course::data_structures {
namespace {

// Each search keeps a half-open window [lo, hi) that holds the answer, and halves it with one
// comparison per round: mid = lo + (hi - lo) / 2 < hi, and both branches shrink the window (to
// [mid + 1, hi) or [lo, mid)), so it ends after bit_width(n) rounds at most.

// Invariant: a[0, lo) < key and !(a[hi, n) < key).
template <typename T>
std::size_t lower_bound_impl(std::span<const T> a, const T& key) {
    std::size_t lo = 0, hi = a.size();
    while (lo < hi) {
        const std::size_t mid = lo + (hi - lo) / 2;
        if (a[mid] < key) {
            lo = mid + 1;
        } else {
            hi = mid;
        }
    }
    return lo;
}

// Invariant: !(key < a[0, lo)) and key < a[hi, n).
template <typename T>
std::size_t upper_bound_impl(std::span<const T> a, const T& key) {
    std::size_t lo = 0, hi = a.size();
    while (lo < hi) {
        const std::size_t mid = lo + (hi - lo) / 2;
        if (key < a[mid]) {
            hi = mid;
        } else {
            lo = mid + 1;
        }
    }
    return lo;
}

// The smallest element is the first one that is not greater than the last: every element before
// it is > a[n - 1] (the upper run), every element from it on is <= a[n - 1] (the lower run). That
// predicate is monotone, so binary search finds where it turns true.
// Invariant: a[0, lo) > a[n - 1] and a[hi, n) <= a[n - 1]; hi starts at n - 1 (a[n - 1] <= itself).
template <typename T>
std::size_t find_rotation_impl(std::span<const T> a) {
    COURSE_CHECK(!a.empty(), "find_rotation: the span is empty, it has no smallest element");
    const T& last = a.back();
    std::size_t lo = 0, hi = a.size() - 1;
    while (lo < hi) {
        const std::size_t mid = lo + (hi - lo) / 2;
        if (last < a[mid]) {
            lo = mid + 1;
        } else {
            hi = mid;
        }
    }
    return lo;
}

// The textbook one-pass search: one of the halves [lo, mid] and [mid, hi] is always sorted; look
// in it if key is in its range, else in the other.
template <typename T>
std::optional<std::size_t> search_rotated_impl(std::span<const T> a, const T& key) {
    std::ptrdiff_t lo = 0, hi = static_cast<std::ptrdiff_t>(a.size()) - 1;
    while (lo <= hi) {
        const std::ptrdiff_t mid = lo + (hi - lo) / 2;
        if (a[mid] == key) return static_cast<std::size_t>(mid);
        if (a[lo] < a[mid]) {  // the bug: with lo == mid the left "half" [lo, mid] is sorted too (<=)
            if (!(key < a[lo]) && key < a[mid]) {
                hi = mid - 1;
            } else {
                lo = mid + 1;
            }
        } else {
            if (a[mid] < key && !(a[hi] < key)) {
                lo = mid + 1;
            } else {
                hi = mid - 1;
            }
        }
    }
    return std::nullopt;
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
