// Exercise 6: positional information, sinusoidal and rotary (RoPE), forward and backward.
// Contract: include/attention/positions.hpp   Notes: docs/attention.md#positions
// Hints: ./course hint attention positions     Grade it:  ./course grade attention positions
//
//     sinusoidal: out[t, 2i] = sin(t / 10000^(2i/C)),  out[t, 2i + 1] = cos(t / 10000^(2i/C))
//     RoPE, every head of every token, j = 0 .. hs/2 - 1, a_j = (position_offset + t) base^(-2j/hs):
//         out[j]        = inp[j] cos(a_j) - inp[j + hs/2] sin(a_j)
//         out[j + hs/2] = inp[j] sin(a_j) + inp[j + hs/2] cos(a_j)
//     backward: the rotation by -a_j, ADDED (+=) into dinp
#include "attention/positions.hpp"

#include <cmath>
#include <cstddef>
#include <span>

#include "course/error.hpp"

namespace course::attention {

// TODO(learner): element [b, t, h, j] is at ((b * T + t) * NH + h) * hs + j. Pair channel j with
// j + hs/2 (the two halves of the head), not with j + 1.
// Hint: compute every angle, its sine and its cosine in double: in float, (position_offset + t)
// theta at position 1e5 is off by 6e-3 rad.

void sinusoidal_positions(std::span<float> out, int T, int C) {
    check_sinusoidal_positions_arguments(out.size(), T, C);
    COURSE_TODO("sinusoidal_positions");
}

void rope_forward(std::span<float> out, std::span<const float> inp, int B, int T, int NH, int hs, float base,
                  int position_offset) {
    check_rope_arguments("rope_forward", "out", out.data(), out.size(), "inp", inp.data(), inp.size(), B, T, NH, hs,
                         base, position_offset, true);
    // Read both values of a pair before writing either: out may be inp.
    COURSE_TODO("rope_forward");
}

void rope_backward(std::span<float> dinp, std::span<const float> dout, int B, int T, int NH, int hs, float base,
                   int position_offset) {
    check_rope_arguments("rope_backward", "dinp", dinp.data(), dinp.size(), "dout", dout.data(), dout.size(), B, T,
                         NH, hs, base, position_offset, false);
    COURSE_TODO("rope_backward");
}

}  // namespace course::attention
