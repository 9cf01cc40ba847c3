// Tests for exercise 8, the MLP (modules/backprop/learner/mlp.cpp): mlp_create, mlp_forward,
// mlp_backward, mlp_zero_grad, sgd_step, clip_grad_norm, warmup_cosine_lr.
//
// Oracles: a 2-3-2 net worked by hand in values exact in binary; the whole net written again here
// in double (forward_double), differentiated by central differences in double (never the learner's
// code, never the reference); PyTorch's forward, cross-entropy and gradients of a 3-4-3-2 net and
// torch.optim.SGD's three steps, frozen in fixtures/mlp_golden.hpp (fixtures/mlp_golden.py made
// them); the learning-rate formula written plainly in double; the norm of the gradients summed in
// double here. The other exercises' functions (linear, relu, he_normal) are facts from their
// references. Every test calls a function of this exercise first, so a stub shows "not started".
#include "backprop/mlp.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <numbers>
#include <span>
#include <tuple>
#include <utility>
#include <vector>

#include "backprop/initialization.hpp"
#include "course/random.hpp"
#include "course/testing.hpp"
#include "fixtures/mlp_golden.hpp"
#include "linear_algebra/matmul_packed.hpp"
#include "optimization/adaptive_steps.hpp"

namespace course::backprop {
namespace {

using course::testing::AllClose;
using course::testing::ThrowsInvalidArgument;
using course::testing::Tolerance;

constexpr float kNaN = std::numeric_limits<float>::quiet_NaN();
constexpr float kInf = std::numeric_limits<float>::infinity();

// forward_double: the net again, in double and written plainly: logits (B, C_L) of inp (B, C_0)
// for flat params in mlp.hpp's layout. min_abs_pre (if given) receives min |a| over the hidden
// pre-activations: the distance to ReLU's kink, where central differences would straddle it.
std::vector<double> forward_double(const std::vector<int>& sizes, const std::vector<double>& params,
                                   const std::vector<double>& inp, int B, double* min_abs_pre = nullptr) {
    std::vector<double> x = inp;
    std::size_t offset = 0;
    double min_abs = std::numeric_limits<double>::infinity();
    const std::size_t L = sizes.size() - 1;
    for (std::size_t l = 0; l < L; ++l) {
        const int C = sizes[l], OC = sizes[l + 1];
        const double* W = params.data() + offset;
        const double* bias = W + std::size_t(OC) * std::size_t(C);
        offset += std::size_t(OC) * std::size_t(C) + std::size_t(OC);
        std::vector<double> y(std::size_t(B) * std::size_t(OC));
        for (int b = 0; b < B; ++b)
            for (int o = 0; o < OC; ++o) {
                double sum = bias[o];
                for (int c = 0; c < C; ++c) sum += x[std::size_t(b) * C + c] * W[std::size_t(o) * C + c];
                if (l + 1 < L) {
                    min_abs = std::min(min_abs, std::abs(sum));
                    sum = std::max(sum, 0.0);
                }
                y[std::size_t(b) * OC + o] = sum;
            }
        x = std::move(y);
    }
    if (min_abs_pre) *min_abs_pre = min_abs;
    return x;
}

std::vector<double> to_double(std::span<const float> v) { return {v.begin(), v.end()}; }
std::vector<float> to_float(const std::vector<double>& v) {
    std::vector<float> out(v.size());
    for (std::size_t i = 0; i < v.size(); ++i) out[i] = float(v[i]);
    return out;
}

// oracle_gradient: d/dparams of sum_ij R[i, j] logits[i, j] (so that dL/dlogits = R), by central
// differences in double of forward_double. Also checks that no pre-activation is near ReLU's kink.
std::vector<float> oracle_gradient(const std::vector<int>& sizes, std::span<const float> params,
                                   std::span<const float> inp, std::span<const float> R, int B) {
    const std::vector<double> x = to_double(inp), r = to_double(R);
    double min_abs = 0.0;
    forward_double(sizes, to_double(params), x, B, &min_abs);
    // The step is about 6e-6 max(1, |p|): a pre-activation moves by less than 1e-4 here.
    EXPECT_GT(min_abs, 1e-3) << "a pre-activation lies near ReLU's kink: pick another seed";
    const auto f = [&](const course::Vector& p) {
        const std::vector<double> logits = forward_double(sizes, std::vector<double>(p.data(), p.data() + p.size()), x, B);
        double loss = 0.0;
        for (std::size_t i = 0; i < logits.size(); ++i) loss += r[i] * logits[i];
        return loss;
    };
    course::Vector p(Eigen::Index(params.size()));
    for (std::size_t i = 0; i < params.size(); ++i) p[Eigen::Index(i)] = params[i];
    const course::Vector g = course::testing::numerical_gradient(f, p);
    return std::vector<float>(g.data(), g.data() + g.size());
}

// set_random_biases: the biases of a fresh net are 0; give them values, so that a bias ignored
// or misplaced changes the result.
void set_random_biases(Mlp& net, std::uint64_t seed) {
    course::Rng rng(seed);
    for (int l = 0; l < mlp_num_layers(net); ++l)
        for (float& b : mlp_bias(net, l)) b = float(0.5 * rng.uniform());
}

double max_abs(std::span<const float> v) {
    double m = 0.0;
    for (float x : v) m = std::max(m, double(std::abs(x)));
    return m;
}

// The hand-worked net: sizes {2, 3, 2}, B = 2, every value exact in binary.
//   W0 (3, 2) = [[1, -1], [0.5, 2], [-2, 0.25]], b0 = [2, -1, 0], W1 (2, 3) = [[1, 0.5, -1], [-0.5, 1, 2]],
//   b1 = [0.25, -0.5], inp (2, 2) = [[1, 2], [-1, 0.5]].
//   a0 = [[1, 3.5, -1.5], [0.5, -0.5, 2.125]]   (row 0: 1 - 2 + 2, 0.5 + 4 - 1, -2 + 0.5; row 1: -1 - 0.5 + 2, ...)
//   h1 = [[1, 3.5, 0], [0.5, 0, 2.125]]          (two gates closed, one in each row)
//   logits = [[1 + 1.75 + 0.25, -0.5 + 3.5 - 0.5], [0.5 - 2.125 + 0.25, -0.25 + 4.25 - 0.5]] = [[3, 2.5], [-1.375, 3.5]]
Mlp hand_worked_net() {
    Mlp net = mlp_create({2, 3, 2}, 1);
    const std::vector<float> params = {1, -1, 0.5f, 2, -2, 0.25f, 2, -1, 0, 1, 0.5f, -1, -0.5f, 1, 2, 0.25f, -0.5f};
    EXPECT_EQ(net.params.size(), params.size());
    std::copy(params.begin(), params.end(), net.params.begin());
    return net;
}
const std::vector<float> kHandInp = {1, 2, -1, 0.5f};

// ---- mlp_create ----

TEST(MlpCreate, LaysOutHeNormalWeightsAndZeroBiasesFromOneRng) {
    const std::vector<int> sizes = {5, 7, 4, 3};
    const Mlp net = mlp_create(sizes, 42);
    EXPECT_EQ(net.sizes, sizes);
    ASSERT_EQ(net.params.size(), std::size_t(7 * 5 + 7 + 4 * 7 + 4 + 3 * 4 + 3));
    ASSERT_EQ(net.grads.size(), net.params.size());
    EXPECT_EQ(net.batch, 0);
    // The weights: he_normal on each W_l in layout order, all from one Rng(42) (the i-th weight
    // from the i-th draw); a fan_out in place of fan_in, or a new Rng per layer, gives other values.
    course::Rng rng(42);
    for (int l = 0; l < 3; ++l) {
        std::vector<float> W(std::size_t(sizes[l + 1]) * std::size_t(sizes[l]));
        he_normal(W, sizes[l], sizes[l + 1], rng);
        const std::span<const float> got = mlp_weight(net, l);
        EXPECT_TRUE(AllClose(got, std::span<const float>(W), Tolerance{}, {sizes[l + 1], sizes[l]})) << "layer " << l;
        for (float b : mlp_bias(net, l)) EXPECT_EQ(b, 0.0f) << "the biases start at 0 (layer " << l << ")";
    }
    for (float g : net.grads) ASSERT_EQ(g, 0.0f) << "the gradients start at 0";
    // The views: W_1 starts after W_0 and b_0.
    EXPECT_EQ(mlp_weight(net, 1).data(), net.params.data() + 7 * 5 + 7);
    EXPECT_EQ(mlp_bias(net, 2).data(), net.params.data() + 42 + 32 + 12);
    // The same seed, the same net; another seed, another net.
    EXPECT_EQ(mlp_create(sizes, 42).params, net.params);
    EXPECT_NE(mlp_create(sizes, 43).params, net.params);
}

// ---- mlp_forward and mlp_backward, by hand ----

TEST(MlpForward, HandWorkedTwoLayerNetOverwritesTheLogits) {
    Mlp net = hand_worked_net();
    std::vector<float> logits(4, kNaN);  // overwritten, never read
    mlp_forward(net, logits, kHandInp, 2);
    EXPECT_EQ(logits, (std::vector<float>{3, 2.5f, -1.375f, 3.5f}));
    EXPECT_EQ(net.batch, 2);
    EXPECT_EQ(net.pre, (std::vector<float>{1, 3.5f, -1.5f, 0.5f, -0.5f, 2.125f})) << "a_0, kept for the backward";
    EXPECT_EQ(net.post, (std::vector<float>{1, 3.5f, 0, 0.5f, 0, 2.125f})) << "h_1 = relu(a_0)";
}

TEST(MlpBackward, HandWorkedTwoLayerNetAddsIntoTheGradients) {
    // dlogits = [[1, -2], [0.5, 1]]:
    //   dW1 = dlogits^T h1 = [[1 + 0.25, 3.5, 1.0625], [-2 + 0.5, -7, 2.125]],  db1 = [1.5, -1]
    //   dh1 = dlogits W1 = [[1 + 1, 0.5 - 2, -1 - 4], [0.5 - 0.5, 0.25 + 1, -0.5 + 2]] = [[2, -1.5, -5], [0, 1.25, 1.5]]
    //   da0 = dh1 * [a0 > 0] = [[2, -1.5, 0], [0, 0, 1.5]]   (the closed gates stop -5 and 1.25)
    //   dW0 = da0^T inp = [[2, 4], [-1.5, -3], [-1.5, 0.75]],  db0 = [2, -1.5, 1.5]
    Mlp net = hand_worked_net();
    std::vector<float> logits(4);
    mlp_forward(net, logits, kHandInp, 2);
    const std::vector<float> gradient = {2, 4, -1.5f, -3, -1.5f, 0.75f, 2, -1.5f, 1.5f,
                                         1.25f, 3.5f, 1.0625f, -1.5f, -7, 2.125f, 1.5f, -1};
    // The gradients start at 0.5: the backward adds (init + gradient), it does not overwrite.
    std::fill(net.grads.begin(), net.grads.end(), 0.5f);
    mlp_backward(net, std::vector<float>{1, -2, 0.5f, 1}, kHandInp, 2);
    std::vector<float> want(gradient.size());
    for (std::size_t i = 0; i < want.size(); ++i) want[i] = 0.5f + gradient[i];
    EXPECT_TRUE(AllClose(std::span<const float>(net.grads), std::span<const float>(want), Tolerance{}))
        << "layout: dW0 (3, 2), db0 (3), dW1 (2, 3), db1 (2)";
    // A second backward adds the same gradient again.
    mlp_backward(net, std::vector<float>{1, -2, 0.5f, 1}, kHandInp, 2);
    for (std::size_t i = 0; i < want.size(); ++i) want[i] = 0.5f + 2 * gradient[i];
    EXPECT_TRUE(AllClose(std::span<const float>(net.grads), std::span<const float>(want), Tolerance{}))
        << "two backward passes accumulate";
}

// ---- the whole net against central differences ----

TEST(MlpBackward, MatchesCentralDifferencesOfADoubleForwardOn5743) {
    const std::vector<int> sizes = {5, 7, 4, 3};
    const int B = 3;
    Mlp net = mlp_create(sizes, 7);
    set_random_biases(net, 8);
    const std::vector<float> inp = course::random_floats(std::size_t(B) * 5, 9);
    const std::vector<float> R = course::random_floats(std::size_t(B) * 3, 10);  // dL/dlogits
    std::vector<float> logits(std::size_t(B) * 3);
    mlp_forward(net, logits, inp, B);
    // The forward: 3 layers of sums of at most 7 float products, each within gamma_8 ~ 5e-7 of the
    // sum of |terms| (Higham 3.1), compounded over 3 layers: under 3e-6 of the logits' scale.
    const std::vector<double> want_logits = forward_double(sizes, to_double(net.params), to_double(inp), B);
    EXPECT_TRUE(AllClose(std::span<const float>(logits), std::span<const float>(to_float(want_logits)),
                         Tolerance{3e-6 * (1.0 + max_abs(logits)), 0.0}, {B, 3}));
    mlp_backward(net, R, inp, B);
    const std::vector<float> want = oracle_gradient(sizes, net.params, inp, R, B);
    // The gradients: products and sums of at most 7 terms through 3 layers and the batch sum of 3
    // rows, about 30 roundings in a row: 30 u ~ 2e-6 relative to the sums of |terms|, which are
    // within a few times max |g|. The differences' own error is ~eps^(2/3) ~ 4e-11. So 1e-5 max |g|.
    EXPECT_TRUE(AllClose(std::span<const float>(net.grads), std::span<const float>(want),
                         Tolerance{1e-5 * max_abs(want), 0.0}))
        << "grads in layout order: W0 (7, 5), b0 (7), W1 (4, 7), b1 (4), W2 (3, 4), b2 (3)";
}

// ---- PyTorch ----

TEST(MlpGolden, ForwardLossAndGradientsMatchPyTorch) {
    using namespace mlp_golden;
    const std::vector<int> sizes(std::begin(kSizes), std::end(kSizes));
    Mlp net = mlp_create(sizes, 1);
    ASSERT_EQ(net.params.size(), std::size(kParams));
    std::copy(std::begin(kParams), std::end(kParams), net.params.begin());
    const std::span<const float> inp(kInp);
    std::vector<float> logits(std::size_t(kB) * 2);
    mlp_forward(net, logits, inp, kB);
    // Float against PyTorch's double on the same float inputs: sums of at most 4 products over 3
    // layers, a few u = 6e-8 relative to the sums of |terms| (up to ~5 here): 2e-6 absolute.
    const std::vector<double> want_logits(std::begin(kLogits), std::end(kLogits));
    EXPECT_TRUE(AllClose(std::span<const float>(logits), std::span<const float>(to_float(want_logits)),
                         Tolerance{2e-6, 0.0}, {kB, 2}));
    // The loss and dL/dlogits = (softmax - onehot) / B, in double here, from our logits.
    std::vector<float> dlogits(logits.size());
    double loss = 0.0;
    for (int b = 0; b < kB; ++b) {
        const double l0 = logits[std::size_t(2 * b)], l1 = logits[std::size_t(2 * b + 1)];
        const double m = std::max(l0, l1), z = std::exp(l0 - m) + std::exp(l1 - m);
        const double p[2] = {std::exp(l0 - m) / z, std::exp(l1 - m) / z};
        loss += (m + std::log(z) - (kTargets[b] == 0 ? l0 : l1)) / kB;
        for (int v = 0; v < 2; ++v) dlogits[std::size_t(2 * b + v)] = float((p[v] - (kTargets[b] == v)) / kB);
    }
    EXPECT_NEAR(loss, kLoss[0], 2e-6) << "the logits' error, through a softmax whose slope is under 1";
    mlp_zero_grad(net);
    mlp_backward(net, dlogits, inp, kB);
    // The gradients: |g| <= 0.2 here, from the same few roundings plus dlogits' (one each): 1e-6.
    const std::vector<double> want(std::begin(kGrads), std::end(kGrads));
    EXPECT_TRUE(AllClose(std::span<const float>(net.grads), std::span<const float>(to_float(want)),
                         Tolerance{1e-6, 1e-5}))
        << "grads in layout order: W0 (4, 3), b0 (4), W1 (3, 4), b1 (3), W2 (2, 3), b2 (2)";
}

TEST(SgdStep, MatchesTorchOptimSgdForThreeStepsWithAChangingRate) {
    // torch.optim.SGD(momentum 0.9, weight_decay 0.1), lr 0.1, 0.05, 0.2 (a schedule changes lr
    // between steps: a velocity that folds lr in, v = mu v + lr g, then weighs old gradients with
    // old rates and differs from the second step on). A few float roundings per step, |p| <= 2:
    // 1e-6 absolute.
    using namespace mlp_golden;
    std::vector<float> params(std::begin(kSgdStart), std::end(kSgdStart)), velocity(params.size(), 0.0f);
    const std::size_t n = params.size();
    for (int step = 0; step < 3; ++step) {
        const SgdConfig config{kSgdLearningRates[step], 0.9f, 0.1f};
        sgd_step(params, std::span<const float>(kSgdGrads).subspan(std::size_t(step) * n, n), velocity, config);
        EXPECT_TRUE(AllClose(std::span<const float>(params), std::span<const float>(kSgdAfter).subspan(std::size_t(step) * n, n),
                             Tolerance{1e-6, 1e-6}))
            << "after step " << step + 1;
    }
}

// ---- sgd_step by hand ----

TEST(SgdStep, HandWorkedEveryOptionCounts) {
    // p = [1, -2], grad = [0.5, 0.25], v = [0.5, -1], lr 0.5, mu 0.5, wd 0.5:
    //   g = grad + wd p = [1, -0.75];  v = mu v + g = [1.25, -1.25];  p = p - lr v = [0.375, -1.375]
    // Without lr (the default 0.01), mu, wd or the old velocity, p and v come out otherwise.
    std::vector<float> p = {1, -2}, v = {0.5f, -1};
    sgd_step(p, std::vector<float>{0.5f, 0.25f}, v, SgdConfig{0.5f, 0.5f, 0.5f});
    EXPECT_EQ(v, (std::vector<float>{1.25f, -1.25f}));
    EXPECT_EQ(p, (std::vector<float>{0.375f, -1.375f}));
    // Momentum 0: v = g, p = p - lr g.
    p = {1, -2};
    v = {0.5f, -1};
    sgd_step(p, std::vector<float>{0.5f, 0.25f}, v, SgdConfig{0.5f, 0.0f, 0.5f});
    EXPECT_EQ(v, (std::vector<float>{1, -0.75f}));
    EXPECT_EQ(p, (std::vector<float>{0.5f, -1.625f}));
    // Momentum 0 without a velocity: the same step.
    p = {1, -2};
    sgd_step(p, std::vector<float>{0.5f, 0.25f}, std::span<float>(), SgdConfig{0.5f, 0.0f, 0.5f});
    EXPECT_EQ(p, (std::vector<float>{0.5f, -1.625f}));
    // The defaults: lr 0.01, no momentum, no decay: p = p - 0.01 grad.
    p = {1, -2};
    sgd_step(p, std::vector<float>{0.5f, 0.25f}, std::span<float>(), SgdConfig{});
    EXPECT_EQ(p, (std::vector<float>{1 - 0.01f * 0.5f, -2 - 0.01f * 0.25f}));
}

// ---- clip_grad_norm ----

TEST(ClipGradNorm, BelowAtAndAboveTheThreshold) {
    std::vector<float> g = {3, 4};
    EXPECT_EQ(clip_grad_norm(g, 10.0), 5.0) << "the norm before clipping";
    EXPECT_EQ(g, (std::vector<float>{3, 4})) << "below the threshold nothing changes";
    EXPECT_EQ(clip_grad_norm(g, 5.0), 5.0);
    EXPECT_EQ(g, (std::vector<float>{3, 4})) << "at the threshold nothing changes";
    EXPECT_EQ(clip_grad_norm(g, 1.0), 5.0);
    EXPECT_FLOAT_EQ(g[0], 0.6f);
    EXPECT_FLOAT_EQ(g[1], 0.8f);
    // One norm over all the gradients: [3, 4, 0, 12] has norm 13; max_norm 6.5 halves each one
    // (clipping each element to [-6.5, 6.5] would leave 3, 4 and make 12 into 6.5).
    g = {3, 4, 0, 12};
    EXPECT_EQ(clip_grad_norm(g, 6.5), 13.0);
    EXPECT_EQ(g, (std::vector<float>{1.5f, 2, 0, 6}));
    // max_norm = +inf never clips.
    g = {3e30f, 4e30f};
    clip_grad_norm(g, std::numeric_limits<double>::infinity());
    EXPECT_EQ(g, (std::vector<float>{3e30f, 4e30f}));
}

TEST(ClipGradNorm, TheNormIsRightAtScales1eMinus30And1e30) {
    // In float, (1e30)^2 overflows to inf and (1e-30)^2 underflows to 0; in double both are normal
    // numbers. No epsilon in the denominator: PyTorch's max_norm / (norm + 1e-6) at norm 5e-30
    // would shrink the gradients by 1e-24 instead of 5. The scale is applied in double and
    // rounded once: each clipped value within 1 ulp (rtol 2^-23) of the exact one.
    for (const double scale : {1e-30, 1.0, 1e30}) {
        std::vector<float> g = course::random_floats(1000, 11);
        for (float& x : g) x = float(x * scale);
        double sum = 0.0;
        for (float x : g) sum += double(x) * double(x);
        const double norm = std::sqrt(sum);
        const std::vector<float> before = g;
        EXPECT_NEAR(clip_grad_norm(g, 0.5 * norm), norm, 1e-12 * norm) << "scale " << scale;
        std::vector<float> want(g.size());
        for (std::size_t i = 0; i < g.size(); ++i) want[i] = float(0.5 * double(before[i]));
        EXPECT_TRUE(AllClose(std::span<const float>(g), std::span<const float>(want), Tolerance{0.0, 1.2e-7}))
            << "scale " << scale << ": halved, since max_norm = norm / 2";
    }
    std::vector<float> tiny = {3e-30f, 4e-30f};
    const double norm = std::hypot(double(3e-30f), double(4e-30f));
    EXPECT_NEAR(clip_grad_norm(tiny, 1e-30), norm, 1e-12 * norm);
    EXPECT_NEAR(tiny[0], 0.6e-30, 1e-6 * 0.6e-30);
    EXPECT_NEAR(tiny[1], 0.8e-30, 1e-6 * 0.8e-30);
}

TEST(ClipGradNorm, ZeroAndNonFiniteGradients) {
    std::vector<float> g(10, 0.0f);
    EXPECT_EQ(clip_grad_norm(g, 1.0), 0.0);
    for (float x : g) EXPECT_EQ(x, 0.0f) << "zero gradients stay zero (no 0 / 0)";
    // NaN or inf: the norm says so, the gradients are left for the training loop to judge.
    g = {1, kNaN, 2};
    EXPECT_TRUE(std::isnan(clip_grad_norm(g, 1.0)));
    EXPECT_EQ(g[0], 1.0f);
    EXPECT_TRUE(std::isnan(g[1]));
    EXPECT_EQ(g[2], 2.0f);
    g = {1, kInf, 2};
    EXPECT_EQ(clip_grad_norm(g, 1.0), std::numeric_limits<double>::infinity());
    EXPECT_EQ(g, (std::vector<float>{1, kInf, 2})) << "not inf * 0 = NaN";
}

// ---- warmup_cosine_lr ----

// lr_oracle: the schedule in double, as the contract writes it.
double lr_oracle(int step, int W, int T, double max_lr, double min_lr) {
    if (step < W) return max_lr * (step + 1) / W;
    if (step >= T) return min_lr;
    return min_lr + (max_lr - min_lr) * 0.5 * (1.0 + std::cos(std::numbers::pi * (step - W) / (T - W)));
}

TEST(WarmupCosineLr, KeyStepsOfTheSchedule) {
    const float max_lr = 6e-4f, min_lr = 6e-5f;
    const int W = 10, T = 110;
    EXPECT_FLOAT_EQ(warmup_cosine_lr(0, W, T, max_lr, min_lr), max_lr / 10) << "step 0 already moves: (0 + 1) / W";
    EXPECT_FLOAT_EQ(warmup_cosine_lr(4, W, T, max_lr, min_lr), max_lr / 2);
    EXPECT_EQ(warmup_cosine_lr(W - 1, W, T, max_lr, min_lr), max_lr) << "the last warm-up step reaches max_lr";
    EXPECT_EQ(warmup_cosine_lr(W, W, T, max_lr, min_lr), max_lr) << "the decay starts at max_lr";
    EXPECT_FLOAT_EQ(warmup_cosine_lr(60, W, T, max_lr, min_lr), (max_lr + min_lr) / 2) << "half-way: cos(pi / 2)";
    const float last = warmup_cosine_lr(T - 1, W, T, max_lr, min_lr);
    EXPECT_GT(last, min_lr) << "step T - 1 is still above min_lr: the rate reaches it at step T";
    EXPECT_FLOAT_EQ(last, float(lr_oracle(T - 1, W, T, max_lr, min_lr)));
    EXPECT_EQ(warmup_cosine_lr(T, W, T, max_lr, min_lr), min_lr);
    EXPECT_EQ(warmup_cosine_lr(T + 1000, W, T, max_lr, min_lr), min_lr) << "and stays there";
    // No warm-up: step 0 at max_lr. Warm-up only: max_lr at step T - 1, then min_lr.
    EXPECT_EQ(warmup_cosine_lr(0, 0, 100, max_lr, min_lr), max_lr);
    EXPECT_FLOAT_EQ(warmup_cosine_lr(50, 0, 100, max_lr, min_lr), (max_lr + min_lr) / 2);
    EXPECT_EQ(warmup_cosine_lr(19, 20, 20, max_lr, min_lr), max_lr);
    EXPECT_EQ(warmup_cosine_lr(20, 20, 20, max_lr, min_lr), min_lr);
    EXPECT_EQ(warmup_cosine_lr(0, 1, 1, max_lr, min_lr), max_lr);
}

TEST(WarmupCosineLr, EveryStepMatchesTheFormula) {
    // Computed in double and rounded once: within 1 ulp of the oracle's float, whatever min_lr
    // (0 included) and max_lr.
    for (const auto& [W, T, max_lr, min_lr] : std::vector<std::tuple<int, int, float, float>>{
             {10, 110, 6e-4f, 6e-5f}, {0, 7, 1.0f, 0.0f}, {3, 5, 0.1f, 0.1f}, {1, 40, 2.5f, 0.5f}}) {
        for (int step = 0; step <= T + 3; ++step) {
            const double want = lr_oracle(step, W, T, max_lr, min_lr);
            EXPECT_NEAR(warmup_cosine_lr(step, W, T, max_lr, min_lr), want, 1.2e-7 * want)
                << "step " << step << " of W = " << W << ", T = " << T << ", max_lr " << max_lr << ", min_lr " << min_lr;
        }
    }
}

// ---- mlp_zero_grad, batches, threads, Adam ----

TEST(MlpZeroGrad, ZeroesEveryGradientWeightsAndBiases) {
    Mlp net = mlp_create({3, 4, 2}, 5);
    std::fill(net.grads.begin(), net.grads.end(), 7.0f);
    mlp_zero_grad(net);
    for (int l = 0; l < 2; ++l) {
        for (float g : mlp_weight_grad(net, l)) EXPECT_EQ(g, 0.0f) << "weight gradient of layer " << l;
        for (float g : mlp_bias_grad(net, l)) EXPECT_EQ(g, 0.0f) << "bias gradient of layer " << l;
    }
    EXPECT_EQ(net.params, mlp_create({3, 4, 2}, 5).params) << "the parameters are left alone";
}

TEST(MlpForward, AnotherBatchSizeBetweenCallsAndBackwardAfterIt) {
    // B = 3, then 1 (smaller), then 5 (larger): each forward is right, and the backward uses the
    // last forward's activations.
    const std::vector<int> sizes = {5, 7, 4, 3};
    Mlp net = mlp_create(sizes, 21);
    set_random_biases(net, 22);
    for (const int B : {3, 1, 5}) {
        const std::vector<float> inp = course::random_floats(std::size_t(B) * 5, 30 + std::uint64_t(B));
        std::vector<float> logits(std::size_t(B) * 3);
        mlp_forward(net, logits, inp, B);
        EXPECT_EQ(net.batch, B);
        const std::vector<double> want = forward_double(sizes, to_double(net.params), to_double(inp), B);
        EXPECT_TRUE(AllClose(std::span<const float>(logits), std::span<const float>(to_float(want)),
                             Tolerance{3e-6 * (1.0 + max_abs(logits)), 0.0}, {B, 3}))
            << "B = " << B << " (the tolerance of MatchesCentralDifferencesOfADoubleForwardOn5743)";
    }
    // Two forwards, the second on other rows: the backward follows the second.
    const std::vector<float> first = course::random_floats(2 * 5, 40), second = course::random_floats(2 * 5, 41);
    std::vector<float> logits(2 * 3);
    mlp_forward(net, logits, first, 2);
    mlp_forward(net, logits, second, 2);
    const std::vector<float> R = course::random_floats(2 * 3, 42);
    mlp_zero_grad(net);
    mlp_backward(net, R, second, 2);
    const std::vector<float> want = oracle_gradient(sizes, net.params, second, R, 2);
    EXPECT_TRUE(AllClose(std::span<const float>(net.grads), std::span<const float>(want),
                         Tolerance{1e-5 * max_abs(want), 0.0}));
}

TEST(MlpForward, TwoThreadsGiveTheSameResultAndThreadsReachTheLayers) {
    // The input is wider (33) than all hidden layers together (16 + 8): a backward that reads
    // activations for layer 0 (its input's gate, which does not exist) reads past net.pre.
    const std::vector<int> sizes = {33, 16, 8, 5};
    const int B = 6;
    Mlp one = mlp_create(sizes, 3), two = mlp_create(sizes, 3);
    const std::vector<float> inp = course::random_floats(std::size_t(B) * 33, 4), R = course::random_floats(std::size_t(B) * 5, 5);
    std::vector<float> logits1(std::size_t(B) * 5), logits2(logits1.size());
    mlp_forward(one, logits1, inp, B, 1);
    mlp_forward(two, logits2, inp, B, 2);
    mlp_backward(one, R, inp, B, 1);
    mlp_backward(two, R, inp, B, 2);
    // linear_forward and linear_backward give the same bits for any thread count (linear.hpp).
    EXPECT_EQ(logits1, logits2);
    EXPECT_EQ(one.grads, two.grads);
    // threads reaches linear_forward / linear_backward, which refuse 0.
    EXPECT_TRUE(ThrowsInvalidArgument([&] { mlp_forward(one, logits1, inp, B, 0); }, {"threads = 0"}));
    mlp_forward(one, logits1, inp, B, 1);
    EXPECT_TRUE(ThrowsInvalidArgument([&] { mlp_backward(one, R, inp, B, 0); }, {"threads = 0"}));
    // One layer: the last layer's call gets threads too.
    Mlp single = mlp_create({33, 5}, 6);
    EXPECT_TRUE(ThrowsInvalidArgument([&] { mlp_forward(single, logits1, inp, B, 0); }, {"threads = 0"}));
}

TEST(MlpAdam, TheFlatBuffersFitTheOptimizationModulesAdamStep) {
    // One Adam step moves every parameter with a gradient by lr g / (|g| + eps) ~ lr sign(g)
    // (optimization/adaptive_steps.hpp): the whole net steps through two spans.
    Mlp net = mlp_create({4, 6, 3}, 12);
    const std::vector<float> inp = course::random_floats(2 * 4, 13), R = course::random_floats(2 * 3, 14);
    std::vector<float> logits(2 * 3);
    mlp_forward(net, logits, inp, 2);
    mlp_backward(net, R, inp, 2);
    const std::vector<float> before = net.params;
    course::optimization::AdamState state(net.params.size());
    course::optimization::adam_step(net.params, net.grads, state, course::optimization::AdamConfig{});
    int moved = 0;
    for (std::size_t i = 0; i < before.size(); ++i) {
        if (std::abs(net.grads[i]) < 1e-3f) continue;
        EXPECT_NEAR(before[i] - net.params[i], 1e-3 * (net.grads[i] > 0 ? 1 : -1), 1e-6) << "parameter " << i;
        ++moved;
    }
    EXPECT_GT(moved, int(before.size()) / 2);
}

// ---- bad input ----

TEST(BadInput, MlpCreateAndTheViewsRefuseBadSizesAndLayers) {
    const Mlp net = mlp_create({2, 3}, 1);
    EXPECT_EQ(net.params.size(), 9u) << course::testing::kValidCallFirst;
    EXPECT_TRUE(ThrowsInvalidArgument([] { mlp_create({}, 1); }, {"mlp_create", "sizes has 0 entries"}));
    EXPECT_TRUE(ThrowsInvalidArgument([] { mlp_create({3}, 1); }, {"mlp_create", "sizes has 1 entries"}));
    EXPECT_TRUE(ThrowsInvalidArgument([] { mlp_create({3, 0}, 1); }, {"mlp_create", "sizes[1] = 0"}));
    EXPECT_TRUE(ThrowsInvalidArgument([] { mlp_create({3, -1, 2}, 1); }, {"mlp_create", "sizes[1] = -1"}));
    EXPECT_TRUE(ThrowsInvalidArgument([&] { mlp_weight(net, 1); }, {"mlp_weight", "layer = 1"}));
    EXPECT_TRUE(ThrowsInvalidArgument([&] { mlp_bias(net, -1); }, {"mlp_bias", "layer = -1"}));
}

TEST(BadInput, ForwardAndBackwardRefuseWrongShapes) {
    Mlp net = mlp_create({2, 3, 2}, 1);
    std::vector<float> logits(4), inp(4, 0.5f), dlogits(4, 1.0f);
    EXPECT_TRUE(ThrowsInvalidArgument([&] { mlp_backward(net, dlogits, inp, 2); }, {"mlp_backward", "B = 2", "had B = 0"}))
        << "a backward before any forward";
    mlp_forward(net, logits, inp, 2);
    EXPECT_EQ(net.batch, 2) << course::testing::kValidCallFirst;
    EXPECT_TRUE(ThrowsInvalidArgument([&] { mlp_forward(net, logits, inp, 0); }, {"mlp_forward", "B = 0"}));
    EXPECT_TRUE(ThrowsInvalidArgument([&] { mlp_forward(net, logits, inp, -1); }, {"mlp_forward", "B = -1"}));
    EXPECT_TRUE(ThrowsInvalidArgument([&] { mlp_forward(net, logits, std::vector<float>(5), 2); }, {"mlp_forward", "inp has 5"}));
    std::vector<float> short_logits(3);
    EXPECT_TRUE(ThrowsInvalidArgument([&] { mlp_forward(net, short_logits, inp, 2); }, {"mlp_forward", "logits has 3"}));
    EXPECT_TRUE(ThrowsInvalidArgument([&] { mlp_backward(net, dlogits, inp, 1); }, {"mlp_backward", "B = 1", "had B = 2"}));
    EXPECT_TRUE(ThrowsInvalidArgument([&] { mlp_backward(net, std::vector<float>(5), inp, 2); }, {"mlp_backward", "dlogits has 5"}));
    EXPECT_TRUE(ThrowsInvalidArgument([&] { mlp_backward(net, dlogits, std::vector<float>(3), 2); }, {"mlp_backward", "inp has 3"}));
    Mlp broken = net;
    broken.params.pop_back();
    EXPECT_TRUE(ThrowsInvalidArgument([&] { mlp_forward(broken, logits, inp, 2); }, {"mlp_forward", "net.params has 16"}));
}

TEST(BadInput, SgdStepRefusesMismatchedSizesAndOptionsOutOfRange) {
    std::vector<float> p = {1, 2}, g = {0.5f, 0.5f}, v = {0, 0};
    sgd_step(p, g, v, SgdConfig{0.1f, 0.9f, 0.0f});
    EXPECT_NE(p[0], 1.0f) << course::testing::kValidCallFirst;
    const auto step = [&](SgdConfig config) { return [&, config] { sgd_step(p, g, v, config); }; };
    EXPECT_TRUE(ThrowsInvalidArgument([&] { sgd_step(p, std::vector<float>(3), v, SgdConfig{}); }, {"sgd_step", "grads has 3"}));
    std::vector<float> short_velocity(1);
    EXPECT_TRUE(ThrowsInvalidArgument([&] { sgd_step(p, g, short_velocity, SgdConfig{}); }, {"sgd_step", "velocity has 1"}));
    EXPECT_TRUE(ThrowsInvalidArgument([&] { sgd_step(p, g, std::span<float>(), SgdConfig{0.1f, 0.9f, 0.0f}); },
                                      {"sgd_step", "velocity has 0", "momentum"}));
    for (const float lr : {-0.1f, kNaN, kInf, -kInf})
        EXPECT_TRUE(ThrowsInvalidArgument(step(SgdConfig{lr, 0.0f, 0.0f}), {"sgd_step", "learning_rate"})) << lr;
    for (const float mu : {-0.1f, 1.0f, kNaN, kInf, -kInf})
        EXPECT_TRUE(ThrowsInvalidArgument(step(SgdConfig{0.1f, mu, 0.0f}), {"sgd_step", "momentum"})) << mu;
    for (const float wd : {-0.1f, kNaN, kInf, -kInf})
        EXPECT_TRUE(ThrowsInvalidArgument(step(SgdConfig{0.1f, 0.0f, wd}), {"sgd_step", "weight_decay"})) << wd;
}

TEST(BadInput, ClipAndScheduleRefuseArgumentsOutOfRange) {
    std::vector<float> g = {3, 4};
    EXPECT_EQ(clip_grad_norm(g, 10.0), 5.0) << course::testing::kValidCallFirst;
    for (const double m : {0.0, -1.0, double(kNaN), -double(kInf)})
        EXPECT_TRUE(ThrowsInvalidArgument([&] { clip_grad_norm(g, m); }, {"clip_grad_norm", "max_norm"})) << m;
    EXPECT_EQ(warmup_cosine_lr(0, 0, 1, 1.0f, 0.0f), 1.0f) << course::testing::kValidCallFirst;
    EXPECT_TRUE(ThrowsInvalidArgument([] { warmup_cosine_lr(-1, 0, 10, 1.0f, 0.0f); }, {"warmup_cosine_lr", "step = -1"}));
    EXPECT_TRUE(ThrowsInvalidArgument([] { warmup_cosine_lr(0, 0, 0, 1.0f, 0.0f); }, {"warmup_cosine_lr", "total_steps = 0"}));
    EXPECT_TRUE(ThrowsInvalidArgument([] { warmup_cosine_lr(0, -1, 10, 1.0f, 0.0f); }, {"warmup_cosine_lr", "warmup_steps = -1"}));
    EXPECT_TRUE(ThrowsInvalidArgument([] { warmup_cosine_lr(0, 11, 10, 1.0f, 0.0f); }, {"warmup_cosine_lr", "warmup_steps = 11"}));
    for (const auto& [max_lr, min_lr] : std::vector<std::pair<float, float>>{
             {0.1f, 0.2f}, {1.0f, -0.1f}, {kNaN, 0.0f}, {1.0f, kNaN}, {kInf, 0.0f}, {-kInf, -kInf}})
        EXPECT_TRUE(ThrowsInvalidArgument([&] { warmup_cosine_lr(0, 0, 10, max_lr, min_lr); }, {"warmup_cosine_lr", "max_lr"}))
            << max_lr << ", " << min_lr;
}

}  // namespace
}  // namespace course::backprop

namespace course::backprop {
namespace {

// mlp_backward's products, counted by linear_algebra's GEMM counter: every layer computes its
// weight's gradient (B C_l C_{l+1} multiply-adds) and passes the gradient down (as many again),
// except the first, whose input is the data: its input gradient is never used, and PyTorch skips
// it too. On 784-256-256-10 that product is a third of the backward's flops.
TEST(MlpCost, TheFirstLayerSkipsTheInputsGradient) {
    const std::vector<int> sizes = {13, 11, 7, 5};
    const int B = 6;
    Mlp net = mlp_create(sizes, 9);
    const std::vector<float> inp = course::random_floats(std::size_t(B) * 13, 10);
    const std::vector<float> dlogits = course::random_floats(std::size_t(B) * 5, 11);
    std::vector<float> logits(std::size_t(B) * 5);
    mlp_forward(net, logits, inp, B);
    const long long before = course::linear_algebra::macrokernel_multiply_adds.load();
    mlp_backward(net, dlogits, inp, B);
    const long long done = course::linear_algebra::macrokernel_multiply_adds.load() - before;
    const long long want = (long long)B * 13 * 11 + 2LL * B * 11 * 7 + 2LL * B * 7 * 5;
    EXPECT_EQ(done, want) << "multiply-adds of mlp_backward on 13-11-7-5 at B = 6: the weights' gradients and the "
                             "gradients passed down to layers 1 and 2, but none for the input (pass linear_backward "
                             "an empty dinp for layer 0); "
                          << (done == want + (long long)B * 13 * 11 ? "got exactly the input layer's dinp product more"
                                                                     : "");
}

}  // namespace
}  // namespace course::backprop

namespace course::backprop {
namespace {

TEST(MlpBackward, OneLayerNetIsSoftmaxRegression) {
    // sizes {5, 3}: one linear layer, no ReLU. Its first layer is also its last: the backward must
    // take dlogits straight to W0 and b0 (no gate, no hidden buffer in between).
    const std::vector<int> sizes = {5, 3};
    const int B = 4;
    Mlp net = mlp_create(sizes, 17);
    set_random_biases(net, 18);
    const std::vector<float> inp = course::random_floats(std::size_t(B) * 5, 19);
    const std::vector<float> R = course::random_floats(std::size_t(B) * 3, 20);  // dL/dlogits
    std::vector<float> logits(std::size_t(B) * 3);
    mlp_forward(net, logits, inp, B);
    // Sums of 5 float products and a bias: within gamma_6 ~ 4e-7 of the sum of |terms|.
    const std::vector<double> want_logits = forward_double(sizes, to_double(net.params), to_double(inp), B);
    EXPECT_TRUE(AllClose(std::span<const float>(logits), std::span<const float>(to_float(want_logits)),
                         Tolerance{1e-6 * (1.0 + max_abs(logits)), 0.0}, {B, 3}))
        << "logits = inp W0^T + b0 (no ReLU after the last layer)";
    mlp_backward(net, R, inp, B);
    const std::vector<float> want = oracle_gradient(sizes, net.params, inp, R, B);
    // dW0 = R^T inp and db0 = sum_b R: sums of 4 products, a few u of max |g|; the differences'
    // own error ~4e-11. So 1e-5 max |g|, as for the deeper net.
    EXPECT_TRUE(AllClose(std::span<const float>(net.grads), std::span<const float>(want),
                         Tolerance{1e-5 * max_abs(want), 0.0}))
        << "grads in layout order: W0 (3, 5), b0 (3)";
}

}  // namespace
}  // namespace course::backprop
