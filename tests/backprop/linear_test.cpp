// Tests for exercise 4, the linear layer (modules/backprop/learner/linear.cpp).
//
// Oracles: a 2 x 3 case worked by hand (small integers and halves: exact in float); the layer
// written as plain double loops in this file (forward_double, backward_double); central
// differences in double of the loss sum(dout * out) through forward_double, never through the code
// under test; PyTorch's F.linear and autograd, frozen in fixtures/linear_golden.hpp with the script
// that made it. The work is counted with linear_algebra's counters (each product goes through the
// GEMM once; two threads go through matmul_omp, which packs more).
//
// Tolerances: a float dot product of n terms is off by at most gamma_n * sum |terms| (Higham 3.1),
// so every comparison with the double oracle uses an atol that grows with the reduction length:
// C for out (plus one for the bias), OC for dinp, B for dweight and dbias (plus one for the add into
// the gradient buffer), times the largest sum of |terms| of the output (reduction_tolerance).
#include "backprop/linear.hpp"

#include <gtest/gtest.h>

#include <Eigen/Core>
#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstring>
#include <limits>
#include <span>
#include <vector>

#include "course/random.hpp"
#include "course/testing.hpp"
#include "fixtures/linear_golden.hpp"
#include "linear_algebra/matmul_omp.hpp"
#include "linear_algebra/matmul_packed.hpp"

namespace course::backprop {
namespace {

using course::testing::AllClose;
using course::testing::ThrowsInvalidArgument;
using course::testing::Tolerance;

// Shape: one layer's sizes.
struct Shape {
    int B, C, OC;
};

std::vector<float> to_floats(std::span<const float> values) { return {values.begin(), values.end()}; }

// ---- The oracle: the layer as plain double loops ----

// forward_double: out (B, OC) = inp (B, C) weight^T + bias, in double; abs_sum (B, OC) gets
// |bias[o]| + sum_c |inp[b, c] weight[o, c]|, the scale of the rounding error of out[b, o].
void forward_double(std::vector<double>& out, std::vector<double>& abs_sum, std::span<const double> inp,
                    std::span<const double> weight, std::span<const double> bias, int B, int C, int OC) {
    out.assign(std::size_t(B) * OC, 0.0);
    abs_sum.assign(std::size_t(B) * OC, 0.0);
    for (int b = 0; b < B; ++b)
        for (int o = 0; o < OC; ++o) {
            double sum = bias.empty() ? 0.0 : bias[o], abs = bias.empty() ? 0.0 : std::abs(bias[o]);
            for (int c = 0; c < C; ++c) {
                sum += inp[std::size_t(b) * C + c] * weight[std::size_t(o) * C + c];
                abs += std::abs(inp[std::size_t(b) * C + c] * weight[std::size_t(o) * C + c]);
            }
            out[std::size_t(b) * OC + o] = sum;
            abs_sum[std::size_t(b) * OC + o] = abs;
        }
}

// Gradients: the three results of the backward in double, with the scale of each one's rounding
// error (the sum of |terms|, the initial value of the buffer included).
struct Gradients {
    std::vector<double> dinp, dweight, dbias;
    std::vector<double> dinp_abs, dweight_abs, dbias_abs;
};

// backward_double: init + the gradients, as plain loops, from the initial buffers (float).
Gradients backward_double(std::span<const float> dinp0, std::span<const float> dweight0, std::span<const float> dbias0,
                          std::span<const double> dout, std::span<const double> inp, std::span<const double> weight,
                          int B, int C, int OC) {
    Gradients g;
    g.dinp.assign(dinp0.begin(), dinp0.end());
    g.dweight.assign(dweight0.begin(), dweight0.end());
    g.dbias.assign(dbias0.begin(), dbias0.end());
    for (double v : g.dinp) g.dinp_abs.push_back(std::abs(v));
    for (double v : g.dweight) g.dweight_abs.push_back(std::abs(v));
    for (double v : g.dbias) g.dbias_abs.push_back(std::abs(v));
    for (int b = 0; b < B; ++b)
        for (int o = 0; o < OC; ++o) {
            const double d = dout[std::size_t(b) * OC + o];
            for (int c = 0; c < C; ++c) {
                const std::size_t bc = std::size_t(b) * C + c, oc = std::size_t(o) * C + c;
                g.dinp[bc] += d * weight[oc];
                g.dinp_abs[bc] += std::abs(d * weight[oc]);
                g.dweight[oc] += d * inp[bc];
                g.dweight_abs[oc] += std::abs(d * inp[bc]);
            }
        }
    if (!g.dbias.empty())
        for (int b = 0; b < B; ++b)
            for (int o = 0; o < OC; ++o) {
                g.dbias[std::size_t(o)] += dout[std::size_t(b) * OC + o];
                g.dbias_abs[std::size_t(o)] += std::abs(dout[std::size_t(b) * OC + o]);
            }
    return g;
}

std::vector<double> to_doubles(std::span<const float> values) { return {values.begin(), values.end()}; }
std::vector<float> rounded(const std::vector<double>& values) { return {values.begin(), values.end()}; }

// reduction_tolerance: float results of sums of n terms (+1 rounding for the bias or the add into
// a gradient buffer, +1 for rounding the double oracle to float): |error| <= gamma_(n+2) * abs_sum,
// per element; the largest abs_sum of the output makes it one atol for the whole array, times 2 for
// the rounding of the comparison itself. It grows with n: a 784-long dot product may be off by 784
// times what a 1-term one may.
Tolerance reduction_tolerance(int n, const std::vector<double>& abs_sum) {
    const double largest = abs_sum.empty() ? 0.0 : *std::max_element(abs_sum.begin(), abs_sum.end());
    return {2.0 * course::testing::gamma_bound<float>(n + 2) * largest + std::numeric_limits<float>::denorm_min(),
            0.0};
}

// Layer: seeded float inputs of one shape (the oracle reads the same values as doubles), times
// `scale`. dinp0, dweight0 and dbias0 are the gradient buffers' non-zero starting values.
struct Layer {
    Shape s;
    bool has_bias;
    std::vector<float> inp, weight, bias, dout, dinp0, dweight0, dbias0;

    Layer(Shape shape, bool with_bias, std::uint64_t seed, float scale = 1.0f) : s(shape), has_bias(with_bias) {
        const std::size_t BC = std::size_t(s.B) * s.C, OCC = std::size_t(s.OC) * s.C, BOC = std::size_t(s.B) * s.OC;
        inp = course::random_floats(BC, seed);
        weight = course::random_floats(OCC, seed + 1);
        dout = course::random_floats(BOC, seed + 2);
        for (float& v : inp) v *= scale;
        for (float& v : weight) v *= scale;
        for (float& v : dout) v *= scale;
        // the outputs and the gradients are products of two scaled values: the bias and the initial
        // gradient buffers are scaled twice, so that they do not hide the products at 1e-18
        dinp0 = course::random_floats(BC, seed + 4);
        dweight0 = course::random_floats(OCC, seed + 5);
        for (float& v : dinp0) v *= scale * scale;
        for (float& v : dweight0) v *= scale * scale;
        if (with_bias) {
            bias = course::random_floats(std::size_t(s.OC), seed + 3);
            dbias0 = course::random_floats(std::size_t(s.OC), seed + 6);
            for (float& v : bias) v *= scale * scale;
            for (float& v : dbias0) v *= scale;  // dbias sums dout, scaled once
        }
    }
};

// check_forward: linear_forward on `layer` against forward_double; out starts as NaN (it must be
// overwritten).
void check_forward(const Layer& layer, int threads) {
    const auto [B, C, OC] = layer.s;
    std::vector<float> out(std::size_t(B) * OC, std::numeric_limits<float>::quiet_NaN());
    linear_forward(out, layer.inp, layer.weight, layer.bias, B, C, OC, threads);
    std::vector<double> want, abs_sum;
    forward_double(want, abs_sum, to_doubles(layer.inp), to_doubles(layer.weight), to_doubles(layer.bias), B, C, OC);
    EXPECT_TRUE(AllClose(out, rounded(want), reduction_tolerance(C + 1, abs_sum), {B, OC}))
        << "linear_forward: B x C x OC = " << B << " x " << C << " x " << OC << ", bias " << layer.has_bias
        << ", threads " << threads;
}

// check_backward: linear_backward on `layer` from the non-zero initial buffers, against
// backward_double (which adds to the same initial values).
void check_backward(const Layer& layer, int threads) {
    const auto [B, C, OC] = layer.s;
    std::vector<float> dinp = layer.dinp0, dweight = layer.dweight0, dbias = layer.dbias0;
    linear_backward(dinp, dweight, dbias, layer.dout, layer.inp, layer.weight, B, C, OC, threads);
    const Gradients want = backward_double(layer.dinp0, layer.dweight0, layer.dbias0, to_doubles(layer.dout),
                                           to_doubles(layer.inp), to_doubles(layer.weight), B, C, OC);
    EXPECT_TRUE(AllClose(dinp, rounded(want.dinp), reduction_tolerance(OC + 1, want.dinp_abs), {B, C}))
        << "dinp: B x C x OC = " << B << " x " << C << " x " << OC << ", threads " << threads;
    EXPECT_TRUE(AllClose(dweight, rounded(want.dweight), reduction_tolerance(B + 1, want.dweight_abs), {OC, C}))
        << "dweight: B x C x OC = " << B << " x " << C << " x " << OC << ", threads " << threads;
    EXPECT_TRUE(AllClose(dbias, rounded(want.dbias), reduction_tolerance(B + 1, want.dbias_abs)))
        << "dbias: B x C x OC = " << B << " x " << C << " x " << OC << ", threads " << threads;
}

// The hand-worked case: B = 2, C = 3, OC = 2 (C != OC: W and W^T have different shapes).
//   inp = [1 2 3; 4 5 6], weight = [1 0 -2; 0.5 1 2], bias = [0.25 -1]
//   out[0] = [1 - 6 + 0.25, 0.5 + 2 + 6 - 1] = [-4.75, 7.5]
//   out[1] = [4 - 12 + 0.25, 2 + 5 + 12 - 1] = [-7.75, 18]
const std::vector<float> kInp = {1, 2, 3, 4, 5, 6};
const std::vector<float> kWeight = {1, 0, -2, 0.5f, 1, 2};
const std::vector<float> kBias = {0.25f, -1};

// ---- Forward ----

TEST(LinearForward, HandWorkedTwoByThree) {
    std::vector<float> out(4, std::numeric_limits<float>::quiet_NaN());
    linear_forward(out, kInp, kWeight, kBias, 2, 3, 2);
    // Every value is a sum of small integers and halves: exact in float.
    EXPECT_TRUE(AllClose(out, std::vector<float>{-4.75f, 7.5f, -7.75f, 18}, {0, 0}, {2, 2}));
}

TEST(LinearForward, WithoutBiasIsTheProductAlone) {
    std::vector<float> out(4, std::numeric_limits<float>::quiet_NaN());
    linear_forward(out, kInp, kWeight, {}, 2, 3, 2);
    EXPECT_TRUE(AllClose(out, std::vector<float>{-5, 8.5f, -8, 19}, {0, 0}, {2, 2}));
}

// Shapes with 1, primes and sizes that are not multiples of the GEMM's blocks (kMR = 6 rows,
// kNR = 16 columns, kc = 256 deep), with and without bias, against the double loops.
TEST(LinearForward, MatchesDoubleLoopsOverShapes) {
    std::uint64_t seed = 100;
    for (int B : {1, 7, 33, 129})
        for (int C : {1, 13, 784})
            for (int OC : {1, 10, 17}) {
                check_forward(Layer({B, C, OC}, true, seed), 1);
                check_forward(Layer({B, C, OC}, false, seed + 10), 1);
                seed += 20;
            }
}

// The MLP's three layers (784-256-256-10) at batch 32 and 128.
TEST(LinearForward, MatchesDoubleLoopsAtTheMlpShapes) {
    for (int B : {32, 128})
        for (Shape s : {Shape{B, 784, 256}, Shape{B, 256, 256}, Shape{B, 256, 10}}) check_forward(Layer(s, true, 7), 1);
}

// The layer is homogeneous: it has no threshold, so values near 1e-18 and 1e18 (products near
// 1e-36 and 1e36, still normal floats) are as accurate, relative to their size, as values near 1.
TEST(LinearScale, MatchesDoubleLoopsFarFromOne) {
    for (float scale : {1e-18f, 1e18f}) {
        check_forward(Layer({7, 13, 10}, true, 31, scale), 1);
        check_backward(Layer({7, 13, 10}, true, 31, scale), 1);
    }
}

// NaN is not checked for: it propagates to every output it touches, and only there.
TEST(LinearForward, NanReachesOnlyTheOutputsItTouches) {
    const int B = 3, C = 4, OC = 5;
    Layer layer({B, C, OC}, true, 41);
    layer.inp[1 * C + 2] = std::numeric_limits<float>::quiet_NaN();  // row 1 of inp
    layer.weight[3 * C + 0] = std::numeric_limits<float>::quiet_NaN();  // row 3 of weight: output 3
    std::vector<float> out(std::size_t(B) * OC, 0.0f);
    linear_forward(out, layer.inp, layer.weight, layer.bias, B, C, OC);
    for (int b = 0; b < B; ++b)
        for (int o = 0; o < OC; ++o)
            EXPECT_EQ(std::isnan(out[std::size_t(b) * OC + o]), b == 1 || o == 3) << "out[" << b << ", " << o << "]";
}

// ---- Backward ----

// dout = [1 -1; 0.5 2], starting from non-zero gradient buffers (the backward adds):
//   dinp    = dout W:     row 0 = W0 - W1 = [0.5 -1 -4]; row 1 = 0.5 W0 + 2 W1 = [1.5 2 3]
//   dweight = dout^T inp: row 0 = inp0 + 0.5 inp1 = [3 4.5 6]; row 1 = -inp0 + 2 inp1 = [7 8 9]
//   dbias   = [1 + 0.5, -1 + 2] = [1.5 1]
TEST(LinearBackward, HandWorkedTwoByThree) {
    const std::vector<float> dout = {1, -1, 0.5f, 2};
    std::vector<float> dinp = {0.125f, 0.25f, 0.375f, 0.5f, 0.625f, 0.75f};
    std::vector<float> dweight = {-1, -2, -3, -4, -5, -6};
    std::vector<float> dbias = {10, 20};
    linear_backward(dinp, dweight, dbias, dout, kInp, kWeight, 2, 3, 2);
    // init + gradient, all exact in float
    EXPECT_TRUE(AllClose(dinp, std::vector<float>{0.625f, -0.75f, -3.625f, 2.0f, 2.625f, 3.75f}, {0, 0}, {2, 3}))
        << "dinp = init + dout W";
    EXPECT_TRUE(AllClose(dweight, std::vector<float>{2, 2.5f, 3, 3, 3, 3}, {0, 0}, {2, 3}))
        << "dweight (OC, C) = init + dout^T inp";
    EXPECT_TRUE(AllClose(dbias, std::vector<float>{11.5f, 21}, {0, 0})) << "dbias = init + sum over the batch of dout";
}

TEST(LinearBackward, MatchesDoubleLoopsOverShapes) {
    std::uint64_t seed = 200;
    for (int B : {1, 7, 33, 129})
        for (int C : {1, 13, 784})
            for (int OC : {1, 10, 17}) {
                check_backward(Layer({B, C, OC}, true, seed), 1);
                check_backward(Layer({B, C, OC}, false, seed + 10), 1);
                seed += 20;
            }
}

TEST(LinearBackward, MatchesDoubleLoopsAtTheMlpShapes) {
    for (int B : {32, 128})
        for (Shape s : {Shape{B, 784, 256}, Shape{B, 256, 256}, Shape{B, 256, 10}})
            check_backward(Layer(s, true, 9), 1);
}

// The loss L = sum(dout * out) has dL/dout = dout, so its gradients with respect to inp, weight
// and bias are what linear_backward adds. They are checked against central differences of L,
// computed in double through forward_double (not through the code under test). L is linear in
// each variable, so the differences have no truncation error: they are off by the rounding of L
// only, about 1e-16 |L| / h with h = cbrt(eps) max(1, |x|), under 1e-9 here. The float gradients
// may be off by the float GEMM's bound (reduction_tolerance); the two added are the tolerance.
TEST(LinearBackward, MatchesCentralDifferencesOfTheLoss) {
    const int B = 7, C = 13, OC = 10;
    const Layer layer({B, C, OC}, true, 51);
    std::vector<float> dinp(std::size_t(B) * C, 0.0f), dweight(std::size_t(OC) * C, 0.0f), dbias(OC, 0.0f);
    linear_backward(dinp, dweight, dbias, layer.dout, layer.inp, layer.weight, B, C, OC);

    const std::vector<double> dout = to_doubles(layer.dout);
    std::vector<double> inp = to_doubles(layer.inp), weight = to_doubles(layer.weight), bias = to_doubles(layer.bias);
    auto loss = [&] {
        std::vector<double> out, abs_sum;
        forward_double(out, abs_sum, inp, weight, bias, B, C, OC);
        double L = 0.0;
        for (std::size_t i = 0; i < out.size(); ++i) L += dout[i] * out[i];
        return L;
    };
    // differences: the gradient of the loss with respect to `x` (inp, weight or bias, in place).
    auto differences = [&](std::vector<double>& x) {
        const course::Vector x0 = Eigen::Map<const course::Vector>(x.data(), Eigen::Index(x.size()));
        return course::testing::numerical_gradient(
            [&](const course::Vector& v) {
                std::copy(v.begin(), v.end(), x.begin());
                const double L = loss();
                std::copy(x0.begin(), x0.end(), x.begin());
                return L;
            },
            x0);
    };
    auto as_floats = [](const course::Vector& v) { return std::vector<float>(v.begin(), v.end()); };
    const Gradients scale = backward_double(std::vector<float>(dinp.size()), std::vector<float>(dweight.size()),
                                            std::vector<float>(dbias.size()), dout, inp, weight, B, C, OC);
    auto tolerance = [](int n, const std::vector<double>& abs_sum) {
        Tolerance tol = reduction_tolerance(n, abs_sum);
        tol.atol += 1e-9;
        return tol;
    };
    EXPECT_TRUE(AllClose(dinp, as_floats(differences(inp)), tolerance(OC + 1, scale.dinp_abs), {B, C})) << "dinp";
    EXPECT_TRUE(AllClose(dweight, as_floats(differences(weight)), tolerance(B + 1, scale.dweight_abs), {OC, C}))
        << "dweight";
    EXPECT_TRUE(AllClose(dbias, as_floats(differences(bias)), tolerance(B + 1, scale.dbias_abs))) << "dbias";
}

// Two calls add twice: the gradient buffers are never overwritten (llm.c's +=).
TEST(LinearBackward, AddsIntoTheGradientBuffersCallAfterCall) {
    const Layer layer({7, 13, 10}, true, 61);
    const auto [B, C, OC] = layer.s;
    std::vector<float> dinp = layer.dinp0, dweight = layer.dweight0, dbias = layer.dbias0;
    linear_backward(dinp, dweight, dbias, layer.dout, layer.inp, layer.weight, B, C, OC);
    linear_backward(dinp, dweight, dbias, layer.dout, layer.inp, layer.weight, B, C, OC);
    // the oracle: the initial buffers plus twice the gradient (dout doubled: the gradient is linear in it)
    std::vector<double> dout2 = to_doubles(layer.dout);
    for (double& v : dout2) v *= 2;
    const Gradients want = backward_double(layer.dinp0, layer.dweight0, layer.dbias0, dout2, to_doubles(layer.inp),
                                           to_doubles(layer.weight), B, C, OC);
    // two sums of n terms in a row, then two adds: within the bound of a (2n + 2)-term sum
    EXPECT_TRUE(AllClose(dinp, rounded(want.dinp), reduction_tolerance(2 * OC + 2, want.dinp_abs), {B, C}));
    EXPECT_TRUE(AllClose(dweight, rounded(want.dweight), reduction_tolerance(2 * B + 2, want.dweight_abs), {OC, C}));
    EXPECT_TRUE(AllClose(dbias, rounded(want.dbias), reduction_tolerance(2 * B + 2, want.dbias_abs)));
}

// A layer without bias: dbias is empty, and dinp and dweight are those of the layer with bias (the
// bias does not enter them).
TEST(LinearBackward, WithoutBiasLeavesDbiasEmpty) {
    const Layer layer({33, 13, 17}, false, 71);
    check_backward(layer, 1);
    check_backward(layer, 2);
}

// NaN in dout[b, o] reaches dinp's row b, dweight's row o and dbias[o], and nothing else.
TEST(LinearBackward, NanReachesOnlyTheGradientsItTouches) {
    const int B = 3, C = 4, OC = 5;
    Layer layer({B, C, OC}, true, 81);
    layer.dout[2 * OC + 1] = std::numeric_limits<float>::quiet_NaN();
    std::vector<float> dinp = layer.dinp0, dweight = layer.dweight0, dbias = layer.dbias0;
    linear_backward(dinp, dweight, dbias, layer.dout, layer.inp, layer.weight, B, C, OC);
    for (int b = 0; b < B; ++b)
        for (int c = 0; c < C; ++c)
            EXPECT_EQ(std::isnan(dinp[std::size_t(b) * C + c]), b == 2) << "dinp[" << b << ", " << c << "]";
    for (int o = 0; o < OC; ++o)
        for (int c = 0; c < C; ++c)
            EXPECT_EQ(std::isnan(dweight[std::size_t(o) * C + c]), o == 1) << "dweight[" << o << ", " << c << "]";
    for (int o = 0; o < OC; ++o) EXPECT_EQ(std::isnan(dbias[o]), o == 1) << "dbias[" << o << "]";
}

// ---- PyTorch ----

// F.linear and autograd of sum(dout * out), computed by PyTorch in double from these float inputs
// (fixtures/linear_golden.py). The frozen values are within one float rounding of the exact ones
// (9 digits); the layer is off by the float bound of its sums (C = 5, B = 2 terms of size <= 4).
TEST(LinearGolden, MatchesPyTorch) {
    namespace g = linear_golden;
    std::vector<float> out(std::size(g::out), std::numeric_limits<float>::quiet_NaN());
    linear_forward(out, g::inp, g::weight, g::bias, g::B, g::C, g::OC);
    const double terms = 4.0 * 8;  // at most 8 terms of size at most 2 * 2 = 4
    const Tolerance tol{2 * course::testing::gamma_bound<float>(8) * terms, 0.0};
    EXPECT_TRUE(AllClose(out, to_floats(g::out), tol, {g::B, g::OC})) << "out";
    std::vector<float> dinp(std::size(g::dinp), 0.0f), dweight(std::size(g::dweight), 0.0f), dbias(g::OC, 0.0f);
    linear_backward(dinp, dweight, dbias, g::dout, g::inp, g::weight, g::B, g::C, g::OC);
    EXPECT_TRUE(AllClose(dinp, to_floats(g::dinp), tol, {g::B, g::C})) << "dinp";
    EXPECT_TRUE(AllClose(dweight, to_floats(g::dweight), tol, {g::OC, g::C})) << "dweight";
    EXPECT_TRUE(AllClose(dbias, to_floats(g::dbias), tol)) << "dbias";
}

// ---- Threads ----

// matmul_omp sums every element in matmul_packed's order, and matmul_abt packs W^T into the same
// panels as matmul_packed packs W^T: the layer's results are the same bit for bit on 1, 2 and 3
// threads (3 > the cores of a small machine: still correct).
TEST(LinearThreads, SameBitsOnOneTwoAndThreeThreads) {
    // {300, 7, 260}: both backward products deeper than one kc block (256 with AVX2, 128 with
    // AVX-512), where adding each block's partial sum into the gradient would differ in rounding
    // from adding the product's total.
    for (Shape s : {Shape{33, 784, 17}, Shape{129, 13, 10}, Shape{128, 784, 256}, Shape{1, 1, 1}, Shape{300, 7, 260}}) {
        const Layer layer(s, true, 91);
        const auto [B, C, OC] = s;
        std::vector<float> out1(std::size_t(B) * OC), dinp1 = layer.dinp0, dweight1 = layer.dweight0,
                                                    dbias1 = layer.dbias0;
        linear_forward(out1, layer.inp, layer.weight, layer.bias, B, C, OC, 1);
        linear_backward(dinp1, dweight1, dbias1, layer.dout, layer.inp, layer.weight, B, C, OC, 1);
        for (int threads : {2, 3}) {
            std::vector<float> out(out1.size(), std::numeric_limits<float>::quiet_NaN()), dinp = layer.dinp0,
                                                                                          dweight = layer.dweight0,
                                                                                          dbias = layer.dbias0;
            linear_forward(out, layer.inp, layer.weight, layer.bias, B, C, OC, threads);
            linear_backward(dinp, dweight, dbias, layer.dout, layer.inp, layer.weight, B, C, OC, threads);
            EXPECT_TRUE(AllClose(out, out1, {0, 0}, {B, OC})) << "out, threads " << threads << " vs 1";
            EXPECT_TRUE(AllClose(dinp, dinp1, {0, 0}, {B, C})) << "dinp, threads " << threads << " vs 1";
            EXPECT_TRUE(AllClose(dweight, dweight1, {0, 0}, {OC, C})) << "dweight, threads " << threads << " vs 1";
            EXPECT_TRUE(AllClose(dbias, dbias1, {0, 0})) << "dbias, threads " << threads << " vs 1";
        }
    }
}

TEST(LinearThreads, TwoThreadsMatchDoubleLoops) {
    for (Shape s : {Shape{33, 784, 17}, Shape{7, 13, 10}, Shape{128, 256, 10}}) {
        check_forward(Layer(s, true, 95), 2);
        check_backward(Layer(s, true, 96), 2);
    }
}

// ---- Cost, counted ----

namespace la = course::linear_algebra;

// Work: linear_algebra's counters (matmul_packed.hpp), read before and after a call.
struct Work {
    long long multiply_adds, packed;
    static Work now() {
        return {la::macrokernel_multiply_adds.load(), la::packed_a_elements.load() + la::packed_b_elements.load()};
    }
    Work operator-(const Work& before) const { return {multiply_adds - before.multiply_adds, packed - before.packed}; }
};

// Every product goes through the course's GEMM exactly once: B C OC multiply-adds for the forward,
// 2 B C OC for the backward (dout W and dout^T inp), none done twice and none by a loop of its own
// (which the counters would not see, and which runs at a fraction of the GEMM's speed).
TEST(LinearCost, EachProductGoesThroughTheGemmOnce) {
    for (Shape s : {Shape{33, 784, 17}, Shape{128, 256, 10}}) {
        const Layer layer(s, true, 101);
        const auto [B, C, OC] = s;
        const long long product = (long long)B * C * OC;
        for (int threads : {1, 2}) {
            std::vector<float> out(std::size_t(B) * OC), dinp = layer.dinp0, dweight = layer.dweight0,
                                                       dbias = layer.dbias0;
            Work before = Work::now();
            linear_forward(out, layer.inp, layer.weight, layer.bias, B, C, OC, threads);
            EXPECT_EQ((Work::now() - before).multiply_adds, product)
                << "linear_forward: B x C x OC = " << B << " x " << C << " x " << OC << ", threads " << threads;
            before = Work::now();
            linear_backward(dinp, dweight, dbias, layer.dout, layer.inp, layer.weight, B, C, OC, threads);
            EXPECT_EQ((Work::now() - before).multiply_adds, 2 * product)
                << "linear_backward: B x C x OC = " << B << " x " << C << " x " << OC << ", threads " << threads;
        }
    }
}

// threads > 1 goes through matmul_omp, whose threads each pack a share of the panels that the
// others pack too: more packing than on one thread, for the same multiply-adds. So the packing
// tells which GEMM ran: each pass must pack exactly what its products pack when this test calls the
// GEMMs itself (matmul_packed on one thread, as matmul_abt packs W^T; matmul_omp on two), product
// by product. A layer that ignores `threads` in the forward or in either backward product packs
// less on 2 threads. The shape makes every product pack more on 2 threads (checked first).
TEST(LinearCost, TwoThreadsGoThroughMatmulOmp) {
    const Layer layer({129, 784, 17}, true, 111);
    const auto [B, C, OC] = layer.s;
    auto packing = [](auto call) {
        const Work before = Work::now();
        call();
        return (Work::now() - before).packed;
    };
    std::vector<float> weight_t(std::size_t(C) * OC), dout_t(std::size_t(OC) * B);  // (C, OC), (OC, B)
    for (int o = 0; o < OC; ++o)
        for (int c = 0; c < C; ++c) weight_t[std::size_t(c) * OC + o] = layer.weight[std::size_t(o) * C + c];
    for (int b = 0; b < B; ++b)
        for (int o = 0; o < OC; ++o) dout_t[std::size_t(o) * B + b] = layer.dout[std::size_t(b) * OC + o];
    std::vector<float> out(std::size_t(B) * OC), dinp_product(std::size_t(B) * C), dweight_product(std::size_t(OC) * C);
    auto gemm = [](int threads, std::span<float> C_, std::span<const float> A, std::span<const float> B_, int M, int N,
                   int K) {
        if (threads == 1)
            la::matmul_packed(C_, A, B_, M, N, K);
        else
            la::matmul_omp(C_, A, B_, M, N, K, threads);
    };
    long long want[3][2];  // [out, dinp, dweight product][threads 1, 2]
    for (int threads : {1, 2}) {
        want[0][threads - 1] = packing([&] { gemm(threads, out, layer.inp, weight_t, B, OC, C); });
        want[1][threads - 1] = packing([&] { gemm(threads, dinp_product, layer.dout, layer.weight, B, C, OC); });
        want[2][threads - 1] = packing([&] { gemm(threads, dweight_product, dout_t, layer.inp, OC, C, B); });
    }
    for (int p = 0; p < 3; ++p) ASSERT_GT(want[p][1], want[p][0]) << "product " << p << ": the test's shape is wrong";
    for (int threads : {1, 2}) {
        std::vector<float> dinp = layer.dinp0, dweight = layer.dweight0, dbias = layer.dbias0;
        EXPECT_EQ(packing([&] { linear_forward(out, layer.inp, layer.weight, layer.bias, B, C, OC, threads); }),
                  want[0][threads - 1])
            << "linear_forward on " << threads << " thread(s) packs other panels than "
            << (threads == 1 ? "matmul_abt(out, inp, weight)" : "matmul_omp(out, inp, weight^T)");
        EXPECT_EQ(packing([&] {
                      linear_backward(dinp, dweight, dbias, layer.dout, layer.inp, layer.weight, B, C, OC, threads);
                  }),
                  want[1][threads - 1] + want[2][threads - 1])
            << "linear_backward on " << threads << " thread(s) packs other panels than "
            << (threads == 1 ? "matmul_packed" : "matmul_omp") << "(dout, weight) and (dout^T, inp)"
            << " (one product on 2 threads, the other on 1: " << want[1][1] + want[2][0] << " or "
            << want[1][0] + want[2][1] << ")";
    }
}

// ---- Bad input ----

TEST(LinearForward, RefusesBadShapes) {
    const int B = 2, C = 3, OC = 2;
    std::vector<float> out(4);
    linear_forward(out, kInp, kWeight, kBias, B, C, OC);  // valid
    ASSERT_TRUE(AllClose(out, std::vector<float>{-4.75f, 7.5f, -7.75f, 18}, {0, 0}))
        << course::testing::kValidCallFirst;
    const std::vector<float> big(100, 1.0f);
    auto cut = [&](std::size_t n) { return std::span<const float>(big).first(n); };
    std::vector<float> out5(5), out3(3);
    EXPECT_TRUE(ThrowsInvalidArgument([&] { linear_forward(out5, kInp, kWeight, kBias, B, C, OC); },
                                      {"linear_forward", "out", "5"}));
    EXPECT_TRUE(ThrowsInvalidArgument([&] { linear_forward(out3, kInp, kWeight, kBias, B, C, OC); },
                                      {"linear_forward", "out", "3"}));
    for (std::size_t n : {5u, 7u, 0u}) {
        EXPECT_TRUE(ThrowsInvalidArgument([&] { linear_forward(out, cut(n), kWeight, kBias, B, C, OC); },
                                          {"linear_forward", "inp", "B * C"}));
        EXPECT_TRUE(ThrowsInvalidArgument([&] { linear_forward(out, kInp, cut(n), kBias, B, C, OC); },
                                          {"linear_forward", "weight", "OC * C"}));
    }
    for (std::size_t n : {1u, 3u})
        EXPECT_TRUE(ThrowsInvalidArgument([&] { linear_forward(out, kInp, kWeight, cut(n), B, C, OC); },
                                          {"linear_forward", "bias", "OC"}));
    for (int bad : {0, -1, std::numeric_limits<int>::min()}) {
        EXPECT_TRUE(ThrowsInvalidArgument([&] { linear_forward(out, kInp, kWeight, kBias, bad, C, OC); },
                                          {"linear_forward", "B"}));
        EXPECT_TRUE(ThrowsInvalidArgument([&] { linear_forward(out, kInp, kWeight, kBias, B, bad, OC); },
                                          {"linear_forward", "C"}));
        EXPECT_TRUE(ThrowsInvalidArgument([&] { linear_forward(out, kInp, kWeight, kBias, B, C, bad); },
                                          {"linear_forward", "OC"}));
        EXPECT_TRUE(ThrowsInvalidArgument([&] { linear_forward(out, kInp, kWeight, kBias, B, C, OC, bad); },
                                          {"linear_forward", "threads"}));
    }
    // B and C swapped (3 x 2 inputs): the spans no longer fit
    EXPECT_TRUE(ThrowsInvalidArgument([&] { linear_forward(out, kInp, kWeight, kBias, C, B, OC); },
                                      {"linear_forward"}));
}

TEST(LinearBackward, RefusesBadShapes) {
    const int B = 2, C = 3, OC = 2;
    const std::vector<float> dout = {1, -1, 0.5f, 2};
    std::vector<float> dinp(6, 0.0f), dweight(6, 0.0f), dbias(2, 0.0f);
    linear_backward(dinp, dweight, dbias, dout, kInp, kWeight, B, C, OC);  // valid
    ASSERT_TRUE(AllClose(dbias, std::vector<float>{1.5f, 1}, {0, 0})) << course::testing::kValidCallFirst;
    std::vector<float> big(100, 1.0f);
    auto cut = [&](std::size_t n) { return std::span<float>(big).first(n); };
    auto ccut = [&](std::size_t n) { return std::span<const float>(big).first(n); };
    for (std::size_t n : {5u, 7u})  // 0 is allowed: the input's gradient is not needed
        EXPECT_TRUE(ThrowsInvalidArgument(
            [&] { linear_backward(cut(n), dweight, dbias, dout, kInp, kWeight, B, C, OC); },
            {"linear_backward", "dinp", "B * C"}));
    for (std::size_t n : {5u, 7u, 0u}) {
        EXPECT_TRUE(ThrowsInvalidArgument(
            [&] { linear_backward(dinp, cut(n), dbias, dout, kInp, kWeight, B, C, OC); },
            {"linear_backward", "dweight", "OC * C"}));
        EXPECT_TRUE(ThrowsInvalidArgument(
            [&] { linear_backward(dinp, dweight, dbias, dout, ccut(n), kWeight, B, C, OC); },
            {"linear_backward", "inp", "B * C"}));
        EXPECT_TRUE(ThrowsInvalidArgument(
            [&] { linear_backward(dinp, dweight, dbias, dout, kInp, ccut(n), B, C, OC); },
            {"linear_backward", "weight", "OC * C"}));
    }
    for (std::size_t n : {3u, 5u, 0u})
        EXPECT_TRUE(ThrowsInvalidArgument(
            [&] { linear_backward(dinp, dweight, dbias, ccut(n), kInp, kWeight, B, C, OC); },
            {"linear_backward", "dout", "B * OC"}));
    for (std::size_t n : {1u, 3u})
        EXPECT_TRUE(ThrowsInvalidArgument(
            [&] { linear_backward(dinp, dweight, cut(n), dout, kInp, kWeight, B, C, OC); },
            {"linear_backward", "dbias", "OC"}));
    for (int bad : {0, -1, std::numeric_limits<int>::min()}) {
        EXPECT_TRUE(ThrowsInvalidArgument(
            [&] { linear_backward(dinp, dweight, dbias, dout, kInp, kWeight, bad, C, OC); }, {"linear_backward", "B"}));
        EXPECT_TRUE(ThrowsInvalidArgument(
            [&] { linear_backward(dinp, dweight, dbias, dout, kInp, kWeight, B, bad, OC); }, {"linear_backward", "C"}));
        EXPECT_TRUE(ThrowsInvalidArgument(
            [&] { linear_backward(dinp, dweight, dbias, dout, kInp, kWeight, B, C, bad); }, {"linear_backward", "OC"}));
        EXPECT_TRUE(ThrowsInvalidArgument(
            [&] { linear_backward(dinp, dweight, dbias, dout, kInp, kWeight, B, C, OC, bad); },
            {"linear_backward", "threads"}));
    }
}

}  // namespace
}  // namespace course::backprop

namespace course::backprop {
namespace {

// An empty dinp: the input's gradient is not needed (a network's first layer), so its product,
// B C OC multiply-adds, is skipped; dweight and dbias are what they are with a dinp.
TEST(LinearCost, AnEmptyDinpSkipsTheInputsProduct) {
    const Layer layer({33, 784, 17}, true, 121);
    const auto [B, C, OC] = layer.s;
    std::vector<float> dinp = layer.dinp0, dweight = layer.dweight0, dbias = layer.dbias0;
    linear_backward(dinp, dweight, dbias, layer.dout, layer.inp, layer.weight, B, C, OC);
    std::vector<float> dweight_alone = layer.dweight0, dbias_alone = layer.dbias0;
    const Work before = Work::now();
    linear_backward({}, dweight_alone, dbias_alone, layer.dout, layer.inp, layer.weight, B, C, OC);
    EXPECT_EQ((Work::now() - before).multiply_adds, (long long)B * C * OC)
        << "linear_backward with an empty dinp must do only dweight's product, B x C x OC = " << B << " x " << C
        << " x " << OC;
    // The same products in the same order: the same bits.
    EXPECT_TRUE(AllClose(dweight_alone, dweight, {0, 0}, {OC, C})) << "dweight without dinp";
    EXPECT_TRUE(AllClose(dbias_alone, dbias, {0, 0}, {OC})) << "dbias without dinp";
}

}  // namespace
}  // namespace course::backprop
