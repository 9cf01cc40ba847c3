// Reference solution: radix sort. Contract: include/data_structures/radix_sort.hpp
#include "data_structures/radix_sort.hpp"

#include <algorithm>
#include <array>
#include <bit>
#include <cstddef>
#include <vector>

namespace course::data_structures {
namespace {

constexpr int kDigitBits = 8;
constexpr int kDigits = 32 / kDigitBits;
constexpr std::size_t kBuckets = std::size_t{1} << kDigitBits;

// lsd_radix_sort: sorts a[0, n) by key(a[i]) (a uint32), digit by digit from the least significant.
// One read pass counts all four digit histograms at once; then each pass turns its histogram into
// start offsets (an exclusive prefix sum) and scatters the keys, in input order, into the other
// buffer: equal digits keep their order, which is what makes LSD correct. A digit shared by every
// key (one bucket holds all n) is skipped: the pass would copy the keys unchanged.
template <typename T, typename Key>
void lsd_radix_sort(std::span<T> a, Key key) {
    const std::size_t n = a.size();
    if (n < 2) return;
    std::array<std::array<std::size_t, kBuckets>, kDigits> count{};
    for (const T& x : a) {
        const std::uint32_t k = key(x);
        for (int d = 0; d < kDigits; ++d) ++count[d][(k >> (kDigitBits * d)) & (kBuckets - 1)];
    }
    std::vector<T> buffer(n);
    T* from = a.data();
    T* to = buffer.data();
    for (int d = 0; d < kDigits; ++d) {
        const int shift = kDigitBits * d;
        if (count[d][(key(from[0]) >> shift) & (kBuckets - 1)] == n) continue;  // one digit for all
        std::array<std::size_t, kBuckets> start;
        std::size_t sum = 0;
        for (std::size_t b = 0; b < kBuckets; ++b) {
            start[b] = sum;
            sum += count[d][b];
        }
        for (std::size_t i = 0; i < n; ++i) {
            const T x = from[i];
            to[start[(key(x) >> shift) & (kBuckets - 1)]++] = x;
        }
        std::swap(from, to);
    }
    if (from != a.data()) std::copy(from, from + n, a.data());  // an odd number of passes ran
}

}  // namespace

std::uint32_t float_sort_key(float x) {
    const auto bits = std::bit_cast<std::uint32_t>(x);
    // Negative: flip every bit (reverses their order, and puts them below 0x80000000);
    // non-negative: set the sign bit (puts them above every negative).
    return (bits & 0x80000000u) ? ~bits : (bits | 0x80000000u);
}

float float_from_sort_key(std::uint32_t key) {
    // A key with the top bit set came from a non-negative float; one without, from a negative one.
    const std::uint32_t bits = (key & 0x80000000u) ? (key & 0x7FFFFFFFu) : ~key;
    return std::bit_cast<float>(bits);
}

void radix_sort(std::span<std::uint32_t> keys) {
    lsd_radix_sort(keys, [](std::uint32_t k) { return k; });
}

void radix_sort(std::span<float> keys) {
    lsd_radix_sort(keys, [](float x) { return float_sort_key(x); });
}

}  // namespace course::data_structures
