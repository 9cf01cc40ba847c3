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
    adagrad_step(p, std::vector<float>{1.0f, 1.0f, 1.0f}, state);  // valid input first
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
    rmsprop_step(p, std::vector<float>{1.0f, 1.0f}, state);  // valid input first
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
    adam_step(p, g, state);  // valid input first
    EXPECT_TRUE(ThrowsInvalidArgument([&] { adam_step(p, g, wrong); }, {"adam_step", "4", "3"}));
    EXPECT_TRUE(ThrowsInvalidArgument([&] { adam_step(p, std::vector<float>{1.0f}, state); }, {"adam_step", "grads"}));
    EXPECT_TRUE(ThrowsInvalidArgument([&] { adam_step(p, g, state, {1e-3f, 1.0f, 0.999f, 1e-8f, 0.0f}); }, {"beta1"}));
    EXPECT_TRUE(ThrowsInvalidArgument([&] { adam_step(p, g, state, {1e-3f, 0.9f, -0.5f, 1e-8f, 0.0f}); }, {"beta2"}));
    EXPECT_TRUE(ThrowsInvalidArgument([&] { adam_step(p, g, state, {0.0f, 0.9f, 0.999f, 1e-8f, 0.0f}); },
                                      {"learning_rate"}));
}

}  // namespace
}  // namespace course::optimization
