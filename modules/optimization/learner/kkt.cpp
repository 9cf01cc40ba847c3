// Exercise: an equality-constrained quadratic program through its KKT system.
// Contract: include/optimization/kkt.hpp
// Notes: docs/optimization.md#kkt.  Hints: ./course hint optimization kkt
// Grade it:  ./course grade optimization kkt
#include "optimization/kkt.hpp"

#include <algorithm>
#include <limits>

#include "course/eigen_solvers.hpp"
#include "course/error.hpp"

namespace course::optimization {

KktSolution solve_equality_qp(const Matrix& Q, const Vector& c, const Matrix& A, const Vector& b) {
    check_qp_shapes(Q, c, A, b);
    //     [ Q  A^T ] [   x    ]   [ -c ]
    //     [ A   0  ] [ lambda ] = [  b ]
    // TODO(learner): refuse dependent rows of A (message with "dependent") and a Q that is not
    // positive definite on the null space of A (message with "positive definite"); then build the
    // (n + m) x (n + m) KKT matrix and solve it. Eigen's dense solvers are fine here (the lesson is
    // the system, not the factorization), and course/eigen_solvers.hpp has them compiled once:
    // column_pivoted_qr, symmetric_eigenvalues, lu_solve (a file that instantiates Eigen's QR, LU
    // and eigensolver itself takes about 20 s more to compile, at every regrade).
    // Hint: the column-pivoted QR of A^T gives both the rank of A and, in the last n - m columns of
    // its Q factor, an orthonormal basis Z of the null space of A.
    COURSE_TODO("solve_equality_qp");
}

}  // namespace course::optimization
