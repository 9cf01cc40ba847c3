// Reference solution: attention_forward. Contract: include/attention/attention_forward.hpp
#include "attention/attention_forward.hpp"

#include <cmath>
#include <cstddef>
#include <limits>
#include <vector>

#include "attention/softmax.hpp"

namespace course::attention {

void attention_forward(std::span<float> out, std::span<float> att, std::span<const float> q,
                       std::span<const float> k, std::span<const float> v, int T, int hs,
                       const AttentionMask& mask) {
    check_attention_forward_arguments(out.size(), att.size(), q.size(), k.size(), v.size(), T, hs, mask);
    // q, k, v, out are (T, hs); att is (T, T).
    const std::size_t n = std::size_t(T), d = std::size_t(hs);
    const double scale = 1.0 / std::sqrt(double(hs));
    constexpr float kMasked = -std::numeric_limits<float>::infinity();
    // visible(t, j): may query t look at key j? Causal: keys up to t, t itself included.
    auto visible = [&](std::size_t t, std::size_t j) {
        return (!mask.causal || j <= t) && (mask.key_padding.empty() || mask.key_padding[j] != 0);
    };
    // K^T (hs, T), so that a row of scores is built from contiguous rows of K^T: for each i,
    // S[t, :] += q[t, i] K^T[i, :], an update the compiler vectorizes (a dot product per score
    // would be a reduction, which it may not reorder). Float sums of hs products. `omp simd` tells
    // GCC that the rows do not overlap, so that it vectorizes these updates at -O2 too.
    std::vector<float> kt(d * n);
    for (std::size_t j = 0; j < n; ++j)
        for (std::size_t i = 0; i < d; ++i) kt[i * n + j] = k[j * d + i];
    // S = Q K^T / sqrt(hs), with -inf where masked. Under the causal mask, row t needs only the
    // keys 0 .. t: the scores above the diagonal are never computed.
    for (std::size_t t = 0; t < n; ++t) {
        const float* qt = q.data() + t * d;
        float* st = att.data() + t * n;
        const std::size_t end = mask.causal ? t + 1 : n;
        for (std::size_t j = 0; j < end; ++j) st[j] = 0.0f;
        for (std::size_t i = 0; i < d; ++i) {
            const float qi = qt[i];
            const float* kti = kt.data() + i * n;
#pragma omp simd
            for (std::size_t j = 0; j < end; ++j) st[j] += qi * kti[j];
        }
        for (std::size_t j = 0; j < n; ++j) st[j] = visible(t, j) ? float(double(st[j]) * scale) : kMasked;
    }
    // P = softmax of each row, in place: masked entries become 0, an all-masked row zeros.
    softmax_forward(att, att, T, T);
    // out = P V, one row at a time: out[t, :] += P[t, j] V[j, :] (vectorized over hs); masked keys
    // (P = 0) skipped.
    for (std::size_t t = 0; t < n; ++t) {
        const float* pt = att.data() + t * n;
        float* ot = out.data() + t * d;
        for (std::size_t i = 0; i < d; ++i) ot[i] = 0.0f;
        for (std::size_t j = 0; j < n; ++j) {
            const float p = pt[j];
            if (p == 0.0f) continue;
            const float* vj = v.data() + j * d;
#pragma omp simd
            for (std::size_t i = 0; i < d; ++i) ot[i] += p * vj[i];
        }
    }
}

}  // namespace course::attention
