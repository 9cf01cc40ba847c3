// Tests for exercise 6, batch normalization (modules/backprop/learner/batchnorm.cpp).
//
// Oracles: a batch of two worked by hand (each value says how); the formulas written again below
// as plain double loops (the statistics two-pass in double from the same float inputs); central
// differences in double of a double re-implementation of the training forward, for every input,
// gamma and beta (never the code under test); torch.nn.BatchNorm1d's values frozen in
// fixtures/batchnorm_golden.hpp (the script beside it made them). Outputs are pre-filled with NaN,
// so an element never written shows up. Every test calls a function of the exercise on valid
// input first, so a stub shows "not started".
//
// Tolerances. u = 2^-24. The forward stores mean and rstd as floats and may subtract in float:
// out[b, c] is off by a few u times |gamma| rstd (|inp| + |mean|) + |beta| (the float mean alone
// is off by u |mean|, which moves xhat by u |mean| rstd); we allow 8 of them. The backward sums
// B terms of size |dout| (|xhat| + 1) and divides by B: in float that is B u times them, plus the
// rounding of the float mean and rstd it is given; we allow (B + 16) u times the largest term.
#include "backprop/batchnorm.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <functional>
#include <limits>
#include <span>
#include <vector>

#include "course/eigen.hpp"
#include "course/random.hpp"
#include "course/testing.hpp"
#include "fixtures/batchnorm_golden.hpp"

namespace course::backprop {
namespace {

using course::testing::AllClose;
using course::testing::GuardedBuffer;
using course::testing::kSentinel;
using course::testing::kValidCallFirst;
using course::testing::numerical_gradient;
using course::testing::ThrowsInvalidArgument;
using course::testing::Tolerance;

constexpr float kNaN = std::numeric_limits<float>::quiet_NaN();
constexpr double kU = std::numeric_limits<float>::epsilon() / 2.0;  // u = 2^-24

using Floats = std::vector<float>;
using Doubles = std::vector<double>;

Doubles as_doubles(std::span<const float> v) { return Doubles(v.begin(), v.end()); }

// ---- The oracle: the formulas again, in double ----

// Stats: per feature, the batch mean, the biased variance and 1 / sqrt(var + eps), in double from
// the float inputs (two passes).
struct Stats {
    Doubles mean, var, rstd;
};

Stats batch_stats(const Doubles& inp, int B, int C, double eps) {
    Stats s{Doubles(C, 0.0), Doubles(C, 0.0), Doubles(C, 0.0)};
    for (int c = 0; c < C; ++c) {
        double sum = 0.0;
        for (int b = 0; b < B; ++b) sum += inp[size_t(b) * C + c];
        s.mean[c] = sum / B;
        double sq = 0.0;
        for (int b = 0; b < B; ++b) {
            const double d = inp[size_t(b) * C + c] - s.mean[c];
            sq += d * d;
        }
        s.var[c] = sq / B;
        s.rstd[c] = 1.0 / std::sqrt(s.var[c] + eps);
    }
    return s;
}

// normalize: gamma (inp - mean) rstd + beta, row by row, with per-feature mean and rstd.
Doubles normalize(const Doubles& inp, const Doubles& mean, const Doubles& rstd, const Floats& gamma,
                  const Floats& beta, int B, int C) {
    Doubles out(size_t(B) * C);
    for (int b = 0; b < B; ++b)
        for (int c = 0; c < C; ++c) {
            const size_t i = size_t(b) * C + c;
            out[i] = gamma[c] * (inp[i] - mean[c]) * rstd[c] + beta[c];
        }
    return out;
}

// forward_tolerance: 8 u max over [b, c] of |gamma| rstd (|inp| + |mean|) + |beta| (see the top).
Tolerance forward_tolerance(const Doubles& inp, const Doubles& mean, const Doubles& rstd, const Floats& gamma,
                            const Floats& beta, int B, int C) {
    double m = 0.0;
    for (int b = 0; b < B; ++b)
        for (int c = 0; c < C; ++c)
            m = std::max(m, std::abs(gamma[c]) * rstd[c] * (std::abs(inp[size_t(b) * C + c]) + std::abs(mean[c])) +
                                std::abs(beta[c]));
    return {8.0 * kU * m, 0.0};
}

// TrainResult: what batchnorm_forward_train wrote.
struct TrainResult {
    Floats out, mean, rstd, running_mean, running_var;
};

// run_train: batchnorm_forward_train on fresh NaN-filled outputs and copies of the running stats.
TrainResult run_train(const Floats& inp, const Floats& gamma, const Floats& beta, const Floats& running_mean,
                      const Floats& running_var, int B, int C, float momentum, float eps) {
    TrainResult r{Floats(size_t(B) * C, kNaN), Floats(C, kNaN), Floats(C, kNaN), running_mean, running_var};
    batchnorm_forward_train(r.out, r.mean, r.rstd, r.running_mean, r.running_var, inp, gamma, beta, B, C, momentum,
                            eps);
    return r;
}

// ExpectTrainMatchesOracle: everything batchnorm_forward_train wrote, against the double oracle.
void ExpectTrainMatchesOracle(const TrainResult& got, const Floats& inp, const Floats& gamma, const Floats& beta,
                              const Floats& running_mean, const Floats& running_var, int B, int C, double momentum,
                              double eps, double rstd_rtol = 8.0 * kU) {
    const Doubles x = as_doubles(inp);
    const Stats s = batch_stats(x, B, C, eps);
    const Doubles want = normalize(x, s.mean, s.rstd, gamma, beta, B, C);
    Doubles want_rm(C), want_rv(C);
    for (int c = 0; c < C; ++c) {
        want_rm[c] = (1.0 - momentum) * running_mean[c] + momentum * s.mean[c];
        want_rv[c] = (1.0 - momentum) * running_var[c] + momentum * s.var[c] * B / (B - 1);
    }
    EXPECT_TRUE(AllClose(as_doubles(got.out), want, forward_tolerance(x, s.mean, s.rstd, gamma, beta, B, C), {B, C}))
        << "out, B x C = " << B << " x " << C << ": out[b, c] = gamma[c] (inp[b, c] - mean[c]) rstd[c] + beta[c]";
    double max_mean = 0.0;
    for (double m : s.mean) max_mean = std::max(max_mean, std::abs(m));
    EXPECT_TRUE(AllClose(as_doubles(got.mean), s.mean, {4.0 * kU * max_mean, 2.0 * kU}))
        << "mean[c] = (1/B) sum_b inp[b, c], B x C = " << B << " x " << C;
    EXPECT_TRUE(AllClose(as_doubles(got.rstd), s.rstd, {0.0, rstd_rtol}))
        << "rstd[c] = 1 / sqrt(var[c] + eps), var biased (divided by B), eps = " << eps;
    // Two products and a sum in double, one rounding to float: a few u of the terms.
    double scale_rm = 0.0, scale_rv = 0.0;
    for (int c = 0; c < C; ++c) {
        scale_rm = std::max(scale_rm, std::abs(running_mean[c]) + std::abs(s.mean[c]));
        scale_rv = std::max(scale_rv, std::abs(running_var[c]) + s.var[c] * B / (B - 1));
    }
    EXPECT_TRUE(AllClose(as_doubles(got.running_mean), want_rm, {4.0 * kU * scale_rm, 0.0}))
        << "running_mean = (1 - momentum) running_mean + momentum mean, momentum = " << momentum;
    EXPECT_TRUE(AllClose(as_doubles(got.running_var), want_rv, {4.0 * kU * scale_rv, 0.0}))
        << "running_var = (1 - momentum) running_var + momentum var B / (B - 1) (the unbiased variance), momentum = "
        << momentum << ", B = " << B;
}

// eval_oracle: gamma (inp - running_mean) / sqrt(running_var + eps) + beta in double.
Doubles eval_oracle(const Floats& inp, const Floats& running_mean, const Floats& running_var, const Floats& gamma,
                    const Floats& beta, int B, int C, double eps, Tolerance* tol) {
    Doubles mean(C), rstd(C);
    for (int c = 0; c < C; ++c) {
        mean[c] = running_mean[c];
        rstd[c] = 1.0 / std::sqrt(double(running_var[c]) + eps);
    }
    const Doubles x = as_doubles(inp);
    *tol = forward_tolerance(x, mean, rstd, gamma, beta, B, C);
    return normalize(x, mean, rstd, gamma, beta, B, C);
}

// ---- The backward's oracle: central differences of a double forward ----

// train_loss: sum_{b, c} dout[b, c] out[b, c] for the training forward in double, with
// p = (inp (B * C), gamma (C), beta (C)). Its gradient is (dinp, dgamma, dbeta).
double train_loss(const Vector& p, const Floats& dout, int B, int C, double eps) {
    const size_t BC = size_t(B) * C;
    double loss = 0.0;
    for (int c = 0; c < C; ++c) {
        double sum = 0.0;
        for (int b = 0; b < B; ++b) sum += p[Eigen::Index(size_t(b) * C + c)];
        const double mean = sum / B;
        double sq = 0.0;
        for (int b = 0; b < B; ++b) {
            const double d = p[Eigen::Index(size_t(b) * C + c)] - mean;
            sq += d * d;
        }
        const double rstd = 1.0 / std::sqrt(sq / B + eps);
        const double gamma = p[Eigen::Index(BC + c)], beta = p[Eigen::Index(BC + C + c)];
        for (int b = 0; b < B; ++b) {
            const size_t i = size_t(b) * C + c;
            loss += dout[i] * (gamma * (p[Eigen::Index(i)] - mean) * rstd + beta);
        }
    }
    return loss;
}

// backward_tolerance: (B + 16) u times the largest term of dinp, gamma rstd (|dout| + (|xhat| +
// |mean| rstd) max|dout| (max|xhat| + 1)), with |gamma| rstd max|dout| |xhat| for dgamma, dbeta.
Tolerance backward_tolerance(const Doubles& inp, const Floats& dout, const Stats& s, const Floats& gamma, int B,
                             int C) {
    double m = 0.0;
    for (int c = 0; c < C; ++c) {
        double max_dout = 0.0, max_xhat = 0.0;
        for (int b = 0; b < B; ++b) {
            max_dout = std::max(max_dout, double(std::abs(dout[size_t(b) * C + c])));
            max_xhat = std::max(max_xhat, std::abs(inp[size_t(b) * C + c] - s.mean[c]) * s.rstd[c]);
        }
        const double dinp_term = std::abs(gamma[c]) * s.rstd[c] *
                                 (max_dout + (max_xhat + std::abs(s.mean[c]) * s.rstd[c] + 1.0) * max_dout *
                                                 (max_xhat + 1.0));
        m = std::max({m, dinp_term, B * max_dout * (max_xhat + 1.0)});
    }
    return {double(B + 16) * kU * m, 0.0};
}

// BackwardCase: seeded inputs and their gradients by central differences.
struct BackwardCase {
    int B, C;
    double eps;
    Floats inp, gamma, dout, mean, rstd;  // mean, rstd: the double statistics rounded to float
    Stats stats;
    Doubles want_dinp, want_dgamma, want_dbeta;
};

BackwardCase make_backward_case(int B, int C, double eps, std::uint64_t seed) {
    BackwardCase k{B, C, eps, random_floats(size_t(B) * C, seed), random_floats(C, seed + 1),
                   random_floats(size_t(B) * C, seed + 2), {}, {}, {}, {}, {}, {}};
    for (float& g : k.gamma) g += 1.5f;  // away from 0, either sign is fine
    const Floats beta = random_floats(C, seed + 3);
    k.stats = batch_stats(as_doubles(k.inp), B, C, eps);
    for (int c = 0; c < C; ++c) {
        k.mean.push_back(float(k.stats.mean[c]));
        k.rstd.push_back(float(k.stats.rstd[c]));
    }
    const size_t BC = size_t(B) * C;
    Vector p(Eigen::Index(BC + 2 * size_t(C)));
    for (size_t i = 0; i < BC; ++i) p[Eigen::Index(i)] = k.inp[i];
    for (int c = 0; c < C; ++c) {
        p[Eigen::Index(BC + c)] = k.gamma[c];
        p[Eigen::Index(BC + C + c)] = beta[c];
    }
    const Vector g = numerical_gradient([&](const Vector& q) { return train_loss(q, k.dout, B, C, eps); }, p);
    k.want_dinp.assign(g.data(), g.data() + BC);
    k.want_dgamma.assign(g.data() + BC, g.data() + BC + C);
    k.want_dbeta.assign(g.data() + BC + C, g.data() + BC + 2 * C);
    return k;
}

// ---- batchnorm_forward_train ----

TEST(BatchnormForwardTrain, HandWorkedBatchOfTwo) {
    // inp (2, 2) = [[1, 10], [3, 8]]: mean = (2, 9), var = (1, 1) (biased: ((-1)^2 + 1^2) / 2).
    // eps = 3 so that var + eps = 4: rstd = (1/2, 1/2), xhat = [[-1/2, 1/2], [1/2, -1/2]].
    // gamma = (2, -1), beta = (0.5, 1): out = gamma xhat + beta = [[-0.5, 0.5], [1.5, 1.5]].
    // momentum = 0.5 from running_mean = (0, 0), running_var = (1, 1): running_mean = (1, 4.5);
    // the unbiased variance is 1 * 2 / (2 - 1) = 2, so running_var = 0.5 * 1 + 0.5 * 2 = 1.5.
    const Floats inp = {1, 10, 3, 8}, gamma = {2, -1}, beta = {0.5f, 1};
    const TrainResult r = run_train(inp, gamma, beta, {0, 0}, {1, 1}, 2, 2, 0.5f, 3.0f);
    EXPECT_TRUE(AllClose(r.out, Floats{-0.5f, 0.5f, 1.5f, 1.5f}, {0.0, 0.0}, {2, 2}))
        << "out = gamma (inp - mean) / sqrt(var + eps) + beta; with eps outside the square root (1 / (sqrt(var) + "
           "eps) = 1/4) out would be [[0.25, 0.75], [0.75, 1.25]]";
    EXPECT_TRUE(AllClose(r.mean, Floats{2, 9}, {0.0, 0.0})) << "mean over the batch (down each column)";
    EXPECT_TRUE(AllClose(r.rstd, Floats{0.5f, 0.5f}, {0.0, 0.0})) << "rstd = 1 / sqrt(var + eps), var = 1, eps = 3";
    EXPECT_TRUE(AllClose(r.running_mean, Floats{1, 4.5f}, {0.0, 0.0})) << "running_mean = 0.5 * 0 + 0.5 * mean";
    EXPECT_TRUE(AllClose(r.running_var, Floats{1.5f, 1.5f}, {0.0, 0.0}))
        << "running_var = 0.5 * 1 + 0.5 * var * B / (B - 1) = 1.5; 1.0 is the biased variance";
}

TEST(BatchnormForwardTrain, MatchesDoubleOracle) {
    // Shapes with B = 2, B or C = 1, primes, B != C (a swapped stride shows), non-default momentum
    // and eps. out sits between sentinel margins: a write out of bounds shows up.
    struct Shape {
        int B, C;
    };
    std::uint64_t seed = 100;
    for (const Shape sh : {Shape{2, 1}, Shape{2, 3}, Shape{3, 5}, Shape{17, 7}, Shape{64, 3}, Shape{5, 31}}) {
        const int B = sh.B, C = sh.C;
        SCOPED_TRACE(::testing::Message() << "B x C = " << B << " x " << C << ", momentum 0.2, eps 1e-3, seed "
                                          << seed);
        Floats inp = random_floats(size_t(B) * C, seed), gamma = random_floats(C, seed + 1),
               beta = random_floats(C, seed + 2), rm = random_floats(C, seed + 3), rv = random_floats(C, seed + 4);
        for (float& v : inp) v = 3.0f * v + 0.5f;
        for (float& v : rv) v = v + 1.5f;
        const size_t margin = size_t(std::max(B, C)) * size_t(std::max(B, C)) + 64;
        GuardedBuffer out(Floats(size_t(B) * C, kNaN), margin, kSentinel);
        TrainResult r{{}, Floats(C, kNaN), Floats(C, kNaN), rm, rv};
        batchnorm_forward_train(out.span(), r.mean, r.rstd, r.running_mean, r.running_var, inp, gamma, beta, B, C,
                                0.2f, 1e-3f);
        EXPECT_TRUE(out.margins_hold(kSentinel)) << "batchnorm_forward_train wrote outside out (B * C elements)";
        r.out.assign(out.cspan().begin(), out.cspan().end());
        ExpectTrainMatchesOracle(r, inp, gamma, beta, rm, rv, B, C, double(0.2f), double(1e-3f));
        seed += 10;
    }
}

TEST(BatchnormForwardTrain, DefaultMomentumAndEps) {
    // Called without the options: momentum 0.1 and eps 1e-5, PyTorch's defaults. Small variances
    // (uniform in [-0.01, 0.01), var ~ 3e-5) make eps = 1e-5 change rstd by about 15%.
    const int B = 6, C = 4;
    Floats inp = random_floats(size_t(B) * C, 7), gamma = random_floats(C, 8), beta = random_floats(C, 9);
    for (float& v : inp) v *= 0.01f;
    const Floats rm = {0.5f, -0.5f, 0.25f, 2}, rv = {1, 2, 0.5f, 3};
    TrainResult r{Floats(size_t(B) * C, kNaN), Floats(C, kNaN), Floats(C, kNaN), rm, rv};
    batchnorm_forward_train(r.out, r.mean, r.rstd, r.running_mean, r.running_var, inp, gamma, beta, B, C);
    ExpectTrainMatchesOracle(r, inp, gamma, beta, rm, rv, B, C, double(0.1f), double(1e-5f));
}

TEST(BatchnormForwardTrain, RunningStatisticsAfterSeveralSteps) {
    // Five batches through one layer, momentum 0.25: the running averages forget each batch
    // geometrically. The oracle keeps them in double; the float ones round once a step, so they
    // may drift by a few u per step.
    const int B = 6, C = 4, kSteps = 5;
    const double momentum = 0.25;
    const Floats gamma = {1, 2, -1, 0.5f}, beta = {0, 1, -1, 0.25f};
    Floats rm = {0, 0, 0, 0}, rv = {1, 1, 1, 1};
    Doubles want_rm(rm.begin(), rm.end()), want_rv(rv.begin(), rv.end());
    for (int step = 0; step < kSteps; ++step) {
        Floats inp = random_floats(size_t(B) * C, 300 + step);
        for (size_t i = 0; i < inp.size(); ++i) inp[i] = inp[i] * float(1 + i % C) + float(step);
        TrainResult r{Floats(size_t(B) * C, kNaN), Floats(C, kNaN), Floats(C, kNaN), rm, rv};
        batchnorm_forward_train(r.out, r.mean, r.rstd, r.running_mean, r.running_var, inp, gamma, beta, B, C,
                                float(momentum), 1e-5f);
        rm = r.running_mean;
        rv = r.running_var;
        const Stats s = batch_stats(as_doubles(inp), B, C, 1e-5);
        for (int c = 0; c < C; ++c) {
            want_rm[c] = (1 - momentum) * want_rm[c] + momentum * s.mean[c];
            want_rv[c] = (1 - momentum) * want_rv[c] + momentum * s.var[c] * B / (B - 1);
        }
    }
    // Values below 20 after five steps of a few u each: 8 kSteps u relative is ample.
    EXPECT_TRUE(AllClose(as_doubles(rm), want_rm, {8.0 * kSteps * kU, 8.0 * kSteps * kU}))
        << "running_mean after " << kSteps << " steps of momentum " << momentum;
    EXPECT_TRUE(AllClose(as_doubles(rv), want_rv, {8.0 * kSteps * kU, 8.0 * kSteps * kU}))
        << "running_var after " << kSteps << " steps of momentum " << momentum
        << " (each step adds momentum * var * B / (B - 1), the unbiased variance)";
}

TEST(BatchnormForwardTrain, MomentumZeroKeepsAndOneReplacesTheRunningStatistics) {
    // The bounds of momentum's range. momentum = 0: the running statistics are unchanged, exactly.
    // momentum = 1: they are the batch's mean and unbiased variance.
    const int B = 4, C = 3;
    const Floats inp = {1, 2, 3, -1, 4, 5, 0, 6, 8, 4, 0, 0}, gamma = {1, 1, 1}, beta = {0, 0, 0};
    const Floats rm = {0.75f, -3, 11}, rv = {2, 0.125f, 9};
    const TrainResult keep = run_train(inp, gamma, beta, rm, rv, B, C, 0.0f, 1e-5f);
    EXPECT_TRUE(AllClose(keep.running_mean, rm, {0.0, 0.0})) << "momentum = 0 keeps running_mean";
    EXPECT_TRUE(AllClose(keep.running_var, rv, {0.0, 0.0})) << "momentum = 0 keeps running_var";
    // Columns: (1, -1, 0, 4) mean 1, sum of squares about it 0 + 4 + 1 + 9 = 14, unbiased 14/3;
    // (2, 4, 6, 0) mean 3, 1 + 1 + 9 + 9 = 20, unbiased 20/3; (3, 5, 8, 0) mean 4, 1 + 1 + 16 + 16 =
    // 34, unbiased 34/3.
    const TrainResult replace = run_train(inp, gamma, beta, rm, rv, B, C, 1.0f, 1e-5f);
    EXPECT_TRUE(AllClose(replace.running_mean, Floats{1, 3, 4}, {0.0, 0.0})) << "momentum = 1: running_mean = mean";
    EXPECT_TRUE(AllClose(as_doubles(replace.running_var), Doubles{14.0 / 3, 20.0 / 3, 34.0 / 3}, {0.0, 2 * kU}))
        << "momentum = 1: running_var = the unbiased variance, sum (x - mean)^2 / (B - 1)";
}

TEST(BatchnormForwardTrain, LargeOffsetNormalizesInFloat) {
    // Data around 1e4 with spread 1: E[x^2] ~ 1e8, whose float spacing is 8, so a one-pass
    // E[x^2] - mean^2 in float returns noise of order 8 (or a negative variance, and NaN) for a
    // variance of order 1. Two passes in double are exact to ~1e-12 here. rstd's tolerance adds the
    // shift of the variance about a float mean, (u 1e4)^2 ~ 4e-7.
    const int B = 256, C = 3;
    Floats inp = random_floats(size_t(B) * C, 2026);
    for (size_t i = 0; i < inp.size(); ++i) inp[i] = 1e4f + float(i % C) * 100.0f + inp[i];
    const Floats gamma = {1, 0.5f, -2}, beta = {0, 0.25f, 1}, rm = {0, 0, 0}, rv = {1, 1, 1};
    const TrainResult r = run_train(inp, gamma, beta, rm, rv, B, C, 0.1f, 1e-5f);
    ExpectTrainMatchesOracle(r, inp, gamma, beta, rm, rv, B, C, double(0.1f), double(1e-5f), 8 * kU + 1e-6);
    // The whole result: each column of (out - beta) / gamma has mean 0 and variance var / (var + eps).
    for (int c = 0; c < C; ++c) {
        double m = 0.0, v = 0.0;
        for (int b = 0; b < B; ++b) m += (r.out[size_t(b) * C + c] - beta[c]) / gamma[c];
        m /= B;
        for (int b = 0; b < B; ++b) v += std::pow((r.out[size_t(b) * C + c] - beta[c]) / gamma[c] - m, 2);
        v /= B;
        EXPECT_NEAR(m, 0.0, 1e-3) << "feature " << c << ": the normalized column must have mean 0";
        EXPECT_NEAR(v, 1.0, 1e-3) << "feature " << c << ": the normalized column must have variance ~1";
    }
}

TEST(BatchnormForwardTrain, HugeAndTinyMagnitudes) {
    // Not scale-invariant because of eps, and the statistics are double: data of size 1e20 (var
    // ~ 1e40, more than a float holds) still normalize, and running_var becomes +inf (the float
    // cannot hold 1e40). Data of size 1e-20 have var ~ 1e-40 << eps: out ~ beta + gamma (x - mean)
    // / sqrt(eps), which the oracle computes the same way.
    const int B = 5, C = 2;
    const Floats base = random_floats(size_t(B) * C, 55), gamma = {1.5f, -0.5f}, beta = {0.25f, 2};
    for (const float scale : {1e20f, 1e-20f}) {
        SCOPED_TRACE(::testing::Message() << "inp = " << scale << " * random, B x C = 5 x 2");
        Floats inp = base;
        for (float& v : inp) v *= scale;
        const TrainResult r = run_train(inp, gamma, beta, {0, 0}, {1, 1}, B, C, 0.1f, 1e-5f);
        const Doubles x = as_doubles(inp);
        const Stats s = batch_stats(x, B, C, double(1e-5f));
        EXPECT_TRUE(AllClose(as_doubles(r.out), normalize(x, s.mean, s.rstd, gamma, beta, B, C),
                             forward_tolerance(x, s.mean, s.rstd, gamma, beta, B, C), {B, C}))
            << "out: sum (x - mean)^2 overflows a float at |x| ~ 1e20 (and x^2 does); reduce in double";
        EXPECT_TRUE(AllClose(as_doubles(r.rstd), s.rstd, {0.0, 8 * kU})) << "rstd = 1 / sqrt(var + eps)";
        for (int c = 0; c < C; ++c) {
            const double want = 0.9 * 1.0 + double(0.1f) * s.var[c] * B / (B - 1);
            if (want > std::numeric_limits<float>::max())
                EXPECT_EQ(r.running_var[c], std::numeric_limits<float>::infinity())
                    << "running_var[" << c << "] = " << want << " does not fit in a float: +inf";
            else
                EXPECT_NEAR(r.running_var[c], want, 4 * kU * want) << "running_var[" << c << "]";
        }
    }
}

TEST(BatchnormForwardTrain, AllEqualFeatureGivesBeta) {
    // Feature 1 is constant (7, 7, 7): var = 0, rstd = 1 / sqrt(eps) (default eps 1e-5, about 316),
    // xhat = 0 and out = beta exactly. The running variance moves towards 0: 0.9 * 2 = 1.8.
    // Feature 0 is (1, 2, 3), as usual.
    const int B = 3, C = 2;
    const Floats inp = {1, 7, 2, 7, 3, 7}, gamma = {2, 3}, beta = {0.5f, -4};
    TrainResult r{Floats(size_t(B) * C, kNaN), Floats(C, kNaN), Floats(C, kNaN), {0, 0}, {2, 2}};
    batchnorm_forward_train(r.out, r.mean, r.rstd, r.running_mean, r.running_var, inp, gamma, beta, B, C);
    for (int b = 0; b < B; ++b) EXPECT_EQ(r.out[size_t(b) * C + 1], -4.0f) << "out[" << b << ", 1] = beta[1]";
    EXPECT_EQ(r.mean[1], 7.0f);
    EXPECT_NEAR(r.rstd[1], 1.0 / std::sqrt(double(1e-5f)), 2 * kU * 317)
        << "rstd of a constant feature = 1 / sqrt(0 + eps): finite (eps inside the square root)";
    EXPECT_NEAR(r.running_var[1], 1.8, 4 * kU * 2) << "running_var = 0.9 * 2 + 0.1 * 0";
    ExpectTrainMatchesOracle(r, inp, gamma, beta, {0, 0}, {2, 2}, B, C, double(0.1f), double(1e-5f));
}

TEST(BatchnormForwardTrain, NaNStaysInItsFeature) {
    // A NaN in inp[1, 1] and an infinity in inp[2, 2] spoil features 1 and 2 (mean, rstd, running
    // statistics, the whole column of out); features 0 and 3 are computed as usual.
    const int B = 3, C = 4;
    const Floats inp = {1, 2, 3, 4, 2, kNaN, 1, -1, 4, 0, std::numeric_limits<float>::infinity(), 2};
    const Floats gamma = {1, 1, 1, 2}, beta = {0, 0, 0, 1}, rm = {0, 0, 0, 0}, rv = {1, 1, 1, 1};
    const TrainResult r = run_train(inp, gamma, beta, rm, rv, B, C, 0.1f, 1e-5f);
    for (int c : {1, 2}) {
        for (int b = 0; b < B; ++b) EXPECT_TRUE(std::isnan(r.out[size_t(b) * C + c])) << "out[" << b << ", " << c << "]";
        EXPECT_TRUE(std::isnan(r.running_mean[c]) || std::isinf(r.running_mean[c])) << "running_mean[" << c << "]";
        EXPECT_TRUE(std::isnan(r.running_var[c])) << "running_var[" << c << "]";
    }
    const Floats clean_inp = {1, 4, 2, -1, 4, 2}, clean_gamma = {1, 2}, clean_beta = {0, 1};
    const TrainResult clean = run_train(clean_inp, clean_gamma, clean_beta, {0, 0}, {1, 1}, B, 2, 0.1f, 1e-5f);
    for (int b = 0; b < B; ++b) {
        EXPECT_EQ(r.out[size_t(b) * C + 0], clean.out[size_t(b) * 2 + 0]) << "feature 0 must not see the NaN";
        EXPECT_EQ(r.out[size_t(b) * C + 3], clean.out[size_t(b) * 2 + 1]) << "feature 3 must not see the NaN";
    }
    EXPECT_EQ(r.rstd[0], clean.rstd[0]);
    EXPECT_EQ(r.rstd[3], clean.rstd[1]);
}

// ---- batchnorm_forward_eval ----

TEST(BatchnormForwardEval, HandWorkedUsesRunningStatistics) {
    // One example (B = 1 is fine in evaluation), C = 2, running_mean = (1, -2), running_var = (1, 6),
    // eps = 3: sqrt(running_var + eps) = (2, 3). inp = (5, 4): xhat = ((5 - 1) / 2, (4 + 2) / 3) =
    // (2, 2); gamma = (0.5, -1), beta = (1, 0): out = (2, -2). With the batch's own statistics a
    // single example has var = 0 and out = beta = (1, 0).
    Floats out(2, kNaN);
    batchnorm_forward_eval(out, Floats{5, 4}, Floats{1, -2}, Floats{1, 6}, Floats{0.5f, -1}, Floats{1, 0}, 1, 2, 3.0f);
    EXPECT_TRUE(AllClose(out, Floats{2, -2}, {0.0, 0.0}))
        << "out = gamma (inp - running_mean) / sqrt(running_var + eps) + beta; (1, 0) is beta: the batch's own "
           "statistics were used";
    // Three rows, each normalized on its own.
    Floats out3(6, kNaN);
    batchnorm_forward_eval(out3, Floats{5, 4, 1, -2, -1, 1}, Floats{1, -2}, Floats{1, 6}, Floats{0.5f, -1},
                           Floats{1, 0}, 3, 2, 3.0f);
    EXPECT_TRUE(AllClose(out3, Floats{2, -2, 1, 0, 0.5f, -1}, {0.0, 0.0}, {3, 2}));
}

TEST(BatchnormForwardEval, MatchesDoubleOracle) {
    struct Shape {
        int B, C;
    };
    std::uint64_t seed = 500;
    for (const Shape sh : {Shape{1, 1}, Shape{1, 6}, Shape{4, 3}, Shape{13, 7}, Shape{3, 29}}) {
        const int B = sh.B, C = sh.C;
        for (const float eps : {1e-5f, 0.5f}) {
            SCOPED_TRACE(::testing::Message() << "B x C = " << B << " x " << C << ", eps " << eps << ", seed " << seed);
            Floats inp = random_floats(size_t(B) * C, seed), gamma = random_floats(C, seed + 1),
                   beta = random_floats(C, seed + 2), rm = random_floats(C, seed + 3), rv = random_floats(C, seed + 4);
            for (float& v : rv) v = 0.1f * v * v;  // small variances: eps matters
            Floats out(size_t(B) * C, kNaN);
            if (eps == 1e-5f)
                batchnorm_forward_eval(out, inp, rm, rv, gamma, beta, B, C);  // the default eps
            else
                batchnorm_forward_eval(out, inp, rm, rv, gamma, beta, B, C, eps);
            Tolerance tol;
            const Doubles want = eval_oracle(inp, rm, rv, gamma, beta, B, C, double(eps), &tol);
            EXPECT_TRUE(AllClose(as_doubles(out), want, tol, {B, C}));
            seed += 10;
        }
    }
}

TEST(BatchnormForwardEval, NaNStaysInItsElement) {
    // In evaluation each element is normalized alone: a NaN in inp[0, 1] spoils out[0, 1] only.
    const Floats inp = {1, kNaN, 2, 3}, rm = {0, 1}, rv = {3, 8}, gamma = {1, 1}, beta = {0, 0};
    Floats out(4, kNaN);
    batchnorm_forward_eval(out, inp, rm, rv, gamma, beta, 2, 2, 1.0f);
    EXPECT_TRUE(std::isnan(out[1]));
    EXPECT_TRUE(AllClose(Floats{out[0], out[2], out[3]}, Floats{0.5f, 1, 2.0f / 3}, {0.0, 2 * kU}))
        << "(1 - 0) / sqrt(3 + 1), (2 - 0) / 2, (3 - 1) / sqrt(8 + 1)";
}

// ---- batchnorm_backward ----

TEST(BatchnormBackward, HandWorkedBatchOfTwo) {
    // The case of BatchnormForwardTrain.HandWorkedBatchOfTwo: inp [[1, 10], [3, 8]], eps = 3,
    // mean = (2, 9), rstd = (1/2, 1/2), xhat = [[-1/2, 1/2], [1/2, -1/2]], gamma = (2, -1).
    // dout = [[1, 2], [0, -1]].
    // Feature 0: sum dout = 1, sum dout xhat = -1/2; dinp = 2 (1/2) / 2 (2 dout - 1 + xhat / 2) =
    //   (0.375, -0.375). By hand from B = 2: out[0] = gamma d / sqrt(d^2 + eps) with d = (x0 - x1) / 2,
    //   whose derivative in x0 is gamma / 2 eps / (d^2 + eps)^(3/2) = 2 / 2 * 3 / 8 = 0.375.
    // Feature 1: sum dout = 1, sum dout xhat = 3/2; dinp = -1 (1/2) / 2 (2 dout - 1 - 3 xhat / 2) =
    //   (-0.5625, 0.5625). dgamma = (-1/2, 3/2), dbeta = (1, 1).
    // Buffers start at non-zero values: the backward adds.
    const Floats inp = {1, 10, 3, 8}, mean = {2, 9}, rstd = {0.5f, 0.5f}, gamma = {2, -1}, dout = {1, 2, 0, -1};
    Floats dinp = {10, 20, 30, 40}, dgamma = {1, -1}, dbeta = {0.5f, 0.25f};
    batchnorm_backward(dinp, dgamma, dbeta, dout, inp, mean, rstd, gamma, 2, 2);
    EXPECT_TRUE(AllClose(dinp, Floats{10.375f, 19.4375f, 29.625f, 40.5625f}, {0.0, 0.0}, {2, 2}))
        << "dinp = init + (0.375, -0.5625; -0.375, 0.5625). gamma rstd dout alone would give (0.5, -1; 0, 0.5): the "
           "paths through the mean and the variance are missing. Without the init: = instead of +=";
    EXPECT_TRUE(AllClose(dgamma, Floats{0.5f, 0.5f}, {0.0, 0.0})) << "dgamma = init (1, -1) + sum dout xhat (-1/2, 3/2)";
    EXPECT_TRUE(AllClose(dbeta, Floats{1.5f, 1.25f}, {0.0, 0.0})) << "dbeta = init (0.5, 0.25) + sum dout (1, 1)";
}

TEST(BatchnormBackward, MatchesCentralDifferences) {
    // dinp, dgamma, dbeta against central differences (step cbrt(eps_double) max(1, |x|), error ~
    // 1e-10 here) of the double loss sum dout * out. Gradient buffers start at seeded values.
    struct Shape {
        int B, C;
    };
    std::uint64_t seed = 900;
    for (const Shape sh : {Shape{2, 1}, Shape{2, 4}, Shape{3, 5}, Shape{7, 3}, Shape{16, 2}, Shape{5, 11}}) {
        const int B = sh.B, C = sh.C;
        const double eps = sh.B == 7 ? 0.5 : 1e-5;  // eps enters through rstd and its derivative
        SCOPED_TRACE(::testing::Message() << "B x C = " << B << " x " << C << ", eps " << eps << ", seed " << seed);
        const BackwardCase k = make_backward_case(B, C, eps, seed);
        const Floats dinp0 = random_floats(size_t(B) * C, seed + 7), dgamma0 = random_floats(C, seed + 8),
                     dbeta0 = random_floats(C, seed + 9);
        Floats dinp = dinp0, dgamma = dgamma0, dbeta = dbeta0;
        batchnorm_backward(dinp, dgamma, dbeta, k.dout, k.inp, k.mean, k.rstd, k.gamma, B, C);
        Tolerance tol = backward_tolerance(as_doubles(k.inp), k.dout, k.stats, k.gamma, B, C);
        tol.atol += 1e-8;  // the central differences' own error, with room
        Doubles want_dinp = k.want_dinp, want_dgamma = k.want_dgamma, want_dbeta = k.want_dbeta;
        for (size_t i = 0; i < want_dinp.size(); ++i) want_dinp[i] += dinp0[i];
        for (int c = 0; c < C; ++c) {
            want_dgamma[c] += dgamma0[c];
            want_dbeta[c] += dbeta0[c];
        }
        EXPECT_TRUE(AllClose(as_doubles(dinp), want_dinp, tol, {B, C}))
            << "dinp = init + gamma rstd / B (B dout - sum dout - xhat sum dout xhat)";
        EXPECT_TRUE(AllClose(as_doubles(dgamma), want_dgamma, tol)) << "dgamma = init + sum_b dout xhat";
        EXPECT_TRUE(AllClose(as_doubles(dbeta), want_dbeta, tol)) << "dbeta = init + sum_b dout";
        seed += 20;
    }
}

TEST(BatchnormBackward, InputGradientSumsToZeroOverTheBatch) {
    // out does not change when a whole feature is shifted by a constant, so the exact gradient has
    // sum_b dinp[b, c] = 0 for every c. Each of the B float terms is off by the backward tolerance.
    const int B = 9, C = 5;
    const BackwardCase k = make_backward_case(B, C, 1e-5, 4242);
    Floats dinp(size_t(B) * C, 0.0f), dgamma(C, 0.0f), dbeta(C, 0.0f);
    batchnorm_backward(dinp, dgamma, dbeta, k.dout, k.inp, k.mean, k.rstd, k.gamma, B, C);
    const double tol = B * backward_tolerance(as_doubles(k.inp), k.dout, k.stats, k.gamma, B, C).atol;
    for (int c = 0; c < C; ++c) {
        double sum = 0.0;
        for (int b = 0; b < B; ++b) sum += dinp[size_t(b) * C + c];
        EXPECT_NEAR(sum, 0.0, tol) << "sum_b dinp[b, " << c
                                   << "]: the path through the mean removes the batch average of the gradient";
    }
}

TEST(BatchnormBackward, AllEqualFeatureHasFiniteGradient) {
    // Feature 0 is constant (7, 7, 7): xhat = 0, rstd = 1 / sqrt(eps), so dinp = gamma rstd (dout -
    // mean dout) (finite, large), dgamma = 0, dbeta = sum dout. dout = (1, 2, 6), mean 3, gamma 1,
    // eps = 1e-5: dinp = (-2, -1, 3) / sqrt(1e-5). mean and rstd come from the double oracle.
    const int B = 3, C = 2;
    const Floats inp = {7, 1, 7, 2, 7, 4}, dout = {1, 0.5f, 2, -1, 6, 0.25f}, gamma = {1, 2};
    const Stats s = batch_stats(as_doubles(inp), B, C, double(1e-5f));
    const Floats mean = {float(s.mean[0]), float(s.mean[1])}, rstd = {float(s.rstd[0]), float(s.rstd[1])};
    Floats dinp(6, 0.0f), dgamma(2, 0.0f), dbeta(2, 0.0f);
    batchnorm_backward(dinp, dgamma, dbeta, dout, inp, mean, rstd, gamma, B, C);
    const double r = 1.0 / std::sqrt(double(1e-5f));
    EXPECT_TRUE(AllClose(Doubles{dinp[0], dinp[2], dinp[4]}, Doubles{-2 * r, -1 * r, 3 * r}, {0.0, 8 * kU}))
        << "dinp of a constant feature: gamma rstd (dout - mean dout), finite";
    EXPECT_EQ(dgamma[0], 0.0f) << "xhat = 0 on a constant feature";
    EXPECT_EQ(dbeta[0], 9.0f);
    for (float g : dinp) EXPECT_TRUE(std::isfinite(g));
}

TEST(BatchnormBackward, AddsIntoItsBuffers) {
    // Two calls on the same buffers give twice the gradient of one call (from zero): llm.c's +=.
    const int B = 4, C = 3;
    const BackwardCase k = make_backward_case(B, C, 1e-5, 77);
    Floats dinp1(size_t(B) * C, 0.0f), dgamma1(C, 0.0f), dbeta1(C, 0.0f);
    batchnorm_backward(dinp1, dgamma1, dbeta1, k.dout, k.inp, k.mean, k.rstd, k.gamma, B, C);
    Floats dinp2 = dinp1, dgamma2 = dgamma1, dbeta2 = dbeta1;
    batchnorm_backward(dinp2, dgamma2, dbeta2, k.dout, k.inp, k.mean, k.rstd, k.gamma, B, C);
    for (float& v : dinp1) v *= 2;
    for (float& v : dgamma1) v *= 2;
    for (float& v : dbeta1) v *= 2;
    EXPECT_TRUE(AllClose(dinp2, dinp1, {0.0, 0.0}, {B, C})) << "the second call must add to dinp, not overwrite it";
    EXPECT_TRUE(AllClose(dgamma2, dgamma1, {0.0, 0.0})) << "the second call must add to dgamma";
    EXPECT_TRUE(AllClose(dbeta2, dbeta1, {0.0, 0.0})) << "the second call must add to dbeta";
}

// ---- PyTorch's values (fixtures/batchnorm_golden.hpp) ----

Floats to_floats(std::span<const float> v) { return Floats(v.begin(), v.end()); }

TEST(BatchnormGolden, TrainForwardAndRunningStatisticsMatchTorch) {
    // Two training steps of torch.nn.BatchNorm1d(3, eps = 1e-3, momentum = 0.3), from running_mean
    // = 0 and running_var = 1. Tolerance: 16 u of values below 5 (forward_tolerance's bound).
    using namespace golden;
    const int B = kB, C = kC;
    const Floats gamma = to_floats(kGamma), beta = to_floats(kBeta);
    const TrainResult r1 = run_train(to_floats(kX1), gamma, beta, {0, 0, 0}, {1, 1, 1}, B, C, kMomentum, kEps);
    const TrainResult r2 = run_train(to_floats(kX2), gamma, beta, r1.running_mean, r1.running_var, B, C, kMomentum, kEps);
    const Tolerance tol = {5 * 16 * kU, 0.0};
    EXPECT_TRUE(AllClose(as_doubles(r1.out), Doubles(std::begin(kOut1), std::end(kOut1)), tol, {B, C})) << "step 1";
    EXPECT_TRUE(AllClose(as_doubles(r2.out), Doubles(std::begin(kOut2), std::end(kOut2)), tol, {B, C})) << "step 2";
    EXPECT_TRUE(AllClose(as_doubles(r2.mean), Doubles(std::begin(kMean2), std::end(kMean2)), tol)) << "mean of step 2";
    EXPECT_TRUE(AllClose(as_doubles(r2.rstd), Doubles(std::begin(kRstd2), std::end(kRstd2)), tol)) << "rstd of step 2";
    EXPECT_TRUE(AllClose(as_doubles(r2.running_mean), Doubles(std::begin(kRunningMean), std::end(kRunningMean)), tol))
        << "running_mean after two steps, momentum 0.3";
    EXPECT_TRUE(AllClose(as_doubles(r2.running_var), Doubles(std::begin(kRunningVar), std::end(kRunningVar)), tol))
        << "running_var after two steps, momentum 0.3: PyTorch keeps the unbiased variance, var B / (B - 1)";
}

TEST(BatchnormGolden, EvalForwardMatchesTorch) {
    // The layer in eval mode after the two steps, with PyTorch's running statistics (rounded to float).
    using namespace golden;
    const Floats rm(std::begin(kRunningMean), std::end(kRunningMean)), rv(std::begin(kRunningVar), std::end(kRunningVar));
    Floats out(size_t(kBEval) * kC, kNaN);
    batchnorm_forward_eval(out, to_floats(kX3), rm, rv, to_floats(kGamma), to_floats(kBeta), kBEval, kC, kEps);
    // The float running statistics are off by u relative from torch's double ones: with |x - rm| < 3
    // and rstd < 1.1, a few u of values below 5.
    EXPECT_TRUE(AllClose(as_doubles(out), Doubles(std::begin(kOut3Eval), std::end(kOut3Eval)), {5 * 16 * kU, 0.0},
                         {kBEval, kC}))
        << "eval: out = gamma (x - running_mean) / sqrt(running_var + eps) + beta";
}

TEST(BatchnormGolden, BackwardMatchesTorch) {
    // The backward of step 2 with dout, from torch's mean and rstd of step 2 (rounded to float).
    using namespace golden;
    const Floats mean(std::begin(kMean2), std::end(kMean2)), rstd(std::begin(kRstd2), std::end(kRstd2));
    Floats dinp(size_t(kB) * kC, 0.0f), dgamma(kC, 0.0f), dbeta(kC, 0.0f);
    batchnorm_backward(dinp, dgamma, dbeta, to_floats(kDout), to_floats(kX2), mean, rstd, to_floats(kGamma), kB, kC);
    // Terms below 10 (|gamma| rstd < 2, |dout| < 2, |xhat| < 2), B = 4: (B + 16) u of 10.
    const Tolerance tol = {10 * (kB + 16) * kU, 0.0};
    EXPECT_TRUE(AllClose(as_doubles(dinp), Doubles(std::begin(kDx2), std::end(kDx2)), tol, {kB, kC})) << "dinp";
    EXPECT_TRUE(AllClose(as_doubles(dgamma), Doubles(std::begin(kDgamma), std::end(kDgamma)), tol)) << "dgamma";
    EXPECT_TRUE(AllClose(as_doubles(dbeta), Doubles(std::begin(kDbeta), std::end(kDbeta)), tol)) << "dbeta";
}

// ---- Bad input ----

TEST(BatchnormBadInput, TrainRefusesABatchOfOne) {
    Floats out(6, kNaN), mean(3), rstd(3), rm(3, 0.0f), rv(3, 1.0f);
    const Floats inp = {1, 2, 3, 4, 5, 6}, gamma = {1, 1, 1}, beta = {0, 0, 0};
    batchnorm_forward_train(out, mean, rstd, rm, rv, inp, gamma, beta, 2, 3);
    Floats dinp(6, 0.0f), dgamma(3, 0.0f), dbeta(3, 0.0f);
    batchnorm_backward(dinp, dgamma, dbeta, inp, inp, mean, rstd, gamma, 2, 3);
    SUCCEED() << kValidCallFirst;
    const std::span<float> out1(out.data(), 3);
    const std::span<const float> inp1(inp.data(), 3);
    EXPECT_TRUE(ThrowsInvalidArgument(
        [&] { batchnorm_forward_train(out1, mean, rstd, rm, rv, inp1, gamma, beta, 1, 3); },
        {"batchnorm_forward_train", "B = 1", "Expected more than 1 value per channel when training"}));
    EXPECT_TRUE(ThrowsInvalidArgument(
        [&] { batchnorm_backward(std::span<float>(dinp.data(), 3), dgamma, dbeta, inp1, inp1, mean, rstd, gamma, 1, 3); },
        {"batchnorm_backward", "B = 1"}));
    for (int B : {0, -1}) {
        EXPECT_TRUE(ThrowsInvalidArgument(
            [&] { batchnorm_forward_train({}, mean, rstd, rm, rv, {}, gamma, beta, B, 3); },
            {"batchnorm_forward_train", "B = "}));
        EXPECT_TRUE(ThrowsInvalidArgument([&] { batchnorm_forward_eval({}, {}, rm, rv, gamma, beta, B, 3); },
                                          {"batchnorm_forward_eval", "B = "}));
        EXPECT_TRUE(ThrowsInvalidArgument([&] { batchnorm_backward({}, dgamma, dbeta, {}, {}, mean, rstd, gamma, B, 3); },
                                          {"batchnorm_backward", "B = "}));
    }
    // Evaluation accepts one example.
    Floats out_eval(3, kNaN);
    batchnorm_forward_eval(out_eval, inp1, rm, rv, gamma, beta, 1, 3);
    EXPECT_TRUE(std::all_of(out_eval.begin(), out_eval.end(), [](float v) { return std::isfinite(v); }));
}

TEST(BatchnormBadInput, RefusesWrongSizes) {
    const int B = 2, C = 3;
    Floats out(6, kNaN), mean(3), rstd(3), rm(3, 0.0f), rv(3, 1.0f);
    const Floats inp = {1, 2, 3, 4, 5, 6}, gamma = {1, 1, 1}, beta = {0, 0, 0};
    batchnorm_forward_train(out, mean, rstd, rm, rv, inp, gamma, beta, B, C);
    batchnorm_forward_eval(out, inp, rm, rv, gamma, beta, B, C);
    Floats dinp(6, 0.0f), dgamma(3, 0.0f), dbeta(3, 0.0f);
    batchnorm_backward(dinp, dgamma, dbeta, inp, inp, mean, rstd, gamma, B, C);
    SUCCEED() << kValidCallFirst;
    Floats big(7), small(2);
    const Floats cbig(7), csmall(2);
    // Each span of each function, one at a time, too long or too short.
    const char* train = "batchnorm_forward_train";
    EXPECT_TRUE(ThrowsInvalidArgument([&] { batchnorm_forward_train(big, mean, rstd, rm, rv, inp, gamma, beta, B, C); },
                                      {train, "out", "7"}));
    EXPECT_TRUE(ThrowsInvalidArgument([&] { batchnorm_forward_train(out, small, rstd, rm, rv, inp, gamma, beta, B, C); },
                                      {train, "mean", "2"}));
    EXPECT_TRUE(ThrowsInvalidArgument([&] { batchnorm_forward_train(out, mean, small, rm, rv, inp, gamma, beta, B, C); },
                                      {train, "rstd"}));
    EXPECT_TRUE(ThrowsInvalidArgument([&] { batchnorm_forward_train(out, mean, rstd, small, rv, inp, gamma, beta, B, C); },
                                      {train, "running_mean"}));
    EXPECT_TRUE(ThrowsInvalidArgument([&] { batchnorm_forward_train(out, mean, rstd, rm, small, inp, gamma, beta, B, C); },
                                      {train, "running_var"}));
    EXPECT_TRUE(ThrowsInvalidArgument([&] { batchnorm_forward_train(out, mean, rstd, rm, rv, cbig, gamma, beta, B, C); },
                                      {train, "inp"}));
    EXPECT_TRUE(ThrowsInvalidArgument([&] { batchnorm_forward_train(out, mean, rstd, rm, rv, inp, csmall, beta, B, C); },
                                      {train, "gamma"}));
    EXPECT_TRUE(ThrowsInvalidArgument([&] { batchnorm_forward_train(out, mean, rstd, rm, rv, inp, gamma, csmall, B, C); },
                                      {train, "beta"}));
    const char* eval = "batchnorm_forward_eval";
    EXPECT_TRUE(ThrowsInvalidArgument([&] { batchnorm_forward_eval(big, inp, rm, rv, gamma, beta, B, C); }, {eval, "out"}));
    EXPECT_TRUE(ThrowsInvalidArgument([&] { batchnorm_forward_eval(out, csmall, rm, rv, gamma, beta, B, C); },
                                      {eval, "inp"}));
    EXPECT_TRUE(ThrowsInvalidArgument([&] { batchnorm_forward_eval(out, inp, csmall, rv, gamma, beta, B, C); },
                                      {eval, "running_mean"}));
    EXPECT_TRUE(ThrowsInvalidArgument([&] { batchnorm_forward_eval(out, inp, rm, csmall, gamma, beta, B, C); },
                                      {eval, "running_var"}));
    EXPECT_TRUE(ThrowsInvalidArgument([&] { batchnorm_forward_eval(out, inp, rm, rv, cbig, beta, B, C); }, {eval, "gamma"}));
    EXPECT_TRUE(ThrowsInvalidArgument([&] { batchnorm_forward_eval(out, inp, rm, rv, gamma, cbig, B, C); }, {eval, "beta"}));
    const char* back = "batchnorm_backward";
    EXPECT_TRUE(ThrowsInvalidArgument([&] { batchnorm_backward(big, dgamma, dbeta, inp, inp, mean, rstd, gamma, B, C); },
                                      {back, "dinp"}));
    EXPECT_TRUE(ThrowsInvalidArgument([&] { batchnorm_backward(dinp, small, dbeta, inp, inp, mean, rstd, gamma, B, C); },
                                      {back, "dgamma"}));
    EXPECT_TRUE(ThrowsInvalidArgument([&] { batchnorm_backward(dinp, dgamma, small, inp, inp, mean, rstd, gamma, B, C); },
                                      {back, "dbeta"}));
    EXPECT_TRUE(ThrowsInvalidArgument([&] { batchnorm_backward(dinp, dgamma, dbeta, cbig, inp, mean, rstd, gamma, B, C); },
                                      {back, "dout"}));
    EXPECT_TRUE(ThrowsInvalidArgument([&] { batchnorm_backward(dinp, dgamma, dbeta, inp, csmall, mean, rstd, gamma, B, C); },
                                      {back, "inp"}));
    EXPECT_TRUE(ThrowsInvalidArgument([&] { batchnorm_backward(dinp, dgamma, dbeta, inp, inp, csmall, rstd, gamma, B, C); },
                                      {back, "mean"}));
    EXPECT_TRUE(ThrowsInvalidArgument([&] { batchnorm_backward(dinp, dgamma, dbeta, inp, inp, mean, cbig, gamma, B, C); },
                                      {back, "rstd"}));
    EXPECT_TRUE(ThrowsInvalidArgument([&] { batchnorm_backward(dinp, dgamma, dbeta, inp, inp, mean, rstd, cbig, B, C); },
                                      {back, "gamma"}));
    // C = 0 and C < 0, with spans that would fit B * C = 0.
    for (int badC : {0, -2}) {
        EXPECT_TRUE(ThrowsInvalidArgument([&] { batchnorm_forward_train({}, {}, {}, {}, {}, {}, {}, {}, B, badC); },
                                          {train, "C = "}));
        EXPECT_TRUE(ThrowsInvalidArgument([&] { batchnorm_forward_eval({}, {}, {}, {}, {}, {}, B, badC); }, {eval, "C = "}));
        EXPECT_TRUE(ThrowsInvalidArgument([&] { batchnorm_backward({}, {}, {}, {}, {}, {}, {}, {}, B, badC); },
                                          {back, "C = "}));
    }
}

TEST(BatchnormBadInput, RefusesBadMomentumAndEps) {
    const int B = 2, C = 3;
    Floats out(6, kNaN), mean(3), rstd(3), rm(3, 0.0f), rv(3, 1.0f);
    const Floats inp = {1, 2, 3, 4, 5, 6}, gamma = {1, 1, 1}, beta = {0, 0, 0};
    batchnorm_forward_train(out, mean, rstd, rm, rv, inp, gamma, beta, B, C, 0.5f, 0.25f);
    SUCCEED() << kValidCallFirst;
    constexpr float inf = std::numeric_limits<float>::infinity();
    for (const float momentum : {-0.1f, 1.1f, -inf, inf, kNaN}) {
        EXPECT_TRUE(ThrowsInvalidArgument(
            [&] { batchnorm_forward_train(out, mean, rstd, rm, rv, inp, gamma, beta, B, C, momentum, 1e-5f); },
            {"batchnorm_forward_train", "momentum"}))
            << "momentum = " << momentum;
    }
    for (const float eps : {0.0f, -1e-5f, -inf, inf, kNaN}) {
        EXPECT_TRUE(ThrowsInvalidArgument(
            [&] { batchnorm_forward_train(out, mean, rstd, rm, rv, inp, gamma, beta, B, C, 0.1f, eps); },
            {"batchnorm_forward_train", "eps"}))
            << "eps = " << eps;
        EXPECT_TRUE(ThrowsInvalidArgument([&] { batchnorm_forward_eval(out, inp, rm, rv, gamma, beta, B, C, eps); },
                                          {"batchnorm_forward_eval", "eps"}))
            << "eps = " << eps;
    }
}

}  // namespace
}  // namespace course::backprop

namespace course::backprop {
namespace {

TEST(BatchnormBackward, ALargeBatchStaysLinearInTheBatch) {
    // Cost: the backward is O(B C): per feature, two sums over the batch, then one pass that uses
    // them. Recomputing sum_b dout and sum_b dout xhat for every element is O(B^2 C): right on the
    // small batches above, and 8 * 10^10 steps here, far beyond the test's time budget (5 s; the
    // reference takes a few milliseconds). This test catches it only through that budget, as the
    // notes say. The values are exact: inp alternates +1 and -1 (mean 0, xhat = +-rstd) and
    // dout = 1, so sum_b dout = B, sum_b dout xhat = 0 (every partial sum is exact in float), and
    // dinp = gamma rstd / B (B - B - xhat 0) = 0, whatever the order of the sums.
    const int B = 200'000, C = 2;
    Floats inp(size_t(B) * C), dout(size_t(B) * C, 1.0f);
    for (int b = 0; b < B; ++b)
        for (int c = 0; c < C; ++c) inp[size_t(b) * C + c] = b % 2 == 0 ? 1.0f : -1.0f;
    const Floats gamma = {1.25f, -0.75f}, mean = {0.0f, 0.0f};
    const Floats rstd(C, float(1.0 / std::sqrt(1.0 + 1e-5)));
    Floats dinp(size_t(B) * C, 0.0f), dgamma(C, 0.0f), dbeta(C, 0.0f);
    batchnorm_backward(dinp, dgamma, dbeta, dout, inp, mean, rstd, gamma, B, C);
    EXPECT_TRUE(AllClose(dinp, Floats(size_t(B) * C, 0.0f), {0.0, 0.0}, {B, C}))
        << "dout = 1 everywhere: the mean's path takes it all back, dinp = 0 (B = " << B << ")";
    EXPECT_TRUE(AllClose(dgamma, Floats(C, 0.0f), {0.0, 0.0})) << "dgamma = sum_b dout xhat = 0";
    EXPECT_TRUE(AllClose(dbeta, Floats(C, float(B)), {0.0, 0.0})) << "dbeta = sum_b dout = B";
}

}  // namespace
}  // namespace course::backprop
