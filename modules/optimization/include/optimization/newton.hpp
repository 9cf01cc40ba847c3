// Newton's method with a backtracking line search, and a shifted Hessian where f is not convex.
//
//     (H_k + tau_k I) d_k = -g_k,    x_{k+1} = x_k + t_k d_k
//
// with H_k = Hessian of f at x_k, g_k = grad f(x_k), tau_k >= 0 the smallest shift of the sequence
// below that makes H_k + tau_k I positive definite (tau_k = 0 where H_k already is: the pure Newton
// step), and t_k the step of backtracking_line_search (line_search.hpp) starting at t = 1.
// Near a minimizer with positive definite Hessian the full step t = 1 is accepted and the error is
// squared at every step: ||x_{k+1} - x*|| <= C ||x_k - x*||^2 (quadratic convergence). Where H_k is
// not positive definite, the pure Newton step heads for a saddle point or a maximum as readily as
// for a minimum; the shift turns it into a descent direction, between Newton's (tau = 0) and the
// gradient's (tau -> infinity: d -> -g / tau).
// Near the minimizer the decrease of a full step, about g^T H^-1 g / 2, falls below the rounding of
// f long before ||g|| reaches a tight tolerance, and f(x + d) may come out an ulp ABOVE f(x) although
// the step gains digits: the line search then judges by the slope along d instead
// (ArmijoTest::values_or_slope, Hager & Zhang's approximate Armijo condition).
// Scale: the direction is unchanged when f is multiplied by c (H and g both scale; the shift's beta
// is relative to ||H||_F), and both Armijo tests are homogeneous in f, so on c f with
// gradient_tolerance c tol the run is the same; only the absolute stopping rule (problem.hpp) needs
// the scaled tolerance.
// Notes: docs/optimization.md#newton. Sources: Nocedal & Wright, Numerical Optimization (2nd ed.),
// 3.3 (Theorem 3.5, quadratic convergence) and 3.4 (Algorithm 3.3, Cholesky with added multiple of
// the identity); Boyd & Vandenberghe, Convex Optimization, 9.5; Hager & Zhang, SIAM J. Optim.
// 16(1) (2005), section 4 (the approximate Wolfe conditions).
#pragma once

#include <atomic>

#include "course/eigen.hpp"
#include "course/error.hpp"
#include "optimization/line_search.hpp"
#include "optimization/problem.hpp"

namespace course::optimization {

// NewtonDirection: the direction d with (H + shift I) d = -g, and the shift used (0 if H itself is
// positive definite).
struct NewtonDirection {
    Vector direction;
    double shift = 0.0;
};

// newton_directions_started: how many times check_newton_direction_arguments has run.
// newton_direction calls it first, so this counts directions: the tests check with it that newton
// computes one direction (one Hessian's factorizations) per iteration, not more.
inline std::atomic<long> newton_directions_started{0};

// check_newton_direction_arguments: newton_direction's shape, finiteness and symmetry checks (not
// its lesson: that is what to do when H is not positive definite); counts the call.
inline void check_newton_direction_arguments(const Matrix& H, const Vector& g) {
    ++newton_directions_started;
    COURSE_CHECK(H.rows() == H.cols() && H.rows() >= 1, "newton_direction: H is ", H.rows(), " x ", H.cols(),
                 ", expected a square Hessian with n >= 1");
    COURSE_CHECK(g.size() == H.rows(), "newton_direction: g has ", g.size(), " entries but H is ", H.rows(), " x ",
                 H.cols());
    COURSE_CHECK(H.allFinite(), "newton_direction: H holds inf or NaN");
    const double asymmetry = (H - H.transpose()).cwiseAbs().maxCoeff();
    COURSE_CHECK(asymmetry <= 1e-10 * H.cwiseAbs().maxCoeff(), "newton_direction: H is not symmetric: max |H_ij - H_ji| = ",
                 asymmetry, " > 1e-10 max|H|; check the mixed partial derivatives of the Hessian");
}

// newton_direction: the Newton direction of a symmetric H (n, n) and a gradient g (n entries),
// shifted where H is not positive definite (Nocedal & Wright, Algorithm 3.3):
//
//     beta = 1e-3 * ||H||_F              (beta = 1 if H = 0)
//     tau  = 0 if min_i H_ii > 0, else beta - min_i H_ii
//     while the Cholesky factorization of H + tau I fails:  tau = max(2 tau, beta)
//     d = -(H + tau I)^-1 g               (from that Cholesky factor)
//
// The result is a descent direction, g^T d = -g^T (H + tau I)^-1 g < 0 for g != 0. Cost: one
// Cholesky factorization, n^3 / 3 flops, per trial tau.
// Range: computed as written, ||H||_F overflows for entries from ~1e154 on (and underflows to 0
// below ~1e-162, which would make beta = 1), and H_ii + tau overflows near DBL_MAX. Apply the rule to
// H / s with s the power of 4 that puts max|H_ij| / s in [1, 4): then tau = s tau_s and
// d = y / s with (H / s + tau_s I) y = -g, bit for bit the unscaled rule wherever that one stays in
// range. The shift is +inf when s tau_s exceeds DBL_MAX (|H_ij| within a factor ~1000 n of it);
// the direction is still the rule's.
// Throws std::invalid_argument if H is not square, g does not have n entries, H holds inf or NaN,
// or H is not symmetric (|H_ij - H_ji| > 1e-10 max|H|: an analytic Hessian should be symmetric to
// rounding; a mistake in one entry is not).
NewtonDirection newton_direction(const Matrix& H, const Vector& g);

// check_newton_arguments: check_optimizer_arguments, then an objective with a hessian (not the lesson).
inline void check_newton_arguments(const Objective& objective, const Vector& x0, const StopRule& stop) {
    check_optimizer_arguments("newton", objective, x0, stop);
    COURSE_CHECK(bool(objective.hessian), "newton: the objective has no hessian function; Newton's method needs "
                 "second derivatives (use bfgs when only the gradient is available)");
}

// newton: Newton's method with backtracking from x0.
//
//     f_0 = f(x_0)
//     for k = 0, 1, ...:  g_k = grad f(x_k)
//                         stop if ||g_k|| < stop.gradient_tolerance or g_k = 0   (converged)
//                         stop if k == stop.max_iterations               (not converged)
//                         d_k = newton_direction(hessian(x_k), g_k).direction
//                         t_k = backtracking_line_search(objective, x_k, f_k, g_k, d_k, line_search,
//                                                        ArmijoTest::values_or_slope)
//                         stop if the line search finds no step            (not converged)
//                         x_{k+1} = x_k + t_k d_k,   f_{k+1} = the line search's accepted value
//
// Evaluations: value 1 + every line-search trial (f(x_{k+1}) is never evaluated twice), gradient
// k + 1 + the line searches' gradient_evaluations (slopes at trials within rounding of f_k; not
// reused as g_{k+1}), hessian k; newton_direction once per step. history holds f(x_0), ..., f(x_k):
// it decreases, except that a step accepted on its slope may raise f by up to
// armijo_rounding_band(f_k), which is rounding.
// Throws DivergedError naming k if f(x_0), g_k or H_k is not finite; std::invalid_argument if the
// objective has no hessian, for the errors of check_optimizer_arguments, and for a line_search
// config that backtracking_line_search refuses.
OptimizeResult newton(const Objective& objective, const Vector& x0, const StopRule& stop = {},
                      const ArmijoConfig& line_search = {});

}  // namespace course::optimization
