// Reference solution: weight initialization. Contract: include/backprop/initialization.hpp
#include "backprop/initialization.hpp"

#include <cmath>

#include "course/error.hpp"
#include "course/random.hpp"

namespace course::backprop {
namespace {

// fill_uniform: weight[i] = rng.uniform(-a, a), the i-th draw for the i-th element.
void fill_uniform(std::span<float> weight, double a, course::Rng& rng) {
    for (float& w : weight) w = float(rng.uniform(-a, a));
}

// fill_normal: weight[i] = s * rng.normal(), the i-th draw for the i-th element.
void fill_normal(std::span<float> weight, double s, course::Rng& rng) {
    for (float& w : weight) w = float(s * rng.normal());
}

}  // namespace

void xavier_uniform(std::span<float> weight, int fan_in, int fan_out, course::Rng& rng, float gain) {
    check_initialization_arguments("xavier_uniform", weight.size(), fan_in, fan_out, gain);
    // Var U(-a, a) = a^2 / 3 = gain^2 2 / (fan_in + fan_out)
    fill_uniform(weight, double(gain) * std::sqrt(6.0 / (double(fan_in) + double(fan_out))), rng);
}

void xavier_normal(std::span<float> weight, int fan_in, int fan_out, course::Rng& rng, float gain) {
    check_initialization_arguments("xavier_normal", weight.size(), fan_in, fan_out, gain);
    fill_normal(weight, double(gain) * std::sqrt(2.0 / (double(fan_in) + double(fan_out))), rng);
}

void he_uniform(std::span<float> weight, int fan_in, int fan_out, course::Rng& rng) {
    check_initialization_arguments("he_uniform", weight.size(), fan_in, fan_out);
    // Var U(-a, a) = a^2 / 3 = 2 / fan_in
    fill_uniform(weight, std::sqrt(6.0 / double(fan_in)), rng);
}

void he_normal(std::span<float> weight, int fan_in, int fan_out, course::Rng& rng) {
    check_initialization_arguments("he_normal", weight.size(), fan_in, fan_out);
    fill_normal(weight, std::sqrt(2.0 / double(fan_in)), rng);
}

}  // namespace course::backprop
