// Tests for the power_iteration exercise (modules/linear_algebra/learner/power_iteration.cpp).
//
// Oracles: hand-worked iterations on diagonal and 2 x 2 matrices, written out below; symmetric
// matrices built with chosen eigenvalues (random_symmetric), whose eigenvectors come from Eigen's
// SelfAdjointEigenSolver; the residual ||A v - value v||, computed here.
// Tolerances for symmetric A, with r = ||A v - value v|| and gap the distance from the wanted
// eigenvalue to the rest of the spectrum (the gap theorems: Parlett, The Symmetric Eigenvalue
// Problem, chapter 11; Trefethen & Bau, lecture 27):
//     |value - lambda| <= r^2 / gap       (the Rayleigh quotient is quadratically accurate)
//     sin angle(v, q)  <= r / gap         (Davis-Kahan)
// plus the rounding of building A and of the products, a few n u ||A||_F.
// inverse_iteration links the reference lu_decompose and lu_solve.
// Bad-input tests first call the function on valid input, so that a stub shows "not started".
#include "linear_algebra/power_iteration.hpp"
#include "linear_algebra/lu.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <initializer_list>
#include <limits>
#include <string>
#include <vector>

#include "course/eigen_solvers.hpp"
#include "course/random.hpp"
#include "course/testing.hpp"
#include "factorizations.hpp"
#include "scales.hpp"

namespace course::linear_algebra {
namespace {

using course::testing::AllClose;
using course::testing::ThrowsInvalidArgument;
using course::testing::Tolerance;
using course::testing::unit_roundoff;

constexpr double u = unit_roundoff<double>();
constexpr double kTol = 1e-10;  // the default tol of both functions

Vector values(std::initializer_list<double> list) {
    Vector v(int(list.size()));
    int i = 0;
    for (double x : list) v(i++) = x;
    return v;
}

// spread_spectrum: n eigenvalues: `dominant`, then n - 1 values evenly spaced in [-spread, spread].
Vector spread_spectrum(int n, double dominant, double spread) {
    Vector lambda(n);
    lambda(0) = dominant;
    for (int i = 1; i < n; ++i) lambda(i) = n == 2 ? spread : spread * (-1.0 + 2.0 * (i - 1) / (n - 2));
    return lambda;
}

// distance_to_rest: the gap between lambda_want and the other eigenvalues (the closest of them).
double distance_to_rest(const Vector& spectrum, double lambda_want) {
    double gap = INFINITY;
    bool skipped = false;
    for (double l : spectrum) {
        if (!skipped && l == lambda_want) {
            skipped = true;
            continue;
        }
        gap = std::min(gap, std::abs(l - lambda_want));
    }
    return gap;
}

// eigenvector_for: the unit eigenvector of the symmetric A whose eigenvalue is nearest lambda (Eigen).
Vector eigenvector_for(const Matrix& A, double lambda) {
    const eigen_solvers::SymmetricEigenpairs eig = eigen_solvers::symmetric_eigenpairs(A);
    Eigen::Index nearest = 0;
    (eig.values.array() - lambda).abs().minCoeff(&nearest);
    return eig.vectors.col(nearest);
}

// expect_eigenpair: the estimate is a converged unit eigenpair of the symmetric A for lambda_want.
void expect_eigenpair(const EigenEstimate& est, const Matrix& A, double lambda_want, double gap,
                      const std::string& context) {
    const int n = int(A.rows());
    ASSERT_EQ(est.vector.size(), n) << "the vector must have n entries; " << context;
    EXPECT_TRUE(est.converged) << "not converged after " << est.iterations << " iterations; " << context;
    ASSERT_TRUE(est.vector.allFinite() && std::isfinite(est.value))
        << "value " << est.value << " or the vector holds inf/NaN: does x over- or underflow? Normalize x every "
        << "iteration; " << context;
    // Normalizing costs one rounding per entry and the norm about n u.
    EXPECT_NEAR(est.vector.norm(), 1.0, 4.0 * (n + 2) * u) << "the vector must have length 1; " << context;
    // The stopping rule, re-evaluated here: our own residual adds about n u ||A||_F of rounding.
    const double norm_A = A.norm(), rounding = 8.0 * (n + 2) * u * norm_A;
    const double r = (A * est.vector - est.value * est.vector).norm();
    EXPECT_LE(r, kTol * norm_A + rounding) << "||A v - value v|| exceeds tol * ||A||_F; " << context;
    EXPECT_NEAR(est.value, lambda_want, r * r / gap + rounding)
        << "wrong eigenvalue (residual " << r << ", gap " << gap << "); " << context;
    Vector q = eigenvector_for(A, lambda_want);
    if (q.dot(est.vector) < 0) q = -q;  // eigenvectors are defined up to sign
    EXPECT_TRUE(AllClose(est.vector, q, Tolerance{2.0 * (r + rounding) / gap, 0.0}))
        << "vs Eigen's eigenvector, up to sign; " << context;
}

TEST(PowerIteration, OneStepMatchesHandComputation) {
    // A = diag(2, -5, 1), x0 = (1, 1, 1). One update: x_1 = A x0 / ||A x0|| = (2, -5, 1) / sqrt(30),
    // value_1 = x_1^T A x_1 = (2*4 - 5*25 + 1*1) / 30 = -116 / 30.
    const Matrix A = values({2, -5, 1}).asDiagonal();
    const EigenEstimate est = power_iteration(A, Vector::Ones(3), kTol, 1);
    ASSERT_EQ(est.vector.size(), 3);
    EXPECT_TRUE(AllClose(est.vector, values({2, -5, 1}) / std::sqrt(30.0), Tolerance{8 * u, 0.0}))
        << "x_1 = A x0 / ||A x0||: a unit vector, no change of sign";
    EXPECT_NEAR(est.value, -116.0 / 30.0, 32 * u * 5) << "value_1 = x_1^T A x_1 for the unit x_1";
    EXPECT_EQ(est.iterations, 1);
    EXPECT_FALSE(est.converged) << "after one step the residual is about 2.4, far above tol * ||A||_F";
}

TEST(PowerIteration, FindsDominantEigenpairOfDiagonalMatrix) {
    // A = diag(2, -5, 1), x0 = (1, 1, 1): x_k is (2^k, (-5)^k, 1) normalized, i.e. about
    // (0.4^k, +-1, 0.2^k). The largest |eigenvalue| is -5, with eigenvector +-e_1 (0-based).
    // Residual: A x - (-5) x ~ (7 * 0.4^k, 0, 6 * 0.2^k), so the test 7 * 0.4^k <= 1e-10 * sqrt(30)
    // first holds at k = 26 (0.4^25 * 7 = 7.9e-10, 0.4^26 * 7 = 3.2e-10): the rate |lambda_2 / lambda_1|^k.
    const Matrix A = values({2, -5, 1}).asDiagonal();
    const EigenEstimate est = power_iteration(A, Vector::Ones(3));
    expect_eigenpair(est, A, -5.0, 3.0, "A = diag(2, -5, 1), x0 = (1, 1, 1)");
    EXPECT_GE(est.iterations, 25) << "the error shrinks like 0.4^k: 26 iterations are needed (+-1)";
    EXPECT_LE(est.iterations, 27) << "the error shrinks like 0.4^k: 26 iterations are needed (+-1)";
}

TEST(PowerIteration, FindsDominantEigenpairOfNonSymmetricMatrix) {
    // A = [2 1; 0 1], eigenvalues 2 (eigenvector e_0) and 1 (eigenvector (1, -1)). From x0 = (1, 1),
    // A^k x0 = (2^(k+1) - 1, 1), so x_k ~ (a, 1) / sqrt(a^2 + 1) with a = 2^(k+1) - 1, and
    // value = 2 + (a - 1) / (a^2 + 1), residual ~ (0, -1/a): |x_k[1]| ~ residual <= tol * ||A||_F.
    // Bauer-Fike: (value, x) is exact for A + E with ||E|| = residual, so |value - 2| <= cond(V) * residual,
    // V = [1 1; 0 -1] the eigenvector matrix, cond(V) = 2.618 (singular values 1.618 and 0.618).
    Matrix A(2, 2);
    A << 2, 1, 0, 1;
    const EigenEstimate est = power_iteration(A, Vector::Ones(2));
    ASSERT_EQ(est.vector.size(), 2);
    EXPECT_TRUE(est.converged);
    const double bound = kTol * A.norm() + 16 * u * A.norm();
    EXPECT_NEAR(est.value, 2.0, 2.618 * bound) << "A = [2 1; 0 1], x0 = (1, 1)";
    EXPECT_NEAR(std::abs(est.vector(0)), 1.0, bound) << "the eigenvector for 2 is e_0";
    EXPECT_LE(std::abs(est.vector(1)), bound) << "the eigenvector for 2 is e_0";
}

TEST(PowerIteration, FindsDominantEigenpairOfRandomSymmetricMatrices) {
    // Dominant eigenvalue +-10, the others in [-7, 7]: |lambda_2 / lambda_1| = 0.7, about 70 iterations.
    for (int n : {1, 2, 7, 31, 64}) {
        const std::uint64_t seed = 40 + n;
        const double dominant = n % 2 ? -10.0 : 10.0;
        const Vector spectrum = spread_spectrum(n, dominant, 7.0);
        const Matrix A = random_symmetric(spectrum, seed);
        const EigenEstimate est = power_iteration(A, random_vector(n, seed + 1));
        expect_eigenpair(est, A, dominant, n == 1 ? 1.0 : 3.0,
                         "n = " + std::to_string(n) + ", eigenvalues " + std::to_string(dominant) +
                             " and [-7, 7], seeds " + std::to_string(seed) + ", " + std::to_string(seed + 1));
    }
}

TEST(PowerIteration, DoesNotOverflowForLargeEigenvalues) {
    // Eigenvalues 1000 and [-980, 980]: the ratio 0.98 needs about 1200 iterations, while A^k x0 alone
    // grows like 1000^k and passes the largest double (1.8e308) at k = 103.
    const int n = 10;
    const Vector spectrum = spread_spectrum(n, 1000.0, 980.0);
    const Matrix A = random_symmetric(spectrum, 61);
    const EigenEstimate est = power_iteration(A, random_vector(n, 62));
    expect_eigenpair(est, A, 1000.0, 20.0, "n = 10, eigenvalues 1000 and [-980, 980], seeds 61, 62");
}

TEST(PowerIteration, DoesNotUnderflowForSmallEigenvalues) {
    // Eigenvalues 1e-3 and [-9.8e-4, 9.8e-4]: A^k x0 alone shrinks like 1e-3^k and reaches 0 (below
    // the smallest subnormal, 4.9e-324) near k = 108, long before the ~1200 iterations needed.
    const int n = 10;
    const Vector spectrum = spread_spectrum(n, 1e-3, 9.8e-4);
    const Matrix A = random_symmetric(spectrum, 71);
    const EigenEstimate est = power_iteration(A, random_vector(n, 72));
    expect_eigenpair(est, A, 1e-3, 2e-5, "n = 10, eigenvalues 1e-3 and [-9.8e-4, 9.8e-4], seeds 71, 72");
}

TEST(PowerIteration, ReportsNoConvergenceForOppositeEigenvalues) {
    // Eigenvalues 2 and -2 share the largest magnitude: x_k keeps alternating between two
    // directions and the residual stays of order 1. The function must give up after max_iterations
    // and say so with converged = false, not throw and not loop forever.
    const Matrix A = random_symmetric(values({2, -2, 1, 0.5, -0.25}), 81);
    const int max_iterations = 300;
    const EigenEstimate est = power_iteration(A, random_vector(5, 82), kTol, max_iterations);
    EXPECT_FALSE(est.converged) << "eigenvalues 2 and -2: power iteration cannot converge";
    EXPECT_EQ(est.iterations, max_iterations);
    ASSERT_EQ(est.vector.size(), 5);
    EXPECT_NEAR(est.vector.norm(), 1.0, 32 * u) << "the last estimate is still a unit vector";
    EXPECT_LE(std::abs(est.value), 2.0 + 1e-12) << "a Rayleigh quotient lies within [lambda_min, lambda_max]";
}

TEST(PowerIteration, ReturnsZeroForVectorsInTheNullSpace) {
    // A = [1 1; 1 1] and x0 = (1, -1): A x0 = 0 exactly, so x0 is an eigenvector for 0 and there is
    // nothing to normalize. Nilpotent [0 1; 0 0] from (1, 1): x_1 = (1, 0), then A x_1 = 0.
    Matrix A(2, 2), N(2, 2);
    A << 1, 1, 1, 1;
    N << 0, 1, 0, 0;
    const EigenEstimate est = power_iteration(A, values({1, -1}));
    ASSERT_EQ(est.vector.size(), 2);
    EXPECT_EQ(est.value, 0.0) << "A x0 = 0: the eigenvalue is 0";
    EXPECT_TRUE(est.converged);
    EXPECT_TRUE(AllClose(est.vector, values({1, -1}) / std::sqrt(2.0), Tolerance{4 * u, 0.0}))
        << "x0 / ||x0|| is the eigenvector; dividing A x0 = 0 by its norm gives NaN";
    const EigenEstimate nil = power_iteration(N, Vector::Ones(2));
    ASSERT_EQ(nil.vector.size(), 2);
    EXPECT_EQ(nil.value, 0.0) << "[0 1; 0 0] from (1, 1)";
    EXPECT_TRUE(nil.converged);
    EXPECT_TRUE(AllClose(nil.vector, values({1, 0}), Tolerance{4 * u, 0.0})) << "[0 1; 0 0] from (1, 1)";
}

TEST(PowerIteration, RefusesBadInput) {
    const Matrix A = values({2, -5, 1}).asDiagonal();
    EXPECT_EQ(power_iteration(A, Vector::Ones(3)).vector.size(), 3) << course::testing::kValidCallFirst;  // valid input first
    EXPECT_TRUE(ThrowsInvalidArgument([] { power_iteration(random_matrix(3, 4, 91), Vector::Ones(4)); }, {"3", "4"}))
        << "A is 3 x 4: not square";
    EXPECT_TRUE(ThrowsInvalidArgument([&] { power_iteration(A, Vector::Ones(2)); }, {"2", "3"}))
        << "x0 has 2 entries, A is 3 x 3";
    EXPECT_TRUE(ThrowsInvalidArgument([&] { power_iteration(A, Vector::Zero(3)); }, {"zero"}))
        << "x0 = 0 has no direction to iterate";
}

TEST(InverseIteration, OneStepMatchesHandComputation) {
    // A = diag(1, 2, 4), shift 2.5, x0 = (1, 1, 1). (A - 2.5 I) y = x0 gives
    // y = (1 / -1.5, 1 / -0.5, 1 / 1.5) = (-2/3, -2, 2/3) = (2/3) (-1, -3, 1), so x_1 = (-1, -3, 1) / sqrt(11)
    // and value_1 = x_1^T A x_1 = (1*1 + 2*9 + 4*1) / 11 = 23 / 11 (the Rayleigh quotient of A, not
    // of A - 2.5 I). Solving with A instead would give y = (1, 1/2, 1/4).
    const Matrix A = values({1, 2, 4}).asDiagonal();
    const EigenEstimate est = inverse_iteration(A, 2.5, Vector::Ones(3), kTol, 1);
    ASSERT_EQ(est.vector.size(), 3);
    EXPECT_TRUE(AllClose(est.vector, values({-1, -3, 1}) / std::sqrt(11.0), Tolerance{16 * u, 0.0}))
        << "x_1 = y / ||y|| with (A - shift I) y = x0; no change of sign";
    EXPECT_NEAR(est.value, 23.0 / 11.0, 64 * u * 4) << "value_1 = x_1^T A x_1";
    EXPECT_EQ(est.iterations, 1);
    EXPECT_FALSE(est.converged);
}

TEST(InverseIteration, FindsEigenvalueNearestTheShift) {
    // Eigenvalues -4, 0.5, 2, 3, 5, 8: each shift picks its nearest one, mostly interior eigenvalues
    // (ignoring the shift would always find 0.5, the one nearest 0).
    const Vector spectrum = values({-4, 0.5, 2, 3, 5, 8});
    const Matrix A = random_symmetric(spectrum, 101);
    const std::vector<std::pair<double, double>> shift_and_nearest = {{-3.5, -4}, {1.6, 2}, {3.2, 3}, {4.4, 5}, {7, 8}};
    for (const auto& [shift, nearest] : shift_and_nearest) {
        const EigenEstimate est = inverse_iteration(A, shift, random_vector(6, 102));
        expect_eigenpair(est, A, nearest, distance_to_rest(spectrum, nearest),
                         "eigenvalues -4, 0.5, 2, 3, 5, 8, shift " + std::to_string(shift) + ", seeds 101, 102");
    }
}

TEST(InverseIteration, FindsInteriorEigenvaluesOfLargerMatrices) {
    // n = 13 and 40, eigenvalues 1, 2, ..., n; the shift 7.3 picks 7 (rate 0.3 / 0.7 per iteration).
    for (int n : {13, 40}) {
        Vector spectrum(n);
        for (int i = 0; i < n; ++i) spectrum(i) = i + 1;
        const std::uint64_t seed = 110 + n;
        const Matrix A = random_symmetric(spectrum, seed);
        const EigenEstimate est = inverse_iteration(A, 7.3, random_vector(n, seed + 1));
        expect_eigenpair(est, A, 7.0, 1.0,
                         "n = " + std::to_string(n) + ", eigenvalues 1..n, shift 7.3, seed " + std::to_string(seed));
    }
}

TEST(InverseIteration, ConvergesFastForAGoodShift) {
    // Shift 3.01 next to the eigenvalue 3, whose neighbours are 2 and 5: each iteration shrinks the
    // error by |3 - 3.01| / |2 - 3.01| = 0.0099, two digits; from a random start (error ~1) the residual
    // reaches 1e-10 * ||A||_F ~ 1e-9 after about 5 iterations. We allow 8.
    const Vector spectrum = values({-4, 0.5, 2, 3, 5, 8});
    const Matrix A = random_symmetric(spectrum, 101);
    const EigenEstimate est = inverse_iteration(A, 3.01, random_vector(6, 103));
    expect_eigenpair(est, A, 3.0, 1.0, "eigenvalues -4, 0.5, 2, 3, 5, 8, shift 3.01, seeds 101, 103");
    EXPECT_LE(est.iterations, 8) << "the rate is |lambda - shift| / |next nearest - shift| = 0.0099 per iteration";
}

TEST(InverseIteration, WorksWhenShiftIsExactlyAnEigenvalue) {
    // A - shift I is singular: lu_decompose / lu_solve refuse it, or the solve blows up. Moving the
    // shift by a relative 1e-10 is the standard remedy; the answer is then found in one or two steps.
    {
        // [2 1; 1 2] has eigenvalues 1 and 3 with eigenvectors (1, -1) and (1, 1); A - 3 I = [-1 1; 1 -1]
        // eliminates to U = [-1 1; 0 0]: an exactly zero pivot.
        Matrix A(2, 2);
        A << 2, 1, 1, 2;
        const EigenEstimate est = inverse_iteration(A, 3.0, values({1, 0}));
        expect_eigenpair(est, A, 3.0, 2.0, "A = [2 1; 1 2], shift 3 (an eigenvalue), x0 = (1, 0)");
    }
    {
        const Matrix D = values({1, 2, 3}).asDiagonal();
        const EigenEstimate est = inverse_iteration(D, 2.0, Vector::Ones(3));
        expect_eigenpair(est, D, 2.0, 1.0, "A = diag(1, 2, 3), shift 2 (an eigenvalue), x0 = (1, 1, 1)");
    }
    {
        // A rounded Q diag Q^T: 3 is an eigenvalue up to rounding, the pivot is tiny but maybe not 0.
        const Vector spectrum = values({-4, 0.5, 2, 3, 5, 8});
        const Matrix A = random_symmetric(spectrum, 101);
        const EigenEstimate est = inverse_iteration(A, 3.0, random_vector(6, 104));
        expect_eigenpair(est, A, 3.0, 1.0, "eigenvalues -4, 0.5, 2, 3, 5, 8, shift 3, seeds 101, 104");
    }
}

TEST(InverseIteration, RefusesBadInput) {
    const Matrix A = values({1, 2, 4}).asDiagonal();
    EXPECT_EQ(inverse_iteration(A, 2.5, Vector::Ones(3)).vector.size(), 3) << course::testing::kValidCallFirst;  // valid input first
    EXPECT_TRUE(ThrowsInvalidArgument([] { inverse_iteration(random_matrix(4, 3, 121), 0.5, Vector::Ones(3)); },
                                      {"4", "3"}))
        << "A is 4 x 3: not square";
    EXPECT_TRUE(ThrowsInvalidArgument([&] { inverse_iteration(A, 2.5, Vector::Ones(5)); }, {"5", "3"}))
        << "x0 has 5 entries, A is 3 x 3";
    EXPECT_TRUE(ThrowsInvalidArgument([&] { inverse_iteration(A, 2.5, Vector::Zero(3)); }, {"zero"}))
        << "x0 = 0 has no direction to iterate";
}

// The scales of the checklist (docs/adding-a-module.md, 4a). Both stopping rules are relative to
// ||A||_F, so scaling A by c scales every residual and the threshold alike: the iterations stop at
// the same k at every scale. 1e-160 and 1e160 lie beyond where a sum of squares under- or overflows.
const std::vector<double> kScales = {1e-160, 1e-150, 1e-15, 1.0, 1e15, 1e150, 1e160};

// The residual of a unit x = (a, b) for A = diag(l1, l2): value = l1 a^2 + l2 b^2 and
// A x - value x = ((l1 - value) a, (l2 - value) b) = (l1 - l2) (b^2 a, -a^2 b), of length
// |l1 - l2| |a b|. Power iteration on diag(2, 1) from (1, 1): x_k = (2^k, 1) / sqrt(4^k + 1), so
//     r_k = 2^k / (4^k + 1),   ||A||_F = sqrt(5),   r_9 / sqrt(5) = 8.735e-4,  r_8 / sqrt(5) = 1.747e-3.
// Inverse iteration on diag(1, 3) with shift 0.5 from (1, 1): (A - 0.5 I)^-1 = diag(2, 0.4), so
// x_k = (1, 5^-k) / ||.|| and
//     r_k = 2 * 5^k / (25^k + 1),   ||A||_F = sqrt(10),   r_5 / sqrt(10) = 2.0239e-4,  r_4 / sqrt(10) = 1.0119e-3.
// A tol just above r_k / ||A||_F stops at k, just below at k + 1 (the margins, 0.5%, are far above
// the rounding of the residual, a few u).

TEST(PowerIteration, ComparesTheResidualWithTolTimesTheFrobeniusNorm) {
    const Matrix A = values({2, 1}).asDiagonal();
    ForEachScale(kScales, [&](const double c) {
        const Matrix cA = c * A;
        const EigenEstimate stop9 = power_iteration(cA, Vector::Ones(2), 8.8e-4);
        EXPECT_TRUE(stop9.converged) << "diag(2, 1) times " << c << ", tol 8.8e-4";
        EXPECT_EQ(stop9.iterations, 9) << "diag(2, 1) times " << c << ", tol 8.8e-4: r_9 = 8.735e-4 ||A||_F is the "
                                       << "first residual <= tol ||A||_F (a threshold of tol, tol ||A||_2 or "
                                       << "tol |value| stops elsewhere)";
        EXPECT_NEAR(stop9.value, c * (2 * std::pow(4.0, 9) + 1) / (std::pow(4.0, 9) + 1), 8 * u * 2 * c)
            << "value_9 = (2 * 4^9 + 1) / (4^9 + 1) times " << c;
        const EigenEstimate stop10 = power_iteration(cA, Vector::Ones(2), 8.7e-4);
        EXPECT_TRUE(stop10.converged) << "diag(2, 1) times " << c << ", tol 8.7e-4";
        EXPECT_EQ(stop10.iterations, 10) << "diag(2, 1) times " << c << ", tol 8.7e-4 < r_9 / ||A||_F: one more step";
    });
}

TEST(PowerIteration, StopsAtMaxIterations) {
    // The same case: tol 8.7e-4 needs 10 iterations. A cap of 9 stops short (converged = false,
    // 9 updates made); a cap of 10 is just enough.
    const Matrix A = values({2, 1}).asDiagonal();
    const EigenEstimate capped = power_iteration(A, Vector::Ones(2), 8.7e-4, 9);
    EXPECT_FALSE(capped.converged) << "diag(2, 1), tol 8.7e-4, max_iterations 9: r_9 / ||A||_F = 8.735e-4 > tol";
    EXPECT_EQ(capped.iterations, 9);
    const EigenEstimate enough = power_iteration(A, Vector::Ones(2), 8.7e-4, 10);
    EXPECT_TRUE(enough.converged) << "diag(2, 1), tol 8.7e-4, max_iterations 10: the 10th update converges";
    EXPECT_EQ(enough.iterations, 10);
}

TEST(InverseIteration, ComparesTheResidualWithTolTimesTheFrobeniusNorm) {
    const Matrix A = values({1, 3}).asDiagonal();
    ForEachScale(kScales, [&](const double c) {
        const Matrix cA = c * A;
        const EigenEstimate stop5 = inverse_iteration(cA, 0.5 * c, Vector::Ones(2), 2.03e-4);
        EXPECT_TRUE(stop5.converged) << "diag(1, 3) times " << c << ", shift 0.5 c, tol 2.03e-4";
        EXPECT_EQ(stop5.iterations, 5) << "diag(1, 3) times " << c << ", shift 0.5 c, tol 2.03e-4: r_5 = 2.0239e-4 "
                                       << "||A||_F is the first residual <= tol ||A||_F";
        const EigenEstimate stop6 = inverse_iteration(cA, 0.5 * c, Vector::Ones(2), 2.02e-4);
        EXPECT_EQ(stop6.iterations, 6) << "diag(1, 3) times " << c << ", tol 2.02e-4 < r_5 / ||A||_F: one more step";
        EXPECT_NEAR(stop6.value, c, 1e-6 * c) << "the eigenvalue nearest the shift 0.5 c is c";
    });
}

TEST(InverseIteration, StopsAtMaxIterations) {
    const Matrix A = values({1, 3}).asDiagonal();
    const EigenEstimate capped = inverse_iteration(A, 0.5, Vector::Ones(2), 2.02e-4, 5);
    EXPECT_FALSE(capped.converged) << "diag(1, 3), shift 0.5, tol 2.02e-4, max_iterations 5: r_5 / ||A||_F > tol";
    EXPECT_EQ(capped.iterations, 5);
    const EigenEstimate enough = inverse_iteration(A, 0.5, Vector::Ones(2), 2.02e-4, 6);
    EXPECT_TRUE(enough.converged) << "max_iterations 6 is just enough";
    EXPECT_EQ(enough.iterations, 6);
}

TEST(InverseIteration, FactorsTheShiftedMatrixOnce) {
    // The contract: A - shift I is factored once, each iteration is a solve. n = 40, eigenvalues
    // 1..40, shift 7.45: the rate 0.45 / 0.55 needs dozens of iterations, each of which would show
    // as a factorization if the loop factored. Counted by check_lu_decompose_input, which the
    // reference lu_decompose calls first (lu.hpp, lu_decompositions_started).
    const int n = 40;
    Vector spectrum(n);
    for (int i = 0; i < n; ++i) spectrum(i) = i + 1;
    const Matrix A = random_symmetric(spectrum, 150);
    const long before = lu_decompositions_started;
    const EigenEstimate est = inverse_iteration(A, 7.45, random_vector(n, 151));
    const long factorizations = lu_decompositions_started - before;
    ASSERT_GT(est.iterations, 10) << "the test needs many iterations to tell once from once per iteration";
    EXPECT_TRUE(FactorizationsBetween(factorizations, 1, 1, "inverse_iteration",
                                      concat("it ran ", est.iterations,
                                             " iterations: factor A - shift I once and reuse the factors")));
    expect_eigenpair(est, A, 7.0, 1.0, "n = 40, eigenvalues 1..40, shift 7.45, seed 150");
}

TEST(InverseIteration, FactorsAtMostFourTimesForAnExactEigenvalueShift) {
    // A shift equal to an eigenvalue: the contract moves it (up to 4 attempts in all), then iterates
    // with the last factors. diag(1, 2, 3) with shift 2: one refused factorization, one good one.
    const Matrix D = values({1, 2, 3}).asDiagonal();
    const long before = lu_decompositions_started;
    const EigenEstimate est = inverse_iteration(D, 2.0, Vector::Ones(3));
    const long factorizations = lu_decompositions_started - before;
    EXPECT_TRUE(FactorizationsBetween(factorizations, 1, 4, "inverse_iteration",
                                      "the shift moves a few times at most; the iterations reuse the factors"));
    expect_eigenpair(est, D, 2.0, 1.0, "A = diag(1, 2, 3), shift 2 (an eigenvalue), x0 = (1, 1, 1)");
}

TEST(PowerIteration, RefusesNonFiniteAndNonPositiveArguments) {
    const Matrix A = values({2, -5, 1}).asDiagonal();
    EXPECT_EQ(power_iteration(A, Vector::Ones(3)).vector.size(), 3) << course::testing::kValidCallFirst;
    const double inf = std::numeric_limits<double>::infinity(), nan = std::numeric_limits<double>::quiet_NaN();
    for (const double tol : {-1e-300, -inf, nan})
        EXPECT_TRUE(ThrowsInvalidArgument([&] { power_iteration(A, Vector::Ones(3), tol); }, {"tol"})) << "tol = " << tol;
    for (const int max_iterations : {0, -1, std::numeric_limits<int>::min()})
        EXPECT_TRUE(ThrowsInvalidArgument([&] { power_iteration(A, Vector::Ones(3), kTol, max_iterations); },
                                          {"max_iterations"}))
            << "max_iterations = " << max_iterations;
    for (const double bad : {nan, inf, -inf})
        EXPECT_TRUE(ThrowsInvalidArgument([&] { power_iteration(A, values({1, bad, 1})); }, {"x0"}))
            << "x0 = (1, " << bad << ", 1)";
}

TEST(InverseIteration, RefusesNonFiniteAndNonPositiveArguments) {
    const Matrix A = values({1, 2, 4}).asDiagonal();
    EXPECT_EQ(inverse_iteration(A, 2.5, Vector::Ones(3)).vector.size(), 3) << course::testing::kValidCallFirst;
    const double inf = std::numeric_limits<double>::infinity(), nan = std::numeric_limits<double>::quiet_NaN();
    for (const double tol : {-1e-300, -inf, nan})
        EXPECT_TRUE(ThrowsInvalidArgument([&] { inverse_iteration(A, 2.5, Vector::Ones(3), tol); }, {"tol"}))
            << "tol = " << tol;
    for (const int max_iterations : {0, -1})
        EXPECT_TRUE(ThrowsInvalidArgument([&] { inverse_iteration(A, 2.5, Vector::Ones(3), kTol, max_iterations); },
                                          {"max_iterations"}))
            << "max_iterations = " << max_iterations;
}

TEST(InverseIteration, ReturnsZeroForTheZeroMatrix) {
    // A = 0: every vector is an eigenvector for 0. x0 / ||x0|| comes back, converged, whatever the shift.
    const EigenEstimate est = inverse_iteration(Matrix::Zero(3, 3), 0.0, values({3, 0, 4}));
    ASSERT_EQ(est.vector.size(), 3);
    EXPECT_EQ(est.value, 0.0);
    EXPECT_TRUE(est.converged);
    EXPECT_TRUE(AllClose(est.vector, values({0.6, 0, 0.8}), Tolerance{4 * u, 0.0})) << "x0 = (3, 0, 4) normalized";
}

TEST(PowerIteration, StartingOnAnEigenvectorStopsAfterOneUpdate) {
    // x0 = e0 is an eigenvector of diag(1, 0.5) (with ||A x0|| = 1 exactly): x_1 = e0, value 1,
    // residual exactly 0, which passes even tol = 0 (0 <= 0). The same for e1 of diag(2, -3)
    // (value -3, sign kept: x_1 = -e1 since A e1 = -3 e1).
    const EigenEstimate one = power_iteration(values({1, 0.5}).asDiagonal(), values({1, 0}), 0.0);
    EXPECT_TRUE(one.converged) << "diag(1, 0.5) from e0 with tol = 0: the residual is exactly 0 <= 0";
    EXPECT_EQ(one.iterations, 1);
    EXPECT_EQ(one.value, 1.0) << "diag(1, 0.5) from e0: value 1 (||A x0|| = 1 is not the null-space case)";
    const EigenEstimate neg = power_iteration(values({2, -3}).asDiagonal(), values({0, 5}), 0.0);
    EXPECT_TRUE(neg.converged);
    EXPECT_EQ(neg.iterations, 1);
    EXPECT_EQ(neg.value, -3.0) << "diag(2, -3) from (0, 5): value -3";
    EXPECT_TRUE(AllClose(neg.vector, values({0, -1}), Tolerance{0.0, 0.0})) << "x_1 = A x0 / ||A x0|| = -e1";
}

TEST(InverseIteration, StartingOnAnEigenvectorStopsAfterOneUpdate) {
    // diag(1, 2, 4), shift 1.8, x0 = e1: (A - 1.8 I) y = e1 gives y = 5 e1, x_1 = e1, value 2, residual 0.
    const EigenEstimate est = inverse_iteration(values({1, 2, 4}).asDiagonal(), 1.8, values({0, 1, 0}), 0.0);
    EXPECT_TRUE(est.converged) << "tol = 0 and a residual of exactly 0";
    EXPECT_EQ(est.iterations, 1);
    EXPECT_EQ(est.value, 2.0);
}

TEST(InverseIteration, MovesAnEigenvalueShiftRelativeToTheScaleOfA) {
    // c [[1, 1], [1, 1]] has eigenvalues 2c and 0, and ||A||_F = 2c = |shift| for the shift 2c:
    // A - shift I = c [[-1, 1], [1, -1]] is singular. The contract moves the shift by
    // 1e-10 (|shift| + ||A||_F) = 4e-10 c, a move relative to A at every scale. A move that does not
    // scale with A (1e-10 / (|shift| + ||A||_F), or |shift| - ||A||_F = 0) is absorbed by the
    // rounding of the shift or is zero, and A - shift I stays singular.
    const double r = std::sqrt(0.5);
    ForEachScale(kScales, [&](const double c) {
        const Matrix A = c * Matrix::Ones(2, 2);
        const EigenEstimate est = inverse_iteration(A, 2 * c, values({1, 0}));
        ASSERT_EQ(est.vector.size(), 2);
        EXPECT_TRUE(est.converged) << "c [[1, 1], [1, 1]], shift 2c (an eigenvalue), c = " << c;
        EXPECT_NEAR(est.value, 2 * c, 16 * u * 2 * c) << "c [[1, 1], [1, 1]], shift 2c, c = " << c;
        EXPECT_TRUE(AllClose(Vector(est.vector.cwiseAbs()), values({r, r}), Tolerance{16 * u, 0.0}))
            << "the eigenvector +-(1, 1) / sqrt2, c = " << c;
    });
}

}  // namespace
}  // namespace course::linear_algebra
