// Tests for exercise 3, losses (modules/backprop/learner/losses.cpp).
//
// Oracles: values worked by hand (V = 2 and 3, logits that are logarithms of small integers); the
// losses written again plainly in double in this file (mse_oracle, bce_oracle, cross_entropy_oracle);
// central differences in double of those double re-implementations for every backward; PyTorch's
// F.mse_loss, F.binary_cross_entropy_with_logits and F.cross_entropy with their gradients, frozen in
// fixtures/losses_golden.hpp (the script beside it made it). Extreme scales: logits times 1e-30 up
// to 1000, a row shifted by 1e4, a target of probability e^-2000, bce at |z| = 1000, and sums of a
// million terms (a float accumulator is 1% off there). Every test calls the exercise first, so a
// stub shows "not started".
#include "backprop/losses.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <climits>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <span>
#include <string>
#include <vector>

#include "course/random.hpp"
#include "course/testing.hpp"
#include "fixtures/losses_golden.hpp"

namespace course::backprop {
namespace {

using course::testing::AllClose;
using course::testing::ThrowsInvalidArgument;
using course::testing::Tolerance;

// kU: the unit roundoff of float, 2^-24 = 6e-8: one rounding to float is off by at most kU relative.
constexpr double kU = course::testing::unit_roundoff<float>();
// kTiny: a few of float's smallest subnormals, the absolute error of a probability that underflows.
constexpr double kTiny = 4.0 * std::numeric_limits<float>::denorm_min();

// kLossTolerance: a returned loss is a double sum rounded once to float (kU), after at most a few
// double roundings per term (1e-15): 4 kU leaves room for a learner's float exp of each term.
constexpr Tolerance kLossTolerance{0.0, 4 * kU};

std::vector<double> to_double(std::span<const float> x) { return {x.begin(), x.end()}; }

// ---- Oracles: the losses in double, written plainly from their definitions ----

double mse_oracle(const std::vector<double>& pred, const std::vector<double>& target) {
    double sum = 0.0;
    for (std::size_t i = 0; i < pred.size(); ++i) sum += (pred[i] - target[i]) * (pred[i] - target[i]);
    return sum / double(pred.size());
}

std::vector<double> mse_gradient_oracle(const std::vector<double>& pred, const std::vector<double>& target) {
    std::vector<double> g(pred.size());
    for (std::size_t i = 0; i < pred.size(); ++i) g[i] = 2.0 * (pred[i] - target[i]) / double(pred.size());
    return g;
}

// bce_oracle: softplus(z) - z y, softplus(z) = max(z, 0) + log(1 + e^-|z|).
double bce_oracle(const std::vector<double>& z, const std::vector<double>& y) {
    double sum = 0.0;
    for (std::size_t i = 0; i < z.size(); ++i) {
        sum += std::max(z[i], 0.0) + std::log1p(std::exp(-std::abs(z[i]))) - z[i] * y[i];
    }
    return sum / double(z.size());
}

std::vector<double> bce_gradient_oracle(const std::vector<double>& z, const std::vector<double>& y) {
    std::vector<double> g(z.size());
    for (std::size_t i = 0; i < z.size(); ++i) {
        const double s = z[i] >= 0 ? 1.0 / (1.0 + std::exp(-z[i])) : std::exp(z[i]) / (1.0 + std::exp(z[i]));
        g[i] = (s - y[i]) / double(z.size());
    }
    return g;
}

// cross_entropy_oracle: the mean over rows of logsumexp - logit; fills probs (B, V) when given.
double cross_entropy_oracle(const std::vector<double>& logits, const std::vector<int>& targets, int B, int V,
                            std::vector<double>* probs = nullptr) {
    double total = 0.0;
    for (int b = 0; b < B; ++b) {
        const double* row = logits.data() + std::size_t(b) * std::size_t(V);
        const double m = *std::max_element(row, row + V);
        double sum = 0.0;
        for (int v = 0; v < V; ++v) sum += std::exp(row[v] - m);
        if (probs) {
            probs->resize(std::size_t(B) * std::size_t(V));
            for (int v = 0; v < V; ++v) (*probs)[std::size_t(b) * std::size_t(V) + std::size_t(v)] = std::exp(row[v] - m) / sum;
        }
        total += std::log(sum) - (row[targets[std::size_t(b)]] - m);
    }
    return total / double(B);
}

std::vector<double> cross_entropy_gradient_oracle(const std::vector<double>& logits, const std::vector<int>& targets,
                                                  int B, int V) {
    std::vector<double> probs;
    cross_entropy_oracle(logits, targets, B, V, &probs);
    for (int b = 0; b < B; ++b) probs[std::size_t(b) * std::size_t(V) + std::size_t(targets[std::size_t(b)])] -= 1.0;
    for (double& g : probs) g /= double(B);
    return probs;
}

// GradientTolerance: a gradient entry is a double value rounded once to float, and for the softmax
// probs - [v == t] of a prob that is itself 2 roundings off (exp, then the division): at most 3 kU
// times |dloss| / B (|probs - one_hot| <= 1), plus the golden file's 9 digits; 4 kU covers both.
Tolerance GradientTolerance(double scale) { return {4 * kU * std::abs(scale), 4 * kU}; }

void ExpectLossNear(double got, double want, Tolerance tol, const char* what) {
    EXPECT_LE(std::abs(got - want), tol.atol + tol.rtol * std::abs(want)) << what << ": got " << got << ", want " << want;
}

// ---- Mean squared error ----

TEST(MseLoss, HandWorkedForwardAndBackward) {
    // pred (1, 2, 4), target (0, 2, 1): L = (1 + 0 + 9) / 3 = 10/3; dL/dpred = 2 (1, 0, 3) / 3.
    const std::vector<float> pred{1, 2, 4}, target{0, 2, 1};
    EXPECT_FLOAT_EQ(mse_forward(pred, target), 10.0f / 3.0f) << "(1 + 0 + 9) / N, N = 3";
    std::vector<float> dpred(3, 0.0f);
    mse_backward(dpred, pred, target);
    EXPECT_TRUE(AllClose(dpred, std::vector<float>{2.0f / 3.0f, 0.0f, 2.0f}, {0.0, 2 * kU})) << "2 (pred - target) / N";
}

TEST(MseLoss, MatchesTorchGolden) {
    const std::span<const float> pred(golden::kMsePred), target(golden::kMseTarget);
    ExpectLossNear(mse_forward(pred, target), golden::kMseLoss, kLossTolerance, "F.mse_loss");
    std::vector<float> dpred(pred.size(), 0.0f);
    mse_backward(dpred, pred, target);
    EXPECT_TRUE(AllClose(to_double(dpred), std::vector<double>(std::begin(golden::kMseDpred), std::end(golden::kMseDpred)),
                         {0.0, 4 * kU}))
        << "the gradient of F.mse_loss (mean reduction)";
}

TEST(MseLoss, SumsAMillionTermsInDouble) {
    // 2^20 equal terms (pred - target)^2 = 0.316227766f^2 ~ 0.1: the mean is exactly that one term.
    // A float running sum passes 2^16 and then rounds each addition of 0.1 to a multiple of 2^-7:
    // about 1% off. Summed in double the mean is one rounding from the truth.
    const std::size_t n = std::size_t(1) << 20;
    const std::vector<float> pred(n, 0.316227766f), target(n, 0.0f);
    const double term = double(pred[0]) * double(pred[0]);
    ExpectLossNear(mse_forward(pred, target), term, kLossTolerance, "mean of 2^20 equal squares");
}

// ---- Binary cross-entropy on logits ----

TEST(BceWithLogits, HandWorked) {
    // z = 0, y = 1: log 2. z = ln 3, y = 0: ln 3 + log(1 + 1/3) = ln 4. z = -ln 3, y = 1: ln 3 + ln(4/3)
    // = ln 4. z = 0, y = 0.5: log 2. Mean (ln 2 + ln 4 + ln 4 + ln 2) / 4 = 1.5 ln 2.
    // Gradients (sigmoid(z) - y) / 4: (1/2 - 1, 3/4 - 0, 1/4 - 1, 1/2 - 1/2) / 4.
    const float ln3 = float(std::log(3.0));
    const std::vector<float> z{0.0f, ln3, -ln3, 0.0f}, y{1.0f, 0.0f, 1.0f, 0.5f};
    // ln3 is rounded to float (kU relative), which moves each loss term by < 1 * kU ln 3: 8 kU in all
    ExpectLossNear(bce_with_logits_forward(z, y), 1.5 * std::log(2.0), {0.0, 8 * kU}, "mean of ln 2, ln 4, ln 4, ln 2");
    std::vector<float> dz(4, 0.0f);
    bce_with_logits_backward(dz, z, y);
    EXPECT_TRUE(AllClose(dz, std::vector<float>{-0.125f, 0.1875f, -0.1875f, 0.0f}, {1e-7, 8 * kU}))
        << "(sigmoid(z) - y) / N with sigmoid(ln 3) = 3/4";
}

TEST(BceWithLogits, MatchesTorchGolden) {
    const std::span<const float> z(golden::kBceLogits), y(golden::kBceTargets);
    ExpectLossNear(bce_with_logits_forward(z, y), golden::kBceLoss, kLossTolerance,
                   "F.binary_cross_entropy_with_logits (three of the logits are +-1000)");
    std::vector<float> dz(z.size(), 0.0f);
    bce_with_logits_backward(dz, z, y);
    EXPECT_TRUE(AllClose(to_double(dz), std::vector<double>(std::begin(golden::kBceDlogits), std::end(golden::kBceDlogits)),
                         {0.0, 4 * kU}))
        << "the gradient of F.binary_cross_entropy_with_logits";
}

TEST(BceWithLogits, StableAtLogitsOfPlusMinusAThousand) {
    // Per element max(z, 0) - z y + log1p(e^-1000) with e^-1000 = 0 in double: z = 1000, y = 0 -> 1000;
    // -1000, 1 -> 1000; 1000, 1 -> 0; -1000, 0 -> 0; 1000, 0.25 -> 750. Mean 2750 / 5 = 550, exact.
    // The textbook -y log s - (1 - y) log(1 - s) takes log(1 - 1) = -inf there: inf or NaN.
    const std::vector<float> z{1000, -1000, 1000, -1000, 1000}, y{0, 1, 1, 0, 0.25f};
    EXPECT_EQ(bce_with_logits_forward(z, y), 550.0f) << "(1000 + 1000 + 0 + 0 + 750) / 5";
    std::vector<float> dz(5, 0.0f);
    bce_with_logits_backward(dz, z, y);
    EXPECT_TRUE(AllClose(dz, std::vector<float>{0.2f, -0.2f, 0.0f, 0.0f, 0.15f}, {0.0, 2 * kU}))
        << "(sigmoid(z) - y) / 5 with sigmoid(+-1000) = 1 or 0";
}

TEST(BceWithLogits, SumsAMillionTermsInDouble) {
    // 2^20 terms of z = 0, y = 0: each ln 2, so the mean is ln 2; a float sum is ~1% off.
    const std::size_t n = std::size_t(1) << 20;
    const std::vector<float> z(n, 0.0f), y(n, 0.0f);
    ExpectLossNear(bce_with_logits_forward(z, y), std::log(2.0), kLossTolerance, "mean of 2^20 terms ln 2");
}

// ---- Softmax cross-entropy ----

TEST(SoftmaxCrossEntropy, HandWorkedTwoClasses) {
    // Row 0: logits (0, 0), target 1: probs (1/2, 1/2), loss ln 2. Row 1: (ln 3, 0), target 0: probs
    // (3/4, 1/4), loss ln(4/3). Mean over B = 2 (not over B V = 4): (ln 2 + ln 4/3) / 2 = ln(8/3) / 2.
    // dlogits = (probs - one_hot) / 2 = (1/4, -1/4; -1/8, 1/8).
    const std::vector<float> logits{0.0f, 0.0f, float(std::log(3.0)), 0.0f};
    const std::vector<int> targets{1, 0};
    std::vector<float> probs(4, std::nanf(""));
    const float loss = softmax_cross_entropy_forward(probs, logits, targets, 2, 2);
    // ln 3 rounded to float moves the row-1 terms by at most kU ln 3 ~ 1.1 kU: 4 kU for each
    ExpectLossNear(loss, std::log(8.0 / 3.0) / 2.0, {0.0, 4 * kU}, "(ln 2 + ln 4/3) / B, B = 2");
    EXPECT_TRUE(AllClose(probs, std::vector<float>{0.5f, 0.5f, 0.75f, 0.25f}, {0.0, 4 * kU}, {2, 2}));
    std::vector<float> dlogits(4, 0.0f);
    softmax_cross_entropy_backward(dlogits, probs, targets, 2, 2);
    EXPECT_TRUE(AllClose(dlogits, std::vector<float>{0.25f, -0.25f, -0.125f, 0.125f}, {0.0, 4 * kU}, {2, 2}))
        << "(probs - one_hot) / B, B = 2";
}

TEST(SoftmaxCrossEntropy, HandWorkedThreeClassesBatchOfOne) {
    // logits (0, ln 2, ln 5): exps (1, 2, 5), sum 8, probs (1/8, 2/8, 5/8). Target 2: loss ln(8/5).
    // dlogits = probs - one_hot = (1/8, 1/4, -3/8), divided by B = 1 (and not by V = 3).
    const std::vector<float> logits{0.0f, float(std::log(2.0)), float(std::log(5.0))};
    const std::vector<int> targets{2};
    std::vector<float> probs(3, std::nanf(""));
    ExpectLossNear(softmax_cross_entropy_forward(probs, logits, targets, 1, 3), std::log(8.0 / 5.0), {0.0, 8 * kU},
                   "ln(8/5), a batch of one");
    EXPECT_TRUE(AllClose(probs, std::vector<float>{0.125f, 0.25f, 0.625f}, {0.0, 4 * kU}));
    std::vector<float> dlogits(3, 0.0f);
    softmax_cross_entropy_backward(dlogits, probs, targets, 1, 3);
    EXPECT_TRUE(AllClose(dlogits, std::vector<float>{0.125f, 0.25f, -0.375f}, {0.0, 4 * kU}));
}

TEST(SoftmaxCrossEntropy, MatchesTorchGolden) {
    const int B = golden::kCeB, V = golden::kCeV;
    const std::vector<int> targets(std::begin(golden::kCeTargets), std::end(golden::kCeTargets));
    std::vector<float> probs(std::size_t(B * V), std::nanf(""));
    ExpectLossNear(softmax_cross_entropy_forward(probs, golden::kCeLogits, targets, B, V), golden::kCeLoss,
                   kLossTolerance, "F.cross_entropy (row 3 holds a target of probability e^-2000)");
    EXPECT_TRUE(AllClose(to_double(probs), std::vector<double>(std::begin(golden::kCeProbs), std::end(golden::kCeProbs)),
                         {kTiny, 4 * kU}, {B, V}))
        << "softmax(logits, dim = 1)";
    std::vector<float> dlogits(std::size_t(B * V), 0.0f);
    softmax_cross_entropy_backward(dlogits, probs, targets, B, V);
    EXPECT_TRUE(AllClose(to_double(dlogits),
                         std::vector<double>(std::begin(golden::kCeDlogits), std::end(golden::kCeDlogits)),
                         GradientTolerance(1.0 / B), {B, V}))
        << "the gradient of F.cross_entropy (mean over B)";
}

// random_targets: B class indices in [0, V - 1) when V > 1, so that class V - 1 is never a target.
std::vector<int> random_targets(int B, int V, std::uint64_t seed) {
    Rng rng(seed);
    std::vector<int> targets(static_cast<std::size_t>(B));
    for (int& t : targets) t = V > 1 ? rng.index(V - 1) : 0;
    return targets;
}

// scaled_logits: B V floats uniform in [-4 scale, 4 scale).
std::vector<float> scaled_logits(int B, int V, double scale, std::uint64_t seed) {
    std::vector<float> x = random_floats(std::size_t(B) * std::size_t(V), seed);
    for (float& v : x) v = float(4.0 * scale * double(v));
    return x;
}

// ExpectMatchesOracle: forward and backward of (B, V) logits against the double oracle, with the
// backward adding dloss * gradient into a buffer that starts at 0.5.
void ExpectMatchesOracle(const std::vector<float>& logits, const std::vector<int>& targets, int B, int V, float dloss,
                         const char* what) {
    std::vector<double> want_probs;
    const std::vector<double> x = to_double(logits);
    const double want_loss = cross_entropy_oracle(x, targets, B, V, &want_probs);
    std::vector<float> probs(std::size_t(B) * std::size_t(V), std::nanf(""));
    const float loss = softmax_cross_entropy_forward(probs, logits, targets, B, V);
    ExpectLossNear(loss, want_loss, kLossTolerance, what);
    EXPECT_TRUE(AllClose(to_double(probs), want_probs, {kTiny, 4 * kU}, {B, V})) << what << ": probs";
    std::vector<float> dlogits(probs.size(), 0.5f);
    softmax_cross_entropy_backward(dlogits, probs, targets, B, V, dloss);
    std::vector<double> want = cross_entropy_gradient_oracle(x, targets, B, V);
    for (double& g : want) g = 0.5 + double(dloss) * g;
    // the 0.5 start adds one float rounding of size kU * 0.5 to the gradient's own error
    EXPECT_TRUE(AllClose(to_double(dlogits), want, {4 * kU * (std::abs(dloss) / B + 0.5), 0.0}, {B, V}))
        << what << ": 0.5 + dloss * (probs - one_hot) / B with dloss = " << dloss;
}

TEST(SoftmaxCrossEntropy, MatchesDoubleOracleOnRandomBatches) {
    // Shapes with 1, primes and a wide row; class V - 1 is never a target (its gradient is probs / B).
    struct Shape {
        int B, V;
        float dloss;
    };
    for (const Shape s : {Shape{1, 1, 1.0f}, Shape{1, 7, 1.0f}, Shape{3, 5, 0.5f}, Shape{17, 31, -3.0f},
                          Shape{64, 257, 2.0f}, Shape{5, 2, 1.0f}}) {
        const std::uint64_t seed = std::uint64_t(100 * s.B + s.V);
        SCOPED_TRACE(::testing::Message() << "B x V = " << s.B << " x " << s.V << ", seed " << seed);
        ExpectMatchesOracle(scaled_logits(s.B, s.V, 1.0, seed), random_targets(s.B, s.V, seed), s.B, s.V, s.dloss,
                            "random logits in [-4, 4)");
    }
}

TEST(SoftmaxCrossEntropy, AHopelessTargetCostsItsLogitGapNotInfinity) {
    // Row 0: (1000, -1000), target 1: probs (1, 0) (e^-2000 is 0 in any float), loss 2000 exactly as
    // logsumexp - logit = 1000 - (-1000); -log(prob) would be -log 0 = inf. Row 1 mirrors it; row 2 is
    // (0, 0), target 0, loss ln 2. Mean (4000 + ln 2) / 3; dlogits (1, -1; -1, 1; -1/2, 1/2) / 3.
    const std::vector<float> logits{1000, -1000, -1000, 1000, 0, 0};
    const std::vector<int> targets{1, 0, 0};
    std::vector<float> probs(6, std::nanf(""));
    ExpectLossNear(softmax_cross_entropy_forward(probs, logits, targets, 3, 2), (4000.0 + std::log(2.0)) / 3.0,
                   kLossTolerance, "(2000 + 2000 + ln 2) / 3");
    EXPECT_TRUE(AllClose(probs, std::vector<float>{1, 0, 0, 1, 0.5f, 0.5f}, {0.0, 0.0}, {3, 2}));
    std::vector<float> dlogits(6, 0.0f);
    softmax_cross_entropy_backward(dlogits, probs, targets, 3, 2);
    EXPECT_TRUE(AllClose(dlogits, std::vector<float>{1.f / 3, -1.f / 3, -1.f / 3, 1.f / 3, -1.f / 6, 1.f / 6},
                         {0.0, 2 * kU}, {3, 2}));
}

TEST(SoftmaxCrossEntropy, LogitsFromTimesTenToTheMinusThirtyToTimesAThousand) {
    // The same random logits scaled by 1e-30 (probs all 1/V to float precision, loss ln V) up to 1000
    // (exp(4000) overflows any float: the row max must come off first).
    constexpr int B = 5, V = 7;
    for (const double scale : {1e-30, 1e-15, 1e-3, 1.0, 30.0, 1000.0}) {
        SCOPED_TRACE(::testing::Message() << "logits in [-4, 4) times " << scale << ", B x V = 5 x 7, seed 57");
        ExpectMatchesOracle(scaled_logits(B, V, scale, 57), random_targets(B, V, 57), B, V, 1.0f, "scaled logits");
    }
}

TEST(SoftmaxCrossEntropy, AnOffsetAddedToARowChangesNothing) {
    // Logits that are multiples of 1/8 in [-4, 4] stay exact when 1e4 is added (float spacing there is
    // 2^-10), so softmax(x + c) = softmax(x) can be checked to float rounding. Without subtracting the
    // max, exp(1e4) is inf and the probs NaN. The loss may round at the offset's scale in float
    // (m + log sum - logit carries an ulp(1e4) = 2^-10 three times): 2^-8 absolute.
    constexpr int B = 3, V = 6;
    std::vector<float> base = scaled_logits(B, V, 1.0, 8);
    for (float& x : base) x = std::round(x * 8.0f) / 8.0f;
    const std::vector<int> targets = random_targets(B, V, 8);
    std::vector<float> probs(std::size_t(B * V), std::nanf(""));
    const float loss = softmax_cross_entropy_forward(probs, base, targets, B, V);
    const float offsets[B] = {1e4f, -1e4f, 0.0f};
    std::vector<float> shifted = base;
    for (int b = 0; b < B; ++b)
        for (int v = 0; v < V; ++v) shifted[std::size_t(b * V + v)] += offsets[b];
    std::vector<float> shifted_probs(std::size_t(B * V), std::nanf(""));
    const float shifted_loss = softmax_cross_entropy_forward(shifted_probs, shifted, targets, B, V);
    EXPECT_TRUE(AllClose(shifted_probs, probs, {kTiny, 4 * kU}, {B, V})) << "rows 0 and 1 shifted by +1e4 and -1e4";
    ExpectLossNear(shifted_loss, loss, {1.0 / 256, 0.0}, "the loss after the shift");
    ExpectLossNear(loss, cross_entropy_oracle(to_double(base), targets, B, V), kLossTolerance, "the loss before");
}

TEST(SoftmaxCrossEntropy, SumsHalfAMillionRowsInDouble) {
    // B = 2^19 rows of logits (0, 0), target 0: each row costs ln 2, the mean is ln 2; a float sum of
    // the rows is ~1% off.
    constexpr int B = 1 << 19, V = 2;
    const std::vector<float> logits(std::size_t(B) * V, 0.0f);
    const std::vector<int> targets(std::size_t(B), 0);
    std::vector<float> probs(logits.size());
    ExpectLossNear(softmax_cross_entropy_forward(probs, logits, targets, B, V), std::log(2.0), kLossTolerance,
                   "the mean of 2^19 rows of ln 2");
}

TEST(SoftmaxCrossEntropy, BackwardReadsTheProbsItIsGiven) {
    // The backward is dloss (probs - one_hot) / B from the probs passed in, whatever they hold: no
    // softmax again, no exp. All values here are exact in binary: B = 2, dloss = 4.
    const std::vector<float> probs{0.25f, 0.5f, 0.125f, 1.0f, 0.0f, 2.0f};
    const std::vector<int> targets{2, 0};
    std::vector<float> dlogits(6, 0.0f);
    softmax_cross_entropy_backward(dlogits, probs, targets, 2, 3, 4.0f);
    EXPECT_TRUE(AllClose(dlogits, std::vector<float>{0.5f, 1.0f, -1.75f, 0.0f, 0.0f, 4.0f}, {0.0, 0.0}, {2, 3}))
        << "4 (probs - one_hot) / 2, the one_hot at (0, 2) and (1, 0)";
}

// ---- Every backward against central differences in double ----

// ExpectGradientsClose: |got - fd| <= 4 kU |dloss| max|fd| + 1e-9: the float rounding of the backward,
// and the central differences' own error, eps^(2/3) ~ 4e-11 times the size of the loss.
void ExpectGradientsClose(const std::vector<float>& got, const Vector& fd, double scale, const char* what) {
    const std::vector<double> want(fd.data(), fd.data() + fd.size());
    double max_fd = 0.0;
    for (const double g : want) max_fd = std::max(max_fd, std::abs(g));
    EXPECT_TRUE(AllClose(to_double(got), want, {4 * kU * scale * max_fd + 1e-9, 4 * kU})) << what;
}

TEST(Gradients, MseMatchesCentralDifferences) {
    const std::vector<float> pred = random_floats(11, 3), target = random_floats(11, 4);
    const float dloss = -1.5f;
    std::vector<float> dpred(11, 0.0f);
    mse_backward(dpred, pred, target, dloss);
    const std::vector<double> t = to_double(target);
    const Vector fd = course::testing::numerical_gradient(
        [&](const Vector& p) { return double(dloss) * mse_oracle(std::vector<double>(p.data(), p.data() + p.size()), t); },
        Eigen::Map<const Eigen::VectorXd>(to_double(pred).data(), 11));
    ExpectGradientsClose(dpred, fd, 1.0, "mse_backward with dloss = -1.5 against d(dloss L)/dpred");
}

TEST(Gradients, BceWithLogitsMatchesCentralDifferences) {
    std::vector<float> z = random_floats(13, 5), y = random_floats(13, 6);
    for (float& v : z) v *= 6.0f;
    for (float& v : y) v = 0.5f * (v + 1.0f);  // in [0, 1)
    const float dloss = 2.5f;
    std::vector<float> dz(13, 0.0f);
    bce_with_logits_backward(dz, z, y, dloss);
    const std::vector<double> yd = to_double(y), zd = to_double(z);
    const Vector fd = course::testing::numerical_gradient(
        [&](const Vector& x) { return double(dloss) * bce_oracle(std::vector<double>(x.data(), x.data() + x.size()), yd); },
        Eigen::Map<const Eigen::VectorXd>(zd.data(), 13));
    ExpectGradientsClose(dz, fd, 1.0, "bce_with_logits_backward with dloss = 2.5 against d(dloss L)/dz");
}

TEST(Gradients, SoftmaxCrossEntropyMatchesCentralDifferences) {
    constexpr int B = 4, V = 6;
    const std::vector<float> logits = scaled_logits(B, V, 1.0, 9);
    const std::vector<int> targets = random_targets(B, V, 9);
    const float dloss = 0.75f;
    std::vector<float> probs(std::size_t(B * V), std::nanf(""));
    softmax_cross_entropy_forward(probs, logits, targets, B, V);
    std::vector<float> dlogits(std::size_t(B * V), 0.0f);
    softmax_cross_entropy_backward(dlogits, probs, targets, B, V, dloss);
    const std::vector<double> x = to_double(logits);
    const Vector fd = course::testing::numerical_gradient(
        [&](const Vector& v) {
            return double(dloss) * cross_entropy_oracle(std::vector<double>(v.data(), v.data() + v.size()), targets, B, V);
        },
        Eigen::Map<const Eigen::VectorXd>(x.data(), B * V));
    ExpectGradientsClose(dlogits, fd, 1.0, "softmax_cross_entropy_backward with dloss = 0.75 against d(dloss L)/dlogits");
}

// ---- Accumulation: every backward adds dloss * gradient into its buffer ----

TEST(Accumulation, EveryBackwardAddsIntoItsGradientAndScalesByDloss) {
    // Start each buffer at nonzero values, add the gradient with dloss = 1, then with dloss = -2.5,
    // then with dloss = 0 (adds nothing): init - 1.5 g. The oracles give g in double.
    const std::vector<float> a = random_floats(6, 11), b = random_floats(6, 12);
    std::vector<float> y = b;
    for (float& v : y) v = 0.5f * (v + 1.0f);
    std::vector<float> init = random_floats(6, 13);
    const auto expect = [&](const std::vector<float>& got, const std::vector<double>& g, const char* what) {
        std::vector<double> want(g.size());
        for (std::size_t i = 0; i < g.size(); ++i) want[i] = double(init[i]) - 1.5 * g[i];
        // three float additions onto values of size <= 1 + |g|: 4 kU (1 + 2.5 |g|) each, 2e-6 in all
        EXPECT_TRUE(AllClose(to_double(got), want, {2e-6, 0.0})) << what << ": init + 1 g - 2.5 g + 0 g";
    };
    {
        std::vector<float> d = init;
        for (const float dl : {1.0f, -2.5f, 0.0f}) mse_backward(d, a, b, dl);
        expect(d, mse_gradient_oracle(to_double(a), to_double(b)), "mse_backward");
    }
    {
        std::vector<float> d = init;
        for (const float dl : {1.0f, -2.5f, 0.0f}) bce_with_logits_backward(d, a, y, dl);
        expect(d, bce_gradient_oracle(to_double(a), to_double(y)), "bce_with_logits_backward");
    }
    {
        const std::vector<int> t{2, 0};
        std::vector<float> probs(6);
        softmax_cross_entropy_forward(probs, a, t, 2, 3);
        std::vector<float> d = init;
        for (const float dl : {1.0f, -2.5f, 0.0f}) softmax_cross_entropy_backward(d, probs, t, 2, 3, dl);
        expect(d, cross_entropy_gradient_oracle(to_double(a), t, 2, 3), "softmax_cross_entropy_backward");
    }
}

// ---- Bad input ----

TEST(BadInput, MseRefusesMismatchedEmptyAndNonFiniteInputs) {
    const std::vector<float> p{1, 2, 3}, t{1, 2, 3};
    std::vector<float> d(3, 0.0f), wrong(4);
    EXPECT_EQ(mse_forward(p, t), 0.0f) << course::testing::kValidCallFirst;
    const float nan = std::nanf(""), inf = std::numeric_limits<float>::infinity();
    EXPECT_TRUE(ThrowsInvalidArgument([&] { mse_forward(p, std::vector<float>{1, 2}); }, {"mse_forward", "target", "2"}));
    EXPECT_TRUE(ThrowsInvalidArgument([&] { mse_forward({}, {}); }, {"mse_forward", "empty"}));
    EXPECT_TRUE(ThrowsInvalidArgument([&] { mse_forward(std::vector<float>{1, 2, nan}, t); }, {"mse_forward", "pred[2]", "nan"}));
    EXPECT_TRUE(ThrowsInvalidArgument([&] { mse_forward(p, std::vector<float>{inf, 2, 3}); }, {"target[0]", "inf"}));
    EXPECT_TRUE(ThrowsInvalidArgument([&] { mse_forward(std::vector<float>{1, -inf, 3}, t); }, {"pred[1]", "-inf"}));
    EXPECT_TRUE(ThrowsInvalidArgument([&] { mse_backward(wrong, p, t); }, {"mse_backward", "dpred", "4"}));
    EXPECT_TRUE(ThrowsInvalidArgument([&] { mse_backward(d, std::vector<float>{nan, 2, 3}, t); }, {"mse_backward", "pred[0]"}));
    EXPECT_TRUE(ThrowsInvalidArgument([&] { mse_backward(d, p, t, nan); }, {"mse_backward", "dloss", "nan"}));
    EXPECT_TRUE(ThrowsInvalidArgument([&] { mse_backward(d, p, t, -inf); }, {"mse_backward", "dloss", "-inf"}));
}

TEST(BadInput, BceRefusesTargetsOutsideZeroOneAndNonFiniteLogits) {
    const std::vector<float> z{0.5f, -1.0f}, y{0.0f, 1.0f};
    std::vector<float> d(2, 0.0f), wrong(3);
    EXPECT_GT(bce_with_logits_forward(z, y), 0.0f) << course::testing::kValidCallFirst;
    const float nan = std::nanf(""), inf = std::numeric_limits<float>::infinity();
    for (const float bad : {-0.25f, 1.5f, nan, inf, -inf}) {
        EXPECT_TRUE(ThrowsInvalidArgument([&] { bce_with_logits_forward(z, std::vector<float>{0.5f, bad}); },
                                          {"bce_with_logits_forward", "targets[1]", "[0, 1]"}))
            << "target " << bad;
        EXPECT_TRUE(ThrowsInvalidArgument([&] { bce_with_logits_backward(d, z, std::vector<float>{bad, 0.5f}); },
                                          {"bce_with_logits_backward", "targets[0]"}))
            << "target " << bad;
    }
    for (const float bad : {nan, inf, -inf}) {
        EXPECT_TRUE(ThrowsInvalidArgument([&] { bce_with_logits_forward(std::vector<float>{bad, 0.0f}, y); },
                                          {"bce_with_logits_forward", "logits[0]"}))
            << "logit " << bad;
        EXPECT_TRUE(ThrowsInvalidArgument([&] { bce_with_logits_backward(d, z, y, bad); },
                                          {"bce_with_logits_backward", "dloss"}))
            << "dloss " << bad;
    }
    EXPECT_TRUE(ThrowsInvalidArgument([&] { bce_with_logits_forward({}, {}); }, {"bce_with_logits_forward", "empty"}));
    EXPECT_TRUE(ThrowsInvalidArgument([&] { bce_with_logits_forward(z, std::vector<float>{0.5f}); }, {"targets", "1"}));
    EXPECT_TRUE(ThrowsInvalidArgument([&] { bce_with_logits_backward(wrong, z, y); },
                                      {"bce_with_logits_backward", "dlogits", "3"}));
}

TEST(BadInput, SoftmaxCrossEntropyRefusesTargetsOutsideTheClasses) {
    constexpr int B = 2, V = 3;
    const std::vector<float> logits{0, 1, 2, 3, 4, 5};
    std::vector<float> probs(6), d(6, 0.0f);
    EXPECT_GT(softmax_cross_entropy_forward(probs, logits, std::vector<int>{0, 2}, B, V), 0.0f)
        << course::testing::kValidCallFirst;
    for (const int bad : {-1, V, INT_MAX, INT_MIN}) {
        const std::vector<int> targets{1, bad};
        const std::string value = std::to_string(bad);
        EXPECT_TRUE(ThrowsInvalidArgument([&] { softmax_cross_entropy_forward(probs, logits, targets, B, V); },
                                          {"softmax_cross_entropy_forward", "targets[1]", "row b = 1", value}))
            << "target " << bad << " in row 1";
        EXPECT_TRUE(ThrowsInvalidArgument([&] { softmax_cross_entropy_backward(d, probs, targets, B, V); },
                                          {"softmax_cross_entropy_backward", "targets[1]", "row b = 1", value}))
            << "target " << bad << " in row 1";
    }
}

TEST(BadInput, SoftmaxCrossEntropyRefusesBadShapesNonFiniteLogitsAndDloss) {
    const std::vector<float> logits{0, 1, 2, 3, 4, 5};
    const std::vector<int> targets{0, 2};
    std::vector<float> probs(6), d(6, 0.0f), wrong5(5), wrong8(8);
    EXPECT_GT(softmax_cross_entropy_forward(probs, logits, targets, 2, 3), 0.0f) << course::testing::kValidCallFirst;
    const float nan = std::nanf(""), inf = std::numeric_limits<float>::infinity();
    for (const int bad : {0, -1, INT_MIN}) {
        EXPECT_TRUE(ThrowsInvalidArgument([&] { softmax_cross_entropy_forward(probs, logits, targets, bad, 3); },
                                          {"softmax_cross_entropy_forward", "B is " + std::to_string(bad)}));
        EXPECT_TRUE(ThrowsInvalidArgument([&] { softmax_cross_entropy_backward(d, probs, targets, 2, bad); },
                                          {"softmax_cross_entropy_backward", "V is " + std::to_string(bad)}));
    }
    EXPECT_TRUE(ThrowsInvalidArgument([&] { softmax_cross_entropy_forward(probs, logits, targets, 3, 2); },
                                      {"targets", "B"}));
    EXPECT_TRUE(ThrowsInvalidArgument(
        [&] { softmax_cross_entropy_forward(wrong5, logits, targets, 2, 3); }, {"probs", "5"}));
    EXPECT_TRUE(ThrowsInvalidArgument(
        [&] { softmax_cross_entropy_forward(probs, std::vector<float>(7), targets, 2, 3); }, {"logits", "7"}));
    EXPECT_TRUE(ThrowsInvalidArgument(
        [&] { softmax_cross_entropy_backward(wrong8, probs, targets, 2, 3); }, {"dlogits", "8"}));
    EXPECT_TRUE(ThrowsInvalidArgument(
        [&] { softmax_cross_entropy_backward(d, std::vector<float>(4), targets, 2, 3); }, {"probs", "4"}));
    for (const float bad : {nan, inf, -inf}) {
        std::vector<float> x = logits;
        x[4] = bad;
        EXPECT_TRUE(ThrowsInvalidArgument([&] { softmax_cross_entropy_forward(probs, x, targets, 2, 3); },
                                          {"softmax_cross_entropy_forward", "logits[4]"}))
            << "logit " << bad;
        EXPECT_TRUE(ThrowsInvalidArgument([&] { softmax_cross_entropy_backward(d, probs, targets, 2, 3, bad); },
                                          {"softmax_cross_entropy_backward", "dloss"}))
            << "dloss " << bad;
    }
}

}  // namespace
}  // namespace course::backprop

namespace course::backprop {
namespace {

TEST(BceWithLogits, KeepsTheRelativeAccuracyOfAConfidentBatch) {
    // A batch classified with confidence: y = 1, z = 30 for every row, so each term is
    // log(1 + e^-30) = 9.357622968839737e-14 (mpmath, 30 digits). log1p keeps it to the last digit;
    // log(1 + e^-30) in double loses all but three digits (1 + 9.4e-14 keeps 1e-16 of it), and in
    // float 1 + e^-30 rounds to 1: the loss of a well-trained classifier would read 0.
    const std::vector<float> z(8, 30.0f), y(8, 1.0f);
    ExpectLossNear(bce_with_logits_forward(z, y), 9.357622968839737e-14, kLossTolerance,
                   "y = 1, z = 30: log1p(exp(-|z|)), not log(1 + exp(-|z|))");
}

TEST(MseLoss, SquaresInDoubleSoOnlyAMeanBeyondFloatIsInfinite) {
    // Differences 3e19, 0, 0, 0: (3e19)^2 = 9e38 is beyond float (FLT_MAX = 3.4e38) but the mean,
    // 2.25e38 (9e38 / 4, exact in double up to the rounding of 3e19f), is not: a float square or a
    // float running sum returns inf. pred = 3e38 against target = -3e38: the difference 6e38 (inf
    // in float), squared 3.6e77 in double; that mean has no float, so the header's choice is +inf,
    // never NaN. mse_backward at the first: 2 * 3e19 / 4 = 1.5e19, finite.
    const std::vector<float> pred{3e19f, 0, 0, 0}, target(4, 0.0f);
    const double d = double(3e19f);
    const float got = mse_forward(pred, target);
    EXPECT_TRUE(std::isfinite(got)) << "mse_forward with differences 3e19, 0, 0, 0: got " << got
                                    << ", want 2.25e38: a square or a sum in float overflows at 9e38";
    ExpectLossNear(got, d * d / 4, kLossTolerance, "differences 3e19, 0, 0, 0: mean of the squares in double");
    std::vector<float> dpred(4, 0.0f);
    mse_backward(dpred, pred, target);
    EXPECT_EQ(dpred[0], float(2 * d / 4)) << "2 (pred - target) / N at 3e19, N = 4";
    const float far = mse_forward(std::vector<float>{3e38f}, std::vector<float>{-3e38f});
    EXPECT_EQ(far, std::numeric_limits<float>::infinity())
        << "pred = 3e38, target = -3e38: the mean 3.6e77 is beyond float, rounded to +inf (header), got " << far;
}

}  // namespace
}  // namespace course::backprop
