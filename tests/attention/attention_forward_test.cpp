// Tests for exercise 2, attention_forward (modules/attention/learner/attention_forward.cpp).
//
// Oracles: T = 1 (P = 1, out = v exactly) and T = 2 worked by hand; a plain double attention
// written below (attention_d), straight from the formula; PyTorch's softmax(q k^T / sqrt(hs) +
// mask) v in float64 on four cases, frozen in fixtures/attention_forward_golden.hpp with the
// script that made them; properties: causality (changing token t + 1 changes no output at
// positions <= t, bit for bit), permutation equivariance without a mask, a padded key's k and v
// change nothing, rows of att sum to one. Cost: 4 T^2 hs flops, nothing to count beyond that (the
// memory that flash attention saves is its own exercise's). Every test calls attention_forward
// first, so a stub shows "not started".
//
// Tolerances (u = 2^-24), per row t, for a float implementation as well as a double one. A score
// s_tj = sum_i q_ti k_ji / sqrt(hs) in float is off by at most
//     delta_tj = (hs + 2) u sum_i |q_ti k_ji| / sqrt(hs)      (Higham 3.1, plus the scaling)
// and a change delta in the scores moves P_tj by P_tj (delta_tj - sum_k P_tk delta_tk), at most
// 2 max_j delta_tj relative. The softmax adds its own (8 + 2 |s_tj - m_t| + 2 T) u relative
// (softmax_test.cpp), so P_tj is within
//     e_t P_tj + kMinNormal,   e_t = 2 max_j delta_tj + (8 + 2 max_j |s_tj - m_t| + 2 T) u
// and out_ti = sum_j P_tj v_ji within (e_t + (T + 2) u) sum_j P_tj |v_ji| + kMinNormal.
#include "attention/attention_forward.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <numeric>
#include <sstream>
#include <string>
#include <vector>

#include "course/random.hpp"
#include "course/testing.hpp"
#include "fixtures/attention_forward_golden.hpp"
#include "attention_test_helpers.hpp"

namespace course::attention {
namespace {

using course::testing::kValidCallFirst;
using course::testing::ThrowsInvalidArgument;

constexpr double kU = 0x1p-24;
constexpr double kMinNormal = double(std::numeric_limits<float>::min());
constexpr float kNaN = std::numeric_limits<float>::quiet_NaN();

// Reference: the double oracle's results and the tolerances of the file's comment.
struct Reference {
    std::vector<double> out, att, out_tol, att_tol;
};

// attention_d: the formula in double on the float inputs, and the tolerances of the file's
// comment. A query with no visible key gets zeros.
Reference attention_d(const std::vector<float>& q, const std::vector<float>& k, const std::vector<float>& v, int T,
                      int hs, bool causal, const std::vector<std::uint8_t>& padding) {
    Reference r{std::vector<double>(std::size_t(T) * hs), std::vector<double>(std::size_t(T) * T),
                std::vector<double>(std::size_t(T) * hs), std::vector<double>(std::size_t(T) * T)};
    for (int t = 0; t < T; ++t) {
        std::vector<double> s(T, -INFINITY);
        double max_delta = 0, m = -INFINITY;
        for (int j = 0; j < T; ++j) {
            if ((causal && j > t) || (!padding.empty() && padding[j] == 0)) continue;
            double dot = 0, abs_dot = 0;
            for (int i = 0; i < hs; ++i) {
                dot += double(q[t * hs + i]) * k[j * hs + i];
                abs_dot += std::abs(double(q[t * hs + i]) * k[j * hs + i]);
            }
            s[j] = dot / std::sqrt(double(hs));
            max_delta = std::max(max_delta, (hs + 2) * kU * abs_dot / std::sqrt(double(hs)));
            m = std::max(m, s[j]);
        }
        double sum = 0, spread = 0;
        for (int j = 0; j < T; ++j)
            if (s[j] > -INFINITY) sum += std::exp(s[j] - m), spread = std::max(spread, m - s[j]);
        const double e = 2 * max_delta + (8 + 2 * spread + 2 * T) * kU;
        for (int j = 0; j < T; ++j) {
            const double p = s[j] > -INFINITY ? std::exp(s[j] - m) / sum : 0.0;
            r.att[t * T + j] = p;
            r.att_tol[t * T + j] = e * p + kMinNormal;
        }
        for (int i = 0; i < hs; ++i) {
            double o = 0, abs_o = 0;
            for (int j = 0; j < T; ++j) {
                o += r.att[t * T + j] * v[j * hs + i];
                abs_o += r.att[t * T + j] * std::abs(double(v[j * hs + i]));
            }
            r.out[t * hs + i] = o;
            r.out_tol[t * hs + i] = (e + (T + 2) * kU) * abs_o + kMinNormal;
        }
    }
    return r;
}

using test_helpers::Within;  // attention_test_helpers.hpp
const std::string kEveryKeyMasked = "a query with every key masked must give zeros (0 / 0?)";

// Result, run: one call of attention_forward on copies of the inputs, out and att pre-filled with NaN.
struct Result {
    std::vector<float> out, att;
};
Result run(const std::vector<float>& q, const std::vector<float>& k, const std::vector<float>& v, int T, int hs,
        bool causal = false, const std::vector<std::uint8_t>& padding = {}) {
    Result r{std::vector<float>(std::size_t(T) * hs, kNaN), std::vector<float>(std::size_t(T) * T, kNaN)};
    attention_forward(r.out, r.att, q, k, v, T, hs, {causal, padding});
    return r;
}

// check: attention_forward against attention_d, att and out.
::testing::AssertionResult check(const std::vector<float>& q, const std::vector<float>& k,
                                  const std::vector<float>& v, int T, int hs, bool causal,
                                  const std::vector<std::uint8_t>& padding = {}) {
    const Result got = run(q, k, v, T, hs, causal, padding);
    const Reference want = attention_d(q, k, v, T, hs, causal, padding);
    const std::string where = "T = " + std::to_string(T) + ", hs = " + std::to_string(hs) +
                              (causal ? ", causal" : "") + (padding.empty() ? "" : ", padding");
    auto a = Within(got.att, want.att, want.att_tol, T, "att, " + where, kEveryKeyMasked);
    if (!a) return a;
    return Within(got.out, want.out, want.out_tol, hs, "out, " + where, kEveryKeyMasked);
}

using test_helpers::random_floats;  // attention_test_helpers.hpp

TEST(AttentionForward, OnePositionOutputsItsValue) {
    // T = 1: one key, P = [1] whatever q and k are, out = v exactly (also under the causal mask:
    // a token sees itself).
    const std::vector<float> q = {3.0f, -1.0f, 2.0f}, k = {-5.0f, 0.5f, 7.0f}, v = {0.25f, -8.0f, 1e-3f};
    for (bool causal : {false, true}) {
        const Result r = run(q, k, v, 1, 3, causal);
        EXPECT_EQ(r.att, std::vector<float>{1.0f}) << (causal ? "causal" : "no mask");
        EXPECT_EQ(r.out, v) << "out = 1 * v" << (causal ? ", causal: a token sees itself" : "");
    }
}

TEST(AttentionForward, TwoPositionsByHand) {
    // hs = 4, sqrt(hs) = 2. q0 = q1 = (1, 1, 1, 1), k0 = 0, k1 = (1, 1, 0, 0): scores (0, 2 / 2 = 1)
    // for both queries (2 without the scale, 0.5 with 1 / hs). P = (1, e) / (1 + e); v0 = (1, 0, 0, 0)
    // and v1 = (0, 1, 0, 0), so out = (1, e, 0, 0) / (1 + e). Causal: query 0 sees key 0 only,
    // out0 = v0, and query 1 is unchanged.
    const std::vector<float> q = {1, 1, 1, 1, 1, 1, 1, 1}, k = {0, 0, 0, 0, 1, 1, 0, 0}, v = {1, 0, 0, 0, 0, 1, 0, 0};
    const double e = std::exp(1.0), p0 = 1 / (1 + e), p1 = e / (1 + e);
    const std::vector<double> tol(8, 8 * kU);
    const Result plain = run(q, k, v, 2, 4);
    EXPECT_TRUE(Within(plain.att, {p0, p1, p0, p1}, tol, 2, "att")) << "P = softmax(q k^T / sqrt(hs)), sqrt(4) = 2";
    EXPECT_TRUE(Within(plain.out, {p0, p1, 0, 0, p0, p1, 0, 0}, tol, 4, "out")) << "out = P V";
    const Result causal = run(q, k, v, 2, 4, true);
    EXPECT_TRUE(Within(causal.att, {1, 0, p0, p1}, tol, 2, "att, causal"))
        << "causal: query 0 sees key 0 (itself) only, query 1 sees keys 0 and 1";
    EXPECT_TRUE(Within(causal.out, {1, 0, 0, 0, p0, p1, 0, 0}, tol, 4, "out, causal"));
}

TEST(Golden, MatchesPyTorch) {
    // The fixture's 9 digits add 5e-10 relative, inside the tolerances (8 u = 4.8e-7 and up).
    for (const auto& c : golden::kAttentionForward) {
        const std::size_t n = std::size_t(c.T) * c.hs;
        const std::vector<float> q(c.q, c.q + n), k(c.k, c.k + n), v(c.v, c.v + n);
        std::vector<std::uint8_t> padding;
        if (c.has_padding) padding.assign(c.padding, c.padding + c.T);
        const Result got = run(q, k, v, c.T, c.hs, c.causal, padding);
        const Reference bounds = attention_d(q, k, v, c.T, c.hs, c.causal, padding);
        const std::vector<double> att(c.att, c.att + std::size_t(c.T) * c.T), out(c.out, c.out + n);
        EXPECT_TRUE(Within(got.att, att, bounds.att_tol, c.T, std::string("att, ") + c.name));
        EXPECT_TRUE(Within(got.out, out, bounds.out_tol, c.hs, std::string("out, ") + c.name))
            << "softmax(q k^T / sqrt(hs) + mask) v in PyTorch";
    }
}

TEST(AttentionForward, MatchesADoubleAttentionWithAndWithoutMasks) {
    // T and hs with 1, primes, 64 and 128; every mask: none, causal, padding, both.
    for (auto [T, hs] : {std::pair{2, 1}, {3, 5}, {7, 1}, {16, 64}, {33, 7}, {9, 128}}) {
        const std::size_t n = std::size_t(T) * hs;
        const auto q = random_floats(n, -2, 2, 10 + T), k = random_floats(n, -2, 2, 20 + T),
                   v = random_floats(n, -2, 2, 30 + T);
        std::vector<std::uint8_t> padding(T, 1);
        for (int j = 1; j < T; j += 3) padding[j] = 0;
        EXPECT_TRUE(check(q, k, v, T, hs, false));
        EXPECT_TRUE(check(q, k, v, T, hs, true));
        EXPECT_TRUE(check(q, k, v, T, hs, false, padding));
        EXPECT_TRUE(check(q, k, v, T, hs, true, padding));
    }
}

TEST(AttentionForward, RowsOfAttSumToOne) {
    // A mask applied after the softmax (zeroing probabilities) leaves rows that sum to less.
    const int T = 12, hs = 8;
    const auto q = random_floats(std::size_t(T) * hs, -2, 2, 41), k = random_floats(std::size_t(T) * hs, -2, 2, 42),
               v = random_floats(std::size_t(T) * hs, -2, 2, 43);
    std::vector<std::uint8_t> padding(T, 1);
    padding[5] = padding[6] = 0;
    for (bool causal : {false, true}) {
        const Result r = run(q, k, v, T, hs, causal, padding);
        for (int t = 0; t < T; ++t) {
            const double s = std::accumulate(r.att.begin() + t * T, r.att.begin() + (t + 1) * T, 0.0);
            EXPECT_NEAR(s, 1.0, (16 + 4 * T) * 8 * kU) << "row " << t << (causal ? ", causal" : "");
        }
    }
}

TEST(Causality, ChangingALaterTokenChangesNoEarlierOutput) {
    // For each t: change q, k and v of token t + 1 (and every later one); rows 0 .. t of out and
    // att must stay the same bit for bit (a causal query t never reads key t + 1), and row t + 1
    // must change (it sees itself).
    const int T = 9, hs = 6;
    const std::size_t n = std::size_t(T) * hs;
    const auto q = random_floats(n, -2, 2, 51), k = random_floats(n, -2, 2, 52), v = random_floats(n, -2, 2, 53);
    const Result base = run(q, k, v, T, hs, true);
    for (int t = 0; t + 1 < T; ++t) {
        auto q2 = q, k2 = k, v2 = v;
        for (std::size_t i = std::size_t(t + 1) * hs; i < n; ++i) q2[i] += 1.5f, k2[i] -= 2.0f, v2[i] *= -3.0f;
        const Result changed = run(q2, k2, v2, T, hs, true);
        EXPECT_TRUE(std::equal(base.out.begin(), base.out.begin() + (t + 1) * hs, changed.out.begin()))
            << "changing tokens " << t + 1 << ".. changed an output at a position <= " << t
            << ": query t sees a key after it (the causal mask is j > t)";
        EXPECT_TRUE(std::equal(base.att.begin(), base.att.begin() + (t + 1) * T, changed.att.begin()))
            << "att rows 0.." << t;
        EXPECT_FALSE(std::equal(base.out.begin() + (t + 1) * hs, base.out.begin() + (t + 2) * hs,
                                changed.out.begin() + (t + 1) * hs))
            << "output " << t + 1 << " did not change with its own token: a token must see itself";
    }
}

TEST(AttentionForward, PermutingThePositionsPermutesTheOutputs) {
    // Without a mask (and no positions), attention is permutation-equivariant: permuting the rows
    // of q, k, v permutes the rows of out, and att[pi t, pi j] = att[t, j]. The sums run in another
    // order: compare within the oracle's tolerances.
    const int T = 11, hs = 5;
    const std::size_t n = std::size_t(T) * hs;
    const auto q = random_floats(n, -2, 2, 61), k = random_floats(n, -2, 2, 62), v = random_floats(n, -2, 2, 63);
    const std::vector<int> pi = {3, 10, 0, 7, 1, 9, 4, 2, 8, 6, 5};  // row t of the input goes to pi[t]
    std::vector<float> qp(n), kp(n), vp(n);
    for (int t = 0; t < T; ++t)
        for (int i = 0; i < hs; ++i)
            qp[pi[t] * hs + i] = q[t * hs + i], kp[pi[t] * hs + i] = k[t * hs + i], vp[pi[t] * hs + i] = v[t * hs + i];
    const Result base = run(q, k, v, T, hs), permuted = run(qp, kp, vp, T, hs);
    const Reference bounds = attention_d(q, k, v, T, hs, false, {});
    std::vector<double> out_want(n), out_tol(n), att_want(std::size_t(T) * T), att_tol(std::size_t(T) * T);
    for (int t = 0; t < T; ++t) {
        for (int i = 0; i < hs; ++i)
            out_want[pi[t] * hs + i] = base.out[t * hs + i], out_tol[pi[t] * hs + i] = 2 * bounds.out_tol[t * hs + i];
        for (int j = 0; j < T; ++j)
            att_want[pi[t] * T + pi[j]] = base.att[t * T + j], att_tol[pi[t] * T + pi[j]] = 2 * bounds.att_tol[t * T + j];
    }
    EXPECT_TRUE(Within(permuted.out, out_want, out_tol, hs, "out of the permuted input"));
    EXPECT_TRUE(Within(permuted.att, att_want, att_tol, T, "att of the permuted input"));
}

TEST(Padding, APaddedKeyIsNeverLookedAt) {
    // Keys 2 and 5 are padding: their column of att is exactly 0, and changing their k and v (even
    // to 1e30) changes nothing, bit for bit; the other rows still sum to one (checked by the oracle).
    const int T = 7, hs = 4;
    const std::size_t n = std::size_t(T) * hs;
    const auto q = random_floats(n, -2, 2, 71), k = random_floats(n, -2, 2, 72), v = random_floats(n, -2, 2, 73);
    const std::vector<std::uint8_t> padding = {1, 1, 0, 1, 1, 0, 1};
    EXPECT_TRUE(check(q, k, v, T, hs, false, padding));
    const Result base = run(q, k, v, T, hs, false, padding);
    auto k2 = k, v2 = v;
    for (int j : {2, 5})
        for (int i = 0; i < hs; ++i) k2[j * hs + i] = 1e30f, v2[j * hs + i] = -1e30f;
    const Result changed = run(q, k2, v2, T, hs, false, padding);
    for (int t = 0; t < T; ++t)
        EXPECT_TRUE(base.att[t * T + 2] == 0.0f && base.att[t * T + 5] == 0.0f) << "att[" << t << ", 2 and 5]";
    EXPECT_EQ(changed.out, base.out) << "a padded key's k and v must not reach any output";
}

TEST(Masking, AQueryWithEveryKeyMaskedGivesZeros) {
    // Causal with key 0 padding: query 0 may see only key 0, which is padding. Its att row and its
    // output are zeros (not NaN); the other queries are as usual. Every key padding: all zeros.
    const int T = 4, hs = 3;
    const std::size_t n = std::size_t(T) * hs;
    const auto q = random_floats(n, -2, 2, 81), k = random_floats(n, -2, 2, 82), v = random_floats(n, -2, 2, 83);
    const std::vector<std::uint8_t> padding = {0, 1, 1, 1};
    const Result r = run(q, k, v, T, hs, true, padding);
    for (int j = 0; j < T; ++j) EXPECT_EQ(r.att[j], 0.0f) << "att[0, " << j << "]";
    for (int i = 0; i < hs; ++i) EXPECT_EQ(r.out[i], 0.0f) << "out[0, " << i << "]: a query with no key gives 0";
    EXPECT_TRUE(check(q, k, v, T, hs, true, padding));
    const Result none = run(q, k, v, T, hs, false, std::vector<std::uint8_t>(T, 0));
    EXPECT_EQ(none.out, std::vector<float>(n, 0.0f)) << "every key padding: every output 0";
}

TEST(Stability, LargeQueriesAndKeysGiveOneHotAttention) {
    // q and k of 1e3 (hs = 64): the score of a key that equals the query is 1e6 * 64 / 8 = 8e6, the
    // others at least 2e6 * 2 / 8 = 5e5 lower (distinct +-1e3 vectors differ in one sign at least):
    // P is one-hot, exactly, and out = v of that key, exactly. Without the max subtracted, or with
    // a score that overflows, this is NaN.
    const int T = 10, hs = 64;
    Rng rng(91);
    std::vector<float> k(std::size_t(T) * hs), q(k.size());
    for (float& x : k) x = rng.uniform() < 0.5 ? -1e3f : 1e3f;
    const std::vector<int> match = {4, 0, 9, 9, 1, 2, 3, 5, 6, 7};  // query t equals key match[t]
    for (int t = 0; t < T; ++t)
        for (int i = 0; i < hs; ++i) q[t * hs + i] = k[match[t] * hs + i];
    const auto v = random_floats(std::size_t(T) * hs, -2, 2, 92);
    const Result r = run(q, k, v, T, hs);
    for (int t = 0; t < T; ++t) {
        EXPECT_EQ(r.att[t * T + match[t]], 1.0f) << "query " << t;
        EXPECT_TRUE(std::equal(r.out.begin() + t * hs, r.out.begin() + (t + 1) * hs, v.begin() + match[t] * hs))
            << "query " << t << " should copy v of key " << match[t];
    }
}

TEST(AttentionForward, HeadSizesOneAnd128) {
    // hs = 1: the scale is 1; hs = 128: sqrt(128) = 11.3, where 1 / hs (0.0078) and no scale at all
    // are far off. Scores of order 10 (inputs in [-3, 3]) so that the softmax is not flat.
    for (int hs : {1, 128}) {
        const int T = 13;
        const std::size_t n = std::size_t(T) * hs;
        const double spread = hs == 1 ? 3.0 : 1.0;
        EXPECT_TRUE(check(random_floats(n, -spread, spread, 100 + hs), random_floats(n, -spread, spread, 200 + hs),
                          random_floats(n, -2, 2, 300 + hs), T, hs, true));
    }
}

TEST(BadInput, RefusesBadSizesAndPadding) {
    const int T = 3, hs = 2;
    std::vector<float> out(6), att(9), q(6, 1.0f), k(6, 1.0f), v(6, 1.0f);
    attention_forward(out, att, q, k, v, T, hs);
    SUCCEED() << kValidCallFirst;
    EXPECT_TRUE(ThrowsInvalidArgument([&] { attention_forward(out, att, q, k, v, 0, hs); }, {"T", "0"}));
    EXPECT_TRUE(ThrowsInvalidArgument([&] { attention_forward(out, att, q, k, v, T, -2); }, {"hs", "-2"}));
    EXPECT_TRUE(ThrowsInvalidArgument([&] { attention_forward(out, att, q, k, v, 2, 3); }, {"att", "9", "4"}));
    EXPECT_TRUE(ThrowsInvalidArgument([&] { attention_forward(out, att, std::span(q).first(5), k, v, T, hs); },
                                      {"q", "5", "6"}));
    EXPECT_TRUE(ThrowsInvalidArgument([&] { attention_forward(out, att, q, std::span(k).first(4), v, T, hs); }, {"k"}));
    EXPECT_TRUE(ThrowsInvalidArgument([&] { attention_forward(out, att, q, k, std::span(v).first(3), T, hs); }, {"v"}));
    EXPECT_TRUE(ThrowsInvalidArgument([&] { attention_forward(std::span(out).first(2), att, q, k, v, T, hs); }, {"out"}));
    EXPECT_TRUE(ThrowsInvalidArgument([&] { attention_forward(out, std::span(att).first(8), q, k, v, T, hs); }, {"att"}));
    const std::vector<std::uint8_t> short_padding = {1, 1}, bad_padding = {1, 2, 1};
    EXPECT_TRUE(ThrowsInvalidArgument([&] { attention_forward(out, att, q, k, v, T, hs, {false, short_padding}); },
                                      {"key_padding", "2"}));
    EXPECT_TRUE(ThrowsInvalidArgument([&] { attention_forward(out, att, q, k, v, T, hs, {true, bad_padding}); },
                                      {"key_padding[1]", "2"}));
}

TEST(Buffers, ReadsAndWritesOnlyItsOwnBuffers) {
    // Every buffer between margins: out and att with sentinels (a write past either end shows),
    // q, k and v with NaN (a read past the end reaches the result as NaN). T = 7, hs = 5: no
    // multiple of a vector width; every mask.
    const int T = 7, hs = 5;
    const std::size_t n = std::size_t(T) * hs, margin = 64;
    using course::testing::GuardedBuffer;
    using course::testing::kSentinel;
    const auto q = random_floats(n, -2, 2, 111), k = random_floats(n, -2, 2, 112), v = random_floats(n, -2, 2, 113);
    const GuardedBuffer gq(q, margin, kNaN), gk(k, margin, kNaN), gv(v, margin, kNaN);
    const std::vector<std::uint8_t> padding = {1, 0, 1, 1, 0, 1, 1};
    for (int variant = 0; variant < 4; ++variant) {
        const bool causal = variant & 1;
        const std::vector<std::uint8_t> pad = variant & 2 ? padding : std::vector<std::uint8_t>{};
        GuardedBuffer out(std::vector<float>(n, kNaN), margin, kSentinel);
        GuardedBuffer att(std::vector<float>(std::size_t(T) * T, kNaN), margin, kSentinel);
        attention_forward(out.span(), att.span(), gq.cspan(), gk.cspan(), gv.cspan(), T, hs, {causal, pad});
        const Reference want = attention_d(q, k, v, T, hs, causal, pad);
        const std::string where = std::string(causal ? "causal" : "no mask") + (pad.empty() ? "" : ", padding");
        const std::vector<float> got_att(att.cspan().begin(), att.cspan().end());
        const std::vector<float> got_out(out.cspan().begin(), out.cspan().end());
        EXPECT_TRUE(Within(got_att, want.att, want.att_tol, T, "att, " + where));
        EXPECT_TRUE(Within(got_out, want.out, want.out_tol, hs, "out, " + where));
        EXPECT_TRUE(att.margins_hold(kSentinel)) << where << ": attention_forward wrote outside att";
        EXPECT_TRUE(out.margins_hold(kSentinel)) << where << ": attention_forward wrote outside out";
    }
}

}  // namespace
}  // namespace course::attention
