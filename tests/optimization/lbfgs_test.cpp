// Tests for the L-BFGS exercise (modules/optimization/learner/lbfgs.cpp): lbfgs_direction,
// lbfgs_remember_pair and lbfgs.
//
// Oracles, all computed here and independent of the bfgs exercise (no bfgs_update, no bfgs):
//   - a 2x2 direction worked by hand;
//   - the dense BFGS matrix built in this file by the product form
//         H <- (I - rho s y^T) H (I - rho y s^T) + rho s s^T,   oldest pair first, from H0 = gamma I,
//     for lbfgs_direction = -H g on random pairs;
//   - a dense simulation of the whole method (dense_run below): the same loop with d = -H g from that
//     dense H and the weak Wolfe bisection of bfgs.hpp written out again in this file. With H0 = I and
//     no pair discarded it is BFGS; keeping only the m newest pairs and gamma of the newest, it is
//     L-BFGS. lbfgs's iterates are compared with it step by step;
//   - Rosenbrock's minimizer (1, ..., 1) and a logistic regression with 10^4 features, where the
//     heap memory in use is read from malloc (mallinfo2) at every evaluation.
// Bad-input tests first call the function on valid input, so that a stub shows "not started".
#include "optimization/lbfgs.hpp"

#include <gtest/gtest.h>
#include <malloc.h>

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <limits>
#include <memory>
#include <string>
#include <vector>

#include "course/random.hpp"
#include "course/testing.hpp"
#include "problems.hpp"

namespace course::optimization {
namespace {

using course::testing::AllClose;
using course::testing::ThrowsInvalidArgument;
using course::testing::unit_roundoff;
using testing::CountsMatch;
using testing::HistoryConsistent;
using testing::counted;

constexpr double u = unit_roundoff<double>();
constexpr double eps = std::numeric_limits<double>::epsilon();

// half_square: f(x) = 1/2 ||x||^2, grad f = x (problems.hpp).
Objective half_square() { return testing::half_square_objective(); }

// dense_bfgs_matrix: H0 = gamma I updated with the pairs, oldest first, by the product form
// (Nocedal & Wright, eq. 6.17), each factor formed as an n x n matrix: O(n^3) per pair, the
// textbook formula with nothing of the two-loop recursion in it.
Matrix dense_bfgs_matrix(const std::vector<LbfgsPair>& pairs, double gamma, Eigen::Index n) {
    const Matrix I = Matrix::Identity(n, n);
    Matrix H = gamma * I;
    for (const LbfgsPair& p : pairs) {
        const double rho = 1.0 / p.y.dot(p.s);
        const Matrix V = I - rho * p.y * p.s.transpose();
        H = Matrix(V.transpose() * H * V) + rho * p.s * p.s.transpose();
    }
    return H;
}

LbfgsMemory as_memory(const std::vector<LbfgsPair>& pairs) { return LbfgsMemory(pairs.begin(), pairs.end()); }

// random_pairs: `count` pairs with y = A s for one SPD A (kappa 100), so y^T s > 0; s random.
std::vector<LbfgsPair> random_pairs(int n, int count, std::uint64_t seed) {
    const Matrix A = random_spd(n, 100.0, seed);
    std::vector<LbfgsPair> pairs;
    for (int i = 0; i < count; ++i) {
        Vector s = random_vector(n, seed + 1 + std::uint64_t(i));
        Vector y = A * s;
        pairs.push_back({s, y});
    }
    return pairs;
}

// ---- the dense simulation of the method ----

// WolfeStep: what the weak Wolfe bisection of bfgs.hpp returns.
struct WolfeStep {
    double t = 0.0;
    double value = 0.0;
    Vector gradient;
    bool accepted = false;
};

// wolfe_bisection: the line search of bfgs.hpp's contract, written out again: lo = 0, hi = inf,
// t = initial_step; Armijo fails: hi = t; else curvature fails: lo = t; else accept. Next t: the
// midpoint when hi is finite, 2 lo otherwise.
WolfeStep wolfe_bisection(const Objective& f, const Vector& x, double fx, const Vector& gx, const Vector& d,
                          const WolfeConfig& c) {
    const double slope = gx.dot(d);
    double lo = 0.0, hi = std::numeric_limits<double>::infinity(), t = c.initial_step;
    WolfeStep step;
    for (int trial = 0; trial < c.max_trials; ++trial) {
        const Vector x_trial = x + t * d;
        step.t = t;
        step.value = f.value(x_trial);
        if (!(step.value <= fx + c.c1 * t * slope)) {
            hi = t;
        } else {
            step.gradient = f.gradient(x_trial);
            if (step.gradient.dot(d) < c.c2 * slope) {
                lo = t;
            } else {
                step.accepted = true;
                return step;
            }
        }
        t = std::isinf(hi) ? 2.0 * lo : 0.5 * (lo + hi);
    }
    return step;
}

// dense_run: x_0, ..., x_K of the method with d_k = -H_k g_k from dense_bfgs_matrix. memory = 0 keeps
// every pair (BFGS); otherwise the `memory` newest are used. gamma_k = s^T y / y^T y of the newest
// pair if `scale`, else 1. A pair with y^T s <= eps ||s|| ||y|| is not stored (the contract's rule).
// Stops early if g = 0 or the line search fails.
std::vector<Vector> dense_run(const Objective& f, const Vector& x0, int K, int memory, bool scale) {
    std::vector<Vector> iterates{x0};
    std::vector<LbfgsPair> pairs;
    Vector x = x0;
    double fx = f.value(x);
    Vector g = f.gradient(x);
    for (int k = 0; k < K && !(g.array() == 0.0).all(); ++k) {
        const size_t first = memory == 0 ? 0 : pairs.size() - std::min(pairs.size(), size_t(memory));
        const std::vector<LbfgsPair> used(pairs.begin() + std::ptrdiff_t(first), pairs.end());
        const double gamma = scale && !used.empty() ? used.back().s.dot(used.back().y) / used.back().y.squaredNorm() : 1.0;
        const Vector d = -dense_bfgs_matrix(used, gamma, x.size()) * g;
        const WolfeStep step = wolfe_bisection(f, x, fx, g, d, WolfeConfig{});
        if (!step.accepted) break;
        const Vector s = step.t * d;
        const Vector y = step.gradient - g;
        if (y.dot(s) > eps * s.norm() * y.norm()) pairs.push_back({s, y});
        x += s;
        fx = step.value;
        g = step.gradient;
        iterates.push_back(x);
    }
    return iterates;
}

// rosenbrock_start: the chained Rosenbrock start (-1.2, 1, -1.2, 1, ...), n entries.
Vector rosenbrock_start(int n) {
    Vector x(n);
    for (int i = 0; i < n; ++i) x(i) = i % 2 == 0 ? -1.2 : 1.0;
    return x;
}

// kIterateTolerance: lbfgs's iterate x_k against dense_run's, entry by entry within 1e-9 (1 + |x|). The two
// compute the same d_k in different orders (the two-loop recursion against n x n products), so d_k
// agrees to a few hundred u relative (measured: below 1e-14 on the problems here); the line search
// then takes the same dyadic step t_k (a different t would need a Wolfe condition to hold with
// equality to within rounding), and the difference carries over from step to step, amplified by the
// curvature along the path. Over the 12 to 24 steps compared the reference stays below 1e-12
// relative (measured); 1e-9 leaves room for a different but valid summation order, and is still far
// below what a wrong direction changes (O(1): gamma from the wrong pair, a pair kept too long).
constexpr double kIterateTolerance = 1e-9;

// MatchesDenseRun: lbfgs run with max_iterations = k lands on dense_run's x_k, for k = 1 .. K.
::testing::AssertionResult MatchesDenseRun(const Objective& f, const Vector& x0, const LbfgsConfig& config,
                                           const std::vector<Vector>& expected) {
    for (size_t k = 1; k < expected.size(); ++k) {
        const OptimizeResult r = lbfgs(f, x0, {0.0, int(k)}, config);
        if (r.iterations != int(k))
            return ::testing::AssertionFailure() << "max_iterations = " << k << ": the run stopped after " << r.iterations
                                                 << " iterations";
        const ::testing::AssertionResult close = AllClose(r.x, expected[k], {kIterateTolerance, kIterateTolerance});
        if (!close) return ::testing::AssertionFailure() << "x_" << k << " differs: " << close.message();
    }
    return ::testing::AssertionSuccess();
}

// ---- lbfgs_direction ----

TEST(LbfgsDirection, WithoutPairsIsMinusGammaTimesG) {
    // No pair stored: H = H0 = gamma I, d = -gamma g. gamma = 0.25 and g = (1, -2, 4): exact.
    EXPECT_TRUE(AllClose(lbfgs_direction(Vector{{1, -2, 4}}, {}, 0.25), Vector{{-0.25, 0.5, -1}}, {0.0, 0.0}));
    EXPECT_TRUE(AllClose(lbfgs_direction(Vector{{3}}, {}, 1.0), Vector{{-3}}, {0.0, 0.0}));
}

TEST(LbfgsDirection, MatchesAHandWorkedPair) {
    // H0 = I, s = (1, 0), y = (2, 1): rho = 1/2, and the BFGS matrix is [[3/4, -1/2], [-1/2, 1]]
    // (the hand-worked update of BfgsUpdate.MatchesHandWorkedUpdates). For g = (1, 1), H g = (1/4, 1/2).
    // The two loops: q = (1, 1); alpha = 1/2 (1) = 1/2; q = (1, 1) - 1/2 (2, 1) = (0, 1/2); r = q;
    // beta = 1/2 (2 * 0 + 1 * 1/2) = 1/4; r = (0, 1/2) + (1/2 - 1/4)(1, 0) = (1/4, 1/2). Every number
    // is dyadic: exact.
    const LbfgsMemory pairs{{Vector{{1, 0}}, Vector{{2, 1}}}};
    EXPECT_TRUE(AllClose(lbfgs_direction(Vector{{1, 1}}, pairs, 1.0), Vector{{-0.25, -0.5}}, {0.0, 0.0}));
    // gamma = 2: H = [[1, -1], [-1, 2]] (from H0 = 2 I: V^T (2 I) V + rho s s^T with V = I - 1/2 y s^T),
    // H g = (0, 1).
    EXPECT_TRUE(AllClose(lbfgs_direction(Vector{{1, 1}}, pairs, 2.0), Vector{{0, -1}}, {0.0, 0.0}));
}

TEST(LbfgsDirection, EqualsMinusTheDenseBfgsMatrixTimesG) {
    // Random pairs y = A s (A SPD, kappa 100), 1 to 10 of them, n from 1 to 30, gamma 0.3: the two-loop
    // direction against -H g with H built densely, oldest pair first. Tolerance: both are about
    // 4 m n roundings on terms of size up to ||H|| ||g||; ||H|| <= kappa-ish growth per pair here, so
    // 1e3 m n u ||H|| ||g|| (measured: below 1e-13 relative).
    for (int n : {1, 2, 7, 30}) {
        for (int count : {1, 2, 3, 10}) {
            const std::uint64_t seed = 900 + std::uint64_t(10 * n + count);
            const std::vector<LbfgsPair> pairs = random_pairs(n, count, seed);
            const Vector g = random_vector(n, seed + 100);
            const Matrix H = dense_bfgs_matrix(pairs, 0.3, n);
            const Vector want = -H * g;
            const double tol = 1e3 * count * n * u * H.norm() * g.norm();
            EXPECT_TRUE(AllClose(lbfgs_direction(g, as_memory(pairs), 0.3), want, {tol, 0.0}))
                << "n = " << n << ", " << count << " pairs, seed " << seed
                << ": the first loop runs from the newest pair (back) to the oldest, the second back up";
        }
    }
}

TEST(LbfgsDirection, SatisfiesTheSecantEquationOfTheNewestPair) {
    // H y_newest = s_newest for the BFGS matrix of any pair sequence: so lbfgs_direction(y_newest) =
    // -s_newest. Not so for the older pairs in general (the steps are not conjugate): a recursion that
    // takes the pairs in the wrong order satisfies the OLDEST pair's equation instead.
    const int n = 12;
    const std::vector<LbfgsPair> pairs = random_pairs(n, 5, 4242);
    const LbfgsMemory memory = as_memory(pairs);
    const Vector& s = pairs.back().s;
    const double tol = 1e3 * 5 * n * u * s.norm();
    EXPECT_TRUE(AllClose(lbfgs_direction(pairs.back().y, memory, 0.7), Vector(-s), {tol, 0.0}))
        << "H y = s for the newest pair (pairs.back()), n = 12, 5 pairs, seed 4242";
}

TEST(LbfgsDirection, RefusesBadArguments) {
    const LbfgsMemory pairs{{Vector{{1, 0}}, Vector{{2, 1}}}};
    EXPECT_EQ(lbfgs_direction(Vector{{1, 1}}, pairs, 1.0).size(), 2) << course::testing::kValidCallFirst;
    const double nan = std::nan(""), inf = std::numeric_limits<double>::infinity();
    for (double gamma : {0.0, -1.0, nan, inf, -inf})
        EXPECT_TRUE(ThrowsInvalidArgument([&] { lbfgs_direction(Vector{{1, 1}}, pairs, gamma); },
                                          {"lbfgs_direction", "gamma"}))
            << "gamma = " << gamma;
    EXPECT_TRUE(ThrowsInvalidArgument([&] { lbfgs_direction(Vector{{1, 1, 1}}, pairs, 1.0); },
                                      {"lbfgs_direction", "pair 0", "g has 3"}));
    EXPECT_TRUE(ThrowsInvalidArgument([] { lbfgs_direction(Vector(0), {}, 1.0); }, {"lbfgs_direction", "empty"}));
    for (double bad : {nan, inf, -inf})
        EXPECT_TRUE(ThrowsInvalidArgument([&] { lbfgs_direction(Vector{{1, bad}}, pairs, 1.0); },
                                          {"lbfgs_direction", "g holds inf or NaN"}))
            << "g = (1, " << bad << ")";
}

// ---- lbfgs_remember_pair ----

TEST(LbfgsRememberPair, KeepsTheNewestPairsOldestFirst) {
    // memory 3, pairs p_i = (s = (i + 1) e_1, y = e_1) for i = 0 .. 5 (y^T s = i + 1 > 0): after pair i
    // the memory holds p_max(0, i - 2) .. p_i, oldest first.
    LbfgsMemory pairs;
    for (int i = 0; i < 6; ++i) {
        EXPECT_TRUE(lbfgs_remember_pair(pairs, Vector{{double(i + 1), 0}}, Vector{{1, 0}}, 3)) << "pair " << i;
        const int oldest = std::max(0, i - 2);
        ASSERT_EQ(int(pairs.size()), i - oldest + 1) << "after pair " << i << " with memory 3";
        for (int j = oldest; j <= i; ++j)
            EXPECT_EQ(pairs[size_t(j - oldest)].s(0), double(j + 1))
                << "after pair " << i << ", slot " << j - oldest << " must hold pair " << j
                << " (the oldest at the front, the newest at the back)";
    }
    // memory 1: only the newest pair.
    LbfgsMemory one;
    lbfgs_remember_pair(one, Vector{{1, 0}}, Vector{{1, 0}}, 1);
    lbfgs_remember_pair(one, Vector{{2, 0}}, Vector{{1, 0}}, 1);
    ASSERT_EQ(one.size(), 1u);
    EXPECT_EQ(one.back().s(0), 2.0);
    EXPECT_EQ(one.back().y(0), 1.0);
}

TEST(LbfgsRememberPair, SkipsAPairWithoutPositiveCurvature) {
    // s = (1, 0) and y = (c, 1): y^T s = c, ||s|| ||y|| = sqrt(1 + c^2), which rounds to 1 for the c
    // below. c = -1 and 0 fail y^T s > 0; c = eps / 2 fails the margin eps ||s|| ||y||, and so does
    // c = eps, where y^T s equals it (the test is strict); c = 2 eps passes it. A skipped pair changes
    // nothing: the full memory (2 pairs, memory 2) keeps its oldest.
    LbfgsMemory pairs;
    ASSERT_TRUE(lbfgs_remember_pair(pairs, Vector{{1, 0}}, Vector{{1, 0}}, 2));
    ASSERT_TRUE(lbfgs_remember_pair(pairs, Vector{{2, 0}}, Vector{{1, 0}}, 2));
    for (double c : {-1.0, 0.0, eps / 2, eps}) {
        EXPECT_FALSE(lbfgs_remember_pair(pairs, Vector{{1, 0}}, Vector{{c, 1}}, 2)) << "y^T s = " << c;
        ASSERT_EQ(pairs.size(), 2u) << "a skipped pair (y^T s = " << c << ") must leave the memory as it was";
        EXPECT_EQ(pairs.front().s(0), 1.0) << "a skipped pair must not push out the oldest (y^T s = " << c << ")";
        EXPECT_EQ(pairs.back().s(0), 2.0);
    }
    EXPECT_TRUE(lbfgs_remember_pair(pairs, Vector{{1, 0}}, Vector{{2 * eps, 1}}, 2))
        << "y^T s = 2 eps > eps ||s|| ||y|| = eps: the pair is stored";
    ASSERT_EQ(pairs.size(), 2u);
    EXPECT_EQ(pairs.back().y(0), 2 * eps);
    EXPECT_EQ(pairs.front().s(0), 2.0);
    // The margin is relative: the same angle at the scale 2^-500 and 2^500 gives the same decisions.
    for (double c : {std::ldexp(1.0, -500), std::ldexp(1.0, 500)}) {
        LbfgsMemory scaled;
        EXPECT_FALSE(lbfgs_remember_pair(scaled, Vector{{c, 0}}, Vector{{c * eps / 2, c}}, 2)) << "scale " << c;
        EXPECT_TRUE(lbfgs_remember_pair(scaled, Vector{{c, 0}}, Vector{{c * 2 * eps, c}}, 2)) << "scale " << c;
    }
}

TEST(LbfgsRememberPair, RefusesBadArguments) {
    LbfgsMemory pairs;
    EXPECT_TRUE(lbfgs_remember_pair(pairs, Vector{{1, 0}}, Vector{{1, 0}}, 2)) << course::testing::kValidCallFirst;
    for (int memory : {0, -1})
        EXPECT_TRUE(ThrowsInvalidArgument([&] { lbfgs_remember_pair(pairs, Vector{{1, 0}}, Vector{{1, 0}}, memory); },
                                          {"lbfgs_remember_pair", "memory"}))
            << "memory = " << memory;
    EXPECT_TRUE(ThrowsInvalidArgument([&] { lbfgs_remember_pair(pairs, Vector{{1, 0}}, Vector{{1, 0, 0}}, 2); },
                                      {"lbfgs_remember_pair", "s has 2", "y 3"}));
    EXPECT_TRUE(ThrowsInvalidArgument([&] { lbfgs_remember_pair(pairs, Vector{{1, 0, 0}}, Vector{{1, 0, 0}}, 2); },
                                      {"lbfgs_remember_pair", "stored pairs have 2"}));
    const double nan = std::nan(""), inf = std::numeric_limits<double>::infinity();
    for (double bad : {nan, inf, -inf}) {
        EXPECT_TRUE(ThrowsInvalidArgument([&] { lbfgs_remember_pair(pairs, Vector{{1, bad}}, Vector{{1, 0}}, 2); },
                                          {"lbfgs_remember_pair", "inf or NaN"}))
            << "s = (1, " << bad << ")";
        EXPECT_TRUE(ThrowsInvalidArgument([&] { lbfgs_remember_pair(pairs, Vector{{1, 0}}, Vector{{bad, 0}}, 2); },
                                          {"lbfgs_remember_pair", "inf or NaN"}))
            << "y = (" << bad << ", 0)";
    }
    EXPECT_EQ(pairs.size(), 1u) << "refused pairs are not stored";
}

// ---- lbfgs ----

TEST(Lbfgs, WithIdentityH0ItsFirstDirectionsAreBfgs) {
    // H0 = I (scale_initial_matrix = false), memory m = 6, chained Rosenbrock with n = 8: the first
    // m + 1 directions use every pair there is, so the iterates x_1 .. x_7 are dense BFGS's from
    // H0 = I (dense_run with memory 0). From x_8 on L-BFGS uses only the 6 newest pairs: its iterates
    // are dense_run's with memory 6, and no longer BFGS's.
    const Objective f = testing::rosenbrock();
    const Vector x0 = rosenbrock_start(8);
    LbfgsConfig config;
    config.memory = 6;
    config.scale_initial_matrix = false;
    const std::vector<Vector> bfgs_iterates = dense_run(f, x0, 7, 0, false);
    ASSERT_EQ(bfgs_iterates.size(), 8u);
    EXPECT_TRUE(MatchesDenseRun(f, x0, config, bfgs_iterates)) << "the first 7 iterates are BFGS's from H0 = I";
    const std::vector<Vector> limited = dense_run(f, x0, 16, 6, false);
    ASSERT_EQ(limited.size(), 17u);
    EXPECT_TRUE(MatchesDenseRun(f, x0, config, limited)) << "16 iterates with the 6 newest pairs, H0 = I";
    // The comparison can tell the two apart: full BFGS leaves the limited run within 16 steps.
    const std::vector<Vector> full = dense_run(f, x0, 16, 0, false);
    ASSERT_EQ(full.size(), 17u);
    EXPECT_GT((full[16] - limited[16]).norm(), 1e3 * kIterateTolerance) << "the test's own oracle (discarding matters)";
}

TEST(Lbfgs, MatchesTheDenseLimitedMemoryMethod) {
    // The default H0 = gamma I with gamma from the newest pair, memory 1, 3 and 10 on chained
    // Rosenbrock with n = 10 from (-1.2, 1, ...): 24 iterates each against dense_run. Memory 10 is the
    // default (a run that ignores config.memory matches only that one), and gamma from the oldest pair
    // or a pair kept too long changes the direction from the 3rd (memory 1: 2nd) iterate on.
    const Objective f = testing::rosenbrock();
    const Vector x0 = rosenbrock_start(10);
    for (int memory : {1, 3, 10}) {
        LbfgsConfig config;
        config.memory = memory;
        const std::vector<Vector> expected = dense_run(f, x0, 24, memory, true);
        ASSERT_EQ(expected.size(), 25u) << "memory " << memory;
        EXPECT_TRUE(MatchesDenseRun(f, x0, config, expected)) << "memory " << memory << ", n = 10";
    }
}

TEST(Lbfgs, MinimizesRosenbrock) {
    // Classic start (-1.2, 1), tol 1e-10 (problems.hpp: within 2.5e-10 of x*, no Hessian, f
    // decreasing). Chained n = 100 from (-1.2, 1, ...) with memory 5 and tol 1e-9: the Hessian at x*
    // has lambda_min = 0.499 (Eigen's eigenvalues), so ||x - x*|| <= 2e-9. Iteration caps: 8 and 5
    // times what the reference needs (38 and 569).
    testing::ExpectMinimizesRosenbrockFromTheClassicStart(
        [](const Objective& f, const Vector& x0, const StopRule& stop) { return lbfgs(f, x0, stop); }, 300);
    LbfgsConfig five;
    five.memory = 5;
    const Vector x100 = rosenbrock_start(100);
    const OptimizeResult big = lbfgs(testing::rosenbrock(), x100, {1e-9, 3000}, five);
    EXPECT_TRUE(big.converged) << "n = 100, memory 5, after " << big.iterations << " iterations";
    EXPECT_TRUE(AllClose(big.x, Vector::Ones(100), {1e-8, 0.0})) << "n = 100";
}


TEST(Lbfgs, StopsAtMaxIterations) {
    // problems.hpp: Rosenbrock with max_iterations 5 and 0.
    testing::ExpectStopsAtMaxIterations([](const Objective& f, const Vector& x0, const StopRule& stop) { return lbfgs(f, x0, stop); });
}

TEST(Lbfgs, GradientToleranceIsStrictAndAbsolute) {
    // problems.hpp: ||g_0|| = 5 exactly against tol = 5 and the next double above it.
    testing::ExpectGradientToleranceIsStrict([](const Objective& f, const Vector& x0, const StopRule& stop) { return lbfgs(f, x0, stop); });
}

TEST(Lbfgs, LandingExactlyOnTheMinimizerConvergesWithToleranceZero) {
    // problems.hpp: the unit step lands exactly on x* = 0; tolerance 0.
    testing::ExpectExactMinimizerStopsWithToleranceZero([](const Objective& f, const Vector& x0, const StopRule& stop) { return lbfgs(f, x0, stop); });
}

// scaled_square: f(x) = (a / 2) ||x||^2, grad f = a x (minimizer 0, Hessian a I).
Objective scaled_square(double a) {
    return Objective{[a](const Vector& x) { return 0.5 * a * x.squaredNorm(); },
                     [a](const Vector& x) -> Vector { return a * x; }, {}};
}

TEST(Lbfgs, PassesItsLineSearchConfig) {
    // f = 64 x^2 (g = 128 x) from x = 1: d = -128. initial_step = 2^-7 lands exactly on 0 in one trial
    // (a converged run of 1 iteration, 2 values); the default t = 1 would bisect 7 times from x = -127.
    auto [objective, counts] = counted(scaled_square(128.0));
    LbfgsConfig config;
    config.line_search = {0.0078125, 1e-4, 0.9, 60};
    const OptimizeResult r = lbfgs(objective, Vector{{1}}, {0.0, 100}, config);
    EXPECT_TRUE(r.converged);
    EXPECT_EQ(r.iterations, 1);
    EXPECT_EQ(r.x(0), 0.0);
    EXPECT_EQ(r.value_evaluations, 2) << "the line search must start at config.line_search.initial_step";
    EXPECT_TRUE(CountsMatch(r, *counts));
    // max_trials = 1 with t = 1: the one trial (x = -127) fails Armijo, no step is accepted, and the run
    // stops there, not converged, at x_0.
    config.line_search = {1.0, 1e-4, 0.9, 1};
    const OptimizeResult stuck = lbfgs(scaled_square(128.0), Vector{{1}}, {1e-8, 100}, config);
    EXPECT_FALSE(stuck.converged) << "the line search found no step with max_trials = 1";
    EXPECT_EQ(stuck.iterations, 0);
    EXPECT_EQ(stuck.x(0), 1.0);
    EXPECT_EQ(stuck.value_evaluations, 2);
}

TEST(Lbfgs, ReportsNonFiniteValuesAndGradients) {
    // f(x_0) = inf, and grad f(x_0) = NaN: DivergedError at iteration 0.
    const Objective inf_value{[](const Vector&) { return std::numeric_limits<double>::infinity(); },
                              [](const Vector& x) -> Vector { return x; }, {}};
    const Objective nan_gradient{[](const Vector& x) { return x.squaredNorm(); },
                                 [](const Vector& x) -> Vector { return Vector::Constant(x.size(), std::nan("")); },
                                 {}};
    for (const Objective& f : {inf_value, nan_gradient}) {
        try {
            lbfgs(f, Vector{{1, 2}});
            ADD_FAILURE() << "no DivergedError for a non-finite f or grad f at x_0";
        } catch (const DivergedError& e) {
            EXPECT_EQ(e.iteration(), 0) << e.what();
        }
    }
    // x^2 / 2 with a gradient that is NaN on |x| < 1/2, from x = 1: t = 1 lands on 0, passes Armijo, and
    // the NaN slope fails no comparison, so the line search accepts it: grad f(x_1) = NaN, iteration 1.
    const Objective nan_near_zero{[](const Vector& x) { return 0.5 * x.squaredNorm(); },
                                  [](const Vector& x) -> Vector {
                                      return std::abs(x(0)) < 0.5 ? Vector{{std::nan("")}} : Vector(x);
                                  },
                                  {}};
    try {
        lbfgs(nan_near_zero, Vector{{1}});
        ADD_FAILURE() << "no DivergedError for grad f(x_1) = NaN";
    } catch (const DivergedError& e) {
        EXPECT_EQ(e.iteration(), 1) << e.what();
    }
}

TEST(Lbfgs, RefusesBadArguments) {
    EXPECT_TRUE(lbfgs(half_square(), Vector{{1, 2}}).converged) << course::testing::kValidCallFirst;
    // memory < 1 is refused up front, by lbfgs itself: even from x_0 = x* (no step, no pair to store).
    for (int memory : {0, -1}) {
        LbfgsConfig config;
        config.memory = memory;
        EXPECT_TRUE(ThrowsInvalidArgument([&] { lbfgs(half_square(), Vector{{0, 0}}, {}, config); },
                                          {"lbfgs: memory", std::to_string(memory)}))
            << "memory = " << memory;
    }
    const double nan = std::nan(""), inf = std::numeric_limits<double>::infinity();
    for (double bad : {nan, inf, -inf})
        EXPECT_TRUE(ThrowsInvalidArgument([bad] { lbfgs(half_square(), Vector{{1, bad}}); }, {"lbfgs", "x0"}))
            << "x0 = (1, " << bad << ")";
    EXPECT_TRUE(ThrowsInvalidArgument([] { lbfgs(half_square(), Vector(0)); }, {"lbfgs", "empty"}));
    for (double tol : {-1.0, nan, inf, -inf})
        EXPECT_TRUE(ThrowsInvalidArgument([tol] { lbfgs(half_square(), Vector{{1}}, {tol, 10}); },
                                          {"lbfgs", "gradient_tolerance"}))
            << "gradient_tolerance = " << tol;
    EXPECT_TRUE(ThrowsInvalidArgument([] { lbfgs(half_square(), Vector{{1}}, {1e-8, -1}); }, {"lbfgs", "max_iterations"}));
    LbfgsConfig bad_wolfe;
    bad_wolfe.line_search = {1.0, 0.9, 0.1, 60};
    EXPECT_TRUE(ThrowsInvalidArgument([&] { lbfgs(half_square(), Vector{{1}}, {}, bad_wolfe); },
                                      {"weak_wolfe_line_search", "c1"}))
        << "a WolfeConfig the line search refuses";
    EXPECT_TRUE(ThrowsInvalidArgument([] { lbfgs(Objective{}, Vector{{1}}); }, {"lbfgs", "value and gradient"}));
    for (int entries : {1, 3})
        EXPECT_TRUE(ThrowsInvalidArgument(
            [&] { lbfgs(testing::with_gradient_of_size(half_square(), entries), Vector{{1, 2}}); },
            {"lbfgs", "gradient", std::to_string(entries) + " entries"}))
            << "a gradient of " << entries << " entries at a point with n = 2";
}

// times: the objective c f (value and gradient multiplied by c; exact for c a power of two).
Objective times(const Objective& f, double c) {
    return Objective{[f, c](const Vector& x) { return c * f.value(x); },
                     [f, c](const Vector& x) -> Vector { return c * f.gradient(x); }, {}};
}

TEST(Lbfgs, ScalingTheObjectiveCostsOnlyTheFirstLineSearch) {
    // f scaled by c = 2^j scales g by c. The first direction is -c g_0, so the first line search must
    // halve (or double) its way from t = 1 to a step about 1 / c: about |j| more trials (max_trials is
    // raised to 600 to allow |j| = 500). From then on gamma = s^T y / y^T y carries the factor 1 / c,
    // H0 = gamma I and so H scale by 1 / c, and d = -H (c g) is the unscaled direction. A run that keeps
    // H0 = I (ignores gamma) keeps the factor c in every direction and pays |j| trials in every search.
    // c > 1: the halvings reach t = 2^-j, the unscaled first trial, with the bracket [0, 2^-j+1] that
    // bisects exactly as [0, inf) does there (Rosenbrock's unit step from (-1.2, 1) is too long): the
    // run is the unscaled one bit for bit, plus j trials. c < 1: the doublings end in a bracket
    // [2^(|j|-1), 2^|j|] that the unscaled search never had, so the first step differs a little and
    // Rosenbrock's valley turns that into a few iterations more or less (the reference: 42 against 36).
    // Scales from 2^-500 (3e-151) to 2^500 (3e150); the tolerance 1e-6 c stops the runs before y^T y
    // (c^2 ||y / c||^2, down to 1e-302 * 1e-10) leaves the normal range.
    const Objective f = testing::rosenbrock();
    const Vector x0{{-1.2, 1.0}};
    LbfgsConfig config;
    config.line_search.max_trials = 600;
    const OptimizeResult base = lbfgs(f, x0, {1e-6, 200}, config);
    ASSERT_TRUE(base.converged) << "the unscaled run, after " << base.iterations << " iterations";
    for (double c : testing::kScales) {
        auto [objective, counts] = counted(times(f, c));
        const OptimizeResult r = lbfgs(objective, x0, {1e-6 * c, 200}, config);
        const int j = int(std::abs(std::log2(c)));
        EXPECT_TRUE(r.converged) << "f scaled by " << c;
        EXPECT_TRUE(CountsMatch(r, *counts));
        EXPECT_LE(r.value_evaluations, base.value_evaluations + j + 20)
            << "f scaled by " << c << ": only the first line search may need about |log2 c| = " << j
            << " extra trials (is H0 scaled by gamma = s^T y / y^T y of the newest pair?)";
        // ||g|| < 1e-6 c, and the Hessian at (1, 1) has lambda_min = 0.399 (times c): within 2.5e-6 of x*.
        EXPECT_TRUE(AllClose(r.x, Vector{{1, 1}}, {1e-5, 0.0})) << "f scaled by " << c;
        if (c >= 1.0) {
            EXPECT_EQ(r.iterations, base.iterations) << "f scaled by " << c;
            EXPECT_EQ(r.value_evaluations, base.value_evaluations + j) << "f scaled by " << c << ": j halvings more";
            EXPECT_EQ(r.gradient_evaluations, base.gradient_evaluations) << "f scaled by " << c;
            EXPECT_TRUE(AllClose(r.x, base.x, {0.0, 0.0})) << "f scaled by " << c << ": the unscaled iterates, exactly";
        } else {
            EXPECT_LE(std::abs(r.iterations - base.iterations), 12)
                << "f scaled by " << c << " (the unscaled run: " << base.iterations << " iterations)";
        }
    }
}

// ---- memory: logistic regression with 10^4 features ----

}  // namespace
}  // namespace course::optimization

// The sanitizers' allocator replaces glibc's malloc and counts its own bytes: a weak reference, null
// in a program without a sanitizer runtime.
extern "C" std::size_t __sanitizer_get_current_allocated_bytes() __attribute__((weak));

namespace course::optimization {
namespace {

// heap_bytes_in_use: the bytes malloc has handed out and not yet taken back (glibc's mallinfo2:
// uordblks in the arenas, hblkhd in separately mapped blocks; under the sanitizers, their
// allocator's count). Eigen's vectors and std::deque both allocate through malloc, so every
// n-vector the optimizer holds is counted.
std::size_t heap_bytes_in_use() {
    if (__sanitizer_get_current_allocated_bytes) return __sanitizer_get_current_allocated_bytes();
    const struct mallinfo2 info = mallinfo2();
    return info.uordblks + info.hblkhd;
}

// malloc_is_counted: whether heap_bytes_in_use sees an allocation of 800 kB (a malloc that is
// neither glibc's nor a sanitizer's would not be).
bool malloc_is_counted() {
    const std::size_t before = heap_bytes_in_use();
    Vector probe = Vector::Ones(100000);
    const std::size_t during = heap_bytes_in_use();
    volatile double keep = probe.sum();
    (void)keep;
    return during >= before + 800000;
}

// WideLogistic: L2-regularized logistic regression with more features than examples,
//     f(w) = (1/m) sum_i [log(1 + e^{z_i}) - y_i z_i] + (lambda / 2) ||w||^2,   z = X w,
//     grad f = (1/m) X^T (sigma(z) - y) + lambda w,
// X (m, n) uniform in [-1, 1) times sqrt(3 / n), column j further scaled by 100^(j / n - 1/2) (from
// 0.1 to 10: features of different units, so that the Hessian is not a multiple of the identity on
// the rows' span), labels drawn from the model with weights 3 * uniform[-1, 1). With m < n the data
// alone would be separable; lambda > 0 makes f strongly convex with a unique minimizer. Written out
// here (not the logistic_regression exercise), with a stable log(1 + e^z) and sigma.
struct WideLogistic {
    Matrix X;
    Vector y;
    double lambda = 0.0;
};

WideLogistic wide_logistic(int m, int n, double lambda, std::uint64_t seed) {
    WideLogistic p;
    p.X = random_matrix(m, n, seed) * std::sqrt(3.0 / n);
    for (int j = 0; j < n; ++j) p.X.col(j) *= std::pow(100.0, double(j) / n - 0.5);  // scales 0.1 .. 10
    const Vector z = p.X * (3.0 * random_vector(n, seed + 1));
    Rng rng(seed + 2);
    p.y.resize(m);
    for (int i = 0; i < m; ++i) p.y(i) = rng.uniform(0.0, 1.0) < 1.0 / (1.0 + std::exp(-z(i))) ? 1.0 : 0.0;
    p.lambda = lambda;
    return p;
}

Objective wide_logistic_objective(const std::shared_ptr<const WideLogistic>& p) {
    Objective f;
    f.value = [p](const Vector& w) {
        const Vector z = p->X * w;
        double sum = 0.0;
        for (Eigen::Index i = 0; i < z.size(); ++i)
            sum += std::max(z(i), 0.0) + std::log1p(std::exp(-std::abs(z(i)))) - p->y(i) * z(i);
        return sum / double(z.size()) + 0.5 * p->lambda * w.squaredNorm();
    };
    f.gradient = [p](const Vector& w) -> Vector {
        const Vector z = p->X * w;
        Vector r(z.size());
        for (Eigen::Index i = 0; i < z.size(); ++i) {
            const double e = std::exp(-std::abs(z(i)));
            r(i) = (z(i) >= 0.0 ? 1.0 / (1.0 + e) : e / (1.0 + e)) - p->y(i);
        }
        return Vector(p->X.transpose() * r / double(z.size()) + p->lambda * w);
    };
    return f;
}

TEST(Lbfgs, MinimizesALogisticRegressionWith10000FeaturesInMemoryLinearInN) {
    // n = 10^4 features, m = 100 examples, lambda = 1e-5, memory 3. BFGS's matrix alone would be n^2
    // doubles, 800 MB. L-BFGS holds the 3 pairs (2 m n doubles) and a few n-vectors: x, g, d, the
    // trial point and its gradient (the reference: 2 m + 4 of them, measured). The heap in use is read
    // at the start of every evaluation of f and grad f, where the optimizer's whole state is live, and
    // compared with the heap before the call: the peak must stay within (2 m + 10) n doubles, 1.28 MB
    // (six n-vectors of slack for copies). A run that keeps every pair holds 2 k n doubles after k
    // iterations and exceeds it from k = 9 on; the reference needs 20.
    const int m = 100, n = 10000, memory = 3;
    const auto problem = std::make_shared<const WideLogistic>(wide_logistic(m, n, 1e-5, 2027));
    const Objective f = wide_logistic_objective(problem);
    auto peak = std::make_shared<std::size_t>(0);
    Objective watched;
    watched.value = [f, peak](const Vector& w) {
        *peak = std::max(*peak, heap_bytes_in_use());
        return f.value(w);
    };
    watched.gradient = [f, peak](const Vector& w) -> Vector {
        *peak = std::max(*peak, heap_bytes_in_use());
        return f.gradient(w);
    };
    auto [objective, counts] = counted(watched);
    LbfgsConfig config;
    config.memory = memory;
    const Vector w0 = Vector::Zero(n);
    const std::size_t before = heap_bytes_in_use();
    *peak = before;
    const OptimizeResult r = lbfgs(objective, w0, {1e-10, 1000}, config);
    const std::size_t held = *peak > before ? *peak - before : 0;
    EXPECT_TRUE(r.converged) << "after " << r.iterations << " iterations";
    EXPECT_TRUE(CountsMatch(r, *counts));
    // The claim checked with the test's own gradient: ||grad f(w)|| < 1e-9. f is lambda-strongly convex,
    // so w is within 1e-9 / lambda = 1e-5 of the minimizer.
    EXPECT_LT(f.gradient(r.x).norm(), 1e-9);
    if (!malloc_is_counted()) GTEST_SKIP() << "malloc is neither glibc's nor a sanitizer's here: no heap count";
    const std::size_t bound = std::size_t(2 * memory + 10) * std::size_t(n) * sizeof(double);
    EXPECT_LE(held, bound) << "the peak heap held during the run, against (2 m + 10) n doubles for m = " << memory
                           << ", n = " << n << ", after " << r.iterations
                           << " iterations: is the oldest pair discarded once m are stored?";
    EXPECT_GE(held, std::size_t(2 * memory) * std::size_t(n) * sizeof(double))
        << "the m pairs themselves are 2 m n doubles: is the heap count working?";
}
}  // namespace
}  // namespace course::optimization
