// Activations: six element-wise nonlinearities, forward and backward, on fp32 buffers.
// Notes: docs/backprop.md#activations.
//
//     out[i] = f(inp[i])                       forward, i = 0 .. N-1
//     dinp[i] += f'(inp[i]) * dout[i]          backward: the chain rule, one element at a time
//
// Every buffer holds N = inp.size() floats (out, dinp and dout the same N; N = 0 does nothing).
// A forward OVERWRITES out and may run in place: out and inp may be the same buffer (each element
// is read before it is written, and no other element is read). A backward ADDS into dinp, as in
// llm.c: the caller zeroes dinp first, and a tensor used by two layers receives both
// contributions. sigmoid_backward and tanh_backward take the forward's OUTPUT, because their
// derivatives are written with it (s (1 - s), 1 - t^2) and the forward already computed it; the
// others take the forward's INPUT.
//
// The derivative at exactly 0, where relu and leaky_relu have none, is PyTorch's: relu'(0) = 0 and
// leaky_relu'(0) = negative_slope (both take the left-hand slope; -0 is 0).
//
// NaN: a NaN input gives a NaN output, and a NaN input (or output, for sigmoid and tanh) gives a
// NaN in dinp: the derivative of a NaN is not 0, and a NaN must not vanish on its way back.
// (std::max(0.f, x) returns 0 for x = NaN: that relu hides a NaN. PyTorch's relu backward passes
// dout through at a NaN input; here it is NaN.) A NaN in dout reaches dinp unless the local
// derivative is exactly 0 where the gate is closed (relu at inp <= 0).
// The NaN rule holds for all six: sigmoid(NaN) = NaN (never 0 or 1), gelu(NaN) = NaN and the
// GELUs' backwards add NaN at a NaN input, in both forms.
// Infinities: every forward and every backward gives its limit at +-inf, never NaN: relu,
// leaky_relu, sigmoid (1 and 0) and tanh (+-1) do so as written; the GELUs give +inf at +inf and
// 0 at -inf (x Phi(x) as written is -inf * 0 = NaN there: the product must not be formed from the
// infinity), and their backwards the slopes 1 at +inf and 0 at -inf (x phi(x) as written is
// inf * 0 = NaN; PyTorch returns NaN in both places). Every finite input has a finite result (except leaky_relu's negative_slope * x when
// that product is beyond float's range, as it is).
//
// Accuracy: each output within a few float roundings of the exact value times the function's
// condition number |x f'(x) / f(x)| (relative, not absolute: sigmoid(-30) = 9.357623e-14 is
// returned to float precision, and so is gelu_erf(-10) = -7.6e-23); finite for every finite input
// (sigmoid(+-1000), tanh(+-1000), gelu_tanh(+-1000) and the gelus at +-3e38). Evaluating the
// transcendental functions in double and rounding once is the simple way to get there. A result
// below 1.2e-38 (float's subnormals) may lose its digits or be flushed to zero. A backward's local
// derivative is within a few roundings of the sizes of its terms (gelu' crosses 0 at x = -0.7518,
// where no relative bound holds).
//
// Cost: one pass over N elements, O(1) work and no allocation per element: nothing to count
// beyond that.
// Source: Nair & Hinton 2010 (relu); Maas, Hannun & Ng 2013 (leaky relu); Hendrycks & Gimpel,
// "Gaussian Error Linear Units (GELUs)", arXiv:1606.08415 (gelu and its tanh form, used by GPT-2);
// llm.c's gelu_forward / gelu_backward.
#pragma once

#include <cmath>
#include <cstddef>
#include <span>

#include "course/error.hpp"

namespace course::backprop {

// check_activation_forward_arguments: out has as many elements as inp.
inline void check_activation_forward_arguments(const char* function, std::size_t out_size, std::size_t inp_size) {
    COURSE_CHECK(out_size == inp_size, function, ": out has ", out_size, " elements, expected N = inp.size() = ",
                 inp_size);
}

// check_activation_backward_arguments: dinp and dout have as many elements as `x` (inp or out,
// named by x_name).
inline void check_activation_backward_arguments(const char* function, std::size_t dinp_size, std::size_t x_size,
                                                const char* x_name, std::size_t dout_size) {
    COURSE_CHECK(dinp_size == x_size, function, ": dinp has ", dinp_size, " elements, expected N = ", x_name,
                 ".size() = ", x_size);
    COURSE_CHECK(dout_size == x_size, function, ": dout has ", dout_size, " elements, expected N = ", x_name,
                 ".size() = ", x_size);
}

// check_negative_slope: negative_slope must be finite (any finite value: 0 makes relu, 1 the
// identity, a negative one a non-monotone function, all allowed as in PyTorch).
inline void check_negative_slope(const char* function, float negative_slope) {
    COURSE_CHECK(std::isfinite(negative_slope), function, ": negative_slope = ", negative_slope,
                 ", expected a finite number (NaN or inf would make every negative input's output and "
                 "gradient NaN or inf)");
}

// relu_forward: out = max(inp, 0), NaN stays NaN.
//
//     out[i] = inp[i] > 0 ? inp[i] : 0
//
// out is (N), inp is (N); out may be inp.
void relu_forward(std::span<float> out, std::span<const float> inp);

// relu_backward: dinp += relu'(inp) dout, relu'(x) = 1 for x > 0, 0 for x <= 0 (also at x = 0), NaN
// for x = NaN. The gate is the INPUT's sign, never dout's.
//
//     dinp[i] += (inp[i] > 0 ? 1 : 0) * dout[i]
//
// dinp is (N), inp is (N), dout is (N).
void relu_backward(std::span<float> dinp, std::span<const float> inp, std::span<const float> dout);

// leaky_relu_forward: a small slope instead of 0 for negative inputs (Maas et al. 2013).
//
//     out[i] = inp[i] > 0 ? inp[i] : negative_slope * inp[i]
//
// out is (N), inp is (N); out may be inp. Throws std::invalid_argument for a NaN or infinite
// negative_slope.
void leaky_relu_forward(std::span<float> out, std::span<const float> inp, float negative_slope = 0.01f);

// leaky_relu_backward: slope 1 for x > 0, negative_slope for x <= 0 (also at x = 0, as PyTorch),
// NaN for x = NaN.
//
//     dinp[i] += (inp[i] > 0 ? 1 : negative_slope) * dout[i]
//
// dinp is (N), inp is (N), dout is (N). Throws std::invalid_argument for a NaN or infinite
// negative_slope.
void leaky_relu_backward(std::span<float> dinp, std::span<const float> inp, std::span<const float> dout,
                         float negative_slope = 0.01f);

// sigmoid_forward: the logistic function.
//
//     out[i] = s(inp[i]) = 1 / (1 + exp(-inp[i]))
//
// out is (N), inp is (N); out may be inp. exp(-x) overflows to inf for x < -88 in float (-709 in
// double) and 1 / inf = 0: right. The other form, exp(x) / (1 + exp(x)), is inf / inf = NaN for
// x > 88. 1 - s(-x) is exact in algebra and loses every digit of s(-30) = 9.4e-14 to rounding.
void sigmoid_forward(std::span<float> out, std::span<const float> inp);

// sigmoid_backward: from the forward's OUTPUT s = out[i].
//
//     dinp[i] += s (1 - s) * dout[i],   s = out[i]
//
// dinp is (N), out is (N), dout is (N). For x > 17.4, s rounds to 1 in float and the gradient to
// 0: the price of computing from the output (s (1 - s) is then below 3e-8).
void sigmoid_backward(std::span<float> dinp, std::span<const float> out, std::span<const float> dout);

// tanh_forward:
//
//     out[i] = tanh(inp[i])
//
// out is (N), inp is (N); out may be inp. Finite at +-1000 (+-1): not (e^2x - 1) / (e^2x + 1).
void tanh_forward(std::span<float> out, std::span<const float> inp);

// tanh_backward: from the forward's OUTPUT t = out[i].
//
//     dinp[i] += (1 - t^2) * dout[i],   t = out[i]
//
// dinp is (N), out is (N), dout is (N). out holds tanh(x), not x: 1 - out^2, never 1 - tanh(out)^2.
void tanh_backward(std::span<float> dinp, std::span<const float> out, std::span<const float> dout);

// gelu_erf_forward: the exact GELU, x times the standard normal CDF Phi.
//
//     out[i] = x Phi(x),   Phi(x) = (1 + erf(x / sqrt 2)) / 2 = erfc(-x / sqrt 2) / 2,   x = inp[i]
//
// out is (N), inp is (N); out may be inp. Use erfc: for x < -3, 1 + erf(x / sqrt 2) subtracts two
// numbers that agree to many digits (1 + erf(-12 / sqrt 2) is 0 even in double, while
// gelu(-12) = -2.1e-32).
void gelu_erf_forward(std::span<float> out, std::span<const float> inp);

// gelu_erf_backward: the product rule on x Phi(x), with phi the standard normal density.
//
//     dinp[i] += (Phi(x) + x phi(x)) * dout[i],   phi(x) = exp(-x^2 / 2) / sqrt(2 pi),   x = inp[i]
//
// dinp is (N), inp is (N), dout is (N). The derivative is 0 near x = -0.7518 (the minimum of gelu).
void gelu_erf_backward(std::span<float> dinp, std::span<const float> inp, std::span<const float> dout);

// gelu_tanh_forward: the tanh approximation of GELU (Hendrycks & Gimpel; GPT-2's, PyTorch's
// gelu(approximate='tanh'), llm.c's gelu_forward).
//
//     out[i] = x (1 + tanh(u)) / 2,   u = sqrt(2 / pi) (x + 0.044715 x^3),   x = inp[i]
//
// out is (N), inp is (N); out may be inp. (1 + tanh(u)) / 2 = s(2u), the sigmoid: for x < -3 that
// form keeps the relative accuracy that 1 + tanh(u) loses. x^3 overflows float for |x| > 7e12.
void gelu_tanh_forward(std::span<float> out, std::span<const float> inp);

// gelu_tanh_backward:
//
//     dinp[i] += ((1 + tanh(u)) / 2 + x (1 - tanh(u)^2) / 2 * du/dx) * dout[i]
//     du/dx = sqrt(2 / pi) (1 + 3 * 0.044715 x^2)
//
// dinp is (N), inp is (N), dout is (N). For large |x|, 1 - tanh(u)^2 = 0 while x du/dx may be
// huge: 0 * inf is NaN, so the second term must not be formed from an infinity.
void gelu_tanh_backward(std::span<float> dinp, std::span<const float> inp, std::span<const float> dout);

}  // namespace course::backprop
