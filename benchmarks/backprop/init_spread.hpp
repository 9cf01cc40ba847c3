// init_spread.hpp: how far the activations spread through a deep stack of layers, for each weight
// initialization. The data of the table in docs/backprop.md#initialization (and of a plot).
//
//     h_0 = x,   h_l = f(h_{l-1} W_l^T),   W_l (width, width) drawn by `init`,   f = ReLU or tanh
//
// x is (batch, width) of N(0, 1) draws; there is no bias. activation_std_per_layer returns the
// standard deviation of the batch * width entries of h_1 .. h_layers (around their mean). Plain
// loops in double (the products of 10 layers of 1000 x 256 x 256, 6.6e8 multiply-adds, take about a
// second), over whatever library of the initialization is linked (the reference in the plots).
// He keeps ReLU's spread (Var(W) = 2 / fan_in makes up for the half that ReLU zeroes); Xavier keeps
// tanh's near the origin, where tanh is the identity; N(0, 0.01^2) shrinks it by 0.16 (ReLU) per
// layer, N(0, 1) multiplies it by 11 per layer (ReLU) or saturates tanh at +-1.
#pragma once

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

#include "backprop/initialization.hpp"
#include "course/random.hpp"

namespace course::backprop {

enum class Activation { relu, tanh };
enum class InitRule { xavier_uniform, xavier_normal, he_uniform, he_normal, normal_0_01, normal_1 };

inline const char* init_rule_name(InitRule rule) {
    constexpr const char* names[] = {"xavier_uniform", "xavier_normal", "he_uniform", "he_normal", "N(0, 0.01^2)", "N(0, 1)"};
    return names[int(rule)];
}

// initialize: weight (fan_out, fan_in) by `rule` (the naive ones as s * rng.normal()).
inline void initialize(std::span<float> weight, int fan_in, int fan_out, InitRule rule, course::Rng& rng,
                       float gain = 1.0f) {
    switch (rule) {
        case InitRule::xavier_uniform: xavier_uniform(weight, fan_in, fan_out, rng, gain); break;
        case InitRule::xavier_normal: xavier_normal(weight, fan_in, fan_out, rng, gain); break;
        case InitRule::he_uniform: he_uniform(weight, fan_in, fan_out, rng); break;
        case InitRule::he_normal: he_normal(weight, fan_in, fan_out, rng); break;
        case InitRule::normal_0_01:
            for (float& w : weight) w = float(0.01 * rng.normal());
            break;
        case InitRule::normal_1:
            for (float& w : weight) w = float(rng.normal());
            break;
    }
}

// activation_std_per_layer: the std of h_1 .. h_layers (see the top of the file). gain is Xavier's.
inline std::vector<double> activation_std_per_layer(InitRule rule, Activation activation, int layers = 10,
                                                    int width = 256, int batch = 1000, float gain = 1.0f,
                                                    std::uint64_t seed = 2026) {
    course::Rng rng(seed);
    const std::size_t W = std::size_t(width);
    std::vector<double> h(std::size_t(batch) * W), next(h.size());  // (batch, width)
    for (double& x : h) x = rng.normal();
    std::vector<float> weight(W * W);  // (width, width): (fan_out, fan_in)
    std::vector<double> stds;
    for (int l = 0; l < layers; ++l) {
        initialize(weight, width, width, rule, rng, gain);
        for (std::size_t b = 0; b < std::size_t(batch); ++b) {
            const double* row = &h[b * W];
            for (std::size_t o = 0; o < W; ++o) {
                const float* w = &weight[o * W];
                double z = 0.0;
                for (std::size_t c = 0; c < W; ++c) z += row[c] * double(w[c]);
                next[b * W + o] = activation == Activation::relu ? (z > 0.0 ? z : 0.0) : std::tanh(z);
            }
        }
        h.swap(next);
        double sum = 0.0;
        for (double x : h) sum += x;
        const double mean = sum / double(h.size());
        double ss = 0.0;
        for (double x : h) ss += (x - mean) * (x - mean);
        stds.push_back(std::sqrt(ss / double(h.size())));
    }
    return stds;
}

}  // namespace course::backprop
