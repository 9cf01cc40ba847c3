// Bandits, reference: the update rules, the four ways of acting, and the 10-armed testbed run in
// parallel over runs. Contract: include/reinforcement_learning/bandits.hpp.
// Notes: docs/reinforcement_learning.md#bandits.
#include "reinforcement_learning/bandits.hpp"

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <exception>
#include <limits>
#include <span>
#include <vector>

#include "course/error.hpp"
#include "course/random.hpp"

namespace course::reinforcement_learning {

namespace {

// kRunsPerBlock: the testbed keeps the curves of this many runs at a time (2 * 256 * steps
// doubles, 4 MiB at 1 000 steps), adds them in run order, then goes on with the next block.
constexpr int kRunsPerBlock = 256;

// argmax_among_ties: greedy_action without the checks, for values already checked.
int argmax_among_ties(std::span<const double> values, course::Rng& rng) {
    const double best = *std::max_element(values.begin(), values.end());
    int ties = 0;
    for (const double v : values) ties += v == best ? 1 : 0;
    if (ties == 1) return int(std::find(values.begin(), values.end(), best) - values.begin());
    int chosen = rng.index(ties);  // the chosen-th of the tied actions, in increasing order
    for (std::size_t a = 0; a < values.size(); ++a) {
        if (values[a] != best) continue;
        if (chosen == 0) return int(a);
        --chosen;
    }
    return int(values.size()) - 1;  // unreachable: chosen < ties
}

}  // namespace

void sample_average_update(double& estimate, int& count, double reward) {
    check_sample_average_update_arguments(count, reward);
    count += 1;
    estimate += (reward - estimate) / double(count);
}

void constant_step_update(double& estimate, double reward, double alpha) {
    check_constant_step_update_arguments(reward, alpha);
    estimate += alpha * (reward - estimate);
}

int greedy_action(std::span<const double> values, course::Rng& rng) {
    check_action_values("greedy_action", values);
    return argmax_among_ties(values, rng);
}

int epsilon_greedy_action(std::span<const double> values, double epsilon, course::Rng& rng) {
    check_epsilon("epsilon_greedy_action", epsilon);
    check_action_values("epsilon_greedy_action", values);
    const double u = rng.uniform(0.0, 1.0);
    if (u < epsilon) return rng.index(int(values.size()));  // explore: any action, greedy ones too
    return argmax_among_ties(values, rng);
}

int ucb_action(std::span<const double> values, std::span<const int> counts, int t, double c, course::Rng& rng) {
    check_ucb_action_arguments(values, counts, t, c);
    // score(a) = Q(a) + c sqrt(ln t / N(a)), and +inf for an untried arm: the untried arms are then
    // exactly the maximizers, and their ties are broken as greedy_action breaks any tie.
    // The scores go to this thread's scratch, kept from call to call: the testbed calls ucb_action
    // 2 M times, and an allocation per call would cost as much as the arithmetic.
    const double log_t = std::log(double(t));
    thread_local std::vector<double> scores;
    scores.resize(values.size());
    for (std::size_t a = 0; a < values.size(); ++a)
        scores[a] = counts[a] == 0 ? std::numeric_limits<double>::infinity()
                                   : values[a] + c * std::sqrt(log_t / double(counts[a]));
    return argmax_among_ties(scores, rng);
}

void softmax_policy(std::span<double> probabilities, std::span<const double> preferences) {
    check_softmax_policy_arguments(probabilities.size(), preferences);
    const double m = *std::max_element(preferences.begin(), preferences.end());
    double sum = 0.0;
    for (std::size_t a = 0; a < preferences.size(); ++a) {
        probabilities[a] = std::exp(preferences[a] - m);  // <= 1, and 1 for the max: sum >= 1
        sum += probabilities[a];
    }
    for (double& p : probabilities) p /= sum;
}

int sample_action(std::span<const double> probabilities, course::Rng& rng) {
    check_sample_action_arguments(probabilities);
    const double u = rng.uniform(0.0, 1.0);
    double cumulative = 0.0;
    for (std::size_t a = 0; a < probabilities.size(); ++a) {
        cumulative += probabilities[a];
        if (u < cumulative) return int(a);
    }
    // Rounding left the last sum at or below u (u < 1 always): the last action that can occur.
    for (std::size_t a = probabilities.size(); a-- > 0;)
        if (probabilities[a] > 0.0) return int(a);
    return int(probabilities.size()) - 1;  // unreachable: the probabilities sum to 1
}

void gradient_bandit_update(std::span<double> preferences, std::span<const double> probabilities, int action,
                            double reward, double baseline, double alpha) {
    check_gradient_bandit_update_arguments(preferences.size(), probabilities.size(), action, reward, baseline,
                                           alpha);
    const double step = alpha * (reward - baseline);
    for (std::size_t a = 0; a < preferences.size(); ++a) {
        const double indicator = int(a) == action ? 1.0 : 0.0;
        preferences[a] += step * (indicator - probabilities[a]);
    }
}

void bandit_run(std::span<double> rewards, std::span<double> optimal, const BanditConfig& config, int run) {
    check_bandit_run_arguments(rewards.size(), optimal.size(), config, run);
    course::Rng rng(bandit_run_seed(config.seed, run));
    const std::size_t k = std::size_t(config.arms);
    std::vector<double> q_star(k);
    for (double& q : q_star) q = config.true_mean + rng.normal();
    const double best = *std::max_element(q_star.begin(), q_star.end());

    std::vector<double> Q(k, config.initial_value), H(k, 0.0), pi(k, 0.0);
    std::vector<int> N(k, 0);
    double average_reward = 0.0;  // Rbar: the mean of the rewards before this step

    for (int t = 1; t <= config.steps; ++t) {
        int A = 0;
        switch (config.method) {
            case BanditMethod::kEpsilonGreedy: A = epsilon_greedy_action(Q, config.epsilon, rng); break;
            case BanditMethod::kUcb: A = ucb_action(Q, N, t, config.c, rng); break;
            case BanditMethod::kGradient:
                softmax_policy(pi, H);
                A = sample_action(pi, rng);
                break;
        }
        const double R = q_star[std::size_t(A)] + rng.normal();

        if (config.method == BanditMethod::kGradient) {
            const double baseline = !config.baseline ? 0.0 : (t == 1 ? R : average_reward);
            gradient_bandit_update(H, pi, A, R, baseline, config.alpha);
            average_reward += (R - average_reward) / double(t);  // after the preferences: Rbar_{t+1}
        } else if (config.sample_averages) {
            sample_average_update(Q[std::size_t(A)], N[std::size_t(A)], R);
        } else {
            N[std::size_t(A)] += 1;
            constant_step_update(Q[std::size_t(A)], R, config.alpha);
        }
        rewards[std::size_t(t - 1)] = R;
        optimal[std::size_t(t - 1)] = q_star[std::size_t(A)] == best ? 1.0 : 0.0;
    }
}

BanditCurves bandit_testbed(const BanditConfig& config, int threads) {
    check_bandit_testbed_arguments(config, threads);
    const std::size_t steps = std::size_t(config.steps);
    BanditCurves curves{std::vector<double>(steps, 0.0), std::vector<double>(steps, 0.0)};
    const int block = std::min(config.runs, kRunsPerBlock);
    std::vector<double> rewards(std::size_t(block) * steps), optimal(std::size_t(block) * steps);

    for (int first = 0; first < config.runs; first += block) {
        const int n = std::min(block, config.runs - first);
        // Each run writes its own rows from its own generator: the iterations are independent, and
        // which thread runs which does not change a bit. An exception (a learner's NotImplemented)
        // must not escape the parallel region: the first one is kept and rethrown after it.
        std::exception_ptr error = nullptr;
#pragma omp parallel for num_threads(threads) schedule(dynamic, 1)
        for (int i = 0; i < n; ++i) {
            try {
                const std::size_t row = std::size_t(i) * steps;
                bandit_run(std::span<double>(rewards).subspan(row, steps),
                           std::span<double>(optimal).subspan(row, steps), config, first + i);
            } catch (...) {
#pragma omp critical(bandit_testbed_error)
                if (!error) error = std::current_exception();
            }
        }
        if (error) std::rethrow_exception(error);
        // The sums in run order: each step's sum by one thread, over the runs in order, so the
        // same additions whatever `threads` is (and no serial tail: the steps are split).
#pragma omp parallel for num_threads(threads) schedule(static)
        for (std::size_t t = 0; t < steps; ++t) {
            for (int i = 0; i < n; ++i) {
                const std::size_t row = std::size_t(i) * steps;
                curves.average_reward[t] += rewards[row + t];
                curves.optimal_fraction[t] += optimal[row + t];
            }
        }
    }
    for (std::size_t t = 0; t < steps; ++t) {
        curves.average_reward[t] /= double(config.runs);
        curves.optimal_fraction[t] /= double(config.runs);
    }
    return curves;
}

}  // namespace course::reinforcement_learning
