// Reference solution: gradient descent with a fixed step. Contract: include/optimization/gradient_descent.hpp
#include "optimization/gradient_descent.hpp"

#include <cmath>

#include "course/error.hpp"

namespace course::optimization {

OptimizeResult gradient_descent(const Objective& objective, const Vector& x0, double step, const StopRule& stop) {
    check_gradient_descent_arguments(objective, x0, step, stop);

    OptimizeResult result;
    result.x = x0;
    for (int k = 0;; ++k) {
        // Evaluate at x_k, record, and refuse to go on from a non-finite point.
        result.value = objective.value(result.x);
        const Vector g = gradient_at("gradient_descent", objective, result.x);
        ++result.value_evaluations;
        ++result.gradient_evaluations;
        result.history.push_back(result.value);
        result.iterations = k;
        if (!std::isfinite(result.value)) throw DivergedError("gradient_descent", k, "f(x_k)");
        if (!g.allFinite()) throw DivergedError("gradient_descent", k, "grad f(x_k)");

        if (g.norm() < stop.gradient_tolerance) {
            result.converged = true;
            return result;
        }
        if (k == stop.max_iterations) return result;
        result.x -= step * g;  // x_{k+1} = x_k - alpha g_k
    }
}

}  // namespace course::optimization
