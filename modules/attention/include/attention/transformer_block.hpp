// A GPT-2 transformer block, forward and backward: pre-LayerNorm residual branches around
// multi-head attention (exercise 4) and an MLP with GELU. Notes: docs/attention.md#transformer_block.
//
//     x1 = x  + attn(LN1(x))                          (B, T, C)   attn = multi_head_attention
//     y  = x1 + fcproj(gelu_tanh(fc(LN2(x1))))        (B, T, C)   fc: C -> 4C, fcproj: 4C -> C
//
// PRE-LN (GPT-2, Radford et al. 2019, 2.3): each branch normalizes its input and the residual
// stream x, x1 is added back untouched, never normalized (the post-LN of Vaswani et al. normalizes
// after the addition). The residual adds the input of the branch, x (not LN1(x)), to the output
// of the branch's LAST layer (after the projection). GELU is the TANH form, GPT-2's (and llm.c's,
// PyTorch's gelu(approximate='tanh')), from backprop/activations.hpp; the erf form differs by up
// to 4.7e-4 (at x = +-2.70).
//
// Parameters, in llm.c's order (BlockParams; BlockGrads the same shapes): ln1w (C), ln1b (C),
// qkvw (3C, C), qkvb (3C), attprojw (C, C), attprojb (C), ln2w (C), ln2b (C), fcw (4C, C),
// fcb (4C), fcprojw (C, 4C), fcprojb (C): 12 C^2 + 13 C floats (block_param_floats).
// Activations kept for the backward (BlockActivations), in this order: ln1 (B, T, C), ln1_mean
// (B, T), ln1_rstd (B, T), qkv (B, T, 3C), att (B, NH, T, T), atty (B, T, C: the heads before the
// projection), x1 (B, T, C: the residual stream after attention, llm.c's residual2), ln2 (B, T, C),
// ln2_mean (B, T), ln2_rstd (B, T), fch (B, T, 4C), fch_gelu (B, T, 4C)
// (block_activation_floats). block_params / block_grads / block_activations carve them out of one
// buffer, so that the capstone can lay a whole GPT out in one allocation.
// The forward OVERWRITES out and the activations; the backward ADDS into dinp and every
// parameter gradient (the caller zeroes them), reading the forward's activations.
//
// Cost: forward 2 B T (3C C + C C + 4C C + 4C C) = 24 B T C^2 flops in the linear layers, plus
// attention's 4 B T^2 C (half causal) and O(B T C) in the norms, GELU and residuals; backward
// about twice. Memory: the activations, (15 C + 4) B T + B NH T^2 floats, and per backward call
// (B T (C + C + 4C + 4C)) floats of scratch (dx1, dln, dfch_gelu, dfch) plus exercise 4's.
// Source: Radford et al., "Language Models are Unsupervised Multitask Learners" (GPT-2), 2019;
// Xiong et al., "On Layer Normalization in the Transformer Architecture", ICML 2020 (pre-LN);
// Karpathy's llm.c, train_gpt2.c (gpt2_forward / gpt2_backward, one layer).
#pragma once

#include <array>
#include <cstddef>
#include <span>

#include "attention/multi_head_attention.hpp"
#include "course/error.hpp"

namespace course::attention {

// kBlockParams: the number of parameter tensors of a block.
inline constexpr int kBlockParams = 12;

// block_param_sizes: the twelve tensors' floats, in llm.c's order.
inline std::array<std::size_t, kBlockParams> block_param_sizes(int C) {
    const std::size_t c = std::size_t(C);
    return {c, c, 3 * c * c, 3 * c, c * c, c, c, c, 4 * c * c, 4 * c, 4 * c * c, c};
}

// block_param_floats: 12 C^2 + 13 C.
inline std::size_t block_param_floats(int C) {
    std::size_t n = 0;
    for (std::size_t s : block_param_sizes(C)) n += s;
    return n;
}

// block_activation_sizes: the twelve activations' floats, in the order of BlockActivations.
inline std::array<std::size_t, 12> block_activation_sizes(const MhaShape& s) {
    const std::size_t n = s.tokens(), c = std::size_t(s.C);
    return {n * c, n, n, n * 3 * c, mha_att_floats(s), n * c, n * c, n * c, n, n, n * 4 * c, n * 4 * c};
}

// block_activation_floats: their sum, (15 C + 4) B T + B NH T^2.
inline std::size_t block_activation_floats(const MhaShape& s) {
    std::size_t n = 0;
    for (std::size_t x : block_activation_sizes(s)) n += x;
    return n;
}

// BlockParams: the block's parameters, read-only, llm.c's names and order.
struct BlockParams {
    std::span<const float> ln1w, ln1b, qkvw, qkvb, attprojw, attprojb, ln2w, ln2b, fcw, fcb, fcprojw, fcprojb;
    MhaParams attention() const { return {qkvw, qkvb, attprojw, attprojb}; }
};

// BlockGrads: their gradients, same shapes, added into.
struct BlockGrads {
    std::span<float> ln1w, ln1b, qkvw, qkvb, attprojw, attprojb, ln2w, ln2b, fcw, fcb, fcprojw, fcprojb;
    MhaGrads attention() const { return {qkvw, qkvb, attprojw, attprojb}; }
};

// BlockActivations: what the forward keeps for the backward.
struct BlockActivations {
    std::span<float> ln1, ln1_mean, ln1_rstd, qkv, att, atty, x1, ln2, ln2_mean, ln2_rstd, fch, fch_gelu;
    MhaActivations attention() const { return {qkv, att, atty}; }
};

namespace detail {
template <class Span, class Out>
void carve(Span buffer, const std::size_t* sizes, Out* const* outs, int n, const char* function, std::size_t total,
           const char* formula) {
    COURSE_CHECK(buffer.size() == total, function, ": the buffer has ", buffer.size(), " floats, expected ", formula,
                 " = ", total);
    std::size_t at = 0;
    for (int i = 0; i < n; ++i) *outs[i] = buffer.subspan(at, sizes[i]), at += sizes[i];
}
}  // namespace detail

// block_params / block_grads: the twelve spans, in order, out of block_param_floats(C) floats.
inline BlockParams block_params(std::span<const float> buffer, int C) {
    BlockParams p;
    const auto sizes = block_param_sizes(C);
    std::span<const float>* outs[] = {&p.ln1w, &p.ln1b, &p.qkvw, &p.qkvb, &p.attprojw, &p.attprojb,
                                      &p.ln2w, &p.ln2b, &p.fcw,  &p.fcb,  &p.fcprojw,  &p.fcprojb};
    detail::carve(buffer, sizes.data(), outs, kBlockParams, "block_params", block_param_floats(C),
                  "block_param_floats(C) = 12 C^2 + 13 C");
    return p;
}
inline BlockGrads block_grads(std::span<float> buffer, int C) {
    BlockGrads g;
    const auto sizes = block_param_sizes(C);
    std::span<float>* outs[] = {&g.ln1w, &g.ln1b, &g.qkvw, &g.qkvb, &g.attprojw, &g.attprojb,
                                &g.ln2w, &g.ln2b, &g.fcw,  &g.fcb,  &g.fcprojw,  &g.fcprojb};
    detail::carve(buffer, sizes.data(), outs, kBlockParams, "block_grads", block_param_floats(C),
                  "block_param_floats(C) = 12 C^2 + 13 C");
    return g;
}

// block_activations: the twelve activations, in order, out of block_activation_floats(shape) floats.
inline BlockActivations block_activations(std::span<float> buffer, const MhaShape& s) {
    BlockActivations a;
    const auto sizes = block_activation_sizes(s);
    std::span<float>* outs[] = {&a.ln1, &a.ln1_mean, &a.ln1_rstd, &a.qkv, &a.att,      &a.atty,
                                &a.x1,  &a.ln2,      &a.ln2_mean, &a.ln2_rstd, &a.fch, &a.fch_gelu};
    detail::carve(buffer, sizes.data(), outs, 12, "block_activations", block_activation_floats(s),
                  "block_activation_floats(shape) = (15 C + 4) B T + B NH T^2");
    return a;
}

// check_block_params: the twelve spans (gradient = true: of the gradients) of a block of C channels.
template <class Params>
inline void check_block_params(const char* function, const Params& p, int C, bool gradient) {
    static constexpr const char* names[kBlockParams] = {"ln1w", "ln1b", "qkvw", "qkvb", "attprojw", "attprojb",
                                                        "ln2w", "ln2b", "fcw",  "fcb",  "fcprojw",  "fcprojb"};
    static constexpr const char* dims[kBlockParams] = {"C",      "C", "3C * C", "3C", "C * C",  "C",
                                                       "C",      "C", "4C * C", "4C", "C * 4C", "C"};
    const std::size_t got[kBlockParams] = {p.ln1w.size(), p.ln1b.size(),     p.qkvw.size(), p.qkvb.size(),
                                           p.attprojw.size(), p.attprojb.size(), p.ln2w.size(), p.ln2b.size(),
                                           p.fcw.size(),  p.fcb.size(),      p.fcprojw.size(), p.fcprojb.size()};
    const auto want = block_param_sizes(C);
    for (int i = 0; i < kBlockParams; ++i)
        COURSE_CHECK(got[i] == want[std::size_t(i)], function, ": ", gradient ? "grads." : "params.", names[i], " has ",
                     got[i], " elements, expected ", dims[i], " = ", want[std::size_t(i)]);
}

// check_block_activations: the twelve activations of the shape.
inline void check_block_activations(const char* function, const BlockActivations& a, const MhaShape& s) {
    static constexpr const char* names[12] = {"ln1", "ln1_mean", "ln1_rstd", "qkv", "att",      "atty",
                                              "x1",  "ln2",      "ln2_mean", "ln2_rstd", "fch", "fch_gelu"};
    const std::size_t got[12] = {a.ln1.size(), a.ln1_mean.size(), a.ln1_rstd.size(), a.qkv.size(),
                                 a.att.size(), a.atty.size(),     a.x1.size(),       a.ln2.size(),
                                 a.ln2_mean.size(), a.ln2_rstd.size(), a.fch.size(), a.fch_gelu.size()};
    const auto want = block_activation_sizes(s);
    for (int i = 0; i < 12; ++i)
        COURSE_CHECK(got[i] == want[std::size_t(i)], function, ": acts.", names[i], " has ", got[i],
                     " elements, expected ", want[std::size_t(i)], " (block_activation_sizes)");
}

// check_transformer_block_forward_arguments: the shape (C % NH == 0), threads, out and inp
// (B, T, C), the parameters and the activations.
inline void check_transformer_block_forward_arguments(std::size_t out_size, const BlockActivations& acts,
                                                      std::size_t inp_size, const BlockParams& params,
                                                      const MhaShape& shape, const MhaOptions& options) {
    const char* f = "transformer_block_forward";
    check_mha_shape(f, shape);
    check_mha_threads(f, options.threads);
    check_mha_buffer(f, "out", out_size, "B * T * C", mha_heads_floats(shape));
    check_block_activations(f, acts, shape);
    check_mha_buffer(f, "inp", inp_size, "B * T * C", mha_heads_floats(shape));
    check_block_params(f, params, shape.C, false);
}

// check_transformer_block_backward_arguments: as the forward's, with dinp, the gradients and dout.
inline void check_transformer_block_backward_arguments(std::size_t dinp_size, const BlockGrads& grads,
                                                       std::size_t dout_size, std::size_t inp_size,
                                                       const BlockParams& params, const BlockActivations& acts,
                                                       const MhaShape& shape, const MhaOptions& options) {
    const char* f = "transformer_block_backward";
    check_mha_shape(f, shape);
    check_mha_threads(f, options.threads);
    check_mha_buffer(f, "dinp", dinp_size, "B * T * C", mha_heads_floats(shape));
    check_block_params(f, grads, shape.C, true);
    check_mha_buffer(f, "dout", dout_size, "B * T * C", mha_heads_floats(shape));
    check_mha_buffer(f, "inp", inp_size, "B * T * C", mha_heads_floats(shape));
    check_block_params(f, params, shape.C, false);
    check_block_activations(f, acts, shape);
}

// transformer_block_forward: y = x1 + fcproj(gelu_tanh(fc(LN2(x1)))), x1 = x + attn(LN1(x)).
// OVERWRITES out (B, T, C) and acts; inp is (B, T, C). options.causal masks attention (a GPT
// passes true); options.threads runs the linear layers and the heads. out must not overlap inp
// or the activations. Throws std::invalid_argument for a bad shape (C % NH != 0 among them),
// threads < 1 or a buffer of the wrong size.
void transformer_block_forward(std::span<float> out, const BlockActivations& acts, std::span<const float> inp,
                               const BlockParams& params, const MhaShape& shape, const MhaOptions& options = {});

// transformer_block_backward: ADDS dL/dinp into dinp (B, T, C) and every parameter's gradient
// into grads, given dout = dL/dy (B, T, C) and the forward's inp, params and acts.
//
//     dx1   = dout + LN2^T(fc^T(gelu'(fcproj^T dout)))     the residual passes dout on unchanged
//     dinp += dx1  + LN1^T(attn^T(dx1))
//
// Throws as the forward.
void transformer_block_backward(std::span<float> dinp, const BlockGrads& grads, std::span<const float> dout,
                                std::span<const float> inp, const BlockParams& params, const BlockActivations& acts,
                                const MhaShape& shape, const MhaOptions& options = {});

}  // namespace course::attention
