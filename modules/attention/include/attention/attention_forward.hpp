// Scaled dot-product attention for one head, forward: the naive algorithm, which keeps the whole
// (T, T) matrix of probabilities for the backward and is the oracle of flash attention and the
// KV cache.
// Notes: docs/attention.md#attention_forward.
//
//     S = Q K^T / sqrt(hs)         S[t, j] = sum_i q[t, i] k[j, i] / sqrt(hs)          (T, T)
//     S[t, j] = -inf where masked  (causal: j > t;  padding: key_padding[j] == 0)
//     P = softmax of each row of S                                                     (T, T)
//     out = P V                    out[t, i] = sum_j P[t, j] v[j, i]                   (T, hs)
//
// q, k, v and out are (T, hs): row t is position t's query, key, value or output. att is (T, T):
// the forward writes P into it (row t: how much query t takes from each key), kept for
// attention_backward. The mask is applied to the SCORES, before the softmax, so that each row's
// remaining probabilities still sum to one; a query whose keys are all masked (a padding key at
// t = 0 under a causal mask, or every key padding) gets a row of zeros in att and a zero output.
// Causal: query t sees the keys 0 .. t, itself included, never t + 1. The scale 1/sqrt(hs) keeps
// the scores' variance near 1 when q and k have unit-variance entries (a dot product of hs terms
// has variance hs), so that the softmax does not saturate as hs grows (Vaswani et al., 3.2.1).
//
// Scale: finite for any finite q, k, v whose scores and outputs fit in float (q, k of 1e3 with
// hs = 64: scores of 8e6, a one-hot P, stable through the softmax's max). Every output is a convex
// combination of the v rows: |out[t, i]| <= max_j |v[j, i]|.
// Cost: 2 T^2 hs flops for S and 2 T^2 hs for P V (about half with the causal mask, whose masked
// scores are not computed), T^2 floats of att: 64 MiB at T = 4096, the memory flash attention
// avoids. (The reference also keeps K^T, T hs floats, to build each row of scores by vectorized
// updates.)
// Source: Vaswani et al., "Attention is all you need", NeurIPS 2017, 3.2.1; llm.c's
// attention_forward (one head of its (B, T, 3C) layout).
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>

#include "course/buffers.hpp"
#include "course/error.hpp"

namespace course::attention {

// AttentionMask: which keys each query may see. causal: key j only for queries t >= j.
// key_padding: T entries, 1 = a real key, 0 = padding (never attended to); empty = no padding.
struct AttentionMask {
    bool causal = false;
    std::span<const std::uint8_t> key_padding = {};
};

// check_attention_sizes: T >= 1 and hs >= 1.
inline void check_attention_sizes(const char* function, int T, int hs) {
    COURSE_CHECK(T >= 1, function, ": T = ", T, ", expected at least 1 position");
    COURSE_CHECK(hs >= 1, function, ": hs = ", hs, ", expected a head size of at least 1");
}

// check_attention_forward_arguments: the sizes, then q, k, v, out (T, hs), att (T, T) and the
// mask's key_padding (T entries of 0 or 1, or none).
inline void check_attention_forward_arguments(std::size_t out_size, std::size_t att_size, std::size_t q_size,
                                              std::size_t k_size, std::size_t v_size, int T, int hs,
                                              const AttentionMask& mask) {
    const char* f = "attention_forward";
    check_attention_sizes(f, T, hs);
    check_matrix_size(f, "q", q_size, "T * hs", T, hs);
    check_matrix_size(f, "k", k_size, "T * hs", T, hs);
    check_matrix_size(f, "v", v_size, "T * hs", T, hs);
    check_matrix_size(f, "out", out_size, "T * hs", T, hs);
    check_matrix_size(f, "att", att_size, "T * T", T, T);
    COURSE_CHECK(mask.key_padding.empty() || mask.key_padding.size() == std::size_t(T), f,
                 ": mask.key_padding has ", mask.key_padding.size(), " entries, expected T = ", T,
                 " (one per key) or none");
    for (std::size_t j = 0; j < mask.key_padding.size(); ++j)
        COURSE_CHECK(mask.key_padding[j] <= 1, f, ": mask.key_padding[", j, "] = ", int(mask.key_padding[j]),
                     ", expected 1 (a real key) or 0 (padding)");
}

// attention_forward: one head of scaled dot-product attention; writes P into att.
//
//     out = softmax(Q K^T / sqrt(hs) + M) V,   M[t, j] = -inf where key j is masked for query t
//
// out is (T, hs), att is (T, T), q, k, v are (T, hs). OVERWRITES out and att. Throws
// std::invalid_argument for T < 1, hs < 1, a buffer of the wrong size or a bad key_padding.
void attention_forward(std::span<float> out, std::span<float> att, std::span<const float> q,
                       std::span<const float> k, std::span<const float> v, int T, int hs,
                       const AttentionMask& mask = {});

}  // namespace course::attention
