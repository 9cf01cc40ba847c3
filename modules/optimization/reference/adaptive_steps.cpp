// Reference solution: AdaGrad, RMSProp and Adam step functions. Contract: include/optimization/adaptive_steps.hpp
#include "optimization/adaptive_steps.hpp"

#include <cmath>
#include <string_view>

#include "course/error.hpp"

namespace course::optimization {

void adagrad_step(std::span<float> params, std::span<const float> grads, AdaGradState& state,
                  const AdaGradConfig& config) {
    check_step_sizes("adagrad_step", params, grads, "state.sum_squares", state.sum_squares.size());
    check_step_rate("adagrad_step", config.learning_rate, config.eps);
    check_step_gradients("adagrad_step", grads);
    // params, grads, sum_squares are (n,): G_i += g_i^2, p_i -= lr g_i / (sqrt(G_i) + eps)
    for (std::size_t i = 0; i < params.size(); ++i) {
        const float g = grads[i];
        state.sum_squares[i] += g * g;
        params[i] -= config.learning_rate * g / (std::sqrt(state.sum_squares[i]) + config.eps);
    }
}

void rmsprop_step(std::span<float> params, std::span<const float> grads, RmsPropState& state,
                  const RmsPropConfig& config) {
    check_step_sizes("rmsprop_step", params, grads, "state.mean_square", state.mean_square.size());
    check_step_rate("rmsprop_step", config.learning_rate, config.eps);
    check_step_gradients("rmsprop_step", grads);
    check_step_decay("rmsprop_step", "decay", config.decay);
    // params, grads, mean_square are (n,): v_i = rho v_i + (1 - rho) g_i^2, p_i -= lr g_i / (sqrt(v_i) + eps)
    const float rho = config.decay;
    for (std::size_t i = 0; i < params.size(); ++i) {
        const float g = grads[i];
        state.mean_square[i] = rho * state.mean_square[i] + (1.0f - rho) * g * g;
        params[i] -= config.learning_rate * g / (std::sqrt(state.mean_square[i]) + config.eps);
    }
}

void adam_step(std::span<float> params, std::span<const float> grads, AdamState& state, const AdamConfig& config) {
    check_adam_arguments(params, grads, state, config);

    state.t += 1;
    // Bias corrections 1 - b^t, in double (b2^t with t in the millions), once per step.
    const float correction1 = float(1.0 - std::pow(double(config.beta1), state.t));
    const float correction2 = float(1.0 - std::pow(double(config.beta2), state.t));
    const float b1 = config.beta1, b2 = config.beta2, lr = config.learning_rate;
    // params, grads, m, v are (n,).
    for (std::size_t i = 0; i < params.size(); ++i) {
        const float g = grads[i];
        state.m[i] = b1 * state.m[i] + (1.0f - b1) * g;
        state.v[i] = b2 * state.v[i] + (1.0f - b2) * g * g;
        const float m_hat = state.m[i] / correction1;
        const float v_hat = state.v[i] / correction2;
        params[i] -= lr * (m_hat / (std::sqrt(v_hat) + config.eps) + config.weight_decay * params[i]);
    }
}

}  // namespace course::optimization
