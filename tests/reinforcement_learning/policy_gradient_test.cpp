// Tests for exercise 6, policy_gradient (modules/reinforcement_learning/learner/policy_gradient.cpp).
//
// Oracles: values worked by hand (a three-action softmax with preferences 0, ln 2, ln 3; returns
// of a three-step episode at gamma 0.9; two steps of REINFORCE with baseline written out; one
// Euler step of the cart-pole from rest in exact fractions); central differences of ln pi computed
// by a plain log-sum-exp in this file; the corridor's Bellman equations solved here by
// elimination; and the book's results (Example 13.1, Figures 13.1 and 13.2, CartPole-v0's 195)
// as statistical tests over fixed seeds, each threshold derived from the standard error of its
// statistic (measured over 400 runs of the reference with other seeds; stated beside it).
// Every test calls a function of the exercise first, so that a stub shows "not started".
#include "reinforcement_learning/policy_gradient.hpp"

#include <gtest/gtest.h>

#include <array>
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

using course::testing::AllClose;
using course::testing::kValidCallFirst;
using course::testing::ThrowsInvalidArgument;
using course::testing::Tolerance;

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr double kInf = std::numeric_limits<double>::infinity();
const double kPStar = 2.0 - std::sqrt(2.0);         // the corridor's best pi(right)
const double kJStar = -(6.0 + 4.0 * std::sqrt(2.0));  // J(p*) = -11.657

// sigmoid: pi(first action) of a two-action softmax whose preferences differ by z.
double sigmoid(double z) { return 1.0 / (1.0 + std::exp(-z)); }

// log_pi: ln pi(a | s) by a plain log-sum-exp, the oracle of the finite differences.
double log_pi(const std::vector<double>& theta, const std::vector<double>& features, int A, int a) {
    const std::size_t d = theta.size();
    std::vector<double> h(std::size_t(A), 0.0);
    for (std::size_t b = 0; b < h.size(); ++b)
        for (std::size_t i = 0; i < d; ++i) h[b] += theta[i] * features[b * d + i];
    double m = h[0];
    for (double v : h) m = std::max(m, v);
    double sum = 0.0;
    for (double v : h) sum += std::exp(v - m);
    return h[std::size_t(a)] - m - std::log(sum);
}

// mean_and_se: the mean of xs and its standard error sd / sqrt(n).
struct MeanSe {
    double mean, se;
};
MeanSe mean_and_se(const std::vector<double>& xs) {
    double m = 0.0, q = 0.0;
    for (double x : xs) m += x;
    m /= double(xs.size());
    for (double x : xs) q += (x - m) * (x - m);
    return {m, std::sqrt(q / double(xs.size() - 1) / double(xs.size()))};
}

// The book's settings for the corridor (Figures 13.1 and 13.2; gamma = 1).
constexpr ReinforceSettings kWithBaseline = {0x1p-9, 0x1p-6, 1.0, true};
constexpr ReinforceSettings kPlain13 = {0x1p-13, 0.0, 1.0, false};

// ---- The softmax policy and its log-derivative ----

// Three actions, d = 2, rows x(s, 0) = [0, 0], x(s, 1) = [1, 0], x(s, 2) = [0, 1] and
// theta = [ln 2, ln 3]: preferences 0, ln 2, ln 3, so exp(h) = 1, 2, 3 and pi = 1/6, 2/6, 3/6.
// Rounding: ln 2 and ln 3 are rounded once and exp adds one more rounding, the sum and the
// division two: a few units of 1e-16 relative; 1e-14 leaves room.
const std::vector<double> kThreeFeatures = {0.0, 0.0, 1.0, 0.0, 0.0, 1.0};

TEST(LinearSoftmaxPolicy, HandWorkedThreeActions) {
    const std::vector<double> theta = {std::log(2.0), std::log(3.0)};
    const std::vector<double> pi = linear_softmax_policy(theta, kThreeFeatures, 3);
    const std::vector<double> want = {1.0 / 6.0, 2.0 / 6.0, 3.0 / 6.0};
    EXPECT_TRUE(AllClose(pi, want, Tolerance{0.0, 1e-14}));
}

// Preferences 1000 and 1000 + ln 3: exp(1000) overflows to inf, so a softmax that does not
// subtract the largest preference gives inf / inf = NaN. pi = [1/4, 3/4]; 1000 + ln 3 is rounded
// to a spacing of 1.1e-13, whose exp changes pi by at most that: tolerance 1e-12.
TEST(LinearSoftmaxPolicy, LargePreferencesDoNotOverflow) {
    const std::vector<double> theta = {1000.0, std::log(3.0)};
    const std::vector<double> features = {1.0, 0.0, 1.0, 1.0};  // h = 1000, 1000 + ln 3
    const std::vector<double> pi = linear_softmax_policy(theta, features, 2);
    EXPECT_TRUE(AllClose(pi, std::vector<double>{0.25, 0.75}, Tolerance{1e-12, 0.0}));
    // and very negative ones: -1000 and -1000 + ln 3, exp underflowing to 0 without the max
    const std::vector<double> neg = linear_softmax_policy(std::vector<double>{-1000.0, std::log(3.0)}, features, 2);
    EXPECT_TRUE(AllClose(neg, std::vector<double>{0.25, 0.75}, Tolerance{1e-12, 0.0}));
}

// grad ln pi(1 | s) at the hand-worked policy: x(s, 1) - sum_b pi_b x(s, b)
//     = [1, 0] - (1/6 [0, 0] + 2/6 [1, 0] + 3/6 [0, 1]) = [2/3, -1/2].
// Without the expectation it would be x(s, 1) = [1, 0]. Tolerance as in HandWorkedThreeActions.
TEST(GradLogLinearSoftmax, HandWorkedThreeActions) {
    const std::vector<double> theta = {std::log(2.0), std::log(3.0)};
    EXPECT_TRUE(AllClose(grad_log_linear_softmax(theta, kThreeFeatures, 3, 1), std::vector<double>{2.0 / 3.0, -0.5},
                         Tolerance{1e-14, 0.0}))
        << "grad ln pi(a|s) = x(s, a) - sum_b pi(b|s) x(s, b): the features minus their expectation";
    EXPECT_TRUE(AllClose(grad_log_linear_softmax(theta, kThreeFeatures, 3, 0), std::vector<double>{-1.0 / 3.0, -0.5},
                         Tolerance{1e-14, 0.0}))
        << "grad ln pi(a|s) = x(s, a) - sum_b pi(b|s) x(s, b), action 0";
    EXPECT_TRUE(AllClose(grad_log_linear_softmax(theta, kThreeFeatures, 3, 2), std::vector<double>{-1.0 / 3.0, 0.5},
                         Tolerance{1e-14, 0.0}));
}

// Central differences of ln pi(a | s) (log_pi above, not the code under test) on seeded random
// theta (d = 5) and features (A = 4), for every action. Step h = 1e-5: truncation h^2 |f'''| / 6
// with |f'''| of order 1 (the features are in [-1, 1]) is about 2e-11; rounding eps |f| / h with
// |f| <= 10 about 2e-10. Tolerance 1e-8, far below the gradient's entries (order 0.1 to 1).
// The property the gradient has for any policy: sum_a pi(a) grad ln pi(a) = 0.
TEST(GradLogLinearSoftmax, MatchesCentralDifferences) {
    const int A = 4;
    const std::size_t d = 5;
    for (std::uint64_t seed : {1u, 2u, 3u}) {
        const std::vector<double> theta = course::random_doubles(d, seed);
        const std::vector<double> features = course::random_doubles(std::size_t(A) * d, seed + 100);
        const std::vector<double> pi = linear_softmax_policy(theta, features, A);
        std::vector<double> expected_grad(d, 0.0);
        for (int a = 0; a < A; ++a) {
            const std::vector<double> grad = grad_log_linear_softmax(theta, features, A, a);
            std::vector<double> want(d);
            for (std::size_t i = 0; i < d; ++i) {
                const double h = 1e-5;
                std::vector<double> up = theta, down = theta;
                up[i] += h;
                down[i] -= h;
                want[i] = (log_pi(up, features, A, a) - log_pi(down, features, A, a)) / (2.0 * h);
                expected_grad[i] += pi[std::size_t(a)] * grad[i];
            }
            EXPECT_TRUE(AllClose(grad, want, Tolerance{1e-8, 0.0})) << "seed " << seed << ", action " << a;
        }
        EXPECT_TRUE(AllClose(expected_grad, std::vector<double>(d, 0.0), Tolerance{1e-14, 0.0}))
            << "sum_a pi(a) grad ln pi(a) must vanish (seed " << seed << ")";
    }
}

// ---- Returns ----

// rewards R_1, R_2, R_3 = 1, 2, 3 at gamma 0.9:
//     G_2 = 3,  G_1 = 2 + 0.9 * 3 = 4.7,  G_0 = 1 + 0.9 * 4.7 = 5.23
// (undiscounted: 6, 5, 3). gamma = 0: G_t = R_{t+1}; gamma = 1: the sums 6, 5, 3. A handful of
// roundings: 1e-14.
TEST(DiscountedReturns, HandWorkedThreeSteps) {
    const std::vector<double> rewards = {1.0, 2.0, 3.0};
    EXPECT_TRUE(AllClose(discounted_returns(rewards, 0.9), std::vector<double>{5.23, 4.7, 3.0}, Tolerance{1e-14, 0.0}))
        << "G_t = R_t+1 + gamma G_t+1, from the end: 3, 2 + 0.9 3 = 4.7, 1 + 0.9 4.7 = 5.23";
    EXPECT_TRUE(AllClose(discounted_returns(rewards, 0.0), rewards, Tolerance{0.0, 0.0}));
    EXPECT_TRUE(AllClose(discounted_returns(rewards, 1.0), std::vector<double>{6.0, 5.0, 3.0}, Tolerance{0.0, 0.0}));
    EXPECT_TRUE(discounted_returns(std::vector<double>{}, 0.5).empty());
    EXPECT_TRUE(AllClose(discounted_returns(std::vector<double>{-7.5}, 0.3), std::vector<double>{-7.5},
                         Tolerance{0.0, 0.0}));
}

// A long episode: 300 rewards of 1 at gamma 0.99 give G_0 = (1 - 0.99^300) / 0.01 = 95.09...
// (the geometric sum; 300 roundings, each under 1e-16 relative of a value below 100: 1e-11).
TEST(DiscountedReturns, LongEpisodeIsTheGeometricSum) {
    const std::vector<double> rewards(300, 1.0);
    const std::vector<double> G = discounted_returns(rewards, 0.99);
    ASSERT_EQ(G.size(), 300u);
    for (std::size_t t = 0; t < 300; ++t)
        EXPECT_NEAR(G[t], (1.0 - std::pow(0.99, double(300 - t))) / 0.01, 1e-11) << "t = " << t;
}

// ---- The update ----

// corridor_episode: an episode of the corridor's features (every state [1, 0] / [0, 1]), z = [1].
Episode corridor_episode(std::vector<int> actions, std::vector<double> rewards) {
    Episode e;
    e.num_actions = 2;
    e.actions = std::move(actions);
    e.rewards = std::move(rewards);
    for (int t = 0; t < e.length(); ++t) {
        e.features.insert(e.features.end(), kCorridorFeatures.begin(), kCorridorFeatures.end());
        e.value_features.push_back(1.0);
    }
    return e;
}

// Two steps, actions right then left, rewards -1, -1, gamma 0.9, alpha_theta 0.5, alpha_w 0.25,
// theta = [0, 0], w = [-1]. Returns: G_0 = -1 + 0.9 (-1) = -1.9, G_1 = -1.
// t = 0: v = -1, delta = -1.9 + 1 = -0.9; w = -1 + 0.25 (-0.9) = -1.225.
//        pi = [1/2, 1/2], grad ln pi(right) = [1, 0] - [1/2, 1/2] = [1/2, -1/2];
//        theta += 0.5 * 0.9^0 * (-0.9) [1/2, -1/2] = [-0.225, 0.225].
// t = 1: v = -1.225, delta = -1 + 1.225 = 0.225; w = -1.225 + 0.25 * 0.225 = -1.16875.
//        p = pi(right) = sigmoid(-0.45) (at the theta step 0 left), grad ln pi(left) = [-p, p];
//        theta += 0.5 * 0.9^1 * 0.225 [-p, p] = 0.10125 [-p, p].
// Mistakes this separates: no baseline (delta = G: theta [-0.475 + 0.45 p', ...]), undiscounted
// returns (G_0 = -2), no gamma^t (0.1125 p), the baseline's sign (w = -0.775 after step 0), and
// grad ln pi without the expectation ([1, 0] at step 0). A dozen roundings: 1e-14.
TEST(ReinforceUpdate, HandWorkedTwoStepsWithBaseline) {
    const Episode episode = corridor_episode({ShortCorridor::kRight, ShortCorridor::kLeft}, {-1.0, -1.0});
    std::vector<double> theta = {0.0, 0.0}, w = {-1.0};
    reinforce_update(theta, w, episode, ReinforceSettings{0.5, 0.25, 0.9, true});
    const double p = sigmoid(-0.45);
    EXPECT_TRUE(AllClose(theta, std::vector<double>{-0.225 - 0.10125 * p, 0.225 + 0.10125 * p}, Tolerance{1e-14, 0.0}))
        << "theta += alpha_theta gamma^t delta grad ln pi with delta = G_t - v(S_t, w), v from w before its update at t";
    EXPECT_TRUE(AllClose(w, std::vector<double>{-1.16875}, Tolerance{1e-14, 0.0}))
        << "w += alpha_w delta grad v(S_t, w): the baseline moves toward G_t (delta = G_t - v)";
}

// The same episode without a baseline: delta = G_t and w is left alone (passed, not used).
// t = 0: theta += 0.5 * (-1.9) [1/2, -1/2] = [-0.475, 0.475];
// t = 1: p = sigmoid(-0.95), theta += 0.5 * 0.9 * (-1) [-p, p] = 0.45 [p, -p].
TEST(ReinforceUpdate, HandWorkedTwoStepsWithoutBaseline) {
    const Episode episode = corridor_episode({ShortCorridor::kRight, ShortCorridor::kLeft}, {-1.0, -1.0});
    std::vector<double> theta = {0.0, 0.0}, w = {-1.0};
    reinforce_update(theta, w, episode, ReinforceSettings{0.5, 0.25, 0.9, false});
    const double p = sigmoid(-0.95);
    EXPECT_TRUE(AllClose(theta, std::vector<double>{-0.475 + 0.45 * p, 0.475 - 0.45 * p}, Tolerance{1e-14, 0.0}));
    EXPECT_EQ(w[0], -1.0) << "without a baseline w is not used";
    // and w may be empty then
    std::vector<double> theta2 = {0.0, 0.0};
    reinforce_update(theta2, std::span<double>{}, episode, ReinforceSettings{0.5, 0.0, 0.9, false});
    EXPECT_TRUE(AllClose(theta2, theta, Tolerance{0.0, 0.0}));
}

// Every parameter reached: doubling alpha_theta doubles the first step's move; alpha_w scales w's
// move alone; gamma changes the returns; an empty episode changes nothing. A one-step episode
// (T = 1, reward R, action right from theta = 0, w = [w0]): delta = R - w0,
//     w = w0 + alpha_w delta,   theta = alpha_theta delta [1/2, -1/2]   (exact in binary).
TEST(ReinforceUpdate, EveryParameterReachesTheResult) {
    const Episode one = corridor_episode({ShortCorridor::kRight}, {3.0});
    for (double alpha_theta : {0.5, 1.0})
        for (double alpha_w : {0.25, 0.5}) {
            std::vector<double> theta = {0.0, 0.0}, w = {1.0};
            reinforce_update(theta, w, one, ReinforceSettings{alpha_theta, alpha_w, 0.5, true});
            const double delta = 3.0 - 1.0;
            EXPECT_TRUE(AllClose(theta, std::vector<double>{alpha_theta * delta / 2, -alpha_theta * delta / 2},
                                 Tolerance{0.0, 0.0}))
                << "alpha_theta " << alpha_theta << ", alpha_w " << alpha_w;
            EXPECT_EQ(w[0], 1.0 + alpha_w * delta) << "alpha_theta " << alpha_theta << ", alpha_w " << alpha_w;
        }
    // gamma: two steps, the first's return is -1 + gamma (-1); theta after the first step only
    // depends on it, and w after both on both returns: different gammas, different w.
    const Episode two = corridor_episode({ShortCorridor::kRight, ShortCorridor::kRight}, {-1.0, -1.0});
    std::vector<double> w_a = {0.0}, w_b = {0.0}, th_a = {0.0, 0.0}, th_b = {0.0, 0.0};
    reinforce_update(th_a, w_a, two, ReinforceSettings{0.5, 0.5, 0.5, true});
    reinforce_update(th_b, w_b, two, ReinforceSettings{0.5, 0.5, 1.0, true});
    // gamma 0.5: G = [-1.5, -1]; w: 0 -> -0.75 -> -0.75 + 0.5 (-0.25) = -0.875.
    // gamma 1:   G = [-2, -1];   w: 0 -> -1    -> -1 + 0.5 * 0 = -1.
    EXPECT_EQ(w_a[0], -0.875);
    EXPECT_EQ(w_b[0], -1.0);
    // an empty episode: nothing moves
    std::vector<double> theta = {0.3, -0.2}, w = {0.7};
    reinforce_update(theta, w, corridor_episode({}, {}), kWithBaseline);
    EXPECT_TRUE(AllClose(theta, std::vector<double>{0.3, -0.2}, Tolerance{0.0, 0.0}));
    EXPECT_EQ(w[0], 0.7);
}

// A wider update: A = 3, d = 2 (kThreeFeatures), dv = 2 with z(S_t) = [1, t], three steps, checked
// against the update loop written out here with this file's log_pi finite differences for
// grad ln pi (tolerance: the differences' 1e-9 times the step sizes, and the loop's roundings).
TEST(ReinforceUpdate, MatchesTheLoopWrittenOut) {
    Episode e;
    e.num_actions = 3;
    e.actions = {2, 0, 1};
    e.rewards = {0.5, -1.0, 2.0};
    for (int t = 0; t < 3; ++t) {
        e.features.insert(e.features.end(), kThreeFeatures.begin(), kThreeFeatures.end());
        e.value_features.push_back(1.0);
        e.value_features.push_back(double(t));
    }
    const ReinforceSettings settings{0.3, 0.2, 0.8, true};
    std::vector<double> theta = {0.1, -0.4}, w = {0.5, -0.25};
    std::vector<double> want_theta = theta, want_w = w;
    reinforce_update(theta, w, e, settings);
    const double G[3] = {0.5 + 0.8 * (-1.0 + 0.8 * 2.0), -1.0 + 0.8 * 2.0, 2.0};
    double gamma_t = 1.0;
    for (int t = 0; t < 3; ++t) {
        const double v = want_w[0] + want_w[1] * t;
        const double delta = G[t] - v;
        want_w[0] += 0.2 * delta;
        want_w[1] += 0.2 * delta * t;
        std::vector<double> grad(2);
        for (std::size_t i = 0; i < 2; ++i) {
            std::vector<double> up = want_theta, down = want_theta;
            up[i] += 1e-6;
            down[i] -= 1e-6;
            grad[i] = (log_pi(up, kThreeFeatures, 3, e.actions[std::size_t(t)]) -
                       log_pi(down, kThreeFeatures, 3, e.actions[std::size_t(t)])) / 2e-6;
        }
        for (std::size_t i = 0; i < 2; ++i) want_theta[i] += 0.3 * gamma_t * delta * grad[i];
        gamma_t *= 0.8;
    }
    EXPECT_TRUE(AllClose(theta, want_theta, Tolerance{1e-8, 0.0}));
    EXPECT_TRUE(AllClose(w, want_w, Tolerance{1e-14, 0.0}));
}

// ---- (a) The short corridor ----

// J(p) = v(S_0) for pi(right) = p, gamma = 1. The Bellman equations of the three states (the
// switched state 1: right goes back to 0, left on to 2):
//     v0 = -1 + p v1 + (1 - p) v0         (left in state 0 bumps the wall)
//     v1 = -1 + p v0 + (1 - p) v2
//     v2 = -1 + p * 0 + (1 - p) v1        (right in state 2 reaches the goal, value 0)
// The first gives v0 = v1 - 1/p, the third v2 = -1 + (1 - p) v1; into the second:
//     v1 (1 - p - (1 - p)^2) = v1 p (1 - p) = p - 3,   v1 = (p - 3) / (p (1 - p)),
//     J(p) = v0 = (2p - 4) / (p (1 - p)).
// dJ/dp = 0: (2 p (1 - p) - (2p - 4)(1 - 2p)) = 0  ->  -2 p^2 + 8 p - 4 = 0  ->  p^2 - 4p + 2 = 0,
//     p* = 2 - sqrt 2 = 0.5858,  J(p*) = 2 sqrt 2 / (4 - 3 sqrt 2) = -(6 + 4 sqrt 2) = -11.657.
// J(0.5) = -3 / 0.25 = -12 exactly. The test solves the three equations by elimination here
// (another order of operations: 1e-12 relative).
TEST(ShortCorridorStartValue, ClosedFormSolvesTheBellmanEquations) {
    EXPECT_EQ(short_corridor_start_value(0.5), -12.0);
    for (double p : {0.01, 0.1, 0.3, 0.5, 0.5858, 0.7, 0.9, 0.99}) {
        // p v0 - p v1 = -1;  -p v0 + v1 - (1-p) v2 = -1;  -(1-p) v1 + v2 = -1
        // v2 = -1 + (1-p) v1; v1 - (1-p)(-1 + (1-p) v1) - p v0 = -1 -> v1 (1 - (1-p)^2) - p v0 = -1 - (1-p)
        // with v0 = v1 - 1/p: v1 (1 - (1-p)^2 - p) = -1 - (1 - p) - 1
        const double q = 1.0 - p;
        const double v1 = (-3.0 + p) / (1.0 - q * q - p);
        const double v0 = v1 - 1.0 / p;
        EXPECT_NEAR(short_corridor_start_value(p), v0, 1e-12 * std::abs(v0)) << "p = " << p;
    }
    EXPECT_EQ(short_corridor_start_value(0.0), -kInf);
    EXPECT_EQ(short_corridor_start_value(1.0), -kInf);
}

// The maximum: J(p*) = -(6 + 4 sqrt 2) (to 1e-13 relative), and on a grid of step 1e-4 over
// (0, 1) no p beats p* and the best grid point is within 1e-4 of it.
TEST(ShortCorridorStartValue, MaximalAtTwoMinusRootTwo) {
    EXPECT_NEAR(short_corridor_start_value(kPStar), kJStar, 1e-13 * 12);
    double best_p = 0.0, best = -kInf;
    for (int i = 1; i < 10000; ++i) {
        const double p = i * 1e-4, j = short_corridor_start_value(p);
        EXPECT_LE(j, kJStar + 1e-12) << "p = " << p;
        if (j > best) best = j, best_p = p;
    }
    EXPECT_NEAR(best_p, kPStar, 1e-4);
}

// Monte Carlo check of the corridor's rules against J: 4000 episodes at p = 0.3 with a fixed seed.
// J(0.3) = -3.4 / 0.21 = -16.19; the episode length's sd at p = 0.3 is about 13 (measured over
// 2 x 10^5 episodes), so the mean's se is 0.2: within 1 (5 se).
TEST(ShortCorridorStartValue, MatchesTheCorridorsMeanReturn) {
    const double J = short_corridor_start_value(0.3);
    course::Rng rng(7);
    ShortCorridor corridor;
    double total = 0.0;
    const int episodes = 4000;
    for (int e = 0; e < episodes; ++e) {
        corridor.reset();
        for (bool done = false; !done;) {
            const Step step = corridor.step(rng.uniform(0.0, 1.0) < 0.3 ? ShortCorridor::kRight : ShortCorridor::kLeft);
            total += step.reward;
            done = step.done;
        }
    }
    EXPECT_NEAR(total / episodes, J, 1.0);
}

// REINFORCE with baseline (alpha_theta 2^-9, alpha_w 2^-6: Figure 13.2) from the book's start
// p = 0.05 learns p near p* = 0.586. The statistic: per run, pi(right) averaged over episodes 501 to
// 1000; over 400 reference runs (other seeds) its mean is 0.583 and its sd 0.034, so over these 20
// runs the se is 0.0075: we require |mean - p*| < 0.03 (4 se; the estimator's own bias, 0.003, is
// 0.4 se; three sets of 20 seeds gave 0.597, 0.579, 0.589). The return over the last 100
// episodes averages -12.04 over runs (sd 1.24, se 0.28 over 20): above -13.2 (4 se), and it
// cannot beat J(p*) = -11.66 except by noise: below -10.5.
// The baseline's w is one number for every state: it learns the visit-weighted mean of the returns,
// between the values of the states at p*, v(2) = -1 + (1 - p*) v(1) = -5.12 and v(0) = -11.66
// (v(1) = (p* - 3) / (p* (1 - p*)) = -9.95). Its mean over 20 runs is -9.6, -9.8 and -8.3 for three
// sets of seeds, se 0.5 to 0.9 (a run's last long episode pulls w around): we require it in
// [-13.5, -5.12], 4 se or more from the measured means.
TEST(ReinforceShortCorridor, WithBaselineLearnsTheBestProbability) {
    std::vector<double> p_late, return_late, w_last;
    for (std::uint64_t seed = 1; seed <= 20; ++seed) {
        const TrainingRun run = reinforce_short_corridor(kWithBaseline, 1000, kCorridorStartTheta, seed);
        ASSERT_EQ(run.probabilities.size(), 1000u);
        ASSERT_EQ(run.returns.size(), 1000u);
        double p = 0.0, r = 0.0;
        for (int e = 500; e < 1000; ++e) p += run.probabilities[std::size_t(e)];
        for (int e = 900; e < 1000; ++e) r += run.returns[std::size_t(e)];
        p_late.push_back(p / 500);
        return_late.push_back(r / 100);
        // one run alone: 400 reference runs gave 0.483 to 0.674; a policy thrown to p near 0 or 1
        // (each episode then cut at 1000 steps) fails here, before 19 more slow runs
        ASSERT_TRUE(p_late.back() > 0.25 && p_late.back() < 0.9)
            << "seed " << seed << ": pi(right) averaged over episodes 501 to 1000 is " << p_late.back();
        ASSERT_EQ(run.w.size(), 1u);
        w_last.push_back(run.w[0]);
    }
    const MeanSe p = mean_and_se(p_late), r = mean_and_se(return_late), w = mean_and_se(w_last);
    EXPECT_GT(w.mean, -13.5) << "se " << w.se;
    EXPECT_LT(w.mean, -1.0 + (1.0 - kPStar) * (kPStar - 3.0) / (kPStar * (1.0 - kPStar))) << "se " << w.se;
    EXPECT_NEAR(p.mean, kPStar, 0.03) << "se " << p.se;
    EXPECT_GT(r.mean, -13.2) << "se " << r.se;
    EXPECT_LT(r.mean, -10.5) << "se " << r.se;
}

// Figure 13.2's point: the baseline learns much faster. pi(right) after 200 episodes, mean over 20
// runs: with baseline 0.584 (sd 0.077 over 400 runs), plain REINFORCE at alpha 2^-13 (Figure 13.1)
// 0.227 (sd 0.10). The difference's se over 20 runs each is 0.028; we require a gap > 0.2 (the
// expected 0.357 is 5.6 se above it). Plain REINFORCE learns too, only slower: after 1000 episodes
// its p is 0.485 on average (sd 0.05, se 0.011 over 20): above 0.40 (7 se) and below p*.
TEST(ReinforceShortCorridor, BaselineLearnsFasterThanPlainReinforce) {
    std::vector<double> with_200, plain_200, plain_1000;
    for (std::uint64_t seed = 101; seed <= 120; ++seed) {
        const TrainingRun with = reinforce_short_corridor(kWithBaseline, 200, kCorridorStartTheta, seed);
        with_200.push_back(with.probabilities.back());
        const TrainingRun plain = reinforce_short_corridor(kPlain13, 1000, kCorridorStartTheta, seed);
        plain_200.push_back(plain.probabilities[199]);
        plain_1000.push_back(plain.probabilities[999]);
        EXPECT_EQ(plain.w, std::vector<double>{0.0}) << "without a baseline w stays 0 (seed " << seed << ")";
    }
    const MeanSe with = mean_and_se(with_200), plain = mean_and_se(plain_200), late = mean_and_se(plain_1000);
    EXPECT_GT(with.mean - plain.mean, 0.2) << "with baseline " << with.mean << " (se " << with.se << "), plain "
                                           << plain.mean << " (se " << plain.se << ")";
    EXPECT_GT(late.mean, 0.40) << "se " << late.se;
    EXPECT_LT(late.mean, kPStar) << "se " << late.se;
}

// The whole run: one entry per episode; each return a negative integer (-1 per step) no lower than
// -kCorridorMaxSteps; probabilities[e] is pi(right) at the theta returned after the last episode;
// the same seed gives the same run, another seed another. From theta0 = [-10, 10] (p = 2e-9) the
// goal is out of reach: the first episode is cut at kCorridorMaxSteps.
TEST(ReinforceShortCorridor, RecordsTheWholeRun) {
    const TrainingRun run = reinforce_short_corridor(kWithBaseline, 50, kCorridorStartTheta, 5);
    ASSERT_EQ(run.returns.size(), 50u);
    ASSERT_EQ(run.probabilities.size(), 50u);
    ASSERT_EQ(run.theta.size(), 2u);
    EXPECT_EQ(run.solved_at, -1);
    for (double r : run.returns) {
        EXPECT_LE(r, -3.0) << "the goal is three steps away at least";
        EXPECT_GE(r, -double(kCorridorMaxSteps));
        EXPECT_EQ(r, std::round(r));
    }
    EXPECT_NEAR(run.probabilities.back(), sigmoid(run.theta[0] - run.theta[1]), 1e-15);
    const TrainingRun again = reinforce_short_corridor(kWithBaseline, 50, kCorridorStartTheta, 5);
    EXPECT_EQ(again.returns, run.returns);
    EXPECT_EQ(again.theta, run.theta);
    EXPECT_NE(reinforce_short_corridor(kWithBaseline, 50, kCorridorStartTheta, 6).returns, run.returns);
    const std::vector<double> stuck = {-10.0, 10.0};
    const TrainingRun cut = reinforce_short_corridor(kPlain13, 1, stuck, 5);
    EXPECT_EQ(cut.returns, std::vector<double>{-double(kCorridorMaxSteps)});
    // theta0 is where the run starts: one episode moves theta by at most alpha * |G| per step
    const TrainingRun one = reinforce_short_corridor(kPlain13, 1, std::vector<double>{0.4, 0.1}, 5);
    EXPECT_NEAR(one.theta[0], 0.4, 0.1);
    EXPECT_NEAR(one.theta[1], 0.1, 0.1);
}

// ---- (b) CartPole ----

// One Euler step from rest, pushing right (F = +10 N), by hand in fractions. M = 1.1, m l = 0.05,
// l = 0.5, theta = 0 (cos 1, sin 0):
//     temp   = 10 / 1.1 = 100/11
//     th_acc = (0 - 100/11) / (0.5 (4/3 - 0.1/1.1)) = -(100/11) / (41/66) = -600/41 = -14.634
//     x_acc  = 100/11 + 0.05 (600/41) / 1.1 = 100/11 + 300/451 = 400/41 = 9.756
// then x = 0, x_dot = 0.02 * 400/41 = 8/41, theta = 0, theta_dot = -0.02 * 600/41 = -12/41.
// Pushing left mirrors it. A dozen roundings of values below 20: 1e-14.
TEST(CartPoleDynamics, OneEulerStepFromRestByHand) {
    const CartPoleState right = cartpole_dynamics({0.0, 0.0, 0.0, 0.0}, 1);
    EXPECT_TRUE(AllClose(right, std::array<double, 4>{0.0, 8.0 / 41.0, 0.0, -12.0 / 41.0}, Tolerance{1e-14, 0.0}));
    const CartPoleState left = cartpole_dynamics({0.0, 0.0, 0.0, 0.0}, 0);
    EXPECT_TRUE(AllClose(left, std::array<double, 4>{0.0, -8.0 / 41.0, 0.0, 12.0 / 41.0}, Tolerance{1e-14, 0.0}));
}

// One step from s = (0.1, -0.2, 0.05, 0.3), pushing left (F = -10), by hand:
//     cos 0.05 = 0.99875026039, sin 0.05 = 0.04997916927
//     temp   = (-10 + 0.05 * 0.09 * 0.04997917) / 1.1 = -9.09070463067
//     th_acc = (9.8 * 0.04997917 + 0.99875026 * 9.09070463) / (0.5 (4/3 - 0.1 * 0.99750209 / 1.1))
//            = (0.48979586 + 9.07934347) / 0.62132567 = 15.4011656803
//     x_acc  = -9.09070463 - 0.05 * 15.40116568 * 0.99875026 / 1.1 = -9.78988273220
// Euler with the OLD velocities: x = 0.1 + 0.02 (-0.2) = 0.096, theta = 0.05 + 0.02 * 0.3 = 0.056,
// x_dot = -0.2 + 0.02 x_acc = -0.395797654644, theta_dot = 0.3 + 0.02 th_acc = 0.608023313606.
// (The same numbers from Gym's formulas evaluated in Python's floats.) 1e-11: the digits given.
TEST(CartPoleDynamics, OneEulerStepFromATiltedMovingState) {
    const CartPoleState s = cartpole_dynamics({0.1, -0.2, 0.05, 0.3}, 0);
    EXPECT_TRUE(AllClose(s, std::array<double, 4>{0.096, -0.395797654644, 0.056, 0.608023313606},
                         Tolerance{1e-11, 0.0}));
}

// Mirror symmetry: the cart-pole flipped left-right, pushed the other way, is the flipped motion:
// dynamics(-s, 1 - a) = -dynamics(s, a), exactly (cos is even, sin odd, every term flips sign).
// And the pole falls the way it leans: from theta = 0.1 at rest, theta_dot grows whichever push.
TEST(CartPoleDynamics, MirrorSymmetricAndFallsTheWayItLeans) {
    for (std::uint64_t seed : {1u, 2u, 3u, 4u}) {
        const std::vector<double> r = course::random_doubles(4, seed);
        const CartPoleState s = {2 * r[0], r[1], 0.2 * r[2], r[3]}, minus = {-s[0], -s[1], -s[2], -s[3]};
        for (int a : {0, 1}) {
            const CartPoleState next = cartpole_dynamics(s, a), mirrored = cartpole_dynamics(minus, 1 - a);
            for (std::size_t i = 0; i < 4; ++i) EXPECT_EQ(mirrored[i], -next[i]) << "seed " << seed << ", i " << i;
        }
    }
    // g sin(0.1) = 0.98 against cos(0.1) * 10/1.1 = 9.05 for the push: pushing right (under the
    // pole leaning right) holds it back; with no help from the push (left), it falls faster.
    const CartPoleState left = cartpole_dynamics({0.0, 0.0, 0.1, 0.0}, 0);
    const CartPoleState right = cartpole_dynamics({0.0, 0.0, 0.1, 0.0}, 1);
    EXPECT_GT(left[3], 0.0);
    EXPECT_GT(left[3], right[3]);
}

// The environment around it: reward 1 per step; failure when x leaves [-2.4, 2.4] (x = 2.39 moving
// at 1 m/s is at 2.41 after one step) or theta leaves 12 degrees = 0.2094 rad; an episode that a
// controller balances (a = 1 iff 0.5 x + x_dot + 10 theta + 2 theta_dot > 0, which holds the pole
// from reset for 200 steps) is cut at 200 steps, done but not failed.
TEST(CartPoleDynamics, EpisodesFailAtTheLimitsAndStopAt200Steps) {
    CartPole env(3);
    env.set_state({2.39, 1.0, 0.0, 0.0});
    CartPoleStep step = env.step(1);
    EXPECT_NEAR(step.state[0], 2.41, 1e-15);
    EXPECT_TRUE(step.done);
    EXPECT_TRUE(step.failed);
    EXPECT_EQ(step.reward, 1.0);
    env.set_state({0.0, 0.0, 0.2094, 0.1});  // theta + 0.02 * 0.1 = 0.2114 > 0.20944
    EXPECT_TRUE(env.step(1).failed);
    env.set_state({0.0, 0.0, 0.2, 0.1});  // 0.202: inside
    EXPECT_FALSE(env.step(1).done);
    CartPoleState s = env.reset();
    for (double v : s) {
        EXPECT_GE(v, -0.05);
        EXPECT_LT(v, 0.05);
    }
    int steps = 0;
    for (bool done = false; !done; ++steps) {
        const int a = 0.5 * s[0] + s[1] + 10 * s[2] + 2 * s[3] > 0 ? 1 : 0;
        step = env.step(a);
        s = step.state;
        done = step.done;
        ASSERT_FALSE(step.failed) << "the controller should hold the pole; step " << steps;
    }
    EXPECT_EQ(steps, kCartPoleMaxSteps);
    EXPECT_THROW(env.step(0), std::logic_error);
}

// Solved: REINFORCE with baseline and kCartPoleSettings reaches a mean return >= 195 over 100
// consecutive episodes. Over seeds 1 to 200 the reference needs 126 to 877 episodes (median 226,
// 90th percentile 320, 99th 501); built with -march=native the runs part ways in the last bits and
// give 126 to 905 (median 226, 99th 558): seeds 1, 2, 3 take 211, 256, 249 or 211, 256, 386. About
// 37 000 steps and 12 ms a seed at -O2. The budget, 1 000 episodes, is above all 400 runs: a
// learner's own rounding, which leads to other runs from the same seeds, fails one of three
// seeds with a chance well under 1%. The run is whole: returns holds one entry per episode up to
// solved_at, each an integer from 1 to 200, the last 100 average >= 195 and no earlier window did.
TEST(ReinforceCartPole, SolvesWithinAThousandEpisodes) {
    for (std::uint64_t seed : {1u, 2u, 3u}) {
        const TrainingRun run = reinforce_cartpole(kCartPoleSettings, 1000, seed);
        ASSERT_GT(run.solved_at, 0) << "not solved in 1000 episodes (seed " << seed << ")";
        ASSERT_EQ(run.returns.size(), std::size_t(run.solved_at)) << "seed " << seed;
        ASSERT_GE(run.solved_at, kCartPoleSolvedWindow);
        double window = 0.0;
        for (std::size_t e = 0; e < run.returns.size(); ++e) {
            const double r = run.returns[e];
            EXPECT_TRUE(r >= 1 && r <= 200 && r == std::round(r)) << "return " << r << " at episode " << e + 1;
            window += r;
            if (e >= std::size_t(kCartPoleSolvedWindow)) window -= run.returns[e - std::size_t(kCartPoleSolvedWindow)];
            if (e + 1 >= std::size_t(kCartPoleSolvedWindow) && e + 1 < run.returns.size()) {
                EXPECT_LT(window, 195.0 * kCartPoleSolvedWindow) << "solved already at episode " << e + 1;
            }
        }
        EXPECT_GE(window, 195.0 * kCartPoleSolvedWindow) << "seed " << seed;
        ASSERT_EQ(run.theta.size(), std::size_t(kCartPoleFeatures));
        ASSERT_EQ(run.w.size(), std::size_t(kCartPoleValueFeatures));
        // the learned controller pushes right when the pole leans right
        EXPECT_GT(run.theta[2], 0.0) << "seed " << seed;
        EXPECT_GT(run.theta[3], 0.0) << "seed " << seed;
    }
}

// max_episodes is a cap: with 30 episodes nothing can be solved (the window needs 100); the run
// stops there with solved_at = -1. The seed makes the run.
TEST(ReinforceCartPole, StopsAtMaxEpisodes) {
    const TrainingRun run = reinforce_cartpole(kCartPoleSettings, 30, 9);
    EXPECT_EQ(run.returns.size(), 30u);
    EXPECT_EQ(run.solved_at, -1);
    EXPECT_EQ(reinforce_cartpole(kCartPoleSettings, 30, 9).returns, run.returns);
    EXPECT_NE(reinforce_cartpole(kCartPoleSettings, 30, 10).returns, run.returns);
}

// ---- Bad input ----

TEST(PolicyGradientArguments, BadInputIsRefused) {
    const std::vector<double> theta = {0.1, 0.2};
    ASSERT_EQ(linear_softmax_policy(theta, kCorridorFeatures, 2).size(), 2u) << kValidCallFirst;
    const std::vector<double> nan_features = {1.0, kNaN, 0.0, 1.0};
    EXPECT_TRUE(ThrowsInvalidArgument([&] { linear_softmax_policy(theta, nan_features, 2); },
                                      {"linear_softmax_policy", "features"}));
    EXPECT_TRUE(ThrowsInvalidArgument(
        [&] { linear_softmax_policy(std::vector<double>{kInf, 0.0}, kCorridorFeatures, 2); },
                                      {"linear_softmax_policy", "theta"}));
    EXPECT_TRUE(ThrowsInvalidArgument([&] { linear_softmax_policy(theta, kCorridorFeatures, 3); },
                                      {"linear_softmax_policy", "A * d"}));
    EXPECT_TRUE(ThrowsInvalidArgument([&] { linear_softmax_policy(theta, kCorridorFeatures, 0); },
                                      {"linear_softmax_policy", "A"}));
    for (int a : {-1, 2})
        EXPECT_TRUE(ThrowsInvalidArgument([&] { grad_log_linear_softmax(theta, kCorridorFeatures, 2, a); },
                                          {"grad_log_linear_softmax", "action"}));
    for (double gamma : {-0.1, 1.1, kNaN, kInf, -kInf})
        EXPECT_TRUE(ThrowsInvalidArgument([&] { discounted_returns(std::vector<double>{1.0}, gamma); },
                                          {"discounted_returns", "gamma"}));
    EXPECT_TRUE(ThrowsInvalidArgument([&] { discounted_returns(std::vector<double>{1.0, kNaN}, 0.5); },
                                      {"discounted_returns", "rewards[1]"}));
    const Episode episode = corridor_episode({0, 1}, {-1.0, -1.0});
    std::vector<double> th = {0.0, 0.0}, w = {0.0};
    for (double alpha : {0.0, -1.0, kNaN, kInf, -kInf}) {
        EXPECT_TRUE(ThrowsInvalidArgument([&] { reinforce_update(th, w, episode, {alpha, 0.1, 1.0, true}); },
                                          {"reinforce_update", "alpha_theta"}));
        EXPECT_TRUE(ThrowsInvalidArgument([&] { reinforce_update(th, w, episode, {0.1, alpha, 1.0, true}); },
                                          {"reinforce_update", "alpha_w"}));
        EXPECT_TRUE(ThrowsInvalidArgument(
            [&] { reinforce_short_corridor({alpha, 0.1, 1.0, true}, 1, kCorridorStartTheta, 1); },
            {"reinforce_short_corridor", "alpha_theta"}));
        EXPECT_TRUE(ThrowsInvalidArgument([&] { reinforce_cartpole({0.1, alpha, 0.99, true}, 1, 1); },
                                          {"reinforce_cartpole", "alpha_w"}));
    }
    for (double gamma : {-0.5, 2.0, kNaN}) {
        EXPECT_TRUE(ThrowsInvalidArgument([&] { reinforce_update(th, w, episode, {0.1, 0.1, gamma, true}); },
                                          {"reinforce_update", "gamma"}));
        EXPECT_TRUE(ThrowsInvalidArgument([&] { reinforce_cartpole({0.1, 0.1, gamma, true}, 1, 1); },
                                          {"reinforce_cartpole", "gamma"}));
    }
    Episode bad_action = episode;
    bad_action.actions[1] = 2;
    EXPECT_TRUE(ThrowsInvalidArgument([&] { reinforce_update(th, w, bad_action, kWithBaseline); },
                                      {"reinforce_update", "actions[1]"}));
    Episode short_features = episode;
    short_features.features.pop_back();
    EXPECT_TRUE(ThrowsInvalidArgument([&] { reinforce_update(th, w, short_features, kWithBaseline); },
                                      {"reinforce_update", "features"}));
    EXPECT_TRUE(ThrowsInvalidArgument([&] { reinforce_update(th, std::span<double>{}, episode, kWithBaseline); },
                                      {"reinforce_update", "w"}));
    for (int episodes : {0, -3}) {
        EXPECT_TRUE(ThrowsInvalidArgument(
            [&] { reinforce_short_corridor(kWithBaseline, episodes, kCorridorStartTheta, 1); },
            {"reinforce_short_corridor", "episodes"}));
        EXPECT_TRUE(ThrowsInvalidArgument([&] { reinforce_cartpole(kCartPoleSettings, episodes, 1); },
                                          {"reinforce_cartpole", "episodes"}));
    }
    EXPECT_TRUE(ThrowsInvalidArgument(
        [&] { reinforce_short_corridor(kWithBaseline, 1, std::vector<double>{0.0, kNaN}, 1); },
        {"reinforce_short_corridor", "theta0"}));
    for (double p : {-0.1, 1.5, kNaN})
        EXPECT_TRUE(ThrowsInvalidArgument([&] { short_corridor_start_value(p); }, {"short_corridor_start_value", "p"}));
    for (std::size_t i = 0; i < 4; ++i)
        for (double bad : {kNaN, kInf}) {
            CartPoleState s = {0.0, 0.0, 0.0, 0.0};
            s[i] = bad;
            EXPECT_TRUE(ThrowsInvalidArgument([&] { cartpole_dynamics(s, 1); }, {"cartpole_dynamics", "state"}));
            CartPole env(1);
            EXPECT_TRUE(ThrowsInvalidArgument([&] { env.set_state(s); }, {"CartPole::set_state", "state"}));
        }
    for (int a : {-1, 2})
        EXPECT_TRUE(ThrowsInvalidArgument([&] { cartpole_dynamics({0.0, 0.0, 0.0, 0.0}, a); },
                                          {"cartpole_dynamics", "action"}));
}

// Every setting reaches CartPole's training: from the same seed, 30 episodes with another
// alpha_theta, alpha_w or gamma, or without the baseline, end with other parameters (the first
// episode, from theta = 0, is the same in all: its actions are fair coins). Without a baseline w
// stays 0.
TEST(ReinforceCartPole, UsesTheGivenSettings) {
    const TrainingRun base = reinforce_cartpole(kCartPoleSettings, 30, 4);
    const ReinforceSettings variants[] = {{0.02, 0.0005, 0.99, true},
                                          {0.01, 0.001, 0.99, true},
                                          {0.01, 0.0005, 0.9, true},
                                          {0.01, 0.0005, 0.99, false}};
    for (const ReinforceSettings& v : variants) {
        const TrainingRun run = reinforce_cartpole(v, 30, 4);
        EXPECT_EQ(run.returns.front(), base.returns.front());
        EXPECT_NE(run.theta, base.theta) << "alpha_theta " << v.alpha_theta << ", alpha_w " << v.alpha_w << ", gamma "
                                         << v.gamma << ", baseline " << v.baseline;
    }
    EXPECT_EQ(reinforce_cartpole(variants[3], 30, 4).w, std::vector<double>(kCartPoleValueFeatures, 0.0));
    EXPECT_NE(base.w, std::vector<double>(kCartPoleValueFeatures, 0.0));
}

// The contract's draws, replayed for the first episode of each trainer, and the update written out
// with the closed-form gradients (corridor: grad ln pi(right) = [1 - p, p - 1], grad ln pi(left) =
// [-p, p] with p = sigmoid(theta_r - theta_l); CartPole: (1 - p) s and -p s with p = sigmoid(theta . s)).
// Corridor: course::Rng rng(seed) and sample_action on pi at theta0 (fixed during the episode);
// CartPole: CartPole env(seed), course::Rng rng(seed + 1), theta = 0 and w = 0. A few hundred
// roundings of values below 200: 1e-9.
TEST(ReinforceTrainers, FirstEpisodeReplaysTheContractsDraws) {
    const std::vector<double> theta0 = {0.3, -0.2};
    const TrainingRun run = reinforce_short_corridor(kWithBaseline, 1, theta0, 11);
    {
        course::Rng rng(11);
        ShortCorridor corridor;
        corridor.reset();
        const double p0 = sigmoid(theta0[0] - theta0[1]);
        const std::vector<double> pi = {p0, 1.0 - p0};
        std::vector<int> actions;
        for (bool done = false; !done && int(actions.size()) < kCorridorMaxSteps;) {
            actions.push_back(sample_action(pi, rng));
            done = corridor.step(actions.back()).done;
        }
        const int T = int(actions.size());
        ASSERT_EQ(run.returns, std::vector<double>{-double(T)});
        std::vector<double> theta = theta0;
        double w = 0.0;
        for (int t = 0; t < T; ++t) {
            const double G = -double(T - t), delta = G - w;
            w += kWithBaseline.alpha_w * delta;
            const double p = sigmoid(theta[0] - theta[1]);
            const double g0 = actions[std::size_t(t)] == ShortCorridor::kRight ? 1.0 - p : -p;
            theta[0] += kWithBaseline.alpha_theta * delta * g0;
            theta[1] -= kWithBaseline.alpha_theta * delta * g0;
        }
        EXPECT_TRUE(AllClose(run.theta, theta, Tolerance{1e-12, 0.0}));
        EXPECT_TRUE(AllClose(run.w, std::vector<double>{w}, Tolerance{1e-12, 0.0}));
        EXPECT_NEAR(run.probabilities[0], sigmoid(theta[0] - theta[1]), 1e-12);
    }
    const TrainingRun cart = reinforce_cartpole(kCartPoleSettings, 1, 5);
    CartPole env(5);
    course::Rng rng(6);
    std::vector<CartPoleState> states;
    std::vector<int> actions;
    CartPoleState s = env.reset();
    for (bool done = false; !done;) {
        states.push_back(s);
        actions.push_back(sample_action(std::vector<double>{0.5, 0.5}, rng));
        const CartPoleStep step = env.step(actions.back());
        s = step.state;
        done = step.done;
    }
    const int T = int(actions.size());
    ASSERT_EQ(cart.returns, std::vector<double>{double(T)});
    std::vector<double> theta(4, 0.0), w(9, 0.0);
    const double gamma = kCartPoleSettings.gamma;
    double gamma_t = 1.0;
    for (int t = 0; t < T; ++t) {
        double G = 0.0;  // G_t = sum_{k < T - t} gamma^k
        for (int k = T - t - 1; k >= 0; --k) G = 1.0 + gamma * G;
        const CartPoleState& x = states[std::size_t(t)];
        const std::array<double, 9> z = {1.0,         x[0],        x[1],        x[2],       x[3],
                                         x[0] * x[0], x[1] * x[1], x[2] * x[2], x[3] * x[3]};
        double v = 0.0;
        for (std::size_t i = 0; i < 9; ++i) v += w[i] * z[i];
        const double delta = G - v;
        for (std::size_t i = 0; i < 9; ++i) w[i] += kCartPoleSettings.alpha_w * delta * z[i];
        const double p = sigmoid(theta[0] * x[0] + theta[1] * x[1] + theta[2] * x[2] + theta[3] * x[3]);
        const double coefficient = actions[std::size_t(t)] == 1 ? 1.0 - p : -p;
        for (std::size_t i = 0; i < 4; ++i)
            theta[i] += kCartPoleSettings.alpha_theta * gamma_t * delta * coefficient * x[i];
        gamma_t *= gamma;
    }
    EXPECT_TRUE(AllClose(cart.theta, theta, Tolerance{1e-9, 1e-9}));
    EXPECT_TRUE(AllClose(cart.w, w, Tolerance{1e-9, 1e-9}));
}

// The solved rule exactly: the run stops after the FIRST episode whose last 100 returns sum to
// 195 * 100 = 19 500 or more, and not before episode 100. Checked on runs that reach the edges
// (found among the reference's runs over 60 seeds, the same with and without -march=native):
// kCartPoleSettings with seed 10 has a window of exactly 19 500 (which counts: >=, not >); plain
// REINFORCE at alpha_theta = 0.01, seed 39, and at 0.1, seed 7, windows of exactly 19 499 before
// they solve (which do not); at alpha_theta = 1, seed 40, it solves at episode 100, the first
// window. The property is checked whatever the run, so another correct implementation whose
// rounding leads elsewhere passes too.
TEST(ReinforceCartPole, StopsAtTheFirstWindowOfHundredThatReaches195) {
    const struct {
        ReinforceSettings settings;
        std::uint64_t seed;
    } cases[] = {{kCartPoleSettings, 10},
                 {{0.01, 0.0005, 0.99, false}, 39},
                 {{0.1, 0.0005, 0.99, false}, 7},
                 {{1.0, 0.0005, 0.99, false}, 40}};
    for (const auto& c : cases) {
        const int max_episodes = 1000;
        const TrainingRun run = reinforce_cartpole(c.settings, max_episodes, c.seed);
        // solved: one entry per episode up to solved_at >= 100; not solved: max_episodes entries
        const std::size_t n = run.solved_at > 0 ? std::size_t(run.solved_at) : std::size_t(max_episodes);
        ASSERT_EQ(run.returns.size(), n) << "seed " << c.seed << ", solved_at " << run.solved_at;
        if (run.solved_at > 0) {
            ASSERT_GE(run.solved_at, kCartPoleSolvedWindow) << "seed " << c.seed;
        }
        double window = 0.0;
        for (std::size_t e = 0; e < run.returns.size(); ++e) {
            window += run.returns[e];
            if (e >= std::size_t(kCartPoleSolvedWindow)) window -= run.returns[e - std::size_t(kCartPoleSolvedWindow)];
            const bool last = run.solved_at > 0 && e + 1 == run.returns.size();
            if (e + 1 >= std::size_t(kCartPoleSolvedWindow) && !last) {
                EXPECT_LT(window, 19500.0) << "seed " << c.seed << ": solved already at episode " << e + 1;
            }
        }
        if (run.solved_at > 0) {
            EXPECT_GE(window, 19500.0) << "seed " << c.seed << ": stopped at episode " << run.solved_at;
        }
    }
}

// The messages name the function that was called and the range expected (the checks shared with
// linear_softmax_policy are made under grad_log_linear_softmax's name), and a NaN reward is found
// wherever it is, the first one included.
TEST(PolicyGradientArguments, MessagesNameTheCallAndTheRange) {
    const std::vector<double> theta = {0.1, 0.2};
    ASSERT_EQ(grad_log_linear_softmax(theta, kCorridorFeatures, 2, 0).size(), 2u) << kValidCallFirst;
    const std::vector<double> nan_features = {1.0, kNaN, 0.0, 1.0};
    EXPECT_TRUE(ThrowsInvalidArgument([&] { grad_log_linear_softmax(theta, nan_features, 2, 0); },
                                      {"grad_log_linear_softmax", "features[1]"}));
    EXPECT_TRUE(ThrowsInvalidArgument([&] { grad_log_linear_softmax(theta, kCorridorFeatures, 2, 5); },
                                      {"grad_log_linear_softmax", "action = 5", "0 .. A - 1 = 1"}));
    EXPECT_TRUE(ThrowsInvalidArgument([&] { discounted_returns(std::vector<double>{kNaN, 1.0}, 0.5); },
                                      {"discounted_returns", "rewards[0]"}));
}

}  // namespace
}  // namespace course::reinforcement_learning
