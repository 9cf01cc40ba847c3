// Exercise 1: bandits. Contract: include/reinforcement_learning/bandits.hpp
// Notes: docs/reinforcement_learning.md#bandits.  Hints: ./course hint reinforcement_learning bandits
// Grade it:  ./course grade reinforcement_learning bandits
//
//     Q(a) += (R - Q(a)) / N(a)          sample average, N(a) += 1 FIRST
//     Q(a) += alpha (R - Q(a))           constant step size
//     A = argmax_a Q(a)                  ties: rng.index(k) among the k tied, in increasing order
//     A = argmax_a [Q(a) + c sqrt(ln t / N(a))]      UCB; an untried arm (N = 0) first
//     pi(a) = exp(H(a) - max H) / sum_b exp(H(b) - max H)
//     H(a) += alpha (R - baseline) (1[a = A] - pi(a))
//
// The random draws must come in the order the contract states (one rng.uniform for epsilon's coin,
// rng.index only for k >= 2 ties, ...): the tests replay the reference's choices.
#include "reinforcement_learning/bandits.hpp"

#include <cmath>
#include <span>

#include "course/error.hpp"
#include "course/random.hpp"

namespace course::reinforcement_learning {

void sample_average_update(double& estimate, int& count, double reward) {
    check_sample_average_update_arguments(count, reward);
    // TODO(learner): count one more reward, then move the estimate 1 / count of the way to it.
    COURSE_TODO("sample_average_update");
}

void constant_step_update(double& estimate, double reward, double alpha) {
    check_constant_step_update_arguments(reward, alpha);
    // TODO(learner): move the estimate alpha of the way to the reward.
    COURSE_TODO("constant_step_update");
}

int greedy_action(std::span<const double> values, course::Rng& rng) {
    check_action_values("greedy_action", values);
    // TODO(learner): find the largest value and count the actions that have it; one: return it
    // (no draw); k >= 2: return the rng.index(k)-th of them, in increasing order.
    // Hint: returning the first maximum is a bias the tests measure: all-zero initial values make
    // every early step a tie.
    COURSE_TODO("greedy_action");
}

int epsilon_greedy_action(std::span<const double> values, double epsilon, course::Rng& rng) {
    check_epsilon("epsilon_greedy_action", epsilon);
    check_action_values("epsilon_greedy_action", values);
    // TODO(learner): u = rng.uniform(0, 1); u < epsilon: rng.index(n) over ALL actions; else greedy.
    COURSE_TODO("epsilon_greedy_action");
}

int ucb_action(std::span<const double> values, std::span<const int> counts, int t, double c, course::Rng& rng) {
    check_ucb_action_arguments(values, counts, t, c);
    // TODO(learner): a score per arm, Q(a) + c sqrt(ln t / N(a)), and +infinity when N(a) = 0; then
    // the greedy choice on the scores (the same tie-breaking).
    // Hint: at t = 1, ln t = 0 and N = 0: 0 / 0 is NaN. Test N(a) == 0 before dividing.
    COURSE_TODO("ucb_action");
}

void softmax_policy(std::span<double> probabilities, std::span<const double> preferences) {
    check_softmax_policy_arguments(probabilities.size(), preferences);
    // TODO(learner): subtract the largest preference, exponentiate, divide by the sum.
    COURSE_TODO("softmax_policy");
}

int sample_action(std::span<const double> probabilities, course::Rng& rng) {
    check_sample_action_arguments(probabilities);
    // TODO(learner): one u = rng.uniform(0, 1); the first a whose cumulative sum exceeds u.
    COURSE_TODO("sample_action");
}

void gradient_bandit_update(std::span<double> preferences, std::span<const double> probabilities, int action,
                            double reward, double baseline, double alpha) {
    check_gradient_bandit_update_arguments(preferences.size(), probabilities.size(), action, reward, baseline,
                                           alpha);
    // TODO(learner): every preference moves by alpha (R - baseline) (1[a = action] - pi(a)).
    COURSE_TODO("gradient_bandit_update");
}

void bandit_run(std::span<double> rewards, std::span<double> optimal, const BanditConfig& config, int run) {
    check_bandit_run_arguments(rewards.size(), optimal.size(), config, run);
    // TODO(learner): follow the contract's recipe step by step: the run's own Rng, the arms' q*,
    // then per step act, draw the reward, update (for the gradient bandit: the preferences with the
    // OLD average reward, then the average), and record the reward and whether A was optimal.
    COURSE_TODO("bandit_run");
}

BanditCurves bandit_testbed(const BanditConfig& config, int threads) {
    check_bandit_testbed_arguments(config, threads);
    // TODO(learner): bandit_run for every run under `#pragma omp parallel for num_threads(threads)`,
    // each into its own rows; then add the rows in run order (r = 0 first) on one thread, and divide
    // by runs. Catch exceptions inside the parallel loop and rethrow the first one after it.
    COURSE_TODO("bandit_testbed");
}

}  // namespace course::reinforcement_learning
