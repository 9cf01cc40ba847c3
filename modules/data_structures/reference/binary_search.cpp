// Reference solution: binary search. Contract: include/data_structures/binary_search.hpp
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
    check_find_rotation_input(a.empty());
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

// With r = find_rotation(a), the array read from r on, a[(r + i) mod n] for i in [0, n), is
// sorted: lower_bound on that virtual array, then one equality test.
template <typename T>
std::optional<std::size_t> search_rotated_impl(std::span<const T> a, const T& key) {
    const std::size_t n = a.size();
    if (n == 0) return std::nullopt;
    const std::size_t r = find_rotation_impl(a);
    auto at = [&](std::size_t i) -> const T& { return a[(r + i) % n]; };
    std::size_t lo = 0, hi = n;
    while (lo < hi) {
        const std::size_t mid = lo + (hi - lo) / 2;
        if (at(mid) < key) {
            lo = mid + 1;
        } else {
            hi = mid;
        }
    }
    if (lo < n && !(key < at(lo))) return (r + lo) % n;  // at(lo) >= key and !(key < at(lo)): equal
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
