// Dynamic programming: policy evaluation, policy iteration and value iteration on a known model
// p(s', r | s, a) (environments.hpp's Model), and the greedy policy with its ties.
// Notes: docs/reinforcement_learning.md#dynamic_programming.
//
// The Bellman equations, S states, A actions, K outcomes listed per (s, a):
//     q(s, a) = sum_{(p, s', r, done) in model.of(s, a)} p * (r + gamma * (done ? 0 : v(s')))
//     v_pi(s) = sum_a pi(a | s) q_pi(s, a)            (expectation: policy evaluation)
//     v*(s)   = max_a q*(s, a)                          (optimality: value iteration)
// v is (S), q is (S, A) row-major (q[s * A + a]), a stochastic policy pi is (S, A) row-major,
// each row a probability distribution over the actions.
//
// Terminal states. A terminal state's lists are empty, so its q row and its value are 0 by
// definition; an outcome with done = true ends the episode and its backup is r alone: the value
// stored in v for the terminal state reached is never read (whatever it holds: a caller may pass a
// v with junk there). check_model makes done agree with terminal[next_state].
//
// Sweeps. One sweep updates every state once: sum over (s, a) of |model.of(s, a)| backups, S A K
// multiply-adds (K = 3 for slippery FrozenLake, 1 for deterministic grids), plus S A for a policy's
// weights or a max. Policy evaluation and value iteration here are SYNCHRONOUS (two arrays: sweep
// k + 1 reads only v_k), so that their sweeps are the v_k of the book's Figure 4.1 and the stopping
// bound below holds as stated.
//
// Scale. Values are linear in the rewards, but theta and tie_tolerance are ABSOLUTE (in reward
// units): rewards 1000 times larger need a theta and a tie_tolerance 1000 times larger for the
// same relative accuracy.
//
// gamma in [0, 1]. gamma = 1 is allowed on episodic models where the policy (or, for value
// iteration, the optimal policies and the iterates) ends every episode; otherwise the values grow
// without bound and no sweep's change falls below theta. The guard: every loop takes max_sweeps
// and throws std::runtime_error naming the function, max_sweeps and the last change when it is
// reached without the change falling below theta.
//
// Source: Sutton & Barto, Reinforcement Learning: An Introduction, 2nd ed. (2018), chapter 4:
// 4.1 (iterative policy evaluation, Figure 4.1), 4.2-4.3 (policy improvement and iteration, with
// Exercise 4.4's remark on ties), 4.4 (value iteration); the contraction argument in Puterman,
// Markov Decision Processes (1994), 6.3.
#pragma once

#include <cmath>
#include <cstddef>
#include <span>
#include <stdexcept>
#include <vector>

#include "course/buffers.hpp"
#include "course/error.hpp"
#include "reinforcement_learning/environments.hpp"

namespace course::reinforcement_learning {

// Evaluation: what policy_evaluation returns.
struct Evaluation {
    std::vector<double> v;  // (S): v_pi, within the stopping rule's error
    int sweeps = 0;         // sweeps done, the last one (whose max change was < theta) included
};

// GreedyPolicy: the actions of largest q in each state, and the policy that spreads evenly over them.
struct GreedyPolicy {
    std::vector<std::vector<int>> ties;  // [s]: the maximizing actions of s, in increasing order (>= 1)
    std::vector<double> policy;          // (S, A): 1 / |ties[s]| on ties[s], 0 elsewhere
};

// Solution: what policy_iteration and value_iteration return.
struct Solution {
    std::vector<double> v;  // (S): v*, within the stopping rule's error
    std::vector<double> q;  // (S, A): q_from_v(model, v, gamma)
    GreedyPolicy greedy;    // greedy_policy(q, S, A, tie_tolerance): the optimal actions with their ties
    int sweeps = 0;         // value sweeps: value iteration's, or every evaluation's of policy iteration
    int improvements = 0;   // policy iteration: evaluate-then-improve rounds (the last, stable one
                            // included); value iteration: 0
};

// ---- Argument checks (not the lesson; the stub and the reference call them) ----

// check_model: num_states >= 1, num_actions >= 1, S * A lists and S terminal flags; a terminal
// state's lists empty, every other state's lists non-empty with probabilities in [0, 1] summing
// to 1 within 1e-9; next_state in 0 .. S - 1; rewards finite; done == terminal[next_state].
inline void check_model(const char* function, const Model& model) {
    const int S = model.num_states, A = model.num_actions;
    COURSE_CHECK(S >= 1 && A >= 1, function, ": the model has ", S, " states and ", A,
                 " actions, expected at least 1 of each");
    COURSE_CHECK(model.outcomes.size() == std::size_t(S) * std::size_t(A), function, ": model.outcomes has ",
                 model.outcomes.size(), " lists, expected S * A = ", S, " * ", A);
    COURSE_CHECK(model.terminal.size() == std::size_t(S), function, ": model.terminal has ", model.terminal.size(),
                 " flags, expected S = ", S);
    for (int s = 0; s < S; ++s) {
        for (int a = 0; a < A; ++a) {
            const auto& list = model.of(s, a);
            if (model.terminal[std::size_t(s)]) {
                COURSE_CHECK(list.empty(), function, ": state ", s, " is terminal but action ", a, " has ",
                             list.size(), " outcomes (a terminal state's lists are empty)");
                continue;
            }
            COURSE_CHECK(!list.empty(), function, ": state ", s, " is not terminal but action ", a,
                         " has no outcome");
            double total = 0.0;
            for (const Outcome& o : list) {
                COURSE_CHECK(o.probability >= 0.0 && o.probability <= 1.0, function, ": state ", s, ", action ", a,
                             ": an outcome has probability ", o.probability, ", expected one in [0, 1]");
                COURSE_CHECK(o.next_state >= 0 && o.next_state < S, function, ": state ", s, ", action ", a,
                             ": next_state ", o.next_state, " is not in 0 .. ", S - 1);
                COURSE_CHECK(std::isfinite(o.reward), function, ": state ", s, ", action ", a, ": reward ",
                             o.reward, " is not finite");
                COURSE_CHECK(o.done == bool(model.terminal[std::size_t(o.next_state)]), function, ": state ", s,
                             ", action ", a, ": an outcome to state ", o.next_state, " has done = ", o.done,
                             " but terminal[", o.next_state, "] = ", int(model.terminal[std::size_t(o.next_state)]));
                total += o.probability;
            }
            COURSE_CHECK(std::abs(total - 1.0) <= 1e-9, function, ": state ", s, ", action ", a,
                         ": the probabilities sum to ", total, ", expected 1");
        }
    }
}

// check_gamma: gamma in [0, 1] (NaN refused).
inline void check_gamma(const char* function, double gamma) {
    COURSE_CHECK(gamma >= 0.0 && gamma <= 1.0, function, ": gamma = ", gamma, ", expected a discount in [0, 1]");
}

// check_theta: theta > 0 and finite (theta = 0 would ask for an exact fixed point that rounding
// may never reach).
inline void check_theta(const char* function, double theta) {
    COURSE_CHECK(theta > 0.0 && std::isfinite(theta), function, ": theta = ", theta,
                 ", expected a positive finite stopping threshold");
}

// check_max_sweeps: the guard against non-termination, at least 1.
inline void check_max_sweeps(const char* function, const char* name, int max_sweeps) {
    COURSE_CHECK(max_sweeps >= 1, function, ": ", name, " = ", max_sweeps, ", expected at least 1");
}

// check_tie_tolerance: >= 0 and finite.
inline void check_tie_tolerance(const char* function, double tie_tolerance) {
    COURSE_CHECK(tie_tolerance >= 0.0 && std::isfinite(tie_tolerance), function, ": tie_tolerance = ",
                 tie_tolerance, ", expected a finite tolerance >= 0");
}

// check_values: v holds S values, all finite.
inline void check_values(const char* function, std::span<const double> v, int S) {
    COURSE_CHECK(v.size() == std::size_t(S), function, ": v has ", v.size(), " values, expected S = ", S);
    for (std::size_t s = 0; s < v.size(); ++s)
        COURSE_CHECK(std::isfinite(v[s]), function, ": v[", s, "] = ", v[s], " is not finite");
}

// check_policy: pi holds S * A probabilities in [0, 1], each row summing to 1 within 1e-9
// (terminal states' rows too, though they are never used: uniform_policy and greedy_policy make
// such rows).
inline void check_policy(const char* function, std::span<const double> policy, int S, int A) {
    COURSE_CHECK(policy.size() == std::size_t(S) * std::size_t(A), function, ": policy has ", policy.size(),
                 " entries, expected S * A = ", S, " * ", A, " = ", std::size_t(S) * std::size_t(A));
    for (int s = 0; s < S; ++s) {
        double total = 0.0;
        for (int a = 0; a < A; ++a) {
            const double p = policy[std::size_t(s) * std::size_t(A) + std::size_t(a)];
            COURSE_CHECK(p >= 0.0 && p <= 1.0, function, ": policy[", s, ", ", a, "] = ", p,
                         ", expected a probability in [0, 1]");
            total += p;
        }
        COURSE_CHECK(std::abs(total - 1.0) <= 1e-9, function, ": row ", s, " of the policy sums to ", total,
                     ", expected 1 (a distribution over the actions)");
    }
}

inline void check_q_from_v_arguments(const Model& model, std::span<const double> v, double gamma) {
    check_model("q_from_v", model);
    check_values("q_from_v", v, model.num_states);
    check_gamma("q_from_v", gamma);
}

inline void check_policy_evaluation_sweep_arguments(const Model& model, std::span<const double> policy,
                                                    std::span<const double> v, double gamma) {
    check_model("policy_evaluation_sweep", model);
    check_policy("policy_evaluation_sweep", policy, model.num_states, model.num_actions);
    check_values("policy_evaluation_sweep", v, model.num_states);
    check_gamma("policy_evaluation_sweep", gamma);
}

inline void check_policy_evaluation_arguments(const Model& model, std::span<const double> policy, double gamma,
                                              double theta, int max_sweeps) {
    check_model("policy_evaluation", model);
    check_policy("policy_evaluation", policy, model.num_states, model.num_actions);
    check_gamma("policy_evaluation", gamma);
    check_theta("policy_evaluation", theta);
    check_max_sweeps("policy_evaluation", "max_sweeps", max_sweeps);
}

inline void check_greedy_policy_arguments(std::span<const double> q, int num_states, int num_actions,
                                          double tie_tolerance) {
    COURSE_CHECK(num_states >= 1 && num_actions >= 1, "greedy_policy: num_states = ", num_states,
                 ", num_actions = ", num_actions, ", expected at least 1 of each");
    course::check_matrix_size("greedy_policy", "q", q.size(), "S * A", num_states, num_actions);
    for (std::size_t i = 0; i < q.size(); ++i)
        COURSE_CHECK(std::isfinite(q[i]), "greedy_policy: q[", i / std::size_t(num_actions), ", ",
                     i % std::size_t(num_actions), "] = ", q[i], " is not finite");
    check_tie_tolerance("greedy_policy", tie_tolerance);
}

inline void check_policy_iteration_arguments(const Model& model, double gamma, double theta, double tie_tolerance,
                                             int max_sweeps, int max_improvements) {
    check_model("policy_iteration", model);
    check_gamma("policy_iteration", gamma);
    check_theta("policy_iteration", theta);
    check_tie_tolerance("policy_iteration", tie_tolerance);
    check_max_sweeps("policy_iteration", "max_sweeps", max_sweeps);
    check_max_sweeps("policy_iteration", "max_improvements", max_improvements);
}

inline void check_value_iteration_arguments(const Model& model, double gamma, double theta, double tie_tolerance,
                                            int max_sweeps) {
    check_model("value_iteration", model);
    check_gamma("value_iteration", gamma);
    check_theta("value_iteration", theta);
    check_tie_tolerance("value_iteration", tie_tolerance);
    check_max_sweeps("value_iteration", "max_sweeps", max_sweeps);
}

// sweeps_exceeded: the std::runtime_error of a loop that reached max_sweeps (or max_improvements)
// without converging.
[[noreturn]] inline void sweeps_exceeded(const char* function, const char* name, int limit, double last_change) {
    throw std::runtime_error(course::concat(function, ": ", name, " = ", limit,
                                            " reached and the last sweep still changed a value by ", last_change,
                                            " (>= theta): gamma = 1 with a policy that never ends? else raise ",
                                            name, " or theta"));
}

// uniform_policy: pi(a | s) = 1 / A everywhere (the equiprobable random policy of Example 4.1).
inline std::vector<double> uniform_policy(int num_states, int num_actions) {
    COURSE_CHECK(num_states >= 1 && num_actions >= 1, "uniform_policy: num_states = ", num_states,
                 ", num_actions = ", num_actions, ", expected at least 1 of each");
    return std::vector<double>(std::size_t(num_states) * std::size_t(num_actions), 1.0 / num_actions);
}

// ---- The exercise ----

// q_from_v: the one-step lookahead.
//
//     q(s, a) = sum_{(p, s', r, done) in model.of(s, a)} p * (r + gamma * (done ? 0 : v(s')))
//
// v is (S); returns q (S, A), 0 in a terminal state's row (its lists are empty). A terminal
// state's entry of v is never read. Cost: S A K multiply-adds.
// Throws std::invalid_argument for a malformed model (check_model), v of the wrong size or not
// finite, gamma outside [0, 1].
std::vector<double> q_from_v(const Model& model, std::span<const double> v, double gamma);

// policy_evaluation_sweep: one synchronous sweep of the Bellman expectation backup.
//
//     v_{k+1}(s) = sum_a pi(a | s) q_k(s, a),      q_k = q_from_v(model, v_k, gamma)
//
// policy is (S, A), v = v_k is (S); returns v_{k+1} (S), 0 at terminal states. Sweep k from
// v_0 = 0 under Example 4.1's random policy is the column k of the book's Figure 4.1.
// Cost: S A K + S A multiply-adds. Throws std::invalid_argument for bad arguments (as above, and a
// policy that is not S x A probabilities with rows summing to 1).
std::vector<double> policy_evaluation_sweep(const Model& model, std::span<const double> policy,
                                            std::span<const double> v, double gamma);

// policy_evaluation: iterative policy evaluation from v_0 = 0, synchronous sweeps (two arrays),
// until a sweep's largest change is below theta.
//
//     v_{k+1} = policy_evaluation_sweep(v_k),   stop at the first k with max_s |v_{k+1}(s) - v_k(s)| < theta
//
// Returns v_{k+1} and the sweeps done (k + 1). For gamma < 1 the error is then
// ||v_{k+1} - v_pi||_max < gamma theta / (1 - gamma) (the contraction, see the notes).
// Throws std::invalid_argument for bad arguments (theta <= 0, not finite; max_sweeps < 1) and
// std::runtime_error after max_sweeps sweeps without stopping (gamma = 1 and a policy that never
// ends, or theta too small for max_sweeps).
Evaluation policy_evaluation(const Model& model, std::span<const double> policy, double gamma, double theta,
                             int max_sweeps = 100000);

// greedy_policy: the maximizing actions of each state, within an absolute tolerance, and the
// policy spreading probability evenly over them.
//
//     ties[s] = { a : q(s, a) >= max_b q(s, b) - tie_tolerance }        (increasing order)
//     policy(a | s) = 1 / |ties[s]| for a in ties[s], 0 otherwise
//
// q is (S, A) = (num_states, num_actions). q computed from an approximate v is off by about the
// value error: a tolerance above it and below the smallest real gap between actions finds the true
// ties (tie_tolerance = 0 keeps only the exact maxima). Never a single action for several equal
// maxima: "the first one" is a choice, not the greedy set.
// Throws std::invalid_argument for sizes < 1, q not S * A finite values, tie_tolerance < 0 or not finite.
GreedyPolicy greedy_policy(std::span<const double> q, int num_states, int num_actions, double tie_tolerance);

// policy_iteration: evaluation and improvement until the policy is stable.
//
//     pi_0 = uniform_policy; repeat: v = policy_evaluation(pi_i).v, q = q_from_v(v),
//     g = greedy_policy(q, tie_tolerance); stable if every action pi_i uses (pi_i(a | s) > 0) is in
//     g.ties[s] for every s; else pi_{i+1} = g.policy
//
// Stability asks that the current policy be greedy for its own values, not that the new greedy
// set equal the old one: with ties (several actions within tie_tolerance), a rule "stop when the
// improved policy equals the old" may flip between equally good policies forever (the book's
// Exercise 4.4). Each evaluation starts from v = 0 with the given theta and max_sweeps.
// Returns v (the last evaluation's), q and greedy from it, the sweeps of all evaluations summed,
// and the number of rounds (evaluations). Throws std::invalid_argument for bad arguments and
// std::runtime_error when an evaluation reaches max_sweeps or max_improvements rounds pass
// without a stable policy.
Solution policy_iteration(const Model& model, double gamma, double theta, double tie_tolerance = 1e-9,
                          int max_sweeps = 100000, int max_improvements = 1000);

// value_iteration: synchronous sweeps of the Bellman optimality backup from v_0 = 0, until the
// VALUE residual is below theta (never on the greedy policy, which settles long before the values).
//
//     v_{k+1}(s) = max_a q_k(s, a),      stop at the first k with max_s |v_{k+1}(s) - v_k(s)| < theta
//
// Returns v = v_{k+1}, q = q_from_v(v), greedy = greedy_policy(q, tie_tolerance), sweeps = k + 1,
// improvements = 0. For gamma < 1: ||v - v*||_max < gamma theta / (1 - gamma), so pass
// theta = eps (1 - gamma) / gamma for an error below eps; the Bellman optimality residual
// max_s |max_a q(s, a) - v(s)| of the result is below gamma theta.
// Throws std::invalid_argument for bad arguments and std::runtime_error after max_sweeps sweeps.
Solution value_iteration(const Model& model, double gamma, double theta, double tie_tolerance = 1e-9,
                         int max_sweeps = 100000);

}  // namespace course::reinforcement_learning
