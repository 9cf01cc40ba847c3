// Reference solution: flash_attention. Contract: include/attention/flash_attention.hpp
#include "attention/flash_attention.hpp"

#include <algorithm>
#include <array>
#include <bit>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <vector>

// Eight-float vectors (GCC's vector extension) passed between the inline helpers of this file only:
// built without AVX (the sanitizer preset, a generic x86-64 build) GCC warns that such a vector
// is passed differently with AVX than without. No function of this file's anonymous namespace is
// called from another file, so no two ABIs ever meet: the warning does not apply here.
#pragma GCC diagnostic ignored "-Wpsabi"

namespace course::attention {
namespace {

typedef float Vec8 __attribute__((vector_size(32)));
typedef float Vec8Unaligned __attribute__((vector_size(32), aligned(4)));
typedef std::int32_t Vec8i __attribute__((vector_size(32)));

[[gnu::always_inline]] inline Vec8 load8(const float* p) { return *reinterpret_cast<const Vec8Unaligned*>(p); }
[[gnu::always_inline]] inline void store8(float* p, Vec8 x) { *reinterpret_cast<Vec8Unaligned*>(p) = x; }

// exp2_nonpositive: 2^x for x <= 0, in plain float arithmetic that the compiler vectorizes (the
// library's expf is one call per element). x = n + f with n = round(x), |f| <= 1/2: adding
// 1.5 2^23 rounds x to an integer and leaves n in the low bits of the sum. 2^f = e^(f ln 2) by its
// Taylor series to degree 7 (remainder (ln 2 / 2)^8 / 8! < 6e-9), 2^n by its exponent bits.
// Relative error a few float roundings; below 2^-126 (a weight that cannot matter next to the
// row's largest, which is 1) it returns 2^-126 instead of a denormal or 0.
inline float exp2_nonpositive(float x) {
    constexpr float kRound = 12582912.0f;  // 1.5 2^23
    x = std::max(x, -126.0f);
    const float shifted = x + kRound;
    const float n = shifted - kRound;
    const std::int32_t n_bits = std::bit_cast<std::int32_t>(shifted) - std::bit_cast<std::int32_t>(kRound);
    const float f = (x - n) * 0.693147180559945309f;  // 2^(x - n) = e^f
    float p = 1.0f / 5040.0f;
    p = p * f + 1.0f / 720.0f;
    p = p * f + 1.0f / 120.0f;
    p = p * f + 1.0f / 24.0f;
    p = p * f + 1.0f / 6.0f;
    p = p * f + 0.5f;
    p = p * f + 1.0f;
    p = p * f + 1.0f;
    return p * std::bit_cast<float>((n_bits + 127) << 23);
}

// exp2_nonpositive8: exp2_nonpositive on 8 floats at once, the same operations in the same order
// (so the same results), written with the vector extension because GCC does not vectorize the
// scalar loop reliably.
[[gnu::always_inline]] inline Vec8 exp2_nonpositive8(Vec8 x) {
    constexpr float kRound = 12582912.0f;
    x = x < -126.0f ? Vec8{} - 126.0f : x;
    const Vec8 shifted = x + kRound;
    const Vec8 n = shifted - kRound;
    const Vec8i n_bits = std::bit_cast<Vec8i>(shifted) - std::bit_cast<std::int32_t>(kRound);
    const Vec8 f = (x - n) * 0.693147180559945309f;
    Vec8 p = Vec8{} + 1.0f / 5040.0f;
    p = p * f + 1.0f / 720.0f;
    p = p * f + 1.0f / 120.0f;
    p = p * f + 1.0f / 24.0f;
    p = p * f + 1.0f / 6.0f;
    p = p * f + 0.5f;
    p = p * f + 1.0f;
    p = p * f + 1.0f;
    const Vec8i e = (n_bits + 127) << 23;
    return p * std::bit_cast<Vec8>(e);
}

// row_max: max_c s[c] over n >= 1 floats, 8 at a time, then the rest one by one. (GCC 12 leaves a
// plain loop, even one marked `omp simd reduction(max)`, scalar: a chain of dependent maxima that
// took 17% of a head's time.)
[[gnu::always_inline]] inline float row_max(const float* s, int n) {
    constexpr float kInf = std::numeric_limits<float>::infinity();
    Vec8 best8 = Vec8{} - kInf;
    int c = 0;
    for (; c + 8 <= n; c += 8) {
        const Vec8 x = load8(s + c);
        best8 = x > best8 ? x : best8;
    }
    std::array<float, 8> lanes;
    store8(lanes.data(), best8);
    float best = -kInf;
    for (const float lane : lanes) best = std::max(best, lane);
    for (; c < n; ++c) best = std::max(best, s[c]);
    return best;
}

// transpose8x8: the 8 rows x[0 .. 8) of an 8x8 block become its 8 columns, by three rounds of
// shuffles (pairs of floats, then pairs of pairs, then halves), 24 shuffles for 64 floats.
[[gnu::always_inline]] inline void transpose8x8(std::array<Vec8, 8>& x) {
    std::array<Vec8, 8> t, u;
    // Rows 2p and 2p + 1 interleaved float by float (within each half of 4 floats).
    for (int p = 0; p < 4; ++p) {
        t[2 * p] = __builtin_shufflevector(x[2 * p], x[2 * p + 1], 0, 8, 1, 9, 4, 12, 5, 13);
        t[2 * p + 1] = __builtin_shufflevector(x[2 * p], x[2 * p + 1], 2, 10, 3, 11, 6, 14, 7, 15);
    }
    // Within each group of four rows (4g .. 4g + 3), the interleaved pairs interleaved two by two.
    for (int g = 0; g < 2; ++g)
        for (int h = 0; h < 2; ++h) {
            const int j = 4 * g;
            u[j + 2 * h] = __builtin_shufflevector(t[j + h], t[j + h + 2], 0, 1, 8, 9, 4, 5, 12, 13);
            u[j + 2 * h + 1] = __builtin_shufflevector(t[j + h], t[j + h + 2], 2, 3, 10, 11, 6, 7, 14, 15);
        }
    // The low halves of the two groups make columns 0 .. 3, the high halves columns 4 .. 7.
    for (int j = 0; j < 4; ++j) {
        x[j] = __builtin_shufflevector(u[j], u[j + 4], 0, 1, 2, 3, 8, 9, 10, 11);
        x[j + 4] = __builtin_shufflevector(u[j], u[j + 4], 4, 5, 6, 7, 12, 13, 14, 15);
    }
}

// transpose_tile: dst[i, c] = src[c, i] for c < rows, i < cols (src with leading dimension lds,
// dst with ldd): 8x8 blocks, the edges one float at a time.
[[gnu::always_inline]] inline void transpose_tile(float* dst, int ldd, const float* src, int lds, int rows, int cols) {
    const int rows8 = rows / 8 * 8, cols8 = cols / 8 * 8;
    for (int c = 0; c < rows8; c += 8)
        for (int i = 0; i < cols8; i += 8) {
            std::array<Vec8, 8> x;
            for (int j = 0; j < 8; ++j) x[j] = load8(src + std::size_t(c + j) * lds + i);
            transpose8x8(x);
            for (int j = 0; j < 8; ++j) store8(dst + std::size_t(i + j) * ldd + c, x[j]);
        }
    for (int c = 0; c < rows; ++c)
        for (int i = (c < rows8 ? cols8 : 0); i < cols; ++i)
            dst[std::size_t(i) * ldd + c] = src[std::size_t(c) * lds + i];
}

// The helpers that the inner loops call are always_inline: with the release preset's link-time
// optimization GCC 12 otherwise kept some of them out of line and the head ran 8% slower (65 ms
// against 71 ms at T = 4096, hs = 64, one thread).
//
// The register blocks: kRows rows of S (or of acc) by kCols = 16 columns, two vectors of 8 floats
// per row, 8 vectors of accumulators that stay in registers through the loop over hs (or over the
// keys). GCC's vector extension (not intrinsics: plain + and *, compiled for any -march; 8 floats
// are one AVX2 register, two SSE ones, half an AVX-512 one).
constexpr int kRows = 6, kCols = 16;

// scores_block: s[r, 0 .. kCols) = scale2 sum_i q[r, i] kt[i, 0 .. kCols) for R rows: a (R, hs) by
// (hs, kCols) product, each kt row loaded once for R rows.
template <int R, int HS>
[[gnu::always_inline]] inline void scores_block(float* s, int lds, const float* q, const float* kt, int ldkt, int hs_any,
                                                float scale2) {
    const int hs = HS != 0 ? HS : hs_any;
    Vec8 a[R][2] = {};
    for (int i = 0; i < hs; ++i) {
        const float* kr = kt + std::size_t(i) * ldkt;
        const Vec8 k0 = load8(kr), k1 = load8(kr + 8);
        for (int r = 0; r < R; ++r) {
            const float qv = q[std::size_t(r) * hs + i];
            a[r][0] += qv * k0;
            a[r][1] += qv * k1;
        }
    }
    for (int r = 0; r < R; ++r) {
        store8(s + std::size_t(r) * lds, a[r][0] * scale2);
        store8(s + std::size_t(r) * lds + 8, a[r][1] * scale2);
    }
}

// pv_block: acc[r, 0 .. kCols) += sum_c p[r, c] v[c, 0 .. kCols) over nc keys, for R rows.
template <int R, int HS>
[[gnu::always_inline]] inline void pv_block(float* acc, const float* p, int ldp, const float* v, int nc, int hs_any) {
    const int hs = HS != 0 ? HS : hs_any;
    Vec8 a[R][2];
    for (int r = 0; r < R; ++r) {
        a[r][0] = load8(acc + std::size_t(r) * hs);
        a[r][1] = load8(acc + std::size_t(r) * hs + 8);
    }
    for (int c = 0; c < nc; ++c) {
        const float* vr = v + std::size_t(c) * hs;
        const Vec8 v0 = load8(vr), v1 = load8(vr + 8);
        for (int r = 0; r < R; ++r) {
            const float pv = p[std::size_t(r) * ldp + c];
            a[r][0] += pv * v0;
            a[r][1] += pv * v1;
        }
    }
    for (int r = 0; r < R; ++r) {
        store8(acc + std::size_t(r) * hs, a[r][0]);
        store8(acc + std::size_t(r) * hs + 8, a[r][1]);
    }
}

// tile_scores: S (nr, nc) = scale2 Q_tile K_tile^T, by register blocks; the edges (rows past a
// multiple of kRows, columns past a multiple of kCols) one row at a time.
template <int HS>
void tile_scores(float* s, int lds, const float* q, const float* kt, int ldkt, int nr, int nc, int hs_any,
                 float scale2) {
    const int hs = HS != 0 ? HS : hs_any;
    const int nc_blocks = nc / kCols * kCols;
    auto rows = [&]<int R>(int r) {
        for (int c = 0; c < nc_blocks; c += kCols)
            scores_block<R, HS>(s + std::size_t(r) * lds + c, lds, q + std::size_t(r) * hs, kt + c, ldkt, hs, scale2);
    };
    int r = 0;
    for (; r + kRows <= nr; r += kRows) rows.template operator()<kRows>(r);
    for (; r + 2 <= nr; r += 2) rows.template operator()<2>(r);
    if (r < nr) rows.template operator()<1>(r);
    if (nc_blocks == nc) return;
    for (r = 0; r < nr; ++r) {
        float* sr = s + std::size_t(r) * lds;
        const float* qr = q + std::size_t(r) * hs;
        for (int c = nc_blocks; c < nc; ++c) sr[c] = 0.0f;
        for (int i = 0; i < hs; ++i) {
            const float qv = qr[i];
            const float* kr = kt + std::size_t(i) * ldkt;
            for (int c = nc_blocks; c < nc; ++c) sr[c] += qv * kr[c];
        }
        for (int c = nc_blocks; c < nc; ++c) sr[c] *= scale2;
    }
}

// tile_pv: acc (nr, hs) += P (nr, nc) V_tile (nc, hs), by register blocks; the edges one row or
// one column at a time.
template <int HS>
void tile_pv(float* acc, const float* p, int ldp, const float* v, int nr, int nc, int hs_any) {
    const int hs = HS != 0 ? HS : hs_any;
    const int hs_blocks = hs / kCols * kCols;
    auto rows = [&]<int R>(int r) {
        for (int j = 0; j < hs_blocks; j += kCols)
            pv_block<R, HS>(acc + std::size_t(r) * hs + j, p + std::size_t(r) * ldp, ldp, v + j, nc, hs);
    };
    int r = 0;
    for (; r + kRows <= nr; r += kRows) rows.template operator()<kRows>(r);
    for (; r + 2 <= nr; r += 2) rows.template operator()<2>(r);
    if (r < nr) rows.template operator()<1>(r);
    if (hs_blocks == hs) return;
    for (r = 0; r < nr; ++r) {
        float* ar = acc + std::size_t(r) * hs;
        for (int c = 0; c < nc; ++c) {
            const float pv = p[std::size_t(r) * ldp + c];
            const float* vr = v + std::size_t(c) * hs;
            for (int j = hs_blocks; j < hs; ++j) ar[j] += pv * vr[j];
        }
    }
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
            transpose_tile(kt, Bc, k + std::size_t(c0) * d, hs, nc, hs);
            // Causal: the rows above the tile's first key (r0 + r < c0) see none of its keys and
            // are left out: the tile's rows r_first .. nr - 1.
            const int r_first = causal ? std::max(0, c0 - r0) : 0;
            const int rows = nr - r_first;
            // S = Q_tile K_tile^T / sqrt(hs), in base-2 units, every (row, key) pair of those rows
            // (the masked ones of a diagonal tile are computed and never read).
            tile_scores<HS>(s + std::size_t(r_first) * Bc, Bc, q + (std::size_t(r0) + r_first) * d, kt, Bc, rows, nc,
                            hs, scale2);
            for (int r = r_first; r < nr; ++r) {
                float* sr = s + std::size_t(r) * Bc;
                // Causal: row r0 + r sees the keys up to itself: visible = keys c0 .. r0 + r (at
                // least one, as r >= r_first).
                const int visible = causal ? std::min(nc, r0 + r - c0 + 1) : nc;
                const float m_new = std::max(m[r], row_max(sr, visible));
                // P = 2^(S - m_new), 8 at a time, and its row sum.
                Vec8 sum8 = {};
                int c = 0;
                for (; c + 8 <= visible; c += 8) {
                    const Vec8 p = exp2_nonpositive8(load8(sr + c) - m_new);
                    store8(sr + c, p);
                    sum8 += p;
                }
                float sum = 0.0f;
                for (; c < visible; ++c) {
                    const float p = exp2_nonpositive(sr[c] - m_new);
                    sr[c] = p;
                    sum += p;
                }
                for (int j = 0; j < 8; ++j) sum += sum8[j];
                std::fill(sr + visible, sr + nc, 0.0f);  // the masked keys weigh 0 in P V
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
            }
            // acc += P V_tile.
            tile_pv<HS>(acc + std::size_t(r_first) * d, s + std::size_t(r_first) * Bc, Bc, v + std::size_t(c0) * d, rows,
                        nc, hs);
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
