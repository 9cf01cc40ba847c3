// Tests for exercise 5, AdaGrad, RMSProp and Adam steps (modules/optimization/learner/adaptive_steps.cpp).
//
// Oracles: steps worked out by hand; exact properties (Adam's first step, and every step under a
// constant gradient, moves each coordinate by lr * sign(g); RMSProp's first step is
// lr / sqrt(1 - rho)); the update formulas written out in double in this file and run on the same
// seeded gradients. Parameters sit in guarded buffers, so a write past either end is reported.
//
// Tolerances: the step functions work in float, u_f = 2^-24 ~ 6e-8. One step's update
// lr * r (r = g / sqrt(...), |r| <= R) carries a relative error of about 10 u_f (a handful of
// roundings), the moment estimates drift by about 4 t u_f relative after t steps, and writing the
// new parameter rounds by u_f |p|. Summed over the steps, that is the atol of the oracle comparisons.
#include "optimization/adaptive_steps.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <string>
#include <vector>

#include "course/random.hpp"
#include "course/testing.hpp"

namespace course::optimization {
namespace {

using course::testing::AllClose;
using course::testing::GuardedBuffer;
using course::testing::kSentinel;
using course::testing::ThrowsInvalidArgument;
using course::testing::unit_roundoff;

constexpr double uf = unit_roundoff<float>();
constexpr std::size_t kMargin = 16;

// gradient_sequence: T gradient vectors of n entries, uniform in [-scale, scale), seeded.
std::vector<std::vector<float>> gradient_sequence(int T, std::size_t n, double scale, std::uint64_t seed) {
    std::vector<std::vector<float>> gs;
    for (int t = 0; t < T; ++t) {
        std::vector<float> g = random_floats(n, seed + t);
        for (float& x : g) x = float(scale * x);
        gs.push_back(g);
    }
    return gs;
}

std::vector<double> to_double(std::span<const float> x) { return {x.begin(), x.end()}; }

// ---------------------------------------------------------------------------------------------
// AdaGrad

TEST(AdaGradStep, MatchesHandWorkedSteps) {
    // p = (1, -2), lr = 1/2. Step 1: g = (3, -4), G = (9, 16), p -= 1/2 (3/3, -4/4) = (1/2, -1/2).
    // Step 2: g = (4, 3), G = (25, 25), p -= 1/2 (4/5, 3/5) = (0.4, 0.3). eps = 1e-10 changes the
    // quotients by < 1e-10 relative.
    std::vector<float> p = {1.0f, -2.0f};
    AdaGradState state(2);
    const AdaGradConfig config{0.5f, 1e-10f};
    adagrad_step(p, std::vector<float>{3.0f, -4.0f}, state, config);
    EXPECT_TRUE(AllClose(std::span<const float>(p), std::vector<float>{0.5f, -1.5f}, {4 * uf * 2, 0.0}));
    EXPECT_EQ(state.sum_squares, (std::vector<float>{9.0f, 16.0f}));
    adagrad_step(p, std::vector<float>{4.0f, 3.0f}, state, config);
    EXPECT_TRUE(AllClose(std::span<const float>(p), std::vector<float>{0.1f, -1.8f}, {8 * uf * 2, 0.0}))
        << "step 2 divides by sqrt(9 + 16) = 5: the SUM of the squared gradients so far, not the last one";
    EXPECT_EQ(state.sum_squares, (std::vector<float>{25.0f, 25.0f}));
}

TEST(AdaGradStep, MatchesTheFormulaInDouble) {
    const int T = 25;
    for (std::size_t n : {1u, 7u, 1000u}) {
        const std::uint64_t seed = 4000 + n;
        const std::vector<float> p0 = random_floats(n, seed);
        const auto gs = gradient_sequence(T, n, 2.0, seed + 100);
        const AdaGradConfig config{0.05f, 1e-10f};
        GuardedBuffer p(p0, kMargin, kSentinel);
        AdaGradState state(n);
        std::vector<double> want = to_double(p0), G(n, 0.0);
        double atol = 0.0;
        for (int t = 0; t < T; ++t) {
            adagrad_step(p.span(), gs[t], state, config);
            double max_p = 0.0;
            for (std::size_t i = 0; i < n; ++i) {
                G[i] += double(gs[t][i]) * gs[t][i];
                want[i] -= config.learning_rate * gs[t][i] / (std::sqrt(G[i]) + config.eps);
                max_p = std::max(max_p, std::abs(want[i]));
            }
            // |g / sqrt(G)| <= 1.
            atol += config.learning_rate * (10 + 4 * (t + 1)) * uf + 2 * uf * max_p;
        }
        EXPECT_TRUE(AllClose(to_double(p.cspan()), want, {atol, 0.0})) << "n = " << n << ", " << T << " steps, seed " << seed;
        EXPECT_TRUE(p.margins_hold(kSentinel)) << "n = " << n << ": wrote outside params";
    }
}

TEST(AdaGradStep, RefusesMismatchedSizes) {
    std::vector<float> p = {1.0f, 2.0f, 3.0f};
    AdaGradState state(3), small(2);
    EXPECT_NO_THROW(adagrad_step(p, std::vector<float>{1.0f, 1.0f, 1.0f}, state)) << course::testing::kValidCallFirst;  // valid input first
    EXPECT_TRUE(ThrowsInvalidArgument([&] { adagrad_step(p, std::vector<float>{1.0f, 1.0f, 1.0f}, small); },
                                      {"adagrad_step", "3", "2"}));
    EXPECT_TRUE(ThrowsInvalidArgument([&] { adagrad_step(p, std::vector<float>{1.0f}, state); }, {"grads", "1"}));
    EXPECT_TRUE(ThrowsInvalidArgument([&] { adagrad_step(p, std::vector<float>{1.0f, 1.0f, 1.0f}, state, {-1.0f, 1e-10f}); },
                                      {"learning_rate"}));
}

// ---------------------------------------------------------------------------------------------
// RMSProp

TEST(RmsPropStep, FirstStepIsLearningRateOverSqrtOneMinusDecay) {
    // From v = 0: v = (1 - rho) g^2, so p moves by lr g / (sqrt(1 - rho) |g| + eps)
    // ~ lr / sqrt(1 - rho) * sign(g), whatever the scale of g (rho = 0.75: exactly 2 lr).
    const std::vector<float> g = {3.0f, -0.001f, 250.0f, -7.5f};
    std::vector<float> p = {0.0f, 0.0f, 0.0f, 0.0f};
    RmsPropState state(4);
    const RmsPropConfig config{0.01f, 0.75f, 1e-8f};
    rmsprop_step(p, g, state, config);
    for (std::size_t i = 0; i < g.size(); ++i) {
        const double want = -2.0 * 0.01 * (g[i] > 0 ? 1 : -1);
        // eps / (sqrt(1 - rho) |g|) relative from eps, plus a few roundings.
        EXPECT_NEAR(p[i], want, std::abs(want) * (8 * uf + 1e-8 / (0.5 * std::abs(g[i]))))
            << "coordinate " << i << ", g = " << g[i] << ": expected lr / sqrt(1 - rho) * sign(g) = " << want;
    }
}

TEST(RmsPropStep, MatchesTheFormulaInDouble) {
    const int T = 25;
    for (std::size_t n : {1u, 7u, 1000u}) {
        const std::uint64_t seed = 4100 + n;
        const std::vector<float> p0 = random_floats(n, seed);
        const auto gs = gradient_sequence(T, n, 0.5, seed + 100);
        const RmsPropConfig config{0.01f, 0.9f, 1e-8f};
        GuardedBuffer p(p0, kMargin, kSentinel);
        RmsPropState state(n);
        std::vector<double> want = to_double(p0), v(n, 0.0);
        const double rho = config.decay;  // the float value, widened
        double atol = 0.0;
        for (int t = 0; t < T; ++t) {
            rmsprop_step(p.span(), gs[t], state, config);
            double max_p = 0.0;
            for (std::size_t i = 0; i < n; ++i) {
                v[i] = rho * v[i] + (1.0 - rho) * double(gs[t][i]) * gs[t][i];
                want[i] -= config.learning_rate * gs[t][i] / (std::sqrt(v[i]) + config.eps);
                max_p = std::max(max_p, std::abs(want[i]));
            }
            // |g / sqrt(v)| <= 1 / sqrt(1 - rho) ~ 3.2.
            atol += config.learning_rate * 3.2 * (10 + 4 * (t + 1)) * uf + 2 * uf * max_p;
        }
        EXPECT_TRUE(AllClose(to_double(p.cspan()), want, {atol, 0.0})) << "n = " << n << ", " << T << " steps, seed " << seed;
        EXPECT_TRUE(p.margins_hold(kSentinel)) << "n = " << n << ": wrote outside params";
    }
}

TEST(RmsPropStep, RefusesMismatchedSizesAndBadDecay) {
    std::vector<float> p = {1.0f, 2.0f};
    RmsPropState state(2), big(5);
    EXPECT_NO_THROW(rmsprop_step(p, std::vector<float>{1.0f, 1.0f}, state)) << course::testing::kValidCallFirst;  // valid input first
    EXPECT_TRUE(ThrowsInvalidArgument([&] { rmsprop_step(p, std::vector<float>{1.0f, 1.0f}, big); },
                                      {"rmsprop_step", "2", "5"}));
    EXPECT_TRUE(ThrowsInvalidArgument([&] { rmsprop_step(p, std::vector<float>{1.0f, 1.0f}, state, {0.01f, 1.0f, 1e-8f}); },
                                      {"decay", "1"}));
}

// ---------------------------------------------------------------------------------------------
// Adam

TEST(AdamStep, FirstStepMovesByLearningRateTimesSign) {
    // t = 1: m = (1 - b1) g and m_hat = g; v = (1 - b2) g^2 and v_hat = g^2; so each coordinate
    // moves by lr * g / (|g| + eps) = lr * sign(g) * (1 - eps / (|g| + eps)), at every scale of g.
    // Without the bias correction it would move lr * 0.1 / sqrt(0.001) = 3.16 lr.
    const std::size_t n = 12;
    std::vector<float> g(n);
    for (std::size_t i = 0; i < n; ++i) g[i] = float((i % 2 ? -1.0 : 1.0) * std::pow(10.0, int(i % 7) - 3));  // 1e-3 .. 1e3
    const std::vector<float> p0 = random_floats(n, 4200);
    GuardedBuffer p(p0, kMargin, kSentinel);
    AdamState state(n);
    const AdamConfig config{1e-3f, 0.9f, 0.999f, 1e-8f, 0.0f};
    adam_step(p.span(), g, state, config);
    EXPECT_EQ(state.t, 1) << "adam_step increments the step count before using it";
    for (std::size_t i = 0; i < n; ++i) {
        const double moved = double(p.cspan()[i]) - double(p0[i]);  // exact in double
        const double want = -double(config.learning_rate) * (g[i] > 0 ? 1 : -1);
        // lr (8 u_f + eps / |g|) from the update's roundings and eps, u_f |p| from storing p.
        const double tol = config.learning_rate * (8 * uf + 1e-8 / std::abs(g[i])) + uf * std::abs(p0[i]) * 2;
        EXPECT_NEAR(moved, want, tol) << "coordinate " << i << ", g = " << g[i] << ": the first Adam step must move by lr * "
                                      << "sign(g) = " << want << "; a move of ~3.16 lr means the bias correction is missing";
    }
    EXPECT_TRUE(p.margins_hold(kSentinel)) << "wrote outside params";
}

TEST(AdamStep, ConstantGradientMovesByLearningRateEveryStep) {
    // For a constant g, m_t = (1 - b1^t) g and v_t = (1 - b2^t) g^2 exactly, so m_hat = g and
    // v_hat = g^2 at every t: each step moves by lr * sign(g). The float moments drift by about
    // 4 t u_f relative over t steps. Without the correction, step t = 100 would move
    // (1 - 0.9^100) / sqrt(1 - 0.999^100) lr = 3.24 lr.
    const int T = 100;
    const std::vector<float> g = {0.5f, -20.0f, 0.003f};
    std::vector<float> p = {1.0f, 1.0f, 1.0f};
    AdamState state(3);
    const AdamConfig config{1e-3f, 0.9f, 0.999f, 1e-8f, 0.0f};
    for (int t = 1; t <= T; ++t) {
        const std::vector<float> before = p;
        adam_step(p, g, state, config);
        for (std::size_t i = 0; i < g.size(); ++i) {
            const double moved = double(p[i]) - double(before[i]);
            const double want = -double(config.learning_rate) * (g[i] > 0 ? 1 : -1);
            const double tol = config.learning_rate * ((10 + 4 * t) * uf + 1e-8 / std::abs(g[i])) + 2 * uf * 1.2;
            ASSERT_NEAR(moved, want, tol) << "step t = " << t << ", coordinate " << i << ", g = " << g[i];
        }
    }
    EXPECT_EQ(state.t, T);
}

TEST(AdamStep, MatchesTheFormulaInDouble) {
    const int T = 30;
    for (float weight_decay : {0.0f, 0.1f}) {
        for (std::size_t n : {1u, 7u, 1000u}) {
            const std::uint64_t seed = 4300 + n;
            const std::vector<float> p0 = random_floats(n, seed);
            const auto gs = gradient_sequence(T, n, 3.0, seed + 100);
            const AdamConfig config{1e-2f, 0.9f, 0.999f, 1e-8f, weight_decay};
            GuardedBuffer p(p0, kMargin, kSentinel);
            AdamState state(n);
            std::vector<double> want = to_double(p0), m(n, 0.0), v(n, 0.0);
            const double b1 = config.beta1, b2 = config.beta2, lr = config.learning_rate;  // float values, widened
            double atol = 0.0;
            for (int t = 1; t <= T; ++t) {
                adam_step(p.span(), gs[t - 1], state, config);
                double max_p = 0.0, max_ratio = 0.0;
                for (std::size_t i = 0; i < n; ++i) {
                    const double gi = gs[t - 1][i];
                    m[i] = b1 * m[i] + (1 - b1) * gi;
                    v[i] = b2 * v[i] + (1 - b2) * gi * gi;
                    const double m_hat = m[i] / (1 - std::pow(b1, t)), v_hat = v[i] / (1 - std::pow(b2, t));
                    const double ratio = m_hat / (std::sqrt(v_hat) + config.eps);
                    want[i] -= lr * (ratio + double(weight_decay) * want[i]);
                    max_p = std::max(max_p, std::abs(want[i]));
                    max_ratio = std::max(max_ratio, std::abs(ratio) + double(weight_decay) * std::abs(want[i]));
                }
                atol += lr * max_ratio * (10 + 4 * t) * uf + 2 * uf * max_p;
            }
            EXPECT_TRUE(AllClose(to_double(p.cspan()), want, {atol, 0.0}))
                << "n = " << n << ", weight_decay = " << weight_decay << ", " << T << " steps, seed " << seed;
            EXPECT_TRUE(p.margins_hold(kSentinel)) << "n = " << n << ": wrote outside params";
            EXPECT_EQ(state.t, T);
        }
    }
}

TEST(AdamStep, WeightDecayIsDecoupledFromTheGradient) {
    // g = 0: m = v = 0, so the Adam term is 0 / (0 + eps) = 0 and only the decay acts:
    // p -= lr * weight_decay * p = 2 - 0.5 * 0.1 * 2 = 1.9. Adding weight_decay * p to the gradient
    // instead (L2 regularization) would give g = 0.2, which Adam normalizes to a move of lr = 0.5.
    std::vector<float> p = {2.0f, -4.0f};
    AdamState state(2);
    adam_step(p, std::vector<float>{0.0f, 0.0f}, state, {0.5f, 0.9f, 0.999f, 1e-8f, 0.1f});
    EXPECT_TRUE(AllClose(std::span<const float>(p), std::vector<float>{1.9f, -3.8f}, {4 * uf * 4, 0.0}))
        << "AdamW: p -= lr * weight_decay * p, outside the normalized step; p = 1.5 means the decay went into g";
}

TEST(AdamStep, RefusesMismatchedSizesAndBadConfig) {
    std::vector<float> p = {1.0f, 2.0f, 3.0f, 4.0f};
    const std::vector<float> g = {1.0f, 1.0f, 1.0f, 1.0f};
    AdamState state(4), wrong(3);
    EXPECT_NO_THROW(adam_step(p, g, state)) << course::testing::kValidCallFirst;  // valid input first
    EXPECT_TRUE(ThrowsInvalidArgument([&] { adam_step(p, g, wrong); }, {"adam_step", "4", "3"}));
    EXPECT_TRUE(ThrowsInvalidArgument([&] { adam_step(p, std::vector<float>{1.0f}, state); }, {"adam_step", "grads"}));
    EXPECT_TRUE(ThrowsInvalidArgument([&] { adam_step(p, g, state, {1e-3f, 1.0f, 0.999f, 1e-8f, 0.0f}); }, {"beta1"}));
    EXPECT_TRUE(ThrowsInvalidArgument([&] { adam_step(p, g, state, {1e-3f, 0.9f, -0.5f, 1e-8f, 0.0f}); }, {"beta2"}));
    EXPECT_TRUE(ThrowsInvalidArgument([&] { adam_step(p, g, state, {0.0f, 0.9f, 0.999f, 1e-8f, 0.0f}); },
                                      {"learning_rate"}));
}


// ---------------------------------------------------------------------------------------------
// Every config field, both sides of the scale, and the state after a refused call

TEST(AdaGradStep, UsesEps) {
    // p = 0, g = 1, lr = 1/2, eps = 1: G = 1 and p -= 0.5 * 1 / (1 + 1) = 0.25, exact. With the
    // default eps (1e-10) in its place the move would be 0.5.
    std::vector<float> p = {0.0f};
    AdaGradState state(1);
    adagrad_step(p, std::vector<float>{1.0f}, state, {0.5f, 1.0f});
    EXPECT_EQ(p[0], -0.25f) << "p -= lr * g / (sqrt(G) + eps) with eps = 1";
}

TEST(RmsPropStep, UsesEpsAndDecay) {
    // p = 0, g = 2, lr = 1, rho = 3/4, eps = 1: v = 1/4 * 4 = 1 and p -= 2 / (1 + 1) = 1, exact.
    // Step 2 with g = 2: v = 3/4 + 1/4 * 4 = 1.75 (the EMA keeps 3/4 of the old v), p -= 2 / (sqrt(1.75) + 1).
    std::vector<float> p = {0.0f};
    RmsPropState state(1);
    const RmsPropConfig config{1.0f, 0.75f, 1.0f};
    rmsprop_step(p, std::vector<float>{2.0f}, state, config);
    EXPECT_EQ(p[0], -1.0f) << "v = (1 - rho) g^2 = 1 and p -= lr g / (sqrt(v) + eps) with eps = 1";
    rmsprop_step(p, std::vector<float>{2.0f}, state, config);
    EXPECT_EQ(state.mean_square[0], 1.75f) << "v = rho v + (1 - rho) g^2 = 0.75 + 1";
    const double want = -1.0 - 2.0 / (std::sqrt(1.75) + 1.0);
    EXPECT_NEAR(p[0], want, 8 * uf * 2) << "step 2";
}

TEST(AdamStep, UsesBothDecaysAndEps) {
    // lr = 1, beta1 = 1/2, beta2 = 3/4, eps = 2, p = 0; g = 2, then g = 0.
    //   t = 1: m = 1, v = 1; m_hat = 1 / (1 - 1/2) = 2, v_hat = 1 / (1 - 3/4) = 4;
    //          p -= 2 / (2 + 2) = 1/2 (every number exact; the betas cancel at t = 1, eps does not)
    //   t = 2: m = 1/2, v = 3/4; m_hat = (1/2) / (3/4) = 2/3, v_hat = (3/4) / (7/16) = 12/7;
    //          p -= (2/3) / (sqrt(12/7) + 2)     (the betas matter from t = 2 on)
    std::vector<float> p = {0.0f};
    AdamState state(1);
    const AdamConfig config{1.0f, 0.5f, 0.75f, 2.0f, 0.0f};
    adam_step(p, std::vector<float>{2.0f}, state, config);
    EXPECT_EQ(p[0], -0.5f) << "t = 1: m_hat = g, v_hat = g^2, p -= lr g / (|g| + eps) with eps = 2";
    adam_step(p, std::vector<float>{0.0f}, state, config);
    EXPECT_EQ(state.m[0], 0.5f) << "m = beta1 m + (1 - beta1) g with beta1 = 1/2";
    EXPECT_EQ(state.v[0], 0.75f) << "v = beta2 v + (1 - beta2) g^2 with beta2 = 3/4";
    const double want = -0.5 - (2.0 / 3.0) / (std::sqrt(12.0 / 7.0) + 2.0);
    EXPECT_NEAR(p[0], want, 16 * uf) << "t = 2: bias corrections 1 - beta1^2 = 3/4 and 1 - beta2^2 = 7/16";
}

TEST(AdaptiveSteps, FirstStepIsScaleFreeFrom1eMinus4To1e18) {
    // From a zero state the first step of each method divides g by a multiple of |g|:
    //     AdaGrad lr * sign(g),   RMSProp lr / sqrt(1 - rho) * sign(g),   Adam lr * sign(g),
    // up to the relative eps / |g| and a few float roundings. The float state holds g^2, so this
    // holds while g^2 fits in a float (|g| < 1.8e19, see the header); below |g| ~ eps the step shrinks.
    const std::vector<float> g = {1e-4f, -1.0f, 3e9f, -1e18f, 7e17f};
    const std::size_t n = g.size();
    std::vector<float> pa(n, 0.0f), pr(n, 0.0f), pm(n, 0.0f);
    AdaGradState sa(n);
    RmsPropState sr(n);
    AdamState sm(n);
    adagrad_step(pa, g, sa, {0.5f, 1e-10f});
    rmsprop_step(pr, g, sr, {0.5f, 0.75f, 1e-10f});
    adam_step(pm, g, sm, {0.5f, 0.9f, 0.999f, 1e-10f, 0.0f});
    for (std::size_t i = 0; i < n; ++i) {
        const double sign = g[i] > 0 ? 1.0 : -1.0;
        const double rel = 8 * uf + 1e-10 / std::abs(g[i]);
        EXPECT_NEAR(pa[i], -0.5 * sign, 0.5 * rel) << "AdaGrad, g = " << g[i];
        const double rel_rmsprop = 8 * uf + 1e-10 / (0.5 * std::abs(g[i]));  // eps against sqrt(1 - rho) |g|
        EXPECT_NEAR(pr[i], -1.0 * sign, 1.0 * rel_rmsprop) << "RMSProp (rho = 3/4: lr / sqrt(1 - rho) = 2 lr), g = " << g[i];
        EXPECT_NEAR(pm[i], -0.5 * sign, 0.5 * rel) << "Adam, g = " << g[i];
    }
}

TEST(AdaptiveSteps, WorkWhenTheGradientIsTheParameterBuffer) {
    // grads may alias params (a caller that stores the gradient in the parameter buffer): each
    // entry's g_i is read before p_i is written, so the result is that of a separate copy.
    const std::vector<float> p0 = random_floats(9, 4400);
    std::vector<float> pa = p0, pr = p0, pm = p0, qa = p0, qr = p0, qm = p0;
    AdaGradState sa(9), ta(9);
    RmsPropState sr(9), tr(9);
    AdamState sm(9), tm(9);
    adagrad_step(pa, pa, sa);
    adagrad_step(qa, p0, ta);
    rmsprop_step(pr, pr, sr);
    rmsprop_step(qr, p0, tr);
    adam_step(pm, pm, sm, {1e-2f, 0.9f, 0.999f, 1e-8f, 0.1f});
    adam_step(qm, p0, tm, {1e-2f, 0.9f, 0.999f, 1e-8f, 0.1f});
    EXPECT_EQ(pa, qa) << "adagrad_step(p, p, ...)";
    EXPECT_EQ(pr, qr) << "rmsprop_step(p, p, ...)";
    EXPECT_EQ(pm, qm) << "adam_step(p, p, ...)";
}

TEST(AdaptiveSteps, RefuseEveryOutOfRangeConfigAndLeaveTheStateAlone) {
    const float inf = std::numeric_limits<float>::infinity(), nan = std::nanf("");
    std::vector<float> p = {1.0f, 2.0f};
    const std::vector<float> g = {0.5f, -0.5f};
    AdaGradState sa(2);
    RmsPropState sr(2);
    AdamState sm(2);
    EXPECT_NO_THROW(adagrad_step(p, g, sa)) << course::testing::kValidCallFirst;
    EXPECT_NO_THROW(rmsprop_step(p, g, sr)) << course::testing::kValidCallFirst;
    EXPECT_NO_THROW(adam_step(p, g, sm)) << course::testing::kValidCallFirst;
    const std::vector<float> p_before = p, sa_before = sa.sum_squares, sr_before = sr.mean_square, m_before = sm.m,
                             v_before = sm.v;
    for (float lr : {0.0f, -1e-3f, nan, inf, -inf}) {
        EXPECT_TRUE(ThrowsInvalidArgument([&] { adagrad_step(p, g, sa, {lr, 1e-10f}); }, {"adagrad_step", "learning_rate"}))
            << "learning_rate = " << lr;
        EXPECT_TRUE(ThrowsInvalidArgument([&] { rmsprop_step(p, g, sr, {lr, 0.9f, 1e-8f}); }, {"rmsprop_step", "learning_rate"}))
            << "learning_rate = " << lr;
        EXPECT_TRUE(ThrowsInvalidArgument([&] { adam_step(p, g, sm, {lr, 0.9f, 0.999f, 1e-8f, 0.0f}); },
                                          {"adam_step", "learning_rate"}))
            << "learning_rate = " << lr;
    }
    for (float eps : {-1e-8f, nan, inf, -inf}) {
        EXPECT_TRUE(ThrowsInvalidArgument([&] { adagrad_step(p, g, sa, {1e-2f, eps}); }, {"adagrad_step", "eps"})) << "eps = " << eps;
        EXPECT_TRUE(ThrowsInvalidArgument([&] { rmsprop_step(p, g, sr, {1e-3f, 0.9f, eps}); }, {"rmsprop_step", "eps"}))
            << "eps = " << eps;
        EXPECT_TRUE(ThrowsInvalidArgument([&] { adam_step(p, g, sm, {1e-3f, 0.9f, 0.999f, eps, 0.0f}); }, {"adam_step", "eps"}))
            << "eps = " << eps;
    }
    for (float decay : {-0.1f, 1.0f, nan, inf, -inf}) {
        EXPECT_TRUE(ThrowsInvalidArgument([&] { rmsprop_step(p, g, sr, {1e-3f, decay, 1e-8f}); }, {"rmsprop_step", "decay"}))
            << "decay = " << decay;
        EXPECT_TRUE(ThrowsInvalidArgument([&] { adam_step(p, g, sm, {1e-3f, decay, 0.999f, 1e-8f, 0.0f}); }, {"adam_step", "beta1"}))
            << "beta1 = " << decay;
        EXPECT_TRUE(ThrowsInvalidArgument([&] { adam_step(p, g, sm, {1e-3f, 0.9f, decay, 1e-8f, 0.0f}); }, {"adam_step", "beta2"}))
            << "beta2 = " << decay;
    }
    for (float weight_decay : {-0.1f, nan, inf, -inf})
        EXPECT_TRUE(ThrowsInvalidArgument([&] { adam_step(p, g, sm, {1e-3f, 0.9f, 0.999f, 1e-8f, weight_decay}); },
                                          {"adam_step", "weight_decay"}))
            << "weight_decay = " << weight_decay;
    AdamState negative_t(2);
    negative_t.t = -1;
    EXPECT_TRUE(ThrowsInvalidArgument([&] { adam_step(p, g, negative_t); }, {"adam_step", "state.t", "-1"}));
    // A refused call changes nothing: not the parameters, not the state, not the step count.
    EXPECT_EQ(p, p_before);
    EXPECT_EQ(sa.sum_squares, sa_before);
    EXPECT_EQ(sr.mean_square, sr_before);
    EXPECT_EQ(sm.m, m_before);
    EXPECT_EQ(sm.v, v_before);
    EXPECT_EQ(sm.t, 1) << "only the one valid adam_step counts";
    EXPECT_EQ(negative_t.t, -1);
}

// ---------------------------------------------------------------------------------------------
// eps > 0 and sparse gradients, the step count's range, non-finite gradients

TEST(AdaptiveSteps, RefuseEpsZeroAndLeaveZeroGradientEntriesInPlace) {
    // A sparse gradient (an embedding row no example touched) has g_i = 0 with a state of 0: the step
    // is 0 / (sqrt(0) + eps), which eps = 0 turns into 0 / 0 = NaN. eps must be > 0 (the header).
    const std::vector<float> g = {0.0f, 2.0f, 0.0f, -0.5f, 0.0f};
    const std::vector<float> p0 = {1.0f, 2.0f, 3.0f, 4.0f, 5.0f};
    {
        std::vector<float> p = p0;
        AdaGradState sa(5);
        RmsPropState sr(5);
        AdamState sm(5);
        EXPECT_NO_THROW(adagrad_step(p, g, sa)) << course::testing::kValidCallFirst;
        for (float eps : {0.0f, -0.0f}) {
            EXPECT_TRUE(ThrowsInvalidArgument([&] { adagrad_step(p, g, sa, {0.5f, eps}); }, {"adagrad_step", "eps", "> 0"}));
            EXPECT_TRUE(ThrowsInvalidArgument([&] { rmsprop_step(p, g, sr, {0.5f, 0.75f, eps}); }, {"rmsprop_step", "eps", "> 0"}));
            EXPECT_TRUE(ThrowsInvalidArgument([&] { adam_step(p, g, sm, {0.5f, 0.9f, 0.999f, eps, 0.0f}); }, {"adam_step", "eps", "> 0"}));
        }
    }
    // The smallest positive eps (FLT_TRUE_MIN = 1.4e-45) is enough: the zero entries stay exactly where
    // they are and their state stays 0, over two steps; the others make the first steps of the
    // formulas (AdaGrad lr sign(g), then lr g_2 / sqrt(2 g^2); RMSProp 2 lr sign(g) with rho = 3/4; Adam lr sign(g)).
    const float tiny = std::numeric_limits<float>::denorm_min();
    std::vector<float> pa = p0, pr = p0, pm = p0;
    AdaGradState sa(5);
    RmsPropState sr(5);
    AdamState sm(5);
    for (int step = 1; step <= 2; ++step) {
        adagrad_step(pa, g, sa, {0.5f, tiny});
        rmsprop_step(pr, g, sr, {0.5f, 0.75f, tiny});
        adam_step(pm, g, sm, {0.5f, 0.9f, 0.999f, tiny, 0.0f});
        for (std::size_t i : {0u, 2u, 4u}) {
            EXPECT_EQ(pa[i], p0[i]) << "AdaGrad, step " << step << ", entry " << i << " with g = 0";
            EXPECT_EQ(pr[i], p0[i]) << "RMSProp, step " << step << ", entry " << i << " with g = 0";
            EXPECT_EQ(pm[i], p0[i]) << "Adam, step " << step << ", entry " << i << " with g = 0";
            EXPECT_EQ(sa.sum_squares[i], 0.0f);
            EXPECT_EQ(sr.mean_square[i], 0.0f);
            EXPECT_EQ(sm.m[i], 0.0f);
            EXPECT_EQ(sm.v[i], 0.0f);
        }
    }
    // Two equal gradients: AdaGrad moves lr (1 + 1 / sqrt 2) sign(g); RMSProp 2 lr + lr g / sqrt(7/16 g^2)
    // = lr (2 + 4 / sqrt 7) sign(g); Adam lr sign(g) twice (constant gradient). A few float roundings each.
    for (std::size_t i : {1u, 3u}) {
        const double sign = g[i] > 0 ? 1.0 : -1.0;
        EXPECT_NEAR(pa[i], p0[i] - 0.5 * (1 + 1 / std::sqrt(2.0)) * sign, 16 * uf * 5) << "AdaGrad, entry " << i;
        EXPECT_NEAR(pr[i], p0[i] - 0.5 * (2 + 4 / std::sqrt(7.0)) * sign, 16 * uf * 5) << "RMSProp, entry " << i;
        EXPECT_NEAR(pm[i], p0[i] - 2 * 0.5 * sign, 32 * uf * 5) << "Adam, entry " << i;
    }
}

TEST(AdamStep, RefusesAStepCountThatCannotBeIncremented) {
    const std::vector<float> g = {0.5f, -2.0f};
    std::vector<float> p = {1.0f, 2.0f};
    AdamState valid(2);
    EXPECT_NO_THROW(adam_step(p, g, valid)) << course::testing::kValidCallFirst;
    // t = INT_MAX: t + 1 overflows an int (undefined behaviour); refused before anything changes.
    const int max = std::numeric_limits<int>::max();
    AdamState full(2);
    full.t = max;
    full.m = {0.25f, -0.5f};
    full.v = {0.125f, 1.0f};
    const std::vector<float> p_before = p;
    EXPECT_TRUE(ThrowsInvalidArgument([&] { adam_step(p, g, full); }, {"adam_step", "state.t", std::to_string(max)}));
    EXPECT_EQ(full.t, max);
    EXPECT_EQ(full.m, (std::vector<float>{0.25f, -0.5f}));
    EXPECT_EQ(full.v, (std::vector<float>{0.125f, 1.0f}));
    EXPECT_EQ(p, p_before);
    // t = INT_MAX - 1 is the last count that can be incremented: the step runs at t = INT_MAX, where
    // beta^t = 0 in double and both corrections are 1, so from m = v = 0 it moves
    // lr (1 - b1) g / (sqrt(1 - b2) |g| + eps) = 3.16 lr sign(g) (b1, b2 the float values), a few
    // float roundings relative, plus eps / |g|.
    AdamState last(2);
    last.t = max - 1;
    const AdamConfig config{1e-3f, 0.9f, 0.999f, 1e-8f, 0.0f};
    std::vector<float> q = {0.0f, 0.0f};
    adam_step(q, g, last, config);
    EXPECT_EQ(last.t, max);
    const double ratio = (1.0 - double(config.beta1)) / std::sqrt(1.0 - double(config.beta2));
    for (std::size_t i = 0; i < 2; ++i) {
        const double want = -1e-3 * ratio * (g[i] > 0 ? 1 : -1);
        EXPECT_NEAR(q[i], want, std::abs(want) * (16 * uf + 1e-8 / std::abs(g[i])))
            << "entry " << i << " at t = INT_MAX: no bias correction left";
    }
}

TEST(AdaptiveSteps, RefuseNonFiniteGradientsBeforeChangingAnything) {
    // A NaN or inf gradient entry would enter the state (G, v, m) and stay there for good. Each step
    // refuses it, naming the entry, with params and the state exactly as before; the bad entry is
    // placed in the middle and at the end, after entries that a check inside the update loop would
    // already have changed.
    const float nan = std::nanf(""), inf = std::numeric_limits<float>::infinity();
    const std::vector<float> g = {0.5f, -0.25f, 2.0f};
    std::vector<float> p = {1.0f, 2.0f, 3.0f};
    AdaGradState sa(3);
    RmsPropState sr(3);
    AdamState sm(3);
    EXPECT_NO_THROW(adagrad_step(p, g, sa)) << course::testing::kValidCallFirst;
    EXPECT_NO_THROW(rmsprop_step(p, g, sr)) << course::testing::kValidCallFirst;
    EXPECT_NO_THROW(adam_step(p, g, sm)) << course::testing::kValidCallFirst;
    const std::vector<float> p_before = p, sa_before = sa.sum_squares, sr_before = sr.mean_square, m_before = sm.m,
                             v_before = sm.v;
    for (float bad : {nan, inf, -inf}) {
        for (std::size_t at : {1u, 2u}) {
            std::vector<float> b = g;
            b[at] = bad;
            const std::string entry = "grads[" + std::to_string(at) + "]";
            EXPECT_TRUE(ThrowsInvalidArgument([&] { adagrad_step(p, b, sa); }, {"adagrad_step", entry}))
                << entry << " = " << bad;
            EXPECT_TRUE(ThrowsInvalidArgument([&] { rmsprop_step(p, b, sr); }, {"rmsprop_step", entry}))
                << entry << " = " << bad;
            EXPECT_TRUE(ThrowsInvalidArgument([&] { adam_step(p, b, sm); }, {"adam_step", entry})) << entry << " = " << bad;
            ASSERT_EQ(p, p_before) << "params changed by a refused step (" << entry << " = " << bad << ")";
            ASSERT_EQ(sa.sum_squares, sa_before) << "AdaGrad's state changed (" << entry << " = " << bad << ")";
            ASSERT_EQ(sr.mean_square, sr_before) << "RMSProp's state changed (" << entry << " = " << bad << ")";
            ASSERT_EQ(sm.m, m_before) << "Adam's m changed (" << entry << " = " << bad << ")";
            ASSERT_EQ(sm.v, v_before) << "Adam's v changed (" << entry << " = " << bad << ")";
            ASSERT_EQ(sm.t, 1) << "Adam's step count changed (" << entry << " = " << bad << ")";
        }
    }
}

}  // namespace
}  // namespace course::optimization
