// Projected gradient: gradient descent on a convex set C, by stepping and projecting back.
//
//     x_{k+1} = P_C(x_k - alpha * grad f(x_k)),     P_C(y) = argmin_{x in C} ||x - y||_2
//
// Two sets whose projection costs almost nothing: a box {lower <= x <= upper} (clamp each entry)
// and the probability simplex {x >= 0, sum x = 1} (shift by one threshold, then clip at 0). The
// first carries bound constraints (weights in [0, 1]); the second carries mixtures and
// probability vectors (attention weights, a policy's action probabilities).
// Notes: docs/optimization.md#projected_gradient. Sources: Beck, First-Order Methods in
// Optimization (2017), 6.4 and 10.2; Nocedal & Wright, Numerical Optimization (2nd ed.), 16.7;
// Duchi, Shalev-Shwartz, Singer & Chandra, "Efficient Projections onto the l1-Ball for Learning in
// High Dimensions", ICML 2008; Wang & Carreira-Perpinan, "Projection onto the probability simplex:
// an efficient algorithm with a simple proof", arXiv:1309.1541 (2013).
#pragma once

#include <cmath>
#include <functional>
#include <limits>

#include "course/eigen.hpp"
#include "course/error.hpp"
#include "optimization/problem.hpp"

namespace course::optimization {

// check_project_box_sizes: x, lower and upper have the same n (project_box; not its lesson: the
// empty box is).
inline void check_project_box_sizes(const Vector& x, const Vector& lower, const Vector& upper) {
    COURSE_CHECK(lower.size() == x.size() && upper.size() == x.size(), "project_box: x has ", x.size(),
                 " entries but lower has ", lower.size(), " and upper ", upper.size(), "; expected the same n");
}

// check_project_box_values: no NaN in x, lower or upper, and no bound that no real number meets
// (lower_i = +inf or upper_i = -inf), each refused naming the entry (project_box; not its lesson:
// the empty box lower_i > upper_i is). Infinite entries of x are allowed (they are clamped).
inline void check_project_box_values(const Vector& x, const Vector& lower, const Vector& upper) {
    constexpr double inf = std::numeric_limits<double>::infinity();
    for (Eigen::Index i = 0; i < x.size(); ++i) {
        COURSE_CHECK(!std::isnan(x(i)), "project_box: x[", i, "] is NaN, expected a number (+-inf is allowed)");
        COURSE_CHECK(!std::isnan(lower(i)), "project_box: lower[", i, "] is NaN, expected a number or -inf");
        COURSE_CHECK(!std::isnan(upper(i)), "project_box: upper[", i, "] is NaN, expected a number or +inf");
        COURSE_CHECK(lower(i) != inf, "project_box: lower[", i, "] = inf: the box is empty (no real number is >= inf)");
        COURSE_CHECK(upper(i) != -inf, "project_box: upper[", i, "] = -inf: the box is empty (no real number is <= -inf)");
    }
}

// project_box: the closest point of the box {lower <= x <= upper} to x, entry by entry.
//
//     P(x)_i = min(max(x_i, lower_i), upper_i)
//
// x, lower and upper have n entries; lower_i may be -inf and upper_i +inf (no bound); x_i may be
// +-inf (clamped like any entry). Cost: O(n).
// Throws std::invalid_argument if the sizes differ, if x or a bound holds NaN, if lower_i = +inf or
// upper_i = -inf (check_project_box_values), or if lower_i > upper_i (an empty box), naming the entry.
Vector project_box(const Vector& x, const Vector& lower, const Vector& upper);

// check_project_simplex_input: x is not empty and finite (project_simplex; not its lesson).
inline void check_project_simplex_input(const Vector& x) {
    COURSE_CHECK(x.size() >= 1, "project_simplex: x is empty, expected n >= 1 entries");
    COURSE_CHECK(x.allFinite(), "project_simplex: x holds inf or NaN, expected finite entries");
}

// project_simplex: the closest point of the probability simplex {p : p_i >= 0, sum_i p_i = 1} to x.
//
//     P(x)_i = max(x_i - theta, 0),   theta the unique number with sum_i max(x_i - theta, 0) = 1
//
// With x sorted in decreasing order, u_1 >= u_2 >= ... >= u_n, theta = (u_1 + ... + u_rho - 1) / rho,
// where rho is the largest j with u_j - (u_1 + ... + u_j - 1) / j > 0 (Held, Wolfe & Crowder 1974;
// Duchi et al. 2008, Figure 1). Cost: O(n log n) for one sort (no test counts it: the comparisons
// of a sort of doubles cannot be observed through this signature).
// Any finite x is projected ON the simplex (entries >= 0, sum 1 to a few n u), whatever its
// magnitude or offset: P(x + c 1) = P(x), so the threshold is computed for y = x - max x, where
// theta - max x lies in [-1, 0) and the partial sums stay of order rho. (On x itself, s_j - 1
// rounds back to s_j once |x| nears 2^53 ~ 9e15: (1e16, 0) would come back unchanged.) An entry
// whose gap to max x overflows is clipped to 0.
// Throws std::invalid_argument if x is empty or holds inf or NaN.
Vector project_simplex(const Vector& x);

// projection_of: project(x), refused with std::invalid_argument when the projection returns a
// vector with another number of entries than x. projected_gradient_descent projects through it.
inline Vector projection_of(const std::function<Vector(const Vector&)>& project, const Vector& x) {
    Vector p = project(x);
    COURSE_CHECK(p.size() == x.size(), "projected_gradient_descent: the projection returned ", p.size(),
                 " entries for a point with n = ", x.size(), "; expected n");
    return p;
}

// check_projected_gradient_arguments: check_optimizer_arguments, then a projection and a finite
// step > 0 (projected_gradient_descent; not its lesson).
inline void check_projected_gradient_arguments(const Objective& objective,
                                               const std::function<Vector(const Vector&)>& project, const Vector& x0,
                                               double step, const StopRule& stop) {
    check_optimizer_arguments("projected_gradient_descent", objective, x0, stop);
    COURSE_CHECK(bool(project), "projected_gradient_descent: project is empty, expected the projection onto the set "
                 "(e.g. a lambda calling project_box or project_simplex)");
    COURSE_CHECK(step > 0.0 && std::isfinite(step), "projected_gradient_descent: step = ", step,
                 ", expected a finite step > 0 (at most 1 / L for an L-smooth f)");
}

// projected_gradient_descent: fixed-step projected gradient from P(x0).
//
//     x_0 = project(x0)
//     for k = 0, 1, ...:  f_k = f(x_k), g_k = grad f(x_k),  x_next = project(x_k - step * g_k)
//                         G_k = (x_k - x_next) / step              (the gradient mapping)
//                         stop if ||G_k||_2 < stop.gradient_tolerance   (converged; the norm must not
//                                                                       underflow: entries of 1e-170 have
//                                                                       squares below the subnormals)
//                         stop if k == stop.max_iterations              (not converged)
//                         x_{k+1} = x_next
//
// The stopping test uses the gradient mapping G, not grad f: at a constrained minimizer grad f is
// usually not 0 (it points out of C), while G = 0 exactly at the minimizers of f over C. Without
// constraints (project = identity) G = grad f and this is gradient_descent. For a convex L-smooth
// f, step <= 1 / L guarantees f(x_{k+1}) <= f(x_k) (Beck, Lemma 10.4).
// Each iteration evaluates f and grad f once (a run of k steps reports k + 1 of each) and calls
// project once. history holds f(x_0), ..., f(x_k) with x_0 = project(x0).
// Throws DivergedError naming k if f(x_k) or grad f(x_k) is not finite; std::invalid_argument if
// project is empty, step is not a finite number > 0, the gradient (gradient_at) or the projection
// (projection_of) returns a vector of the wrong size, or for the errors of check_optimizer_arguments.
OptimizeResult projected_gradient_descent(const Objective& objective, const std::function<Vector(const Vector&)>& project,
                                          const Vector& x0, double step, const StopRule& stop = {});

}  // namespace course::optimization
