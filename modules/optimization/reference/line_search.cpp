// Reference solution: backtracking line search and gradient descent with it. Contract: include/optimization/line_search.hpp
#include "optimization/line_search.hpp"

#include <cmath>
#include <string_view>

#include "course/error.hpp"

namespace course::optimization {
LineSearchResult backtracking_line_search(const Objective& objective, const Vector& x, double fx, const Vector& gx,
                                          const Vector& direction, const ArmijoConfig& config, ArmijoTest test) {
    check_line_search_arguments(objective, x, fx, gx, direction, config, test);
    const double slope = gx.dot(direction);  // g^T d, the derivative of f(x + t d) at t = 0
    COURSE_CHECK(slope < 0.0, "backtracking_line_search: g^T d = ", slope,
                 " >= 0, so d is not a descent direction (did you pass +grad instead of -grad?)");

    LineSearchResult result;
    double t = config.initial_step;
    for (int backtracks = 0;; ++backtracks) {
        const Vector trial = x + t * direction;
        const double f_trial = objective.value(trial);
        ++result.value_evaluations;
        result.step = t;
        result.value = f_trial;
        // (1) Sufficient decrease, f(x + t d) <= f(x) + c1 t g^T d, and a decrease the doubles show:
        // below the rounding level of f the bound rounds to f(x). Written so that NaN fails it.
        if (f_trial <= fx + config.c1 * t * slope && f_trial < fx) {
            result.accepted = true;
            return result;
        }
        // (2) Where f(x + t d) and f(x) agree to rounding, Armijo from the slopes (Hager & Zhang):
        // grad f(x + t d)^T d <= (2 c1 - 1) g^T d.
        if (test == ArmijoTest::values_or_slope && f_trial <= fx + armijo_rounding_band(fx)) {
            const Vector g_trial = gradient_at("backtracking_line_search", objective, trial);
            ++result.gradient_evaluations;
            if (g_trial.dot(direction) <= (2.0 * config.c1 - 1.0) * slope) {
                result.accepted = true;
                return result;
            }
        }
        if (backtracks == config.max_backtracks) return result;
        t *= config.shrink;
    }
}

OptimizeResult gradient_descent_armijo(const Objective& objective, const Vector& x0, const ArmijoConfig& config,
                                       const StopRule& stop) {
    check_optimizer_arguments("gradient_descent_armijo", objective, x0, stop);
    check_armijo_config("gradient_descent_armijo", config);

    OptimizeResult result;
    result.x = x0;
    result.value = objective.value(x0);
    ++result.value_evaluations;
    result.history.push_back(result.value);
    if (!std::isfinite(result.value)) throw DivergedError("gradient_descent_armijo", 0, "f(x_0)");
    for (int k = 0;; ++k) {
        const Vector g = gradient_at("gradient_descent_armijo", objective, result.x);
        ++result.gradient_evaluations;
        result.iterations = k;
        if (!g.allFinite()) throw DivergedError("gradient_descent_armijo", k, "grad f(x_k)");

        const double grad_norm = g.norm();
        if (grad_norm < stop.gradient_tolerance || grad_norm == 0.0) {
            result.converged = true;
            return result;
        }
        if (k == stop.max_iterations) return result;

        const Vector d = -g;
        const LineSearchResult search = backtracking_line_search(objective, result.x, result.value, g, d, config);
        result.value_evaluations += search.value_evaluations;
        if (!search.accepted) return result;  // no decrease found: stalled at rounding level

        result.x += search.step * d;  // x_{k+1} = x_k - t_k g_k
        result.value = search.value;  // f(x_{k+1}), already evaluated by the search
        result.history.push_back(result.value);
    }
}

}  // namespace course::optimization
