// Tests for exercise 3, backtracking line search and gradient descent with it
// (modules/optimization/learner/line_search.cpp).
//
// Oracles: line searches on f(x) = x^2 worked out by hand (every trial point a binary fraction, so
// every comparison is exact); the Armijo condition and the rejection of the previous trial,
// re-checked with the test's own f; Rosenbrock's known minimizer (1, 1) and a quadratic's x*;
// the bound ||x - x*|| <= ||grad f(x)|| / mu. Evaluation counts with a counting objective.
#include "optimization/line_search.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <string>

#include "course/random.hpp"
#include "course/testing.hpp"
#include "problems.hpp"

namespace course::optimization {
namespace {

using course::testing::AllClose;
using course::testing::gamma_bound;
using course::testing::ThrowsInvalidArgument;
using namespace course::optimization::testing;

// square: f(x) = x0^2 on R^1, gradient 2 x0. Returns NaN for |x0| > 2 (a function with a domain).
Objective square_with_domain() {
    return Objective{[](const Vector& x) { return std::abs(x[0]) <= 2.0 ? x[0] * x[0] : std::nan(""); },
                     [](const Vector& x) -> Vector { return Vector::Constant(1, 2.0 * x[0]); }, {}};
}

TEST(BacktrackingLineSearch, MatchesHandWorkedCases) {
    // f(x) = x^2 at x = 1: f = 1, g = 2.
    const Objective f = square_with_domain();
    const Vector x{{1.0}}, g{{2.0}};
    {
        // d = -g = -2, g^T d = -4. t = 1: f(-1) = 1 > 1 - 4 c1, rejected; t = 1/2: f(0) = 0, accepted.
        const LineSearchResult r = backtracking_line_search(f, x, 1.0, g, Vector{{-2.0}}, {1.0, 0.5, 1e-4, 60});
        EXPECT_TRUE(r.accepted);
        EXPECT_EQ(r.step, 0.5);
        EXPECT_EQ(r.value, 0.0);
        EXPECT_EQ(r.value_evaluations, 2) << "trials t = 1 and t = 1/2";
    }
    {
        // d = -2.25, g^T d = -4.5. t = 1: f(-1.25) = 1.5625 > 1: f increased, rejected; with c1 = 1e-4,
        // t = 1/2: f(-0.125) = 0.015625 <= 1 - 1e-4 * 0.5 * 4.5, accepted.
        const LineSearchResult r = backtracking_line_search(f, x, 1.0, g, Vector{{-2.25}}, {1.0, 0.5, 1e-4, 60});
        EXPECT_EQ(r.step, 0.5) << "t = 1 increases f from 1 to 1.5625: the Armijo bound f(x) + c1 t g^T d lies below "
                                  "f(x) because g^T d < 0; accepting t = 1 means the sign of the decrease term is wrong";
        EXPECT_EQ(r.value, 0.015625);
        EXPECT_EQ(r.value_evaluations, 2);
    }
    {
        // Same, c1 = 1/2: t = 1/2 needs f <= 1 - 0.5 * 0.5 * 4.5 = -0.125, rejected; t = 1/4: f(0.4375)
        // = 0.19140625 <= 1 - 0.5 * 0.25 * 4.5 = 0.4375, accepted.
        const LineSearchResult r = backtracking_line_search(f, x, 1.0, g, Vector{{-2.25}}, {1.0, 0.5, 0.5, 60});
        EXPECT_EQ(r.step, 0.25);
        EXPECT_EQ(r.value, 0.19140625);
        EXPECT_EQ(r.value_evaluations, 3);
    }
}

TEST(BacktrackingLineSearch, BacktracksOverNaNAndInfinity) {
    // f(x) = x^2 with NaN outside [-2, 2], from x = 1 along d = -2 with t0 = 4 and shrink 1/2:
    //   t = 4: x = -7, NaN;  t = 2: x = -3, NaN;  t = 1: x = -1, f = 1 > 1 - 4 c1;  t = 1/2: x = 0, accepted.
    const LineSearchResult r =
        backtracking_line_search(square_with_domain(), Vector{{1.0}}, 1.0, Vector{{2.0}}, Vector{{-2.0}}, {4.0, 0.5, 1e-4, 60});
    EXPECT_TRUE(r.accepted);
    EXPECT_EQ(r.step, 0.5) << "a NaN trial must be rejected: 'while (f_trial > bound)' stops on NaN, since "
                              "every comparison with NaN is false";
    EXPECT_EQ(r.value_evaluations, 4);
    // An objective that is +inf outside [-2, 2] backtracks the same way.
    const Objective inf_outside{[](const Vector& x) {
                                    return std::abs(x[0]) <= 2.0 ? x[0] * x[0] : std::numeric_limits<double>::infinity();
                                },
                                {}, {}};
    const LineSearchResult s =
        backtracking_line_search(inf_outside, Vector{{1.0}}, 1.0, Vector{{2.0}}, Vector{{-2.0}}, {4.0, 0.5, 1e-4, 60});
    EXPECT_EQ(s.step, 0.5);
    EXPECT_EQ(s.value_evaluations, 4);
}

TEST(BacktrackingLineSearch, AcceptsTheFirstStepThatSatisfiesArmijo) {
    // Random points on the chained Rosenbrock function, d = -grad f. The accepted t must satisfy
    // the condition, and the trial before it (t / shrink) must not, re-checked here with the test's
    // own f. Both are the same floating-point computations, so the comparisons are exact.
    const ArmijoConfig config{1.0, 0.5, 1e-4, 60};
    for (int trial = 0; trial < 20; ++trial) {
        const std::uint64_t seed = 2000 + trial;
        const Vector x = 1.5 * random_vector(4, seed);
        const double fx = rosenbrock_value(x);
        const Vector g = rosenbrock_gradient(x), d = -g;
        const LineSearchResult r = backtracking_line_search(rosenbrock(), x, fx, g, d, config);
        ASSERT_TRUE(r.accepted) << "seed " << seed;
        const double slope = g.dot(d);
        EXPECT_LE(rosenbrock_value(x + r.step * d), fx + config.c1 * r.step * slope)
            << "seed " << seed << ": the accepted step t = " << r.step << " violates f(x + t d) <= f(x) + c1 t g^T d";
        EXPECT_EQ(r.value, rosenbrock_value(x + r.step * d)) << "value is f(x + t d) at the accepted t";
        const int shrinks = int(std::lround(std::log2(config.initial_step / r.step)));
        EXPECT_EQ(r.step, std::ldexp(config.initial_step, -shrinks)) << "t must be t0 * shrink^j";
        EXPECT_EQ(r.value_evaluations, shrinks + 1) << "seed " << seed << ": one evaluation per trial";
        if (shrinks > 0) {
            const double previous = 2.0 * r.step;
            EXPECT_GT(rosenbrock_value(x + previous * d), fx + config.c1 * previous * slope)
                << "seed " << seed << ": the larger step " << previous << " already satisfied Armijo";
        }
    }
}

TEST(BacktrackingLineSearch, ReportsWhenNoStepIsAccepted) {
    // max_backtracks = 1 from x = 1 along d = -2.25 with c1 = 1/2: t = 1 and t = 1/2 both fail (above).
    const LineSearchResult r = backtracking_line_search(square_with_domain(), Vector{{1.0}}, 1.0, Vector{{2.0}},
                                                        Vector{{-2.25}}, {1.0, 0.5, 0.5, 1});
    EXPECT_FALSE(r.accepted);
    EXPECT_EQ(r.value_evaluations, 2) << "max_backtracks = 1: the trials t = 1 and t = 1/2";
    EXPECT_EQ(r.step, 0.5) << "the last trial";
}

TEST(BacktrackingLineSearch, RefusesBadArguments) {
    const Objective f = square_with_domain();
    const Vector x{{1.0}}, g{{2.0}}, d{{-2.0}};
    EXPECT_TRUE(backtracking_line_search(f, x, 1.0, g, d).accepted) << course::testing::kValidCallFirst;  // valid input first
    EXPECT_TRUE(ThrowsInvalidArgument([&] { backtracking_line_search(f, x, 1.0, g, Vector{{2.0}}); },
                                      {"backtracking_line_search", "descent"}));
    EXPECT_TRUE(ThrowsInvalidArgument([&] { backtracking_line_search(f, x, 1.0, g, Vector{{-1.0, 0.0}}); },
                                      {"backtracking_line_search", "1", "2"}));
    EXPECT_TRUE(ThrowsInvalidArgument([&] { backtracking_line_search(f, x, 1.0, g, d, {1.0, 1.5, 1e-4, 60}); },
                                      {"shrink", "1.5"}));
    EXPECT_TRUE(ThrowsInvalidArgument([&] { backtracking_line_search(f, x, 1.0, g, d, {1.0, 0.5, 0.0, 60}); }, {"c1"}));
    EXPECT_TRUE(ThrowsInvalidArgument([&] { backtracking_line_search(f, x, std::nan(""), g, d); }, {"fx"}));
}

TEST(GradientDescentArmijo, ConvergesOnRosenbrock) {
    // From the classic start (-1.2, 1) to the minimizer (1, 1). Near it the Hessian
    // [[802, -400], [-400, 200]] has eigenvalues 0.399 and 1001.6, so ||x - x*|| <= ||grad f|| / 0.39
    // (to first order; the tolerance is small enough for that to hold).
    const double tol = 1e-6;
    const auto counted_f = counted(rosenbrock());
    const Vector x0{{-1.2, 1.0}};
    const OptimizeResult r = gradient_descent_armijo(counted_f.objective, x0, {}, {tol, 100000});
    ASSERT_TRUE(r.converged) << r.iterations << " iterations, x = (" << r.x.transpose() << "), f = " << r.value;
    EXPECT_LT(rosenbrock_gradient(r.x).norm(), tol * (1.0 + 1e-6));
    EXPECT_TRUE(AllClose(r.x, Vector::Ones(2), {tol / 0.39, 0.0})) << "Rosenbrock's minimizer is (1, 1)";
    EXPECT_TRUE(CountsMatch(r, *counted_f.counts));
    EXPECT_TRUE(HistoryConsistent(r, rosenbrock_value(x0)));
    EXPECT_EQ(r.gradient_evaluations, r.iterations + 1) << "one gradient per iterate";
    EXPECT_EQ(r.hessian_evaluations, 0);
}

TEST(GradientDescentArmijo, DecreasesFAtEveryStep) {
    // The Armijo condition gives f(x_{k+1}) <= f(x_k) - c1 t_k ||g_k||^2 < f(x_k): the history must
    // decrease strictly. Chained Rosenbrock in 5 variables from a seeded start.
    const Vector x0 = 1.5 * random_vector(5, 2100);
    const OptimizeResult r = gradient_descent_armijo(rosenbrock(), x0, {}, {1e-10, 300});
    ASSERT_GE(r.history.size(), 2u);
    for (size_t k = 0; k + 1 < r.history.size(); ++k) {
        ASSERT_LT(r.history[k + 1], r.history[k])
            << "f went up at step " << k << ": from " << r.history[k] << " to " << r.history[k + 1]
            << " (seed 2100); Armijo only accepts a decrease: check the sign of c1 t g^T d";
    }
}

TEST(GradientDescentArmijo, SolvesAnIllConditionedQuadraticWithoutAStepSize) {
    // kappa = 100: no step to tune, and every accepted step is at least 2 (1 - c1) shrink / L.
    // The tolerance stays well above the level where Armijo can still see a decrease: it compares
    // values of f, and c1 t ||g||^2 must exceed the rounding of f, about u |f| (here |f| ~ 5), so
    // ||g|| below ~1e-6 makes the accepted steps erratic (see the notes).
    const int n = 20;
    const double kappa = 100.0, tol = 1e-6;
    const Quadratic q = random_quadratic(n, kappa, 2200);
    const auto counted_f = counted(q.objective());
    const OptimizeResult r = gradient_descent_armijo(counted_f.objective, Vector::Zero(n), {}, {tol, 100000});
    ASSERT_TRUE(r.converged) << r.iterations << " iterations, seed 2200";
    // ||x - x*|| <= ||A (x - x*)|| / mu with mu = 1 / kappa, plus the rounding of the gradient.
    const double rounding = gamma_bound(n + 1) * (q.A.cwiseAbs() * r.x.cwiseAbs() + q.b.cwiseAbs()).norm();
    EXPECT_LE((r.x - q.minimizer).norm(), (tol + rounding) * kappa);
    EXPECT_TRUE(CountsMatch(r, *counted_f.counts));
    EXPECT_TRUE(HistoryConsistent(r, q.objective().value(Vector::Zero(n))));
}

TEST(GradientDescentArmijo, StopsWhenTheLineSearchFails) {
    // f(x) = x^2 from 1 with c1 = 1/2 and one backtrack along -g = -2: t = 1 gives f(-1) = 1, not
    // <= 1 - 2; t = 1/2 gives f(0) = 0 <= 1 - 1: accepted. With max_backtracks = 0, the search fails
    // at once and the run stops, not converged, after one evaluation of f per trial plus f(x_0).
    const auto counted_f = counted(square_with_domain());
    const OptimizeResult r = gradient_descent_armijo(counted_f.objective, Vector{{1.0}}, {1.0, 0.5, 0.5, 0}, {1e-8, 100});
    EXPECT_FALSE(r.converged);
    EXPECT_EQ(r.iterations, 0);
    EXPECT_TRUE(AllClose(r.x, Vector{{1.0}}, {0.0, 0.0})) << "a failed search must not move x";
    EXPECT_TRUE(CountsMatch(r, *counted_f.counts));
    EXPECT_EQ(r.value_evaluations, 2) << "f(x_0) and the one trial";
}

TEST(GradientDescentArmijo, ThrowsDivergedErrorForANonFiniteStart) {
    // f(x) = x^2 with NaN outside [-2, 2], started at 3: f(x_0) is NaN at iteration 0.
    try {
        const OptimizeResult r = gradient_descent_armijo(square_with_domain(), Vector{{3.0}});
        ADD_FAILURE() << "returned with f = " << r.value << "; expected DivergedError at iteration 0";
    } catch (const DivergedError& e) {
        EXPECT_EQ(e.iteration(), 0) << e.what();
    }
}

TEST(GradientDescentArmijo, RefusesBadArguments) {
    const Objective f = square_with_domain();
    EXPECT_TRUE(gradient_descent_armijo(f, Vector{{1.0}}).converged) << course::testing::kValidCallFirst;  // valid input first
    EXPECT_TRUE(ThrowsInvalidArgument([&] { gradient_descent_armijo(f, Vector{{1.0}}, {0.0, 0.5, 1e-4, 60}); },
                                      {"gradient_descent_armijo", "initial_step"}));
    EXPECT_TRUE(ThrowsInvalidArgument([&] { gradient_descent_armijo(f, Vector(), {}); }, {"x0", "empty"}));
    EXPECT_TRUE(ThrowsInvalidArgument([&] { gradient_descent_armijo(f, Vector{{1.0}}, {}, {1e-8, -1}); },
                                      {"max_iterations", "-1"}));
}

// A callback that returns a vector of the wrong size is the caller's mistake: refused by name
// (gradient_at and hessian_at in problem.hpp), not an Eigen assertion in the step or a read past the
// end of the vector. Both one entry too few and one too many, at a point with n = 2.
TEST(GradientDescentArmijo, RefusesAGradientOfTheWrongSize) {
    const Objective f = square_with_domain();
    EXPECT_TRUE(gradient_descent_armijo(f, Vector{{1.0}}).converged) << course::testing::kValidCallFirst;  // valid input first
    for (int entries : {0, 2})
        EXPECT_TRUE(ThrowsInvalidArgument(
            [&] { gradient_descent_armijo(with_gradient_of_size(f, entries), Vector{{1.0}}); },
            {"gradient_descent_armijo", "gradient", std::to_string(entries) + " entries"}))
            << "a gradient of " << entries << " entries at a point with n = 1";
}


TEST(BacktrackingLineSearch, ShrinksByTheGivenFactor) {
    // f(x) = x^2 at x = 1 along d = -2.25 with c1 = 1/2 (g^T d = -4.5); t = 1 fails (above).
    //   shrink 1/4: t = 1/4 gives f(0.4375) = 0.19140625 <= 1 - 0.5 * 0.25 * 4.5 = 0.4375: 2 trials
    //               (shrink 1/2 reaches the same t in 3 trials: the count tells them apart).
    //   shrink 0.1: t = 0.1 gives f(0.775) = 0.600625 <= 1 - 0.5 * 0.1 * 4.5 = 0.775: 2 trials.
    const Objective f = square_with_domain();
    const Vector x{{1.0}}, g{{2.0}}, d{{-2.25}};
    const LineSearchResult quarter = backtracking_line_search(f, x, 1.0, g, d, {1.0, 0.25, 0.5, 60});
    EXPECT_EQ(quarter.step, 0.25);
    EXPECT_EQ(quarter.value_evaluations, 2) << "trials t = 1 and t = 1/4: shrink = 1/4 multiplies t by 1/4";
    const LineSearchResult tenth = backtracking_line_search(f, x, 1.0, g, d, {1.0, 0.1, 0.5, 60});
    EXPECT_EQ(tenth.step, 0.1) << "shrink = 0.1: the second trial is t = 0.1";
    EXPECT_EQ(tenth.value_evaluations, 2);
}

TEST(BacktrackingLineSearch, TakesTheSameStepOnAScaledObjective) {
    // The Armijo test f(x + t d) <= f(x) + c1 t g^T d is homogeneous in f: on c f (value and
    // gradient times c, the same direction d) every comparison is the one on f times c, exact for c a
    // power of two. The accepted step and the number of trials must not depend on c.
    for (int trial = 0; trial < 5; ++trial) {
        const std::uint64_t seed = 2300 + trial;
        const Vector x = 1.5 * random_vector(3, seed);
        const Vector d = -rosenbrock_gradient(x);
        const LineSearchResult base = backtracking_line_search(rosenbrock(), x, rosenbrock_value(x),
                                                               rosenbrock_gradient(x), d);
        for (double c : kScales) {
            const LineSearchResult r = backtracking_line_search(scaled(rosenbrock(), c), x, c * rosenbrock_value(x),
                                                                c * rosenbrock_gradient(x), d);
            EXPECT_EQ(r.step, base.step) << "seed " << seed << ", f scaled by " << c;
            EXPECT_EQ(r.value_evaluations, base.value_evaluations) << "seed " << seed << ", f scaled by " << c;
            EXPECT_EQ(r.value, c * base.value) << "seed " << seed << ", f scaled by " << c;
        }
    }
}

TEST(BacktrackingLineSearch, RefusesAZeroSlopeAndEveryOutOfRangeConfig) {
    const Objective f = square_with_domain();
    const Vector x{{1.0}}, g{{2.0}}, d{{-2.0}};
    const double inf = std::numeric_limits<double>::infinity(), nan = std::nan("");
    EXPECT_TRUE(backtracking_line_search(f, x, 1.0, g, d).accepted) << course::testing::kValidCallFirst;
    // g^T d = 0 exactly: not a descent direction (along d f does not decrease to first order).
    const Objective plane{[](const Vector& y) { return y[0]; }, {}, {}};
    EXPECT_TRUE(ThrowsInvalidArgument(
        [&] { backtracking_line_search(plane, Vector{{0.0, 0.0}}, 0.0, Vector{{1.0, 0.0}}, Vector{{0.0, 1.0}}); },
        {"backtracking_line_search", "descent"}))
        << "g = (1, 0), d = (0, 1): g^T d = 0 is not < 0";
    EXPECT_TRUE(ThrowsInvalidArgument([&] { backtracking_line_search(f, x, 1.0, Vector{{0.0}}, d); },
                                      {"backtracking_line_search", "descent"}))
        << "g = 0: g^T d = 0 for every d";
    EXPECT_TRUE(ThrowsInvalidArgument([&] { backtracking_line_search(f, x, 1.0, g, Vector{{nan}}); },
                                      {"backtracking_line_search", "descent"}))
        << "d = NaN: g^T d is NaN, not < 0";
    for (double t0 : {0.0, -1.0, nan, inf, -inf})
        EXPECT_TRUE(ThrowsInvalidArgument([&] { backtracking_line_search(f, x, 1.0, g, d, {t0, 0.5, 1e-4, 60}); },
                                          {"backtracking_line_search", "initial_step"}))
            << "initial_step = " << t0;
    for (double shrink : {0.0, -0.5, 1.0, nan, inf, -inf})
        EXPECT_TRUE(ThrowsInvalidArgument([&] { backtracking_line_search(f, x, 1.0, g, d, {1.0, shrink, 1e-4, 60}); },
                                          {"backtracking_line_search", "shrink"}))
            << "shrink = " << shrink << " (0 would try t = 0, then stop nowhere)";
    for (double c1 : {0.0, -1e-4, 1.0, nan, inf, -inf})
        EXPECT_TRUE(ThrowsInvalidArgument([&] { backtracking_line_search(f, x, 1.0, g, d, {1.0, 0.5, c1, 60}); },
                                          {"backtracking_line_search", "c1"}))
            << "c1 = " << c1;
    EXPECT_TRUE(ThrowsInvalidArgument([&] { backtracking_line_search(f, x, 1.0, g, d, {1.0, 0.5, 1e-4, -1}); },
                                      {"backtracking_line_search", "max_backtracks", "-1"}));
    for (double fx : {inf, -inf})
        EXPECT_TRUE(ThrowsInvalidArgument([&] { backtracking_line_search(f, x, fx, g, d); }, {"fx"})) << "fx = " << fx;
    EXPECT_TRUE(ThrowsInvalidArgument([&] { backtracking_line_search(f, x, 1.0, Vector{{2.0, 0.0}}, d); },
                                      {"backtracking_line_search", "gx 2"}));
    EXPECT_TRUE(ThrowsInvalidArgument([&] { backtracking_line_search(Objective{}, x, 1.0, g, d); },
                                      {"backtracking_line_search", "value"}))
        << "an objective without a value function";
}

TEST(GradientDescentArmijo, ToleranceIsStrictAndAnExactZeroGradientStops) {
    // f(x) = x^2 from x0 = 1 (g_0 = 2) with the default config: t = 1 gives f(-1) = 1 > 1 - 4e-4,
    // rejected; t = 1/2 lands exactly on the minimizer, x_1 = 0, where g_1 = 0.
    const Objective f = square_with_domain();
    {
        // tol = 2 = ||g_0||: not below it, so one step; then ||g_1|| = 0 < 2.
        const auto counted_f = counted(f);
        const OptimizeResult r = gradient_descent_armijo(counted_f.objective, Vector{{1.0}}, {}, {2.0, 100});
        EXPECT_TRUE(r.converged);
        EXPECT_EQ(r.iterations, 1) << "||g_0|| = 2 equals tol = 2: the rule is ||g|| < tol, not <=";
        EXPECT_EQ(r.x[0], 0.0);
        EXPECT_TRUE(CountsMatch(r, *counted_f.counts));
        EXPECT_EQ(r.value_evaluations, 3) << "f(x_0) and the trials t = 1 and t = 1/2; f(x_1) is the second trial's value";
        EXPECT_EQ(r.gradient_evaluations, 2) << "g_0 and g_1";
    }
    {
        // tol = 0: no norm is below it, but g_1 = 0 exactly is a stationary point: stop, converged
        // (the line search would refuse d = -g_1 = 0, whose slope g^T d = 0 is not negative).
        const OptimizeResult r = gradient_descent_armijo(f, Vector{{1.0}}, {}, {0.0, 100});
        EXPECT_TRUE(r.converged) << "an exactly zero gradient stops the run, converged, whatever the tolerance";
        EXPECT_EQ(r.iterations, 1);
        EXPECT_EQ(r.x[0], 0.0);
        EXPECT_TRUE(HistoryConsistent(r, 1.0));
    }
    {
        // Started on the minimizer with tol = 0: zero steps, one f and one gradient.
        const auto counted_f = counted(f);
        const OptimizeResult r = gradient_descent_armijo(counted_f.objective, Vector{{0.0}}, {}, {0.0, 100});
        EXPECT_TRUE(r.converged);
        EXPECT_EQ(r.iterations, 0);
        EXPECT_TRUE(CountsMatch(r, *counted_f.counts));
        EXPECT_EQ(r.value_evaluations, 1);
    }
}

TEST(GradientDescentArmijo, StopsOnMaxIterations) {
    // Rosenbrock from (-1.2, 1) needs thousands of steps: caps of 0, 1 and 5 are all reached.
    const Vector x0{{-1.2, 1.0}};
    for (int max_iterations : {0, 1, 5}) {
        const auto counted_f = counted(rosenbrock());
        const OptimizeResult r = gradient_descent_armijo(counted_f.objective, x0, {}, {1e-8, max_iterations});
        EXPECT_FALSE(r.converged) << "max_iterations = " << max_iterations;
        EXPECT_EQ(r.iterations, max_iterations);
        EXPECT_TRUE(HistoryConsistent(r, rosenbrock_value(x0))) << "max_iterations = " << max_iterations;
        EXPECT_TRUE(CountsMatch(r, *counted_f.counts)) << "max_iterations = " << max_iterations;
        EXPECT_EQ(r.gradient_evaluations, max_iterations + 1) << "one gradient per iterate x_0 .. x_k";
    }
}

TEST(GradientDescentArmijo, PassesItsConfigToTheLineSearch) {
    // f(x) = x^2 from x0 = 1, g_0 = 2, d = -2, one step (max_iterations = 1), tol 0. With the
    // default config x_1 = 0 (above); each changed field moves x_1 elsewhere:
    //   initial_step 1/4:  t = 1/4: f(1/2) = 1/4 <= 1 - 1e-4, accepted: x_1 = 1/2
    //   shrink 0.1:        t = 1 fails, t = 0.1: f(0.8) = 0.64 <= 1 - 4e-5, accepted: x_1 = 1 - 0.1 * 2
    //   c1 0.9:            t = 1, 1/2, 1/4, 1/8 fail (f = 1, 0, 1/4, 9/16 against 1 - 3.6 t);
    //                      t = 1/16: f(7/8) = 0.765625 <= 0.775, accepted: x_1 = 7/8
    //   max_backtracks 0:  t = 1 fails and no other trial is allowed: the run stops at x_0 = 1
    const Objective f = square_with_domain();
    const StopRule one_step{0.0, 1};
    EXPECT_EQ(gradient_descent_armijo(f, Vector{{1.0}}, {0.25, 0.5, 1e-4, 60}, one_step).x[0], 0.5) << "initial_step";
    EXPECT_EQ(gradient_descent_armijo(f, Vector{{1.0}}, {1.0, 0.1, 1e-4, 60}, one_step).x[0], 1.0 + 0.1 * -2.0)
        << "shrink";
    const OptimizeResult c1 = gradient_descent_armijo(f, Vector{{1.0}}, {1.0, 0.5, 0.9, 60}, one_step);
    EXPECT_EQ(c1.x[0], 0.875) << "c1";
    EXPECT_EQ(c1.value_evaluations, 6) << "f(x_0) and five trials";
    EXPECT_EQ(gradient_descent_armijo(f, Vector{{1.0}}, {1.0, 0.5, 1e-4, 0}, one_step).x[0], 1.0) << "max_backtracks";
}

TEST(GradientDescentArmijo, TakesTheSameStepsOnAScaledObjective) {
    // Gradient descent moves along d = -g, which scales with f: on c f the trial points are
    // x + t (c d), so the search must start at initial_step / c to try the same points. Then the
    // slope g^T d is c^2 times the one on f, and every comparison the one on f times c: with c a
    // power of two, bit for bit the same run. (c^2 limits c to 2^-250 .. 2^250 here: the slope
    // c^2 ||g||^2 must stay a normal double down to ||g|| = tol.)
    const Vector x0{{-1.2, 1.0}};
    const OptimizeResult base = gradient_descent_armijo(rosenbrock(), x0, {}, {1e-3, 100000});
    ASSERT_TRUE(base.converged);
    for (double c : {std::ldexp(1.0, -250), std::ldexp(1.0, -50), std::ldexp(1.0, 50), std::ldexp(1.0, 250)}) {
        const OptimizeResult r =
            gradient_descent_armijo(scaled(rosenbrock(), c), x0, {1.0 / c, 0.5, 1e-4, 60}, {c * 1e-3, 100000});
        EXPECT_TRUE(r.converged) << "f scaled by " << c;
        EXPECT_EQ(r.iterations, base.iterations) << "f scaled by " << c;
        EXPECT_TRUE(AllClose(r.x, base.x, {0.0, 0.0})) << "f scaled by " << c;
    }
}

TEST(GradientDescentArmijo, RefusesEveryOutOfRangeConfigAndMissingCallbacks) {
    const Objective f = square_with_domain();
    const double inf = std::numeric_limits<double>::infinity(), nan = std::nan("");
    EXPECT_TRUE(gradient_descent_armijo(f, Vector{{1.0}}).converged) << course::testing::kValidCallFirst;
    for (double shrink : {0.0, -0.5, 1.0, nan, inf})
        EXPECT_TRUE(ThrowsInvalidArgument([&] { gradient_descent_armijo(f, Vector{{1.0}}, {1.0, shrink, 1e-4, 60}); },
                                          {"gradient_descent_armijo", "shrink"}))
            << "shrink = " << shrink;
    for (double c1 : {0.0, 1.0, nan, -inf})
        EXPECT_TRUE(ThrowsInvalidArgument([&] { gradient_descent_armijo(f, Vector{{1.0}}, {1.0, 0.5, c1, 60}); },
                                          {"gradient_descent_armijo", "c1"}))
            << "c1 = " << c1;
    for (double t0 : {-1.0, nan, inf})
        EXPECT_TRUE(ThrowsInvalidArgument([&] { gradient_descent_armijo(f, Vector{{1.0}}, {t0, 0.5, 1e-4, 60}); },
                                          {"gradient_descent_armijo", "initial_step"}))
            << "initial_step = " << t0;
    for (double tol : {nan, inf, -1.0})
        EXPECT_TRUE(ThrowsInvalidArgument([&] { gradient_descent_armijo(f, Vector{{1.0}}, {}, {tol, 10}); },
                                          {"gradient_descent_armijo", "gradient_tolerance"}))
            << "gradient_tolerance = " << tol;
    EXPECT_TRUE(ThrowsInvalidArgument([&] { gradient_descent_armijo(f, Vector{{inf}}); }, {"gradient_descent_armijo", "x0"}));
    Objective no_gradient = f;
    no_gradient.gradient = nullptr;
    EXPECT_TRUE(ThrowsInvalidArgument([&] { gradient_descent_armijo(no_gradient, Vector{{1.0}}); },
                                      {"gradient_descent_armijo", "gradient"}));
}

TEST(BacktrackingLineSearch, AcceptsATrialExactlyOnTheArmijoLine) {
    // The condition is f(x + t d) <= f(x) + c1 t g^T d, equality included. f(x) = x^2 at x = 1 along
    // d = -2 (g^T d = -4) with c1 = 1/2: t = 1 gives f(-1) = 1 > 1 - 2 = -1; t = 1/2 gives
    // f(0) = 0 = 1 - 0.5 * 0.5 * 4, exactly on the line (every number exact): accepted. A strict
    // comparison rejects it and goes on to t = 1/4.
    const LineSearchResult r = backtracking_line_search(square_with_domain(), Vector{{1.0}}, 1.0, Vector{{2.0}},
                                                        Vector{{-2.0}}, {1.0, 0.5, 0.5, 60});
    EXPECT_TRUE(r.accepted);
    EXPECT_EQ(r.step, 0.5) << "f(x + t d) = f(x) + c1 t g^T d satisfies the condition (<=, not <)";
    EXPECT_EQ(r.value_evaluations, 2);
}

// ---- A decrease that rounding hides ----

// one_plus_square: f(x) = 1 + x0^2, minimum f* = 1 at 0. Near 0 the term x0^2 falls below half an
// ulp of 1 (2^-53) and f(x) rounds to exactly 1: the doubles cannot show any decrease there.
Objective one_plus_square() {
    return Objective{[](const Vector& x) { return 1.0 + x[0] * x[0]; },
                     [](const Vector& x) -> Vector { return Vector::Constant(1, 2.0 * x[0]); }, {}};
}

TEST(BacktrackingLineSearch, RefusesATrialThatDoesNotDecreaseF) {
    // At x = 2^-30: f(x) = 1 + 2^-60, which rounds to 1; g = 2^-29, d = -g, g^T d = -2^-58. The Armijo
    // bound 1 - c1 t 2^-58 rounds to 1 for every t <= 1, so "f(x + t d) <= bound" holds for a trial
    // that does not decrease f at all: t = 1 lands on -2^-30, f = 1 again. The contract asks for
    // f(x + t d) < f(x) too. Every trial t = 1, 1/2, 1/4, 1/8 gives f = 1 (x = -2^-30, 0, 2^-31,
    // 2^-30 * 3/4; x^2 <= 2^-60): none is accepted, all four are evaluated.
    const double x0 = std::ldexp(1.0, -30);
    const Vector x{{x0}}, g{{2.0 * x0}}, d{{-2.0 * x0}};
    ASSERT_EQ(1.0 + x0 * x0, 1.0) << "the premise: f(x) rounds to 1";
    const LineSearchResult r = backtracking_line_search(one_plus_square(), x, 1.0, g, d, {1.0, 0.5, 1e-4, 3});
    EXPECT_FALSE(r.accepted) << "accepted t = " << r.step << " with f(x + t d) = " << r.value
                             << " = f(x): the Armijo bound f(x) + c1 t g^T d rounds to f(x) here, so the test "
                                "must also ask for f(x + t d) < f(x)";
    EXPECT_EQ(r.value_evaluations, 4) << "max_backtracks = 3: the trials t = 1, 1/2, 1/4, 1/8";
    EXPECT_EQ(r.step, 0.125) << "the last trial";
}

TEST(GradientDescentArmijo, StopsWhenRoundingHidesTheDecrease) {
    // f(x) = 1 + (3 (x0 - 1)^2 + (x1 - 1)^2) / 2, f* = 1 at (1, 1), from x0 = 0 with tol = 1e-12.
    // Near x* the decrease c1 t ||g||^2 of a step falls below the rounding of f (ulp(1) = 2.2e-16)
    // long before ||g|| reaches 1e-12, and once f - f* < 2^-53, f(x) rounds to exactly 1: no step
    // can show a decrease. The contract: the history decreases strictly, and the run stops, not
    // converged, when the line search finds no decrease. The reference stops after 27 steps and 116
    // evaluations of f (f(x_0), about 2 trials per step, then 61 failed trials). The caps 100 and
    // 400 leave room for another order of operations: each step with t in [1/4, 1/2] at least
    // multiplies f - f* by 9/16, so f - f* = 2 reaches 2^-53 within 70 steps. A search that accepts
    // f(x + t d) = f(x) (its Armijo bound rounds to f(x)) runs on to max_iterations = 10000 instead.
    const Objective f{[](const Vector& x) { return 1.0 + 0.5 * (3.0 * (x[0] - 1) * (x[0] - 1) + (x[1] - 1) * (x[1] - 1)); },
                      [](const Vector& x) -> Vector { return Vector{{3.0 * (x[0] - 1), x[1] - 1}}; }, {}};
    const auto counted_f = counted(f);
    const OptimizeResult r = gradient_descent_armijo(counted_f.objective, Vector::Zero(2), {}, {1e-12, 10000});
    EXPECT_FALSE(r.converged) << "||grad f|| = " << f.gradient(r.x).norm() << " after " << r.iterations << " iterations";
    EXPECT_LT(r.iterations, 100) << "the run should stop once rounding hides the decrease, not go on to max_iterations";
    EXPECT_LT(r.value_evaluations, 400);
    EXPECT_TRUE(CountsMatch(r, *counted_f.counts));
    EXPECT_TRUE(HistoryConsistent(r, 3.0));
    for (size_t k = 0; k + 1 < r.history.size(); ++k) {
        ASSERT_LT(r.history[k + 1], r.history[k])
            << "f did not decrease at step " << k << ": f(x_k) = " << r.history[k] << ", f(x_{k+1}) = " << r.history[k + 1]
            << "; below the rounding level of f the Armijo bound equals f(x), so also ask for f(x + t d) < f(x)";
    }
}

TEST(BacktrackingLineSearch, JudgesBySlopeWhereTheValuesCannotTell) {
    // The case of RefusesATrialThatDoesNotDecreaseF with ArmijoTest::values_or_slope. Every trial
    // value is 1 = f(x): (1) fails, but each is within the rounding band, so the slope decides, with
    // the bound (2 c1 - 1) g^T d = (1 - 2e-4) 2^-58:
    //   t = 1:   x = -2^-30, grad f = -2^-29, slope grad^T d = +2^-58 > (1 - 2e-4) 2^-58: rejected
    //   t = 1/2: x = 0 (the minimizer), grad f = 0, slope 0 <= the bound: accepted.
    const double x0 = std::ldexp(1.0, -30);
    const Vector x{{x0}}, g{{2.0 * x0}}, d{{-2.0 * x0}};
    const LineSearchResult r =
        backtracking_line_search(one_plus_square(), x, 1.0, g, d, {1.0, 0.5, 1e-4, 3}, ArmijoTest::values_or_slope);
    EXPECT_TRUE(r.accepted) << "t = 1/2 lands on the minimizer, where the slope along d is 0: condition (2) holds";
    EXPECT_EQ(r.step, 0.5) << "t = 1 overshoots to -2^-30, where the slope along d is positive: rejected by (2)";
    EXPECT_EQ(r.value, 1.0);
    EXPECT_EQ(r.value_evaluations, 2);
    EXPECT_EQ(r.gradient_evaluations, 2) << "one slope per trial that fails (1) within the rounding band";
}

// flat_value_with_slope: f(y) = `value` everywhere and grad f(y) = (-slope), so that along d = (-1)
// grad f^T d = slope: a made-up objective (its gradient is not f's) that sets the two numbers
// condition (2) looks at.
Objective flat_value_with_slope(double value, double slope) {
    return Objective{[value](const Vector&) { return value; },
                     [slope](const Vector&) -> Vector { return Vector::Constant(1, -slope); }, {}};
}

TEST(BacktrackingLineSearch, ApproximateArmijoUsesTheBandAndC1AsStated) {
    // From x = 0 with f(x) = 1, g = (2), d = (-1): g^T d = -2. One trial (max_backtracks = 0).
    // The band is armijo_rounding_band(1) = 2^-44 = 256 eps: a trial value of 1 + 192 eps is inside,
    // 1 + 320 eps outside (both exact doubles). The slope bound is (2 c1 - 1) g^T d = 2 (1 - 2 c1).
    const double eps = std::numeric_limits<double>::epsilon();
    const Vector x{{0.0}}, g{{2.0}}, d{{-1.0}};
    const ArmijoConfig one_trial{1.0, 0.5, 0.25, 0};  // c1 = 1/4: the slope bound is 2 * 0.5 = 1
    const auto search = [&](double value, double slope_along_d) {
        return backtracking_line_search(flat_value_with_slope(value, slope_along_d), x, 1.0, g, d, one_trial,
                                        ArmijoTest::values_or_slope);
    };
    EXPECT_EQ(armijo_rounding_band(1.0), 256 * eps);
    EXPECT_EQ(armijo_rounding_band(-4.0), 1024 * eps) << "relative to |f(x)|";
    {
        const LineSearchResult r = search(1.0 + 192 * eps, 0.0);
        EXPECT_TRUE(r.accepted) << "a value 192 eps above f(x) = 1 is within the band 2^-44 |f(x)| = 256 eps, and the "
                                   "slope 0 satisfies (2)";
        EXPECT_EQ(r.gradient_evaluations, 1);
    }
    {
        const LineSearchResult r = search(1.0 + 320 * eps, 0.0);
        EXPECT_FALSE(r.accepted) << "a value 320 eps above f(x) = 1 is beyond the band 256 eps: f went up, whatever "
                                    "the slope says";
        EXPECT_EQ(r.gradient_evaluations, 0) << "no slope is needed outside the band";
        EXPECT_TRUE(search(1.0 + 256 * eps, 0.0).accepted)
            << "a value exactly f(x) + armijo_rounding_band(f(x)) = 1 + 2^-44 is within the band (<=)";
    }
    {
        // The slope bound with c1 = 1/4 is exactly 1: a slope of 1 passes (<=), 1.25 fails; with the
        // default c1 = 1e-4 the bound would be 1.9996 and 1.25 would pass.
        EXPECT_TRUE(search(1.0, 1.0).accepted) << "grad f^T d = 1 = (2 c1 - 1) g^T d: on the bound, accepted";
        EXPECT_FALSE(search(1.0, 1.25).accepted) << "grad f^T d = 1.25 > (2 c1 - 1) g^T d = 1 with c1 = 1/4";
    }
    {
        // A NaN value is rejected without a gradient; so is a NaN slope.
        const LineSearchResult r = search(std::nan(""), 0.0);
        EXPECT_FALSE(r.accepted);
        EXPECT_EQ(r.gradient_evaluations, 0);
        EXPECT_FALSE(search(1.0, std::nan("")).accepted) << "a NaN slope must fail (2)";
    }
    {
        // A trial that passes (1) needs no slope, and ArmijoTest::values never asks for one.
        const LineSearchResult r = search(0.5, 100.0);
        EXPECT_TRUE(r.accepted);
        EXPECT_EQ(r.gradient_evaluations, 0) << "f(x + t d) = 0.5 passes (1): no gradient needed";
        const Objective f = flat_value_with_slope(1.0, 0.0);
        const LineSearchResult v = backtracking_line_search(f, x, 1.0, g, d, one_trial);
        EXPECT_FALSE(v.accepted) << "ArmijoTest::values (the default) does not look at slopes";
        EXPECT_EQ(v.gradient_evaluations, 0);
    }
    Objective no_gradient = one_plus_square();
    no_gradient.gradient = nullptr;
    EXPECT_TRUE(ThrowsInvalidArgument(
        [&] { backtracking_line_search(no_gradient, x, 1.0, g, d, one_trial, ArmijoTest::values_or_slope); },
        {"backtracking_line_search", "gradient"}))
        << "values_or_slope needs the gradient function";
}

}  // namespace
}  // namespace course::optimization
