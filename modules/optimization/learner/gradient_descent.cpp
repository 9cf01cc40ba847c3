// Exercise: gradient descent with a fixed step. Contract: include/optimization/gradient_descent.hpp
// Notes: docs/optimization.md#gradient_descent.  Hints: ./course hint optimization gradient_descent
// Grade it:  ./course grade optimization gradient_descent
#include "optimization/gradient_descent.hpp"

#include <cmath>

#include "course/error.hpp"

namespace course::optimization {

OptimizeResult gradient_descent(const Objective& objective, const Vector& x0, double step, const StopRule& stop) {
    check_gradient_descent_arguments(objective, x0, step, stop);
    //     x_{k+1} = x_k - step * grad f(x_k)
    // TODO(learner): loop k = 0, 1, ...: evaluate f and grad f at x_k (the gradient through
    // gradient_at("gradient_descent", objective, x), problem.hpp; count both, append f to the
    // history), throw DivergedError("gradient_descent", k, ...) if either is not finite, return
    // converged if ||grad|| < stop.gradient_tolerance, return not converged if k == max_iterations,
    // else take the step.
    // Hint: the result's iterations is the number of steps taken, so history has iterations + 1 entries.
    COURSE_TODO("gradient_descent");
}

}  // namespace course::optimization
