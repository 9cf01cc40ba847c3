// Policy gradient, reference: the softmax policy and its log-derivative, discounted returns,
// REINFORCE with baseline, the cart-pole's Euler step, and the two training loops.
// Contract: include/reinforcement_learning/policy_gradient.hpp.
// Notes: docs/reinforcement_learning.md#policy_gradient.
#include "reinforcement_learning/policy_gradient.hpp"

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <limits>
#include <span>
#include <vector>

namespace course::reinforcement_learning {

std::vector<double> linear_softmax_policy(std::span<const double> theta, std::span<const double> features, int A) {
    check_linear_softmax_arguments("linear_softmax_policy", theta, features, A);
    const std::size_t d = theta.size();
    std::vector<double> pi(static_cast<std::size_t>(A));  // (A): first the preferences h_b
    for (std::size_t b = 0; b < pi.size(); ++b) {
        double h = 0.0;
        for (std::size_t i = 0; i < d; ++i) h += theta[i] * features[b * d + i];
        pi[b] = h;
    }
    const double m = *std::max_element(pi.begin(), pi.end());  // exp(h - m) <= 1: no overflow
    double sum = 0.0;
    for (double& p : pi) {
        p = std::exp(p - m);
        sum += p;
    }
    for (double& p : pi) p /= sum;
    return pi;
}

std::vector<double> grad_log_linear_softmax(std::span<const double> theta, std::span<const double> features, int A,
                                     int action) {
    check_linear_softmax_arguments("grad_log_linear_softmax", theta, features, A);
    COURSE_CHECK(action >= 0 && action < A, "grad_log_linear_softmax: action = ", action, ", expected 0 .. A - 1 = ",
                 A - 1);
    const std::size_t d = theta.size();
    const std::vector<double> pi = linear_softmax_policy(theta, features, A);  // (A)
    // grad (d) = x(s, a) - sum_b pi(b | s) x(s, b)
    std::vector<double> grad(features.begin() + std::ptrdiff_t(std::size_t(action) * d),
                             features.begin() + std::ptrdiff_t(std::size_t(action + 1) * d));
    for (std::size_t b = 0; b < pi.size(); ++b)
        for (std::size_t i = 0; i < d; ++i) grad[i] -= pi[b] * features[b * d + i];
    return grad;
}

std::vector<double> discounted_returns(std::span<const double> rewards, double gamma) {
    check_discount("discounted_returns", gamma);
    for (std::size_t t = 0; t < rewards.size(); ++t)
        COURSE_CHECK(!std::isnan(rewards[t]), "discounted_returns: rewards[", t, "] is NaN");
    std::vector<double> G(rewards.size());  // (T)
    double g = 0.0;                         // G_T = 0
    for (std::size_t t = rewards.size(); t-- > 0;) {
        g = rewards[t] + gamma * g;  // G_t = R_{t+1} + gamma G_{t+1}
        G[t] = g;
    }
    return G;
}

void reinforce_update(std::span<double> theta, std::span<double> w, const Episode& episode,
                      const ReinforceSettings& settings) {
    check_reinforce_update_arguments(theta, w, episode, settings);
    const int T = episode.length(), A = episode.num_actions;
    const std::size_t d = theta.size(), dv = w.size(), Ad = std::size_t(A) * d;
    const std::vector<double> G = discounted_returns(episode.rewards, settings.gamma);  // (T)
    double gamma_t = 1.0;                                                                // gamma^t
    for (int t = 0; t < T; ++t) {
        double delta = G[std::size_t(t)];
        if (settings.baseline) {
            const double* z = episode.value_features.data() + std::size_t(t) * dv;  // (dv): z(S_t)
            double v = 0.0;
            for (std::size_t i = 0; i < dv; ++i) v += w[i] * z[i];
            delta -= v;                                                         // delta = G_t - v(S_t, w)
            for (std::size_t i = 0; i < dv; ++i) w[i] += settings.alpha_w * delta * z[i];  // w += a_w delta z
        }
        const std::span<const double> x(episode.features.data() + std::size_t(t) * Ad, Ad);  // (A, d)
        const std::vector<double> grad = grad_log_linear_softmax(theta, x, A, episode.actions[std::size_t(t)]);
        const double step = settings.alpha_theta * gamma_t * delta;
        for (std::size_t i = 0; i < d; ++i) theta[i] += step * grad[i];
        gamma_t *= settings.gamma;
    }
}

double short_corridor_start_value(double p) {
    COURSE_CHECK(p >= 0.0 && p <= 1.0, "short_corridor_start_value: p = ", p,
                 ", expected a probability in [0, 1]");
    if (p == 0.0 || p == 1.0) return -std::numeric_limits<double>::infinity();  // never reaches the goal
    // v0 = -1 + p v1 + (1-p) v0, v1 = -1 + p v0 + (1-p) v2, v2 = -1 + (1-p) v1 (+ p * 0, the goal)
    return (2.0 * p - 4.0) / (p * (1.0 - p));
}

TrainingRun reinforce_short_corridor(const ReinforceSettings& settings, int episodes,
                                     std::span<const double> theta0, std::uint64_t seed) {
    check_reinforce_short_corridor_arguments(settings, episodes, theta0);
    course::Rng rng(seed);
    ShortCorridor corridor;
    TrainingRun run;
    run.theta.assign(theta0.begin(), theta0.end());  // (2)
    run.w.assign(1, 0.0);                            // (1): z(s) = [1]
    Episode episode;
    episode.num_actions = 2;
    for (int e = 0; e < episodes; ++e) {
        episode.features.clear();
        episode.value_features.clear();
        episode.actions.clear();
        episode.rewards.clear();
        corridor.reset();
        bool done = false;
        while (!done && episode.length() < kCorridorMaxSteps) {
            const std::vector<double> pi = linear_softmax_policy(run.theta, kCorridorFeatures, 2);
            const int a = sample_action(pi, rng);
            const Step step = corridor.step(a);
            episode.features.insert(episode.features.end(), kCorridorFeatures.begin(), kCorridorFeatures.end());
            episode.value_features.push_back(1.0);
            episode.actions.push_back(a);
            episode.rewards.push_back(step.reward);
            done = step.done;
        }
        reinforce_update(run.theta, run.w, episode, settings);
        double total = 0.0;
        for (double r : episode.rewards) total += r;
        run.returns.push_back(total);
        run.probabilities.push_back(linear_softmax_policy(run.theta, kCorridorFeatures, 2)[0]);
    }
    return run;
}

CartPoleState cartpole_dynamics(const CartPoleState& state, int action) {
    check_cartpole_action("cartpole_dynamics", action);
    check_cartpole_state("cartpole_dynamics", state);
    const double total_mass = kCartPoleMassCart + kCartPoleMassPole;        // M = 1.1
    const double polemass_length = kCartPoleMassPole * kCartPoleLength;     // m l = 0.05
    const double force = action == 1 ? kCartPoleForce : -kCartPoleForce;
    const auto [x, x_dot, theta, theta_dot] = state;
    const double c = std::cos(theta), s = std::sin(theta);
    const double temp = (force + polemass_length * theta_dot * theta_dot * s) / total_mass;
    const double theta_acc = (kCartPoleGravity * s - c * temp) /
                             (kCartPoleLength * (4.0 / 3.0 - kCartPoleMassPole * c * c / total_mass));
    const double x_acc = temp - polemass_length * theta_acc * c / total_mass;
    // explicit Euler: the positions move with the old velocities
    return {x + kCartPoleTau * x_dot, x_dot + kCartPoleTau * x_acc, theta + kCartPoleTau * theta_dot,
            theta_dot + kCartPoleTau * theta_acc};
}

TrainingRun reinforce_cartpole(const ReinforceSettings& settings, int max_episodes, std::uint64_t seed) {
    check_reinforce_settings("reinforce_cartpole", settings);
    check_episodes("reinforce_cartpole", max_episodes);
    CartPole env(seed);
    course::Rng rng(seed + 1);
    TrainingRun run;
    run.theta.assign(kCartPoleFeatures, 0.0);   // (4)
    run.w.assign(kCartPoleValueFeatures, 0.0);  // (9)
    Episode episode;
    episode.num_actions = 2;
    double window_sum = 0.0;  // the sum of the last (up to) 100 returns
    for (int e = 0; e < max_episodes; ++e) {
        episode.features.clear();
        episode.value_features.clear();
        episode.actions.clear();
        episode.rewards.clear();
        CartPoleState s = env.reset();
        bool done = false;
        while (!done) {
            const auto x = cartpole_policy_features(s);  // (2, 4)
            const auto z = cartpole_value_features(s);   // (9)
            const std::vector<double> pi = linear_softmax_policy(run.theta, x, 2);
            const int a = sample_action(pi, rng);
            const CartPoleStep step = env.step(a);
            episode.features.insert(episode.features.end(), x.begin(), x.end());
            episode.value_features.insert(episode.value_features.end(), z.begin(), z.end());
            episode.actions.push_back(a);
            episode.rewards.push_back(step.reward);
            s = step.state;
            done = step.done;
        }
        reinforce_update(run.theta, run.w, episode, settings);
        double total = 0.0;
        for (double r : episode.rewards) total += r;
        run.returns.push_back(total);
        window_sum += total;
        if (run.returns.size() > std::size_t(kCartPoleSolvedWindow))
            window_sum -= run.returns[run.returns.size() - 1 - std::size_t(kCartPoleSolvedWindow)];
        if (run.returns.size() >= std::size_t(kCartPoleSolvedWindow) &&
            window_sum >= kCartPoleSolvedReturn * kCartPoleSolvedWindow) {
            run.solved_at = e + 1;
            break;
        }
    }
    return run;
}

}  // namespace course::reinforcement_learning
