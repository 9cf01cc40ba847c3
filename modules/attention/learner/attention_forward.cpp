// Exercise 2: scaled dot-product attention for one head, forward.
// Contract: include/attention/attention_forward.hpp
// Notes: docs/attention.md#attention_forward.  Hints: ./course hint attention attention_forward
// Grade it:  ./course grade attention attention_forward
//
//     S = Q K^T / sqrt(hs)                  (T, T)
//     S[t, j] = -inf where key j is masked   (causal: j > t; padding: key_padding[j] == 0)
//     att = P = softmax of each row of S     (T, T)
//     out = P V                              (T, hs)
#include "attention/attention_forward.hpp"

#include <cmath>
#include <cstddef>
#include <limits>

#include "attention/softmax.hpp"

namespace course::attention {

void attention_forward(std::span<float> out, std::span<float> att, std::span<const float> q,
                       std::span<const float> k, std::span<const float> v, int T, int hs,
                       const AttentionMask& mask) {
    check_attention_forward_arguments(out.size(), att.size(), q.size(), k.size(), v.size(), T, hs, mask);
    // TODO(learner): fill att with the scaled scores, -inf where masked, then softmax its rows
    // (softmax_forward from exercise 1 may run in place), then out = att V. Row t of q is
    // q[t * hs .. t * hs + hs - 1].
    // Hint: the mask goes on the scores, before the softmax; zeroing probabilities afterwards
    // leaves rows that no longer sum to one.
    COURSE_TODO("attention_forward");
}

}  // namespace course::attention
