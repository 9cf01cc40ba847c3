// Double Q-learning: two action-value tables against the maximization bias, and Example 6.7 of
// Sutton & Barto, the MDP that shows the bias (Figure 6.5).
// Notes: docs/reinforcement_learning.md#double_q_learning.
//
// Q-learning's target r + gamma max_a Q(s', a) takes the maximum of noisy estimates, and the
// maximum of estimates is biased upward even when each one is unbiased:
//     E[max_a Q(s', a)] >= max_a E[Q(s', a)]
// Double Q-learning keeps two tables and lets one choose the action and the other evaluate it.
// A fair coin picks, at each step, the table to update; for Q1 (swap 1 and 2 for Q2):
//     a* = argmax_{a'} Q1(s', a')                                      Q1 chooses
//     Q1(s, a) <- Q1(s, a) + alpha [r + gamma Q2(s', a*) - Q1(s, a)]   Q2 evaluates
// and, when s' is terminal, the target is r alone (no a*, no Q2). Q2 was learned from other
// samples than Q1, so Q2(s', a*) is not pushed up by the noise that made a* look best. Behaviour
// is epsilon-greedy on Q1 + Q2 (both tables' knowledge, one decision).
//
// Tables: Q1 and Q2 are S x A, row-major (q[s * A + a]). Action sets: a state s may offer fewer
// actions than A (Example 6.7's A has 2, its B has 10): `action_counts` holds, per state, the
// number k(s) of its actions, 0 .. k(s) - 1; every max, argmax and epsilon-greedy choice in s runs
// over those k(s) entries of the row only. An empty `action_counts` means k(s) = A everywhere.
// Ties: every argmax goes through bandits.hpp's greedy_action (ties drawn at random with `rng`).
//
// Cost: O(A) per step (one row's argmax and the epsilon-greedy choice), O(S A) memory.
// Source: Sutton & Barto, Reinforcement Learning: An Introduction, 2nd ed. (2018), section 6.7
// (double learning, the box "Double Q-learning", Example 6.7, Figure 6.5); van Hasselt, "Double
// Q-learning", NeurIPS 2010 (the estimator and its proof of unbiasedness).
#pragma once

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <span>
#include <stdexcept>
#include <vector>

#include "course/error.hpp"
#include "course/random.hpp"
#include "reinforcement_learning/environments.hpp"

namespace course::reinforcement_learning {

// ---- Example 6.7: the maximization bias MDP ----

// MaximizationBiasMdp: Example 6.7 (Figure 6.5). Two non-terminal states and the end:
//     A (state 0, the start)  action 0 "left":  to B, reward 0
//                             action 1 "right": the episode ends, reward 0
//     B (state 1)             any of its b_actions actions: the episode ends, reward ~ N(mean, sd)
//     the end (state 2)       terminal
// The book's mean is -0.1 and sd 1, so "left" is worth -0.1 < 0: the optimal policy goes right,
// and an epsilon-greedy agent that learned it goes left epsilon / 2 of the time (5% at 0.1).
// Environment interface: num_actions() = max(2, b_actions); A offers actions 0 and 1 only (step()
// refuses the others), B offers 0 .. b_actions - 1: action_counts() gives {2, b_actions, A} (the
// end's entry is never used). model() lists B's outcomes with the reward's mean (what dynamic
// programming needs); A's actions beyond 1 and the end have empty lists (only the end is marked
// terminal). The rewards are drawn with the MDP's own generator, seeded at construction:
// reward = mean + sd * rng.normal(), one normal() per step from B. step() is the exercise's
// (learner/double_q_learning.cpp); the rest is written here.
class MaximizationBiasMdp : public Environment {
public:
    static constexpr int kStateA = 0, kStateB = 1, kEnd = 2;
    static constexpr int kLeft = 0, kRight = 1;  // A's actions

    explicit MaximizationBiasMdp(int b_actions = 10, std::uint64_t seed = 0, double mean = -0.1, double sd = 1.0)
        : b_actions_(b_actions), mean_(mean), sd_(sd), rng_(seed) {
        COURSE_CHECK(b_actions >= 1, "MaximizationBiasMdp: b_actions = ", b_actions, ", expected at least 1");
        COURSE_CHECK(std::isfinite(mean), "MaximizationBiasMdp: mean = ", mean, ", expected a finite number");
        COURSE_CHECK(std::isfinite(sd) && sd >= 0.0, "MaximizationBiasMdp: sd = ", sd,
                     ", expected a finite standard deviation >= 0");
    }

    int num_states() const override { return 3; }
    int num_actions() const override { return b_actions_ > 2 ? b_actions_ : 2; }
    int reset() override {
        state_ = kStateA;
        return state_;
    }
    // step: from A, action 0 (left) to B or 1 (right) to the end, reward 0; from B, any of its
    // actions to the end with reward mean + sd * rng.normal() (one normal() per step from B).
    // Refuses, through check_maximization_bias_step, an action A or B does not offer
    // (std::invalid_argument) and a step after the end (std::logic_error: reset first).
    Step step(int action) override;
    int state() const override { return state_; }
    Model model() const override {
        Model m;
        m.num_states = 3;
        m.num_actions = num_actions();
        m.outcomes.resize(std::size_t(3) * std::size_t(m.num_actions));
        m.terminal = {0, 0, 1};
        m.outcomes[std::size_t(kStateA) * m.num_actions + kLeft] = {{1.0, kStateB, 0.0, false}};
        m.outcomes[std::size_t(kStateA) * m.num_actions + kRight] = {{1.0, kEnd, 0.0, true}};
        for (int a = 0; a < b_actions_; ++a)
            m.outcomes[std::size_t(kStateB) * m.num_actions + a] = {{1.0, kEnd, mean_, true}};
        return m;
    }

    int b_actions() const { return b_actions_; }
    // action_counts: k(s) for s = A, B, the end.
    std::vector<int> action_counts() const { return {2, b_actions_, num_actions()}; }

private:
    int b_actions_;
    double mean_, sd_;
    int state_ = kStateA;
    course::Rng rng_;
};

// check_maximization_bias_step: step()'s checks: not after the end, and an action of the state.
inline void check_maximization_bias_step(int state, int action, int b_actions) {
    if (state == MaximizationBiasMdp::kEnd)
        throw std::logic_error("MaximizationBiasMdp::step: the episode has ended; call reset()");
    if (state == MaximizationBiasMdp::kStateA)
        COURSE_CHECK(action == MaximizationBiasMdp::kLeft || action == MaximizationBiasMdp::kRight,
                     "MaximizationBiasMdp::step: action ", action,
                     " in state A, expected 0 (left, to B) or 1 (right, the end)");
    else
        COURSE_CHECK(action >= 0 && action < b_actions, "MaximizationBiasMdp::step: action ", action,
                     " in state B, expected 0 .. ", b_actions - 1);
}

// ---- Double Q-learning ----

// DoubleQOptions: the step size, the discount, the exploration and a cap on an episode's length.
struct DoubleQOptions {
    double alpha = 0.1;      // step size, > 0 (and finite)
    double gamma = 1.0;      // discount, in [0, 1]
    double epsilon = 0.1;    // exploration of the epsilon-greedy behaviour, in [0, 1]
    int max_steps = 100000;  // an episode stops after this many steps even if not done, >= 1
};

// EpisodeRecord: what one episode did.
struct EpisodeRecord {
    int first_action = -1;      // the action taken in the start state (Figure 6.5 counts "left")
    double total_reward = 0.0;  // the undiscounted sum of the episode's rewards
    int steps = 0;              // the number of steps taken
    bool done = false;          // the episode reached a terminal state (false: cut at max_steps)
};

// double_q_update: one double Q-learning update of q_update from the transition (s, a, step):
//     target = step.reward                                        if step.done
//            = step.reward + gamma * q_evaluate[s', a*]           otherwise, with
//     a*     = greedy_action(q_update[s', 0 .. next_count - 1], rng)   (the updated table chooses)
//     q_update[s, a] += alpha * (target - q_update[s, a])
// Call it as double_q_update(q1, q2, ...) to update Q1 and double_q_update(q2, q1, ...) for Q2.
// Draws from rng only for a tie in the argmax (greedy_action); a terminal s' draws nothing.
// q_update and q_evaluate are S x A (num_actions = A); s, s' in 0 .. S - 1; a in 0 .. A - 1;
// next_count = k(s') in 1 .. A. Refused (std::invalid_argument): tables of different sizes or not
// a multiple of A, indices out of range, alpha <= 0 or not finite, gamma outside [0, 1].
void double_q_update(std::span<double> q_update, std::span<const double> q_evaluate, int num_actions, int s, int a,
                     const Step& step, int next_count, double alpha, double gamma, course::Rng& rng);

// double_q_episode: one episode from env.reset() that updates q1 and q2 in place. Each step, the
// draws in this order (a test replays them):
//     a    = epsilon_greedy_action(Q1(s, .) + Q2(s, .) over the k(s) actions of s, epsilon, rng)
//     step = env.step(a)
//     coin = rng.uniform(0, 1) < 0.5:  true: double_q_update(q1, q2, ...)   false: double_q_update(q2, q1, ...)
// until step.done, or options.max_steps steps (then done = false: the last update bootstrapped,
// s' was not terminal). q1 and q2 are S x A with S = env.num_states(), A = env.num_actions();
// action_counts is empty or holds S counts in 1 .. A.
EpisodeRecord double_q_episode(Environment& env, std::span<double> q1, std::span<double> q2,
                               std::span<const int> action_counts, const DoubleQOptions& options, course::Rng& rng);

// DoubleQResult: the two tables after training and every episode's record.
struct DoubleQResult {
    std::vector<double> q1, q2;          // S x A each
    std::vector<EpisodeRecord> records;  // [episode]
};

// double_q_learning: `episodes` episodes of double_q_episode from Q1 = Q2 = 0.
// The greedy policy it learned: greedy_action on Q1 + Q2 (the sum, as the behaviour uses).
DoubleQResult double_q_learning(Environment& env, int episodes, std::span<const int> action_counts,
                                const DoubleQOptions& options, course::Rng& rng);

// ---- Figure 6.5: Q-learning against double Q-learning on Example 6.7 ----

// MaximizationBiasCurves: per episode e = 0 .. episodes - 1, over the runs.
struct MaximizationBiasCurves {
    std::vector<double> q_learning_left;     // % of runs whose action in A was left in episode e
    std::vector<double> double_q_left;       // the same for double Q-learning
    std::vector<double> q_learning_b_value;  // mean over runs, after episode e, of max_a Q(B, a)
    std::vector<double> double_q_b_value;    // mean over runs of (Q2(B, a1) + Q1(B, a2)) / 2, where
                                             // a1 = argmax Q1(B, .), a2 = argmax Q2(B, .), the FIRST
                                             // maximum (a measurement: no draw from the runs' rngs)
};

// maximization_bias_seed: the seed of run r's generator number `stream` (0: Q-learning's MDP,
// 1: Q-learning's agent, 2: double Q's MDP, 3: double Q's agent), splitmix64 of the three, so that
// every run is the same on any number of threads.
inline std::uint64_t maximization_bias_seed(std::uint64_t seed, int run, int stream) {
    std::uint64_t z = seed + 0x9E3779B97F4A7C15ull * (std::uint64_t(run) * 4u + std::uint64_t(stream) + 1u);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
}

// maximization_bias_experiment: Figure 6.5. For each run r = 0 .. runs - 1, from zero tables:
//   Q-learning: MaximizationBiasMdp(b_actions, maximization_bias_seed(seed, r, 0)) and
//     course::Rng(maximization_bias_seed(seed, r, 1)); each step a = epsilon_greedy_action(Q(s, .)
//     over k(s), epsilon, rng), then Q(s, a) += alpha (r + gamma max_{a' < k(s')} Q(s', a') - Q(s, a)),
//     r alone at the end;
//   double Q-learning: streams 2 and 3, double_q_episode.
// Both run `episodes` episodes. OpenMP over runs on `threads` threads: the curves are the same
// bits for every thread count (each run's generators depend on r only; the sums are formed in a
// fixed order). Cost: O(runs * episodes * b_actions).
// Refused: runs < 1, episodes < 1, b_actions < 1, threads < 1, and the options' checks.
MaximizationBiasCurves maximization_bias_experiment(int runs, int episodes, int b_actions,
                                                    const DoubleQOptions& options, std::uint64_t seed, int threads = 1);

// ---- Argument checks (not the lesson; the stub and the reference call them) ----

// check_double_q_options: alpha > 0 and finite, gamma and epsilon in [0, 1], max_steps >= 1.
inline void check_double_q_options(const char* function, const DoubleQOptions& o) {
    COURSE_CHECK(o.alpha > 0.0 && std::isfinite(o.alpha), function, ": alpha = ", o.alpha,
                 ", expected a finite step size > 0");
    COURSE_CHECK(o.gamma >= 0.0 && o.gamma <= 1.0, function, ": gamma = ", o.gamma, ", expected a discount in [0, 1]");
    COURSE_CHECK(o.epsilon >= 0.0 && o.epsilon <= 1.0, function, ": epsilon = ", o.epsilon,
                 ", expected a probability in [0, 1]");
    COURSE_CHECK(o.max_steps >= 1, function, ": max_steps = ", o.max_steps, ", expected at least 1");
}

// check_double_q_action_counts: empty, or S counts each in 1 .. A.
inline void check_double_q_action_counts(const char* function, std::span<const int> action_counts, int S, int A) {
    if (action_counts.empty()) return;
    COURSE_CHECK(action_counts.size() == std::size_t(S), function, ": action_counts has ", action_counts.size(),
                 " entries, expected one per state, S = ", S, " (or none: every state has all A actions)");
    for (std::size_t s = 0; s < action_counts.size(); ++s)
        COURSE_CHECK(action_counts[s] >= 1 && action_counts[s] <= A, function, ": action_counts[", s, "] = ",
                     action_counts[s], ", expected 1 .. A = ", A);
}

// check_double_q_update_arguments: double_q_update's checks.
inline void check_double_q_update_arguments(std::size_t q_update_size, std::size_t q_evaluate_size, int num_actions,
                                            int s, int a, const Step& step, int next_count, double alpha,
                                            double gamma) {
    COURSE_CHECK(num_actions >= 1, "double_q_update: num_actions = ", num_actions, ", expected at least 1");
    COURSE_CHECK(q_update_size == q_evaluate_size, "double_q_update: q_update has ", q_update_size,
                 " entries and q_evaluate ", q_evaluate_size, ", expected two tables of one size S * A");
    COURSE_CHECK(q_update_size >= std::size_t(num_actions) && q_update_size % std::size_t(num_actions) == 0,
                 "double_q_update: the tables have ", q_update_size, " entries, expected S * A with A = ",
                 num_actions, " and S >= 1");
    const int S = int(q_update_size / std::size_t(num_actions));
    COURSE_CHECK(s >= 0 && s < S, "double_q_update: s = ", s, ", expected 0 .. S - 1 = ", S - 1);
    COURSE_CHECK(a >= 0 && a < num_actions, "double_q_update: a = ", a, ", expected 0 .. A - 1 = ", num_actions - 1);
    COURSE_CHECK(step.next_state >= 0 && step.next_state < S, "double_q_update: next_state = ", step.next_state,
                 ", expected 0 .. S - 1 = ", S - 1);
    COURSE_CHECK(next_count >= 1 && next_count <= num_actions, "double_q_update: next_count = ", next_count,
                 ", expected 1 .. A = ", num_actions);
    COURSE_CHECK(alpha > 0.0 && std::isfinite(alpha), "double_q_update: alpha = ", alpha,
                 ", expected a finite step size > 0");
    COURSE_CHECK(gamma >= 0.0 && gamma <= 1.0, "double_q_update: gamma = ", gamma, ", expected a discount in [0, 1]");
}

// check_double_q_episode_arguments: the options, the tables' sizes (S * A each) and action_counts.
inline void check_double_q_episode_arguments(const char* function, const Environment& env, std::size_t q1_size,
                                             std::size_t q2_size, std::span<const int> action_counts,
                                             const DoubleQOptions& options) {
    check_double_q_options(function, options);
    const int S = env.num_states(), A = env.num_actions();
    const std::size_t SA = std::size_t(S) * std::size_t(A);
    COURSE_CHECK(q1_size == SA, function, ": q1 has ", q1_size, " entries, expected S * A = ", S, " * ", A);
    COURSE_CHECK(q2_size == SA, function, ": q2 has ", q2_size, " entries, expected S * A = ", S, " * ", A);
    check_double_q_action_counts(function, action_counts, S, A);
}

// check_double_q_learning_arguments: episodes >= 1, then the options and action_counts.
inline void check_double_q_learning_arguments(const Environment& env, int episodes, std::span<const int> action_counts,
                                              const DoubleQOptions& options) {
    COURSE_CHECK(episodes >= 1, "double_q_learning: episodes = ", episodes, ", expected at least 1");
    check_double_q_options("double_q_learning", options);
    check_double_q_action_counts("double_q_learning", action_counts, env.num_states(), env.num_actions());
}

// check_maximization_bias_arguments: the experiment's checks.
inline void check_maximization_bias_arguments(int runs, int episodes, int b_actions, const DoubleQOptions& options,
                                              int threads) {
    COURSE_CHECK(runs >= 1, "maximization_bias_experiment: runs = ", runs, ", expected at least 1");
    COURSE_CHECK(episodes >= 1, "maximization_bias_experiment: episodes = ", episodes, ", expected at least 1");
    COURSE_CHECK(b_actions >= 1, "maximization_bias_experiment: b_actions = ", b_actions, ", expected at least 1");
    COURSE_CHECK(threads >= 1, "maximization_bias_experiment: threads = ", threads, ", expected at least 1");
    check_double_q_options("maximization_bias_experiment", options);
}

}  // namespace course::reinforcement_learning
