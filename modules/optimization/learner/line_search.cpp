// Exercise: backtracking line search (Armijo) and gradient descent with it. Contract: include/optimization/line_search.hpp
// Notes: docs/optimization.md#line_search.  Hints: ./course hint optimization line_search
// Grade it:  ./course grade optimization line_search
#include "optimization/line_search.hpp"

#include <cmath>
#include <string_view>

#include "course/error.hpp"

namespace course::optimization {
LineSearchResult backtracking_line_search(const Objective& objective, const Vector& x, double fx, const Vector& gx,
                                          const Vector& direction, const ArmijoConfig& config, ArmijoTest test) {
    check_line_search_arguments(objective, x, fx, gx, direction, config, test);
    //     accept the first t = t0 * shrink^j with  f(x + t d) <= f(x) + c1 * t * g^T d  and  f(x + t d) < f(x),
    //     or (values_or_slope) with f(x + t d) <= f(x) + armijo_rounding_band(f(x)) and
    //     grad f(x + t d)^T d <= (2 c1 - 1) g^T d
    // TODO(learner): refuse a d with g^T d >= 0 (std::invalid_argument saying "descent"), then try
    // t = t0, t0 * shrink, ... up to max_backtracks shrinks, counting every evaluation of f (and of
    // the gradient, which only the second rule needs).
    // Hint: g^T d < 0, so the right side is below f(x). Write the test so that a NaN trial fails it.
    COURSE_TODO("backtracking_line_search");
}

OptimizeResult gradient_descent_armijo(const Objective& objective, const Vector& x0, const ArmijoConfig& config,
                                       const StopRule& stop) {
    check_optimizer_arguments("gradient_descent_armijo", objective, x0, stop);
    check_armijo_config("gradient_descent_armijo", config);
    //     x_{k+1} = x_k - t_k grad f(x_k),   t_k from backtracking_line_search along d = -grad f(x_k)
    // TODO(learner): as gradient_descent (the gradient through gradient_at), but the step comes
    // from the line search; reuse its f(x_{k+1}) instead of evaluating f again, and add its
    // evaluations to the count. Stop (not converged) if the search finds no acceptable step.
    // Hint: evaluate f(x_0) once before the loop; inside, one gradient per iterate.
    COURSE_TODO("gradient_descent_armijo");
}

}  // namespace course::optimization
