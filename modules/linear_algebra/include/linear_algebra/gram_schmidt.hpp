// Gram-Schmidt: an orthonormal basis for the columns of A, one column at a time.
//
// Column j of A minus its projections on the earlier basis vectors q_1..q_{j-1} is orthogonal to
// them; normalized, it is q_j. The classical form computes every projection from the original
// column a_j; the modified form (MGS) subtracts them one by one from the vector as it is being
// updated. The two agree in exact arithmetic, but in floating point MGS loses orthogonality like
// kappa(A) * eps and classical Gram-Schmidt like kappa(A)^2 * eps (Bjorck 1967).
// Notes: docs/linear_algebra.md#gram_schmidt. Sources: Trefethen & Bau, Numerical Linear Algebra,
// lectures 7-8; Bjorck, "Solving linear least squares problems by Gram-Schmidt
// orthogonalization", BIT 7 (1967); Higham, Accuracy and Stability of Numerical Algorithms, ch. 19.
#pragma once

#include "course/eigen.hpp"
#include "course/error.hpp"

namespace course::linear_algebra {

// check_gram_schmidt_tolerance: tol >= 0, the check both functions start with (not their lesson).
inline void check_gram_schmidt_tolerance(double tol, const char* function) {
    COURSE_CHECK(tol >= 0.0, function, ": tol = ", tol, " must be >= 0 (it is the relative residual ",
                 "||v|| / ||a_j|| below which a column counts as dependent)");
}

// check_gram_schmidt_shape: modified_gram_schmidt's A (m, n) has n <= m (not its lesson: the
// dependence test is).
inline void check_gram_schmidt_shape(const Matrix& A) {
    const Eigen::Index m = A.rows(), n = A.cols();
    COURSE_CHECK(n <= m, "modified_gram_schmidt: A is ", m, " x ", n, ": ", n, " columns in R^", m,
                 " cannot be linearly independent (more columns than rows); orthonormal_basis skips dependent columns");
}

// modified_gram_schmidt: orthonormal columns with the same nested spans as A's columns.
//
//     v = a_j;  for i = 0..j-1:  v <- v - (q_i . v) q_i;   q_j = v / ||v||
//
// A is (m, n) with linearly independent columns (so n <= m); Q is (m, n) with Q^T Q = I and
// span(q_0..q_j) = span(a_0..a_j) for every j, so R = Q^T A is upper triangular and A = Q R (the
// thin QR factorization). Column j is dependent when ||v|| <= tol * ||a_j|| after the projections,
// or a_j = 0: then std::invalid_argument says "column <j>" (0-based) and, for a nonzero a_j, the
// "relative residual" ||v|| / ||a_j|| and tol.
// n > m always has a dependent column and is refused by its shape, whatever tol (even tol = 0,
// where the rounding residue of a dependent column would pass); so is tol < 0 or NaN. A with 0
// columns gives (m, 0). Scale-invariant: Q(c A) = Q(A) for every c > 0.
// Loss of orthogonality: ||I - Q^T Q||_2 = O(kappa_2(A) * eps) (Bjorck 1967).
// Cost: 2 m n^2 flops (column j takes j dot products and j axpys of length m).
Matrix modified_gram_schmidt(const Matrix& A, double tol = 1e-10);

// orthonormal_basis: the same process, but a dependent column is skipped instead of refused.
//
//     col(Q) = col(A),   Q^T Q = I
//
// Q is (m, r), r = the numerical rank: the number of columns a_j with ||v|| > tol * ||a_j||. The
// kept q's keep the order of the columns they come from. A zero matrix, or A with no columns,
// gives (m, 0). Any n is allowed: once m columns are kept they span R^m, and the remaining columns
// are skipped without computing. tol < 0 is refused.
// Cost: at most 4 m n r flops (a dot product and an axpy of length m per column and kept q).
Matrix orthonormal_basis(const Matrix& A, double tol = 1e-10);

}  // namespace course::linear_algebra
