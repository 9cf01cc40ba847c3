// Exercise 9: a KV cache, and attention for one new token against it.
// Contract: include/attention/kv_cache.hpp
// Notes: docs/attention.md#kv_cache.  Hints: ./course hint attention kv_cache
// Grade it:  ./course grade attention kv_cache
//
//     append(k_p, v_p):  K[h, p, :] = k_p[h, :], V[h, p, :] = v_p[h, :], p = size(); size() = p + 1
//     attention_decode:  out[h, :] = sum_{j=0..size()-1} softmax_j(q[h, :] . K[h, j, :] / sqrt(hs)) V[h, j, :]
#include "attention/kv_cache.hpp"

#include <algorithm>
#include <cmath>
#include <cstddef>

namespace course::attention {

void KVCache::append(std::span<const float> k, std::span<const float> v) {
    check_append_arguments(*this, k.size(), v.size());
    // TODO(learner): copy each head h's k and v (hs floats at h * hs) into keys_ and values_ at
    // (h * capacity() + size()) * hs, then set_size(*this, size() + 1).
    COURSE_TODO("KVCache::append");
}

void attention_decode(std::span<float> out, std::span<const float> q, KVCache& cache) {
    check_attention_decode_arguments(out.size(), q.size(), cache);
    // TODO(learner): per head, the scores of the positions 0 .. cache.size() - 1 (into
    // cache.scores()), a stable softmax, then the weighted sum of the cached values.
    // Hint: the newest position, size() - 1, is the query's own token: it is included.
    COURSE_TODO("attention_decode");
}

void attention_step(std::span<float> out, KVCache& cache, std::span<const float> q, std::span<const float> k,
                    std::span<const float> v) {
    // TODO(learner): one decoding step with the two functions above, in the right order.
    COURSE_TODO("attention_step");
}

}  // namespace course::attention
