// Exercise: projections onto a box and onto the probability simplex, and projected gradient descent.
// Contract: include/optimization/projected_gradient.hpp
// Notes: docs/optimization.md#projected_gradient.  Hints: ./course hint optimization projected_gradient
// Grade it:  ./course grade optimization projected_gradient
#include "optimization/projected_gradient.hpp"

#include <algorithm>
#include <cmath>
#include <functional>
#include <vector>

#include "course/error.hpp"

namespace course::optimization {

Vector project_box(const Vector& x, const Vector& lower, const Vector& upper) {
    check_project_box_sizes(x, lower, upper);
    check_project_box_values(x, lower, upper);
    //     P(x)_i = min(max(x_i, lower_i), upper_i)
    // TODO(learner): refuse an empty box (lower_i > upper_i, naming i and both bounds), then clamp.
    COURSE_TODO("project_box");
}

Vector project_simplex(const Vector& x) {
    check_project_simplex_input(x);
    //     P(x)_i = max(x_i - theta, 0)   with theta chosen so that the entries sum to 1
    // TODO(learner): subtract max x from every entry (P(x + c 1) = P(x); on x itself the sums
    // below lose the "- 1" once |x| nears 2^53); sort a copy in decreasing order; walk it with a
    // running sum s_j and keep theta = (s_j - 1) / j for the last j where u_j > (s_j - 1) / j;
    // then shift and clip.
    // Hint: shifting every entry by (sum x - 1) / n and clipping at 0 does not sum to 1 once any
    // entry is clipped: only the entries that stay positive may share the shift.
    COURSE_TODO("project_simplex");
}

OptimizeResult projected_gradient_descent(const Objective& objective, const std::function<Vector(const Vector&)>& project,
                                          const Vector& x0, double step, const StopRule& stop) {
    check_projected_gradient_arguments(objective, project, x0, step, stop);
    //     x_{k+1} = P(x_k - step * grad f(x_k)),    G_k = (x_k - x_{k+1}) / step
    // TODO(learner): start from project(x0); each iteration evaluate f and grad f once (project and
    // differentiate through projection_of and gradient_at, which refuse a wrong size; count them,
    // record f in history, throw DivergedError if either is not finite), then stop on ||G_k|| or on
    // max_iterations as the contract says.
    // Hint: stopping on ||grad f|| never triggers when a constraint is active at the minimizer.
    COURSE_TODO("projected_gradient_descent");
}

}  // namespace course::optimization
