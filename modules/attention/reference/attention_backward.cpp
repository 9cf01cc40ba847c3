// Reference solution: attention_backward. Contract: include/attention/attention_backward.hpp
#include "attention/attention_backward.hpp"

#include <cmath>
#include <cstddef>
#include <vector>

#include "attention/softmax.hpp"

namespace course::attention {

void attention_backward(std::span<float> dq, std::span<float> dk, std::span<float> dv,
                        std::span<const float> dout, std::span<const float> q, std::span<const float> k,
                        std::span<const float> v, std::span<const float> att, int T, int hs) {
    check_attention_backward_arguments(dq.size(), dk.size(), dv.size(), dout.size(), q.size(), k.size(), v.size(),
                                       att.size(), T, hs);
    // dq, dk, dv, dout, q, k, v are (T, hs); att is P, (T, T).
    const std::size_t n = std::size_t(T), d = std::size_t(hs);
    const double scale = 1.0 / std::sqrt(double(hs));
    std::vector<float> dp(n), ds(n);  // one row t of dP and of dS
    std::vector<double> dq_row(d);
    for (std::size_t t = 0; t < n; ++t) {
        const float* pt = att.data() + t * n;
        const float* dot_ = dout.data() + t * d;
        // dV[j] += P[t, j] dO[t]  (dV = P^T dO, one row t of P at a time);
        // dP[t, j] = dO[t] . V[j]  (dP = dO V^T). Masked keys (P = 0) give nothing to either
        // (their dP is not needed: dS = P (...) = 0).
        for (std::size_t j = 0; j < n; ++j) {
            const float p = pt[j];
            if (p == 0.0f) {
                dp[j] = 0.0f;
                continue;
            }
            const float* vj = v.data() + j * d;
            float* dvj = dv.data() + j * d;
            double acc = 0.0;
            for (std::size_t i = 0; i < d; ++i) {
                dvj[i] += p * dot_[i];
                acc += double(dot_[i]) * double(vj[i]);
            }
            dp[j] = float(acc);
        }
        // dS[t] = P[t] o (dP[t] - P[t] . dP[t]): exercise 1's softmax_backward on one row.
        for (float& x : ds) x = 0.0f;
        softmax_backward(ds, std::span<const float>(pt, n), dp, 1, T);
        // dQ[t] += sum_j dS[t, j] K[j] / sqrt(hs);  dK[j] += dS[t, j] Q[t] / sqrt(hs).
        const float* qt = q.data() + t * d;
        for (double& x : dq_row) x = 0.0;
        for (std::size_t j = 0; j < n; ++j) {
            const double g = double(ds[j]) * scale;
            if (g == 0.0) continue;
            const float* kj = k.data() + j * d;
            float* dkj = dk.data() + j * d;
            for (std::size_t i = 0; i < d; ++i) {
                dq_row[i] += g * double(kj[i]);
                dkj[i] += float(g * double(qt[i]));
            }
        }
        float* dqt = dq.data() + t * d;
        for (std::size_t i = 0; i < d; ++i) dqt[i] += float(dq_row[i]);
    }
}

}  // namespace course::attention
