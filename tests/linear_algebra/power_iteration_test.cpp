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

#include <gtest/gtest.h>

#include <cmath>
#include <initializer_list>
#include <string>
#include <vector>

#include "course/eigen_solvers.hpp"
#include "course/random.hpp"
#include "course/testing.hpp"

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

}  // namespace
}  // namespace course::linear_algebra
