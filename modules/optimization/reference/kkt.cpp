// Reference solution: an equality-constrained QP through its KKT system. Contract: include/optimization/kkt.hpp
#include "optimization/kkt.hpp"

#include <algorithm>
#include <limits>

#include "course/eigen_solvers.hpp"
#include "course/error.hpp"

namespace course::optimization {
namespace {

constexpr double eps = std::numeric_limits<double>::epsilon();

// null_space_basis: Z (n, n - m) with orthonormal columns spanning {x : A x = 0}, from a QR
// factorization with column pivoting of A^T (n, m): A^T P = [Y Z] [R; 0], range(A^T) = span Y and
// its orthogonal complement, the null space of A, is span Z. Refuses a rank-deficient A.
Matrix null_space_basis(const Matrix& A) {
    const Eigen::Index m = A.rows(), n = A.cols();
    if (m == 0) return Matrix::Identity(n, n);
    // A pivot |R_kk| <= max(m, n) eps |R_00| is zero to working precision.
    const eigen_solvers::ColumnPivotedQr qr = eigen_solvers::column_pivoted_qr(A.transpose(), double(std::max(m, n)) * eps);
    COURSE_CHECK(qr.rank == m, "solve_equality_qp: the constraints are linearly dependent: A is ", m, " x ", n,
                 " but has rank ", qr.rank, " (to a relative tolerance of max(m, n) eps); drop the redundant rows "
                 "of A x = b (and check that b is consistent with them)");
    return qr.Q.rightCols(n - m);
}

// check_reduced_hessian: Z^T Q Z must be positive definite for the stationary point to be the
// unique minimizer. Its smallest eigenvalue must exceed the rounding level n eps max|Q|.
void check_reduced_hessian(const Matrix& Q, const Matrix& Z) {
    if (Z.cols() == 0) return;  // m = n: A x = b alone fixes x
    const Matrix reduced = Z.transpose() * Q * Z;
    const double lowest = eigen_solvers::symmetric_eigenvalues(reduced)(0);
    const double floor = double(Q.rows()) * eps * Q.cwiseAbs().maxCoeff();
    COURSE_CHECK(lowest > floor, "solve_equality_qp: Q is not positive definite on the null space of A: the reduced "
                 "Hessian Z^T Q Z has eigenvalue ", lowest, " <= ", floor, "; the objective is unbounded below or "
                 "flat along some feasible direction, so there is no unique minimizer");
}

}  // namespace

KktSolution solve_equality_qp(const Matrix& Q, const Vector& c, const Matrix& A, const Vector& b) {
    check_qp_shapes(Q, c, A, b);
    const Eigen::Index n = Q.rows(), m = A.rows();
    check_reduced_hessian(Q, null_space_basis(A));
    // K = [Q A^T; A 0], rhs = [-c; b]: stationarity of L = f + lambda^T (A x - b), then feasibility.
    Matrix K = Matrix::Zero(n + m, n + m);
    K.topLeftCorner(n, n) = Q;
    K.topRightCorner(n, m) = A.transpose();
    K.bottomLeftCorner(m, n) = A;
    Vector rhs(n + m);
    rhs << -c, b;
    // K is symmetric but indefinite (n positive and m negative eigenvalues), so Cholesky does not
    // apply; LU with partial pivoting does, and the two checks above make K nonsingular.
    const Vector solution = eigen_solvers::lu_solve(K, rhs);
    return {solution.head(n), solution.tail(m)};
}

}  // namespace course::optimization
