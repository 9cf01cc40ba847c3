// Known mistake: insertion sort's inner loop stops at j > 1 instead of j > 0, so an element is never
// moved into position 0: whatever is first stays before smaller keys inserted later.
#include "data_structures/comparison_sorts.hpp"

#include <cstddef>
#include <utility>
#include <vector>

namespace course::data_structures {
namespace {

// Ranges of at most this many elements are finished by insertion sort: for so few elements its
// tight loop beats the recursion's overhead (and it does at most k(k-1)/2 <= 2 k log2 k
// comparisons for k <= 17, within every sort's bound).
constexpr std::ptrdiff_t kSmallRange = 16;

// insertion_sort_impl: a[0, n). Invariant: a[0, i) is sorted. a[i] is lifted out and the larger
// elements of the prefix shift right until its place is found; stopping at the first element not
// greater than it keeps equal elements in order (stable).
template <typename T>
void insertion_sort_impl(T* a, std::ptrdiff_t n) {
    for (std::ptrdiff_t i = 1; i < n; ++i) {
        if (!(a[i] < a[i - 1]) || i == 1) continue;  // (the bug: position 0 is never written)
        T x = std::move(a[i]);
        std::ptrdiff_t j = i;
        do {
            a[j] = std::move(a[j - 1]);
            --j;
        } while (j > 1 && x < a[j - 1]);
        a[j] = std::move(x);
    }
}

// ---- merge sort ----

// merge_sort_rec: sorts a[lo, hi) using buffer[0, (hi - lo) / 2 + 1) as scratch.
template <typename T>
void merge_sort_rec(T* a, std::ptrdiff_t lo, std::ptrdiff_t hi, T* buffer) {
    if (hi - lo <= kSmallRange) {
        insertion_sort_impl(a + lo, hi - lo);
        return;
    }
    const std::ptrdiff_t mid = lo + (hi - lo) / 2;
    merge_sort_rec(a, lo, mid, buffer);
    merge_sort_rec(a, mid, hi, buffer);
    // The halves are already in order (sorted input): nothing to merge, one comparison.
    if (!(a[mid] < a[mid - 1])) return;
    // Move the left half out, then merge it with the right half back into a[lo, hi). The write
    // position k never passes the read position j of the right half, so nothing is overwritten
    // before it is read.
    const std::ptrdiff_t left = mid - lo;
    for (std::ptrdiff_t i = 0; i < left; ++i) buffer[i] = std::move(a[lo + i]);
    std::ptrdiff_t i = 0, j = mid, k = lo;
    while (i < left && j < hi) {
        // Take from the right only when strictly smaller: equal keys keep the left one first.
        if (a[j] < buffer[i]) {
            a[k++] = std::move(a[j++]);
        } else {
            a[k++] = std::move(buffer[i++]);
        }
    }
    while (i < left) a[k++] = std::move(buffer[i++]);
    // Whatever is left of the right half is already in place.
}

template <typename T>
void merge_sort_impl(std::span<T> a) {
    const auto n = static_cast<std::ptrdiff_t>(a.size());
    if (n <= kSmallRange) {
        insertion_sort_impl(a.data(), n);
        return;
    }
    std::vector<T> buffer(static_cast<std::size_t>(n / 2 + 1));
    merge_sort_rec(a.data(), 0, n, buffer.data());
}

// ---- quicksort ----

// order3: sorts a[i] <= a[j] <= a[k] with at most three comparisons.
template <typename T>
void order3(T* a, std::ptrdiff_t i, std::ptrdiff_t j, std::ptrdiff_t k) {
    using std::swap;
    if (a[j] < a[i]) swap(a[i], a[j]);
    if (a[k] < a[j]) {
        swap(a[j], a[k]);
        if (a[j] < a[i]) swap(a[i], a[j]);
    }
}

// partition3: three-way partition of a[lo, hi] (inclusive; hi - lo >= 2) around v = a[lo], where
// the caller guarantees a[hi] >= v (it does not let the left scan run off the end) and a[lo] == v
// (nor the right scan). Bentley and McIlroy's scheme: the two scans of Hoare's partition, which
// swap each out-of-place pair; a key equal to v met on the way is parked at the far ends,
//     [lo, p]: == v     (p, i): < v     (j, q): > v     [q, hi]: == v
// and the parked keys are swapped into the middle at the end. Returns the range [lt, gt] of keys
// equal to v; a[lo, lt) < v and a(gt, hi] > v. Distinct keys cost one comparison per element plus
// the two equality tests of each swap.
template <typename T>
std::pair<std::ptrdiff_t, std::ptrdiff_t> partition3(T* a, std::ptrdiff_t lo, std::ptrdiff_t hi) {
    using std::swap;
    const T v = a[lo];
    std::ptrdiff_t i = lo, j = hi + 1;
    std::ptrdiff_t p = lo, q = hi + 1;
    for (;;) {
        while (a[++i] < v) {
        }
        while (v < a[--j]) {
        }
        if (i >= j) {
            if (i == j && a[i] == v) swap(a[++p], a[i]);  // the scans met on a key equal to v
            break;
        }
        swap(a[i], a[j]);
        if (a[i] == v) swap(a[++p], a[i]);
        if (a[j] == v) swap(a[--q], a[j]);
    }
    // Now [lo, p] == v, (p, j] < v, (j, q) > v, [q, hi] == v: swap the parked equal keys inward,
    // next to position j from the left and next to j + 1 from the right.
    i = j + 1;
    std::ptrdiff_t lt = j, gt = i;
    for (std::ptrdiff_t k = lo; k <= p; ++k) swap(a[k], a[lt--]);
    for (std::ptrdiff_t k = hi; k >= q; --k) swap(a[k], a[gt++]);
    return {lt + 1, gt - 1};
}

// quicksort_rec: sorts a[lo, hi] (inclusive).
template <typename T>
void quicksort_rec(T* a, std::ptrdiff_t lo, std::ptrdiff_t hi) {
    while (hi - lo + 1 > kSmallRange) {
        // Median of three: sort a[lo], a[mid], a[hi]; the median goes to a[lo] as the pivot, and
        // a[hi] (>= the pivot) stops the left scan.
        const std::ptrdiff_t mid = lo + (hi - lo) / 2;
        order3(a, lo, mid, hi);
        using std::swap;
        swap(a[lo], a[mid]);
        const auto [lt, gt] = partition3(a, lo, hi);
        // Recurse into the smaller side, loop on the larger: the stack depth stays below log2 n.
        if (lt - lo < hi - gt) {
            quicksort_rec(a, lo, lt - 1);
            lo = gt + 1;
        } else {
            quicksort_rec(a, gt + 1, hi);
            hi = lt - 1;
        }
    }
    if (hi > lo) insertion_sort_impl(a + lo, hi - lo + 1);
}

template <typename T>
void quicksort_impl(std::span<T> a) {
    quicksort_rec(a.data(), 0, static_cast<std::ptrdiff_t>(a.size()) - 1);
}

// ---- heapsort ----

// sift_down: a[0, n) is a max-heap except that a[i] may be smaller than a child; move it down,
// each level lifting the larger child up, until both children are not greater.
template <typename T>
void sift_down(T* a, std::ptrdiff_t i, std::ptrdiff_t n) {
    T x = std::move(a[i]);
    for (;;) {
        std::ptrdiff_t child = 2 * i + 1;
        if (child >= n) break;
        if (child + 1 < n && a[child] < a[child + 1]) ++child;  // the larger child
        if (!(x < a[child])) break;
        a[i] = std::move(a[child]);
        i = child;
    }
    a[i] = std::move(x);
}

template <typename T>
void heapsort_impl(std::span<T> s) {
    T* a = s.data();
    const auto n = static_cast<std::ptrdiff_t>(s.size());
    // Heapify bottom-up: the leaves are heaps already; each sift_down joins two heaps under a root.
    for (std::ptrdiff_t i = n / 2 - 1; i >= 0; --i) sift_down(a, i, n);
    for (std::ptrdiff_t end = n - 1; end > 0; --end) {
        using std::swap;
        swap(a[0], a[end]);  // the maximum of a[0, end] goes to its final place
        sift_down(a, 0, end);
    }
}

}  // namespace

void insertion_sort(std::span<std::uint32_t> a) { insertion_sort_impl(a.data(), static_cast<std::ptrdiff_t>(a.size())); }
void insertion_sort(std::span<float> a) { insertion_sort_impl(a.data(), static_cast<std::ptrdiff_t>(a.size())); }
void insertion_sort(std::span<std::int64_t> a) { insertion_sort_impl(a.data(), static_cast<std::ptrdiff_t>(a.size())); }
void insertion_sort(std::span<Counted> a) { insertion_sort_impl(a.data(), static_cast<std::ptrdiff_t>(a.size())); }

void merge_sort(std::span<std::uint32_t> a) { merge_sort_impl(a); }
void merge_sort(std::span<float> a) { merge_sort_impl(a); }
void merge_sort(std::span<std::int64_t> a) { merge_sort_impl(a); }
void merge_sort(std::span<Counted> a) { merge_sort_impl(a); }

void quicksort(std::span<std::uint32_t> a) { quicksort_impl(a); }
void quicksort(std::span<float> a) { quicksort_impl(a); }
void quicksort(std::span<std::int64_t> a) { quicksort_impl(a); }
void quicksort(std::span<Counted> a) { quicksort_impl(a); }

void heapsort(std::span<std::uint32_t> a) { heapsort_impl(a); }
void heapsort(std::span<float> a) { heapsort_impl(a); }
void heapsort(std::span<std::int64_t> a) { heapsort_impl(a); }
void heapsort(std::span<Counted> a) { heapsort_impl(a); }

}  // namespace course::data_structures
