// Backtracking line search (the Armijo condition), and gradient descent that uses it instead of a
// fixed step: no step size to tune, and a guaranteed decrease of f at every iteration.
//
//     accept the first t in t0, t0 * shrink, t0 * shrink^2, ... with
//         f(x + t d) <= f(x) + c1 * t * grad f(x)^T d          (sufficient decrease)
//     (and f(x + t d) < f(x): see "Rounding" below)
//
// d must be a descent direction, grad f(x)^T d < 0, so the right side lies BELOW f(x): the step must
// decrease f by at least a fraction c1 of what the linear model predicts. For small enough t it
// always holds (Taylor), so the search ends; with d = -grad f on an L-smooth f it accepts a step
// t >= min(t0, 2 (1 - c1) shrink / L).
// Rounding: computed values of f carry an error of a few ulps of f. Once c1 t |g^T d| is below an
// ulp of f(x), the bound rounds to f(x) itself: a trial with no decrease at all passes the test as
// written, and one whose value rounds an ulp up fails it although the step makes progress. The
// search therefore also asks for f(x + t d) < f(x) (gradient_descent_armijo's history decreases
// strictly, and it stops when rounding hides the decrease), and Newton's method, whose steps are
// still worth taking there, may ask it to look at the slope instead (ArmijoTest::values_or_slope:
// Hager & Zhang's approximate Armijo condition, below).
// Scale: both tests are homogeneous in f (the rounding band is relative to |f(x)|), so the search
// takes the same step on c f (with fx and gx scaled too) as on f. In gradient_descent_armijo the direction -g scales with f, so the
// same run on c f needs initial_step / c (and gradient_tolerance c tol).
// Notes: docs/optimization.md#line_search. Source: Nocedal & Wright, Numerical Optimization
// (2nd ed.), 3.1 (Algorithm 3.1) and 3.2; Armijo, "Minimization of functions having Lipschitz
// continuous first partial derivatives", Pacific J. Math. 16 (1966); Hager & Zhang, "A new conjugate
// gradient method with guaranteed descent and an efficient line search", SIAM J. Optim. 16(1)
// (2005), section 4 (the approximate Wolfe conditions).
#pragma once

#include <cmath>
#include <string_view>

#include "course/eigen.hpp"
#include "optimization/problem.hpp"

namespace course::optimization {

// ArmijoConfig: the first trial step t0, the factor that shrinks it, the sufficient-decrease
// constant c1 (0 < c1 < 1; 1e-4 is the textbook choice), and how many times the step may shrink.
struct ArmijoConfig {
    double initial_step = 1.0;
    double shrink = 0.5;
    double c1 = 1e-4;
    int max_backtracks = 60;
};

// LineSearchResult: the accepted step t and f(x + t d); the numbers of evaluations of f and of
// grad f it made (gradients only with ArmijoTest::values_or_slope); accepted = false if no trial
// step satisfied the condition (then step and value are the last trial's).
struct LineSearchResult {
    double step = 0.0;
    double value = 0.0;
    int value_evaluations = 0;
    bool accepted = false;
    int gradient_evaluations = 0;
};

// ArmijoTest: which trials backtracking_line_search accepts (its contract below).
//   values           the Armijo condition on values of f, with a strict decrease (the default)
//   values_or_slope  also a trial whose value is within rounding of f(x) when the slope of f along d
//                    there shows the progress Armijo asks for (Hager & Zhang's approximate Armijo
//                    condition); costs a gradient at such trials. Used by newton.
enum class ArmijoTest { values, values_or_slope };

// armijo_rounding_band: how far above f(x) a trial value may lie and still count as "equal to f(x)
// up to rounding" for ArmijoTest::values_or_slope: 2^-44 |f(x)| = 256 eps |f(x)|, a few hundred ulps
// (a computed sum of m terms carries an error of order sqrt(m) ulps in practice, m ulps at worst).
inline double armijo_rounding_band(double fx) { return std::ldexp(std::abs(fx), -44); }

// check_armijo_config: an ArmijoConfig in range, else std::invalid_argument naming `function`.
inline void check_armijo_config(std::string_view function, const ArmijoConfig& config) {
    COURSE_CHECK(config.initial_step > 0.0 && std::isfinite(config.initial_step), function,
                 ": initial_step = ", config.initial_step, ", expected a finite step > 0");
    COURSE_CHECK(config.shrink > 0.0 && config.shrink < 1.0, function, ": shrink = ", config.shrink,
                 ", expected 0 < shrink < 1");
    COURSE_CHECK(config.c1 > 0.0 && config.c1 < 1.0, function, ": c1 = ", config.c1, ", expected 0 < c1 < 1");
    COURSE_CHECK(config.max_backtracks >= 0, function, ": max_backtracks = ", config.max_backtracks,
                 ", expected >= 0");
}

// check_line_search_arguments: backtracking_line_search's argument checks other than the descent
// direction (which is its lesson).
inline void check_line_search_arguments(const Objective& objective, const Vector& x, double fx, const Vector& gx,
                                        const Vector& direction, const ArmijoConfig& config,
                                        ArmijoTest test = ArmijoTest::values) {
    COURSE_CHECK(bool(objective.value), "backtracking_line_search: the objective has no value function");
    COURSE_CHECK(test == ArmijoTest::values || bool(objective.gradient),
                 "backtracking_line_search: ArmijoTest::values_or_slope needs the objective's gradient function");
    COURSE_CHECK(x.size() == gx.size() && x.size() == direction.size(), "backtracking_line_search: x has ",
                 x.size(), " entries, gx ", gx.size(), " and direction ", direction.size(), ", expected equal sizes");
    COURSE_CHECK(std::isfinite(fx), "backtracking_line_search: fx = ", fx, ", expected a finite f(x)");
    check_armijo_config("backtracking_line_search", config);
}

// backtracking_line_search: Armijo backtracking along d from x: the first of the trials
// t = t0, t0 shrink, t0 shrink^2, ... (at most max_backtracks + 1 of them) that is accepted:
//
//     (1)  f(x + t d) <= f(x) + c1 t g^T d   and   f(x + t d) < f(x)             (both tests)
//     (2)  f(x + t d) <= f(x) + armijo_rounding_band(f(x))                        (values_or_slope only,
//          and grad f(x + t d)^T d <= (2 c1 - 1) g^T d                              when (1) fails)
//
// (1) is Armijo's condition; its second half changes nothing until c1 t g^T d is lost in the
// rounding of f(x), and from there refuses trials that do not decrease f. (2) is the first of Hager
// & Zhang's approximate Wolfe conditions: along d, f(x + t d) - f(x) = t (g^T d + grad f(x + t d)^T d) / 2
// exactly when f is quadratic along d, so (2) is Armijo's condition written with slopes, which keep
// their relative accuracy where the difference of two values of f is rounding noise. Its first half
// keeps it to trials whose value is within rounding of f(x).
// fx = f(x) and gx = grad f(x) are passed in (the caller has them already). objective.value is
// called once per trial; objective.gradient (through gradient_at) only for a trial that fails (1)
// and meets the first half of (2), and only with values_or_slope. A trial value or slope that is
// inf or NaN is rejected like any other failing trial. x, gx and d have n entries.
// Throws std::invalid_argument if the sizes differ, fx is not finite, d is not a descent direction
// (g^T d >= 0, "descent" in the message), the config is out of range (t0 > 0, 0 < shrink < 1,
// 0 < c1 < 1, max_backtracks >= 0), or values_or_slope is asked of an objective without a gradient.
LineSearchResult backtracking_line_search(const Objective& objective, const Vector& x, double fx, const Vector& gx,
                                          const Vector& direction, const ArmijoConfig& config = {},
                                          ArmijoTest test = ArmijoTest::values);

// gradient_descent_armijo: gradient descent with d_k = -grad f(x_k) and the step of
// backtracking_line_search, restarted at config.initial_step every iteration.
//
//     x_{k+1} = x_k - t_k grad f(x_k),   t_k the first Armijo step
//
// Stops as gradient_descent does (problem.hpp: ||grad f(x_k)|| < tol, converged; k == max_iterations,
// not converged), and also, not converged, when the line search finds no acceptable step (rounding
// then hides the decrease: the tolerance is below what double precision can resolve) or when the
// gradient is exactly zero (converged). f(x_{k+1}) is the line search's accepted value, not evaluated
// again: value_evaluations = 1 + all trials, gradient_evaluations = k + 1. The search runs with
// ArmijoTest::values, so history is strictly decreasing, and where rounding hides the decrease of f
// the run stops (not converged) instead of taking steps that leave f unchanged.
// Throws DivergedError if f(x_0) or a gradient is not finite; std::invalid_argument for
// the argument errors of check_optimizer_arguments and for an out-of-range config.
OptimizeResult gradient_descent_armijo(const Objective& objective, const Vector& x0, const ArmijoConfig& config = {},
                                       const StopRule& stop = {});

}  // namespace course::optimization
