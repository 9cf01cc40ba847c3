// Tests for the Newton exercise (modules/optimization/learner/newton.cpp): newton_direction and
// newton.
//
// Oracles: directions and shifts worked out by hand from the contract's rule (the 2x2 matrices
// below); on seeded random symmetric matrices, Eigen's eigenvalues and the properties the shift must
// give (H + tau I positive definite, a descent direction, a shift no larger than the rule allows);
// for the method, problems with known minimizers: a quadratic (one step), the separable function
// e^x - x whose Newton error obeys e_{k+1} = e_k^2 / 2 + O(e_k^3) (quadratic convergence, checked
// exactly), Rosenbrock from the classic start, and a double well where pure Newton stops at the saddle.
// Bad-input tests first call the function on valid input, so that a stub shows "not started".
#include "optimization/newton.hpp"

#include <gtest/gtest.h>

#include <Eigen/Cholesky>
#include <algorithm>
#include <cmath>
#include <limits>
#include <string>
#include <vector>

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
using testing::with_hessian_of_size;

constexpr double u = unit_roundoff<double>();

double min_eigenvalue(const Matrix& S) {
    return eigen_solvers::symmetric_eigenvalues(S)(0);
}

// ---- newton_direction ----

TEST(NewtonDirection, PositiveDefiniteHessianGivesThePureNewtonStep) {
    // H = [[4, 1], [1, 3]] (min diagonal 4 > 0, Cholesky succeeds at tau = 0), g = (1, 2):
    // H^-1 = [[3, -1], [-1, 4]] / 11, so d = -H^-1 g = -(3 - 2, -1 + 8) / 11 = -(1/11, 7/11).
    const NewtonDirection nd = newton_direction(Matrix{{4, 1}, {1, 3}}, Vector{{1, 2}});
    EXPECT_EQ(nd.shift, 0.0) << "H is positive definite: no shift, the pure Newton step";
    EXPECT_TRUE(AllClose(nd.direction, Vector{{-1.0 / 11, -7.0 / 11}}, {16 * u, 0.0}))
        << "d = -H^-1 g; (1/11, 7/11) means the sign is missing";
}

TEST(NewtonDirection, ShiftsAnIndefiniteHessianByTheDocumentedRule) {
    // H = diag(2, -1), g = (1, 1). ||H||_F = sqrt(5), beta = 1e-3 sqrt(5); min diagonal -1 <= 0, so
    // tau_0 = beta + 1 and H + tau_0 I = diag(3 + beta, beta) is positive definite: shift = 1 + beta,
    // d = -(1 / (3 + beta), 1 / beta).
    const double beta = 1e-3 * std::sqrt(5.0);
    const NewtonDirection nd = newton_direction(Matrix{{2, 0}, {0, -1}}, Vector{{1, 1}});
    EXPECT_NEAR(nd.shift, 1.0 + beta, 4 * u) << "tau_0 = beta - min_i H_ii with beta = 1e-3 ||H||_F";
    // The second diagonal entry is -1 + (1 + beta): the rounding of 1 + beta (u in absolute terms)
    // survives the cancellation, a relative error of u / beta = 450 u in beta and in 1 / beta.
    EXPECT_TRUE(AllClose(nd.direction, Vector{{-1.0 / (3.0 + beta), -1.0 / beta}}, {0.0, 4 * u / beta}));
    // H = [[1, 2], [2, 1]], eigenvalues 3 and -1, but a positive diagonal: tau starts at 0, fails, and
    // doubles from beta = 1e-3 sqrt(10) until it passes 1: beta * 2^8 = 0.81 fails, beta * 2^9 = 1.62
    // succeeds. Powers of two are exact, so the shift is exactly 512 beta.
    const NewtonDirection nd2 = newton_direction(Matrix{{1, 2}, {2, 1}}, Vector{{1, 0}});
    EXPECT_NEAR(nd2.shift, 512e-3 * std::sqrt(10.0), 8 * u) << "tau = max(2 tau, beta) after each failure";
}

TEST(NewtonDirection, ZeroHessianGivesTheGradientStep) {
    // H = 0: beta = 1, tau = 1 - 0 = 1, d = -g: steepest descent.
    const NewtonDirection nd = newton_direction(Matrix::Zero(2, 2), Vector{{3, -4}});
    EXPECT_EQ(nd.shift, 1.0);
    EXPECT_TRUE(AllClose(nd.direction, Vector{{-3, 4}}, {0.0, 0.0}));
}

TEST(NewtonDirection, AlwaysGivesADescentDirectionFromAPositiveDefiniteShift) {
    // Random symmetric H with eigenvalues of both signs (or all positive, for seed % 3 == 0).
    // Properties: H + tau I positive definite; d solves (H + tau I) d = -g (backward stable
    // Cholesky solve: residual within about n u ||H + tau I|| ||d||); g^T d < 0; and the rule never
    // overshoots: the last failing tau was below -lambda_min, so tau <= 2 (-lambda_min) + beta, and
    // tau_0 <= beta - lambda_min; hence tau <= 2 (|lambda_min| + beta).
    for (int seed = 0; seed < 12; ++seed) {
        const int n = 1 + seed % 7;
        Vector eigenvalues = 5.0 * random_vector(n, 900 + std::uint64_t(seed));
        if (seed % 3 == 0) eigenvalues = eigenvalues.cwiseAbs().array() + 0.1;
        const Matrix H = random_symmetric(eigenvalues, 950 + std::uint64_t(seed));
        const Matrix Hs = (H + H.transpose()) / 2;  // exactly symmetric
        const Vector g = random_vector(n, 990 + std::uint64_t(seed));
        const NewtonDirection nd = newton_direction(Hs, g);
        ASSERT_EQ(nd.direction.size(), n);
        const double lambda_min = min_eigenvalue(Hs);
        const Matrix shifted = Hs + nd.shift * Matrix::Identity(n, n);
        EXPECT_GT(min_eigenvalue(shifted), 0.0) << "n = " << n << ", seed " << seed << ": H + tau I must be positive "
                                                << "definite; lambda_min(H) = " << lambda_min << ", tau = " << nd.shift;
        if (lambda_min > 0 && Hs.diagonal().minCoeff() > 0) {
            EXPECT_EQ(nd.shift, 0.0) << "seed " << seed;
        }
        const double beta = 1e-3 * Hs.norm();
        EXPECT_LE(nd.shift, 2.0 * (std::max(0.0, -lambda_min) + beta)) << "seed " << seed << ": shift too large";
        const Vector residual = shifted * nd.direction + g;
        EXPECT_LE(residual.norm(), 64 * n * u * shifted.norm() * nd.direction.norm() + 64 * u * g.norm())
            << "(H + tau I) d = -g; n = " << n << ", seed " << seed;
        EXPECT_LT(g.dot(nd.direction), 0.0) << "g^T d must be negative (descent); seed " << seed;
    }
}

TEST(NewtonDirection, RefusesBadInput) {
    EXPECT_EQ(newton_direction(Matrix{{4, 1}, {1, 3}}, Vector{{1, 2}}).shift, 0.0) << course::testing::kValidCallFirst;
    EXPECT_TRUE(ThrowsInvalidArgument([] { newton_direction(Matrix(2, 3), Vector(2)); }, {"newton_direction", "2 x 3"}));
    EXPECT_TRUE(ThrowsInvalidArgument([] { newton_direction(Matrix{{4, 1}, {1, 3}}, Vector(3)); },
                                      {"newton_direction", "g has 3"}));
    EXPECT_TRUE(ThrowsInvalidArgument([] { newton_direction(Matrix{{4, 1}, {2, 3}}, Vector(2)); },
                                      {"newton_direction", "symmetric"}));
    EXPECT_TRUE(ThrowsInvalidArgument([] { newton_direction(Matrix{{4, std::nan("")}, {1, 3}}, Vector(2)); },
                                      {"newton_direction", "NaN"}));
}

// ---- newton ----

TEST(Newton, SolvesAQuadraticInOneStep) {
    // On f = 1/2 x^T A x - b^T x the Newton step from any x_0 lands on x* = A^-1 b, and t = 1 passes
    // Armijo (f decreases by 1/2 g^T A^-1 g >= c1 g^T A^-1 g). kappa = 1e6: the Cholesky solve leaves
    // a relative error of about kappa * n u = 1e-9, and a gradient ||A x - b|| of about n u ||A|| ||x||.
    const testing::Quadratic q = testing::random_quadratic(10, 1e6, 61);
    auto [objective, counts] = counted(q.objective());
    const Vector x0 = Vector::Zero(10);
    const OptimizeResult r = newton(objective, x0, {1e-10, 50});
    EXPECT_TRUE(r.converged);
    EXPECT_EQ(r.iterations, 1) << "n = 10, kappa = 1e6, seed 61: a quadratic takes exactly one Newton step";
    EXPECT_TRUE(AllClose(r.x, q.minimizer, {1e6 * 10 * 64 * u * q.minimizer.norm(), 0.0}));
    EXPECT_TRUE(CountsMatch(r, *counts));
    EXPECT_EQ(r.value_evaluations, 2) << "f(x_0) and one line-search trial, whose value is f(x_1)";
    EXPECT_EQ(r.gradient_evaluations, 2) << "g_0 and g_1";
    EXPECT_EQ(r.hessian_evaluations, 1) << "H_0 only: the run stops on g_1";
    EXPECT_TRUE(HistoryConsistent(r, 0.0));
}

// exp_minus_x: f(x) = sum_i (e^{x_i} - x_i), minimum f* = n at x* = 0, H = diag(e^{x_i}) > 0.
// Newton acts on each coordinate alone: x+ = x - (e^x - 1) / e^x = x - 1 + e^{-x}, so with e = x,
//     e+ = e - 1 + e^{-e} = e^2 / 2 - e^3 / 6 + ...   (Taylor),   e+ / e^2 in [0.36, 0.5] for 0 < e <= 1.
Objective exp_minus_x() {
    return Objective{[](const Vector& x) { return (x.array().exp() - x.array()).sum(); },
                     [](const Vector& x) -> Vector { return (x.array().exp() - 1.0).matrix(); },
                     [](const Vector& x) -> Matrix { return Matrix(x.array().exp().matrix().asDiagonal()); }};
}

TEST(Newton, ConvergesQuadraticallyTheExponentDoubles) {
    // x_k from reruns with max_iterations = k (the method is deterministic). From x_0 = 1 the errors
    // are 1, 0.368, 0.060, 1.8e-3, 1.6e-6, 1.2e-12: each about half the square of the previous one.
    // The Armijo test accepts t = 1 at every step here (f is convex and the step is the exact
    // minimizer of a quadratic model that underestimates the decrease), so the pure Newton error
    // recursion applies; where it stops being visible is the rounding level of e^x - 1, about u.
    const Objective f = exp_minus_x();
    std::vector<double> errors;
    for (int k = 0; k <= 6; ++k) {
        const OptimizeResult r = newton(f, Vector{{1.0}}, {0.0, k});
        ASSERT_EQ(r.x.size(), 1);
        errors.push_back(std::abs(r.x(0)));
        if (r.iterations < k) break;
    }
    ASSERT_GE(errors.size(), 6u) << "expected at least 5 full Newton steps before the error reaches rounding level";
    for (size_t k = 0; k + 1 < errors.size(); ++k) {
        const double e = errors[k], next = errors[k + 1];
        if (e < 1e-7) break;  // e^2 / 2 would be below the rounding of e^x - 1 (about u)
        EXPECT_GE(next / (e * e), 0.3) << "step " << k << ": e_k = " << e << ", e_{k+1} = " << next;
        EXPECT_LE(next / (e * e), 0.55) << "step " << k << ": e_k = " << e << ", e_{k+1} = " << next
                                        << ": the error should be about e_k^2 / 2 (quadratic convergence); a "
                                           "ratio e_{k+1} / e_k that stays constant is linear convergence";
        if (e < 1e-2) {
            EXPECT_GE(std::log(next) / std::log(e), 1.9) << "step " << k << ": the exponent of the error should double";
        }
    }
}

TEST(Newton, MinimizesRosenbrockFromTheClassicStart) {
    // From (-1.2, 1) the iterates follow the bending valley and the line search shortens many steps;
    // the reference takes 22 iterations (30 evaluations of f), and 50 leaves room for another
    // (equally valid) order of operations. At x* the smallest Hessian
    // eigenvalue is 0.399, so ||g|| < 1e-10 puts x within 1e-10 / 0.399 = 2.5e-10 of (1, 1).
    auto [objective, counts] = counted(testing::rosenbrock());
    const Vector x0{{-1.2, 1.0}};
    const OptimizeResult r = newton(objective, x0, {1e-10, 50});
    EXPECT_TRUE(r.converged) << "after " << r.iterations << " iterations";
    EXPECT_TRUE(AllClose(r.x, Vector{{1, 1}}, {5e-10, 0.0}));
    EXPECT_TRUE(CountsMatch(r, *counts));
    EXPECT_TRUE(HistoryConsistent(r, testing::rosenbrock_value(x0)));
    EXPECT_EQ(r.gradient_evaluations, r.iterations + 1);
    EXPECT_EQ(r.hessian_evaluations, r.iterations);
    for (size_t k = 1; k < r.history.size(); ++k)
        EXPECT_LT(r.history[k], r.history[k - 1]) << "f must decrease at every accepted Armijo step (k = " << k << ")";
}

// double_well: f(x, y) = x^2 + y^4 / 4 - y^2 / 2. Minima at (0, +-1) with f* = -1/4, a saddle at
// (0, 0) with f = 0. The Hessian diag(2, 3 y^2 - 1) is indefinite for |y| < 1/sqrt(3).
Objective double_well() {
    return Objective{[](const Vector& v) { return v(0) * v(0) + std::pow(v(1), 4) / 4 - v(1) * v(1) / 2; },
                     [](const Vector& v) -> Vector { return Vector{{2 * v(0), v(1) * v(1) * v(1) - v(1)}}; },
                     [](const Vector& v) -> Matrix { return Matrix{{2, 0}, {0, 3 * v(1) * v(1) - 1}}; }};
}

TEST(Newton, ShiftedHessianEscapesTheSaddle) {
    // From (1, 0.1) the pure Newton step in y is y - (y^3 - y) / (3 y^2 - 1) = 0.1 - 0.102 = -0.002:
    // it jumps next to the saddle and converges to it (f = 0, a "converged" run at the wrong point).
    // The shifted Hessian turns the y-step downhill, away from the saddle, to a minimum with f = -1/4.
    const OptimizeResult r = newton(double_well(), Vector{{1.0, 0.1}}, {1e-10, 100});
    EXPECT_TRUE(r.converged);
    EXPECT_NEAR(r.value, -0.25, 1e-12) << "stopped at f = " << r.value
                                       << "; f = 0 is the saddle (0, 0): the Hessian there is indefinite, "
                                          "shift it (newton_direction) instead of solving H d = -g directly";
    ASSERT_EQ(r.x.size(), 2);
    EXPECT_NEAR(std::abs(r.x(1)), 1.0, 1e-9);
}

TEST(Newton, ReportsANonFiniteStartAndRefusesBadArguments) {
    EXPECT_TRUE(newton(exp_minus_x(), Vector{{1.0}}).converged) << course::testing::kValidCallFirst;
    // f(x_0) = e^1000 - 1000 = inf.
    EXPECT_THROW(newton(exp_minus_x(), Vector{{1000.0}}), DivergedError);
    Objective no_hessian = exp_minus_x();
    no_hessian.hessian = nullptr;
    EXPECT_TRUE(ThrowsInvalidArgument([&] { newton(no_hessian, Vector{{1.0}}); }, {"newton", "hessian"}));
    EXPECT_TRUE(ThrowsInvalidArgument([] { newton(exp_minus_x(), Vector(0)); }, {"newton", "empty"}));
    EXPECT_TRUE(ThrowsInvalidArgument([] { newton(exp_minus_x(), Vector{{1.0}}, {-1.0, 10}); },
                                      {"newton", "gradient_tolerance"}));
}

// A callback that returns a vector of the wrong size is the caller's mistake: refused by name
// (gradient_at and hessian_at in problem.hpp), not an Eigen assertion in the step or a read past the
// end of the vector. Both one entry too few and one too many, at a point with n = 2.
TEST(Newton, RefusesAGradientOrHessianOfTheWrongSize) {
    EXPECT_TRUE(newton(exp_minus_x(), Vector{{1.0}}).converged) << course::testing::kValidCallFirst;  // valid input first
    for (int entries : {0, 2}) {
        EXPECT_TRUE(ThrowsInvalidArgument([&] { newton(with_gradient_of_size(exp_minus_x(), entries), Vector{{1.0}}); },
                                          {"newton", "gradient", std::to_string(entries) + " entries"}))
            << "a gradient of " << entries << " entries at a point with n = 1";
        EXPECT_TRUE(ThrowsInvalidArgument([&] { newton(with_hessian_of_size(exp_minus_x(), entries), Vector{{1.0}}); },
                                          {"newton", "hessian", std::to_string(entries) + " x " + std::to_string(entries)}))
            << "a Hessian of " << entries << " x " << entries << " at a point with n = 1";
    }
}


TEST(NewtonDirection, ScalesWithTheHessian) {
    // (c H + c tau I) d = -c g has the same d for every c > 0, and the rule's beta = 1e-3 ||c H||_F
    // and min_i c H_ii scale with c: the shift must be c times the shift for H, the direction the
    // same. c a power of two makes every step of the Cholesky factorization exactly c (or sqrt(c))
    // times the unscaled one, so both are compared exactly, from 1e-150 to 1e150. An absolute
    // constant in the rule (a beta of 1e-3 instead of 1e-3 ||H||_F) breaks this.
    for (int seed = 0; seed < 4; ++seed) {
        const int n = 2 + seed;
        const Matrix A = random_symmetric(5.0 * random_vector(n, 1500 + std::uint64_t(seed)), 1550 + std::uint64_t(seed));
        const Matrix H = (A + A.transpose()) / 2;  // exactly symmetric, eigenvalues of both signs (most seeds)
        const Vector g = random_vector(n, 1590 + std::uint64_t(seed));
        const NewtonDirection base = newton_direction(H, g);
        for (double c : testing::kScales) {
            const NewtonDirection nd = newton_direction(c * H, c * g);
            EXPECT_EQ(nd.shift, c * base.shift) << "n = " << n << ", seed " << seed << ", H and g scaled by " << c;
            EXPECT_TRUE(AllClose(nd.direction, base.direction, {0.0, 0.0}))
                << "n = " << n << ", seed " << seed << ", H and g scaled by " << c;
        }
    }
}

TEST(NewtonDirection, RefusesEveryNonFiniteOrEmptyHessian) {
    const double inf = std::numeric_limits<double>::infinity();
    EXPECT_EQ(newton_direction(Matrix{{4, 1}, {1, 3}}, Vector{{1, 2}}).shift, 0.0) << course::testing::kValidCallFirst;
    EXPECT_TRUE(ThrowsInvalidArgument([] { newton_direction(Matrix(0, 0), Vector(0)); }, {"newton_direction", "n >= 1"}));
    for (double bad : {inf, -inf})
        EXPECT_TRUE(ThrowsInvalidArgument([&] { newton_direction(Matrix{{bad, 0}, {0, 1}}, Vector{{1, 2}}); },
                                          {"newton_direction", "inf"}))
            << "H_00 = " << bad;
}

// half_square: f(x) = x^2 / 2 on R^1, f' = x, f'' = 1. From x_0 = 1 the Newton step is d = -1 and
// t = 1 passes Armijo (f(0) = 0 <= 1/2 - 1e-4): x_1 = 0 exactly, where g_1 = 0 exactly.
Objective half_square() { return testing::diagonal_quadratic(Vector{{1.0}}, Vector{{0.0}}).objective(); }

TEST(Newton, ToleranceIsStrictAndAnExactZeroGradientStops) {
    {
        // tol = 1 = ||g_0||: the rule is ||g|| < tol, so one step is taken.
        auto [objective, counts] = counted(half_square());
        const OptimizeResult r = newton(objective, Vector{{1.0}}, {1.0, 100});
        EXPECT_TRUE(r.converged);
        EXPECT_EQ(r.iterations, 1) << "||g_0|| = 1 equals tol = 1: not below it";
        EXPECT_EQ(r.x[0], 0.0);
        EXPECT_TRUE(CountsMatch(r, *counts));
        EXPECT_EQ(r.value_evaluations, 2) << "f(x_0) and the trial t = 1";
        EXPECT_EQ(r.hessian_evaluations, 1) << "H_0 only: no Hessian at x_1, where the run stops";
    }
    {
        // tol = 0: the iterate lands exactly on the minimizer, g_1 = 0: stop, converged (d = 0 would
        // have slope 0, which the line search refuses).
        const OptimizeResult r = newton(half_square(), Vector{{1.0}}, {0.0, 100});
        EXPECT_TRUE(r.converged) << "an exactly zero gradient stops the run, converged, whatever the tolerance";
        EXPECT_EQ(r.iterations, 1);
        EXPECT_EQ(r.x[0], 0.0);
    }
    {
        // Started on the minimizer: no step, no Hessian.
        auto [objective, counts] = counted(half_square());
        const OptimizeResult r = newton(objective, Vector{{0.0}}, {0.0, 100});
        EXPECT_TRUE(r.converged);
        EXPECT_EQ(r.iterations, 0);
        EXPECT_TRUE(CountsMatch(r, *counts));
        EXPECT_EQ(r.hessian_evaluations, 0);
    }
}

TEST(Newton, CountsOneHessianAndOneTrialPerFullStep) {
    // exp_minus_x in 3 variables: every Newton step is accepted at t = 1 (each coordinate's f
    // decreases, checked by the history), so k steps cost exactly k + 1 values (f(x_0) and one
    // trial per step, whose value is f(x_{k+1}): never evaluated again), k + 1 gradients, k Hessians.
    const Vector x0{{1.0, 0.5, -0.5}};
    for (int k : {1, 2, 4}) {
        auto [objective, counts] = counted(exp_minus_x());
        const OptimizeResult r = newton(objective, x0, {0.0, k});
        EXPECT_FALSE(r.converged) << "k = " << k;
        EXPECT_EQ(r.iterations, k);
        EXPECT_TRUE(CountsMatch(r, *counts)) << "k = " << k;
        EXPECT_EQ(r.value_evaluations, k + 1) << "k = " << k << ": f(x_0) and one trial (t = 1) per step";
        EXPECT_EQ(r.gradient_evaluations, k + 1) << "k = " << k;
        EXPECT_EQ(r.hessian_evaluations, k) << "k = " << k << ": one Hessian per step, none at x_k";
        EXPECT_TRUE(HistoryConsistent(r, exp_minus_x().value(x0))) << "k = " << k;
    }
}

TEST(Newton, PassesItsLineSearchConfig) {
    // exp_minus_x from x_0 = 1: f_0 = e - 1 = 1.718, g_0 = e - 1, d = -(e - 1) / e = -0.632, and
    // the full step gives f(1 / e) = e^(1/e) - 1/e = 1.077. With c1 = 0.9 Armijo needs
    // f <= 1.718 - 0.9 * 1.086 = 0.741: t = 1 fails, and with max_backtracks = 0 the search
    // gives up: the run stops at x_0, not converged. The default config accepts t = 1.
    auto [objective, counts] = counted(exp_minus_x());
    const OptimizeResult r = newton(objective, Vector{{1.0}}, {1e-10, 100}, {1.0, 0.5, 0.9, 0});
    EXPECT_FALSE(r.converged) << "c1 = 0.9 and max_backtracks = 0 reject the only trial t = 1";
    EXPECT_EQ(r.iterations, 0);
    EXPECT_EQ(r.x[0], 1.0) << "a failed line search must not move x";
    EXPECT_TRUE(CountsMatch(r, *counts));
    EXPECT_EQ(r.value_evaluations, 2);
    // With c1 = 0.9 and backtracking allowed, t = 1/2 (f(0.684) = 1.298 > 1.718 - 0.489) and
    // t = 1/4 (f(0.842) = 1.479 > 1.474) fail too; t = 1/8 (f(0.921) = 1.590 <= 1.596) is accepted.
    const OptimizeResult s = newton(exp_minus_x(), Vector{{1.0}}, {0.0, 1}, {1.0, 0.5, 0.9, 60});
    EXPECT_NEAR(s.x[0], 1.0 - 0.125 * (1.0 - std::exp(-1.0)), 4 * u) << "x_1 = x_0 + d / 8";
    EXPECT_EQ(s.value_evaluations, 1 + 4) << "f(x_0) and the trials t = 1, 1/2, 1/4, 1/8";
    EXPECT_TRUE(ThrowsInvalidArgument([] { newton(exp_minus_x(), Vector{{1.0}}, {}, {1.0, 0.0, 1e-4, 60}); },
                                      {"shrink"}))
        << "a line-search config with shrink = 0";
}

TEST(Newton, ThrowsDivergedErrorForANonFiniteGradientOrHessian) {
    // exp_minus_x from x_0 = 1 steps to x_1 = 1 / e = 0.37: callbacks that turn NaN or inf below 0.5
    // fail at iteration 1, and the error names it (a DivergedError, not an argument error of
    // newton_direction).
    constexpr double inf = std::numeric_limits<double>::infinity();
    Objective bad_hessian = exp_minus_x(), bad_gradient = exp_minus_x();
    bad_hessian.hessian = [](const Vector& x) -> Matrix { return Matrix::Constant(1, 1, x[0] < 0.5 ? std::nan("") : std::exp(x[0])); };
    bad_gradient.gradient = [](const Vector& x) -> Vector { return Vector::Constant(1, x[0] < 0.5 ? inf : std::exp(x[0]) - 1.0); };
    for (const Objective& f : {bad_hessian, bad_gradient}) {
        EXPECT_TRUE(newton(exp_minus_x(), Vector{{1.0}}).converged) << course::testing::kValidCallFirst;  // valid input first
        try {
            const OptimizeResult r = newton(f, Vector{{1.0}});
            ADD_FAILURE() << "returned after " << r.iterations << " iterations; expected DivergedError at iteration 1";
        } catch (const DivergedError& e) {
            EXPECT_EQ(e.iteration(), 1) << e.what();
            EXPECT_NE(std::string(e.what()).find("newton"), std::string::npos) << e.what();
        }
    }
}

TEST(Newton, TakesTheSameStepsOnAScaledObjective) {
    // Newton's direction does not change when f is scaled by c (H and g both scale), the shift
    // scales with H (ScalesWithTheHessian) and Armijo is homogeneous in f: on c f with tolerance
    // c tol the run must be the one on f, bit for bit for c a power of two, from 2^-250 to 2^250
    // (testing::kRunScales: the stopping rule's ||c g|| squares c g).
    const Vector x0{{-1.2, 1.0}};
    const OptimizeResult base = newton(testing::rosenbrock(), x0, {1e-6, 100});
    ASSERT_TRUE(base.converged) << "the unscaled run on Rosenbrock did not converge in " << base.iterations
                                << " iterations: the scaled runs have nothing to match";
    for (double c : testing::kRunScales) {
        const OptimizeResult r = newton(testing::scaled(testing::rosenbrock(), c), x0, {c * 1e-6, 100});
        EXPECT_TRUE(r.converged) << "f scaled by " << c;
        EXPECT_EQ(r.iterations, base.iterations) << "f scaled by " << c;
        EXPECT_TRUE(AllClose(r.x, base.x, {0.0, 0.0})) << "f scaled by " << c;
        EXPECT_EQ(r.value_evaluations, base.value_evaluations) << "f scaled by " << c;
    }
    // The double well crosses indefinite Hessians, where the shift (relative to ||H||_F) decides.
    const OptimizeResult well = newton(double_well(), Vector{{1.0, 0.1}}, {1e-8, 100});
    ASSERT_TRUE(well.converged) << "the unscaled run on the double well did not converge in " << well.iterations
                                << " iterations: the scaled runs have nothing to match";
    for (double c : testing::kRunScales) {
        const OptimizeResult r = newton(testing::scaled(double_well(), c), Vector{{1.0, 0.1}}, {c * 1e-8, 100});
        EXPECT_TRUE(r.converged) << "double well, f scaled by " << c;
        EXPECT_EQ(r.iterations, well.iterations) << "double well, f scaled by " << c;
        EXPECT_TRUE(AllClose(r.x, well.x, {0.0, 0.0})) << "double well, f scaled by " << c;
    }
}

TEST(Newton, ThrowsDivergedErrorNamingIterationZeroForANonFiniteStart) {
    // f(x_0) = e^1000 - 1000 = inf (and e^x overflows from x = 709.8 on): the run fails before its
    // first step, at iteration 0, and says so.
    EXPECT_TRUE(newton(exp_minus_x(), Vector{{1.0}}).converged) << course::testing::kValidCallFirst;  // valid input first
    try {
        const OptimizeResult r = newton(exp_minus_x(), Vector{{1000.0}});
        ADD_FAILURE() << "returned after " << r.iterations << " iterations; expected DivergedError at iteration 0";
    } catch (const DivergedError& e) {
        EXPECT_EQ(e.iteration(), 0) << e.what();
        EXPECT_NE(std::string(e.what()).find("newton"), std::string::npos) << e.what();
    }
}

TEST(Newton, RefusesAMissingValueOrGradientAndOutOfRangeStopRules) {
    EXPECT_TRUE(newton(exp_minus_x(), Vector{{1.0}}).converged) << course::testing::kValidCallFirst;
    Objective no_value = exp_minus_x(), no_gradient = exp_minus_x();
    no_value.value = nullptr;
    no_gradient.gradient = nullptr;
    EXPECT_TRUE(ThrowsInvalidArgument([&] { newton(no_value, Vector{{1.0}}); }, {"newton", "value"}));
    EXPECT_TRUE(ThrowsInvalidArgument([&] { newton(no_gradient, Vector{{1.0}}); }, {"newton", "gradient"}));
    const double inf = std::numeric_limits<double>::infinity();
    for (double tol : {std::nan(""), inf, -inf})
        EXPECT_TRUE(ThrowsInvalidArgument([&] { newton(exp_minus_x(), Vector{{1.0}}, {tol, 10}); },
                                          {"newton", "gradient_tolerance"}))
            << "gradient_tolerance = " << tol;
    EXPECT_TRUE(ThrowsInvalidArgument([] { newton(exp_minus_x(), Vector{{1.0}}, {1e-8, -1}); }, {"newton", "max_iterations"}));
    EXPECT_TRUE(ThrowsInvalidArgument([&] { newton(exp_minus_x(), Vector{{-inf}}); }, {"newton", "x0"}));
}

TEST(NewtonDirection, HandlesHessiansNearTheLimitsOfDouble) {
    // The rule's arithmetic must not overflow or underflow where H itself is representable: ||H||_F
    // as sqrt(sum H_ij^2) is inf from |H_ij| ~ 1.3e154 and 0 below ~1e-162, and H_ii + tau overflows
    // when both are near DBL_MAX. Expected values from the rule worked by hand (every shifted matrix
    // below is diagonal); each is a few roundings of its inputs, hence the relative tolerance 8 u
    // (and 2^-1070 absolute, for a subnormal entry of d).
    const double big = std::numeric_limits<double>::max(), tiny = 1e-300;
    const course::testing::Tolerance close{std::ldexp(1.0, -1070), 8 * u};
    {
        // diag(-DBL_MAX, 1): ||H||_F = DBL_MAX (to rounding), beta = 1e-3 DBL_MAX, tau = beta + DBL_MAX
        // = 1.001 DBL_MAX: no double holds it, so the shift is reported as +inf; the direction is
        // still the rule's, d = -(g_0 / beta, g_1 / (1 + tau)) = -(g_0 / (1e-3 DBL_MAX), g_1 / (1.001 DBL_MAX)).
        const NewtonDirection nd = newton_direction(Matrix{{-big, 0}, {0, 1}}, Vector{{1, 1}});
        // H_00 + tau = -DBL_MAX + (beta + DBL_MAX) cancels: the rounding of beta + DBL_MAX (u DBL_MAX)
        // survives, a relative error of u / 1e-3 in beta and so in d_0 (as in ShiftsAnIndefiniteHessian...).
        const Vector want{{-1.0 / (1e-3 * big), -(1.0 / big) / 1.001}};
        EXPECT_TRUE(AllClose(nd.direction, want, {close.atol, 4 * u / 1e-3}))
            << "H = diag(-DBL_MAX, 1): the shift's arithmetic overflows unless H is scaled first; a zero or NaN "
               "direction is no descent direction";
        EXPECT_EQ(nd.shift, std::numeric_limits<double>::infinity()) << "tau = 1.001 DBL_MAX is beyond the largest double";
    }
    {
        // diag(DBL_MAX, -1): beta = 1e-3 DBL_MAX, tau = beta + 1 (= beta in double), finite; but
        // H_00 + tau = 1.001 DBL_MAX overflows unless H is scaled. d = -(1 / (1.001 DBL_MAX), 1 / (tau - 1)).
        const NewtonDirection nd = newton_direction(Matrix{{big, 0}, {0, -1}}, Vector{{1, 1}});
        EXPECT_NEAR(nd.shift, 1e-3 * big, 8 * u * 1e-3 * big) << "H = diag(DBL_MAX, -1)";
        EXPECT_TRUE(AllClose(nd.direction, Vector{{-(1.0 / big) / 1.001, -1.0 / (1e-3 * big)}}, close))
            << "H = diag(DBL_MAX, -1)";
    }
    {
        // diag(DBL_MAX, DBL_MAX) is positive definite: no shift, d = -g / DBL_MAX.
        const NewtonDirection nd = newton_direction(Matrix{{big, 0}, {0, big}}, Vector{{1, -1}});
        EXPECT_EQ(nd.shift, 0.0);
        EXPECT_TRUE(AllClose(nd.direction, Vector{{-1.0 / big, 1.0 / big}}, close)) << "H = DBL_MAX I";
    }
    {
        // diag(-1e-300, 1e-300): ||H||_F = sqrt(2) 1e-300 (its squares underflow to 0 in double: a
        // computed norm of 0 would make beta = 1, the rule for H = 0, a shift 1e300 times too large).
        // beta = 1e-3 sqrt(2) 1e-300, tau = beta + 1e-300, d = -(1 / beta, 1 / (tau + 1e-300)).
        const double beta = 1e-3 * std::sqrt(2.0) * tiny;
        const NewtonDirection nd = newton_direction(Matrix{{-tiny, 0}, {0, tiny}}, Vector{{1, 1}});
        EXPECT_NEAR(nd.shift, beta + tiny, 8 * u * (beta + tiny)) << "H = diag(-1e-300, 1e-300)";
        EXPECT_TRUE(AllClose(nd.direction, Vector{{-1.0 / beta, -1.0 / (beta + 2 * tiny)}}, {0.0, 8 * u / 1e-3}))
            << "H = diag(-1e-300, 1e-300)";
    }
}

// ---- Below the rounding level of f ----

TEST(Newton, ConvergesWhereRoundingHidesTheDecreaseOfF) {
    // The mean logistic loss of 200 noisy examples with 4 features (problems.hpp, seed 3; built in
    // the test, not by the logistic_regression exercise). f* = 0.683, and its rounding error is a few
    // ulps, ~1e-16. Near w* Newton's full step decreases f by about g^T H^-1 g / 2: once ||g|| is
    // below ~1e-8 that is below the rounding of f, and f(x + d) may come out an ulp ABOVE f(x) although
    // the step reduces ||g|| a millionfold. Plain Armijo then rejects t = 1, and every shorter t, and
    // with tol = 1e-13 the run spends ~16 evaluations per iteration up to max_iterations. The
    // contract's rule (Hager & Zhang's approximate Wolfe condition, line_search.hpp) looks at the
    // slope where the values cannot tell: the run converges in a handful of steps, as Newton should
    // (the reference: 4 iterations from w = 0; the last one, from ||g|| = 2.8e-13 to 6e-18, is
    // accepted on its slope, its value 7 ulps above f(x_3); 8 leaves room for another order of
    // operations).
    const testing::LogisticData data = testing::random_logistic_data(200, 4, 3);
    auto [objective, counts] = counted(testing::logistic_loss(data));
    const OptimizeResult r = newton(objective, Vector::Zero(4), {1e-13, 50});
    EXPECT_TRUE(r.converged) << "after " << r.iterations << " iterations and " << r.value_evaluations
                             << " evaluations of f, ||g|| = " << testing::logistic_loss(data).gradient(r.x).norm()
                             << ": a full Newton step that rounding makes look one ulp worse must not be rejected "
                                "when the slope along d shows progress";
    EXPECT_LE(r.iterations, 8) << "Newton converges quadratically on this well-conditioned problem";
    EXPECT_LE(r.value_evaluations, 2 * r.iterations + 1) << "about one trial (t = 1) per step";
    EXPECT_TRUE(CountsMatch(r, *counts));
    EXPECT_TRUE(HistoryConsistent(r, testing::logistic_loss(data).value(Vector::Zero(4))));
    EXPECT_EQ(r.hessian_evaluations, r.iterations);
}

TEST(Newton, ComputesOneDirectionPerIteration) {
    // Each newton_direction call factors H_k + tau I once per trial tau; a run must call it once per
    // iteration (the Hessian is new only then), not again for the shift, per line-search trial, or
    // where the run stops. check_newton_direction_arguments, which newton_direction calls first,
    // counts the calls (newton.hpp, newton_directions_started). Rosenbrock from the classic start
    // (positive definite Hessians, 22 iterations in the reference, many backtracks) and the double
    // well (indefinite Hessians, shifted).
    const struct {
        const char* name;
        Objective objective;
        Vector x0;
    } runs[] = {{"Rosenbrock", testing::rosenbrock(), Vector{{-1.2, 1.0}}},
                {"double well", double_well(), Vector{{1.0, 0.1}}}};
    for (const auto& run : runs) {
        const long before = newton_directions_started;
        const OptimizeResult r = newton(run.objective, run.x0, {1e-10, 100});
        const long directions = newton_directions_started - before;
        ASSERT_TRUE(r.converged) << run.name << ": after " << r.iterations << " iterations";
        EXPECT_EQ(directions, r.iterations)
            << run.name << ": newton_direction ran " << directions << " times in " << r.iterations
            << " iterations; compute d_k (and its Cholesky factorizations) once per iteration, and keep the "
               "call to check_newton_direction_arguments at the top of newton_direction (it counts them)";
    }
}

// plain_rule: the contract's rule as written, on H itself (no scaling): the oracle for H in the
// normal range, where the contract asks the scaled rule to give the same result bit for bit.
NewtonDirection plain_rule(const Matrix& H, const Vector& g) {
    const double beta = H.norm() > 0.0 ? 1e-3 * H.norm() : 1.0;
    const double min_diagonal = H.diagonal().minCoeff();
    double tau = min_diagonal > 0.0 ? 0.0 : beta - min_diagonal;
    for (;;) {
        const Eigen::LLT<Matrix> llt(H + tau * Matrix::Identity(H.rows(), H.cols()));
        if (llt.info() == Eigen::Success) return {llt.solve(-g), tau};
        tau = std::max(2.0 * tau, beta);
    }
}

TEST(NewtonDirection, ScalingChangesNothingInTheNormalRange) {
    // The scaling by a power of 4 exists for entries near the ends of the range of doubles; in the
    // middle it must not change a bit. Dividing by a power of 4 and every operation of Cholesky on
    // the scaled matrix are exact (its factor is divided by a power of 2), so the scaled rule gives
    // exactly what the rule as written gives. Random symmetric H with eigenvalues of both signs and
    // magnitudes from 1e-3 to 1e3 (so that max|H_ij| puts s anywhere from 4^-5 to 4^5, and s != 1
    // for most); scaling by a power of 2 that is not a power of 4 makes sqrt(s) inexact and fails.
    for (int seed = 0; seed < 12; ++seed) {
        const int n = 2 + seed % 5;
        const double magnitude = std::pow(10.0, -3.0 + 0.5 * seed);
        const Matrix A = random_symmetric(magnitude * random_vector(n, 1700 + std::uint64_t(seed)), 1750 + std::uint64_t(seed));
        const Matrix H = (A + A.transpose()) / 2;
        const Vector g = random_vector(n, 1790 + std::uint64_t(seed));
        const NewtonDirection want = plain_rule(H, g);
        const NewtonDirection got = newton_direction(H, g);
        EXPECT_EQ(got.shift, want.shift) << "n = " << n << ", seed " << seed << ", max|H_ij| = " << H.cwiseAbs().maxCoeff();
        EXPECT_TRUE(AllClose(got.direction, want.direction, {0.0, 0.0}))
            << "n = " << n << ", seed " << seed << ", max|H_ij| = " << H.cwiseAbs().maxCoeff()
            << ": scale H by a power of 4 (exact, and so is the Cholesky factor's sqrt), or not at all";
    }
    // One nonzero entry, a power of 4: ||H / s||_F = 1 exactly. beta = 1e-3 ||H||_F, not the 1 of the
    // rule's H = 0 case: for diag(-1, 0), tau = 1e-3 + 1; for diag(0, -4), tau = 4 (1e-3 + 1).
    for (const Matrix& H : {Matrix{{-1, 0}, {0, 0}}, Matrix{{0, 0}, {0, -4}}}) {
        const NewtonDirection got = newton_direction(H, Vector{{1, 1}});
        EXPECT_EQ(got.shift, plain_rule(H, Vector{{1, 1}}).shift) << "H = diag(" << H(0, 0) << ", " << H(1, 1) << ")";
        EXPECT_NEAR(got.shift, -H.trace() * 1.001, 4 * u * 1.001 * -H.trace())
            << "H = diag(" << H(0, 0) << ", " << H(1, 1) << "): ||H||_F = " << H.norm() << " > 0, so beta = 1e-3 ||H||_F";
    }
}

}  // namespace
}  // namespace course::optimization
