// Exercise 6: policy gradient, REINFORCE with baseline. Contract:
// include/reinforcement_learning/policy_gradient.hpp. Notes: docs/reinforcement_learning.md#policy_gradient.
// Hints: ./course hint reinforcement_learning policy_gradient
// Grade it:  ./course grade reinforcement_learning policy_gradient
//
//     pi(b | s)          = softmax_b(theta . x(s, b))               features (A, d), row b = x(s, b)
//     grad ln pi(a | s)  = x(s, a) - sum_b pi(b | s) x(s, b)        (d)
//     G_t                = R_{t+1} + gamma G_{t+1},  G_T = 0
//     delta = G_t - w . z(S_t);  w += alpha_w delta z(S_t);  theta += alpha_theta gamma^t delta grad ln pi
//
// sample_action(pi, rng) comes from the bandits exercise (its reference, already built for you).
#include "reinforcement_learning/policy_gradient.hpp"

#include <cmath>
#include <cstddef>
#include <span>
#include <vector>

#include "course/error.hpp"
#include "reinforcement_learning/bandits.hpp"

namespace course::reinforcement_learning {

std::vector<double> linear_softmax_policy(std::span<const double> theta, std::span<const double> features, int A) {
    check_linear_softmax_arguments("linear_softmax_policy", theta, features, A);
    // TODO(learner): h_b = theta . (row b of features), then exp(h_b - max h) / sum, for b < A.
    COURSE_TODO("linear_softmax_policy");
}

std::vector<double> grad_log_linear_softmax(std::span<const double> theta, std::span<const double> features, int A,
                                            int action) {
    check_linear_softmax_arguments("grad_log_linear_softmax", theta, features, A);
    COURSE_CHECK(action >= 0 && action < A, "grad_log_linear_softmax: action = ", action,
                 ", expected 0 .. A - 1 = ", A - 1);
    // TODO(learner): x(s, action) minus the policy's expected feature vector sum_b pi(b) x(s, b).
    // Hint: the expectation is what makes the gradient's mean under pi zero; without it every step
    // pushes theta toward the features of whatever action was taken.
    COURSE_TODO("grad_log_linear_softmax");
}

std::vector<double> discounted_returns(std::span<const double> rewards, double gamma) {
    check_discount("discounted_returns", gamma);
    for (std::size_t t = 0; t < rewards.size(); ++t)
        COURSE_CHECK(!std::isnan(rewards[t]), "discounted_returns: rewards[", t, "] is NaN");
    // TODO(learner): one backward pass, G_t = rewards[t] + gamma G_{t+1}, starting from G_T = 0.
    COURSE_TODO("discounted_returns");
}

void reinforce_update(std::span<double> theta, std::span<double> w, const Episode& episode,
                      const ReinforceSettings& settings) {
    check_reinforce_update_arguments(theta, w, episode, settings);
    // TODO(learner): the returns, then for t = 0 .. T-1 in order: delta = G_t - w . z(S_t) (G_t alone
    // without a baseline), w += alpha_w delta z(S_t), theta += alpha_theta gamma^t delta grad ln pi(A_t | S_t)
    // with grad ln pi at the CURRENT theta; x(S_t, .) is the (A, d) block at episode.features[t * A * d].
    // Hint: delta uses w before its own update at step t; gamma^t is a running product.
    COURSE_TODO("reinforce_update");
}

double short_corridor_start_value(double p) {
    COURSE_CHECK(p >= 0.0 && p <= 1.0, "short_corridor_start_value: p = ", p,
                 ", expected a probability in [0, 1]");
    // TODO(learner): solve the three Bellman equations v0, v1, v2 (the notes do it) for v0 in closed
    // form; -infinity when p is 0 or 1 (the goal is never reached).
    COURSE_TODO("short_corridor_start_value");
}

TrainingRun reinforce_short_corridor(const ReinforceSettings& settings, int episodes,
                                     std::span<const double> theta0, std::uint64_t seed) {
    check_reinforce_short_corridor_arguments(settings, episodes, theta0);
    // TODO(learner): theta = theta0, w = [0], course::Rng rng(seed), a ShortCorridor; per episode: reset,
    // act with sample_action(linear_softmax_policy(theta, kCorridorFeatures, 2), rng) until the goal or
    // kCorridorMaxSteps steps, recording an Episode (z = [1]); reinforce_update; record the return and
    // pi(right) after the update.
    COURSE_TODO("reinforce_short_corridor");
}

CartPoleState cartpole_dynamics(const CartPoleState& state, int action) {
    check_cartpole_action("cartpole_dynamics", action);
    check_cartpole_state("cartpole_dynamics", state);
    // TODO(learner): the accelerations of the contract's three lines (force +-kCartPoleForce, total
    // mass 1.1, pole mass times half length 0.05), then one explicit Euler step of tau.
    COURSE_TODO("cartpole_dynamics");
}

TrainingRun reinforce_cartpole(const ReinforceSettings& settings, int max_episodes, std::uint64_t seed) {
    check_reinforce_settings("reinforce_cartpole", settings);
    check_episodes("reinforce_cartpole", max_episodes);
    // TODO(learner): as reinforce_short_corridor with CartPole env(seed), course::Rng rng(seed + 1),
    // theta = 0 (kCartPoleFeatures), w = 0 (kCartPoleValueFeatures), cartpole_policy_features and
    // cartpole_value_features; stop after the episode whose last 100 returns average >= 195
    // (solved_at = that episode's number, from 1) or after max_episodes.
    COURSE_TODO("reinforce_cartpole");
}

}  // namespace course::reinforcement_learning
