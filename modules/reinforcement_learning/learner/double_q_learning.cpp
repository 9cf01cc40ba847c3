// Exercise 5: double Q-learning and the maximization bias (Example 6.7, Figure 6.5).
// Contract: include/reinforcement_learning/double_q_learning.hpp
// Notes: docs/reinforcement_learning.md#double_q_learning.  Hints: ./course hint reinforcement_learning double_q_learning
// Grade it:  ./course grade reinforcement_learning double_q_learning
//
// Two tables; a fair coin picks the one to update; it chooses the next action, the other evaluates:
//     a* = argmax_{a' < k(s')} Q1(s', a')
//     Q1(s, a) += alpha * (r + gamma * Q2(s', a*) - Q1(s, a))         (s' terminal: r alone)
// Behaviour: epsilon_greedy_action on Q1(s, .) + Q2(s, .) over the k(s) actions of s.
// greedy_action and epsilon_greedy_action come from bandits.hpp (exercise 1, its reference).
#include "reinforcement_learning/double_q_learning.hpp"

#include <cstdint>
#include <span>

#include "course/error.hpp"
#include "reinforcement_learning/bandits.hpp"

namespace course::reinforcement_learning {

Step MaximizationBiasMdp::step(int action) {
    check_maximization_bias_step(state_, action, b_actions_);
    // TODO(learner): Example 6.7's moves: from A, left (0) to B and right (1) to the end, reward 0;
    // from B, any action ends the episode with reward mean_ + sd_ * rng_.normal(). Update state_.
    COURSE_TODO("MaximizationBiasMdp::step");
}

void double_q_update(std::span<double> q_update, std::span<const double> q_evaluate, int num_actions, int s, int a,
                     const Step& step, int next_count, double alpha, double gamma, course::Rng& rng) {
    check_double_q_update_arguments(q_update.size(), q_evaluate.size(), num_actions, s, a, step, next_count, alpha,
                                    gamma);
    // TODO(learner): the target (the reward alone when step.done; else a* from q_update's row of
    // step.next_state, its first next_count entries, and the value from q_evaluate), then the step.
    // Hint: which table evaluates is the whole point: q_update[s', a*] is Q-learning again.
    (void)rng;
    COURSE_TODO("double_q_update");
}

EpisodeRecord double_q_episode(Environment& env, std::span<double> q1, std::span<double> q2,
                               std::span<const int> action_counts, const DoubleQOptions& options, course::Rng& rng) {
    check_double_q_episode_arguments("double_q_episode", env, q1.size(), q2.size(), action_counts, options);
    // TODO(learner): reset, then per step: the epsilon-greedy action on Q1 + Q2 (k(s) entries), the
    // step, the coin rng.uniform(0, 1) < 0.5 (true: update Q1), the record; stop when done or after
    // options.max_steps steps. The draws in exactly this order: the tests replay them.
    // Hint: k(s) is action_counts[s], or env.num_actions() when action_counts is empty.
    (void)rng;
    COURSE_TODO("double_q_episode");
}

DoubleQResult double_q_learning(Environment& env, int episodes, std::span<const int> action_counts,
                                const DoubleQOptions& options, course::Rng& rng) {
    check_double_q_learning_arguments(env, episodes, action_counts, options);
    // TODO(learner): two zero tables of S * A, then `episodes` calls of double_q_episode.
    (void)rng;
    COURSE_TODO("double_q_learning");
}

MaximizationBiasCurves maximization_bias_experiment(int runs, int episodes, int b_actions,
                                                    const DoubleQOptions& options, std::uint64_t seed, int threads) {
    check_maximization_bias_arguments(runs, episodes, b_actions, options, threads);
    // TODO(learner): per run, Q-learning (one table, the max over k(s') in its target) and double
    // Q-learning, each on its own MaximizationBiasMdp and Rng seeded by maximization_bias_seed(seed,
    // run, stream); after each episode add up "left in A" and the estimates of max_a Q(B, a).
    // Hint: sum the runs in a fixed order (blocks of runs, then the blocks in turn) so that the
    // curves are the same bits on any number of threads.
    (void)seed;
    COURSE_TODO("maximization_bias_experiment");
}

}  // namespace course::reinforcement_learning
