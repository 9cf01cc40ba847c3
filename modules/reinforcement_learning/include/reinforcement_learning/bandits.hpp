// Bandits: action values by sample averages and by a constant step size, epsilon-greedy with
// random tie-breaking, optimistic initial values, UCB, the gradient bandit, and the 10-armed
// testbed of Sutton & Barto's chapter 2.
// Notes: docs/reinforcement_learning.md#bandits.
//
// A k-armed bandit: each step t = 1, 2, ... the agent picks an arm A_t and receives a reward R_t
// drawn from that arm's distribution, of unknown mean q*(a). The agent keeps estimates Q(a) and
// must balance exploiting the arm that looks best with exploring the others.
//
//     Q(a) += (R - Q(a)) / N(a)          sample average; N(a) counted BEFORE the update (2.3)
//     Q(a) += alpha (R - Q(a))           constant step size: recent rewards weigh more (2.5)
//     A = argmax_a Q(a), ties at random  greedy; epsilon-greedy: any arm with probability epsilon
//     A = argmax_a [Q(a) + c sqrt(ln t / N(a))], an untried arm (N = 0) first       UCB (2.10)
//     pi(a) = exp(H(a)) / sum_b exp(H(b))                                            softmax (2.11)
//     H(a) += alpha (R - Rbar) (1[a = A] - pi(a))           the gradient bandit (2.12)
//
// The 10-armed testbed (section 2.3): q*(a) ~ N(true_mean, 1) for each arm, rewards ~ N(q*(A), 1);
// `runs` independent bandits, `steps` steps each; per step, the reward and whether A was an
// optimal arm, averaged over the runs (Figures 2.2 to 2.5).
//
// Randomness: every draw comes from a course::Rng in an order this header states, so that any
// correct implementation makes the same choices as the reference (up to the rounding of the
// arithmetic between the draws), and the testbed is the same for any number of threads.
//
// Source: Sutton & Barto, Reinforcement Learning: An Introduction, 2nd ed. (2018), chapter 2
// (sections 2.2-2.8, equations 2.3, 2.5, 2.10-2.12, Figures 2.2-2.5).
#pragma once

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

#include "course/error.hpp"
#include "course/random.hpp"

namespace course::reinforcement_learning {

// ---- Argument checks (not the lesson: the stub and the reference call them) ----

// check_action_values: values is not empty and holds no NaN (std::invalid_argument naming
// `function` and the first NaN's index).
inline void check_action_values(const char* function, std::span<const double> values) {
    COURSE_CHECK(!values.empty(), function, ": values is empty, expected at least one action");
    for (std::size_t a = 0; a < values.size(); ++a)
        COURSE_CHECK(!std::isnan(values[a]), function, ": values[", a, "] is NaN");
}

// check_epsilon: epsilon in [0, 1] (NaN fails too).
inline void check_epsilon(const char* function, double epsilon) {
    COURSE_CHECK(epsilon >= 0.0 && epsilon <= 1.0, function, ": epsilon = ", epsilon,
                 ", expected a probability in [0, 1]");
}

// check_step_size: alpha > 0 and finite (NaN fails too).
inline void check_step_size(const char* function, double alpha) {
    COURSE_CHECK(alpha > 0.0 && std::isfinite(alpha), function, ": alpha = ", alpha,
                 ", expected a finite step size > 0");
}

// check_reward: a reward is a number (NaN would poison every later estimate).
inline void check_reward(const char* function, double reward) {
    COURSE_CHECK(!std::isnan(reward), function, ": reward is NaN");
}

// ---- Action values ----

// sample_average_update: one step of the incremental sample average (2.3),
//     N <- N + 1;   Q <- Q + (R - Q) / N
// the count first: after the update Q is the mean of the N rewards seen (the first reward
// replaces the initial value Q1 entirely). count < 0 or a NaN reward is std::invalid_argument.
// Cost: O(1).
void sample_average_update(double& estimate, int& count, double reward);
inline void check_sample_average_update_arguments(int count, double reward) {
    COURSE_CHECK(count >= 0, "sample_average_update: count = ", count, ", expected >= 0");
    check_reward("sample_average_update", reward);
}

// constant_step_update: one step with a constant step size (2.5),
//     Q <- Q + alpha (R - Q)
// an exponential recency-weighted average: Q_{n+1} = (1 - alpha)^n Q1 + sum_i alpha (1 - alpha)^(n-i) R_i.
// alpha must be in (0, 1] (alpha > 1 would step past R); NaN, 0, negative or a NaN reward is
// std::invalid_argument. Cost: O(1).
void constant_step_update(double& estimate, double reward, double alpha);
inline void check_constant_step_update_arguments(double reward, double alpha) {
    COURSE_CHECK(alpha > 0.0 && alpha <= 1.0, "constant_step_update: alpha = ", alpha,
                 ", expected a step size in (0, 1]");
    check_reward("constant_step_update", reward);
}

// ---- Acting ----

// greedy_action: an action of largest value; with k >= 2 tied maxima draws rng.index(k) and
// returns the chosen one of them (tied actions in increasing order); one maximum: no draw.
// A NaN value is std::invalid_argument; an empty span too.
// Cost: O(n), one draw at most.
int greedy_action(std::span<const double> values, course::Rng& rng);

// epsilon_greedy_action: draws u = rng.uniform(0, 1); if u < epsilon returns rng.index(n) (any
// action, greedy ones included), else greedy_action(values, rng). epsilon outside [0, 1] (or
// NaN) is std::invalid_argument.
// So every action has probability at least epsilon / n, and a greedy one (of g tied) has
// (1 - epsilon) / g + epsilon / n. u is drawn even when epsilon is 0 or 1.
int epsilon_greedy_action(std::span<const double> values, double epsilon, course::Rng& rng);

// ucb_action: upper-confidence-bound selection (2.10) at step t (t = 1 for the first action),
//     A = argmax_a [ Q(a) + c sqrt(ln t / N(a)) ]
// An arm with N(a) = 0 counts as maximizing (its bonus is infinite): while some arm is untried
// the choice is among the untried ones only, as greedy_action would choose among them (k >= 2
// untried: rng.index(k) over them in increasing order; one: no draw). Once all are tried, ties of
// the scores as greedy_action too. Never divides by zero (0 / 0 at t = 1 would be NaN).
// values and counts have the same size n >= 1. A NaN value, counts of another size, a negative
// count, t < 1, or c < 0 (or NaN, inf) is std::invalid_argument. Cost: O(n), one draw at most.
int ucb_action(std::span<const double> values, std::span<const int> counts, int t, double c, course::Rng& rng);
inline void check_ucb_action_arguments(std::span<const double> values, std::span<const int> counts, int t,
                                       double c) {
    check_action_values("ucb_action", values);
    COURSE_CHECK(counts.size() == values.size(), "ucb_action: counts has ", counts.size(),
                 " elements, expected one per action, ", values.size());
    for (std::size_t a = 0; a < counts.size(); ++a)
        COURSE_CHECK(counts[a] >= 0, "ucb_action: counts[", a, "] = ", counts[a], ", expected >= 0");
    COURSE_CHECK(t >= 1, "ucb_action: t = ", t, ", expected the step number, >= 1");
    COURSE_CHECK(c >= 0.0 && std::isfinite(c), "ucb_action: c = ", c, ", expected a finite c >= 0");
}

// softmax_policy: the gradient bandit's policy (2.11),
//     pi(a) = exp(H(a) - m) / sum_b exp(H(b) - m),     m = max_b H(b)
// (subtracting the max changes nothing mathematically and keeps exp from overflowing: H = 1000
// is fine). probabilities and preferences have the same size n >= 1; a NaN or infinite
// preference, or another size, is std::invalid_argument. Cost: O(n) exps.
void softmax_policy(std::span<double> probabilities, std::span<const double> preferences);
inline void check_softmax_policy_arguments(std::size_t probabilities_size, std::span<const double> preferences) {
    COURSE_CHECK(!preferences.empty(), "softmax_policy: preferences is empty, expected at least one action");
    COURSE_CHECK(probabilities_size == preferences.size(), "softmax_policy: probabilities has ", probabilities_size,
                 " elements, expected one per action, ", preferences.size());
    for (std::size_t a = 0; a < preferences.size(); ++a)
        COURSE_CHECK(std::isfinite(preferences[a]), "softmax_policy: preferences[", a, "] = ", preferences[a],
                     ", expected a finite number");
}

// sample_action: draws u = rng.uniform(0, 1) and returns the smallest a with
//     u < pi(0) + pi(1) + ... + pi(a)
// (the cumulative sums in that order); if rounding leaves u above the last sum, the largest a
// with pi(a) > 0. Exactly one draw. probabilities: n >= 1 numbers in [0, 1] summing to 1 within
// 1e-9; otherwise std::invalid_argument. Cost: O(n).
int sample_action(std::span<const double> probabilities, course::Rng& rng);
inline void check_sample_action_arguments(std::span<const double> probabilities) {
    COURSE_CHECK(!probabilities.empty(), "sample_action: probabilities is empty, expected at least one action");
    double sum = 0.0;
    for (std::size_t a = 0; a < probabilities.size(); ++a) {
        COURSE_CHECK(probabilities[a] >= 0.0 && probabilities[a] <= 1.0, "sample_action: probabilities[", a,
                     "] = ", probabilities[a], ", expected a probability in [0, 1]");
        sum += probabilities[a];
    }
    COURSE_CHECK(std::abs(sum - 1.0) <= 1e-9, "sample_action: the probabilities sum to ", sum, ", expected 1");
}

// gradient_bandit_update: one step of stochastic gradient ascent on the expected reward (2.12),
//     H(a) <- H(a) + alpha (R - baseline) (1[a = action] - pi(a))      for every a
// pi = softmax_policy(H) BEFORE this step (the policy that chose `action`). The baseline is the
// average of the rewards BEFORE this one (Rbar_t; at the first step, R_1 itself), or 0 without
// baseline: the testbed does that bookkeeping. Sizes equal (n >= 1), action in [0, n),
// alpha > 0 finite, reward and baseline not NaN; otherwise std::invalid_argument. Cost: O(n).
void gradient_bandit_update(std::span<double> preferences, std::span<const double> probabilities, int action,
                            double reward, double baseline, double alpha);
inline void check_gradient_bandit_update_arguments(std::size_t preferences_size, std::size_t probabilities_size,
                                                   int action, double reward, double baseline, double alpha) {
    COURSE_CHECK(preferences_size >= 1, "gradient_bandit_update: preferences is empty, expected at least one action");
    COURSE_CHECK(probabilities_size == preferences_size, "gradient_bandit_update: probabilities has ",
                 probabilities_size, " elements, expected one per action, ", preferences_size);
    COURSE_CHECK(action >= 0 && std::size_t(action) < preferences_size, "gradient_bandit_update: action = ", action,
                 ", expected 0 .. ", preferences_size - 1);
    check_reward("gradient_bandit_update", reward);
    COURSE_CHECK(!std::isnan(baseline), "gradient_bandit_update: baseline is NaN");
    check_step_size("gradient_bandit_update", alpha);
}

// ---- The 10-armed testbed ----

enum class BanditMethod {
    kEpsilonGreedy,  // epsilon_greedy_action on Q (epsilon = 0: greedy)
    kUcb,            // ucb_action on Q and N with c
    kGradient,       // sample_action on softmax_policy(H), gradient_bandit_update with alpha
};

// BanditConfig: one curve of Figures 2.2-2.5. Every field is checked, used or not.
struct BanditConfig {
    BanditMethod method = BanditMethod::kEpsilonGreedy;
    double epsilon = 0.0;          // kEpsilonGreedy: the exploration probability, in [0, 1]
    bool sample_averages = true;   // kEpsilonGreedy, kUcb: Q by sample averages; false: constant alpha
    double alpha = 0.1;            // the constant step size (in (0, 1]) or the gradient bandit's (> 0)
    double initial_value = 0.0;    // Q_1(a) of every arm (optimistic: 5), finite
    double c = 2.0;                // kUcb: the exploration weight, finite, >= 0
    bool baseline = true;          // kGradient: subtract the average reward Rbar (false: baseline 0)
    int arms = 10;                 // k >= 1
    double true_mean = 0.0;        // q*(a) ~ N(true_mean, 1), finite (Figure 2.5: 4)
    int runs = 2000;               // >= 1
    int steps = 1000;              // >= 1
    std::uint64_t seed = 0;        // run r draws from course::Rng(bandit_run_seed(seed, r))
};

// BanditCurves: per step t = 1 .. steps (index t - 1), averaged over the runs.
struct BanditCurves {
    std::vector<double> average_reward;    // (steps): the mean of R_t over the runs
    std::vector<double> optimal_fraction;  // (steps): the fraction of runs whose A_t was optimal
};

// splitmix64: one step of Steele, Lea & Flood's SplitMix64 (the seeding of Java's and numpy's
// generators): a bijection of 64-bit words that mixes every input bit into every output bit.
inline std::uint64_t splitmix64(std::uint64_t x) {
    x += 0x9E3779B97F4A7C15ull;
    x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9ull;
    x = (x ^ (x >> 27)) * 0x94D049BB133111EBull;
    return x ^ (x >> 31);
}

// bandit_run_seed: the seed of run r, splitmix64(splitmix64(seed) + r): each run has its own
// stream, the same whichever thread runs it and in whatever order; neighbouring seeds and
// neighbouring runs give unrelated streams.
inline std::uint64_t bandit_run_seed(std::uint64_t seed, int run) {
    return splitmix64(splitmix64(seed) + std::uint64_t(run));
}

// bandit_run: run `run` of the testbed, one bandit for config.steps steps. With
// rng = course::Rng(bandit_run_seed(config.seed, run)), in this order:
//     q*(a) = true_mean + rng.normal()                       for a = 0 .. arms - 1
//     Q(a) = initial_value, N(a) = 0, H(a) = 0, Rbar = 0
//     for t = 1 .. steps:
//         A = epsilon_greedy_action(Q, epsilon, rng)         kEpsilonGreedy
//           = ucb_action(Q, N, t, c, rng)                    kUcb
//           = sample_action(pi = softmax_policy(H), rng)     kGradient
//         R = q*(A) + rng.normal()
//         kEpsilonGreedy, kUcb: sample_averages ? sample_average_update(Q(A), N(A), R)
//                                               : (N(A) += 1, constant_step_update(Q(A), R, alpha))
//         kGradient: gradient_bandit_update(H, pi, A, R, b, alpha) with b = 0 without baseline,
//                    else b = Rbar (R itself at t = 1); THEN Rbar += (R - Rbar) / t
//         rewards[t - 1] = R;  optimal[t - 1] = 1 if q*(A) is the largest q*, else 0
// rewards and optimal have config.steps elements; run in [0, config.runs). Throws
// std::invalid_argument for a bad config (check_bandit_config), a run outside [0, runs) or
// buffers of another size. Cost: O(steps * arms).
void bandit_run(std::span<double> rewards, std::span<double> optimal, const BanditConfig& config, int run);

// bandit_testbed: every run of the testbed on `threads` OpenMP threads (runs in parallel), and
//     average_reward[t]   = (sum over r = 0, 1, ..., runs - 1 of rewards_r[t]) / runs
//     optimal_fraction[t] = (sum over r of optimal_r[t]) / runs
// the sums taken in run order, r = 0 first: the result is bit-for-bit the same for any number of
// threads. threads >= 1 and a good config, else std::invalid_argument.
// Cost: O(runs * steps * arms) work, O(steps) memory beyond a block of runs' curves.
// Figure 2.2: {.epsilon = 0}, {.epsilon = 0.01}, {.epsilon = 0.1}.
// Figure 2.3: {.epsilon = 0, .sample_averages = false, .alpha = 0.1, .initial_value = 5} and
//             {.epsilon = 0.1, .sample_averages = false, .alpha = 0.1}.
// Figure 2.4: {.method = BanditMethod::kUcb, .c = 2} and {.epsilon = 0.1}.
// Figure 2.5: {.method = BanditMethod::kGradient, .alpha = 0.1 or 0.4, .baseline = true or false,
//             .true_mean = 4}.
BanditCurves bandit_testbed(const BanditConfig& config, int threads);

// check_bandit_config: every field in its range (see BanditConfig), as std::invalid_argument
// naming `function`, the field and its value.
inline void check_bandit_config(const char* function, const BanditConfig& config) {
    COURSE_CHECK(config.method == BanditMethod::kEpsilonGreedy || config.method == BanditMethod::kUcb ||
                     config.method == BanditMethod::kGradient,
                 function, ": method = ", int(config.method), ", expected kEpsilonGreedy, kUcb or kGradient");
    COURSE_CHECK(config.epsilon >= 0.0 && config.epsilon <= 1.0, function, ": epsilon = ", config.epsilon,
                 ", expected a probability in [0, 1]");
    COURSE_CHECK(config.alpha > 0.0 && std::isfinite(config.alpha), function, ": alpha = ", config.alpha,
                 ", expected a finite step size > 0");
    COURSE_CHECK(config.sample_averages || config.method == BanditMethod::kGradient || config.alpha <= 1.0,
                 function, ": alpha = ", config.alpha, ", expected a constant step size in (0, 1]");
    COURSE_CHECK(std::isfinite(config.initial_value), function, ": initial_value = ", config.initial_value,
                 ", expected a finite number");
    COURSE_CHECK(config.c >= 0.0 && std::isfinite(config.c), function, ": c = ", config.c,
                 ", expected a finite c >= 0");
    COURSE_CHECK(config.arms >= 1, function, ": arms = ", config.arms, ", expected at least 1");
    COURSE_CHECK(std::isfinite(config.true_mean), function, ": true_mean = ", config.true_mean,
                 ", expected a finite number");
    COURSE_CHECK(config.runs >= 1, function, ": runs = ", config.runs, ", expected at least 1");
    COURSE_CHECK(config.steps >= 1, function, ": steps = ", config.steps, ", expected at least 1");
}

inline void check_bandit_run_arguments(std::size_t rewards_size, std::size_t optimal_size, const BanditConfig& config,
                                       int run) {
    check_bandit_config("bandit_run", config);
    COURSE_CHECK(run >= 0 && run < config.runs, "bandit_run: run = ", run, ", expected 0 .. runs - 1 = ",
                 config.runs - 1);
    COURSE_CHECK(rewards_size == std::size_t(config.steps), "bandit_run: rewards has ", rewards_size,
                 " elements, expected steps = ", config.steps);
    COURSE_CHECK(optimal_size == std::size_t(config.steps), "bandit_run: optimal has ", optimal_size,
                 " elements, expected steps = ", config.steps);
}

inline void check_bandit_testbed_arguments(const BanditConfig& config, int threads) {
    check_bandit_config("bandit_testbed", config);
    COURSE_CHECK(threads >= 1, "bandit_testbed: threads = ", threads, ", expected at least 1");
}

}  // namespace course::reinforcement_learning
