// Exercise: BFGS with a weak Wolfe line search, and the inverse-Hessian update written out.
// Contract: include/optimization/bfgs.hpp
// Notes: docs/optimization.md#bfgs.  Hints: ./course hint optimization bfgs
// Grade it:  ./course grade optimization bfgs
#include "optimization/bfgs.hpp"

#include <cmath>
#include <limits>

#include "course/error.hpp"

namespace course::optimization {

WolfeResult weak_wolfe_line_search(const Objective& objective, const Vector& x, double fx, const Vector& gx,
                                   const Vector& direction, const WolfeConfig& config) {
    check_wolfe_arguments(objective, x, fx, gx, direction, config);
    //     Armijo:    f(x + t d) <= f(x) + c1 t g^T d      else hi = t
    //     curvature: grad f(x + t d)^T d >= c2 g^T d      else lo = t;   next t = hi finite ? (lo + hi) / 2 : 2 lo
    // TODO(learner): refuse normalized_slope(gx, direction) >= 0 (message with "descent"; it is the
    // sign of g^T d, which itself underflows to 0 for tiny gradients), then bisect as above for at
    // most max_trials trials, evaluating the gradient only at trials that pass Armijo.
    COURSE_TODO("weak_wolfe_line_search");
}

Matrix bfgs_update(const Matrix& H, const Vector& s, const Vector& y) {
    check_bfgs_update_shapes(H, s, y);
    //     H_new = (I - rho s y^T) H (I - rho y s^T) + rho s s^T,   rho = 1 / (y^T s)
    // TODO(learner): refuse y^T s <= 0 (message with "curvature"); then compute H_new in O(n^2) by
    // expanding the product: only H y is needed.
    // Hint: the two outer factors are transposes of each other; swapping one for the other breaks
    // the symmetry of H_new and the secant equation H_new y = s.
    COURSE_TODO("bfgs_update");
}

OptimizeResult bfgs(const Objective& objective, const Vector& x0, const StopRule& stop, const WolfeConfig& line_search) {
    check_optimizer_arguments("bfgs", objective, x0, stop);
    //     d_k = -H_k g_k,  s_k = t_k d_k,  y_k = g_{k+1} - g_k,  H_{k+1} = bfgs_update(H_k, s_k, y_k)
    // TODO(learner): follow the loop of the contract: H_0 = I, rescaled to (y^T s / y^T y) I just
    // before the first update; skip an update with y^T s <= 0; reuse the line search's value and
    // gradient at x_{k+1}; call the gradient through gradient_at (problem.hpp), in the line search
    // too; count every evaluation. Compute ||g|| without underflow (g.stableNorm()).
    COURSE_TODO("bfgs");
}

}  // namespace course::optimization
