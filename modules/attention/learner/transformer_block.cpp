// Exercise 7: GPT-2's transformer block (pre-LN), forward and backward.
// Contract: include/attention/transformer_block.hpp
// Notes: docs/attention.md#transformer_block.  Hints: ./course hint attention transformer_block
// Grade it:  ./course grade attention transformer_block
//
//     x1 = x  + attn(LN1(x))                       (B, T, C)
//     y  = x1 + fcproj(gelu_tanh(fc(LN2(x1))))     (B, T, C),  fc: C -> 4C, fcproj: 4C -> C
//
// Available, already built for you: attention/layernorm.hpp (exercise 5), attention/
// multi_head_attention.hpp (exercise 4: params.attention() and acts.attention() give its spans),
// backprop/linear.hpp (linear_forward / linear_backward, B * T as the batch) and
// backprop/activations.hpp (gelu_tanh_forward / gelu_tanh_backward).
#include "attention/transformer_block.hpp"

#include <algorithm>
#include <cstddef>
#include <vector>

#include "attention/layernorm.hpp"
#include "attention/multi_head_attention.hpp"
#include "backprop/activations.hpp"
#include "backprop/linear.hpp"

namespace course::attention {

void transformer_block_forward(std::span<float> out, const BlockActivations& acts, std::span<const float> inp,
                               const BlockParams& params, const MhaShape& shape, const MhaOptions& options) {
    check_transformer_block_forward_arguments(out.size(), acts, inp.size(), params, shape, options);
    // TODO(learner): LN1 into acts.ln1 (with its mean and rstd); attention of ln1 into acts.x1,
    // then x1 += inp; LN2 of x1; fc into fch, gelu_tanh into fch_gelu, fcproj into out; out += x1.
    // Hint: normalize the branch's INPUT, never the residual stream itself (pre-LN).
    COURSE_TODO("transformer_block_forward");
}

void transformer_block_backward(std::span<float> dinp, const BlockGrads& grads, std::span<const float> dout,
                                std::span<const float> inp, const BlockParams& params, const BlockActivations& acts,
                                const MhaShape& shape, const MhaOptions& options) {
    check_transformer_block_backward_arguments(dinp.size(), grads, dout.size(), inp.size(), params, acts, shape,
                                               options);
    // TODO(learner): the forward in reverse, into zeroed scratch buffers: dx1 = dout (the residual)
    // plus the MLP branch's gradient through fcproj, gelu, fc and LN2; then dinp += dx1 plus the
    // attention branch's gradient through attention and LN1. Every gradient ADDS.
    // Hint: an addition y = x1 + f(x1) passes dout to x1 unchanged AND through f.
    COURSE_TODO("transformer_block_backward");
}

}  // namespace course::attention
