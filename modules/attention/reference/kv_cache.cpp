// Reference solution: kv_cache. Contract: include/attention/kv_cache.hpp
#include "attention/kv_cache.hpp"

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <utility>

namespace course::attention {

void KVCache::append(std::span<const float> k, std::span<const float> v) {
    check_append_arguments(*this, k.size(), v.size());
    const std::size_t d = std::size_t(head_size()), cap = std::size_t(capacity());
    const std::size_t p = std::size_t(size());
    // Head h's row p of K and V: (h capacity + p) hs.
    for (std::size_t h = 0; h < std::size_t(heads()); ++h) {
        std::copy_n(k.data() + h * d, d, keys_.data() + (h * cap + p) * d);
        std::copy_n(v.data() + h * d, d, values_.data() + (h * cap + p) * d);
    }
    set_size(*this, size() + 1);
}

void attention_decode(std::span<float> out, std::span<const float> q, KVCache& cache) {
    check_attention_decode_arguments(out.size(), q.size(), cache);
    const std::size_t d = std::size_t(cache.head_size()), cap = std::size_t(cache.capacity());
    const std::size_t n = std::size_t(cache.size());  // positions 0 .. n - 1, the query's own included
    const double scale = 1.0 / std::sqrt(double(cache.head_size()));
    std::span<const float> keys = std::as_const(cache).keys(), values = std::as_const(cache).values();
    std::span<float> s = cache.scores();
    for (std::size_t h = 0; h < std::size_t(cache.heads()); ++h) {
        const float* qh = q.data() + h * d;
        const float* kh = keys.data() + h * cap * d;
        const float* vh = values.data() + h * cap * d;
        // Scores in double, rounded once; the max for a stable softmax.
        float mx = -INFINITY;
        for (std::size_t j = 0; j < n; ++j) {
            double dot = 0.0;
            for (std::size_t i = 0; i < d; ++i) dot += double(qh[i]) * double(kh[j * d + i]);
            s[j] = float(dot * scale);
            mx = std::max(mx, s[j]);
        }
        double sum = 0.0;
        for (std::size_t j = 0; j < n; ++j) {
            const double e = std::exp(double(s[j]) - double(mx));
            s[j] = float(e);
            sum += e;
        }
        // out = sum_j (e_j / sum) v_j, the division once per output.
        float* oh = out.data() + h * d;
        for (std::size_t i = 0; i < d; ++i) {
            double a = 0.0;
            for (std::size_t j = 0; j < n; ++j) a += double(s[j]) * double(vh[j * d + i]);
            oh[i] = float(a / sum);
        }
    }
}

void attention_step(std::span<float> out, KVCache& cache, std::span<const float> q, std::span<const float> k,
                    std::span<const float> v) {
    cache.append(k, v);  // first: the token attends to itself
    attention_decode(out, q, cache);
}

}  // namespace course::attention
