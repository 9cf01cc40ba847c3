// Scaled dot-product attention for one head, backward: the gradients of q, k and v from the
// gradient of the output, through the probabilities P that attention_forward kept in att.
// Notes: docs/attention.md#attention_backward.
//
//     forward:  S = Q K^T / sqrt(hs),  P = softmax_rows(S + mask),  out = P V
//     dV  += P^T dO                       (T, hs) = (T, T)^T (T, hs)
//     dP   = dO V^T                       (T, T)  = (T, hs) (T, hs)^T
//     dS   = P o (dP - rowsum(dP o P))    (T, T)   softmax_backward, row by row
//     dQ  += dS K / sqrt(hs)              (T, hs) = (T, T) (T, hs)
//     dK  += dS^T Q / sqrt(hs)            (T, hs) = (T, T)^T (T, hs)
//
// q, k, v, dout, dq, dk, dv are (T, hs); att is (T, T), the P that attention_forward wrote for
// these q, k, v and mask (the mask needs no argument here: a masked score has P = 0, so its dS is
// 0 and no gradient flows through it; a query with every key masked has a zero row of P and gives
// nothing). o is the element-wise product. The backward ADDS into dq, dk and dv (the caller
// zeroes them), as every backward of this module.
//
// Accuracy: each gradient within a few float roundings of the exact one for these q, k, v and
// att, relative to the sums of the magnitudes of its terms. Cost: 4 products of 2 T^2 hs flops
// (dP, dV, dQ, dK) and O(T^2) for dS; scratch: V^T (T hs floats) and one row of dP, dS and dQ.
// Source: llm.c's attention_backward; Goodfellow, Bengio & Courville, "Deep Learning", 6.5.
#pragma once

#include <cstddef>
#include <span>

#include "attention/attention_forward.hpp"
#include "course/buffers.hpp"
#include "course/error.hpp"

namespace course::attention {

// check_attention_backward_arguments: the sizes, then q, k, v, dout, dq, dk, dv (T, hs) and att (T, T).
inline void check_attention_backward_arguments(std::size_t dq_size, std::size_t dk_size, std::size_t dv_size,
                                               std::size_t dout_size, std::size_t q_size, std::size_t k_size,
                                               std::size_t v_size, std::size_t att_size, int T, int hs) {
    const char* f = "attention_backward";
    check_attention_sizes(f, T, hs);
    check_matrix_size(f, "dout", dout_size, "T * hs", T, hs);
    check_matrix_size(f, "q", q_size, "T * hs", T, hs);
    check_matrix_size(f, "k", k_size, "T * hs", T, hs);
    check_matrix_size(f, "v", v_size, "T * hs", T, hs);
    check_matrix_size(f, "att", att_size, "T * T", T, T);
    check_matrix_size(f, "dq", dq_size, "T * hs", T, hs);
    check_matrix_size(f, "dk", dk_size, "T * hs", T, hs);
    check_matrix_size(f, "dv", dv_size, "T * hs", T, hs);
}

// attention_backward: dq, dk, dv += the gradients of one head of attention.
//
//     dV += P^T dO,   dS = P o (dO V^T - rowsum(dO V^T o P)),   dQ += dS K / sqrt(hs),   dK += dS^T Q / sqrt(hs)
//
// dq, dk, dv are (T, hs), dout is (T, hs), q, k, v are (T, hs), att is (T, T) from
// attention_forward. ADDS into dq, dk, dv. Throws std::invalid_argument for T < 1, hs < 1 or a
// buffer of the wrong size.
void attention_backward(std::span<float> dq, std::span<float> dk, std::span<float> dv,
                        std::span<const float> dout, std::span<const float> q, std::span<const float> k,
                        std::span<const float> v, std::span<const float> att, int T, int hs);

}  // namespace course::attention
