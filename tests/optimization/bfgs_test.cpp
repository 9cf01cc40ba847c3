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

// half_square: f(x) = 1/2 ||x||^2, grad f = x.
Objective half_square() {
    return Objective{[](const Vector& x) { return 0.5 * x.squaredNorm(); }, [](const Vector& x) -> Vector { return x; },
                     {}};
}

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
    weak_wolfe_line_search(half_square(), Vector{{1}}, 0.5, Vector{{1}}, Vector{{-1}});
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
    bfgs_update(Matrix::Identity(2, 2), Vector{{1, 0}}, Vector{{2, 1}});
    EXPECT_TRUE(ThrowsInvalidArgument([] { bfgs_update(Matrix::Identity(2, 2), Vector{{1, 0}}, Vector{{-2, 1}}); },
                                      {"bfgs_update", "curvature", "-2"}));
    EXPECT_TRUE(ThrowsInvalidArgument([] { bfgs_update(Matrix::Identity(2, 2), Vector{{1, 0}}, Vector{{0, 1}}); },
                                      {"bfgs_update", "curvature"}));
    EXPECT_TRUE(ThrowsInvalidArgument([] { bfgs_update(Matrix::Identity(2, 2), Vector{{1, 0, 0}}, Vector{{2, 1}}); },
                                      {"bfgs_update", "s has 3"}));
}

// ---- bfgs ----

TEST(Bfgs, MinimizesRosenbrockFromTheClassicStart) {
    // ||g|| < 1e-10 with a smallest Hessian eigenvalue of 0.399 at (1, 1): within 2.5e-10 of x*.
    // The reference takes 38 iterations (65 values, 48 gradients); 200 leaves room for a different but valid line search order.
    auto [objective, counts] = counted(testing::rosenbrock());
    const Vector x0{{-1.2, 1.0}};
    const OptimizeResult r = bfgs(objective, x0, {1e-10, 200});
    EXPECT_TRUE(r.converged) << "after " << r.iterations << " iterations";
    EXPECT_TRUE(AllClose(r.x, Vector{{1, 1}}, {5e-10, 0.0}));
    EXPECT_TRUE(CountsMatch(r, *counts));
    EXPECT_EQ(r.hessian_evaluations, 0) << "BFGS never evaluates the Hessian";
    EXPECT_TRUE(HistoryConsistent(r, testing::rosenbrock_value(x0)));
    for (size_t k = 1; k < r.history.size(); ++k)
        EXPECT_LT(r.history[k], r.history[k - 1]) << "f must decrease at every Wolfe step (k = " << k << ")";
}

TEST(Bfgs, MinimizesIllConditionedQuadraticsInFewIterations) {
    // kappa = 1e3 and 1e6 with n = 20. Gradient descent would need about (kappa / 2) ln(1 / tol)
    // iterations, 1e4 and 1e7; BFGS learns the curvature and needs a small multiple of n (with exact
    // line searches it would need n; the weak Wolfe steps are inexact: the reference takes 104 and
    // 191). The distance to x* is at most ||g|| / mu = tol * kappa.
    for (double kappa : {1e3, 1e6}) {
        const testing::Quadratic q = testing::random_quadratic(20, kappa, 55);
        const OptimizeResult r = bfgs(q.objective(), Vector::Zero(20), {1e-11, 1000});
        EXPECT_TRUE(r.converged) << "kappa = " << kappa << ", n = 20, seed 55, after " << r.iterations << " iterations";
        EXPECT_LE(r.iterations, 400) << "kappa = " << kappa << ": BFGS should not need more than 20 n iterations";
        EXPECT_TRUE(AllClose(r.x, q.minimizer, {2e-11 * kappa, 0.0})) << "kappa = " << kappa << ", seed 55";
    }
}

TEST(Bfgs, ReportsANonFiniteGradientAndRefusesBadArguments) {
    bfgs(half_square(), Vector{{1, 2}});
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

}  // namespace
}  // namespace course::optimization
