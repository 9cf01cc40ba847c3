// Exercise: an equality-constrained quadratic program through its KKT system.
// Contract: include/optimization/kkt.hpp
// Notes: docs/optimization.md#kkt.  Hints: ./course hint optimization kkt
// Grade it:  ./course grade optimization kkt
#include "optimization/kkt.hpp"

#include <Eigen/Eigenvalues>
#include <Eigen/LU>
#include <Eigen/QR>
#include <algorithm>
#include <limits>

#include "course/error.hpp"

namespace course::optimization {

KktSolution solve_equality_qp(const Matrix& Q, const Vector& c, const Matrix& A, const Vector& b) {
    COURSE_CHECK(Q.rows() == Q.cols() && Q.rows() >= 1, "solve_equality_qp: Q is ", Q.rows(), " x ", Q.cols(),
                 ", expected a square matrix with n >= 1");
    const Eigen::Index n = Q.rows();
    COURSE_CHECK(c.size() == n, "solve_equality_qp: c has ", c.size(), " entries, expected n = ", n);
    COURSE_CHECK(A.cols() == n, "solve_equality_qp: A is ", A.rows(), " x ", A.cols(), ", expected m x n with n = ", n);
    COURSE_CHECK(b.size() == A.rows(), "solve_equality_qp: b has ", b.size(), " entries, expected m = ", A.rows(),
                 " (one per row of A)");
    COURSE_CHECK(A.rows() <= n, "solve_equality_qp: A is ", A.rows(), " x ", n, ": more constraints (m = ", A.rows(),
                 ") than unknowns (n = ", n, "); at most n of them can be independent");
    const double asymmetry = (Q - Q.transpose()).cwiseAbs().maxCoeff();
    const double threshold = 8.0 * std::numeric_limits<double>::epsilon() * Q.cwiseAbs().maxCoeff();
    COURSE_CHECK(asymmetry <= threshold, "solve_equality_qp: Q is not symmetric: max |Q_ij - Q_ji| = ", asymmetry,
                 " > 8 eps max|Q| = ", threshold);
    //     [ Q  A^T ] [   x    ]   [ -c ]
    //     [ A   0  ] [ lambda ] = [  b ]
    // TODO(learner): refuse dependent rows of A (message with "dependent") and a Q that is not
    // positive definite on the null space of A (message with "positive definite"); then build the
    // (n + m) x (n + m) KKT matrix and solve it. Eigen's dense solvers are fine here: the lesson is
    // the system, not the factorization.
    // Hint: Eigen::ColPivHouseholderQR of A^T gives both the rank of A and, in the last n - m
    // columns of its Q factor, an orthonormal basis Z of the null space of A.
    COURSE_TODO("solve_equality_qp");
}

}  // namespace course::optimization
