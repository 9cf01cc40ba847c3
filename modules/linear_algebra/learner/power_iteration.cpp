// Exercise: power iteration and shifted inverse iteration.
// Contract: include/linear_algebra/power_iteration.hpp
// Notes: docs/linear_algebra.md#power_iteration.  Hints: ./course hint linear_algebra power_iteration
// Grade it:  ./course grade linear_algebra power_iteration
#include "linear_algebra/power_iteration.hpp"

#include <cmath>
#include <stdexcept>

#include "course/error.hpp"
#include "linear_algebra/lu.hpp"  // lu_decompose, lu_solve: for inverse_iteration

namespace course::linear_algebra {
EigenEstimate power_iteration(const Matrix& A, const Vector& x0, double tol, int max_iterations) {
    check_power_iteration_inputs("power_iteration", A, x0, tol, max_iterations);
    //     x_k = A x_{k-1} / ||A x_{k-1}||,   value_k = x_k^T A x_k,   x_0 = x0 / ||x0||
    //     stop when ||A x_k - value_k x_k|| <= tol * ||A||_F      (||A||_F is A.norm() in Eigen)
    // TODO(learner): loop at most max_iterations times, counting the updates in `iterations`; if the
    // test never holds, return the last estimate with converged = false.
    // Hint: if A x is exactly 0, x is an eigenvector for 0: return value 0 with that x, converged.
    COURSE_TODO("power_iteration");
}

EigenEstimate inverse_iteration(const Matrix& A, double shift, const Vector& x0, double tol, int max_iterations) {
    check_power_iteration_inputs("inverse_iteration", A, x0, tol, max_iterations);
    //     (A - shift I) y_k = x_{k-1},   x_k = y_k / ||y_k||,   value_k = x_k^T A x_k   (same stopping test)
    // TODO(learner): factor A - shift I once with lu_decompose, before the loop; each iteration is
    // one lu_solve. The value is the Rayleigh quotient of A itself, not of A - shift I.
    // Hint: a shift equal to an eigenvalue makes lu_decompose or lu_solve throw std::invalid_argument
    // (singular): catch it, move the shift by 1e-10 * (|shift| + ||A||_F) and factor again.
    COURSE_TODO("inverse_iteration");
}

}  // namespace course::linear_algebra
