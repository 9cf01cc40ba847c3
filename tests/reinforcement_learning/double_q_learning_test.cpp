// Tests for exercise 5, double Q-learning (modules/reinforcement_learning/learner/double_q_learning.cpp).
//
// Oracles: updates worked by hand on small tables whose entries are dyadic (halves and quarters,
// exact in double), with each wrong choice of table giving another value; the contract's order of
// draws replayed by plain loops in this file (on top of bandits' greedy_action and
// epsilon_greedy_action, the reference of exercise 1), compared within a few ulps; q* of Example
// 4.1's grid from the Manhattan distance to the nearest corner; and, for the maximization bias,
// statistics over seeded runs whose thresholds come from the per-run standard deviations measured
// over 2 000 runs of other seeds (each comment gives the numbers).
#include "reinforcement_learning/double_q_learning.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdlib>
#include <limits>
#include <span>
#include <stdexcept>
#include <string>
#include <vector>

#include "course/random.hpp"
#include "course/testing.hpp"
#include "reinforcement_learning/bandits.hpp"
#include "reinforcement_learning/environments.hpp"

namespace course::reinforcement_learning {
namespace {

using course::testing::AllClose;
using course::testing::kValidCallFirst;
using course::testing::ThrowsInvalidArgument;
using course::testing::Tolerance;

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr double kInf = std::numeric_limits<double>::infinity();

// Replays do the same operations as the contract, but a learner may write the step as
// (1 - alpha) Q + alpha target: a few ulps of the values (|Q| <= 10 here) per update.
constexpr Tolerance kReplay{1e-12, 1e-12};

// ---- Hand-worked updates: S = 3, A = 3, the transition (s = 0, a = 2) -> s' = 1 ----
//
//     Q1 row s' = [1, 5, 2]   argmax Q1(s', .) = 1
//     Q2 row s' = [4, 0.5, 3] argmax Q2(s', .) = 0
//     Q1(0, 2) = 1, Q2(0, 2) = 3, r = 2, alpha = 0.25, gamma = 0.5
// Updating Q1: target = 2 + 0.5 * Q2(1, 1) = 2.25, Q1(0, 2) = 1 + 0.25 * (2.25 - 1) = 1.3125.
// The wrong choices: evaluating with Q1 itself (Q-learning): target 2 + 0.5 * 5 = 4.5 -> 1.875;
// the argmax of Q2 evaluated by Q2: 2 + 0.5 * 4 = 4 -> 1.75; the argmax of Q2 evaluated by Q1:
// 2 + 0.5 * 1 = 2.5 -> 1.375. Every value is a dyadic rational: exact in double.
std::vector<double> hand_q1() { return {0.0, 0.0, 1.0, 1.0, 5.0, 2.0, 7.0, 7.0, 7.0}; }
std::vector<double> hand_q2() { return {0.0, 0.0, 3.0, 4.0, 0.5, 3.0, -6.0, -6.0, -6.0}; }

TEST(DoubleQUpdate, UpdatingQ1ChoosesWithQ1AndEvaluatesWithQ2) {
    std::vector<double> q1 = hand_q1(), want = hand_q1();
    const std::vector<double> q2 = hand_q2();
    course::Rng rng(1);
    double_q_update(q1, q2, 3, 0, 2, Step{1, 2.0, false}, 3, 0.25, 0.5, rng);
    want[2] = 1.3125;
    EXPECT_TRUE(AllClose(q1, want, Tolerance{}, {3, 3}))
        << "want Q1(0, 2) = 1 + 0.25 (2 + 0.5 Q2(1, argmax Q1(1, .) = 1)) = 1.3125; 1.875 is Q1 evaluating its own "
           "argmax (that is Q-learning), 1.75 or 1.375 take the argmax from Q2; nothing else may change";
}

TEST(DoubleQUpdate, UpdatingQ2ChoosesWithQ2AndEvaluatesWithQ1) {
    // Q2 is updated: a* = argmax Q2(1, .) = 0, evaluated by Q1(1, 0) = 1: target 2 + 0.5 = 2.5,
    // Q2(0, 2) = 3 + 0.25 (2.5 - 3) = 2.875 (Q2 itself: 2 + 0.5 * 4 = 4 -> 3.25).
    const std::vector<double> q1 = hand_q1();
    std::vector<double> q2 = hand_q2(), want = hand_q2();
    course::Rng rng(1);
    double_q_update(q2, q1, 3, 0, 2, Step{1, 2.0, false}, 3, 0.25, 0.5, rng);
    want[2] = 2.875;
    EXPECT_TRUE(AllClose(q2, want, Tolerance{}, {3, 3}))
        << "want Q2(0, 2) = 3 + 0.25 (2 + 0.5 Q1(1, argmax Q2(1, .) = 0) - 3) = 2.875";
}

TEST(DoubleQUpdate, ATerminalNextStateGivesTheRewardAlone) {
    // s' = 2 is terminal (done): target = r = 2, Q1(0, 2) = 1 + 0.25 (2 - 1) = 1.25. Its rows hold
    // 7 and -6 on purpose: bootstrapping from them gives 2 + 0.5 * (-6) = -1 -> 0.5 (or 2 + 3.5 -> 2.125).
    std::vector<double> q1 = hand_q1(), want = hand_q1();
    const std::vector<double> q2 = hand_q2();
    course::Rng rng(1);
    double_q_update(q1, q2, 3, 0, 2, Step{2, 2.0, true}, 3, 0.25, 0.5, rng);
    want[2] = 1.25;
    EXPECT_TRUE(AllClose(q1, want, Tolerance{}, {3, 3}))
        << "want Q1(0, 2) = 1 + 0.25 (2 - 1) = 1.25: a terminal s' has no value to bootstrap from";
}

TEST(DoubleQUpdate, TheArgmaxRunsOverTheNextStatesActionsOnly) {
    // next_count = 2: a* = argmax of Q1(1, 0 .. 1) = [1, 5] is 1 as before; with Q1(1, .) = [1, 2, 9]
    // and next_count = 2, a* = 1 (not 2): target 2 + 0.5 Q2(1, 1) = 2.25 -> 1.3125 (a* = 2: 2 + 1.5
    // -> 1.625).
    std::vector<double> q1 = hand_q1(), want;
    q1[3 + 1] = 2.0;
    q1[3 + 2] = 9.0;
    want = q1;
    const std::vector<double> q2 = hand_q2();
    course::Rng rng(1);
    double_q_update(q1, q2, 3, 0, 2, Step{1, 2.0, false}, 2, 0.25, 0.5, rng);
    want[2] = 1.3125;
    EXPECT_TRUE(AllClose(q1, want, Tolerance{}, {3, 3}))
        << "want 1.3125: action 2 is not one of s''s next_count = 2 actions, its 9 must not be the argmax";
}

TEST(DoubleQUpdate, TiesInTheArgmaxAreDrawnLikeGreedyAction) {
    // Q1(1, .) = [3, 3, 1]: a tie between actions 0 and 1, which greedy_action breaks with one
    // rng.index(2). Q2(1, 0) = 4 and Q2(1, 1) = 0.5 tell which was chosen: target 2 + 0.5 * 4 = 4 ->
    // Q1(0, 2) = 1.75, or 2 + 0.25 = 2.25 -> 1.3125. A replayed generator says which, for 40 seeds
    // (always action 0 would be right for about half of them only).
    int chose_first = 0;
    for (std::uint64_t seed = 1; seed <= 40; ++seed) {
        std::vector<double> q1 = hand_q1();
        q1[3] = 3.0;
        q1[4] = 3.0;
        q1[5] = 1.0;
        const std::vector<double> q2 = hand_q2();
        course::Rng rng(seed), replay(seed);
        const int pick = replay.index(2);
        chose_first += pick == 0;
        double_q_update(q1, q2, 3, 0, 2, Step{1, 2.0, false}, 3, 0.25, 0.5, rng);
        EXPECT_EQ(q1[2], pick == 0 ? 1.75 : 1.3125)
            << "seed " << seed << ": the tie between actions 0 and 1 of Q1(1, .) goes to action " << pick
            << " (greedy_action's one rng.index(2)), whose Q2 value is " << q2[3 + pick];
    }
    EXPECT_GT(chose_first, 5);
    EXPECT_LT(chose_first, 35);
}

TEST(DoubleQUpdate, StepSizeAndDiscountAreTheGivenOnes) {
    // alpha = 1: the target itself, 2 + 0.75 * Q2(1, 1) = 2.375; gamma = 0: the reward alone, 1 +
    // 0.5 (2 - 1) = 1.5; gamma = 1, alpha = 0.125: 1 + 0.125 (2.5 - 1) = 1.1875.
    const std::vector<double> q2 = hand_q2();
    struct Case {
        double alpha, gamma, want;
    };
    for (const Case c : {Case{1.0, 0.75, 2.375}, Case{0.5, 0.0, 1.5}, Case{0.125, 1.0, 1.1875}}) {
        std::vector<double> q1 = hand_q1();
        course::Rng rng(1);
        double_q_update(q1, q2, 3, 0, 2, Step{1, 2.0, false}, 3, c.alpha, c.gamma, rng);
        EXPECT_EQ(q1[2], c.want) << "alpha " << c.alpha << ", gamma " << c.gamma;
    }
}

TEST(DoubleQUpdate, RefusesBadArguments) {
    std::vector<double> q1 = hand_q1();
    const std::vector<double> q2 = hand_q2();
    course::Rng rng(1);
    double_q_update(q1, q2, 3, 0, 2, Step{1, 2.0, false}, 3, 0.25, 0.5, rng);
    SUCCEED() << kValidCallFirst;
    const Step ok{1, 2.0, false};
    auto call = [&](std::span<double> a, std::span<const double> b, int A, int s, int act, Step st, int k, double al,
                    double ga) { return [=, &rng] { double_q_update(a, b, A, s, act, st, k, al, ga, rng); }; };
    std::vector<double> short_q(8, 0.0);
    EXPECT_TRUE(ThrowsInvalidArgument(call(short_q, q2, 3, 0, 2, ok, 3, 0.25, 0.5), {"q_update", "8", "9"}));
    EXPECT_TRUE(ThrowsInvalidArgument(call(q1, short_q, 3, 0, 2, ok, 3, 0.25, 0.5), {"q_evaluate", "8"}));
    std::vector<double> q8a(8, 0.0), q8b(8, 0.0);
    EXPECT_TRUE(ThrowsInvalidArgument(call(q8a, q8b, 3, 0, 2, ok, 3, 0.25, 0.5), {"8", "A = 3"}));
    for (int A : {0, -1}) EXPECT_TRUE(ThrowsInvalidArgument(call(q1, q2, A, 0, 0, ok, 1, 0.25, 0.5), {"num_actions"}));
    for (int s : {-1, 3}) EXPECT_TRUE(ThrowsInvalidArgument(call(q1, q2, 3, s, 2, ok, 3, 0.25, 0.5), {"s = "}));
    for (int a : {-1, 3}) EXPECT_TRUE(ThrowsInvalidArgument(call(q1, q2, 3, 0, a, ok, 3, 0.25, 0.5), {"a = "}));
    for (int next : {-1, 3})
        EXPECT_TRUE(ThrowsInvalidArgument(call(q1, q2, 3, 0, 2, Step{next, 2.0, false}, 3, 0.25, 0.5), {"next_state"}));
    for (int k : {0, -1, 4})
        EXPECT_TRUE(ThrowsInvalidArgument(call(q1, q2, 3, 0, 2, ok, k, 0.25, 0.5), {"next_count"}));
    for (double alpha : {0.0, -0.5, kNaN, kInf, -kInf})
        EXPECT_TRUE(ThrowsInvalidArgument(call(q1, q2, 3, 0, 2, ok, 3, alpha, 0.5), {"alpha"}));
    for (double gamma : {-0.1, 1.5, kNaN, kInf, -kInf})
        EXPECT_TRUE(ThrowsInvalidArgument(call(q1, q2, 3, 0, 2, ok, 3, 0.25, gamma), {"gamma"}));
}

// ---- Episodes: the contract's draws replayed ----

// count_of: k(s).
int count_of(std::span<const int> counts, int s, int A) { return counts.empty() ? A : counts[std::size_t(s)]; }

// replay_double_q_episode: the contract of double_q_episode as a plain loop (the oracle).
EpisodeRecord replay_double_q_episode(Environment& env, std::vector<double>& q1, std::vector<double>& q2,
                                      std::span<const int> counts, const DoubleQOptions& o, course::Rng& rng) {
    const int A = env.num_actions();
    EpisodeRecord record;
    int s = env.reset();
    while (record.steps < o.max_steps) {
        const int k = count_of(counts, s, A);
        std::vector<double> sum(std::size_t(k), 0.0);
        for (int b = 0; b < k; ++b) sum[std::size_t(b)] = q1[std::size_t(s * A + b)] + q2[std::size_t(s * A + b)];
        const int a = epsilon_greedy_action(sum, o.epsilon, rng);
        const Step step = env.step(a);
        if (record.steps == 0) record.first_action = a;
        record.total_reward += step.reward;
        ++record.steps;
        const bool first = rng.uniform(0.0, 1.0) < 0.5;
        std::vector<double>& upd = first ? q1 : q2;
        const std::vector<double>& eval = first ? q2 : q1;
        double target = step.reward;
        if (!step.done) {
            const int k2 = count_of(counts, step.next_state, A);
            const std::span<const double> row(upd.data() + std::size_t(step.next_state * A), std::size_t(k2));
            target += o.gamma * eval[std::size_t(step.next_state * A + greedy_action(row, rng))];
        }
        double& value = upd[std::size_t(s * A + a)];
        value += o.alpha * (target - value);
        if (step.done) {
            record.done = true;
            break;
        }
        s = step.next_state;
    }
    return record;
}

// random_table: S x A entries uniform in [-1, 1) (no ties: the draws of greedy_action stay
// predictable, and a terminal row is non-zero so that bootstrapping from it shows).
std::vector<double> random_table(int S, int A, std::uint64_t seed) {
    return course::random_doubles(std::size_t(S) * std::size_t(A), seed);
}

void expect_same_record(const EpisodeRecord& got, const EpisodeRecord& want, int episode) {
    EXPECT_EQ(got.first_action, want.first_action) << "episode " << episode << ": the action in the start state";
    EXPECT_NEAR(got.total_reward, want.total_reward, 1e-12) << "episode " << episode;
    EXPECT_EQ(got.steps, want.steps) << "episode " << episode;
    EXPECT_EQ(got.done, want.done) << "episode " << episode;
}

TEST(DoubleQEpisode, ReplaysTheContractsDrawsOnSlipperyFrozenLake) {
    // FrozenLake 4x4, slippery (its own generator), from random tables (terminal rows included),
    // epsilon 0.3: 60 episodes, the tables and records equal to the replay's. Behaviour on Q1 only,
    // a missing coin, a coin drawn before the action, bootstrapping from a hole or the goal: each
    // changes the tables after a few steps.
    const DoubleQOptions options{0.3, 0.9, 0.3, 100000};
    GridWorld env = frozen_lake(4, true, 7), env_replay = frozen_lake(4, true, 7);
    std::vector<double> q1 = random_table(16, 4, 11), q2 = random_table(16, 4, 12);
    std::vector<double> r1 = q1, r2 = q2;
    course::Rng rng(5), rng_replay(5);
    for (int e = 0; e < 60; ++e) {
        const EpisodeRecord got = double_q_episode(env, q1, q2, {}, options, rng);
        const EpisodeRecord want = replay_double_q_episode(env_replay, r1, r2, {}, options, rng_replay);
        expect_same_record(got, want, e);
        ASSERT_TRUE(AllClose(q1, r1, kReplay, {16, 4})) << "Q1 after episode " << e;
        ASSERT_TRUE(AllClose(q2, r2, kReplay, {16, 4})) << "Q2 after episode " << e;
    }
}

// OneStepEnvironment: one state, one action, reward 1, the episode ends (state 1, terminal).
class OneStepEnvironment : public Environment {
public:
    int num_states() const override { return 2; }
    int num_actions() const override { return 1; }
    int reset() override { return 0; }
    Step step(int) override { return {1, 1.0, true}; }
    int state() const override { return 0; }
    Model model() const override { return {}; }
};

TEST(DoubleQEpisode, TheCoinIsFair) {
    // One step per episode, reward 1, alpha = 1/1024: after n updates Q(0, 0) = 1 - (1 - alpha)^n,
    // so n1 and n2, the numbers of updates of Q1 and Q2, can be read back from the tables. Over
    // N = 4 000 episodes n1 ~ Binomial(N, 1/2): sd sqrt(N) / 2 = 31.6; |n1 - N/2| < 190 = 6 sd.
    // (Always Q1: n1 = 4 000; the coin < 0.9: n1 = 3 600.)
    OneStepEnvironment env;
    std::vector<double> q1(2, 0.0), q2(2, 0.0);
    const DoubleQOptions options{1.0 / 1024.0, 1.0, 0.0, 10};
    course::Rng rng(3);
    const int N = 4000;
    for (int e = 0; e < N; ++e) double_q_episode(env, q1, q2, {}, options, rng);
    const double n1 = std::log(1.0 - q1[0]) / std::log(1.0 - options.alpha);
    const double n2 = std::log(1.0 - q2[0]) / std::log(1.0 - options.alpha);
    EXPECT_NEAR(n1 + n2, N, 0.01) << "every step updates exactly one table, once";
    EXPECT_NEAR(n1, N / 2.0, 190.0) << "Q1 was updated " << n1 << " times of " << N
                                    << ": the coin picks Q1 or Q2 with probability 1/2 each";
    EXPECT_EQ(q1[1], 0.0) << "the terminal state's row is never updated";
    EXPECT_EQ(q2[1], 0.0);
}

TEST(DoubleQEpisode, RecordsTheFirstActionTheRewardsTheStepsAndTheEnd) {
    // "S.G", step reward -0.5, goal 1, epsilon 0, Q1 + Q2 largest for "right" in both cells: two
    // steps right, total -0.5 + 1 = 0.5, first action 2 (right), done. A second episode starts over.
    GridWorld env({"S.G"}, GridRules{-0.5, 1.0, 0.0, -100.0, false});
    std::vector<double> q1(12, 0.0), q2(12, 0.0);
    for (int s = 0; s < 2; ++s) q1[std::size_t(s * 4 + kRight)] = 5.0;
    const DoubleQOptions options{0.5, 1.0, 0.0, 100};
    course::Rng rng(1);
    for (int e = 0; e < 2; ++e) {
        const EpisodeRecord r = double_q_episode(env, q1, q2, {}, options, rng);
        EXPECT_EQ(r.first_action, int(kRight)) << "episode " << e;
        EXPECT_EQ(r.total_reward, 0.5) << "episode " << e << ": -0.5 for the floor, then 1 for the goal";
        EXPECT_EQ(r.steps, 2) << "episode " << e;
        EXPECT_TRUE(r.done) << "episode " << e;
    }
}

TEST(DoubleQEpisode, StopsAfterMaxStepsAndBootstrapsThere) {
    // "S..", no goal: the episode never ends on its own. max_steps = 7: 7 steps, not done; 1: one.
    // epsilon 0 and Q1 + Q2 favouring "left" in cell 0: the agent bumps the wall and stays; each
    // update bootstraps (s' = 0 is not terminal): from Q1(0, left) = 1, Q2 = 0, alpha 1/2, gamma
    // 1/2, reward 0, the table that chose bootstraps from the other; ties are impossible as long as
    // left stays largest.
    GridWorld env({"S.."}, GridRules{0.0, 1.0, 0.0, -100.0, false});
    std::vector<double> q1(12, -1.0), q2(12, -1.0);
    q1[kLeft] = 1.0;
    q2[kLeft] = 0.0;
    course::Rng rng(2);
    const EpisodeRecord r = double_q_episode(env, q1, q2, {}, DoubleQOptions{0.5, 0.5, 0.0, 7}, rng);
    EXPECT_EQ(r.steps, 7);
    EXPECT_FALSE(r.done) << "cut at max_steps, not ended";
    EXPECT_EQ(r.first_action, int(kLeft));
    const EpisodeRecord one = double_q_episode(env, q1, q2, {}, DoubleQOptions{0.5, 0.5, 0.0, 1}, rng);
    EXPECT_EQ(one.steps, 1);
    EXPECT_FALSE(one.done);
    // Replay both episodes.
    GridWorld env_replay({"S.."}, GridRules{0.0, 1.0, 0.0, -100.0, false});
    std::vector<double> r1(12, -1.0), r2(12, -1.0);
    r1[kLeft] = 1.0;
    r2[kLeft] = 0.0;
    course::Rng replay(2);
    replay_double_q_episode(env_replay, r1, r2, {}, DoubleQOptions{0.5, 0.5, 0.0, 7}, replay);
    replay_double_q_episode(env_replay, r1, r2, {}, DoubleQOptions{0.5, 0.5, 0.0, 1}, replay);
    EXPECT_TRUE(AllClose(q1, r1, kReplay, {3, 4}));
    EXPECT_TRUE(AllClose(q2, r2, kReplay, {3, 4}));
}

TEST(DoubleQEpisode, ActsOnlyWithTheActionsOfEachState) {
    // Example 6.7 with 10 actions in B: A has 2. epsilon 1 (uniformly random actions): over 400
    // episodes A's action is always 0 or 1 (the MDP refuses others), both occur, and B's 10 actions
    // are all tried (each with probability 1/10 on about 200 visits: missing one has probability
    // 10 * 0.9^200 < 1e-8). Replayed exactly too.
    MaximizationBiasMdp env(10, 4), env_replay(10, 4);
    const std::vector<int> counts = env.action_counts();
    ASSERT_EQ(counts, (std::vector<int>{2, 10, 10}));
    std::vector<double> q1(30, 0.0), q2(30, 0.0), r1(30, 0.0), r2(30, 0.0);
    const DoubleQOptions options{0.1, 1.0, 1.0, 100};
    course::Rng rng(9), replay(9);
    int left = 0;
    for (int e = 0; e < 400; ++e) {
        const EpisodeRecord got = double_q_episode(env, q1, q2, counts, options, rng);
        const EpisodeRecord want = replay_double_q_episode(env_replay, r1, r2, counts, options, replay);
        expect_same_record(got, want, e);
        ASSERT_TRUE(got.first_action == 0 || got.first_action == 1) << "episode " << e;
        left += got.first_action == MaximizationBiasMdp::kLeft;
    }
    EXPECT_GT(left, 100);
    EXPECT_LT(left, 300);
    for (int a = 0; a < 10; ++a)
        EXPECT_TRUE(q1[std::size_t(10 + a)] != 0.0 || q2[std::size_t(10 + a)] != 0.0) << "B's action " << a << " was never updated";
    EXPECT_TRUE(AllClose(q1, r1, kReplay, {3, 10}));
    EXPECT_TRUE(AllClose(q2, r2, kReplay, {3, 10}));
}

TEST(DoubleQEpisode, RefusesBadArguments) {
    GridWorld env({"S.G"}, GridRules{});
    std::vector<double> q1(12, 0.0), q2(12, 0.0);
    course::Rng rng(1);
    double_q_episode(env, q1, q2, {}, DoubleQOptions{}, rng);
    SUCCEED() << kValidCallFirst;
    auto call = [&](std::size_t n1, std::size_t n2, std::vector<int> counts, DoubleQOptions o) {
        return [&env, &rng, n1, n2, counts, o] {
            std::vector<double> a(n1, 0.0), b(n2, 0.0);
            double_q_episode(env, a, b, counts, o, rng);
        };
    };
    EXPECT_TRUE(ThrowsInvalidArgument(call(11, 12, {}, {}), {"double_q_episode", "q1", "11"}));
    EXPECT_TRUE(ThrowsInvalidArgument(call(12, 13, {}, {}), {"double_q_episode", "q2", "13"}));
    EXPECT_TRUE(ThrowsInvalidArgument(call(12, 12, {4, 4}, {}), {"action_counts", "2"}));
    for (int k : {0, -1, 5})
        EXPECT_TRUE(ThrowsInvalidArgument(call(12, 12, {4, k, 4}, {}), {"action_counts[1]"}));
    for (double alpha : {0.0, -0.5, kNaN, kInf, -kInf})
        EXPECT_TRUE(ThrowsInvalidArgument(call(12, 12, {}, DoubleQOptions{alpha, 1.0, 0.1, 10}), {"alpha"}));
    for (double gamma : {-0.1, 1.5, kNaN, kInf, -kInf})
        EXPECT_TRUE(ThrowsInvalidArgument(call(12, 12, {}, DoubleQOptions{0.1, gamma, 0.1, 10}), {"gamma"}));
    for (double epsilon : {-0.1, 1.5, kNaN, kInf, -kInf})
        EXPECT_TRUE(ThrowsInvalidArgument(call(12, 12, {}, DoubleQOptions{0.1, 1.0, epsilon, 10}), {"epsilon"}));
    for (int max_steps : {0, -1})
        EXPECT_TRUE(ThrowsInvalidArgument(call(12, 12, {}, DoubleQOptions{0.1, 1.0, 0.1, max_steps}), {"max_steps"}));
}

// ---- Whole runs ----

// example_4_1_q_star: q*(s, a) = -1 + v*(s') on Example 4.1's 4x4 grid with gamma = 1, where
// v*(s) = -(the Manhattan distance from s to the nearer of the corners (0, 0) and (3, 3)); the
// terminal corners' rows are 0.
std::vector<double> example_4_1_q_star(const GridWorld& grid) {
    auto v = [](int s) {
        const int r = s / 4, c = s % 4;
        return -double(std::min(r + c, (3 - r) + (3 - c)));
    };
    std::vector<double> q(64, 0.0);
    for (int s = 0; s < 16; ++s) {
        if (grid.is_terminal(s)) continue;
        for (int a = 0; a < 4; ++a) q[std::size_t(s * 4 + a)] = -1.0 + v(grid.moved(s, a));
    }
    return q;
}

TEST(DoubleQLearning, LearnsQStarOnExample41FromRandomBehaviour) {
    // Off-policy: epsilon = 1 (uniformly random behaviour) still learns q* of the greedy policy.
    // The grid is deterministic, so with alpha = 1/2 both tables contract to q* (the error shrinks
    // by a constant factor per sweep of updates); after 3 000 episodes both are within 1e-9.
    // The greedy policy on Q1 + Q2 is then optimal in every state.
    GridWorld env = example_4_1_grid();
    course::Rng rng(21);
    const DoubleQResult result = double_q_learning(env, 3000, {}, DoubleQOptions{0.5, 1.0, 1.0, 100000}, rng);
    const std::vector<double> q_star = example_4_1_q_star(env);
    ASSERT_EQ(result.records.size(), 3000u);
    EXPECT_TRUE(AllClose(result.q1, q_star, Tolerance{1e-9, 0.0}, {16, 4})) << "Q1 against q*";
    EXPECT_TRUE(AllClose(result.q2, q_star, Tolerance{1e-9, 0.0}, {16, 4})) << "Q2 against q*";
    for (const EpisodeRecord& r : result.records) ASSERT_TRUE(r.done);
}

TEST(DoubleQLearning, FindsTheCliffsEdgePathFromRandomBehaviour) {
    // The cliff walk (Example 6.6), uniformly random behaviour (epsilon 1), alpha 0.5, 50 episodes
    // (random walks of a few hundred steps each): the greedy policy on Q1 + Q2 walks the 13-step
    // path along the cliff's edge (up, 11 x right, down), as Q-learning's does (off-policy: q* of
    // the optimal policy, not of the safe one). 12 of 12 seeds tried find it by 50 episodes.
    // (With epsilon 0.1 from zero tables double Q keeps a 17-step detour for thousands of
    // episodes: an untried action, 0 in one table, is the argmax whose other table's value is a
    // fall's -100, so the edge's states look worse than they are and are rarely visited; see the notes.)
    GridWorld env = cliff_walking(0);
    course::Rng rng(8);
    const DoubleQResult result = double_q_learning(env, 50, {}, DoubleQOptions{0.5, 1.0, 1.0, 100000}, rng);
    std::vector<int> path;
    int s = env.start_state();
    while (!env.is_terminal(s) && path.size() < 100) {
        int best = 0;
        for (int a = 1; a < 4; ++a)
            if (result.q1[std::size_t(s * 4 + a)] + result.q2[std::size_t(s * 4 + a)] >
                result.q1[std::size_t(s * 4 + best)] + result.q2[std::size_t(s * 4 + best)])
                best = a;
        path.push_back(best);
        s = env.outcome_of_move(s, best).next_state;
    }
    std::vector<int> edge = {kUp};
    for (int i = 0; i < 11; ++i) edge.push_back(kRight);
    edge.push_back(kDown);
    EXPECT_EQ(path, edge) << "the greedy path on Q1 + Q2 from the start";
    EXPECT_EQ(result.records.size(), 50u);
}

TEST(DoubleQLearning, ReplaysDoubleQEpisodeFromZeroTables) {
    // double_q_learning = zero tables, then double_q_episode `episodes` times with one generator.
    GridWorld env = frozen_lake(4, true, 3), env_replay = frozen_lake(4, true, 3);
    const DoubleQOptions options{0.2, 0.95, 0.2, 100000};
    course::Rng rng(4), replay(4);
    const DoubleQResult result = double_q_learning(env, 50, {}, options, rng);
    std::vector<double> r1(64, 0.0), r2(64, 0.0);
    ASSERT_EQ(result.records.size(), 50u);
    for (int e = 0; e < 50; ++e)
        expect_same_record(result.records[std::size_t(e)],
                           replay_double_q_episode(env_replay, r1, r2, {}, options, replay), e);
    EXPECT_TRUE(AllClose(result.q1, r1, kReplay, {16, 4}));
    EXPECT_TRUE(AllClose(result.q2, r2, kReplay, {16, 4}));
}

TEST(DoubleQLearning, RefusesBadArguments) {
    GridWorld env({"S.G"}, GridRules{});
    course::Rng rng(1);
    double_q_learning(env, 2, {}, DoubleQOptions{}, rng);
    SUCCEED() << kValidCallFirst;
    for (int episodes : {0, -1})
        EXPECT_TRUE(ThrowsInvalidArgument([&] { double_q_learning(env, episodes, {}, DoubleQOptions{}, rng); },
                                          {"double_q_learning", "episodes"}));
    EXPECT_TRUE(ThrowsInvalidArgument(
        [&] { double_q_learning(env, 2, {}, DoubleQOptions{0.0, 1.0, 0.1, 10}, rng); }, {"double_q_learning", "alpha"}));
    EXPECT_TRUE(ThrowsInvalidArgument(
        [&] { double_q_learning(env, 2, {}, DoubleQOptions{0.1, 1.0, 0.1, 0}, rng); }, {"max_steps"}));
    const std::vector<int> bad = {4, 4};
    EXPECT_TRUE(ThrowsInvalidArgument([&] { double_q_learning(env, 2, bad, DoubleQOptions{}, rng); },
                                      {"double_q_learning", "action_counts"}));
}

// ---- Example 6.7's MDP ----

TEST(MaximizationBiasMdp, MovesRewardsAndModelAreExample67s) {
    MaximizationBiasMdp mdp(10, 1);
    EXPECT_EQ(mdp.num_states(), 3);
    EXPECT_EQ(mdp.num_actions(), 10);
    EXPECT_EQ(MaximizationBiasMdp(1).num_actions(), 2) << "A's two actions need two columns";
    EXPECT_EQ(mdp.reset(), MaximizationBiasMdp::kStateA);
    const Step right = mdp.step(MaximizationBiasMdp::kRight);
    EXPECT_EQ(right.next_state, MaximizationBiasMdp::kEnd);
    EXPECT_EQ(right.reward, 0.0);
    EXPECT_TRUE(right.done);
    EXPECT_THROW(mdp.step(0), std::logic_error) << "after the end: reset first";
    mdp.reset();
    const Step left = mdp.step(MaximizationBiasMdp::kLeft);
    EXPECT_EQ(left.next_state, MaximizationBiasMdp::kStateB);
    EXPECT_EQ(left.reward, 0.0);
    EXPECT_FALSE(left.done);
    EXPECT_EQ(mdp.state(), MaximizationBiasMdp::kStateB);
    const Step b = mdp.step(9);
    EXPECT_EQ(b.next_state, MaximizationBiasMdp::kEnd);
    EXPECT_TRUE(b.done);
    EXPECT_EQ(mdp.state(), MaximizationBiasMdp::kEnd) << "after B's step the episode is over";
    EXPECT_THROW(mdp.step(0), std::logic_error) << "after B's step: reset first";
    const Model m = mdp.model();
    EXPECT_EQ(m.terminal, (std::vector<char>{0, 0, 1}));
    ASSERT_EQ(m.of(0, 0).size(), 1u);
    EXPECT_EQ(m.of(0, 0)[0].next_state, MaximizationBiasMdp::kStateB);
    EXPECT_EQ(m.of(0, 1)[0].next_state, MaximizationBiasMdp::kEnd);
    EXPECT_TRUE(m.of(0, 2).empty()) << "not an action of A";
    for (int a = 0; a < 10; ++a) {
        ASSERT_EQ(m.of(1, a).size(), 1u);
        EXPECT_EQ(m.of(1, a)[0].reward, -0.1) << "the model lists the reward's mean";
        EXPECT_TRUE(m.of(1, a)[0].done);
    }
}

TEST(MaximizationBiasMdp, RewardsFromBAreNormalWithTheGivenMeanAndSd) {
    // 20 000 rewards of N(-0.1, 1): the sample mean's se is 1 / sqrt(20 000) = 0.0071, the sample
    // variance's sqrt(2 / 20 000) = 0.01; 5 se bounds. N(2, 0.5): se 0.0035 and 0.0025 (variance 0.25).
    struct Case {
        double mean, sd;
    };
    for (const Case c : {Case{-0.1, 1.0}, Case{2.0, 0.5}}) {
        MaximizationBiasMdp mdp(3, 17, c.mean, c.sd);
        const int n = 20000;
        double sum = 0.0, sum2 = 0.0;
        for (int i = 0; i < n; ++i) {
            mdp.reset();
            mdp.step(MaximizationBiasMdp::kLeft);
            const double r = mdp.step(i % 3).reward;
            sum += r;
            sum2 += r * r;
        }
        const double mean = sum / n, var = sum2 / n - mean * mean;
        EXPECT_NEAR(mean, c.mean, 5.0 * c.sd / std::sqrt(double(n))) << "mean " << c.mean << ", sd " << c.sd;
        EXPECT_NEAR(var, c.sd * c.sd, 5.0 * c.sd * c.sd * std::sqrt(2.0 / n)) << "mean " << c.mean << ", sd " << c.sd;
    }
    MaximizationBiasMdp still(2, 1, 0.25, 0.0);
    still.reset();
    still.step(MaximizationBiasMdp::kLeft);
    EXPECT_EQ(still.step(1).reward, 0.25) << "sd 0: the mean itself";
    // One seed, one sequence; another seed, another.
    MaximizationBiasMdp a(2, 5), b(2, 5), c(2, 6);
    for (MaximizationBiasMdp* m : {&a, &b, &c}) {
        m->reset();
        m->step(MaximizationBiasMdp::kLeft);
    }
    const double ra = a.step(0).reward;
    EXPECT_EQ(ra, b.step(0).reward);
    EXPECT_NE(ra, c.step(0).reward);
    // The contract's draw: reward = mean + sd * normal() of a generator seeded with the seed.
    MaximizationBiasMdp d(2, 5, 0.25, 2.0);
    d.reset();
    d.step(MaximizationBiasMdp::kLeft);
    course::Rng replay(5);
    EXPECT_EQ(d.step(1).reward, 0.25 + 2.0 * replay.normal()) << "mean + sd * rng.normal(), seed 5";
}

TEST(MaximizationBiasMdp, RefusesBadArguments) {
    MaximizationBiasMdp mdp(3, 1);
    mdp.reset();
    mdp.step(MaximizationBiasMdp::kRight);
    SUCCEED() << kValidCallFirst;
    EXPECT_THROW(mdp.step(0), std::logic_error) << "a step after the end: reset first";
    mdp.reset();
    for (int b : {0, -1})
        EXPECT_TRUE(ThrowsInvalidArgument([b] { MaximizationBiasMdp m(b); }, {"b_actions"}));
    for (double mean : {kNaN, kInf, -kInf})
        EXPECT_TRUE(ThrowsInvalidArgument([mean] { MaximizationBiasMdp m(3, 0, mean); }, {"mean"}));
    for (double sd : {-1.0, kNaN, kInf, -kInf})
        EXPECT_TRUE(ThrowsInvalidArgument([sd] { MaximizationBiasMdp m(3, 0, -0.1, sd); }, {"sd"}));
    for (int a : {-1, 2}) EXPECT_TRUE(ThrowsInvalidArgument([&] { mdp.step(a); }, {"state A"}));
    mdp.step(MaximizationBiasMdp::kLeft);
    for (int a : {-1, 3}) EXPECT_TRUE(ThrowsInvalidArgument([&] { mdp.step(a); }, {"state B"}));
}

// ---- Figure 6.5 ----

// window_mean: the mean of curve[first - 1 .. last - 1] (episodes counted from 1).
double window_mean(const std::vector<double>& curve, int first, int last) {
    double sum = 0.0;
    for (int e = first; e <= last; ++e) sum += curve[std::size_t(e - 1)];
    return sum / (last - first + 1);
}

// The Figure 6.5 statistics with the book's parameters, 400 runs x 300 episodes, measured per run
// over 2 000 runs of other seeds (mean, sd of one run): the % of left over episodes 1-300:
// Q-learning 37.9 (14.3), double Q 11.7 (7.4), their difference 26.2 (16.3: se 0.81 at 400 runs);
// over 1-50: Q-learning 85.9 (11.8); over 201-300: double Q 7.1 (8.6: se 0.43). With one action
// in B, Q-learning's 1-300 drops to 9.9 (6.2: se 0.31).
TEST(MaximizationBias, QLearningGoesLeftFarMoreOftenThanDoubleQ) {
    const MaximizationBiasCurves c = maximization_bias_experiment(400, 300, 10, DoubleQOptions{}, 2026, 1);
    ASSERT_EQ(c.q_learning_left.size(), 300u);
    ASSERT_EQ(c.double_q_left.size(), 300u);
    const double gap = window_mean(c.q_learning_left, 1, 300) - window_mean(c.double_q_left, 1, 300);
    // 26.2 expected, se 0.81: the bound 15 is 14 se below it; a double Q that is Q-learning again
    // (its own table evaluating) has a gap near 0.
    EXPECT_GT(gap, 15.0) << "Q-learning's % of left over episodes 1-300 minus double Q's";
    // 85.9, se 0.59: 70 is 27 se below.
    EXPECT_GT(window_mean(c.q_learning_left, 1, 50), 70.0) << "Q-learning's % of left over episodes 1-50";
    // 7.1, se 0.43: 12 is 11 se above; the optimum is epsilon / 2 = 5%.
    EXPECT_LT(window_mean(c.double_q_left, 201, 300), 12.0) << "double Q's % of left over episodes 201-300";
    // Episode 1 from zero tables: A's two actions tie, left with probability 1/2 (0.95 * 1/2 + 0.05 *
    // 1/2): 50% with se 2.5 over 400 runs; 15 points = 6 se.
    EXPECT_NEAR(c.q_learning_left[0], 50.0, 15.0);
    EXPECT_NEAR(c.double_q_left[0], 50.0, 15.0);
}

// The estimates of max_a Q(B, a) after episode 300, per run over 2 000 runs of other seeds: Q-learning's
// max_a Q(B, a) -0.035 (sd 0.113: se 0.0057 at 400 runs), double Q's double estimate -0.087 (sd
// 0.108: se 0.0054). The true value is max_a q(B, a) = -0.1.
TEST(MaximizationBias, DoubleQsEstimateOfBIsNotBiasedUpward) {
    const MaximizationBiasCurves c = maximization_bias_experiment(400, 300, 10, DoubleQOptions{}, 77, 1);
    ASSERT_EQ(c.q_learning_b_value.size(), 300u);
    ASSERT_EQ(c.double_q_b_value.size(), 300u);
    // Q-learning: 0.065 above -0.1 expected; the bound 0.035 is 5 se below that.
    EXPECT_GT(c.q_learning_b_value[299], -0.1 + 0.035) << "Q-learning's max_a Q(B, a) after 300 episodes";
    // Double Q: 0.013 above -0.1 expected (the untried actions' zeros); the bound 0.04 is 5 se above that.
    EXPECT_NEAR(c.double_q_b_value[299], -0.1, 0.04) << "double Q's estimate of max_a q(B, a) after 300 episodes";
    // The difference: 0.052, with se about 0.008 (the two are independent): more than 3 points of 0.01.
    EXPECT_GT(c.q_learning_b_value[299] - c.double_q_b_value[299], 0.02);
}

TEST(MaximizationBias, MoreActionsInBMeanMoreBias) {
    // b_actions = 1: Q-learning's % of left over episodes 1-300 is 9.9 (se 0.31 at 400 runs)
    // against 37.9 (se 0.72) with 10 actions: the bound 20 is 14 se above the one and 25 se below the other.
    const MaximizationBiasCurves one = maximization_bias_experiment(400, 300, 1, DoubleQOptions{}, 5, 1);
    const MaximizationBiasCurves ten = maximization_bias_experiment(400, 300, 10, DoubleQOptions{}, 5, 1);
    EXPECT_LT(window_mean(one.q_learning_left, 1, 300), 20.0) << "one action in B: little to maximize over";
    EXPECT_GT(window_mean(ten.q_learning_left, 1, 300), 20.0);
}

// replay_experiment: maximization_bias_experiment's contract as plain loops over the runs (no threads).
MaximizationBiasCurves replay_experiment(int runs, int episodes, int b, const DoubleQOptions& o, std::uint64_t seed) {
    MaximizationBiasCurves c;
    c.q_learning_left.assign(std::size_t(episodes), 0.0);
    c.double_q_left.assign(std::size_t(episodes), 0.0);
    c.q_learning_b_value.assign(std::size_t(episodes), 0.0);
    c.double_q_b_value.assign(std::size_t(episodes), 0.0);
    for (int run = 0; run < runs; ++run) {
        MaximizationBiasMdp q_env(b, maximization_bias_seed(seed, run, 0)), dq_env(b, maximization_bias_seed(seed, run, 2));
        course::Rng q_rng(maximization_bias_seed(seed, run, 1)), dq_rng(maximization_bias_seed(seed, run, 3));
        const std::vector<int> counts = q_env.action_counts();
        const int A = q_env.num_actions();
        std::vector<double> q(std::size_t(3 * A), 0.0), q1 = q, q2 = q;
        for (int e = 0; e < episodes; ++e) {
            // Q-learning.
            int s = q_env.reset(), first = -1;
            for (int steps = 0; steps < o.max_steps; ++steps) {
                const int k = counts[std::size_t(s)];
                const int a = epsilon_greedy_action(std::span<const double>(q.data() + s * A, std::size_t(k)), o.epsilon, q_rng);
                if (first < 0) first = a;
                const Step st = q_env.step(a);
                double target = st.reward;
                if (!st.done) {
                    const int k2 = counts[std::size_t(st.next_state)];
                    target += o.gamma * *std::max_element(q.begin() + st.next_state * A, q.begin() + st.next_state * A + k2);
                }
                q[std::size_t(s * A + a)] += o.alpha * (target - q[std::size_t(s * A + a)]);
                if (st.done) break;
                s = st.next_state;
            }
            c.q_learning_left[std::size_t(e)] += first == 0;
            c.q_learning_b_value[std::size_t(e)] += *std::max_element(q.begin() + A, q.begin() + A + b);
            // Double Q-learning.
            const EpisodeRecord r = replay_double_q_episode(dq_env, q1, q2, counts, o, dq_rng);
            c.double_q_left[std::size_t(e)] += r.first_action == 0;
            const int a1 = int(std::max_element(q1.begin() + A, q1.begin() + A + b) - (q1.begin() + A));
            const int a2 = int(std::max_element(q2.begin() + A, q2.begin() + A + b) - (q2.begin() + A));
            c.double_q_b_value[std::size_t(e)] += 0.5 * (q2[std::size_t(A + a1)] + q1[std::size_t(A + a2)]);
        }
    }
    for (int e = 0; e < episodes; ++e) {
        c.q_learning_left[std::size_t(e)] *= 100.0 / runs;
        c.double_q_left[std::size_t(e)] *= 100.0 / runs;
        c.q_learning_b_value[std::size_t(e)] /= runs;
        c.double_q_b_value[std::size_t(e)] /= runs;
    }
    return c;
}

TEST(MaximizationBias, ReplaysEveryRunsDrawsWithTheGivenParameters) {
    // 3 runs x 40 episodes, 4 actions in B, alpha 0.3, gamma 0.8, epsilon 0.25: each curve equal to
    // the plain loops' (the run's seeds, the options and b_actions all reach both learners). Then
    // max_steps = 1: every episode stops in B or at the end after one step, B's row never changes.
    // gamma = 0: Q(A, left) stays 0 and A's actions tie (any gamma > 0 gives the same signs, hence
    // the same choices, on this MDP). Then 2 049 runs x 3 episodes (more runs than any other test,
    // and one past a multiple of 32 and of 64: every run counted once, whatever blocks or chunks
    // an implementation sums them in).
    struct Case {
        int runs, episodes;
        DoubleQOptions o;
    };
    for (const Case c : {Case{3, 40, {0.3, 0.8, 0.25, 100}}, Case{3, 40, {0.3, 0.8, 0.25, 1}},
                         Case{3, 40, {0.3, 0.0, 0.25, 100}}, Case{2049, 3, {0.3, 0.8, 0.25, 100}}}) {
        const DoubleQOptions& o = c.o;
        const MaximizationBiasCurves got = maximization_bias_experiment(c.runs, c.episodes, 4, o, 99, 1);
        const MaximizationBiasCurves want = replay_experiment(c.runs, c.episodes, 4, o, 99);
        EXPECT_TRUE(AllClose(got.q_learning_left, want.q_learning_left, kReplay))
            << "Q-learning's % of left, " << c.runs << " runs, gamma " << o.gamma << ", max_steps " << o.max_steps;
        EXPECT_TRUE(AllClose(got.double_q_left, want.double_q_left, kReplay))
            << "double Q's % of left, " << c.runs << " runs, gamma " << o.gamma << ", max_steps " << o.max_steps;
        EXPECT_TRUE(AllClose(got.q_learning_b_value, want.q_learning_b_value, kReplay))
            << "Q-learning's max_a Q(B, a), " << c.runs << " runs, gamma " << o.gamma << ", max_steps " << o.max_steps;
        EXPECT_TRUE(AllClose(got.double_q_b_value, want.double_q_b_value, kReplay))
            << "double Q's estimate, " << c.runs << " runs, gamma " << o.gamma << ", max_steps " << o.max_steps;
    }
}

TEST(MaximizationBias, SameBitsOnOneTwoAndThreeThreads) {
    // 70 runs (not a multiple of any block of runs) x 30 episodes.
    const MaximizationBiasCurves one = maximization_bias_experiment(70, 30, 10, DoubleQOptions{}, 3, 1);
    for (int threads : {2, 3}) {
        const MaximizationBiasCurves many = maximization_bias_experiment(70, 30, 10, DoubleQOptions{}, 3, threads);
        EXPECT_EQ(many.q_learning_left, one.q_learning_left) << threads << " threads";
        EXPECT_EQ(many.double_q_left, one.double_q_left) << threads << " threads";
        EXPECT_EQ(many.q_learning_b_value, one.q_learning_b_value) << threads << " threads";
        EXPECT_EQ(many.double_q_b_value, one.double_q_b_value) << threads << " threads";
    }
    const MaximizationBiasCurves other = maximization_bias_experiment(70, 30, 10, DoubleQOptions{}, 4, 1);
    EXPECT_NE(other.q_learning_b_value, one.q_learning_b_value) << "another seed, other runs";
}

TEST(MaximizationBias, RefusesBadArguments) {
    maximization_bias_experiment(2, 2, 10, DoubleQOptions{}, 1, 1);
    SUCCEED() << kValidCallFirst;
    auto call = [](int runs, int episodes, int b, DoubleQOptions o, int threads) {
        return [=] { maximization_bias_experiment(runs, episodes, b, o, 1, threads); };
    };
    for (int bad : {0, -1}) {
        EXPECT_TRUE(ThrowsInvalidArgument(call(bad, 2, 10, {}, 1), {"maximization_bias_experiment", "runs"}));
        EXPECT_TRUE(ThrowsInvalidArgument(call(2, bad, 10, {}, 1), {"episodes"}));
        EXPECT_TRUE(ThrowsInvalidArgument(call(2, 2, bad, {}, 1), {"b_actions"}));
        EXPECT_TRUE(ThrowsInvalidArgument(call(2, 2, 10, {}, bad), {"threads"}));
    }
    for (double epsilon : {-0.1, 1.5, kNaN})
        EXPECT_TRUE(ThrowsInvalidArgument(call(2, 2, 10, DoubleQOptions{0.1, 1.0, epsilon, 10}, 1), {"epsilon"}));
    EXPECT_TRUE(ThrowsInvalidArgument(call(2, 2, 10, DoubleQOptions{kNaN, 1.0, 0.1, 10}, 1), {"alpha"}));
}

}  // namespace
}  // namespace course::reinforcement_learning
