// Tests for the conjugate gradient exercise (modules/optimization/learner/conjugate_gradient.cpp).
//
// Oracles: the 2x2 system A = [[4, 1], [1, 3]], b = (1, 2) worked out by hand below (every quantity
// up to the last step is a dyadic rational, so exact in binary); Eigen's LLT on seeded random SPD
// matrices with a chosen condition number (random_spd); the properties that make CG what it is:
// termination in at most n iterations, in at most d iterations when A has d distinct eigenvalues,
// and an A-norm error that never grows.
// Bad-input tests first call the function on valid input, so that a stub shows "not started".
#include "optimization/conjugate_gradient.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <vector>

#include "course/eigen_solvers.hpp"
#include "course/random.hpp"
#include "course/testing.hpp"

namespace course::optimization {
namespace {

using course::testing::AllClose;
using course::testing::ThrowsInvalidArgument;
using course::testing::unit_roundoff;

constexpr double u = unit_roundoff<double>();

const Matrix A2{{4, 1}, {1, 3}};
const Vector b2{{1, 2}};

// eigen_solve: the oracle x* = A^-1 b, from Eigen's Cholesky factorization.
Vector eigen_solve(const Matrix& A, const Vector& b) { return eigen_solvers::cholesky_solve(A, b); }

// a_norm: ||e||_A = sqrt(e^T A e), the norm CG minimizes over its Krylov space.
double a_norm(const Matrix& A, const Vector& e) { return std::sqrt(e.dot(A * e)); }

// The hand-worked run from x_0 = 0:
//   r_0 = b = (1, 2), ||r_0||^2 = 5;  p_0 = r_0;  A p_0 = (6, 7);  p_0^T A p_0 = 6 + 14 = 20
//   alpha_0 = 5 / 20 = 1/4;  x_1 = (1/4, 1/2);  r_1 = (1, 2) - (6, 7) / 4 = (-1/2, 1/4), ||r_1||^2 = 5/16
//   beta_0 = (5/16) / 5 = 1/16;  p_1 = (-1/2, 1/4) + (1, 2) / 16 = (-7/16, 3/8)
//   A p_1 = (-28/16 + 6/16, -7/16 + 18/16) = (-11/8, 11/16);  p_1^T A p_1 = 77/128 + 33/128 = 55/64
//   alpha_1 = (5/16) / (55/64) = 4/11;  x_2 = (1/4 - 7/44, 1/2 + 3/22) = (1/11, 7/11) = A^-1 b.
TEST(ConjugateGradient, FirstStepMatchesHandWorkedCase) {
    const CgResult r = conjugate_gradient(A2, b2, 0.0, 1);
    // Every number of the first step is a dyadic rational: exact up to one rounding of each product.
    EXPECT_TRUE(AllClose(r.x, Vector{{0.25, 0.5}}, {0.0, 4 * u})) << "x_1 = x_0 + alpha_0 r_0 with alpha_0 = 1/4";
    EXPECT_EQ(r.iterations, 1);
    EXPECT_FALSE(r.converged) << "rtol = 0 and ||r_1|| = sqrt(5)/4 > 0: not converged after 1 step";
    ASSERT_EQ(r.residual_norms.size(), 2u) << "residual_norms holds ||r_0|| and ||r_1||";
    EXPECT_NEAR(r.residual_norms[0], std::sqrt(5.0), 4 * u * std::sqrt(5.0)) << "||r_0|| = ||b - A x_0|| = ||b||";
    EXPECT_NEAR(r.residual_norms[1], std::sqrt(5.0) / 4, 4 * u) << "||r_1|| = ||(-1/2, 1/4)|| = sqrt(5)/4";
}

TEST(ConjugateGradient, SolvesHandWorked2x2InTwoIterations) {
    // rtol = 1e-12: after two steps only rounding is left (a few u relative), far below 1e-12.
    const CgResult r = conjugate_gradient(A2, b2, 1e-12, 10);
    EXPECT_TRUE(r.converged);
    EXPECT_EQ(r.iterations, 2) << "n = 2: CG terminates in at most 2 steps, and this run needs both";
    // alpha_1 = 4/11 is not a dyadic rational: a few roundings of size u on entries of size 1.
    EXPECT_TRUE(AllClose(r.x, Vector{{1.0 / 11, 7.0 / 11}}, {16 * u, 0.0})) << "x* = (1/11, 7/11)";
}

TEST(ConjugateGradient, StartsFromTheGivenX0) {
    // From x_0 = (2, 1): r_0 = (1, 2) - (9, 5) = (-8, -3), ||r_0||^2 = 73; A p_0 = (-35, -17),
    // p_0^T A p_0 = 280 + 51 = 331, alpha_0 = 73/331, x_1 = (2 - 584/331, 1 - 219/331) = (78/331, 112/331).
    const CgResult r = conjugate_gradient(A2, b2, 0.0, 1, Vector{{2, 1}});
    EXPECT_TRUE(AllClose(r.x, Vector{{78.0 / 331, 112.0 / 331}}, {16 * u, 0.0}))
        << "x_1 from x_0 = (2, 1): did you start from x0 and set r_0 = b - A x_0?";
    ASSERT_FALSE(r.residual_norms.empty());
    EXPECT_NEAR(r.residual_norms[0], std::sqrt(73.0), 16 * u * std::sqrt(73.0)) << "||r_0|| = ||b - A x_0||";
    // From the exact solution of a diagonal system, r_0 = 0 exactly: no iteration at all.
    const CgResult done = conjugate_gradient(Matrix{{2, 0}, {0, 4}}, Vector{{2, 4}}, 1e-12, 10, Vector{{1, 1}});
    EXPECT_TRUE(done.converged);
    EXPECT_EQ(done.iterations, 0) << "x_0 = (1, 1) already solves diag(2, 4) x = (2, 4)";
    EXPECT_TRUE(AllClose(done.x, Vector{{1, 1}}, {0.0, 0.0}));
}

// evenly_spaced_spd: an (n, n) SPD matrix Q diag(lambda) Q^T with eigenvalues spread evenly over
// [1, kappa] (random orthogonal Q from `seed`).
Matrix evenly_spaced_spd(int n, double kappa, std::uint64_t seed) {
    Vector eigenvalues(n);
    for (int i = 0; i < n; ++i) eigenvalues(i) = n == 1 ? 1.0 : 1.0 + (kappa - 1.0) * i / (n - 1);
    return random_symmetric(eigenvalues, seed);
}

// The finite-termination property, "up to rounding". In exact arithmetic r_n = 0. In floating point
// the residuals slowly lose their orthogonality; with eigenvalues spread evenly over [1, kappa]
// the residual after n steps is still at the rounding level (measured: below 3e-13 relative for
// kappa = 1e3 and n <= 31), so rtol = 1e-10 leaves a margin of 300 for rounding. Yet it asks for
// far more than the convergence-rate bound delivers: 2 ((sqrt(kappa) - 1) / (sqrt(kappa) + 1))^n is
// 0.28 at n = 31, so reaching 1e-10 within n iterations needs conjugacy. (With eigenvalues
// clustered near the small end, e.g. geometrically spaced, rounding delays the termination by a
// few iterations: Greenbaum & Strakos, 1992. That is why this test spreads them evenly.)
TEST(ConjugateGradient, SolvesSpdSystemInAtMostNIterations) {
    for (int n : {1, 2, 3, 7, 13, 20, 31}) {
        const std::uint64_t seed = 100 + std::uint64_t(n);
        const Matrix A = evenly_spaced_spd(n, 1e3, seed);
        const Vector b = random_vector(n, seed + 1);
        const CgResult r = conjugate_gradient(A, b, 1e-10, 4 * n);
        EXPECT_TRUE(r.converged) << "n = " << n << ", kappa = 1e3, seed " << seed;
        EXPECT_LE(r.iterations, n) << "n = " << n << ", kappa = 1e3, seed " << seed
                                   << ": CG must finish in at most n iterations; if it needs more, the directions "
                                      "are not A-conjugate (check beta = r_{k+1}^T r_{k+1} / r_k^T r_k)";
        EXPECT_EQ(r.residual_norms.size(), size_t(r.iterations) + 1) << "n = " << n;
    }
}

TEST(ConjugateGradient, FewDistinctEigenvaluesTakeThatManyIterations) {
    // A with eigenvalues 1, 4 and 9 only (each 10 times): the minimal polynomial has degree 3, so
    // r_3 = 0 in exact arithmetic whatever n is (Nocedal & Wright, Theorem 5.4).
    const int n = 30;
    Vector eigenvalues(n);
    for (int i = 0; i < n; ++i) eigenvalues(i) = (i % 3 == 0) ? 1.0 : (i % 3 == 1 ? 4.0 : 9.0);
    const Matrix A = random_symmetric(eigenvalues, 7);
    const Vector b = random_vector(n, 8);
    const CgResult r = conjugate_gradient(A, b, 1e-10, 100);
    EXPECT_TRUE(r.converged);
    EXPECT_LE(r.iterations, 3) << "n = 30 with 3 distinct eigenvalues, seed 7: CG needs 3 iterations";
}

TEST(ConjugateGradient, MatchesEigenCholeskyOnRandomSpd) {
    // ||x - x*|| / ||x*|| <= kappa * ||r|| / ||b|| (A e = r): with rtol = 1e-12 and kappa = 1e3, the
    // error is at most 1e-9 ||x*||; the recursive residual may drift from the true one by about
    // u * kappa * ||x*|| per step, which the factor 2 covers.
    for (int n : {5, 37, 64}) {
        const std::uint64_t seed = 300 + std::uint64_t(n);
        const double kappa = 1e3;
        const Matrix A = random_spd(n, kappa, seed);
        const Vector b = random_vector(n, seed + 1);
        const Vector x_star = eigen_solve(A, b);
        const CgResult r = conjugate_gradient(A, b, 1e-12, 10 * n);
        EXPECT_TRUE(r.converged) << "n = " << n << ", kappa = 1e3, seed " << seed;
        EXPECT_TRUE(AllClose(r.x, x_star, {2.0 * kappa * 1e-12 * x_star.norm(), 0.0}))
            << "n = " << n << ", kappa = 1e3, seed " << seed;
        const double true_residual = (b - A * r.x).norm();
        EXPECT_LE(true_residual, 2e-12 * b.norm()) << "n = " << n << ": the true residual ||b - A x||";
    }
}

TEST(ConjugateGradient, ANormOfErrorNeverGrows) {
    // x_k minimizes ||x - x*||_A over a Krylov space that grows with k, so ||e_k||_A is non-increasing
    // (Nocedal & Wright, Theorem 5.2). Rerunning with max_iterations = k gives x_k (the method is
    // deterministic). Allowed growth: rounding, u * kappa * ||e_0||_A with kappa = 1e3.
    const int n = 15;
    const Matrix A = random_spd(n, 1e3, 41);
    const Vector b = random_vector(n, 42);
    const Vector x_star = eigen_solve(A, b);
    double previous = a_norm(A, x_star);  // ||e_0||_A from x_0 = 0
    const double slack = 1e3 * 64 * u * previous;
    for (int k = 1; k <= n; ++k) {
        const CgResult r = conjugate_gradient(A, b, 0.0, k);
        const double now = a_norm(A, r.x - x_star);
        EXPECT_LE(now, previous + slack) << "iteration " << k << " of n = " << n << ", seed 41: ||x_k - x*||_A grew from "
                                         << previous << " to " << now;
        previous = now;
    }
}

TEST(ConjugateGradient, RefusesBadShapesAndParameters) {
    EXPECT_TRUE(conjugate_gradient(A2, b2, 1e-10, 10).converged) << course::testing::kValidCallFirst;
    EXPECT_TRUE(ThrowsInvalidArgument([] { conjugate_gradient(Matrix(2, 3), Vector(2), 1e-10, 10); },
                                      {"conjugate_gradient", "2 x 3", "square"}));
    EXPECT_TRUE(ThrowsInvalidArgument([] { conjugate_gradient(A2, Vector(3), 1e-10, 10); },
                                      {"conjugate_gradient", "b has 3", "n = 2"}));
    EXPECT_TRUE(ThrowsInvalidArgument([] { conjugate_gradient(A2, b2, 1e-10, 10, Vector(5)); },
                                      {"conjugate_gradient", "x0 has 5"}));
    EXPECT_TRUE(ThrowsInvalidArgument([] { conjugate_gradient(A2, b2, -1.0, 10); }, {"conjugate_gradient", "rtol"}));
    EXPECT_TRUE(ThrowsInvalidArgument([] { conjugate_gradient(A2, b2, 1e-10, -1); },
                                      {"conjugate_gradient", "max_iterations"}));
    EXPECT_TRUE(ThrowsInvalidArgument([] { conjugate_gradient(Matrix{{4, 1}, {2, 3}}, b2, 1e-10, 10); },
                                      {"conjugate_gradient", "symmetric"}));
}

TEST(ConjugateGradient, RefusesIndefiniteMatrix) {
    EXPECT_TRUE(conjugate_gradient(A2, b2, 1e-10, 10).converged) << course::testing::kValidCallFirst;
    // diag(1, -1) with b = (1, 1): p_0 = (1, 1), p_0^T A p_0 = 1 - 1 = 0: no minimum along p_0.
    EXPECT_TRUE(ThrowsInvalidArgument([] { conjugate_gradient(Matrix{{1, 0}, {0, -1}}, Vector{{1, 1}}, 1e-10, 10); },
                                      {"conjugate_gradient", "positive definite"}));
    // diag(1, -3) with b = (1, 1): p_0^T A p_0 = 1 - 3 = -2 < 0.
    EXPECT_TRUE(ThrowsInvalidArgument([] { conjugate_gradient(Matrix{{1, 0}, {0, -3}}, Vector{{1, 1}}, 1e-10, 10); },
                                      {"conjugate_gradient", "positive definite", "-2"}));
}


// ---- the test-design checklist: the stopping rule's quantity and both of its sides, scale, zeros ----

TEST(ConjugateGradient, StopsOnTheResidualRelativeToB) {
    // diag(2, 4), b = (2, 4), ||b|| = sqrt(20) = 2 sqrt(5) (exactly so in double: sqrt is correctly rounded
    // and doubling is exact). From x_0 = (1/2, 1/2), r_0 = b - A x_0 = (1, 2): ||r_0|| = sqrt(5) =
    // rtol ||b|| exactly for rtol = 1/2. The rule ||r_k|| <= rtol ||b|| holds at k = 0: no iteration.
    const Matrix A{{2, 0}, {0, 4}};
    const Vector b{{2, 4}}, x0{{0.5, 0.5}};
    const CgResult at = conjugate_gradient(A, b, 0.5, 10, x0);
    EXPECT_TRUE(at.converged) << "||r_0|| = rtol ||b|| exactly: the rule is <=";
    EXPECT_EQ(at.iterations, 0);
    EXPECT_TRUE(AllClose(at.x, x0, {0.0, 0.0}));
    // Just below: rtol = 1/2 - 1 ulp must iterate (two steps solve the 2 x 2 system).
    const CgResult below = conjugate_gradient(A, b, std::nextafter(0.5, 0.0), 10, x0);
    EXPECT_TRUE(below.converged);
    EXPECT_GE(below.iterations, 1) << "||r_0|| > rtol ||b||: at least one step";
    // Relative to ||b||, not to ||r_0||: from x_0 = (0.99, 0.99), ||r_0|| = sqrt(0.02^2 + 0.04^2) = 0.0447
    // <= 0.1 ||b|| = 0.447 already, so a run with rtol = 0.1 stops at once; a rule relative to ||r_0||
    // would take a step.
    const CgResult near = conjugate_gradient(A, b, 0.1, 10, Vector{{0.99, 0.99}});
    EXPECT_TRUE(near.converged);
    EXPECT_EQ(near.iterations, 0) << "the tolerance is rtol * ||b||, not rtol * ||r_0||";
}

TEST(ConjugateGradient, ZeroRightHandSideGivesZeroWithoutIterating) {
    // b = 0 from x_0 = 0: r_0 = 0, and ||r_0|| = 0 <= rtol * 0. x = 0 exactly, no product A p (whose
    // p^T A p = 0 would otherwise be refused as "not positive definite").
    const CgResult r = conjugate_gradient(A2, Vector::Zero(2), 1e-10, 10);
    EXPECT_TRUE(r.converged);
    EXPECT_EQ(r.iterations, 0);
    EXPECT_TRUE(AllClose(r.x, Vector::Zero(2), {0.0, 0.0}));
    ASSERT_EQ(r.residual_norms.size(), 1u);
    EXPECT_EQ(r.residual_norms[0], 0.0);
}

TEST(ConjugateGradient, AnIterateLandingExactlyOnTheSolutionStops) {
    // A = 2 I, b = (2, 4): alpha_0 = r^T r / p^T A p = 20 / 40 = 1/2, x_1 = (1, 2) and r_1 = b - (1/2)(2 b)
    // = 0, all exact. With rtol = 0 the run must stop there (||r_1|| = 0 <= 0), not divide by p^T A p = 0.
    const CgResult r = conjugate_gradient(2.0 * Matrix::Identity(2, 2), Vector{{2, 4}}, 0.0, 10);
    EXPECT_TRUE(r.converged) << "r_1 = 0 exactly with rtol = 0";
    EXPECT_EQ(r.iterations, 1);
    EXPECT_TRUE(AllClose(r.x, Vector{{1, 2}}, {0.0, 0.0}));
    ASSERT_EQ(r.residual_norms.size(), 2u);
    EXPECT_EQ(r.residual_norms[1], 0.0);
}

TEST(ConjugateGradient, StopsAtMaxIterationsZero) {
    // max_iterations = 0: x_0 returned, ||r_0|| recorded, not converged (r_0 = b != 0).
    const CgResult r = conjugate_gradient(A2, b2, 1e-10, 0, Vector{{2, 1}});
    EXPECT_FALSE(r.converged);
    EXPECT_EQ(r.iterations, 0);
    EXPECT_TRUE(AllClose(r.x, Vector{{2, 1}}, {0.0, 0.0}));
    ASSERT_EQ(r.residual_norms.size(), 1u);
    EXPECT_NEAR(r.residual_norms[0], std::sqrt(73.0), 16 * u * std::sqrt(73.0)) << "||b - A x_0|| from x_0 = (2, 1)";
}

// CG is invariant under scaling: A -> a A and b -> c b give x -> (c / a) x with the same residuals
// relative to ||b||, so the same iteration count and the same relative error, as long as r^T r and
// p^T A p stay normal doubles (for this A, eigenvalues 1 to 100, ||b|| from 2^-511 to about 1e153: the header says so).
TEST(ConjugateGradient, IsScaleInvariant) {
    const int n = 8;
    const Matrix A = evenly_spaced_spd(n, 100.0, 61);
    const Vector b = random_vector(n, 62);
    const Vector x_star = eigen_solve(A, b);
    const CgResult base = conjugate_gradient(A, b, 1e-10, 4 * n);
    ASSERT_TRUE(base.converged);
    // ||x - x*|| <= kappa ||r|| / ||b|| ||x*|| with kappa = 100, ||r|| <= 1e-10 ||b||; twice for rounding.
    const double tol = 2 * 100.0 * 1e-10;
    for (double c : {1e-150, 1e-15, 1.0, 1e15, 1e150}) {
        const CgResult r = conjugate_gradient(A, c * b, 1e-10, 4 * n);
        EXPECT_TRUE(r.converged) << "b scaled by " << c << " (n = 8, kappa = 100, seed 61)";
        EXPECT_LE(std::abs(r.iterations - base.iterations), 1) << "b scaled by " << c << ": the same run, scaled";
        EXPECT_TRUE(AllClose(r.x, Vector(c * x_star), {tol * c * x_star.norm(), 0.0})) << "b scaled by " << c;
    }
    for (double a : {1e-15, 1e15}) {
        const CgResult r = conjugate_gradient(a * A, b, 1e-10, 4 * n);
        EXPECT_TRUE(r.converged) << "A scaled by " << a;
        EXPECT_LE(std::abs(r.iterations - base.iterations), 1) << "A scaled by " << a;
        EXPECT_TRUE(AllClose(r.x, Vector(x_star / a), {tol * x_star.norm() / a, 0.0})) << "A scaled by " << a;
    }
}

TEST(ConjugateGradient, RecordsTheRecursiveResidualsOfTheWholeRun) {
    // residual_norms[k] is ||r_k|| of the recursion, which tracks the true ||b - A x_k|| to rounding
    // (about u kappa ||b|| per step here). Rerunning with max_iterations = k gives x_k.
    const int n = 10;
    const Matrix A = evenly_spaced_spd(n, 50.0, 71);
    const Vector b = random_vector(n, 72);
    const CgResult r = conjugate_gradient(A, b, 0.0, n);
    ASSERT_EQ(r.residual_norms.size(), size_t(r.iterations) + 1);
    for (int k = 0; k <= r.iterations; ++k) {
        const Vector xk = conjugate_gradient(A, b, 0.0, k).x;
        EXPECT_NEAR(r.residual_norms[size_t(k)], (b - A * xk).norm(), 1e3 * n * u * b.norm())
            << "||r_" << k << "|| against the true residual, n = 10, seed 71";
    }
}

TEST(ConjugateGradient, RefusesNonFiniteRtol) {
    EXPECT_TRUE(conjugate_gradient(A2, b2, 1e-10, 10).converged) << course::testing::kValidCallFirst;
    for (double rtol : {std::nan(""), std::numeric_limits<double>::infinity(), -std::numeric_limits<double>::infinity()})
        EXPECT_TRUE(ThrowsInvalidArgument([rtol] { conjugate_gradient(A2, b2, rtol, 10); }, {"conjugate_gradient", "rtol"}))
            << "rtol = " << rtol;
    EXPECT_TRUE(ThrowsInvalidArgument([] { conjugate_gradient(Matrix(0, 0), Vector(0), 1e-10, 10); },
                                      {"conjugate_gradient", "0 x 0"}));
}


TEST(ConjugateGradient, RefusesZeroCurvatureAtTheStepWhereItOccurs) {
    EXPECT_TRUE(conjugate_gradient(A2, b2, 1e-10, 10).converged) << course::testing::kValidCallFirst;
    // diag(1, -1) with b = (1, 1): p_0^T A p_0 = 0 exactly. With max_iterations = 1 the refusal must come
    // at that step: a division by zero there gives alpha = inf, and a run capped at one step would return
    // x = inf instead of an error (later steps, with NaN curvatures, would still refuse by accident).
    EXPECT_TRUE(ThrowsInvalidArgument([] { conjugate_gradient(Matrix{{1, 0}, {0, -1}}, Vector{{1, 1}}, 1e-10, 1); },
                                      {"conjugate_gradient", "positive definite"}));
}


// ---- issue 12: the range of scales the contract states, tested at its bounds ----

TEST(ConjugateGradient, RefusesARightHandSideWhoseSquaredNormIsNotANormalDouble) {
    // ||b||^2 = 2^1022 is finite: accepted. A = diag(2^-4, 1), b = (2^511, 0): r_0^T r_0 = 2^1022,
    // p^T A p = 2^1018, alpha = 2^4, x_1 = (2^515, 0) = A^-1 b and r_1 = 0, all exact.
    const Matrix A{{std::ldexp(1.0, -4), 0}, {0, 1}};
    const CgResult top = conjugate_gradient(A, Vector{{std::ldexp(1.0, 511), 0}}, 1e-10, 10);
    EXPECT_TRUE(top.converged) << "||b|| = 2^511: ||b||^2 = 2^1022 < DBL_MAX";
    EXPECT_EQ(top.iterations, 1);
    EXPECT_TRUE(AllClose(top.x, Vector{{std::ldexp(1.0, 515), 0}}, {0.0, 0.0}));
    // ||b|| = 2^512: ||b||^2 = 2^1024 = inf, and the stopping test ||r|| <= rtol inf would return x0 = 0 as
    // converged. The contract refuses it.
    EXPECT_TRUE(ThrowsInvalidArgument([&] { conjugate_gradient(A, Vector{{std::ldexp(1.0, 512), 0}}, 1e-10, 10); },
                                      {"conjugate_gradient", "||b||", "overflow"}));
    // ||b|| = 2^-511: ||b||^2 = 2^-1022 = DBL_MIN, the smallest normal double: accepted. A = I: alpha = 1,
    // x_1 = b exactly.
    const CgResult bottom = conjugate_gradient(Matrix::Identity(2, 2), Vector{{0, std::ldexp(1.0, -511)}}, 1e-10, 10);
    EXPECT_TRUE(bottom.converged) << "||b|| = 2^-511: ||b||^2 = 2^-1022, normal";
    EXPECT_EQ(bottom.iterations, 1);
    EXPECT_TRUE(AllClose(bottom.x, Vector{{0, std::ldexp(1.0, -511)}}, {0.0, 0.0}));
    // ||b|| = 2^-512: ||b||^2 = 2^-1024 is subnormal (and b = 1e-170 squares to 0: x0 returned as converged).
    for (double tiny : {std::ldexp(1.0, -512), 1e-170})
        EXPECT_TRUE(ThrowsInvalidArgument(
            [&] { conjugate_gradient(Matrix::Identity(2, 2), Vector{{0, tiny}}, 1e-10, 10); },
            {"conjugate_gradient", "||b||", "underflow"}))
            << "b = (0, " << tiny << ")";
}

TEST(ConjugateGradient, RefusesACurvatureThatOverflows) {
    EXPECT_TRUE(conjugate_gradient(A2, b2, 1e-10, 10).converged) << course::testing::kValidCallFirst;
    // A = diag(4, 1), b = (2^511, 0): r_0^T r_0 = 2^1022 is finite but p_0^T A p_0 = 2^1024 = inf, so
    // alpha = 0 and the run would stall at x = 0 until max_iterations. Refused, naming p^T A p.
    EXPECT_TRUE(ThrowsInvalidArgument(
        [] { conjugate_gradient(Matrix{{4, 0}, {0, 1}}, Vector{{std::ldexp(1.0, 511), 0}}, 1e-10, 10); },
        {"conjugate_gradient", "p^T A p", "overflow"}));
    // The bound itself: A = diag(4 - 2^-51, 1) makes p_0^T A p_0 = (2 - 2^-52) 2^1023 = DBL_MAX exactly, finite:
    // accepted. alpha = 2^1022 / DBL_MAX and x_1 = alpha 2^511 = 2^511 / (4 - 2^-51), one rounding each.
    const double a = 4 - std::ldexp(1.0, -51);
    const CgResult at_max = conjugate_gradient(Matrix{{a, 0}, {0, 1}}, Vector{{std::ldexp(1.0, 511), 0}}, 1e-10, 10);
    EXPECT_TRUE(at_max.converged) << "p^T A p = DBL_MAX is finite: not an overflow";
    EXPECT_EQ(at_max.iterations, 1);
    EXPECT_TRUE(AllClose(at_max.x, Vector{{std::ldexp(1.0, 511) / a, 0}}, {0.0, 4 * u}));
}

TEST(ConjugateGradient, RefusesNonFiniteEntries) {
    EXPECT_TRUE(conjugate_gradient(A2, b2, 1e-10, 10).converged) << course::testing::kValidCallFirst;
    const double nan = std::nan(""), inf = std::numeric_limits<double>::infinity();
    for (double bad : {nan, inf, -inf}) {
        EXPECT_TRUE(ThrowsInvalidArgument([&] { conjugate_gradient(Matrix{{4, bad}, {bad, 3}}, b2, 1e-10, 10); },
                                          {"conjugate_gradient", "A", "inf or NaN"}))
            << "A(0, 1) = A(1, 0) = " << bad << ": not a symmetry problem";
        EXPECT_TRUE(ThrowsInvalidArgument([&] { conjugate_gradient(A2, Vector{{1, bad}}, 1e-10, 10); },
                                          {"conjugate_gradient", "b", "inf or NaN"}))
            << "b = (1, " << bad << ")";
        EXPECT_TRUE(ThrowsInvalidArgument([&] { conjugate_gradient(A2, b2, 1e-10, 10, Vector{{bad, 0}}); },
                                          {"conjugate_gradient", "x0", "inf or NaN"}))
            << "x0 = (" << bad << ", 0)";
    }
}

}  // namespace
}  // namespace course::optimization
