// Reference solution: modified Gram-Schmidt. Contract: include/linear_algebra/gram_schmidt.hpp
//
// The basis vectors are stored as the rows of Qt = Q^T (row-major), so every q_i and the vector
// v being orthogonalized are contiguous, and Q = Qt^T at the end.
//
// Lengths: ||a_j|| and ||v|| come from Eigen's stableNorm, which sums the squares in units of the
// largest entry: in units of 1 they overflow for entries near 1e160 and underflow near 1e-160.
// Q and the relative test ||v|| <= tol ||a_j|| then do not change when A is scaled (exactly so
// for a power of two); the projections q_i . v need no scaling, as |q_i . v| <= ||v||.
#include "linear_algebra/gram_schmidt.hpp"

#include <algorithm>

#include "course/error.hpp"

namespace course::linear_algebra {
namespace {

// remove_projections: v <- (I - q_{k-1} q_{k-1}^T) ... (I - q_0 q_0^T) v, where q_i is row i of Qt.
// Modified Gram-Schmidt: each coefficient q_i . v is taken from the v already cleared of
// q_0..q_{i-1}, not from the original column. Cost: 4 m k flops.
void remove_projections(Eigen::RowVectorXd& v, const Matrix& Qt, Eigen::Index k) {
    for (Eigen::Index i = 0; i < k; ++i) v -= Qt.row(i).dot(v) * Qt.row(i);
}

}  // namespace

Matrix modified_gram_schmidt(const Matrix& A, double tol) {
    check_gram_schmidt_tolerance(tol, "modified_gram_schmidt");
    check_gram_schmidt_shape(A);
    const Eigen::Index m = A.rows(), n = A.cols();
    Matrix Qt(n, m);  // row j is q_j
    Eigen::RowVectorXd v(m);
    for (Eigen::Index j = 0; j < n; ++j) {
        v = A.col(j).transpose();
        const double norm_a = v.stableNorm();
        COURSE_CHECK(norm_a > 0.0, "modified_gram_schmidt: column ", j, " of the ", m, " x ", n,
                     " matrix A is zero, so the columns are linearly dependent");
        remove_projections(v, Qt, j);
        const double norm_v = v.stableNorm();
        COURSE_CHECK(norm_v > tol * norm_a, "modified_gram_schmidt: column ", j, " of the ", m, " x ", n,
                     " matrix A depends linearly on columns 0..", j - 1,
                     ": after removing its projections the relative ", "residual ||v|| / ||a_", j,
                     "|| = ", norm_v / norm_a, " is <= tol = ", tol);
        Qt.row(j) = v / norm_v;
    }
    return Qt.transpose();
}

Matrix orthonormal_basis(const Matrix& A, double tol) {
    check_gram_schmidt_tolerance(tol, "orthonormal_basis");
    const Eigen::Index m = A.rows(), n = A.cols();
    Matrix Qt(std::min(m, n), m);  // rows 0..r-1 are the kept q's
    Eigen::RowVectorXd v(m);
    Eigen::Index r = 0;
    for (Eigen::Index j = 0; j < n && r < m; ++j) {
        v = A.col(j).transpose();
        const double norm_a = v.stableNorm();
        if (norm_a == 0.0) continue;  // a zero column adds nothing to the span
        remove_projections(v, Qt, r);
        const double norm_v = v.stableNorm();
        if (norm_v <= tol * norm_a) continue;  // a_j is (numerically) in span(q_0..q_{r-1})
        Qt.row(r++) = v / norm_v;
    }
    return Qt.topRows(r).transpose();
}

}  // namespace course::linear_algebra
