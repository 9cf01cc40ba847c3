// Exercise: Householder QR and least squares. Contract: include/linear_algebra/qr.hpp
// Notes: docs/linear_algebra.md#qr.  Hints: ./course hint linear_algebra qr
// Grade it:  ./course grade linear_algebra qr
#include "linear_algebra/qr.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

#include "course/error.hpp"

namespace course::linear_algebra {

QrDecomposition householder_qr(const Matrix& A) {
    const int m = int(A.rows()), n = int(A.cols());  // k = min(m, n) reflectors
    check_householder_qr_shape(m, n);
    //     R <- H_{k-1} ... H_0 A,   Q = H_0 ... H_{k-1} I[:, :k],   H_j = I - 2 v v^T / (v^T v)
    //     v = x + sign(x_0) ||x|| e_1,   x = R[j:, j],   sign(0) = +1
    // TODO(learner): for j = 0..k-1, build v from column j (skip a zero column), apply H_j to
    // R[j:, j:] and keep v; then apply the reflectors to the first k columns of the identity, last
    // one first, to get Q. Return Q (m, k) and the top k rows of R, with exact zeros below the diagonal.
    // Hint: H x = -sign(x_0) ||x|| e_1; with the opposite sign, v_0 = x_0 - ||x|| cancels when x points along e_1.
    COURSE_TODO("householder_qr");
}

Vector least_squares(const Matrix& A, const Vector& b) {
    const int m = int(A.rows()), n = int(A.cols());
    check_least_squares_shapes(m, n, b);
    //     x = argmin ||A x - b||_2:   A = Q R,   R x = Q^T b
    // TODO(learner): factor with householder_qr, refuse a rank-deficient A, then back substitution.
    // Rank test: if |R[j, j]| <= max(m, n) * eps * max_i |R[i, i]| (eps from std::numeric_limits),
    // throw with COURSE_CHECK and a message that says "rank deficient" and names the column j.
    COURSE_TODO("least_squares");
}

}  // namespace course::linear_algebra
