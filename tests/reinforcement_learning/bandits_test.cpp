// Tests for exercise 1, bandits (modules/reinforcement_learning/learner/bandits.cpp).
//
// Oracles: update steps worked by hand (halves and quarters: exact in double); the contract's
// choices replayed from a copy of the generator (course::Rng copies its state), so that the draw
// order is pinned, not only the distribution; a whole run written plainly in this file from the
// contract's recipe (replay_run, its own argmax, UCB and softmax), compared exactly; counts of
// choices against their binomial standard errors; the orderings of the book's Figures 2.2, 2.3,
// 2.4 and 2.5 as paired differences over runs (the same seed gives the same arms q* to both
// methods), each with its standard error stated where it is tested.
//
// Exact comparisons of runs: a reward is q*(A) + a normal draw, the same two doubles added in the
// same way whoever computes it, so once the actions agree the rewards agree bit for bit. Two correct
// implementations could only choose differently where their estimates, rounded differently (a
// fused multiply-add), straddle a tie: probability about 1e-16 per step with continuous rewards.
//
// Cost: each function is O(arms) per call, nothing to count beyond one draw at most; the draws are
// counted through the replays (a wrong number of draws shifts every later choice).
#include "reinforcement_learning/bandits.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <span>
#include <vector>

#include "course/random.hpp"
#include "course/testing.hpp"

namespace course::reinforcement_learning {
namespace {

using course::testing::kValidCallFirst;
using course::testing::ThrowsInvalidArgument;

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr double kInf = std::numeric_limits<double>::infinity();

// ---- The oracle: a run written plainly from the contract ----

// tie_argmax: the largest value; k >= 2 tied: the rng.index(k)-th of them in increasing order.
int tie_argmax(const std::vector<double>& v, course::Rng& rng) {
    double best = -kInf;
    for (double x : v) best = std::max(best, x);
    std::vector<int> tied;
    for (std::size_t a = 0; a < v.size(); ++a)
        if (v[a] == best) tied.push_back(int(a));
    return tied.size() == 1 ? tied[0] : tied[std::size_t(rng.index(int(tied.size())))];
}

struct Trace {
    std::vector<double> rewards, optimal;
    std::vector<int> actions;
};

Trace replay_run(const BanditConfig& c, int run) {
    course::Rng rng(bandit_run_seed(c.seed, run));
    const std::size_t k = std::size_t(c.arms);
    std::vector<double> q_star(k), Q(k, c.initial_value), H(k, 0.0), pi(k);
    std::vector<int> N(k, 0);
    for (auto& q : q_star) q = c.true_mean + rng.normal();
    const double best = *std::max_element(q_star.begin(), q_star.end());
    double average = 0.0;
    Trace trace;
    for (int t = 1; t <= c.steps; ++t) {
        int A = 0;
        if (c.method == BanditMethod::kEpsilonGreedy) {
            const double u = rng.uniform(0.0, 1.0);
            A = u < c.epsilon ? rng.index(int(k)) : tie_argmax(Q, rng);
        } else if (c.method == BanditMethod::kUcb) {
            std::vector<double> score(k);
            for (std::size_t a = 0; a < k; ++a)
                score[a] = N[a] == 0 ? kInf : Q[a] + c.c * std::sqrt(std::log(double(t)) / N[a]);
            A = tie_argmax(score, rng);
        } else {
            double m = -kInf, sum = 0.0;
            for (double h : H) m = std::max(m, h);
            for (std::size_t a = 0; a < k; ++a) sum += pi[a] = std::exp(H[a] - m);
            for (auto& p : pi) p /= sum;
            const double u = rng.uniform(0.0, 1.0);
            double cumulative = 0.0;
            A = -1;
            for (std::size_t a = 0; a < k && A < 0; ++a)
                if (u < (cumulative += pi[a])) A = int(a);
            if (A < 0) A = int(k) - 1;  // never reached in these tests: no probability is 0
        }
        const std::size_t a = std::size_t(A);
        const double R = q_star[a] + rng.normal();
        if (c.method == BanditMethod::kGradient) {
            const double b = c.baseline ? (t == 1 ? R : average) : 0.0;
            for (std::size_t j = 0; j < k; ++j) H[j] += c.alpha * (R - b) * ((j == a ? 1.0 : 0.0) - pi[j]);
            average += (R - average) / t;
        } else {
            N[a] += 1;
            Q[a] += (c.sample_averages ? 1.0 / N[a] : c.alpha) * (R - Q[a]);
        }
        trace.rewards.push_back(R);
        trace.optimal.push_back(q_star[a] == best ? 1.0 : 0.0);
        trace.actions.push_back(A);
    }
    return trace;
}

// run_of: bandit_run's two curves for run r.
Trace run_of(const BanditConfig& c, int run) {
    Trace trace{std::vector<double>(std::size_t(c.steps), kNaN), std::vector<double>(std::size_t(c.steps), kNaN), {}};
    bandit_run(trace.rewards, trace.optimal, c, run);
    return trace;
}

// PairedDifference: the mean over runs of (statistic under a) - (statistic under b) and its
// standard error sd / sqrt(runs); the statistic is the run's mean reward (or optimal fraction)
// over the steps [first, last] (1-based, inclusive).
struct PairedDifference {
    double mean, se;
};

PairedDifference paired_difference(BanditConfig a, BanditConfig b, int runs, int first, int last, bool optimal) {
    a.runs = b.runs = runs;
    double sum = 0.0, sum2 = 0.0;
    for (int r = 0; r < runs; ++r) {
        const Trace ta = run_of(a, r), tb = run_of(b, r);
        const auto& xa = optimal ? ta.optimal : ta.rewards;
        const auto& xb = optimal ? tb.optimal : tb.rewards;
        double d = 0.0;
        for (int t = first - 1; t < last; ++t) d += xa[std::size_t(t)] - xb[std::size_t(t)];
        d /= double(last - first + 1);
        sum += d;
        sum2 += d * d;
    }
    const double mean = sum / runs;
    const double var = (sum2 - runs * mean * mean) / (runs - 1);
    return {mean, std::sqrt(var / runs)};
}

// ---- Action values ----

TEST(SampleAverageUpdate, HandWorkedStepsCountFirst) {
    // Q1 = 5 (optimistic): the first reward replaces it, N = 1, Q = 2; then the mean of 2 and 4 is
    // 3, of 2, 4 and 9 is 5. Counting after the update divides the first step by N = 0.
    double q = 5.0;
    int n = 0;
    sample_average_update(q, n, 2.0);
    EXPECT_EQ(n, 1);
    EXPECT_EQ(q, 2.0) << "the first reward must replace Q1 (N counted before the update: Q += (R - Q) / 1)";
    sample_average_update(q, n, 4.0);
    EXPECT_EQ(n, 2);
    EXPECT_EQ(q, 3.0);
    sample_average_update(q, n, 9.0);
    EXPECT_EQ(n, 3);
    EXPECT_EQ(q, 5.0);
}

TEST(SampleAverageUpdate, IsTheMeanOfManyRewardsFarFromZero) {
    // 1000 rewards around 1e8 with spread 1: the running mean stays within a few ulps of 1e8 per
    // step, 1000 steps: |error| <= 1000 * 2 * eps * 1e8 = 4.4e-5 (the plain sum below is off by as
    // much); we allow 1e-4.
    course::Rng rng(7);
    double q = 0.0, sum = 0.0;
    int n = 0;
    for (int i = 0; i < 1000; ++i) {
        const double r = 1e8 + rng.normal();
        sum += r;
        sample_average_update(q, n, r);
    }
    EXPECT_EQ(n, 1000);
    EXPECT_NEAR(q, sum / 1000.0, 1e-4);
}

TEST(ConstantStepUpdate, HandWorkedSteps) {
    // alpha = 1/2 from 0: rewards 4, 4, 0 give 2, 3, 1.5; alpha = 1 jumps to the reward.
    double q = 0.0;
    constant_step_update(q, 4.0, 0.5);
    EXPECT_EQ(q, 2.0);
    constant_step_update(q, 4.0, 0.5);
    EXPECT_EQ(q, 3.0);
    constant_step_update(q, 0.0, 0.5);
    EXPECT_EQ(q, 1.5);
    constant_step_update(q, -7.0, 1.0);
    EXPECT_EQ(q, -7.0);
    // alpha = 1/4 from 8 toward 0: 6, 4.5 (the weight (1 - alpha)^n of Q1 in 2.6).
    q = 8.0;
    constant_step_update(q, 0.0, 0.25);
    constant_step_update(q, 0.0, 0.25);
    EXPECT_EQ(q, 4.5);
}

// ---- Acting ----

TEST(GreedyAction, OneMaximumIsChosenWithoutADraw) {
    course::Rng rng(3), copy(3);
    const std::vector<double> values{-1.0, 3.0, 2.0, -kInf, 2.999};
    EXPECT_EQ(greedy_action(values, rng), 1);
    EXPECT_EQ(rng.uniform(0, 1), copy.uniform(0, 1)) << "one maximum: greedy_action must not draw";
    const std::vector<double> last{-5.0, -4.0, -3.0};
    EXPECT_EQ(greedy_action(last, rng), 2);
    const std::vector<double> single{42.0};
    EXPECT_EQ(greedy_action(single, rng), 0);
}

TEST(GreedyAction, TiesDrawIndexAmongTheTiedInIncreasingOrder) {
    // values with maxima at 0, 2 and 3: the contract's choice is tied[rng.index(3)].
    const std::vector<double> values{5.0, 1.0, 5.0, 5.0, 0.0};
    const int tied[3] = {0, 2, 3};
    course::Rng rng(11), copy(11);
    for (int i = 0; i < 300; ++i) {
        const int want = tied[copy.index(3)];
        ASSERT_EQ(greedy_action(values, rng), want) << "call " << i << ": ties broken by one rng.index(3)";
    }
}

TEST(GreedyAction, TiesAreUniformAndTheFirstIsNotFavoured) {
    // 10 equal values (every early step of a testbed whose Q1 are all 0): 20 000 calls, each action
    // expected 2 000 times, binomial sd sqrt(20000 * 0.1 * 0.9) = 42; we allow 5 sd = 212. Always
    // the first action would give 20 000 and 0s.
    const std::vector<double> values(10, 0.0);
    course::Rng rng(5);
    std::vector<int> counts(10, 0);
    for (int i = 0; i < 20000; ++i) ++counts[std::size_t(greedy_action(values, rng))];
    for (int a = 0; a < 10; ++a) EXPECT_NEAR(counts[std::size_t(a)], 2000, 212) << "action " << a;
}

TEST(EpsilonGreedyAction, ReplaysTheContractsDraws) {
    // u = uniform(0, 1); u < epsilon: index(n) over all actions; else the greedy choice (one
    // maximum here: no draw; the tie at the end: one more draw).
    const std::vector<double> one_max{0.5, 2.0, -1.0, 1.0};
    const std::vector<double> two_max{2.0, 0.5, 2.0, 1.0};
    for (double epsilon : {0.0, 0.3, 1.0}) {
        for (const auto* values : {&one_max, &two_max}) {
            course::Rng rng(17), copy(17);
            for (int i = 0; i < 200; ++i) {
                const double u = copy.uniform(0.0, 1.0);
                int want = 0;
                if (u < epsilon) {
                    want = copy.index(4);
                } else if (values == &one_max) {
                    want = 1;
                } else {
                    want = copy.index(2) == 0 ? 0 : 2;
                }
                ASSERT_EQ(epsilon_greedy_action(*values, epsilon, rng), want)
                    << "epsilon " << epsilon << ", call " << i;
            }
        }
    }
}

TEST(EpsilonGreedyAction, ExploringDrawsAnyActionGreedyIncluded) {
    // epsilon = 1: every action 1/5 of 20 000 calls, sd sqrt(20000 * 0.2 * 0.8) = 57, we allow 5 sd.
    // epsilon = 0.3: the greedy action 0.7 + 0.3 / 5 = 0.76 of the calls, sd sqrt(.76 * .24 / 20000)
    // = 0.003; exploring among the others only would give 0.70, 20 sd away; we allow 5 sd = 0.015.
    const std::vector<double> values{0.0, 0.0, 9.0, 0.0, 0.0};
    course::Rng rng(23);
    std::vector<int> counts(5, 0);
    for (int i = 0; i < 20000; ++i) ++counts[std::size_t(epsilon_greedy_action(values, 1.0, rng))];
    for (int a = 0; a < 5; ++a) EXPECT_NEAR(counts[std::size_t(a)], 4000, 285) << "epsilon = 1, action " << a;
    int greedy = 0;
    for (int i = 0; i < 20000; ++i) greedy += epsilon_greedy_action(values, 0.3, rng) == 2 ? 1 : 0;
    EXPECT_NEAR(greedy / 20000.0, 0.76, 0.015) << "epsilon = 0.3: P(greedy) = 1 - epsilon + epsilon / n";
}

TEST(UcbAction, HandWorkedScores) {
    // Q = (1, 2, 0.5), N = (4, 9, 1). At t = 14, ln t = 2.639:
    //   c = 2: 1 + 2 sqrt(2.639 / 4) = 2.62, 2 + 2 sqrt(2.639 / 9) = 3.08, 0.5 + 2 sqrt(2.639) = 3.75 -> 2
    //   c = 1: 1.81, 2.54, 2.12 -> 1;   c = 0: greedy -> 1.
    // At t = 2, ln t = 0.693, c = 2: 1.83, 2.56, 2.17 -> 1. No tie: no draw.
    const std::vector<double> Q{1.0, 2.0, 0.5};
    const std::vector<int> N{4, 9, 1};
    course::Rng rng(1), copy(1);
    EXPECT_EQ(ucb_action(Q, N, 14, 2.0, rng), 2);
    EXPECT_EQ(ucb_action(Q, N, 14, 1.0, rng), 1);
    EXPECT_EQ(ucb_action(Q, N, 14, 0.0, rng), 1);
    EXPECT_EQ(ucb_action(Q, N, 2, 2.0, rng), 1) << "the bonus grows with ln t: t must be used";
    EXPECT_EQ(rng.uniform(0, 1), copy.uniform(0, 1)) << "no tie: ucb_action must not draw";
}

TEST(UcbAction, UntriedArmsComeFirstWithoutDividingByZero) {
    // Untried arms 1 and 3 beat value 10: the choice is untried[index(2)]. At t = 1 with every arm
    // untried, ln 1 / 0 = 0 / 0 must not be computed: any arm, index(4). One untried: no draw.
    const std::vector<double> Q{10.0, -1.0, 10.0, -5.0};
    const std::vector<int> N{3, 0, 5, 0};
    const std::vector<int> none(4, 0);
    course::Rng rng(29), copy(29);
    for (int i = 0; i < 100; ++i) {
        ASSERT_EQ(ucb_action(Q, N, 9, 2.0, rng), copy.index(2) == 0 ? 1 : 3) << "call " << i;
        ASSERT_EQ(ucb_action(Q, none, 1, 2.0, rng), copy.index(4)) << "call " << i << ", t = 1";
        ASSERT_EQ(ucb_action(Q, none, 1, 0.0, rng), copy.index(4)) << "call " << i << ", t = 1, c = 0";
    }
    const std::vector<int> one{3, 0, 5, 2};
    EXPECT_EQ(ucb_action(Q, one, 11, 0.0, rng), 1) << "an untried arm is maximizing even with c = 0";
    EXPECT_EQ(rng.uniform(0, 1), copy.uniform(0, 1)) << "one untried arm: no draw";
}

TEST(UcbAction, TriesEveryArmInTheFirstSteps) {
    // Ten arms from N = 0: the first ten choices are ten different arms, whatever the rewards.
    std::vector<double> Q(10, 0.0);
    std::vector<int> N(10, 0);
    course::Rng rng(31);
    for (int t = 1; t <= 10; ++t) {
        const int a = ucb_action(Q, N, t, 2.0, rng);
        ASSERT_EQ(N[std::size_t(a)], 0) << "step " << t << " chose arm " << a << " again";
        N[std::size_t(a)] = 1;
        Q[std::size_t(a)] = 3.0 - a;  // tried arms look good: untried must still come first
    }
}

TEST(SoftmaxPolicy, HandWorkedAndShiftInvariant) {
    // H = (0, 0): 1/2 each. H = (0, 1): 1 / (1 + e) and e / (1 + e). H = (1000, 1000): exp(1000)
    // overflows unless the max is subtracted. H + 1000 gives the same policy within a few ulps.
    std::vector<double> pi(2, kNaN);
    softmax_policy(pi, std::vector<double>{0.0, 0.0});
    EXPECT_EQ(pi[0], 0.5);
    EXPECT_EQ(pi[1], 0.5);
    const double e = std::exp(1.0);
    softmax_policy(pi, std::vector<double>{0.0, 1.0});
    EXPECT_NEAR(pi[0], 1.0 / (1.0 + e), 1e-15);
    EXPECT_NEAR(pi[1], e / (1.0 + e), 1e-15);
    softmax_policy(pi, std::vector<double>{1000.0, 1000.0});
    EXPECT_EQ(pi[0], 0.5);
    EXPECT_EQ(pi[1], 0.5);
    std::vector<double> shifted(3);
    softmax_policy(pi = std::vector<double>(3), std::vector<double>{-1.0, 0.5, 2.0});
    softmax_policy(shifted, std::vector<double>{999.0, 1000.5, 1002.0});
    for (int a = 0; a < 3; ++a) EXPECT_NEAR(shifted[std::size_t(a)], pi[std::size_t(a)], 1e-14);
    EXPECT_NEAR(pi[0] + pi[1] + pi[2], 1.0, 1e-15);
    EXPECT_NEAR(pi[2] / pi[1], std::exp(1.5), 1e-13);
}

TEST(SampleAction, ReplaysTheCumulativeSums) {
    // u < 0.25: 0; u < 0.25 + 0.5: 1; else 2 (0.25 and 0.75 are exact sums). One draw per call.
    const std::vector<double> p{0.25, 0.5, 0.25};
    course::Rng rng(37), copy(37);
    for (int i = 0; i < 300; ++i) {
        const double u = copy.uniform(0.0, 1.0);
        ASSERT_EQ(sample_action(p, rng), u < 0.25 ? 0 : (u < 0.75 ? 1 : 2)) << "call " << i;
    }
    // Zero-probability actions never come out, at either end.
    const std::vector<double> middle{0.0, 1.0, 0.0};
    const std::vector<double> first_two{0.5, 0.5, 0.0};
    for (int i = 0; i < 200; ++i) {
        ASSERT_EQ(sample_action(middle, rng), 1);
        ASSERT_NE(sample_action(first_two, rng), 2);
    }
}

TEST(GradientBanditUpdate, HandWorkedSteps) {
    // Two actions, pi = (1/4, 3/4), A = 0, R = 3, baseline 1, alpha 1/2: step alpha (R - b) = 1,
    // H0 += 1 (1 - 1/4) = 0.75, H1 += 1 (0 - 3/4) = -0.75. Without the baseline (b = 0): 1.5 x that.
    std::vector<double> H{0.0, 0.0};
    const std::vector<double> pi{0.25, 0.75};
    gradient_bandit_update(H, pi, 0, 3.0, 1.0, 0.5);
    EXPECT_EQ(H[0], 0.75);
    EXPECT_EQ(H[1], -0.75);
    H = {0.0, 0.0};
    gradient_bandit_update(H, pi, 0, 3.0, 0.0, 0.5);
    EXPECT_EQ(H[0], 1.125);
    EXPECT_EQ(H[1], -1.125);
    // Four actions, a reward below the baseline: pi = (1/8, 1/4, 1/2, 1/8), A = 2, R = 1, b = 3,
    // alpha = 1/4: step -1/2; H = (1, 1, 1, 1) + (1/16, 1/8, -1/4, 1/16).
    std::vector<double> H4(4, 1.0);
    gradient_bandit_update(H4, std::vector<double>{0.125, 0.25, 0.5, 0.125}, 2, 1.0, 3.0, 0.25);
    EXPECT_EQ(H4, (std::vector<double>{1.0625, 1.125, 0.75, 1.0625}));
}

// ---- A run and the testbed ----

TEST(BanditRun, MatchesTheContractsRecipeForEveryMethod) {
    // Each config sets every field it uses away from its default; runs 0 and 2 of 3.
    const std::vector<BanditConfig> configs{
        {.epsilon = 0.1, .arms = 10, .runs = 3, .steps = 300, .seed = 1},
        {.epsilon = 0.0, .initial_value = 0.0, .arms = 7, .runs = 3, .steps = 300, .seed = 2},
        {.epsilon = 0.05, .sample_averages = false, .alpha = 0.2, .initial_value = 5.0, .arms = 10,
         .true_mean = -3.0, .runs = 3, .steps = 300, .seed = 3},
        {.method = BanditMethod::kUcb, .c = 2.0, .arms = 10, .runs = 3, .steps = 300, .seed = 4},
        {.method = BanditMethod::kUcb, .sample_averages = false, .alpha = 0.3, .initial_value = 1.0, .c = 0.5,
         .arms = 5, .true_mean = 2.0, .runs = 3, .steps = 300, .seed = 5},
        {.method = BanditMethod::kUcb, .sample_averages = false, .alpha = 0.1, .c = 3.0, .arms = 4, .runs = 3,
         .steps = 300, .seed = 17},
        {.method = BanditMethod::kGradient, .alpha = 0.1, .baseline = true, .arms = 10, .true_mean = 4.0,
         .runs = 3, .steps = 300, .seed = 6},
        {.method = BanditMethod::kGradient, .alpha = 0.4, .baseline = false, .arms = 6, .true_mean = 4.0,
         .runs = 3, .steps = 300, .seed = 7},
    };
    for (std::size_t i = 0; i < configs.size(); ++i) {
        for (int run : {0, 2}) {
            const Trace got = run_of(configs[i], run), want = replay_run(configs[i], run);
            for (std::size_t t = 0; t < want.rewards.size(); ++t) {
                ASSERT_EQ(got.rewards[t], want.rewards[t])
                    << "config " << i << ", run " << run << ": the first difference at step " << t + 1
                    << " (the contract chose arm " << want.actions[t] << ")";
                ASSERT_EQ(got.optimal[t], want.optimal[t]) << "config " << i << ", run " << run << ", step " << t + 1;
            }
        }
    }
}

TEST(BanditRun, OptimisticAndUcbTryEveryArmOnceInTheFirstTenSteps) {
    // The optimal arm is then chosen exactly once in steps 1-10 of every run. Optimistic Q1 = 10:
    // a tried arm drops below 10 unless its reward is >= 10 (Q1 = 5 is not enough for a test: the
    // best of ten q* is often above 2, and a reward >= 5 then comes in about 1 run of 200); with
    // q* < 4.5 (all but 1 run in 10^4), a reward >= 10 is 5.5 sd out, 2e-8.
    const BanditConfig optimistic{.epsilon = 0.0, .sample_averages = false, .alpha = 0.1, .initial_value = 10.0,
                                  .runs = 100, .steps = 10, .seed = 8};
    const BanditConfig ucb{.method = BanditMethod::kUcb, .c = 2.0, .runs = 100, .steps = 10, .seed = 8};
    for (const auto& config : {optimistic, ucb}) {
        for (int run = 0; run < 100; ++run) {
            const Trace trace = run_of(config, run);
            double tried_best = 0.0;
            for (double o : trace.optimal) tried_best += o;
            ASSERT_EQ(tried_best, 1.0) << (config.method == BanditMethod::kUcb ? "UCB" : "optimistic greedy")
                                       << ", run " << run << ": the best arm chosen " << tried_best
                                       << " times in the first 10 steps, expected exactly once";
        }
    }
}

TEST(BanditTestbed, IsTheMeanOfTheRunsInRunOrder) {
    // 300 runs (more than one block of runs, if the implementation has blocks) of 40 steps.
    const BanditConfig config{.epsilon = 0.1, .runs = 300, .steps = 40, .seed = 9};
    const BanditCurves curves = bandit_testbed(config, 2);
    ASSERT_EQ(curves.average_reward.size(), 40u);
    ASSERT_EQ(curves.optimal_fraction.size(), 40u);
    std::vector<double> reward(40, 0.0), optimal(40, 0.0);
    for (int r = 0; r < config.runs; ++r) {
        const Trace trace = run_of(config, r);
        for (std::size_t t = 0; t < 40; ++t) {
            reward[t] += trace.rewards[t];
            optimal[t] += trace.optimal[t];
        }
    }
    for (std::size_t t = 0; t < 40; ++t) {
        EXPECT_EQ(curves.average_reward[t], reward[t] / 300.0) << "step " << t + 1;
        EXPECT_EQ(curves.optimal_fraction[t], optimal[t] / 300.0) << "step " << t + 1;
    }
}

TEST(BanditTestbed, BitForBitTheSameOnOneTwoAndThreeThreads) {
    for (const BanditConfig& config :
         {BanditConfig{.epsilon = 0.1, .runs = 301, .steps = 60, .seed = 10},
          BanditConfig{.method = BanditMethod::kGradient, .alpha = 0.1, .true_mean = 4.0, .runs = 97, .steps = 60,
                       .seed = 11}}) {
        const BanditCurves one = bandit_testbed(config, 1);
        for (int threads : {2, 3}) {
            const BanditCurves more = bandit_testbed(config, threads);
            EXPECT_EQ(more.average_reward, one.average_reward) << threads << " threads";
            EXPECT_EQ(more.optimal_fraction, one.optimal_fraction) << threads << " threads";
        }
    }
}

TEST(BanditTestbed, Figure22ExploringBeatsGreedyLater) {
    // Mean reward over steps 500-1000, epsilon = 0.1 minus greedy, paired over 500 runs (the same
    // q* for both): the difference is about 0.34 with sd 0.6 over runs, se 0.027 (seeds 1-3 gave
    // z = 12 to 14). We require more than 4 se.
    const PairedDifference d =
        paired_difference({.epsilon = 0.1, .seed = 12}, {.epsilon = 0.0, .seed = 12}, 500, 500, 1000, false);
    EXPECT_GT(d.mean, 4 * d.se) << "epsilon = 0.1 minus greedy: " << d.mean << ", se " << d.se;
}

TEST(BanditTestbed, Figure24UcbBeatsEpsilonGreedy) {
    // Mean reward over steps 100-1000, UCB c = 2 minus epsilon = 0.1, paired over 300 runs: about
    // 0.1 with sd 0.13, se 0.0077 (z = 13 to 17 at 300 runs). We require more than 4 se.
    const PairedDifference d = paired_difference({.method = BanditMethod::kUcb, .c = 2.0, .seed = 13},
                                                 {.epsilon = 0.1, .seed = 13}, 300, 100, 1000, false);
    EXPECT_GT(d.mean, 4 * d.se) << "UCB minus epsilon-greedy: " << d.mean << ", se " << d.se;
}

TEST(BanditTestbed, Figure23OptimisticGreedyFindsTheBestArmMoreOften) {
    // The fraction of optimal actions over steps 901-1000, optimistic greedy (Q1 = 5, alpha = 0.1)
    // minus realistic epsilon = 0.1 (Q1 = 0, alpha = 0.1), paired over 1000 runs: about 0.1 with sd
    // 0.37, se 0.012 (z = 5 to 7 at 500 runs, 7 to 10 at 1000). We require more than 3 se.
    const PairedDifference d = paired_difference(
        {.epsilon = 0.0, .sample_averages = false, .alpha = 0.1, .initial_value = 5.0, .seed = 14},
        {.epsilon = 0.1, .sample_averages = false, .alpha = 0.1, .seed = 14}, 1000, 901, 1000, true);
    EXPECT_GT(d.mean, 3 * d.se) << "optimistic minus realistic: " << d.mean << ", se " << d.se;
}

TEST(BanditTestbed, Figure25TheBaselineHelpsWhenRewardsAreFarFromZero) {
    // q* ~ N(4, 1), alpha = 0.1: the fraction of optimal actions over steps 901-1000 with the
    // baseline minus without, paired over 300 runs: about 0.35 with sd 0.52, se 0.03 (z = 13 to 18
    // at 500 runs). We require more than 4 se.
    const PairedDifference d = paired_difference(
        {.method = BanditMethod::kGradient, .alpha = 0.1, .baseline = true, .true_mean = 4.0, .seed = 15},
        {.method = BanditMethod::kGradient, .alpha = 0.1, .baseline = false, .true_mean = 4.0, .seed = 15}, 300,
        901, 1000, true);
    EXPECT_GT(d.mean, 4 * d.se) << "with minus without baseline: " << d.mean << ", se " << d.se;
}

// ---- Bad input ----

TEST(Bandits, RefusesBadUpdatesAndActions) {
    double q = 0.0;
    int n = 0;
    sample_average_update(q, n, 1.0);
    EXPECT_EQ(q, 1.0) << kValidCallFirst;
    EXPECT_TRUE(ThrowsInvalidArgument([&] { sample_average_update(q, n, kNaN); }, {"sample_average_update", "NaN"}));
    int negative = -1;
    EXPECT_TRUE(ThrowsInvalidArgument([&] { sample_average_update(q, negative, 1.0); }, {"count"}));
    for (double alpha : {0.0, -0.1, 1.5, kNaN, kInf, -kInf})
        EXPECT_TRUE(ThrowsInvalidArgument([&] { constant_step_update(q, 1.0, alpha); }, {"constant_step_update", "alpha"}))
            << "alpha " << alpha;
    EXPECT_TRUE(ThrowsInvalidArgument([&] { constant_step_update(q, kNaN, 0.5); }, {"reward"}));

    course::Rng rng(1);
    const std::vector<double> empty, with_nan{0.0, kNaN};
    EXPECT_TRUE(ThrowsInvalidArgument([&] { greedy_action(empty, rng); }, {"greedy_action", "empty"}));
    EXPECT_TRUE(ThrowsInvalidArgument([&] { greedy_action(with_nan, rng); }, {"greedy_action", "NaN"}));
    const std::vector<double> values{1.0, 2.0};
    for (double epsilon : {-0.1, 1.1, kNaN, kInf, -kInf})
        EXPECT_TRUE(ThrowsInvalidArgument([&] { epsilon_greedy_action(values, epsilon, rng); },
                                          {"epsilon_greedy_action", "epsilon"}))
            << "epsilon " << epsilon;
    EXPECT_TRUE(ThrowsInvalidArgument([&] { epsilon_greedy_action(with_nan, 0.1, rng); }, {"NaN"}));
    EXPECT_TRUE(ThrowsInvalidArgument([&] { epsilon_greedy_action(empty, 0.1, rng); }, {"empty"}));

    const std::vector<int> counts{1, 1}, short_counts{1}, negative_counts{1, -1};
    for (double c : {-1.0, kNaN, kInf, -kInf})
        EXPECT_TRUE(ThrowsInvalidArgument([&] { ucb_action(values, counts, 2, c, rng); }, {"ucb_action", "c"}))
            << "c " << c;
    for (int t : {0, -1}) EXPECT_TRUE(ThrowsInvalidArgument([&] { ucb_action(values, counts, t, 2.0, rng); }, {"t"}));
    EXPECT_TRUE(ThrowsInvalidArgument([&] { ucb_action(values, short_counts, 2, 2.0, rng); }, {"counts"}));
    EXPECT_TRUE(ThrowsInvalidArgument([&] { ucb_action(values, negative_counts, 2, 2.0, rng); }, {"counts"}));
    EXPECT_TRUE(ThrowsInvalidArgument([&] { ucb_action(with_nan, counts, 2, 2.0, rng); }, {"NaN"}));

    std::vector<double> pi(2);
    for (double h : {kNaN, kInf, -kInf})
        EXPECT_TRUE(ThrowsInvalidArgument([&] { softmax_policy(pi, std::vector<double>{0.0, h}); },
                                          {"softmax_policy", "preferences"}));
    std::vector<double> pi3(3);
    EXPECT_TRUE(ThrowsInvalidArgument([&] { softmax_policy(pi3, values); }, {"probabilities"}));
    EXPECT_TRUE(ThrowsInvalidArgument([&] { softmax_policy(std::span<double>(), empty); }, {"empty"}));
    for (const auto& p : {std::vector<double>{}, std::vector<double>{0.5, 0.6}, std::vector<double>{1.5, -0.5},
                          std::vector<double>{kNaN, 1.0}, std::vector<double>{0.5, 0.4}})
        EXPECT_TRUE(ThrowsInvalidArgument([&] { sample_action(p, rng); }, {"sample_action"}));

    std::vector<double> H{0.0, 0.0};
    const std::vector<double> half{0.5, 0.5};
    for (double alpha : {0.0, -1.0, kNaN, kInf})
        EXPECT_TRUE(ThrowsInvalidArgument([&] { gradient_bandit_update(H, half, 0, 1.0, 0.0, alpha); }, {"alpha"}));
    for (int action : {-1, 2})
        EXPECT_TRUE(ThrowsInvalidArgument([&] { gradient_bandit_update(H, half, action, 1.0, 0.0, 0.1); }, {"action"}));
    EXPECT_TRUE(ThrowsInvalidArgument([&] { gradient_bandit_update(H, half, 0, kNaN, 0.0, 0.1); }, {"reward"}));
    EXPECT_TRUE(ThrowsInvalidArgument([&] { gradient_bandit_update(H, half, 0, 1.0, kNaN, 0.1); }, {"baseline"}));
    EXPECT_TRUE(ThrowsInvalidArgument([&] { gradient_bandit_update(H, pi3, 0, 1.0, 0.0, 0.1); }, {"probabilities"}));
}

TEST(Bandits, RefusesBadConfigs) {
    const BanditConfig good{.epsilon = 0.1, .runs = 2, .steps = 5};
    EXPECT_EQ(bandit_testbed(good, 1).average_reward.size(), 5u) << kValidCallFirst;
    auto refused = [](const BanditConfig& config, const char* field) {
        std::vector<double> r(std::size_t(std::max(config.steps, 0))), o(r.size());
        return ThrowsInvalidArgument([&] { bandit_testbed(config, 1); }, {"bandit_testbed", field}) &&
               ThrowsInvalidArgument([&] { bandit_run(r, o, config, 0); }, {"bandit_run", field});
    };
    for (double epsilon : {-0.1, 1.1, kNaN, kInf}) {
        BanditConfig c = good;
        c.epsilon = epsilon;
        EXPECT_TRUE(refused(c, "epsilon")) << epsilon;
    }
    for (double alpha : {0.0, -0.1, kNaN, kInf}) {
        BanditConfig c = good;
        c.alpha = alpha;
        EXPECT_TRUE(refused(c, "alpha")) << alpha;
    }
    BanditConfig big_step = good;
    big_step.sample_averages = false;
    big_step.alpha = 1.5;
    EXPECT_TRUE(refused(big_step, "alpha")) << "a constant step size above 1";
    big_step.method = BanditMethod::kGradient;  // the gradient bandit may step by more than 1
    EXPECT_EQ(bandit_testbed(big_step, 1).average_reward.size(), 5u);
    for (double c_value : {-1.0, kNaN, kInf}) {
        BanditConfig c = good;
        c.c = c_value;
        EXPECT_TRUE(refused(c, "c = ")) << c_value;
    }
    for (double v : {kNaN, kInf, -kInf}) {
        BanditConfig c = good;
        c.initial_value = v;
        EXPECT_TRUE(refused(c, "initial_value")) << v;
        c = good;
        c.true_mean = v;
        EXPECT_TRUE(refused(c, "true_mean")) << v;
    }
    for (int bad : {0, -1}) {
        BanditConfig c = good;
        c.arms = bad;
        EXPECT_TRUE(refused(c, "arms")) << bad;
        c = good;
        c.runs = bad;
        EXPECT_TRUE(refused(c, "runs")) << bad;
        c = good;
        c.steps = bad;
        EXPECT_TRUE(refused(c, "steps")) << bad;
    }
    BanditConfig bad_method = good;
    bad_method.method = BanditMethod(7);
    EXPECT_TRUE(refused(bad_method, "method"));
    for (int threads : {0, -2})
        EXPECT_TRUE(ThrowsInvalidArgument([&] { bandit_testbed(good, threads); }, {"bandit_testbed", "threads"}));
    std::vector<double> r(5), o(5), short_buffer(4);
    for (int run : {-1, 2})
        EXPECT_TRUE(ThrowsInvalidArgument([&] { bandit_run(r, o, good, run); }, {"bandit_run", "run"}));
    EXPECT_TRUE(ThrowsInvalidArgument([&] { bandit_run(short_buffer, o, good, 0); }, {"rewards"}));
    EXPECT_TRUE(ThrowsInvalidArgument([&] { bandit_run(r, short_buffer, good, 0); }, {"optimal"}));
}

TEST(BanditRun, RunSeedsAreSplitMixOfTheSeedPlusTheRun) {
    // SplitMix64's published first output from state 0 (Vigna's splitmix64.c: x = 0, next() =
    // 0xe220a8397b1dcdaf); the run's seed is splitmix64(splitmix64(seed) + run).
    EXPECT_EQ(splitmix64(0), 0xe220a8397b1dcdafull);
    EXPECT_EQ(bandit_run_seed(5, 3), splitmix64(splitmix64(5) + 3));
    // Different seeds, different runs: different arms (the first reward differs).
    const BanditConfig a{.epsilon = 0.1, .runs = 2, .steps = 3, .seed = 1}, b{.epsilon = 0.1, .runs = 2, .steps = 3, .seed = 2};
    EXPECT_NE(run_of(a, 0).rewards[0], run_of(b, 0).rewards[0]);
    EXPECT_NE(run_of(a, 0).rewards[0], run_of(a, 1).rewards[0]);
}

TEST(BanditTestbed, AnErrorInsideARunReachesTheCaller) {
    // Finite but extreme values: Q1 = 1.7e308 and rewards near -1.7e308 make R - Q = -inf, so the
    // first update of an arm gives Q = -inf and the second -inf + inf = NaN, which the next choice
    // refuses. That std::invalid_argument is thrown inside the parallel loop: it must come out of
    // bandit_testbed (an exception escaping an OpenMP region ends the program instead).
    const BanditConfig normal{.epsilon = 1.0, .runs = 4, .steps = 5, .seed = 16};
    EXPECT_EQ(bandit_testbed(normal, 2).average_reward.size(), 5u) << kValidCallFirst;
    const BanditConfig extreme{.epsilon = 1.0, .sample_averages = false, .alpha = 0.5, .initial_value = 1.7e308,
                               .arms = 2, .true_mean = -1.7e308, .runs = 4, .steps = 50, .seed = 16};
    for (int threads : {1, 2})
        EXPECT_TRUE(ThrowsInvalidArgument([&] { bandit_testbed(extreme, threads); }, {"NaN"})) << threads << " threads";
}

TEST(BanditTestbed, ManyRunsOrManySteps) {
    // More runs than the book's 2000 (cheap at 3 steps) and more steps than its 1000 with more
    // runs than a block of 256, against the run-order sums of bandit_run: no size may be taken
    // from the defaults.
    for (const BanditConfig& config : {BanditConfig{.epsilon = 0.1, .runs = 2100, .steps = 3, .seed = 18},
                                       BanditConfig{.epsilon = 0.1, .runs = 260, .steps = 1500, .seed = 19}}) {
        const BanditCurves curves = bandit_testbed(config, 2);
        const std::size_t steps = std::size_t(config.steps);
        ASSERT_EQ(curves.average_reward.size(), steps);
        ASSERT_EQ(curves.optimal_fraction.size(), steps);
        std::vector<double> reward(steps, 0.0), optimal(steps, 0.0);
        for (int r = 0; r < config.runs; ++r) {
            const Trace trace = run_of(config, r);
            for (std::size_t t = 0; t < steps; ++t) {
                reward[t] += trace.rewards[t];
                optimal[t] += trace.optimal[t];
            }
        }
        for (std::size_t t = 0; t < steps; ++t) {
            ASSERT_EQ(curves.average_reward[t], reward[t] / config.runs) << config.runs << " runs, step " << t + 1;
            ASSERT_EQ(curves.optimal_fraction[t], optimal[t] / config.runs) << config.runs << " runs, step " << t + 1;
        }
    }
}

}  // namespace
}  // namespace course::reinforcement_learning
