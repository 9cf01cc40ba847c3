// Positional information: the sinusoidal table of the original transformer, added to the token
// embeddings, and rotary position embeddings (RoPE), applied to q and k inside every attention
// layer. Notes: docs/attention.md#positions.
//
//     sinusoidal:  PE[t, 2i] = sin(t / 10000^(2i / C)),  PE[t, 2i + 1] = cos(t / 10000^(2i / C))
//     RoPE:        (out[j], out[j + hs/2]) = R(angle_j) (inp[j], inp[j + hs/2]),  j = 0 .. hs/2 - 1
//                  R(a) = [[cos a, -sin a], [sin a, cos a]],  angle_j = (position_offset + t) base^(-2j / hs)
//
// Self-attention alone is permutation-equivariant: it sees a set, not a sequence. The sinusoidal
// table (Vaswani et al. 2017, section 3.5) gives every position its own vector, at wavelengths
// from 2 pi to 10000 2 pi, interleaved: channel 2i holds the sine, 2i + 1 the cosine.
// RoPE (Su et al. 2021) rotates each pair of channels of a query or key by an angle proportional to
// its position: a rotation by t theta on q and s theta on k leaves q . k depending on t - s only,
// so the attention scores see relative positions, and rotations keep norms.
//
// PAIRING CONVENTION. This module pairs the two HALVES of each head: channel j with j + hs/2, as
// GPT-NeoX and Hugging Face's LLaMA do (their rotate_half: out = x cos + rotate_half(x) sin with
// cos and sin of the hs/2 angles repeated twice). RoFormer's paper and Meta's original LLaMA code
// pair ADJACENT channels, (2j, 2j + 1), with the same angles: another permutation of the channels,
// so the two conventions give different numbers for the same weights, and a checkpoint must be
// used with the convention it was trained with (Hugging Face permutes LLaMA's q and k weights on
// conversion for exactly this reason).
//
// Shapes: q or k as (B, T, NH, hs), element [b, t, h, j] at ((b T + t) NH + h) hs + j: llm.c's
// (B, T, C) with the NH heads side by side, C = NH hs. Position t of the buffer is token
// position_offset + t: with a KV cache, the token at position p is rotated with T = 1 and
// position_offset = p. sinusoidal_positions writes a (T, C) table.
// Forwards OVERWRITE out; rope_backward ADDS into dinp (the caller zeroes it). rope_forward may run
// in place (out and inp the same buffer: each pair is read before it is written); any other
// overlap, and any overlap of dinp with dout in rope_backward, is refused.
//
// Numerics: angles and their sines and cosines are computed in double and each output rounded once.
// In float, t theta at t = 1e5 is off by up to 1e5 2^-24 = 6e-3 rad, which moves every rotated
// value by 0.6% of its pair's norm; in double the error is 1e5 2^-53 ~ 1e-11 rad. Each output is
// then within a few float roundings of its pair's norm |(inp[j], inp[j + hs/2])|.
//
// Cost: sinusoidal_positions T C/2 sines and cosines. rope_forward and rope_backward: T hs/2 angles
// (each shared by the B NH rows of a position), then 4 multiplications per pair: 2 B T NH hs flops.
// Source: Vaswani et al., "Attention Is All You Need", NeurIPS 2017, 3.5; Su, Lu, Pan, Murtadha,
// Wen & Liu, "RoFormer: Enhanced Transformer with Rotary Position Embedding", arXiv:2104.09864;
// GPT-NeoX's and Hugging Face transformers' apply_rotary_pos_emb (modeling_llama.py).
#pragma once

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <span>

#include "course/error.hpp"

namespace course::attention {

// check_sinusoidal_positions_arguments: T >= 1, C >= 2 even, out (T, C).
inline void check_sinusoidal_positions_arguments(std::size_t out, int T, int C) {
    COURSE_CHECK(T >= 1, "sinusoidal_positions: T = ", T, ", expected T >= 1 (the number of positions)");
    COURSE_CHECK(C >= 2 && C % 2 == 0, "sinusoidal_positions: C = ", C,
                 ", expected an even C >= 2 (channel 2i holds the sine, 2i + 1 the cosine)");
    const std::size_t expected = std::size_t(T) * std::size_t(C);
    COURSE_CHECK(out == expected, "sinusoidal_positions: out has ", out, " elements, expected T * C = ", T, " * ",
                 C, " = ", expected);
}

// buffers_overlap: whether [a, a + n) and [b, b + m) share an element.
inline bool buffers_overlap(const float* a, std::size_t n, const float* b, std::size_t m) {
    const auto pa = reinterpret_cast<std::uintptr_t>(a), pb = reinterpret_cast<std::uintptr_t>(b);
    return n > 0 && m > 0 && pa < pb + m * sizeof(float) && pb < pa + n * sizeof(float);
}

// check_rope_arguments: B, T, NH >= 1; hs >= 2 and even (pairs of halves); base finite and > 1;
// position_offset >= 0; both buffers (B, T, NH, hs). `in_place_allowed`: out may be exactly inp
// (the forward); otherwise (the backward's dinp and dout) the two may not overlap at all.
inline void check_rope_arguments(const char* function, const char* out_name, const float* out, std::size_t out_size,
                                 const char* inp_name, const float* inp, std::size_t inp_size, int B, int T, int NH,
                                 int hs, float base, int position_offset, bool in_place_allowed) {
    COURSE_CHECK(B >= 1, function, ": B = ", B, ", expected B >= 1");
    COURSE_CHECK(T >= 1, function, ": T = ", T, ", expected T >= 1");
    COURSE_CHECK(NH >= 1, function, ": NH = ", NH, ", expected NH >= 1");
    COURSE_CHECK(hs >= 2 && hs % 2 == 0, function, ": hs = ", hs,
                 ", expected an even head size >= 2 (channel j is paired with j + hs/2)");
    COURSE_CHECK(std::isfinite(base) && base > 1.0f, function, ": base = ", base,
                 ", expected a finite base > 1 (10000 in the paper and in LLaMA; base^(-2j/hs) are the frequencies)");
    COURSE_CHECK(position_offset >= 0, function, ": position_offset = ", position_offset,
                 ", expected >= 0 (the position of the buffer's first token)");
    const std::size_t expected = std::size_t(B) * std::size_t(T) * std::size_t(NH) * std::size_t(hs);
    COURSE_CHECK(out_size == expected, function, ": ", out_name, " has ", out_size, " elements, expected B * T * NH * hs = ",
                 B, " * ", T, " * ", NH, " * ", hs, " = ", expected);
    COURSE_CHECK(inp_size == expected, function, ": ", inp_name, " has ", inp_size, " elements, expected B * T * NH * hs = ",
                 B, " * ", T, " * ", NH, " * ", hs, " = ", expected);
    const bool same = out == inp;
    COURSE_CHECK(!buffers_overlap(out, out_size, inp, inp_size) || (same && in_place_allowed), function, ": ",
                 out_name, " and ", inp_name, " overlap",
                 in_place_allowed ? " without being the same buffer (in place is allowed, a shifted view is not)"
                                  : " (the backward adds into dinp while it reads dout: give it separate buffers)");
}

// sinusoidal_positions: the (T, C) table of Vaswani et al., interleaved sine and cosine.
//
//     out[t, 2i] = sin(t / 10000^(2i / C)),  out[t, 2i + 1] = cos(t / 10000^(2i / C)),  i = 0 .. C/2 - 1
//
// out is (T, C). Throws std::invalid_argument for T < 1, C odd or < 2, or a wrong size.
void sinusoidal_positions(std::span<float> out, int T, int C);

// rope_forward: rotates each pair (j, j + hs/2) of every head of every token by its angle
// (halves pairing, GPT-NeoX / Hugging Face LLaMA; see the top).
//
//     out[j]        = inp[j] cos(a_j) - inp[j + hs/2] sin(a_j)
//     out[j + hs/2] = inp[j] sin(a_j) + inp[j + hs/2] cos(a_j),   a_j = (position_offset + t) base^(-2j / hs)
//
// out and inp are (B, T, NH, hs); out may be inp. Throws std::invalid_argument for B, T or NH < 1,
// hs odd or < 2, base not finite or <= 1, position_offset < 0, a wrong size, or out overlapping
// inp without being it.
void rope_forward(std::span<float> out, std::span<const float> inp, int B, int T, int NH, int hs,
                  float base = 10000.0f, int position_offset = 0);

// rope_backward: ADDS the gradient of rope_forward: the transposed rotation, by -a_j.
//
//     dinp[j]        +=  dout[j] cos(a_j) + dout[j + hs/2] sin(a_j)
//     dinp[j + hs/2] += -dout[j] sin(a_j) + dout[j + hs/2] cos(a_j)
//
// dinp and dout are (B, T, NH, hs) and may not overlap; the same checks as rope_forward.
void rope_backward(std::span<float> dinp, std::span<const float> dout, int B, int T, int NH, int hs,
                   float base = 10000.0f, int position_offset = 0);

}  // namespace course::attention
