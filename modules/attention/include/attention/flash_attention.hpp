// Flash attention, forward: the same result as attention_forward (exercise 2) without ever holding
// the (T, T) matrix of scores: tiles of Q against tiles of K and V with an online softmax.
// Notes: docs/attention.md#flash_attention.
//
// For a tile of Br query rows and each tile of Bc keys in turn (one head, q, k, v, out (T, hs)):
//
//     S = Q_tile K_tile^T / sqrt(hs)                                         (Br, Bc)
//     m_new[r] = max(m[r], max_c S[r, c])                                    (Br)
//     P[r, c]  = exp(S[r, c] - m_new[r])                                     (Br, Bc)
//     alpha[r] = exp(m[r] - m_new[r])           (0 on the first tile: m = -inf)
//     l[r]     = alpha[r] l[r] + sum_c P[r, c]                               (Br)
//     acc[r,:] = alpha[r] acc[r,:] + sum_c P[r, c] v[c0 + c, :]              (Br, hs)
//     m = m_new
//
// and after the last key tile out[r, :] = acc[r, :] / l[r]. Every exponential is of a number <= 0,
// so nothing overflows whatever the scale of the logits; when a later tile raises a row's max,
// alpha rescales BOTH the accumulator and the running sum, so that they always hold
// sum_j exp(s_j - m) v_j and sum_j exp(s_j - m) for the current m. Causal: query t sees keys
// 0 .. t, itself included; a key tile whose first key is after a query tile's last query is
// skipped without computing it (about half of the tiles), the diagonal tiles are computed and
// masked per element.
//
// Memory: the workspace of flash_attention_workspace_floats(hs, tiles), independent of T (20 736
// floats, 81 KiB, for hs = 64 and the default 128 x 64 tiles) instead of attention_forward's T^2 floats
// (64 MiB at T = 4096). Cost: 4 T^2 hs flops (2 for Q K^T, 2 for P V), about half of it causal,
// plus T^2 exponentials. Numerics: within a few float roundings of exact attention per tile (see
// tests/attention/flash_attention_test.cpp); no (T, T) matrix means no probabilities to return:
// a training backward recomputes them (Dao et al., section 3.1).
// Source: Dao, Fu, Ermon, Rudra & Re, "FlashAttention: Fast and Memory-Efficient Exact Attention
// with IO-Awareness", NeurIPS 2022, Algorithm 1; Milakov & Gimelshein, "Online normalizer
// calculation for softmax", arXiv:1805.02867.
#pragma once

#include <cstddef>
#include <span>
#include <vector>

#include "attention/attention_forward.hpp"
#include "course/buffers.hpp"
#include "course/error.hpp"

namespace course::attention {

// FlashTiles: Br = rows (queries per tile) and Bc = cols (keys per tile), each at least 1. The
// default 128 x 64: each key tile (64 keys, 32 KiB of K and V at hs = 64) is loaded for 128
// queries, and the S tile (32 KiB) stays in L1/L2 (best of 15 interleaved rounds at T = 4096,
// hs = 64, one thread: 64 x 64 64.5 ms, 128 x 64 59.0 ms, 256 x 64 59.0 ms with 1.8 times the
// workspace).
struct FlashTiles {
    int rows = 128;
    int cols = 64;
};

// FlashStats: what one call did, counted by the implementation. tiles_visited: the (query tile,
// key tile) pairs whose scores were computed; the causal mask must skip every tile that lies
// wholly above the diagonal, and no other.
struct FlashStats {
    long long tiles_visited = 0;
};

// flash_attention_workspace_floats: the floats one head's call may use, whatever T is:
//     S or P tile (Br, Bc) + K tile transposed (hs, Bc) + acc (Br, hs) + m and l (Br each).
inline std::size_t flash_attention_workspace_floats(int hs, FlashTiles tiles = {}) {
    const std::size_t br = std::size_t(tiles.rows), bc = std::size_t(tiles.cols), d = std::size_t(hs);
    return br * bc + d * bc + br * d + 2 * br;
}

// check_flash_attention_arguments: T, hs >= 1, tiles >= 1, q, k, v, out (T, hs) and a workspace of
// at least flash_attention_workspace_floats(hs, tiles) floats.
inline void check_flash_attention_arguments(std::size_t out_size, std::size_t workspace_size, std::size_t q_size,
                                            std::size_t k_size, std::size_t v_size, int T, int hs,
                                            FlashTiles tiles) {
    const char* f = "flash_attention";
    check_attention_sizes(f, T, hs);
    COURSE_CHECK(tiles.rows >= 1 && tiles.cols >= 1, f, ": tiles of ", tiles.rows, " x ", tiles.cols,
                 ", expected at least 1 x 1");
    check_matrix_size(f, "q", q_size, "T * hs", T, hs);
    check_matrix_size(f, "k", k_size, "T * hs", T, hs);
    check_matrix_size(f, "v", v_size, "T * hs", T, hs);
    check_matrix_size(f, "out", out_size, "T * hs", T, hs);
    const std::size_t need = flash_attention_workspace_floats(hs, tiles);
    COURSE_CHECK(workspace_size >= need, f, ": a workspace of ", workspace_size,
                 " floats, expected at least flash_attention_workspace_floats(hs, tiles) = ", need);
}

// flash_attention: one head, out = softmax(Q K^T / sqrt(hs) + causal mask) V, with the workspace
// given (at least flash_attention_workspace_floats(hs, tiles) floats; its contents on entry do
// not matter). OVERWRITES out. Allocates nothing. If stats is not null, sets its counts. Throws
// std::invalid_argument for T < 1, hs < 1, tiles < 1, a wrong size or a short workspace.
void flash_attention(std::span<float> out, std::span<float> workspace, std::span<const float> q,
                     std::span<const float> k, std::span<const float> v, int T, int hs, bool causal,
                     FlashTiles tiles = {}, FlashStats* stats = nullptr);

// flash_attention: the same with a workspace of its own (one allocation of
// flash_attention_workspace_floats(hs, tiles) floats).
inline void flash_attention(std::span<float> out, std::span<const float> q, std::span<const float> k,
                            std::span<const float> v, int T, int hs, bool causal, FlashTiles tiles = {}) {
    check_attention_sizes("flash_attention", T, hs);
    COURSE_CHECK(tiles.rows >= 1 && tiles.cols >= 1, "flash_attention: tiles of ", tiles.rows, " x ", tiles.cols,
                 ", expected at least 1 x 1");
    std::vector<float> workspace(flash_attention_workspace_floats(hs, tiles));
    flash_attention(out, workspace, q, k, v, T, hs, causal, tiles);
}

// check_flash_attention_heads_arguments: B, NH, T, hs, threads >= 1; out, q, k, v (B, NH, T, hs).
inline void check_flash_attention_heads_arguments(std::size_t out_size, std::size_t q_size, std::size_t k_size,
                                                  std::size_t v_size, int B, int NH, int T, int hs, int threads,
                                                  FlashTiles tiles) {
    const char* f = "flash_attention_heads";
    COURSE_CHECK(B >= 1 && NH >= 1, f, ": B = ", B, ", NH = ", NH, ", expected at least 1 each");
    check_attention_sizes(f, T, hs);
    COURSE_CHECK(threads >= 1, f, ": threads = ", threads, ", expected at least 1");
    COURSE_CHECK(tiles.rows >= 1 && tiles.cols >= 1, f, ": tiles of ", tiles.rows, " x ", tiles.cols,
                 ", expected at least 1 x 1");
    const int heads = B * NH;
    check_matrix_size(f, "q", q_size, "B * NH * T * hs", heads * T, hs);
    check_matrix_size(f, "k", k_size, "B * NH * T * hs", heads * T, hs);
    check_matrix_size(f, "v", v_size, "B * NH * T * hs", heads * T, hs);
    check_matrix_size(f, "out", out_size, "B * NH * T * hs", heads * T, hs);
}

// flash_attention_heads: flash_attention on each of the B NH heads of (B, NH, T, hs) buffers
// (head (b, h) at offset ((b NH + h) T) hs), the heads shared among `threads` OpenMP threads, each
// with its own workspace. The result does not depend on the thread count (each head is computed
// by one thread, the same way). OVERWRITES out.
void flash_attention_heads(std::span<float> out, std::span<const float> q, std::span<const float> k,
                           std::span<const float> v, int B, int NH, int T, int hs, bool causal, int threads,
                           FlashTiles tiles = {});

}  // namespace course::attention
