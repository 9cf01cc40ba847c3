// Householder QR and linear least squares.
//
// QR writes A as an orthonormal basis of its columns times an upper triangular matrix. Householder
// reflections build it with rounding errors of order u * ||A|| however ill-conditioned A is, which
// is why QR, not the normal equations, is the standard way to solve least squares problems.
// Notes: docs/linear_algebra.md#qr.
#pragma once

#include "course/eigen.hpp"
#include "course/error.hpp"

namespace course::linear_algebra {

// QrDecomposition: the thin ("economy") factors of an (m, n) matrix, k = min(m, n).
//     Q is (m, k) with orthonormal columns: Q^T Q = I_k.
//     R is (k, n), upper triangular (trapezoidal when n > m): R[i, j] = 0 exactly for i > j.
struct QrDecomposition {
    Matrix Q;
    Matrix R;
};

// check_householder_qr_shape: A (m, n) is not empty (householder_qr; not its lesson).
inline void check_householder_qr_shape(int m, int n) {
    COURSE_CHECK(m >= 1 && n >= 1, "householder_qr: A is ", m, " x ", n, ", expected at least one row and one column");
}

// householder_qr: the thin QR factorization of any (m, n) matrix, m, n >= 1.
//
//     A = Q R,    Q = H_0 H_1 ... H_{k-1} restricted to its first k columns
//
// Step j reflects x = A[j:, j] (the current column, from the diagonal down) onto a multiple of e_1
// with the Householder reflector H = I - 2 v v^T / (v^T v), where
//     v = x + sign(x_0) ||x|| e_1      (sign(0) = +1),    so that H x = -sign(x_0) ||x|| e_1.
// The sign makes x_0 and sign(x_0) ||x|| add, never cancel; with the other sign, v = x - ||x|| e_1
// is 0 (or all rounding error) when x already points along e_1. A zero column x needs no
// reflection (H = I). The diagonal signs of R are NOT normalized: R[j, j] = -sign(x_0) ||x||, so
// Q and R are unique only up to the signs of Q's columns and R's rows.
// Cost: 2 m n^2 - 2 n^3 / 3 flops for R (m >= n), about as much again to form Q.
// Backward stable: the computed factors satisfy A + dA = Q R with ||dA|| <= c m n u ||A|| and
// ||Q^T Q - I|| <= c m n u (Higham, Accuracy and Stability of Numerical Algorithms, 19.3).
// Throws std::invalid_argument for an empty matrix.
// Sources: Trefethen & Bau, Numerical Linear Algebra, lectures 10 and 16; Golub & Van Loan, 5.1-5.2.
QrDecomposition householder_qr(const Matrix& A);

// check_least_squares_shapes: A (m, n) has m >= n and b has m entries (least_squares; not its
// lesson: the rank test is).
inline void check_least_squares_shapes(int m, int n, const Vector& b) {
    COURSE_CHECK(m >= n, "least_squares: A is ", m, " x ", n,
                 ", expected at least as many rows as columns (an underdetermined system has no unique solution)");
    COURSE_CHECK(b.size() == m, "least_squares: A is ", m, " x ", n, " but b has ", b.size(), " entries, expected ", m);
}

// least_squares: the x that minimizes the length of the residual, for A (m, n) with m >= n.
//
//     x = argmin_x ||A x - b||_2,    solved as R x = Q^T b with A = Q R
//
// Since ||A x - b||^2 = ||R x - Q^T b||^2 + ||(I - Q Q^T) b||^2, the minimum is where R x = Q^T b
// (back substitution). The residual r = b - A x is orthogonal to the columns of A: A^T r = 0.
// Never form A^T A: cond(A^T A) = cond(A)^2, so the normal equations lose twice the digits.
// Shapes: A (m, n), b (m), x (n). Cost: that of householder_qr plus 2 m n + n^2 flops.
// Throws std::invalid_argument when m < n (underdetermined), when b does not have m entries, and
// when A is rank deficient to working precision: |R[j, j]| <= max(m, n) * eps * max_i |R[i, i]|,
// the message then says "rank deficient" and names the column j.
// Sources: Trefethen & Bau, lectures 11 and 18-19; Higham, 20.2.
Vector least_squares(const Matrix& A, const Vector& b);

}  // namespace course::linear_algebra
