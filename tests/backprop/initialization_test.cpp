// Tests for exercise 5, weight initialization (modules/backprop/learner/initialization.cpp).
//
// Oracles: the generator replayed in the test (the contract fixes which draw makes which element,
// so a second course::Rng with the same seed and the scale written out here in double give the
// expected weights); the sample mean and variance of 10^5 draws against the rule's variance, within
// bounds derived from their standard errors; the bounds and standard deviations that PyTorch's
// torch.nn.init computes for an nn.Linear weight of the same shape, frozen in
// tests/backprop/fixtures/initialization_golden.hpp. fan_in != fan_out everywhere it matters, so
// that the He rule with the fan-out, or Xavier with one fan, gives another scale.
#include "backprop/initialization.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <functional>
#include <limits>
#include <string>
#include <vector>

#include "course/random.hpp"
#include "course/testing.hpp"
#include "fixtures/initialization_golden.hpp"

namespace course::backprop {
namespace {

using course::testing::AllClose;
using course::testing::ThrowsInvalidArgument;
using course::testing::Tolerance;

constexpr float kNaN = std::numeric_limits<float>::quiet_NaN();
constexpr float kInf = std::numeric_limits<float>::infinity();

// kReplay: a replayed weight is the same draw times the same scale, rounded to float once. The
// scale may be computed another way (in float, or as sqrt(3) * s): a few float roundings of 6 or 2
// over the fans, a square root and a product, each at most half an ulp, so 8 float epsilons
// relative cover every honest way; a wrong rule changes the scale by a factor, not by ulps.
constexpr Tolerance kReplay{0.0, 8.0 * std::numeric_limits<float>::epsilon()};

// Init: one of the four initializers with the gain bound in (He ignores it).
using Init = std::function<void(std::span<float>, int, int, course::Rng&)>;

struct Rule {
    const char* name;
    Init init;
    bool uniform;  // U(-a, a) from one rng.uniform, else s * rng.normal()
    // scale: a (uniform) or s (normal), written out in double as the papers give it
    std::function<double(int fan_in, int fan_out)> scale;
};

std::vector<Rule> rules(float gain) {
    const double g = gain;
    return {
        {"xavier_uniform", [gain](std::span<float> w, int i, int o, course::Rng& r) { xavier_uniform(w, i, o, r, gain); },
         true, [g](int i, int o) { return g * std::sqrt(6.0 / (i + o)); }},
        {"xavier_normal", [gain](std::span<float> w, int i, int o, course::Rng& r) { xavier_normal(w, i, o, r, gain); },
         false, [g](int i, int o) { return g * std::sqrt(2.0 / (i + o)); }},
        {"he_uniform", [](std::span<float> w, int i, int o, course::Rng& r) { he_uniform(w, i, o, r); }, true,
         [](int i, int) { return std::sqrt(6.0 / i); }},
        {"he_normal", [](std::span<float> w, int i, int o, course::Rng& r) { he_normal(w, i, o, r); }, false,
         [](int i, int) { return std::sqrt(2.0 / i); }},
    };
}

// replay: the weights the contract promises from the generator `after` (seeded as the caller's),
// which is left where the initializer must leave its own.
std::vector<float> replay(const Rule& rule, int fan_in, int fan_out, course::Rng& after) {
    const double scale = rule.scale(fan_in, fan_out);
    std::vector<float> want(std::size_t(fan_in) * std::size_t(fan_out));
    for (float& w : want) w = rule.uniform ? float(after.uniform(-scale, scale)) : float(scale * after.normal());
    return want;
}

// ExpectReplays: rule on (fan_in, fan_out) from seed gives the replayed weights, and leaves the
// generator exactly weight.size() draws further (the next draw matches the replay's next).
void ExpectReplays(const Rule& rule, int fan_in, int fan_out, std::uint64_t seed) {
    SCOPED_TRACE(std::string(rule.name) + ", fan_in = " + std::to_string(fan_in) + ", fan_out = " +
                 std::to_string(fan_out) + ", seed " + std::to_string(seed));
    std::vector<float> got(std::size_t(fan_in) * std::size_t(fan_out), kNaN);  // every element overwritten
    course::Rng rng(seed);
    rule.init(got, fan_in, fan_out, rng);
    course::Rng want_rng(seed);
    const std::vector<float> want = replay(rule, fan_in, fan_out, want_rng);
    EXPECT_TRUE(AllClose(got, want, kReplay, {fan_out, fan_in}))
        << "expected element i = " << (rule.uniform ? "rng.uniform(-a, a)" : "s * rng.normal()") << " with "
        << (rule.uniform ? "a = " : "s = ") << rule.scale(fan_in, fan_out) << "; got[0] / want[0] = "
        << double(got[0]) / double(want[0]) << " (sqrt(fan_in / fan_out) = " << std::sqrt(double(fan_in) / fan_out)
        << ", sqrt(fan_out / fan_in) = " << std::sqrt(double(fan_out) / fan_in) << ")";
    EXPECT_EQ(rng.uniform(0.0, 1.0), want_rng.uniform(0.0, 1.0))
        << "the generator must be left exactly one draw per element further ("
        << (rule.uniform ? "one rng.uniform" : "one rng.normal, itself two uniforms") << " per element)";
}

// ---- Exact replay of the generator ----

// Shapes: 1 x 1 (the smallest layer), then fan_in != fan_out both ways (He with the fan-out, or
// Xavier with one fan only, changes the scale by a factor), primes.
const int kShapes[][2] = {{1, 1}, {7, 3}, {3, 5}, {13, 2}};

TEST(Replay, XavierUniformIsGainTimesSqrtSixOverTheSumOfTheFans) {
    for (const auto& shape : kShapes) ExpectReplays(rules(1.0f)[0], shape[0], shape[1], 11);
}

TEST(Replay, XavierNormalIsGainTimesSqrtTwoOverTheSumOfTheFans) {
    for (const auto& shape : kShapes) ExpectReplays(rules(1.0f)[1], shape[0], shape[1], 12);
}

TEST(Replay, HeUniformIsSqrtSixOverTheFanIn) {
    for (const auto& shape : kShapes) ExpectReplays(rules(1.0f)[2], shape[0], shape[1], 13);
}

TEST(Replay, HeNormalIsSqrtTwoOverTheFanIn) {
    for (const auto& shape : kShapes) ExpectReplays(rules(1.0f)[3], shape[0], shape[1], 14);
}

TEST(Replay, XavierTakesItsGain) {
    // gain = 5/3 (PyTorch's gain for tanh) and 0.25: the scale is multiplied by the gain.
    for (float gain : {5.0f / 3.0f, 0.25f}) {
        const std::vector<Rule> r = rules(gain);
        ExpectReplays(r[0], 6, 10, 15);
        ExpectReplays(r[1], 6, 10, 16);
    }
}

// ---- The variance of many draws ----

// ExpectMomentsOf: 10^5 draws of rule on a (fan_out, fan_in) = (250, 400) layer have mean 0 and
// variance Var, where Var = a^2 / 3 for U(-a, a) and s^2 for N(0, s^2).
//
// Bounds: the sample mean has standard error sigma / sqrt(n); the sample variance has standard
// error sigma^2 sqrt((kappa - 1) / n), kappa = mu4 / sigma^4 the kurtosis (9/5 for a uniform, 3
// for a normal). Both bounds are 6 standard errors: about 0.019 sigma for the mean, and 1.7%
// (uniform) or 2.7% (normal) of the variance. The test is deterministic (fixed seed, fixed draw
// order: the replay tests pin that order, so every correct implementation draws exactly these
// numbers), so it cannot flake; 6 sigmas (a chance of 2e-9 for a random seed) mean the seed was
// not picked to pass. A wrong rule is off by a factor: the fan-out for the fan-in, 1.6; Xavier's
// normal with the 6, 3; a draw in [0, a), a mean of a / 2 (270 standard errors).
void ExpectMomentsOf(const Rule& rule) {
    constexpr int fan_in = 400, fan_out = 250;
    constexpr double n = double(fan_in) * fan_out;
    std::vector<float> w(std::size_t(fan_in) * fan_out, kNaN);
    course::Rng rng(2024);
    rule.init(w, fan_in, fan_out, rng);
    const double scale = rule.scale(fan_in, fan_out);
    const double var = rule.uniform ? scale * scale / 3.0 : scale * scale;
    const double kurtosis = rule.uniform ? 9.0 / 5.0 : 3.0;
    double sum = 0.0;
    for (float x : w) sum += x;
    const double mean = sum / n;
    double ss = 0.0;
    for (float x : w) ss += (x - mean) * (x - mean);
    const double sample_var = ss / (n - 1.0);
    EXPECT_LE(std::abs(mean), 6.0 * std::sqrt(var / n))
        << rule.name << ": the mean of 10^5 weights is " << mean << ", expected 0 within 6 standard errors "
        << "(a draw in [0, a) instead of (-a, a) has mean a / 2)";
    EXPECT_LE(std::abs(sample_var / var - 1.0), 6.0 * std::sqrt((kurtosis - 1.0) / n))
        << rule.name << ": sample variance " << sample_var << ", expected " << var << " (ratio "
        << sample_var / var << "; with the fan-out for the fan-in it would be " << double(fan_in) / fan_out << ")";
    if (rule.uniform) {
        // All within [-a, a] (rounded to float), and both ends reached: the largest of 10^5 draws
        // falls short of a by more than 2e-4 a with probability (1 - 1e-4)^(10^5) = e^-10 per end.
        float lo = w[0], hi = w[0];
        for (float x : w) lo = std::min(lo, x), hi = std::max(hi, x);
        EXPECT_LE(hi, float(scale)) << rule.name << ": a weight above a = " << scale;
        EXPECT_GE(lo, -float(scale)) << rule.name << ": a weight below -a = " << -scale;
        EXPECT_GE(hi, 0.9998 * scale) << rule.name << ": no weight near a = " << scale;
        EXPECT_LE(lo, -0.9998 * scale) << rule.name << ": no weight near -a = " << -scale
                                       << " (a draw in [0, a) never goes below 0)";
    }
}

TEST(Moments, XavierUniformHasVarianceTwoOverTheSumOfTheFans) { ExpectMomentsOf(rules(1.0f)[0]); }
TEST(Moments, XavierNormalHasVarianceTwoOverTheSumOfTheFans) { ExpectMomentsOf(rules(1.0f)[1]); }
TEST(Moments, HeUniformHasVarianceTwoOverTheFanIn) { ExpectMomentsOf(rules(1.0f)[2]); }
TEST(Moments, HeNormalHasVarianceTwoOverTheFanIn) { ExpectMomentsOf(rules(1.0f)[3]); }

// ---- PyTorch's scales for an nn.Linear weight of the same shape ----

TEST(Golden, ScalesMatchTorchNnInitForALinearWeight) {
    // torch.nn.init on a (fan_out, fan_in) weight, as nn.Linear(fan_in, fan_out) holds it: the bound
    // a of the uniforms and the standard deviation s of the normals that torch passes to uniform_ /
    // normal_ (kaiming_* with nonlinearity='relu', mode='fan_in'). The weights replay our generator
    // with that scale. torch computes it another way (sqrt(3) * s for the uniforms): kReplay covers it.
    for (const auto& g : initialization_golden::scales) {
        const std::vector<Rule> r = rules(float(g.gain));
        const Rule& rule = r[std::size_t(g.rule)];
        SCOPED_TRACE(std::string(rule.name) + " (torch: " + g.torch_call + "), fan_in = " + std::to_string(g.fan_in) +
                     ", fan_out = " + std::to_string(g.fan_out) + ", gain " + std::to_string(g.gain));
        std::vector<float> got(std::size_t(g.fan_in) * std::size_t(g.fan_out), kNaN);
        course::Rng rng(31);
        rule.init(got, g.fan_in, g.fan_out, rng);
        course::Rng again(31);
        std::vector<float> want(got.size());
        for (float& w : want) w = rule.uniform ? float(again.uniform(-g.scale, g.scale)) : float(g.scale * again.normal());
        EXPECT_TRUE(AllClose(got, want, kReplay, {g.fan_out, g.fan_in}))
            << "torch's " << (rule.uniform ? "bound a = " : "standard deviation s = ") << g.scale;
    }
}

// ---- Sizes whose product overflows int ----

TEST(Sizes, AProductOfFansThatOverflowsIntIsRefused) {
    std::vector<float> w(6);
    course::Rng rng(1);
    xavier_uniform(w, 3, 2, rng);  // the valid call first
    // 65536 * 65536 = 2^32 is 0 in a 32-bit int, and 65536 * 65537 = 2^32 + 65536 is 65536: a size
    // check in int would accept an empty weight, or one of 65536 floats, for a 2^32-element layer.
    std::vector<float> small(65536);
    for (const Rule& rule : rules(1.0f)) {
        SCOPED_TRACE(rule.name);
        EXPECT_TRUE(ThrowsInvalidArgument([&] { rule.init({}, 65536, 65536, rng); }, {rule.name, "weight", "4294967296"}));
        EXPECT_TRUE(ThrowsInvalidArgument([&] { rule.init(small, 65536, 65537, rng); },
                                          {rule.name, "weight", "65536", "4295032832"}));
    }
}

// ---- Bad input ----

TEST(BadInput, RefusesFansBelowOneAndWrongSizesBeforeAnyDraw) {
    std::vector<float> w(6);
    course::Rng rng(5);
    he_normal(w, 3, 2, rng);  // the valid call first
    for (const Rule& rule : rules(1.0f)) {
        SCOPED_TRACE(rule.name);
        course::Rng fresh(9), untouched(9);
        std::vector<float> none;
        EXPECT_TRUE(ThrowsInvalidArgument([&] { rule.init(none, 0, 2, fresh); }, {rule.name, "fan_in", "0"}));
        EXPECT_TRUE(ThrowsInvalidArgument([&] { rule.init(w, -3, -2, fresh); }, {rule.name, "fan_in", "-3"}));
        EXPECT_TRUE(ThrowsInvalidArgument([&] { rule.init(none, 2, 0, fresh); }, {rule.name, "fan_out", "0"}));
        EXPECT_TRUE(ThrowsInvalidArgument([&] { rule.init(w, 3, -2, fresh); }, {rule.name, "fan_out", "-2"}));
        EXPECT_TRUE(ThrowsInvalidArgument([&] { rule.init(w, 2, 2, fresh); }, {rule.name, "weight", "6", "4"}));
        EXPECT_TRUE(ThrowsInvalidArgument([&] { rule.init(w, 7, 1, fresh); }, {rule.name, "weight", "6", "7"}));
        EXPECT_EQ(fresh.uniform(), untouched.uniform()) << "a refused call must not draw";
    }
}

TEST(BadInput, XavierRefusesAGainThatIsNotFiniteAndPositive) {
    std::vector<float> w(6);
    course::Rng rng(6);
    xavier_normal(w, 3, 2, rng, 2.0f);  // the valid call first
    for (float gain : {0.0f, -1.0f, kNaN, kInf, -kInf}) {
        SCOPED_TRACE("gain " + std::to_string(gain));
        EXPECT_TRUE(ThrowsInvalidArgument([&] { xavier_uniform(w, 3, 2, rng, gain); }, {"xavier_uniform", "gain"}));
        EXPECT_TRUE(ThrowsInvalidArgument([&] { xavier_normal(w, 3, 2, rng, gain); }, {"xavier_normal", "gain"}));
    }
}

}  // namespace
}  // namespace course::backprop
