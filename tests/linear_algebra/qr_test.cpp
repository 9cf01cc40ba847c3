// Tests for the qr exercise (modules/linear_algebra/learner/qr.cpp).
//
// Oracles: hand-worked 2 x 2 and 3 x 2 factorizations and least squares problems, written out below;
// the properties A = Q R, Q^T Q = I and R upper triangular, with tolerances from the backward error
// bound for Householder QR (Higham, Accuracy and Stability of Numerical Algorithms, 2nd ed., 19.3);
// Eigen's HouseholderQR (|R|) and ColPivHouseholderQR (least squares) on seeded random matrices;
// consistent systems b = A x_true, whose solution is known.
//
// Signs: the contract does not normalize the signs of R's diagonal, and Q, R are unique only up to
// the signs of Q's columns and R's rows. No test depends on them: comparisons with a known
// factorization first flip signs so that diag(R) >= 0, or compare magnitudes.
// Bad-input tests first call the function on valid input, so that a stub shows "not started".
#include "linear_algebra/qr.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <string>
#include <vector>

#include "course/eigen_solvers.hpp"
#include "course/random.hpp"
#include "course/testing.hpp"
#include "scales.hpp"

namespace course::linear_algebra {
namespace {

using course::testing::AllClose;
using course::testing::ThrowsInvalidArgument;
using course::testing::Tolerance;
using course::testing::unit_roundoff;

constexpr double u = unit_roundoff<double>();

struct Shape {
    int m, n;
};

std::string describe(const Matrix& A) { return std::to_string(A.rows()) + " x " + std::to_string(A.cols()); }

// Tolerances, from Higham 19.3 (Theorem 19.4 and the lemmas before it): Householder QR computes
// R and Q with A + dA = Q_exact R, ||dA||_F <= gamma_mn ||A||_F, and ||Q - Q_exact||_F <=
// sqrt(n) gamma_mn, where gamma_mn = c m n u with a small constant c. These bounds add up every
// rounding error in the worst direction; c = 4 leaves room for the constant and is still ~1e-13
// for the largest shape here, far below what a wrong reflector or a NaN produces.
double backward_error_tolerance(int m, int n) { return 4.0 * m * n * u; }

// reconstruction_atol: every entry of A - Q R is at most ||A - Q R||_F <= 4 m n u ||A||_F.
double reconstruction_atol(const Matrix& A) {
    return backward_error_tolerance(int(A.rows()), int(A.cols())) * A.norm();
}

// orthogonality_atol: Q^T Q - I, entry by entry. Each entry is a dot product of two length-m columns
// that are orthonormal to about sqrt(n) * c m n u in the worst case; in practice the errors of the
// k reflectors add like a random walk and Q^T Q = I holds to a small multiple of m u. We allow
// 8 m u (+ a floor of 16 u for m = 1): a Q that lost orthogonality (an inaccurate v, a reflector
// applied with the wrong scale) is off by far more.
double orthogonality_atol(int m) { return 8.0 * m * u + 16.0 * u; }

// HasThinShapes: Q is (m, k) and R is (k, n), k = min(m, n). Checked before indexing into Q and R.
::testing::AssertionResult HasThinShapes(const QrDecomposition& qr, int m, int n) {
    const int k = std::min(m, n);
    if (qr.Q.rows() == m && qr.Q.cols() == k && qr.R.rows() == k && qr.R.cols() == n)
        return ::testing::AssertionSuccess();
    return ::testing::AssertionFailure() << "for A " << m << " x " << n << " expected Q " << m << " x " << k
                                         << " and R " << k << " x " << n << " (thin QR, k = min(m, n)), got Q "
                                         << describe(qr.Q) << " and R " << describe(qr.R);
}

// IsUpperTriangular: R[i, j] == 0 exactly for i > j. A reflection maps x to alpha e_1 by
// construction, so the code stores exact zeros there, not the rounding residue of applying H.
::testing::AssertionResult IsUpperTriangular(const Matrix& R) {
    for (int i = 1; i < R.rows(); ++i)
        for (int j = 0; j < std::min<int>(i, int(R.cols())); ++j)
            if (R(i, j) != 0.0)
                return ::testing::AssertionFailure()
                       << "R[" << i << ", " << j << "] = " << R(i, j) << " is below the diagonal and must be exactly 0"
                       << " (set the entries under alpha to 0 after reflecting column " << j << ")";
    return ::testing::AssertionSuccess();
}

// with_nonnegative_diagonal: (Q D, D R) with D = diag(sign(R[j, j])), sign(0) = +1. The product
// Q R is the same; this is the sign choice the hand-worked factorizations below are written in.
QrDecomposition with_nonnegative_diagonal(QrDecomposition qr) {
    for (int j = 0; j < qr.R.rows(); ++j) {
        if (qr.R(j, j) < 0.0) {
            qr.R.row(j) *= -1.0;
            qr.Q.col(j) *= -1.0;
        }
    }
    return qr;
}

// expect_valid_qr: the three properties of a thin QR factorization of A, with where and what.
void expect_valid_qr(const QrDecomposition& qr, const Matrix& A, const std::string& context) {
    const int m = int(A.rows()), n = int(A.cols()), k = std::min(m, n);
    ASSERT_TRUE(HasThinShapes(qr, m, n)) << context;
    EXPECT_TRUE(IsUpperTriangular(qr.R)) << context;
    const Matrix QR = qr.Q * qr.R;
    EXPECT_TRUE(AllClose(QR, A, Tolerance{reconstruction_atol(A), 0.0}))
        << "A = Q R fails, " << context << " (Higham 19.3: ||A - Q R|| <= c m n u ||A||)";
    const Matrix QtQ = qr.Q.transpose() * qr.Q;
    EXPECT_TRUE(AllClose(QtQ, Matrix::Identity(k, k), Tolerance{orthogonality_atol(m), 0.0}))
        << "Q^T Q = I fails, " << context << ": the columns of Q are not orthonormal";
}

TEST(HouseholderQr, MatchesHandWorked2x2) {
    // A = [3 1; 4 2]. Column 0: x = (3, 4), ||x|| = 5, sign(3) = +1, so v = x + 5 e_1 = (8, 4),
    // v^T v = 80 and H_0 = I - 2 v v^T / 80 = I - v v^T / 40 = [-0.6 -0.8; -0.8 0.6].
    // H_0 A = [-5 -2.2; 0 0.4]   (H_0 (1, 2) = (-0.6 - 1.6, -0.8 + 1.2) = (-2.2, 0.4)).
    // Column 1 from the diagonal down is x = (0.4), reflected to -0.4 (or left alone: signs are free).
    // With the signs flipped to make diag(R) >= 0: R = [5 2.2; 0 0.4], Q = [0.6 -0.8; 0.8 0.6].
    // Check: Q R = [0.6*5, 0.6*2.2 - 0.8*0.4; 0.8*5, 0.8*2.2 + 0.6*0.4] = [3 1; 4 2].
    Matrix A(2, 2);
    A << 3, 1, 4, 2;
    Matrix R_want(2, 2), Q_want(2, 2);
    R_want << 5, 2.2, 0, 0.4;
    Q_want << 0.6, -0.8, 0.8, 0.6;
    const QrDecomposition got = householder_qr(A);
    ASSERT_TRUE(HasThinShapes(got, 2, 2));
    const QrDecomposition qr = with_nonnegative_diagonal(got);
    // A handful of roundings per entry, amplified by at most cond(A) = 15 (sigma = 5.46, 0.37).
    EXPECT_TRUE(AllClose(qr.R, R_want, Tolerance{64 * u * 5, 0.0})) << "R of [3 1; 4 2], diagonal made >= 0";
    EXPECT_TRUE(AllClose(qr.Q, Q_want, Tolerance{64 * u, 0.0})) << "Q of [3 1; 4 2], columns signed like R";
    EXPECT_TRUE(IsUpperTriangular(got.R));
}

TEST(HouseholderQr, MatchesHandWorked3x2) {
    // A = [3 5; 4 10; 0 -1.5]. Column 0: x = (3, 4, 0), ||x|| = 5, v = (8, 4, 0): H_0 is the 2 x 2
    // reflector of the test above on rows 0-1, row 2 untouched. H_0 (5, 10, -1.5) =
    // (-0.6*5 - 0.8*10, -0.8*5 + 0.6*10, -1.5) = (-11, 2, -1.5).
    // Column 1: x = (2, -1.5), ||x|| = 2.5, v = (4.5, -1.5), H_1 x = (-2.5, 0).
    // So R = [-5 -11; 0 -2.5]; with diag(R) >= 0, R = [5 11; 0 2.5] and, from A = Q R column by column,
    // q_0 = a_0 / 5 = (0.6, 0.8, 0), q_1 = (a_1 - 11 q_0) / 2.5 = (-1.6, 1.2, -1.5) / 2.5 = (-0.64, 0.48, -0.6).
    // Check: ||q_1||^2 = 0.4096 + 0.2304 + 0.36 = 1, q_0 . q_1 = -0.384 + 0.384 = 0.
    Matrix A(3, 2);
    A << 3, 5, 4, 10, 0, -1.5;
    Matrix R_want(2, 2), Q_want(3, 2);
    R_want << 5, 11, 0, 2.5;
    Q_want << 0.6, -0.64, 0.8, 0.48, 0, -0.6;
    const QrDecomposition got = householder_qr(A);
    ASSERT_TRUE(HasThinShapes(got, 3, 2)) << "a tall A gives the thin factors";
    const QrDecomposition qr = with_nonnegative_diagonal(got);
    // cond(A) = 5.8 here; a handful of roundings per entry of size u * ||A||.
    EXPECT_TRUE(AllClose(qr.R, R_want, Tolerance{64 * u * 12, 0.0})) << "R of [3 5; 4 10; 0 -1.5], diagonal made >= 0";
    EXPECT_TRUE(AllClose(qr.Q, Q_want, Tolerance{64 * u, 0.0})) << "Q of [3 5; 4 10; 0 -1.5], columns signed like R";
    EXPECT_TRUE(IsUpperTriangular(got.R));
}

TEST(HouseholderQr, FactorsEveryShape) {
    // 1 x 1, a single row, a single column, square, tall and wide, with primes and odd sizes.
    const std::vector<Shape> shapes = {{1, 1}, {1, 5}, {5, 1}, {2, 2}, {7, 3}, {3, 7},
                                       {13, 13}, {31, 17}, {17, 31}, {64, 64}, {101, 37}};
    for (const auto [m, n] : shapes) {
        const std::uint64_t seed = 100 + 7 * m + n;
        const Matrix A = random_matrix(m, n, seed);
        expect_valid_qr(householder_qr(A), A, "A " + describe(A) + " uniform in (-1, 1), seed " + std::to_string(seed));
    }
}

TEST(HouseholderQr, IsBackwardStableOnIllConditionedMatrices) {
    // Householder QR's error bound does not depend on cond(A): with kappa = 1e12 Q stays orthonormal
    // to working precision (Gram-Schmidt would lose about kappa * u of it) and A = Q R holds as well.
    for (const auto [m, n] : std::vector<Shape>{{20, 20}, {41, 13}, {13, 29}}) {
        const std::uint64_t seed = 200 + m;
        const Matrix A = matrix_with_condition_number(m, n, 1e12, seed);
        expect_valid_qr(householder_qr(A), A, "A " + describe(A) + " with cond 1e12, seed " + std::to_string(seed));
    }
}

TEST(HouseholderQr, FactorsMatricesAlreadyUpperTriangular) {
    // Every column x already points along e_1 with x_0 > 0. Then v = x + ||x|| e_1 = 2 x_0 e_1 is fine,
    // while v = x - ||x|| e_1 is exactly 0 and 2 / (v^T v) = inf: the cancellation the sign avoids.
    // The answer is known: Q = I and R = U once the signs make diag(R) >= 0.
    std::vector<Matrix> cases;
    cases.push_back(Matrix::Identity(1, 1));
    cases.push_back(Matrix::Identity(4, 4));
    Matrix U = random_matrix(5, 5, 301).triangularView<Eigen::Upper>();
    U.diagonal().array() = U.diagonal().array().abs() + 0.5;  // positive diagonal, well away from 0
    cases.push_back(U);
    Matrix tall = Matrix::Zero(6, 4);  // upper trapezoidal with zero rows below
    tall.topRows(4) = U.topLeftCorner(4, 4);
    cases.push_back(tall);
    for (const Matrix& A : cases) {
        const int m = int(A.rows()), n = int(A.cols());
        const QrDecomposition got = householder_qr(A);
        ASSERT_TRUE(HasThinShapes(got, m, n));
        ASSERT_TRUE(got.Q.allFinite() && got.R.allFinite())
            << "A " << describe(A) << " is already upper triangular with a positive diagonal and QR returned inf or "
            << "NaN: v = x - ||x|| e_1 is 0 when x points along e_1; use v = x + sign(x_0) ||x|| e_1";
        const QrDecomposition qr = with_nonnegative_diagonal(got);
        // Each reflector here is diag(-1, 1, ..., 1) up to rounding: a few roundings per entry.
        EXPECT_TRUE(AllClose(qr.R, A.topRows(std::min(m, n)), Tolerance{16 * u * A.norm(), 0.0}))
            << "A " << describe(A) << " upper triangular: R should be A itself up to row signs";
        EXPECT_TRUE(AllClose(qr.Q, Matrix::Identity(m, std::min(m, n)), Tolerance{16 * u, 0.0}))
            << "A " << describe(A) << " upper triangular: Q should be the identity up to column signs";
    }
}

TEST(HouseholderQr, FactorsNearlyUpperTriangularMatrices) {
    // Upper triangular plus 1e-10 noise below the diagonal: x = (x_0, ~1e-10, ...) with x_0 > 0 is
    // almost along e_1, so x_0 - ||x|| = -||x_tail||^2 / (x_0 + ||x||) ~ -1e-20 is lost to rounding,
    // while x_0 + ||x|| is accurate. A reflector built from the cancelled v leaves x_tail in place.
    for (int n : {3, 8}) {
        const std::uint64_t seed = 350 + n;
        Matrix A = random_matrix(n + 2, n, seed);
        for (int j = 0; j < n; ++j) {
            A(j, j) = std::abs(A(j, j)) + 0.5;
            A.col(j).tail(n + 1 - j) *= 1e-10;  // below the diagonal: tiny
        }
        expect_valid_qr(householder_qr(A), A,
                        "A " + describe(A) + " upper triangular + 1e-10 noise below the diagonal, seed " +
                            std::to_string(seed) + "; is v = x + sign(x_0) ||x|| e_1?");
    }
}

TEST(HouseholderQr, LeavesZeroColumnsAlone) {
    // A zero column x has ||x|| = 0: no reflection (H = I), and no division by v^T v = 0.
    Matrix A = random_matrix(4, 3, 401);
    A.col(1).setZero();
    expect_valid_qr(householder_qr(A), A, "A 4 x 3 with column 1 zero, seed 401");
    const Matrix Z = Matrix::Zero(3, 2);
    const QrDecomposition qr = householder_qr(Z);
    ASSERT_TRUE(HasThinShapes(qr, 3, 2));
    EXPECT_TRUE(qr.Q.allFinite()) << "QR of the 3 x 2 zero matrix: Q holds inf or NaN (a division by ||x|| = 0?)";
    expect_valid_qr(qr, Z, "the 3 x 2 zero matrix");
}

TEST(HouseholderQr, RMatchesEigenUpToRowSigns) {
    // R is unique up to the signs of its rows for a full-rank A, so |R| must match Eigen's |R|.
    // A has cond 10 and ||A||_2 = 1: each R's backward error c m n u, amplified by at most cond(A),
    // bounds the difference; the factor 2 is for the two factorizations.
    for (const auto [m, n] : std::vector<Shape>{{1, 1}, {6, 6}, {23, 11}, {11, 23}, {50, 50}}) {
        const std::uint64_t seed = 500 + m + n;
        const Matrix A = matrix_with_condition_number(m, n, 10.0, seed);
        const QrDecomposition qr = householder_qr(A);
        ASSERT_TRUE(HasThinShapes(qr, m, n));
        const Matrix R_eigen = eigen_solvers::householder_r(A);
        const double tol = 2.0 * 10.0 * backward_error_tolerance(m, n) * A.norm();
        EXPECT_TRUE(AllClose(Vector(qr.R.diagonal().cwiseAbs()), Vector(R_eigen.diagonal().cwiseAbs()),
                             Tolerance{tol, 0.0}))
            << "|diag R| vs Eigen's HouseholderQR, A " << describe(A) << ", cond 10, seed " << seed;
        EXPECT_TRUE(AllClose(Matrix(qr.R.cwiseAbs()), Matrix(R_eigen.cwiseAbs()), Tolerance{tol, 0.0}))
            << "|R| vs Eigen's HouseholderQR, A " << describe(A) << ", cond 10, seed " << seed;
    }
}

TEST(HouseholderQr, RefusesEmptyMatrix) {
    const Matrix A = random_matrix(3, 2, 601);
    expect_valid_qr(householder_qr(A), A, "A 3 x 2, seed 601");  // valid input first
    EXPECT_TRUE(ThrowsInvalidArgument([] { householder_qr(Matrix(0, 3)); }, {"0", "3"}));
    EXPECT_TRUE(ThrowsInvalidArgument([] { householder_qr(Matrix(4, 0)); }, {"4", "0"}));
}

TEST(LeastSquares, SolvesHandWorkedConsistentSystem) {
    // The 3 x 2 A of MatchesHandWorked3x2 and x_true = (1, -2): b = A x_true = (3 - 10, 4 - 20, 0 + 3)
    // = (-7, -16, 3). b lies in the range of A, so the least squares solution is x_true itself.
    Matrix A(3, 2);
    A << 3, 5, 4, 10, 0, -1.5;
    Vector b(3), x_want(2);
    b << -7, -16, 3;
    x_want << 1, -2;
    // cond(A) = 5.8: a few roundings of size u, amplified by cond(A).
    EXPECT_TRUE(AllClose(least_squares(A, b), x_want, Tolerance{64 * u * 6, 0.0})) << "A = [3 5; 4 10; 0 -1.5]";
}

TEST(LeastSquares, FitsHandWorkedLine) {
    // Fit y = c_0 + c_1 t to (t, y) = (0, 1), (1, 2), (2, 2), (3, 4). By hand, through the normal
    // equations (exact in rationals): A^T A = [4 6; 6 14], A^T y = (9, 18), det = 20,
    // c = [14 -6; -6 4] (9, 18) / 20 = (18, 18) / 20 = (0.9, 0.9).
    // The residual r = y - A c = (0.1, 0.2, -0.7, 0.4) sums to 0 and 0.2 - 1.4 + 1.2 = 0: A^T r = 0.
    Matrix A(4, 2);
    A << 1, 0, 1, 1, 1, 2, 1, 3;
    Vector y(4), c_want(2);
    y << 1, 2, 2, 4;
    c_want << 0.9, 0.9;
    // cond(A) = 4.3 and the residual is small relative to ||A|| ||c||: a few dozen u.
    EXPECT_TRUE(AllClose(least_squares(A, y), c_want, Tolerance{64 * u * 5, 0.0})) << "line through 4 points";
}

TEST(LeastSquares, MatchesEigenOnRandomProblems) {
    // An inconsistent b (random, not in the range of A). Both solvers are backward stable with
    // relative backward error eps = c m n u (Higham 20.2, Theorem 20.3); the perturbation bound for
    // least squares (Wedin; Higham Theorem 20.1) then gives each of them
    //     ||x_hat - x|| / ||x|| <= kappa eps (2 + (kappa + 1) ||r|| / (||A|| ||x||)),
    // the kappa^2 term being the price of a nonzero residual r. ||A||_2 = 1 and kappa = 100 here.
    const double kappa = 100.0;
    for (const auto [m, n] : std::vector<Shape>{{1, 1}, {5, 1}, {8, 8}, {30, 12}, {101, 37}}) {
        const std::uint64_t seed = 700 + m + n;
        const Matrix A = matrix_with_condition_number(m, n, kappa, seed);
        const Vector b = random_vector(m, seed + 1);
        const Vector x_eigen = eigen_solvers::least_squares(A, b);
        const double r = (b - A * x_eigen).norm(), x_norm = x_eigen.norm();
        const double eps = backward_error_tolerance(m, n);
        const double atol = 2.0 * kappa * eps * (2.0 + (kappa + 1.0) * r / x_norm) * x_norm;  // 2: two solvers
        EXPECT_TRUE(AllClose(least_squares(A, b), x_eigen, Tolerance{atol, 0.0}))
            << "vs Eigen's ColPivHouseholderQR, A " << describe(A) << ", cond " << kappa << ", seeds " << seed << ", "
            << seed + 1;
    }
}

TEST(LeastSquares, ResidualIsOrthogonalToColumns) {
    // The defining property of the minimizer: A^T (b - A x) = 0. For the computed x, with A + dA
    // the matrix it solves exactly, A^T r = -dA^T r + O(u), so |A^T r| <= c m n u ||A|| (||A|| ||x|| + ||b||).
    for (const auto [m, n] : std::vector<Shape>{{3, 1}, {9, 4}, {60, 23}}) {
        const std::uint64_t seed = 800 + m;
        const Matrix A = random_matrix(m, n, seed);
        const Vector b = random_vector(m, seed + 1);
        const Vector x = least_squares(A, b);
        ASSERT_EQ(x.size(), n) << "x must have one entry per column of A (" << describe(A) << ")";
        const Vector Atr = A.transpose() * (b - A * x);
        const double atol = backward_error_tolerance(m, n) * A.norm() * (A.norm() * x.norm() + b.norm());
        EXPECT_TRUE(AllClose(Atr, Vector::Zero(n), Tolerance{atol, 0.0}))
            << "A^T r should be 0: the residual is orthogonal to the columns of A; A " << describe(A) << ", seed "
            << seed;
    }
}

TEST(LeastSquares, IsAccurateOnIllConditionedConsistentSystems) {
    // b = A x_true is consistent (up to the rounding of the product), so the kappa^2 term of the
    // bound above vanishes: a backward stable QR solver has relative forward error about
    //     kappa * eps = kappa * c m n u,   here m n = 360: 3 m n kappa u = 1080 kappa u ~ 1e3 kappa u.
    // The normal equations A^T A x = A^T b solve a system with cond(A^T A) = kappa^2, so they
    // lose about kappa^2 u: 1e6 to 1e7 times more than the tolerance, for kappa = 1e6 and 1e7.
    const int m = 30, n = 12;
    for (double kappa : {1e6, 1e7}) {
        const std::uint64_t seed = 900 + std::uint64_t(std::log10(kappa));
        const Matrix A = matrix_with_condition_number(m, n, kappa, seed);
        const Vector x_true = random_vector(n, seed + 1);
        const Vector b = A * x_true;
        const Vector x = least_squares(A, b);
        ASSERT_EQ(x.size(), n);
        const double relative_error = (x - x_true).norm() / x_true.norm();
        EXPECT_LE(relative_error, 3.0 * m * n * kappa * u)
            << "A " << m << " x " << n << " with cond " << kappa << ", seed " << seed << ": the error is about "
            << relative_error / (kappa * kappa * u) << " * kappa^2 u. Solving A^T A x = A^T b squares the "
            << "condition number; solve R x = Q^T b instead";
        EXPECT_TRUE(AllClose(x, x_true, Tolerance{3.0 * m * n * kappa * u * x_true.norm(), 0.0}))
            << "cond " << kappa << ", seed " << seed;
    }
}

TEST(LeastSquares, RefusesUnderdeterminedAndMismatchedInput) {
    const Matrix A = random_matrix(6, 4, 1001);
    const Vector b = random_vector(6, 1002);
    EXPECT_EQ(least_squares(A, b).size(), 4) << course::testing::kValidCallFirst;  // valid input first
    EXPECT_TRUE(ThrowsInvalidArgument([] { least_squares(random_matrix(3, 5, 1003), random_vector(3, 1004)); },
                                      {"3", "5"}))
        << "a 3 x 5 A has more unknowns than equations: refuse it and name the shape";
    EXPECT_TRUE(ThrowsInvalidArgument([&] { least_squares(A, random_vector(5, 1005)); }, {"5", "6"}))
        << "A is 6 x 4 but b has 5 entries";
}

TEST(LeastSquares, RefusesRankDeficientMatrix) {
    const Matrix A = random_matrix(6, 4, 1101);
    const Vector b = random_vector(6, 1102);
    EXPECT_EQ(least_squares(A, b).size(), 4) << course::testing::kValidCallFirst;  // valid input first
    // A zero column makes R[2, 2] exactly 0.
    Matrix zero_column = A;
    zero_column.col(2).setZero();
    EXPECT_TRUE(ThrowsInvalidArgument([&] { least_squares(zero_column, b); }, {"rank deficient", "2"}))
        << "column 2 of A is zero: R[2, 2] = 0 and x_2 is not determined; name the column";
    // A rank-1 A (every column a multiple of one vector): after the first reflection the other
    // columns are rounding residue, |R[j, j]| ~ sqrt(m) u ||A||, below the threshold 2 m u max |R[i, i]|.
    const Matrix rank_one = random_vector(20, 1103) * random_vector(5, 1104).transpose();
    EXPECT_TRUE(ThrowsInvalidArgument([&] { least_squares(rank_one, random_vector(20, 1105)); }, {"rank deficient"}))
        << "A (20 x 5) has rank 1";
}

// The scales of the checklist (docs/adding-a-module.md, 4a): the QR factors of c A are Q and c R,
// and the rank test is relative to max|R[i, i]|. At 1e-160 and 1e160 a sum of squares in units of 1
// (||x||^2 for the reflector, v^T v) under- or overflows.
const std::vector<double> kScales = {1e-160, 1e-150, 1e-15, 1.0, 1e15, 1e150, 1e160};

TEST(HouseholderQr, IsScaleInvariant) {
    // The hand-worked 3 x 2 case times c: R = c [5 11; 0 2.5] and the same Q (diagonal made >= 0);
    // scaling by c rounds once more per entry, inside the tolerances of MatchesHandWorked3x2.
    Matrix A(3, 2);
    A << 3, 5, 4, 10, 0, -1.5;
    Matrix R_want(2, 2), Q_want(3, 2);
    R_want << 5, 11, 0, 2.5;
    Q_want << 0.6, -0.64, 0.8, 0.48, 0, -0.6;
    ForEachScale(kScales, [&](const double c) {
        const QrDecomposition got = householder_qr(c * A);
        ASSERT_TRUE(HasThinShapes(got, 3, 2));
        EXPECT_TRUE(IsUpperTriangular(got.R)) << "[3 5; 4 10; 0 -1.5] times " << c;
        const QrDecomposition qr = with_nonnegative_diagonal(got);
        EXPECT_TRUE(AllClose(qr.R, Matrix(c * R_want), Tolerance{0.0, 64 * u * 12}))
            << "R of [3 5; 4 10; 0 -1.5] times " << c << " must be " << c << " [5 11; 0 2.5]: a NaN or inf "
            << "comes from ||x||^2 or v^T v in units of 1; scale x by max|x_i| first";
        EXPECT_TRUE(AllClose(qr.Q, Q_want, Tolerance{64 * u, 0.0})) << "Q of [3 5; 4 10; 0 -1.5] times " << c;
    });
}

TEST(LeastSquares, IsScaleInvariantAndItsRankTestRelative) {
    // min ||c A x - c b|| has the same x for every c; the rank-1 matrix of RefusesRankDeficientMatrix
    // is rank deficient at every scale. A rank test against a fixed number refuses the first at
    // small c or accepts the second at large c.
    const Matrix A = random_matrix(6, 4, 1201);
    const Vector b = random_vector(6, 1202);
    const Vector want = eigen_solvers::least_squares(A, b);
    const Matrix rank_one = random_vector(20, 1103) * random_vector(5, 1104).transpose();
    const Vector b20 = random_vector(20, 1105);
    // The bound of MatchesEigenOnRandomProblems, normwise: each solver is exact for A + dA, b + db
    // with ||dA||_F <= eps ||A||_F (so ||dA||_2 <= eps ||A||_F), ||db|| <= eps ||b||, and x moves by
    //     ||dx|| <= kappa e (2 + (kappa + 1) ||r|| / (||A||_2 ||x||)) ||x||,   e = eps ||A||_F / ||A||_2,
    // twice for two solvers. It bounds every component, a component near 0 included (a relative
    // tolerance per component would fail those for any rounding, in whatever order the solver
    // works). c A and c b round once more per entry, u, far inside eps = 4 m n u.
    const Vector s = eigen_solvers::singular_values(A);
    const double kappa = s(0) / s(3);
    const double e = backward_error_tolerance(6, 4) * A.norm() / s(0);
    const double r = (b - A * want).norm() / (s(0) * want.norm());
    const double atol = 2.0 * kappa * e * (2.0 + (kappa + 1.0) * r) * want.norm();
    EXPECT_TRUE(AllClose(least_squares(A, b), want, Tolerance{atol, 0.0})) << course::testing::kValidCallFirst;
    ForEachScale(kScales, [&](const double c) {
        EXPECT_TRUE(AllClose(least_squares(c * A, c * b), want, Tolerance{atol, 0.0}))
            << "A and b times " << c << " (seeds 1201, 1202): the same x";
        EXPECT_TRUE(ThrowsInvalidArgument([&] { least_squares(c * rank_one, c * b20); }, {"rank deficient"}))
            << "a rank-1 20 x 5 A times " << c << ": compare |R[j, j]| with max(m, n) eps max|R[i, i]|";
    });
}

TEST(LeastSquares, ComparesThePivotsWithMaxMNTimesEpsTimesMaxR) {
    // A = [1 0; 0 d; 0 0] is its own R up to signs, max|R[i, i]| = 1 and max(m, n) = 3: the
    // contract's threshold is 3 eps. d = 1.1 * 3 eps passes (x = (b0, b1 / d)); d = 0.9 * 3 eps is
    // refused as rank deficient. Another constant, or a threshold without max|R[i, i]|, fails a side.
    const double eps = std::numeric_limits<double>::epsilon();
    const Vector b{{1, 1, 1}};
    ForEachScale({1e-100, 1.0, 1e100}, [&](const double scale) {
        const double above = 1.1 * 3 * eps, below = 0.9 * 3 * eps;
        Matrix A = Matrix::Zero(3, 2);
        A(0, 0) = scale;
        A(1, 1) = scale * above;
        EXPECT_TRUE(AllClose(least_squares(A, b), Vector{{1 / scale, 1 / (scale * above)}}, Tolerance{0.0, 8 * u}))
            << "[1 0; 0 3.3 eps; 0 0] times " << scale << ": |R[1, 1]| is above 3 eps max|R[i, i]|";
        A(1, 1) = scale * below;
        EXPECT_TRUE(ThrowsInvalidArgument([&] { least_squares(A, b); }, {"rank deficient", "1"}))
            << "[1 0; 0 2.7 eps; 0 0] times " << scale << ": |R[1, 1]| is below 3 eps max|R[i, i]|";
    });
}

TEST(LeastSquares, RefusesAPivotExactlyAtTheThreshold) {
    // A = [1 0; 0 3 eps; 0 0]: its R is diag(-1, -3 eps) exactly (each reflector maps a multiple of
    // e_1 to minus itself), max|R[i, i]| = 1 and max(m, n) eps max|R[i, i]| = 3 eps, all exact in
    // binary. The contract counts |R[j, j]| <= threshold as rank deficient, equality included.
    const double eps = std::numeric_limits<double>::epsilon();
    Matrix A = Matrix::Zero(3, 2);
    A(0, 0) = 1.0;
    A(1, 1) = 4 * eps;
    EXPECT_EQ(least_squares(A, Vector{{1, 1, 1}}).size(), 2) << course::testing::kValidCallFirst;
    A(1, 1) = 3 * eps;
    EXPECT_TRUE(ThrowsInvalidArgument([&] { least_squares(A, Vector{{1, 1, 1}}); }, {"rank deficient"}))
        << "[1 0; 0 3 eps; 0 0]: |R[1, 1]| = 3 eps equals max(m, n) eps max|R[i, i]|, which counts as rank deficient";
}

TEST(HouseholderQr, FactorsAPermutationWithAZeroLeadingEntry) {
    // A = [0 1; 1 0]. Column 0: x = (0, 1), x_0 = 0 takes sign +1: v = (1, 1), v^T v = 2, so
    // beta = 2 / (v^T v) = 1 exactly, H_0 = I - v v^T = [0 -1; -1 0] and H_0 A = [-1 0; 0 -1].
    // Column 1 from the diagonal down is (-1): v = (-2), H_1 = -1, R[1, 1] = 1. So R = [-1 0; 0 1],
    // Q = H_0 diag(1, -1) = [0 1; -1 0], and with the diagonal made >= 0, R = I and Q = A.
    const Matrix A{{0, 1}, {1, 0}};
    const QrDecomposition got = householder_qr(A);
    expect_valid_qr(got, A, "A = [0 1; 1 0], a permutation whose first column starts with 0");
    const QrDecomposition qr = with_nonnegative_diagonal(got);
    EXPECT_TRUE(AllClose(qr.R, Matrix::Identity(2, 2), Tolerance{4 * u, 0.0})) << "R of [0 1; 1 0], diagonal made >= 0";
    EXPECT_TRUE(AllClose(qr.Q, A, Tolerance{4 * u, 0.0})) << "Q of [0 1; 1 0], columns signed like R";
}

TEST(LeastSquares, ChecksTheFirstPivotToo) {
    // A zero first column makes R[0, 0] = 0 exactly: rank deficient in column 0 (x_0 is not determined).
    const Matrix A = random_matrix(6, 4, 1301);
    const Vector b = random_vector(6, 1302);
    EXPECT_EQ(least_squares(A, b).size(), 4) << course::testing::kValidCallFirst;
    Matrix zero_first = A;
    zero_first.col(0).setZero();
    EXPECT_TRUE(ThrowsInvalidArgument([&] { least_squares(zero_first, b); }, {"rank deficient", "column 0"}))
        << "column 0 of A is zero: R[0, 0] = 0; check every pivot, the first one included";
}

TEST(HouseholderQr, FactorsAHandWorked5x2WithAZeroLeadingEntry) {
    // A = [a0 a1] with a0 = (0, 1, 1, 1, 1), a1 = e_0. Column 0: ||a0|| = 2 and x_0 = 0 takes sign
    // +1, so v = a0 + 2 e_0 = (2, 1, 1, 1, 1), v^T v = 8 and H_0 a0 = -2 e_0. Column 1:
    // v^T a1 = 2, so H_0 a1 = a1 - (2 / 8) 2 v = (0, -0.5, -0.5, -0.5, -0.5), whose part from row 1
    // down has norm 1. So R = [-2 0; 0 +-1], and with the diagonal made >= 0, R = [2 0; 0 1],
    // q_0 = a0 / 2 and q_1 = a1 = e_0 (R[0, 1] = 0). Every number is a small multiple of a power
    // of two: a few roundings at most, hence 8 u. (In units of the power of two above max|x_i|,
    // x / 2 = (0, 0.5, 0.5, 0.5, 0.5) gives v^T v = 2 and beta = 1 exactly: this reflector must be
    // applied like any other.)
    Matrix A(5, 2);
    A << 0, 1, 1, 0, 1, 0, 1, 0, 1, 0;
    const QrDecomposition got = householder_qr(A);
    expect_valid_qr(got, A, "A = [0 1; 1 0; 1 0; 1 0; 1 0]");
    const QrDecomposition qr = with_nonnegative_diagonal(got);
    Matrix Q_want(5, 2);
    Q_want << 0, 1, 0.5, 0, 0.5, 0, 0.5, 0, 0.5, 0;
    EXPECT_TRUE(AllClose(qr.R, Matrix{{2, 0}, {0, 1}}, Tolerance{8 * u, 0.0})) << "R of [0 1; 1 0; 1 0; 1 0; 1 0]";
    EXPECT_TRUE(AllClose(qr.Q, Q_want, Tolerance{8 * u, 0.0})) << "Q of [0 1; 1 0; 1 0; 1 0; 1 0]";
}

}  // namespace
}  // namespace course::linear_algebra
