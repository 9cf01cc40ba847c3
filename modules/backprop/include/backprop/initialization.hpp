// Weight initialization: the scale of the random draws that start training.
// Notes: docs/backprop.md#initialization.
//
//     Xavier (Glorot) uniform  W ~ U(-a, a),     a = gain sqrt(6 / (fan_in + fan_out))
//     Xavier (Glorot) normal   W ~ N(0, s^2),    s = gain sqrt(2 / (fan_in + fan_out))
//     He (Kaiming) uniform     W ~ U(-a, a),     a = sqrt(6 / fan_in)
//     He (Kaiming) normal      W ~ N(0, s^2),    s = sqrt(2 / fan_in)
//
// A linear layer out = inp W^T with W (OC, C) has fan_in = C (the inputs each output sums over)
// and fan_out = OC. If the inputs have variance v, each output has variance fan_in Var(W) v: the
// spread is kept from layer to layer when Var(W) = 1 / fan_in, and the gradients' spread on the
// way back when Var(W) = 1 / fan_out. Xavier takes the harmonic compromise 2 / (fan_in + fan_out)
// (a uniform on (-a, a) has variance a^2 / 3, hence the 6 where the normal has a 2). ReLU zeroes
// half of its inputs and halves the second moment, so He doubles the forward rule: 2 / fan_in.
// gain rescales Xavier for the non-linearity that follows (PyTorch's calculate_gain: 1 for a
// linear layer or a sigmoid, 5/3 for tanh, sqrt(2) for ReLU).
//
// weight is (fan_out, fan_in), row-major, as a linear layer's (OC, C); it is overwritten. Element
// i is made from the i-th draw of rng, in order: a uniform is one rng.uniform(-a, a), a normal is
// s * rng.normal(), each computed in double and rounded to float once. So a test seeded like the
// caller's rng replays the weights exactly, and rng is left exactly weight.size() draws further.
// The scale a or s is computed in double: 6 / (fan_in + fan_out) in int would divide to 0.
// Cost: weight.size() draws, O(fan_in * fan_out).
// Throws std::invalid_argument, before any draw (rng is then untouched), when fan_in or fan_out is
// below 1, when weight.size() is not fan_in * fan_out (the product is computed in std::size_t:
// 65536 * 65536 overflows int), or when gain is not finite and > 0.
// Sources: Glorot & Bengio, "Understanding the difficulty of training deep feedforward neural
// networks" (AISTATS 2010), eq. 16; He, Zhang, Ren & Sun, "Delving Deep into Rectifiers" (ICCV
// 2015), section 2.2, eq. 10; PyTorch's torch.nn.init.
#pragma once

#include <cmath>
#include <cstddef>
#include <span>

#include "course/error.hpp"
#include "course/random.hpp"

namespace course::backprop {

// check_initialization_arguments: what every initializer refuses (not the lesson). `function`
// names the caller in the message; gain is checked by Xavier's only (He passes 1).
inline void check_initialization_arguments(const char* function, std::size_t weight_size, int fan_in, int fan_out,
                                           float gain = 1.0f) {
    COURSE_CHECK(fan_in >= 1, function, ": fan_in = ", fan_in, ", expected >= 1 (the number of inputs of a unit)");
    COURSE_CHECK(fan_out >= 1, function, ": fan_out = ", fan_out,
                 ", expected >= 1 (the number of outputs of the layer)");
    const std::size_t expected = std::size_t(fan_in) * std::size_t(fan_out);
    COURSE_CHECK(weight_size == expected, function, ": weight has ", weight_size,
                 " elements, expected fan_out * fan_in = ", fan_out, " * ", fan_in, " = ", expected,
                 " (the product is computed in size_t: it overflows int past 46341 * 46341)");
    COURSE_CHECK(std::isfinite(gain) && gain > 0.0f, function, ": gain = ", gain, ", expected finite and > 0");
}

// xavier_uniform: weight[i] = rng.uniform(-a, a), a = gain sqrt(6 / (fan_in + fan_out)).
void xavier_uniform(std::span<float> weight, int fan_in, int fan_out, course::Rng& rng, float gain = 1.0f);

// xavier_normal: weight[i] = s * rng.normal(), s = gain sqrt(2 / (fan_in + fan_out)).
void xavier_normal(std::span<float> weight, int fan_in, int fan_out, course::Rng& rng, float gain = 1.0f);

// he_uniform: weight[i] = rng.uniform(-a, a), a = sqrt(6 / fan_in). fan_out is only checked.
void he_uniform(std::span<float> weight, int fan_in, int fan_out, course::Rng& rng);

// he_normal: weight[i] = s * rng.normal(), s = sqrt(2 / fan_in). fan_out is only checked.
void he_normal(std::span<float> weight, int fan_in, int fan_out, course::Rng& rng);

}  // namespace course::backprop
