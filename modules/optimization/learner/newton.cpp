// Exercise: Newton's method with a backtracking line search and a shifted Hessian.
// Contract: include/optimization/newton.hpp
// Notes: docs/optimization.md#newton.  Hints: ./course hint optimization newton
// Grade it:  ./course grade optimization newton
#include "optimization/newton.hpp"

#include <Eigen/Cholesky>
#include <algorithm>
#include <cmath>

#include "course/error.hpp"

namespace course::optimization {

NewtonDirection newton_direction(const Matrix& H, const Vector& g) {
    check_newton_direction_arguments(H, g);
    //     beta = 1e-3 ||H||_F (1 if H = 0);  tau = 0 if min H_ii > 0 else beta - min H_ii
    //     while Cholesky of H + tau I fails: tau = max(2 tau, beta);   d = -(H + tau I)^-1 g
    // TODO(learner): return {d, tau}. Eigen::LLT<Matrix> factors a matrix; .info() tells whether it
    // was positive definite, and .solve() reuses the factor.
    // Hint: solving H d = -g without the check gives an ascent direction, or a step to a saddle point,
    // wherever H is not positive definite.
    COURSE_TODO("newton_direction");
}

OptimizeResult newton(const Objective& objective, const Vector& x0, const StopRule& stop, const ArmijoConfig& line_search) {
    check_newton_arguments(objective, x0, stop);
    //     d_k = newton_direction(H_k, g_k),  x_{k+1} = x_k + t_k d_k,  t_k from backtracking_line_search
    // TODO(learner): evaluate f(x_0) once; then per iteration the gradient (stop on the tolerance, on
    // g = 0 or on max_iterations), the Hessian, the direction, and the line search (stop, not
    // converged, if it accepts no step). Call the gradient and the Hessian through gradient_at and
    // hessian_at (problem.hpp). Run the line search with ArmijoTest::values_or_slope (near x* the
    // values of f cannot show the decrease; the slope can). Count every evaluation, including the
    // line search's values and gradients, and throw DivergedError naming k for a non-finite f,
    // gradient or Hessian.
    // Hint: the line search returns f(x_k + t d_k): reuse it as f(x_{k+1}) instead of evaluating again.
    COURSE_TODO("newton");
}

}  // namespace course::optimization
