// A KV cache for decoding: the keys and values of the tokens seen so far, so that generating token
// p costs one query against p + 1 cached keys instead of recomputing attention over 0 .. p.
// Notes: docs/attention.md#kv_cache.
//
// The cache holds, for NH heads of size hs, up to `capacity` positions (T_max):
//     K[h, j, :], V[h, j, :]     j = 0 .. size() - 1                   (NH, capacity, hs) each
// One decoding step for the token at position p = size():
//     append(k_p, v_p)           k_p, v_p (NH, hs): slot p, size() becomes p + 1
//     attention_decode(out, q_p, cache):                               q_p, out (NH, hs)
//         s_j   = q_p[h, :] . K[h, j, :] / sqrt(hs)                    j = 0 .. p
//         out[h, :] = sum_j softmax(s)_j V[h, j, :]
// APPEND FIRST: token p attends to itself, as row p of causal attention does; decoding before the
// append would leave it out. Decoding the tokens 0 .. T - 1 in this way gives exactly the rows of
// attention_forward with the causal mask (up to float rounding): a causal row p depends only on the
// keys and values 0 .. p, which never change once cached. attention_step does both in order.
//
// Scale: any finite inputs (the softmax subtracts the max). Cost per step: 4 (p + 1) hs NH flops,
// instead of 4 (p + 1)^2 hs NH without the cache; memory 2 capacity NH hs floats.
// Source: Pope et al., "Efficiently Scaling Transformer Inference", MLSys 2023, section 2;
// Hugging Face transformers' past_key_values; llama.cpp's KV cache.
#pragma once

#include <cstddef>
#include <span>
#include <stdexcept>
#include <string>
#include <vector>

#include "course/error.hpp"

namespace course::attention {

class KVCache {
public:
    // KVCache: an empty cache of `capacity` positions for NH heads of size hs (all >= 1).
    KVCache(int capacity, int NH, int hs) : capacity_(capacity), heads_(NH), head_size_(hs) {
        COURSE_CHECK(capacity >= 1 && NH >= 1 && hs >= 1, "KVCache: capacity = ", capacity, ", NH = ", NH,
                     ", hs = ", hs, ", expected at least 1 each");
        const std::size_t n = std::size_t(capacity) * std::size_t(NH) * std::size_t(hs);
        keys_.assign(n, 0.0f);
        values_.assign(n, 0.0f);
        scores_.assign(std::size_t(capacity), 0.0f);
    }

    int capacity() const { return capacity_; }
    int heads() const { return heads_; }
    int head_size() const { return head_size_; }
    // size: the positions cached, 0 .. size() - 1; the next append goes to position size().
    int size() const { return size_; }
    // clear: forget every position (the storage is kept): the next append is position 0 again.
    void clear() { size_ = 0; }

    // append: k and v (NH, hs), one token's, at position size(); size() grows by one. Throws
    // std::invalid_argument for a wrong size and std::out_of_range when the cache is full.
    void append(std::span<const float> k, std::span<const float> v);

    // keys / values: (NH, capacity, hs); head h's position j at (h capacity + j) hs. Positions
    // from size() on hold stale or zero values: never attend to them.
    std::span<const float> keys() const { return keys_; }
    std::span<const float> values() const { return values_; }
    std::span<float> keys() { return keys_; }
    std::span<float> values() { return values_; }
    // scores: capacity floats of scratch for attention_decode (one head's scores at a time).
    std::span<float> scores() { return scores_; }

private:
    int capacity_, heads_, head_size_;
    int size_ = 0;
    std::vector<float> keys_, values_, scores_;

    friend void check_append_arguments(const KVCache& cache, std::size_t k_size, std::size_t v_size);
    friend void set_size(KVCache& cache, int size);
};

// set_size: for append only: the number of cached positions after an append.
inline void set_size(KVCache& cache, int size) { cache.size_ = size; }

// check_append_arguments: k and v hold NH hs floats; a full cache is std::out_of_range.
inline void check_append_arguments(const KVCache& cache, std::size_t k_size, std::size_t v_size) {
    const std::size_t n = std::size_t(cache.heads_) * std::size_t(cache.head_size_);
    COURSE_CHECK(k_size == n, "KVCache::append: k has ", k_size, " floats, expected NH * hs = ", n);
    COURSE_CHECK(v_size == n, "KVCache::append: v has ", v_size, " floats, expected NH * hs = ", n);
    if (cache.size_ >= cache.capacity_)
        throw std::out_of_range("KVCache::append: the cache is full (capacity " + std::to_string(cache.capacity_) +
                                " positions): position " + std::to_string(cache.size_) +
                                " is beyond it; clear() it or make a larger cache");
}

// check_attention_decode_arguments: q and out hold NH hs floats; the cache holds a position.
inline void check_attention_decode_arguments(std::size_t out_size, std::size_t q_size, const KVCache& cache) {
    const std::size_t n = std::size_t(cache.heads()) * std::size_t(cache.head_size());
    COURSE_CHECK(q_size == n, "attention_decode: q has ", q_size, " floats, expected NH * hs = ", n);
    COURSE_CHECK(out_size == n, "attention_decode: out has ", out_size, " floats, expected NH * hs = ", n);
    COURSE_CHECK(cache.size() >= 1, "attention_decode: the cache is empty: append the token's k and v first");
}

// attention_decode: one query token q (NH, hs) against the cached positions 0 .. size() - 1:
// out[h, :] = softmax_j(q[h, :] . K[h, j, :] / sqrt(hs)) V[h, j, :]. OVERWRITES out (NH, hs);
// uses the cache's scores() as scratch. Throws std::invalid_argument for a wrong size or an
// empty cache.
void attention_decode(std::span<float> out, std::span<const float> q, KVCache& cache);

// attention_step: one decoding step, in this order: cache.append(k, v), then
// attention_decode(out, q, cache). q, k, v, out (NH, hs).
void attention_step(std::span<float> out, KVCache& cache, std::span<const float> q, std::span<const float> k,
                    std::span<const float> v);

}  // namespace course::attention
