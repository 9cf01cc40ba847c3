// Lagrange multipliers: an equality-constrained quadratic program solved through its KKT system.
//
//     minimize 1/2 x^T Q x + c^T x   subject to   A x = b
//
//     L(x, lambda) = 1/2 x^T Q x + c^T x + lambda^T (A x - b)
//     grad_x L = Q x + c + A^T lambda = 0,   A x = b      <=>     [ Q  A^T ] [   x    ]   [ -c ]
//                                                                 [ A   0  ] [ lambda ] = [  b ]
//
// Q is (n, n) symmetric, A is (m, n) with m <= n, c has n entries and b has m. At the solution,
// -lambda_i is the rate at which the optimal value grows as b_i grows: f*(b + t e_i) = f*(b) - t lambda_i + O(t^2)
// (the multiplier is the "shadow price" of constraint i). The sign convention is the one above:
// L = f + lambda^T (A x - b), as in Nocedal & Wright; some books write f - lambda^T (A x - b) and get -lambda.
// Notes: docs/optimization.md#kkt. Sources: Nocedal & Wright, Numerical Optimization (2nd ed.), 12.1-12.3
// and 16.1; Boyd & Vandenberghe, Convex Optimization, 5.5.3 and 10.1.1.
#pragma once

#include <cmath>
#include <limits>

#include "course/eigen.hpp"
#include "course/error.hpp"

namespace course::optimization {

// KktSolution: the minimizer x* (n entries) and the Lagrange multipliers lambda* (m entries).
struct KktSolution {
    Vector x;
    Vector lambda;
};

// check_qp_finite: every entry of `argument` (named `name`) is finite; std::invalid_argument naming
// the first entry that is not, as name(i, j) for a matrix and name[i] for a vector.
template <typename Derived>
void check_qp_finite(const char* name, const Eigen::MatrixBase<Derived>& argument) {
    for (Eigen::Index j = 0; j < argument.cols(); ++j)
        for (Eigen::Index i = 0; i < argument.rows(); ++i) {
            if (std::isfinite(argument(i, j))) continue;
            if constexpr (Derived::ColsAtCompileTime == 1)
                throw_invalid_argument("solve_equality_qp: ", name, "[", i, "] = ", argument(i, j), ": ", name,
                                       " holds inf or NaN, expected finite entries");
            else
                throw_invalid_argument("solve_equality_qp: ", name, "(", i, ", ", j, ") = ", argument(i, j), ": ",
                                       name, " holds inf or NaN, expected finite entries");
        }
}

// check_qp_shapes: solve_equality_qp's shape, finiteness and symmetry checks (not its lesson; the
// rank and the reduced Hessian are): std::invalid_argument naming the sizes, or the argument and
// the entry that is inf or NaN (checked before the symmetry of Q, which a NaN would fail too).
// Q is symmetric within 8 eps max|Q|.
inline void check_qp_shapes(const Matrix& Q, const Vector& c, const Matrix& A, const Vector& b) {
    COURSE_CHECK(Q.rows() == Q.cols() && Q.rows() >= 1, "solve_equality_qp: Q is ", Q.rows(), " x ", Q.cols(),
                 ", expected a square matrix with n >= 1");
    const Eigen::Index n = Q.rows();
    COURSE_CHECK(c.size() == n, "solve_equality_qp: c has ", c.size(), " entries, expected n = ", n);
    COURSE_CHECK(A.cols() == n, "solve_equality_qp: A is ", A.rows(), " x ", A.cols(), ", expected m x n with n = ", n);
    COURSE_CHECK(b.size() == A.rows(), "solve_equality_qp: b has ", b.size(), " entries, expected m = ", A.rows(),
                 " (one per row of A)");
    COURSE_CHECK(A.rows() <= n, "solve_equality_qp: A is ", A.rows(), " x ", n, ": more constraints (m = ", A.rows(),
                 ") than unknowns (n = ", n, "); at most n of them can be independent");
    check_qp_finite("Q", Q);
    check_qp_finite("c", c);
    check_qp_finite("A", A);
    check_qp_finite("b", b);
    const double asymmetry = (Q - Q.transpose()).cwiseAbs().maxCoeff();
    const double threshold = 8.0 * std::numeric_limits<double>::epsilon() * Q.cwiseAbs().maxCoeff();
    COURSE_CHECK(asymmetry <= threshold, "solve_equality_qp: Q is not symmetric: max |Q_ij - Q_ji| = ", asymmetry,
                 " > 8 eps max|Q| = ", threshold);
}

// solve_equality_qp: x* and lambda* from the (n + m, n + m) KKT system above.
//
// The KKT matrix is nonsingular, and x* the unique minimizer, when A has full row rank m and Q is
// positive definite on the null space of A (Z^T Q Z positive definite for a basis Z of {x : A x = 0};
// Nocedal & Wright, Lemma 16.1). Q itself may be singular or indefinite. With m = 0 (A is (0, n))
// the problem is unconstrained: Q x = -c, lambda is empty.
// Cost: O((n + m)^3) for the dense solve, plus O(m^2 n) for the rank check and O((n - m)^3) for the
// reduced Hessian. (No test counts the factorizations: a solution may call any library, and no
// counter can see inside it; the tests check the result, the verdicts and their thresholds.)
// Throws std::invalid_argument if the shapes disagree, if Q, c, A or b holds inf or NaN (naming
// the argument and the entry), if Q is not symmetric (|Q_ij - Q_ji| > 8 eps max|Q|),
// m > n, with "dependent" in the message if the rows of A are linearly dependent (rank A < m, to a
// relative tolerance of max(m, n) eps: then the lambda* is not unique, and if b is not in the range
// of A there is no feasible x), or with "positive definite" if Z^T Q Z is not positive definite
// (its smallest eigenvalue at most n eps max|Q_ij|: then the stationary point is a saddle, or there is
// none, or it is not unique). Both tests are relative, so the verdicts do not change when Q and c, or
// A and b, are scaled together; x* does not change either, and lambda* scales with Q or inversely with A.
KktSolution solve_equality_qp(const Matrix& Q, const Vector& c, const Matrix& A, const Vector& b);

}  // namespace course::optimization
