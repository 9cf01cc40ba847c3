// Tests for exercise 2, gradient descent with a fixed step (modules/optimization/learner/gradient_descent.cpp).
//
// Oracles: iterates worked out by hand on a diagonal quadratic (every number a binary fraction, so
// exact); the exact contraction factor (kappa - 1) / (kappa + 1) of the optimal step on quadratics
// with known eigenvectors; the bound ||x - x*|| <= ||grad f(x)|| / mu; iterates that overflow at an
// iteration worked out by hand. Evaluation counts are checked with a counting objective.
#include "optimization/gradient_descent.hpp"

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

TEST(GradientDescent, MatchesHandWorkedIterates) {
    // f(x) = 1/2 (x0^2 + 4 x1^2), x0 = (1, 1), step 1/4: x_{k+1} = (x0 (1 - 1/4), x1 (1 - 4/4)).
    //   x_1 = (0.75, 0), x_2 = (0.5625, 0), x_3 = (0.421875, 0)
    //   f:  2.5, 0.28125, 0.158203125, 0.0889892578125      (all binary fractions: exact)
    const Quadratic q = diagonal_quadratic(Vector{{1.0, 4.0}}, Vector::Zero(2));
    const auto counted_f = counted(q.objective());
    const OptimizeResult r = gradient_descent(counted_f.objective, Vector{{1.0, 1.0}}, 0.25, {0.0, 3});
    EXPECT_TRUE(AllClose(r.x, Vector{{0.421875, 0.0}}, {0.0, 0.0})) << "x_3 after three steps of 1/4";
    EXPECT_EQ(r.history, (std::vector<double>{2.5, 0.28125, 0.158203125, 0.0889892578125}))
        << "history is f(x_0), ..., f(x_3)";
    EXPECT_EQ(r.value, 0.0889892578125);
    EXPECT_EQ(r.iterations, 3);
    EXPECT_FALSE(r.converged) << "tolerance 0 is never reached: the run stopped on max_iterations = 3";
    EXPECT_TRUE(CountsMatch(r, *counted_f.counts));
    EXPECT_EQ(r.value_evaluations, 4) << "f at x_0, x_1, x_2, x_3";
    EXPECT_EQ(r.gradient_evaluations, 4) << "grad f at x_0, x_1, x_2, x_3 (the last one to test the tolerance)";
}

TEST(GradientDescent, StopsAtTheFirstIterateWithASmallGradient) {
    // A quadratic with eigenvalues in [1/kappa, 1] and minimizer x*; step 1 / L = 1. Every iterate
    // with ||grad f|| = ||A (x - x*)|| < tol is within tol / mu = tol * kappa of x*.
    for (int n : {1, 10, 31}) {
        const double kappa = 10.0, tol = 1e-8;
        const std::uint64_t seed = 1000 + n;
        const Quadratic q = random_quadratic(n, kappa, seed);
        const Vector x0 = Vector::Zero(n);
        const auto counted_f = counted(q.objective());
        const OptimizeResult r = gradient_descent(counted_f.objective, x0, 1.0, {tol, 10000});
        ASSERT_TRUE(r.converged) << "n = " << n << ", seed " << seed << ": " << r.iterations << " iterations";
        const double grad_norm = (q.A * r.x - q.b).norm();
        // The gradient recomputed here differs from the optimizer's by rounding, gamma_n |A||x| + |b|.
        const double rounding = gamma_bound(n + 1) * (q.A.cwiseAbs() * r.x.cwiseAbs() + q.b.cwiseAbs()).norm();
        EXPECT_LT(grad_norm, tol + rounding) << "n = " << n << ", seed " << seed;
        EXPECT_LE((r.x - q.minimizer).norm(), (tol + rounding) * kappa) << "||x - x*|| <= ||grad f|| / mu";
        EXPECT_TRUE(CountsMatch(r, *counted_f.counts)) << "n = " << n;
        EXPECT_TRUE(HistoryConsistent(r, q.objective().value(x0))) << "n = " << n;
        // With step 1/L each step shrinks ||A e|| by at least (1 - 1/kappa): an upper bound on k.
        const double k_max = std::ceil(std::log(tol / q.b.norm()) / std::log(1.0 - 1.0 / kappa)) + 1;
        EXPECT_LE(r.iterations, k_max) << "n = " << n;
        if (r.iterations > 0) {
            // The first such iterate: one step fewer must not have converged.
            const OptimizeResult shorter = gradient_descent(q.objective(), x0, 1.0, {tol, r.iterations - 1});
            EXPECT_FALSE(shorter.converged) << "n = " << n << ": stopped later than the first iterate below tol";
        }
    }
}

// extreme_quadratic: A = Q diag(lambda) Q^T, lambda geometric from 1 down to 1 / kappa, minimizer 0;
// returns the quadratic and Q (its columns are the eigenvectors, column 0 for L = 1, column n-1 for
// mu = 1 / kappa).
std::pair<Quadratic, Matrix> extreme_quadratic(int n, double kappa, std::uint64_t seed) {
    const Matrix Q = random_orthogonal(n, seed);
    Vector lambda(n);
    for (int i = 0; i < n; ++i) lambda[i] = std::pow(kappa, -double(i) / (n - 1));
    const Matrix A = Q * lambda.asDiagonal() * Q.transpose();
    return {make_quadratic(0.5 * (A + A.transpose()), Vector::Zero(n)), Q};
}

TEST(GradientDescent, OptimalStepContractsTheErrorByTheKappaRatio) {
    // With alpha = 2 / (L + mu), e_{k+1} = (I - alpha A) e_k and the eigenvalues of I - alpha A are
    // 1 - 2 lambda / (L + mu), between -rho and rho, rho = (kappa - 1) / (kappa + 1): the worst case
    // in the 2-norm and in the A-norm alike (I - alpha A commutes with A). It is attained, with
    // equality at every step, when e_0 lies in the span of the eigenvectors of L and mu; from a
    // random start every step contracts by at most rho. f(x_k) - f* = ||e_k||_A^2 / 2 (here f* = 0),
    // so the history gives the A-norm of every error.
    // Tolerance: each step rounds A x and the update with relative error about gamma_(n+2); over K
    // steps and through the ratio of two A-norms that is at most 4 K gamma_(n+2) kappa (kappa: x^T A x
    // can cancel down to mu ||x||^2 from |x|^T |A| |x| <= L ||x||^2 sqrt(n)).
    const int n = 12, K = 25;
    for (double kappa : {4.0, 100.0}) {
        const std::uint64_t seed = 1100 + int(kappa);
        const auto [q, Q] = extreme_quadratic(n, kappa, seed);
        const double rho = (kappa - 1.0) / (kappa + 1.0), step = 2.0 / (1.0 + 1.0 / kappa);
        const double tol = 4.0 * K * gamma_bound(n + 2) * kappa * std::sqrt(double(n));

        const Vector extreme_start = Q.col(0) + Q.col(n - 1);
        const OptimizeResult r = gradient_descent(q.objective(), extreme_start, step, {0.0, K});
        ASSERT_EQ(r.history.size(), size_t(K) + 1) << "kappa = " << kappa << ": history must hold f(x_0) .. f(x_K)";
        for (int k = 0; k < K; ++k) {
            const double ratio = std::sqrt(r.history[k + 1] / r.history[k]);
            EXPECT_NEAR(ratio, rho, tol) << "step " << k << ", kappa = " << kappa << ", n = " << n << ", seed " << seed
                                         << ": ||e_{k+1}||_A / ||e_k||_A must equal (kappa - 1) / (kappa + 1) = " << rho;
        }
        EXPECT_NEAR(r.x.norm() / extreme_start.norm(), std::pow(rho, K), std::pow(rho, K) * tol)
            << "kappa = " << kappa << ": in the 2-norm, ||e_K|| = rho^K ||e_0|| exactly for this start";

        const Vector random_start = random_vector(n, seed + 1);
        const OptimizeResult s = gradient_descent(q.objective(), random_start, step, {0.0, K});
        ASSERT_EQ(s.history.size(), size_t(K) + 1);
        for (int k = 0; k < K; ++k) {
            EXPECT_LE(std::sqrt(s.history[k + 1] / s.history[k]), rho * (1.0 + tol))
                << "step " << k << ", kappa = " << kappa << ", random start, seed " << seed + 1;
        }
        EXPECT_LE(s.x.norm(), std::pow(rho, K) * random_start.norm() * (1.0 + tol)) << "kappa = " << kappa;
    }
}

TEST(GradientDescent, ThrowsDivergedErrorNamingTheIteration) {
    // f(x) = x^2 / 2 from x0 = 1 with step 3: x_k = (1 - 3)^k x_0 = (-2)^k, exact in binary.
    // f(x_k) = x_k (A x_k) / 2 = 4^k / 2, and the product x_k * x_k = 2^(2k) first overflows to inf
    // at k = 512 (the largest double is just below 2^1024), while grad f = x_k is still finite.
    const Quadratic q = diagonal_quadratic(Vector{{1.0}}, Vector{{0.0}});
    try {
        const OptimizeResult r = gradient_descent(q.objective(), Vector{{1.0}}, 3.0, {1e-8, 2000});
        ADD_FAILURE() << "returned after " << r.iterations << " iterations with f = " << r.value
                      << "; expected DivergedError at iteration 512, where f(x_k) = inf: check f and grad f for "
                         "inf and NaN at every iterate";
    } catch (const DivergedError& e) {
        EXPECT_EQ(e.iteration(), 512) << e.what();
        EXPECT_NE(std::string(e.what()).find("gradient_descent"), std::string::npos) << e.what();
        EXPECT_NE(std::string(e.what()).find("512"), std::string::npos) << e.what();
    }
}

TEST(GradientDescent, ThrowsDivergedErrorOnNaN) {
    // f(x) = log x, f' = 1/x, from x0 = 1 with step 3/4: x_1 = 1 - 3/4 = 0.25, x_2 = 0.25 - 3/4 * 4
    // = -2.75, where log is NaN. Every number is a binary fraction: the failure is at iteration 2.
    const Objective log_objective{[](const Vector& x) { return std::log(x[0]); },
                                  [](const Vector& x) -> Vector { return Vector::Constant(1, 1.0 / x[0]); }, {}};
    try {
        const OptimizeResult r = gradient_descent(log_objective, Vector{{1.0}}, 0.75, {1e-8, 100});
        ADD_FAILURE() << "returned after " << r.iterations << " iterations with f = " << r.value
                      << "; expected DivergedError at iteration 2, where f(x_2) = log(-2.75) is NaN";
    } catch (const DivergedError& e) {
        EXPECT_EQ(e.iteration(), 2) << e.what();
    }
}

TEST(GradientDescent, StopsOnMaxIterations) {
    const Quadratic q = random_quadratic(6, 100.0, 1200);
    const Vector x0 = Vector::Zero(6);
    for (int max_iterations : {0, 1, 7}) {
        const auto counted_f = counted(q.objective());
        const OptimizeResult r = gradient_descent(counted_f.objective, x0, 1.0, {1e-12, max_iterations});
        EXPECT_FALSE(r.converged) << "max_iterations = " << max_iterations;
        EXPECT_EQ(r.iterations, max_iterations);
        EXPECT_TRUE(HistoryConsistent(r, q.objective().value(x0))) << "max_iterations = " << max_iterations;
        EXPECT_TRUE(CountsMatch(r, *counted_f.counts)) << "max_iterations = " << max_iterations;
        EXPECT_EQ(r.value_evaluations, max_iterations + 1) << "one evaluation of f per iterate x_0 .. x_k";
        EXPECT_EQ(r.gradient_evaluations, max_iterations + 1) << "one gradient per iterate x_0 .. x_k";
        EXPECT_EQ(r.hessian_evaluations, 0) << "gradient descent never needs the Hessian";
    }
    const OptimizeResult none = gradient_descent(q.objective(), x0, 1.0, {1e-12, 0});
    EXPECT_TRUE(AllClose(none.x, x0, {0.0, 0.0})) << "max_iterations = 0 returns x0";
}

TEST(GradientDescent, ReturnsTheStartWhenItIsAlreadyOptimal) {
    const Quadratic q = random_quadratic(5, 10.0, 1300);
    const auto counted_f = counted(q.objective());
    // At x* the computed gradient is A x* - b = rounding only, far below 1e-6.
    const OptimizeResult r = gradient_descent(counted_f.objective, q.minimizer, 0.5, {1e-6, 100});
    EXPECT_TRUE(r.converged);
    EXPECT_EQ(r.iterations, 0);
    EXPECT_TRUE(AllClose(r.x, q.minimizer, {0.0, 0.0}));
    EXPECT_TRUE(CountsMatch(r, *counted_f.counts));
    EXPECT_EQ(r.history.size(), 1u);
    EXPECT_EQ(r.value, q.objective().value(q.minimizer)) << "value is f(x0), evaluated once";
}

TEST(GradientDescent, RefusesBadArguments) {
    const Quadratic q = diagonal_quadratic(Vector{{1.0, 2.0}}, Vector{{1.0, -1.0}});
    const Vector x0 = Vector::Zero(2);
    EXPECT_TRUE(gradient_descent(q.objective(), x0, 0.5, {1e-10, 1000}).converged) << course::testing::kValidCallFirst;  // valid input first
    EXPECT_TRUE(ThrowsInvalidArgument([&] { gradient_descent(q.objective(), x0, 0.0); }, {"gradient_descent", "step"}));
    EXPECT_TRUE(ThrowsInvalidArgument([&] { gradient_descent(q.objective(), x0, -0.1); }, {"gradient_descent", "-0.1"}));
    EXPECT_TRUE(ThrowsInvalidArgument([&] { gradient_descent(q.objective(), x0, std::nan("")); }, {"step"}));
    EXPECT_TRUE(ThrowsInvalidArgument([&] { gradient_descent(q.objective(), Vector(), 0.5); }, {"x0", "empty"}));
    EXPECT_TRUE(ThrowsInvalidArgument([&] { gradient_descent(q.objective(), x0, 0.5, {-1.0, 10}); },
                                      {"gradient_tolerance", "-1"}));
    EXPECT_TRUE(ThrowsInvalidArgument([&] { gradient_descent(Objective{}, x0, 0.5); }, {"gradient"}));
}

// A callback that returns a vector of the wrong size is the caller's mistake: refused by name
// (gradient_at and hessian_at in problem.hpp), not an Eigen assertion in the step or a read past the
// end of the vector. Both one entry too few and one too many, at a point with n = 2.
TEST(GradientDescent, RefusesAGradientOfTheWrongSize) {
    const Quadratic q = diagonal_quadratic(Vector{{1.0, 2.0}}, Vector{{1.0, -1.0}});
    const Vector x0 = Vector::Zero(2);
    EXPECT_TRUE(gradient_descent(q.objective(), x0, 0.5, {1e-10, 1000}).converged) << course::testing::kValidCallFirst;  // valid input first
    for (int entries : {1, 3})
        EXPECT_TRUE(ThrowsInvalidArgument(
            [&] { gradient_descent(with_gradient_of_size(q.objective(), entries), x0, 0.5); },
            {"gradient_descent", "gradient", std::to_string(entries) + " entries"}))
            << "a gradient of " << entries << " entries at a point with n = 2";
}


TEST(GradientDescent, ToleranceIsStrictOnBothSides) {
    // f = x^2 / 2 from x0 = 1 with step 1/2: x_k = 2^-k and ||g_k|| = 2^-k exactly. The rule is
    // ||g_k|| < tol, so tol = 2^-j stops at k = j + 1 (at k = j the norm equals tol: not below it).
    // A tolerance read as <= stops one step early; the default tolerance 1e-8 in its place runs ~27 steps.
    const Quadratic q = diagonal_quadratic(Vector{{1.0}}, Vector{{0.0}});
    for (int j : {0, 1, 3}) {
        const double tol = std::ldexp(1.0, -j);
        const auto counted_f = counted(q.objective());
        const OptimizeResult r = gradient_descent(counted_f.objective, Vector{{1.0}}, 0.5, {tol, 100});
        EXPECT_TRUE(r.converged) << "tol = " << tol;
        EXPECT_EQ(r.iterations, j + 1) << "tol = 2^-" << j << ": ||g_" << j << "|| = tol is not below it; ||g_" << j + 1
                                       << "|| = tol / 2 is";
        EXPECT_EQ(r.x[0], std::ldexp(1.0, -(j + 1)));
        EXPECT_TRUE(CountsMatch(r, *counted_f.counts)) << "tol = " << tol;
    }
}

TEST(GradientDescent, TakesTheSameStepsOnAScaledObjective) {
    // On c f with step alpha / c and tolerance c tol every quantity the method compares or moves by
    // is the one on f times c (or exactly x itself): c a power of two makes that exact, so the runs
    // must agree bit for bit, from 2^-250 to 2^250 (kRunScales: ||c g|| squares c g). The stopping
    // rule is absolute in ||g|| (problem.hpp), so the tolerance is scaled with f; nothing else in the
    // method may be absolute.
    const Quadratic q = random_quadratic(5, 10.0, 1400);
    const Vector x0 = Vector::Zero(5);
    const OptimizeResult base = gradient_descent(q.objective(), x0, 1.0, {1e-6, 1000});
    ASSERT_TRUE(base.converged) << "the unscaled run (seed 1400, step 1, tol 1e-6) did not converge in "
                                << base.iterations << " iterations: the scaled runs have nothing to match";
    for (double c : kRunScales) {
        const OptimizeResult r = gradient_descent(scaled(q.objective(), c), x0, 1.0 / c, {c * 1e-6, 1000});
        EXPECT_TRUE(r.converged) << "f scaled by " << c;
        EXPECT_EQ(r.iterations, base.iterations) << "f scaled by " << c;
        EXPECT_TRUE(AllClose(r.x, base.x, {0.0, 0.0})) << "f scaled by " << c;
        EXPECT_EQ(r.value, c * base.value) << "f scaled by " << c;
    }
}

TEST(GradientDescent, RefusesEveryNonFiniteOrNonPositiveArgument) {
    const Quadratic q = diagonal_quadratic(Vector{{1.0, 2.0}}, Vector{{1.0, -1.0}});
    const Vector x0 = Vector::Zero(2);
    const double inf = std::numeric_limits<double>::infinity(), nan = std::nan("");
    EXPECT_TRUE(gradient_descent(q.objective(), x0, 0.5, {1e-10, 1000}).converged) << course::testing::kValidCallFirst;
    for (double step : {inf, -inf, -0.0, -1e-300})
        EXPECT_TRUE(ThrowsInvalidArgument([&] { gradient_descent(q.objective(), x0, step); }, {"gradient_descent", "step"}))
            << "step = " << step;
    for (double tol : {nan, inf, -inf, -1e-300})
        EXPECT_TRUE(ThrowsInvalidArgument([&] { gradient_descent(q.objective(), x0, 0.5, {tol, 10}); },
                                          {"gradient_descent", "gradient_tolerance"}))
            << "gradient_tolerance = " << tol;
    EXPECT_TRUE(ThrowsInvalidArgument([&] { gradient_descent(q.objective(), x0, 0.5, {1e-8, -1}); },
                                      {"gradient_descent", "max_iterations", "-1"}));
    for (const Vector& bad : {Vector{{inf, 0.0}}, Vector{{0.0, -inf}}, Vector{{nan, 0.0}}})
        EXPECT_TRUE(ThrowsInvalidArgument([&] { gradient_descent(q.objective(), bad, 0.5); }, {"gradient_descent", "x0"}));
    Objective no_gradient = q.objective(), no_value = q.objective();
    no_gradient.gradient = nullptr;
    no_value.value = nullptr;
    EXPECT_TRUE(ThrowsInvalidArgument([&] { gradient_descent(no_gradient, x0, 0.5); }, {"gradient_descent", "gradient"}));
    EXPECT_TRUE(ThrowsInvalidArgument([&] { gradient_descent(no_value, x0, 0.5); }, {"gradient_descent", "value"}));
}

TEST(GradientDescent, StopsOnTheGradientFarFromZero) {
    // f = 1/2 (x - x*)^T diag(1, 1/2) (x - x*), step 1: the error e_k = x_k - x* goes (1, 1), (0, 1/2),
    // (0, 1/4), ... and ||g_k|| = 2^-(k+1), so tol = 2^-20 stops at k = 20, wherever x* is. With
    // x* = (2^20, -2^20) every iterate and gradient is still exact in binary (20 + 21 bits), so the run
    // must be the same one as at x* = 0: a stopping rule that scales the tolerance with ||x|| (or
    // stops on a small relative change of x) ends it early out there.
    for (double offset : {0.0, std::ldexp(1.0, 20)}) {
        const Vector x_star{{offset, -offset}};
        const Quadratic q = diagonal_quadratic(Vector{{1.0, 0.5}}, x_star);
        const OptimizeResult r = gradient_descent(q.objective(), x_star + Vector{{1.0, 1.0}}, 1.0, {std::ldexp(1.0, -20), 100});
        EXPECT_TRUE(r.converged) << "x* = (" << offset << ", " << -offset << ")";
        EXPECT_EQ(r.iterations, 20) << "x* = (" << offset << ", " << -offset << "): ||g_19|| = 2^-20 is not below tol, "
                                    << "||g_20|| = 2^-21 is";
        EXPECT_TRUE(AllClose(r.x - x_star, Vector{{0.0, std::ldexp(1.0, -20)}}, {0.0, 0.0}))
            << "x* = (" << offset << ", " << -offset << ")";
    }
}

}  // namespace
}  // namespace course::optimization
