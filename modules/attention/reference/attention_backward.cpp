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
    // V^T (hs, T): a row of dP = dO[t] V^T is built as sum_i dO[t, i] V^T[i, :], an update over
    // contiguous floats (as the forward's scores), not a dot product per entry. `omp simd`: the
    // rows updated never overlap the rows read, so GCC may vectorize at -O2.
    std::vector<float> vt(d * n);
    for (std::size_t j = 0; j < n; ++j)
        for (std::size_t i = 0; i < d; ++i) vt[i * n + j] = v[j * d + i];
    std::vector<float> dp(n), ds(n), dq_row(d);  // one row t of dP, dS and dQ
    for (std::size_t t = 0; t < n; ++t) {
        const float* pt = att.data() + t * n;
        const float* dot_ = dout.data() + t * d;
        // dP[t, :] = dO[t] V^T. (A masked key's dP is not needed: its dS = P (...) = 0.)
        for (std::size_t j = 0; j < n; ++j) dp[j] = 0.0f;
        for (std::size_t i = 0; i < d; ++i) {
            const float g = dot_[i];
            const float* vti = vt.data() + i * n;
#pragma omp simd
            for (std::size_t j = 0; j < n; ++j) dp[j] += g * vti[j];
        }
        // dV[j] += P[t, j] dO[t]  (dV = P^T dO, one row t of P at a time); masked keys skipped.
        for (std::size_t j = 0; j < n; ++j) {
            const float p = pt[j];
            if (p == 0.0f) continue;
            float* dvj = dv.data() + j * d;
#pragma omp simd
            for (std::size_t i = 0; i < d; ++i) dvj[i] += p * dot_[i];
        }
        // dS[t] = P[t] o (dP[t] - P[t] . dP[t]): exercise 1's softmax_backward on one row.
        for (float& x : ds) x = 0.0f;
        softmax_backward(ds, std::span<const float>(pt, n), dp, 1, T);
        // dQ[t] += sum_j dS[t, j] K[j] / sqrt(hs);  dK[j] += dS[t, j] Q[t] / sqrt(hs).
        const float* qt = q.data() + t * d;
        for (float& x : dq_row) x = 0.0f;
        for (std::size_t j = 0; j < n; ++j) {
            const float g = float(double(ds[j]) * scale);
            if (g == 0.0f) continue;
            const float* kj = k.data() + j * d;
            float* dkj = dk.data() + j * d;
#pragma omp simd
            for (std::size_t i = 0; i < d; ++i) {
                dq_row[i] += g * kj[i];
                dkj[i] += g * qt[i];
            }
        }
        float* dqt = dq.data() + t * d;
        for (std::size_t i = 0; i < d; ++i) dqt[i] += dq_row[i];
    }
}

}  // namespace course::attention
