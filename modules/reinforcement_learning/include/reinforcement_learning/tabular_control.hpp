// Tabular control: Q-learning, SARSA and Expected SARSA, learning Q from sampled steps of an
// Environment while acting epsilon-greedily, and the greedy path a learned Q follows.
// Notes: docs/reinforcement_learning.md#tabular_control.
//
// One step S, A -> R, S' (done: S' is terminal) moves one entry of Q (S x A, q[s * A + a]) toward
// a target, with step size alpha:
//     Q(S, A) <- Q(S, A) + alpha (target - Q(S, A))
//     Q-learning       target = R + gamma max_a Q(S', a)                    (off-policy)
//     SARSA            target = R + gamma Q(S', A')      A' the action taken next (on-policy)
//     Expected SARSA   target = R + gamma sum_a pi(a | S') Q(S', a)        pi epsilon-greedy
// and gamma times 0 instead of Q(S', .) when S' is terminal (done): a terminal state has no
// actions and value 0, whatever its row of Q holds. gamma multiplies the next value, never R.
// pi(a | s) of epsilon-greedy with k tied maxima (bandits' epsilon_greedy_action):
//     epsilon / A + (1 - epsilon) / k     for each of the k greedy actions
//     epsilon / A                         for every other action
//
// Behaviour: every action comes from bandits' epsilon_greedy_action(row, epsilon, rng) on the row
// q[s * A .. s * A + A), and nothing else draws from rng. One episode, in this exact order:
//     Q-learning, Expected SARSA:  s = env.reset(); each step: a = choose(s); (s', r, done) =
//                                  env.step(a); update; s = s'; stop when done
//     SARSA:                       s = env.reset(); a = choose(s); each step: (s', r, done) =
//                                  env.step(a); if not done a' = choose(s') with Q BEFORE this
//                                  step's update; update; s, a = s', a'; stop when done
// An episode also stops after max_steps_per_episode steps (truncated: its last update bootstraps
// as usual, S' is not terminal); no action is ever chosen in a terminal state.
// Cost: O(A) per step (choose, max or expectation, one update); memory S x A.
//
// Source: Sutton & Barto, Reinforcement Learning: An Introduction, 2nd ed. (2018): section 6.4
// (SARSA), 6.5 (Q-learning, Example 6.6 the cliff walk, Figure 6.4), 6.6 (Expected SARSA,
// Figure 6.3); Watkins (1989) for Q-learning; van Seijen et al. (2009) for Expected SARSA.
#pragma once

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

#include "course/error.hpp"
#include "course/random.hpp"
#include "reinforcement_learning/environments.hpp"

namespace course::reinforcement_learning {

// ControlOptions: the options of q_learning, sarsa and expected_sarsa.
struct ControlOptions {
    int episodes = 500;                  // >= 1
    double alpha = 0.5;                  // step size, in (0, 1]
    double gamma = 1.0;                  // discount, in [0, 1]
    double epsilon = 0.1;                // exploration of the epsilon-greedy behaviour, in [0, 1]
    double initial_value = 0.0;          // every entry of Q at the start, terminal rows included; finite
    int max_steps_per_episode = 100000;  // >= 1: an episode is cut after this many steps
};

// ControlResult: what one run of a method returns.
struct ControlResult {
    std::vector<double> q;                // S * A, q[s * A + a]; terminal rows keep initial_value
    std::vector<double> episode_rewards;  // [episodes]: the sum of the rewards of each episode (undiscounted)
    std::int64_t updates = 0;             // the number of updates of Q (one per step taken)
};

// check_control_options: std::invalid_argument naming `function`, the option and its value.
inline void check_control_options(const char* function, const Environment& env, const ControlOptions& o) {
    COURSE_CHECK(env.num_states() >= 1 && env.num_actions() >= 1, function, ": the environment has ",
                 env.num_states(), " states and ", env.num_actions(), " actions, expected at least 1 of each");
    COURSE_CHECK(o.episodes >= 1, function, ": episodes = ", o.episodes, ", expected at least 1");
    COURSE_CHECK(o.alpha > 0.0 && o.alpha <= 1.0, function, ": alpha = ", o.alpha,
                 ", expected a step size in (0, 1]");
    COURSE_CHECK(o.gamma >= 0.0 && o.gamma <= 1.0, function, ": gamma = ", o.gamma, ", expected a discount in [0, 1]");
    COURSE_CHECK(o.epsilon >= 0.0 && o.epsilon <= 1.0, function, ": epsilon = ", o.epsilon,
                 ", expected a probability in [0, 1]");
    COURSE_CHECK(std::isfinite(o.initial_value), function, ": initial_value = ", o.initial_value,
                 ", expected a finite number");
    COURSE_CHECK(o.max_steps_per_episode >= 1, function, ": max_steps_per_episode = ", o.max_steps_per_episode,
                 ", expected at least 1");
}

// Transition: one sampled step S, A -> R, S' (done: S' is terminal).
struct Transition {
    int state;
    int action;
    double reward;
    int next_state;
    bool done;
};

// check_update_arguments: q holds whole rows of num_actions >= 1 entries, the transition's states
// and action are in range, the reward is finite, alpha in (0, 1], gamma and epsilon in [0, 1].
inline void check_update_arguments(const char* function, std::span<const double> q, int num_actions,
                                   const Transition& t, double alpha, double gamma, double epsilon = 0.0) {
    COURSE_CHECK(num_actions >= 1 && q.size() % std::size_t(num_actions) == 0 && !q.empty(), function, ": q has ",
                 q.size(), " entries, expected a positive multiple of num_actions = ", num_actions);
    const std::size_t S = q.size() / std::size_t(num_actions);
    COURSE_CHECK(t.state >= 0 && std::size_t(t.state) < S, function, ": state ", t.state, " outside 0 .. ", S - 1);
    COURSE_CHECK(t.next_state >= 0 && std::size_t(t.next_state) < S, function, ": next_state ", t.next_state,
                 " outside 0 .. ", S - 1);
    COURSE_CHECK(t.action >= 0 && t.action < num_actions, function, ": action ", t.action, " outside 0 .. ",
                 num_actions - 1);
    COURSE_CHECK(std::isfinite(t.reward), function, ": reward = ", t.reward, ", expected a finite number");
    COURSE_CHECK(alpha > 0.0 && alpha <= 1.0, function, ": alpha = ", alpha, ", expected a step size in (0, 1]");
    COURSE_CHECK(gamma >= 0.0 && gamma <= 1.0, function, ": gamma = ", gamma, ", expected a discount in [0, 1]");
    COURSE_CHECK(epsilon >= 0.0 && epsilon <= 1.0, function, ": epsilon = ", epsilon,
                 ", expected a probability in [0, 1]");
}

// The three updates, one step each; they change q[t.state * A + t.action] only.

// q_learning_update:
//     Q(S, A) += alpha (R + gamma max_a Q(S', a) - Q(S, A))          (max term 0 if done)
void q_learning_update(std::span<double> q, int num_actions, const Transition& t, double alpha, double gamma);

// sarsa_update:
//     Q(S, A) += alpha (R + gamma Q(S', A') - Q(S, A))               (0 if done; A' unused then)
// next_action A' must be in 0 .. A - 1 when not done.
void sarsa_update(std::span<double> q, int num_actions, const Transition& t, int next_action, double alpha,
                  double gamma);

// expected_sarsa_update:
//     Q(S, A) += alpha (R + gamma sum_a pi(a | S') Q(S', a) - Q(S, A))   (0 if done)
// pi the epsilon-greedy policy of the row of S' (ties: the greedy share split evenly, see above).
void expected_sarsa_update(std::span<double> q, int num_actions, const Transition& t, double alpha, double gamma,
                           double epsilon);

// The three methods: options.episodes episodes on env (reset at each start), Q starting at
// options.initial_value everywhere, actions from epsilon_greedy_action with `rng` (the agent's
// generator; env has its own). See the top of the file for the exact order of the draws.

// q_learning: Watkins' Q-learning, off-policy: it learns q* while behaving epsilon-greedily.
ControlResult q_learning(Environment& env, const ControlOptions& options, course::Rng& rng);
// sarsa: on-policy TD control: it learns q of the epsilon-greedy policy it follows.
ControlResult sarsa(Environment& env, const ControlOptions& options, course::Rng& rng);
// expected_sarsa: SARSA with the expectation over the next action instead of a sample of it.
ControlResult expected_sarsa(Environment& env, const ControlOptions& options, course::Rng& rng);

// greedy_path: the states visited by the greedy policy of q from env.reset(): the start state
// first, then each next state, until a step ends the episode (its terminal state is the last
// entry) or max_steps steps were taken (then max_steps + 1 states). Ties go to the LOWEST action
// (deterministic, unlike the behaviour's random tie-breaking: a path must be reproducible).
// q must hold num_states() * num_actions() entries, none NaN; max_steps >= 0.
std::vector<int> greedy_path(Environment& env, std::span<const double> q, int max_steps);

// ---- For the plots (no exercise: they call the three methods) ----

enum class ControlMethod { q_learning, sarsa, expected_sarsa };

// run_control: the method `method` on env.
inline ControlResult run_control(ControlMethod method, Environment& env, const ControlOptions& options,
                                 course::Rng& rng) {
    switch (method) {
    case ControlMethod::q_learning: return q_learning(env, options, rng);
    case ControlMethod::sarsa: return sarsa(env, options, rng);
    case ControlMethod::expected_sarsa: return expected_sarsa(env, options, rng);
    }
    throw_invalid_argument("run_control: unknown method ", int(method));
}

// mean_episode_rewards: the sum of rewards of each episode, averaged over `runs` independent runs
// (Figure 6.4 averages 100 or more): run r learns on a fresh copy of `environment` with the
// agent's generator course::Rng(seed + r). [options.episodes] entries.
inline std::vector<double> mean_episode_rewards(ControlMethod method, const GridWorld& environment,
                                                const ControlOptions& options, int runs, std::uint64_t seed) {
    COURSE_CHECK(runs >= 1, "mean_episode_rewards: runs = ", runs, ", expected at least 1");
    std::vector<double> mean(std::size_t(options.episodes > 0 ? options.episodes : 0), 0.0);
    for (int r = 0; r < runs; ++r) {
        GridWorld env = environment;
        course::Rng rng(seed + std::uint64_t(r));
        const ControlResult result = run_control(method, env, options, rng);
        for (std::size_t e = 0; e < mean.size(); ++e) mean[e] += result.episode_rewards[e] / runs;
    }
    return mean;
}

}  // namespace course::reinforcement_learning
