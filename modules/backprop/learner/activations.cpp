// Exercise 2: activations, forward and backward. Contract: include/backprop/activations.hpp
// Notes: docs/backprop.md#activations.  Hints: ./course hint backprop activations
// Grade it:  ./course grade backprop activations
//
//     out[i] = f(inp[i])                 forward: overwrites out (out may be inp)
//     dinp[i] += f'(inp[i]) * dout[i]    backward: ADDS into dinp (the caller zeroes it)
#include "backprop/activations.hpp"

#include <cmath>
#include <cstddef>

#include "course/error.hpp"

namespace course::backprop {

// TODO(learner): each function is one loop over i = 0 .. inp.size() - 1. NaN in, NaN out (and NaN
// into dinp); relu'(0) = 0 and leaky_relu'(0) = negative_slope, as in PyTorch; at +-inf the
// limits (gelu(-inf) = 0 and gelu'(+-inf) = 1 and 0, never inf * 0 = NaN).
// Hint: evaluate sigmoid, tanh and the GELUs in double and round once (x^3 then fits for every
// float x), with the forms that do not cancel: Phi(x) = erfc(-x / sqrt 2) / 2 and
// (1 + tanh u) / 2 = 1 / (1 + exp(-2u)).

void relu_forward(std::span<float> out, std::span<const float> inp) {
    check_activation_forward_arguments("relu_forward", out.size(), inp.size());
    //     out[i] = inp[i] > 0 ? inp[i] : 0,   NaN stays NaN
    // Hint: std::max(0.f, x) returns 0 for x = NaN.
    COURSE_TODO("relu_forward");
}

void relu_backward(std::span<float> dinp, std::span<const float> inp, std::span<const float> dout) {
    check_activation_backward_arguments("relu_backward", dinp.size(), inp.size(), "inp", dout.size());
    //     dinp[i] += (inp[i] > 0 ? 1 : 0) * dout[i]
    COURSE_TODO("relu_backward");
}

void leaky_relu_forward(std::span<float> out, std::span<const float> inp, float negative_slope) {
    check_activation_forward_arguments("leaky_relu_forward", out.size(), inp.size());
    check_negative_slope("leaky_relu_forward", negative_slope);
    //     out[i] = inp[i] > 0 ? inp[i] : negative_slope * inp[i]
    COURSE_TODO("leaky_relu_forward");
}

void leaky_relu_backward(std::span<float> dinp, std::span<const float> inp, std::span<const float> dout,
                         float negative_slope) {
    check_activation_backward_arguments("leaky_relu_backward", dinp.size(), inp.size(), "inp", dout.size());
    check_negative_slope("leaky_relu_backward", negative_slope);
    //     dinp[i] += (inp[i] > 0 ? 1 : negative_slope) * dout[i]
    COURSE_TODO("leaky_relu_backward");
}

void sigmoid_forward(std::span<float> out, std::span<const float> inp) {
    check_activation_forward_arguments("sigmoid_forward", out.size(), inp.size());
    //     out[i] = 1 / (1 + exp(-inp[i]))
    COURSE_TODO("sigmoid_forward");
}

void sigmoid_backward(std::span<float> dinp, std::span<const float> out, std::span<const float> dout) {
    check_activation_backward_arguments("sigmoid_backward", dinp.size(), out.size(), "out", dout.size());
    //     dinp[i] += s (1 - s) * dout[i],   s = out[i], the forward's OUTPUT
    COURSE_TODO("sigmoid_backward");
}

void tanh_forward(std::span<float> out, std::span<const float> inp) {
    check_activation_forward_arguments("tanh_forward", out.size(), inp.size());
    //     out[i] = tanh(inp[i])
    COURSE_TODO("tanh_forward");
}

void tanh_backward(std::span<float> dinp, std::span<const float> out, std::span<const float> dout) {
    check_activation_backward_arguments("tanh_backward", dinp.size(), out.size(), "out", dout.size());
    //     dinp[i] += (1 - t^2) * dout[i],   t = out[i], the forward's OUTPUT (not its input)
    COURSE_TODO("tanh_backward");
}

void gelu_erf_forward(std::span<float> out, std::span<const float> inp) {
    check_activation_forward_arguments("gelu_erf_forward", out.size(), inp.size());
    //     out[i] = x Phi(x),   Phi(x) = erfc(-x / sqrt 2) / 2,   x = inp[i]
    COURSE_TODO("gelu_erf_forward");
}

void gelu_erf_backward(std::span<float> dinp, std::span<const float> inp, std::span<const float> dout) {
    check_activation_backward_arguments("gelu_erf_backward", dinp.size(), inp.size(), "inp", dout.size());
    //     dinp[i] += (Phi(x) + x phi(x)) * dout[i],   phi(x) = exp(-x^2 / 2) / sqrt(2 pi)
    COURSE_TODO("gelu_erf_backward");
}

void gelu_tanh_forward(std::span<float> out, std::span<const float> inp) {
    check_activation_forward_arguments("gelu_tanh_forward", out.size(), inp.size());
    //     out[i] = x (1 + tanh(u)) / 2,   u = sqrt(2 / pi) (x + 0.044715 x^3),   x = inp[i]
    COURSE_TODO("gelu_tanh_forward");
}

void gelu_tanh_backward(std::span<float> dinp, std::span<const float> inp, std::span<const float> dout) {
    check_activation_backward_arguments("gelu_tanh_backward", dinp.size(), inp.size(), "inp", dout.size());
    //     dinp[i] += ((1 + tanh u) / 2 + x (1 - tanh(u)^2) / 2 * sqrt(2 / pi) (1 + 3 * 0.044715 x^2)) * dout[i]
    COURSE_TODO("gelu_tanh_backward");
}

}  // namespace course::backprop
