// Exercise 4: Q-learning, SARSA and Expected SARSA. Contract: include/reinforcement_learning/tabular_control.hpp
// Notes: docs/reinforcement_learning.md#tabular_control.  Hints: ./course hint reinforcement_learning tabular_control
// Grade it:  ./course grade reinforcement_learning tabular_control
//
//     Q(S, A) <- Q(S, A) + alpha (target - Q(S, A))
//     Q-learning       target = R + gamma max_a Q(S', a)
//     SARSA            target = R + gamma Q(S', A')           A' the next action, chosen before the update
//     Expected SARSA   target = R + gamma sum_a pi(a | S') Q(S', a)
// with 0 in place of the Q(S', .) term when S' is terminal (done). Q is S x A, q[s * A + a].
//
// Actions come from the bandits exercise's epsilon_greedy_action(row, epsilon, rng) (its
// reference is built for you), on the row std::span(q).subspan(s * A, A).
#include "reinforcement_learning/tabular_control.hpp"

#include <algorithm>
#include <cstddef>
#include <span>
#include <vector>

#include "reinforcement_learning/bandits.hpp"

namespace course::reinforcement_learning {

void q_learning_update(std::span<double> q, int num_actions, const Transition& t, double alpha, double gamma) {
    check_update_arguments("q_learning_update", q, num_actions, t, alpha, gamma);
    // TODO(learner): the largest value of the row of t.next_state (0 if t.done), then move
    // q[t.state * num_actions + t.action] toward t.reward + gamma * that.
    COURSE_TODO("q_learning_update");
}

void sarsa_update(std::span<double> q, int num_actions, const Transition& t, int next_action, double alpha,
                  double gamma) {
    check_update_arguments("sarsa_update", q, num_actions, t, alpha, gamma);
    COURSE_CHECK(t.done || (next_action >= 0 && next_action < num_actions), "sarsa_update: next_action ",
                 next_action, " outside 0 .. ", num_actions - 1);
    // TODO(learner): as q_learning_update, with Q(S', next_action) in place of the max.
    COURSE_TODO("sarsa_update");
}

void expected_sarsa_update(std::span<double> q, int num_actions, const Transition& t, double alpha, double gamma,
                           double epsilon) {
    check_update_arguments("expected_sarsa_update", q, num_actions, t, alpha, gamma, epsilon);
    // TODO(learner): the expectation of the row of S' under epsilon-greedy: epsilon / A for every
    // action, plus (1 - epsilon) / k for each of the k actions tied at the maximum.
    // Hint: count the tied maxima with ==, as greedy_action does; 0 if t.done.
    COURSE_TODO("expected_sarsa_update");
}

ControlResult q_learning(Environment& env, const ControlOptions& options, course::Rng& rng) {
    check_control_options("q_learning", env, options);
    // TODO(learner): Q = S * A entries of options.initial_value; per episode: s = env.reset(), then
    // up to max_steps_per_episode steps of choose a, env.step(a), add the reward to the episode's
    // sum, q_learning_update, ++updates, s = s', stop when done.
    COURSE_TODO("q_learning");
}

ControlResult sarsa(Environment& env, const ControlOptions& options, course::Rng& rng) {
    check_control_options("sarsa", env, options);
    // TODO(learner): as q_learning, but a is chosen once at the episode's start, and each step
    // chooses a' in s' (unless done) BEFORE sarsa_update, which then bootstraps from it; a = a'.
    // Hint: a' chosen after the update reads a row already changed when s' == s (bumping a wall).
    COURSE_TODO("sarsa");
}

ControlResult expected_sarsa(Environment& env, const ControlOptions& options, course::Rng& rng) {
    check_control_options("expected_sarsa", env, options);
    // TODO(learner): the loop of q_learning with expected_sarsa_update.
    COURSE_TODO("expected_sarsa");
}

std::vector<int> greedy_path(Environment& env, std::span<const double> q, int max_steps) {
    COURSE_CHECK(q.size() == std::size_t(env.num_states()) * std::size_t(env.num_actions()), "greedy_path: q has ",
                 q.size(), " entries, expected num_states * num_actions = ", env.num_states(), " * ",
                 env.num_actions());
    COURSE_CHECK(max_steps >= 0, "greedy_path: max_steps = ", max_steps, ", expected at least 0");
    // TODO(learner): path = {env.reset()}; up to max_steps times: the FIRST action of largest value
    // in the row of path.back() (std::max_element), env.step, append the next state, stop when done.
    // A NaN in q is std::invalid_argument.
    COURSE_TODO("greedy_path");
}

}  // namespace course::reinforcement_learning
