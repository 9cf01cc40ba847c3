// Exercise 3: dynamic programming. Contract: include/reinforcement_learning/dynamic_programming.hpp
// Notes: docs/reinforcement_learning.md#dynamic_programming.  Hints: ./course hint reinforcement_learning dynamic_programming
// Grade it:  ./course grade reinforcement_learning dynamic_programming
//
//     q(s, a)    = sum_{(p, s', r, done) in model.of(s, a)} p * (r + gamma * (done ? 0 : v(s')))   (S, A)
//     v_{k+1}(s) = sum_a pi(a | s) q_k(s, a)       policy evaluation (Bellman expectation)        (S)
//     v_{k+1}(s) = max_a q_k(s, a)                 value iteration (Bellman optimality)           (S)
//     stop at the first sweep with max_s |v_{k+1}(s) - v_k(s)| < theta (two arrays: read v_k only)
//
// A terminal state has no outcomes (its lists are empty): its q row and its value are 0.
#include "reinforcement_learning/dynamic_programming.hpp"

#include <span>
#include <vector>

#include "course/error.hpp"

namespace course::reinforcement_learning {

std::vector<double> q_from_v(const Model& model, std::span<const double> v, double gamma) {
    check_q_from_v_arguments(model, v, gamma);
    // TODO(learner): for every (s, a), sum over model.of(s, a) of p * (r + gamma * v(s')), where an
    // outcome with done = true adds r only.
    // Hint: the v you are given may hold anything at a terminal state; never read it.
    COURSE_TODO("q_from_v");
}

std::vector<double> policy_evaluation_sweep(const Model& model, std::span<const double> policy,
                                            std::span<const double> v, double gamma) {
    check_policy_evaluation_sweep_arguments(model, policy, v, gamma);
    // TODO(learner): a new array: next(s) = sum_a policy[s * A + a] * q(s, a), from v alone.
    COURSE_TODO("policy_evaluation_sweep");
}

Evaluation policy_evaluation(const Model& model, std::span<const double> policy, double gamma, double theta,
                             int max_sweeps) {
    check_policy_evaluation_arguments(model, policy, gamma, theta, max_sweeps);
    // TODO(learner): v = 0; sweep, count it, stop when the largest change was < theta; after
    // max_sweeps sweeps without that, sweeps_exceeded("policy_evaluation", "max_sweeps", ...).
    COURSE_TODO("policy_evaluation");
}

GreedyPolicy greedy_policy(std::span<const double> q, int num_states, int num_actions, double tie_tolerance) {
    check_greedy_policy_arguments(q, num_states, num_actions, tie_tolerance);
    // TODO(learner): per state, the best q; ties = every action within tie_tolerance of it, in
    // increasing order; the policy puts 1 / |ties| on each.
    COURSE_TODO("greedy_policy");
}

Solution policy_iteration(const Model& model, double gamma, double theta, double tie_tolerance, int max_sweeps,
                          int max_improvements) {
    check_policy_iteration_arguments(model, gamma, theta, tie_tolerance, max_sweeps, max_improvements);
    // TODO(learner): from uniform_policy, evaluate, look ahead, take the greedy set; stop when every
    // action the policy uses is in the greedy set, else adopt the greedy policy.
    // Hint: "stop when the new policy equals the old" can flip between equally good policies forever.
    COURSE_TODO("policy_iteration");
}

Solution value_iteration(const Model& model, double gamma, double theta, double tie_tolerance, int max_sweeps) {
    check_value_iteration_arguments(model, gamma, theta, tie_tolerance, max_sweeps);
    // TODO(learner): v = 0; sweep v_{k+1}(s) = max_a q_k(s, a) until the largest change is < theta
    // (the values, not the greedy policy, decide); then q and the greedy policy from the last v.
    COURSE_TODO("value_iteration");
}

}  // namespace course::reinforcement_learning
