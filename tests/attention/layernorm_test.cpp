// Tests for exercise 5, layer normalization and RMS normalization (modules/attention/learner/layernorm.cpp).
//
// Oracles: rows worked by hand (each value says how); the formulas again as plain double loops
// below (two-pass statistics in double from the same float inputs); central differences in double
// of a double re-implementation of each forward (never the code under test), for every input,
// weight and bias; torch.nn.functional.layer_norm and an RMSNorm written in torch, frozen in
// fixtures/layernorm_golden.hpp (the script beside it made them). Outputs are pre-filled with NaN
// so that an element never written shows up. Every test calls a function of the exercise on valid
// input first, so a stub shows "not started". The backward tests take mean and rstd from the
// double oracle (rounded to float, as the forward saves them), so they do not depend on the forward.
//
// Tolerances. u = 2^-24. Forward: out = xhat weight + bias with xhat of size X = max |xhat|; a float
// computation after double statistics rounds a few times: 8 u (|weight| X + |bias|) per element
// (the statistics themselves, in double, add nothing visible). Backward against the double oracle
// at the same float mean and rstd: dinp = rstd (g - mean(g) - xhat mean(g xhat)) sums C terms of
// size G (1 + X^2), G = max |dout weight|: (C + 16) u rstd G (1 + X)^2. dweight and dbias sum N
// terms of size |dout| X and |dout|: (N + 8) u N max|dout| max(X, 1), plus the initial value's own
// rounding when the test adds into non-zero buffers (u times it).
#include "attention/layernorm.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <functional>
#include <limits>
#include <span>
#include <utility>
#include <vector>

#include "course/eigen.hpp"
#include "course/random.hpp"
#include "course/testing.hpp"
#include "fixtures/layernorm_golden.hpp"

namespace course::attention {
namespace {

using course::testing::AllClose;
using course::testing::kValidCallFirst;
using course::testing::numerical_gradient;
using course::testing::ThrowsInvalidArgument;
using course::testing::Tolerance;

constexpr float kNaN = std::numeric_limits<float>::quiet_NaN();
constexpr double kU = std::numeric_limits<float>::epsilon() / 2.0;  // u = 2^-24
constexpr double kEps = 1e-5;                                      // layernorm's eps

using Floats = std::vector<float>;
using Doubles = std::vector<double>;

Floats random_floats(std::size_t n, std::uint64_t seed, double scale = 1.0, double shift = 0.0) {
    Rng rng(seed);
    Floats v(n);
    for (float& x : v) x = float(shift + scale * rng.uniform(-1.0, 1.0));
    return v;
}

double max_abs(std::span<const double> v) {
    double m = 0.0;
    for (double x : v) m = std::max(m, std::abs(x));
    return m;
}
double max_abs(std::span<const float> v) {
    double m = 0.0;
    for (float x : v) m = std::max(m, double(std::abs(x)));
    return m;
}

// AllCloseD: AllClose on double vectors, the expected values possibly written as a braced list.
::testing::AssertionResult AllCloseD(const Doubles& got, const Doubles& want, Tolerance tol, std::vector<int> shape = {}) {
    return AllClose(std::span<const double>(got), std::span<const double>(want), tol, std::move(shape));
}

// ---- The oracle: the formulas again, in double ----

// Norm: what a forward computes, in double: out, the row statistics and xhat.
struct Norm {
    Doubles out, mean, rstd, xhat;
};

// layernorm_oracle: two-pass mean and biased variance in double, eps inside the root.
Norm layernorm_oracle(const Floats& inp, const Floats& weight, const Floats& bias, int N, int C) {
    Norm r{Doubles(std::size_t(N) * C), Doubles(N), Doubles(N), Doubles(std::size_t(N) * C)};
    for (int n = 0; n < N; ++n) {
        const float* x = inp.data() + std::size_t(n) * C;
        double m = 0.0;
        for (int c = 0; c < C; ++c) m += x[c];
        m /= C;
        double v = 0.0;
        for (int c = 0; c < C; ++c) v += (x[c] - m) * (x[c] - m);
        v /= C;
        r.mean[n] = m;
        r.rstd[n] = 1.0 / std::sqrt(v + kEps);
        for (int c = 0; c < C; ++c) {
            const std::size_t i = std::size_t(n) * C + c;
            r.xhat[i] = (x[c] - m) * r.rstd[n];
            r.out[i] = r.xhat[i] * weight[c] + bias[c];
        }
    }
    return r;
}

// rmsnorm_oracle: the mean square in double, no mean subtracted.
Norm rmsnorm_oracle(const Floats& inp, const Floats& weight, int N, int C, double eps) {
    Norm r{Doubles(std::size_t(N) * C), Doubles(N, 0.0), Doubles(N), Doubles(std::size_t(N) * C)};
    for (int n = 0; n < N; ++n) {
        const float* x = inp.data() + std::size_t(n) * C;
        double ms = 0.0;
        for (int c = 0; c < C; ++c) ms += double(x[c]) * x[c];
        r.rstd[n] = 1.0 / std::sqrt(ms / C + eps);
        for (int c = 0; c < C; ++c) {
            const std::size_t i = std::size_t(n) * C + c;
            r.xhat[i] = x[c] * r.rstd[n];
            r.out[i] = r.xhat[i] * weight[c];
        }
    }
    return r;
}

// Grads: the three gradients in double.
struct Grads {
    Doubles dinp, dweight, dbias;
};

// norm_backward_oracle: the backward at the GIVEN float mean and rstd (mean empty for rmsnorm),
// written from the chain rule through xhat: dxhat = dout weight; dinp = rstd (dxhat - mean(dxhat)
// - xhat mean(dxhat xhat)) for layernorm, without the middle term for rmsnorm.
Grads norm_backward_oracle(const Floats& dout, const Floats& inp, const Floats& weight, const Floats& mean,
                           const Floats& rstd, int N, int C) {
    Grads g{Doubles(std::size_t(N) * C, 0.0), Doubles(C, 0.0), Doubles(C, 0.0)};
    for (int n = 0; n < N; ++n) {
        const std::size_t row = std::size_t(n) * C;
        const double m = mean.empty() ? 0.0 : double(mean[n]), s = rstd[n];
        double a = 0.0, b = 0.0;
        for (int c = 0; c < C; ++c) {
            const double xhat = (inp[row + c] - m) * s, dxhat = double(dout[row + c]) * weight[c];
            a += dxhat;
            b += dxhat * xhat;
            g.dweight[c] += double(dout[row + c]) * xhat;
            g.dbias[c] += dout[row + c];
        }
        a = mean.empty() ? 0.0 : a / C;
        b /= C;
        for (int c = 0; c < C; ++c) {
            const double xhat = (inp[row + c] - m) * s, dxhat = double(dout[row + c]) * weight[c];
            g.dinp[row + c] = s * (dxhat - a - xhat * b);
        }
    }
    return g;
}

// ---- Tolerances (derived at the top) ----

Tolerance forward_tolerance(const Norm& want, const Floats& weight, const Floats& bias) {
    const double X = max_abs(want.xhat);
    return {8.0 * kU * (max_abs(weight) * X + (bias.empty() ? 0.0 : max_abs(bias))) + 1e-300, 0.0};
}

struct BackwardTolerances {
    Tolerance dinp, dweight, dbias;
};

BackwardTolerances backward_tolerances(const Floats& dout, const Floats& inp, const Floats& weight,
                                       const Floats& mean, const Floats& rstd, int N, int C) {
    double X = 0.0, G = 0.0, S = 0.0;
    for (int n = 0; n < N; ++n) {
        const double m = mean.empty() ? 0.0 : double(mean[n]);
        S = std::max(S, double(rstd[n]));
        for (int c = 0; c < C; ++c) {
            const std::size_t i = std::size_t(n) * C + c;
            X = std::max(X, std::abs((inp[i] - m) * rstd[n]));
            G = std::max(G, std::abs(double(dout[i]) * weight[c]));
        }
    }
    const double D = max_abs(dout);
    return {{(C + 16) * kU * S * G * (1 + X) * (1 + X) + 1e-300, 0.0},
            {(N + 8) * kU * N * D * std::max(X, 1.0) + 1e-300, kU},
            {(N + 8) * kU * N * D + 1e-300, kU}};
}

// ---- Running the code under test ----

struct LayernormResult {
    Floats out, mean, rstd;
};

LayernormResult run_layernorm(const Floats& inp, const Floats& weight, const Floats& bias, int N, int C) {
    LayernormResult r{Floats(std::size_t(N) * C, kNaN), Floats(N, kNaN), Floats(N, kNaN)};
    layernorm_forward(r.out, r.mean, r.rstd, inp, weight, bias, N, C);
    return r;
}

struct RmsnormResult {
    Floats out, rstd;
};

RmsnormResult run_rmsnorm(const Floats& inp, const Floats& weight, int N, int C, float eps = 1e-5f) {
    RmsnormResult r{Floats(std::size_t(N) * C, kNaN), Floats(N, kNaN)};
    rmsnorm_forward(r.out, r.rstd, inp, weight, N, C, eps);
    return r;
}

Floats as_floats(std::span<const double> v) { return Floats(v.begin(), v.end()); }

// ExpectLayernormMatchesOracle: out, mean and rstd against the double oracle.
void ExpectLayernormMatchesOracle(const Floats& inp, const Floats& weight, const Floats& bias, int N, int C) {
    SCOPED_TRACE(::testing::Message() << "N = " << N << ", C = " << C);
    const LayernormResult got = run_layernorm(inp, weight, bias, N, C);
    const Norm want = layernorm_oracle(inp, weight, bias, N, C);
    EXPECT_TRUE(AllClose(got.out, as_floats(want.out), forward_tolerance(want, weight, bias), {N, C}));
    // mean: a float of the double mean (|mean| u, plus the oracle's own sum: 2 u); rstd likewise.
    EXPECT_TRUE(AllCloseD(Doubles(got.mean.begin(), got.mean.end()), want.mean, {1e-300, 2 * kU}, {N}))
        << "mean is the row's mean, summed in double";
    EXPECT_TRUE(AllCloseD(Doubles(got.rstd.begin(), got.rstd.end()), want.rstd, {0.0, 4 * kU}, {N}))
        << "rstd = 1 / sqrt(var + 1e-5) with the BIASED variance (divided by C)";
}

// ExpectLayernormBackwardMatchesOracle: the three gradients added into buffers holding `init`.
void ExpectLayernormBackwardMatchesOracle(const Floats& inp, const Floats& weight, const Floats& dout, int N, int C,
                                          float init = 0.0f) {
    SCOPED_TRACE(::testing::Message() << "N = " << N << ", C = " << C << ", initial gradients " << init);
    const Floats bias(C, 0.0f);
    const Norm fwd = layernorm_oracle(inp, weight, bias, N, C);
    const Floats mean = as_floats(fwd.mean), rstd = as_floats(fwd.rstd);
    Floats dinp(std::size_t(N) * C, init), dweight(C, init), dbias(C, init);
    layernorm_backward(dinp, dweight, dbias, dout, inp, weight, mean, rstd, N, C);
    Grads want = norm_backward_oracle(dout, inp, weight, mean, rstd, N, C);
    for (double& v : want.dinp) v += init;
    for (double& v : want.dweight) v += init;
    for (double& v : want.dbias) v += init;
    BackwardTolerances tol = backward_tolerances(dout, inp, weight, mean, rstd, N, C);
    tol.dinp.atol += kU * std::abs(init);
    EXPECT_TRUE(AllCloseD(Doubles(dinp.begin(), dinp.end()), want.dinp, tol.dinp, {N, C})) << "dinp";
    EXPECT_TRUE(AllCloseD(Doubles(dweight.begin(), dweight.end()), want.dweight, tol.dweight, {C}))
        << "dweight: the sum over the N rows of dout xhat";
    EXPECT_TRUE(AllCloseD(Doubles(dbias.begin(), dbias.end()), want.dbias, tol.dbias, {C}))
        << "dbias: the sum over the N rows of dout";
}

// ---- layernorm_forward ----

TEST(LayernormForward, HandWorkedRow) {
    // x = (1, 2, 3, 6): mean 3, deviations (-2, -1, 0, 3), squares sum to 14, biased var 14 / 4 = 3.5
    // (the unbiased 14 / 3 would give another rstd), rstd = 1 / sqrt(3.5 + 1e-5).
    const Floats x = {1, 2, 3, 6}, w = {1, 2, 0.5f, -1}, b = {0, 1, -1, 0.5f};
    const LayernormResult got = run_layernorm(x, w, b, 1, 4);
    const double r = 1.0 / std::sqrt(3.5 + 1e-5);
    const Doubles want = {-2 * r * 1 + 0, -1 * r * 2 + 1, 0 * r * 0.5 - 1, 3 * r * -1 + 0.5};
    EXPECT_TRUE(AllCloseD(Doubles(got.out.begin(), got.out.end()), want, {8 * kU * 3, 0.0}, {1, 4}));
    EXPECT_EQ(got.mean[0], 3.0f);
    EXPECT_NEAR(got.rstd[0], r, 2 * kU * r) << "rstd = 1 / sqrt(3.5 + 1e-5): the biased variance, eps inside the root";
}

TEST(LayernormForward, MatchesTorchLayerNorm) {
    using namespace golden;
    const Floats x(std::begin(kNormX), std::end(kNormX)), w(std::begin(kNormWeight), std::end(kNormWeight)),
        b(std::begin(kNormBias), std::end(kNormBias));
    const LayernormResult got = run_layernorm(x, w, b, kNormN, kNormC);
    // |xhat| <= 2 (C = 5: |xhat| <= sqrt(C - 1)), |w| <= 1.1, |b| <= 0.6: 8 u (2.2 + 0.6) < 2.3e-6.
    // Row 2 has var ~ 1e-5, where eps = 1e-5 halves rstd^2: an eps in the wrong place fails there.
    EXPECT_TRUE(AllClose(got.out, as_floats(kLnOut), {8 * kU * 3.0, 0.0}, {kNormN, kNormC}));
    EXPECT_TRUE(AllCloseD(Doubles(got.mean.begin(), got.mean.end()), Doubles(std::begin(kLnMean), std::end(kLnMean)),
                         {1e-300, 2 * kU}, {kNormN}));
    EXPECT_TRUE(AllCloseD(Doubles(got.rstd.begin(), got.rstd.end()), Doubles(std::begin(kLnRstd), std::end(kLnRstd)),
                         {0.0, 4 * kU}, {kNormN}));
}

TEST(LayernormForward, MatchesDoubleOracleOnShapes) {
    // Shapes with N and C of 1, primes, and llm.c-sized rows; weights away from 1, biases from 0.
    const int shapes[][2] = {{1, 2}, {1, 7}, {3, 2}, {5, 13}, {2, 64}, {7, 31}, {4, 768}};
    std::uint64_t seed = 100;
    for (const auto& s : shapes) {
        const int N = s[0], C = s[1];
        ExpectLayernormMatchesOracle(random_floats(std::size_t(N) * C, seed, 2.0, 0.5), random_floats(C, seed + 1, 0.5, 1.0),
                                     random_floats(C, seed + 2, 0.5), N, C);
        seed += 3;
    }
}

TEST(LayernormForward, ConstantRowGivesBias) {
    // var = 0: rstd = 1 / sqrt(1e-5) = 316.227766, xhat = 0 exactly, out = bias exactly. Row 1 is
    // not constant and must be normalized as usual.
    const int C = 6;
    Floats x(2 * C, 7.25f);
    for (int c = 0; c < C; ++c) x[C + c] = float(c);
    const Floats w = random_floats(C, 7, 0.5, 1.0), b = random_floats(C, 8);
    const LayernormResult got = run_layernorm(x, w, b, 2, C);
    for (int c = 0; c < C; ++c) EXPECT_EQ(got.out[c], b[c]) << "out[0, " << c << "]: a constant row gives the bias";
    EXPECT_EQ(got.mean[0], 7.25f);
    EXPECT_NEAR(got.rstd[0], 316.227766, 2 * kU * 316.3) << "rstd = 1 / sqrt(0 + eps) with eps = 1e-5 inside the root";
    ExpectLayernormMatchesOracle(x, w, b, 2, C);
}

TEST(LayernormForward, SingleChannelGivesBias) {
    // C = 1: each row is its own mean, var = 0, out = bias, rstd = 1 / sqrt(1e-5).
    const Floats x = {3.5f, -2.0f, 1e6f}, w = {2.0f}, b = {-0.75f};
    const LayernormResult got = run_layernorm(x, w, b, 3, 1);
    for (int n = 0; n < 3; ++n) {
        EXPECT_EQ(got.out[n], -0.75f) << "row " << n;
        EXPECT_EQ(got.mean[n], x[n]) << "row " << n;
        EXPECT_NEAR(got.rstd[n], 316.227766, 2 * kU * 316.3) << "row " << n;
    }
}

TEST(LayernormForward, LargeOffsetSmallSpreadStaysAccurate) {
    // Rows around 1e4 with spread 1e-2 (float's spacing there is 2^-10 ~ 1e-3, so the inputs are
    // exact floats 10 spacings apart). The double oracle normalizes them to |xhat| ~ 1; a one-pass
    // variance, a float sum, or a mean rounded to float before subtracting (off by up to 4.9e-4)
    // misses by percents. Tolerance 8 u (|w| X + |b|) as everywhere: relative to the output's size.
    const int N = 4, C = 97;
    const Floats x = random_floats(std::size_t(N) * C, 31, 1e-2, 1e4);
    ExpectLayernormMatchesOracle(x, random_floats(C, 32, 0.5, 1.0), random_floats(C, 33, 0.1), N, C);
}

TEST(LayernormForward, ScalesAndOffsets) {
    // Layer norm is invariant to a row's scale and offset (until var nears eps): the same
    // normalized outputs at every scale, against the oracle each time. 1e-2 of spread at scale
    // 1e-2 is var ~ 3e-5, where eps shows; 1e18 makes var ~ 1e36 (x^2 beyond float, fine in double).
    const int N = 3, C = 11;
    const Floats w = random_floats(C, 41, 0.5, 1.0), b = random_floats(C, 42, 0.5);
    for (double scale : {1e-2, 1.0, 1e3, 1e18})
        for (double offset : {0.0, 5.0}) {
            SCOPED_TRACE(::testing::Message() << "scale " << scale << ", offset " << offset << " * scale");
            ExpectLayernormMatchesOracle(random_floats(std::size_t(N) * C, 43, scale, offset * scale), w, b, N, C);
        }
}

TEST(LayernormForward, NanStaysInItsRow) {
    // A NaN in row 1 makes that row's statistics and outputs NaN; rows 0 and 2 are unaffected.
    const int N = 3, C = 5;
    Floats x = random_floats(std::size_t(N) * C, 51);
    const Floats w = random_floats(C, 52, 0.5, 1.0), b = random_floats(C, 53);
    x[C + 2] = kNaN;
    const LayernormResult got = run_layernorm(x, w, b, N, C);
    EXPECT_TRUE(std::isnan(got.mean[1]) || std::isnan(got.rstd[1]));
    for (int c = 0; c < C; ++c) EXPECT_TRUE(std::isnan(got.out[C + c])) << "out[1, " << c << "]";
    Floats x0(x.begin(), x.begin() + C), x2(x.begin() + 2 * C, x.end());
    const Norm want0 = layernorm_oracle(x0, w, b, 1, C), want2 = layernorm_oracle(x2, w, b, 1, C);
    EXPECT_TRUE(AllClose(std::span<const float>(got.out).subspan(0, C), as_floats(want0.out),
                         forward_tolerance(want0, w, b)));
    EXPECT_TRUE(AllClose(std::span<const float>(got.out).subspan(2 * C, C), as_floats(want2.out),
                         forward_tolerance(want2, w, b)));
}

TEST(LayernormForward, RefusesBadInput) {
    const int N = 2, C = 3;
    Floats out(6), mean(2), rstd(2);
    const Floats inp = random_floats(6, 61), w(3, 1.0f), b(3, 0.0f);
    layernorm_forward(out, mean, rstd, inp, w, b, N, C);
    SUCCEED() << kValidCallFirst;
    EXPECT_TRUE(ThrowsInvalidArgument([&] { layernorm_forward(out, mean, rstd, inp, w, b, 0, C); }, {"N = 0"}));
    EXPECT_TRUE(ThrowsInvalidArgument([&] { layernorm_forward(out, mean, rstd, inp, w, b, -1, C); }, {"N = -1"}));
    EXPECT_TRUE(ThrowsInvalidArgument([&] { layernorm_forward(out, mean, rstd, inp, w, b, N, 0); }, {"C = 0"}));
    Floats out5(5), mean3(3), rstd1(1);
    const Floats inp7(7), w2(2), b4(4);
    EXPECT_TRUE(ThrowsInvalidArgument([&] { layernorm_forward(out5, mean, rstd, inp, w, b, N, C); }, {"out", "5"}));
    EXPECT_TRUE(ThrowsInvalidArgument([&] { layernorm_forward(out, mean3, rstd, inp, w, b, N, C); }, {"mean", "3"}));
    EXPECT_TRUE(ThrowsInvalidArgument([&] { layernorm_forward(out, mean, rstd1, inp, w, b, N, C); }, {"rstd", "1"}));
    EXPECT_TRUE(ThrowsInvalidArgument([&] { layernorm_forward(out, mean, rstd, inp7, w, b, N, C); }, {"inp", "7"}));
    EXPECT_TRUE(ThrowsInvalidArgument([&] { layernorm_forward(out, mean, rstd, inp, w2, b, N, C); }, {"weight", "2"}));
    EXPECT_TRUE(ThrowsInvalidArgument([&] { layernorm_forward(out, mean, rstd, inp, w, b4, N, C); }, {"bias", "4"}));
}

// ---- layernorm_backward ----

TEST(LayernormBackward, HandWorkedPair) {
    // C = 2, x = (0, 2): mean 1, var 1, xhat = (-s, s) with s = 1 / sqrt(1 + 1e-5) = rstd. With
    // weight 1 and dout = (1, 0): g = (1, 0), mean(g) = 1/2, mean(g xhat) = -s/2, so
    //     dinp = s (g - 1/2 - xhat (-s/2)) = s ((1/2)(1 - s^2), -(1/2)(1 - s^2)) ~ (+-2.5e-6)
    // (two values always normalize to -+1: out barely depends on x). Without the path through the
    // mean or the variance, dinp would be of order 1/2. dweight = dout xhat = (-s, 0), dbias = dout.
    const Floats x = {0, 2}, w = {1, 1}, dout = {1, 0};
    const double s = 1.0 / std::sqrt(1.0 + 1e-5);
    const Floats mean = {1.0f}, rstd = {float(s)};
    Floats dinp(2, 0.0f), dweight(2, 0.0f), dbias(2, 0.0f);
    layernorm_backward(dinp, dweight, dbias, dout, x, w, mean, rstd, 1, 2);
    const double sf = rstd[0], d = 0.5 * sf * (1.0 - sf * sf);  // at the float rstd the test passes
    // The float computation of 1/2 - s^2/2 cancels: errors of a few u against values of 2.5e-6.
    EXPECT_TRUE(AllCloseD(Doubles(dinp.begin(), dinp.end()), {d, -d}, {8 * kU, 0.0}, {1, 2}))
        << "dinp ~ (2.5e-6, -2.5e-6): the terms through the mean and the variance cancel g almost exactly";
    EXPECT_TRUE(AllCloseD(Doubles(dweight.begin(), dweight.end()), {-s, 0.0}, {4 * kU, 0.0}, {2}));
    EXPECT_TRUE(AllCloseD(Doubles(dbias.begin(), dbias.end()), {1.0, 0.0}, {0.0, 0.0}, {2}));
}

TEST(LayernormBackward, MatchesTorchLayerNormBackward) {
    using namespace golden;
    const int N = kNormN, C = kNormC;
    const Floats x(std::begin(kNormX), std::end(kNormX)), w(std::begin(kNormWeight), std::end(kNormWeight)),
        dout(std::begin(kNormDout), std::end(kNormDout));
    const Floats mean = as_floats(Doubles(std::begin(kLnMean), std::end(kLnMean))),
                 rstd = as_floats(Doubles(std::begin(kLnRstd), std::end(kLnRstd)));
    Floats dinp(std::size_t(N) * C, 0.0f), dweight(C, 0.0f), dbias(C, 0.0f);
    layernorm_backward(dinp, dweight, dbias, dout, x, w, mean, rstd, N, C);
    // torch's values are at the exact mean and rstd; the backward gets them rounded to float. That
    // moves xhat by delta = u (|mean| rstd + |xhat|) and dinp by about rstd G (1 + 2 X) delta, on
    // top of the arithmetic's (C + 16) u rstd G (1 + X)^2; checked row by row, since row 2's
    // rstd = 239 makes its gradients 300 times the others'. G < 3, X < 2.
    for (int n = 0; n < N; ++n) {
        const double r = kLnRstd[n], delta = kU * (std::abs(kLnMean[n]) * r + 2.0);
        const double atol = r * 3.0 * 5.0 * delta + (C + 16) * kU * r * 3.0 * 9.0;
        EXPECT_TRUE(AllCloseD(Doubles(dinp.begin() + n * C, dinp.begin() + (n + 1) * C),
                             Doubles(kLnDinp + n * C, kLnDinp + (n + 1) * C), {atol, 0.0}, {C}))
            << "dinp, row " << n << " (rstd " << r << ")";
    }
    // dweight sums dout xhat over 4 rows: |dout| < 2.5, X < 2, plus xhat's delta in row 2 (4e-5).
    EXPECT_TRUE(AllCloseD(Doubles(dweight.begin(), dweight.end()), Doubles(std::begin(kLnDweight), std::end(kLnDweight)),
                         {2.5 * 4e-5 + 64 * kU * 20, 0.0}, {C}));
    EXPECT_TRUE(AllCloseD(Doubles(dbias.begin(), dbias.end()), Doubles(std::begin(kLnDbias), std::end(kLnDbias)),
                         {16 * kU * 10, 0.0}, {C}));
}

// layernorm_loss: sum(out o dout) of a double layer norm: its gradient is the backward's output.
double layernorm_loss(const Vector& x, const Vector& w, const Vector& b, const Floats& dout, int N, int C) {
    double loss = 0.0;
    for (int n = 0; n < N; ++n) {
        double m = 0.0, v = 0.0;
        for (int c = 0; c < C; ++c) m += x[n * C + c];
        m /= C;
        for (int c = 0; c < C; ++c) v += (x[n * C + c] - m) * (x[n * C + c] - m);
        const double r = 1.0 / std::sqrt(v / C + kEps);
        for (int c = 0; c < C; ++c) loss += ((x[n * C + c] - m) * r * w[c] + b[c]) * dout[std::size_t(n) * C + c];
    }
    return loss;
}

Vector to_vector(const Floats& v) {
    Vector r(static_cast<Eigen::Index>(v.size()));
    for (std::size_t i = 0; i < v.size(); ++i) r[static_cast<Eigen::Index>(i)] = v[i];
    return r;
}

TEST(LayernormBackward, FiniteDifferencesInDouble) {
    // Central differences of sum(out o dout) of a double layer norm, in inp, weight and bias: the
    // numerical gradient is good to ~1e-10 relative; the float backward to (C + 16) u rstd G (1 + X)^2
    // ~ 1e-5 here; we compare with 1e-4 times the gradient's size.
    const int N = 3, C = 7;
    const Floats x = random_floats(std::size_t(N) * C, 71, 1.5, 0.3), w = random_floats(C, 72, 0.5, 1.0),
                 b = random_floats(C, 73, 0.5), dout = random_floats(std::size_t(N) * C, 74);
    const Norm fwd = layernorm_oracle(x, w, b, N, C);
    const Floats mean = as_floats(fwd.mean), rstd = as_floats(fwd.rstd);
    Floats dinp(std::size_t(N) * C, 0.0f), dweight(C, 0.0f), dbias(C, 0.0f);
    layernorm_backward(dinp, dweight, dbias, dout, x, w, mean, rstd, N, C);
    const Vector xv = to_vector(x), wv = to_vector(w), bv = to_vector(b);
    const Vector gx = numerical_gradient([&](const Vector& v) { return layernorm_loss(v, wv, bv, dout, N, C); }, xv);
    const Vector gw = numerical_gradient([&](const Vector& v) { return layernorm_loss(xv, v, bv, dout, N, C); }, wv);
    const Vector gb = numerical_gradient([&](const Vector& v) { return layernorm_loss(xv, wv, v, dout, N, C); }, bv);
    const auto check = [](const Floats& got, const Vector& want, const char* what) {
        const Doubles w(want.data(), want.data() + want.size());
        EXPECT_TRUE(AllCloseD(Doubles(got.begin(), got.end()), w, {1e-4 * std::max(1.0, max_abs(w)), 0.0})) << what;
    };
    check(dinp, gx, "dinp");
    check(dweight, gw, "dweight");
    check(dbias, gb, "dbias");
}

TEST(LayernormBackward, MatchesDoubleOracleOnShapes) {
    const int shapes[][2] = {{1, 2}, {1, 7}, {3, 2}, {5, 13}, {2, 64}, {7, 31}, {4, 768}};
    std::uint64_t seed = 200;
    for (const auto& s : shapes) {
        const int N = s[0], C = s[1];
        ExpectLayernormBackwardMatchesOracle(random_floats(std::size_t(N) * C, seed, 2.0, 0.5),
                                             random_floats(C, seed + 1, 0.5, 1.0),
                                             random_floats(std::size_t(N) * C, seed + 2), N, C);
        seed += 3;
    }
}

TEST(LayernormBackward, AddsIntoNonZeroGradients) {
    // The backward adds (+=): buffers holding 0.75 end at 0.75 + the gradient.
    ExpectLayernormBackwardMatchesOracle(random_floats(5 * 9, 81, 1.0, 2.0), random_floats(9, 82, 0.5, 1.0),
                                         random_floats(5 * 9, 83), 5, 9, 0.75f);
}

TEST(LayernormBackward, WeightAndBiasGradientsSumOverRows) {
    // dweight and dbias are sums over all N = 6 rows: each row alone, added up, gives the total.
    const int N = 6, C = 4;
    const Floats x = random_floats(std::size_t(N) * C, 91), w = random_floats(C, 92, 0.5, 1.0),
                 dout = random_floats(std::size_t(N) * C, 93, 1.0, 0.5);
    const Norm fwd = layernorm_oracle(x, w, Floats(C, 0.0f), N, C);
    const Floats mean = as_floats(fwd.mean), rstd = as_floats(fwd.rstd);
    Floats dinp(std::size_t(N) * C, 0.0f), dweight(C, 0.0f), dbias(C, 0.0f);
    layernorm_backward(dinp, dweight, dbias, dout, x, w, mean, rstd, N, C);
    Doubles sum_w(C, 0.0), sum_b(C, 0.0);
    for (int n = 0; n < N; ++n)
        for (int c = 0; c < C; ++c) {
            sum_w[c] += double(dout[n * C + c]) * fwd.xhat[n * C + c];
            sum_b[c] += dout[n * C + c];
        }
    EXPECT_TRUE(AllCloseD(Doubles(dweight.begin(), dweight.end()), sum_w, {32 * kU * N * 2.0, 0.0}, {C}))
        << "dweight[c] = sum over every row n of dout[n, c] xhat[n, c]";
    EXPECT_TRUE(AllCloseD(Doubles(dbias.begin(), dbias.end()), sum_b, {32 * kU * N * 2.0, 0.0}, {C}))
        << "dbias[c] = sum over every row n of dout[n, c]";
}

TEST(LayernormBackward, InputGradientSumsToZeroPerRow) {
    // out does not change when a constant is added to a row, so sum_c dinp[n, c] = 0 for every row;
    // the float sum of C = 50 terms of size rstd G (1 + X)^2 is zero to 64 u times that.
    const int N = 4, C = 50;
    const Floats x = random_floats(std::size_t(N) * C, 101, 3.0, -1.0), w = random_floats(C, 102, 0.5, 1.0),
                 dout = random_floats(std::size_t(N) * C, 103, 1.0, 0.3);
    const Norm fwd = layernorm_oracle(x, w, Floats(C, 0.0f), N, C);
    const Floats mean = as_floats(fwd.mean), rstd = as_floats(fwd.rstd);
    Floats dinp(std::size_t(N) * C, 0.0f), dweight(C, 0.0f), dbias(C, 0.0f);
    layernorm_backward(dinp, dweight, dbias, dout, x, w, mean, rstd, N, C);
    const BackwardTolerances tol = backward_tolerances(dout, x, w, mean, rstd, N, C);
    for (int n = 0; n < N; ++n) {
        double s = 0.0;
        for (int c = 0; c < C; ++c) s += dinp[n * C + c];
        EXPECT_NEAR(s, 0.0, 2.0 * C * tol.dinp.atol) << "row " << n << ": sum_c dinp[n, c] (the path through the mean)";
    }
}

TEST(LayernormBackward, ConstantRowHasFiniteGradient) {
    // var = 0: xhat = 0, rstd = 1 / sqrt(1e-5), dinp = rstd (g - mean(g)), dweight += 0, dbias += dout.
    const int C = 4;
    const Floats x(C, -3.5f), w = {1, 2, 3, 4}, dout = {1, 0, 0, 0}, mean = {-3.5f}, rstd = {float(1.0 / std::sqrt(kEps))};
    Floats dinp(C, 0.0f), dweight(C, 0.0f), dbias(C, 0.0f);
    layernorm_backward(dinp, dweight, dbias, dout, x, w, mean, rstd, 1, C);
    const double r = rstd[0];  // g = (1, 0, 0, 0), mean(g) = 1/4
    EXPECT_TRUE(AllCloseD(Doubles(dinp.begin(), dinp.end()), {0.75 * r, -0.25 * r, -0.25 * r, -0.25 * r},
                         {0.0, 4 * kU}, {1, C}));
    EXPECT_TRUE(AllCloseD(Doubles(dweight.begin(), dweight.end()), Doubles(C, 0.0), {0.0, 0.0}, {C}));
    EXPECT_TRUE(AllCloseD(Doubles(dbias.begin(), dbias.end()), {1, 0, 0, 0}, {0.0, 0.0}, {C}));
}

TEST(LayernormBackward, SingleChannelPassesOnlyBias) {
    // C = 1: out = bias whatever x, so dinp = 0 and dweight = 0 (xhat = 0); dbias sums dout.
    const Floats x = {2.0f, -1.0f, 5.0f}, w = {3.0f}, dout = {0.5f, -2.0f, 1.25f}, mean = x;
    const Floats rstd(3, float(1.0 / std::sqrt(kEps)));
    Floats dinp(3, 0.0f), dweight(1, 0.0f), dbias(1, 0.0f);
    layernorm_backward(dinp, dweight, dbias, dout, x, w, mean, rstd, 3, 1);
    for (int n = 0; n < 3; ++n) EXPECT_EQ(dinp[n], 0.0f) << "dinp[" << n << "]";
    EXPECT_EQ(dweight[0], 0.0f);
    EXPECT_EQ(dbias[0], -0.25f);
}

TEST(LayernormBackward, RefusesBadInput) {
    const int N = 2, C = 3;
    Floats dinp(6), dw(3), db(3);
    const Floats dout(6, 1.0f), inp = random_floats(6, 111), w(3, 1.0f), mean(2, 0.0f), rstd(2, 1.0f);
    layernorm_backward(dinp, dw, db, dout, inp, w, mean, rstd, N, C);
    SUCCEED() << kValidCallFirst;
    EXPECT_TRUE(ThrowsInvalidArgument([&] { layernorm_backward(dinp, dw, db, dout, inp, w, mean, rstd, 0, C); }, {"N = 0"}));
    EXPECT_TRUE(ThrowsInvalidArgument([&] { layernorm_backward(dinp, dw, db, dout, inp, w, mean, rstd, N, -2); }, {"C = -2"}));
    Floats bad5(5), bad4(4), bad1(1);
    const Floats cbad5(5), cbad4(4), cbad1(1);
    EXPECT_TRUE(ThrowsInvalidArgument([&] { layernorm_backward(bad5, dw, db, dout, inp, w, mean, rstd, N, C); }, {"dinp"}));
    EXPECT_TRUE(ThrowsInvalidArgument([&] { layernorm_backward(dinp, bad4, db, dout, inp, w, mean, rstd, N, C); }, {"dweight"}));
    EXPECT_TRUE(ThrowsInvalidArgument([&] { layernorm_backward(dinp, dw, bad4, dout, inp, w, mean, rstd, N, C); }, {"dbias"}));
    EXPECT_TRUE(ThrowsInvalidArgument([&] { layernorm_backward(dinp, dw, db, cbad5, inp, w, mean, rstd, N, C); }, {"dout"}));
    EXPECT_TRUE(ThrowsInvalidArgument([&] { layernorm_backward(dinp, dw, db, dout, cbad5, w, mean, rstd, N, C); }, {"inp"}));
    EXPECT_TRUE(ThrowsInvalidArgument([&] { layernorm_backward(dinp, dw, db, dout, inp, cbad4, mean, rstd, N, C); }, {"weight"}));
    EXPECT_TRUE(ThrowsInvalidArgument([&] { layernorm_backward(dinp, dw, db, dout, inp, w, cbad1, rstd, N, C); }, {"mean"}));
    EXPECT_TRUE(ThrowsInvalidArgument([&] { layernorm_backward(dinp, dw, db, dout, inp, w, mean, cbad1, N, C); }, {"rstd"}));
}

// ---- rmsnorm_forward ----

TEST(RmsnormForward, HandWorkedRow) {
    // x = (3, 4): mean square (9 + 16) / 2 = 12.5, rstd = 1 / sqrt(12.5 + 1e-5); no mean is
    // subtracted (a layer norm would give (-1, 1)). weight (2, -1): out = (6 r, -4 r).
    const Floats x = {3, 4}, w = {2, -1};
    const RmsnormResult got = run_rmsnorm(x, w, 1, 2);
    const double r = 1.0 / std::sqrt(12.5 + 1e-5);
    EXPECT_TRUE(AllCloseD(Doubles(got.out.begin(), got.out.end()), {6 * r, -4 * r}, {0.0, 4 * kU}, {1, 2}));
    EXPECT_NEAR(got.rstd[0], r, 2 * kU * r);
}

TEST(RmsnormForward, MatchesTorchRmsNorm) {
    using namespace golden;
    const Floats x(std::begin(kNormXRms), std::end(kNormXRms)), w(std::begin(kNormWeight), std::end(kNormWeight));
    const RmsnormResult got = run_rmsnorm(x, w, kNormN, kNormC, kRmsEps);
    // |xhat| <= sqrt(C) = 2.3, |w| <= 1.1: 8 u 2.6 < 1.3e-6. Row 3 has mean square ~ 1e-6, where eps
    // = 1e-6 (not the default 1e-5) halves rstd^2: ignoring eps fails there.
    EXPECT_TRUE(AllClose(got.out, as_floats(kRmsOut), {8 * kU * 2.6, 0.0}, {kNormN, kNormC}));
    EXPECT_TRUE(AllCloseD(Doubles(got.rstd.begin(), got.rstd.end()), Doubles(std::begin(kRmsRstd), std::end(kRmsRstd)),
                         {0.0, 4 * kU}, {kNormN}));
}

TEST(RmsnormForward, MatchesDoubleOracleOnShapes) {
    const int shapes[][2] = {{1, 1}, {1, 7}, {3, 2}, {5, 13}, {7, 31}, {4, 768}};
    std::uint64_t seed = 300;
    for (const auto& s : shapes)
        for (float eps : {1e-5f, 1e-6f, 0.25f}) {
            const int N = s[0], C = s[1];
            SCOPED_TRACE(::testing::Message() << "N = " << N << ", C = " << C << ", eps = " << eps);
            const Floats x = random_floats(std::size_t(N) * C, seed, 1.0, 0.5), w = random_floats(C, seed + 1, 0.5, 1.0);
            const RmsnormResult got = run_rmsnorm(x, w, N, C, eps);
            const Norm want = rmsnorm_oracle(x, w, N, C, eps);
            EXPECT_TRUE(AllClose(got.out, as_floats(want.out), forward_tolerance(want, w, {}), {N, C}));
            EXPECT_TRUE(AllCloseD(Doubles(got.rstd.begin(), got.rstd.end()), want.rstd, {0.0, 4 * kU}, {N}));
            seed += 2;
        }
}

TEST(RmsnormForward, OffsetIsNotSubtracted) {
    // A constant row x = 10: rms = 10, out = weight (to eps / 200 relative); a layer norm (mean
    // subtracted) would give 0. Around 1e4 with spread 1e-2, out ~ weight as well.
    const int C = 5;
    const Floats w = {1, 2, 3, 4, 5};
    const RmsnormResult got = run_rmsnorm(Floats(C, 10.0f), w, 1, C);
    EXPECT_TRUE(AllClose(got.out, w, {0.0, 4 * kU + 1e-7}, {1, C})) << "rmsnorm of a constant row is the weight";
    const Floats x = random_floats(3 * C, 121, 1e-2, 1e4);
    const RmsnormResult big = run_rmsnorm(x, w, 3, C);
    const Norm want = rmsnorm_oracle(x, w, 3, C, 1e-5);
    EXPECT_TRUE(AllClose(big.out, as_floats(want.out), forward_tolerance(want, w, {}), {3, C}));
}

TEST(RmsnormForward, ZeroRowAndScales) {
    // An all-zero row: rstd = 1 / sqrt(eps), out = 0 (eps keeps it finite). Then scales 1e-20 to
    // 1e18: x^2 underflows or overflows in float, never in double.
    const int C = 4;
    const Floats w = {1, -1, 2, 0.5f};
    const RmsnormResult zero = run_rmsnorm(Floats(C, 0.0f), w, 1, C, 1e-6f);
    for (int c = 0; c < C; ++c) EXPECT_EQ(zero.out[c], 0.0f);
    EXPECT_NEAR(zero.rstd[0], 1000.0, 4 * kU * 1000.0) << "rstd = 1 / sqrt(0 + eps), eps = 1e-6";
    for (double scale : {1e-20, 1e-3, 1e3, 1e18}) {
        SCOPED_TRACE(::testing::Message() << "scale " << scale);
        const Floats x = random_floats(2 * C, 131, scale);
        const RmsnormResult got = run_rmsnorm(x, w, 2, C, 1e-30f);
        const Norm want = rmsnorm_oracle(x, w, 2, C, double(1e-30f));
        EXPECT_TRUE(AllClose(got.out, as_floats(want.out), forward_tolerance(want, w, {}), {2, C}));
    }
}

TEST(RmsnormForward, RefusesBadInput) {
    Floats out(6), rstd(2);
    const Floats inp = random_floats(6, 141), w(3, 1.0f);
    rmsnorm_forward(out, rstd, inp, w, 2, 3);
    SUCCEED() << kValidCallFirst;
    EXPECT_TRUE(ThrowsInvalidArgument([&] { rmsnorm_forward(out, rstd, inp, w, 0, 3); }, {"N = 0"}));
    EXPECT_TRUE(ThrowsInvalidArgument([&] { rmsnorm_forward(out, rstd, inp, w, 2, -3); }, {"C = -3"}));
    for (float eps : {0.0f, -1e-5f, kNaN, std::numeric_limits<float>::infinity(), -std::numeric_limits<float>::infinity()})
        EXPECT_TRUE(ThrowsInvalidArgument([&] { rmsnorm_forward(out, rstd, inp, w, 2, 3, eps); }, {"eps"}))
            << "eps = " << eps;
    Floats out5(5), rstd3(3);
    const Floats inp7(7), w4(4);
    EXPECT_TRUE(ThrowsInvalidArgument([&] { rmsnorm_forward(out5, rstd, inp, w, 2, 3); }, {"out", "5"}));
    EXPECT_TRUE(ThrowsInvalidArgument([&] { rmsnorm_forward(out, rstd3, inp, w, 2, 3); }, {"rstd", "3"}));
    EXPECT_TRUE(ThrowsInvalidArgument([&] { rmsnorm_forward(out, rstd, inp7, w, 2, 3); }, {"inp", "7"}));
    EXPECT_TRUE(ThrowsInvalidArgument([&] { rmsnorm_forward(out, rstd, inp, w4, 2, 3); }, {"weight", "4"}));
}

// ---- rmsnorm_backward ----

TEST(RmsnormBackward, HandWorkedPair) {
    // x = (3, 4), weight 1, eps -> rstd r = 1 / sqrt(12.5 + 1e-5); xhat = (3r, 4r). dout = (1, 0):
    // g = (1, 0), mean(g xhat) = 3r / 2, dinp = r (g - xhat 3r/2) = r (1 - 4.5 r^2, -6 r^2)
    // = (0.0565..., -0.1357...) (eps aside: (8/125) / sqrt(12.5) and -(12/25) / sqrt(12.5) / ... ).
    const Floats x = {3, 4}, w = {1, 1}, dout = {1, 0};
    const double r = 1.0 / std::sqrt(12.5 + 1e-5);
    const Floats rstd = {float(r)};
    Floats dinp(2, 0.0f), dweight(2, 0.0f);
    rmsnorm_backward(dinp, dweight, dout, x, w, rstd, 1, 2);
    const double rf = rstd[0];
    EXPECT_TRUE(AllCloseD(Doubles(dinp.begin(), dinp.end()), {rf * (1 - 4.5 * rf * rf), rf * (-6 * rf * rf)},
                         {16 * kU, 0.0}, {1, 2}))
        << "dinp = rstd (g - xhat mean(g xhat)), with no mean(g) term (that is layernorm's)";
    EXPECT_TRUE(AllCloseD(Doubles(dweight.begin(), dweight.end()), {3 * rf, 0.0}, {4 * kU, 0.0}, {2}));
}

TEST(RmsnormBackward, MatchesTorchRmsNormBackward) {
    using namespace golden;
    const int N = kNormN, C = kNormC;
    const Floats x(std::begin(kNormXRms), std::end(kNormXRms)), w(std::begin(kNormWeight), std::end(kNormWeight)),
        dout(std::begin(kNormDout), std::end(kNormDout));
    const Floats rstd = as_floats(Doubles(std::begin(kRmsRstd), std::end(kRmsRstd)));
    Floats dinp(std::size_t(N) * C, 0.0f), dweight(C, 0.0f);
    rmsnorm_backward(dinp, dweight, dout, x, w, rstd, N, C);
    // rstd rounded to float moves xhat by u X and dinp by ~ 3 u rstd G X^2 besides the arithmetic's
    // (C + 16) u rstd G (1 + X)^2; row by row (row 3's rstd is 687). G < 3, X < 2.3.
    for (int n = 0; n < N; ++n) {
        const double r = kRmsRstd[n], atol = (C + 20) * kU * r * 3.0 * 3.3 * 3.3;
        EXPECT_TRUE(AllCloseD(Doubles(dinp.begin() + n * C, dinp.begin() + (n + 1) * C),
                             Doubles(kRmsDinp + n * C, kRmsDinp + (n + 1) * C), {atol, 0.0}, {C}))
            << "dinp, row " << n << " (rstd " << r << ")";
    }
    EXPECT_TRUE(AllCloseD(Doubles(dweight.begin(), dweight.end()), Doubles(std::begin(kRmsDweight), std::end(kRmsDweight)),
                         {64 * kU * 20, 0.0}, {C}));
}

double rmsnorm_loss(const Vector& x, const Vector& w, const Floats& dout, int N, int C, double eps) {
    double loss = 0.0;
    for (int n = 0; n < N; ++n) {
        double ms = 0.0;
        for (int c = 0; c < C; ++c) ms += x[n * C + c] * x[n * C + c];
        const double r = 1.0 / std::sqrt(ms / C + eps);
        for (int c = 0; c < C; ++c) loss += x[n * C + c] * r * w[c] * dout[std::size_t(n) * C + c];
    }
    return loss;
}

TEST(RmsnormBackward, FiniteDifferencesInDouble) {
    // As for layernorm: the double numerical gradient against the float backward, 1e-4 of its size.
    // eps = 0.5, large beside the mean square (~1/3), so that rstd's eps is exercised.
    const int N = 3, C = 7;
    const double eps = 0.5;
    const Floats x = random_floats(std::size_t(N) * C, 151, 1.0, 0.2), w = random_floats(C, 152, 0.5, 1.0),
                 dout = random_floats(std::size_t(N) * C, 153);
    const Norm fwd = rmsnorm_oracle(x, w, N, C, eps);
    const Floats rstd = as_floats(fwd.rstd);
    Floats dinp(std::size_t(N) * C, 0.0f), dweight(C, 0.0f);
    rmsnorm_backward(dinp, dweight, dout, x, w, rstd, N, C);
    const Vector xv = to_vector(x), wv = to_vector(w);
    const Vector gx = numerical_gradient([&](const Vector& v) { return rmsnorm_loss(v, wv, dout, N, C, eps); }, xv);
    const Vector gw = numerical_gradient([&](const Vector& v) { return rmsnorm_loss(xv, v, dout, N, C, eps); }, wv);
    const auto check = [](const Floats& got, const Vector& want, const char* what) {
        const Doubles w(want.data(), want.data() + want.size());
        EXPECT_TRUE(AllCloseD(Doubles(got.begin(), got.end()), w, {1e-4 * std::max(1.0, max_abs(w)), 0.0})) << what;
    };
    check(dinp, gx, "dinp");
    check(dweight, gw, "dweight");
}

TEST(RmsnormBackward, MatchesDoubleOracleAndAdds) {
    // Shapes with 1 and primes; buffers start at 0 or at -1.5 (the backward adds).
    const int shapes[][2] = {{1, 1}, {1, 7}, {3, 2}, {5, 13}, {7, 31}, {4, 768}};
    std::uint64_t seed = 400;
    for (const auto& s : shapes)
        for (float init : {0.0f, -1.5f}) {
            const int N = s[0], C = s[1];
            SCOPED_TRACE(::testing::Message() << "N = " << N << ", C = " << C << ", initial gradients " << init);
            const Floats x = random_floats(std::size_t(N) * C, seed, 1.0, 0.5), w = random_floats(C, seed + 1, 0.5, 1.0),
                         dout = random_floats(std::size_t(N) * C, seed + 2);
            const Floats rstd = as_floats(rmsnorm_oracle(x, w, N, C, 1e-5).rstd);
            Floats dinp(std::size_t(N) * C, init), dweight(C, init);
            rmsnorm_backward(dinp, dweight, dout, x, w, rstd, N, C);
            Grads want = norm_backward_oracle(dout, x, w, {}, rstd, N, C);
            for (double& v : want.dinp) v += init;
            for (double& v : want.dweight) v += init;
            BackwardTolerances tol = backward_tolerances(dout, x, w, {}, rstd, N, C);
            tol.dinp.atol += kU * std::abs(init);
            EXPECT_TRUE(AllCloseD(Doubles(dinp.begin(), dinp.end()), want.dinp, tol.dinp, {N, C})) << "dinp";
            EXPECT_TRUE(AllCloseD(Doubles(dweight.begin(), dweight.end()), want.dweight, tol.dweight, {C}))
                << "dweight: the sum over the N rows of dout xhat";
            seed += 3;
        }
}

TEST(RmsnormBackward, RefusesBadInput) {
    Floats dinp(6), dw(3);
    const Floats dout(6, 1.0f), inp = random_floats(6, 161), w(3, 1.0f), rstd(2, 1.0f);
    rmsnorm_backward(dinp, dw, dout, inp, w, rstd, 2, 3);
    SUCCEED() << kValidCallFirst;
    EXPECT_TRUE(ThrowsInvalidArgument([&] { rmsnorm_backward(dinp, dw, dout, inp, w, rstd, 0, 3); }, {"N = 0"}));
    EXPECT_TRUE(ThrowsInvalidArgument([&] { rmsnorm_backward(dinp, dw, dout, inp, w, rstd, 2, 0); }, {"C = 0"}));
    Floats bad5(5), bad4(4);
    const Floats cbad5(5), cbad4(4), cbad1(1);
    EXPECT_TRUE(ThrowsInvalidArgument([&] { rmsnorm_backward(bad5, dw, dout, inp, w, rstd, 2, 3); }, {"dinp"}));
    EXPECT_TRUE(ThrowsInvalidArgument([&] { rmsnorm_backward(dinp, bad4, dout, inp, w, rstd, 2, 3); }, {"dweight"}));
    EXPECT_TRUE(ThrowsInvalidArgument([&] { rmsnorm_backward(dinp, dw, cbad5, inp, w, rstd, 2, 3); }, {"dout"}));
    EXPECT_TRUE(ThrowsInvalidArgument([&] { rmsnorm_backward(dinp, dw, dout, cbad5, w, rstd, 2, 3); }, {"inp"}));
    EXPECT_TRUE(ThrowsInvalidArgument([&] { rmsnorm_backward(dinp, dw, dout, inp, cbad4, rstd, 2, 3); }, {"weight"}));
    EXPECT_TRUE(ThrowsInvalidArgument([&] { rmsnorm_backward(dinp, dw, dout, inp, w, cbad1, 2, 3); }, {"rstd"}));
}

TEST(LayernormAndRmsnorm, ReadNothingPastTheirBuffers) {
    // Every input ends at an inaccessible page (PageGuardedArray): a read even one float past the
    // end of inp, weight, bias, dout, mean or rstd crashes. C = 16 and 24 are whole multiples of the
    // 8- or 16-wide blocks a vectorized or unrolled row loop might use, where an off-by-one block
    // bound reads the next row's (or past the last row's) values. The results must still match.
    using course::testing::PageGuardedArray;
    for (int C : {16, 24}) {
        const int N = 3;
        SCOPED_TRACE(::testing::Message() << "N = " << N << ", C = " << C);
        const Floats x_ = random_floats(std::size_t(N) * C, 171, 1.0, 0.5), w_ = random_floats(C, 172, 0.5, 1.0),
                     b_ = random_floats(C, 173), dy_ = random_floats(std::size_t(N) * C, 174);
        const Norm ln = layernorm_oracle(x_, w_, b_, N, C);
        const Norm rms = rmsnorm_oracle(x_, w_, N, C, 1e-5);
        const Floats mean_ = as_floats(ln.mean), rstd_ = as_floats(ln.rstd), rrstd_ = as_floats(rms.rstd);
        const PageGuardedArray<float> x(x_), w(w_), b(b_), dy(dy_), mean(mean_), rstd(rstd_), rrstd(rrstd_);

        Floats out(std::size_t(N) * C, kNaN), m(N, kNaN), r(N, kNaN);
        layernorm_forward(out, m, r, x.span(), w.span(), b.span(), N, C);
        EXPECT_TRUE(AllClose(out, as_floats(ln.out), forward_tolerance(ln, w_, b_), {N, C})) << "layernorm_forward";
        rmsnorm_forward(out, r, x.span(), w.span(), N, C);
        EXPECT_TRUE(AllClose(out, as_floats(rms.out), forward_tolerance(rms, w_, {}), {N, C})) << "rmsnorm_forward";

        Floats dinp(std::size_t(N) * C, 0.0f), dw(C, 0.0f), db(C, 0.0f);
        layernorm_backward(dinp, dw, db, dy.span(), x.span(), w.span(), mean.span(), rstd.span(), N, C);
        const Grads want = norm_backward_oracle(dy_, x_, w_, mean_, rstd_, N, C);
        const BackwardTolerances tol = backward_tolerances(dy_, x_, w_, mean_, rstd_, N, C);
        EXPECT_TRUE(AllCloseD(Doubles(dinp.begin(), dinp.end()), want.dinp, tol.dinp, {N, C})) << "layernorm_backward";
        std::fill(dinp.begin(), dinp.end(), 0.0f);
        std::fill(dw.begin(), dw.end(), 0.0f);
        rmsnorm_backward(dinp, dw, dy.span(), x.span(), w.span(), rrstd.span(), N, C);
        const Grads rwant = norm_backward_oracle(dy_, x_, w_, {}, rrstd_, N, C);
        const BackwardTolerances rtol = backward_tolerances(dy_, x_, w_, {}, rrstd_, N, C);
        EXPECT_TRUE(AllCloseD(Doubles(dinp.begin(), dinp.end()), rwant.dinp, rtol.dinp, {N, C})) << "rmsnorm_backward";
    }
}

}  // namespace
}  // namespace course::attention
