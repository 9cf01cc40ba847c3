// Symmetric eigendecomposition by cyclic Jacobi rotations.
//
// Every real symmetric matrix is orthogonally diagonalizable (the spectral theorem): A = V L V^T
// with V orthogonal and L real diagonal. Jacobi's method (1846) reaches it by plane rotations:
// each one zeros one off-diagonal pair A[p, q] = A[q, p] and lowers the off-diagonal mass
// off(A)^2 by exactly 2 A[p, q]^2. Sweeping over all pairs converges quadratically in the end.
// Slower than tridiagonal QR for large n, but simple, and accurate to the last digits the data
// determine (Demmel & Veselic 1992).
// Notes: docs/linear_algebra.md#symmetric_eigen. Sources: Golub & Van Loan, Matrix Computations,
// 4th ed., 8.5 (the Jacobi methods); Demmel & Veselic, "Jacobi's method is more accurate than QR",
// SIAM J. Matrix Anal. Appl. 13 (1992).
#pragma once

#include <algorithm>
#include <cmath>
#include <limits>

#include "course/eigen.hpp"
#include "course/error.hpp"

namespace course::linear_algebra {

// SymmetricEigen: A = vectors * diag(values) * vectors^T.
//   values   (n)     the eigenvalues, ascending.
//   vectors  (n, n)  orthonormal columns; column j belongs to values[j] (its sign is arbitrary).
//   sweeps           how many sweeps over all pairs p < q ran (0 or 1 for a diagonal A, depending
//                    on whether convergence is tested before or after a sweep).
struct SymmetricEigen {
    Vector values;
    Matrix vectors;
    int sweeps = 0;
};

// check_symmetric_eigen_input: A is (n, n), n >= 1, finite, and symmetric to 64 n eps max|A|.
inline void check_symmetric_eigen_input(const Matrix& A) {
    COURSE_CHECK(A.rows() == A.cols() && A.rows() > 0, "symmetric_eigen: A is ", A.rows(), " x ", A.cols(),
                 ", expected a non-empty square matrix");
    const int n = int(A.rows());
    double max_abs = 0.0;
    for (int i = 0; i < n; ++i)
        for (int j = 0; j < n; ++j) {
            COURSE_CHECK(std::isfinite(A(i, j)), "symmetric_eigen: A[", i, ", ", j, "] = ", A(i, j),
                         ", every entry must be finite");
            max_abs = std::max(max_abs, std::abs(A(i, j)));
        }
    int wi = 0, wj = 0;
    double worst = 0.0;
    for (int i = 0; i < n; ++i)
        for (int j = i + 1; j < n; ++j)
            if (std::abs(A(i, j) - A(j, i)) > worst) worst = std::abs(A(i, j) - A(j, i)), wi = i, wj = j;
    const double limit = 64.0 * n * std::numeric_limits<double>::epsilon() * max_abs;
    COURSE_CHECK(worst <= limit, "symmetric_eigen: A (", n, " x ", n, ") is not symmetric: A[", wi, ", ", wj,
                 "] = ", A(wi, wj), " but A[", wj, ", ", wi, "] = ", A(wj, wi), " (difference ", worst,
                 " > 64 n eps max|A| = ", limit, ")");
}

// check_symmetric_eigen_arguments: check_symmetric_eigen_input, then tol > 0 and max_sweeps >= 0:
// symmetric_eigen's argument checks (not its lesson).
inline void check_symmetric_eigen_arguments(const Matrix& A, double tol, int max_sweeps) {
    check_symmetric_eigen_input(A);
    COURSE_CHECK(tol > 0.0, "symmetric_eigen: tol = ", tol, ", expected tol > 0");
    COURSE_CHECK(max_sweeps >= 0, "symmetric_eigen: max_sweeps = ", max_sweeps, ", expected >= 0");
}

// symmetric_eigen: all eigenvalues and eigenvectors of a symmetric A by cyclic Jacobi.
//
//     A = V diag(values) V^T,   V^T V = I,   values[0] <= values[1] <= ... <= values[n-1]
//
// One rotation in the (p, q) plane, J = [[c, s], [-s, c]] on rows/columns p and q:
//     theta = (A[q, q] - A[p, p]) / (2 A[p, q]),   t = sign(theta) / (|theta| + sqrt(theta^2 + 1)),
//     c = 1 / sqrt(t^2 + 1),   s = t c;   A <- J^T A J (both sides!),   V <- V J.
// Then A[p, q] = 0, A[p, p] -= t A[p, q], A[q, q] += t A[p, q] (t is the smaller root: |angle| <= pi/4).
// Stops when off(A) = sqrt(sum_{i != j} A[i, j]^2) <= tol * ||A||_F, tested once per sweep.
// A is (n, n), n >= 1. Cost: about 6 n^3 flops per sweep (with V); typically 5-10 sweeps.
// Errors: std::invalid_argument for an empty or non-square A (names the shape), a non-finite entry
// (names it), or an A that is not symmetric, |A[i, j] - A[j, i]| > 64 n eps max|A| (names the worst
// pair); also for tol <= 0 or max_sweeps < 0. std::runtime_error naming max_sweeps, off(A) and
// tol * ||A||_F when max_sweeps sweeps do not reach tol.
SymmetricEigen symmetric_eigen(const Matrix& A, double tol = 1e-12, int max_sweeps = 50);

}  // namespace course::linear_algebra
