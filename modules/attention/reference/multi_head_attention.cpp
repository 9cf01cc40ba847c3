// Reference for exercise 4: multi-head attention, forward and backward, in llm.c's layout.
#include "attention/multi_head_attention.hpp"

#include <algorithm>
#include <cstddef>
#include <vector>

#include "attention/attention_backward.hpp"
#include "attention/attention_forward.hpp"
#include "backprop/linear.hpp"

namespace course::attention {

namespace {

// gather_head: rows t = 0 .. T - 1 of head h of one third (q: 0, k: 1, v: 2) of qkv for
// sequence b, into dst (T, hs).
void gather_head(float* dst, const float* qkv, int b, int h, int third, const MhaShape& s) {
    const int T = s.T, C = s.C, hs = s.hs();
    for (int t = 0; t < T; ++t) {
        const float* src = qkv + (std::size_t(b) * T + t) * 3 * C + std::size_t(third) * C + std::size_t(h) * hs;
        std::copy(src, src + hs, dst + std::size_t(t) * hs);
    }
}

}  // namespace

void multi_head_attention_forward(std::span<float> out, const MhaActivations& acts, std::span<const float> inp,
                                  const MhaParams& params, const MhaShape& shape, const MhaOptions& options) {
    check_multi_head_attention_forward_arguments(out.size(), acts, inp.size(), params, shape, options);
    const int B = shape.B, T = shape.T, C = shape.C, NH = shape.NH, hs = shape.hs();
    const int BT = B * T;
    backprop::linear_forward(acts.qkv, inp, params.qkv_weight, params.qkv_bias, BT, C, 3 * C, options.threads);
    const AttentionMask mask{options.causal, {}};
    const std::size_t head = std::size_t(T) * hs, tt = std::size_t(T) * T;
#pragma omp parallel num_threads(options.threads)
    {
        std::vector<float> q(head), k(head), v(head), o(head);
#pragma omp for schedule(dynamic)
        for (int bh = 0; bh < B * NH; ++bh) {
            const int b = bh / NH, h = bh % NH;
            gather_head(q.data(), acts.qkv.data(), b, h, 0, shape);
            gather_head(k.data(), acts.qkv.data(), b, h, 1, shape);
            gather_head(v.data(), acts.qkv.data(), b, h, 2, shape);
            attention_forward(o, acts.att.subspan(std::size_t(bh) * tt, tt), q, k, v, T, hs, mask);
            for (int t = 0; t < T; ++t)
                std::copy(o.begin() + std::ptrdiff_t(t) * hs, o.begin() + std::ptrdiff_t(t + 1) * hs,
                          acts.heads.begin() + std::ptrdiff_t((std::size_t(b) * T + t) * C + std::size_t(h) * hs));
        }
    }
    backprop::linear_forward(out, acts.heads, params.proj_weight, params.proj_bias, BT, C, C, options.threads);
}

void multi_head_attention_backward(std::span<float> dinp, const MhaGrads& grads, std::span<const float> dout,
                                   std::span<const float> inp, const MhaParams& params, const MhaActivations& acts,
                                   const MhaShape& shape, const MhaOptions& options) {
    check_multi_head_attention_backward_arguments(dinp.size(), grads, dout.size(), inp.size(), params, acts, shape,
                                                  options);
    const int B = shape.B, T = shape.T, C = shape.C, NH = shape.NH, hs = shape.hs();
    const int BT = B * T;
    std::vector<float> dheads(std::size_t(BT) * C, 0.0f), dqkv(std::size_t(BT) * 3 * C, 0.0f);
    backprop::linear_backward(dheads, grads.proj_weight, grads.proj_bias, dout, acts.heads, params.proj_weight, BT, C,
                              C, options.threads);
    const std::size_t head = std::size_t(T) * hs, tt = std::size_t(T) * T;
#pragma omp parallel num_threads(options.threads)
    {
        std::vector<float> q(head), k(head), v(head), dq(head), dk(head), dv(head), dh(head);
#pragma omp for schedule(dynamic)
        for (int bh = 0; bh < B * NH; ++bh) {
            const int b = bh / NH, h = bh % NH;
            gather_head(q.data(), acts.qkv.data(), b, h, 0, shape);
            gather_head(k.data(), acts.qkv.data(), b, h, 1, shape);
            gather_head(v.data(), acts.qkv.data(), b, h, 2, shape);
            for (int t = 0; t < T; ++t) {
                const float* src = dheads.data() + (std::size_t(b) * T + t) * C + std::size_t(h) * hs;
                std::copy(src, src + hs, dh.data() + std::size_t(t) * hs);
            }
            std::fill(dq.begin(), dq.end(), 0.0f);
            std::fill(dk.begin(), dk.end(), 0.0f);
            std::fill(dv.begin(), dv.end(), 0.0f);
            attention_backward(dq, dk, dv, dh, q, k, v, acts.att.subspan(std::size_t(bh) * tt, tt), T, hs);
            // Head h's columns of each third of dqkv belong to this (b, h) alone: plain copies.
            for (int t = 0; t < T; ++t) {
                float* row = dqkv.data() + (std::size_t(b) * T + t) * 3 * C + std::size_t(h) * hs;
                const std::size_t at = std::size_t(t) * hs;
                std::copy(dq.begin() + std::ptrdiff_t(at), dq.begin() + std::ptrdiff_t(at + hs), row);
                std::copy(dk.begin() + std::ptrdiff_t(at), dk.begin() + std::ptrdiff_t(at + hs), row + C);
                std::copy(dv.begin() + std::ptrdiff_t(at), dv.begin() + std::ptrdiff_t(at + hs), row + 2 * C);
            }
        }
    }
    backprop::linear_backward(dinp, grads.qkv_weight, grads.qkv_bias, dqkv, inp, params.qkv_weight, BT, C, 3 * C,
                              options.threads);
}

}  // namespace course::attention
