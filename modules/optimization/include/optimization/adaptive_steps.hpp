// Adaptive steps: AdaGrad, RMSProp and Adam, as step functions on a flat parameter buffer and its
// optimizer state, the form in which the training loops of the later modules (the transformer, the
// GPT capstone) call them.
//
//     AdaGrad:  G += g^2,                        p -= lr * g / (sqrt(G) + eps)
//     RMSProp:  v = rho v + (1 - rho) g^2,       p -= lr * g / (sqrt(v) + eps)
//     Adam:     m = b1 m + (1 - b1) g,  v = b2 v + (1 - b2) g^2,  t += 1
//               m_hat = m / (1 - b1^t),  v_hat = v / (1 - b2^t)
//               p -= lr * (m_hat / (sqrt(v_hat) + eps) + weight_decay * p)
//
// every operation elementwise over the n entries. Each parameter gets its own step size, scaled by
// a running estimate of its gradient's magnitude, so that parameters with small gradients still
// move and those with large ones do not blow up.
//
// Float, not double: the parameters, gradients and states of a network are stored in fp32 (half
// the memory and bandwidth of double, and what every framework and llm.c use), and the step
// functions work on those buffers in place, without a conversion. The update's rounding error,
// a few units of 2^-24 ~ 6e-8 relative, is far below the noise of a stochastic gradient. The bias
// corrections 1 - b^t are computed in double once per step (b2^t for t up to millions).
// Scale: each step divides g by a running root mean square of g, so it does not depend on the scale
// of the gradients while eps << |g| and g^2 fits in the float state, |g| < sqrt(FLT_MAX) ~ 1.8e19;
// gradients near eps or below make smaller steps (eps sets the scale there), and beyond 1.8e19
// g^2 overflows to inf and the step to 0.
// Sparse gradients (an embedding row that no example touched) are normal: eps must be > 0, so an
// entry whose gradient and state are both 0 moves by 0 / (0 + eps) = 0 (Adam: apart from the
// weight decay; eps = 0 would make it 0 / 0 = NaN), and a refused call changes nothing.
// Arguments shared by the three steps: params, grads and each state vector have n entries; grads
// may be the very buffer of params (grads.data() == params.data(): each g_i is read before p_i is
// written); no other overlap is allowed. Non-finite gradients are refused before anything changes
// (check_step_gradients): that costs a read-only pass over grads before the update loop, because a
// check inside the loop would find a NaN only after changing every entry before it, and undoing a
// float update exactly is not possible (4 more bytes read per parameter, against Adam's 28).
// Notes: docs/optimization.md#adaptive_steps. Sources: Duchi, Hazan & Singer, "Adaptive
// subgradient methods", JMLR 2011 (AdaGrad); Hinton, Neural Networks for Machine Learning,
// lecture 6e, 2012 (RMSProp); Kingma & Ba, "Adam: A method for stochastic optimization", ICLR 2015
// (Algorithm 1); Loshchilov & Hutter, "Decoupled weight decay regularization", ICLR 2019 (AdamW).
#pragma once

#include <cmath>
#include <cstddef>
#include <limits>
#include <span>
#include <string_view>
#include <vector>

#include "course/error.hpp"

namespace course::optimization {

// AdaGradState: sum_squares[i] = the sum of g_i^2 over all steps so far (n entries, start at 0).
struct AdaGradState {
    std::vector<float> sum_squares;
    AdaGradState() = default;
    explicit AdaGradState(std::size_t n) : sum_squares(n, 0.0f) {}
};
struct AdaGradConfig {
    float learning_rate = 1e-2f;
    float eps = 1e-10f;
};

// check_step_sizes, check_step_rate, check_step_decay, check_step_gradients: the argument checks
// the three steps share (not their lesson): std::invalid_argument naming `function` and the value.
inline void check_step_sizes(std::string_view function, std::span<float> params, std::span<const float> grads,
                             std::string_view state_name, std::size_t state_size) {
    COURSE_CHECK(grads.size() == params.size(), function, ": params has ", params.size(), " entries but grads has ",
                 grads.size());
    COURSE_CHECK(state_size == params.size(), function, ": params has ", params.size(), " entries but ", state_name,
                 " has ", state_size, " (construct the state with the number of parameters)");
}

inline void check_step_rate(std::string_view function, float learning_rate, float eps) {
    COURSE_CHECK(learning_rate > 0.0f && std::isfinite(learning_rate), function, ": learning_rate = ", learning_rate,
                 ", expected a finite value > 0");
    COURSE_CHECK(eps > 0.0f && std::isfinite(eps), function, ": eps = ", eps,
                 ", expected a finite eps > 0 (with eps = 0 a gradient entry of 0 with a state of 0 gives 0 / 0 = NaN)");
}

// check_step_gradients: every g_i is finite, checked before the step changes anything (a NaN or
// inf would enter the state and stay there for good).
inline void check_step_gradients(std::string_view function, std::span<const float> grads) {
    for (std::size_t i = 0; i < grads.size(); ++i)
        COURSE_CHECK(std::isfinite(grads[i]), function, ": grads[", i, "] = ", grads[i],
                     ", expected finite gradients (nothing was changed)");
}

inline void check_step_decay(std::string_view function, std::string_view name, float decay) {
    COURSE_CHECK(decay >= 0.0f && decay < 1.0f, function, ": ", name, " = ", decay, ", expected 0 <= ", name, " < 1");
}

// adagrad_step: one AdaGrad step, in place.
//
//     G_i += g_i^2,    p_i -= lr * g_i / (sqrt(G_i) + eps)
//
// params, grads and state.sum_squares all have n entries (grads may alias params, see above).
// Cost: O(n), one sqrt per entry, after the read-only check of grads. The effective step
// lr / sqrt(G_i) only shrinks: good for sparse features, too timid for long non-convex training.
// Throws std::invalid_argument, changing nothing, if the sizes differ (naming them), if
// learning_rate is not finite and > 0, if eps is not finite and > 0, or if a grads[i] is not finite
// (naming i).
void adagrad_step(std::span<float> params, std::span<const float> grads, AdaGradState& state,
                  const AdaGradConfig& config = {});

// RmsPropState: mean_square[i] = the exponential moving average of g_i^2 (n entries, start at 0).
struct RmsPropState {
    std::vector<float> mean_square;
    RmsPropState() = default;
    explicit RmsPropState(std::size_t n) : mean_square(n, 0.0f) {}
};
struct RmsPropConfig {
    float learning_rate = 1e-3f;
    float decay = 0.9f;  // rho
    float eps = 1e-8f;
};

// rmsprop_step: one RMSProp step, in place.
//
//     v_i = rho v_i + (1 - rho) g_i^2,    p_i -= lr * g_i / (sqrt(v_i) + eps)
//
// Sizes as for adagrad_step. No bias correction: from v = 0 the first step is lr / sqrt(1 - rho)
// times sign(g), about 3.2 lr for rho = 0.9. Throws std::invalid_argument, changing nothing, if the
// sizes differ, if learning_rate is not finite and > 0, if decay is not in [0, 1), if eps is not
// finite and > 0, or if a grads[i] is not finite.
void rmsprop_step(std::span<float> params, std::span<const float> grads, RmsPropState& state,
                  const RmsPropConfig& config = {});

// AdamState: the first and second moment estimates m and v (n entries each, start at 0) and the
// number of steps taken, t (starts at 0; adam_step increments it before using it, so it must be
// below INT_MAX: 2^31 - 1 steps).
struct AdamState {
    std::vector<float> m;
    std::vector<float> v;
    int t = 0;
    AdamState() = default;
    explicit AdamState(std::size_t n) : m(n, 0.0f), v(n, 0.0f) {}
};
struct AdamConfig {
    float learning_rate = 1e-3f;
    float beta1 = 0.9f;
    float beta2 = 0.999f;
    float eps = 1e-8f;
    float weight_decay = 0.0f;  // decoupled (AdamW); 0 is plain Adam
};

// check_adam_arguments: adam_step's argument checks (not its lesson): the sizes, learning_rate and
// eps, beta1 and beta2, then weight_decay >= 0, 0 <= state.t < INT_MAX (t + 1 must fit in an int),
// and finite gradients.
inline void check_adam_arguments(std::span<float> params, std::span<const float> grads, const AdamState& state,
                                 const AdamConfig& config) {
    check_step_sizes("adam_step", params, grads, "state.m", state.m.size());
    check_step_sizes("adam_step", params, grads, "state.v", state.v.size());
    check_step_rate("adam_step", config.learning_rate, config.eps);
    check_step_decay("adam_step", "beta1", config.beta1);
    check_step_decay("adam_step", "beta2", config.beta2);
    COURSE_CHECK(config.weight_decay >= 0.0f && std::isfinite(config.weight_decay), "adam_step: weight_decay = ",
                 config.weight_decay, ", expected a finite value >= 0");
    COURSE_CHECK(state.t >= 0, "adam_step: state.t = ", state.t, ", expected a step count >= 0");
    COURSE_CHECK(state.t < std::numeric_limits<int>::max(), "adam_step: state.t = ", state.t,
                 " = INT_MAX, so t + 1 does not fit in an int; expected a step count < ",
                 std::numeric_limits<int>::max());
    check_step_gradients("adam_step", grads);
}

// adam_step: one Adam step with bias correction (Kingma & Ba, Algorithm 1), in place, with
// optional decoupled weight decay (AdamW).
//
//     t += 1
//     m_i = b1 m_i + (1 - b1) g_i,       v_i = b2 v_i + (1 - b2) g_i^2
//     m_hat = m_i / (1 - b1^t),          v_hat = v_i / (1 - b2^t)
//     p_i -= lr * (m_hat / (sqrt(v_hat) + eps) + weight_decay * p_i)
//
// The bias correction undoes the pull of m = v = 0 towards zero: with it, the first step is
// exactly lr * g / (|g| + eps) ~ lr * sign(g) per coordinate, whatever the scale of g, and so is
// every step while g stays constant. The weight decay shrinks p directly instead of entering g
// (where Adam's normalization would rescale it). params, grads, state.m and state.v all have n
// entries (grads may alias params, see above). Cost: O(n), one sqrt and one division per entry,
// after the read-only check of grads.
// Throws std::invalid_argument, changing nothing (not params, m, v or t), if the sizes differ
// (naming them), if learning_rate is not finite and > 0, if beta1 or beta2 is not in [0, 1), if eps
// is not finite and > 0, if weight_decay is not finite and >= 0, if state.t < 0 or state.t = INT_MAX,
// or if a grads[i] is not finite (naming i).
void adam_step(std::span<float> params, std::span<const float> grads, AdamState& state, const AdamConfig& config = {});

}  // namespace course::optimization
