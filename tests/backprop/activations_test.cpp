// Tests for exercise 2, activations (modules/backprop/learner/activations.cpp).
//
// Oracles: values worked by hand (relu's and leaky_relu's exact in float; Phi(1) and phi(1) from a
// normal table; s (1 - s) and 1 - t^2 of chosen outputs); double re-implementations of the six
// forwards written plainly below, and central differences IN DOUBLE of them for every backward
// (never the code under test); PyTorch's values in float64 at 14 points, frozen in
// fixtures/activations_golden.hpp with the script that made them. Cost: one pass over N elements,
// nothing to count beyond that. Every test calls a function of the exercise first, so a stub shows
// "not started".
//
// Tolerances (u = 2^-24, float's unit roundoff). The input x is an exact float, so a forward's error
// is that of its own roundings: an argument rounded once (x / sqrt 2, u) is amplified by the
// function's condition number cond(x) = |x f'(x) / f(x)| at most, and a handful of roundings add a
// few u more. We allow
//     |got - f(x)| <= 8 u (1 + cond(x)) |f(x)| + kUnderflow
// (8: two roundings in double-then-float, or four to six float operations of a float code, with
// room). kUnderflow = 1.2e-38, float's smallest normal number: a result in the subnormal range
// below it has lost digits whatever the method (1 / (1 + expf(89)) is 0 for s(-89) = 2.2e-39, and
// flushing subnormals to zero is allowed). A backward's local derivative g is a
// sum of terms each computed to a relative error that the term's own argument rounding amplifies:
// we allow 8 u |dout| (|g| + T(x)) plus 2 u for the product with dout and the add into dinp, where
// T(x) bounds the terms' magnitudes times their amplification (see `terms` below).
#include "backprop/activations.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <functional>
#include <iterator>
#include <limits>
#include <sstream>
#include <string>
#include <vector>

#include "course/random.hpp"
#include "course/testing.hpp"
#include "fixtures/activations_golden.hpp"

namespace course::backprop {
namespace {

using course::testing::ThrowsInvalidArgument;

constexpr double kU = 0x1p-24;                                           // float's unit roundoff
constexpr double kUnderflow = double(std::numeric_limits<float>::min());  // 1.2e-38
constexpr float kNaN = std::numeric_limits<float>::quiet_NaN();
constexpr float kInf = std::numeric_limits<float>::infinity();
constexpr float kFloatMax = std::numeric_limits<float>::max();
constexpr double kPi = 3.14159265358979323846;

// ---- The oracles: the six forwards in double, written plainly ----

double relu_d(double x) { return x > 0 ? x : 0.0; }
double leaky_d(double x) { return x > 0 ? x : double(0.01f) * x; }  // the default slope, a float
// sigmoid_d: the two-sided form, e^x / (1 + e^x) for x < 0, so that neither side overflows.
double sigmoid_d(double x) { return x >= 0 ? 1.0 / (1.0 + std::exp(-x)) : std::exp(x) / (1.0 + std::exp(x)); }
double tanh_d(double x) { return std::tanh(x); }
double gelu_erf_d(double x) { return 0.5 * x * std::erfc(-x / std::sqrt(2.0)); }
double gelu_tanh_u(double x) { return std::sqrt(2.0 / kPi) * (x + 0.044715 * x * x * x); }
// gelu_tanh_d: x (1 + tanh u) / 2 = x e^u / (e^u + e^-u) = x / (1 + e^(-2u)).
double gelu_tanh_d(double x) { return x / (1.0 + std::exp(-2.0 * gelu_tanh_u(x))); }

// central_difference: f'(x) in double, step h = cbrt(eps) times the scale on which f changes: |x|
// where the function grows like x (x > 1), 1/|x| where it decays like e^(-x^2 / 2) or e^x (x < -1).
// Truncation error h^2 |f'''| / 6 and rounding eps |f| / h are then about eps^(2/3) = 4e-11 relative,
// far below float's 6e-8.
double central_difference(double (*f)(double), double x) {
    const double scale = x > 1 ? x : (x < -1 ? 1.0 / -x : 1.0);
    const double h = std::cbrt(std::numeric_limits<double>::epsilon()) * scale;
    return (f(x + h) - f(x - h)) / (2 * h);
}

// Activation: one of the six, as the tests drive it; the leaky relu with its default slope.
struct Activation {
    const char* name;
    std::function<void(std::span<float>, std::span<const float>)> forward;
    // backward(dinp, inp or out, dout): `from_output` says which the second argument is.
    std::function<void(std::span<float>, std::span<const float>, std::span<const float>)> backward;
    bool from_output;
    double (*f)(double);
    bool kinked;  // no derivative at 0: finite differences stay away from it
    // terms(x): the magnitude of the derivative's terms times the amplification of their rounding
    // errors, on top of |g|. relu, leaky_relu: none (g is exact). sigmoid from the float s: s's own
    // rounding, u s, moves s (1 - s) by |1 - 2s| u s <= u s. tanh from the float t: t's rounding moves
    // 1 - t^2 by 2 t^2 u, and t * t rounds by t^2 u: 3 t^2. gelu_erf: Phi and x phi, whose arguments
    // (x / sqrt 2, x^2 / 2) are rounded and amplified by erfc's and exp's condition, about x^2.
    // gelu_tanh: s(2u) and x s (1 - s) du/dx, amplified by 2 |u| and 4 |u| through exp and sech^2.
    double (*terms)(double x);
};

double no_terms(double) { return 0.0; }
double sigmoid_terms(double x) { return sigmoid_d(x); }
double tanh_terms(double x) { return 3 * tanh_d(x) * tanh_d(x); }
double gelu_erf_terms(double x) {
    const double phi = std::exp(-0.5 * x * x) / std::sqrt(2 * kPi);
    return (0.5 * std::erfc(-x / std::sqrt(2.0)) + std::abs(x) * phi) * (2 + x * x);
}
double gelu_tanh_terms(double x) {
    const double u = gelu_tanh_u(x), s = 1.0 / (1.0 + std::exp(-2 * u));
    const double du_dx = std::sqrt(2.0 / kPi) * (1 + 3 * 0.044715 * x * x);
    return (s + std::abs(2 * x * s * (1 - s) * du_dx)) * (2 + 4 * std::abs(u));
}

const std::vector<Activation>& activations() {
    static const std::vector<Activation> all = {
        {"relu", relu_forward, relu_backward, false, relu_d, true, no_terms},
        {"leaky_relu", [](std::span<float> o, std::span<const float> i) { leaky_relu_forward(o, i); },
         [](std::span<float> d, std::span<const float> i, std::span<const float> g) { leaky_relu_backward(d, i, g); },
         false, leaky_d, true, no_terms},
        {"sigmoid", sigmoid_forward, sigmoid_backward, true, sigmoid_d, false, sigmoid_terms},
        {"tanh", tanh_forward, tanh_backward, true, tanh_d, false, tanh_terms},
        {"gelu_erf", gelu_erf_forward, gelu_erf_backward, false, gelu_erf_d, false, gelu_erf_terms},
        {"gelu_tanh", gelu_tanh_forward, gelu_tanh_backward, false, gelu_tanh_d, false, gelu_tanh_terms},
    };
    return all;
}

// forward_tolerance: 8 u (1 + cond) |f| + kUnderflow, with cond = |x f'(x) / f(x)| (0 where f = 0).
double forward_tolerance(double x, double value, double derivative) {
    const double cond = value == 0 ? 0.0 : std::abs(x * derivative / value);
    return 8 * kU * (1 + cond) * std::abs(value) + kUnderflow;
}

// backward_tolerance: see the file's comment.
double backward_tolerance(const Activation& a, double x, double g, double dout, double want) {
    return 8 * kU * std::abs(dout) * (std::abs(g) + a.terms(x)) + 2 * kU * std::abs(want) + kUnderflow;
}

// Within: every |got[i] - want[i]| <= tol[i]; on failure the count, the first and the worst (by
// the ratio error / tolerance) with x, got, want and the tolerance.
::testing::AssertionResult Within(const std::vector<float>& got, const std::vector<double>& want,
                                  const std::vector<double>& tol, const std::vector<float>& x) {
    int bad = 0;
    std::size_t first = 0, worst = 0;
    double worst_ratio = 0;
    for (std::size_t i = 0; i < got.size(); ++i) {
        const double err = std::abs(double(got[i]) - want[i]);
        if (err <= tol[i]) continue;  // false for NaN: a NaN counts as bad
        const double ratio = std::isnan(err) ? std::numeric_limits<double>::infinity() : err / tol[i];
        if (bad++ == 0) first = i;
        if (ratio >= worst_ratio) worst_ratio = ratio, worst = i;
    }
    if (bad == 0) return ::testing::AssertionSuccess();
    std::ostringstream out;
    out.precision(10);
    out << bad << " of " << got.size() << " elements differ";
    for (std::size_t i : {first, worst})
        out << "\n  " << (i == first ? "first" : "worst") << " at [" << i << "], x = " << x[i] << ": got " << got[i]
            << ", want " << want[i] << " (tolerance " << tol[i] << ")";
    if (std::isnan(got[worst])) out << "\n  NaN: an inf / inf or 0 * inf on the way (an overflow)?";
    return ::testing::AssertionFailure() << out.str();
}

// sweep_points: 301 seeded floats uniform in [-12, 12], none within 1e-3 of 0 (relu's kink), plus
// -1e-3 and 1e-3.
std::vector<float> sweep_points() {
    Rng rng(20261206);
    std::vector<float> x;
    while (x.size() < 301) {
        const float v = float(rng.uniform(-12.0, 12.0));
        if (std::abs(v) > 1e-3f) x.push_back(v);
    }
    x.push_back(-1e-3f);
    x.push_back(1e-3f);
    return x;
}

// run_backward: dinp starting at `init`, for an activation at inputs x with upstream dout; the
// forward's output is passed where the backward takes it.
std::vector<float> run_backward(const Activation& a, const std::vector<float>& x, const std::vector<float>& dout,
                                const std::vector<float>& init) {
    std::vector<float> arg = x;
    if (a.from_output) {
        std::vector<float> out(x.size(), kNaN);
        a.forward(out, x);
        arg = out;
    }
    std::vector<float> dinp = init;
    a.backward(dinp, arg, dout);
    return dinp;
}

// ---- relu ----

TEST(Relu, HandWorkedValuesAndSlopes) {
    // relu'(x) = 1 for x > 0, 0 for x <= 0 (PyTorch's relu'(0) = 0), gated by the input's sign: dout
    // is negative where x > 0 (index 4) and positive where x < 0 (index 0), so a gate on dout fails.
    const std::vector<float> x = {-2.0f, -0.5f, 0.0f, -0.0f, 0.25f, 3.0f, 1e-30f, -1e-30f};
    const std::vector<float> dout = {1.5f, -2.0f, 4.0f, 8.0f, -0.5f, 3.0f, 7.0f, 9.0f};
    std::vector<float> out(x.size(), kNaN);
    relu_forward(out, x);
    EXPECT_EQ(out, (std::vector<float>{0, 0, 0, 0, 0.25f, 3.0f, 1e-30f, 0})) << "relu(x) = max(x, 0)";
    std::vector<float> dinp = {10, 20, 30, 40, 50, 60, 70, 80};  // not zero: the backward adds
    relu_backward(dinp, x, dout);
    EXPECT_EQ(dinp, (std::vector<float>{10, 20, 30, 40, 49.5f, 63, 77, 80}))
        << "dinp += (x > 0 ? dout : 0), gated on x, adding to what dinp held (relu'(0) = 0)";
}

TEST(Relu, NaNStaysNaNForwardAndBackward) {
    const std::vector<float> x = {kNaN, -kNaN, kInf, -kInf, 1.0f, -1.0f};
    std::vector<float> out(x.size(), 7.0f);
    relu_forward(out, x);
    EXPECT_TRUE(std::isnan(out[0]) && std::isnan(out[1]))
        << "relu(NaN) must be NaN, got " << out[0] << ", " << out[1] << ": std::max(0.f, x) returns 0 for NaN";
    EXPECT_EQ(out[2], kInf);
    EXPECT_EQ(out[3], 0.0f);
    std::vector<float> dinp(x.size(), 1.0f);
    relu_backward(dinp, x, std::vector<float>(x.size(), 2.0f));
    EXPECT_TRUE(std::isnan(dinp[0]) && std::isnan(dinp[1]))
        << "relu_backward at a NaN input must add NaN, got " << dinp[0] << ", " << dinp[1];
    EXPECT_EQ(dinp[2], 3.0f) << "relu'(+inf) = 1";
    EXPECT_EQ(dinp[3], 1.0f) << "relu'(-inf) = 0";
    // A NaN in dout passes where the gate is open and is stopped where it is closed (as PyTorch).
    std::vector<float> dinp2 = {5.0f, 5.0f};
    relu_backward(dinp2, std::vector<float>{1.0f, -1.0f}, std::vector<float>{kNaN, kNaN});
    EXPECT_TRUE(std::isnan(dinp2[0])) << "x > 0: dinp += dout = NaN";
    EXPECT_EQ(dinp2[1], 5.0f) << "x < 0: the gate is 0 and dout is not read";
}

// ---- leaky relu ----

TEST(LeakyRelu, HandWorkedWithSlopeAQuarter) {
    // Slope 0.25, a power of two: every product is exact in float. leaky'(0) = negative_slope as
    // PyTorch (the left-hand slope), 1 above 0.
    const std::vector<float> x = {-2.0f, -0.5f, 0.0f, 0.25f, 3.0f, -1e-30f};
    const std::vector<float> dout = {1.5f, -2.0f, 4.0f, -0.5f, 3.0f, 8.0f};
    std::vector<float> out(x.size(), kNaN);
    leaky_relu_forward(out, x, 0.25f);
    EXPECT_EQ(out, (std::vector<float>{-0.5f, -0.125f, 0.0f, 0.25f, 3.0f, 0.25f * -1e-30f}))
        << "leaky_relu(x) = x > 0 ? x : 0.25 x";
    std::vector<float> dinp = {10, 20, 30, 40, 50, 60};
    leaky_relu_backward(dinp, x, dout, 0.25f);
    EXPECT_EQ(dinp, (std::vector<float>{10.375f, 19.5f, 31.0f, 39.5f, 53.0f, 62.0f}))
        << "dinp += (x > 0 ? 1 : 0.25) * dout, added; at x = 0 the slope is negative_slope";
}

TEST(LeakyRelu, DefaultSlopeIsOneHundredth) {
    const std::vector<float> x = {-3.0f, 0.0f, 2.0f};
    std::vector<float> out(x.size(), kNaN);
    leaky_relu_forward(out, x);
    EXPECT_EQ(out, (std::vector<float>{0.01f * -3.0f, 0.0f, 2.0f})) << "the default negative_slope is 0.01";
    std::vector<float> dinp = {1.0f, 1.0f, 1.0f};
    leaky_relu_backward(dinp, x, std::vector<float>{2.0f, 2.0f, 2.0f});
    EXPECT_EQ(dinp, (std::vector<float>{1.0f + 0.01f * 2.0f, 1.0f + 0.01f * 2.0f, 3.0f}))
        << "the default negative_slope is 0.01, also at x = 0";
}

TEST(LeakyRelu, SlopesZeroOneNegativeAndNaNInput) {
    // Any finite slope is allowed: 0 is relu, 1 the identity, -0.5 folds the negative side up.
    const std::vector<float> x = {-2.0f, 0.0f, 4.0f, kNaN};
    for (const float slope : {0.0f, 1.0f, -0.5f}) {
        std::vector<float> out(x.size(), kNaN);
        leaky_relu_forward(out, x, slope);
        EXPECT_EQ(out[0], slope * -2.0f) << "slope " << slope;
        EXPECT_EQ(out[2], 4.0f) << "slope " << slope;
        EXPECT_TRUE(std::isnan(out[3])) << "leaky_relu(NaN) must be NaN, slope " << slope;
        std::vector<float> dinp = {1.0f, 1.0f, 1.0f, 1.0f};
        leaky_relu_backward(dinp, x, std::vector<float>{3.0f, 3.0f, 3.0f, 3.0f}, slope);
        EXPECT_EQ(dinp[0], 1.0f + 3.0f * slope) << "slope " << slope;
        EXPECT_EQ(dinp[1], 1.0f + 3.0f * slope) << "slope " << slope << " at x = 0";
        EXPECT_EQ(dinp[2], 4.0f) << "slope " << slope;
        EXPECT_TRUE(std::isnan(dinp[3])) << "leaky_relu_backward at a NaN input must add NaN, slope " << slope
                                         << ", got " << dinp[3];
    }
}

// ---- sigmoid ----

TEST(Sigmoid, HandWorkedValues) {
    // s(0) = 1/2 exactly; s(ln 3) = 3/4 and s(-ln 3) = 1/4 (e^-ln3 = 1/3), at the float nearest ln 3,
    // which moves s by s (1 - s) * 2.4e-8 at most: within 2 u.
    const float ln3 = float(std::log(3.0));
    const std::vector<float> x = {0.0f, ln3, -ln3};
    std::vector<float> out(x.size(), kNaN);
    sigmoid_forward(out, x);
    EXPECT_EQ(out[0], 0.5f);
    EXPECT_NEAR(out[1], 0.75, 4 * kU * 0.75);
    EXPECT_NEAR(out[2], 0.25, 4 * kU * 0.25);
}

TEST(Sigmoid, FiniteAndRelativelyAccurateInBothTails) {
    // exp(x) / (1 + exp(x)) is inf / inf = NaN for x > 88 (in float; 709 in double). 1 - s(-x) returns
    // 0 (or 1e-3 relative error in double) for s(-30) = 9.3576e-14. cond(x) = |x| (1 - s) <= 1000.
    const std::vector<float> x = {1000.0f, -1000.0f, 100.0f, -100.0f, 89.0f, -89.0f, 88.0f, -88.0f,
                                  30.0f,   -30.0f,   17.5f,  -17.5f,  kFloatMax, -kFloatMax};
    std::vector<float> out(x.size(), kNaN);
    sigmoid_forward(out, x);
    std::vector<double> want, tol;
    for (const float v : x) {
        want.push_back(sigmoid_d(v));
        tol.push_back(forward_tolerance(v, want.back(), central_difference(sigmoid_d, v)));
    }
    EXPECT_TRUE(Within(out, want, tol, x)) << "s(-30) = 9.3576e-14 to float precision, s(+-1000) = 1 and 0";
    EXPECT_NEAR(out[9], 9.3576229688e-14, 9.3576229688e-14 * 1e-6) << "sigmoid(-30): relative, not absolute";
}

TEST(Sigmoid, BackwardTakesTheOutput) {
    // out holds s = sigmoid(x): s (1 - s) of these, exact or one rounding (s = 0.9: 0.09); 1e-20 keeps
    // its relative precision. A backward that applies sigmoid to out again gets s(0.5)(1 - s(0.5)) =
    // 0.235 for 0.25.
    const std::vector<float> s = {0.5f, 0.25f, 0.75f, 1e-20f, 1.0f, 0.0f};
    const std::vector<float> dout = {1.0f, 2.0f, -4.0f, 1.0f, 5.0f, 5.0f};
    std::vector<float> dinp = {1.0f, 1.0f, 1.0f, 0.0f, 1.0f, 1.0f};
    sigmoid_backward(dinp, s, dout);
    EXPECT_EQ(dinp[0], 1.25f) << "s = 1/2: s (1 - s) = 1/4, added to 1";
    EXPECT_EQ(dinp[1], 1.375f) << "s = 1/4: 2 * 3/16 = 3/8, added to 1";
    EXPECT_EQ(dinp[2], 0.25f) << "s = 3/4: -4 * 3/16 = -3/4, added to 1";
    EXPECT_NEAR(dinp[3], 1e-20, 1e-20 * 4 * kU) << "s = 1e-20: s (1 - s) = 1e-20";
    EXPECT_EQ(dinp[4], 1.0f) << "s = 1: the slope is 0";
    EXPECT_EQ(dinp[5], 1.0f) << "s = 0: the slope is 0";
    std::vector<float> nan_dinp = {0.0f};
    sigmoid_backward(nan_dinp, std::vector<float>{kNaN}, std::vector<float>{1.0f});
    EXPECT_TRUE(std::isnan(nan_dinp[0])) << "a NaN output gives a NaN gradient";
}

// ---- tanh ----

TEST(Tanh, HandWorkedValuesAndLargeArguments) {
    // tanh(0) = 0; tanh(+-1000) = +-1, tanh(+-20) = +-1 in float; tanh(1e-20) = 1e-20 relatively
    // ((e^2x - 1) / (e^2x + 1) gives 0 there, and NaN at 1000); tanh(NaN) = NaN.
    const std::vector<float> x = {0.0f, 1000.0f, -1000.0f, 20.0f, -20.0f, 1e-20f, -1e-20f, kNaN, kInf, -kInf};
    std::vector<float> out(x.size(), kNaN);
    tanh_forward(out, x);
    EXPECT_EQ(out[0], 0.0f);
    EXPECT_EQ(out[1], 1.0f);
    EXPECT_EQ(out[2], -1.0f);
    EXPECT_EQ(out[3], 1.0f);
    EXPECT_EQ(out[4], -1.0f);
    EXPECT_NEAR(out[5], 1e-20, 1e-20 * 4 * kU) << "tanh(x) = x - x^3/3 + ...: relative precision at 1e-20";
    EXPECT_NEAR(out[6], -1e-20, 1e-20 * 4 * kU);
    EXPECT_TRUE(std::isnan(out[7])) << "tanh(NaN) = NaN";
    EXPECT_EQ(out[8], 1.0f);
    EXPECT_EQ(out[9], -1.0f);
}

TEST(Tanh, BackwardTakesTheOutputNotTheInput) {
    // out holds t = tanh(x): 1 - t^2 of these. A backward that treats out as the input computes
    // 1 - tanh(0.5)^2 = 0.7864 instead of 0.75.
    const std::vector<float> t = {0.0f, 0.5f, -0.5f, 0.75f, 1.0f, -1.0f};
    const std::vector<float> dout = {1.0f, 2.0f, -4.0f, 16.0f, 3.0f, 3.0f};
    std::vector<float> dinp = {1.0f, 1.0f, 1.0f, 1.0f, 1.0f, 1.0f};
    tanh_backward(dinp, t, dout);
    EXPECT_EQ(dinp, (std::vector<float>{2.0f, 2.5f, -2.0f, 8.0f, 1.0f, 1.0f}))
        << "dinp += (1 - t^2) dout with t = out: 1, 3/4 * 2, 3/4 * -4, 7/16 * 16, 0, 0, added to 1";
    std::vector<float> nan_dinp = {0.0f};
    tanh_backward(nan_dinp, std::vector<float>{kNaN}, std::vector<float>{1.0f});
    EXPECT_TRUE(std::isnan(nan_dinp[0])) << "a NaN output gives a NaN gradient";
}

// ---- gelu, erf form ----

TEST(GeluErf, HandWorkedAtZeroAndPlusMinusOne) {
    // Phi(1) = 0.8413447460685429, phi(1) = e^(-1/2) / sqrt(2 pi) = 0.24197072451914337 (a normal
    // table). gelu(1) = Phi(1), gelu(-1) = -Phi(-1) = -(1 - Phi(1)), gelu'(x) = Phi(x) + x phi(x):
    // gelu'(1) = 1.0833154705876863, gelu'(-1) = 0.1586552539314571 - 0.2419707245191434. At 0:
    // gelu = 0, gelu' = 1/2. Within 8 u (1 + cond), cond(1) = 1.3, cond(-1) = 0.5 (2 roundings here).
    const double Phi1 = 0.8413447460685429, phi1 = 0.24197072451914337;
    const std::vector<float> x = {0.0f, 1.0f, -1.0f};
    std::vector<float> out(x.size(), kNaN);
    gelu_erf_forward(out, x);
    EXPECT_EQ(out[0], 0.0f);
    EXPECT_NEAR(out[1], Phi1, 8 * kU * 2.3 * Phi1);
    EXPECT_NEAR(out[2], -(1 - Phi1), 8 * kU * 1.6 * (1 - Phi1));
    std::vector<float> dinp = {1.0f, 0.0f, 0.0f};
    gelu_erf_backward(dinp, x, std::vector<float>{1.0f, 1.0f, 1.0f});
    EXPECT_EQ(dinp[0], 1.5f) << "gelu'(0) = 1/2, added to 1";
    EXPECT_NEAR(dinp[1], Phi1 + phi1, 8 * kU * 2 * (Phi1 + phi1)) << "gelu'(1) = Phi(1) + phi(1)";
    EXPECT_NEAR(dinp[2], (1 - Phi1) - phi1, 8 * kU * 3 * (1 - Phi1 + phi1))
        << "gelu'(-1) = Phi(-1) - phi(-1): both terms of the product rule";
}

TEST(GeluErf, LowerTailIsRelativelyAccurate) {
    // gelu(x) = x Phi(x) falls like e^(-x^2/2) as x -> -inf: gelu(-12) = -2.1e-32, still a normal
    // float. 1 + erf(x / sqrt 2) subtracts numbers that agree to 1 - Phi(x): all digits lost at
    // x = -5.5 in float, at x = -8.3 in double. erfc keeps them. cond(x) ~ x^2 + 1 <= 145.
    std::vector<float> x;
    for (float v = -1.0f; v >= -12.0f; v -= 0.5f) x.push_back(v);
    std::vector<float> out(x.size(), kNaN);
    gelu_erf_forward(out, x);
    std::vector<double> want, tol;
    for (const float v : x) {
        want.push_back(gelu_erf_d(v));
        tol.push_back(forward_tolerance(v, want.back(), central_difference(gelu_erf_d, v)));
    }
    EXPECT_TRUE(Within(out, want, tol, x)) << "gelu_erf on [-12, -1]: Phi(x) = erfc(-x / sqrt 2) / 2";
}

// ---- gelu, tanh form ----

TEST(GeluTanh, HandWorkedConstants) {
    // At x = 1: u = sqrt(2/pi) * 1.044715 = 0.83355..., so gelu_tanh(1) = (1 + tanh u) / 2 =
    // 0.8411920..., not 0.8413447 (the erf form), nor (1 + tanh(sqrt(2/pi))) / 2 = 0.8258 (no cubic
    // term), nor with sqrt(2 pi) or 2 / pi. At x = 2: u = sqrt(2/pi) * 2.35772 = 1.88118...
    const std::vector<float> x = {1.0f, 2.0f, -2.0f, 0.0f};
    std::vector<float> out(x.size(), kNaN);
    gelu_tanh_forward(out, x);
    const double u1 = std::sqrt(2.0 / kPi) * (1 + 0.044715), u2 = std::sqrt(2.0 / kPi) * (2 + 0.044715 * 8);
    const double g1 = 0.5 * (1 + std::tanh(u1)), g2 = (1 + std::tanh(u2)), gm2 = -(1 + std::tanh(-u2));
    EXPECT_NEAR(out[0], g1, 16 * kU * g1);
    EXPECT_NEAR(out[1], g2, 16 * kU * g2);
    EXPECT_NEAR(out[2], gm2, 16 * kU * 6 * std::abs(gm2)) << "cond(-2) = 5";
    EXPECT_EQ(out[3], 0.0f);
    std::vector<float> dinp = {0.0f, 0.0f, 0.0f, 1.0f};
    gelu_tanh_backward(dinp, x, std::vector<float>{1.0f, 1.0f, 1.0f, 1.0f});
    // d/dx x (1 + tanh u) / 2 = (1 + tanh u) / 2 + x (1 - tanh^2 u) / 2 * sqrt(2/pi) (1 + 3 * 0.044715 x^2)
    const double d1 = 0.5 * (1 + std::tanh(u1)) +
                      0.5 * (1 - std::tanh(u1) * std::tanh(u1)) * std::sqrt(2.0 / kPi) * (1 + 3 * 0.044715);
    EXPECT_NEAR(dinp[0], d1, 16 * kU * 2 * d1) << "gelu_tanh'(1)";
    EXPECT_EQ(dinp[3], 1.5f) << "gelu_tanh'(0) = 1/2, added to 1";
}

// ---- all six ----

TEST(Golden, MatchesPyTorchForwardAndBackward) {
    // PyTorch in float64 at 0, +-1e-3, +-0.5, +-1, +-3, -5, +-30, +-1000 (fixtures/activations_golden.hpp,
    // 9 digits: 5e-10 relative, far inside the tolerances). Forward within 8 u (1 + cond), cond from
    // PyTorch's own f and f'; backward with dout = 1 within the backward tolerance. out starts as NaN:
    // a forward that adds or skips an element fails.
    const std::vector<float> x(golden::kGoldenX, golden::kGoldenX + golden::kGoldenCount);
    ASSERT_EQ(std::size(golden::kGolden), activations().size());
    for (std::size_t k = 0; k < activations().size(); ++k) {
        const Activation& a = activations()[k];
        const golden::GoldenActivation& g = golden::kGolden[k];
        ASSERT_EQ(std::string(g.name), a.name);
        std::vector<float> out(x.size(), kNaN);
        a.forward(out, x);
        std::vector<double> want(g.value, g.value + x.size()), tol;
        for (std::size_t i = 0; i < x.size(); ++i) tol.push_back(forward_tolerance(x[i], g.value[i], g.derivative[i]));
        EXPECT_TRUE(Within(out, want, tol, x)) << a.name << "_forward against PyTorch";
        const std::vector<float> dinp =
            run_backward(a, x, std::vector<float>(x.size(), 1.0f), std::vector<float>(x.size(), 0.0f));
        std::vector<double> dwant(g.derivative, g.derivative + x.size()), dtol;
        for (std::size_t i = 0; i < x.size(); ++i)
            dtol.push_back(backward_tolerance(a, x[i], g.derivative[i], 1.0, g.derivative[i]));
        EXPECT_TRUE(Within(dinp, dwant, dtol, x)) << a.name << "_backward against PyTorch (dout = 1)";
    }
}

TEST(Forward, MatchesADoubleForwardOnASweep) {
    // 303 seeded points in [-12, 12] against the double oracles, within 8 u (1 + cond(x)) |f(x)|.
    const std::vector<float> x = sweep_points();
    for (const Activation& a : activations()) {
        std::vector<float> out(x.size(), kNaN);
        a.forward(out, x);
        std::vector<double> want, tol;
        for (const float v : x) {
            want.push_back(a.f(v));
            tol.push_back(forward_tolerance(v, want.back(), central_difference(a.f, v)));
        }
        EXPECT_TRUE(Within(out, want, tol, x)) << a.name << "_forward on 303 points in [-12, 12]";
    }
}

TEST(Backward, MatchesFiniteDifferencesOfADoubleForward) {
    // dinp = init + f'(x) dout with f'(x) from central differences of the double oracle (about 4e-11
    // relative, see central_difference), dout and init seeded in [-2, 2] and [-1, 1].
    const std::vector<float> x = sweep_points();
    const std::vector<float> init = random_floats(x.size(), 7);
    std::vector<float> dout = random_floats(x.size(), 8);
    for (float& d : dout) d *= 2;
    for (const Activation& a : activations()) {
        const std::vector<float> dinp = run_backward(a, x, dout, init);
        std::vector<double> want, tol;
        for (std::size_t i = 0; i < x.size(); ++i) {
            const double g = central_difference(a.f, x[i]);
            want.push_back(init[i] + g * dout[i]);
            tol.push_back(backward_tolerance(a, x[i], g, dout[i], want.back()));
        }
        EXPECT_TRUE(Within(dinp, want, tol, x)) << a.name << "_backward against central differences of a double "
                                                << a.name << " (dinp started at non-zero values)";
    }
}

TEST(Accumulation, EveryBackwardAddsIntoDinp) {
    // Two calls into the same dinp, as for a tensor that feeds two layers: init + 2 g dout. A backward
    // that assigns (=) leaves g dout.
    const std::vector<float> x = {-1.5f, -0.25f, 0.5f, 2.0f};
    const std::vector<float> dout = {1.0f, -2.0f, 0.5f, 3.0f};
    const std::vector<float> init = {100.0f, -50.0f, 25.0f, 10.0f};
    for (const Activation& a : activations()) {
        const std::vector<float> once = run_backward(a, x, dout, init);
        const std::vector<float> twice = run_backward(a, x, dout, once);
        std::vector<double> want, tol;
        for (std::size_t i = 0; i < x.size(); ++i) {
            const double g = central_difference(a.f, x[i]);
            want.push_back(init[i] + 2 * g * dout[i]);
            tol.push_back(2 * backward_tolerance(a, x[i], g, dout[i], want.back()) + 4 * kU * std::abs(init[i]));
        }
        EXPECT_TRUE(Within(twice, want, tol, x)) << a.name << "_backward called twice must add twice into dinp";
    }
}

TEST(InPlace, EveryForwardRunsWithOutAliasingInp) {
    // forward(buf, buf) must give what forward(out, inp) gives, bit for bit: read x, then write.
    const std::vector<float> x = sweep_points();
    for (const Activation& a : activations()) {
        std::vector<float> out(x.size(), kNaN);
        a.forward(out, x);
        std::vector<float> buf = x;
        a.forward(buf, buf);
        const auto differ = std::mismatch(buf.begin(), buf.end(), out.begin());
        if (differ.first == buf.end()) continue;
        const auto i = std::size_t(differ.first - buf.begin());
        ADD_FAILURE() << a.name << "_forward(out, inp) with out and inp the same buffer (in place) differs from "
                      << a.name << "_forward(out, inp) into a separate out: first at element [" << i
                      << "] of " << x.size() << ", inp[" << i << "] = " << x[i] << ": in place out[" << i
                      << "] = " << buf[i] << ", separate out[" << i << "] = " << out[i]
                      << ". Does the forward write out[j] before it reads inp[j], or read another element of inp?";
    }
    std::vector<float> buf = {-2.0f, 3.0f};
    leaky_relu_forward(buf, buf, 0.5f);
    EXPECT_EQ(buf, (std::vector<float>{-1.0f, 3.0f}))
        << "leaky_relu_forward(out, inp, 0.5) with out and inp the same buffer {-2, 3}: want {-1, 3}";
}

// slope_far_out: f'(x) for |x| >= 1000 as float sees it: 1 above and 0 below for relu and the gelus,
// the slope below for leaky_relu, 0 on both sides for sigmoid and tanh.
double slope_far_out(const Activation& a, float x) {
    const std::string name = a.name;
    if (name == "sigmoid" || name == "tanh") return 0.0;
    if (x > 0) return 1.0;
    return name == "leaky_relu" ? double(0.01f) : 0.0;
}

TEST(Stability, EveryFunctionIsFiniteForEveryFiniteInput) {
    // +-1000, +-1e13 (x^3 = 1e39 overflows float), +-FLT_MAX. Forward: the exact values round to x or
    // 0 (gelu), +-1 (tanh), 1 or 0 (sigmoid). Backward: finite; for the gelus 1 above and 0 below
    // (x (1 - tanh^2 u) du/dx is 0 * huge, not 0 * inf = NaN).
    const std::vector<float> x = {1000.0f, -1000.0f, 1e13f, -1e13f, kFloatMax, -kFloatMax};
    for (const Activation& a : activations()) {
        std::vector<float> out(x.size(), kNaN);
        a.forward(out, x);
        const std::vector<float> dinp = run_backward(a, x, std::vector<float>(x.size(), 1.0f),
                                                     std::vector<float>(x.size(), 0.0f));
        for (std::size_t i = 0; i < x.size(); ++i) {
            EXPECT_TRUE(std::isfinite(out[i])) << a.name << "_forward(" << x[i] << ") = " << out[i];
            EXPECT_TRUE(std::isfinite(dinp[i])) << a.name << "_backward at x = " << x[i] << " added " << dinp[i];
            const double want = a.f(x[i]), dwant = slope_far_out(a, x[i]);
            EXPECT_NEAR(out[i], want, 8 * kU * std::abs(want)) << a.name << "_forward(" << x[i] << ")";
            EXPECT_NEAR(dinp[i], dwant, 8 * kU) << a.name << "_backward at x = " << x[i];
        }
    }
}

TEST(Shapes, EmptyBuffersAndOneElement) {
    // N = 0 does nothing; N = 1 works (no vector width assumed).
    for (const Activation& a : activations()) {
        a.forward({}, {});
        a.backward({}, {}, {});
        std::vector<float> out = {kNaN};
        a.forward(out, std::vector<float>{0.5f});
        EXPECT_NEAR(out[0], a.f(0.5), 8 * kU) << a.name;
    }
}

TEST(BadInput, RefusesBuffersOfOtherSizes) {
    std::vector<float> out3(3), in3(3, 0.5f), in2(2), in4(4);
    for (const Activation& a : activations()) {
        a.forward(out3, in3);
        std::vector<float> d3(3, 0.0f);
        a.backward(d3, in3, in3);
        EXPECT_NEAR(out3[0], a.f(0.5), 8 * kU) << a.name << " " << course::testing::kValidCallFirst;
    }
    const std::string arg = "inp";
    EXPECT_TRUE(ThrowsInvalidArgument([&] { relu_forward(in2, in3); }, {"relu_forward", "out", "2", "3"}));
    EXPECT_TRUE(ThrowsInvalidArgument([&] { relu_forward(in4, in3); }, {"relu_forward", "out", "4", "3"}));
    EXPECT_TRUE(ThrowsInvalidArgument([&] { leaky_relu_forward(in2, in3); }, {"leaky_relu_forward", "out"}));
    EXPECT_TRUE(ThrowsInvalidArgument([&] { sigmoid_forward(in4, in3); }, {"sigmoid_forward", "out"}));
    EXPECT_TRUE(ThrowsInvalidArgument([&] { tanh_forward(in2, in3); }, {"tanh_forward", "out"}));
    EXPECT_TRUE(ThrowsInvalidArgument([&] { gelu_erf_forward(in2, in3); }, {"gelu_erf_forward", "out"}));
    EXPECT_TRUE(ThrowsInvalidArgument([&] { gelu_tanh_forward(in4, in3); }, {"gelu_tanh_forward", "out"}));
    EXPECT_TRUE(ThrowsInvalidArgument([&] { relu_backward(in2, in3, in3); }, {"relu_backward", "dinp", "2", "3"}));
    EXPECT_TRUE(ThrowsInvalidArgument([&] { relu_backward(out3, in3, in4); }, {"relu_backward", "dout", "4", "3"}));
    EXPECT_TRUE(ThrowsInvalidArgument([&] { leaky_relu_backward(out3, in3, in2); }, {"leaky_relu_backward", "dout"}));
    EXPECT_TRUE(ThrowsInvalidArgument([&] { leaky_relu_backward(in4, in3, in3); }, {"leaky_relu_backward", "dinp"}));
    EXPECT_TRUE(ThrowsInvalidArgument([&] { sigmoid_backward(in2, in3, in3); }, {"sigmoid_backward", "dinp", "out"}));
    EXPECT_TRUE(ThrowsInvalidArgument([&] { sigmoid_backward(out3, in3, in2); }, {"sigmoid_backward", "dout"}));
    EXPECT_TRUE(ThrowsInvalidArgument([&] { tanh_backward(in4, in3, in3); }, {"tanh_backward", "dinp", "out"}));
    EXPECT_TRUE(ThrowsInvalidArgument([&] { tanh_backward(out3, in3, in4); }, {"tanh_backward", "dout"}));
    EXPECT_TRUE(ThrowsInvalidArgument([&] { gelu_erf_backward(in2, in3, in3); }, {"gelu_erf_backward", "dinp", arg}));
    EXPECT_TRUE(ThrowsInvalidArgument([&] { gelu_erf_backward(out3, in3, in2); }, {"gelu_erf_backward", "dout"}));
    EXPECT_TRUE(ThrowsInvalidArgument([&] { gelu_tanh_backward(in4, in3, in3); }, {"gelu_tanh_backward", "dinp"}));
    EXPECT_TRUE(ThrowsInvalidArgument([&] { gelu_tanh_backward(out3, in3, in4); }, {"gelu_tanh_backward", "dout"}));
}

TEST(BadInput, RefusesNonFiniteNegativeSlope) {
    std::vector<float> out(2), dinp(2, 0.0f);
    const std::vector<float> x = {-1.0f, 1.0f}, dout = {1.0f, 1.0f};
    leaky_relu_forward(out, x, 0.0f);  // 0 and negative slopes are allowed
    leaky_relu_forward(out, x, -0.5f);
    leaky_relu_backward(dinp, x, dout, -0.5f);
    EXPECT_EQ(out[0], 0.5f) << course::testing::kValidCallFirst;
    EXPECT_EQ(dinp[0], -0.5f) << course::testing::kValidCallFirst;
    for (const float slope : {kNaN, kInf, -kInf}) {
        const std::string shown = std::isnan(slope) ? "nan" : (slope > 0 ? "inf" : "-inf");
        EXPECT_TRUE(ThrowsInvalidArgument([&] { leaky_relu_forward(out, x, slope); },
                                          {"leaky_relu_forward", "negative_slope", shown}));
        EXPECT_TRUE(ThrowsInvalidArgument([&] { leaky_relu_backward(dinp, x, dout, slope); },
                                          {"leaky_relu_backward", "negative_slope", shown}));
    }
}

TEST(Gelu, InfinitiesGiveTheLimitsForwardAndBackwardInBothForms) {
    // gelu(+inf) = +inf, gelu(-inf) = 0 (the limit: x Phi(x) -> 0 as x -> -inf); gelu'(+inf) = 1,
    // gelu'(-inf) = 0. x Phi(x) formed at -inf is -inf * 0 = NaN, and the backward's x phi(x) at
    // +-inf is inf * 0 = NaN. dinp starts at 1 and dout is 2: dinp = 3 and 1. The finite
    // neighbours +-FLT_MAX go the same way (Stability.EveryFunctionIsFiniteForEveryFiniteInput).
    const std::vector<float> x = {kInf, -kInf, kFloatMax, -kFloatMax};
    const std::vector<float> dout(x.size(), 2.0f);
    for (const Activation& a : activations()) {
        const std::string name = a.name;
        if (name != "gelu_erf" && name != "gelu_tanh") continue;
        std::vector<float> out(x.size(), kNaN);
        a.forward(out, x);
        EXPECT_EQ(out[0], kInf) << name << "_forward(+inf) must be +inf";
        EXPECT_EQ(out[1], 0.0f) << name << "_forward(-inf) must be 0 (the limit), got " << out[1]
                                << (std::isnan(out[1]) ? ": -inf times a factor that is 0 there = NaN" : "");
        EXPECT_EQ(out[3], 0.0f) << name << "_forward(-FLT_MAX)";
        const std::vector<float> dinp = run_backward(a, x, dout, std::vector<float>(x.size(), 1.0f));
        EXPECT_EQ(dinp[0], 3.0f) << name << "_backward at +inf: gelu' = 1, dinp = 1 + 1 * 2, got " << dinp[0]
                                 << (std::isnan(dinp[0]) ? ": x phi(x) = inf * 0 = NaN" : "");
        EXPECT_EQ(dinp[1], 1.0f) << name << "_backward at -inf: gelu' = 0, dinp = 1 + 0 * 2, got " << dinp[1]
                                 << (std::isnan(dinp[1]) ? ": x phi(x) = -inf * 0 = NaN" : "");
        EXPECT_EQ(dinp[2], 3.0f) << name << "_backward at FLT_MAX";
        EXPECT_EQ(dinp[3], 1.0f) << name << "_backward at -FLT_MAX";
    }
}

TEST(Gelu, NaNStaysNaNForwardAndBackwardInBothForms) {
    // The header's choice: a NaN input gives a NaN output and adds NaN into dinp (a fix for the
    // infinities that clamps with std::min / std::max the wrong way round, or tests x < 0 and
    // returns 0, turns NaN into a number). The neighbours stay exact.
    const std::vector<float> x = {kNaN, 0.0f, -kNaN};
    for (const Activation& a : activations()) {
        const std::string name = a.name;
        if (name != "gelu_erf" && name != "gelu_tanh") continue;
        std::vector<float> out(x.size(), 1.0f);
        a.forward(out, x);
        EXPECT_TRUE(std::isnan(out[0])) << name << "_forward(NaN) must be NaN, got " << out[0];
        EXPECT_TRUE(std::isnan(out[2])) << name << "_forward(-NaN) must be NaN, got " << out[2];
        EXPECT_EQ(out[1], 0.0f) << name << "_forward(0)";
        const std::vector<float> dinp = run_backward(a, x, std::vector<float>(x.size(), 1.0f),
                                                     std::vector<float>(x.size(), 0.0f));
        EXPECT_TRUE(std::isnan(dinp[0])) << name << "_backward at a NaN input must add NaN, got " << dinp[0];
        EXPECT_TRUE(std::isnan(dinp[2])) << name << "_backward at a -NaN input must add NaN, got " << dinp[2];
        EXPECT_EQ(dinp[1], 0.5f) << name << "_backward at 0: gelu'(0) = 1/2";
    }
}

TEST(Sigmoid, NaNStaysNaNAndInfinitiesGiveOneAndZero) {
    // sigmoid(NaN) = NaN, never 0 or 1 (a sigmoid written with a branch on the sign, x >= 0 ? ... :
    // ..., sends NaN down one side only if that side propagates it); s(+inf) = 1, s(-inf) = 0,
    // and the backward from those outputs adds s (1 - s) = 0 there, NaN at a NaN output.
    const std::vector<float> x = {kNaN, kInf, -kInf, -kNaN};
    std::vector<float> out(x.size(), 0.5f);
    sigmoid_forward(out, x);
    EXPECT_TRUE(std::isnan(out[0])) << "sigmoid_forward(NaN) must be NaN, got " << out[0];
    EXPECT_TRUE(std::isnan(out[3])) << "sigmoid_forward(-NaN) must be NaN, got " << out[3];
    EXPECT_EQ(out[1], 1.0f) << "sigmoid_forward(+inf)";
    EXPECT_EQ(out[2], 0.0f) << "sigmoid_forward(-inf)";
    std::vector<float> dinp = {0.0f, 1.0f, 1.0f, 0.0f};
    sigmoid_backward(dinp, out, std::vector<float>{1.0f, 1.0f, 1.0f, 1.0f});
    EXPECT_TRUE(std::isnan(dinp[0])) << "sigmoid_backward at the output sigmoid(NaN) must add NaN, got " << dinp[0];
    EXPECT_TRUE(std::isnan(dinp[3])) << "sigmoid_backward at the output sigmoid(-NaN) must add NaN, got " << dinp[3];
    EXPECT_EQ(dinp[1], 1.0f) << "sigmoid_backward at s(+inf) = 1: slope 0, added to 1";
    EXPECT_EQ(dinp[2], 1.0f) << "sigmoid_backward at s(-inf) = 0: slope 0, added to 1";
}

}  // namespace
}  // namespace course::backprop
