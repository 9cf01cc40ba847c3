// Tests for the Gram-Schmidt exercise (modules/linear_algebra/learner/gram_schmidt.cpp).
//
// Oracles: a hand-worked 3 x 3 orthonormalization; the properties Q^T Q = I, Q^T A upper
// triangular and A = Q (Q^T A); matrices with a known condition number (matrix_with_condition_number)
// for the loss-of-orthogonality bound; Eigen's SVD and FullPivLU for the column space and rank.
// Bad-input tests first call the function on valid input, so that a stub shows "not started".
//
// The orthogonality bound. Bjorck (1967) shows that modified Gram-Schmidt returns Q with
//     ||I - Q^T Q||_2 <= c1(m, n) * u * kappa_2(A) / (1 - c2(m, n) * u * kappa_2(A)),
// c1, c2 low-degree polynomials in m and n; classical Gram-Schmidt only achieves
// O(u * kappa_2(A)^2) (Giraud, Langou, Rozloznik 2005; Higham, Accuracy and Stability, ch. 19).
// Measured over 3 seeds each of (m, n) = (40..100, 10..30), kappa = 1e5..1e8: MGS stays below
// 0.9 u kappa, CGS is at least 3e3 u kappa and typically 0.1..10 u kappa^2. The tests take
// c1 = max(m, n): at kappa = 1e6 the bound is about 1e-8, while CGS loses 1e-6..1e-3.
#include "linear_algebra/gram_schmidt.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <tuple>
#include <vector>

#include "course/eigen_solvers.hpp"
#include "course/random.hpp"
#include "course/testing.hpp"
#include "scales.hpp"

namespace course::linear_algebra {
namespace {

using course::testing::AllClose;
using course::testing::ThrowsInvalidArgument;
using course::testing::unit_roundoff;

constexpr double u = unit_roundoff<double>();

// orthogonality_loss: ||I - Q^T Q||_2 (I - Q^T Q is symmetric: its 2-norm is its largest |eigenvalue|).
double orthogonality_loss(const Matrix& Q) {
    if (Q.cols() == 0) return 0.0;
    const Matrix E = Matrix::Identity(Q.cols(), Q.cols()) - Q.transpose() * Q;
    return eigen_solvers::symmetric_eigenvalues(E).cwiseAbs().maxCoeff();
}

// mgs_bound: the loss of orthogonality MGS may have, c1 * u * kappa with c1 = max(m, n) (see top).
double mgs_bound(int m, int n, double kappa) { return std::max(m, n) * u * kappa; }

// The hand-worked case. a0 = (1, 1, 0), a1 = (1, 0, 1), a2 = (0, 1, 1):
//   q0 = a0 / sqrt(2) = (1, 1, 0) / sqrt(2)
//   v  = a1 - (q0 . a1) q0 = (1, 0, 1) - (1/2)(1, 1, 0) = (1/2, -1/2, 1),  ||v|| = sqrt(3/2)
//   q1 = (1, -1, 2) / sqrt(6)
//   v  = a2 - (q0 . a2) q0 = (0, 1, 1) - (1/2)(1, 1, 0) = (-1/2, 1/2, 1)
//   v  = v - (q1 . v) q1 = (-1/2, 1/2, 1) - (1/6)(1, -1, 2) = (-2/3, 2/3, 2/3)
//   q2 = (-1, 1, 1) / sqrt(3)
Matrix hand_A() { return Matrix{{1, 1, 0}, {1, 0, 1}, {0, 1, 1}}; }
Matrix hand_Q() {
    const double s2 = std::sqrt(2.0), s6 = std::sqrt(6.0), s3 = std::sqrt(3.0);
    return Matrix{{1 / s2, 1 / s6, -1 / s3}, {1 / s2, -1 / s6, 1 / s3}, {0, 2 / s6, 1 / s3}};
}
// A handful of roundings on entries of size <= 1: 10 u.
constexpr double kHandTol = 10 * u;

// Shapes for the well-conditioned sweep: one column, one row and column, primes, square.
const std::vector<std::pair<int, int>> kShapes = {{1, 1},  {5, 1},   {2, 2},   {7, 3},   {7, 7},
                                                  {13, 5}, {31, 31}, {64, 29}, {101, 37}};

TEST(ModifiedGramSchmidt, MatchesHandWorkedCase) {
    EXPECT_TRUE(AllClose(modified_gram_schmidt(hand_A()), hand_Q(), {kHandTol, 0.0}))
        << "columns (1,1,0), (1,0,1), (0,1,1), Q's columns are (1,1,0)/sqrt2, (1,-1,2)/sqrt6, (-1,1,1)/sqrt3";
}

TEST(ModifiedGramSchmidt, IsOrthonormalOnWellConditionedMatrices) {
    const double kappa = 100.0;
    for (const auto& [m, n] : kShapes) {
        const std::uint64_t seed = 10 + m * n;
        const Matrix A = matrix_with_condition_number(m, n, kappa, seed);
        const Matrix Q = modified_gram_schmidt(A);
        ASSERT_EQ(Q.rows(), m) << "Q must be (m, n), m x n = " << m << " x " << n;
        ASSERT_EQ(Q.cols(), n) << "Q must be (m, n), m x n = " << m << " x " << n;
        EXPECT_LE(orthogonality_loss(Q), mgs_bound(m, n, kappa))
            << "||I - Q^T Q||_2, m x n = " << m << " x " << n << ", kappa " << kappa << ", seed " << seed;
    }
}

TEST(ModifiedGramSchmidt, KeepsNestedSpansAndRebuildsA) {
    // span(q_0..q_j) = span(a_0..a_j) for every j <=> R = Q^T A is upper triangular, and A = Q R.
    // Below the diagonal, q_i . a_j = sum_{k<=j} r_kj (q_i . q_k) + O(u ||a_j||): bounded by
    // (loss of orthogonality + u) * ||a_j||, and ||a_j|| <= ||A||_2 = 1 here. Q R - A likewise.
    const double kappa = 100.0;
    for (const auto& [m, n] : kShapes) {
        const std::uint64_t seed = 20 + m * n;
        const Matrix A = matrix_with_condition_number(m, n, kappa, seed);
        const Matrix Q = modified_gram_schmidt(A);
        const Matrix R = Q.transpose() * A;
        const Matrix below = R.triangularView<Eigen::StrictlyLower>();
        const double tol = 2.0 * mgs_bound(m, n, kappa);
        EXPECT_TRUE(AllClose(below, Matrix::Zero(n, n), {tol, 0.0}))
            << "Q^T A must be upper triangular (q_i is orthogonal to a_0..a_{i-1}), m x n = " << m << " x " << n
            << ", seed " << seed;
        EXPECT_TRUE(AllClose(Matrix(Q * R), A, {tol, 0.0}))
            << "A = Q (Q^T A), m x n = " << m << " x " << n << ", seed " << seed;
    }
}

TEST(ModifiedGramSchmidt, StaysOrthogonalOnIllConditionedMatrices) {
    // The test that tells modified from classical Gram-Schmidt: see the bound at the top.
    for (const double kappa : {1e6, 1e7}) {
        for (const auto& [m, n] : std::vector<std::pair<int, int>>{{60, 20}, {100, 30}, {45, 45}}) {
            const std::uint64_t seed = 30 + m + n;
            const Matrix Q = modified_gram_schmidt(matrix_with_condition_number(m, n, kappa, seed));
            const double loss = orthogonality_loss(Q);
            EXPECT_LE(loss, mgs_bound(m, n, kappa))
                << "||I - Q^T Q||_2, m x n = " << m << " x " << n << ", kappa " << kappa << ", seed " << seed
                << (loss > 1e3 * u * kappa ? ": a loss near u * kappa^2 is classical Gram-Schmidt, take q_i . v from "
                                             "the updated v, not from the original column"
                                           : "");
        }
    }
}

TEST(ModifiedGramSchmidt, NamesTheDependentColumn) {
    const Matrix good = random_matrix(6, 4, 40);
    EXPECT_EQ(modified_gram_schmidt(good).cols(), 4) << course::testing::kValidCallFirst;  // valid input first
    // Column 2 = 0.3 a0 - 1.7 a1, rounded: the residual after the projections is near u, not 0.
    Matrix A = good;
    A.col(2) = 0.3 * A.col(0) - 1.7 * A.col(1);
    EXPECT_TRUE(ThrowsInvalidArgument([&] { modified_gram_schmidt(A); }, {"column 2", "residual"}))
        << "a0, a1, 0.3 a0 - 1.7 a1, a3: dividing by a residual near 1e-16 returns noise, refuse it";
    // A zero column has no direction at all.
    Matrix Z = good;
    Z.col(1).setZero();
    EXPECT_TRUE(ThrowsInvalidArgument([&] { modified_gram_schmidt(Z); }, {"column 1"}));
}

TEST(ModifiedGramSchmidt, ComparesTheResidualWithTol) {
    // a2 = a0 + 1e-6 * w, w a unit vector orthogonal to a0 and a1: the relative residual of a2 is
    // 1e-6 / ||a2|| in exact arithmetic, so tol = 1e-10 accepts it and tol = 1e-5 refuses it.
    const Matrix A0 = random_orthogonal(5, 50).leftCols(3);  // orthonormal a0, a1, w
    Matrix A(5, 3);
    A.col(0) = A0.col(0);
    A.col(1) = A0.col(1);
    A.col(2) = A0.col(0) + 1e-6 * A0.col(2);
    const Matrix Q = modified_gram_schmidt(A);
    // q2 is +-w: the residual of size 1e-6 is formed by cancellation from entries of size 1 with an
    // absolute error of a few m * u, so its direction is off by about m * u / 1e-6 radians. The
    // part of q2 orthogonal to w is the sine of that angle; 20 m u / 1e-6 = 1e-8 is the bound.
    const Vector w = A0.col(2), q2 = Q.col(2);
    EXPECT_LE((q2 - q2.dot(w) * w).norm(), 20 * 5 * u / 1e-6) << "q2 must be the direction of w";
    EXPECT_TRUE(ThrowsInvalidArgument([&] { modified_gram_schmidt(A, 1e-5); }, {"column 2"}))
        << "relative residual 1e-6 <= tol = 1e-5: column 2 counts as dependent";
}

TEST(ModifiedGramSchmidt, RefusesMoreColumnsThanRowsAndNegativeTol) {
    EXPECT_TRUE(AllClose(modified_gram_schmidt(hand_A()), hand_Q(), {kHandTol, 0.0})) << course::testing::kValidCallFirst;  // valid input first
    EXPECT_TRUE(ThrowsInvalidArgument([] { modified_gram_schmidt(random_matrix(3, 5, 60)); }, {"3 x 5"}))
        << "5 vectors in R^3 are always dependent";
    EXPECT_TRUE(ThrowsInvalidArgument([] { modified_gram_schmidt(random_matrix(4, 2, 61), -1.0); }, {"tol"}));
}

TEST(ModifiedGramSchmidt, ReturnsNoColumnsForNoColumns) {
    const Matrix Q = modified_gram_schmidt(Matrix(4, 0));
    EXPECT_EQ(Q.rows(), 4);
    EXPECT_EQ(Q.cols(), 0);
}

TEST(OrthonormalBasis, SkipsDependentColumnsInHandWorkedCase) {
    // Columns a0, 2 a0, 0, a1, a2, a0 + a1 of the hand-worked case: 2 a0 and a0 + a1 are
    // dependent, 0 is zero; the kept columns give the same Q as above, in order.
    const Matrix H = hand_A();
    Matrix A(3, 6);
    A << H.col(0), 2.0 * H.col(0), Vector::Zero(3), H.col(1), H.col(2), H.col(0) + H.col(1);
    EXPECT_TRUE(AllClose(orthonormal_basis(A), hand_Q(), {kHandTol, 0.0}))
        << "columns a0, 2 a0, 0, a1, a2, a0 + a1 must give the 3 columns of the hand-worked Q";
}

TEST(OrthonormalBasis, SpansTheColumnSpaceOfRankDeficientMatrices) {
    // A = F G, F (m, r) and G (r, n) random: rank r in exact arithmetic, and rounded products in
    // floating point, so a dependent column leaves a residual near u * kappa, not 0.
    for (const auto& [m, n, r] : std::vector<std::tuple<int, int, int>>{
             {5, 1, 1}, {4, 7, 2}, {7, 7, 3}, {13, 29, 5}, {29, 13, 12}, {40, 40, 39}, {64, 97, 31}}) {
        const std::uint64_t seed = 70 + m + n;
        const Matrix A = random_matrix(m, r, seed) * random_matrix(r, n, seed + 1);
        const int want_rank = eigen_solvers::rank(A);
        ASSERT_EQ(want_rank, r) << "oracle disagrees with the construction, m x n = " << m << " x " << n;
        const Matrix Q = orthonormal_basis(A);
        ASSERT_EQ(Q.rows(), m) << "m x n = " << m << " x " << n;
        ASSERT_EQ(Q.cols(), r) << "Q must have rank(A) = " << r << " columns, m x n = " << m << " x " << n << ", seed "
                               << seed
                               << (Q.cols() > r
                                       ? ": a dependent column was normalized, skip it when ||v|| <= tol ||a_j||"
                                       : "");
        // The kept columns are a_0..a_{r-1} (G's first r columns are independent): MGS's bound
        // with kappa of those columns, from Eigen's SVD.
        const Vector sigma = eigen_solvers::singular_values(A.leftCols(r));
        const double kappa = sigma(0) / sigma(r - 1);
        EXPECT_LE(orthogonality_loss(Q), mgs_bound(m, n, kappa))
            << "m x n = " << m << " x " << n << ", rank " << r << ", kappa " << kappa << ", seed " << seed;
        // col(A) is inside col(Q): each column's residual after projecting on Q is below
        // tol * ||a_j|| (why it was skipped) plus the rounding of the projection (2 * bound).
        const Matrix residual = A - Q * (Q.transpose() * A);
        for (int j = 0; j < n; ++j)
            EXPECT_LE(residual.col(j).norm(), (1e-10 + 2.0 * mgs_bound(m, n, kappa)) * A.col(j).norm())
                << "column " << j << " of A is not in span(Q), m x n = " << m << " x " << n << ", seed " << seed;
        // col(Q) is inside col(A): Q's component outside the span of A's r leading left singular
        // vectors (Eigen's SVD) is at the rounding level.
        const Matrix U = eigen_solvers::left_singular_vectors(A).leftCols(r);
        const Matrix outside = Q - U * (U.transpose() * Q);
        EXPECT_TRUE(AllClose(outside, Matrix::Zero(m, r), {2.0 * mgs_bound(m, n, kappa), 0.0}))
            << "Q has a direction outside col(A), m x n = " << m << " x " << n << ", seed " << seed;
    }
}

TEST(OrthonormalBasis, IsOrthonormalOnIllConditionedFullRankMatrices) {
    // Full column rank: every column is kept and the process is MGS, with its bound.
    for (const auto& [m, n] : std::vector<std::pair<int, int>>{{60, 20}, {45, 45}}) {
        const double kappa = 1e6;
        const std::uint64_t seed = 80 + m + n;
        const Matrix Q = orthonormal_basis(matrix_with_condition_number(m, n, kappa, seed));
        ASSERT_EQ(Q.cols(), n) << "full column rank, kappa 1e6: all columns stay, m x n = " << m << " x " << n;
        EXPECT_LE(orthogonality_loss(Q), mgs_bound(m, n, kappa))
            << "||I - Q^T Q||_2, m x n = " << m << " x " << n << ", kappa " << kappa << ", seed " << seed;
    }
}

TEST(OrthonormalBasis, StopsAtTheDimensionOfTheSpace) {
    // 9 random vectors in R^5 span R^5: Q is 5 x 5 orthogonal, Q Q^T = I.
    const Matrix Q = orthonormal_basis(random_matrix(5, 9, 90));
    ASSERT_EQ(Q.rows(), 5);
    ASSERT_EQ(Q.cols(), 5) << "9 vectors in R^5 span at most 5 dimensions";
    // The first 5 columns of a random matrix: kappa is modest; 1e3 u * 5 is generous and small.
    EXPECT_TRUE(AllClose(Matrix(Q * Q.transpose()), Matrix::Identity(5, 5), {5e3 * u, 0.0}));
}

TEST(OrthonormalBasis, ReturnsNoColumnsForZeroOrEmptyMatrices) {
    EXPECT_TRUE(AllClose(orthonormal_basis(hand_A()), hand_Q(), {kHandTol, 0.0})) << course::testing::kValidCallFirst;  // valid input first
    for (const auto& [m, n] : std::vector<std::pair<int, int>>{{4, 3}, {4, 0}, {0, 3}}) {
        const Matrix Q = orthonormal_basis(Matrix::Zero(m, n));
        EXPECT_EQ(Q.rows(), m) << "zero " << m << " x " << n << " matrix";
        EXPECT_EQ(Q.cols(), 0) << "zero " << m << " x " << n << " matrix: its column space is {0}, no basis vectors"
                               << (Q.hasNaN() ? ", NaN means a zero column was divided by its zero norm" : "");
    }
}

TEST(OrthonormalBasis, RefusesNegativeTol) {
    EXPECT_TRUE(AllClose(orthonormal_basis(hand_A()), hand_Q(), {kHandTol, 0.0})) << course::testing::kValidCallFirst;  // valid input first
    EXPECT_TRUE(ThrowsInvalidArgument([] { orthonormal_basis(random_matrix(4, 2, 91), -1e-3); }, {"tol"}));
}

// The scales of the checklist (docs/adding-a-module.md, 4a): Q of c A is Q of A for every c > 0,
// and the dependence test ||v|| <= tol ||a_j|| does not change either. 1e-160 and 1e160 are past
// where sum of squares under- or overflows (1e-154, 1e154): a norm computed in units of 1 turns a
// column into "zero" or "inf" there.
constexpr double kInf = std::numeric_limits<double>::infinity();
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
const std::vector<double> kScales = {1e-160, 1e-150, 1e-15, 1.0, 1e15, 1e150, 1e160};

TEST(ModifiedGramSchmidt, IsScaleInvariant) {
    // Q(c A) = Q(A): the hand-worked Q at every scale, to the same rounding (scaling by a power of
    // ten rounds each entry once more: 2 u more).
    ForEachScale(kScales, [&](const double c) {
        const Matrix A = c * hand_A();
        EXPECT_TRUE(AllClose(modified_gram_schmidt(A), hand_Q(), {kHandTol + 2 * u, 0.0}))
            << "the hand-worked columns times " << c << ": Q must not change; a NaN or a refusal comes from "
            << "||a_j|| as sqrt(sum a_ij^2), which under- or overflows: divide by max|a_ij| first";
    });
}

TEST(ModifiedGramSchmidt, DependenceTestIsRelativeAtEveryScale) {
    // Column 2 = 0.3 a0 - 1.7 a1 (rounded) is dependent at every scale: its residual is u-sized
    // relative to ||a_2||, so an absolute test ||v|| <= tol misses it once ||a_2|| > 1e6.
    // a0 + 1e-6 w (w orthonormal to a0, a1) is independent at every scale: relative residual 1e-6,
    // which an absolute test calls dependent once ||a_2|| < 1e-4.
    const Matrix good = random_matrix(6, 4, 40);
    Matrix dependent = good;
    dependent.col(2) = 0.3 * good.col(0) - 1.7 * good.col(1);
    const Matrix W = random_orthogonal(5, 50).leftCols(3);
    Matrix nearly(5, 3);
    nearly << W.col(0), W.col(1), W.col(0) + 1e-6 * W.col(2);
    EXPECT_EQ(modified_gram_schmidt(nearly).cols(), 3) << course::testing::kValidCallFirst;
    ForEachScale(kScales, [&](const double c) {
        EXPECT_TRUE(ThrowsInvalidArgument([&] { modified_gram_schmidt(Matrix(c * dependent)); }, {"column 2"}))
            << "a0, a1, 0.3 a0 - 1.7 a1, a3, all times " << c << ": compare ||v|| with tol * ||a_j||, not with tol";
        const Matrix Q = modified_gram_schmidt(c * nearly);
        // The direction of the 1e-6 residual is off by about 20 m u / 1e-6 (see ComparesTheResidualWithTol).
        EXPECT_LE((Q.col(2) - Q.col(2).dot(W.col(2)) * W.col(2)).norm(), 20 * 5 * u / 1e-6)
            << "a0, a1, a0 + 1e-6 w times " << c << ": relative residual 1e-6 > tol = 1e-10, q2 = +-w";
    });
}

TEST(ModifiedGramSchmidt, TolZeroStillRefusesAnExactlyDependentColumn) {
    // tol = 0 is allowed: then only a residual of exactly 0 is dependent. e0, e1, e0: the third
    // column's residual is e0 - (e0 . e0) e0 = 0 exactly.
    Matrix A = Matrix::Zero(3, 3);
    A(0, 0) = A(1, 1) = A(0, 2) = 1.0;
    EXPECT_TRUE(AllClose(modified_gram_schmidt(hand_A(), 0.0), hand_Q(), {kHandTol, 0.0}))
        << course::testing::kValidCallFirst;
    EXPECT_TRUE(ThrowsInvalidArgument([&] { modified_gram_schmidt(A, 0.0); }, {"column 2"}))
        << "e0, e1, e0 with tol = 0: the residual is exactly 0, so column 2 is dependent even at tol = 0";
}

TEST(ModifiedGramSchmidt, RefusesNanAndInfiniteNegativeTol) {
    EXPECT_TRUE(AllClose(modified_gram_schmidt(hand_A()), hand_Q(), {kHandTol, 0.0})) << course::testing::kValidCallFirst;
    for (const double tol : {-1e-300, -kInf, kNaN})
        EXPECT_TRUE(ThrowsInvalidArgument([&] { modified_gram_schmidt(hand_A(), tol); }, {"tol"})) << "tol = " << tol;
}

TEST(OrthonormalBasis, IsScaleInvariantAndSkipsDependentColumnsAtEveryScale) {
    // The hand-worked columns a0, 2 a0, 0, a1, a2, a0 + a1 times c: the same 3 q's at every scale.
    // An absolute test keeps 2 a0's rounding residue at 1e15 and skips everything at 1e-15.
    const Matrix H = hand_A();
    Matrix A(3, 6);
    A << H.col(0), 2.0 * H.col(0), Vector::Zero(3), H.col(1), H.col(2), H.col(0) + H.col(1);
    ForEachScale(kScales, [&](const double c) {
        EXPECT_TRUE(AllClose(orthonormal_basis(c * A), hand_Q(), {kHandTol + 2 * u, 0.0}))
            << "columns a0, 2 a0, 0, a1, a2, a0 + a1 of the hand-worked case, times " << c;
    });
}

TEST(OrthonormalBasis, ComparesTheResidualWithTol) {
    // a0, a1, a0 + 1e-6 w (orthonormal a0, a1, w): relative residual 1e-6 for the third column.
    // tol = 1e-10 keeps it (3 columns), tol = 1e-5 skips it (2 columns).
    const Matrix W = random_orthogonal(5, 50).leftCols(3);
    Matrix A(5, 3);
    A << W.col(0), W.col(1), W.col(0) + 1e-6 * W.col(2);
    EXPECT_EQ(orthonormal_basis(A).cols(), 3) << "relative residual 1e-6 > tol = 1e-10: keep the column";
    EXPECT_EQ(orthonormal_basis(A, 1e-5).cols(), 2) << "relative residual 1e-6 <= tol = 1e-5: skip the column";
    // tol = 0 keeps the rounding residue of a0 + a1 (not exactly 0 in general) but must still skip a
    // zero column and an exactly dependent one (e0 twice).
    Matrix E = Matrix::Zero(3, 3);
    E(0, 0) = E(0, 1) = E(2, 2) = 1.0;
    EXPECT_TRUE(AllClose(orthonormal_basis(E, 0.0), Matrix{{1, 0}, {0, 0}, {0, 1}}, {0.0, 0.0}))
        << "e0, e0, e2 with tol = 0: the second column's residual is exactly 0, skip it";
}

TEST(OrthonormalBasis, RefusesNanAndInfiniteNegativeTol) {
    EXPECT_TRUE(AllClose(orthonormal_basis(hand_A()), hand_Q(), {kHandTol, 0.0})) << course::testing::kValidCallFirst;
    for (const double tol : {-1e-300, -kInf, kNaN})
        EXPECT_TRUE(ThrowsInvalidArgument([&] { orthonormal_basis(hand_A(), tol); }, {"tol"})) << "tol = " << tol;
}

TEST(OrthonormalBasis, ReadsNoColumnOnceTheSpaceIsFull) {
    // The cost bound: once m columns are kept they span R^m and the rest are skipped without any
    // work. The columns after the first 3 of this (3, 7) matrix hold NaN and inf: any dot product
    // or norm taken on them would put NaN into the result or keep a 4th column.
    Matrix A = Matrix::Constant(3, 7, kNaN);
    A.leftCols(3) = hand_A();
    A(1, 5) = kInf;
    const Matrix Q = orthonormal_basis(A);
    EXPECT_TRUE(AllClose(Q, hand_Q(), {kHandTol, 0.0}))
        << "columns a0, a1, a2, then NaN/inf: stop once 3 columns span R^3, do not compute with the rest";
}

// hadamard_columns: a0, a1, a0 + delta w in R^64 with a0 = (1, ..., 1) / 8, a1 = (1, -1, 1, -1, ...) / 8
// and w = (1, 1, -1, -1, ...) / 8, orthonormal and exact in binary. Every entry of a column has the
// same magnitude, so ||a_j|| = 8 max|a_ij|: a test that compares ||v|| with tol / ||a_j|| (or with
// tol in units of the largest entry) is off by a factor 64 from tol ||a_j||. The relative residual
// of a2 is delta / sqrt(1 + delta^2).
Matrix hadamard_columns(double delta) {
    Matrix A(64, 3);
    for (int i = 0; i < 64; ++i) {
        const double w = (i / 2) % 2 == 0 ? 0.125 : -0.125;
        A(i, 0) = 0.125;
        A(i, 1) = i % 2 == 0 ? 0.125 : -0.125;
        A(i, 2) = 0.125 + delta * w;
    }
    return A;
}

TEST(ModifiedGramSchmidt, ComparesTheResidualWithTolTimesTheColumnNorm) {
    // Relative residual 3e-6: refused with tol = 1e-5, kept with tol = 1e-6. ||v|| <= tol / ||a_j||
    // would keep it at tol = 1e-5 (3e-6 * 8 > 1e-5 / 8). The message names the residual (3e-06,
    // printed to 10 digits: the rounding of a 3e-6 residual formed from entries of size 1 is 1e-10
    // relative) and tol. A is scaled by 4 (exactly), so that ||a_2|| = 4 and a message that gives
    // ||v|| or ||v|| ||a_2|| instead of the ratio (1.2e-05, 4.8e-05) does not pass for it.
    const Matrix A = 4.0 * hadamard_columns(3e-6);
    EXPECT_EQ(modified_gram_schmidt(A, 1e-6).cols(), 3) << course::testing::kValidCallFirst;
    EXPECT_TRUE(ThrowsInvalidArgument([&] { modified_gram_schmidt(A, 1e-5); }, {"column 2", "residual", "e-06", "1e-05"}))
        << "a0, a1, a0 + 3e-6 w in R^64 (entries of equal size), tol = 1e-5: the relative residual ||v|| / ||a_2|| "
           "= 3e-6 <= tol; the message gives it and tol";
}

TEST(OrthonormalBasis, ComparesTheResidualWithTolTimesTheColumnNorm) {
    const Matrix A = hadamard_columns(3e-6);
    EXPECT_EQ(orthonormal_basis(A, 1e-6).cols(), 3) << "relative residual 3e-6 > tol = 1e-6: keep column 2";
    EXPECT_EQ(orthonormal_basis(A, 1e-5).cols(), 2)
        << "a0, a1, a0 + 3e-6 w in R^64, tol = 1e-5: ||v|| / ||a_2|| = 3e-6 <= tol, skip column 2 (compare ||v|| "
           "with tol * ||a_j||)";
}

TEST(ModifiedGramSchmidt, RefusesMoreColumnsThanRowsEvenWithTolZero) {
    // With tol = 0 the dependence test lets the rounding residue of the 4th column in R^3 pass: only
    // the shape check refuses 5 random columns in R^3.
    EXPECT_TRUE(AllClose(modified_gram_schmidt(hand_A(), 0.0), hand_Q(), {kHandTol, 0.0})) << course::testing::kValidCallFirst;
    EXPECT_TRUE(ThrowsInvalidArgument([] { modified_gram_schmidt(random_matrix(3, 5, 60), 0.0); }, {"3 x 5"}))
        << "5 vectors in R^3 are dependent whatever tol: refuse n > m before orthogonalizing";
}

TEST(OrthonormalBasis, InfiniteTolSkipsEveryColumnIncludingZeroOnes) {
    // tol = +inf is allowed (tol >= 0): every residual is <= tol * ||a_j||, so no column is kept. A
    // zero column must be skipped by its own test: with ||a_j|| = 0, tol * ||a_j|| = inf * 0 = NaN and
    // the residual test alone would keep it (and divide 0 by 0).
    const Matrix H = hand_A();
    Matrix A(3, 4);
    A << H.col(0), Vector::Zero(3), H.col(1), H.col(2);
    EXPECT_EQ(orthonormal_basis(A).cols(), 3) << course::testing::kValidCallFirst;
    const Matrix Q = orthonormal_basis(A, std::numeric_limits<double>::infinity());
    EXPECT_EQ(Q.rows(), 3);
    EXPECT_EQ(Q.cols(), 0) << "tol = inf: every column counts as dependent"
                           << (Q.hasNaN() ? "; the NaN column is the zero column, divided by its zero norm" : "");
    EXPECT_TRUE(ThrowsInvalidArgument([&] { modified_gram_schmidt(H, std::numeric_limits<double>::infinity()); },
                                      {"column 0"}))
        << "tol = inf: column 0 already counts as dependent";
}

}  // namespace
}  // namespace course::linear_algebra
