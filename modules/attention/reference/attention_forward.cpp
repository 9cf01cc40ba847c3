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
    // S = Q K^T / sqrt(hs), with -inf where masked (the masked scores are never computed).
    for (std::size_t t = 0; t < n; ++t) {
        const float* qt = q.data() + t * d;
        float* st = att.data() + t * n;
        for (std::size_t j = 0; j < n; ++j) {
            if (!visible(t, j)) {
                st[j] = kMasked;
                continue;
            }
            const float* kj = k.data() + j * d;
            double dot = 0.0;
            for (std::size_t i = 0; i < d; ++i) dot += double(qt[i]) * double(kj[i]);
            st[j] = float(dot * scale);
        }
    }
    // P = softmax of each row, in place: masked entries become 0, an all-masked row zeros.
    softmax_forward(att, att, T, T);
    // out = P V, one row at a time, accumulated in double; masked keys (P = 0) skipped.
    std::vector<double> acc(d);
    for (std::size_t t = 0; t < n; ++t) {
        const float* pt = att.data() + t * n;
        for (double& a : acc) a = 0.0;
        for (std::size_t j = 0; j < n; ++j) {
            const double p = pt[j];
            if (p == 0.0) continue;
            const float* vj = v.data() + j * d;
            for (std::size_t i = 0; i < d; ++i) acc[i] += p * double(vj[i]);
        }
        float* ot = out.data() + t * d;
        for (std::size_t i = 0; i < d; ++i) ot[i] = float(acc[i]);
    }
}

}  // namespace course::attention
