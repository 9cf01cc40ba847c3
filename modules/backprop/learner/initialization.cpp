// Exercise 5: weight initialization. Contract: include/backprop/initialization.hpp
// Notes: docs/backprop.md#initialization.  Hints: ./course hint backprop initialization
// Grade it:  ./course grade backprop initialization
//
//     Xavier: Var(W) = gain^2 2 / (fan_in + fan_out)        He: Var(W) = 2 / fan_in
//     uniform U(-a, a) has variance a^2 / 3;  normal s * N(0, 1) has variance s^2
#include "backprop/initialization.hpp"

#include <cmath>

#include "course/error.hpp"
#include "course/random.hpp"

namespace course::backprop {

// TODO(learner): each function: compute the scale (a or s) in double from the variance above, then
// weight[i] = float(rng.uniform(-a, a)) or float(s * rng.normal()), one draw per element, in order.
// Hint: 6 / (fan_in + fan_out) in int is 0; He uses the fan-in only (the forward pass's sum).

void xavier_uniform(std::span<float> weight, int fan_in, int fan_out, course::Rng& rng, float gain) {
    check_initialization_arguments("xavier_uniform", weight.size(), fan_in, fan_out, gain);
    COURSE_TODO("xavier_uniform");
}

void xavier_normal(std::span<float> weight, int fan_in, int fan_out, course::Rng& rng, float gain) {
    check_initialization_arguments("xavier_normal", weight.size(), fan_in, fan_out, gain);
    COURSE_TODO("xavier_normal");
}

void he_uniform(std::span<float> weight, int fan_in, int fan_out, course::Rng& rng) {
    check_initialization_arguments("he_uniform", weight.size(), fan_in, fan_out);
    COURSE_TODO("he_uniform");
}

void he_normal(std::span<float> weight, int fan_in, int fan_out, course::Rng& rng) {
    check_initialization_arguments("he_normal", weight.size(), fan_in, fan_out);
    COURSE_TODO("he_normal");
}

}  // namespace course::backprop
