// Tests for the LU exercise (modules/linear_algebra/learner/lu.cpp): P A = L U with partial
// pivoting, lu_solve, determinant, inverse.
//
// Oracles: hand-worked 2x2 and 3x3 cases written out below (small integers and halves, so every
// step is exact in binary floating point); Eigen's PartialPivLU and JacobiSVD on seeded random
// matrices; the properties P A = L U (within Higham's backward error bound), |L[i, j]| <= 1,
// A X = I, a small residual A x - b; matrices with a known condition number kappa.
// Bad-input tests first call the function on valid input, so that a stub shows "not started".
#include "linear_algebra/lu.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <utility>
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
using course::testing::unit_roundoff;

constexpr double u = unit_roundoff<double>();

using course::testing::gamma_bound;

// norm2: the spectral norm sigma_max, and cond2: the condition number sigma_max / sigma_min, both
// from Eigen's SVD.
double norm2(const Matrix& A) { return eigen_solvers::singular_values(A)(0); }
double cond2(const Matrix& A) {
    const Vector s = eigen_solvers::singular_values(A);
    return s(0) / s(s.size() - 1);
}

// eigen_factor_norms: ||L||_F * ||U||_F for Eigen's PartialPivLU of A. Eigen picks the same pivots
// as the contract (the largest |a_rk|), so these are the same factors up to rounding; the tests use
// them to size Higham's bounds without trusting the code under test.
double eigen_factor_norms(const Matrix& A) {
    const Matrix LU = eigen_solvers::lu_packed(A);
    const Matrix L = LU.triangularView<Eigen::UnitLower>();
    const Matrix U = LU.triangularView<Eigen::Upper>();
    return L.norm() * U.norm();
}

// rows_of: P A, i.e. row i is row perm[i] of A.
Matrix rows_of(const Matrix& A, const std::vector<int>& perm) {
    Matrix PA(A.rows(), A.cols());
    for (int i = 0; i < A.rows(); ++i) PA.row(i) = A.row(perm[size_t(i)]);
    return PA;
}

// parity_sign: det(P) = (-1)^(n - number of cycles of perm).
int parity_sign(const std::vector<int>& perm) {
    std::vector<bool> seen(perm.size(), false);
    int cycles = 0;
    for (size_t i = 0; i < perm.size(); ++i) {
        if (seen[i]) continue;
        ++cycles;
        for (size_t j = i; !seen[j]; j = size_t(perm[j])) seen[j] = true;
    }
    return (int(perm.size()) - cycles) % 2 == 0 ? 1 : -1;
}

// IsPermutation: perm holds each of 0 .. n-1 exactly once.
::testing::AssertionResult IsPermutation(const std::vector<int>& perm, int n) {
    if (perm.size() != size_t(n))
        return ::testing::AssertionFailure() << "perm has " << perm.size() << " entries, expected n = " << n;
    std::vector<bool> seen(size_t(n), false);
    for (size_t i = 0; i < perm.size(); ++i) {
        const int p = perm[i];
        if (p < 0 || p >= n || seen[size_t(p)])
            return ::testing::AssertionFailure() << "perm[" << i << "] = " << p
                                                 << " is out of range or repeated: perm must be a permutation of 0.."
                                                 << n - 1;
        seen[size_t(p)] = true;
    }
    return ::testing::AssertionSuccess();
}

// IsValidLu: the factors have the right shapes and structure and reproduce P A.
//   - L unit lower triangular, U upper triangular (exact zeros: they are never computed);
//   - perm a permutation and sign = det(P);
//   - |L[i, j]| <= 1: partial pivoting divides by the largest entry of the column;
//   - P A = L U within Higham's bound (Theorem 9.3): the computed factors satisfy
//     P A + E = L U with |E| <= gamma_n |L| |U|, and forming L U here adds another gamma_n |L| |U|.
//     In norms, || |L| |U| ||_F <= ||L||_F ||U||_F, so every entry of P A - L U is at most
//     2 gamma_n ||L||_F ||U||_F.
::testing::AssertionResult IsValidLu(const LuDecomposition& lu, const Matrix& A) {
    const int n = int(A.rows());
    if (lu.L.rows() != n || lu.L.cols() != n || lu.U.rows() != n || lu.U.cols() != n)
        return ::testing::AssertionFailure() << "L is " << lu.L.rows() << " x " << lu.L.cols() << " and U is "
                                             << lu.U.rows() << " x " << lu.U.cols() << ", expected " << n << " x " << n;
    if (auto ok = IsPermutation(lu.perm, n); !ok) return ok;
    if (lu.sign != parity_sign(lu.perm))
        return ::testing::AssertionFailure() << "sign = " << lu.sign << " but perm has parity " << parity_sign(lu.perm)
                                             << ": flip sign at every row swap (and only then)";
    for (int i = 0; i < n; ++i) {
        if (lu.L(i, i) != 1.0)
            return ::testing::AssertionFailure() << "L[" << i << ", " << i << "] = " << lu.L(i, i)
                                                 << ", expected 1: L is unit lower triangular";
        for (int j = i + 1; j < n; ++j)
            if (lu.L(i, j) != 0.0)
                return ::testing::AssertionFailure() << "L[" << i << ", " << j << "] = " << lu.L(i, j)
                                                     << " above the diagonal, expected 0";
        for (int j = 0; j < i; ++j) {
            if (lu.U(i, j) != 0.0)
                return ::testing::AssertionFailure() << "U[" << i << ", " << j << "] = " << lu.U(i, j)
                                                     << " below the diagonal, expected 0";
            if (!(std::abs(lu.L(i, j)) <= 1.0))
                return ::testing::AssertionFailure()
                       << "|L[" << i << ", " << j << "]| = " << std::abs(lu.L(i, j))
                       << " > 1: the pivot of column " << j
                       << " was not the largest |a_rk| at or below the diagonal (partial pivoting)";
        }
    }
    const double atol = 2.0 * gamma_bound(n) * lu.L.norm() * lu.U.norm();
    const Matrix LU = lu.L * lu.U;
    if (auto ok = AllClose(LU, rows_of(A, lu.perm), {atol, 0.0}); !ok)
        return ok << "\n    L U differs from P A (rows of A in the order perm)";
    return ::testing::AssertionSuccess();
}

// The hand-worked cases. Every number below is a small integer or a half, so each step is exact.

// A1 = [[0, 2], [3, 1]]: a11 = 0 cannot be a pivot. Step 1: the largest |a_r1| is 3 in row 2; swap
// rows 1 and 2: P A1 = [[3, 1], [0, 2]], l21 = 0 / 3 = 0, nothing to eliminate.
//     perm = (1, 0), sign = -1, L = I, U = [[3, 1], [0, 2]], det = -1 * 3 * 2 = -6 = 0*1 - 2*3.
const Matrix A1{{0, 2}, {3, 1}};

// A2 = [[0, 2, 3], [2, 4, 2], [1, 3, 5]], one row swap (odd permutation).
// Step 1: column 1 is (0, 2, 1): pivot 2 in row 2; swap rows 1 and 2: [[2, 4, 2], [0, 2, 3], [1, 3, 5]],
//         perm = (1, 0, 2), sign = -1. l21 = 0 / 2 = 0, l31 = 1 / 2 = 0.5:
//         row 3 = (1, 3, 5) - 0.5 * (2, 4, 2) = (0, 1, 4).
// Step 2: column 2 below the diagonal is (2, 1): pivot 2 is in place. l32 = 1 / 2 = 0.5:
//         row 3 = (0, 1, 4) - 0.5 * (0, 2, 3) = (0, 0, 2.5).
//     L = [[1, 0, 0], [0, 1, 0], [0.5, 0.5, 1]], U = [[2, 4, 2], [0, 2, 3], [0, 0, 2.5]],
//     det = -1 * 2 * 2 * 2.5 = -10. By cofactors along row 1: 0 - 2 (2*5 - 2*1) + 3 (2*3 - 4*1) = -10.
const Matrix A2{{0, 2, 3}, {2, 4, 2}, {1, 3, 5}};
const Matrix L2{{1, 0, 0}, {0, 1, 0}, {0.5, 0.5, 1}};
const Matrix U2{{2, 4, 2}, {0, 2, 3}, {0, 0, 2.5}};

// A3 = [[0, 1, 3], [2, 4, 2], [1, 4, 5]], two row swaps (even permutation).
// Step 1: pivot 2 in row 2; swap rows 1 and 2: [[2, 4, 2], [0, 1, 3], [1, 4, 5]], perm = (1, 0, 2),
//         sign = -1. l21 = 0, l31 = 0.5: row 3 = (1, 4, 5) - 0.5 * (2, 4, 2) = (0, 2, 4).
// Step 2: column 2 below the diagonal is (1, 2): pivot 2 in row 3; swap rows 2 and 3, multipliers
//         included: rows are (2, 4, 2), [0.5 | 2, 4], [0 | 1, 3]; perm = (1, 2, 0), sign = +1.
//         l32 = 1 / 2 = 0.5: row 3 = (0, 1, 3) - 0.5 * (0, 2, 4) = (0, 0, 1).
//     L = [[1, 0, 0], [0.5, 1, 0], [0, 0.5, 1]], U = [[2, 4, 2], [0, 2, 4], [0, 0, 1]],
//     det = +1 * 2 * 2 * 1 = 4. By cofactors along row 1: 0 - 1 (2*5 - 2*1) + 3 (2*4 - 4*1) = 4.
const Matrix A3{{0, 1, 3}, {2, 4, 2}, {1, 4, 5}};
const Matrix L3{{1, 0, 0}, {0.5, 1, 0}, {0, 0.5, 1}};
const Matrix U3{{2, 4, 2}, {0, 2, 4}, {0, 0, 1}};

// Exact data: allow a few roundings of size u in case an implementation divides differently.
const course::testing::Tolerance kExact{8 * u, 8 * u};

TEST(LuDecompose, FactorsHandWorked2x2WithZeroLeadingPivot) {
    // [[0, 1], [1, 0]]: a11 = 0, so elimination without a row swap divides by zero.
    const Matrix swap{{0, 1}, {1, 0}};
    const LuDecomposition lu = lu_decompose(swap);
    EXPECT_EQ(lu.perm, (std::vector<int>{1, 0})) << "a11 = 0: the pivot must come from row 2";
    EXPECT_EQ(lu.sign, -1) << "one row swap: det(P) = -1";
    EXPECT_TRUE(AllClose(lu.L, Matrix::Identity(2, 2), kExact)) << "P A = I, so L = I";
    EXPECT_TRUE(AllClose(lu.U, Matrix::Identity(2, 2), kExact)) << "P A = I, so U = I";

    const LuDecomposition lu1 = lu_decompose(A1);
    EXPECT_EQ(lu1.perm, (std::vector<int>{1, 0}));
    EXPECT_EQ(lu1.sign, -1);
    EXPECT_TRUE(AllClose(lu1.L, Matrix::Identity(2, 2), kExact));
    EXPECT_TRUE(AllClose(lu1.U, Matrix{{3, 1}, {0, 2}}, kExact)) << "A = [[0, 2], [3, 1]]";
}

TEST(LuDecompose, FactorsHandWorked3x3WithOneRowSwap) {
    const LuDecomposition lu = lu_decompose(A2);
    EXPECT_EQ(lu.perm, (std::vector<int>{1, 0, 2})) << "step 1 swaps rows 0 and 1; step 2 keeps its pivot";
    EXPECT_EQ(lu.sign, -1);
    EXPECT_TRUE(AllClose(lu.L, L2, kExact)) << "A = [[0, 2, 3], [2, 4, 2], [1, 3, 5]]";
    EXPECT_TRUE(AllClose(lu.U, U2, kExact)) << "A = [[0, 2, 3], [2, 4, 2], [1, 3, 5]]";
}

TEST(LuDecompose, FactorsHandWorked3x3WithTwoRowSwaps) {
    const LuDecomposition lu = lu_decompose(A3);
    EXPECT_EQ(lu.perm, (std::vector<int>{1, 2, 0})) << "two swaps: (0 1), then (1 2)";
    EXPECT_EQ(lu.sign, 1) << "two swaps: det(P) = (-1)^2";
    EXPECT_TRUE(AllClose(lu.L, L3, kExact))
        << "A = [[0, 1, 3], [2, 4, 2], [1, 4, 5]]; when rows swap at step 2, the multipliers already "
           "stored in column 1 must swap with them";
    EXPECT_TRUE(AllClose(lu.U, U3, kExact)) << "A = [[0, 1, 3], [2, 4, 2], [1, 4, 5]]";
}

TEST(LuDecompose, FactorsRandomMatricesWithinHighamsBound) {
    for (int n : {1, 2, 3, 7, 31, 64, 100}) {
        const std::uint64_t seed = 1000 + n;
        const Matrix A = random_matrix(n, n, seed);
        EXPECT_TRUE(IsValidLu(lu_decompose(A), A)) << "random A, n = " << n << ", seed " << seed;
    }
}

TEST(LuDecompose, FactorsIllConditionedMatricesWithinHighamsBound) {
    // The backward error bound does not depend on the condition number: LU with partial pivoting
    // reproduces P A to working precision even when kappa = 1e8 (or 1e14).
    for (int n : {2, 8, 50}) {
        for (double kappa : {1e8, 1e14}) {
            const std::uint64_t seed = 2000 + n;
            const Matrix A = matrix_with_condition_number(n, n, kappa, seed);
            EXPECT_TRUE(IsValidLu(lu_decompose(A), A)) << "n = " << n << ", kappa = " << kappa << ", seed " << seed;
        }
    }
}

TEST(LuDecompose, DoesNotThrowForSingularMatrices) {
    // Column 1 is zero: step 1 has no nonzero pivot candidate and is skipped, so U[0, 0] = 0.
    const Matrix zero_column{{0, 1, 2}, {0, 3, 4}, {0, 5, 6}};
    const LuDecomposition lu = lu_decompose(zero_column);
    EXPECT_EQ(lu.U(0, 0), 0.0) << "A = [[0, 1, 2], [0, 3, 4], [0, 5, 6]]: the first column is zero";
    EXPECT_TRUE(IsValidLu(lu, zero_column)) << "A = [[0, 1, 2], [0, 3, 4], [0, 5, 6]]";

    // Rows 1 and 3 are equal. Step 1: pivot 4 (row 2), l = 0.25 for both equal rows, which stay
    // equal: (0, 0.75, 1.5) twice. Step 2: pivot 0.75, l = 1, the last row becomes exactly 0.
    const Matrix equal_rows{{1, 2, 3}, {4, 5, 6}, {1, 2, 3}};
    const LuDecomposition lu2 = lu_decompose(equal_rows);
    EXPECT_EQ(lu2.U(2, 2), 0.0) << "A = [[1, 2, 3], [4, 5, 6], [1, 2, 3]] has two equal rows";
    EXPECT_TRUE(IsValidLu(lu2, equal_rows)) << "A = [[1, 2, 3], [4, 5, 6], [1, 2, 3]]";

    const Matrix zero = Matrix::Zero(4, 4);
    EXPECT_TRUE(IsValidLu(lu_decompose(zero), zero)) << "the 4 x 4 zero matrix: L = I, U = 0";
}

TEST(LuDecompose, RefusesNonSquareMatrix) {
    EXPECT_TRUE(IsValidLu(lu_decompose(A2), A2)) << course::testing::kValidCallFirst;  // valid input first
    EXPECT_TRUE(ThrowsInvalidArgument([] { lu_decompose(Matrix::Ones(2, 3)); }, {"2 x 3", "square"}));
    EXPECT_TRUE(ThrowsInvalidArgument([] { lu_decompose(Matrix(0, 0)); }, {"0 x 0"}));
}

TEST(LuSolve, SolvesHandWorked3x3System) {
    // A2 x = b with x = (1, -1, 2): b = (0 - 2 + 6, 2 - 4 + 4, 1 - 3 + 10) = (4, 2, 8).
    // P b = (b[1], b[0], b[2]) = (2, 4, 8). L y = P b: y = (2, 4, 8 - 0.5 * 2 - 0.5 * 4) = (2, 4, 5).
    // U x = y: x3 = 5 / 2.5 = 2, x2 = (4 - 3 * 2) / 2 = -1, x1 = (2 - 4 * (-1) - 2 * 2) / 2 = 1.
    const Vector b{{4, 2, 8}};
    const Vector x = lu_solve(lu_decompose(A2), b);
    EXPECT_TRUE(AllClose(x, Vector{{1, -1, 2}}, kExact))
        << "A = [[0, 2, 3], [2, 4, 2], [1, 3, 5]], b = (4, 2, 8); forward substitution starts from "
           "P b = (b[perm[0]], b[perm[1]], ...) = (2, 4, 8), not from b";
}

TEST(LuSolve, SolvesSmallPivotSystem) {
    // Trefethen & Bau, lecture 20: A = [[1e-20, 1], [1, 1]], b = (1, 2). The exact solution is
    // x = (1 / (1 - 1e-20), (1 - 2e-20) / (1 - 1e-20)), which rounds to (1, 1).
    // Without a row swap, l = 1e20 and U[1, 1] = 1 - 1e20 rounds to -1e20: the 1 in A[1, 1] is lost
    // and x1 comes out 0. With the swap, l = 1e-20 and both components are accurate.
    const Matrix A{{1e-20, 1}, {1, 1}};
    const Vector x = lu_solve(lu_decompose(A), Vector{{1, 2}});
    EXPECT_TRUE(AllClose(x, Vector{{1, 1}}, {4 * u, 4 * u}))
        << "A = [[1e-20, 1], [1, 1]], b = (1, 2): a tiny pivot must be swapped away";
}

TEST(LuSolve, MatchesEigenOnRandomSystems) {
    for (int n : {1, 2, 7, 31, 64, 100}) {
        const std::uint64_t seed = 3000 + n;
        const Matrix A = random_matrix(n, n, seed);
        const Vector b = random_vector(n, seed + 1);
        const Vector want = eigen_solvers::lu_solve(A, b);
        // Both solves are backward stable: (A + dA) x = b with |dA| <= gamma_3n |L| |U| (Higham,
        // Theorem 9.4), so ||dA||_2 <= eta ||A||_2 with eta = gamma_3n ||L||_F ||U||_F / ||A||_2.
        // Each solution is then within kappa * eta / (1 - kappa * eta) of the exact one (relative),
        // and the two within twice that; 1.1 covers the denominator and ||x|| versus ||want||.
        const double kappa = cond2(A);
        const double eta = gamma_bound(3 * n) * eigen_factor_norms(A) / norm2(A);
        ASSERT_LT(kappa * eta, 0.1) << "the bound below needs kappa * eta << 1";
        const double atol = 2.2 * kappa * eta * want.norm();
        EXPECT_TRUE(AllClose(lu_solve(lu_decompose(A), b), want, {atol, 0.0}))
            << "n = " << n << ", seed " << seed << ", kappa = " << kappa;
    }
}

TEST(LuSolve, SolvesIllConditionedSystemToKappaTimesU) {
    // A has ||A||_2 = 1 and condition number kappa = 1e8, so ||A^-1||_2 = kappa; x_true is known and
    // b = fl(A x_true) = A x_true + db with |db| <= gamma_n |A| |x_true| (one dot product per entry).
    // The solve gives (A + dA) x = b with |dA| <= gamma_3n |L| |U| (Higham, Theorem 9.4). Subtract
    // A x_true = b - db:  x - x_true = A^-1 (db - dA x), hence
    //     ||x - x_true|| <= kappa (gamma_n ||A||_F ||x_true|| + gamma_3n ||L||_F ||U||_F ||x||)
    //                   ~= c * n * kappa * u * ||x_true||,   c = ||A||_F + 3 ||L||_F ||U||_F,
    // which we size with Eigen's factors (c is about 8 for n = 8 and 27 for n = 50 here; a factor 1.1
    // covers ||x|| versus ||x_true||). About log10(kappa) = 8 of the 16 digits are lost; a correct
    // solve lands near 1e-9, a wrong one near 1.
    const double kappa = 1e8;
    for (int n : {8, 50}) {
        const std::uint64_t seed = 4000 + n;
        const Matrix A = matrix_with_condition_number(n, n, kappa, seed);
        const Vector x_true = random_vector(n, seed + 7);
        const Vector b = A * x_true;
        const Vector x = lu_solve(lu_decompose(A), b);
        const double bound = 1.1 * kappa * (gamma_bound(n) * A.norm() + gamma_bound(3 * n) * eigen_factor_norms(A));
        EXPECT_LE((x - x_true).norm() / x_true.norm(), bound)
            << "n = " << n << ", kappa = " << kappa << ", seed " << seed
            << ": relative forward error above the kappa * backward error bound";
    }
}

TEST(LuSolve, LeavesSmallResidual) {
    // Backward stability: whatever kappa is, r = b - A x = dA x with ||dA||_F <= gamma_3n ||L||_F ||U||_F,
    // so ||r|| is small relative to ||A|| ||x||, even where x itself has lost 8 digits. Computing r
    // here adds gamma_n ||A||_F ||x|| (one dot product per entry).
    //     ||r|| <= (gamma_3n ||L||_F ||U||_F + gamma_n ||A||_F) ||x||
    struct Case { int n; double kappa; };
    for (const Case c : {Case{7, 1.0}, Case{64, 1e4}, Case{100, 1e8}, Case{31, 1e14}}) {
        const std::uint64_t seed = 5000 + c.n;
        const Matrix A = matrix_with_condition_number(c.n, c.n, c.kappa, seed);
        const Vector b = random_vector(c.n, seed + 3);
        const Vector x = lu_solve(lu_decompose(A), b);
        const double residual = (b - A * x).norm();
        const double bound = (gamma_bound(3 * c.n) * eigen_factor_norms(A) + gamma_bound(c.n) * A.norm()) * x.norm();
        EXPECT_LE(residual, bound) << "n = " << c.n << ", kappa = " << c.kappa << ", seed " << seed
                                   << ": ||b - A x|| / (||A||_F ||x||) = " << residual / (A.norm() * x.norm());
    }
}

TEST(LuSolve, RefusesSingularMatrix) {
    EXPECT_TRUE(AllClose(lu_solve(lu_decompose(A2), Vector{{4, 2, 8}}), Vector{{1, -1, 2}}, kExact)) << course::testing::kValidCallFirst;  // valid first
    // [[1, 2], [2, 4]]: pivot 2, l = 0.5, U[1, 1] = 2 - 0.5 * 4 = 0 exactly.
    const Matrix exact{{1, 2}, {2, 4}};
    EXPECT_TRUE(ThrowsInvalidArgument([&] { lu_solve(lu_decompose(exact), Vector{{1, 1}}); }, {"singular"}))
        << "A = [[1, 2], [2, 4]] (row 2 = 2 * row 1)";
    // [[1, 2, 3], [4, 5, 6], [7, 8, 9]] is singular (row 1 + row 3 = 2 * row 2), but 1/7 and 4/7
    // are not exact in binary: U[2, 2] comes out as rounding noise of order u * max|U|, not 0. A test
    // for exactly 0.0 misses it; the threshold n * eps * max|U| = 3 * 2.2e-16 * 9 = 6e-15 catches it.
    const Matrix numerically{{1, 2, 3}, {4, 5, 6}, {7, 8, 9}};
    EXPECT_TRUE(ThrowsInvalidArgument([&] { lu_solve(lu_decompose(numerically), Vector{{1, 1, 1}}); }, {"singular"}))
        << "A = [[1, 2, 3], [4, 5, 6], [7, 8, 9]]: compare |U[k, k]| with n * eps * max|U|, not with 0.0";
}

TEST(LuSolve, RefusesWrongSizeOfB) {
    const LuDecomposition lu = lu_decompose(A2);
    EXPECT_TRUE(AllClose(lu_solve(lu, Vector{{4, 2, 8}}), Vector{{1, -1, 2}}, kExact)) << course::testing::kValidCallFirst;  // valid first
    EXPECT_TRUE(ThrowsInvalidArgument([&] { lu_solve(lu, Vector{{1, 2}}); }, {"2", "3"}));
}

TEST(Determinant, MatchesHandWorkedCasesIncludingSign) {
    // Each value is derived in the comments of A1, A2, A3 above; [[0, 1], [1, 0]] swaps two rows of
    // the identity, so its determinant is -1. An odd number of row swaps makes the sign negative.
    struct Case { const char* name; Matrix A; double det; };
    const std::vector<Case> cases = {
        {"[[-3]]", Matrix{{-3}}, -3.0},
        {"[[0, 1], [1, 0]]", Matrix{{0, 1}, {1, 0}}, -1.0},
        {"A1 = [[0, 2], [3, 1]] (one swap)", A1, -6.0},
        {"A2 = [[0, 2, 3], [2, 4, 2], [1, 3, 5]] (one swap)", A2, -10.0},
        {"A3 = [[0, 1, 3], [2, 4, 2], [1, 4, 5]] (two swaps)", A3, 4.0},
    };
    for (const Case& c : cases) {
        const double got = determinant(c.A);
        EXPECT_NEAR(got, c.det, 8 * u * std::abs(c.det))
            << c.name << (got == -c.det ? ": the sign is flipped; det(P) = -1 for each row swap" : "");
    }
}

TEST(Determinant, MatchesEigenOnRandomMatrices) {
    for (int n : {1, 2, 7, 31, 64, 100}) {
        const std::uint64_t seed = 6000 + n;
        const Matrix A = random_matrix(n, n, seed);
        const double want = eigen_solvers::lu_determinant(A);
        // Each factorization is exact for some A + dA with ||dA||_2 <= eta ||A||_2 (as in
        // LuSolve.MatchesEigenOnRandomSystems). det(A + dA) / det(A) = det(I + A^-1 dA) is a product
        // of n factors (1 + mu_i) with |mu_i| <= kappa * eta, so the relative error is about
        // n * kappa * eta, twice for two factorizations, plus n roundings in the product of pivots.
        const double kappa = cond2(A);
        const double eta = gamma_bound(n) * eigen_factor_norms(A) / norm2(A);
        const double rtol = 2.2 * n * kappa * eta + 2.0 * gamma_bound(n);
        const double got = determinant(A);
        EXPECT_NEAR(got, want, rtol * std::abs(want))
            << "n = " << n << ", seed " << seed
            << (std::abs(got + want) <= rtol * std::abs(want) ? ": the sign is flipped; apply det(P) = sign" : "");
    }
}

TEST(Determinant, IsZeroForSingularMatrices) {
    // Elimination on these is exact (see LuDecompose.DoesNotThrowForSingularMatrices), so U has an
    // exact 0 on its diagonal and det = 0 exactly; determinant() must not throw.
    EXPECT_EQ(determinant(Matrix{{1, 2}, {2, 4}}), 0.0) << "[[1, 2], [2, 4]]: row 2 = 2 * row 1";
    EXPECT_EQ(determinant(Matrix{{0, 1, 2}, {0, 3, 4}, {0, 5, 6}}), 0.0) << "a zero column";
    EXPECT_EQ(determinant(Matrix{{1, 2, 3}, {4, 5, 6}, {1, 2, 3}}), 0.0) << "two equal rows";
    EXPECT_EQ(determinant(Matrix::Zero(3, 3)), 0.0) << "the zero matrix";
}

TEST(Determinant, RefusesNonSquareMatrix) {
    EXPECT_NEAR(determinant(A3), 4.0, 32 * u) << course::testing::kValidCallFirst;  // valid input first
    EXPECT_TRUE(ThrowsInvalidArgument([] { determinant(Matrix::Ones(3, 2)); }, {"3 x 2", "square"}));
}

TEST(Inverse, MatchesHandWorked2x2) {
    // A1 = [[0, 2], [3, 1]], det = -6: A^-1 = (1 / det) [[1, -2], [-3, 0]] = [[-1/6, 1/3], [1/2, 0]].
    const Matrix want{{-1.0 / 6.0, 1.0 / 3.0}, {0.5, 0.0}};
    EXPECT_TRUE(AllClose(inverse(A1), want, {8 * u, 8 * u})) << "A = [[0, 2], [3, 1]]";
}

TEST(Inverse, TimesAIsIdentity) {
    for (int n : {1, 2, 7, 31, 64}) {
        const std::uint64_t seed = 7000 + n;
        const Matrix A = random_matrix(n, n, seed);
        const Matrix X = inverse(A);
        // Column j of X solves (A + dA_j) x_j = e_j (Higham, Theorem 9.4), so A X - I = -[dA_j x_j]
        // and ||A X - I||_F <= gamma_3n ||L||_F ||U||_F ||X||_F; forming A X here adds
        // gamma_n ||A||_F ||X||_F. X A - I = A^-1 (A X - I) A is up to kappa times larger.
        const double right = (gamma_bound(3 * n) * eigen_factor_norms(A) + gamma_bound(n) * A.norm()) * X.norm();
        const Matrix I = Matrix::Identity(n, n);
        EXPECT_TRUE(AllClose(Matrix(A * X), I, {right, 0.0})) << "A X = I, n = " << n << ", seed " << seed;
        EXPECT_TRUE(AllClose(Matrix(X * A), I, {cond2(A) * right, 0.0})) << "X A = I, n = " << n << ", seed " << seed;
    }
}

TEST(Inverse, RefusesSingularMatrix) {
    EXPECT_TRUE(AllClose(Matrix(inverse(A3) * A3), Matrix::Identity(3, 3), {64 * u, 0.0})) << course::testing::kValidCallFirst;  // valid input first
    EXPECT_TRUE(ThrowsInvalidArgument([] { inverse(Matrix{{1, 2}, {2, 4}}); }, {"singular"}))
        << "A = [[1, 2], [2, 4]] (row 2 = 2 * row 1)";
    EXPECT_TRUE(ThrowsInvalidArgument([] { inverse(Matrix{{1, 2, 3}, {4, 5, 6}, {7, 8, 9}}); }, {"singular"}))
        << "A = [[1, 2, 3], [4, 5, 6], [7, 8, 9]] is singular; its U[2, 2] is rounding noise, not 0.0";
}

TEST(Inverse, RefusesNonSquareMatrix) {
    EXPECT_TRUE(AllClose(Matrix(inverse(A3) * A3), Matrix::Identity(3, 3), {64 * u, 0.0})) << course::testing::kValidCallFirst;  // valid input first
    EXPECT_TRUE(ThrowsInvalidArgument([] { inverse(Matrix::Ones(2, 4)); }, {"2 x 4", "square"}));
}

// The scales of the checklist (docs/adding-a-module.md, 4a). Partial pivoting compares entries of
// one column, and the singularity test is relative to max|U|, so the factors of c A are P, L and
// c U at every scale: 1e-160 and 1e160 lie beyond where a sum of squares under- or overflows.
const std::vector<double> kScales = {1e-160, 1e-150, 1e-15, 1.0, 1e15, 1e150, 1e160};

// A3's inverse, by cofactors: adj(A3) / det(A3) with det = 4 (derived with exact fractions).
const Matrix A3_inverse{{3, 1.75, -2.5}, {-2, -0.75, 1.5}, {1, 0.25, -0.5}};

// lu_forward_bounds: how far computed factors of P A = L U may lie from L and U, entry by entry,
// when they are exact for P A + dA with |dA| <= G. From (L + dL)(U + dU) = P A + dA, to first order
// L^-1 dA U^-1 = L^-1 dL + dU U^-1, a strictly lower plus an upper triangular matrix, so
//     |dL| <= |L| tril(|L^-1| G |U^-1|, -1),   |dU| <= triu(|L^-1| G |U^-1|) |U|
// (first-order perturbation theory of the LU factors; Higham, 2nd ed., chapter 9). Returns
// {bound on dL, bound on dU}.
std::pair<Matrix, Matrix> lu_forward_bounds(const Matrix& L, const Matrix& U, const Matrix& G) {
    const Matrix I = Matrix::Identity(L.rows(), L.cols());
    const Matrix Linv = L.triangularView<Eigen::UnitLower>().solve(I), Uinv = U.triangularView<Eigen::Upper>().solve(I);
    const Matrix X = Linv.cwiseAbs() * G * Uinv.cwiseAbs();
    const Matrix lower = X.triangularView<Eigen::StrictlyLower>(), upper = X.triangularView<Eigen::Upper>();
    return {L.cwiseAbs() * lower, upper * U.cwiseAbs()};
}

TEST(LuDecompose, IsScaleInvariant) {
    // c A3 = P^T L3 (c U3): the same pivots and multipliers at every scale. The tolerances hold for
    // every correct order of the operations (right-looking, Crout or Doolittle, a multiplier taken
    // as a * (1 / pivot)): c A3 rounds each entry once (u c |A3|), and any of them is exact for its
    // input plus E with |E| <= gamma_n |L| |U| (Higham, Theorem 9.3). lu_forward_bounds turns
    // G = c (u |P A3| + gamma_n |L3| |U3|) into bounds on the factors (L's does not scale with c,
    // U's does); 1.1 covers the second-order terms (kappa(A3) u ~ 1e-14), and c U3 rounds once
    // more in the test (u c |U3|). The largest entries are 13 u for L and 194 u c for U; a wrong
    // pivot or multiplier is off by O(1) in L or O(c) in U.
    const Matrix PA3 = rows_of(A3, {1, 2, 0});
    const Matrix G = u * PA3.cwiseAbs() + gamma_bound(3) * L3.cwiseAbs() * U3.cwiseAbs();
    const auto [dL, dU] = lu_forward_bounds(L3, U3, G);
    const double l_atol = 1.1 * dL.maxCoeff(), u_atol = (1.1 * dU + u * U3.cwiseAbs()).maxCoeff();
    ForEachScale(kScales, [&](const double c) {
        const Matrix A = c * A3;
        const LuDecomposition lu = lu_decompose(A);
        ASSERT_TRUE(IsValidLu(lu, A)) << "A3 times " << c;
        EXPECT_EQ(lu.perm, (std::vector<int>{1, 2, 0})) << "A3 times " << c << ": the pivots do not depend on the scale";
        EXPECT_TRUE(AllClose(lu.L, L3, {l_atol, 0.0})) << "A3 times " << c;
        EXPECT_TRUE(AllClose(lu.U, Matrix(c * U3), {c * u_atol, 0.0})) << "A3 times " << c << ": U is c U3";
    });
}

TEST(LuSolve, SingularityTestIsRelativeAtEveryScale) {
    // A3 is well conditioned at every scale, [[1, 2, 3], [4, 5, 6], [7, 8, 9]] is singular at every
    // scale: a test of |U[k, k]| against a fixed number (n * eps, say) refuses c A3 for small c and
    // accepts the singular matrix for large c.
    const Matrix singular{{1, 2, 3}, {4, 5, 6}, {7, 8, 9}};
    EXPECT_TRUE(AllClose(lu_solve(lu_decompose(A3), Vector{{4, 8, 10}}), Vector{{1, 1, 1}}, kExact))
        << course::testing::kValidCallFirst;
    ForEachScale(kScales, [&](const double c) {
        // A3 (1, 1, 1) = (4, 8, 10); c A3 x = c (4, 8, 10) has x = (1, 1, 1). The solve rounds a few
        // times per entry and kappa(A3) is about 30: 64 kappa u is generous.
        const Vector b = c * Vector{{4, 8, 10}};
        EXPECT_TRUE(AllClose(lu_solve(lu_decompose(c * A3), b), Vector::Ones(3), {64 * 30 * u, 0.0}))
            << "c A3 x = c A3 (1, 1, 1), c = " << c << ": compare the pivots with n * eps * max|U|, not a fixed number";
        EXPECT_TRUE(ThrowsInvalidArgument([&] { lu_solve(lu_decompose(c * singular), b); }, {"singular"}))
            << "[[1, 2, 3], [4, 5, 6], [7, 8, 9]] times " << c << " is singular";
    });
}

TEST(LuSolve, ComparesThePivotsWithNTimesEpsTimesMaxU) {
    // diag(1, 1, d) is already L U (L = I, U = diag(1, 1, d)) and max|U| = 1, so the contract's
    // threshold is n * eps * max|U| = 3 eps. d = 1.1 * 3 eps passes and x = (1, 1, 1 / d) exactly;
    // d = 0.9 * 3 eps is refused. A threshold with another constant or without max|U| fails one side.
    const double eps = std::numeric_limits<double>::epsilon();
    ForEachScale({1e-100, 1.0, 1e100}, [&](const double scale) {
        const double above = 1.1 * 3 * eps, below = 0.9 * 3 * eps;
        const Vector b = scale * Vector::Ones(3);
        const Vector x = lu_solve(lu_decompose(Matrix(scale * Vector{{1, 1, above}}.asDiagonal())), b);
        EXPECT_TRUE(AllClose(x, Vector{{1, 1, 1 / above}}, {0.0, 4 * u}))
            << "diag(1, 1, 3.3 eps) times " << scale << ": its pivot is above n * eps * max|U| = 3 eps times "
            << scale << ", so it is not singular";
        EXPECT_TRUE(ThrowsInvalidArgument(
            [&] { lu_solve(lu_decompose(Matrix(scale * Vector{{1, 1, below}}.asDiagonal())), b); }, {"singular"}))
            << "diag(1, 1, 2.7 eps) times " << scale << ": its pivot is below n * eps * max|U|";
    });
}

TEST(Inverse, IsScaleInvariant) {
    // (c A)^-1 = A^-1 / c: at 1e160 the inverse's entries are near 1e-160, still normal numbers.
    ForEachScale(kScales, [&](const double c) {
        EXPECT_TRUE(AllClose(inverse(c * A3), Matrix(A3_inverse / c), {0.0, 64 * 30 * u}))
            << "the inverse of A3 times " << c << " is A3's inverse divided by " << c;
    });
}

TEST(Determinant, ScalesLikeCToTheN) {
    // det(c A1) = c^2 det(A1) = -6 c^2: representable for |log10 c| <= 150 (the product overflows
    // beyond, as the header warns). Two roundings of c A1 and two products: 8 u relative.
    ForEachScale({1e-150, 1e-15, 1.0, 1e15, 1e150}, [&](const double c) {
        EXPECT_NEAR(determinant(c * A1), -6 * c * c, 8 * u * 6 * c * c) << "det of A1 times " << c;
    });
}

TEST(Inverse, FactorsAOnce) {
    // The contract: one factorization, then n solves. lu_decompose starts with
    // check_lu_decompose_input, which counts its calls (lu.hpp, lu_decompositions_started).
    const Matrix A = random_matrix(12, 12, 7012);
    const long before = lu_decompositions_started;
    const Matrix X = inverse(A);
    EXPECT_TRUE(FactorizationsBetween(lu_decompositions_started - before, 1, 1, "inverse",
                                      "for a 12 x 12 matrix, factor A once and reuse the factors for the 12 "
                                      "columns, do not factor per column"));
    EXPECT_TRUE(AllClose(Matrix(A * X), Matrix::Identity(12, 12), {1e-10, 0.0}))
        << "A X = I, n = 12, seed 7012 (not about the count: the inverse itself is wrong)";
}

TEST(Determinant, FactorsAOnce) {
    const long before = lu_decompositions_started;
    EXPECT_NEAR(determinant(A3), 4.0, 8 * u * 4) << "det(A3) = 4 (not about the count: the value is wrong)";
    EXPECT_TRUE(FactorizationsBetween(lu_decompositions_started - before, 1, 1, "determinant",
                                      "one factorization gives det(A) = sign * prod U[k, k]"));
}

TEST(LuSolve, DoesNotFactorAgain) {
    // lu_solve works from the factors it is given: 2 n^2 flops, no factorization.
    const LuDecomposition lu = lu_decompose(A3);
    const long before = lu_decompositions_started;
    EXPECT_TRUE(AllClose(lu_solve(lu, Vector{{4, 8, 10}}), Vector::Ones(3), kExact));
    EXPECT_EQ(lu_decompositions_started - before, 0) << "lu_solve must use the factors it is given";
}

TEST(LuSolve, RefusesFactorsThatDoNotFitTogether) {
    // Factors edited by hand (or from two different matrices): a perm, L or U of the wrong size would
    // index past the end of a row or of b. lu_solve refuses them, naming what it got.
    const LuDecomposition lu = lu_decompose(A2);
    EXPECT_TRUE(AllClose(lu_solve(lu, Vector{{4, 2, 8}}), Vector{{1, -1, 2}}, kExact)) << course::testing::kValidCallFirst;
    LuDecomposition short_perm = lu;
    short_perm.perm.pop_back();
    EXPECT_TRUE(ThrowsInvalidArgument([&] { lu_solve(short_perm, Vector{{4, 2, 8}}); }, {"perm", "2"}))
        << "perm has 2 entries for 3 x 3 factors";
    LuDecomposition small_L = lu;
    small_L.L = Matrix::Identity(2, 2);
    EXPECT_TRUE(ThrowsInvalidArgument([&] { lu_solve(small_L, Vector{{4, 2, 8}}); }, {"L is 2 x 2"}))
        << "L is 2 x 2, U is 3 x 3";
    LuDecomposition wide_U = lu;
    wide_U.U = Matrix::Identity(3, 4);
    EXPECT_TRUE(ThrowsInvalidArgument([&] { lu_solve(wide_U, Vector{{4, 2, 8}}); }, {"U is 3 x 4"}))
        << "U is 3 x 4";
}

TEST(LuSolve, ChecksEveryPivotAgainstTheLargestEntryOfU) {
    // Diagonal matrices are their own U (L = I, no swaps), so each case sets the pivots directly.
    // n = 3 and eps = 2^-52, so n * eps * max|U| is exact in binary.
    const double eps = std::numeric_limits<double>::epsilon();
    const Vector b = Vector::Ones(3);
    const auto solve_diagonal = [&](const Vector& d) { return lu_solve(lu_decompose(Matrix(d.asDiagonal())), b); };
    EXPECT_TRUE(AllClose(solve_diagonal(Vector{{1, 0.5, 4 * eps}}), Vector{{1, 2, 0.25 / eps}}, {0.0, 4 * u}))
        << course::testing::kValidCallFirst;
    // A pivot exactly at the threshold is refused: the contract says |U[k, k]| <= n eps max|U|.
    EXPECT_TRUE(ThrowsInvalidArgument([&] { solve_diagonal(Vector{{1, 1, 3 * eps}}); }, {"singular"}))
        << "diag(1, 1, 3 eps): U[2, 2] = 3 eps equals n * eps * max|U| exactly, which counts as singular";
    // The first pivot is checked too: diag(2 eps, 1, 1) has max|U| = 1 and U[0, 0] = 2 eps < 3 eps.
    EXPECT_TRUE(ThrowsInvalidArgument([&] { solve_diagonal(Vector{{2 * eps, 1, 1}}); }, {"singular", "U[0, 0]"}))
        << "diag(2 eps, 1, 1): the pivot U[0, 0] is below the threshold";
    // max|U| is over all of U, row 0 included: diag(1, 0.5, 2 eps) has threshold 3 eps * 1, not 3 eps * 0.5.
    EXPECT_TRUE(ThrowsInvalidArgument([&] { solve_diagonal(Vector{{1, 0.5, 2 * eps}}); }, {"singular", "U[2, 2]"}))
        << "diag(1, 0.5, 2 eps): max|U| = 1 is in row 0, so the threshold is 3 eps and U[2, 2] = 2 eps is below it";
}

}  // namespace
}  // namespace course::linear_algebra
