// Tests for the Cholesky exercise (modules/linear_algebra/learner/cholesky.cpp): A = L L^T and
// cholesky_solve.
//
// Oracles: hand-worked 1x1, 2x2 and 3x3 cases written out below (chosen so every square root is of
// a perfect square and every step is exact); Eigen's LLT on seeded random SPD matrices with a known
// condition number (random_spd); the properties L L^T = A within Higham's backward error bound,
// L lower triangular with a positive diagonal, a small residual A x - b.
// cholesky_solve is tested on factors computed by Eigen, so that it is graded on its own.
// Bad-input tests first call the function on valid input, so that a stub shows "not started".
#include "linear_algebra/cholesky.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>
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
constexpr double eps = 2.0 * u;

using course::testing::gamma_bound;

// IsValidCholesky: L is (n, n) lower triangular with a positive diagonal and L L^T = A within
// Higham's bound (Theorem 10.3): the computed L satisfies L L^T = A + E with
// |E| <= gamma_{n+1} |L| |L^T|. By Cauchy-Schwarz on rows i and j of |L|,
//     (|L| |L^T|)_ij <= ||L_i|| ||L_j|| = sqrt((L L^T)_ii (L L^T)_jj) ~= sqrt(A_ii A_jj) <= max_i A_ii,
// so every entry of L L^T - A is at most gamma_{n+1} max_i A_ii; forming L L^T here adds
// gamma_n max_i A_ii more. The bound does not depend on the condition number of A. `extra` widens
// it for a test that perturbs A on purpose.
::testing::AssertionResult IsValidCholesky(const Matrix& L, const Matrix& A, double extra = 0.0) {
    const int n = int(A.rows());
    if (L.rows() != n || L.cols() != n)
        return ::testing::AssertionFailure() << "L is " << L.rows() << " x " << L.cols() << ", expected " << n << " x "
                                             << n;
    for (int i = 0; i < n; ++i) {
        if (!(L(i, i) > 0.0))
            return ::testing::AssertionFailure() << "L[" << i << ", " << i << "] = " << L(i, i)
                                                 << ": the diagonal of L must be positive (the positive square root)";
        for (int j = i + 1; j < n; ++j)
            if (L(i, j) != 0.0)
                return ::testing::AssertionFailure()
                       << "L[" << i << ", " << j << "] = " << L(i, j)
                       << " above the diagonal, expected 0: return the lower factor L, not L^T";
    }
    const double atol = 2.1 * gamma_bound(n + 1) * A.diagonal().maxCoeff() + extra;
    const Matrix LLt = L * L.transpose();
    if (auto ok = AllClose(LLt, A, {atol, 0.0}); !ok) return ok << "\n    L L^T differs from A";
    return ::testing::AssertionSuccess();
}

// The hand-worked 3x3 case. A = L L^T with L = [[2, 0, 0], [1, 3, 0], [-1, 2, 1]]:
//     A = [[4, 2, -2], [2, 10, 5], [-2, 5, 6]].
// Factoring it back, column by column:
//   j = 0: L00 = sqrt(4) = 2;  L10 = 2 / 2 = 1;  L20 = -2 / 2 = -1.
//   j = 1: L11 = sqrt(10 - 1^2) = 3;  L21 = (5 - (-1)(1)) / 3 = 2.
//   j = 2: L22 = sqrt(6 - (-1)^2 - 2^2) = sqrt(1) = 1.
const Matrix A3{{4, 2, -2}, {2, 10, 5}, {-2, 5, 6}};
const Matrix L3{{2, 0, 0}, {1, 3, 0}, {-1, 2, 1}};

// Exact data: allow a few roundings of size u in case an implementation divides differently.
const course::testing::Tolerance kExact{8 * u, 8 * u};

// eigen_cholesky: Eigen's lower factor, the oracle.
Matrix eigen_cholesky(const Matrix& A) { return eigen_solvers::cholesky_lower(A); }

TEST(Cholesky, FactorsHandWorked2x2) {
    // [[4, 2], [2, 10]]: L00 = sqrt(4) = 2, L10 = 2 / 2 = 1, L11 = sqrt(10 - 1^2) = 3.
    EXPECT_TRUE(AllClose(cholesky(Matrix{{4, 2}, {2, 10}}), Matrix{{2, 0}, {1, 3}}, kExact))
        << "A = [[4, 2], [2, 10]]";
}

TEST(Cholesky, FactorsHandWorked3x3) {
    EXPECT_TRUE(AllClose(cholesky(A3), L3, kExact)) << "A = [[4, 2, -2], [2, 10, 5], [-2, 5, 6]]";
}

TEST(Cholesky, FactorsOneByOne) {
    EXPECT_TRUE(AllClose(cholesky(Matrix{{9}}), Matrix{{3}}, kExact)) << "A = [[9]]: L = [[sqrt(9)]]";
    EXPECT_TRUE(AllClose(cholesky(Matrix{{2}}), Matrix{{std::sqrt(2.0)}}, kExact)) << "A = [[2]]";
}

TEST(Cholesky, ReconstructsRandomSpdMatricesWithinHighamsBound) {
    // Up to kappa = 1e10: Cholesky is backward stable whatever the conditioning, and it runs to
    // completion as long as roughly 20 n^{3/2} kappa u < 1 (Higham, Theorem 10.7): 0.02 for n = 100.
    for (int n : {1, 2, 7, 31, 64, 100}) {
        for (double kappa : {1.0, 1e4, 1e10}) {
            const std::uint64_t seed = 100 + n;
            const Matrix A = random_spd(n, kappa, seed);
            EXPECT_TRUE(IsValidCholesky(cholesky(A), A)) << "n = " << n << ", kappa = " << kappa << ", seed " << seed;
        }
    }
}

TEST(Cholesky, MatchesEigenLlt) {
    for (int n : {1, 2, 7, 31, 64, 100}) {
        for (double kappa : {10.0, 1e4}) {
            const std::uint64_t seed = 200 + n;
            const Matrix A = random_spd(n, kappa, seed);  // ||A||_2 = 1
            // Both factors are exact for A plus a perturbation of Frobenius norm at most
            // gamma_{n+1} || |L| |L^T| ||_F <= gamma_{n+1} ||L||_F^2 ~= gamma_{n+1} trace(A). The
            // factor moves by ||dL||_F <= kappa * ||dA||_F / ||A||_2 * ||L||_2 / sqrt(2) to first
            // order (Higham, Theorem 10.8), with ||L||_2 = sqrt(||A||_2) = 1; twice that for two
            // factorizations, and 1.1 for the second-order terms.
            const double atol = 1.1 * std::sqrt(2.0) * kappa * gamma_bound(n + 1) * A.trace();
            EXPECT_TRUE(AllClose(cholesky(A), eigen_cholesky(A), {atol, 0.0}))
                << "n = " << n << ", kappa = " << kappa << ", seed " << seed;
        }
    }
}

TEST(Cholesky, SolvesIllConditionedSystemWithSmallResidual) {
    // End to end, kappa = 1e10: x = cholesky_solve(cholesky(A), b) loses about 10 digits, but the
    // residual stays at rounding level (backward stability). The factorization adds
    // E with |E| <= gamma_{n+1} |L| |L^T| and each triangular solve a dL with |dL| <= gamma_n |L|
    // (Higham, Theorem 8.5), so b - A x = (E + dL1 L^T + L dL2^T + ...) x and
    //     ||b - A x|| <= (3.1 gamma_{n+1} ||L||_F^2 + gamma_n ||A||_F) ||x||,  ||L||_F^2 ~= trace(A),
    // the last term for computing the residual here.
    for (int n : {7, 64, 100}) {
        const std::uint64_t seed = 300 + n;
        const Matrix A = random_spd(n, 1e10, seed);
        const Vector b = random_vector(n, seed + 1);
        const Vector x = cholesky_solve(cholesky(A), b);
        const double bound = (3.1 * gamma_bound(n + 1) * A.trace() + gamma_bound(n) * A.norm()) * x.norm();
        EXPECT_LE((b - A * x).norm(), bound) << "n = " << n << ", kappa = 1e10, seed " << seed;
    }
}

TEST(Cholesky, AcceptsRoundingLevelAsymmetry) {
    // A symmetric matrix computed in floating point may differ from its transpose in the last bits.
    // An asymmetry of 4 eps max|A| is far inside the contract's 64 n eps max|A| and must pass.
    const int n = 7;
    Matrix A = random_spd(n, 100.0, 400);
    const double bump = 4.0 * eps * A.cwiseAbs().maxCoeff();
    A(5, 2) += bump;
    const Matrix L = cholesky(A);
    EXPECT_TRUE(IsValidCholesky(L, A, bump)) << "n = 7, seed 400, A[5, 2] - A[2, 5] = 4 eps max|A|: compare with "
                                                "a tolerance relative to max|A|, not exactly";
}

TEST(Cholesky, RefusesNonSymmetricMatrix) {
    EXPECT_TRUE(AllClose(cholesky(A3), L3, kExact)) << course::testing::kValidCallFirst;  // valid input first
    // Two asymmetric pairs: (0, 1) off by 0.125, (1, 2) off by 0.5. The message names the worst one.
    const Matrix A{{4, 1.125, 0.5}, {1, 5, 2.25}, {0.5, 2.75, 6}};
    EXPECT_TRUE(ThrowsInvalidArgument([&] { cholesky(A); }, {"symmetric", "2.25", "2.75"}))
        << "A = [[4, 1.125, 0.5], [1, 5, 2.25], [0.5, 2.75, 6]]: the worst pair is A[1, 2] = 2.25, A[2, 1] = 2.75";
}

TEST(Cholesky, RefusesMatrixThatIsNotPositiveDefinite) {
    EXPECT_TRUE(AllClose(cholesky(A3), L3, kExact)) << course::testing::kValidCallFirst;  // valid input first
    // [[1, 2], [2, 1]] has eigenvalues 3 and -1. j = 0: L00 = 1, L10 = 2; j = 1: 1 - 2^2 = -3 < 0.
    EXPECT_TRUE(ThrowsInvalidArgument([] { cholesky(Matrix{{1, 2}, {2, 1}}); }, {"positive definite", "-3"}))
        << "A = [[1, 2], [2, 1]]: at j = 1 the number under the square root is 1 - 2^2 = -3";
    // [[-1]]: the number under the first square root is -1.
    EXPECT_TRUE(ThrowsInvalidArgument([] { cholesky(Matrix{{-1}}); }, {"positive definite", "-1"})) << "A = [[-1]]";
    // [[1, 1], [1, 1]] is only semidefinite: j = 1 gives 1 - 1^2 = 0, and L11 = 0 cannot divide.
    EXPECT_TRUE(ThrowsInvalidArgument([] { cholesky(Matrix{{1, 1}, {1, 1}}); }, {"positive definite"}))
        << "A = [[1, 1], [1, 1]]: singular, the number under the square root at j = 1 is exactly 0";
    // A symmetric matrix with one negative eigenvalue, -0.25, among 2, 1, 0.5.
    const Matrix indefinite = random_symmetric(Vector{{2, 1, 0.5, -0.25}}, 500);
    EXPECT_TRUE(ThrowsInvalidArgument([&] { cholesky(indefinite); }, {"positive definite"}))
        << "eigenvalues (2, 1, 0.5, -0.25), seed 500";
}

TEST(Cholesky, RefusesNonSquareMatrix) {
    EXPECT_TRUE(AllClose(cholesky(A3), L3, kExact)) << course::testing::kValidCallFirst;  // valid input first
    EXPECT_TRUE(ThrowsInvalidArgument([] { cholesky(Matrix::Identity(2, 3)); }, {"2 x 3", "square"}));
    EXPECT_TRUE(ThrowsInvalidArgument([] { cholesky(Matrix(0, 0)); }, {"0 x 0"}));
}

TEST(CholeskySolve, SolvesHandWorked3x3System) {
    // A3 x = b with x = (1, -1, 2): b = (4 - 2 - 4, 2 - 10 + 10, -2 - 5 + 12) = (-2, 2, 5).
    // L y = b:    y0 = -2 / 2 = -1,  y1 = (2 - 1 * (-1)) / 3 = 1,  y2 = (5 - (-1)(-1) - 2 * 1) / 1 = 2.
    // L^T x = y:  x2 = 2 / 1 = 2,  x1 = (1 - 2 * 2) / 3 = -1,  x0 = (-1 - 1 * (-1) - (-1) * 2) / 2 = 1.
    const Vector x = cholesky_solve(L3, Vector{{-2, 2, 5}});
    EXPECT_TRUE(AllClose(x, Vector{{1, -1, 2}}, kExact))
        << "L = [[2, 0, 0], [1, 3, 0], [-1, 2, 1]], b = (-2, 2, 5); the second solve is with L^T, "
           "whose entry [i, j] is L[j, i]";
}

TEST(CholeskySolve, MatchesEigenOnRandomSpdSystems) {
    for (int n : {1, 2, 7, 31, 64, 100}) {
        for (double kappa : {1e2, 1e6}) {
            const std::uint64_t seed = 600 + n;
            const Matrix A = random_spd(n, kappa, seed);  // ||A||_2 = 1
            const Vector b = random_vector(n, seed + 1);
            const Matrix L = eigen_solvers::cholesky_lower(A);
            const Vector want = eigen_solvers::cholesky_solve(A, b);
            // Same L for both; the two triangular solves make x exact for L L^T + dA with
            // |dA| <= (2 gamma_n + gamma_n^2) |L| |L^T| (Higham, Theorem 8.5), so
            // ||dA||_2 <= 2.1 gamma_n trace(A), and x moves by at most kappa * ||dA||_2 / ||A||_2
            // relative; twice for two solvers, and 1.1 for the second-order terms.
            const double atol = 2.2 * kappa * 2.1 * gamma_bound(n) * A.trace() * want.norm();
            EXPECT_TRUE(AllClose(cholesky_solve(L, b), want, {atol, 0.0}))
                << "n = " << n << ", kappa = " << kappa << ", seed " << seed;
        }
    }
}

TEST(CholeskySolve, RefusesBadInput) {
    EXPECT_TRUE(AllClose(cholesky_solve(L3, Vector{{-2, 2, 5}}), Vector{{1, -1, 2}}, kExact)) << course::testing::kValidCallFirst;  // valid first
    EXPECT_TRUE(ThrowsInvalidArgument([] { cholesky_solve(Matrix::Identity(2, 3), Vector{{1, 1}}); }, {"2 x 3"}));
    EXPECT_TRUE(ThrowsInvalidArgument([] { cholesky_solve(L3, Vector{{1, 1}}); }, {"2", "3"}));
    EXPECT_TRUE(ThrowsInvalidArgument([] { cholesky_solve(Matrix{{1, 0}, {1, 0}}, Vector{{1, 1}}); },
                                      {"L[1, 1]", "positive"}))
        << "L[1, 1] = 0: a Cholesky factor has a positive diagonal";
}

// The scales of the checklist (docs/adding-a-module.md, 4a): the factor of c A is sqrt(c) L, and
// the symmetry test is relative to max|A|. 1e-160 and 1e160 lie beyond where a sum of squares
// under- or overflows; the squares Cholesky forms (of L's entries, near sqrt(c)) stay in range.
const std::vector<double> kScales = {1e-160, 1e-150, 1e-15, 1.0, 1e15, 1e150, 1e160};

// cholesky_forward_bound: how far the computed factor of A = L L^T may lie from L, entry by entry,
// when the factorization is exact for A + dA with |dA| <= G. From (L + dL)(L + dL)^T = A + dA,
// to first order L^-1 dA L^-T = X + X^T with X = L^-1 dL lower triangular, so
//     dL = L Phi(L^-1 dA L^-T),   |dL| <= |L| Phi(|L^-1| G |L^-T|)
// where Phi keeps the strictly lower triangle and half the diagonal (as in the proof of Higham,
// Theorem 10.8).
Matrix cholesky_forward_bound(const Matrix& L, const Matrix& G) {
    const Matrix Linv = L.triangularView<Eigen::Lower>().solve(Matrix::Identity(L.rows(), L.cols())).cwiseAbs();
    Matrix X = Linv * G * Linv.transpose();
    X.triangularView<Eigen::StrictlyUpper>().setZero();
    X.diagonal() /= 2.0;
    return L.cwiseAbs() * X;
}

TEST(Cholesky, IsScaleInvariant) {
    // chol(c A3) = sqrt(c) L3. The tolerance holds for every correct order of the operations
    // (right- or left-looking, dot products summed either way): c A3 rounds each entry once
    // (u c |A3|), and any Cholesky is exact for its input plus E with |E| <= gamma_{n+1} |L| |L^T|
    // (Higham, Theorem 10.3), here |L| = sqrt(c) |L3|. cholesky_forward_bound turns
    // G = c (u |A3| + gamma_{n+1} |L3| |L3^T|) into a bound on the factor, which scales by sqrt(c)
    // (c / sqrt(c)^2 = 1 in L^-1 G L^-T); 1.1 covers the second-order terms (kappa(A3) u ~ 1e-14).
    // The expected sqrt(c) L3 rounds twice (the square root, the product): 2 u sqrt(c) |L3|.
    // The largest entry of the bound is 78 u sqrt(c) (at L[2, 2]); a wrong factor is off by O(sqrt(c)).
    const Matrix G = u * A3.cwiseAbs() + gamma_bound(4) * L3.cwiseAbs() * L3.cwiseAbs().transpose();
    const Matrix bound = 1.1 * cholesky_forward_bound(L3, G) + 2 * u * L3.cwiseAbs();
    ForEachScale(kScales, [&](const double c) {
        EXPECT_TRUE(AllClose(cholesky(c * A3), Matrix(std::sqrt(c) * L3), {std::sqrt(c) * bound.maxCoeff(), 0.0}))
            << "the hand-worked A3 times " << c << ": L must be sqrt(" << c << ") L3";
    });
}

TEST(Cholesky, SymmetryToleranceIsRelativeAndTestedOnBothSides) {
    // The contract's limit is 64 n eps max|A| = 64 * 3 * eps * 10 c for c A3. An asymmetry of 0.9
    // times the limit passes (and changes L by about that much: only the lower triangle is read);
    // 1.1 times the limit is refused, at every scale.
    EXPECT_TRUE(AllClose(cholesky(A3), L3, kExact)) << course::testing::kValidCallFirst;
    ForEachScale(kScales, [&](const double c) {
        const double limit = 64.0 * 3 * eps * 10 * c;
        Matrix inside = c * A3, outside = c * A3;
        inside(0, 2) += 0.9 * limit;
        outside(0, 2) += 1.1 * limit;
        EXPECT_TRUE(IsValidCholesky(cholesky(inside), inside, limit))
            << "A3 times " << c << " with A[0, 2] - A[2, 0] = 0.9 * 64 n eps max|A|: inside the tolerance";
        EXPECT_TRUE(ThrowsInvalidArgument([&] { cholesky(outside); }, {"symmetric"}))
            << "A3 times " << c << " with A[0, 2] - A[2, 0] = 1.1 * 64 n eps max|A|: outside the tolerance";
    });
}

TEST(CholeskySolve, IsScaleInvariantAndReadsOnlyTheLowerTriangle) {
    // c A3 x = c b with x = (1, -1, 2), b = (-2, 2, 5) (SolvesHandWorked3x3System), from the factor
    // sqrt(c) L3. NaN above the diagonal must not matter: only the lower triangle is read.
    ForEachScale(kScales, [&](const double c) {
        Matrix L = std::sqrt(c) * L3;
        L(0, 1) = L(0, 2) = L(1, 2) = std::numeric_limits<double>::quiet_NaN();
        EXPECT_TRUE(AllClose(cholesky_solve(L, Vector(c * Vector{{-2, 2, 5}})), Vector{{1, -1, 2}}, {16 * u, 16 * u}))
            << "L = sqrt(c) L3 with NaN above the diagonal, b = c (-2, 2, 5), c = " << c;
    });
}

TEST(CholeskySolve, RefusesNonPositiveAndNanDiagonal) {
    EXPECT_TRUE(AllClose(cholesky_solve(L3, Vector{{-2, 2, 5}}), Vector{{1, -1, 2}}, kExact)) << course::testing::kValidCallFirst;
    for (const double d : {-1.0, -std::numeric_limits<double>::infinity(), std::numeric_limits<double>::quiet_NaN()}) {
        Matrix L = L3;
        L(2, 2) = d;
        EXPECT_TRUE(ThrowsInvalidArgument([&] { cholesky_solve(L, Vector{{-2, 2, 5}}); }, {"L[2, 2]"}))
            << "L[2, 2] = " << d << ": a Cholesky factor has a positive diagonal";
    }
}

TEST(Cholesky, AcceptsAnAsymmetryExactlyAtTheTolerance) {
    // [[1, 0.5], [0.5 + 128 eps, 1]]: the difference 2^-45 = 128 eps and the tolerance
    // 64 * n * eps * max|A| = 128 eps are both exact in binary. The contract refuses a difference
    // above the tolerance, so this one, equal to it, is accepted.
    const double eps = std::numeric_limits<double>::epsilon();
    const Matrix A{{1, 0.5}, {0.5 + 128 * eps, 1}};
    EXPECT_TRUE(IsValidCholesky(cholesky(A), A, 128 * eps))
        << "A[1, 0] - A[0, 1] = 128 eps = 64 n eps max|A| exactly: not above the tolerance, so accepted";
}

TEST(Cholesky, NamesTheWorstPairByItsIndices) {
    // The matrix of RefusesNonSymmetricMatrix: the worst pair is A[1, 2] = 2.25 against A[2, 1] = 2.75
    // (the pair (0, 1) is off by 0.125 only). The message names both entries by their indices.
    EXPECT_TRUE(AllClose(cholesky(A3), L3, kExact)) << course::testing::kValidCallFirst;
    const Matrix A{{4, 1.125, 0.5}, {1, 5, 2.25}, {0.5, 2.75, 6}};
    EXPECT_TRUE(ThrowsInvalidArgument([&] { cholesky(A); }, {"A[1, 2]", "A[2, 1]", "2.25", "2.75"}))
        << "name the worst pair as A[1, 2] and A[2, 1], with their values";
}

}  // namespace
}  // namespace course::linear_algebra
