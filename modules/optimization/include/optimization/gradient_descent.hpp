// Gradient descent with a fixed step: the method every optimizer in this module improves on.
//
//     x_{k+1} = x_k - alpha * grad f(x_k)
//
// On an L-smooth function any step 0 < alpha < 2 / L decreases f; on the quadratic
// f = 1/2 x^T A x - b^T x the error e_k = x_k - x* obeys e_{k+1} = (I - alpha A) e_k, and the step
// alpha = 2 / (L + mu) contracts it by (kappa - 1) / (kappa + 1) per step, kappa = L / mu.
// Scale: the stopping rule is absolute in ||g|| (problem.hpp) and the step has the units of x / g:
// on c f the same run needs step / c and gradient_tolerance c tol (then it is the same, bit for bit
// for c a power of two); nothing else in the method depends on the scale of f.
// Notes: docs/optimization.md#gradient_descent. Source: Nocedal & Wright, Numerical Optimization
// (2nd ed.), 3.3; Nesterov, Lectures on Convex Optimization (2nd ed., 2018), 2.1.5.
#pragma once

#include <cmath>

#include "course/eigen.hpp"
#include "course/error.hpp"
#include "optimization/problem.hpp"

namespace course::optimization {

// check_gradient_descent_arguments: check_optimizer_arguments, then a finite step > 0 (not the lesson).
inline void check_gradient_descent_arguments(const Objective& objective, const Vector& x0, double step,
                                             const StopRule& stop) {
    check_optimizer_arguments("gradient_descent", objective, x0, stop);
    COURSE_CHECK(step > 0.0 && std::isfinite(step), "gradient_descent: step = ", step,
                 ", expected a finite step > 0 (at most 2 / L for an L-smooth f)");
}

// gradient_descent: fixed-step gradient descent from x0.
//
//     for k = 0, 1, ...:  f_k = f(x_k), g_k = grad f(x_k)
//                         stop if ||g_k||_2 < stop.gradient_tolerance   (converged)
//                         stop if k == stop.max_iterations              (not converged)
//                         x_{k+1} = x_k - step * g_k
//
// x0 has n entries; each iteration evaluates f and its gradient once at x_k (so a run of k steps
// reports k + 1 of each) and costs O(n) besides. history holds f(x_0), ..., f(x_k).
// Throws DivergedError (a std::runtime_error) naming the iteration k at which f(x_k) or any entry
// of grad f(x_k) is inf or NaN: the step was too large (alpha > 2 / L) and the iterates overflowed.
// Throws std::invalid_argument if step is not a finite number > 0, or for the argument errors of
// check_optimizer_arguments (problem.hpp).
OptimizeResult gradient_descent(const Objective& objective, const Vector& x0, double step, const StopRule& stop = {});

}  // namespace course::optimization
