// Known mistake: classical Gram-Schmidt. Every coefficient r_ij = q_i . a_j is taken from the
// original column a_j, not from the vector as it is being updated. Equal in exact arithmetic; in
// floating point Q loses orthogonality like u * kappa(A)^2 instead of u * kappa(A), i.e. about
// 1e-4 for kappa = 1e6 where modified Gram-Schmidt stays near 1e-10.
#include "linear_algebra/gram_schmidt.hpp"

#include <algorithm>

#include "course/error.hpp"

namespace course::linear_algebra {
namespace {

// remove_projections: v <- a - sum_i (q_i . a) q_i, all coefficients from the original a.
void remove_projections(Eigen::RowVectorXd& v, const Matrix& Qt, Eigen::Index k) {
    const Eigen::RowVectorXd a = v;
    for (Eigen::Index i = 0; i < k; ++i) v -= Qt.row(i).dot(a) * Qt.row(i);  // the mistake: a, not v
}

}  // namespace

Matrix modified_gram_schmidt(const Matrix& A, double tol) {
    COURSE_CHECK(tol >= 0.0, "modified_gram_schmidt: tol = ", tol, " must be >= 0");
    const Eigen::Index m = A.rows(), n = A.cols();
    COURSE_CHECK(n <= m, "modified_gram_schmidt: A is ", m, " x ", n, ": more columns than rows");
    Matrix Qt(n, m);
    Eigen::RowVectorXd v(m);
    for (Eigen::Index j = 0; j < n; ++j) {
        v = A.col(j).transpose();
        const double norm_a = v.norm();
        COURSE_CHECK(norm_a > 0.0, "modified_gram_schmidt: column ", j, " is zero");
        remove_projections(v, Qt, j);
        const double norm_v = v.norm();
        COURSE_CHECK(norm_v > tol * norm_a, "modified_gram_schmidt: column ", j, " is dependent, relative residual ",
                     norm_v / norm_a);
        Qt.row(j) = v / norm_v;
    }
    return Qt.transpose();
}

Matrix orthonormal_basis(const Matrix& A, double tol) {
    COURSE_CHECK(tol >= 0.0, "orthonormal_basis: tol = ", tol, " must be >= 0");
    const Eigen::Index m = A.rows(), n = A.cols();
    Matrix Qt(std::min(m, n), m);
    Eigen::RowVectorXd v(m);
    Eigen::Index r = 0;
    for (Eigen::Index j = 0; j < n && r < m; ++j) {
        v = A.col(j).transpose();
        const double norm_a = v.norm();
        if (norm_a == 0.0) continue;
        remove_projections(v, Qt, r);
        const double norm_v = v.norm();
        if (norm_v <= tol * norm_a) continue;
        Qt.row(r++) = v / norm_v;
    }
    return Qt.topRows(r).transpose();
}

}  // namespace course::linear_algebra
