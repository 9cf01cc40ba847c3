// Reference solution: flash_attention. Contract: include/attention/flash_attention.hpp
#include "attention/flash_attention.hpp"

#include <algorithm>
#include <bit>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <vector>

namespace course::attention {
namespace {

// exp2_nonpositive: 2^x for x <= 0, in plain float arithmetic that the compiler vectorizes (the
// library's expf is one call per element). x = n + f with n = round(x), |f| <= 1/2; 2^f by its
// Taylor series to degree 7 (remainder (ln 2 / 2)^8 / 8! < 6e-9), 2^n by its exponent bits.
// Relative error a few float roundings; below 2^-126 (a weight that cannot matter next to the
// row's largest, which is 1) it returns 2^-126 instead of a denormal or 0.
inline float exp2_nonpositive(float x) {
    x = std::max(x, -126.0f);
    const float n = std::floor(x + 0.5f);
    const float f = (x - n) * 0.693147180559945309f;  // 2^(x - n) = e^f
    float p = 1.0f / 5040.0f;
    p = p * f + 1.0f / 720.0f;
    p = p * f + 1.0f / 120.0f;
    p = p * f + 1.0f / 24.0f;
    p = p * f + 1.0f / 6.0f;
    p = p * f + 0.5f;
    p = p * f + 1.0f;
    p = p * f + 1.0f;
    const std::int32_t bits = (std::int32_t(n) + 127) << 23;
    return p * std::bit_cast<float>(bits);
}

// flash_head: one head. HS = hs when known at compile time (64: the inner loops then have a fixed
// length the compiler unrolls and keeps in registers), 0 for any hs.
template <int HS>
void flash_head(float* out, float* workspace, const float* q, const float* k, const float* v, int T, int hs_any,
                bool causal, FlashTiles tiles, FlashStats* stats) {
    const int hs = HS != 0 ? HS : hs_any;
    const int Br = tiles.rows, Bc = tiles.cols;
    const std::size_t d = std::size_t(hs);
    // The workspace, as flash_attention_workspace_floats counts it.
    float* s = workspace;                          // (Br, Bc): scores, then probabilities
    float* kt = s + std::size_t(Br) * Bc;          // (hs, Bc): the key tile transposed
    float* acc = kt + d * std::size_t(Bc);         // (Br, hs): sum_j P v_j
    float* m = acc + std::size_t(Br) * d;          // (Br): running max, in base-2 units
    float* l = m + Br;                             // (Br): running sum
    // Scores in base 2: exp(s / sqrt(hs) - m) = 2^(s log2(e) / sqrt(hs) - m'), one multiplication.
    const float scale2 = float(1.4426950408889634 / std::sqrt(double(hs)));
    long long visited = 0;
    for (int r0 = 0; r0 < T; r0 += Br) {
        const int nr = std::min(Br, T - r0);
        for (int r = 0; r < nr; ++r) {
            m[r] = -std::numeric_limits<float>::infinity();
            l[r] = 0.0f;
        }
        std::fill(acc, acc + std::size_t(nr) * d, 0.0f);
        // Causal: keys after the tile's last query (r0 + nr - 1) are masked for every row: the
        // key tiles stop there, and the last one is cut short.
        const int key_end = causal ? r0 + nr : T;
        for (int c0 = 0; c0 < key_end; c0 += Bc) {
            const int nc = std::min(Bc, key_end - c0);
            ++visited;
            // K tile transposed, so that a row of scores is an update over contiguous floats.
            for (int c = 0; c < nc; ++c)
                for (std::size_t i = 0; i < d; ++i) kt[i * Bc + c] = k[(std::size_t(c0) + c) * d + i];
            for (int r = 0; r < nr; ++r) {
                // Causal: row r0 + r sees the keys up to itself: visible = keys c0 .. r0 + r.
                const int visible = causal ? std::min(nc, r0 + r - c0 + 1) : nc;
                if (visible <= 0) continue;  // a row above this tile's first key: nothing to see
                const float* qr = q + (std::size_t(r0) + r) * d;
                float* sr = s + std::size_t(r) * Bc;
                for (int c = 0; c < visible; ++c) sr[c] = 0.0f;
                for (std::size_t i = 0; i < d; ++i) {
                    const float qi = qr[i] * scale2;
                    const float* kti = kt + i * Bc;
#pragma omp simd
                    for (int c = 0; c < visible; ++c) sr[c] += qi * kti[c];
                }
                float tile_max = sr[0];
                for (int c = 1; c < visible; ++c) tile_max = std::max(tile_max, sr[c]);
                const float m_new = std::max(m[r], tile_max);
                float sum = 0.0f;
#pragma omp simd reduction(+ : sum)
                for (int c = 0; c < visible; ++c) {
                    const float p = exp2_nonpositive(sr[c] - m_new);
                    sr[c] = p;
                    sum += p;
                }
                float* ar = acc + std::size_t(r) * d;
                if (m_new > m[r]) {
                    // The max grew: rescale what was summed under the old max (nothing on the
                    // first tile, where m = -inf and l = 0).
                    const float alpha = l[r] == 0.0f ? 0.0f : exp2_nonpositive(m[r] - m_new);
                    l[r] *= alpha;
#pragma omp simd
                    for (std::size_t i = 0; i < d; ++i) ar[i] *= alpha;
                    m[r] = m_new;
                }
                l[r] += sum;
                for (int c = 0; c < visible; ++c) {
                    const float p = sr[c];
                    const float* vc = v + (std::size_t(c0) + c) * d;
#pragma omp simd
                    for (std::size_t i = 0; i < d; ++i) ar[i] += p * vc[i];
                }
            }
        }
        for (int r = 0; r < nr; ++r) {
            const float inv = 1.0f / l[r];
            const float* ar = acc + std::size_t(r) * d;
            float* orow = out + (std::size_t(r0) + r) * d;
#pragma omp simd
            for (std::size_t i = 0; i < d; ++i) orow[i] = ar[i] * inv;
        }
    }
    if (stats != nullptr) stats->tiles_visited = visited;
}

void flash_one(float* out, float* workspace, const float* q, const float* k, const float* v, int T, int hs,
               bool causal, FlashTiles tiles, FlashStats* stats) {
    if (hs == 64)
        flash_head<64>(out, workspace, q, k, v, T, hs, causal, tiles, stats);
    else
        flash_head<0>(out, workspace, q, k, v, T, hs, causal, tiles, stats);
}

}  // namespace

void flash_attention(std::span<float> out, std::span<float> workspace, std::span<const float> q,
                     std::span<const float> k, std::span<const float> v, int T, int hs, bool causal,
                     FlashTiles tiles, FlashStats* stats) {
    check_flash_attention_arguments(out.size(), workspace.size(), q.size(), k.size(), v.size(), T, hs, tiles);
    flash_one(out.data(), workspace.data(), q.data(), k.data(), v.data(), T, hs, causal, tiles, stats);
}

void flash_attention_heads(std::span<float> out, std::span<const float> q, std::span<const float> k,
                           std::span<const float> v, int B, int NH, int T, int hs, bool causal, int threads,
                           FlashTiles tiles) {
    check_flash_attention_heads_arguments(out.size(), q.size(), k.size(), v.size(), B, NH, T, hs, threads, tiles);
    const int heads = B * NH;
    const std::size_t head_size = std::size_t(T) * std::size_t(hs);
    const std::size_t ws = flash_attention_workspace_floats(hs, tiles);
    // One workspace per thread; each head is computed by one thread in the same way, so the
    // result is the same for any thread count.
#pragma omp parallel num_threads(threads)
    {
        std::vector<float> workspace(ws);
#pragma omp for schedule(dynamic, 1)
        for (int h = 0; h < heads; ++h) {
            const std::size_t off = std::size_t(h) * head_size;
            flash_one(out.data() + off, workspace.data(), q.data() + off, k.data() + off, v.data() + off, T, hs,
                      causal, tiles, nullptr);
        }
    }
}

}  // namespace course::attention
