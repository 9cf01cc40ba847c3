// Reference for exercise 7: GPT-2's pre-LN transformer block, forward and backward.
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
    const int BT = shape.B * shape.T, C = shape.C;
    const std::size_t n = std::size_t(BT) * std::size_t(C);
    // x1 = x + attn(LN1(x)): the branch's output written into x1, then the residual added.
    layernorm_forward(acts.ln1, acts.ln1_mean, acts.ln1_rstd, inp, params.ln1w, params.ln1b, BT, C);
    multi_head_attention_forward(acts.x1, acts.attention(), acts.ln1, params.attention(), shape, options);
    for (std::size_t i = 0; i < n; ++i) acts.x1[i] += inp[i];
    // y = x1 + fcproj(gelu(fc(LN2(x1)))).
    layernorm_forward(acts.ln2, acts.ln2_mean, acts.ln2_rstd, acts.x1, params.ln2w, params.ln2b, BT, C);
    backprop::linear_forward(acts.fch, acts.ln2, params.fcw, params.fcb, BT, C, 4 * C, options.threads);
    backprop::gelu_tanh_forward(acts.fch_gelu, acts.fch);
    backprop::linear_forward(out, acts.fch_gelu, params.fcprojw, params.fcprojb, BT, 4 * C, C, options.threads);
    for (std::size_t i = 0; i < n; ++i) out[i] += acts.x1[i];
}

void transformer_block_backward(std::span<float> dinp, const BlockGrads& grads, std::span<const float> dout,
                                std::span<const float> inp, const BlockParams& params, const BlockActivations& acts,
                                const MhaShape& shape, const MhaOptions& options) {
    check_transformer_block_backward_arguments(dinp.size(), grads, dout.size(), inp.size(), params, acts, shape,
                                               options);
    const int BT = shape.B * shape.T, C = shape.C;
    const std::size_t n = std::size_t(BT) * std::size_t(C);
    // The MLP branch: y = x1 + fcproj(gelu(fc(LN2(x1)))). dx1 starts as dout (the residual).
    std::vector<float> dx1(dout.begin(), dout.end()), dln(n, 0.0f), dfch_gelu(4 * n, 0.0f), dfch(4 * n, 0.0f);
    backprop::linear_backward(dfch_gelu, grads.fcprojw, grads.fcprojb, dout, acts.fch_gelu, params.fcprojw, BT,
                              4 * C, C, options.threads);
    backprop::gelu_tanh_backward(dfch, acts.fch, dfch_gelu);
    backprop::linear_backward(dln, grads.fcw, grads.fcb, dfch, acts.ln2, params.fcw, BT, C, 4 * C, options.threads);
    layernorm_backward(dx1, grads.ln2w, grads.ln2b, dln, acts.x1, params.ln2w, acts.ln2_mean, acts.ln2_rstd, BT, C);
    // The attention branch: x1 = x + attn(LN1(x)). dinp gets dx1 through the residual.
    for (std::size_t i = 0; i < n; ++i) dinp[i] += dx1[i];
    std::fill(dln.begin(), dln.end(), 0.0f);
    multi_head_attention_backward(dln, grads.attention(), dx1, acts.ln1, params.attention(), acts.attention(), shape,
                                  options);
    layernorm_backward(dinp, grads.ln1w, grads.ln1b, dln, inp, params.ln1w, acts.ln1_mean, acts.ln1_rstd, BT, C);
}

}  // namespace course::attention
