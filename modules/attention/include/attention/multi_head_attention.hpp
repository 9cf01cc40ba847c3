// Multi-head self-attention, forward and backward, in llm.c's layout: one linear layer makes the
// queries, keys and values of every head at once, each head attends on its own (exercises 2 and
// 3), the heads' outputs are laid side by side and projected. Notes: docs/attention.md#multi_head_attention.
//
//     qkv   = inp W_qkv^T + b_qkv                  (B, T, 3C)   W_qkv (3C, C), b_qkv (3C)
//     q = qkv[..., 0:C],  k = qkv[..., C:2C],  v = qkv[..., 2C:3C]                (B, T, C) each
//     head h of q, k, v: columns h hs .. (h + 1) hs - 1,  hs = C / NH              (T, hs) per (b, h)
//     heads[b, :, h hs:(h + 1) hs] = attention(q_bh, k_bh, v_bh), att[b, h] = P    (B, T, C), (B, NH, T, T)
//     out   = heads W_proj^T + b_proj              (B, T, C)    W_proj (C, C), b_proj (C)
//
// Element [b, t, c] of a (B, T, C) buffer is at (b T + t) C + c; att[b, h, t, j] at
// ((b NH + h) T + t) T + j. A head is a block of CONTIGUOUS columns of each third (never rows, never
// every NH-th column), and the output projection's bias is added once to the whole (B, T, C)
// output, not once per head. The backward writes dq, dk, dv of head h into the same columns of
// the first, second and third third of dqkv, then goes back through W_qkv.
//
// Parameters (MhaParams; the gradients, MhaGrads, have the same shapes): qkv_weight (3C, C),
// qkv_bias (3C), proj_weight (C, C), proj_bias (C), in this order in mha_param_floats. Activations
// kept by the forward for the backward (MhaActivations): qkv (B, T, 3C), att (B, NH, T, T), heads
// (B, T, C). The forward OVERWRITES out and the activations; the backward ADDS into dinp and every
// parameter gradient (the caller zeroes them), reading the activations the forward left.
//
// Numerics: those of linear_forward (each element a sum of C products, in the course's GEMM) and
// attention_forward; nothing is accumulated across heads. The backward needs no mask: the masked
// probabilities in att are zeros, and so are their gradients.
// Cost, forward: 2 B T C (3C) + 2 B T C C for the two linear layers, 4 B NH T^2 hs = 4 B T^2 C
// for attention (half with the causal mask); backward twice that. Memory: the activations above,
// B NH T^2 floats of att dominating at long T, plus per call (B T 3C + B T C) floats of scratch in
// the backward (dqkv and dheads) and (T, hs) buffers per head.
// Source: Vaswani et al., "Attention is all you need", NeurIPS 2017, 3.2.2; Karpathy's llm.c,
// train_gpt2.c (attention_forward / attention_backward and the matmuls around them).
#pragma once

#include <cstddef>
#include <span>

#include "course/buffers.hpp"
#include "course/error.hpp"

namespace course::attention {

// MhaShape: B sequences of T tokens of C channels, split into NH heads of hs = C / NH channels.
struct MhaShape {
    int B = 1, T = 1, C = 1, NH = 1;
    int hs() const { return C / NH; }
    std::size_t tokens() const { return std::size_t(B) * std::size_t(T); }
};

// MhaOptions: causal, the causal mask of exercise 2 in every head (a GPT's decoder: query t sees
// keys 0 .. t); threads, the threads of the linear layers (and of the loop over the heads).
struct MhaOptions {
    bool causal = false;
    int threads = 1;
};

// check_mha_shape: B, T, C, NH >= 1 and C divisible by NH, naming C and NH.
inline void check_mha_shape(const char* function, const MhaShape& s) {
    COURSE_CHECK(s.B >= 1, function, ": B = ", s.B, ", expected at least 1 sequence");
    COURSE_CHECK(s.T >= 1, function, ": T = ", s.T, ", expected at least 1 position");
    COURSE_CHECK(s.C >= 1, function, ": C = ", s.C, ", expected at least 1 channel");
    COURSE_CHECK(s.NH >= 1, function, ": NH = ", s.NH, ", expected at least 1 head");
    COURSE_CHECK(s.C % s.NH == 0, function, ": C = ", s.C, " is not divisible by NH = ", s.NH,
                 " (each head takes hs = C / NH channels)");
}

// check_mha_threads: threads >= 1.
inline void check_mha_threads(const char* function, int threads) {
    COURSE_CHECK(threads >= 1, function, ": threads = ", threads, ", expected at least 1");
}

// check_mha_buffer: `name` holds exactly `expected` floats (`dims` spells the shape).
inline void check_mha_buffer(const char* function, const char* name, std::size_t size, const char* dims,
                             std::size_t expected) {
    COURSE_CHECK(size == expected, function, ": ", name, " has ", size, " elements, expected ", dims, " = ",
                 expected);
}

// Size helpers (floats).
inline std::size_t mha_qkv_weight_floats(int C) { return 3 * std::size_t(C) * std::size_t(C); }
inline std::size_t mha_qkv_bias_floats(int C) { return 3 * std::size_t(C); }
inline std::size_t mha_proj_weight_floats(int C) { return std::size_t(C) * std::size_t(C); }
inline std::size_t mha_proj_bias_floats(int C) { return std::size_t(C); }
// mha_param_floats: 4 C^2 + 4 C, the four parameters one after the other.
inline std::size_t mha_param_floats(int C) {
    return mha_qkv_weight_floats(C) + mha_qkv_bias_floats(C) + mha_proj_weight_floats(C) + mha_proj_bias_floats(C);
}
inline std::size_t mha_qkv_floats(const MhaShape& s) { return s.tokens() * 3 * std::size_t(s.C); }
inline std::size_t mha_att_floats(const MhaShape& s) {
    return std::size_t(s.B) * std::size_t(s.NH) * std::size_t(s.T) * std::size_t(s.T);
}
inline std::size_t mha_heads_floats(const MhaShape& s) { return s.tokens() * std::size_t(s.C); }
// mha_activation_floats: qkv, att and heads together.
inline std::size_t mha_activation_floats(const MhaShape& s) {
    return mha_qkv_floats(s) + mha_att_floats(s) + mha_heads_floats(s);
}

// MhaParams: the layer's parameters, read-only.
struct MhaParams {
    std::span<const float> qkv_weight, qkv_bias, proj_weight, proj_bias;
};

// MhaGrads: their gradients, same shapes, added into.
struct MhaGrads {
    std::span<float> qkv_weight, qkv_bias, proj_weight, proj_bias;
};

// MhaActivations: what the forward keeps for the backward.
struct MhaActivations {
    std::span<float> qkv, att, heads;
};

// mha_params / mha_grads / mha_activations: the spans carved, in the order above, out of one
// buffer of mha_param_floats(C) (or mha_activation_floats(shape)) floats.
inline MhaParams mha_params(std::span<const float> buffer, int C) {
    COURSE_CHECK(buffer.size() == mha_param_floats(C), "mha_params: the buffer has ", buffer.size(),
                 " floats, expected mha_param_floats(C) = 4 C^2 + 4 C = ", mha_param_floats(C));
    MhaParams p;
    std::size_t at = 0;
    auto take = [&](std::size_t n) { auto s = buffer.subspan(at, n); at += n; return s; };
    p.qkv_weight = take(mha_qkv_weight_floats(C));
    p.qkv_bias = take(mha_qkv_bias_floats(C));
    p.proj_weight = take(mha_proj_weight_floats(C));
    p.proj_bias = take(mha_proj_bias_floats(C));
    return p;
}
inline MhaGrads mha_grads(std::span<float> buffer, int C) {
    COURSE_CHECK(buffer.size() == mha_param_floats(C), "mha_grads: the buffer has ", buffer.size(),
                 " floats, expected mha_param_floats(C) = 4 C^2 + 4 C = ", mha_param_floats(C));
    MhaGrads g;
    std::size_t at = 0;
    auto take = [&](std::size_t n) { auto s = buffer.subspan(at, n); at += n; return s; };
    g.qkv_weight = take(mha_qkv_weight_floats(C));
    g.qkv_bias = take(mha_qkv_bias_floats(C));
    g.proj_weight = take(mha_proj_weight_floats(C));
    g.proj_bias = take(mha_proj_bias_floats(C));
    return g;
}
inline MhaActivations mha_activations(std::span<float> buffer, const MhaShape& s) {
    COURSE_CHECK(buffer.size() == mha_activation_floats(s), "mha_activations: the buffer has ", buffer.size(),
                 " floats, expected mha_activation_floats(shape) = ", mha_activation_floats(s));
    MhaActivations a;
    a.qkv = buffer.subspan(0, mha_qkv_floats(s));
    a.att = buffer.subspan(mha_qkv_floats(s), mha_att_floats(s));
    a.heads = buffer.subspan(mha_qkv_floats(s) + mha_att_floats(s), mha_heads_floats(s));
    return a;
}

// check_mha_params: the four parameter spans (or, gradient = true, their gradients) of a layer of
// C channels.
template <class Params>
inline void check_mha_params(const char* function, const Params& p, int C, bool gradient) {
    check_mha_buffer(function, gradient ? "grads.qkv_weight" : "params.qkv_weight", p.qkv_weight.size(), "3C * C",
                     mha_qkv_weight_floats(C));
    check_mha_buffer(function, gradient ? "grads.qkv_bias" : "params.qkv_bias", p.qkv_bias.size(), "3C",
                     mha_qkv_bias_floats(C));
    check_mha_buffer(function, gradient ? "grads.proj_weight" : "params.proj_weight", p.proj_weight.size(), "C * C",
                     mha_proj_weight_floats(C));
    check_mha_buffer(function, gradient ? "grads.proj_bias" : "params.proj_bias", p.proj_bias.size(), "C",
                     mha_proj_bias_floats(C));
}

// check_mha_activations: qkv (B, T, 3C), att (B, NH, T, T), heads (B, T, C).
inline void check_mha_activations(const char* function, const MhaActivations& a, const MhaShape& s) {
    check_mha_buffer(function, "acts.qkv", a.qkv.size(), "B * T * 3C", mha_qkv_floats(s));
    check_mha_buffer(function, "acts.att", a.att.size(), "B * NH * T * T", mha_att_floats(s));
    check_mha_buffer(function, "acts.heads", a.heads.size(), "B * T * C", mha_heads_floats(s));
}

// check_multi_head_attention_forward_arguments: the shape, threads, out and inp (B, T, C), the
// parameters and the activations.
inline void check_multi_head_attention_forward_arguments(std::size_t out_size, const MhaActivations& acts,
                                                         std::size_t inp_size, const MhaParams& params,
                                                         const MhaShape& shape, const MhaOptions& options) {
    const char* f = "multi_head_attention_forward";
    check_mha_shape(f, shape);
    check_mha_threads(f, options.threads);
    check_mha_buffer(f, "out", out_size, "B * T * C", mha_heads_floats(shape));
    check_mha_activations(f, acts, shape);
    check_mha_buffer(f, "inp", inp_size, "B * T * C", mha_heads_floats(shape));
    check_mha_params(f, params, shape.C, false);
}

// check_multi_head_attention_backward_arguments: the shape, threads, dinp, dout and inp
// (B, T, C), the gradients, the parameters and the activations.
inline void check_multi_head_attention_backward_arguments(std::size_t dinp_size, const MhaGrads& grads,
                                                          std::size_t dout_size, std::size_t inp_size,
                                                          const MhaParams& params, const MhaActivations& acts,
                                                          const MhaShape& shape, const MhaOptions& options) {
    const char* f = "multi_head_attention_backward";
    check_mha_shape(f, shape);
    check_mha_threads(f, options.threads);
    check_mha_buffer(f, "dinp", dinp_size, "B * T * C", mha_heads_floats(shape));
    check_mha_params(f, grads, shape.C, true);
    check_mha_buffer(f, "dout", dout_size, "B * T * C", mha_heads_floats(shape));
    check_mha_buffer(f, "inp", inp_size, "B * T * C", mha_heads_floats(shape));
    check_mha_params(f, params, shape.C, false);
    check_mha_activations(f, acts, shape);
}

// multi_head_attention_forward: out = proj(concat_h attention(q_h, k_h, v_h)) with q, k, v from
// one linear layer, llm.c's layout. OVERWRITES out (B, T, C) and acts (qkv, att, heads).
// inp is (B, T, C). options.causal masks every head; options.threads runs the linear layers and
// the heads on that many threads. out must not overlap inp or the activations. Throws
// std::invalid_argument for a bad shape (C % NH != 0 among them), threads < 1 or a wrong size.
void multi_head_attention_forward(std::span<float> out, const MhaActivations& acts, std::span<const float> inp,
                                  const MhaParams& params, const MhaShape& shape, const MhaOptions& options = {});

// multi_head_attention_backward: ADDS dL/dinp into dinp (B, T, C) and the parameters' gradients
// into grads, given dout = dL/dout (B, T, C), the forward's inp, params and acts.
//
//     dheads = dout W_proj,  dW_proj += dout^T heads,  db_proj += sum dout       (linear_backward)
//     per (b, h): dq, dk, dv = attention_backward(dheads_bh, q, k, v, att[b, h]) into dqkv's thirds
//     dinp += dqkv W_qkv,    dW_qkv += dqkv^T inp,     db_qkv += sum dqkv         (linear_backward)
//
// options.causal is not read (att holds the mask's zeros). Throws as the forward.
void multi_head_attention_backward(std::span<float> dinp, const MhaGrads& grads, std::span<const float> dout,
                                   std::span<const float> inp, const MhaParams& params, const MhaActivations& acts,
                                   const MhaShape& shape, const MhaOptions& options = {});

}  // namespace course::attention
