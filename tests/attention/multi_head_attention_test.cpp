// Tests for exercise 4, multi_head_attention (modules/attention/learner/multi_head_attention.cpp).
//
// Oracles: a plain double multi-head attention written below (mha_d: the linear layers, the head
// split of llm.c's layout, the softmax and the projection in nested loops; never the code under
// test), and for NH = 1 a second one that knows nothing of heads (one_head_d: q, k, v as three
// separate linear layers); central differences IN DOUBLE of mha_d for every input and parameter
// (B = 2, T = 3, C = 4, NH = 2, causal and not); PyTorch's autograd of the explicit layer in
// float64, frozen in fixtures/multi_head_attention_golden.hpp with the script that made it;
// properties: causality across the whole layer, permutation equivariance without the mask.
// Every test calls the function under test first, so a stub shows "not started".
//
// Tolerances (u = 2^-24). Forward: qkv is a float linear layer, each element within
// gamma_{C+1} of Mqkv = |b| + sum_c |x_c w_c| (Higham 3.1). A score is a dot product of hs such
// elements over sqrt(hs): its error is at most d = (2 (C + 1) + hs + 2) u S, S = sum_i |q_i k_i|
// / sqrt(hs) with q, k at their magnitudes. The softmax turns an error d in the scores into
// 2 d relative in P, plus (8 + 2 T) u of its own (attention_forward_test.cpp), so a head's output
// is within (2 d + (8 + 2 T + C + 1) u) Vabs, Vabs = max_j Mv_j (P sums to one). The projection
// adds gamma_{C+1} of its magnitude and carries the heads' errors through |W_proj|: per output
// element, tol = (C + 2) u Mout + sum_c |W_proj[o, c]| Eh, Mout = |b| + sum_c |W[o, c]| Vabs. The
// oracle computes S, Vabs and Mout for the case at hand.
// Backward: each gradient is a chain of at most four such reductions (C, T, hs, C terms) through
// P; with the inputs below (entries below 1, weights below 0.6) every term is O(1) and the sums
// of magnitudes are at most 8 C T times the largest gradient of the tensor, so 64 (2 C + 2 T +
// hs + 16) u times (1 + the largest |gradient|) bounds the float error (1.2e-4 at C = 4, T = 3), far
// below the mistakes' errors (O(1) of the gradient). Central differences of the double oracle
// are within eps^(2/3) = 4e-11 relative.
#include "attention/multi_head_attention.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <limits>
#include <string>
#include <vector>

#include "course/random.hpp"
#include "course/testing.hpp"
#include "fixtures/multi_head_attention_golden.hpp"

namespace course::attention {
namespace {

using course::testing::AllClose;
using course::testing::kValidCallFirst;
using course::testing::ThrowsInvalidArgument;

constexpr double kU = 0x1p-24;

using Vec = std::vector<double>;

// Layer: a case's inputs in double (float values) and the shape.
struct Layer {
    MhaShape s;
    bool causal = false;
    Vec inp, wqkv, bqkv, wproj, bproj;
};

std::vector<float> to_float(const Vec& v) { return std::vector<float>(v.begin(), v.end()); }

Vec uniform(std::size_t n, double scale, std::uint64_t seed) {
    const std::vector<float> r = random_floats(n, seed);  // in [-1, 1)
    Vec out(n);
    for (std::size_t i = 0; i < n; ++i) out[i] = double(float(scale * r[i]));
    return out;
}

Layer make_layer(MhaShape s, bool causal, std::uint64_t seed) {
    const std::size_t C = std::size_t(s.C);
    Layer L{s, causal, uniform(s.tokens() * C, 1.0, seed), uniform(3 * C * C, 0.6, seed + 1),
            uniform(3 * C, 0.3, seed + 2), uniform(C * C, 0.6, seed + 3), uniform(C, 0.3, seed + 4)};
    return L;
}

// Magnitudes: the quantities of the forward's tolerance (file comment).
struct Magnitudes {
    double S = 0, Vabs = 0;
    Vec Mout;
};

// mha_d: the double oracle. qkv (B, T, 3C), then per (b, h) the columns h hs .. of each third.
Vec mha_d(const Layer& L, Magnitudes* mag = nullptr) {
    const int B = L.s.B, T = L.s.T, C = L.s.C, NH = L.s.NH, hs = C / NH;
    Vec qkv(std::size_t(B) * T * 3 * C), absqkv(qkv.size());
    for (int n = 0; n < B * T; ++n)
        for (int o = 0; o < 3 * C; ++o) {
            double acc = L.bqkv[o], a = std::abs(L.bqkv[o]);
            for (int c = 0; c < C; ++c)
                acc += L.inp[n * C + c] * L.wqkv[o * C + c], a += std::abs(L.inp[n * C + c] * L.wqkv[o * C + c]);
            qkv[std::size_t(n) * 3 * C + o] = acc;
            absqkv[std::size_t(n) * 3 * C + o] = a;
        }
    Vec heads(std::size_t(B) * T * C, 0.0);
    double S = 0, Vabs = 0;
    for (int b = 0; b < B; ++b)
        for (int h = 0; h < NH; ++h)
            for (int t = 0; t < T; ++t) {
                auto at = [&](int tok, int third, int i) { return (std::size_t(b) * T + tok) * 3 * C + third * C + h * hs + i; };
                Vec s(T, -INFINITY);
                double m = -INFINITY;
                for (int j = 0; j < T; ++j) {
                    if (L.causal && j > t) continue;
                    double dot = 0, a = 0;
                    for (int i = 0; i < hs; ++i)
                        dot += qkv[at(t, 0, i)] * qkv[at(j, 1, i)], a += absqkv[at(t, 0, i)] * absqkv[at(j, 1, i)];
                    s[j] = dot / std::sqrt(double(hs));
                    S = std::max(S, a / std::sqrt(double(hs)));
                    m = std::max(m, s[j]);
                }
                double sum = 0;
                for (int j = 0; j < T; ++j) sum += s[j] > -INFINITY ? std::exp(s[j] - m) : 0.0;
                for (int j = 0; j < T; ++j) {
                    if (!(s[j] > -INFINITY)) continue;
                    const double p = std::exp(s[j] - m) / sum;
                    for (int i = 0; i < hs; ++i) {
                        heads[(std::size_t(b) * T + t) * C + h * hs + i] += p * qkv[at(j, 2, i)];
                        Vabs = std::max(Vabs, absqkv[at(j, 2, i)]);
                    }
                }
            }
    Vec out(std::size_t(B) * T * C);
    if (mag) mag->Mout.assign(out.size(), 0.0);
    for (int n = 0; n < B * T; ++n)
        for (int o = 0; o < C; ++o) {
            double acc = L.bproj[o], a = std::abs(L.bproj[o]);
            for (int c = 0; c < C; ++c) acc += heads[n * C + c] * L.wproj[o * C + c], a += std::abs(L.wproj[o * C + c]) * Vabs;
            out[n * C + o] = acc;
            if (mag) mag->Mout[n * C + o] = a;
        }
    if (mag) mag->S = S, mag->Vabs = Vabs;
    return out;
}

// forward_tolerance: the file comment's bound for element [n, o], as one absolute tolerance
// (the largest over the elements).
double forward_tolerance(const Layer& L, const Magnitudes& m) {
    const int C = L.s.C, T = L.s.T, hs = L.s.hs();
    const double d = (2.0 * (C + 1) + hs + 2) * kU * m.S;
    const double Eh = (2 * d + (8.0 + 2 * T + C + 1) * kU) * m.Vabs;
    double tol = 0;
    for (int n = 0; n < L.s.B * T; ++n)
        for (int o = 0; o < C; ++o) {
            double w = 0;
            for (int c = 0; c < C; ++c) w += std::abs(L.wproj[o * C + c]);
            tol = std::max(tol, (C + 2) * kU * m.Mout[n * C + o] + w * Eh);
        }
    return tol;
}

// LayerRun: the float layer's buffers and a forward (and backward) of the function under test.
struct LayerRun {
    MhaShape s;
    std::vector<float> inp, params, acts, out;
    explicit LayerRun(const Layer& L)
        : s(L.s), inp(to_float(L.inp)), params(mha_param_floats(L.s.C)), acts(mha_activation_floats(L.s), NAN),
          out(L.s.tokens() * std::size_t(L.s.C), NAN) {
        std::size_t at = 0;
        for (const Vec* p : {&L.wqkv, &L.bqkv, &L.wproj, &L.bproj})
            for (double x : *p) params[at++] = float(x);
    }
    MhaParams p() const { return mha_params(params, s.C); }
    MhaActivations a() { return mha_activations(acts, s); }
    void forward(bool causal, int threads = 1) { multi_head_attention_forward(out, a(), inp, p(), s, {causal, threads}); }
};

TEST(MultiHeadAttention, OneHeadIsAttentionBetweenProjections) {
    // NH = 1: q = x Wq^T + bq, k, v likewise with the three (C, C) blocks of W_qkv taken as three
    // separate layers, softmax(q k^T / sqrt(C)) v, then the projection: nothing of heads.
    for (bool causal : {false, true}) {
        SCOPED_TRACE(causal ? "causal" : "not causal");
        const Layer L = make_layer({2, 4, 5, 1}, causal, 100);
        LayerRun r(L);
        r.forward(causal);
        const int B = 2, T = 4, C = 5;
        std::vector<double> want(std::size_t(B) * T * C);
        for (int b = 0; b < B; ++b) {
            auto lin = [&](int part, int t, int o) {
                double acc = L.bqkv[part * C + o];
                for (int c = 0; c < C; ++c) acc += L.inp[(b * T + t) * C + c] * L.wqkv[(part * C + o) * C + c];
                return acc;
            };
            for (int t = 0; t < T; ++t) {
                std::vector<double> p(T, 0.0), y(C, 0.0);
                double sum = 0;
                for (int j = 0; j <= (causal ? t : T - 1); ++j) {
                    double dot = 0;
                    for (int i = 0; i < C; ++i) dot += lin(0, t, i) * lin(1, j, i);
                    p[j] = std::exp(dot / std::sqrt(double(C)));  // scores below 10 here: no overflow
                    sum += p[j];
                }
                for (int j = 0; j < T; ++j)
                    for (int i = 0; i < C; ++i) y[i] += p[j] / sum * lin(2, j, i);
                for (int o = 0; o < C; ++o) {
                    double acc = L.bproj[o];
                    for (int c = 0; c < C; ++c) acc += y[c] * L.wproj[o * C + c];
                    want[(b * T + t) * C + o] = acc;
                }
            }
        }
        Magnitudes m;
        mha_d(L, &m);
        const std::vector<double> got(r.out.begin(), r.out.end());
        EXPECT_TRUE(AllClose(got, want, {forward_tolerance(L, m), 0.0}, {B * T, C}));
    }
}

TEST(MultiHeadAttention, ForwardMatchesADoubleOracle) {
    // Several heads (the split along the columns of each third), causal and not, B > 1, and the
    // activations: qkv, att rows summing to one (zeros above the diagonal when causal), heads.
    struct Shape { MhaShape s; bool causal; };
    for (const Shape& c : {Shape{{2, 5, 6, 3}, false}, Shape{{2, 5, 6, 3}, true}, Shape{{1, 3, 8, 4}, true},
                           Shape{{3, 2, 4, 2}, false}}) {
        SCOPED_TRACE("B = " + std::to_string(c.s.B) + ", T = " + std::to_string(c.s.T) + ", C = " +
                     std::to_string(c.s.C) + ", NH = " + std::to_string(c.s.NH) + (c.causal ? ", causal" : ""));
        const Layer L = make_layer(c.s, c.causal, 200 + std::uint64_t(c.s.C));
        LayerRun r(L);
        r.forward(c.causal);
        Magnitudes m;
        const Vec want = mha_d(L, &m);
        const std::vector<double> got(r.out.begin(), r.out.end());
        EXPECT_TRUE(AllClose(got, want, {forward_tolerance(L, m), 0.0}, {c.s.B * c.s.T, c.s.C}));
        const MhaActivations a = r.a();
        const int T = c.s.T;
        for (int bh = 0; bh < c.s.B * c.s.NH; ++bh)
            for (int t = 0; t < T; ++t) {
                double sum = 0;
                for (int j = 0; j < T; ++j) {
                    const float p = a.att[(std::size_t(bh) * T + t) * T + j];
                    sum += p;
                    if (c.causal && j > t) {
                        EXPECT_EQ(p, 0.0f) << "att[" << bh << ", " << t << ", " << j << "]";
                    }
                }
                EXPECT_NEAR(sum, 1.0, 4 * T * kU) << "row " << t << " of att[" << bh << "]";
            }
        for (float x : a.qkv) ASSERT_TRUE(std::isfinite(x));
        for (float x : a.heads) ASSERT_TRUE(std::isfinite(x));
    }
}

// Grads: every gradient of the layer, in double.
struct Grads {
    Vec dinp, dwqkv, dbqkv, dwproj, dbproj;
};

Grads finite_differences(Layer L, const Vec& dout) {
    auto loss = [&] {
        const Vec out = mha_d(L);
        double s = 0;
        for (std::size_t i = 0; i < out.size(); ++i) s += dout[i] * out[i];
        return s;
    };
    auto diff = [&](Vec& x) {
        Vec g(x.size());
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
    Grads g;
    g.dinp = diff(L.inp);
    g.dwqkv = diff(L.wqkv);
    g.dbqkv = diff(L.bqkv);
    g.dwproj = diff(L.wproj);
    g.dbproj = diff(L.bproj);
    return g;
}

// expect_gradient: got - initial against want, with the file comment's backward tolerance.
void expect_gradient(const char* name, std::span<const float> got, std::span<const float> initial, const Vec& want,
                     const MhaShape& s) {
    SCOPED_TRACE(name);
    Vec d(got.size());
    double big = 0;
    for (std::size_t i = 0; i < got.size(); ++i) d[i] = double(got[i]) - double(initial[i]), big = std::max(big, std::abs(want[i]));
    const double tol = 64 * (2.0 * s.C + 2 * s.T + s.hs() + 16) * kU * (1 + big) + 2 * kU * 4;  // + initial's rounding
    EXPECT_TRUE(AllClose(d, want, {tol, 0.0}));
}

TEST(MultiHeadAttention, BackwardMatchesFiniteDifferencesAndAdds) {
    // B = 2, T = 3, C = 4, NH = 2: every element of inp and of the four parameters. The gradient
    // buffers start at non-zero values (uniform in [-4, 4)): the backward must ADD.
    for (bool causal : {false, true}) {
        SCOPED_TRACE(causal ? "causal" : "not causal");
        const MhaShape s{2, 3, 4, 2};
        const Layer L = make_layer(s, causal, 300);
        const Vec dout = uniform(s.tokens() * 4, 1.0, 310);
        const std::vector<float> doutf = to_float(dout);
        LayerRun r(L);
        r.forward(causal);
        const std::vector<float> dinp0 = random_floats(s.tokens() * 4, 320), dpar0 = random_floats(mha_param_floats(4), 321);
        std::vector<float> dinp = dinp0, dpar = dpar0;
        for (float& x : dinp) x *= 4;
        for (float& x : dpar) x *= 4;
        const std::vector<float> dinp_init = dinp, dpar_init = dpar;
        multi_head_attention_backward(dinp, mha_grads(dpar, 4), doutf, r.inp, r.p(), r.a(), s, {causal, 1});
        const Grads g = finite_differences(L, dout);
        expect_gradient("dinp", dinp, dinp_init, g.dinp, s);
        const MhaGrads got = mha_grads(dpar, 4);
        const MhaGrads init = mha_grads(std::span<float>(const_cast<float*>(dpar_init.data()), dpar_init.size()), 4);
        expect_gradient("dqkv_weight", got.qkv_weight, init.qkv_weight, g.dwqkv, s);
        expect_gradient("dqkv_bias", got.qkv_bias, init.qkv_bias, g.dbqkv, s);
        expect_gradient("dproj_weight", got.proj_weight, init.proj_weight, g.dwproj, s);
        expect_gradient("dproj_bias", got.proj_bias, init.proj_bias, g.dbproj, s);
    }
}

// golden_case: runs one fixture case forward and backward and compares.
#define COURSE_MHA_GOLDEN(NS)                                                                                    \
    do {                                                                                                         \
        namespace G = golden::mha::NS;                                                                           \
        SCOPED_TRACE(#NS);                                                                                       \
        const MhaShape s{G::B, G::T, G::C, G::NH};                                                               \
        Layer L{s, G::causal, Vec(std::begin(G::inp), std::end(G::inp)),                                         \
                Vec(std::begin(G::qkv_weight), std::end(G::qkv_weight)),                                         \
                Vec(std::begin(G::qkv_bias), std::end(G::qkv_bias)),                                             \
                Vec(std::begin(G::proj_weight), std::end(G::proj_weight)),                                       \
                Vec(std::begin(G::proj_bias), std::end(G::proj_bias))};                                          \
        LayerRun r(L);                                                                                                \
        r.forward(G::causal);                                                                                    \
        Magnitudes m;                                                                                            \
        mha_d(L, &m);                                                                                            \
        const std::vector<double> out(r.out.begin(), r.out.end());                                               \
        EXPECT_TRUE(AllClose(out, std::vector<double>(std::begin(G::out), std::end(G::out)),                     \
                             {forward_tolerance(L, m), 0.0}, {s.B * s.T, s.C}));                                 \
        std::vector<float> dinp(s.tokens() * s.C, 0.0f), dpar(mha_param_floats(s.C), 0.0f), zeros = dpar;        \
        const std::vector<float> dinp0 = dinp;                                                                   \
        multi_head_attention_backward(dinp, mha_grads(dpar, s.C), G::dout, r.inp, r.p(), r.a(), s, {G::causal, 1}); \
        const MhaGrads got = mha_grads(dpar, s.C), z = mha_grads(zeros, s.C);                                    \
        expect_gradient("dinp", dinp, dinp0, Vec(std::begin(G::dinp), std::end(G::dinp)), s);                    \
        expect_gradient("dqkv_weight", got.qkv_weight, z.qkv_weight,                                             \
                        Vec(std::begin(G::dqkv_weight), std::end(G::dqkv_weight)), s);                           \
        expect_gradient("dqkv_bias", got.qkv_bias, z.qkv_bias, Vec(std::begin(G::dqkv_bias), std::end(G::dqkv_bias)), s); \
        expect_gradient("dproj_weight", got.proj_weight, z.proj_weight,                                          \
                        Vec(std::begin(G::dproj_weight), std::end(G::dproj_weight)), s);                         \
        expect_gradient("dproj_bias", got.proj_bias, z.proj_bias,                                                \
                        Vec(std::begin(G::dproj_bias), std::end(G::dproj_bias)), s);                             \
    } while (false)

TEST(MultiHeadAttention, MatchesPyTorchGoldenValues) {
    // fixtures/multi_head_attention_golden.py: the layer written out in torch (float64) in llm.c's
    // layout (nn.MultiheadAttention packs its projection differently), out and every gradient.
    COURSE_MHA_GOLDEN(CausalTwoHeads);
    COURSE_MHA_GOLDEN(ThreeHeads);
}

TEST(MultiHeadAttention, IsCausalAcrossTheLayer) {
    // Changing token t + 1 (and every later one) of sequence 0 changes no output at positions
    // <= t, bit for bit (the same float operations on the same values), in every head; with the
    // mask off, it does change them.
    const MhaShape s{2, 6, 8, 2};
    const Layer L = make_layer(s, true, 400);
    for (int t = 0; t + 1 < s.T; ++t) {
        LayerRun a(L), b(L);
        a.forward(true);
        for (int tt = t + 1; tt < s.T; ++tt)
            for (int c = 0; c < s.C; ++c) b.inp[std::size_t(tt) * s.C + c] += 0.5f;
        b.forward(true);
        for (std::size_t i = 0; i < std::size_t(t + 1) * s.C; ++i)
            ASSERT_EQ(a.out[i], b.out[i]) << "token " << t + 1 << " changed, output " << i / s.C << " moved";
        for (std::size_t i = std::size_t(s.T) * s.C; i < a.out.size(); ++i) ASSERT_EQ(a.out[i], b.out[i]) << "sequence 1 moved";
        if (t == 0) {
            b.forward(false);
            a.forward(false);
            bool moved = false;
            for (int c = 0; c < s.C; ++c) moved |= a.out[c] != b.out[c];
            EXPECT_TRUE(moved) << "without the mask, token 0 must see the later ones";
        }
    }
}

TEST(MultiHeadAttention, IsPermutationEquivariantWithoutTheMask) {
    // No positions: permuting the tokens of a sequence permutes the outputs (up to the float
    // error of the sums taken in another order: twice the forward's tolerance).
    const MhaShape s{1, 5, 6, 2};
    const Layer L = make_layer(s, false, 500);
    const int perm[5] = {3, 0, 4, 1, 2};
    Layer P = L;
    for (int t = 0; t < 5; ++t)
        for (int c = 0; c < 6; ++c) P.inp[std::size_t(t) * 6 + c] = L.inp[std::size_t(perm[t]) * 6 + c];
    LayerRun a(L), b(P);
    a.forward(false);
    b.forward(false);
    std::vector<float> want(a.out.size());
    for (int t = 0; t < 5; ++t)
        for (int c = 0; c < 6; ++c) want[std::size_t(t) * 6 + c] = a.out[std::size_t(perm[t]) * 6 + c];
    Magnitudes m;
    mha_d(L, &m);
    EXPECT_TRUE(AllClose(std::span<const float>(b.out), std::span<const float>(want), {2 * forward_tolerance(L, m), 0.0}, {5, 6}));
}

TEST(MultiHeadAttention, ForwardOverwritesAndThreadsAgree) {
    // out and the activations start as NaN (LayerRun) and as other values: the forward overwrites. Two
    // threads give the same floats as one (the heads are independent; linear_forward is exact
    // across thread counts).
    const MhaShape s{2, 4, 8, 4};
    const Layer L = make_layer(s, true, 600);
    LayerRun a(L), b(L);
    a.forward(true, 1);
    std::fill(b.out.begin(), b.out.end(), 7.0f);
    std::fill(b.acts.begin(), b.acts.end(), -3.0f);
    b.forward(true, 2);
    EXPECT_EQ(a.out, b.out);
    EXPECT_EQ(a.acts, b.acts);
}

TEST(MultiHeadAttention, RefusesBadShapesAndSizes) {
    const MhaShape s{1, 2, 4, 2};
    const Layer L = make_layer(s, false, 700);
    LayerRun r(L);
    r.forward(false);
    SCOPED_TRACE(kValidCallFirst);
    auto fwd = [&](MhaShape bad) {
        return [&r, bad] { multi_head_attention_forward(r.out, r.a(), r.inp, r.p(), bad, {}); };
    };
    EXPECT_TRUE(ThrowsInvalidArgument(fwd({1, 2, 4, 3}), {"C = 4", "NH = 3", "divisible"}));
    EXPECT_TRUE(ThrowsInvalidArgument(fwd({1, 2, 4, 0}), {"NH = 0"}));
    EXPECT_TRUE(ThrowsInvalidArgument(fwd({0, 2, 4, 2}), {"B = 0"}));
    EXPECT_TRUE(ThrowsInvalidArgument([&] { multi_head_attention_forward(r.out, r.a(), r.inp, r.p(), s, {false, 0}); },
                                      {"threads = 0"}));
    std::vector<float> shorter(r.out.size() - 1);
    EXPECT_TRUE(ThrowsInvalidArgument([&] { multi_head_attention_forward(shorter, r.a(), r.inp, r.p(), s); },
                                      {"out", "7", "8"}));
    MhaActivations a = r.a();
    a.att = a.att.subspan(1);
    EXPECT_TRUE(ThrowsInvalidArgument([&] { multi_head_attention_forward(r.out, a, r.inp, r.p(), s); }, {"att"}));
    MhaParams p = r.p();
    p.proj_bias = {};
    EXPECT_TRUE(ThrowsInvalidArgument([&] { multi_head_attention_forward(r.out, r.a(), r.inp, p, s); }, {"proj_bias"}));
    std::vector<float> dinp(8, 0.0f), dpar(mha_param_floats(4), 0.0f), dout(8, 1.0f);
    EXPECT_TRUE(ThrowsInvalidArgument(
        [&] { multi_head_attention_backward(dinp, mha_grads(dpar, 4), dout, r.inp, r.p(), r.a(), {1, 2, 4, 3}); },
        {"C = 4", "NH = 3"}));
    MhaGrads g = mha_grads(dpar, 4);
    g.qkv_bias = g.qkv_bias.subspan(1);
    EXPECT_TRUE(ThrowsInvalidArgument([&] { multi_head_attention_backward(dinp, g, dout, r.inp, r.p(), r.a(), s); },
                                      {"qkv_bias"}));
}

}  // namespace
}  // namespace course::attention
