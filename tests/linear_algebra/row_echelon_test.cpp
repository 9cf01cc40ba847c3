// Tests for the row echelon exercise (modules/linear_algebra/learner/row_echelon.cpp).
//
// Oracles: hand-worked eliminations written out below; matrices of chosen rank built as
// A = C * R0 with the answer known in advance (see make_case); Eigen's FullPivLU (complete
// pivoting) for the rank and the kernel dimension; the properties A N = 0 and A = A(:, pivots) * R.
// Bad-input tests first call the function on valid input, so that a stub shows "not started".
#include "linear_algebra/row_echelon.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <limits>
#include <numeric>
#include <vector>

#include "course/eigen_solvers.hpp"
#include "course/random.hpp"
#include "course/testing.hpp"

namespace course::linear_algebra {
namespace {

using course::testing::AllClose;
using course::testing::ThrowsInvalidArgument;
using course::testing::unit_roundoff;

constexpr double u = unit_roundoff<double>();

// A matrix of chosen rank r whose reduced row echelon form is known before any elimination:
//
//     A = C * R0,   C (m, r) with orthonormal columns,   R0 (r, n) in reduced row echelon form
//
// R0 has its pivots at r random columns and random entries in [-1, 1) right of each pivot in the
// free columns. C has full column rank, so A and R0 have the same row space; the reduced row
// echelon form depends only on the row space, hence rref(A) = [R0; 0], A's pivot columns are R0's,
// and A(:, pivots) = C exactly (a product with a column of the identity is not rounded).
// The free columns C * R0[:, f] are rounded, so exact arithmetic says rank r while floating point
// leaves residues near u * |A| after elimination: a pivot test `== 0.0` finds rank min(m, n).
// Why C orthonormal and not a random (m, r) factor: elimination's residues grow like
// u * kappa(pivot columns) * |A|. With random factors the pivot columns are now and then nearly
// dependent, and the default tolerance misjudged the rank in about 1 of 25 seeded cases (m, n up
// to 100). With orthonormal C the residues stayed below 0.2 * tol in all 2450 cases tried.
// Rank decisions that elimination cannot make reliably are the SVD's job.
struct RankCase {
    Matrix A;
    Matrix R0;                // (r, n): the nonzero rows of rref(A)
    std::vector<int> pivots;  // pivot columns of R0, ascending
    Matrix null_basis;        // (n, n - r): the special solutions of R0 x = 0
};

RankCase make_case(int m, int n, int r, std::uint64_t seed) {
    Rng rng(seed);
    std::vector<int> columns(static_cast<size_t>(n));
    std::iota(columns.begin(), columns.end(), 0);
    for (int i = n - 1; i > 0; --i) std::swap(columns[size_t(i)], columns[size_t(rng.index(i + 1))]);
    RankCase c;
    c.pivots.assign(columns.begin(), columns.begin() + r);
    std::sort(c.pivots.begin(), c.pivots.end());
    std::vector<bool> is_pivot(size_t(n), false);
    for (int p : c.pivots) is_pivot[size_t(p)] = true;

    c.R0 = Matrix::Zero(r, n);
    for (int i = 0; i < r; ++i) {
        c.R0(i, c.pivots[size_t(i)]) = 1.0;
        for (int j = c.pivots[size_t(i)] + 1; j < n; ++j)
            if (!is_pivot[size_t(j)]) c.R0(i, j) = rng.uniform();
    }
    c.null_basis = Matrix::Zero(n, n - r);
    int k = 0;
    for (int f = 0; f < n; ++f) {
        if (is_pivot[size_t(f)]) continue;
        c.null_basis(f, k) = 1.0;
        for (int i = 0; i < r; ++i) c.null_basis(c.pivots[size_t(i)], k) = -c.R0(i, f);
        ++k;
    }
    c.A = Matrix(random_orthogonal(m, seed + 1).leftCols(r)) * c.R0;
    return c;
}

// The (m, n, r) sweep: rank 0 and full rank, one row or column, primes, wide and tall.
struct Shape {
    int m, n, r;
};
const std::vector<Shape> kShapes = {{1, 1, 1},    {1, 5, 1},    {5, 1, 0},    {3, 4, 2},     {4, 3, 2},
                                    {7, 7, 3},    {7, 7, 6},    {2, 9, 1},    {13, 29, 5},   {29, 13, 12},
                                    {31, 31, 30}, {50, 64, 24}, {64, 50, 49}, {97, 101, 48}, {6, 6, 0}};

// Entries of R are built from A by about r row operations on entries of size |A| / |pivot|, and
// the pivot columns C are orthonormal, so the error is a modest multiple of max(m, n) * u
// (measured: below 0.6 max(m, n) u over 2450 seeded cases); 10 max(m, n) u leaves a margin and
// is still 1e-13 at these sizes, far below the O(1) error of a wrong elimination.
double rref_tolerance(int m, int n) { return 10.0 * std::max(m, n) * u; }

// first_rows: rows [0, r) of R, the part that must match R0.
Matrix first_rows(const Matrix& R, int r) { return R.topRows(std::min<Eigen::Index>(r, R.rows())); }

// A 3 x 4 example, eliminated by hand with partial pivoting:
//
//     A = [1 2 1  1]   pivot 2 in column 0 (row 1): swap rows 0 and 1, divide by 2: [1 2 0 3]
//         [2 4 0  6]   row 1: [1 2 1 1] - 1 * [1 2 0 3] = [0 0 1 -2]
//         [1 2 2 -1]   row 2: [1 2 2 -1] - 1 * [1 2 0 3] = [0 0 2 -4]
//   column 1 is zero at and below row 1: free. Column 2: pivot 2 (row 2), swap rows 1 and 2,
//   divide: [0 0 1 -2]; row 2: [0 0 1 -2] - [0 0 1 -2] = 0; row 0 has 0 in column 2.
//
//     R = [1 2 0  3]   pivots {0, 2}, rank 2; free columns 1 and 3.
//         [0 0 1 -2]   Every step divides by 2 or subtracts integers: exact in binary.
//         [0 0 0  0]
Matrix hand_matrix() { return Matrix{{1, 2, 1, 1}, {2, 4, 0, 6}, {1, 2, 2, -1}}; }

TEST(RowEchelon, MatchesHandWorkedCase) {
    const RowEchelon E = row_echelon(hand_matrix());
    const Matrix R_want{{1, 2, 0, 3}, {0, 0, 1, -2}, {0, 0, 0, 0}};
    EXPECT_TRUE(AllClose(E.R, R_want, {4 * u, 0.0})) << "3 x 4 hand-worked case, entries above the pivots must be "
                                                        "cleared too (reduced form)";
    EXPECT_EQ(E.pivot_columns, (std::vector<int>{0, 2}));
    EXPECT_EQ(E.rank, 2);
}

TEST(RowEchelon, MatchesStrangsExample) {
    // Strang, Introduction to Linear Algebra, ch. 3 (MIT 18.06 lecture 7): rows 2 - 2 * row 1 and
    // 3 - 3 * row 1 leave [0 0 2 4] twice; divide by 2 and clear above: row 1 = [1 2 2 2] - 2 * [0 0 1 2].
    // With partial pivoting the first pivot is 3 and 8/3, 10/3 are rounded: a few u of error.
    const Matrix A{{1, 2, 2, 2}, {2, 4, 6, 8}, {3, 6, 8, 10}};
    const RowEchelon E = row_echelon(A);
    const Matrix R_want{{1, 2, 0, -2}, {0, 0, 1, 2}, {0, 0, 0, 0}};
    EXPECT_TRUE(AllClose(E.R, R_want, {rref_tolerance(3, 4), 0.0})) << "Strang's 3 x 4 example";
    EXPECT_EQ(E.pivot_columns, (std::vector<int>{0, 2}));
    EXPECT_EQ(E.rank, 2);
}

TEST(RowEchelon, FindsPivotsRightOfAZeroColumn) {
    // Columns 0 and 1 are zero, so the only pivot is in column 2: R = [0 0 1; 0 0 0].
    const RowEchelon E = row_echelon(Matrix{{0, 0, 1}, {0, 0, 2}});
    EXPECT_TRUE(AllClose(E.R, Matrix{{0, 0, 1}, {0, 0, 0}}, {4 * u, 0.0}));
    EXPECT_EQ(E.pivot_columns, (std::vector<int>{2}));
    EXPECT_EQ(E.rank, 1);
}

TEST(RowEchelon, MatchesKnownFormOnMatricesOfChosenRank) {
    for (const auto& [m, n, r] : kShapes) {
        const std::uint64_t seed = 100 + 7 * m + n;
        const RankCase c = make_case(m, n, r, seed);
        const RowEchelon E = row_echelon(c.A);
        ASSERT_EQ(E.R.rows(), m) << "R must be (m, n), m x n = " << m << " x " << n;
        ASSERT_EQ(E.R.cols(), n) << "R must be (m, n), m x n = " << m << " x " << n;
        EXPECT_EQ(E.rank, r) << "m x n = " << m << " x " << n << ", seed " << seed
                             << (E.rank > r ? ": rounding residues were taken as pivots, compare |pivot| with tol, "
                                              "never with 0.0"
                                            : "");
        EXPECT_EQ(E.pivot_columns, c.pivots) << "m x n = " << m << " x " << n << ", rank " << r << ", seed " << seed;
        if (E.rank != r) continue;
        const double tol = rref_tolerance(m, n);
        EXPECT_TRUE(AllClose(first_rows(E.R, r), c.R0, {tol, 0.0}))
            << "the nonzero rows of R, m x n = " << m << " x " << n << ", rank " << r << ", seed " << seed;
        EXPECT_TRUE(AllClose(Matrix(E.R.bottomRows(m - r)), Matrix::Zero(m - r, n), {tol, 0.0}))
            << "rows >= rank of R must be zero, m x n = " << m << " x " << n << ", seed " << seed;
    }
}

TEST(RowEchelon, RebuildsAFromItsPivotColumns) {
    // The column-row factorization A = C R, C = A(:, pivot_columns) (Strang): each column of A is
    // the combination of pivot columns that R's column gives. Plain random A, full rank.
    for (const Shape& s : kShapes) {
        const int m = s.m, n = s.n;
        const std::uint64_t seed = 200 + 7 * m + n;
        const Matrix A = random_matrix(m, n, seed);
        const RowEchelon E = row_echelon(A);
        ASSERT_EQ(E.rank, std::min(m, n)) << "a random matrix has full rank, m x n = " << m << " x " << n;
        Matrix C(m, E.rank);
        for (int i = 0; i < E.rank; ++i) C.col(i) = A.col(E.pivot_columns[size_t(i)]);
        const Matrix rebuilt = C * first_rows(E.R, E.rank);
        // R(0:rank, :) solves C X = A: its error is about kappa(C) * rank * u relative, and C * R
        // adds rank * u * |C| |R|. kappa(C) from Eigen's SVD; 10 max(m, n) kappa u with a margin.
        const Vector sigma = eigen_solvers::singular_values(C);
        const double kappa = sigma(0) / sigma(sigma.size() - 1);
        const double tol = 10.0 * std::max(m, n) * kappa * u * A.cwiseAbs().maxCoeff();
        EXPECT_TRUE(AllClose(rebuilt, A, {tol, 0.0})) << "A = A(:, pivots) * R(0:rank, :), m x n = " << m << " x " << n
                                                      << ", kappa(C) " << kappa << ", seed " << seed;
    }
}

TEST(RowEchelon, FullRankSquareMatrixReducesToIdentity) {
    // A nonsingular A has R = I. Well conditioned (kappa = 10): the error in R is about
    // kappa * n * u; 10 * kappa * n * u is the bound with a margin.
    for (int n : {1, 2, 5, 17, 64}) {
        const double kappa = 10.0;
        const Matrix A = matrix_with_condition_number(n, n, kappa, 300 + n);
        const RowEchelon E = row_echelon(A);
        std::vector<int> all(static_cast<size_t>(n));
        std::iota(all.begin(), all.end(), 0);
        EXPECT_EQ(E.rank, n) << "n = " << n << ", seed " << 300 + n;
        EXPECT_EQ(E.pivot_columns, all) << "n = " << n;
        EXPECT_TRUE(AllClose(E.R, Matrix::Identity(n, n), {10.0 * kappa * n * u, 0.0})) << "n = " << n;
    }
}

TEST(RowEchelon, UsesTheToleranceItIsGiven) {
    // A = diag(1, 1e-8): the default tol is 2 * eps * 1 = 4.4e-16, so 1e-8 is a pivot; an explicit
    // tol = 1e-6 calls it zero; tol = 0 compares with exactly 0.
    const Matrix A{{1, 0}, {0, 1e-8}};
    EXPECT_EQ(row_echelon(A).rank, 2);
    EXPECT_EQ(row_echelon(A, 0.0).rank, 2);
    const RowEchelon coarse = row_echelon(A, 1e-6);
    EXPECT_EQ(coarse.rank, 1) << "|1e-8| <= tol = 1e-6: column 1 is free";
    EXPECT_EQ(coarse.pivot_columns, (std::vector<int>{0}));
    EXPECT_TRUE(AllClose(coarse.R, Matrix{{1, 0}, {0, 0}}, {0.0, 0.0}))
        << "a free column is zeroed below the pivot rows";
}

TEST(RowEchelon, HandlesMatricesWithNoRowsOrNoColumns) {
    // No rows: nothing to eliminate, rank 0, every column free. No columns: rank 0, R is (m, 0).
    for (const auto& [m, n] : std::vector<std::pair<int, int>>{{0, 3}, {4, 0}, {0, 0}}) {
        const RowEchelon E = row_echelon(Matrix(m, n));
        EXPECT_EQ(E.R.rows(), m) << "m x n = " << m << " x " << n;
        EXPECT_EQ(E.R.cols(), n) << "m x n = " << m << " x " << n;
        EXPECT_TRUE(E.pivot_columns.empty()) << "m x n = " << m << " x " << n;
        EXPECT_EQ(E.rank, 0) << "m x n = " << m << " x " << n;
    }
}

TEST(RowEchelon, RefusesNonFiniteEntries) {
    Matrix A = hand_matrix();
    EXPECT_EQ(row_echelon(A).rank, 2) << course::testing::kValidCallFirst;  // valid input first
    A(1, 2) = std::numeric_limits<double>::quiet_NaN();
    EXPECT_TRUE(ThrowsInvalidArgument([&] { row_echelon(A); }, {"row_echelon", "[1, 2]", "not finite"}));
    for (const double bad : {std::numeric_limits<double>::infinity(), -std::numeric_limits<double>::infinity()}) {
        A(1, 2) = bad;
        EXPECT_TRUE(ThrowsInvalidArgument([&] { row_echelon(A); }, {"row_echelon", "[1, 2]", "not finite"})) << bad;
    }
}

TEST(Rank, MatchesKnownRanks) {
    // Hand-checked ranks. [1 2 3; 4 5 6; 7 8 9]: row 1 - row 0 = row 2 - row 1 = [3 3 3], rank 2;
    // with pivot 7 first, 1/7 and 4/7 are rounded, so the last pivot is a residue, not 0.
    EXPECT_EQ(rank(Matrix{{1, 2, 3}, {4, 5, 6}, {7, 8, 9}}), 2)
        << "the 3 x 3 matrix of 1..9 row by row: a residue near 1e-16 is not a pivot";
    EXPECT_EQ(rank(Matrix::Zero(3, 5)), 0) << "the zero matrix";
    EXPECT_EQ(rank(Matrix::Ones(4, 6)), 1) << "all ones: every row is the first";
    EXPECT_EQ(rank(Matrix::Identity(7, 7)), 7) << "the identity";
    EXPECT_EQ(rank(hand_matrix()), 2) << "the 3 x 4 hand-worked matrix";
    // An outer product x y^T has rank 1; its entries are rounded products, so elimination leaves
    // residues near u where exact arithmetic gives 0.
    const Vector x = random_vector(9, 11), y = random_vector(6, 12);
    EXPECT_EQ(rank(Matrix(x * y.transpose())), 1) << "outer product of random vectors (9 x 6), seeds 11, 12";
}

TEST(Rank, MatchesEigenOnMatricesOfChosenRank) {
    for (const auto& [m, n, r] : kShapes) {
        const std::uint64_t seed = 400 + 7 * m + n;
        const Matrix A = make_case(m, n, r, seed).A;
        // Eigen's complete-pivoting LU, threshold min(m, n) * eps relative to its largest pivot.
        const int want = eigen_solvers::rank(A);
        ASSERT_EQ(want, r) << "oracle disagrees with the construction, m x n = " << m << " x " << n;
        EXPECT_EQ(rank(A), want) << "m x n = " << m << " x " << n << ", seed " << seed
                                 << ", a larger rank means rounding residues were taken as pivots";
    }
}

TEST(Rank, SeesFullRankOfIllConditionedMatrices) {
    // kappa = 1e6: the smallest singular value 1e-6 is far above the default tol (about n * 1e-16),
    // so the matrix has full rank even though it is nearly singular.
    for (const auto& [m, n] : std::vector<std::pair<int, int>>{{8, 8}, {30, 11}, {11, 30}}) {
        const Matrix A = matrix_with_condition_number(m, n, 1e6, 500 + m);
        EXPECT_EQ(rank(A), std::min(m, n)) << "m x n = " << m << " x " << n << ", kappa 1e6, seed " << 500 + m;
    }
}

TEST(NullSpace, MatchesHandWorkedCases) {
    // From R = [1 2 0 3; 0 0 1 -2] (above): free columns 1 and 3.
    //   x1 = 1, x3 = 0:  x0 = -2, x2 = 0   -> (-2, 1, 0, 0)
    //   x1 = 0, x3 = 1:  x0 = -3, x2 = 2   -> (-3, 0, 2, 1)
    // Check: A * (-3, 0, 2, 1) = (-3 + 2 + 1, -6 + 0 + 6, -3 + 4 - 1) = 0.
    const Matrix N_want{{-2, -3}, {1, 0}, {0, 2}, {0, 1}};
    EXPECT_TRUE(AllClose(null_space(hand_matrix()), N_want, {4 * u, 0.0})) << "3 x 4 hand-worked case";
    // Strang's example: R = [1 2 0 -2; 0 0 1 2] gives (-2, 1, 0, 0) and (2, 0, -2, 1).
    const Matrix strang{{1, 2, 2, 2}, {2, 4, 6, 8}, {3, 6, 8, 10}};
    const Matrix strang_N{{-2, 2}, {1, 0}, {0, -2}, {0, 1}};
    EXPECT_TRUE(AllClose(null_space(strang), strang_N, {rref_tolerance(3, 4), 0.0})) << "Strang's example";
}

TEST(NullSpace, MatchesSpecialSolutionsOnMatricesOfChosenRank) {
    for (const auto& [m, n, r] : kShapes) {
        const std::uint64_t seed = 600 + 7 * m + n;
        const RankCase c = make_case(m, n, r, seed);
        const Matrix N = null_space(c.A);
        ASSERT_EQ(N.rows(), n) << "N must be (n, n - rank), m x n = " << m << " x " << n;
        ASSERT_EQ(N.cols(), n - r) << "N must be (n, n - rank) with rank " << r << ", m x n = " << m << " x " << n
                                   << ", seed " << seed;
        // The special solutions are -R entries and exact 0s and 1s: the tolerance of R.
        EXPECT_TRUE(AllClose(N, c.null_basis, {rref_tolerance(m, n), 0.0}))
            << "m x n = " << m << " x " << n << ", rank " << r << ", seed " << seed;
    }
}

TEST(NullSpace, AnnihilatesAndHasEigensKernelDimension) {
    for (const auto& [m, n, r] : kShapes) {
        const std::uint64_t seed = 700 + 7 * m + n;
        const Matrix A = make_case(m, n, r, seed).A;
        const Matrix N = null_space(A);
        ASSERT_EQ(N.cols(), A.cols() - eigen_solvers::rank(A)) << "m x n = " << m << " x " << n << ", seed " << seed;
        if (N.cols() == 0) continue;
        // A is C * R0 rounded (error r u |C| |R0|) and N carries the error of R (rref_tolerance):
        // ||A N|| <= (r u + rref_tolerance) ||A|| ||N||, below 2 * rref_tolerance * ||A|| ||N||.
        const double tol = 2.0 * rref_tolerance(m, n) * A.norm() * N.norm();
        EXPECT_TRUE(AllClose(Matrix(A * N), Matrix::Zero(m, N.cols()), {tol, 0.0}))
            << "A * null_space(A) must vanish, m x n = " << m << " x " << n << ", rank " << r << ", seed " << seed;
        // Independent columns: Eigen finds full column rank.
        EXPECT_EQ(eigen_solvers::rank(N), N.cols())
            << "null space columns are dependent, m x n = " << m << " x " << n;
    }
}

TEST(NullSpace, IsEmptyForFullColumnRankAndWholeSpaceForNoRows) {
    const Matrix tall = matrix_with_condition_number(7, 4, 10.0, 800);
    const Matrix N = null_space(tall);
    EXPECT_EQ(N.rows(), 4);
    EXPECT_EQ(N.cols(), 0) << "full column rank: only x = 0 solves A x = 0";
    // No equations: every x solves A x = 0, the basis is the identity. No unknowns: (0, 0).
    EXPECT_TRUE(AllClose(null_space(Matrix(0, 3)), Matrix::Identity(3, 3), {0.0, 0.0})) << "A is 0 x 3";
    const Matrix none = null_space(Matrix(4, 0));
    EXPECT_EQ(none.rows(), 0) << "A is 4 x 0";
    EXPECT_EQ(none.cols(), 0) << "A is 4 x 0";
    EXPECT_EQ(rank(Matrix(0, 3)), 0) << "A is 0 x 3";
}

// A 2 x 100 matrix whose second row differs from the first by d = 2^-50 in one entry. After the
// first elimination step the candidate pivot of column 1 is exactly d = 8.9e-16. The default
// tolerance is max(m, n) * eps * max|A| = 100 * 2^-52 * (1 + d), about 2.2e-14: d is rounding-level
// and the rank is 1. With min(m, n) = 2 in place of max(m, n) the tolerance would be 4.4e-16, below
// d, and the rank 2: the tolerance must grow with the larger dimension.
Matrix two_rows_differing_by(double d) {
    Matrix A = Matrix::Ones(2, 100);
    A(1, 1) = 1.0 + d;
    return A;
}

TEST(RowEchelon, DefaultToleranceScalesWithTheLargerDimension) {
    const RowEchelon r = row_echelon(two_rows_differing_by(0x1p-50));
    EXPECT_EQ(r.rank, 1) << "2 x 100, rows equal but for 2^-50 in one entry: the default tolerance "
                            "max(m, n) * eps * max|A| = 2.2e-14 calls that pivot rounding noise";
    EXPECT_EQ(rank(two_rows_differing_by(0x1p-50)), 1) << "rank uses the same default tolerance";
}

TEST(RowEchelon, ToleranceZeroCountsEveryNonzeroPivot) {
    // tol = 0 is a tolerance, not "use the default" (only a negative tol means that).
    const RowEchelon r = row_echelon(two_rows_differing_by(0x1p-50), 0.0);
    EXPECT_EQ(r.rank, 2) << "tol = 0: the pivot 2^-50 is not zero, so it counts";
    EXPECT_EQ(r.pivot_columns, (std::vector<int>{0, 1}));
}

// A free column's rounding residue becomes an exact zero, also in a row that a later column then
// uses as its pivot row. A = [[1, 1, 0], [1, 1 + 2^-52, 1], [0, 0, 1]]: after column 0, the
// candidate pivot of column 1 is 2^-52 = 2.2e-16, below the tolerance 3 * eps * (1 + 2^-52) =
// 6.7e-16, so column 1 is free; column 2 then pivots in row 1. Hand-worked R, exact:
// [[1, 1, 0], [0, 0, 1], [0, 0, 0]].
TEST(RowEchelon, FreeColumnsBecomeExactZerosBelowThePivotRows) {
    const Matrix A{{1, 1, 0}, {1, 1 + 0x1p-52, 1}, {0, 0, 1}};
    const RowEchelon r = row_echelon(A);
    EXPECT_EQ(r.rank, 2);
    EXPECT_EQ(r.pivot_columns, (std::vector<int>{0, 2}));
    EXPECT_EQ(r.R(1, 1), 0.0) << "column 1 is free: its residue 2^-52 in row 1 must become exactly 0, "
                                 "even though row 1 then becomes column 2's pivot row";
    EXPECT_TRUE(AllClose(r.R, Matrix{{1, 1, 0}, {0, 0, 1}, {0, 0, 0}}, {0.0, 0.0}));
}

}  // namespace
}  // namespace course::linear_algebra
