// Tests for the thin SVD by one-sided Jacobi (modules/linear_algebra/learner/svd.cpp).
//
// Oracles: small cases worked by hand (a 2x2, a row, a column, a rank-one matrix); Eigen's
// JacobiSVD on seeded random matrices; matrices built with known singular values
// (matrix_with_condition_number); the properties A = U diag(S) V^T, U^T U = I, V^T V = I, S
// descending. Singular vectors are compared up to the sign of the pair (u_i, v_i). Bad-input tests
// first call the function on valid input, so that a stub shows "not started".
//
// Tolerances. One-sided Jacobi is backward stable: the computed S are the exact singular values
// of A + E with ||E||_2 <= c n u ||A||_2 (every column goes through about n rotations per sweep,
// each exact to a few u), and Weyl's theorem for singular values, |sigma_i(A + E) - sigma_i(A)| <=
// ||E||_2, turns that into an absolute error bound on every S_i. The reconstruction and the
// orthogonality of U and V carry errors of the same size. The tests use c = 8 with n = max(m, n)
// (measured errors stay below 2.5 min(m, n) u).
#include "linear_algebra/svd.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <string>
#include <utility>
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

// norm2_bound: sqrt(||A||_1 ||A||_inf) >= ||A||_2, without computing an SVD.
double norm2_bound(const Matrix& A) {
    const double norm1 = A.cwiseAbs().colwise().sum().maxCoeff();
    const double norm_inf = A.cwiseAbs().rowwise().sum().maxCoeff();
    return std::sqrt(norm1 * norm_inf);
}

// budget: 8 max(m, n) u ||A||_2, the absolute error allowed on S and on the rebuilt A.
double budget(const Matrix& A) { return 8.0 * double(std::max(A.rows(), A.cols())) * u * norm2_bound(A); }

std::string shape_and_seed(const Matrix& A, std::uint64_t seed) {
    return concat(A.rows(), " x ", A.cols(), ", seed ", seed);
}

// has_thin_shapes: U (m, k), S (k), V (n, k), k = min(m, n).
::testing::AssertionResult has_thin_shapes(const Matrix& A, const Svd& d) {
    const Eigen::Index k = std::min(A.rows(), A.cols());
    if (d.U.rows() == A.rows() && d.U.cols() == k && d.S.size() == k && d.V.rows() == A.cols() && d.V.cols() == k)
        return ::testing::AssertionSuccess();
    return ::testing::AssertionFailure() << "for A " << A.rows() << " x " << A.cols() << " expected U " << A.rows()
                                         << " x " << k << ", S " << k << ", V " << A.cols() << " x " << k << "; got U "
                                         << d.U.rows() << " x " << d.U.cols() << ", S " << d.S.size() << ", V "
                                         << d.V.rows() << " x " << d.V.cols()
                                         << " (for m < n, run on A^T and swap U and V)";
}

// orthonormal_columns: M^T M = I to within atol in every entry.
::testing::AssertionResult orthonormal_columns(const Matrix& M, double atol, const char* name) {
    const Matrix gram = M.transpose() * M;
    ::testing::AssertionResult close = AllClose(gram, Matrix::Identity(M.cols(), M.cols()), {atol, 0.0});
    if (close) return close;
    std::string hint = "";
    if (!gram.allFinite() || (gram.diagonal().array() < 0.5).any())
        hint = " (a column of zeros or NaN: for a zero singular value, complete U with a unit vector "
               "orthogonalized against the other columns instead of dividing by 0)";
    return ::testing::AssertionFailure() << name << "^T " << name << " != I: " << close.message() << hint;
}

// rebuilds: U diag(S) V^T == A to within budget(A) in every entry.
::testing::AssertionResult rebuilds(const Matrix& A, const Svd& d) {
    const Matrix rebuilt = d.U * d.S.asDiagonal() * d.V.transpose();
    return AllClose(rebuilt, A, {budget(A), 0.0});
}

// sort_hint: names the likely bug when S comes back unsorted.
std::string sort_hint(const Vector& S) {
    for (Eigen::Index i = 1; i < S.size(); ++i)
        if (S(i) > S(i - 1))
            return concat("; S[", i - 1, "] = ", S(i - 1), " < S[", i, "] = ", S(i),
                          ": sort S descending and move the columns of U and V with it");
    return "";
}

// expect_pair_matches: (u_j, v_j) equals (u_want, v_want) up to one common sign.
void expect_pair_matches(const Svd& d, int j, const Vector& u_want, const Vector& v_want, double atol) {
    const double sign = d.U.col(j).dot(u_want) < 0 ? -1.0 : 1.0;
    EXPECT_TRUE(AllClose(Vector(sign * d.U.col(j)), u_want, {atol, 0.0})) << "left singular vector u_" << j;
    EXPECT_TRUE(AllClose(Vector(sign * d.V.col(j)), v_want, {atol, 0.0}))
        << "right singular vector v_" << j << " (flipping u_j's sign must flip v_j's too: A v_j = S_j u_j)";
}

TEST(Svd, MatchesHandWorked2x2) {
    // A = [[3, 0], [4, 5]].  A^T A = [[25, 20], [20, 25]], eigenvalues 45 and 5 with eigenvectors
    // (1, 1)/sqrt2 and (1, -1)/sqrt2. So S = (sqrt 45, sqrt 5) = (3 sqrt5, sqrt5), V's columns are
    // those eigenvectors, and u_i = A v_i / S_i: u_1 = (3, 9)/(sqrt2 3 sqrt5) = (1, 3)/sqrt10,
    // u_2 = (3, -1)/(sqrt2 sqrt5) = (3, -1)/sqrt10. (Working it this way by hand is fine; in floating
    // point it is the wrong way, see SmallSingularValuesOfIllConditionedMatrixAreAccurate.)
    Matrix A(2, 2);
    A << 3, 0, 4, 5;
    const Svd d = svd(A);
    ASSERT_TRUE(has_thin_shapes(A, d));
    const double tol = 16 * u * std::sqrt(45.0);
    EXPECT_TRUE(AllClose(d.S, Vector{{std::sqrt(45.0), std::sqrt(5.0)}}, {tol, 0.0})) << "S of [[3, 0], [4, 5]]"
                                                                                      << sort_hint(d.S);
    const double r2 = 1.0 / std::sqrt(2.0), r10 = 1.0 / std::sqrt(10.0);
    expect_pair_matches(d, 0, Vector{{r10, 3 * r10}}, Vector{{r2, r2}}, 16 * u);
    expect_pair_matches(d, 1, Vector{{3 * r10, -r10}}, Vector{{r2, -r2}}, 16 * u);
}

TEST(Svd, MatchesHandWorkedRowColumnAndScalar) {
    // A 1x1 matrix [-3]: S = 3, and u v^T = -1.
    const Svd scalar = svd(Matrix::Constant(1, 1, -3.0));
    ASSERT_TRUE(has_thin_shapes(Matrix::Constant(1, 1, -3.0), scalar));
    EXPECT_NEAR(scalar.S(0), 3.0, 4 * u * 3) << "A = [-3]: a singular value is never negative";
    EXPECT_NEAR(scalar.U(0, 0) * scalar.V(0, 0), -1.0, 4 * u) << "A = [-3] = u * 3 * v with u v = -1";

    // A row (3, 4): the only singular value is its length 5, v = (3, 4)/5, u = 1 (up to sign).
    const Matrix row = (Matrix(1, 2) << 3, 4).finished();
    const Svd r = svd(row);
    ASSERT_TRUE(has_thin_shapes(row, r));
    EXPECT_NEAR(r.S(0), 5.0, 8 * u * 5) << "A = [[3, 4]] (1 x 2)";
    expect_pair_matches(r, 0, Vector{{1.0}}, Vector{{0.6, 0.8}}, 8 * u);

    // A column (1, 2, 2)^T: S = 3, u = (1, 2, 2)/3, v = 1 (up to sign).
    const Matrix column = (Matrix(3, 1) << 1, 2, 2).finished();
    const Svd c = svd(column);
    ASSERT_TRUE(has_thin_shapes(column, c));
    EXPECT_NEAR(c.S(0), 3.0, 8 * u * 3) << "A = (1, 2, 2)^T (3 x 1)";
    expect_pair_matches(c, 0, Vector{{1.0 / 3, 2.0 / 3, 2.0 / 3}}, Vector{{1.0}}, 8 * u);
}

TEST(Svd, ZeroSingularValuesStillGiveOrthonormalU) {
    // [[1, 1], [1, 1]] = (1, 1)^T (1, 1): rank one, S = (2, 0); the rotation of its two equal
    // columns leaves one of them exactly zero, so u_2 must come from completing the basis.
    const Matrix ones = Matrix::Constant(2, 2, 1.0);
    const Svd d = svd(ones);
    ASSERT_TRUE(has_thin_shapes(ones, d));
    EXPECT_TRUE(AllClose(d.S, Vector{{2.0, 0.0}}, {8 * u * 2, 0.0})) << "S of [[1, 1], [1, 1]]";
    EXPECT_TRUE(orthonormal_columns(d.U, 8 * u, "U")) << "A = [[1, 1], [1, 1]]";
    EXPECT_TRUE(rebuilds(ones, d)) << "A = [[1, 1], [1, 1]]";

    // Exactly zero matrices: S = 0, and U, V still orthonormal.
    for (auto [m, n] : std::vector<std::pair<int, int>>{{4, 3}, {3, 4}, {1, 1}}) {
        const Matrix zero = Matrix::Zero(m, n);
        const Svd z = svd(zero);
        ASSERT_TRUE(has_thin_shapes(zero, z));
        EXPECT_TRUE(AllClose(z.S, Vector::Zero(std::min(m, n)), {0.0, 0.0})) << "zero " << m << " x " << n;
        EXPECT_TRUE(orthonormal_columns(z.U, 8 * u, "U")) << "zero " << m << " x " << n;
        EXPECT_TRUE(orthonormal_columns(z.V, 8 * u, "V")) << "zero " << m << " x " << n;
    }

    // A rank-3 product of thin factors, tall and wide, and a matrix with a zero column and a
    // multiple of another column (rank 2 of 4).
    Matrix with_zero_column = random_matrix(6, 4, 700);
    with_zero_column.col(1).setZero();
    with_zero_column.col(3) = 2.0 * with_zero_column.col(0);
    const std::vector<std::pair<Matrix, int>> cases = {
        {random_matrix(12, 3, 701) * random_matrix(3, 8, 702), 3},
        {random_matrix(8, 3, 703) * random_matrix(3, 12, 704), 3},
        {with_zero_column, 2},
    };
    for (const auto& [A, rank] : cases) {
        const Svd r = svd(A);
        ASSERT_TRUE(has_thin_shapes(A, r));
        const int k = int(std::min(A.rows(), A.cols()));
        // Singular values past the rank are zero up to the backward error.
        EXPECT_TRUE(AllClose(Vector(r.S.tail(k - rank)), Vector::Zero(k - rank), {budget(A), 0.0}))
            << A.rows() << " x " << A.cols() << " of rank " << rank << sort_hint(r.S);
        EXPECT_TRUE(orthonormal_columns(r.U, 8.0 * double(std::max(A.rows(), A.cols())) * u, "U"))
            << A.rows() << " x " << A.cols() << " of rank " << rank;
        EXPECT_TRUE(orthonormal_columns(r.V, 8.0 * double(std::max(A.rows(), A.cols())) * u, "V"))
            << A.rows() << " x " << A.cols() << " of rank " << rank;
        EXPECT_TRUE(rebuilds(A, r)) << A.rows() << " x " << A.cols() << " of rank " << rank;
    }
}

// The shape sweep: 1, primes, tall, wide, square, none a multiple of anything.
const std::vector<std::pair<int, int>> kShapes = {{1, 1},   {1, 7},   {7, 1},   {2, 2},   {3, 3},  {7, 3},
                                                  {3, 7},   {13, 13}, {31, 17}, {17, 31}, {1, 29}, {29, 1},
                                                  {53, 29}, {29, 53}, {64, 64}};

TEST(Svd, MatchesEigenJacobiSvdOnManyShapes) {
    for (auto [m, n] : kShapes) {
        const std::uint64_t seed = 800 + 100 * m + n;
        const Matrix A = random_matrix(m, n, seed);
        const Svd d = svd(A);
        ASSERT_TRUE(has_thin_shapes(A, d)) << shape_and_seed(A, seed);
        const Vector oracle_S = eigen_solvers::singular_values(A);  // two-sided Jacobi, descending
        // Both are backward stable: they agree to twice the budget.
        EXPECT_TRUE(AllClose(d.S, oracle_S, {2.0 * budget(A), 0.0}))
            << shape_and_seed(A, seed) << sort_hint(d.S);
    }
}

TEST(Svd, RebuildsAWithOrthonormalFactors) {
    for (auto [m, n] : kShapes) {
        const std::uint64_t seed = 900 + 100 * m + n;
        const Matrix A = random_matrix(m, n, seed);
        const Svd d = svd(A);
        ASSERT_TRUE(has_thin_shapes(A, d)) << shape_and_seed(A, seed);
        const double ortho_tol = 8.0 * double(std::max(m, n)) * u;
        EXPECT_TRUE(orthonormal_columns(d.U, ortho_tol, "U")) << shape_and_seed(A, seed);
        EXPECT_TRUE(orthonormal_columns(d.V, ortho_tol, "V")) << shape_and_seed(A, seed);
        EXPECT_TRUE(rebuilds(A, d)) << shape_and_seed(A, seed)
                                    << ": A != U diag(S) V^T; when sorting S, move the columns of U and V with it";
    }
}

TEST(Svd, SingularValuesAreDescendingAndNonNegative) {
    for (auto [m, n] : kShapes) {
        const std::uint64_t seed = 1000 + 100 * m + n;
        const Matrix A = random_matrix(m, n, seed);
        const Svd d = svd(A);
        ASSERT_EQ(d.S.size(), std::min(m, n)) << shape_and_seed(A, seed);
        EXPECT_GE(d.S.minCoeff(), 0.0) << shape_and_seed(A, seed) << ": a singular value is a length, never negative";
        for (int i = 1; i < d.S.size(); ++i)
            ASSERT_GE(d.S(i - 1), d.S(i)) << shape_and_seed(A, seed) << sort_hint(d.S);
    }
}

TEST(Svd, SmallSingularValuesOfIllConditionedMatrixAreAccurate) {
    // A = U diag(s) V^T with s_i = kappa^(-i / (k - 1)), from 1 down to 1e-12 (kappa = 1e12,
    // ||A||_2 = 1). By the backward error bound (top of the file) every S_i, the smallest one too,
    // is right to an absolute 8 max(m, n) u ||A|| ~ 2e-14..5e-14 here, i.e. sigma_min = 1e-12 to
    // 2-5% or better (measured: about 1e-15 absolute, 0.1%).
    // Through the Gram matrix it cannot be: fl(A^T A) carries absolute errors of about
    // n u ||A||^2 ~ 1e-15 in its entries, so its eigenvalues are only known to +-1e-15 and
    // lambda_min = sigma_min^2 = 1e-24 drowns; its square root comes out near sqrt(1e-15) ~ 3e-8
    // (or 0, or NaN if lambda_min rounds negative), off by 1e4 times sigma_min itself.
    const double kappa = 1e12;
    for (auto [m, n] : std::vector<std::pair<int, int>>{{20, 20}, {31, 20}, {20, 31}, {45, 45}}) {
        const std::uint64_t seed = 1100 + m + n;
        const Matrix A = matrix_with_condition_number(m, n, kappa, seed);
        const int k = std::min(m, n);
        Vector want(k);  // the spectrum matrix_with_condition_number puts in (course/random.hpp)
        for (int i = 0; i < k; ++i) want(i) = std::pow(kappa, -double(i) / double(k - 1));
        const Svd d = svd(A);
        ASSERT_EQ(d.S.size(), k) << shape_and_seed(A, seed);
        const double atol = 8.0 * double(std::max(m, n)) * u;  // ||A||_2 = 1
        EXPECT_TRUE(AllClose(d.S, want, {atol, 0.0}))
            << shape_and_seed(A, seed) << ", kappa = 1e12: the smallest singular value 1e-12 came back as "
            << d.S.minCoeff() << ". Square roots of the eigenvalues of A^T A lose it (their noise is u ||A||^2 "
            << "~ 1e-16, sigma_min^2 = 1e-24): rotate the columns of A itself" << sort_hint(d.S);
    }
}

TEST(Svd, RefusesEmptyOrNonFiniteMatrix) {
    EXPECT_EQ(svd(Matrix::Identity(2, 3)).S.size(), 2) << course::testing::kValidCallFirst;  // valid input first
    EXPECT_TRUE(ThrowsInvalidArgument([] { svd(Matrix(0, 3)); }, {"0", "3"}));
    EXPECT_TRUE(ThrowsInvalidArgument([] { svd(Matrix(4, 0)); }, {"4", "0"}));
    Matrix A = Matrix::Identity(3, 2);
    A(2, 1) = std::numeric_limits<double>::quiet_NaN();
    EXPECT_TRUE(ThrowsInvalidArgument([&] { svd(A); }, {"nan"}));
    A(2, 1) = -INFINITY;
    EXPECT_TRUE(ThrowsInvalidArgument([&] { svd(A); }, {"inf"}));
}

// The scales of the checklist (docs/adding-a-module.md, 4a): svd(c A) has singular values c S and
// the same U and V. At 1e-160 and 1e160 the column norms and dot products of one-sided Jacobi
// under- or overflow in units of 1 (||w_j||^2, w_i . w_j near 1e+-320).
TEST(Svd, IsScaleInvariant) {
    for (const auto& [m, n] : std::vector<std::pair<int, int>>{{7, 4}, {4, 7}}) {
        const std::uint64_t seed = 2100 + m;
        const Matrix A = random_matrix(m, n, seed);
        const Vector want = eigen_solvers::singular_values(A);
        ForEachScale({1e-160, 1e-150, 1e-15, 1.0, 1e15, 1e150, 1e160}, [&](const double c) {
            const Matrix cA = c * A;
            const Svd d = svd(cA);
            ASSERT_TRUE(has_thin_shapes(cA, d)) << shape_and_seed(A, seed) << " times " << c;
            // The budget of A, scaled by c (c A rounds once more per entry, inside 8 max(m, n) u).
            EXPECT_TRUE(AllClose(d.S, Vector(c * want), {c * budget(A), 0.0}))
                << "singular values of " << shape_and_seed(A, seed) << " times " << c << ": c times those of A; "
                << "inf, NaN or 0 comes from sums of squares in units of 1: work in units of max|A|";
            EXPECT_TRUE(orthonormal_columns(d.U, 16.0 * m * u, "U")) << shape_and_seed(A, seed) << " times " << c;
            EXPECT_TRUE(orthonormal_columns(d.V, 16.0 * n * u, "V")) << shape_and_seed(A, seed) << " times " << c;
            EXPECT_TRUE(rebuilds(cA, d)) << shape_and_seed(A, seed) << " times " << c;
        });
    }
}

TEST(Svd, KeepsUOrthonormalForSingularValuesFarBelowTheLargest) {
    // Columns of very different size. [[1, 0], [0, 3e-160], [0, 4e-160]]: S = (1, 5e-160), and the
    // second column's squares (1e-319) are subnormal, so a length computed as sqrt(sum of squares)
    // is off by 1e-4 relative and u_2 = w_2 / S_2 is not a unit vector. [[1, 0], [0, 3e-310],
    // [0, 4e-310]]: the entries themselves are subnormal (a relative spacing of 1e-14), too coarse to
    // normalize; S_2 = 5e-310 lies far inside the accuracy n eps ||A|| and may be reported as 0, with
    // u_2 completing the basis. Diag(0, 1, 2): U must be completed by e_0, the only direction left.
    for (const double tiny : {1e-160, 1e-310}) {
        Matrix A = Matrix::Zero(3, 2);
        A(0, 0) = 1.0;
        A(1, 1) = 3 * tiny;
        A(2, 1) = 4 * tiny;
        const Svd d = svd(A);
        ASSERT_TRUE(has_thin_shapes(A, d));
        EXPECT_TRUE(orthonormal_columns(d.U, 8.0 * 3 * u, "U")) << "[[1, 0], [0, 3t], [0, 4t]], t = " << tiny;
        EXPECT_TRUE(orthonormal_columns(d.V, 8.0 * 3 * u, "V")) << "[[1, 0], [0, 3t], [0, 4t]], t = " << tiny;
        EXPECT_TRUE(AllClose(d.S, Vector{{1, 5 * tiny}}, {budget(A), 0.0})) << "S = (1, 5t), t = " << tiny;
        EXPECT_TRUE(rebuilds(A, d)) << "[[1, 0], [0, 3t], [0, 4t]], t = " << tiny;
    }
    const Matrix D = Vector{{0, 1, 2}}.asDiagonal();
    const Svd d = svd(D);
    EXPECT_TRUE(AllClose(d.S, Vector{{2, 1, 0}}, {0.0, 0.0})) << "diag(0, 1, 2)";
    EXPECT_TRUE(orthonormal_columns(d.U, 8.0 * 3 * u, "U")) << "diag(0, 1, 2): u_3 can only be +-e_0";
    EXPECT_TRUE(rebuilds(D, d)) << "diag(0, 1, 2)";
}

TEST(Svd, RotatesColumnsWhoseSquaredNormsUnderflow) {
    // Columns of very different size that are not orthogonal: a0 = (1, 1, 0) and a1 = t (1, 2, 3),
    // times c = 1 and c = 1e160 (entries near 1e160 and 1e-140 for t = 1e-300). Even in units of
    // max|A|, alpha = ||w_0||^2 = 2, beta = ||w_1||^2 underflows to 0, and after the first rotation
    // gamma = w_0 . w_1 is rounding residue near 1e-316: zeta = (beta - alpha) / (2 gamma)
    // overflows to -inf, so t = 0 and c = 1, s = -0: the "rotation" changes nothing, and since
    // |gamma| > tol sqrt(alpha beta) = 0 it is tried again in every sweep until the sweep limit.
    // Compare like with like instead: the norms ||w_i|| and the cosine w_i . w_j / (||w_i|| ||w_j||)
    // stay in range, zeta = (||w_j|| / ||w_i|| - ||w_i|| / ||w_j||) / (2 cos). With t = 1e-310
    // (subnormal entries) even ||w_0|| / ||w_1|| overflows: an angle that small changes nothing, so
    // it must not count as a rotation either.
    // Expected values: S_0 = c sqrt(2) (to relative t^2) and S_1 = c t sqrt(9.5) (a1's component
    // orthogonal to a0 is t (-0.5, 0.5, 3)), which lies inside the budget 8 n u ||A|| and may be
    // reported as 0; U and V orthonormal and A rebuilt as in every other test.
    for (const double t : {1e-300, 1e-310}) ForEachScale({1.0, 1e160}, [&](const double c) {
        Matrix A(3, 2);
        A << c, c * t, c, c * (2 * t), 0, c * (3 * t);
        const Svd d = svd(A);
        ASSERT_TRUE(has_thin_shapes(A, d));
        EXPECT_TRUE(orthonormal_columns(d.U, 8.0 * 3 * u, "U")) << "[[1, t], [1, 2t], [0, 3t]] times c, t = " << t;
        EXPECT_TRUE(orthonormal_columns(d.V, 8.0 * 3 * u, "V")) << "[[1, t], [1, 2t], [0, 3t]] times c, t = " << t;
        EXPECT_TRUE(AllClose(d.S, Vector{{c * std::sqrt(2.0), c * t * std::sqrt(9.5)}}, {budget(A), 0.0}))
            << "S = c (sqrt(2), t sqrt(9.5)), t = " << t;
        EXPECT_TRUE(rebuilds(A, d)) << "[[1, t], [1, 2t], [0, 3t]] times c, t = " << t;
    });
}

}  // namespace
}  // namespace course::linear_algebra
