// Known mistake: gradient descent that never checks for inf or NaN. A step that is too large makes
// the iterates overflow; the loop then runs on with NaN until max_iterations and returns a NaN
// "result" instead of saying where it went wrong.
#include "optimization/gradient_descent.hpp"

#include <cmath>

#include "course/error.hpp"

namespace course::optimization {

OptimizeResult gradient_descent(const Objective& objective, const Vector& x0, double step, const StopRule& stop) {
    check_optimizer_arguments("gradient_descent", objective, x0, stop);
    COURSE_CHECK(step > 0.0 && std::isfinite(step), "gradient_descent: step = ", step,
                 ", expected a finite step > 0 (at most 2 / L for an L-smooth f)");

    OptimizeResult result;
    result.x = x0;
    for (int k = 0;; ++k) {
        // Evaluate at x_k, record, and refuse to go on from a non-finite point.
        result.value = objective.value(result.x);
        const Vector g = objective.gradient(result.x);
        ++result.value_evaluations;
        ++result.gradient_evaluations;
        result.history.push_back(result.value);
        result.iterations = k;
        // the mistake: no check for a non-finite f(x_k) or grad f(x_k)

        if (g.norm() < stop.gradient_tolerance) {
            result.converged = true;
            return result;
        }
        if (k == stop.max_iterations) return result;
        result.x -= step * g;  // x_{k+1} = x_k - alpha g_k
    }
}

}  // namespace course::optimization
