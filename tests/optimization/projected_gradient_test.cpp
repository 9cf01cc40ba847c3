// Tests for the projected gradient exercise (modules/optimization/learner/projected_gradient.cpp):
// project_box, project_simplex and projected_gradient_descent.
//
// Oracles: projections worked out by hand below; for the simplex on seeded random inputs, the
// threshold theta found by bisection on the monotone function sum_i max(x_i - theta, 0) (a
// different algorithm from the sort-based one), and the characterization of a projection onto a
// convex set, (x - P(x))^T (y - P(x)) <= 0 for every y in the set; for the descent, problems whose
// constrained minimizer is known in closed form, and a gradient descent loop written here.
// Bad-input tests first call the function on valid input, so that a stub shows "not started".
#include "optimization/projected_gradient.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <functional>
#include <limits>
#include <memory>
#include <string>
#include <utility>
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
using testing::with_gradient_of_size;

constexpr double u = unit_roundoff<double>();
constexpr double inf = std::numeric_limits<double>::infinity();

// ---- project_box ----

TEST(ProjectBox, ClampsEachEntryToItsInterval) {
    // Entry by entry: below, inside, above, on a bound, and with infinite bounds (no clamp).
    const Vector x{{-3, 0.25, 7, 1, -1e300, 1e300}};
    const Vector lower{{-1, 0, 0, 1, -inf, 0}};
    const Vector upper{{1, 1, 2, 2, 0, inf}};
    EXPECT_TRUE(AllClose(project_box(x, lower, upper), Vector{{-1, 0.25, 2, 1, -1e300, 1e300}}, {0.0, 0.0}))
        << "clamping is exact: each entry is x_i, lower_i or upper_i";
}

TEST(ProjectBox, IsIdempotentAndNonExpansive) {
    // A projection onto a convex set satisfies P(P(x)) = P(x) and ||P(x) - P(y)|| <= ||x - y||.
    const int n = 17;
    const Vector lower = -0.5 * Vector::Ones(n), upper = 0.3 * Vector::Ones(n);
    const Vector x = 2.0 * random_vector(n, 5), y = 2.0 * random_vector(n, 6);
    const Vector px = project_box(x, lower, upper), py = project_box(y, lower, upper);
    EXPECT_TRUE(AllClose(project_box(px, lower, upper), px, {0.0, 0.0})) << "P(P(x)) = P(x); n = 17, seed 5";
    EXPECT_LE((px - py).norm(), (x - y).norm() * (1 + 4 * u)) << "n = 17, seeds 5 and 6";
}

TEST(ProjectBox, RefusesAnEmptyBoxAndMismatchedSizes) {
    EXPECT_TRUE(AllClose(project_box(Vector{{0.5}}, Vector{{0}}, Vector{{1}}), Vector{{0.5}}, {0.0, 0.0}))
        << course::testing::kValidCallFirst;
    EXPECT_TRUE(ThrowsInvalidArgument([] { project_box(Vector{{0, 0}}, Vector{{0, 2}}, Vector{{1, 1}}); },
                                      {"project_box", "lower[1] = 2", "upper[1] = 1", "empty"}));
    EXPECT_TRUE(ThrowsInvalidArgument([] { project_box(Vector{{0, 0}}, Vector{{0}}, Vector{{1, 1}}); },
                                      {"project_box", "lower has 1"}));
}

// ---- project_simplex ----

// Hand-worked, with u = x sorted decreasingly, s_j its partial sums, theta_j = (s_j - 1) / j:
//   (2, 0):          j = 1: 2 > (2 - 1)/1 = 1;  j = 2: 0 > (2 - 1)/2 false.  theta = 1, P = (1, 0).
//   (1, 1):          j = 2: 1 > (2 - 1)/2 = 1/2.  theta = 1/2, P = (1/2, 1/2).
//   (0.5, -10, 0.2): u = (0.5, 0.2, -10); j = 2: 0.2 > (0.7 - 1)/2 = -0.15; j = 3: -10 > (-9.3 - 1)/3
//                    false.  theta = -0.15, P = (0.65, 0, 0.35).
//   (-1, -2, -3):    j = 1: -1 > (-1 - 1)/1 = -2; j = 2: -2 > (-3 - 1)/2 = -2 false.  theta = -2,
//                    P = (1, 0, 0): far from the simplex, the projection is its nearest vertex.
//   (5):             theta = 4, P = (1).
TEST(ProjectSimplex, MatchesHandWorkedCases) {
    // One subtraction per entry after a short sum: a few roundings of size u.
    const course::testing::Tolerance tol{8 * u, 0.0};
    EXPECT_TRUE(AllClose(project_simplex(Vector{{2, 0}}), Vector{{1, 0}}, tol)) << "x = (2, 0)";
    EXPECT_TRUE(AllClose(project_simplex(Vector{{1, 1}}), Vector{{0.5, 0.5}}, tol)) << "x = (1, 1)";
    EXPECT_TRUE(AllClose(project_simplex(Vector{{0.5, -10, 0.2}}), Vector{{0.65, 0, 0.35}}, tol))
        << "x = (0.5, -10, 0.2): theta = -0.15; only the two entries that stay positive share the shift";
    EXPECT_TRUE(AllClose(project_simplex(Vector{{-1, -2, -3}}), Vector{{1, 0, 0}}, tol)) << "x = (-1, -2, -3)";
    EXPECT_TRUE(AllClose(project_simplex(Vector{{5}}), Vector{{1}}, tol)) << "x = (5)";
}

TEST(ProjectSimplex, LeavesPointsOfTheSimplexInPlace) {
    const Vector p{{0.125, 0.5, 0.375, 0}};  // dyadic entries summing to 1 exactly
    EXPECT_TRUE(AllClose(project_simplex(p), p, {4 * u, 0.0})) << "p is already on the simplex";
}

// bisection_threshold: the oracle. phi(theta) = sum_i max(x_i - theta, 0) - 1 decreases strictly
// where it is positive, from phi(min x - 1) >= n - 1 >= 0 to phi(max x) = -1; 200 halvings shrink
// the bracket below the spacing of doubles, so theta is found to rounding.
double bisection_threshold(const Vector& x) {
    double lo = x.minCoeff() - 1.0, hi = x.maxCoeff();
    for (int it = 0; it < 200; ++it) {
        const double mid = 0.5 * (lo + hi);
        const double phi = (x.array() - mid).cwiseMax(0.0).sum() - 1.0;
        (phi > 0.0 ? lo : hi) = mid;
    }
    return 0.5 * (lo + hi);
}

TEST(ProjectSimplex, MatchesBisectionOracleOnRandomInputs) {
    for (int n : {1, 2, 7, 100, 1001}) {
        for (double scale : {0.1, 1.0, 30.0}) {
            const std::uint64_t seed = 500 + std::uint64_t(n);
            const Vector x = scale * random_vector(n, seed);
            const Vector p = project_simplex(x);
            ASSERT_EQ(p.size(), n);
            const Vector want = (x.array() - bisection_threshold(x)).cwiseMax(0.0).matrix();
            // theta is a sum of up to n entries of size `scale`, divided by rho: its rounding error is
            // about n u scale; every entry of P inherits it.
            EXPECT_TRUE(AllClose(p, want, {4 * n * u * scale + 4 * u, 0.0}))
                << "n = " << n << ", entries uniform in [-" << scale << ", " << scale << "), seed " << seed;
            EXPECT_GE(p.minCoeff(), 0.0) << "n = " << n << ", seed " << seed << ": a probability is never negative";
            EXPECT_NEAR(p.sum(), 1.0, 4 * n * u * (1.0 + scale))
                << "n = " << n << ", scale " << scale << ", seed " << seed
                << ": the entries must sum to 1; if they do not, the shift theta was shared by entries that "
                   "were then clipped to 0";
        }
    }
}

TEST(ProjectSimplex, SatisfiesTheVariationalInequality) {
    // p = P(x) iff (x - p)^T (y - p) <= 0 for every y in the simplex (Beck, Theorem 6.41); the
    // vertices e_j span the simplex, so checking y = e_j for every j suffices. Rounding: the inner
    // product of n terms of size ||x||, 4 n u ||x||^2.
    const int n = 50;
    const Vector x = 3.0 * random_vector(n, 9);
    const Vector p = project_simplex(x);
    ASSERT_EQ(p.size(), n);
    const double slack = 4 * n * u * (1.0 + x.squaredNorm());
    for (int j = 0; j < n; ++j) {
        const Vector y = Vector::Unit(n, j);
        EXPECT_LE((x - p).dot(y - p), slack) << "vertex e_" << j << " of the simplex in R^" << n << ", seed 9";
    }
}

TEST(ProjectSimplex, RefusesEmptyOrNonFiniteInput) {
    EXPECT_EQ(project_simplex(Vector{{0.5, 0.5}}).size(), 2) << course::testing::kValidCallFirst;
    EXPECT_TRUE(ThrowsInvalidArgument([] { project_simplex(Vector(0)); }, {"project_simplex", "empty"}));
    EXPECT_TRUE(ThrowsInvalidArgument([] { project_simplex(Vector{{1, std::nan("")}}); }, {"project_simplex", "NaN"}));
}

// ---- projected_gradient_descent ----

// distance_objective: f(x) = 1/2 ||x - z||^2, grad f = x - z, L = 1. Its minimizer over C is P_C(z).
Objective distance_objective(const Vector& z) {
    return Objective{[z](const Vector& x) { return 0.5 * (x - z).squaredNorm(); },
                     [z](const Vector& x) -> Vector { return x - z; }, {}};
}

TEST(ProjectedGradientDescent, StepOneOnADistanceReachesTheProjectionInOneStep) {
    // With step 1 / L = 1: x_1 = P(x_0 - (x_0 - z)) = P(z), the minimizer; then G_1 = x_1 - P(z) = 0.
    // z = (2, -3, 0.5) in the box [0, 1]^3: x* = (1, 0, 0.5), where grad f = (-1, 3, 0) is NOT zero.
    const Vector z{{2, -3, 0.5}};
    const Vector lower = Vector::Zero(3), upper = Vector::Ones(3);
    auto box = [&](const Vector& y) { return project_box(y, lower, upper); };
    auto [objective, counts] = counted(distance_objective(z));
    const OptimizeResult r = projected_gradient_descent(objective, box, Vector{{0.5, 0.5, 0.5}}, 1.0, {1e-12, 50});
    EXPECT_TRUE(r.converged) << "stop on ||G_k|| = ||x_k - P(x_k - step g_k)|| / step, not on ||grad f||, which "
                                "stays ||(-1, 3, 0)|| at the constrained minimizer";
    EXPECT_EQ(r.iterations, 1);
    EXPECT_TRUE(AllClose(r.x, Vector{{1, 0, 0.5}}, {0.0, 0.0})) << "x* = P(z) = (1, 0, 0.5), exactly";
    EXPECT_TRUE(CountsMatch(r, *counts));
    EXPECT_EQ(r.value_evaluations, 2) << "f at x_0 and x_1";
    EXPECT_TRUE(HistoryConsistent(r, 0.5 * (Vector{{0.5, 0.5, 0.5}} - z).squaredNorm()));
}

TEST(ProjectedGradientDescent, StartsFromTheProjectionOfX0) {
    // x0 = (5, 5) is outside [0, 1]^2: the run starts at x_0 = (1, 1) and f(x_0) is recorded there.
    const Vector z{{0.25, 0.75}};
    auto box = [](const Vector& y) { return project_box(y, Vector::Zero(2), Vector::Ones(2)); };
    const OptimizeResult r = projected_gradient_descent(distance_objective(z), box, Vector{{5, 5}}, 0.5, {1e-10, 200});
    ASSERT_FALSE(r.history.empty());
    EXPECT_DOUBLE_EQ(r.history.front(), 0.5 * (Vector{{1, 1}} - z).squaredNorm())
        << "history[0] is f(project(x0)) = f(1, 1), not f(x0) = f(5, 5)";
    EXPECT_TRUE(r.converged);
    // Inside the box the iteration is x_{k+1} - z = (1 - step)(x_k - z): ||G|| < 1e-10 leaves an error
    // below 1e-10 (G = x_k - z here).
    EXPECT_TRUE(AllClose(r.x, z, {1e-10, 0.0}));
}

TEST(ProjectedGradientDescent, MinimizesAQuadraticOverTheSimplex) {
    // minimize 1/2 x^T D x over the simplex, D = diag(1, 2, 4). KKT: d_i x_i = nu for every i with
    // x_i > 0; all three are positive here, so x_i = nu / d_i with sum 1: nu (1 + 1/2 + 1/4) = 1,
    // nu = 4/7, x* = (4/7, 2/7, 1/7).
    const testing::Quadratic q = testing::diagonal_quadratic(Vector{{1, 2, 4}}, Vector::Zero(3));
    auto simplex = [](const Vector& y) { return project_simplex(y); };
    // step 1 / L = 1/4. For a mu-strongly convex f (mu = 1 here) and step <= 1 / L, the gradient
    // mapping bounds the distance to the minimizer: ||x - x*|| <= 2 ||G|| / mu (Beck, First-Order
    // Methods, ch. 10), so ||G|| < 1e-12 puts x within 2e-12 of x*; 1e-11 adds room for rounding.
    auto [objective, counts] = counted(q.objective());
    const OptimizeResult r = projected_gradient_descent(objective, simplex, Vector{{1, 0, 0}}, 0.25, {1e-12, 5000});
    EXPECT_TRUE(r.converged) << "after " << r.iterations << " iterations";
    EXPECT_TRUE(AllClose(r.x, Vector{{4.0 / 7, 2.0 / 7, 1.0 / 7}}, {1e-11, 0.0})) << "x* = (4/7, 2/7, 1/7)";
    EXPECT_TRUE(CountsMatch(r, *counts));
    EXPECT_TRUE(HistoryConsistent(r, 0.5));
    for (size_t k = 1; k < r.history.size(); ++k)
        ASSERT_LE(r.history[k], r.history[k - 1] + 4 * u) << "f went up at iteration " << k
                                                           << " although step = 1/L (Beck, Lemma 10.4)";
}

TEST(ProjectedGradientDescent, BoxConstrainedRosenbrockStopsOnTheBound) {
    // Rosenbrock with x_1 <= 0.5: along the valley x_2 = x_1^2, f = (1 - x_1)^2 decreases up to the
    // bound, so x* = (0.5, 0.25). KKT there: df/dx_1 = -400 x_1 (x_2 - x_1^2) - 2 (1 - x_1) = -1 < 0
    // (pushes against the upper bound, multiplier 1), df/dx_2 = 200 (x_2 - x_1^2) = 0.
    auto box = [](const Vector& y) { return project_box(y, Vector{{-2, -2}}, Vector{{0.5, 2}}); };
    // L is about 1200 x_1^2 + 200 near the path (x_1 in [0, 0.5]); step 1e-3 < 1 / L.
    const OptimizeResult r = projected_gradient_descent(testing::rosenbrock(), box, Vector{{0, 0}}, 1e-3, {1e-9, 20000});
    EXPECT_TRUE(r.converged) << "after " << r.iterations << " iterations";
    // On the active bound x_1 = 0.5 exactly; x_2 converges with ||G|| < 1e-9, curvature 200.
    EXPECT_TRUE(AllClose(r.x, Vector{{0.5, 0.25}}, {1e-10, 0.0}));
}

TEST(ProjectedGradientDescent, WithoutConstraintsIsGradientDescent) {
    // project = identity: x_{k+1} = x_k - step g_k, written out here as the oracle for 20 steps.
    const testing::Quadratic q = testing::random_quadratic(6, 10.0, 21);
    const Objective f = q.objective();
    auto identity = [](const Vector& y) { return y; };
    const Vector x0 = random_vector(6, 23);
    const OptimizeResult r = projected_gradient_descent(f, identity, x0, 0.5, {0.0, 20});
    Vector x = x0;
    for (int k = 0; k < 20; ++k) x -= 0.5 * f.gradient(x);
    EXPECT_EQ(r.iterations, 20);
    EXPECT_FALSE(r.converged);
    EXPECT_TRUE(AllClose(r.x, x, {0.0, 0.0})) << "the same arithmetic as x -= step * g, 20 steps, n = 6, seed 21";
}

TEST(ProjectedGradientDescent, ReportsDivergenceWithTheIteration) {
    // f = x^2 (L = 2) with step 3: x_{k+1} = x_k - 6 x_k = -5 x_k, |x_k| = 5^k, f overflows at
    // 5^(2k) > 1.8e308, k = 221.
    const Objective f{[](const Vector& x) { return x.squaredNorm(); }, [](const Vector& x) -> Vector { return 2 * x; },
                      {}};
    auto identity = [](const Vector& y) { return y; };
    try {
        projected_gradient_descent(f, identity, Vector{{1}}, 3.0, {1e-8, 1000});
        ADD_FAILURE() << "no DivergedError although |x_k| = 5^k overflows";
    } catch (const DivergedError& e) {
        EXPECT_EQ(e.iteration(), 221) << e.what();
    }
}

TEST(ProjectedGradientDescent, RefusesBadArguments) {
    auto identity = [](const Vector& y) { return y; };
    const Objective f = distance_objective(Vector{{1}});
    EXPECT_TRUE(projected_gradient_descent(f, identity, Vector{{0}}, 0.5).converged) << course::testing::kValidCallFirst;
    EXPECT_TRUE(ThrowsInvalidArgument([&] { projected_gradient_descent(f, identity, Vector{{0}}, 0.0); },
                                      {"projected_gradient_descent", "step"}));
    EXPECT_TRUE(ThrowsInvalidArgument([&] { projected_gradient_descent(f, nullptr, Vector{{0}}, 0.5); },
                                      {"projected_gradient_descent", "project"}));
    EXPECT_TRUE(ThrowsInvalidArgument([&] { projected_gradient_descent(f, identity, Vector(0), 0.5); },
                                      {"projected_gradient_descent", "empty"}));
}

// A gradient or a projection that returns a vector of the wrong size is the caller's mistake:
// refused by name (gradient_at in problem.hpp, projection_of in projected_gradient.hpp), not an
// Eigen assertion in the step or a read past the end. One entry too few and one too many, n = 2.
TEST(ProjectedGradientDescent, RefusesAGradientOrProjectionOfTheWrongSize) {
    auto identity = [](const Vector& y) { return y; };
    const Objective f = distance_objective(Vector{{1, 2}});
    EXPECT_TRUE(projected_gradient_descent(f, identity, Vector{{0, 0}}, 0.5).converged) << course::testing::kValidCallFirst;
    for (int entries : {1, 3}) {
        EXPECT_TRUE(ThrowsInvalidArgument(
            [&] { projected_gradient_descent(with_gradient_of_size(f, entries), identity, Vector{{0, 0}}, 0.5); },
            {"projected_gradient_descent", "gradient", std::to_string(entries) + " entries"}))
            << "a gradient of " << entries << " entries at a point with n = 2";
        auto wrong_projection = [entries](const Vector&) -> Vector { return Vector::Zero(entries); };
        EXPECT_TRUE(ThrowsInvalidArgument(
            [&] { projected_gradient_descent(f, wrong_projection, Vector{{0, 0}}, 0.5); },
            {"projected_gradient_descent", "projection", std::to_string(entries) + " entries"}))
            << "a projection of " << entries << " entries for a point with n = 2";
    }
}


// ---- the test-design checklist: the set as a whole, ties, zeros, offsets, both sides of the rule ----

TEST(ProjectBox, LandsInTheBoxAtEveryScaleAndAcceptsAPointBox) {
    // Clamping involves no arithmetic: at every scale each entry of P(x) is x_i, lower_i or upper_i,
    // lies in [lower_i, upper_i], and P(P(x)) = P(x), all exactly. A box with lower_i = upper_i is a
    // point (not empty): every x is mapped onto it. Infinite entries of x are clamped too.
    const int n = 40;
    for (double scale : {1e-150, 1e-15, 1.0, 1e15, 1e150}) {
        const Vector x = 3 * scale * random_vector(n, 11);
        Vector lower = scale * random_vector(n, 12), upper = lower + scale * (random_vector(n, 13).array() + 1).matrix();
        upper(0) = lower(0);  // a degenerate interval
        const Vector p = project_box(x, lower, upper);
        ASSERT_EQ(p.size(), n);
        for (int i = 0; i < n; ++i) {
            EXPECT_TRUE(p(i) >= lower(i) && p(i) <= upper(i)) << "entry " << i << " at scale " << scale;
            EXPECT_EQ(p(i), std::min(std::max(x(i), lower(i)), upper(i))) << "entry " << i << " at scale " << scale;
        }
        EXPECT_TRUE(AllClose(project_box(p, lower, upper), p, {0.0, 0.0})) << "P(P(x)) = P(x) at scale " << scale;
    }
    EXPECT_TRUE(AllClose(project_box(Vector{{inf, -inf, 3}}, Vector{{0, 0, 2}}, Vector{{1, 1, 2}}), Vector{{1, 0, 2}},
                         {0.0, 0.0}))
        << "x = (inf, -inf, 3) in [0, 1] x [0, 1] x [2, 2]";
}

TEST(ProjectSimplex, ZeroInputTiesAndVerticesAreExact) {
    // x = 0 in R^n: by symmetry P(x) = (1/n, ..., 1/n) (theta = -1/n).
    for (int n : {1, 3, 300}) {
        const Vector p = project_simplex(Vector::Zero(n));
        ASSERT_EQ(p.size(), n);
        EXPECT_TRUE(AllClose(p, Vector::Constant(n, 1.0 / n), {0.0, 4 * u})) << "x = 0 in R^" << n;
    }
    // 300 tied entries above 1 with 100 smaller ones: the ties share the mass equally (theta = 5 - 1/300)
    // and the others are clipped. theta carries the rounding of a sum of 300 terms of size 5.
    Vector x(400);
    x.head(300).setConstant(5.0);
    x.tail(100) = random_vector(100, 17);  // in [-1, 1), far below theta = 4.997
    const Vector p = project_simplex(x);
    ASSERT_EQ(p.size(), 400);
    EXPECT_TRUE(AllClose(Vector(p.head(300)), Vector::Constant(300, 1.0 / 300), {4 * 300 * u * 5, 0.0}))
        << "300 ties at 5: each gets 1/300";
    EXPECT_TRUE(AllClose(Vector(p.tail(100)), Vector::Zero(100), {0.0, 0.0})) << "entries below theta are exactly 0";
    // A vertex e_j is on the simplex: theta = 0 and P(e_j) = e_j exactly.
    for (int j = 0; j < 4; ++j)
        EXPECT_TRUE(AllClose(project_simplex(Vector::Unit(4, j)), Vector(Vector::Unit(4, j)), {0.0, 0.0})) << "e_" << j;
}

TEST(ProjectSimplex, LandsInTheSimplexAndIsIdempotent) {
    // The whole result: p >= 0, sum p = 1, P(p) = p (to the rounding of theta, a sum of n entries), on
    // inputs of several sizes and scales.
    for (int n : {2, 9, 64, 500}) {
        for (double scale : {1e-3, 1.0, 1e3}) {
            const std::uint64_t seed = 900 + std::uint64_t(n);
            const Vector p = project_simplex(scale * random_vector(n, seed));
            ASSERT_EQ(p.size(), n);
            EXPECT_GE(p.minCoeff(), 0.0) << "n = " << n << ", scale " << scale;
            EXPECT_NEAR(p.sum(), 1.0, 4 * n * u * (1 + scale)) << "n = " << n << ", scale " << scale;
            EXPECT_TRUE(AllClose(project_simplex(p), p, {8 * n * u, 0.0})) << "P(P(x)) = P(x); n = " << n << ", scale " << scale;
        }
    }
}

TEST(ProjectSimplex, IgnoresACommonOffset) {
    // P(x + c 1) = P(x): the offset moves theta by c and nothing else. The offset's rounding enters theta
    // through the sum of rho entries of size |c|: about n u |c|.
    const int n = 50;
    const Vector x = random_vector(n, 19);
    const Vector p = project_simplex(x);
    for (double c : {-1e6, -1e3, 1e3, 1e6}) {
        const Vector shifted = (x.array() + c).matrix();
        EXPECT_TRUE(AllClose(project_simplex(shifted), p, {8 * n * u * std::abs(c), 0.0})) << "offset " << c;
    }
}

TEST(ProjectSimplex, RefusesInfiniteEntries) {
    EXPECT_TRUE(AllClose(project_simplex(Vector{{0.5, 0.5}}), Vector{{0.5, 0.5}}, {0.0, 0.0}))
        << course::testing::kValidCallFirst;
    for (double bad : {inf, -inf})
        EXPECT_TRUE(ThrowsInvalidArgument([bad] { project_simplex(Vector{{1, bad}}); }, {"project_simplex", "inf"}))
            << "x = (1, " << bad << ")";
}

// A counted projection: how many times projected_gradient_descent calls it.
struct CountedProjection {
    std::function<Vector(const Vector&)> project;
    std::shared_ptr<int> calls;
};
CountedProjection counted_box(const Vector& lower, const Vector& upper) {
    auto calls = std::make_shared<int>(0);
    return {[lower, upper, calls](const Vector& y) {
                ++*calls;
                return project_box(y, lower, upper);
            },
            calls};
}

TEST(ProjectedGradientDescent, GradientMappingToleranceIsStrict) {
    // f = (x - 1)^2 / 2 on R with step 1/2 from x_0 = 0: x_next = 0 + 1/2 = 1/2, G_0 = (0 - 1/2) / (1/2) = -1
    // exactly. tol = 1 does not stop at x_0 (the rule is ||G|| < tol); the next double above 1 does.
    auto identity = [](const Vector& y) { return y; };
    const Objective f = distance_objective(Vector{{1}});
    const OptimizeResult at = projected_gradient_descent(f, identity, Vector{{0}}, 0.5, {1.0, 100});
    EXPECT_GE(at.iterations, 1) << "||G_0|| = 1 is not < 1";
    EXPECT_TRUE(at.converged);
    const OptimizeResult above = projected_gradient_descent(f, identity, Vector{{0}}, 0.5, {std::nextafter(1.0, 2.0), 100});
    EXPECT_TRUE(above.converged);
    EXPECT_EQ(above.iterations, 0) << "||G_0|| = 1 < 1 + 1 ulp";
    EXPECT_EQ(above.x(0), 0.0);
    // Halving the error each step, ||G_k|| = 2^-k: tol = 2^-10 stops at k = 11 (2^-10 is not < 2^-10).
    const OptimizeResult halving = projected_gradient_descent(f, identity, Vector{{0}}, 0.5, {std::ldexp(1.0, -10), 100});
    EXPECT_EQ(halving.iterations, 11);
    EXPECT_EQ(halving.x(0), 1.0 - std::ldexp(1.0, -11)) << "x_k = 1 - 2^-k, exactly";
}

TEST(ProjectedGradientDescent, CountsEvaluationsAndProjections) {
    // A run of k steps evaluates f and grad f k + 1 times and projects k + 2 times: x0 once, then once per
    // iteration (the last projection is the stopping test's). z = (2, -3, 0.5) in [0, 1]^3 with step 1/2:
    // the free coordinate halves its error each step, so the run is long enough to count.
    const Vector z{{2, -3, 0.5}};
    const CountedProjection box = counted_box(Vector::Zero(3), Vector::Ones(3));
    auto [objective, counts] = counted(distance_objective(z));
    const Vector x0{{0.25, 0.25, 0.25}};
    const OptimizeResult r = projected_gradient_descent(objective, box.project, x0, 0.5, {1e-9, 100});
    EXPECT_TRUE(r.converged);
    EXPECT_GE(r.iterations, 10);
    EXPECT_TRUE(CountsMatch(r, *counts));
    EXPECT_EQ(r.value_evaluations, r.iterations + 1);
    EXPECT_EQ(r.gradient_evaluations, r.iterations + 1);
    EXPECT_EQ(r.hessian_evaluations, 0);
    EXPECT_EQ(*box.calls, r.iterations + 2) << "project(x0), then one projection per iterate x_0 .. x_k (the last one is the stopping test's gradient mapping)";
    EXPECT_TRUE(HistoryConsistent(r, 0.5 * (x0 - z).squaredNorm()));
    EXPECT_TRUE(AllClose(r.x, Vector{{1, 0, 0.5}}, {2e-9, 0.0})) << "x* = P(z); ||x - x*|| <= ||G|| / mu";
}

TEST(ProjectedGradientDescent, StopsAtMaxIterationsOrAtTheMinimizer) {
    // Capped: the same run as above stopped after 3 steps, in the box, not converged.
    const Vector z{{2, -3, 0.5}};
    auto box = [](const Vector& y) { return project_box(y, Vector::Zero(3), Vector::Ones(3)); };
    const OptimizeResult capped = projected_gradient_descent(distance_objective(z), box, Vector{{0.25, 0.25, 0.25}},
                                                             0.5, {1e-9, 3});
    EXPECT_FALSE(capped.converged);
    EXPECT_EQ(capped.iterations, 3);
    EXPECT_EQ(capped.history.size(), 4u);
    EXPECT_TRUE((capped.x.array() >= 0.0).all() && (capped.x.array() <= 1.0).all()) << "every iterate is in C";
    // The convergence test comes before the cap: with step 1 the run reaches x* at k = 1
    // (StepOneOnADistanceReachesTheProjectionInOneStep), and max_iterations = 1 still reports converged.
    const OptimizeResult one = projected_gradient_descent(distance_objective(z), box, Vector{{0.5, 0.5, 0.5}}, 1.0,
                                                          {1e-12, 1});
    EXPECT_TRUE(one.converged) << "G_1 = 0 at k = max_iterations = 1: converged";
    EXPECT_EQ(one.iterations, 1);
    // Starting exactly at the constrained minimizer: G_0 = 0, no step, one evaluation of each.
    const OptimizeResult at_min_tol = projected_gradient_descent(distance_objective(z), box, Vector{{1, 0, 0.5}}, 0.5,
                                                                 {1e-12, 100});
    EXPECT_TRUE(at_min_tol.converged);
    EXPECT_EQ(at_min_tol.iterations, 0);
    EXPECT_EQ(at_min_tol.value_evaluations, 1);
}

TEST(ProjectedGradientDescent, ReportsNonFiniteValuesAndGradientsAtTheStart) {
    auto identity = [](const Vector& y) { return y; };
    const Objective inf_value{[](const Vector&) { return inf; }, [](const Vector& x) -> Vector { return x; }, {}};
    const Objective nan_gradient{[](const Vector& x) { return x.squaredNorm(); },
                                 [](const Vector& x) -> Vector { return Vector::Constant(x.size(), std::nan("")); }, {}};
    for (const Objective& f : {inf_value, nan_gradient}) {
        try {
            projected_gradient_descent(f, identity, Vector{{1, 2}}, 0.5);
            ADD_FAILURE() << "no DivergedError for a non-finite f or grad f at x_0";
        } catch (const DivergedError& e) {
            EXPECT_EQ(e.iteration(), 0) << e.what();
        }
    }
}

TEST(ProjectedGradientDescent, RefusesNonFiniteStepsAndStopRules) {
    auto identity = [](const Vector& y) { return y; };
    const Objective f = distance_objective(Vector{{1}});
    EXPECT_TRUE(projected_gradient_descent(f, identity, Vector{{0}}, 0.5).converged) << course::testing::kValidCallFirst;
    for (double step : {-0.5, std::nan(""), inf, -inf})
        EXPECT_TRUE(ThrowsInvalidArgument([&] { projected_gradient_descent(f, identity, Vector{{0}}, step); },
                                          {"projected_gradient_descent", "step"}))
            << "step = " << step;
    for (double tol : {-1.0, std::nan(""), inf, -inf})
        EXPECT_TRUE(ThrowsInvalidArgument([&] { projected_gradient_descent(f, identity, Vector{{0}}, 0.5, {tol, 10}); },
                                          {"projected_gradient_descent", "gradient_tolerance"}))
            << "gradient_tolerance = " << tol;
    EXPECT_TRUE(ThrowsInvalidArgument([&] { projected_gradient_descent(f, identity, Vector{{0}}, 0.5, {1e-8, -1}); },
                                      {"projected_gradient_descent", "max_iterations"}));
    for (double bad : {std::nan(""), inf, -inf})
        EXPECT_TRUE(ThrowsInvalidArgument([&] { projected_gradient_descent(f, identity, Vector{{bad}}, 0.5); },
                                          {"projected_gradient_descent", "x0"}))
            << "x0 = " << bad;
}


TEST(ProjectBox, RefusesAnEmptyIntervalInEveryPosition) {
    EXPECT_TRUE(AllClose(project_box(Vector{{0.5, 0.5, 0.5}}, Vector::Zero(3), Vector::Ones(3)), Vector{{0.5, 0.5, 0.5}},
                         {0.0, 0.0}))
        << course::testing::kValidCallFirst;
    // The same empty interval [2, 1] as the first, a middle and the last entry: each bound is checked.
    for (int i = 0; i < 3; ++i) {
        Vector lower = Vector::Zero(3), upper = Vector::Ones(3);
        lower(i) = 2.0;
        EXPECT_TRUE(ThrowsInvalidArgument([&] { project_box(Vector::Zero(3), lower, upper); },
                                          {"project_box", "lower[" + std::to_string(i) + "] = 2", "empty"}))
            << "lower > upper at entry " << i;
    }
}

// ---- issue 12: the simplex at every magnitude, NaN in the box ----

// on_simplex: p >= 0 and |sum p - 1| <= 4 n u (n clipped or shifted entries of size <= 1 summed).
::testing::AssertionResult on_simplex(const Vector& p) {
    const double slack = 4.0 * double(p.size()) * u;
    if (!p.allFinite()) return ::testing::AssertionFailure() << "P(x) holds inf or NaN: " << p.transpose();
    if (p.minCoeff() < 0.0) return ::testing::AssertionFailure() << "P(x) has a negative entry " << p.minCoeff();
    if (std::abs(p.sum() - 1.0) > slack)
        return ::testing::AssertionFailure() << "P(x) sums to " << p.sum() << ", not 1 (to " << slack << ")";
    return ::testing::AssertionSuccess();
}

TEST(ProjectSimplex, LandsOnTheSimplexAtEveryMagnitude) {
    // P(x + c 1) = P(x) for every c, so only the entries within 1 of max x matter, and their gaps to
    // the maximum: theta - max x lies in [-1, 0). Hand-worked with y = x - max x (exact here):
    //   (1e16, 0):                 y = (0, -1e16): theta = max x - 1, P = (1, 0). A sort-based threshold
    //                              computed on x itself rounds s_1 - 1 = 1e16 - 1 back to 1e16 (the
    //                              doubles there are 2 apart) and returns x unchanged.
    //   (1e16, 1e16, 1e16 - 4):    y = (0, 0, -4): theta = max x - 1/2, P = (1/2, 1/2, 0).
    //   (-1e16 - 4, -1e16):        y = (-4, 0): P = (0, 1).
    //   (1e300, 1e300, -1e300):    y = (0, 0, -2e300): P = (1/2, 1/2, 0).
    //   (DBL_MAX, -DBL_MAX):       y = (0, -inf) (the gap overflows): P = (1, 0).
    //   (-DBL_MAX, DBL_MAX, DBL_MAX): P = (0, 1/2, 1/2).    (1e300): P = (1).
    // Every number above is exact; 4 u covers a learner whose threshold takes another rounding.
    const double big = std::numeric_limits<double>::max();
    const std::vector<std::pair<Vector, Vector>> cases = {
        {Vector{{1e16, 0}}, Vector{{1, 0}}},
        {Vector{{0, 1e16}}, Vector{{0, 1}}},
        {Vector{{1e16, 1e16, 1e16 - 4}}, Vector{{0.5, 0.5, 0}}},
        {Vector{{-1e16 - 4, -1e16}}, Vector{{0, 1}}},
        {Vector{{1e300, 1e300, -1e300}}, Vector{{0.5, 0.5, 0}}},
        {Vector{{big, -big}}, Vector{{1, 0}}},
        {Vector{{-big, big, big}}, Vector{{0, 0.5, 0.5}}},
        {Vector{{1e300}}, Vector{{1}}},
    };
    for (const auto& [x, want] : cases) {
        const Vector p = project_simplex(x);
        ASSERT_EQ(p.size(), x.size()) << "x = " << x.transpose();
        EXPECT_TRUE(on_simplex(p)) << "x = " << x.transpose();
        EXPECT_TRUE(AllClose(p, want, {4 * u, 0.0})) << "x = " << x.transpose();
    }
}

TEST(ProjectSimplex, IsExactForAnyCommonOffset) {
    // x = c + r, r uniform in [-1, 1) (n = 50, seed 19), for offsets up to 1e300: the rounded x is the
    // input. The oracle is the bisection threshold of y = x - max x, whose subtraction is exact for
    // every entry within a factor 2 of max x (Sterbenz), which includes every entry that is not
    // clipped. P(x) is then as accurate as for an x of order 1: theta is a sum of at most n entries
    // in [-1, 0], 4 n u, however large c is. (Computing theta from the partial sums of x itself
    // makes an error of about n u |c|: 1e-2 at c = 1e12.)
    const int n = 50;
    const Vector r = random_vector(n, 19);
    for (double c : {1e8, 1e12, -1e12, 1e15, 1e16, 1e20, -1e20, 1e300, -1e300}) {
        const Vector x = (r.array() + c).matrix();
        const Vector p = project_simplex(x);
        ASSERT_EQ(p.size(), n);
        EXPECT_TRUE(on_simplex(p)) << "offset " << c;
        const Vector y = (x.array() - x.maxCoeff()).matrix();
        const Vector want = (y.array() - bisection_threshold(y)).cwiseMax(0.0).matrix();
        EXPECT_TRUE(AllClose(p, want, {4 * n * u, 0.0})) << "offset " << c << ": P(c + r) is P(y), y = x - max x";
    }
    // Random inputs of huge magnitude: the largest entry is far above the others, P(x) = e_argmax.
    for (double scale : {1e20, 1e150, 1e300}) {
        const Vector x = scale * random_vector(n, 23);
        Eigen::Index top = 0;
        x.maxCoeff(&top);
        EXPECT_TRUE(AllClose(project_simplex(x), Vector(Vector::Unit(n, top)), {4 * u, 0.0})) << "scale " << scale;
    }
}

TEST(ProjectBox, RefusesNaNAndBoundsThatHoldNoNumber) {
    EXPECT_TRUE(AllClose(project_box(Vector{{0.5, 0.5, 0.5}}, Vector::Zero(3), Vector::Ones(3)), Vector{{0.5, 0.5, 0.5}},
                         {0.0, 0.0}))
        << course::testing::kValidCallFirst;
    const double nan = std::nan("");
    // NaN in x, lower or upper at each of three positions: min(max(NaN, l), u) would pass NaN on (or
    // drop it, depending on the argument order of std::max); it is refused, naming the entry.
    for (int i = 0; i < 3; ++i) {
        const std::string at = "[" + std::to_string(i) + "]";
        Vector x = Vector::Constant(3, 0.5), lower = Vector::Zero(3), upper = Vector::Ones(3);
        x(i) = nan;
        EXPECT_TRUE(ThrowsInvalidArgument([&] { project_box(x, lower, upper); }, {"project_box", "x" + at, "NaN"}))
            << "x" << at << " = NaN";
        x(i) = 0.5;
        lower(i) = nan;
        EXPECT_TRUE(ThrowsInvalidArgument([&] { project_box(x, lower, upper); }, {"project_box", "lower" + at, "NaN"}))
            << "lower" << at << " = NaN";
        lower(i) = 0.0;
        upper(i) = nan;
        EXPECT_TRUE(ThrowsInvalidArgument([&] { project_box(x, lower, upper); }, {"project_box", "upper" + at, "NaN"}))
            << "upper" << at << " = NaN";
    }
    // lower_i = +inf or upper_i = -inf: no real number satisfies the bound (even when lower_i <= upper_i,
    // as for [inf, inf]); clamping would return an infinite "projection".
    EXPECT_TRUE(ThrowsInvalidArgument([&] { project_box(Vector{{0, 0}}, Vector{{0, inf}}, Vector{{1, inf}}); },
                                      {"project_box", "lower[1] = inf", "empty"}));
    EXPECT_TRUE(ThrowsInvalidArgument([&] { project_box(Vector{{0, 0}}, Vector{{-inf, 0}}, Vector{{-inf, 1}}); },
                                      {"project_box", "upper[0] = -inf", "empty"}));
    // Infinite x and half-infinite boxes stay allowed.
    const Vector p = project_box(Vector{{-inf, inf}}, Vector{{-inf, 0}}, Vector{{0, inf}});
    ASSERT_EQ(p.size(), 2);
    EXPECT_EQ(p(0), -inf) << "x = (-inf, inf) in (-inf, 0] x [0, inf)";
    EXPECT_EQ(p(1), inf) << "x = (-inf, inf) in (-inf, 0] x [0, inf)";
}

TEST(ProjectedGradientDescent, GradientMappingNormDoesNotUnderflowAgainstATinyTolerance) {
    // f = ||x||^2 / 2 in the box [-1, 1]^2 from x_0 = (5e-170, 5e-170) with step 1/2: every step
    // halves x exactly, so G_k = x_k and ||G_k|| = sqrt(2) 5e-170 / 2^k. Its square, 5e-339 / 4^k, is
    // below the smallest subnormal (4.9e-324): a norm taken as sqrt(sum of squares) is 0, and the run
    // "converges" at x_0 against tol = 1e-200. The true norm passes below 1e-200 when
    // 2^k > sqrt(2) 5e-170 / 1e-200 = 7.07e30, i.e. at k = 103 (2^102 = 5.07e30, 2^103 = 1.01e31).
    auto box = [](const Vector& y) { return project_box(y, Vector::Constant(2, -1.0), Vector::Ones(2)); };
    const Objective f = distance_objective(Vector::Zero(2));
    const Vector x0 = Vector::Constant(2, 5e-170);
    const OptimizeResult capped = projected_gradient_descent(f, box, x0, 0.5, {1e-200, 5});
    EXPECT_FALSE(capped.converged) << "||G_0|| = 7.1e-170 is not < 1e-200";
    EXPECT_EQ(capped.iterations, 5);
    const OptimizeResult run = projected_gradient_descent(f, box, x0, 0.5, {1e-200, 1000});
    EXPECT_TRUE(run.converged);
    EXPECT_EQ(run.iterations, 103) << "||G_k|| = 7.07e-170 / 2^k first drops below 1e-200 at k = 103";
}

}  // namespace
}  // namespace course::optimization
