// Tests for exercise 7, transformer_block (modules/attention/learner/transformer_block.cpp).
//
// Oracles: a plain double GPT-2 block written below (block_d: LayerNorm with the biased variance
// and eps 1e-5, llm.c's multi-head attention, GELU in its tanh form, nested loops; never the code
// under test); central differences IN DOUBLE of block_d for the input and all twelve parameters
// (B = 2, T = 3, C = 4, NH = 2); PyTorch's autograd of the same block in float64, frozen in
// fixtures/transformer_block_golden.hpp with its script; hand-made blocks: zero output
// projections give y = x (the residual), an MLP branch reduced to GELU of fcb; causality; the
// parameter layout against llm.c's numbers. Every test calls the function under test first, so
// a stub shows "not started".
//
// Tolerances (u = 2^-24). The block is a chain of float reductions: LayerNorm (C terms, in
// double inside), qkv (C), scores (hs), the softmax and P V (T), the projections (C and 4C) and
// GELU (a few roundings). Each adds at most gamma_n of the magnitude of its terms (Higham 3.1),
// and LayerNorm multiplies the errors of its input by rstd |w| (below 4 with these inputs: rows of
// standard deviation above 0.3, weights within [0.5, 1.5]). With inputs below 1 and weights below
// 0.6 every intermediate is O(1) and every sum of magnitudes is below 4C times the largest
// element of the result, so |error| <= 4 (4 C) (8 C + 2 T + hs + 32) u (1 + max |want|), written
// tol(C, T, hs) below: 8e-4 at C = 8, T = 4. That is loose against a rounding, and tight against the
// known mistakes, which move the results by O(1) of them; the GELU form (erf instead of tanh moves
// a GELU by at most 4.7e-4) has its own test with exact inputs and a bound of a few u.
// Gradients: the same bound with the 4C factor doubled (the backward goes through each layer
// twice: its input's gradient and its weight's). Central differences of block_d are within
// eps^(2/3) = 4e-11 relative.
#include "attention/transformer_block.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <limits>
#include <string>
#include <vector>

#include "course/random.hpp"
#include "course/testing.hpp"
#include "fixtures/transformer_block_golden.hpp"

namespace course::attention {
namespace {

using course::testing::AllClose;
using course::testing::kValidCallFirst;
using course::testing::ThrowsInvalidArgument;

constexpr double kU = 0x1p-24;
using Vec = std::vector<double>;

const char* const kNames[kBlockParams] = {"ln1w", "ln1b", "qkvw", "qkvb", "attprojw", "attprojb",
                                          "ln2w", "ln2b", "fcw",  "fcb",  "fcprojw",  "fcprojb"};

// Block: a case in double (float values): input and the twelve parameters in llm.c's order.
struct Block {
    MhaShape s;
    bool causal = true;
    Vec inp;
    std::vector<Vec> p;  // kBlockParams tensors
};

Vec uniform(std::size_t n, double lo, double hi, std::uint64_t seed) {
    const std::vector<float> r = random_floats(n, seed);  // in [-1, 1)
    Vec out(n);
    for (std::size_t i = 0; i < n; ++i) out[i] = double(float(lo + (hi - lo) * (double(r[i]) + 1) / 2));
    return out;
}

Block make_block(MhaShape s, bool causal, std::uint64_t seed) {
    Block b{s, causal, uniform(s.tokens() * std::size_t(s.C), -1, 1, seed), {}};
    const auto sizes = block_param_sizes(s.C);
    for (int i = 0; i < kBlockParams; ++i) {
        const bool lnw = i == 0 || i == 6, bias = i % 2 == 1 && i != 2 && i != 4;
        const double lo = lnw ? 0.5 : (bias ? -0.3 : -0.6), hi = lnw ? 1.5 : (bias ? 0.3 : 0.6);
        b.p.push_back(uniform(sizes[std::size_t(i)], lo, hi, seed + 1 + std::uint64_t(i)));
    }
    return b;
}

// The double oracle's pieces.
Vec layernorm_d(const Vec& x, const Vec& w, const Vec& b, int N, int C) {
    Vec out(x.size());
    for (int n = 0; n < N; ++n) {
        double m = 0, v = 0;
        for (int c = 0; c < C; ++c) m += x[n * C + c];
        m /= C;
        for (int c = 0; c < C; ++c) v += (x[n * C + c] - m) * (x[n * C + c] - m);
        const double r = 1 / std::sqrt(v / C + 1e-5);
        for (int c = 0; c < C; ++c) out[n * C + c] = (x[n * C + c] - m) * r * w[c] + b[c];
    }
    return out;
}

Vec linear_d(const Vec& x, const Vec& w, const Vec& b, int N, int C, int OC) {
    Vec out(std::size_t(N) * OC);
    for (int n = 0; n < N; ++n)
        for (int o = 0; o < OC; ++o) {
            double acc = b[o];
            for (int c = 0; c < C; ++c) acc += x[std::size_t(n) * C + c] * w[std::size_t(o) * C + c];
            out[std::size_t(n) * OC + o] = acc;
        }
    return out;
}

double gelu_tanh_d(double x) { return 0.5 * x * (1 + std::tanh(std::sqrt(2 / M_PI) * (x + 0.044715 * x * x * x))); }

Vec attention_d(const Vec& x, const Block& k) {
    const int B = k.s.B, T = k.s.T, C = k.s.C, NH = k.s.NH, hs = C / NH;
    const Vec qkv = linear_d(x, k.p[2], k.p[3], B * T, C, 3 * C);
    Vec heads(std::size_t(B) * T * C, 0.0);
    for (int b = 0; b < B; ++b)
        for (int h = 0; h < NH; ++h)
            for (int t = 0; t < T; ++t) {
                auto at = [&](int tok, int third, int i) { return (std::size_t(b) * T + tok) * 3 * C + third * C + h * hs + i; };
                Vec s(T, 0.0);
                double m = -INFINITY, sum = 0;
                const int last = k.causal ? t : T - 1;
                for (int j = 0; j <= last; ++j) {
                    for (int i = 0; i < hs; ++i) s[j] += qkv[at(t, 0, i)] * qkv[at(j, 1, i)];
                    s[j] /= std::sqrt(double(hs));
                    m = std::max(m, s[j]);
                }
                for (int j = 0; j <= last; ++j) sum += std::exp(s[j] - m);
                for (int j = 0; j <= last; ++j)
                    for (int i = 0; i < hs; ++i)
                        heads[(std::size_t(b) * T + t) * C + h * hs + i] += std::exp(s[j] - m) / sum * qkv[at(j, 2, i)];
            }
    return linear_d(heads, k.p[4], k.p[5], B * T, C, C);
}

// block_d: y = x1 + fcproj(gelu_tanh(fc(LN2(x1)))), x1 = x + attn(LN1(x)).
Vec block_d(const Block& k) {
    const int N = int(k.s.tokens()), C = k.s.C;
    const Vec a = attention_d(layernorm_d(k.inp, k.p[0], k.p[1], N, C), k);
    Vec x1(k.inp.size());
    for (std::size_t i = 0; i < x1.size(); ++i) x1[i] = k.inp[i] + a[i];
    Vec h = linear_d(layernorm_d(x1, k.p[6], k.p[7], N, C), k.p[8], k.p[9], N, C, 4 * C);
    for (double& z : h) z = gelu_tanh_d(z);
    const Vec m = linear_d(h, k.p[10], k.p[11], N, 4 * C, C);
    Vec y(x1.size());
    for (std::size_t i = 0; i < y.size(); ++i) y[i] = x1[i] + m[i];
    return y;
}

double tol(const MhaShape& s, double big, double factor = 1) {
    return factor * 4 * (4.0 * s.C) * (8.0 * s.C + 2 * s.T + s.hs() + 32) * kU * (1 + big);
}

double max_abs(const Vec& v) {
    double m = 0;
    for (double x : v) m = std::max(m, std::abs(x));
    return m;
}

// BlockRun: the float buffers of a case and the function under test.
struct BlockRun {
    MhaShape s;
    bool causal;
    std::vector<float> inp, params, acts, out;
    explicit BlockRun(const Block& k)
        : s(k.s), causal(k.causal), inp(k.inp.begin(), k.inp.end()), acts(block_activation_floats(k.s), NAN),
          out(k.inp.size(), NAN) {
        for (const Vec& p : k.p)
            for (double x : p) params.push_back(float(x));
    }
    BlockParams p() const { return block_params(params, s.C); }
    BlockActivations a() { return block_activations(acts, s); }
    void forward(int threads = 1) { transformer_block_forward(out, a(), inp, p(), s, {causal, threads}); }
    // backward: from the given initial gradients, returns (dinp, dparams) after the call.
    void backward(std::vector<float>& dinp, std::vector<float>& dparams, const std::vector<float>& dout, int threads = 1) {
        transformer_block_backward(dinp, block_grads(dparams, s.C), dout, inp, p(), a(), s, {causal, threads});
    }
};

TEST(TransformerBlock, ForwardMatchesADoubleOracle) {
    struct Shape { MhaShape s; bool causal; };
    for (const Shape& c : {Shape{{2, 4, 8, 2}, true}, Shape{{2, 4, 8, 2}, false}, Shape{{1, 5, 12, 3}, true}}) {
        SCOPED_TRACE("B = " + std::to_string(c.s.B) + ", T = " + std::to_string(c.s.T) + ", C = " +
                     std::to_string(c.s.C) + ", NH = " + std::to_string(c.s.NH) + (c.causal ? ", causal" : ""));
        const Block k = make_block(c.s, c.causal, 1000 + std::uint64_t(c.s.C) + (c.causal ? 1 : 0));
        BlockRun r(k);
        r.forward();
        const Vec want = block_d(k);
        EXPECT_TRUE(AllClose(Vec(r.out.begin(), r.out.end()), want, {tol(c.s, max_abs(want)), 0.0}, {int(c.s.tokens()), c.s.C}));
        // x1, the residual stream between the branches, is kept: x + attn(LN1(x)).
        const Vec a = attention_d(layernorm_d(k.inp, k.p[0], k.p[1], int(c.s.tokens()), c.s.C), k);
        Vec x1(a.size());
        for (std::size_t i = 0; i < a.size(); ++i) x1[i] = k.inp[i] + a[i];
        const BlockActivations acts = r.a();
        EXPECT_TRUE(AllClose(Vec(acts.x1.begin(), acts.x1.end()), x1, {tol(c.s, max_abs(x1)), 0.0}, {int(c.s.tokens()), c.s.C}))
            << "acts.x1";
    }
}

std::vector<Vec> finite_differences(Block k, const Vec& dout, Vec* dinp) {
    auto loss = [&] {
        const Vec y = block_d(k);
        double s = 0;
        for (std::size_t i = 0; i < y.size(); ++i) s += dout[i] * y[i];
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
    *dinp = diff(k.inp);
    std::vector<Vec> g;
    for (Vec& p : k.p) g.push_back(diff(p));
    return g;
}

// expect_gradients: (got - initial) of dinp and of each parameter against want.
void expect_gradients(const MhaShape& s, const std::vector<float>& dinp, const std::vector<float>& dinp0,
                      const std::vector<float>& dpar, const std::vector<float>& dpar0, const Vec& want_dinp,
                      const std::vector<Vec>& want) {
    auto check = [&](const char* name, std::span<const float> got, std::span<const float> init, const Vec& w) {
        SCOPED_TRACE(name);
        Vec d(got.size());
        for (std::size_t i = 0; i < d.size(); ++i) d[i] = double(got[i]) - double(init[i]);
        EXPECT_TRUE(AllClose(d, w, {tol(s, max_abs(w), 2) + 8 * kU * 4, 0.0}));  // + the initial values' rounding
    };
    check("dinp", dinp, dinp0, want_dinp);
    std::size_t at = 0;
    const auto sizes = block_param_sizes(s.C);
    for (int i = 0; i < kBlockParams; ++i) {
        const std::size_t n = sizes[std::size_t(i)];
        check(kNames[i], std::span<const float>(dpar).subspan(at, n), std::span<const float>(dpar0).subspan(at, n),
              want[std::size_t(i)]);
        at += n;
    }
}

TEST(TransformerBlock, BackwardMatchesFiniteDifferencesAndAdds) {
    // B = 2, T = 3, C = 4, NH = 2, causal: the input and every element of the twelve parameters.
    // The gradient buffers start at values in [-4, 4): the backward must ADD.
    const MhaShape s{2, 3, 4, 2};
    const Block k = make_block(s, true, 2000);
    const Vec dout = uniform(s.tokens() * 4, -1, 1, 2100);
    BlockRun r(k);
    r.forward();
    std::vector<float> dinp = random_floats(s.tokens() * 4, 2200), dpar = random_floats(block_param_floats(4), 2201);
    for (float& x : dinp) x *= 4;
    for (float& x : dpar) x *= 4;
    const std::vector<float> dinp0 = dinp, dpar0 = dpar;
    r.backward(dinp, dpar, std::vector<float>(dout.begin(), dout.end()));
    Vec want_dinp;
    const std::vector<Vec> want = finite_differences(k, dout, &want_dinp);
    expect_gradients(s, dinp, dinp0, dpar, dpar0, want_dinp, want);
}

TEST(TransformerBlock, MatchesPyTorchGoldenValues) {
    // fixtures/transformer_block_golden.py: the block in torch (float64; F.layer_norm, F.gelu with
    // approximate="tanh", the attention written out in llm.c's layout), y and every gradient.
    namespace G = golden::block::CausalTwoHeads;
    const MhaShape s{G::B, G::T, G::C, G::NH};
    Block k{s, G::causal, Vec(std::begin(G::inp), std::end(G::inp)), {}};
    const std::span<const float> params[kBlockParams] = {G::ln1w, G::ln1b, G::qkvw, G::qkvb, G::attprojw, G::attprojb,
                                                         G::ln2w, G::ln2b, G::fcw,  G::fcb,  G::fcprojw,  G::fcprojb};
    const std::span<const double> grads[kBlockParams] = {G::dln1w, G::dln1b, G::dqkvw, G::dqkvb, G::dattprojw, G::dattprojb,
                                                         G::dln2w, G::dln2b, G::dfcw,  G::dfcb,  G::dfcprojw,  G::dfcprojb};
    std::vector<Vec> want;
    for (int i = 0; i < kBlockParams; ++i) {
        k.p.emplace_back(params[i].begin(), params[i].end());
        want.emplace_back(grads[i].begin(), grads[i].end());
    }
    BlockRun r(k);
    r.forward();
    const Vec y(std::begin(G::out), std::end(G::out));
    EXPECT_TRUE(AllClose(Vec(r.out.begin(), r.out.end()), y, {tol(s, max_abs(y)), 0.0}, {int(s.tokens()), s.C}));
    std::vector<float> dinp(s.tokens() * s.C, 0.0f), dpar(block_param_floats(s.C), 0.0f);
    const std::vector<float> dinp0 = dinp, dpar0 = dpar;
    r.backward(dinp, dpar, std::vector<float>(std::begin(G::dout), std::end(G::dout)));
    expect_gradients(s, dinp, dinp0, dpar, dpar0, Vec(std::begin(G::dinp), std::end(G::dinp)), want);
}

TEST(TransformerBlock, ZeroOutputProjectionsGiveTheIdentity) {
    // attprojw, attprojb, fcprojw, fcprojb = 0: both branches output exactly 0, so y = x and x1 = x
    // bit for bit, and the backward gives dinp = dout exactly (the residuals), whatever the other
    // parameters. The branches' own gradients still flow into attprojw and fcprojw.
    const MhaShape s{2, 3, 8, 2};
    Block k = make_block(s, true, 3000);
    for (int i : {4, 5, 10, 11}) std::fill(k.p[std::size_t(i)].begin(), k.p[std::size_t(i)].end(), 0.0);
    BlockRun r(k);
    r.forward();
    EXPECT_EQ(r.out, r.inp);
    const BlockActivations a = r.a();
    EXPECT_TRUE(std::equal(a.x1.begin(), a.x1.end(), r.inp.begin()));
    const std::vector<float> dout = random_floats(r.inp.size(), 3100);
    std::vector<float> dinp(r.inp.size(), 0.0f), dpar(block_param_floats(s.C), 0.0f);
    r.backward(dinp, dpar, dout);
    EXPECT_EQ(dinp, dout);
}

TEST(TransformerBlock, MlpBranchIsTheTanhGelu) {
    // A block whose attention branch outputs 0 (zero projection) and whose MLP is fcw = 0, fcb = z,
    // fcprojw picking GELU unit c for output c: y[c] = x[c] + gelu_tanh(z[c]) exactly up to the
    // GELU's own roundings (the sum over 4C = 16 units adds exact zeros). z includes +-2.7, where
    // the erf form differs by 4.7e-4; the bound is 8 u |gelu| + 2 u |y|. The backward gives
    // dfcb[c] = gelu_tanh'(z[c]) dout[c].
    const MhaShape s{1, 1, 4, 1};
    Block k = make_block(s, true, 4000);
    for (int i : {4, 5, 8, 10, 11}) std::fill(k.p[std::size_t(i)].begin(), k.p[std::size_t(i)].end(), 0.0);
    const double z[4] = {-2.69921875, -1.0, 0.5, 2.69921875};
    for (int c = 0; c < 4; ++c) {
        k.p[9][std::size_t(c)] = z[c];
        k.p[10][std::size_t(c) * 16 + std::size_t(c)] = 1.0;  // fcprojw (C, 4C): output c takes unit c
    }
    BlockRun r(k);
    r.forward();
    for (int c = 0; c < 4; ++c) {
        const double g = gelu_tanh_d(z[c]), want = double(float(k.inp[std::size_t(c)])) + g;
        EXPECT_NEAR(r.out[std::size_t(c)], want, 8 * kU * std::abs(g) + 2 * kU * std::abs(want)) << "GELU of " << z[c];
    }
    const std::vector<float> dout = {1.0f, -0.5f, 0.25f, 2.0f};
    std::vector<float> dinp(4, 0.0f), dpar(block_param_floats(4), 0.0f);
    r.backward(dinp, dpar, dout);
    const BlockGrads g = block_grads(dpar, 4);
    for (int c = 0; c < 4; ++c) {
        const double x = z[c], u = std::sqrt(2 / M_PI) * (x + 0.044715 * x * x * x), th = std::tanh(u);
        const double d = 0.5 * (1 + th) + 0.5 * x * (1 - th * th) * std::sqrt(2 / M_PI) * (1 + 3 * 0.044715 * x * x);
        EXPECT_NEAR(g.fcb[std::size_t(c)], d * dout[std::size_t(c)], 16 * kU * std::abs(d * dout[std::size_t(c)]) + 1e-30)
            << "dfcb[" << c << "]";
    }
}

TEST(TransformerBlock, IsCausal) {
    // Changing the tokens after t changes no output at positions <= t, bit for bit.
    const MhaShape s{1, 5, 8, 2};
    const Block k = make_block(s, true, 5000);
    for (int t = 0; t + 1 < s.T; ++t) {
        BlockRun a(k), b(k);
        a.forward();
        for (std::size_t i = std::size_t(t + 1) * 8; i < b.inp.size(); ++i) b.inp[i] = -b.inp[i] + 0.25f;
        b.forward();
        for (std::size_t i = 0; i < std::size_t(t + 1) * 8; ++i)
            ASSERT_EQ(a.out[i], b.out[i]) << "tokens after " << t << " changed, output " << i / 8 << " moved";
    }
}

TEST(TransformerBlock, ParameterLayoutIsLlmCs) {
    // llm.c's order and sizes: GPT-2 small (C = 768) has 12 C^2 + 13 C = 7 087 872 floats per
    // layer, 85 054 464 in its 12 layers (124M parameters with the 38.6M of the embeddings and
    // the final LayerNorm).
    EXPECT_EQ(block_param_floats(768), 7087872u);
    EXPECT_EQ(12 * block_param_floats(768), 85054464u);
    const auto sz = block_param_sizes(3);
    const std::size_t want[kBlockParams] = {3, 3, 27, 9, 9, 3, 3, 3, 36, 12, 36, 3};
    for (int i = 0; i < kBlockParams; ++i) EXPECT_EQ(sz[std::size_t(i)], want[i]) << kNames[i];
    std::vector<float> buf(block_param_floats(3));
    const BlockParams p = block_params(buf, 3);
    EXPECT_EQ(p.ln1w.data(), buf.data());
    EXPECT_EQ(p.qkvw.data(), buf.data() + 6);
    EXPECT_EQ(p.attprojb.data(), buf.data() + 6 + 27 + 9 + 9);
    EXPECT_EQ(p.fcprojb.data() + 3, buf.data() + buf.size());
    const MhaShape s{2, 5, 6, 3};
    EXPECT_EQ(block_activation_floats(s), (15u * 6 + 4) * 10 + 2u * 3 * 25);
    std::vector<float> acts(block_activation_floats(s));
    const BlockActivations a = block_activations(acts, s);
    EXPECT_EQ(a.fch_gelu.data() + a.fch_gelu.size(), acts.data() + acts.size());
    // A full block through these spans (the function under test, so a stub shows "not started").
    const Block k = make_block(s, true, 6000);
    BlockRun r(k);
    r.forward();
    for (float y : r.out) ASSERT_TRUE(std::isfinite(y));
}

TEST(TransformerBlock, RefusesBadShapesAndSizes) {
    const MhaShape s{1, 2, 4, 2};
    const Block k = make_block(s, true, 7000);
    BlockRun r(k);
    r.forward();
    SCOPED_TRACE(kValidCallFirst);
    EXPECT_TRUE(ThrowsInvalidArgument([&] { transformer_block_forward(r.out, r.a(), r.inp, r.p(), {1, 2, 4, 3}); },
                                      {"C = 4", "NH = 3", "divisible"}));
    std::vector<float> shorter(r.inp.size() + 1);
    EXPECT_TRUE(ThrowsInvalidArgument([&] { transformer_block_forward(r.out, r.a(), shorter, r.p(), s); }, {"inp", "9", "8"}));
    BlockParams p = r.p();
    p.ln2b = p.ln2b.subspan(1);
    EXPECT_TRUE(ThrowsInvalidArgument([&] { transformer_block_forward(r.out, r.a(), r.inp, p, s); }, {"ln2b", "3", "4"}));
    BlockActivations a = r.a();
    a.fch = a.fch.subspan(1);
    EXPECT_TRUE(ThrowsInvalidArgument([&] { transformer_block_forward(r.out, a, r.inp, r.p(), s); }, {"fch"}));
    std::vector<float> dinp(8, 0.0f), dpar(block_param_floats(4), 0.0f), dout(8, 1.0f);
    BlockGrads g = block_grads(dpar, 4);
    g.fcb = {};
    EXPECT_TRUE(ThrowsInvalidArgument([&] { transformer_block_backward(dinp, g, dout, r.inp, r.p(), r.a(), s); }, {"fcb"}));
    EXPECT_TRUE(ThrowsInvalidArgument(
        [&] { transformer_block_backward(dinp, block_grads(dpar, 4), dout, r.inp, r.p(), r.a(), s, {true, 0}); },
        {"threads = 0"}));
    std::vector<float> wrong(block_param_floats(4) - 1);
    EXPECT_TRUE(ThrowsInvalidArgument([&] { (void)block_params(wrong, 4); }, {"block_param_floats"}));
}

}  // namespace
}  // namespace course::attention
