// Tests for exercise 3, dynamic programming (modules/reinforcement_learning/learner/dynamic_programming.cpp).
//
// Oracles: small MDPs solved by hand in closed form (below); the book's Figure 4.1 (Example 4.1's
// random-policy values -14, -20, -22, ... and the sweeps k = 1, 2, 3, worked out exactly, and the
// greedy arrows of its last panel); Example 4.1's optimal values and ties from Manhattan
// distances; a one-step lookahead and a Gaussian elimination written plainly in this file (never
// the code under test); FrozenLake 8x8's v* and optimal actions from an independent numpy script
// (fixtures/dynamic_programming_golden.py: its own map and moves, exact policy evaluation by LU).
//
// Tolerances. Synchronous sweeps with gamma < 1 are a contraction in the max norm, so when a
// sweep's change is below theta the last iterate is within gamma theta / (1 - gamma) of the fixed
// point (docs/reinforcement_learning.md#dynamic_programming); rounding adds a few ulps of the values
// per sweep, far below. With gamma = 1 on Example 4.1 the random policy's transition matrix among
// the 14 non-terminal states has spectral radius rho ~ 0.947 (426 sweeps to a change of 1e-10:
// rho^426 ~ 1e-10), and the error is below theta rho / (1 - rho) ~ 18 theta.
#include "reinforcement_learning/dynamic_programming.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <limits>
#include <span>
#include <stdexcept>
#include <string>
#include <vector>

#include "course/error.hpp"
#include "course/testing.hpp"
#include "fixtures/dynamic_programming_golden.hpp"
#include "reinforcement_learning/environments.hpp"

namespace course::reinforcement_learning {
namespace {

using course::testing::AllClose;
using course::testing::kValidCallFirst;
using course::testing::ThrowsInvalidArgument;

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr double kInf = std::numeric_limits<double>::infinity();

// ---- Hand-solvable models ----

// chain_model: three states, two actions; state 2 is terminal.
//   s0 a0: reward 1, to s1.             s0 a1: 1/2 stay in s0 (reward 0), 1/2 end with reward 4.
//   s1 a0: reward 2 and end.            s1 a1: reward 0, back to s0.
// Optimal values, gamma = 1/2: guess s1 takes a0 (v1 = 2); then q(s0, a0) = 1 + v1 / 2 = 2 and
// q(s0, a1) = (1/2)(v0 / 2) + (1/2) 4 = v0 / 4 + 2, whose fixed point v0 = 8/3 beats 2; check
// q(s1, a1) = v0 / 2 = 4/3 < 2. So v* = (8/3, 2, 0), q* = (2, 8/3 | 2, 4/3 | 0, 0).
// The uniform random policy, gamma = 1/2: v0 = (1 + v1 / 2) / 2 + (v0 / 4 + 2) / 2 and
// v1 = 2 / 2 + (v0 / 2) / 2 give (7/8) v0 = 3/2 + v1 / 4 = 7/4 + v0 / 16: v0 = 28/13, v1 = 20/13.
// gamma = 1: v0 = (1 + v1) / 2 + (v0 / 2 + 2) / 2, v1 = 1 + v0 / 2: v0 = 4, v1 = 3 (the random
// policy ends every episode: from s0 it ends with probability >= 1/4 every two steps).
// gamma = 0: q = the expected reward, v* = (2, 2), random v = (3/2, 1).
// The policy (a0, a1) loops s0 -> s1 -> s0 forever collecting 1 every two steps: with gamma = 1
// its values and v* are infinite.
Model chain_model() {
    Model m;
    m.num_states = 3;
    m.num_actions = 2;
    m.outcomes.resize(6);
    m.terminal = {0, 0, 1};
    m.outcomes[0] = {{1.0, 1, 1.0, false}};
    m.outcomes[1] = {{0.5, 0, 0.0, false}, {0.5, 2, 4.0, true}};
    m.outcomes[2] = {{1.0, 2, 2.0, true}};
    m.outcomes[3] = {{1.0, 0, 0.0, false}};
    return m;
}

// loop_model: one state and one action, reward 1 and back: v_k = sum_{i < k} gamma^i. With
// gamma = 1/2, v_k = 2 - 2^(1-k) exactly and sweep k changes v by 2^(1-k).
Model loop_model() {
    Model m;
    m.num_states = 1;
    m.num_actions = 1;
    m.outcomes = {{{1.0, 0, 1.0, false}}};
    m.terminal = {0};
    return m;
}

// stay_or_leave_model: state 0 stays with reward 1 (a0) or leaves to terminal state 1 with
// reward 0 (a1). v* = 1 / (1 - gamma) (100 for gamma = 0.99), but a0 is the greedy action from
// the first sweep on: the greedy policy stops changing at sweep 2, when v = 1.99.
Model stay_or_leave_model() {
    Model m;
    m.num_states = 2;
    m.num_actions = 2;
    m.outcomes = {{{1.0, 0, 1.0, false}}, {{1.0, 1, 0.0, true}}, {}, {}};
    m.terminal = {0, 1};
    return m;
}

// ---- Plain oracles ----

// lookahead: sum_{outcomes} p (r + gamma (done ? 0 : v(s'))), written again here.
double lookahead(const Model& m, const std::vector<double>& v, double gamma, int s, int a) {
    double total = 0.0;
    for (const Outcome& o : m.of(s, a)) total += o.probability * (o.reward + (o.done ? 0.0 : gamma * v[std::size_t(o.next_state)]));
    return total;
}

// optimality_residual: max_s |max_a lookahead(s, a) - v(s)| over the non-terminal states, and
// |v(s)| over the terminal ones.
double optimality_residual(const Model& m, const std::vector<double>& v, double gamma) {
    double worst = 0.0;
    for (int s = 0; s < m.num_states; ++s) {
        if (m.terminal[std::size_t(s)]) {
            worst = std::max(worst, std::abs(v[std::size_t(s)]));
            continue;
        }
        double best = -kInf;
        for (int a = 0; a < m.num_actions; ++a) best = std::max(best, lookahead(m, v, gamma, s, a));
        worst = std::max(worst, std::abs(best - v[std::size_t(s)]));
    }
    return worst;
}

// solve_policy_values: v_pi from (I - gamma P_pi) v = r_pi by Gaussian elimination with partial
// pivoting in double (terminal rows: v = 0). For gamma < 1, I - gamma P_pi is strictly diagonally
// dominant by rows (P_pi's rows sum to at most 1), its condition number at most (1 + gamma) / (1 -
// gamma) in the max norm: the solve's error is about 200 u relative for gamma = 0.99.
std::vector<double> solve_policy_values(const Model& m, const std::vector<double>& policy, double gamma) {
    const int n = m.num_states, A = m.num_actions;
    std::vector<std::vector<double>> M(std::size_t(n), std::vector<double>(std::size_t(n) + 1, 0.0));
    for (int s = 0; s < n; ++s) {
        auto& row = M[std::size_t(s)];
        row[std::size_t(s)] = 1.0;
        if (m.terminal[std::size_t(s)]) continue;
        for (int a = 0; a < A; ++a) {
            const double w = policy[std::size_t(s * A + a)];
            for (const Outcome& o : m.of(s, a)) {
                row[std::size_t(n)] += w * o.probability * o.reward;
                if (!o.done) row[std::size_t(o.next_state)] -= w * o.probability * gamma;
            }
        }
    }
    for (int col = 0; col < n; ++col) {
        int pivot = col;
        for (int r = col + 1; r < n; ++r)
            if (std::abs(M[std::size_t(r)][std::size_t(col)]) > std::abs(M[std::size_t(pivot)][std::size_t(col)])) pivot = r;
        std::swap(M[std::size_t(col)], M[std::size_t(pivot)]);
        for (int r = col + 1; r < n; ++r) {
            const double f = M[std::size_t(r)][std::size_t(col)] / M[std::size_t(col)][std::size_t(col)];
            for (int c = col; c <= n; ++c) M[std::size_t(r)][std::size_t(c)] -= f * M[std::size_t(col)][std::size_t(c)];
        }
    }
    std::vector<double> v(M.size());
    for (int r = n - 1; r >= 0; --r) {
        double x = M[std::size_t(r)][std::size_t(n)];
        for (int c = r + 1; c < n; ++c) x -= M[std::size_t(r)][std::size_t(c)] * v[std::size_t(c)];
        v[std::size_t(r)] = x / M[std::size_t(r)][std::size_t(r)];
    }
    return v;
}

// ties_of_mask: the actions whose bit is set, in increasing order.
std::vector<int> ties_of_mask(int mask) {
    std::vector<int> ties;
    for (int a = 0; a < 4; ++a)
        if (mask & (1 << a)) ties.push_back(a);
    return ties;
}

// ties_from_arrows: "L", "D", "R", "U" letters (any order) to sorted actions; "*" all four.
std::vector<std::vector<int>> ties_from_arrows(const std::vector<std::string>& arrows) {
    std::vector<std::vector<int>> result;
    for (const std::string& cell : arrows) {
        std::vector<int> ties;
        for (int a = 0; a < 4; ++a)
            if (cell == "*" || cell.find("LDRU"[a]) != std::string::npos) ties.push_back(a);
        result.push_back(ties);
    }
    return result;
}

// Example 4.1's random-policy values (Figure 4.1, k = infinity), rows of the 4x4 grid.
const std::vector<double> kFigure41Values = {0, -14, -20, -22, -14, -18, -20, -20,
                                             -20, -20, -18, -14, -22, -20, -14, 0};

// ---- q_from_v ----

TEST(QFromV, HandChainOptimalValuesGiveOptimalActionValues) {
    const Model m = chain_model();
    const std::vector<double> v = {8.0 / 3.0, 2.0, 0.0};
    const std::vector<double> q = q_from_v(m, v, 0.5);
    // q* (derived above); a handful of roundings of numbers near 3.
    const std::vector<double> want = {2.0, 8.0 / 3.0, 2.0, 4.0 / 3.0, 0.0, 0.0};
    EXPECT_TRUE(AllClose(q, want, {1e-15, 1e-15}, {3, 2})) << "q(s, a) = sum p (r + gamma v(s')): gamma multiplies v(s'), not r";
    // gamma = 0: the expected immediate rewards only.
    EXPECT_TRUE(AllClose(q_from_v(m, v, 0.0), std::vector<double>{1.0, 2.0, 2.0, 0.0, 0.0, 0.0}, {0, 0}, {3, 2}))
        << "gamma = 0: q(s, a) is the expected reward alone";
    // gamma = 1: r + v(s'), values of order 1 with one rounding.
    EXPECT_TRUE(AllClose(q_from_v(m, v, 1.0), std::vector<double>{3.0, 0.5 * 8.0 / 3.0 + 2.0, 2.0, 8.0 / 3.0, 0.0, 0.0},
                         {1e-15, 1e-15}, {3, 2}));
}

TEST(QFromV, NeverReadsTheValueOfATerminalState) {
    // v holds junk at the terminal state 2: a done outcome adds its reward only, and the terminal's
    // own q row stays 0 whatever v says.
    const Model m = chain_model();
    const std::vector<double> v = {8.0 / 3.0, 2.0, 1000.0};
    const std::vector<double> q = q_from_v(m, v, 0.5);
    const std::vector<double> want = {2.0, 8.0 / 3.0, 2.0, 4.0 / 3.0, 0.0, 0.0};
    EXPECT_TRUE(AllClose(q, want, {1e-15, 1e-15}, {3, 2}))
        << "q(s, a) = sum p (r + gamma (done ? 0 : v(s'))): a terminal state's value is 0, never v[terminal]";
}

TEST(QFromV, FrozenLakeRowsAgreeWithAPlainLookahead) {
    // Every (s, a) of slippery FrozenLake 8x8 (three outcomes each) at seeded random values,
    // against the lookahead written in this file: sums of three terms of order 1, a few ulps.
    const Model m = frozen_lake(8).model();
    course::Rng rng(7);
    std::vector<double> v(64);
    for (double& x : v) x = rng.uniform(-1.0, 1.0);
    const std::vector<double> q = q_from_v(m, v, 0.9);
    std::vector<double> want(64 * 4);
    for (int s = 0; s < 64; ++s)
        for (int a = 0; a < 4; ++a) want[std::size_t(s * 4 + a)] = lookahead(m, v, 0.9, s, a);
    EXPECT_TRUE(AllClose(q, want, {1e-15, 1e-14}, {64, 4}));
}

// ---- policy evaluation ----

TEST(PolicyEvaluationSweep, ReproducesFigure41FirstThreeSweeps) {
    // Figure 4.1, random policy, gamma = 1, from v_0 = 0. k = 1: -1 in every non-terminal state.
    // k = 2: -1 + (1/4)(sum of the four neighbours' -1, 0 for a terminal): -1.75 next to a
    // terminal corner (states 1, 4, 11, 14), -2 elsewhere. k = 3, e.g. state 1: neighbours 0 (0),
    // 2 (-2), 5 (-2), itself (-1.75 after bumping the top edge): -1 - 5.75 / 4 = -2.4375 (the
    // book's -2.4); state 2: -1 - (1.75 + 2 + 2 + 2) / 4 = -2.9375 (-2.9); state 5: -2.875 (-2.9);
    // state 3: -3.0. Quarters of small integers: exact in binary, so compared exactly.
    const Model m = example_4_1_grid().model();
    const std::vector<double> pi = uniform_policy(16, 4);
    std::vector<double> v(16, 0.0);
    v = policy_evaluation_sweep(m, pi, v, 1.0);
    std::vector<double> want1(16, -1.0);
    want1[0] = want1[15] = 0.0;
    EXPECT_TRUE(AllClose(v, want1, {0, 0}, {4, 4})) << "sweep k = 1";
    v = policy_evaluation_sweep(m, pi, v, 1.0);
    const std::vector<double> want2 = {0, -1.75, -2, -2, -1.75, -2, -2, -2, -2, -2, -2, -1.75, -2, -2, -1.75, 0};
    EXPECT_TRUE(AllClose(v, want2, {0, 0}, {4, 4})) << "sweep k = 2 (a sweep that reads values it already "
                                                       "wrote this sweep, in place, gives other numbers)";
    v = policy_evaluation_sweep(m, pi, v, 1.0);
    const std::vector<double> want3 = {0,      -2.4375, -2.9375, -3,      -2.4375, -2.875, -3,      -2.9375,
                                       -2.9375, -3,      -2.875,  -2.4375, -3,      -2.9375, -2.4375, 0};
    EXPECT_TRUE(AllClose(v, want3, {0, 0}, {4, 4})) << "sweep k = 3";
}

TEST(PolicyEvaluation, ReproducesFigure41RandomPolicyValues) {
    // The book's k = infinity column: -14, -20, -22, ... (integers: the expected number of steps
    // of a random walk to a corner, negated). Error below 18 theta (header of this file): 2e-9.
    const Model m = example_4_1_grid().model();
    const Evaluation e = policy_evaluation(m, uniform_policy(16, 4), 1.0, 1e-10);
    EXPECT_TRUE(AllClose(e.v, kFigure41Values, {1e-8, 0}, {4, 4}));
    EXPECT_EQ(e.v[0], 0.0);
    EXPECT_EQ(e.v[15], 0.0);
    // The sweeps: each changes a value by at most rho^k ~ 0.947^k; 1e-10 takes about 420.
    EXPECT_GT(e.sweeps, 300);
    EXPECT_LT(e.sweeps, 600);
}

TEST(PolicyEvaluation, HandChainClosedForms) {
    const Model m = chain_model();
    const std::vector<double> pi = uniform_policy(3, 2);
    // gamma = 1/2: (28/13, 20/13, 0) within gamma theta / (1 - gamma) = theta = 1e-12.
    Evaluation e = policy_evaluation(m, pi, 0.5, 1e-12);
    EXPECT_TRUE(AllClose(e.v, std::vector<double>{28.0 / 13.0, 20.0 / 13.0, 0.0}, {1e-12, 0}));
    // gamma = 1: (4, 3, 0). The random policy's matrix among {s0, s1}, [[1/4, 1/2], [1/2, 0]], has
    // eigenvalues (1 +- sqrt 17) / 8, spectral radius 0.64: error < theta 0.64 / 0.36 < 2 theta.
    e = policy_evaluation(m, pi, 1.0, 1e-12);
    EXPECT_TRUE(AllClose(e.v, std::vector<double>{4.0, 3.0, 0.0}, {1e-11, 0}));
    // gamma = 0: the expected immediate reward, (3/2, 1, 0), exact after the first sweep; the
    // second changes nothing and stops.
    e = policy_evaluation(m, pi, 0.0, 1e-12);
    EXPECT_TRUE(AllClose(e.v, std::vector<double>{1.5, 1.0, 0.0}, {0, 0}));
    EXPECT_EQ(e.sweeps, 2);
    // A deterministic policy (a1 in s0, a0 in s1), gamma = 1/2: v1 = 2, v0 = v0 / 4 + 2 = 8/3.
    e = policy_evaluation(m, std::vector<double>{0, 1, 1, 0, 0.5, 0.5}, 0.5, 1e-12);
    EXPECT_TRUE(AllClose(e.v, std::vector<double>{8.0 / 3.0, 2.0, 0.0}, {1e-12, 0}));
}

TEST(PolicyEvaluation, StopsAtTheFirstSweepWhoseChangeIsBelowTheta) {
    // loop_model, gamma = 1/2: sweep k changes v by exactly 2^(1-k), v_k = 2 - 2^(1-k).
    // theta = 2^-10: 2^(1-k) < 2^-10 first at k = 12 (k = 11 changes by exactly theta: not below).
    // theta a hair above 2^-10: k = 11.
    const Model m = loop_model();
    const std::vector<double> pi = {1.0};
    Evaluation e = policy_evaluation(m, pi, 0.5, 0x1p-10);
    EXPECT_EQ(e.sweeps, 12) << "stop when the change is < theta, strictly, and count the last sweep";
    EXPECT_EQ(e.v[0], 2.0 - 0x1p-11);
    e = policy_evaluation(m, pi, 0.5, 0x1p-10 * (1 + 1e-9));
    EXPECT_EQ(e.sweeps, 11);
    EXPECT_EQ(e.v[0], 2.0 - 0x1p-10);
    // max_sweeps = 12 is enough for theta = 2^-10; 11 is not.
    e = policy_evaluation(m, pi, 0.5, 0x1p-10, 12);
    EXPECT_EQ(e.sweeps, 12);
    EXPECT_THROW(policy_evaluation(m, pi, 0.5, 0x1p-10, 11), std::runtime_error);
}

TEST(PolicyEvaluation, APolicyThatNeverEndsWithGammaOneHitsMaxSweeps) {
    // chain_model's (a0, a1) loops s0 -> s1 -> s0 forever with reward 1 every two steps: with
    // gamma = 1 every sweep changes v by 1/2 or more, and max_sweeps ends it with a clear error.
    const Model m = chain_model();
    const std::vector<double> loop = {1, 0, 0, 1, 0.5, 0.5};
    EXPECT_NO_THROW(policy_evaluation(m, loop, 0.9, 1e-9));  // discounted: it converges
    try {
        policy_evaluation(m, loop, 1.0, 1e-9, 500);
        ADD_FAILURE() << "expected std::runtime_error after max_sweeps = 500";
    } catch (const std::runtime_error& error) {
        EXPECT_NE(std::string(error.what()).find("max_sweeps = 500"), std::string::npos) << error.what();
    }
}

// ---- greedy policy ----

TEST(GreedyPolicy, TiesWithinTheToleranceAndAnEvenSpread) {
    // Row 0: two exact maxima (0 and 3) and one 1e-10 below (1); row 1: the maximum last and
    // values of order 1e6 (the tolerance is absolute); row 2: one action.
    const std::vector<double> q = {1.0, 1.0 - 1e-10, 0.5, 1.0, -3e6, -2e6 - 1.0, -2e6 - 0.5, -2e6};
    GreedyPolicy g = greedy_policy(q, 2, 4, 1e-9);
    EXPECT_EQ(g.ties, (std::vector<std::vector<int>>{{0, 1, 3}, {3}}))
        << "every action within tie_tolerance (absolute) of the row's best, in increasing order";
    EXPECT_TRUE(AllClose(g.policy, std::vector<double>{1.0 / 3, 1.0 / 3, 0, 1.0 / 3, 0, 0, 0, 1}, {1e-16, 0}, {2, 4}))
        << "the policy spreads 1 evenly over the tied actions";
    g = greedy_policy(q, 2, 4, 0.0);
    EXPECT_EQ(g.ties, (std::vector<std::vector<int>>{{0, 3}, {3}})) << "tie_tolerance = 0: the exact maxima";
    EXPECT_TRUE(AllClose(g.policy, std::vector<double>{0.5, 0, 0, 0.5, 0, 0, 0, 1}, {0, 0}, {2, 4}));
    g = greedy_policy(q, 2, 4, 0.75);
    EXPECT_EQ(g.ties, (std::vector<std::vector<int>>{{0, 1, 2, 3}, {2, 3}}));
    EXPECT_TRUE(AllClose(g.policy, std::vector<double>{0.25, 0.25, 0.25, 0.25, 0, 0, 0.5, 0.5}, {0, 0}, {2, 4}));
    g = greedy_policy(std::vector<double>{-5.0, 7.0, 7.0}, 3, 1, 0.0);
    EXPECT_EQ(g.ties, (std::vector<std::vector<int>>{{0}, {0}, {0}}));
    EXPECT_EQ(g.policy, (std::vector<double>{1, 1, 1}));
}

TEST(GreedyPolicy, Figure41GreedyArrowsOfTheRandomPolicysValues) {
    // The last panel of Figure 4.1: greedy with respect to v_random (k = infinity), every tie
    // drawn. E.g. state 3 (top right): left and down reach -20, up and right bump (-22): "LD";
    // state 6: left -18 and down -18 beat up -20 and right -20: "LD". Terminal corners: q = 0 for
    // every action, all four tie ("*"). v_random is within 2e-9 of the integers: tolerance 1e-6.
    const Model m = example_4_1_grid().model();
    const Evaluation e = policy_evaluation(m, uniform_policy(16, 4), 1.0, 1e-10);
    const GreedyPolicy g = greedy_policy(q_from_v(m, e.v, 1.0), 16, 4, 1e-6);
    const auto want = ties_from_arrows({"*", "L", "L", "LD",  //
                                        "U", "LU", "LD", "D",  //
                                        "U", "UR", "DR", "D",  //
                                        "UR", "R", "R", "*"});
    EXPECT_EQ(g.ties, want);
    for (int s = 0; s < 16; ++s)
        for (int a = 0; a < 4; ++a) {
            const bool tied = std::find(want[std::size_t(s)].begin(), want[std::size_t(s)].end(), a) !=
                              want[std::size_t(s)].end();
            EXPECT_EQ(g.policy[std::size_t(s * 4 + a)], tied ? 1.0 / double(want[std::size_t(s)].size()) : 0.0)
                << "state " << s << ", action " << a;
        }
}

// ---- value iteration and policy iteration ----

// example_4_1_optimal: v*(s) = -(Manhattan distance to the nearer terminal corner); the optimal
// actions are those whose move gets one step nearer (the edges keep the agent in place).
void example_4_1_optimal(std::vector<double>& v, std::vector<std::vector<int>>& ties) {
    auto distance = [](int r, int c) { return std::min(r + c, (3 - r) + (3 - c)); };
    v.assign(16, 0.0);
    ties.assign(16, {});
    for (int s = 0; s < 16; ++s) {
        const int r = s / 4, c = s % 4, d = distance(r, c);
        v[std::size_t(s)] = -double(d);
        for (int a = 0; a < 4; ++a) {
            const int nr = std::clamp(r + (a == 1) - (a == 3), 0, 3), nc = std::clamp(c + (a == 2) - (a == 0), 0, 3);
            if (d == 0 || distance(nr, nc) == d - 1) ties[std::size_t(s)].push_back(a);
        }
    }
}

TEST(ValueIteration, Example41OptimalValuesTiesAndSweeps) {
    // gamma = 1: v_k(s) = -min(k, distance), so v_3 = v* (the largest distance is 3) and sweep 4
    // changes nothing: exactly 4 sweeps, the values exact integers, the ties exact.
    const Model m = example_4_1_grid().model();
    std::vector<double> v_star;
    std::vector<std::vector<int>> ties;
    example_4_1_optimal(v_star, ties);
    const Solution sol = value_iteration(m, 1.0, 1e-10);
    EXPECT_TRUE(AllClose(sol.v, v_star, {0, 0}, {4, 4}));
    EXPECT_EQ(sol.greedy.ties, ties) << "every optimal action, not the first one: e.g. state 6 has all four";
    EXPECT_EQ(sol.greedy.ties[6], (std::vector<int>{0, 1, 2, 3}));
    EXPECT_EQ(sol.greedy.ties[3], (std::vector<int>{0, 1}));
    EXPECT_EQ(sol.sweeps, 4) << "value iteration stops on the value residual max_s |v_k+1(s) - v_k(s)| < theta, never "
                                "when the greedy policy stops changing";
    EXPECT_EQ(sol.improvements, 0) << "value iteration reports no improvement rounds";
    std::vector<double> q_want(64);
    for (int s = 0; s < 16; ++s)
        for (int a = 0; a < 4; ++a) q_want[std::size_t(s * 4 + a)] = lookahead(m, v_star, 1.0, s, a);
    EXPECT_TRUE(AllClose(sol.q, q_want, {0, 0}, {16, 4}));
}

TEST(PolicyIteration, Example41StableAfterTwoRounds) {
    // Round 1 evaluates the random policy; its greedy arrows (Figure 4.1's last panel) are
    // optimal, so round 2 finds every action they use among the optimal ones: stable. The
    // returned ties are those of v* (more than the arrows: state 6 has all four).
    const Model m = example_4_1_grid().model();
    std::vector<double> v_star;
    std::vector<std::vector<int>> ties;
    example_4_1_optimal(v_star, ties);
    const Solution sol = policy_iteration(m, 1.0, 1e-10, 1e-6);
    EXPECT_TRUE(AllClose(sol.v, v_star, {1e-8, 0}, {4, 4}));
    EXPECT_EQ(sol.greedy.ties, ties);
    EXPECT_EQ(sol.improvements, 2) << "stable when every action the policy uses is greedy for its own values";
    // The sweeps of both evaluations summed: about 420 for the random policy, 4 for the optimal one.
    const Evaluation first = policy_evaluation(m, uniform_policy(16, 4), 1.0, 1e-10);
    EXPECT_EQ(sol.sweeps, first.sweeps + 4);
    // max_improvements = 2 is enough; 1 round cannot confirm stability.
    EXPECT_NO_THROW(policy_iteration(m, 1.0, 1e-10, 1e-6, 100000, 2));
    EXPECT_THROW(policy_iteration(m, 1.0, 1e-10, 1e-6, 100000, 1), std::runtime_error);
}

TEST(ValueIteration, HandChainClosedForms) {
    const Model m = chain_model();
    // gamma = 1/2: v* = (8/3, 2, 0) within gamma theta / (1 - gamma) = theta; optimal actions a1
    // in s0, a0 in s1 (gaps 2/3 and 2/3), all in the terminal state.
    Solution sol = value_iteration(m, 0.5, 1e-12);
    EXPECT_TRUE(AllClose(sol.v, std::vector<double>{8.0 / 3.0, 2.0, 0.0}, {1e-12, 0}));
    EXPECT_TRUE(AllClose(sol.q, std::vector<double>{2.0, 8.0 / 3.0, 2.0, 4.0 / 3.0, 0, 0}, {1e-12, 0}, {3, 2}));
    EXPECT_EQ(sol.greedy.ties, (std::vector<std::vector<int>>{{1}, {0}, {0, 1}}));
    EXPECT_EQ(sol.greedy.policy, (std::vector<double>{0, 1, 1, 0, 0.5, 0.5}));
    // gamma = 0: v* = the best expected reward, (2, 2, 0), after one sweep (the second confirms).
    sol = value_iteration(m, 0.0, 1e-12);
    EXPECT_TRUE(AllClose(sol.v, std::vector<double>{2.0, 2.0, 0.0}, {0, 0}));
    EXPECT_EQ(sol.sweeps, 2);
    EXPECT_EQ(sol.greedy.ties, (std::vector<std::vector<int>>{{1}, {0}, {0, 1}}));
    // Policy iteration agrees.
    sol = policy_iteration(m, 0.5, 1e-12);
    EXPECT_TRUE(AllClose(sol.v, std::vector<double>{8.0 / 3.0, 2.0, 0.0}, {1e-12, 0}));
    EXPECT_EQ(sol.greedy.ties, (std::vector<std::vector<int>>{{1}, {0}, {0, 1}}));
}

TEST(ValueIteration, StopsOnTheValueResidualNotOnThePolicy) {
    // stay_or_leave_model, gamma = 0.99: staying is greedy from sweep 1 on, but v* = 100 is
    // reached only geometrically: sweep k changes v by 0.99^(k-1), below theta = 1e-6 first at
    // k - 1 = 1375 (log 1e-6 / log 0.99 = 1374.6). A rule that stops when the greedy policy stops
    // changing returns 1.99 after 2 sweeps.
    const Model m = stay_or_leave_model();
    const Solution sol = value_iteration(m, 0.99, 1e-6);
    EXPECT_NEAR(sol.v[0], 100.0, 0.99 * 1e-6 / 0.01) << "far from v* = 100: stopped on the policy?";
    EXPECT_EQ(sol.v[1], 0.0);
    EXPECT_EQ(sol.sweeps, 1376);
    EXPECT_EQ(sol.greedy.ties, (std::vector<std::vector<int>>{{0}, {0, 1}}));
}

TEST(ValueIteration, StopsAtTheFirstSweepWhoseChangeIsBelowTheta) {
    // loop_model with gamma = 1/2 (one action: value iteration is policy evaluation): 12 sweeps
    // for theta = 2^-10, 11 for a hair more; max_sweeps = 11 is one too few.
    const Model m = loop_model();
    Solution sol = value_iteration(m, 0.5, 0x1p-10);
    EXPECT_EQ(sol.sweeps, 12);
    EXPECT_EQ(sol.v[0], 2.0 - 0x1p-11);
    EXPECT_EQ(sol.q[0], 2.0 - 0x1p-12) << "q = q_from_v(the last v): 1 + v / 2";
    sol = value_iteration(m, 0.5, 0x1p-10 * (1 + 1e-9));
    EXPECT_EQ(sol.sweeps, 11);
    EXPECT_EQ(value_iteration(m, 0.5, 0x1p-10, 0.0, 12).sweeps, 12);
    EXPECT_THROW(value_iteration(m, 0.5, 0x1p-10, 0.0, 11), std::runtime_error);
}

TEST(ValueIteration, UnboundedValuesWithGammaOneHitMaxSweeps) {
    // chain_model with gamma = 1: looping s0 -> s1 -> s0 collects 1 every two steps forever, so v*
    // is infinite and every sweep raises v by 1/2 at least.
    const Model m = chain_model();
    EXPECT_NO_THROW(value_iteration(m, 0.9, 1e-9));
    try {
        value_iteration(m, 1.0, 1e-9, 1e-9, 300);
        ADD_FAILURE() << "expected std::runtime_error after max_sweeps = 300";
    } catch (const std::runtime_error& error) {
        EXPECT_NE(std::string(error.what()).find("max_sweeps = 300"), std::string::npos) << error.what();
    }
}

struct NamedModel {
    std::string name;
    Model model;
};

std::vector<NamedModel> control_models() {
    return {{"cliff walking", cliff_walking().model()},
            {"FrozenLake 4x4", frozen_lake(4).model()},
            {"FrozenLake 8x8", frozen_lake(8).model()}};
}

TEST(ValueIteration, AgreesWithPolicyIterationOnTheCliffAndFrozenLake) {
    // theta = 1e-10: each method's values are within gamma theta / (1 - gamma) <= 1e-8 of v*
    // (policy iteration's last evaluation is of an optimal policy), so they agree within 2e-8, and
    // q within 2e-8 too. tie_tolerance 1e-7 is above that and below the smallest gap between an
    // optimal and a non-optimal action (3.3e-5 on FrozenLake 8x8 at gamma 0.9, the fixture's
    // min_gap; 0.2 on the cliff): both find the same tie sets. The Bellman optimality residual of
    // value iteration's v is below gamma theta (the next sweep's change).
    for (const NamedModel& nm : control_models()) {
        for (double gamma : {0.9, 0.99}) {
            SCOPED_TRACE(nm.name + ", gamma " + std::to_string(gamma));
            const Solution vi = value_iteration(nm.model, gamma, 1e-10, 1e-7);
            const Solution pi = policy_iteration(nm.model, gamma, 1e-10, 1e-7);
            EXPECT_TRUE(AllClose(vi.v, pi.v, {2e-8, 0}));
            EXPECT_TRUE(AllClose(vi.q, pi.q, {2e-8, 0}, {nm.model.num_states, 4}));
            EXPECT_EQ(vi.greedy.ties, pi.greedy.ties);
            EXPECT_EQ(vi.greedy.policy, pi.greedy.policy);
            EXPECT_LT(optimality_residual(nm.model, vi.v, gamma), gamma * 1e-10);
            EXPECT_LT(optimality_residual(nm.model, pi.v, gamma), 2e-8);
            EXPECT_GE(pi.improvements, 2);
        }
    }
}

TEST(ValueIteration, FrozenLakeValuesSolveTheLinearSystemOfTheirGreedyPolicy) {
    // v* = v_pi for the greedy policy pi (spread over the ties): (I - gamma P_pi) v = r_pi solved
    // by Gaussian elimination in this file. Value iteration's error < gamma theta / (1 - gamma) =
    // 1e-8 at gamma 0.99; the solve's about 200 u (1e-14).
    for (int size : {4, 8}) {
        const Model m = frozen_lake(size).model();
        for (double gamma : {0.9, 0.99}) {
            SCOPED_TRACE("FrozenLake " + std::to_string(size) + ", gamma " + std::to_string(gamma));
            const Solution sol = value_iteration(m, gamma, 1e-10, 1e-7);
            const std::vector<double> exact = solve_policy_values(m, sol.greedy.policy, gamma);
            EXPECT_TRUE(AllClose(sol.v, exact, {gamma * 1e-10 / (1 - gamma), 0}, {size, size}));
        }
    }
}

TEST(ValueIteration, FrozenLake8MatchesTheIndependentGolden) {
    // fixtures/dynamic_programming_golden.hpp: numpy's exact-evaluation policy iteration (1e-14).
    // theta = 1e-10 (1 - gamma) / gamma: error below 1e-10 by the stopping bound.
    const Model m = frozen_lake(8).model();
    for (const auto& golden : golden::kFrozenLake8) {
        SCOPED_TRACE("gamma " + std::to_string(golden.gamma));
        const double theta = 1e-10 * (1 - golden.gamma) / golden.gamma;
        const Solution sol = value_iteration(m, golden.gamma, theta, 1e-7);
        EXPECT_TRUE(AllClose(sol.v, std::vector<double>(std::begin(golden.v), std::end(golden.v)), {1e-10, 0}, {8, 8}));
        for (int s = 0; s < 64; ++s)
            EXPECT_EQ(sol.greedy.ties[std::size_t(s)], ties_of_mask(golden.optimal_actions[s])) << "state " << s;
    }
}

TEST(ValueIteration, ALargeThetaStaysWithinTheStoppingBound) {
    // theta = 1e-3 at gamma 0.9: ||v - v*|| < 0.9e-3 / 0.1 = 9e-3, against the golden v*; and the
    // stopping rule really is loose: the iterate is not yet within 1e-6 (it stopped early, as asked).
    const Model m = frozen_lake(8).model();
    const auto& golden = golden::kFrozenLake8[0];
    const Solution sol = value_iteration(m, golden.gamma, 1e-3);
    double worst = 0.0;
    for (int s = 0; s < 64; ++s) worst = std::max(worst, std::abs(sol.v[std::size_t(s)] - golden.v[s]));
    EXPECT_LT(worst, 9e-3);
    EXPECT_GT(worst, 1e-6) << "theta = 1e-3 should stop long before 1e-6 accuracy";
}

// ---- bad input ----

TEST(DynamicProgrammingBadInput, ParametersAreChecked) {
    const Model m = chain_model();
    const std::vector<double> pi = uniform_policy(3, 2), v = {0, 0, 0};
    ASSERT_NO_THROW(value_iteration(m, 0.5, 1e-9)) << kValidCallFirst;
    for (double gamma : {-0.1, 1.1, kNaN, kInf, -kInf}) {
        EXPECT_TRUE(ThrowsInvalidArgument([&] { q_from_v(m, v, gamma); }, {"q_from_v", "gamma"}));
        EXPECT_TRUE(ThrowsInvalidArgument([&] { policy_evaluation_sweep(m, pi, v, gamma); }, {"gamma"}));
        EXPECT_TRUE(ThrowsInvalidArgument([&] { policy_evaluation(m, pi, gamma, 1e-9); }, {"policy_evaluation", "gamma"}));
        EXPECT_TRUE(ThrowsInvalidArgument([&] { policy_iteration(m, gamma, 1e-9); }, {"policy_iteration", "gamma"}));
        EXPECT_TRUE(ThrowsInvalidArgument([&] { value_iteration(m, gamma, 1e-9); }, {"value_iteration", "gamma"}));
    }
    for (double theta : {0.0, -1.0, kNaN, kInf, -kInf}) {
        EXPECT_TRUE(ThrowsInvalidArgument([&] { policy_evaluation(m, pi, 0.5, theta); }, {"theta"}));
        EXPECT_TRUE(ThrowsInvalidArgument([&] { policy_iteration(m, 0.5, theta); }, {"theta"}));
        EXPECT_TRUE(ThrowsInvalidArgument([&] { value_iteration(m, 0.5, theta); }, {"theta"}));
    }
    for (double tol : {-1e-9, kNaN, kInf, -kInf}) {
        EXPECT_TRUE(ThrowsInvalidArgument([&] { greedy_policy(std::vector<double>{1, 2}, 1, 2, tol); }, {"tie_tolerance"}));
        EXPECT_TRUE(ThrowsInvalidArgument([&] { policy_iteration(m, 0.5, 1e-9, tol); }, {"policy_iteration", "tie_tolerance"}));
        EXPECT_TRUE(ThrowsInvalidArgument([&] { value_iteration(m, 0.5, 1e-9, tol); }, {"value_iteration", "tie_tolerance"}));
    }
    for (int limit : {0, -1}) {
        EXPECT_TRUE(ThrowsInvalidArgument([&] { policy_evaluation(m, pi, 0.5, 1e-9, limit); }, {"max_sweeps"}));
        EXPECT_TRUE(ThrowsInvalidArgument([&] { value_iteration(m, 0.5, 1e-9, 0.0, limit); }, {"max_sweeps"}));
        EXPECT_TRUE(ThrowsInvalidArgument([&] { policy_iteration(m, 0.5, 1e-9, 0.0, limit); }, {"policy_iteration", "max_sweeps"}));
        EXPECT_TRUE(ThrowsInvalidArgument([&] { policy_iteration(m, 0.5, 1e-9, 0.0, 100, limit); }, {"max_improvements"}));
    }
}

TEST(DynamicProgrammingBadInput, PoliciesValuesAndSizes) {
    const Model m = chain_model();
    const std::vector<double> pi = uniform_policy(3, 2), v = {0, 0, 0};
    ASSERT_NO_THROW(policy_evaluation(m, pi, 0.5, 1e-9)) << kValidCallFirst;
    // Rows not summing to 1, a negative entry, a NaN, the wrong size.
    for (const std::vector<double>& bad : {std::vector<double>{0.5, 0.4, 0.5, 0.5, 0.5, 0.5},
                                           std::vector<double>{1.5, -0.5, 0.5, 0.5, 0.5, 0.5},
                                           std::vector<double>{0.5, 0.5, kNaN, 0.5, 0.5, 0.5},
                                           std::vector<double>{0.5, 0.5, 0.5, 0.5}}) {
        EXPECT_TRUE(ThrowsInvalidArgument([&] { policy_evaluation(m, bad, 0.5, 1e-9); }, {"policy"}));
        EXPECT_TRUE(ThrowsInvalidArgument([&] { policy_evaluation_sweep(m, bad, v, 0.5); }, {"policy"}));
    }
    // A terminal row must be a distribution too (greedy_policy's and uniform_policy's are).
    EXPECT_TRUE(ThrowsInvalidArgument([&] { policy_evaluation(m, std::vector<double>{0.5, 0.5, 0.5, 0.5, 0, 0}, 0.5, 1e-9); },
                                      {"row 2"}));
    for (const std::vector<double>& bad : {std::vector<double>{0, 0}, std::vector<double>{0, 0, 0, 0},
                                           std::vector<double>{0, kNaN, 0}, std::vector<double>{0, 0, kInf}}) {
        EXPECT_TRUE(ThrowsInvalidArgument([&] { q_from_v(m, bad, 0.5); }, {"q_from_v", "v"}));
        EXPECT_TRUE(ThrowsInvalidArgument([&] { policy_evaluation_sweep(m, pi, bad, 0.5); }, {"v"}));
    }
    EXPECT_TRUE(ThrowsInvalidArgument([&] { greedy_policy(std::vector<double>{1, 2, 3}, 2, 2, 0.0); }, {"greedy_policy", "q"}));
    EXPECT_TRUE(ThrowsInvalidArgument([&] { greedy_policy(std::vector<double>{1, kNaN}, 1, 2, 0.0); }, {"greedy_policy"}));
    EXPECT_TRUE(ThrowsInvalidArgument([&] { greedy_policy(std::vector<double>{}, 0, 2, 0.0); }, {"num_states"}));
    EXPECT_TRUE(ThrowsInvalidArgument([&] { greedy_policy(std::vector<double>{}, 2, 0, 0.0); }, {"num_actions"}));
}

TEST(DynamicProgrammingBadInput, MalformedModels) {
    ASSERT_NO_THROW(value_iteration(chain_model(), 0.5, 1e-9)) << kValidCallFirst;
    auto refused = [](const Model& m, std::initializer_list<std::string_view> words) {
        return ThrowsInvalidArgument([&] { value_iteration(m, 0.5, 1e-9); }, words);
    };
    Model m = chain_model();
    m.outcomes[1][0].probability = 0.4;  // sums to 0.9
    EXPECT_TRUE(refused(m, {"value_iteration", "sum"}));
    m = chain_model();
    m.outcomes[0][0].next_state = 3;
    EXPECT_TRUE(refused(m, {"next_state", "3"}));
    m = chain_model();
    m.outcomes[0][0].next_state = -1;
    EXPECT_TRUE(refused(m, {"next_state", "-1"}));
    m = chain_model();
    m.outcomes[4] = {{1.0, 2, 0.0, true}};  // the terminal state with an outcome
    EXPECT_TRUE(refused(m, {"terminal"}));
    m = chain_model();
    m.outcomes[3].clear();  // a non-terminal state without outcomes
    EXPECT_TRUE(refused(m, {"no outcome"}));
    m = chain_model();
    m.outcomes[2][0].done = false;  // reaches the terminal state without ending
    EXPECT_TRUE(refused(m, {"done"}));
    m = chain_model();
    m.outcomes[3][0].done = true;  // ends in a non-terminal state
    EXPECT_TRUE(refused(m, {"done"}));
    m = chain_model();
    m.outcomes[0][0].reward = kNaN;
    EXPECT_TRUE(refused(m, {"reward"}));
    m = chain_model();
    m.outcomes[1][0].probability = -0.5;
    m.outcomes[1][1].probability = 1.5;
    EXPECT_TRUE(refused(m, {"probability"}));
    m = chain_model();
    m.outcomes.pop_back();
    EXPECT_TRUE(refused(m, {"outcomes"}));
    m = chain_model();
    m.terminal.pop_back();
    EXPECT_TRUE(refused(m, {"terminal"}));
    m = chain_model();
    m.num_actions = 0;
    EXPECT_TRUE(refused(m, {"actions"}));
    // Every function checks its model.
    m = chain_model();
    m.outcomes[1][0].probability = 0.4;
    const std::vector<double> pi = uniform_policy(3, 2), v = {0, 0, 0};
    EXPECT_TRUE(ThrowsInvalidArgument([&] { q_from_v(m, v, 0.5); }, {"q_from_v", "sum"}));
    EXPECT_TRUE(ThrowsInvalidArgument([&] { policy_evaluation_sweep(m, pi, v, 0.5); }, {"sum"}));
    EXPECT_TRUE(ThrowsInvalidArgument([&] { policy_evaluation(m, pi, 0.5, 1e-9); }, {"policy_evaluation", "sum"}));
    EXPECT_TRUE(ThrowsInvalidArgument([&] { policy_iteration(m, 0.5, 1e-9); }, {"policy_iteration", "sum"}));
}

TEST(PolicyEvaluationSweep, DiscountsTheNextValues) {
    // chain_model at gamma = 1/2 from v = v* = (8/3, 2, junk) under the optimal policy (a1 in s0,
    // a0 in s1): one sweep gives v* back, (1/2)(1/2)(8/3) + (1/2) 4 = 8/3 and 2, and 0 at the
    // terminal state; under the uniform policy, s0: ((1 + 1) + 8/3) / 2 = 7/3, s1: (2 + 4/3) / 2 = 5/3.
    const Model m = chain_model();
    const std::vector<double> v = {8.0 / 3.0, 2.0, 50.0};
    EXPECT_TRUE(AllClose(policy_evaluation_sweep(m, std::vector<double>{0, 1, 1, 0, 0.5, 0.5}, v, 0.5),
                         std::vector<double>{8.0 / 3.0, 2.0, 0.0}, {1e-15, 1e-15}));
    EXPECT_TRUE(AllClose(policy_evaluation_sweep(m, uniform_policy(3, 2), v, 0.5),
                         std::vector<double>{7.0 / 3.0, 5.0 / 3.0, 0.0}, {1e-15, 1e-15}));
}

TEST(PolicyIteration, TheToleranceAndTheLimitsReachTheLoop) {
    // chain_model, gamma = 1/2, tie_tolerance 0.75: q* = (2, 8/3 | 2, 4/3) has gaps 2/3 < 0.75, so
    // both actions tie in both states (value iteration too). Policy iteration: round 1 (uniform,
    // v = (28/13, 20/13)) has gaps 0.77 and 0.92, above 0.75: (a1, a0); round 2 finds v* and its
    // ties hold the policy's actions: stable, 2 rounds.
    const Model m = chain_model();
    const std::vector<std::vector<int>> all = {{0, 1}, {0, 1}, {0, 1}};
    Solution sol = policy_iteration(m, 0.5, 1e-12, 0.75);
    EXPECT_EQ(sol.greedy.ties, all);
    EXPECT_EQ(sol.improvements, 2);
    EXPECT_TRUE(AllClose(sol.v, std::vector<double>{8.0 / 3.0, 2.0, 0.0}, {1e-12, 0}));
    EXPECT_EQ(value_iteration(m, 0.5, 1e-12, 0.75).greedy.ties, all);
    // Example 4.1's random policy needs about 420 sweeps: max_sweeps = 100 stops the first evaluation.
    EXPECT_THROW(policy_iteration(example_4_1_grid().model(), 1.0, 1e-10, 1e-6, 100), std::runtime_error);
    try {
        policy_iteration(example_4_1_grid().model(), 1.0, 1e-10, 1e-6, 100000, 1);
        ADD_FAILURE() << "expected std::runtime_error after max_improvements = 1";
    } catch (const std::runtime_error& error) {
        EXPECT_NE(std::string(error.what()).find("max_improvements = 1 "), std::string::npos) << error.what();
    }
}

TEST(PolicyIteration, LeavesAPolicyWhoseFirstActionIsTheWorseOne) {
    // stay_or_leave_model with the actions swapped: a0 leaves (0), a1 stays (1 and back). gamma =
    // 0.9: v* = 1 / (1 - 0.9) = 10 by staying. Round 1 evaluates the uniform policy,
    // v = 0.5 (1 + 0.9 v): v = 0.5 / 0.55 = 0.909, whose greedy action is a1: (state 0, action 0)
    // is used but not greedy, so round 2 evaluates "stay", v = 10, and is stable.
    Model m = stay_or_leave_model();
    std::swap(m.outcomes[0], m.outcomes[1]);
    const Solution sol = policy_iteration(m, 0.9, 1e-12);
    EXPECT_NEAR(sol.v[0], 10.0, 0.9 * 1e-12 / 0.1 + 1e-13);
    EXPECT_EQ(sol.improvements, 2);
    EXPECT_EQ(sol.greedy.ties, (std::vector<std::vector<int>>{{1}, {0, 1}}));
}

}  // namespace
}  // namespace course::reinforcement_learning
