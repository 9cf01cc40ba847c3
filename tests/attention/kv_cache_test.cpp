// Tests for exercise 9, kv_cache (modules/attention/learner/kv_cache.cpp).
//
// Oracle: full causal attention written below in double (causal_d), never incremental: decoding
// the tokens 0 .. T - 1 one by one (append, then attend) must give its rows. T = 1 (out = v
// exactly) and T = 2 by hand; several (T, NH, hs) up to GPT-2's head size; RoPE from exercise 6
// (rope_forward with position_offset = p on the new token's q and k, against rope_forward over the
// whole sequence with offset 0); the capacity as a clear error; clear() and reuse; the layout of
// keys() and values(). Every test calls the cache first, so a stub shows "not started".
//
// Tolerance (u = 2^-24), per head and row t, for a float implementation as well as a double one:
// the bound of attention_forward_test.cpp, derived there: with D_t = max_j (hs + 2) u
// sum_i |q_ti k_ji| / sqrt(hs) and spread_t = max_j (m_t - s_tj) over the visible keys,
//     e_t = 2 D_t + (8 + 2 spread_t + 2 T) u,   |out_ti - exact| <= (e_t + (T + 2) u) sum_j P_tj |v_ji|
// plus kMinNormal.
#include "attention/kv_cache.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <limits>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

#include "attention/positions.hpp"
#include "course/random.hpp"
#include "course/testing.hpp"
#include "attention_test_helpers.hpp"

namespace course::attention {
namespace {

using course::testing::kValidCallFirst;
using course::testing::ThrowsInvalidArgument;

constexpr double kU = 0x1p-24;
constexpr double kMinNormal = double(std::numeric_limits<float>::min());
constexpr float kNaN = std::numeric_limits<float>::quiet_NaN();

// Reference: exact outputs and their tolerances, (T, NH, hs) like the tokens' q, k, v.
struct Reference {
    std::vector<double> out, tol;
};

// causal_d: causal attention in double over (T, NH, hs) buffers (token t, head h at (t NH + h) hs),
// each head on its own, with the file's tolerance.
Reference causal_d(const std::vector<float>& q, const std::vector<float>& k, const std::vector<float>& v, int T,
                   int NH, int hs) {
    Reference r{std::vector<double>(q.size()), std::vector<double>(q.size())};
    auto at = [&](int t, int h, int i) { return (std::size_t(t) * NH + h) * hs + i; };
    for (int h = 0; h < NH; ++h)
        for (int t = 0; t < T; ++t) {
            std::vector<double> s(t + 1);
            double max_d = 0, m = -INFINITY;
            for (int j = 0; j <= t; ++j) {
                double dot = 0, abs_dot = 0;
                for (int i = 0; i < hs; ++i) {
                    dot += double(q[at(t, h, i)]) * k[at(j, h, i)];
                    abs_dot += std::abs(double(q[at(t, h, i)]) * k[at(j, h, i)]);
                }
                s[j] = dot / std::sqrt(double(hs));
                max_d = std::max(max_d, (hs + 2) * kU * abs_dot / std::sqrt(double(hs)));
                m = std::max(m, s[j]);
            }
            double sum = 0, spread = 0;
            for (int j = 0; j <= t; ++j) sum += std::exp(s[j] - m), spread = std::max(spread, m - s[j]);
            const double e = 2 * max_d + (8 + 2 * spread + 2 * (t + 1)) * kU;
            for (int i = 0; i < hs; ++i) {
                double o = 0, abs_o = 0;
                for (int j = 0; j <= t; ++j) {
                    const double p = std::exp(s[j] - m) / sum;
                    o += p * v[at(j, h, i)];
                    abs_o += p * std::abs(double(v[at(j, h, i)]));
                }
                r.out[at(t, h, i)] = o;
                r.tol[at(t, h, i)] = (e + (t + 3) * kU) * abs_o + kMinNormal;
            }
        }
    return r;
}

using test_helpers::Within;  // attention_test_helpers.hpp

using test_helpers::random_floats;  // attention_test_helpers.hpp

// token: token t's (NH, hs) slice of a (T, NH, hs) buffer.
std::span<const float> token(const std::vector<float>& x, int t, int NH, int hs) {
    return std::span<const float>(x).subspan(std::size_t(t) * NH * hs, std::size_t(NH) * hs);
}

// decode: attention_step for the tokens 0 .. T - 1 in order, the outputs (T, NH, hs), out
// pre-filled with NaN.
std::vector<float> decode(KVCache& cache, const std::vector<float>& q, const std::vector<float>& k,
                          const std::vector<float>& v, int T, int NH, int hs) {
    std::vector<float> out(std::size_t(T) * NH * hs, kNaN);
    for (int t = 0; t < T; ++t)
        attention_step(std::span<float>(out).subspan(std::size_t(t) * NH * hs, std::size_t(NH) * hs), cache,
                       token(q, t, NH, hs), token(k, t, NH, hs), token(v, t, NH, hs));
    return out;
}

TEST(KVCache, OneTokenOutputsItsValue) {
    // The first token sees only itself: weight 1, out = v exactly, every head.
    KVCache cache(4, 2, 3);
    const std::vector<float> q = {3, -1, 2, 0, 0, 1}, k = {-5, 0.5f, 7, 1, 1, 1}, v = {0.25f, -8, 1e-3f, 4, 5, 6};
    std::vector<float> out(6, kNaN);
    attention_step(out, cache, q, k, v);
    EXPECT_EQ(out, v) << "token 0 attends to itself only (append before attending)";
    EXPECT_EQ(cache.size(), 1);
}

TEST(KVCache, TwoTokensByHand) {
    // NH = 1, hs = 1: k0 = 0, k1 = ln 3, q1 = 1: scores (0, ln 3), weights 1 : 3, out1 = (v0 + 3 v1) / 4
    // = (1 + 15) / 4 = 4. Leaving out the newest key gives 1; attending one slot too far (a zero
    // key and value) gives 16 / 5.
    KVCache cache(3, 1, 1);
    std::vector<float> out0(1, kNaN), out1(1, kNaN);
    const std::vector<float> q0 = {1}, k0 = {0}, v0 = {1}, q1 = {1}, k1 = {float(std::log(3.0))}, v1 = {5};
    attention_step(out0, cache, q0, k0, v0);
    attention_step(out1, cache, q1, k1, v1);
    EXPECT_EQ(out0[0], 1.0f) << "token 0 sees itself";
    EXPECT_NEAR(out1[0], 4.0, 4 * 16 * kU) << "weights 1 : 3 over tokens 0 and 1, itself included";
}

TEST(KVCache, DecodingTokenByTokenGivesTheRowsOfCausalAttention) {
    for (auto [T, NH, hs] : {std::tuple{1, 1, 1}, {7, 2, 4}, {33, 3, 16}, {20, 12, 64}, {50, 1, 5}}) {
        const std::size_t n = std::size_t(T) * NH * hs;
        const auto q = random_floats(n, -2, 2, 10 + T), k = random_floats(n, -2, 2, 20 + T),
                   v = random_floats(n, -2, 2, 30 + T);
        KVCache cache(T + 3, NH, hs);  // room to spare: a slot too far holds zeros, not garbage past the end
        const std::vector<float> got = decode(cache, q, k, v, T, NH, hs);
        const Reference want = causal_d(q, k, v, T, NH, hs);
        EXPECT_TRUE(Within(got, want.out, want.tol, hs,
                           "T = " + std::to_string(T) + ", NH = " + std::to_string(NH) + ", hs = " + std::to_string(hs)))
            << "row t of causal attention sees the keys 0 .. t: itself, and never t + 1";
        EXPECT_EQ(cache.size(), T);
    }
}

TEST(KVCache, AQueryAttendsToEveryCachedPosition) {
    // attention_decode on its own: 5 tokens appended, then one query that is none of theirs: it
    // attends to all 5 (the oracle: causal attention's last row, with that query put at the end).
    const int T = 5, NH = 2, hs = 8;
    const std::size_t n = std::size_t(T) * NH * hs;
    auto q = random_floats(n, -2, 2, 40);
    const auto k = random_floats(n, -2, 2, 41), v = random_floats(n, -2, 2, 42);
    KVCache cache(8, NH, hs);
    for (int t = 0; t < T; ++t) cache.append(token(k, t, NH, hs), token(v, t, NH, hs));
    std::vector<float> out(std::size_t(NH) * hs, kNaN);
    attention_decode(out, token(q, T - 1, NH, hs), cache);
    const Reference want = causal_d(q, k, v, T, NH, hs);
    const std::size_t last = std::size_t(T - 1) * NH * hs;
    EXPECT_TRUE(Within(out, std::vector<double>(want.out.begin() + last, want.out.end()),
                       std::vector<double>(want.tol.begin() + last, want.tol.end()), hs, "the query after 5 appends"));
}

TEST(KVCache, KeysAndValuesAreStoredHeadMajor) {
    // Head h's position p at (h capacity + p) hs, as the header says.
    const int cap = 4, NH = 3, hs = 2;
    KVCache cache(cap, NH, hs);
    for (int p = 0; p < 3; ++p) {
        std::vector<float> k(NH * hs), v(NH * hs);
        for (int h = 0; h < NH; ++h)
            for (int i = 0; i < hs; ++i) k[h * hs + i] = float(100 * p + 10 * h + i), v[h * hs + i] = -k[h * hs + i];
        cache.append(k, v);
    }
    for (int p = 0; p < 3; ++p)
        for (int h = 0; h < NH; ++h)
            for (int i = 0; i < hs; ++i) {
                EXPECT_EQ(cache.keys()[(std::size_t(h) * cap + p) * hs + i], float(100 * p + 10 * h + i))
                    << "key of position " << p << ", head " << h << ", index " << i;
                EXPECT_EQ(cache.values()[(std::size_t(h) * cap + p) * hs + i], -float(100 * p + 10 * h + i));
            }
}

TEST(KVCache, WithRopeEachNewTokenRotatedAtItsPosition) {
    // Exercise 6's RoPE: rope_forward on the new token's q and k with position_offset = p (one
    // token, T = 1), then the step; against rope_forward over the whole (1, T, NH, hs) sequence
    // with offset 0 and causal attention. The rotation is the same for both up to its rounding (one
    // float rounding per rotated value, both computed by the same function of the same angle).
    const int T = 24, NH = 3, hs = 16;
    const std::size_t n = std::size_t(T) * NH * hs, one = std::size_t(NH) * hs;
    const auto q = random_floats(n, -2, 2, 50), k = random_floats(n, -2, 2, 51), v = random_floats(n, -2, 2, 52);
    KVCache cache(T, NH, hs);
    std::vector<float> got(n, kNaN);
    for (int p = 0; p < T; ++p) {
        std::vector<float> qp(one), kp(one);
        rope_forward(qp, token(q, p, NH, hs), 1, 1, NH, hs, 10000.0f, p);
        rope_forward(kp, token(k, p, NH, hs), 1, 1, NH, hs, 10000.0f, p);
        attention_step(std::span<float>(got).subspan(p * one, one), cache, qp, kp, token(v, p, NH, hs));
    }
    std::vector<float> qr(n), kr(n);
    rope_forward(qr, q, 1, T, NH, hs);
    rope_forward(kr, k, 1, T, NH, hs);
    const Reference want = causal_d(qr, kr, v, T, NH, hs);
    EXPECT_TRUE(Within(got, want.out, want.tol, hs, "RoPE, token by token"))
        << "each token rotated at its own position (position_offset = p), its key cached rotated";
}

TEST(KVCache, AFullCacheRefusesAnotherToken) {
    // Capacity 3: positions 0, 1, 2; the fourth append is std::out_of_range naming the capacity,
    // and the cache is unchanged (3 positions, still usable).
    KVCache cache(3, 1, 2);
    const std::vector<float> x = {0.5f, -0.5f};
    std::vector<float> out(2, kNaN);
    for (int t = 0; t < 3; ++t) attention_step(out, cache, x, x, x);
    EXPECT_EQ(cache.size(), 3);
    try {
        cache.append(x, x);
        ADD_FAILURE() << "a fourth token in a cache of capacity 3 was accepted";
    } catch (const std::out_of_range& e) {
        EXPECT_NE(std::string(e.what()).find("capacity"), std::string::npos) << e.what();
    }
    EXPECT_EQ(cache.size(), 3) << "a refused append leaves the cache as it was";
    attention_decode(out, x, cache);
    EXPECT_NEAR(out[0], 0.5, 8 * kU) << "three equal tokens: out = v";
}

TEST(KVCache, ClearThenReuseIsAFreshCache) {
    // A long sequence, clear(), then a short other one: the same bits as a fresh cache gives, and
    // none of the stale positions (still in the storage) attended to.
    const int NH = 2, hs = 8;
    const auto a = random_floats(std::size_t(12) * NH * hs, -2, 2, 60), b = random_floats(std::size_t(5) * NH * hs, -2, 2, 61);
    KVCache used(12, NH, hs), fresh(12, NH, hs);
    decode(used, a, a, a, 12, NH, hs);
    used.clear();
    EXPECT_EQ(used.size(), 0);
    const std::vector<float> again = decode(used, b, b, b, 5, NH, hs), first = decode(fresh, b, b, b, 5, NH, hs);
    EXPECT_EQ(again, first) << "after clear() the cache must behave as a new one";
    const Reference want = causal_d(b, b, b, 5, NH, hs);
    EXPECT_TRUE(Within(again, want.out, want.tol, hs, "after clear()"));
}

TEST(BadInput, RefusesBadSizesAndAnEmptyCache) {
    KVCache cache(2, 2, 2);
    const std::vector<float> x(4, 0.5f), shorter(3, 0.5f);
    std::vector<float> out(4), out_short(3);
    attention_step(out, cache, x, x, x);  // valid; a stub throws NotImplemented here
    EXPECT_TRUE(ThrowsInvalidArgument([&] { cache.append(shorter, x); }, {"k", "NH * hs"})) << kValidCallFirst;
    EXPECT_TRUE(ThrowsInvalidArgument([&] { cache.append(x, shorter); }, {"v", "NH * hs"}));
    EXPECT_TRUE(ThrowsInvalidArgument([&] { attention_decode(out, shorter, cache); }, {"q"}));
    EXPECT_TRUE(ThrowsInvalidArgument([&] { attention_decode(out_short, x, cache); }, {"out"}));
    KVCache empty(2, 2, 2);
    EXPECT_TRUE(ThrowsInvalidArgument([&] { attention_decode(out, x, empty); }, {"empty"}));
    EXPECT_TRUE(ThrowsInvalidArgument([&] { KVCache bad(0, 2, 2); }, {"capacity"}));
    EXPECT_TRUE(ThrowsInvalidArgument([&] { KVCache bad(2, 0, 2); }, {"NH"}));
}

TEST(Stability, LargeScoresGiveOneHotAttentionWithoutOverflow) {
    // q and k of 30 with hs = 16: scores up to 30 * 30 * 16 / 4 = 3600, e^3600 beyond even double
    // (overflow at 709): only the max subtracted keeps the softmax finite. Key 2 has the largest
    // score by 900 over the next, so out = v_2 (the others weigh e^-900 = 0 in double).
    const int NH = 1, hs = 16;
    KVCache cache(4, NH, hs);
    std::vector<float> q(hs, 30.0f), out(hs, kNaN);
    for (int p = 0; p < 4; ++p) {
        std::vector<float> k(hs, p == 2 ? 30.0f : 7.5f * float(p)), v(hs, float(p + 1));
        cache.append(k, v);
    }
    attention_decode(out, q, cache);
    for (int i = 0; i < hs; ++i) EXPECT_EQ(out[i], 3.0f) << "one-hot on key 2; NaN or inf: exp without the max";
}

}  // namespace
}  // namespace course::attention
