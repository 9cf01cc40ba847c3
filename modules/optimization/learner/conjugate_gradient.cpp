// Exercise: conjugate gradient for a symmetric positive definite system A x = b.
// Contract: include/optimization/conjugate_gradient.hpp
// Notes: docs/optimization.md#conjugate_gradient.  Hints: ./course hint optimization conjugate_gradient
// Grade it:  ./course grade optimization conjugate_gradient
#include "optimization/conjugate_gradient.hpp"

#include <cmath>
#include <limits>

#include "course/error.hpp"

namespace course::optimization {

CgResult conjugate_gradient(const Matrix& A, const Vector& b, double rtol, int max_iterations, const Vector& x0) {
    COURSE_CHECK(A.rows() == A.cols() && A.rows() >= 1, "conjugate_gradient: A is ", A.rows(), " x ", A.cols(),
                 ", expected a square matrix with n >= 1");
    const int n = int(A.rows());
    COURSE_CHECK(b.size() == n, "conjugate_gradient: b has ", b.size(), " entries, expected n = ", n);
    COURSE_CHECK(x0.size() == 0 || x0.size() == n, "conjugate_gradient: x0 has ", x0.size(),
                 " entries, expected n = ", n, " (or 0 to start from x = 0)");
    COURSE_CHECK(rtol >= 0.0 && std::isfinite(rtol), "conjugate_gradient: rtol = ", rtol, ", expected a finite value >= 0");
    COURSE_CHECK(max_iterations >= 0, "conjugate_gradient: max_iterations = ", max_iterations, ", expected >= 0");
    const double asymmetry = (A - A.transpose()).cwiseAbs().maxCoeff();
    const double threshold = 8.0 * std::numeric_limits<double>::epsilon() * A.cwiseAbs().maxCoeff();
    COURSE_CHECK(asymmetry <= threshold, "conjugate_gradient: A is not symmetric: max |A_ij - A_ji| = ", asymmetry,
                 " > 8 eps max|A| = ", threshold, "; conjugate gradient needs a symmetric positive definite A");
    //     alpha_k = r_k^T r_k / p_k^T A p_k,  x += alpha_k p_k,  r -= alpha_k A p_k,
    //     beta_k = r_{k+1}^T r_{k+1} / r_k^T r_k,  p_{k+1} = r_{k+1} + beta_k p_k
    // TODO(learner): start from x0 (or 0), r_0 = b - A x_0, p_0 = r_0; record ||r_0||. Loop: stop when
    // ||r_k|| <= rtol ||b|| (converged) or after max_iterations updates; refuse p^T A p <= 0 with a
    // message saying "positive definite"; record every ||r_{k+1}|| in residual_norms.
    // Hint: compute A p once per iteration and reuse it for both alpha and the residual update.
    COURSE_TODO("conjugate_gradient");
}

}  // namespace course::optimization
