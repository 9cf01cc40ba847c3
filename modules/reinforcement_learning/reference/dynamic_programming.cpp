// Reference: dynamic programming on a known model. See the contract header.
#include "reinforcement_learning/dynamic_programming.hpp"

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <span>
#include <stdexcept>
#include <vector>

#include "course/error.hpp"

namespace course::reinforcement_learning {

namespace {

// backup: q(s, a) = sum p (r + gamma * (done ? 0 : v(s'))), 0 for a terminal s (empty list).
double backup(const Model& model, std::span<const double> v, double gamma, int s, int a) {
    double sum = 0.0;
    for (const Outcome& o : model.of(s, a)) {
        const double next = o.done ? 0.0 : v[std::size_t(o.next_state)];  // a terminal's value is 0
        sum += o.probability * (o.reward + gamma * next);
    }
    return sum;
}

// expectation_sweep: next(s) = sum_a pi(a | s) q(s, a); returns max_s |next(s) - v(s)|.
double expectation_sweep(const Model& model, std::span<const double> policy, std::span<const double> v,
                         double gamma, std::vector<double>& next) {
    const int S = model.num_states, A = model.num_actions;
    double change = 0.0;
    for (int s = 0; s < S; ++s) {
        double value = 0.0;  // stays 0 for a terminal state: its lists are empty
        for (int a = 0; a < A; ++a) {
            const double weight = policy[std::size_t(s) * std::size_t(A) + std::size_t(a)];
            value += weight * backup(model, v, gamma, s, a);
        }
        next[std::size_t(s)] = value;
        change = std::max(change, std::abs(value - v[std::size_t(s)]));
    }
    return change;
}

}  // namespace

std::vector<double> q_from_v(const Model& model, std::span<const double> v, double gamma) {
    check_q_from_v_arguments(model, v, gamma);
    const int S = model.num_states, A = model.num_actions;
    std::vector<double> q(std::size_t(S) * std::size_t(A), 0.0);
    for (int s = 0; s < S; ++s)
        for (int a = 0; a < A; ++a) q[std::size_t(s) * std::size_t(A) + std::size_t(a)] = backup(model, v, gamma, s, a);
    return q;
}

std::vector<double> policy_evaluation_sweep(const Model& model, std::span<const double> policy,
                                            std::span<const double> v, double gamma) {
    check_policy_evaluation_sweep_arguments(model, policy, v, gamma);
    std::vector<double> next(std::size_t(model.num_states));
    expectation_sweep(model, policy, v, gamma, next);
    return next;
}

Evaluation policy_evaluation(const Model& model, std::span<const double> policy, double gamma, double theta,
                             int max_sweeps) {
    check_policy_evaluation_arguments(model, policy, gamma, theta, max_sweeps);
    Evaluation result;
    result.v.assign(std::size_t(model.num_states), 0.0);
    std::vector<double> next(std::size_t(model.num_states));
    for (;;) {
        const double change = expectation_sweep(model, policy, result.v, gamma, next);
        result.v.swap(next);  // two arrays: sweep k + 1 read only v_k
        ++result.sweeps;
        if (change < theta) return result;
        if (result.sweeps >= max_sweeps) sweeps_exceeded("policy_evaluation", "max_sweeps", max_sweeps, change);
    }
}

GreedyPolicy greedy_policy(std::span<const double> q, int num_states, int num_actions, double tie_tolerance) {
    check_greedy_policy_arguments(q, num_states, num_actions, tie_tolerance);
    const std::size_t A = std::size_t(num_actions);
    GreedyPolicy result;
    result.ties.resize(std::size_t(num_states));
    result.policy.assign(std::size_t(num_states) * A, 0.0);
    for (std::size_t s = 0; s < std::size_t(num_states); ++s) {
        const auto row = q.subspan(s * A, A);
        const double best = *std::max_element(row.begin(), row.end());
        for (std::size_t a = 0; a < A; ++a)
            if (row[a] >= best - tie_tolerance) result.ties[s].push_back(int(a));
        const double share = 1.0 / double(result.ties[s].size());
        for (int a : result.ties[s]) result.policy[s * A + std::size_t(a)] = share;
    }
    return result;
}

Solution policy_iteration(const Model& model, double gamma, double theta, double tie_tolerance, int max_sweeps,
                          int max_improvements) {
    check_policy_iteration_arguments(model, gamma, theta, tie_tolerance, max_sweeps, max_improvements);
    const int S = model.num_states, A = model.num_actions;
    std::vector<double> policy = uniform_policy(S, A);
    Solution result;
    for (;;) {
        Evaluation evaluation = policy_evaluation(model, policy, gamma, theta, max_sweeps);
        result.sweeps += evaluation.sweeps;
        ++result.improvements;
        result.v = std::move(evaluation.v);
        result.q = q_from_v(model, result.v, gamma);
        result.greedy = greedy_policy(result.q, S, A, tie_tolerance);
        // Stable: every action the policy uses is greedy for its own values (ties never cycle).
        bool stable = true;
        for (std::size_t i = 0; i < policy.size(); ++i)
            if (policy[i] > 0.0 && result.greedy.policy[i] == 0.0) stable = false;
        if (stable) return result;
        if (result.improvements >= max_improvements)
            throw std::runtime_error(course::concat("policy_iteration: max_improvements = ", max_improvements,
                                                    " rounds and the policy is still not greedy for its own values:"
                                                    " raise tie_tolerance above the evaluation's error?"));
        policy = result.greedy.policy;
    }
}

Solution value_iteration(const Model& model, double gamma, double theta, double tie_tolerance, int max_sweeps) {
    check_value_iteration_arguments(model, gamma, theta, tie_tolerance, max_sweeps);
    const int S = model.num_states, A = model.num_actions;
    Solution result;
    result.v.assign(std::size_t(S), 0.0);
    std::vector<double> next(result.v.size());
    for (;;) {
        double change = 0.0;
        for (int s = 0; s < S; ++s) {
            double best = backup(model, result.v, gamma, s, 0);  // 0 for a terminal state (empty lists)
            for (int a = 1; a < A; ++a) best = std::max(best, backup(model, result.v, gamma, s, a));
            next[std::size_t(s)] = best;
            change = std::max(change, std::abs(best - result.v[std::size_t(s)]));
        }
        result.v.swap(next);  // two arrays: sweep k + 1 read only v_k
        ++result.sweeps;
        if (change < theta) break;  // the value residual, never the greedy policy
        if (result.sweeps >= max_sweeps) sweeps_exceeded("value_iteration", "max_sweeps", max_sweeps, change);
    }
    result.q = q_from_v(model, result.v, gamma);
    result.greedy = greedy_policy(result.q, S, A, tie_tolerance);
    return result;
}

}  // namespace course::reinforcement_learning
