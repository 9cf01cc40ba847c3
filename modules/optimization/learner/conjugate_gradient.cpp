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
    check_cg_arguments(A, b, rtol, max_iterations, x0);
    //     alpha_k = r_k^T r_k / p_k^T A p_k,  x += alpha_k p_k,  r -= alpha_k A p_k,
    //     beta_k = r_{k+1}^T r_{k+1} / r_k^T r_k,  p_{k+1} = r_{k+1} + beta_k p_k
    // TODO(learner): start from x0 (or 0), r_0 = b - A x_0, p_0 = r_0; record ||r_0||. Loop: stop when
    // ||r_k|| <= rtol ||b|| (converged) or after max_iterations updates; refuse p^T A p <= 0 with a
    // message saying "positive definite" and its value, and a p^T A p that overflows to inf with one
    // saying "p^T A p" and "overflow"; record every ||r_{k+1}|| in residual_norms.
    // Hint: compute A p once per iteration and reuse it for both alpha and the residual update.
    COURSE_TODO("conjugate_gradient");
}

}  // namespace course::optimization
