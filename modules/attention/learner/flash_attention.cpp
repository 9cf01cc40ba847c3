// Exercise 8: flash attention, forward: exact attention by tiles, without the (T, T) matrix.
// Contract: include/attention/flash_attention.hpp
// Notes: docs/attention.md#flash_attention.  Hints: ./course hint attention flash_attention
// Grade it:  ./course grade attention flash_attention
//
// For each tile of Br query rows, for each tile of Bc keys (one head, q, k, v, out (T, hs)):
//     S = Q_tile K_tile^T / sqrt(hs)                         (Br, Bc), -inf where causal hides a key
//     m_new = max(m, row max of S);  alpha = exp(m - m_new)  (Br)
//     P = exp(S - m_new);  l = alpha l + row sum of P        (Br, Bc), (Br)
//     acc = alpha acc + P V_tile                             (Br, hs)
// then out = acc / l. Use only the workspace you are given (flash_attention_workspace_floats).
#include "attention/flash_attention.hpp"

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <limits>
#include <vector>

namespace course::attention {

void flash_attention(std::span<float> out, std::span<float> workspace, std::span<const float> q,
                     std::span<const float> k, std::span<const float> v, int T, int hs, bool causal,
                     FlashTiles tiles, FlashStats* stats) {
    check_flash_attention_arguments(out.size(), workspace.size(), q.size(), k.size(), v.size(), T, hs, tiles);
    // TODO(learner): carve S (Br, Bc), acc (Br, hs), m and l (Br) out of workspace; loop over query
    // tiles, then key tiles (causal: stop after the tile holding the query tile's last row), and
    // count each key tile you compute in stats->tiles_visited when stats is not null.
    // Hint: when m grows, multiply BOTH acc and l by exp(m_old - m_new) before adding the new tile.
    COURSE_TODO("flash_attention");
}

void flash_attention_heads(std::span<float> out, std::span<const float> q, std::span<const float> k,
                           std::span<const float> v, int B, int NH, int T, int hs, bool causal, int threads,
                           FlashTiles tiles) {
    check_flash_attention_heads_arguments(out.size(), q.size(), k.size(), v.size(), B, NH, T, hs, threads, tiles);
    // TODO(learner): for each head h = b * NH + hh (offset h * T * hs), flash_attention on it, the
    // heads shared among `threads` threads (#pragma omp parallel num_threads(threads), one
    // workspace per thread, then #pragma omp for over the heads).
    COURSE_TODO("flash_attention_heads");
}

}  // namespace course::attention
