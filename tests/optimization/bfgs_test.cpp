// Tests for the BFGS exercise (modules/optimization/learner/bfgs.cpp): weak_wolfe_line_search,
// bfgs_update and bfgs.
//
// Oracles: line searches on f = x^2 / 2 worked out by hand below; the Wolfe conditions recomputed
// with the harness's own Rosenbrock; bfgs_update against a 2x2 update done by hand, against the
// properties that define it (symmetry, positive definiteness, the secant equation H_new y = s after
// every update) and against the hereditary property: n updates along A-conjugate steps of a
// quadratic rebuild A^-1 exactly (Eigen's eigenvectors as the steps). The method on Rosenbrock and
// on quadratics with known minimizers.
// Bad-input tests first call the function on valid input, so that a stub shows "not started".
#include "optimization/bfgs.hpp"

#include <gtest/gtest.h>

#include <Eigen/LU>
#include <cmath>
#include <limits>
#include <string>

#include "course/eigen_solvers.hpp"
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

// half_square: f(x) = 1/2 ||x||^2, grad f = x (problems.hpp).
Objective half_square() { return testing::half_square_objective(); }

// ---- weak_wolfe_line_search ----

TEST(WeakWolfeLineSearch, AcceptsTheUnitStepWhenBothConditionsHold) {
    // x = 1, d = -1: t = 1 lands on 0, f = 0 <= 1/2 - 1e-4 and the slope 0 >= 0.9 * (-1).
    auto [f, counts] = counted(half_square());
    const WolfeResult r = weak_wolfe_line_search(f, Vector{{1}}, 0.5, Vector{{1}}, Vector{{-1}});
    EXPECT_TRUE(r.accepted);
    EXPECT_EQ(r.step, 1.0);
    EXPECT_EQ(r.value, 0.0);
    EXPECT_TRUE(AllClose(r.gradient, Vector{{0}}, {0.0, 0.0})) << "the gradient at the accepted point";
    EXPECT_EQ(r.value_evaluations, 1);
    EXPECT_EQ(r.gradient_evaluations, 1);
    EXPECT_EQ(counts->value, 1);
    EXPECT_EQ(counts->gradient, 1);
}

TEST(WeakWolfeLineSearch, DoublesATooShortStep) {
    // x = 1, d = -0.01, g^T d = -0.01, so the curvature condition needs slope >= -0.009. At t the
    // point is 1 - 0.01 t with slope -(1 - 0.01 t) 0.01: t = 1, 2, 4, 8 give -0.0099, -0.0098,
    // -0.0096, -0.0092 (too steep: lo = t, next 2 lo); t = 16 gives x = 0.84, slope -0.0084 >= -0.009,
    // and f = 0.3528 <= 0.5 - 1e-4 * 16 * 0.01. Every trial passes Armijo: 5 values, 5 gradients.
    const WolfeResult r = weak_wolfe_line_search(half_square(), Vector{{1}}, 0.5, Vector{{1}}, Vector{{-0.01}});
    EXPECT_TRUE(r.accepted);
    EXPECT_EQ(r.step, 16.0) << "t = 1, 2, 4, 8 are too short (the slope is still steeper than c2 g^T d)";
    EXPECT_NEAR(r.value, 0.5 * 0.84 * 0.84, 4 * u);
    EXPECT_EQ(r.value_evaluations, 5);
    EXPECT_EQ(r.gradient_evaluations, 5);
}

TEST(WeakWolfeLineSearch, BisectsATooLongStep) {
    // x = 1, d = -10, g^T d = -10. t = 1: x = -9, f = 40.5 > 1/2 (hi = 1); t = 0.5: x = -4, f = 8
    // (hi = 0.5); t = 0.25: x = -1.5, f = 1.125 (hi = 0.25); t = 0.125: x = -0.25, f = 0.03125 passes
    // Armijo, slope (-0.25)(-10) = 2.5 >= -9 passes curvature. 4 values, 1 gradient (only the last
    // trial passed Armijo).
    const WolfeResult r = weak_wolfe_line_search(half_square(), Vector{{1}}, 0.5, Vector{{1}}, Vector{{-10}});
    EXPECT_TRUE(r.accepted);
    EXPECT_EQ(r.step, 0.125);
    EXPECT_EQ(r.value, 0.03125);
    EXPECT_EQ(r.value_evaluations, 4);
    EXPECT_EQ(r.gradient_evaluations, 1) << "evaluate the gradient only where Armijo holds";
}

TEST(WeakWolfeLineSearch, AcceptedStepsSatisfyBothWolfeConditions) {
    // Random points of the 4-variable Rosenbrock function and d = -g (badly scaled: the unit step is
    // far too long there). The conditions are rechecked with the harness's own f and grad f, and the
    // curvature they imply, y^T s > 0, as well.
    const Objective f = testing::rosenbrock();
    const double c1 = 1e-4, c2 = 0.9;
    for (int seed = 0; seed < 10; ++seed) {
        const Vector x = 1.5 * random_vector(4, 700 + std::uint64_t(seed));
        const double fx = testing::rosenbrock_value(x);
        const Vector g = testing::rosenbrock_gradient(x);
        const Vector d = -g;
        const WolfeResult r = weak_wolfe_line_search(f, x, fx, g, d, {1.0, c1, c2, 60});
        ASSERT_TRUE(r.accepted) << "seed " << seed;
        const Vector x_new = x + r.step * d;
        EXPECT_LE(testing::rosenbrock_value(x_new), fx + c1 * r.step * g.dot(d)) << "Armijo, seed " << seed;
        const Vector g_new = testing::rosenbrock_gradient(x_new);
        EXPECT_GE(g_new.dot(d), c2 * g.dot(d)) << "curvature, seed " << seed;
        EXPECT_GT((g_new - g).dot(x_new - x), 0.0) << "y^T s > 0, seed " << seed;
        EXPECT_TRUE(AllClose(r.gradient, g_new, {0.0, 0.0})) << "the returned gradient is grad f(x + t d); seed " << seed;
    }
}

TEST(WeakWolfeLineSearch, RefusesAnAscentDirectionAndBadConstants) {
    EXPECT_TRUE(weak_wolfe_line_search(half_square(), Vector{{1}}, 0.5, Vector{{1}}, Vector{{-1}}).accepted)
        << course::testing::kValidCallFirst;
    EXPECT_TRUE(ThrowsInvalidArgument(
        [] { weak_wolfe_line_search(half_square(), Vector{{1}}, 0.5, Vector{{1}}, Vector{{1}}); },
        {"weak_wolfe_line_search", "descent"}));
    EXPECT_TRUE(ThrowsInvalidArgument(
        [] { weak_wolfe_line_search(half_square(), Vector{{1}}, 0.5, Vector{{1}}, Vector{{-1}}, {1.0, 0.9, 0.1, 60}); },
        {"weak_wolfe_line_search", "c1", "c2"}));
    EXPECT_TRUE(ThrowsInvalidArgument(
        [] { weak_wolfe_line_search(half_square(), Vector{{1, 2}}, 0.5, Vector{{1}}, Vector{{-1}}); },
        {"weak_wolfe_line_search", "x has 2"}));
}

// ---- bfgs_update ----

TEST(BfgsUpdate, MatchesHandWorkedUpdates) {
    // 1 x 1: H = 1, s = 2, y = 1: (1 - 2)(1)(1 - 2) + 4 / 2 - ... = s / y = 2 (in one dimension the
    // secant equation alone fixes H_new).
    EXPECT_TRUE(AllClose(bfgs_update(Matrix{{1}}, Vector{{2}}, Vector{{1}}), Matrix{{2}}, {4 * u, 0.0}));
    // 2 x 2: H = I, s = (1, 0), y = (2, 1): rho = 1/2, H y = (2, 1), y^T H y = 5,
    // H_new = I - 1/2 (s (Hy)^T + (Hy) s^T) + (5/4 + 1/2) s s^T
    //       = I - 1/2 [[4, 1], [1, 0]] + 7/4 [[1, 0], [0, 0]] = [[3/4, -1/2], [-1/2, 1]].
    // Check: H_new y = (3/2 - 1/2, -1 + 1) = (1, 0) = s.
    EXPECT_TRUE(AllClose(bfgs_update(Matrix::Identity(2, 2), Vector{{1, 0}}, Vector{{2, 1}}),
                         Matrix{{0.75, -0.5}, {-0.5, 1}}, {4 * u, 0.0}));
}

TEST(BfgsUpdate, SatisfiesTheSecantEquationAndStaysSymmetricPositiveDefinite) {
    // H a random SPD matrix (kappa 100), s random, y = A s with A SPD (so y^T s > 0). Tolerances:
    // forming H_new costs O(1) roundings per entry on terms of size up to rho ||s|| ||H y|| and
    // (rho^2 y^T H y + rho) ||s||^2; the secant residual H_new y - s sums n such products.
    for (int n : {1, 2, 5, 17, 30}) {
        const std::uint64_t seed = 800 + std::uint64_t(n);
        const Matrix H = random_spd(n, 100.0, seed);
        const Matrix A = random_spd(n, 10.0, seed + 1);
        const Vector s = random_vector(n, seed + 2);
        const Vector y = A * s;
        const Matrix H_new = bfgs_update(H, s, y);
        ASSERT_EQ(H_new.rows(), n);
        ASSERT_EQ(H_new.cols(), n);
        const double scale = H_new.norm() * y.norm() + s.norm();
        EXPECT_TRUE(AllClose(Vector(H_new * y), s, {64 * n * u * scale, 0.0}))
            << "secant equation H_new y = s; n = " << n << ", seed " << seed;
        EXPECT_TRUE(AllClose(H_new, Matrix(H_new.transpose()), {8 * u * H_new.norm(), 0.0}))
            << "H_new must be symmetric; n = " << n << ", seed " << seed
            << ": the right factor is (I - rho y s^T), the transpose of the left one";
        const double lowest = eigen_solvers::symmetric_eigenvalues(0.5 * (H_new + H_new.transpose()))(0);
        EXPECT_GT(lowest, 0.0) << "H_new must stay positive definite when y^T s > 0; n = " << n;
    }
}

TEST(BfgsUpdate, RebuildsTheInverseHessianAlongConjugateSteps) {
    // Quadratic with Hessian A (n = 6, kappa = 10). Steps s_j = eigenvectors of A are A-conjugate
    // (s_i^T A s_j = 0 for i != j), and y_j = A s_j. Then every update keeps the earlier secant
    // equations (H_{k+1} y_j = s_j for all j <= k: the hereditary property, Nocedal & Wright 6.1), and
    // after n updates H_n = A^-1 whatever H_0 was. Tolerance: n updates of O(1) roundings on entries
    // of size up to ||A^-1|| = 10, plus the eigenvectors' own rounding: 1e3 n u ||A^-1||.
    const int n = 6;
    const Matrix A = random_spd(n, 10.0, 31);
    const Matrix S = eigen_solvers::symmetric_eigenpairs(A).vectors;
    Matrix H = Matrix::Identity(n, n);
    const double tol = 1e3 * n * u * 10.0;
    for (int k = 0; k < n; ++k) {
        H = bfgs_update(H, S.col(k), A * S.col(k));
        ASSERT_EQ(H.rows(), n);
        for (int j = 0; j <= k; ++j)
            EXPECT_TRUE(AllClose(Vector(H * (A * S.col(j))), Vector(S.col(j)), {tol, 0.0}))
                << "after update " << k << ", the secant equation of step " << j << " (n = 6, seed 31)";
    }
    EXPECT_TRUE(AllClose(H, Matrix(A.inverse()), {tol, 0.0})) << "after n conjugate updates H = A^-1";
}

TEST(BfgsUpdate, RefusesNegativeCurvatureAndBadShapes) {
    EXPECT_EQ(bfgs_update(Matrix::Identity(2, 2), Vector{{1, 0}}, Vector{{2, 1}}).rows(), 2) << course::testing::kValidCallFirst;
    EXPECT_TRUE(ThrowsInvalidArgument([] { bfgs_update(Matrix::Identity(2, 2), Vector{{1, 0}}, Vector{{-2, 1}}); },
                                      {"bfgs_update", "curvature", "-2"}));
    EXPECT_TRUE(ThrowsInvalidArgument([] { bfgs_update(Matrix::Identity(2, 2), Vector{{1, 0}}, Vector{{0, 1}}); },
                                      {"bfgs_update", "curvature"}));
    EXPECT_TRUE(ThrowsInvalidArgument([] { bfgs_update(Matrix::Identity(2, 2), Vector{{1, 0, 0}}, Vector{{2, 1}}); },
                                      {"bfgs_update", "s has 3"}));
}

// ---- bfgs ----

TEST(Bfgs, MinimizesRosenbrockFromTheClassicStart) {
    // problems.hpp: within 2.5e-10 of x*, no Hessian, f decreasing. The reference takes 38
    // iterations (65 values, 48 gradients); 200 leaves room for a different but valid line search order.
    testing::ExpectMinimizesRosenbrockFromTheClassicStart(
        [](const Objective& f, const Vector& x0, const StopRule& stop) { return bfgs(f, x0, stop); }, 200);
}

// centered: the quadratic q written as 1/2 (x - x*)^T A (x - x*), whose minimum value is 0, so that the
// rounding of f near x* is relative to f - f* itself (see MinimizesIllConditionedQuadraticsInFewIterations).
Objective centered(const testing::Quadratic& q) {
    const Matrix A = q.A;
    const Vector x_star = q.minimizer;
    return Objective{[A, x_star](const Vector& x) { return 0.5 * (x - x_star).dot(A * (x - x_star)); },
                     [A, x_star](const Vector& x) -> Vector { return A * (x - x_star); }, {}};
}

TEST(Bfgs, MinimizesIllConditionedQuadraticsInFewIterations) {
    // kappa = 1e3 and 1e6 with n = 20. Gradient descent would need about (kappa / 2) ln(1 / tol)
    // iterations, 1e4 and 1e7; BFGS learns the curvature and needs a small multiple of n (with exact
    // line searches it would need n; the weak Wolfe steps are inexact: the reference takes 103 and 190).
    // The distance to x* is at most ||g|| / mu = tol * kappa. The quadratic is written as
    // 1/2 (x - x*)^T A (x - x*), with f* = 0: in the form 1/2 x^T A x - b^T x, f* is of order 1 and a
    // decrease of ||g||^2 / 2 = 1e-22 near ||g|| = 1e-11 is far below its rounding (u |f*|), so whether
    // Armijo still accepts a step there depends on the rounding of the machine (it did not with AVX-512).
    for (double kappa : {1e3, 1e6}) {
        const testing::Quadratic q = testing::random_quadratic(20, kappa, 55);
        const OptimizeResult r = bfgs(centered(q), Vector::Zero(20), {1e-11, 1000});
        EXPECT_TRUE(r.converged) << "kappa = " << kappa << ", n = 20, seed 55, after " << r.iterations << " iterations";
        EXPECT_LE(r.iterations, 400) << "kappa = " << kappa << ": BFGS should not need more than 20 n iterations";
        EXPECT_TRUE(AllClose(r.x, q.minimizer, {2e-11 * kappa, 0.0})) << "kappa = " << kappa << ", seed 55";
    }
}

TEST(Bfgs, ReportsANonFiniteGradientAndRefusesBadArguments) {
    EXPECT_TRUE(bfgs(half_square(), Vector{{1, 2}}).converged) << course::testing::kValidCallFirst;
    const Objective nan_gradient{[](const Vector& x) { return x.squaredNorm(); },
                                 [](const Vector& x) -> Vector { return Vector::Constant(x.size(), std::nan("")); },
                                 {}};
    try {
        bfgs(nan_gradient, Vector{{1, 2}});
        ADD_FAILURE() << "no DivergedError for a NaN gradient at x_0";
    } catch (const DivergedError& e) {
        EXPECT_EQ(e.iteration(), 0) << e.what();
    }
    EXPECT_TRUE(ThrowsInvalidArgument([] { bfgs(half_square(), Vector(0)); }, {"bfgs", "empty"}));
    EXPECT_TRUE(ThrowsInvalidArgument([] { bfgs(half_square(), Vector{{1}}, {1e-8, -1}); }, {"bfgs", "max_iterations"}));
}

// A callback that returns a vector of the wrong size is the caller's mistake: refused by name
// (gradient_at and hessian_at in problem.hpp), not an Eigen assertion in the step or a read past the
// end of the vector. Both one entry too few and one too many, at a point with n = 2.
TEST(Bfgs, RefusesAGradientOfTheWrongSize) {
    const Vector x0{{1.0, 2.0}};
    EXPECT_TRUE(bfgs(half_square(), x0).converged) << course::testing::kValidCallFirst;  // valid input first
    for (int entries : {1, 3})
        EXPECT_TRUE(ThrowsInvalidArgument([&] { bfgs(with_gradient_of_size(half_square(), entries), x0); },
                                          {"bfgs", "gradient", std::to_string(entries) + " entries"}))
            << "a gradient of " << entries << " entries at a point with n = 2";
}


// ---- the test-design checklist: parameters on both sides, caps reached, exact zeros, counts ----

// scaled_square: f(x) = (a / 2) ||x||^2, grad f = a x (minimizer 0, Hessian a I).
Objective scaled_square(double a) {
    return Objective{[a](const Vector& x) { return 0.5 * a * x.squaredNorm(); },
                     [a](const Vector& x) -> Vector { return a * x; }, {}};
}

TEST(WeakWolfeLineSearch, ConstantsC1AndC2MoveTheAcceptedStep) {
    // c1 = 0.4 on the BisectsATooLongStep case (x = 1, d = -10, g^T d = -10): t = 0.125 gives f = 0.03125,
    // above 0.5 - 0.4 * 0.125 * 10 = 0 (Armijo fails, hi = 0.125); t = 0.0625: x = 0.375, f = 0.0703125
    // <= 0.5 - 0.25 = 0.25, slope 0.375 * (-10) = -3.75 >= 0.9 * (-10). Accepted at 0.0625 (default c1: 0.125).
    const WolfeResult strict = weak_wolfe_line_search(half_square(), Vector{{1}}, 0.5, Vector{{1}}, Vector{{-10}},
                                                      {1.0, 0.4, 0.9, 60});
    EXPECT_TRUE(strict.accepted);
    EXPECT_EQ(strict.step, 0.0625) << "c1 = 0.4 rejects t = 0.125 (f = 0.03125 > f(x) + c1 t g^T d = 0)";
    EXPECT_EQ(strict.value_evaluations, 5);
    // c2 = 0.5 on the DoublesATooShortStep case (x = 1, d = -0.01): the curvature condition needs the slope
    // -(1 - 0.01 t) 0.01 >= -0.005, i.e. t >= 50: t = 1, 2, ..., 32 are too short, t = 64 is accepted
    // (x = 0.36, f = 0.0648 <= 0.5 - 1e-4 * 64 * 0.01). 7 trials (default c2 = 0.9: t = 16, 5 trials).
    const WolfeResult flat = weak_wolfe_line_search(half_square(), Vector{{1}}, 0.5, Vector{{1}}, Vector{{-0.01}},
                                                    {1.0, 1e-4, 0.5, 60});
    EXPECT_TRUE(flat.accepted);
    EXPECT_EQ(flat.step, 64.0) << "c2 = 0.5 asks for the slope to flatten to half of g^T d";
    EXPECT_EQ(flat.value_evaluations, 7);
    EXPECT_EQ(flat.gradient_evaluations, 7);
}

TEST(WeakWolfeLineSearch, AcceptsBothConditionsWithEquality) {
    // Armijo with equality: x = 1, d = -1, c1 = 1/2: t = 1 gives f = 0 = 1/2 - (1/2)(1)(1), exactly (every
    // number is a dyadic rational). The condition is f <= bound: t = 1 is accepted (the slope 0 >= -0.9).
    const WolfeResult armijo = weak_wolfe_line_search(half_square(), Vector{{1}}, 0.5, Vector{{1}}, Vector{{-1}},
                                                      {1.0, 0.5, 0.9, 60});
    EXPECT_TRUE(armijo.accepted);
    EXPECT_EQ(armijo.step, 1.0) << "f(x + t d) = f(x) + c1 t g^T d exactly satisfies Armijo (<=, not <)";
    // Curvature with equality: x = 1, d = -1/2, c2 = 1/2: t = 1 gives x = 1/2, slope (1/2)(-1/2) = -1/4 =
    // c2 g^T d = (1/2)(-1/2), exactly; f = 1/8 <= 1/2 - 1e-4 / 2. Accepted (>=); a strict test doubles to t = 2.
    const WolfeResult curvature = weak_wolfe_line_search(half_square(), Vector{{1}}, 0.5, Vector{{1}}, Vector{{-0.5}},
                                                         {1.0, 1e-4, 0.5, 60});
    EXPECT_TRUE(curvature.accepted);
    EXPECT_EQ(curvature.step, 1.0) << "grad f(x + t d)^T d = c2 g^T d exactly satisfies the curvature condition";
    EXPECT_EQ(curvature.gradient_evaluations, 1);
}

TEST(WeakWolfeLineSearch, StartsAtTheInitialStep) {
    // x = 1, d = -10 with initial_step = 0.125: the first trial is the step BisectsATooLongStep reaches
    // after three halvings, accepted at once: one value, one gradient.
    const WolfeResult r = weak_wolfe_line_search(half_square(), Vector{{1}}, 0.5, Vector{{1}}, Vector{{-10}},
                                                 {0.125, 1e-4, 0.9, 60});
    EXPECT_TRUE(r.accepted);
    EXPECT_EQ(r.step, 0.125);
    EXPECT_EQ(r.value_evaluations, 1) << "the first trial is t = initial_step";
    EXPECT_EQ(r.gradient_evaluations, 1);
}

TEST(WeakWolfeLineSearch, StopsAfterMaxTrials) {
    // The too-long case with max_trials = 3: t = 1, 0.5, 0.25 all fail Armijo (f = 40.5, 8, 1.125), so
    // no step is accepted; the result is the last trial's, with no gradient evaluated.
    const WolfeResult long_step = weak_wolfe_line_search(half_square(), Vector{{1}}, 0.5, Vector{{1}}, Vector{{-10}},
                                                         {1.0, 1e-4, 0.9, 3});
    EXPECT_FALSE(long_step.accepted) << "3 trials, all too long";
    EXPECT_EQ(long_step.step, 0.25);
    EXPECT_EQ(long_step.value, 1.125);
    EXPECT_EQ(long_step.value_evaluations, 3) << "max_trials = 3 caps the evaluations of f";
    EXPECT_EQ(long_step.gradient_evaluations, 0);
    // The too-short case with max_trials = 4: t = 1, 2, 4, 8 are all too short; the last trial is at
    // x = 1 - 0.08 = 0.92, whose gradient 0.92 is returned.
    const WolfeResult short_step = weak_wolfe_line_search(half_square(), Vector{{1}}, 0.5, Vector{{1}},
                                                          Vector{{-0.01}}, {1.0, 1e-4, 0.9, 4});
    EXPECT_FALSE(short_step.accepted) << "4 trials, all too short";
    EXPECT_EQ(short_step.step, 8.0);
    EXPECT_EQ(short_step.value_evaluations, 4);
    EXPECT_EQ(short_step.gradient_evaluations, 4);
    EXPECT_TRUE(AllClose(short_step.gradient, Vector{{0.92}}, {4 * u, 0.0})) << "the last trial's gradient";
}

TEST(WeakWolfeLineSearch, RefusesAZeroSlopeAndNonFiniteArguments) {
    EXPECT_TRUE(weak_wolfe_line_search(half_square(), Vector{{1, 0}}, 0.5, Vector{{1, 0}}, Vector{{-1, 0}}).accepted)
        << course::testing::kValidCallFirst;
    // g^T d = 0 exactly: d orthogonal to g, and d = 0. Neither is a descent direction.
    EXPECT_TRUE(ThrowsInvalidArgument(
        [] { weak_wolfe_line_search(half_square(), Vector{{1, 0}}, 0.5, Vector{{1, 0}}, Vector{{0, 1}}); },
        {"weak_wolfe_line_search", "descent"}));
    EXPECT_TRUE(ThrowsInvalidArgument(
        [] { weak_wolfe_line_search(half_square(), Vector{{1, 0}}, 0.5, Vector{{1, 0}}, Vector{{0, 0}}); },
        {"weak_wolfe_line_search", "descent"}));
    const double nan = std::nan(""), inf = std::numeric_limits<double>::infinity();
    for (double fx : {nan, inf, -inf})
        EXPECT_TRUE(ThrowsInvalidArgument(
            [fx] { weak_wolfe_line_search(half_square(), Vector{{1}}, fx, Vector{{1}}, Vector{{-1}}); },
            {"weak_wolfe_line_search", "fx"}))
            << "fx = " << fx;
    for (double t0 : {0.0, -1.0, nan, inf, -inf})
        EXPECT_TRUE(ThrowsInvalidArgument(
            [t0] { weak_wolfe_line_search(half_square(), Vector{{1}}, 0.5, Vector{{1}}, Vector{{-1}}, {t0, 1e-4, 0.9, 60}); },
            {"weak_wolfe_line_search", "initial_step"}))
            << "initial_step = " << t0;
    for (auto [c1, c2] : {std::pair{0.0, 0.9}, {-0.1, 0.9}, {1e-4, 1.0}, {0.5, 0.5}, {nan, 0.9}, {1e-4, nan},
                          {-inf, 0.9}, {1e-4, inf}})
        EXPECT_TRUE(ThrowsInvalidArgument(
            [c1, c2] { weak_wolfe_line_search(half_square(), Vector{{1}}, 0.5, Vector{{1}}, Vector{{-1}}, {1.0, c1, c2, 60}); },
            {"weak_wolfe_line_search", "c1", "c2"}))
            << "c1 = " << c1 << ", c2 = " << c2;
    for (int trials : {0, -1})
        EXPECT_TRUE(ThrowsInvalidArgument(
            [trials] { weak_wolfe_line_search(half_square(), Vector{{1}}, 0.5, Vector{{1}}, Vector{{-1}}, {1.0, 1e-4, 0.9, trials}); },
            {"weak_wolfe_line_search", "max_trials"}))
            << "max_trials = " << trials;
}

TEST(Bfgs, StopsAtMaxIterations) {
    // problems.hpp: Rosenbrock with max_iterations 5 and 0.
    testing::ExpectStopsAtMaxIterations([](const Objective& f, const Vector& x0, const StopRule& stop) { return bfgs(f, x0, stop); });
}

TEST(Bfgs, GradientToleranceIsStrictAndAbsolute) {
    // problems.hpp: ||g_0|| = 5 exactly against tol = 5 and the next double above it.
    testing::ExpectGradientToleranceIsStrict([](const Objective& f, const Vector& x0, const StopRule& stop) { return bfgs(f, x0, stop); });
}

TEST(Bfgs, LandingExactlyOnTheMinimizerConvergesWithToleranceZero) {
    // problems.hpp: the unit step lands exactly on x* = 0; tolerance 0.
    testing::ExpectExactMinimizerStopsWithToleranceZero([](const Objective& f, const Vector& x0, const StopRule& stop) { return bfgs(f, x0, stop); });
}

TEST(Bfgs, PassesItsLineSearchConfig) {
    // f = 64 x^2 (g = 128 x) from x = 1: d = -128. initial_step = 2^-7 lands exactly on 0 in one trial
    // (a converged run of 1 iteration, 2 values); the default t = 1 would bisect 7 times from x = -127.
    auto [objective, counts] = counted(scaled_square(128.0));
    const OptimizeResult r = bfgs(objective, Vector{{1}}, {0.0, 100}, {0.0078125, 1e-4, 0.9, 60});
    EXPECT_TRUE(r.converged);
    EXPECT_EQ(r.iterations, 1);
    EXPECT_EQ(r.x(0), 0.0);
    EXPECT_EQ(r.value_evaluations, 2) << "the line search must start at line_search.initial_step";
    EXPECT_TRUE(CountsMatch(r, *counts));
    // max_trials = 1 with t = 1: the one trial (x = -127) fails Armijo, no step is accepted, and the run
    // stops there, not converged, at x_0.
    const OptimizeResult stuck = bfgs(scaled_square(128.0), Vector{{1}}, {1e-8, 100}, {1.0, 1e-4, 0.9, 1});
    EXPECT_FALSE(stuck.converged) << "the line search found no step with max_trials = 1";
    EXPECT_EQ(stuck.iterations, 0);
    EXPECT_EQ(stuck.x(0), 1.0);
    EXPECT_EQ(stuck.value_evaluations, 2);
}

TEST(Bfgs, ReportsANonFiniteValueAtTheStart) {
    // f(x_0) = inf: DivergedError at iteration 0.
    const Objective inf_value{[](const Vector&) { return std::numeric_limits<double>::infinity(); },
                              [](const Vector& x) -> Vector { return x; }, {}};
    try {
        bfgs(inf_value, Vector{{1, 2}});
        ADD_FAILURE() << "no DivergedError for f(x_0) = inf";
    } catch (const DivergedError& e) {
        EXPECT_EQ(e.iteration(), 0) << e.what();
    }
}

TEST(Bfgs, RefusesNonFiniteStartsAndTolerances) {
    EXPECT_TRUE(bfgs(half_square(), Vector{{1, 2}}).converged) << course::testing::kValidCallFirst;
    const double nan = std::nan(""), inf = std::numeric_limits<double>::infinity();
    for (double bad : {nan, inf, -inf})
        EXPECT_TRUE(ThrowsInvalidArgument([bad] { bfgs(half_square(), Vector{{1, bad}}); }, {"bfgs", "x0"}))
            << "x0 = (1, " << bad << ")";
    for (double tol : {-1.0, nan, inf, -inf})
        EXPECT_TRUE(ThrowsInvalidArgument([tol] { bfgs(half_square(), Vector{{1}}, {tol, 10}); },
                                          {"bfgs", "gradient_tolerance"}))
            << "gradient_tolerance = " << tol;
    EXPECT_TRUE(ThrowsInvalidArgument([] { bfgs(half_square(), Vector{{1}}, {}, {1.0, 0.9, 0.1, 60}); },
                                      {"weak_wolfe_line_search", "c1"}))
        << "a WolfeConfig the line search refuses";
    EXPECT_TRUE(ThrowsInvalidArgument([] { bfgs(Objective{}, Vector{{1}}); }, {"bfgs", "value and gradient"}));
}


// Scaling f by c = 2^k scales g by c, and every quantity the method compares scales by a power of two,
// exactly: values and Armijo bounds by c, slopes by c^2 in the first search, y^T s by c, y^T y by c^2,
// so the rescaled H_0 = (y_0^T s_0 / y_0^T y_0) I and every later H carry the factor 1/c exactly and
// d = -H g is the unscaled run's direction. Only the first line search differs: it starts at
// initial_step along -c g_0 and doubles or halves its way over the factor c. When its trials pass
// through the point the unscaled first search accepts, with the same bracket, the whole run after it is
// the unscaled one, bit for bit (values times c), at the cost of exactly |k| = 50 more trials.
//
// The problems make that happen, worked out on a quadratic with Hessian A and g_0 = -w from x_0 = 0:
// along d = -g_0 = w the slope at step t is |w|^2 (-1 + t R), R = w^T A w / w^T w, so Armijo (c1 = 1e-4)
// holds iff t <= 2 (1 - c1) / R and the curvature condition (c2 = 0.9) iff t >= 0.1 / R.
// A = diag(1, 1/2, ..., 1/32), w = (1, 1, 1, 1, 2, 3): R = 2.40625 / 17 = 0.1415 (x* = A^-1 w).
//   f = q, c = 2^-50: unscaled, t = 1 is accepted (1 <= 14.1, 1 >= 0.71). Scaled, the trials are
//     t = 2^-50, ..., 2^-1 in the unscaled units, each passing Armijo and failing curvature (lo = t,
//     next 2 lo), then t = 1, accepted: 50 more values and 50 more gradients.
//   f = 16 q (R = 2.264), c = 2^50: unscaled, t = 1 fails Armijo (1 > 0.883) and t = 1/2 is accepted
//     (slope -1 + 1.13 > -0.9). Scaled, the trials are t = 2^50, ..., 1 (all fail Armijo, hi = t, next
//     hi / 2), then t = 1/2, accepted: 50 more values, no more gradients.
// Without the rescaled H_0 the directions of H that no update has reached keep the wrong units, and
// the runs part after the first step.
TEST(Bfgs, ScaledObjectiveRepeatsTheRunAfterTheFirstLineSearch) {
    const Vector a{{1, 0.5, 0.25, 0.125, 0.0625, 0.03125}};
    const Vector w{{1, 1, 1, 1, 2, 3}};
    const testing::Quadratic q = testing::diagonal_quadratic(a, Vector(w.cwiseQuotient(a)));
    const double R = w.dot(a.cwiseProduct(w)) / w.squaredNorm();
    ASSERT_GT(R, 0.125);  // the worked-out ranges above: 16 R > 2 (1 - c1) and R in [0.1, 0.2)
    ASSERT_LT(R, 0.2);
    const Vector x0 = Vector::Zero(6);
    struct Case {
        double multiple, c;
        int extra_values, extra_gradients;
    };
    for (const Case& k : {Case{1.0, std::ldexp(1.0, -50), 50, 50}, Case{16.0, std::ldexp(1.0, 50), 50, 0}}) {
        const Objective f = testing::scaled(centered(q), k.multiple);
        auto [base_objective, base_counts] = counted(f);
        const OptimizeResult base = bfgs(base_objective, x0, {1e-9, 200});
        ASSERT_TRUE(base.converged) << "the unscaled run on " << k.multiple << " q, after " << base.iterations << " iterations";
        ASSERT_TRUE(CountsMatch(base, *base_counts));
        auto [objective, counts] = counted(testing::scaled(f, k.c));
        const OptimizeResult r = bfgs(objective, x0, {1e-9 * k.c, 200});
        const std::string what = "f = " + std::to_string(int(k.multiple)) + " q scaled by c = 2^" +
                                 std::to_string(std::ilogb(k.c));
        EXPECT_TRUE(r.converged) << what;
        EXPECT_TRUE(CountsMatch(r, *counts)) << what;
        EXPECT_EQ(r.iterations, base.iterations) << what << ": the same steps from the first iterate on";
        EXPECT_TRUE(AllClose(r.x, base.x, {0.0, 0.0})) << what << ": the same iterates, bit for bit (did you rescale H_0 "
                                                         "by y^T s / y^T y before the first update?)";
        ASSERT_EQ(r.history.size(), base.history.size()) << what;
        for (size_t i = 0; i < r.history.size(); ++i)
            ASSERT_EQ(r.history[i], k.c * base.history[i]) << what << ", f(x_" << i << ")";
        EXPECT_EQ(r.value_evaluations, base.value_evaluations + k.extra_values)
            << what << ": only the first line search may take more trials, |log2 c| = 50 of them";
        EXPECT_EQ(r.gradient_evaluations, base.gradient_evaluations + k.extra_gradients) << what;
    }
}

// With tolerance 0 only g = 0 exactly stops the run. A gradient with tiny nonzero entries is not
// converged, and d = -g is a descent direction although g^T d = -||g||^2 underflows to 0: (3e-170,
// 4e-170) are normal doubles whose squares underflow, (1e-310, -2e-310) are subnormal. The line search
// decides descent by the sign of g^T d on vectors scaled to a largest entry of 1 (normalized_slope in
// the header), and its Armijo bound f(x) + c1 t g^T d is then f(x) itself. On f = ||x||^2 / 2 the unit
// step lands exactly on 0, where g = 0: converged after 1 iteration, 2 values and 2 gradients, as from
// (3, 4) in LandingExactlyOnTheMinimizerConvergesWithToleranceZero.
TEST(Bfgs, TinyNonzeroGradientsAreNotConvergedWithToleranceZero) {
    for (const Vector& x0 : {Vector{{3e-170, 4e-170}}, Vector{{1e-310, -2e-310}}}) {
        auto [objective, counts] = counted(half_square());
        const OptimizeResult r = bfgs(objective, x0, {0.0, 100});
        EXPECT_TRUE(r.converged) << "x0 = " << x0.transpose();
        EXPECT_EQ(r.iterations, 1) << "x0 = " << x0.transpose() << ": grad f(x0) = x0 is not 0, so a step is taken";
        EXPECT_TRUE(AllClose(r.x, Vector::Zero(2), {0.0, 0.0})) << "x0 = " << x0.transpose();
        EXPECT_EQ(r.value_evaluations, 2) << "x0 = " << x0.transpose();
        EXPECT_EQ(r.gradient_evaluations, 2) << "x0 = " << x0.transpose();
        EXPECT_TRUE(CountsMatch(r, *counts));
    }
    // The line search alone, at x = g = 1e-310 with d = -g (g^T d = -1e-620 rounds to -0): accepted at
    // t = 1, where f = 0 = f(x) (f(x) = 5e-621 rounds to 0 too) and the slope is 0 >= c2 g^T d.
    const WolfeResult r = weak_wolfe_line_search(half_square(), Vector{{1e-310}}, 0.0, Vector{{1e-310}}, Vector{{-1e-310}});
    EXPECT_TRUE(r.accepted) << "d = -g is a descent direction even where g^T d underflows";
    EXPECT_EQ(r.step, 1.0);
    EXPECT_EQ(r.value, 0.0);
    EXPECT_EQ(r.value_evaluations, 1);
}

// ||g|| itself must not underflow: for g = (3e-170, 4e-170), g_1^2 + g_2^2 = 2.5e-339 rounds to 0 and
// sqrt of it to 0, which is < any tolerance > 0. The true ||g|| = 5e-170 is far above tol = 1e-200, so
// x_0 is not converged; the unit step lands on 0 (g = 0 < tol): 1 iteration. At tol = 1e-169 > 5e-170
// x_0 is converged with no step. (Eigen's stableNorm, or the norm of g / max|g_i| times max|g_i|.)
TEST(Bfgs, GradientNormDoesNotUnderflowAgainstATinyTolerance) {
    const Vector x0{{3e-170, 4e-170}};
    const OptimizeResult r = bfgs(half_square(), x0, {1e-200, 100});
    EXPECT_TRUE(r.converged);
    EXPECT_EQ(r.iterations, 1) << "||g_0|| = 5e-170 is not < 1e-200: computed as sqrt(2.5e-339) it underflows to 0";
    EXPECT_TRUE(AllClose(r.x, Vector::Zero(2), {0.0, 0.0}));
    const OptimizeResult at_x0 = bfgs(half_square(), x0, {1e-169, 100});
    EXPECT_TRUE(at_x0.converged);
    EXPECT_EQ(at_x0.iterations, 0) << "||g_0|| = 5e-170 < 1e-169";
}

}  // namespace
}  // namespace course::optimization
