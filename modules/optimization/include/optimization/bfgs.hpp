// BFGS: a quasi-Newton method. It never evaluates the Hessian; it learns the inverse Hessian from
// the gradients it has already seen, one rank-two update per step.
//
//     d_k = -H_k g_k,   x_{k+1} = x_k + t_k d_k,   s_k = x_{k+1} - x_k,   y_k = g_{k+1} - g_k
//     H_{k+1} = (I - rho_k s_k y_k^T) H_k (I - rho_k y_k s_k^T) + rho_k s_k s_k^T,   rho_k = 1 / (y_k^T s_k)
//
// H_{k+1} is the symmetric matrix closest to H_k (in a weighted norm) that satisfies the secant
// equation H_{k+1} y_k = s_k: the inverse Hessian of the quadratic model that reproduces the last
// gradient change. It stays positive definite as long as y_k^T s_k > 0 (the curvature condition),
// which the weak Wolfe line search below guarantees. Convergence is superlinear near a minimizer
// with positive definite Hessian. Cost: O(n^2) per iteration besides the evaluations.
// Notes: docs/optimization.md#bfgs. Sources: Nocedal & Wright, Numerical Optimization (2nd ed.),
// 6.1 (eq. 6.17, Algorithm 6.1) and 3.1 (the Wolfe conditions); Broyden, Fletcher, Goldfarb and
// Shanno (1970); Lewis & Overton, "Nonsmooth optimization via quasi-Newton methods", Math.
// Programming 141 (2013), for the bisection line search.
#pragma once

#include <cmath>

#include "course/eigen.hpp"
#include "optimization/problem.hpp"

namespace course::optimization {

// WolfeConfig: the first trial step, the constants 0 < c1 < c2 < 1 of the two Wolfe conditions
// (1e-4 and 0.9 are the textbook choice for quasi-Newton methods), and a cap on the trials.
struct WolfeConfig {
    double initial_step = 1.0;
    double c1 = 1e-4;
    double c2 = 0.9;
    int max_trials = 60;
};

// WolfeResult: the accepted step t, f(x + t d) and grad f(x + t d) (the last trial's if none was
// accepted), the evaluations made, and whether a step satisfying both conditions was found.
struct WolfeResult {
    double step = 0.0;
    double value = 0.0;
    Vector gradient;
    int value_evaluations = 0;
    int gradient_evaluations = 0;
    bool accepted = false;
};

// check_wolfe_arguments: the checks of weak_wolfe_line_search's arguments other than the descent
// direction (which is its lesson): std::invalid_argument naming the function and the value.
inline void check_wolfe_arguments(const Objective& objective, const Vector& x, double fx, const Vector& gx,
                                  const Vector& direction, const WolfeConfig& config) {
    COURSE_CHECK(objective.value && objective.gradient, "weak_wolfe_line_search: the objective needs value and gradient");
    COURSE_CHECK(x.size() == gx.size() && x.size() == direction.size(), "weak_wolfe_line_search: x has ", x.size(),
                 " entries, gx ", gx.size(), " and direction ", direction.size(), "; expected the same n");
    COURSE_CHECK(std::isfinite(fx), "weak_wolfe_line_search: fx = ", fx, ", expected a finite f(x)");
    COURSE_CHECK(config.initial_step > 0.0 && std::isfinite(config.initial_step),
                 "weak_wolfe_line_search: initial_step = ", config.initial_step, ", expected a finite value > 0");
    COURSE_CHECK(0.0 < config.c1 && config.c1 < config.c2 && config.c2 < 1.0, "weak_wolfe_line_search: c1 = ",
                 config.c1, ", c2 = ", config.c2, ", expected 0 < c1 < c2 < 1");
    COURSE_CHECK(config.max_trials >= 1, "weak_wolfe_line_search: max_trials = ", config.max_trials, ", expected >= 1");
}

// normalized_slope: g^T d / (max_i |g_i| max_i |d_i|), 0 if g or d is 0 (or empty): the sign of
// g^T d, computed on vectors scaled to a largest entry of 1 so that it survives where g^T d itself
// underflows (g = -d = (3e-170, 4e-170) gives g^T d = -2.5e-339, which rounds to 0). The line
// search's descent test is normalized_slope(g, d) < 0.
inline double normalized_slope(const Vector& g, const Vector& d) {
    if (g.size() == 0 || g.size() != d.size()) return 0.0;
    const double g_max = g.cwiseAbs().maxCoeff(), d_max = d.cwiseAbs().maxCoeff();
    if (g_max == 0.0 || d_max == 0.0) return 0.0;
    return (g / g_max).dot(d / d_max);
}

// check_bfgs_update_shapes: bfgs_update's shape checks (the curvature check is its lesson).
inline void check_bfgs_update_shapes(const Matrix& H, const Vector& s, const Vector& y) {
    COURSE_CHECK(H.rows() == H.cols() && H.rows() >= 1, "bfgs_update: H is ", H.rows(), " x ", H.cols(),
                 ", expected a square matrix with n >= 1");
    COURSE_CHECK(s.size() == H.rows() && y.size() == H.rows(), "bfgs_update: s has ", s.size(), " entries and y ",
                 y.size(), " but H is ", H.rows(), " x ", H.cols());
}

// weak_wolfe_line_search: a step t along the descent direction d from x satisfying
//
//     f(x + t d) <= f(x) + c1 t g^T d            (sufficient decrease, Armijo)
//     grad f(x + t d)^T d >= c2 g^T d            (curvature: the slope has flattened enough)
//
// by bracketing and bisection: lo = 0, hi = inf, t = initial_step; at each trial, if Armijo fails
// then hi = t; else if the curvature condition fails then lo = t; else accept t. The next trial is
// (lo + hi) / 2 when hi is finite, 2 lo otherwise. The gradient is evaluated only at trials that
// pass Armijo. Curvature implies y^T s = t (grad f(x + t d) - g)^T d >= t (c2 - 1) g^T d > 0.
// fx = f(x) and gx = grad f(x) are passed in. A non-finite trial value fails Armijo.
// Descent is decided by the sign of normalized_slope(gx, d), not of the computed g^T d: where g^T d
// underflows to 0 (tiny gradients) d is still a descent direction, the Armijo bound is then f(x)
// itself (the step may not increase f) and the curvature test asks grad f(x + t d)^T d >= 0.
// Throws std::invalid_argument if the sizes differ, fx is not finite, d is not a descent direction
// (normalized_slope(gx, d) >= 0, as for d = 0 or d orthogonal to g; "descent" in the message), or
// the config is out of range.
WolfeResult weak_wolfe_line_search(const Objective& objective, const Vector& x, double fx, const Vector& gx,
                                   const Vector& direction, const WolfeConfig& config = {});

// bfgs_update: the inverse-Hessian update written out, for H (n, n) symmetric positive definite
// and s, y (n entries) with y^T s > 0:
//
//     H_new = (I - rho s y^T) H (I - rho y s^T) + rho s s^T,   rho = 1 / (y^T s)
//           = H - rho (s (H y)^T + (H y) s^T) + (rho^2 y^T H y + rho) s s^T      (expanded, O(n^2))
//
// H_new is symmetric, positive definite, and satisfies the secant equation H_new y = s.
// Throws std::invalid_argument if the shapes differ, or, with "curvature" in the message, if
// y^T s <= 0 (the update would destroy positive definiteness).
Matrix bfgs_update(const Matrix& H, const Vector& s, const Vector& y);

// bfgs: BFGS from x0 with the weak Wolfe line search.
//
//     f_0, g_0 at x_0;  H_0 = I
//     for k = 0, 1, ...:  stop if ||g_k|| < stop.gradient_tolerance or g_k = 0   (converged)
//                         stop if k == stop.max_iterations                       (not converged)
//                         d_k = -H_k g_k;  t_k = weak_wolfe_line_search(...)
//                         stop if it accepts no step                             (not converged)
//                         s_k = t_k d_k,  y_k = g_{k+1} - g_k
//                         before the first update only: H_0 = (y_0^T s_0 / y_0^T y_0) I
//                         H_{k+1} = bfgs_update(H_k, s_k, y_k)
//
// The scaling of H_0 (Nocedal & Wright, eq. 6.20) gives the first update the size of the true
// inverse Hessian along y_0. An accepted Wolfe step has y^T s > 0 in exact arithmetic; where the
// computed y^T s is <= 0 anyway (it underflows to 0 for gradients below about 1e-162), the update
// is skipped (H_{k+1} = H_k) rather than spoiling H.
// ||g_k|| is computed without underflow (Eigen's stableNorm, or scaled by max|g_i|): the plain
// sqrt(sum g_i^2) is 0 for g = (3e-170, 4e-170), which would pass any tolerance > 0.
// Tolerance 0: only g_k = 0 exactly converges. A nonzero g_k, however tiny (subnormal entries, or
// entries whose squares underflow), is not converged: the run steps on (the line search decides
// descent without underflow, see weak_wolfe_line_search).
// Evaluations: f and grad f once at x_0, then whatever the line searches make (f(x_{k+1}) and
// grad f(x_{k+1}) are the line search's, never evaluated again); no Hessian.
// Scale: the stopping rule ||g|| < tol is absolute (scale it with f). For f scaled by c = 2^k and
// tol by c, every value, slope and product the method compares scales by a power of two, exactly,
// except in the first line search: its first trial is initial_step along -c g_0, so it needs about
// |k| more trials (beyond about |k| = 55 it runs out of max_trials), and it may accept another point
// of the Wolfe interval than the unscaled search does. The rescaled H_0 = (y_0^T s_0 / y_0^T y_0) I
// and every later H then carry the factor 1/c, so d = -H g has the unscaled units and the later
// searches cost what unscaled ones cost; when the first search accepts the unscaled run's point
// (with the same bracket), the whole run repeats the unscaled one bit for bit, values times c, with
// |k| extra trials in all. Otherwise the iterates differ from the unscaled run's from x_1 on.
// Without the rescaling, the directions no update has reached keep the wrong units.
// Throws DivergedError naming k if f(x_0) or any g_k is not finite (the line search only accepts
// finite values); std::invalid_argument for the
// errors of check_optimizer_arguments and for a config that weak_wolfe_line_search refuses.
OptimizeResult bfgs(const Objective& objective, const Vector& x0, const StopRule& stop = {},
                    const WolfeConfig& line_search = {});

}  // namespace course::optimization
