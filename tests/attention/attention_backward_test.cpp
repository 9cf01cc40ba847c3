// Tests for exercise 3, attention_backward (modules/attention/learner/attention_backward.cpp).
//
// Oracles: central differences IN DOUBLE of a plain double attention forward written below
// (forward_d; never the code under test), with and without the causal mask and padding; T = 1
// (P = 1, so dq = dk = 0 and dv = dout) and T = 2 worked by hand; PyTorch's autograd of the
// explicit formula in float64 on four cases, frozen in fixtures/attention_backward_golden.hpp with
// the script that made them. Every test calls attention_backward first (after the forward it
// needs, exercise 2's reference), so a stub shows "not started".
//
// Tolerances (u = 2^-24). att comes from the float forward: each P_tj within e P_tj of the exact
// one, e = 2 max delta + (8 + 2 spread + 2 T) u (attention_forward_test.cpp's bound, computed below
// for the case at hand). Every gradient is a sum of products of P, dP or dS with the float
// inputs; its error is bounded by C times the sum of the magnitudes of its terms,
//     |dV_ji|: sum_t P_tj |dO_ti|
//     |dS_tj| <= P_tj (|dP|_tj + sum_k P_tk |dP|_tk),   |dP|_tj = sum_i |dO_ti V_ji|
//     |dQ_ti|: sum_j |dS|_tj |K_ji| / sqrt(hs),   |dK_ji|: sum_t |dS|_tj |Q_ti| / sqrt(hs)
// with C = 4 e + (2 T + 2 hs + 16) u: P's error enters dS through both of its P factors and the
// row sum, and each reduction of T or hs terms adds gamma_T or gamma_hs (Higham 3.1). The central
// differences (step cbrt(eps) max(1, |x|)) are within about eps^(2/3) = 4e-11 relative: 1e-9 of
// the largest magnitude covers them.
#include "attention/attention_backward.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <sstream>
#include <string>
#include <vector>

#include "attention/attention_forward.hpp"
#include "course/random.hpp"
#include "course/testing.hpp"
#include "fixtures/attention_backward_golden.hpp"
#include "attention_test_helpers.hpp"

namespace course::attention {
namespace {

using course::testing::kValidCallFirst;
using course::testing::ThrowsInvalidArgument;

constexpr double kU = 0x1p-24;
constexpr double kMinNormal = double(std::numeric_limits<float>::min());
constexpr float kNaN = std::numeric_limits<float>::quiet_NaN();

// Case: one head's inputs and mask.
struct Case {
    int T, hs;
    bool causal;
    std::vector<std::uint8_t> padding;
    std::vector<float> q, k, v, dout;
    std::string name() const {
        return "T = " + std::to_string(T) + ", hs = " + std::to_string(hs) + (causal ? ", causal" : "") +
               (padding.empty() ? "" : ", padding");
    }
    bool visible(int t, int j) const { return (!causal || j <= t) && (padding.empty() || padding[j] != 0); }
};

// probabilities_d: P in double (a query with no visible key: zeros), the row's score spread and
// the largest score rounding delta of attention_forward_test.cpp.
std::vector<double> probabilities_d(const Case& c, const std::vector<double>& q, const std::vector<double>& k,
                                    double* e = nullptr) {
    const int T = c.T, hs = c.hs;
    std::vector<double> P(std::size_t(T) * T, 0.0);
    double e_max = 0;
    for (int t = 0; t < T; ++t) {
        std::vector<double> s(T, -INFINITY);
        double m = -INFINITY, delta = 0;
        for (int j = 0; j < T; ++j) {
            if (!c.visible(t, j)) continue;
            double dot = 0, abs_dot = 0;
            for (int i = 0; i < hs; ++i) dot += q[t * hs + i] * k[j * hs + i], abs_dot += std::abs(q[t * hs + i] * k[j * hs + i]);
            s[j] = dot / std::sqrt(double(hs));
            m = std::max(m, s[j]);
            delta = std::max(delta, (hs + 2) * kU * abs_dot / std::sqrt(double(hs)));
        }
        if (m == -INFINITY) continue;
        double sum = 0, spread = 0;
        for (int j = 0; j < T; ++j)
            if (s[j] > -INFINITY) sum += std::exp(s[j] - m), spread = std::max(spread, m - s[j]);
        for (int j = 0; j < T; ++j) P[t * T + j] = s[j] > -INFINITY ? std::exp(s[j] - m) / sum : 0.0;
        e_max = std::max(e_max, 2 * delta + (8 + 2 * spread + 2 * T) * kU);
    }
    if (e) *e = e_max;
    return P;
}

// forward_d: out = P V in double, the oracle's forward.
std::vector<double> forward_d(const Case& c, const std::vector<double>& q, const std::vector<double>& k,
                              const std::vector<double>& v) {
    const std::vector<double> P = probabilities_d(c, q, k);
    std::vector<double> out(std::size_t(c.T) * c.hs, 0.0);
    for (int t = 0; t < c.T; ++t)
        for (int j = 0; j < c.T; ++j)
            for (int i = 0; i < c.hs; ++i) out[t * c.hs + i] += P[t * c.T + j] * v[j * c.hs + i];
    return out;
}

// Gradients: dq, dk, dv, each (T, hs).
struct Gradients {
    std::vector<double> dq, dk, dv;
};

// finite_differences: d/dx of L = sum(dout o forward_d) for x = every element of q, k and v.
Gradients finite_differences(const Case& c) {
    std::vector<double> q(c.q.begin(), c.q.end()), k(c.k.begin(), c.k.end()), v(c.v.begin(), c.v.end());
    auto loss = [&] {
        const std::vector<double> out = forward_d(c, q, k, v);
        double L = 0;
        for (std::size_t i = 0; i < out.size(); ++i) L += double(c.dout[i]) * out[i];
        return L;
    };
    auto differentiate = [&](std::vector<double>& x) {
        std::vector<double> g(x.size());
        for (std::size_t i = 0; i < x.size(); ++i) {
            const double keep = x[i], h = std::cbrt(std::numeric_limits<double>::epsilon()) * std::max(1.0, std::abs(keep));
            x[i] = keep + h;
            const double up = loss();
            x[i] = keep - h;
            g[i] = (up - loss()) / (2 * h);
            x[i] = keep;
        }
        return g;
    };
    Gradients g;
    g.dq = differentiate(q);
    g.dk = differentiate(k);
    g.dv = differentiate(v);
    return g;
}

// tolerances: the bounds of the file's comment for each gradient, plus `extra` absolute.
Gradients tolerances(const Case& c, double extra) {
    const int T = c.T, hs = c.hs;
    std::vector<double> q(c.q.begin(), c.q.end()), k(c.k.begin(), c.k.end());
    double e = 0;
    const std::vector<double> P = probabilities_d(c, q, k, &e);
    const double C = 4 * e + (2 * T + 2 * hs + 16) * kU;
    std::vector<double> dp_abs(std::size_t(T) * T, 0.0), ds_abs(std::size_t(T) * T, 0.0);
    for (int t = 0; t < T; ++t) {
        double row = 0;
        for (int j = 0; j < T; ++j) {
            for (int i = 0; i < hs; ++i) dp_abs[t * T + j] += std::abs(double(c.dout[t * hs + i]) * c.v[j * hs + i]);
            row += P[t * T + j] * dp_abs[t * T + j];
        }
        for (int j = 0; j < T; ++j) ds_abs[t * T + j] = P[t * T + j] * (dp_abs[t * T + j] + row);
    }
    Gradients tol{std::vector<double>(std::size_t(T) * hs, 0.0), std::vector<double>(std::size_t(T) * hs, 0.0),
                  std::vector<double>(std::size_t(T) * hs, 0.0)};
    const double r = 1 / std::sqrt(double(hs));
    for (int t = 0; t < T; ++t)
        for (int j = 0; j < T; ++j)
            for (int i = 0; i < hs; ++i) {
                tol.dv[j * hs + i] += P[t * T + j] * std::abs(c.dout[t * hs + i]);
                tol.dq[t * hs + i] += ds_abs[t * T + j] * std::abs(c.k[j * hs + i]) * r;
                tol.dk[j * hs + i] += ds_abs[t * T + j] * std::abs(c.q[t * hs + i]) * r;
            }
    for (auto* g : {&tol.dq, &tol.dk, &tol.dv})
        for (double& x : *g) x = C * x + extra + kMinNormal;
    return tol;
}

// Float: the float gradients attention_backward adds into buffers that start at `init`.
struct Float {
    std::vector<float> dq, dk, dv;
};
Float backward(const Case& c, float init = 0.0f) {
    const std::size_t n = std::size_t(c.T) * c.hs;
    std::vector<float> out(n), att(std::size_t(c.T) * c.T);
    attention_forward(out, att, c.q, c.k, c.v, c.T, c.hs, {c.causal, c.padding});
    Float g{std::vector<float>(n, init), std::vector<float>(n, init), std::vector<float>(n, init)};
    attention_backward(g.dq, g.dk, g.dv, c.dout, c.q, c.k, c.v, att, c.T, c.hs);
    return g;
}

using test_helpers::Within;  // attention_test_helpers.hpp

// check: the three gradients against `want` within `tol`, each named.
::testing::AssertionResult check(const Float& got, const Gradients& want, const Gradients& tol, const Case& c) {
    for (auto [g, w, t, name] : {std::tuple{&got.dq, &want.dq, &tol.dq, "dq"}, {&got.dk, &want.dk, &tol.dk, "dk"},
                                 {&got.dv, &want.dv, &tol.dv, "dv"}}) {
        auto r = Within(*g, *w, *t, c.hs, std::string(name) + ", " + c.name());
        if (!r) return r;
    }
    return ::testing::AssertionSuccess();
}

Case random_case(int T, int hs, bool causal, std::vector<std::uint8_t> padding, std::uint64_t seed) {
    Rng rng(seed);
    auto draw = [&] {
        std::vector<float> x(std::size_t(T) * hs);
        for (float& value : x) value = float(rng.uniform(-1.5, 1.5));
        return x;
    };
    Case c{T, hs, causal, std::move(padding), draw(), draw(), draw(), draw()};
    return c;
}

double max_abs(const Gradients& g) {
    double m = 0;
    for (auto* v : {&g.dq, &g.dk, &g.dv})
        for (double x : *v) m = std::max(m, std::abs(x));
    return m;
}

TEST(AttentionBackward, MatchesFiniteDifferencesOfADoubleForward) {
    // Every mask, T and hs with 1, primes, 64 and 128.
    struct Shape {
        int T, hs;
    };
    for (auto [T, hs] : {Shape{2, 1}, {3, 4}, {7, 5}, {5, 64}, {3, 128}}) {
        std::vector<std::uint8_t> padding(T, 1);
        padding[T / 2] = 0;
        for (int variant = 0; variant < 4; ++variant) {
            const Case c = random_case(T, hs, variant & 1, variant & 2 ? padding : std::vector<std::uint8_t>{},
                                       1000 + 10 * T + hs + variant);
            const Gradients want = finite_differences(c);
            EXPECT_TRUE(check(backward(c), want, tolerances(c, 1e-9 * max_abs(want)), c));
        }
    }
}

TEST(AttentionBackward, MatchesFiniteDifferencesWithAQueryThatSeesNoKey) {
    // Causal with key 0 padding: query 0 sees nothing, its output is 0 whatever q, k, v are: it
    // sends no gradient anywhere, and no NaN.
    const Case c = random_case(5, 3, true, {0, 1, 1, 0, 1}, 77);
    const Gradients want = finite_differences(c);
    const Float got = backward(c);
    EXPECT_TRUE(check(got, want, tolerances(c, 1e-9 * max_abs(want)), c));
    for (int i = 0; i < 3; ++i) EXPECT_EQ(got.dq[i], 0.0f) << "dq[0, " << i << "]: query 0 has no key";
}

TEST(AttentionBackward, OnePositionHasNoScoreGradient) {
    // T = 1: P = [1] whatever the score, so dq = dk = 0 exactly and dv = dout (P^T dO = dO).
    const Case c{1, 3, false, {}, {2.0f, -1.0f, 0.5f}, {1.0f, 3.0f, -2.0f}, {7.0f, 8.0f, 9.0f}, {0.5f, -1.5f, 2.0f}};
    for (bool causal : {false, true}) {
        Case cc = c;
        cc.causal = causal;
        const Float g = backward(cc, 1.0f);
        EXPECT_EQ(g.dq, (std::vector<float>{1, 1, 1})) << "dq: a softmax over one key is constant";
        EXPECT_EQ(g.dk, (std::vector<float>{1, 1, 1})) << "dk: a softmax over one key is constant";
        EXPECT_EQ(g.dv, (std::vector<float>{1.5f, -0.5f, 3.0f})) << "dv += P^T dout = dout";
    }
}

TEST(AttentionBackward, TwoPositionsByHand) {
    // hs = 1 (scale 1), equal scores in each row, so P = 1/2 everywhere; v = (1, 3), dO = (1, 0).
    // dV = P^T dO = (1/2, 1/2). dP row 0 = dO_0 v = (1, 3), row 1 = 0; dS row 0 =
    // 1/2 ((1, 3) - 2) = (-1/2, 1/2), row 1 = 0.
    // Case A: q = (0, 0), k = (1, 2): dQ = dS K = (-1/2 + 1, 0) = (1/2, 0); dK = dS^T Q = 0.
    // Case B: q = (1, 2), k = (1, 1): dQ = (-1/2 + 1/2, 0) = 0; dK = dS^T Q = (-1/2, 1/2).
    // Swapping dQ and dK fails both; dS without its row sum gives dS row 0 = (1/2, 3/2).
    const Case a{2, 1, false, {}, {0, 0}, {1, 2}, {1, 3}, {1, 0}};
    const Float ga = backward(a);
    EXPECT_EQ(ga.dv, (std::vector<float>{0.5f, 0.5f})) << "A: dV = P^T dO";
    EXPECT_EQ(ga.dq, (std::vector<float>{0.5f, 0.0f})) << "A: dQ = dS K / sqrt(hs)";
    EXPECT_EQ(ga.dk, (std::vector<float>{0.0f, 0.0f})) << "A: dK = dS^T Q / sqrt(hs), Q = 0";
    const Case b{2, 1, false, {}, {1, 2}, {1, 1}, {1, 3}, {1, 0}};
    const Float gb = backward(b);
    EXPECT_EQ(gb.dq, (std::vector<float>{0.0f, 0.0f})) << "B: dQ = dS K / sqrt(hs)";
    EXPECT_EQ(gb.dk, (std::vector<float>{-0.5f, 0.5f})) << "B: dK = dS^T Q / sqrt(hs)";
}

TEST(AttentionBackward, AddsIntoTheGradients) {
    // Two calls into buffers that start at 0.75: 0.75 + 2 g, within twice the tolerance.
    const Case c = random_case(6, 4, true, {}, 88);
    const Float once = backward(c), start = backward(c, 0.75f);
    std::vector<float> out(24), att(36);
    attention_forward(out, att, c.q, c.k, c.v, c.T, c.hs, {true, {}});
    Float twice = start;
    attention_backward(twice.dq, twice.dk, twice.dv, c.dout, c.q, c.k, c.v, att, c.T, c.hs);
    Gradients want, tol = tolerances(c, 4 * kU);
    for (auto [w, g, t] : {std::tuple{&want.dq, &once.dq, &tol.dq}, {&want.dk, &once.dk, &tol.dk},
                           {&want.dv, &once.dv, &tol.dv}}) {
        for (std::size_t i = 0; i < g->size(); ++i) w->push_back(0.75 + 2.0 * (*g)[i]);
        for (double& x : *t) x *= 2;
    }
    EXPECT_TRUE(check(twice, want, tol, c)) << "every backward ADDS (+=) into dq, dk and dv";
}

TEST(Golden, MatchesPyTorchAutograd) {
    // The fixture's 9 digits add 5e-10 relative, inside the tolerances.
    for (const auto& g : golden::kAttentionBackward) {
        const std::size_t n = std::size_t(g.T) * g.hs;
        Case c{g.T, g.hs, g.causal, {}, {g.q, g.q + n}, {g.k, g.k + n}, {g.v, g.v + n}, {g.dout, g.dout + n}};
        if (g.has_padding) c.padding.assign(g.padding, g.padding + g.T);
        const Gradients want{{g.dq, g.dq + n}, {g.dk, g.dk + n}, {g.dv, g.dv + n}};
        EXPECT_TRUE(check(backward(c), want, tolerances(c, 1e-9 * max_abs(want)), c))
            << g.name << ": PyTorch's autograd of softmax(q k^T / sqrt(hs) + mask) v";
    }
}

TEST(BadInput, RefusesBadSizes) {
    const int T = 3, hs = 2;
    std::vector<float> dq(6), dk(6), dv(6), dout(6, 1.0f), q(6, 1.0f), k(6, 1.0f), v(6, 1.0f), att(9, 1.0f / 3);
    attention_backward(dq, dk, dv, dout, q, k, v, att, T, hs);
    SUCCEED() << kValidCallFirst;
    EXPECT_TRUE(ThrowsInvalidArgument([&] { attention_backward(dq, dk, dv, dout, q, k, v, att, 0, hs); }, {"T", "0"}));
    EXPECT_TRUE(ThrowsInvalidArgument([&] { attention_backward(dq, dk, dv, dout, q, k, v, att, T, -1); }, {"hs", "-1"}));
    EXPECT_TRUE(ThrowsInvalidArgument([&] { attention_backward(dq, dk, dv, dout, q, k, v, att, 2, 3); }, {"att", "9", "4"}));
    auto five = [](std::vector<float>& x) { return std::span(x).first(5); };
    EXPECT_TRUE(ThrowsInvalidArgument([&] { attention_backward(five(dq), dk, dv, dout, q, k, v, att, T, hs); }, {"dq", "5", "6"}));
    EXPECT_TRUE(ThrowsInvalidArgument([&] { attention_backward(dq, five(dk), dv, dout, q, k, v, att, T, hs); }, {"dk"}));
    EXPECT_TRUE(ThrowsInvalidArgument([&] { attention_backward(dq, dk, five(dv), dout, q, k, v, att, T, hs); }, {"dv"}));
    EXPECT_TRUE(ThrowsInvalidArgument([&] { attention_backward(dq, dk, dv, five(dout), q, k, v, att, T, hs); }, {"dout"}));
    EXPECT_TRUE(ThrowsInvalidArgument([&] { attention_backward(dq, dk, dv, dout, five(q), k, v, att, T, hs); }, {"q"}));
    EXPECT_TRUE(ThrowsInvalidArgument([&] { attention_backward(dq, dk, dv, dout, q, five(k), v, att, T, hs); }, {"k"}));
    EXPECT_TRUE(ThrowsInvalidArgument([&] { attention_backward(dq, dk, dv, dout, q, k, five(v), att, T, hs); }, {"v"}));
    EXPECT_TRUE(ThrowsInvalidArgument([&] { attention_backward(dq, dk, dv, dout, q, k, v, five(att), T, hs); }, {"att"}));
}

TEST(Buffers, ReadsAndWritesOnlyItsOwnBuffers) {
    // dq, dk, dv between sentinel margins (a write past either end shows), dout, q, k, v and att
    // between NaN margins (a read past the end reaches a gradient as NaN). T = 7, hs = 5: no
    // multiple of a vector width; causal and padding, so that some P are 0.
    using course::testing::GuardedBuffer;
    using course::testing::kSentinel;
    const std::size_t margin = 64;
    const Case c = random_case(7, 5, true, {1, 1, 0, 1, 1, 1, 0}, 99);
    const std::size_t n = std::size_t(c.T) * c.hs;
    std::vector<float> out(n), att(std::size_t(c.T) * c.T);
    attention_forward(out, att, c.q, c.k, c.v, c.T, c.hs, {c.causal, c.padding});
    const GuardedBuffer gdout(c.dout, margin, kNaN), gq(c.q, margin, kNaN), gk(c.k, margin, kNaN),
        gv(c.v, margin, kNaN), gatt(att, margin, kNaN);
    GuardedBuffer dq(std::vector<float>(n, 0.0f), margin, kSentinel), dk(std::vector<float>(n, 0.0f), margin, kSentinel),
        dv(std::vector<float>(n, 0.0f), margin, kSentinel);
    attention_backward(dq.span(), dk.span(), dv.span(), gdout.cspan(), gq.cspan(), gk.cspan(), gv.cspan(), gatt.cspan(),
                       c.T, c.hs);
    const Gradients want = finite_differences(c);
    const Float got{{dq.cspan().begin(), dq.cspan().end()}, {dk.cspan().begin(), dk.cspan().end()},
                    {dv.cspan().begin(), dv.cspan().end()}};
    EXPECT_TRUE(check(got, want, tolerances(c, 1e-9 * max_abs(want)), c));
    EXPECT_TRUE(dq.margins_hold(kSentinel)) << "attention_backward wrote outside dq";
    EXPECT_TRUE(dk.margins_hold(kSentinel)) << "attention_backward wrote outside dk";
    EXPECT_TRUE(dv.margins_hold(kSentinel)) << "attention_backward wrote outside dv";
}

}  // namespace
}  // namespace course::attention
