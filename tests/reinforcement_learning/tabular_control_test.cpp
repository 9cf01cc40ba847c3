// Tests for exercise 4, tabular control (modules/reinforcement_learning/learner/tabular_control.cpp).
//
// Oracles: single updates worked by hand; the three methods written in this file as the book's
// plain loops (plain_loop), replayed step for step with the same seeds on a small corridor in
// dyadic numbers (alpha 0.5, gamma 1, epsilon 0.5 on 2 actions, integer rewards), where
// every operation is exact, so any correct order of the arithmetic gives the same bits (the loop
// checks that it stayed exact); q* of FrozenLake 4x4 (not slippery) by a plain value iteration
// loop on the environment's model; the book's cliff walk (Example 6.6, Figure 6.4): Q-learning's
// greedy path along the edge, SARSA's safer one, and their sums of rewards per episode averaged
// over seeded runs, with thresholds in standard errors stated where they are checked.
#include "reinforcement_learning/tabular_control.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <numeric>
#include <span>
#include <string>
#include <vector>

#include "course/random.hpp"
#include "course/testing.hpp"
#include "reinforcement_learning/bandits.hpp"
#include "reinforcement_learning/environments.hpp"

namespace course::reinforcement_learning {
namespace {

using course::testing::AllClose;
using course::testing::ThrowsInvalidArgument;
using course::testing::Tolerance;

// kExact: values that must come out to the last bit (dyadic arithmetic, or a copy).
constexpr Tolerance kExact{0.0, 0.0};
// kUpdate: a hand-worked update: three or four rounded operations on values of order 10, so the
// result is off by a few ulps of 10, ~1e-14; 1e-12 is safely above and far below any wrong target.
constexpr Tolerance kUpdate{1e-12, 0.0};

// ---- A corridor: 0 - 1 - 2 - [3], two actions, for the step-by-step replays ----

// Corridor: states 0, 1, 2 and the terminal 3; action 0 left, 1 right; the start is 0, where left
// bumps the wall and stays (S' == S: SARSA's next action then reads the row being updated).
// Reward -1 per move, +4 for entering 3.
class Corridor : public Environment {
public:
    int num_states() const override { return 4; }
    int num_actions() const override { return 2; }
    int reset() override {
        state_ = 0;
        done_ = false;
        return state_;
    }
    Step step(int action) override {
        EXPECT_FALSE(done_) << "Corridor::step after the episode ended (reset first)";
        EXPECT_TRUE(action == 0 || action == 1) << "Corridor::step: action " << action;
        const int next = action == 0 ? std::max(0, state_ - 1) : state_ + 1;
        state_ = next;
        done_ = next == 3;
        return {next, done_ ? 4.0 : -1.0, done_};
    }
    int state() const override { return state_; }
    Model model() const override {
        Model m;
        m.num_states = 4;
        m.num_actions = 2;
        m.outcomes.resize(8);
        m.terminal = {0, 0, 0, 1};
        for (int s = 0; s < 3; ++s) {
            m.outcomes[std::size_t(s) * 2 + 0] = {{1.0, std::max(0, s - 1), -1.0, false}};
            m.outcomes[std::size_t(s) * 2 + 1] = {{1.0, s + 1, s + 1 == 3 ? 4.0 : -1.0, s + 1 == 3}};
        }
        return m;
    }

private:
    int state_ = 0;
    bool done_ = false;
};

// CountingEnvironment: a GridWorld that counts its resets and steps.
class CountingEnvironment : public Environment {
public:
    explicit CountingEnvironment(GridWorld inner) : inner_(std::move(inner)) {}
    int num_states() const override { return inner_.num_states(); }
    int num_actions() const override { return inner_.num_actions(); }
    int reset() override {
        ++resets;
        return inner_.reset();
    }
    Step step(int action) override {
        ++steps;
        return inner_.step(action);
    }
    int state() const override { return inner_.state(); }
    Model model() const override { return inner_.model(); }
    std::int64_t resets = 0, steps = 0;

private:
    GridWorld inner_;
};

// ---- The oracle: the book's three loops, written plainly ----

struct Plain {
    std::vector<double> q;
    std::vector<double> episode_rewards;
    std::int64_t updates = 0;
    bool exact = true;  // every value stayed a multiple of 2^-40 below 2^8 in size: no rounding
};

// short_dyadic: v = m 2^-40 with |v| < 2^8: 48 significant bits, so the update's sums and
// products by the corridor's dyadic constants (1/2, 1/4, 3/4: at most 3 bits more) are exact in
// double, in any order.
bool short_dyadic(double v) {
    const double scaled = std::ldexp(v, 40);
    return std::abs(v) < 256.0 && scaled == std::round(scaled);
}

// plain_loop: Sutton & Barto's boxes (sections 6.4 to 6.6) with the draws in the order the
// contract states: epsilon_greedy_action on the row of s, and SARSA's A' chosen before the update.
Plain plain_loop(ControlMethod method, Environment& env, const ControlOptions& o, std::uint64_t seed) {
    course::Rng rng(seed);
    const int S = env.num_states(), A = env.num_actions();
    Plain p;
    p.q.assign(std::size_t(S) * A, o.initial_value);
    auto Q = [&](int s, int a) -> double& { return p.q[std::size_t(s) * A + std::size_t(a)]; };
    auto choose = [&](int s) {
        return epsilon_greedy_action(std::span<const double>(p.q).subspan(std::size_t(s) * A, std::size_t(A)),
                                     o.epsilon, rng);
    };
    for (int episode = 0; episode < o.episodes; ++episode) {
        int s = env.reset();
        int a = method == ControlMethod::sarsa ? choose(s) : -1;
        double sum = 0.0;
        for (int t = 0; t < o.max_steps_per_episode; ++t) {
            if (method != ControlMethod::sarsa) a = choose(s);
            const Step st = env.step(a);
            sum += st.reward;
            double next = 0.0;
            int next_action = -1;
            if (!st.done) {
                double best = Q(st.next_state, 0);
                for (int b = 1; b < A; ++b) best = std::max(best, Q(st.next_state, b));
                if (method == ControlMethod::q_learning) next = best;
                if (method == ControlMethod::sarsa) {
                    next_action = choose(st.next_state);
                    next = Q(st.next_state, next_action);
                }
                if (method == ControlMethod::expected_sarsa) {
                    int k = 0;
                    for (int b = 0; b < A; ++b) k += Q(st.next_state, b) == best;
                    for (int b = 0; b < A; ++b)
                        next += (o.epsilon / A + (Q(st.next_state, b) == best ? (1.0 - o.epsilon) / k : 0.0)) *
                                Q(st.next_state, b);
                }
            }
            Q(s, a) += o.alpha * (st.reward + o.gamma * next - Q(s, a));
            p.exact = p.exact && short_dyadic(Q(s, a));
            ++p.updates;
            s = st.next_state;
            a = next_action;
            if (st.done) break;
        }
        p.episode_rewards.push_back(sum);
    }
    return p;
}

// expect_replays: the method on the corridor gives the plain loop's Q, sums and count, bit for bit.
void expect_replays(ControlMethod method, const ControlOptions& o, std::uint64_t seed) {
    Corridor env_plain, env;
    const Plain want = plain_loop(method, env_plain, o, seed);
    ASSERT_TRUE(want.exact) << "the oracle's replay left dyadic arithmetic: shorten it (test bug)";
    course::Rng rng(seed);
    const ControlResult got = run_control(method, env, o, rng);
    EXPECT_TRUE(AllClose(got.q, want.q, kExact, {4, 2}))
        << "Q after " << o.episodes << " episodes on the corridor (seed " << seed
        << "): check the target, the order of the draws (one epsilon_greedy_action per chosen action, on the "
           "row of the current state; SARSA chooses A' before its update) and that no action is chosen in a "
           "terminal state";
    EXPECT_TRUE(AllClose(got.episode_rewards, want.episode_rewards, kExact))
        << "the sums of rewards per episode (seed " << seed << ")";
    EXPECT_EQ(got.updates, want.updates) << "one update per step taken";
}

// ---- q* by value iteration on a model, a plain loop ----

std::vector<double> optimal_q(const Model& m, double gamma) {
    const int S = m.num_states, A = m.num_actions;
    std::vector<double> q(std::size_t(S) * A, 0.0), v(std::size_t(S), 0.0);
    for (int sweep = 0; sweep < 1000; ++sweep) {
        for (int s = 0; s < S; ++s)
            for (int a = 0; a < A; ++a) {
                double sum = 0.0;
                for (const Outcome& o : m.of(s, a))
                    sum += o.probability * (o.reward + (o.done ? 0.0 : gamma * v[std::size_t(o.next_state)]));
                q[std::size_t(s) * A + a] = sum;
            }
        for (int s = 0; s < S; ++s)
            v[std::size_t(s)] = *std::max_element(q.begin() + std::ptrdiff_t(s) * A, q.begin() + std::ptrdiff_t(s + 1) * A);
    }
    return q;
}

// cliff_state: the cliff walk's state at (row, col), 4 x 12.
constexpr int cliff_state(int row, int col) { return row * 12 + col; }

// edge_path: the 13-step optimal path: up, 11 times right along the cliff, down into the goal.
std::vector<int> edge_path() {
    std::vector<int> path{cliff_state(3, 0)};
    for (int col = 0; col < 12; ++col) path.push_back(cliff_state(2, col));
    path.push_back(cliff_state(3, 11));
    return path;
}

std::string describe(const std::vector<int>& path) {
    std::string text;
    for (int s : path) text += std::to_string(s) + " ";
    return text;
}

// mean_of: the mean of values[first .. last).
double mean_of(const std::vector<double>& values, std::size_t first, std::size_t last) {
    return std::accumulate(values.begin() + std::ptrdiff_t(first), values.begin() + std::ptrdiff_t(last), 0.0) /
           double(last - first);
}

// ---- Single updates, by hand ----

// q (3 states x 3 actions): row 0 {0, 2, 0}, row 1 {9, 9, 9} (untouched), row 2 {4, 7, -1}.
std::vector<double> three_rows() { return {0, 2, 0, 9, 9, 9, 4, 7, -1}; }

TEST(QLearningUpdate, MovesTowardRewardPlusDiscountedMaxByHand) {
    // S = 0, A = 1, R = 1, S' = 2, alpha 0.5, gamma 0.9: target 1 + 0.9 * max(4, 7, -1) = 7.3,
    // Q(0, 1) = 2 + 0.5 (7.3 - 2) = 4.65. (gamma on the reward: 0.9 + 7 = 7.9 -> 4.95; the action
    // with the first value 4: 4.6 -> 3.3.)
    std::vector<double> q = three_rows(), want = three_rows();
    q_learning_update(q, 3, {0, 1, 1.0, 2, false}, 0.5, 0.9);
    want[1] = 4.65;
    EXPECT_TRUE(AllClose(q, want, kUpdate, {3, 3})) << "only Q(0, 1) changes, to 4.65";
    // A terminal S' (done): target R alone whatever its row holds: 2 + 0.5 (1 - 2) = 1.5.
    q = three_rows();
    want = three_rows();
    q_learning_update(q, 3, {0, 1, 1.0, 2, true}, 0.5, 0.9);
    want[1] = 1.5;
    EXPECT_TRUE(AllClose(q, want, kUpdate, {3, 3})) << "S' terminal: its row (4, 7, -1) must not be read";
    // alpha 1 and gamma 0: Q(0, 1) = R exactly; S' == S: Q(2, 0) = 4 + 0.25 (-3 + 0.5 * 7 - 4) = 3.125.
    q = three_rows();
    q_learning_update(q, 3, {0, 1, -3.0, 2, false}, 1.0, 0.0);
    EXPECT_EQ(q[1], -3.0);
    q = three_rows();
    q_learning_update(q, 3, {2, 0, -3.0, 2, false}, 0.25, 0.5);
    EXPECT_EQ(q[6], 3.125) << "S' == S: the max over the row before the update";
}

TEST(SarsaUpdate, MovesTowardRewardPlusDiscountedNextActionByHand) {
    // A' = 2 (value -1, not the max): target 1 + 0.9 (-1) = 0.1, Q(0, 1) = 2 + 0.5 (0.1 - 2) = 1.05.
    std::vector<double> q = three_rows(), want = three_rows();
    sarsa_update(q, 3, {0, 1, 1.0, 2, false}, 2, 0.5, 0.9);
    want[1] = 1.05;
    EXPECT_TRUE(AllClose(q, want, kUpdate, {3, 3})) << "only Q(0, 1) changes, to 1.05 (A' = 2 has value -1)";
    // A' = 0: target 1 + 0.9 * 4 = 4.6, 2 + 0.5 * 2.6 = 3.3.
    q = three_rows();
    sarsa_update(q, 3, {0, 1, 1.0, 2, false}, 0, 0.5, 0.9);
    EXPECT_NEAR(q[1], 3.3, 1e-12);
    // alpha 0.25, gamma 0.5, A' = 1 (value 7): target -3 + 3.5 = 0.5, 2 + 0.25 (0.5 - 2) = 1.625.
    q = three_rows();
    sarsa_update(q, 3, {0, 1, -3.0, 2, false}, 1, 0.25, 0.5);
    EXPECT_EQ(q[1], 1.625) << "alpha 0.25, gamma 0.5";
    // Terminal S': 1.5 as for Q-learning; next_action is not read.
    q = three_rows();
    want = three_rows();
    sarsa_update(q, 3, {0, 1, 1.0, 2, true}, 1, 0.5, 0.9);
    want[1] = 1.5;
    EXPECT_TRUE(AllClose(q, want, kUpdate, {3, 3})) << "S' terminal: Q(S', A') must not be read";
}

TEST(ExpectedSarsaUpdate, MovesTowardTheEpsilonGreedyExpectationByHand) {
    // epsilon 0.3, A = 3, row of S' (4, 7, -1): pi = (0.1, 0.1 + 0.7, 0.1), expectation
    // 0.4 + 5.6 - 0.1 = 5.9; target 1 + 0.9 * 5.9 = 6.31; Q(0, 1) = 2 + 0.5 * 4.31 = 4.155.
    // (A uniform average: 10/3, target 4 -> 3.)
    std::vector<double> q = three_rows(), want = three_rows();
    expected_sarsa_update(q, 3, {0, 1, 1.0, 2, false}, 0.5, 0.9, 0.3);
    want[1] = 4.155;
    EXPECT_TRUE(AllClose(q, want, kUpdate, {3, 3})) << "the expectation under epsilon-greedy is 5.9, not the mean";
    // Tied maxima (7, 7, -1), epsilon 0.3: pi = (0.45, 0.45, 0.1), expectation 6.2 (the greedy share
    // counted once in all, not (1 - epsilon) for each tied action); target 6.58, Q = 4.29.
    q = {0, 2, 0, 9, 9, 9, 7, 7, -1};
    expected_sarsa_update(q, 3, {0, 1, 1.0, 2, false}, 0.5, 0.9, 0.3);
    EXPECT_NEAR(q[1], 4.29, 1e-12) << "tied maxima share 1 - epsilon";
    // epsilon 0: the max (Q-learning's 4.65); epsilon 1: the uniform mean 10/3.
    q = three_rows();
    expected_sarsa_update(q, 3, {0, 1, 1.0, 2, false}, 0.5, 0.9, 0.0);
    EXPECT_NEAR(q[1], 4.65, 1e-12) << "epsilon 0: the expectation is the max";
    q = three_rows();
    expected_sarsa_update(q, 3, {0, 1, 1.0, 2, false}, 0.5, 0.9, 1.0);
    EXPECT_NEAR(q[1], 2.0 + 0.5 * (1.0 + 0.9 * 10.0 / 3.0 - 2.0), 1e-12) << "epsilon 1: the uniform mean";
    // alpha 0.25, gamma 0.5, epsilon 0.75 (pi = 0.25, 0.5, 0.25): expectation 1 + 3.5 - 0.25 = 4.25,
    // target -3 + 2.125 = -0.875, Q = 2 + 0.25 (-2.875) = 1.28125.
    q = three_rows();
    expected_sarsa_update(q, 3, {0, 1, -3.0, 2, false}, 0.25, 0.5, 0.75);
    EXPECT_EQ(q[1], 1.28125) << "alpha 0.25, gamma 0.5, epsilon 0.75";
    // Terminal S': 1.5.
    q = three_rows();
    expected_sarsa_update(q, 3, {0, 1, 1.0, 2, true}, 0.5, 0.9, 0.3);
    EXPECT_NEAR(q[1], 1.5, 1e-12) << "S' terminal: its row must not be read";
}

// ---- The loops, replayed step for step ----

// corridor_options: 12 episodes of at most 9 steps (some are cut), alpha 0.5, gamma 1 (0.5 would
// add a bit per update and leave exact arithmetic within the run), epsilon 0.5, Q starting at 2:
// every option but gamma changes the result (gamma: the FrozenLake tests, 0.9).
ControlOptions corridor_options() {
    return ControlOptions{
        .episodes = 12, .alpha = 0.5, .gamma = 1.0, .epsilon = 0.5, .initial_value = 2.0, .max_steps_per_episode = 9};
}

// corridor_options_short: alpha 0.25 and gamma 0.5 (each adds bits: fewer episodes stay exact),
// epsilon 0.25, Q starting at -1, 4 episodes of at most 6 steps.
ControlOptions corridor_options_short() {
    return ControlOptions{
        .episodes = 4, .alpha = 0.25, .gamma = 0.5, .epsilon = 0.25, .initial_value = -1.0, .max_steps_per_episode = 6};
}

TEST(QLearning, ReplaysThePlainLoopOnACorridor) {
    for (std::uint64_t seed : {1u, 2u, 3u}) expect_replays(ControlMethod::q_learning, corridor_options(), seed);
    for (std::uint64_t seed : {4u, 5u}) expect_replays(ControlMethod::q_learning, corridor_options_short(), seed);
}

TEST(Sarsa, ReplaysThePlainLoopOnACorridor) {
    for (std::uint64_t seed : {1u, 2u, 3u}) expect_replays(ControlMethod::sarsa, corridor_options(), seed);
    for (std::uint64_t seed : {4u, 5u}) expect_replays(ControlMethod::sarsa, corridor_options_short(), seed);
}

TEST(ExpectedSarsa, ReplaysThePlainLoopOnACorridor) {
    ControlOptions o = corridor_options();
    // The expectation's 3/4 and 1/4 add up to 3 bits per update (Q(0, left) feeds on its own row):
    // 3 episodes (15 to 27 updates) stay exact, the oracle checks it.
    o.episodes = 3;
    for (std::uint64_t seed : {1u, 2u, 3u}) expect_replays(ControlMethod::expected_sarsa, o, seed);
    // alpha 0.25 and gamma 0.5 too: 6 bits per update, 2 episodes (up to 12 updates).
    o = corridor_options_short();
    o.episodes = 2;
    for (std::uint64_t seed : {4u, 5u}) expect_replays(ControlMethod::expected_sarsa, o, seed);
}

// ---- Q-learning learns q* ----

TEST(QLearning, LearnsOptimalValuesWithARandomBehaviour) {
    // FrozenLake 4x4, not slippery, gamma 0.9, epsilon 1: the behaviour is uniformly random, yet
    // Q-learning (off-policy) learns q* of the greedy policy. initial_value 5, far above every
    // value (at most 1): a terminal row bootstrapped from would leave 1 + 0.9 * 5 = 5.5 where q* is 1.
    // Deterministic moves and alpha 0.5: each update halves an entry's error toward its target, but
    // the excess of the optimistic start shrinks by gamma per generation of updates along a path
    // and random walks rarely reach row 3: 10 000 episodes (76 000 updates) leave errors of 1e-16
    // (measured; 3 000 episodes left 0.36). Tolerance 1e-6.
    GridWorld env = frozen_lake(4, false);
    const Model model = env.model();
    const ControlOptions o{.episodes = 10000, .alpha = 0.5, .gamma = 0.9, .epsilon = 1.0, .initial_value = 5.0};
    course::Rng rng(7);
    const ControlResult got = q_learning(env, o, rng);
    std::vector<double> want = optimal_q(model, 0.9);
    for (int s = 0; s < 16; ++s)
        if (model.terminal[std::size_t(s)])
            for (int a = 0; a < 4; ++a) want[std::size_t(s) * 4 + a] = 5.0;  // never updated
    EXPECT_TRUE(AllClose(got.q, want, Tolerance{1e-6, 0.0}, {16, 4}))
        << "q* (value iteration), terminal rows left at initial_value 5";
    std::vector<int> path = greedy_path(env, got.q, 100);
    EXPECT_EQ(path.size(), 7u) << "the greedy path reaches the goal in 6 steps: " << describe(path);
    EXPECT_EQ(path.back(), 15);
}

// ---- The cliff walk, Example 6.6 ----

// cliff_options: Figure 6.4's setting, alpha 0.5, epsilon 0.1, gamma 1, 500 episodes.
ControlOptions cliff_options() {
    return ControlOptions{.episodes = 500, .alpha = 0.5, .gamma = 1.0, .epsilon = 0.1};
}

TEST(CliffWalking, QLearningWalksTheEdgeAndSarsaTheSafePath) {
    // alpha 0.1 (the book's other setting), epsilon 0.1, 500 episodes, 10 seeds. Q-learning learns
    // q*: its greedy path is the 13-step edge path on every seed (60 of 60 tried). SARSA learns q of
    // the epsilon-greedy policy, for which the edge is dear (a random step in ten falls): its
    // greedy path goes round, two rows above the cliff (15 or 17 steps). Its Q is still moving after
    // 500 episodes, so on seeds 1 to 60 the path was safe (never in row 2 but at its ends) 53 times,
    // touched row 2 once or twice 4 times and looped between two cells without reaching the goal 3
    // times (a greedy policy of an unfinished Q may loop). Required: at least 5 safe paths of 10
    // (seeds 1 to 10 give 7, 2 loops and one touch; Q-learning's bootstrap in SARSA gives 0), and
    // never the edge path.
    ControlOptions o = cliff_options();
    o.alpha = 0.1;
    int safe = 0;
    std::string paths;
    for (std::uint64_t seed = 1; seed <= 10; ++seed) {
        GridWorld env = cliff_walking();
        course::Rng rng_q(seed), rng_s(seed);
        const ControlResult q = q_learning(env, o, rng_q);
        const std::vector<int> q_path = greedy_path(env, q.q, 100);
        EXPECT_EQ(q_path, edge_path()) << "Q-learning's greedy path (seed " << seed << "): " << describe(q_path);
        const ControlResult s = sarsa(env, o, rng_s);
        const std::vector<int> s_path = greedy_path(env, s.q, 100);
        int on_edge = 0;
        for (int st : s_path) on_edge += st / 12 == 2 && st % 12 != 0 && st % 12 != 11;
        EXPECT_NE(s_path, edge_path()) << "SARSA's greedy path is Q-learning's (seed " << seed << ")";
        safe += s_path.back() == cliff_state(3, 11) && s_path.size() > edge_path().size() && on_edge == 0;
        paths += "\n  seed " + std::to_string(seed) + ": " + describe(s_path);
    }
    EXPECT_GE(safe, 5) << "SARSA's greedy paths that reach the goal without walking row 2:" << paths;
}

// cliff_means: per run, the mean sum of rewards of episodes 101 to 500 (Figure 6.4's right part),
// runs with the agent's seeds 100 .. 100 + runs - 1.
std::vector<double> cliff_means(ControlMethod method, int runs) {
    std::vector<double> means;
    for (int r = 0; r < runs; ++r) {
        GridWorld env = cliff_walking();
        course::Rng rng(100 + std::uint64_t(r));
        const ControlResult result = run_control(method, env, cliff_options(), rng);
        means.push_back(mean_of(result.episode_rewards, 100, 500));
    }
    return means;
}

// standard_error: the sample standard deviation over sqrt(n).
double standard_error(const std::vector<double>& x) {
    const double m = mean_of(x, 0, x.size());
    double ss = 0.0;
    for (double v : x) ss += (v - m) * (v - m);
    return std::sqrt(ss / double(x.size() - 1) / double(x.size()));
}

TEST(CliffWalking, SarsaEarnsMoreThanQLearningPerEpisode) {
    // Figure 6.4: with epsilon 0.1, Q-learning walks the edge and falls now and then (about -50 per
    // episode), SARSA learns the safe path (about -25). 20 runs of 500 episodes each, alpha 0.5:
    // measured SARSA -27.0 (sd over runs 3.6, se 0.81), Q-learning -50.6 (sd 4.0, se 0.90); the
    // gap 23.6 has se 1.2. Required: a gap above 10, 11 se below the measured gap and 8 se above 0.
    const int runs = 20;
    const std::vector<double> q = cliff_means(ControlMethod::q_learning, runs);
    const std::vector<double> s = cliff_means(ControlMethod::sarsa, runs);
    const double q_mean = mean_of(q, 0, q.size()), s_mean = mean_of(s, 0, s.size());
    const double se = std::hypot(standard_error(q), standard_error(s));
    EXPECT_GT(s_mean - q_mean, 10.0) << "SARSA " << s_mean << " against Q-learning " << q_mean
                                     << " per episode (episodes 101 to 500, " << runs << " runs, se of the gap "
                                     << se << "; the book: about -25 against -50)";
    EXPECT_GT(q_mean, -70.0) << "Q-learning falls off the cliff more often than epsilon 0.1 explains";
    EXPECT_LT(q_mean, -35.0) << "Q-learning's behaviour is epsilon-greedy on the edge path: it falls now and then";
    EXPECT_GT(s_mean, -40.0) << "SARSA per episode";
}

TEST(CliffWalking, ExpectedSarsaEarnsAtLeastAsMuchAsSarsa) {
    // Figure 6.3 at alpha 0.5: Expected SARSA does better than SARSA, its target has no variance
    // from the next action. Measured over 20 runs: -21.1 (se 0.26) against -27.0 (se 0.81); the gap
    // 5.9 has se 0.85. Required: Expected SARSA ahead by at least 2, 4.6 se below the measured gap.
    const int runs = 20;
    const std::vector<double> e = cliff_means(ControlMethod::expected_sarsa, runs);
    const std::vector<double> s = cliff_means(ControlMethod::sarsa, runs);
    const double e_mean = mean_of(e, 0, e.size()), s_mean = mean_of(s, 0, s.size());
    EXPECT_GT(e_mean - s_mean, 2.0) << "Expected SARSA " << e_mean << " against SARSA " << s_mean
                                    << " per episode (episodes 101 to 500, " << runs << " runs, se of the gap "
                                    << std::hypot(standard_error(e), standard_error(s)) << ")";
}

TEST(TabularControl, NeverBootstrapsFromTerminalRows) {
    // FrozenLake 4x4, not slippery: the goal's reward 1 is the only one, so with gamma 0.9 no value
    // exceeds 1. Q starts at 50 everywhere: an update that reads a terminal row (still 50) pulls
    // the entry toward 0.9 * 50 = 45 and keeps values far above 1. Each method, 10 000 episodes with
    // epsilon 1 (76 000 updates; the optimistic excess shrinks by gamma per generation of updates):
    // every nonterminal entry ends at most 1 + 1e-3, every terminal one exactly at 50. (SARSA and
    // Expected SARSA learn q of the random policy, below q*; all of them stay <= 1.)
    for (ControlMethod method : {ControlMethod::q_learning, ControlMethod::sarsa, ControlMethod::expected_sarsa}) {
        GridWorld env = frozen_lake(4, false);
        const Model model = env.model();
        const ControlOptions o{.episodes = 10000, .alpha = 0.5, .gamma = 0.9, .epsilon = 1.0, .initial_value = 50.0};
        course::Rng rng(3);
        const ControlResult got = run_control(method, env, o, rng);
        for (int s = 0; s < 16; ++s)
            for (int a = 0; a < 4; ++a) {
                const double v = got.q[std::size_t(s) * 4 + a];
                if (model.terminal[std::size_t(s)]) {
                    EXPECT_EQ(v, 50.0) << "method " << int(method) << ": terminal row " << s << " was updated";
                } else {
                    EXPECT_LE(v, 1.0 + 1e-3) << "method " << int(method) << ": Q(" << s << ", " << a
                                             << ") above every return: a terminal row (50) bootstrapped from?";
                }
            }
    }
}

TEST(TabularControl, CutsEpisodesAtMaxStepsAndCountsEveryStep) {
    // The cliff with max_steps_per_episode 1: one step per episode, from the start: -1 (up, left,
    // down bump or move) or -100 (right, into the cliff). 40 episodes: 40 steps, 40 updates.
    for (ControlMethod method : {ControlMethod::q_learning, ControlMethod::sarsa, ControlMethod::expected_sarsa}) {
        CountingEnvironment env(cliff_walking());
        ControlOptions o = cliff_options();
        o.episodes = 40;
        o.max_steps_per_episode = 1;
        o.epsilon = 1.0;
        course::Rng rng(5);
        const ControlResult got = run_control(method, env, o, rng);
        EXPECT_EQ(env.resets, 40);
        EXPECT_EQ(env.steps, 40) << "method " << int(method) << ": one step per episode";
        EXPECT_EQ(got.updates, 40);
        ASSERT_EQ(got.episode_rewards.size(), 40u);
        int falls = 0;
        for (double r : got.episode_rewards) {
            EXPECT_TRUE(r == -1.0 || r == -100.0) << "a one-step episode's sum: " << r;
            falls += r == -100.0;
        }
        EXPECT_GT(falls, 0) << "epsilon 1: a quarter of the first steps go right, into the cliff";
    }
    // Without the cap: updates == steps taken, resets == episodes, on every method.
    for (ControlMethod method : {ControlMethod::q_learning, ControlMethod::sarsa, ControlMethod::expected_sarsa}) {
        CountingEnvironment env(cliff_walking());
        ControlOptions o = cliff_options();
        o.episodes = 50;
        course::Rng rng(6);
        const ControlResult got = run_control(method, env, o, rng);
        EXPECT_EQ(env.resets, 50);
        EXPECT_EQ(got.updates, env.steps) << "method " << int(method) << ": one update per step";
        EXPECT_GE(env.steps, 50 * 13) << "every episode ends in the goal, at least 13 steps away";
    }
}

TEST(GreedyPath, FollowsTheLowestBestActionToATerminal) {
    GridWorld env = cliff_walking();
    // All zeros: every tie goes to action 0 (left); from the start, left bumps the wall: the path
    // stays at 36 for max_steps steps, max_steps + 1 states.
    std::vector<double> q(48 * 4, 0.0);
    EXPECT_EQ(greedy_path(env, q, 5), std::vector<int>(6, cliff_state(3, 0)));
    EXPECT_EQ(greedy_path(env, q, 0), std::vector<int>{cliff_state(3, 0)}) << "max_steps 0: the start alone";
    // Up from the start, right along row 2 with ties between right (2) and up (3): the lowest, right;
    // down at the end, into the goal: the edge path, ending at the terminal.
    q[std::size_t(cliff_state(3, 0)) * 4 + kUp] = 1.0;
    for (int col = 0; col < 11; ++col) {
        q[std::size_t(cliff_state(2, col)) * 4 + kRight] = 1.0;
        q[std::size_t(cliff_state(2, col)) * 4 + kUp] = 1.0;
    }
    q[std::size_t(cliff_state(2, 11)) * 4 + kDown] = 1.0;
    EXPECT_EQ(greedy_path(env, q, 100), edge_path()) << "the path stops at the terminal goal";
    EXPECT_EQ(greedy_path(env, q, 3), (std::vector<int>{36, 24, 25, 26})) << "cut after max_steps = 3";
}

TEST(TabularControl, RefusesBadOptions) {
    GridWorld env = cliff_walking();
    course::Rng rng(1);
    ControlOptions valid = cliff_options();
    valid.episodes = 2;
    EXPECT_NO_THROW(q_learning(env, valid, rng)) << course::testing::kValidCallFirst;
    const double nan = std::numeric_limits<double>::quiet_NaN(), inf = std::numeric_limits<double>::infinity();
    for (ControlMethod method : {ControlMethod::q_learning, ControlMethod::sarsa, ControlMethod::expected_sarsa}) {
        auto refuses = [&](ControlOptions o, const char* option) {
            EXPECT_TRUE(ThrowsInvalidArgument([&] { run_control(method, env, o, rng); }, {option}))
                << "method " << int(method) << ", " << option;
        };
        for (int bad : {0, -1}) {
            ControlOptions o = valid;
            o.episodes = bad;
            refuses(o, "episodes");
            o = valid;
            o.max_steps_per_episode = bad;
            refuses(o, "max_steps_per_episode");
        }
        for (double bad : {0.0, -0.5, 1.5, nan, inf, -inf}) {
            ControlOptions o = valid;
            o.alpha = bad;
            refuses(o, "alpha");
        }
        for (double bad : {-0.1, 1.1, nan, inf, -inf}) {
            ControlOptions o = valid;
            o.gamma = bad;
            refuses(o, "gamma");
            o = valid;
            o.epsilon = bad;
            refuses(o, "epsilon");
        }
        for (double bad : {nan, inf, -inf}) {
            ControlOptions o = valid;
            o.initial_value = bad;
            refuses(o, "initial_value");
        }
    }
    // The bounds themselves are valid: alpha 1, gamma 0 and 1, epsilon 0 and 1.
    ControlOptions edge = valid;
    edge.alpha = 1.0;
    edge.gamma = 0.0;
    edge.epsilon = 0.0;
    edge.max_steps_per_episode = 50;
    EXPECT_NO_THROW(sarsa(env, edge, rng));
    edge.gamma = 1.0;
    edge.epsilon = 1.0;
    EXPECT_NO_THROW(expected_sarsa(env, edge, rng));
}

TEST(TabularControl, UpdatesAndGreedyPathRefuseBadArguments) {
    std::vector<double> q = three_rows();
    q_learning_update(q, 3, {0, 1, 1.0, 2, false}, 0.5, 0.9);
    ASSERT_NEAR(q[1], 4.65, 1e-12) << course::testing::kValidCallFirst;
    const double nan = std::numeric_limits<double>::quiet_NaN();
    const Transition ok{0, 1, 1.0, 2, false};
    auto all_three = [&](const Transition& t, double alpha, double gamma, double epsilon, const char* what) {
        EXPECT_TRUE(ThrowsInvalidArgument([&] { q_learning_update(q, 3, t, alpha, gamma); }, {"q_learning_update", what}));
        EXPECT_TRUE(ThrowsInvalidArgument([&] { sarsa_update(q, 3, t, 0, alpha, gamma); }, {"sarsa_update", what}));
        EXPECT_TRUE(ThrowsInvalidArgument([&] { expected_sarsa_update(q, 3, t, alpha, gamma, epsilon); },
                                          {"expected_sarsa_update", what}));
    };
    all_three({3, 1, 1.0, 2, false}, 0.5, 0.9, 0.1, "state");
    all_three({-1, 1, 1.0, 2, false}, 0.5, 0.9, 0.1, "state");
    all_three({0, 1, 1.0, 3, false}, 0.5, 0.9, 0.1, "next_state");
    all_three({0, 3, 1.0, 2, false}, 0.5, 0.9, 0.1, "action");
    all_three({0, -1, 1.0, 2, false}, 0.5, 0.9, 0.1, "action");
    all_three({0, 1, nan, 2, false}, 0.5, 0.9, 0.1, "reward");
    all_three(ok, 0.0, 0.9, 0.1, "alpha");
    all_three(ok, nan, 0.9, 0.1, "alpha");
    all_three(ok, 0.5, 1.5, 0.1, "gamma");
    all_three(ok, 0.5, nan, 0.1, "gamma");
    EXPECT_TRUE(ThrowsInvalidArgument([&] { expected_sarsa_update(q, 3, ok, 0.5, 0.9, 1.5); }, {"epsilon"}));
    EXPECT_TRUE(ThrowsInvalidArgument([&] { expected_sarsa_update(q, 3, ok, 0.5, 0.9, nan); }, {"epsilon"}));
    EXPECT_TRUE(ThrowsInvalidArgument([&] { sarsa_update(q, 3, ok, 3, 0.5, 0.9); }, {"next_action 3", "0 .. 2"}));
    EXPECT_TRUE(ThrowsInvalidArgument([&] { sarsa_update(q, 3, ok, -1, 0.5, 0.9); }, {"next_action"}));
    std::vector<double> ragged(8, 0.0);
    EXPECT_TRUE(ThrowsInvalidArgument([&] { q_learning_update(ragged, 3, ok, 0.5, 0.9); }, {"num_actions"}));
    EXPECT_TRUE(ThrowsInvalidArgument([&] { q_learning_update(q, 0, ok, 0.5, 0.9); }, {"num_actions"}));
    GridWorld env = cliff_walking();
    std::vector<double> short_q(47 * 4, 0.0), nan_q(48 * 4, 0.0);
    nan_q[std::size_t(cliff_state(3, 0)) * 4 + 2] = nan;
    EXPECT_TRUE(ThrowsInvalidArgument([&] { greedy_path(env, short_q, 10); }, {"greedy_path", "q has"}));
    EXPECT_TRUE(ThrowsInvalidArgument([&] { greedy_path(env, std::vector<double>(48 * 4, 0.0), -1); },
                                      {"greedy_path", "max_steps = -1"}));
    EXPECT_TRUE(ThrowsInvalidArgument([&] { greedy_path(env, nan_q, 10); }, {"greedy_path", "NaN"}));
    // A NaN anywhere, the first entry included, even in a row the path never reaches.
    std::vector<double> nan_first(48 * 4, 0.0);
    nan_first[0] = nan;
    EXPECT_TRUE(ThrowsInvalidArgument([&] { greedy_path(env, nan_first, 10); }, {"greedy_path", "q[0]", "NaN"}));
}

TEST(MeanEpisodeRewards, AveragesTheRunsSeededSeedPlusRun) {
    // The plots' helper: run r on a fresh copy of the environment with course::Rng(seed + r).
    ControlOptions o = cliff_options();
    o.episodes = 30;
    const GridWorld cliff = cliff_walking();
    for (ControlMethod method : {ControlMethod::q_learning, ControlMethod::sarsa, ControlMethod::expected_sarsa}) {
        std::vector<double> want(30, 0.0);
        for (int r = 0; r < 3; ++r) {
            GridWorld env = cliff_walking();
            course::Rng rng(40 + std::uint64_t(r));
            const ControlResult result = run_control(method, env, o, rng);
            for (std::size_t e = 0; e < 30; ++e) want[e] += result.episode_rewards[e] / 3.0;
        }
        // The same sums in the same order: the same bits.
        EXPECT_TRUE(AllClose(mean_episode_rewards(method, cliff, o, 3, 40), want, kExact))
            << "method " << int(method);
    }
    EXPECT_TRUE(ThrowsInvalidArgument([&] { mean_episode_rewards(ControlMethod::sarsa, cliff, o, 0, 1); }, {"runs"}));
}

}  // namespace
}  // namespace course::reinforcement_learning
