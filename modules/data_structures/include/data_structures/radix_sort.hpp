// Radix sort: LSD (least significant digit first) radix sort of 32-bit keys, and of floats through
// an order-preserving map from float to uint32. No comparisons: O(n) per digit.
// Notes: docs/data_structures.md#radix_sort.
#pragma once

#include <cstdint>
#include <span>

namespace course::data_structures {

// radix_sort: sorts 32-bit unsigned keys ascending by four stable counting-sort passes over the
// 8-bit digits, least significant first.
//
//     for d = 0, 1, 2, 3:  stable counting sort of the keys by digit (key >> 8d) & 0xFF
//
// After pass d the keys are sorted by their low 8(d + 1) bits: the pass orders them by digit d,
// and its stability keeps keys with equal digit d in the order of the lower digits.
// Cost: 4 passes of O(n + 256), one buffer of n keys. A pass in which every key has the same digit
// may be skipped. Source: CLRS, 4th ed., 8.3; Knuth, TAOCP vol. 3, 5.2.5.
void radix_sort(std::span<std::uint32_t> keys);

// float_sort_key: a uint32 whose unsigned order is the order of the floats.
//
//     bits = the IEEE 754 bits of x
//     x >= +0 (sign bit 0):  key = bits | 0x80000000     (above every negative)
//     x <= -0 (sign bit 1):  key = ~bits                 (larger magnitude -> smaller key)
//
// x < y implies float_sort_key(x) < float_sort_key(y); -0.0 maps just below +0.0, so -0.0 sorts
// first (IEEE 754's totalOrder). NaNs land beyond the infinities (the sort does not expect them).
std::uint32_t float_sort_key(float x);

// float_from_sort_key: the inverse map, float_from_sort_key(float_sort_key(x)) has x's bits.
float float_from_sort_key(std::uint32_t key);

// radix_sort: sorts floats ascending by radix-sorting float_sort_key of each; -0.0 comes before
// +0.0. The values must not be NaN. Cost as for uint32.
void radix_sort(std::span<float> keys);

}  // namespace course::data_structures
