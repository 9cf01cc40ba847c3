// Reference solution: sinusoidal positions and rotary embeddings. Contract: include/attention/positions.hpp
#include "attention/positions.hpp"

#include <cmath>
#include <cstddef>
#include <span>
#include <vector>

namespace course::attention {
namespace {

// rope_angles: for position p, cos and sin of p base^(-2j / hs), j = 0 .. hs/2 - 1, in double.
void rope_angles(std::vector<double>& cos_a, std::vector<double>& sin_a, double p, int hs, double base) {
    const int half = hs / 2;
    for (int j = 0; j < half; ++j) {
        const double theta = std::pow(base, -2.0 * double(j) / double(hs));
        const double a = p * theta;
        cos_a[std::size_t(j)] = std::cos(a);
        sin_a[std::size_t(j)] = std::sin(a);
    }
}

// rope_apply: out = R(sign a) inp on every pair of one position's B NH heads (sign -1 and add for
// the backward). Each pair is read before it is written, so out may be inp.
template <bool kBackward>
void rope_apply(float* out, const float* inp, int B, int T, int NH, int hs, float base, int position_offset) {
    const std::size_t half = std::size_t(hs) / 2, row = std::size_t(NH) * std::size_t(hs);
    std::vector<double> cos_a(half), sin_a(half);
    for (int t = 0; t < T; ++t) {
        rope_angles(cos_a, sin_a, double(position_offset) + double(t), hs, double(base));
        for (int b = 0; b < B; ++b) {
            const std::size_t start = (std::size_t(b) * std::size_t(T) + std::size_t(t)) * row;
            for (int h = 0; h < NH; ++h) {
                const float* x = inp + start + std::size_t(h) * std::size_t(hs);
                float* o = out + start + std::size_t(h) * std::size_t(hs);
                for (std::size_t j = 0; j < half; ++j) {
                    const double x1 = x[j], x2 = x[j + half], c = cos_a[j], s = sin_a[j];
                    if constexpr (kBackward) {
                        o[j] += float(x1 * c + x2 * s);
                        o[j + half] += float(x2 * c - x1 * s);
                    } else {
                        o[j] = float(x1 * c - x2 * s);
                        o[j + half] = float(x1 * s + x2 * c);
                    }
                }
            }
        }
    }
}

}  // namespace

void sinusoidal_positions(std::span<float> out, int T, int C) {
    check_sinusoidal_positions_arguments(out.size(), T, C);
    // out is (T, C): channel 2i the sine, 2i + 1 the cosine of t / 10000^(2i / C), in double.
    for (int i = 0; i < C / 2; ++i) {
        const double inv_freq = std::pow(10000.0, -2.0 * double(i) / double(C));
        for (int t = 0; t < T; ++t) {
            const double a = double(t) * inv_freq;
            const std::size_t at = std::size_t(t) * std::size_t(C) + 2 * std::size_t(i);
            out[at] = float(std::sin(a));
            out[at + 1] = float(std::cos(a));
        }
    }
}

void rope_forward(std::span<float> out, std::span<const float> inp, int B, int T, int NH, int hs, float base,
                  int position_offset) {
    check_rope_arguments("rope_forward", "out", out.data(), out.size(), "inp", inp.data(), inp.size(), B, T, NH, hs,
                         base, position_offset, true);
    // out, inp are (B, T, NH, hs); pairs (j, j + hs/2) rotated by (position_offset + t) base^(-2j/hs).
    rope_apply<false>(out.data(), inp.data(), B, T, NH, hs, base, position_offset);
}

void rope_backward(std::span<float> dinp, std::span<const float> dout, int B, int T, int NH, int hs, float base,
                   int position_offset) {
    check_rope_arguments("rope_backward", "dinp", dinp.data(), dinp.size(), "dout", dout.data(), dout.size(), B, T,
                         NH, hs, base, position_offset, false);
    // dinp, dout are (B, T, NH, hs): the transposed rotation R(-a) dout, added.
    rope_apply<true>(dinp.data(), dout.data(), B, T, NH, hs, base, position_offset);
}

}  // namespace course::attention
