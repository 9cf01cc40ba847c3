// Exercise: AdaGrad, RMSProp and Adam as step functions. Contract: include/optimization/adaptive_steps.hpp
// Notes: docs/optimization.md#adaptive_steps.  Hints: ./course hint optimization adaptive_steps
// Grade it:  ./course grade optimization adaptive_steps
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
    //     G_i += g_i^2,    p_i -= lr * g_i / (sqrt(G_i) + eps)
    // TODO(learner): one loop over i, updating state.sum_squares[i] and then params[i].
    COURSE_TODO("adagrad_step");
}

void rmsprop_step(std::span<float> params, std::span<const float> grads, RmsPropState& state,
                  const RmsPropConfig& config) {
    check_step_sizes("rmsprop_step", params, grads, "state.mean_square", state.mean_square.size());
    check_step_rate("rmsprop_step", config.learning_rate, config.eps);
    check_step_gradients("rmsprop_step", grads);
    check_step_decay("rmsprop_step", "decay", config.decay);
    //     v_i = rho v_i + (1 - rho) g_i^2,    p_i -= lr * g_i / (sqrt(v_i) + eps)
    // TODO(learner): as AdaGrad, with an exponential moving average instead of a sum.
    COURSE_TODO("rmsprop_step");
}

void adam_step(std::span<float> params, std::span<const float> grads, AdamState& state, const AdamConfig& config) {
    check_adam_arguments(params, grads, state, config);
    //     t += 1;  m = b1 m + (1 - b1) g;  v = b2 v + (1 - b2) g^2
    //     p -= lr * (m / (1 - b1^t) / (sqrt(v / (1 - b2^t)) + eps) + weight_decay * p)
    // TODO(learner): increment state.t, compute the two bias corrections once, then one loop over i.
    // Hint: without the bias correction the first step is lr * 0.1 / sqrt(0.001) ~ 3.2 lr, not lr.
    COURSE_TODO("adam_step");
}

}  // namespace course::optimization
