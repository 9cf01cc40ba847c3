// Known mistake: no dependence check. Every column is normalized, however small its residual:
// a dependent column's residual is rounding noise near 1e-16 * ||a_j||, and dividing by it returns
// a unit vector pointing anywhere (a zero column gives 0 / 0 = NaN). orthonormal_basis keeps
// every column, so it returns n columns instead of rank(A).
#include "linear_algebra/gram_schmidt.hpp"

#include "course/error.hpp"

namespace course::linear_algebra {
namespace {

// gram_schmidt_all_columns: modified Gram-Schmidt on every column, with no test on ||v||.
Matrix gram_schmidt_all_columns(const Matrix& A) {
    const Eigen::Index m = A.rows(), n = A.cols();
    Matrix Qt(n, m);
    Eigen::RowVectorXd v(m);
    for (Eigen::Index j = 0; j < n; ++j) {
        v = A.col(j).transpose();
        for (Eigen::Index i = 0; i < j; ++i) v -= Qt.row(i).dot(v) * Qt.row(i);
        Qt.row(j) = v / v.norm();  // the mistake: ||v|| may be noise, or 0
    }
    return Qt.transpose();
}

}  // namespace

Matrix modified_gram_schmidt(const Matrix& A, double tol) {
    COURSE_CHECK(tol >= 0.0, "modified_gram_schmidt: tol = ", tol, " must be >= 0");
    COURSE_CHECK(A.cols() <= A.rows(), "modified_gram_schmidt: A is ", A.rows(), " x ", A.cols(),
                 ": more columns than rows");
    return gram_schmidt_all_columns(A);
}

Matrix orthonormal_basis(const Matrix& A, double tol) {
    COURSE_CHECK(tol >= 0.0, "orthonormal_basis: tol = ", tol, " must be >= 0");
    return gram_schmidt_all_columns(A);
}

}  // namespace course::linear_algebra
