// Singular value decomposition by one-sided Jacobi (Hestenes 1958).
//
// Every real (m, n) matrix is A = U diag(S) V^T with orthonormal U and V and S >= 0. The
// one-sided Jacobi method rotates pairs of columns of a working copy W = A (and the same columns
// of V = I) until all columns of W are mutually orthogonal: then W = A V has orthogonal columns,
// their lengths are the singular values and W's normalized columns are U. It never forms A^T A,
// whose eigenvalues would put every singular value under the rounding noise of ||A||^2: a
// one-sided Jacobi SVD is accurate to about n eps ||A|| in every singular value, and better still
// for matrices that are well-conditioned after column scaling (Demmel & Veselic 1992).
// Notes: docs/linear_algebra.md#svd. Sources: Golub & Van Loan, Matrix Computations, 4th ed.,
// 8.6 (the SVD) and 8.6.4 (Jacobi SVD); Demmel & Veselic, "Jacobi's method is more accurate than
// QR", SIAM J. Matrix Anal. Appl. 13 (1992); Trefethen & Bau, lectures 4-5 and 31.
#pragma once

#include <cmath>

#include "course/eigen.hpp"
#include "course/error.hpp"

namespace course::linear_algebra {

// Svd: the thin SVD, A = U diag(S) V^T, with k = min(m, n).
//   U (m, k)  orthonormal columns, U^T U = I (also for zero singular values).
//   S (k)     singular values, descending, >= 0.
//   V (n, k)  orthonormal columns, V^T V = I.
// The sign of a pair (u_i, v_i) is arbitrary (flipping both leaves A unchanged); so is the basis
// of a repeated singular value.
struct Svd {
    Matrix U;
    Vector S;
    Matrix V;
};

// check_svd_input: A is not empty and every entry is finite (svd; not its lesson).
inline void check_svd_input(const Matrix& A) {
    COURSE_CHECK(A.rows() > 0 && A.cols() > 0, "svd: A is ", A.rows(), " x ", A.cols(),
                 ", expected a non-empty matrix");
    for (int i = 0; i < A.rows(); ++i)
        for (int j = 0; j < A.cols(); ++j)
            COURSE_CHECK(std::isfinite(A(i, j)), "svd: A[", i, ", ", j, "] = ", A(i, j), " (A is ", A.rows(), " x ",
                         A.cols(), "), every entry must be finite");
}

// svd: the thin singular value decomposition by one-sided Jacobi.
//
//     A = U diag(S) V^T,   S[0] >= S[1] >= ... >= S[k-1] >= 0
//
// For m >= n: W = A, V = I; for each column pair i < j, with alpha = ||w_i||^2, beta = ||w_j||^2,
// gamma = w_i . w_j, if |gamma| > tol * sqrt(alpha beta) rotate both W's and V's columns i, j by
//     zeta = (beta - alpha) / (2 gamma),  t = sign(zeta) / (|zeta| + sqrt(1 + zeta^2)),
//     c = 1 / sqrt(1 + t^2),  s = c t;   w_i <- c w_i - s w_j,   w_j <- s w_i + c w_j
// which makes w_i . w_j = 0. Columns of very different size (1 and 1e-300) must work too: their
// squares underflow where the columns do not, so compute with a = ||w_i||, b = ||w_j|| and
// cos = w_i . w_j / (a b) instead: rotate if |cos| > tol, zeta = (b / a - a / b) / (2 cos), and
// skip a t that comes out 0 (the rotation would change nothing). Sweep until no pair needs a rotation (tol = sqrt(m) eps, as LAPACK's
// dgesvj). Then S_j = ||w_j||, u_j = w_j / S_j; a column with S_j = 0 is completed to an
// orthonormal U by Gram-Schmidt against unit vectors. For m < n the same runs on A^T, and U and V
// swap. Cost: about 6 m n^2 + 3 n^3 flops per sweep; typically 5-10 sweeps.
// Errors: std::invalid_argument for an empty A or a non-finite entry (names the shape or the
// entry); std::runtime_error if 100 sweeps do not converge (it does not happen for finite input).
Svd svd(const Matrix& A);

}  // namespace course::linear_algebra
