// Exercise 4: comparison sorts. Contract: include/data_structures/comparison_sorts.hpp
// Notes: docs/data_structures.md#comparison_sorts.  Hints: ./course hint data_structures comparison_sorts
// Grade it:  ./course grade data_structures comparison_sorts
// Compare:   ./course bench data_structures BM_Sort   (your sorts beside std::sort)
//
// Write each sort once, as a template in the anonymous namespace; the overloads at the bottom
// (already written) call it for std::uint32_t, float, std::int64_t and Counted. Use only
// operator< on elements (the tests count Counted's comparisons), and std::move / std::swap to
// move them.
#include "data_structures/comparison_sorts.hpp"

#include <cstddef>
#include <utility>
#include <vector>

#include "course/error.hpp"

namespace course::data_structures {
namespace {

// Ranges of at most this many elements are left to insertion sort by merge sort and quicksort.
constexpr std::ptrdiff_t kSmallRange = 16;

//     for i = 1 .. n - 1: move a[i] left past every larger element of the sorted prefix a[0, i)
template <typename T>
void insertion_sort_impl(T* a, std::ptrdiff_t n) {
    // TODO(learner): lift x = a[i] out, shift the larger elements of a[0, i) one slot right, drop
    // x into the gap. Stop at the first element that is not greater than x (stability).
    COURSE_TODO("insertion_sort");
}

//     sort(a[lo, hi)) = merge(sort(a[lo, mid)), sort(a[mid, hi)))
template <typename T>
void merge_sort_impl(std::span<T> a) {
    // TODO(learner): allocate one buffer, recurse on halves (insertion sort for ranges of at most
    // kSmallRange), and merge: move the left half into the buffer, merge it with the right half
    // back into a. On equal keys take the left one first: that is what makes the sort stable.
    // Hint: if a[mid - 1] <= a[mid] the halves are already in order: skip the merge.
    COURSE_TODO("merge_sort");
}

//     pivot = median(a[lo], a[mid], a[hi]);   partition into < pivot | == pivot | > pivot
template <typename T>
void quicksort_impl(std::span<T> a) {
    // TODO(learner): while the range has more than kSmallRange elements: median of three as the
    // pivot, a three-way partition, recurse into the smaller outer part and loop on the larger.
    // Finish small ranges with insertion sort.
    // Hint: the first element as pivot makes sorted input cost n^2 / 2 comparisons; a two-way
    // partition does the same when all keys are equal. The tests count both.
    COURSE_TODO("quicksort");
}

//     heapify: sift_down(i) for i = n/2 - 1 .. 0;   then n - 1 times: swap(a[0], a[end]), sift_down(0)
template <typename T>
void heapsort_impl(std::span<T> a) {
    // TODO(learner): a max-heap has a[i] >= a[2i + 1] and a[i] >= a[2i + 2]. sift_down moves an
    // element down, each step swapping it with its LARGER child while that child is greater.
    COURSE_TODO("heapsort");
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
