// Tests for the symmetric eigendecomposition by cyclic Jacobi
// (modules/linear_algebra/learner/symmetric_eigen.cpp).
//
// Oracles: a 2x2 case worked by hand; matrices built with chosen eigenvalues (random_symmetric);
// Eigen's SelfAdjointEigenSolver on seeded random matrices; the properties V^T V = I and
// A = V diag(values) V^T. Bad-input tests first call the function on valid input, so that a stub
// shows "not started".
//
// Tolerances. Jacobi is backward stable: the computed eigenvalues are the exact ones of A + E with
// ||E||_2 <= c n u ||A||_2, c a small constant (each entry sees about 2n rotations per sweep, each
// rounding at the level u), and by Weyl's theorem every eigenvalue moves by at most ||E||_2. Jacobi
// is in fact often more accurate still (Demmel & Veselic 1992); the tests only ask for the
// absolute bound. Stopping when off(A) <= tol ||A||_F adds at most tol ||A||_F (Weyl again, the
// remaining off-diagonal part has 2-norm <= off(A)). Hence the budget
//     |lambda_i - lambda_i^computed| <= tol ||A||_F + 8 n u ||A||_2
// and the accuracy tests pass tol = 1e-14 to make the first term comparable to the second.
#include "linear_algebra/symmetric_eigen.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>
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
using course::testing::unit_roundoff;

constexpr double u = unit_roundoff<double>();
constexpr double kAccurateTol = 1e-14;  // the stopping tolerance the accuracy tests pass

// eigenvalue_budget: tol ||A||_F for stopping plus 8 n u ||A||_2 for rounding (see the top).
double eigenvalue_budget(const Matrix& A, double tol) {
    const double norm2 = A.cwiseAbs().rowwise().sum().maxCoeff();  // ||A||_inf >= ||A||_2
    return tol * A.norm() + 8.0 * double(A.rows()) * u * norm2;
}

// orthogonality_hint: a few words on what a failing V^T V = I usually means.
constexpr const char* kOrthogonalityHint =
    "V^T V != I: accumulate V <- V J with the same (c, s) as the rotation of A, and start from V = I";

// chosen_spectrum: n eigenvalues in [-2, 3] with a repeated pair and negative values.
Vector chosen_spectrum(int n) {
    Vector lambda(n);
    for (int i = 0; i < n; ++i) lambda(i) = n == 1 ? -0.5 : 3.0 - 5.0 * double(i) / double(n - 1);
    if (n >= 4) lambda(n - 1) = lambda(n - 2);  // a repeated (negative) eigenvalue
    if (n >= 6) lambda(1) = lambda(2) = lambda(3);  // and a triple one
    return lambda;
}

Vector sorted_ascending(Vector v) {
    std::sort(v.data(), v.data() + v.size());
    return v;
}

// order_hint: names the likely bug when the values come back unsorted.
std::string order_hint(const Vector& values) {
    if (std::is_sorted(values.data(), values.data() + values.size())) return "";
    return "; the values are not ascending: sort them and move the columns of V with them";
}

TEST(SymmetricEigen, MatchesHandWorked2x2) {
    // A = [[2, 1], [1, 2]]: det(A - l I) = (2 - l)^2 - 1 = 0 gives l = 1 and l = 3.
    // (A - I) v = 0 gives v = (1, -1) / sqrt(2); (A - 3 I) v = 0 gives v = (1, 1) / sqrt(2).
    // The single rotation has theta = (2 - 2) / (2 * 1) = 0, t = 1, c = s = 1 / sqrt(2): one sweep.
    Matrix A(2, 2);
    A << 2, 1, 1, 2;
    const SymmetricEigen e = symmetric_eigen(A);
    EXPECT_TRUE(AllClose(e.values, Vector{{1.0, 3.0}}, {4 * u * 3, 0.0})) << "eigenvalues of [[2, 1], [1, 2]]";
    const double r = 1.0 / std::sqrt(2.0);
    const Matrix want = (Matrix(2, 2) << r, r, -r, r).finished();  // columns (1, -1)/sqrt2 and (1, 1)/sqrt2
    Matrix V = e.vectors;
    ASSERT_EQ(V.rows(), 2);
    ASSERT_EQ(V.cols(), 2);
    for (int j = 0; j < 2; ++j)  // an eigenvector's sign is arbitrary: align it with the expected one
        if (V.col(j).dot(want.col(j)) < 0) V.col(j) *= -1.0;
    EXPECT_TRUE(AllClose(V, want, {8 * u, 0.0})) << "column j of vectors belongs to values[j]";
    EXPECT_EQ(e.sweeps, 1) << "one rotation diagonalizes a 2x2 matrix exactly: count a sweep only when it ran";
}

TEST(SymmetricEigen, DiagonalInputNeedsNoRotation) {
    // A diagonal matrix is its own eigendecomposition: values are the diagonal, sorted, exactly;
    // V is a permutation matrix. No arithmetic touches the values, so they match bit for bit.
    Matrix A = Matrix::Zero(5, 5);
    A.diagonal() << 3.0, -1.0, 2.0, -1.0, 0.5;
    const SymmetricEigen e = symmetric_eigen(A);
    EXPECT_TRUE(AllClose(e.values, Vector{{-1.0, -1.0, 0.5, 2.0, 3.0}}, {0.0, 0.0}))
        << "the diagonal of a diagonal matrix, ascending";
    EXPECT_LE(e.sweeps, 1) << "off(A) = 0 already: at most one (empty) sweep";
    EXPECT_TRUE(AllClose(Matrix(e.vectors.cwiseAbs() * e.vectors.cwiseAbs().transpose()), Matrix::Identity(5, 5),
                         {0.0, 0.0}))
        << "V should be a permutation matrix (entries 0 and +-1) for a diagonal A";
    const Matrix one = Matrix::Constant(1, 1, -4.25);
    const SymmetricEigen e1 = symmetric_eigen(one);
    EXPECT_EQ(e1.values(0), -4.25) << "n = 1";
    EXPECT_EQ(std::abs(e1.vectors(0, 0)), 1.0) << "n = 1";
}

TEST(SymmetricEigen, FindsChosenEigenvalues) {
    for (int n : {1, 2, 3, 4, 7, 16, 31, 50}) {
        const Vector lambda = chosen_spectrum(n);
        const std::uint64_t seed = 100 + n;
        const Matrix A = random_symmetric(lambda, seed);  // A = Q diag(lambda) Q^T, Q random orthogonal
        const SymmetricEigen e = symmetric_eigen(A, kAccurateTol);
        // random_symmetric rounds too: A is within about n u max|lambda| of the exact Q diag Q^T,
        // inside the 8 n u ||A|| part of the budget.
        EXPECT_TRUE(AllClose(e.values, sorted_ascending(lambda), {eigenvalue_budget(A, kAccurateTol), 0.0}))
            << "n = " << n << ", seed " << seed << ": eigenvalues in [-2, 3], repeated ones included"
            << order_hint(e.values);
        // Jacobi converges quadratically: cyclic sweeps need about log2 of the digits wanted, ~10.
        EXPECT_LE(e.sweeps, 15) << "n = " << n << ", seed " << seed
                                << ": too many sweeps; is every pair p < q rotated in each sweep?";
    }
}

TEST(SymmetricEigen, ValuesAreAscending) {
    for (int n : {3, 8, 29}) {
        const std::uint64_t seed = 200 + n;
        const Matrix B = random_matrix(n, n, seed);
        const Matrix A = (B + B.transpose()) / 2.0;
        const SymmetricEigen e = symmetric_eigen(A);
        ASSERT_EQ(e.values.size(), n) << "n = " << n;
        for (int i = 1; i < n; ++i)
            EXPECT_LE(e.values(i - 1), e.values(i))
                << "n = " << n << ", seed " << seed << ": values[" << i - 1 << "] > values[" << i
                << "]; sort the eigenvalues ascending and move the columns of V with them";
    }
}

TEST(SymmetricEigen, VectorsAreOrthonormal) {
    for (int n : {2, 5, 17, 40}) {
        const std::uint64_t seed = 300 + n;
        const Matrix B = random_matrix(n, n, seed);
        const SymmetricEigen e = symmetric_eigen((B + B.transpose()) / 2.0);
        ASSERT_EQ(e.vectors.rows(), n);
        ASSERT_EQ(e.vectors.cols(), n);
        // V is a product of about 10 sweeps of rotations; each entry sees 2(n - 1) of them per
        // sweep, each rounding at the level u, and the errors add like a random walk: measured
        // |V^T V - I| stays below 3 n u; 10 n u leaves room without letting a real bug through.
        const Matrix gram = e.vectors.transpose() * e.vectors;
        EXPECT_TRUE(AllClose(gram, Matrix::Identity(n, n), {10.0 * n * u, 0.0}))
            << "n = " << n << ", seed " << seed << ": " << kOrthogonalityHint;
    }
}

TEST(SymmetricEigen, ReconstructsA) {
    for (int n : {1, 2, 6, 13, 37}) {
        const std::uint64_t seed = 400 + n;
        const Matrix B = random_matrix(n, n, seed);
        const Matrix A = (B + B.transpose()) / 2.0;
        const SymmetricEigen e = symmetric_eigen(A);  // the default tol = 1e-12
        const Matrix rebuilt = e.vectors * e.values.asDiagonal() * e.vectors.transpose();
        // ||A - V L V^T||_F <= off(A) at the stop (<= tol ||A||_F) + the rounding c n u ||A||.
        const double tol = 1e-12 * A.norm() + 8.0 * n * u * A.norm();
        EXPECT_TRUE(AllClose(rebuilt, A, {tol, 0.0}))
            << "n = " << n << ", seed " << seed
            << ": A != V diag(values) V^T. If V^T V = I holds, the rotation is not a similarity: "
               "apply it to both sides, A <- J^T A J (rows p, q and columns p, q)";
    }
}

TEST(SymmetricEigen, MatchesEigenSelfAdjointSolver) {
    for (int n : {2, 3, 9, 24, 45}) {
        const std::uint64_t seed = 500 + n;
        const Matrix B = random_matrix(n, n, seed);
        const Matrix A = (B + B.transpose()) / 2.0;
        const SymmetricEigen e = symmetric_eigen(A, kAccurateTol);
        const eigen_solvers::SymmetricEigenpairs oracle = eigen_solvers::symmetric_eigenpairs(A);  // ascending
        // Both are backward stable, so they agree to twice the budget.
        const double budget = 2.0 * eigenvalue_budget(A, kAccurateTol);
        EXPECT_TRUE(AllClose(e.values, oracle.values, {budget, 0.0}))
            << "n = " << n << ", seed " << seed << order_hint(e.values);
        // An eigenvector moves by at most ||E|| / gap (Davis-Kahan): compare only those whose
        // eigenvalue is well separated from the others, each up to its arbitrary sign.
        ASSERT_EQ(e.vectors.cols(), n);
        for (int j = 0; j < n; ++j) {
            double gap = INFINITY;
            for (int i = 0; i < n; ++i)
                if (i != j) gap = std::min(gap, std::abs(oracle.values(i) - oracle.values(j)));
            if (gap < 1e-3) continue;
            Vector v = e.vectors.col(j);
            const Vector want = oracle.vectors.col(j);
            if (v.dot(want) < 0) v = -v;
            EXPECT_TRUE(AllClose(v, want, {2.0 * budget / gap, 0.0}))
                << "eigenvector " << j << " (eigenvalue " << oracle.values(j) << ", gap " << gap
                << "), n = " << n << ", seed " << seed;
        }
    }
}

TEST(SymmetricEigen, ThrowsRuntimeErrorWhenSweepsRunOut) {
    const Matrix B = random_matrix(12, 12, 600);
    const Matrix A = (B + B.transpose()) / 2.0;
    EXPECT_NO_THROW(symmetric_eigen(A)) << course::testing::kValidCallFirst;  // valid input first
    try {
        symmetric_eigen(A, 1e-12, 1);  // one sweep cannot reach 1e-12 on a random 12 x 12 matrix
        ADD_FAILURE() << "symmetric_eigen(A, 1e-12, max_sweeps = 1) returned; it should throw std::runtime_error "
                         "when off(A) is still above tol * ||A||_F after max_sweeps sweeps";
    } catch (const std::invalid_argument& error) {
        ADD_FAILURE() << "threw std::invalid_argument (" << error.what()
                      << "); not converging is not the caller's mistake: throw std::runtime_error";
    } catch (const std::runtime_error& error) {
        EXPECT_NE(std::string(error.what()).find("off"), std::string::npos)
            << "the message \"" << error.what() << "\" should name off(A), how far from diagonal A still is";
    }
}

TEST(SymmetricEigen, RefusesNonSquareOrEmptyMatrix) {
    EXPECT_EQ(symmetric_eigen(Matrix::Identity(2, 2)).values.size(), 2) << course::testing::kValidCallFirst;  // valid input first
    EXPECT_TRUE(ThrowsInvalidArgument([] { symmetric_eigen(Matrix::Zero(2, 3)); }, {"2", "3"}));
    EXPECT_TRUE(ThrowsInvalidArgument([] { symmetric_eigen(Matrix(0, 0)); }, {"0"}));
}

TEST(SymmetricEigen, RefusesNonSymmetricMatrixNamingTheWorstPair) {
    Matrix A = Matrix::Identity(4, 4);
    A(1, 3) = A(3, 1) = 0.5;
    EXPECT_EQ(symmetric_eigen(A).values.size(), 4) << course::testing::kValidCallFirst;  // valid input first
    A(0, 2) = 0.25;  // A[2, 0] stays 0; this pair is off by far the most
    A(3, 1) = 0.5 + 1e-9;
    EXPECT_TRUE(ThrowsInvalidArgument([&] { symmetric_eigen(A); }, {"symmetric", "0.25"}))
        << "name the worst pair: the entries A[i, j] and A[j, i] whose difference is largest";
    // Rounding-level asymmetry (far below 64 n eps max|A|) is accepted.
    Matrix B = Matrix::Identity(4, 4);
    B(1, 3) = 0.5;
    B(3, 1) = 0.5 + 2 * u;
    EXPECT_NO_THROW(symmetric_eigen(B)) << "an asymmetry of 2u is rounding, not a wrong input";
}

TEST(SymmetricEigen, RefusesNonFiniteEntries) {
    Matrix A = Matrix::Identity(3, 3);
    EXPECT_EQ(symmetric_eigen(A).values.size(), 3) << course::testing::kValidCallFirst;  // valid input first
    A(1, 2) = A(2, 1) = std::numeric_limits<double>::quiet_NaN();
    EXPECT_TRUE(ThrowsInvalidArgument([&] { symmetric_eigen(A); }, {"nan"}))
        << "a NaN never converges: refuse it up front";
    A(1, 2) = A(2, 1) = INFINITY;
    EXPECT_TRUE(ThrowsInvalidArgument([&] { symmetric_eigen(A); }, {"inf"}));
}

// The scales of the checklist (docs/adding-a-module.md, 4a): the eigenvalues of c A are c times
// those of A, with the same vectors, and the stopping rule off(A) <= tol ||A||_F is relative. At
// 1e-160 and 1e160 the sums of squares behind off(A) and ||A||_F under- or overflow in units of 1:
// then off(A) = 0 stops before any rotation, or inf never stops.
const std::vector<double> kScales = {1e-160, 1e-150, 1e-15, 1.0, 1e15, 1e150, 1e160};

TEST(SymmetricEigen, IsScaleInvariant) {
    const Vector lambda = chosen_spectrum(7);
    const Matrix A = random_symmetric(lambda, 107);
    ForEachScale(kScales, [&](const double c) {
        const Matrix cA = c * A;
        const SymmetricEigen e = symmetric_eigen(cA, kAccurateTol);
        // The budget of FindsChosenEigenvalues, scaled by c (c A rounds once more: inside 8 n u).
        EXPECT_TRUE(AllClose(e.values, Vector(c * sorted_ascending(lambda)), {c * eigenvalue_budget(A, kAccurateTol), 0.0}))
            << "eigenvalues of c A, c = " << c << ", n = 7, seed 107: c times the chosen ones";
        const Matrix rebuilt = e.vectors * e.values.asDiagonal() * e.vectors.transpose();
        EXPECT_TRUE(AllClose(rebuilt, cA, {c * (kAccurateTol + 8.0 * 7 * u) * A.norm(), 0.0}))
            << "A = V diag(values) V^T at c = " << c;
    });
}

TEST(SymmetricEigen, LooserTolStopsEarlierAndWithinTol) {
    // tol is tested once per sweep against off(A) / ||A||_F: a loose tol stops after fewer sweeps than
    // a tight one, and what is left off the diagonal, ||A - V diag(values) V^T||_F (V orthogonal), is
    // at most tol ||A||_F plus the rounding.
    const Matrix B = random_matrix(12, 12, 610);
    const Matrix A = (B + B.transpose()) / 2.0;
    const SymmetricEigen tight = symmetric_eigen(A, 1e-14);
    for (const double tol : {0.3, 1e-2}) {
        const SymmetricEigen loose = symmetric_eigen(A, tol);
        EXPECT_LT(loose.sweeps, tight.sweeps) << "tol = " << tol << " vs 1e-14, n = 12, seed 610: tol must be used";
        const Matrix rebuilt = loose.vectors * loose.values.asDiagonal() * loose.vectors.transpose();
        EXPECT_LE((rebuilt - A).norm(), (tol + 8.0 * 12 * u) * A.norm())
            << "tol = " << tol << ": off(A) <= tol ||A||_F at the stop";
    }
}

TEST(SymmetricEigen, MaxSweepsIsReachedExactly) {
    // The sweeps a random 12 x 12 matrix needs, S, reported by the function: max_sweeps = S is enough,
    // max_sweeps = S - 1 is not (std::runtime_error).
    const Matrix B = random_matrix(12, 12, 620);
    const Matrix A = (B + B.transpose()) / 2.0;
    const int needed = symmetric_eigen(A).sweeps;
    ASSERT_GE(needed, 2) << "a random 12 x 12 matrix needs several sweeps";
    EXPECT_EQ(symmetric_eigen(A, 1e-12, needed).sweeps, needed) << "max_sweeps = " << needed << " is enough";
    EXPECT_THROW(symmetric_eigen(A, 1e-12, needed - 1), std::runtime_error)
        << "max_sweeps = " << needed - 1 << ": one sweep short of the " << needed << " needed";
    // A diagonal matrix needs none: max_sweeps = 0 is allowed and enough.
    const Matrix D = Vector{{2.0, -1.0, 0.5}}.asDiagonal();
    EXPECT_TRUE(AllClose(symmetric_eigen(D, 1e-12, 0).values, Vector{{-1.0, 0.5, 2.0}}, {0.0, 0.0}))
        << "diag(2, -1, 0.5) with max_sweeps = 0: already diagonal";
}

TEST(SymmetricEigen, RefusesNonPositiveOrNanTolAndNegativeMaxSweeps) {
    const Matrix A = Matrix::Identity(3, 3);
    EXPECT_EQ(symmetric_eigen(A).values.size(), 3) << course::testing::kValidCallFirst;
    const double inf = std::numeric_limits<double>::infinity(), nan = std::numeric_limits<double>::quiet_NaN();
    for (const double tol : {0.0, -1e-12, -inf, nan})
        EXPECT_TRUE(ThrowsInvalidArgument([&] { symmetric_eigen(A, tol); }, {"tol"})) << "tol = " << tol;
    for (const int max_sweeps : {-1, std::numeric_limits<int>::min()})
        EXPECT_TRUE(ThrowsInvalidArgument([&] { symmetric_eigen(A, 1e-12, max_sweeps); }, {"max_sweeps"}))
            << "max_sweeps = " << max_sweeps;
}

TEST(SymmetricEigen, RepeatedEigenvaluesKeepAnOrthonormalBasis) {
    // c I and a matrix with one eigenvalue of multiplicity 5 out of 6: any orthonormal basis of the
    // eigenspace is right, so the test checks the whole result: V^T V = I and A V = V diag(values).
    const Matrix A = random_symmetric(Vector{{2, 2, 2, 2, 2, -1}}, 630);
    const SymmetricEigen e = symmetric_eigen(A, kAccurateTol);
    EXPECT_TRUE(AllClose(e.values, Vector{{-1, 2, 2, 2, 2, 2}}, {eigenvalue_budget(A, kAccurateTol), 0.0}));
    EXPECT_TRUE(AllClose(Matrix(e.vectors.transpose() * e.vectors), Matrix::Identity(6, 6), {60 * u, 0.0}))
        << kOrthogonalityHint;
    EXPECT_TRUE(AllClose(Matrix(A * e.vectors), Matrix(e.vectors * e.values.asDiagonal()),
                         {2 * eigenvalue_budget(A, kAccurateTol), 0.0}))
        << "A V = V diag(values) with eigenvalue 2 repeated 5 times";
}

TEST(SymmetricEigen, HandlesZeroAndEqualDiagonalEntries) {
    // Special points of the rotation. The zero matrix: off(A) = ||A||_F = 0, nothing to do (values 0,
    // V = I up to signs). [[0, 1], [1, 0]]: equal diagonal entries, theta = 0, a rotation by pi/4;
    // eigenvalues -1 and 1, vectors (1, -1) / sqrt2 and (1, 1) / sqrt2. [[1, 0, 0.5], [0, 1, 0],
    // [0.5, 0, 1]]: the pair (0, 1) has A[0, 1] = 0 and equal diagonal entries, theta = 0 / 0 if it
    // is rotated at all; eigenvalues 0.5, 1, 1.5 (the (0, 2) block is [[1, 0.5], [0.5, 1]]).
    const SymmetricEigen zero = symmetric_eigen(Matrix::Zero(3, 3));
    EXPECT_TRUE(AllClose(zero.values, Vector::Zero(3), {0.0, 0.0})) << "the zero matrix";
    EXPECT_TRUE(AllClose(Matrix(zero.vectors.transpose() * zero.vectors), Matrix::Identity(3, 3), {0.0, 0.0}))
        << "the zero matrix: V = I (or a signed permutation)";
    const Matrix swap{{0, 1}, {1, 0}};
    const SymmetricEigen e2 = symmetric_eigen(swap);
    EXPECT_TRUE(AllClose(e2.values, Vector{{-1, 1}}, {4 * u, 0.0})) << "[[0, 1], [1, 0]]";
    EXPECT_NEAR(std::abs(e2.vectors(0, 0)), std::sqrt(0.5), 4 * u) << "[[0, 1], [1, 0]]: a rotation by pi / 4";
    EXPECT_NEAR(e2.vectors(0, 0) * e2.vectors(1, 0), -0.5, 4 * u) << "[[0, 1], [1, 0]]: -1 belongs to (1, -1) / sqrt2";
    const Matrix A{{1, 0, 0.5}, {0, 1, 0}, {0.5, 0, 1}};
    const SymmetricEigen e3 = symmetric_eigen(A);
    ASSERT_TRUE(e3.values.allFinite() && e3.vectors.allFinite())
        << "[[1, 0, 0.5], [0, 1, 0], [0.5, 0, 1]]: NaN from rotating the pair (0, 1), whose A[0, 1] = 0 and "
           "A[0, 0] = A[1, 1] give theta = 0 / 0; skip a pair whose off-diagonal entry is already 0";
    EXPECT_TRUE(AllClose(e3.values, Vector{{0.5, 1, 1.5}}, {8 * u, 0.0})) << "[[1, 0, 0.5], [0, 1, 0], [0.5, 0, 1]]";
    EXPECT_TRUE(AllClose(Matrix(A * e3.vectors), Matrix(e3.vectors * e3.values.asDiagonal()), {8 * u, 0.0}))
        << "A V = V diag(values)";
}

TEST(SymmetricEigen, ComparesOffWithTolTimesTheFrobeniusNormOfAllOfA) {
    // A = [[1, 0.01], [0.01, 10]]: off(A) = sqrt(2) * 0.01 = 0.014142 and ||A||_F = sqrt(101.0002),
    // so off(A) / ||A||_F = 1.4072e-3 > tol = 1.2e-3: a rotation is needed, and after it the values are
    // (11 -+ sqrt(81 + 4e-4)) / 2 = 1 - 1.1111e-5 and 10 + 1.1111e-5 (closed form of a 2 x 2). An
    // off(A) or ||A||_F that leaves out row 0, column 0 or the diagonal, or adds to ||A||_F, gives a
    // ratio near 1e-3 and stops before rotating: values 1 and 10, off by 1.1e-5.
    const Matrix A{{1, 0.01}, {0.01, 10}};
    const double root = std::sqrt(81.0 + 4e-4);
    const SymmetricEigen e = symmetric_eigen(A, 1.2e-3);
    EXPECT_TRUE(AllClose(e.values, Vector{{(11 - root) / 2, (11 + root) / 2}}, {8 * u * 10, 0.0}))
        << "[[1, 0.01], [0.01, 10]] with tol 1.2e-3: off(A) / ||A||_F = 1.4072e-3 > tol, so one rotation is due";
}

TEST(SymmetricEigen, RuntimeErrorNamesMaxSweepsOffAndTheThreshold) {
    // [[2, 1], [1, 2]], tol 0.1, max_sweeps 0: off(A) = sqrt(2) = 1.414213562 > tol * ||A||_F =
    // 0.1 * sqrt(10) = 0.316227766 with no sweep allowed. The message names all three numbers
    // (printed to 10 digits).
    const Matrix A{{2, 1}, {1, 2}};
    EXPECT_EQ(symmetric_eigen(A, 0.1, 1).values.size(), 2) << course::testing::kValidCallFirst;
    try {
        symmetric_eigen(A, 0.1, 0);
        ADD_FAILURE() << "[[2, 1], [1, 2]] with max_sweeps = 0 returned; it should throw std::runtime_error";
    } catch (const std::runtime_error& error) {
        const std::string message = error.what();
        for (const char* part : {"after 0 sweeps", "1.414213562", "0.316227766"})
            EXPECT_NE(message.find(part), std::string::npos)
                << "the message \"" << message << "\" should name " << part
                << " (max_sweeps = 0, off(A) = sqrt 2, tol * ||A||_F = 0.1 sqrt 10)";
    }
}

}  // namespace
}  // namespace course::linear_algebra
