// Cholesky factorization: the LU of a symmetric positive definite matrix, at half the cost and with
// no pivoting.
//
//     A = L L^T
//
// A is (n, n) symmetric positive definite (x^T A x > 0 for every x != 0); L is lower triangular
// with a positive diagonal, and it is unique. Covariance matrices, Gram matrices B^T B of
// independent columns and Hessians at a strict minimum are all of this kind.
// Notes: docs/linear_algebra.md#cholesky. Sources: Golub & Van Loan, Matrix Computations (4th ed.),
// 4.2; Trefethen & Bau, Numerical Linear Algebra, lecture 23; Higham, Accuracy and Stability of
// Numerical Algorithms (2nd ed.), chapter 10.
#pragma once

#include "course/eigen.hpp"
#include "course/error.hpp"

namespace course::linear_algebra {

// check_cholesky_shape: cholesky's A is square with n >= 1 (not its lesson: symmetry and positive
// definiteness are).
inline void check_cholesky_shape(const Matrix& A) {
    COURSE_CHECK(A.rows() == A.cols() && A.rows() >= 1, "cholesky: A is ", A.rows(), " x ", A.cols(),
                 ", expected a square matrix with n >= 1");
}

// cholesky: the lower triangular factor L of A = L L^T.
//
//     L[j, j] = sqrt(A[j, j] - sum_{k<j} L[j, k]^2)
//     L[i, j] = (A[i, j] - sum_{k<j} L[i, k] L[j, k]) / L[j, j]        for i > j
//
// L is (n, n) with zeros above the diagonal. Every |L[i, j]| <= sqrt(A[i, i]), so nothing can grow
// and no pivoting is needed; the computed L satisfies L L^T = A + E with
// |E| <= gamma_{n+1} |L| |L^T| (Higham, Theorem 10.3). Cost: (1/3) n^3 flops.
// Throws std::invalid_argument:
//   - if A is not square or is empty, naming the shape;
//   - with "symmetric", if some |A[i, j] - A[j, i]| > 64 * n * eps * max|A|, naming the worst pair
//     and both values. A matrix that is symmetric in exact arithmetic but was computed in floating
//     point (B^T B, Q D Q^T) has entries accurate to about n * eps * max|A|, so its two triangles
//     may differ by that much; 64 is a safety margin that still refuses any real asymmetry
//     (for n = 100 the tolerance is 1.4e-12 relative to the largest entry);
//   - with "positive definite", if the number under the square root at step j is <= 0, naming j
//     and the number: then x^T A x <= 0 for some x != 0 (up to rounding).
// Only the lower triangle of A enters the factorization once symmetry is checked.
Matrix cholesky(const Matrix& A);

// check_cholesky_solve_arguments: cholesky_solve's argument checks (not its lesson): L square, b of
// n entries, every L[i, i] > 0.
inline void check_cholesky_solve_arguments(const Matrix& L, const Vector& b) {
    COURSE_CHECK(L.rows() == L.cols(), "cholesky_solve: L is ", L.rows(), " x ", L.cols(),
                 ", expected a square matrix");
    COURSE_CHECK(b.size() == L.rows(), "cholesky_solve: b has ", b.size(), " entries but L is ", L.rows(), " x ",
                 L.cols());
    for (int i = 0; i < L.rows(); ++i)
        COURSE_CHECK(L(i, i) > 0.0, "cholesky_solve: L[", i, ", ", i, "] = ", L(i, i),
                     " is not positive: L is not a Cholesky factor");
}

// cholesky_solve: solves A x = b given the Cholesky factor L of A, in two triangular solves.
//
//     L y = b   (forward substitution),    L^T x = y   (back substitution)
//
// L is (n, n) lower triangular with a positive diagonal (only its lower triangle is read); b has n
// entries. Cost: 2 n^2 flops. Throws std::invalid_argument if L is not square, if b has the wrong
// size, or if a diagonal entry of L is not positive (L is then not a Cholesky factor).
Vector cholesky_solve(const Matrix& L, const Vector& b);

}  // namespace course::linear_algebra
