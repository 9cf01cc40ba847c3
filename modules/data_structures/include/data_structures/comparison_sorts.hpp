// Comparison sorts: insertion sort, merge sort (stable), quicksort (median of three, three-way
// partition, insertion sort for small ranges) and heapsort. All sort ascending, in place, by
// operator< only.
//
// Each sort has one overload per element type the tests and benchmarks use: std::uint32_t and
// float (the benchmarks), std::int64_t, and Counted (counted.hpp), whose comparisons the tests
// count. Write each sort once as a template in your .cpp; the overloads call it.
// Floats must not be NaN (NaN breaks the strict weak order every comparison sort relies on);
// -0.0 and +0.0 compare equal, so they may come out in either order.
// Elements are moved (std::move, std::swap), never copied, except quicksort's pivot (at most one
// copy per partition): the tests count copies and moves apart.
// Notes: docs/data_structures.md#comparison_sorts.
#pragma once

#include <cstdint>
#include <span>

#include "data_structures/counted.hpp"

namespace course::data_structures {

// insertion_sort: grow a sorted prefix a[0, i) by inserting a[i] into it, shifting the larger
// elements one slot right.
//
//     for i = 1 .. n - 1:  move a[i] left past every a[j] with a[i] < a[j]
//
// Stable. Comparisons: at most I + n - 1, where I is the number of inversions (pairs i < j with
// a[j] < a[i]): n - 1 on sorted input, n(n - 1)/2 on reversed input. O(n^2) worst case, and the
// fastest sort for a few dozen elements, which is why the others call it for small ranges.
// Source: CLRS, 4th ed., 2.1; Knuth, TAOCP vol. 3, 5.2.1.
void insertion_sort(std::span<std::uint32_t> a);
void insertion_sort(std::span<float> a);
void insertion_sort(std::span<std::int64_t> a);
void insertion_sort(std::span<Counted> a);

// merge_sort: sort each half recursively, then merge the two sorted halves through a buffer.
//
//     sort(a[lo, hi)) = merge(sort(a[lo, mid)), sort(a[mid, hi))),   mid = (lo + hi) / 2
//
//     ranges of at most 16 elements: insertion_sort
//     halves already in order (!(a[mid] < a[mid - 1]), one comparison): not merged
//
// Stable: on equal keys the merge takes from the left half first, so equal elements keep their
// input order (the tests check it through Counted's payload). Comparisons at most
// 2 n log2(n) on any input (n ceil(log2 n) for the merges, plus the insertion sorts of small
// ranges), and at most n - 1 on sorted input (the merges are skipped). O(n log n) time, O(n)
// extra memory (one buffer).
// Source: CLRS, 4th ed., 2.3; Knuth, TAOCP vol. 3, 5.2.4.
void merge_sort(std::span<std::uint32_t> a);
void merge_sort(std::span<float> a);
void merge_sort(std::span<std::int64_t> a);
void merge_sort(std::span<Counted> a);

// quicksort: pick a pivot v, partition the range into (< v, == v, > v), recurse on the outer two.
//
//     pivot: the median of a[lo], a[mid], a[hi - 1]   (median of three)
//     partition: three-way, so runs of keys equal to v are finished in one pass
//     ranges of at most 16 elements: insertion_sort
//
// Not stable. Comparisons at most 2 n log2(n) on sorted, reversed and random inputs (the median
// of three splits sorted and reversed ranges in the middle), and O(n) when all keys are equal
// (the three-way partition). Recursing into the smaller part and looping on the larger keeps the
// stack O(log n). Expected O(n log n) time; adversarial inputs can still make it O(n^2).
// Source: Hoare, "Quicksort", Computer Journal 5 (1962); Bentley & McIlroy, "Engineering a Sort
// Function", Software: Practice and Experience 23 (1993); Sedgewick & Wayne, Algorithms, 2.3.
void quicksort(std::span<std::uint32_t> a);
void quicksort(std::span<float> a);
void quicksort(std::span<std::int64_t> a);
void quicksort(std::span<Counted> a);

// heapsort: arrange a as a binary max-heap (a[i] >= a[2i + 1], a[2i + 2]), then repeatedly swap
// the maximum a[0] to the end of the heap and sift the new root down.
//
//     heapify: sift_down(i) for i = n/2 - 1 down to 0             O(n), at most 2n comparisons
//     sort:    for end = n - 1 down to 1: swap(a[0], a[end]); sift_down(0) within a[0, end)
//
// Not stable. Comparisons at most 3 n log2(n) (sift-down compares the two children, then the
// larger child with the element: two comparisons per level). O(n log n) worst case, O(1) memory.
// Source: Williams, "Algorithm 232: Heapsort", CACM 7 (1964); Floyd, "Algorithm 245: Treesort 3",
// CACM 7 (1964); CLRS, 4th ed., chapter 6.
void heapsort(std::span<std::uint32_t> a);
void heapsort(std::span<float> a);
void heapsort(std::span<std::int64_t> a);
void heapsort(std::span<Counted> a);

}  // namespace course::data_structures
