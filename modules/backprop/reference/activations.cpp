// Reference solution: activations. Contract: include/backprop/activations.hpp
#include "backprop/activations.hpp"

#include <cmath>
#include <cstddef>
#include <limits>
#include <numbers>

#include "course/error.hpp"

namespace course::backprop {
namespace {

constexpr double kInvSqrt2 = 0.70710678118654752440;              // 1 / sqrt 2
constexpr double kInvSqrt2Pi = 0.39894228040143267794;            // 1 / sqrt(2 pi)
constexpr double kSqrt2OverPi = 0.79788456080286535588;           // sqrt(2 / pi)
constexpr double kGeluCubic = 0.044715;                          // Hendrycks & Gimpel's constant
constexpr double kFloatMax = std::numeric_limits<float>::max();   // 3.4e38

// no_minus_inf: x, with -inf moved to -FLT_MAX. A GELU is x times a factor that is 0 at -inf:
// -inf * 0 is NaN, -3.4e38 * 0 is -0, the limit (as at x = -1000). +inf and NaN stay.
double no_minus_inf(double x) { return x < -kFloatMax ? -kFloatMax : x; }

// float_range: x, with +-inf moved to +-FLT_MAX. The GELUs' derivatives are exactly 1 above and 0
// below |x| = 40 in double, so +-FLT_MAX has the derivative of +-inf, and x phi(x) is
// finite * 0 = 0 instead of inf * 0 = NaN. NaN stays (both comparisons are false).
double float_range(double x) { return x < -kFloatMax ? -kFloatMax : (x > kFloatMax ? kFloatMax : x); }

// sigmoid: 1 / (1 + e^-x) in double. e^-x overflows to inf for x < -709 and 1 / inf = 0; every
// float x gets s(x) to double precision (relative), NaN stays NaN.
double sigmoid(double x) { return 1.0 / (1.0 + std::exp(-x)); }

// gelu_tanh_u: u = sqrt(2 / pi) (x + 0.044715 x^3). In double, x^3 <= 4e115 for every float x.
double gelu_tanh_u(double x) { return kSqrt2OverPi * (x + kGeluCubic * x * x * x); }

}  // namespace

void relu_forward(std::span<float> out, std::span<const float> inp) {
    check_activation_forward_arguments("relu_forward", out.size(), inp.size());
    // out is (N), inp is (N). x <= 0 is false for NaN, so NaN keeps x. A select, not a branch: a
    // branch on the sign of random data mispredicts half the time, and a select can vectorize.
    // Raw pointers: span's operator[] is bounds-checked in this build, and a check per element
    // stops the vectorizer.
    const float* in = inp.data();
    float* o = out.data();
    for (std::size_t i = 0; i < inp.size(); ++i) {
        const float x = in[i];
        o[i] = x <= 0.0f ? 0.0f : x;
    }
}

void relu_backward(std::span<float> dinp, std::span<const float> inp, std::span<const float> dout) {
    check_activation_backward_arguments("relu_backward", dinp.size(), inp.size(), "inp", dout.size());
    // dinp is (N), inp is (N), dout is (N). The gate is the input's sign: 1 above 0, 0 at and below;
    // a NaN input passes itself on. Selects, not branches, as in relu_forward.
    const float* in = inp.data();
    const float* d = dout.data();
    float* g = dinp.data();
    for (std::size_t i = 0; i < inp.size(); ++i) {
        const float x = in[i], dy = d[i];  // both loaded: a load under a condition is a branch
        const float gated = x <= 0.0f ? 0.0f : dy;        // dy above 0, 0 at and below
        const float through = std::isnan(x) ? x : gated;  // a NaN input passes itself on
        g[i] += through;
    }
}

void leaky_relu_forward(std::span<float> out, std::span<const float> inp, float negative_slope) {
    check_activation_forward_arguments("leaky_relu_forward", out.size(), inp.size());
    check_negative_slope("leaky_relu_forward", negative_slope);
    // out is (N), inp is (N). NaN * slope is NaN: no special case.
    for (std::size_t i = 0; i < inp.size(); ++i) {
        const float x = inp[i];
        out[i] = x > 0.0f ? x : negative_slope * x;
    }
}

void leaky_relu_backward(std::span<float> dinp, std::span<const float> inp, std::span<const float> dout,
                         float negative_slope) {
    check_activation_backward_arguments("leaky_relu_backward", dinp.size(), inp.size(), "inp", dout.size());
    check_negative_slope("leaky_relu_backward", negative_slope);
    // dinp is (N), inp is (N), dout is (N). Slope 1 above 0, negative_slope at 0 and below, NaN at NaN.
    for (std::size_t i = 0; i < inp.size(); ++i) {
        const float x = inp[i];
        const float slope = std::isnan(x) ? x : (x > 0.0f ? 1.0f : negative_slope);
        dinp[i] += slope * dout[i];
    }
}

void sigmoid_forward(std::span<float> out, std::span<const float> inp) {
    check_activation_forward_arguments("sigmoid_forward", out.size(), inp.size());
    // out is (N), inp is (N).
    for (std::size_t i = 0; i < inp.size(); ++i) out[i] = float(sigmoid(double(inp[i])));
}

void sigmoid_backward(std::span<float> dinp, std::span<const float> out, std::span<const float> dout) {
    check_activation_backward_arguments("sigmoid_backward", dinp.size(), out.size(), "out", dout.size());
    // dinp is (N), out is (N), dout is (N); s = out[i] is the forward's output.
    for (std::size_t i = 0; i < out.size(); ++i) {
        const double s = out[i];
        dinp[i] += float(s * (1.0 - s) * double(dout[i]));
    }
}

void tanh_forward(std::span<float> out, std::span<const float> inp) {
    check_activation_forward_arguments("tanh_forward", out.size(), inp.size());
    // out is (N), inp is (N). std::tanh is +-1 at +-inf and for large |x|, never inf / inf.
    for (std::size_t i = 0; i < inp.size(); ++i) out[i] = float(std::tanh(double(inp[i])));
}

void tanh_backward(std::span<float> dinp, std::span<const float> out, std::span<const float> dout) {
    check_activation_backward_arguments("tanh_backward", dinp.size(), out.size(), "out", dout.size());
    // dinp is (N), out is (N), dout is (N); t = out[i] = tanh(x) is the forward's output.
    for (std::size_t i = 0; i < out.size(); ++i) {
        const double t = out[i];
        dinp[i] += float((1.0 - t) * (1.0 + t) * double(dout[i]));
    }
}

void gelu_erf_forward(std::span<float> out, std::span<const float> inp) {
    check_activation_forward_arguments("gelu_erf_forward", out.size(), inp.size());
    // out is (N), inp is (N). Phi(x) = erfc(-x / sqrt 2) / 2 keeps its relative accuracy for x < 0.
    // gelu(+inf) = inf * 1 = +inf; gelu(-inf) = -FLT_MAX * 0 = -0, not -inf * 0 = NaN.
    for (std::size_t i = 0; i < inp.size(); ++i) {
        const double x = no_minus_inf(inp[i]);
        out[i] = float(x * 0.5 * std::erfc(-x * kInvSqrt2));
    }
}

void gelu_erf_backward(std::span<float> dinp, std::span<const float> inp, std::span<const float> dout) {
    check_activation_backward_arguments("gelu_erf_backward", dinp.size(), inp.size(), "inp", dout.size());
    // dinp is (N), inp is (N), dout is (N). d/dx x Phi(x) = Phi(x) + x phi(x). exp(-x^2 / 2) is 0 for
    // |x| > 38.6, and x is at most 3.4e38 once +-inf is moved to +-FLT_MAX, so x phi(x) is never
    // inf * 0: gelu'(+inf) = 1, gelu'(-inf) = 0.
    for (std::size_t i = 0; i < inp.size(); ++i) {
        const double x = float_range(inp[i]);
        const double cdf = 0.5 * std::erfc(-x * kInvSqrt2);
        const double pdf = kInvSqrt2Pi * std::exp(-0.5 * x * x);
        dinp[i] += float((cdf + x * pdf) * double(dout[i]));
    }
}

void gelu_tanh_forward(std::span<float> out, std::span<const float> inp) {
    check_activation_forward_arguments("gelu_tanh_forward", out.size(), inp.size());
    // out is (N), inp is (N). x (1 + tanh u) / 2 = x s(2u): no cancellation for x < 0. At -inf,
    // -FLT_MAX * s(-inf) = -0 (see no_minus_inf).
    for (std::size_t i = 0; i < inp.size(); ++i) {
        const double x = no_minus_inf(inp[i]);
        out[i] = float(x * sigmoid(2.0 * gelu_tanh_u(x)));
    }
}

void gelu_tanh_backward(std::span<float> dinp, std::span<const float> inp, std::span<const float> dout) {
    check_activation_backward_arguments("gelu_tanh_backward", dinp.size(), inp.size(), "inp", dout.size());
    // dinp is (N), inp is (N), dout is (N). With s = s(2u) = (1 + tanh u) / 2, (1 - tanh(u)^2) / 2 =
    // 2 s (1 - s), so the derivative is s + x * 2 s (1 - s) * du/dx. In double, x du/dx <= 1e116 for
    // every float x, finite (+-inf moved to +-FLT_MAX), and the term is 0 * finite = 0 once
    // s (1 - s) underflows: gelu'(+inf) = 1, gelu'(-inf) = 0.
    for (std::size_t i = 0; i < inp.size(); ++i) {
        const double x = float_range(inp[i]);
        const double s = sigmoid(2.0 * gelu_tanh_u(x));
        const double du_dx = kSqrt2OverPi * (1.0 + 3.0 * kGeluCubic * x * x);
        dinp[i] += float((s + x * 2.0 * s * (1.0 - s) * du_dx) * double(dout[i]));
    }
}

}  // namespace course::backprop
