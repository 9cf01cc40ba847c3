// Exercise 4: multi-head attention, forward and backward, in llm.c's layout.
// Contract: include/attention/multi_head_attention.hpp
// Notes: docs/attention.md#multi_head_attention.  Hints: ./course hint attention multi_head_attention
// Grade it:  ./course grade attention multi_head_attention
//
//     qkv   = inp W_qkv^T + b_qkv                          (B, T, 3C)
//     q_bh, k_bh, v_bh = columns h hs .. (h + 1) hs - 1 of the first, second, third C of qkv[b]   (T, hs)
//     heads[b, :, h hs:(h + 1) hs] = attention_forward(q_bh, k_bh, v_bh), att[b, h] = P     (B, T, C)
//     out   = heads W_proj^T + b_proj                      (B, T, C)
//
// Available: backprop/linear.hpp (linear_forward, linear_backward with B * T as the batch),
// attention/attention_forward.hpp and attention/attention_backward.hpp (exercises 2 and 3, already
// built for you).
#include "attention/multi_head_attention.hpp"

#include <cstddef>
#include <vector>

#include "attention/attention_backward.hpp"
#include "attention/attention_forward.hpp"
#include "backprop/linear.hpp"

namespace course::attention {

void multi_head_attention_forward(std::span<float> out, const MhaActivations& acts, std::span<const float> inp,
                                  const MhaParams& params, const MhaShape& shape, const MhaOptions& options) {
    check_multi_head_attention_forward_arguments(out.size(), acts, inp.size(), params, shape, options);
    // TODO(learner): qkv by one linear_forward (OC = 3C); for each (b, h), copy head h of q, k and
    // v into (T, hs) buffers, call attention_forward with att[b, h] and the causal mask, and copy
    // its output into columns h hs .. of heads; then out by a second linear_forward.
    // Hint: a head is hs CONTIGUOUS columns of each third of a qkv row, at 0, C and 2C.
    COURSE_TODO("multi_head_attention_forward");
}

void multi_head_attention_backward(std::span<float> dinp, const MhaGrads& grads, std::span<const float> dout,
                                   std::span<const float> inp, const MhaParams& params, const MhaActivations& acts,
                                   const MhaShape& shape, const MhaOptions& options) {
    check_multi_head_attention_backward_arguments(dinp.size(), grads, dout.size(), inp.size(), params, acts, shape,
                                                  options);
    // TODO(learner): the forward in reverse: dheads (zeroed) through the projection's
    // linear_backward; per (b, h), attention_backward into zeroed dq, dk, dv, written back into
    // the same columns of dqkv's three thirds; then linear_backward through W_qkv. Add, never assign.
    // Hint: the backward needs no mask: att's masked probabilities are zero.
    COURSE_TODO("multi_head_attention_backward");
}

}  // namespace course::attention
