// L-BFGS: limited-memory BFGS. BFGS keeps the inverse-Hessian approximation H as an n x n matrix:
// 8 n^2 bytes, 800 MB at n = 10^4. L-BFGS never forms H; it keeps the m most recent pairs
//
//     s_i = x_{i+1} - x_i,   y_i = g_{i+1} - g_i        (i = k - m, ..., k - 1)
//
// and computes d_k = -H_k g_k, where H_k is BFGS's matrix started from H0 = gamma_k I and updated with
// those m pairs only, by the two-loop recursion in O(m n) flops and 2 m n stored doubles (16 m n
// bytes). With m = n or more and H0 = I, the first directions are BFGS's (no pair has been discarded
// yet); with m of 3 to 20 it is the method of choice for smooth problems with many variables.
// Notes: docs/optimization.md#lbfgs. Sources: Nocedal & Wright, Numerical Optimization (2nd ed.),
// 7.2 (Algorithms 7.4 and 7.5, eq. 7.19-7.20); Nocedal, "Updating quasi-Newton matrices with
// limited storage", Math. Comp. 35 (1980); Liu & Nocedal, "On the limited memory BFGS method for
// large scale optimization", Math. Programming 45 (1989).
#pragma once

#include <cmath>
#include <deque>

#include "course/eigen.hpp"
#include "optimization/bfgs.hpp"
#include "optimization/problem.hpp"

namespace course::optimization {

// LbfgsPair: one step s = x_{i+1} - x_i and the change of the gradient along it, y = g_{i+1} - g_i.
struct LbfgsPair {
    Vector s;
    Vector y;
};

// LbfgsMemory: the stored pairs, oldest first: front() is the oldest, back() the newest.
using LbfgsMemory = std::deque<LbfgsPair>;

// LbfgsConfig: the memory m (how many pairs are kept, m >= 1), whether H0 is scaled by
// gamma = s^T y / y^T y of the newest pair (true, the default) or kept at H0 = I (false), and the
// weak Wolfe line search's config (bfgs.hpp).
struct LbfgsConfig {
    int memory = 10;
    bool scale_initial_matrix = true;
    WolfeConfig line_search{};
};

// check_lbfgs_direction_arguments: lbfgs_direction's checks: std::invalid_argument naming the
// function and the value when g is empty or holds inf or NaN, gamma is not finite and > 0, or a
// pair's s or y does not have g's n entries.
inline void check_lbfgs_direction_arguments(const Vector& g, const LbfgsMemory& pairs, double gamma) {
    COURSE_CHECK(g.size() >= 1, "lbfgs_direction: g is empty, expected a gradient with n >= 1 entries");
    COURSE_CHECK(g.allFinite(), "lbfgs_direction: g holds inf or NaN, expected a finite gradient");
    COURSE_CHECK(gamma > 0.0 && std::isfinite(gamma), "lbfgs_direction: gamma = ", gamma,
                 ", expected a finite value > 0 (H0 = gamma I must be positive definite)");
    for (size_t i = 0; i < pairs.size(); ++i)
        COURSE_CHECK(pairs[i].s.size() == g.size() && pairs[i].y.size() == g.size(), "lbfgs_direction: pair ", i,
                     " has s of ", pairs[i].s.size(), " entries and y of ", pairs[i].y.size(), ", but g has ",
                     g.size());
}

// check_lbfgs_pair_arguments: lbfgs_remember_pair's checks other than the curvature test (its
// lesson): memory >= 1, s and y of the same n >= 1 entries as the stored pairs, all finite.
inline void check_lbfgs_pair_arguments(const LbfgsMemory& pairs, const Vector& s, const Vector& y, int memory) {
    COURSE_CHECK(memory >= 1, "lbfgs_remember_pair: memory = ", memory, ", expected m >= 1 pairs");
    COURSE_CHECK(s.size() >= 1 && s.size() == y.size(), "lbfgs_remember_pair: s has ", s.size(), " entries and y ",
                 y.size(), ", expected the same n >= 1");
    COURSE_CHECK(pairs.empty() || pairs.back().s.size() == s.size(), "lbfgs_remember_pair: s has ", s.size(),
                 " entries but the stored pairs have ", pairs.empty() ? 0 : pairs.back().s.size());
    COURSE_CHECK(s.allFinite() && y.allFinite(), "lbfgs_remember_pair: s or y holds inf or NaN, expected finite pairs");
}

// check_lbfgs_config: lbfgs's check of its own config (the line search checks line_search).
inline void check_lbfgs_config(const LbfgsConfig& config) {
    COURSE_CHECK(config.memory >= 1, "lbfgs: memory = ", config.memory, ", expected m >= 1 pairs");
}

// lbfgs_direction: d = -H g, where H is the BFGS inverse-Hessian approximation obtained from
// H0 = gamma I by the updates with the pairs in `pairs`, oldest first,
//
//     H <- (I - rho_i s_i y_i^T) H (I - rho_i y_i s_i^T) + rho_i s_i s_i^T,   rho_i = 1 / (y_i^T s_i),
//
// computed without forming H by the two-loop recursion (Nocedal & Wright, Algorithm 7.4):
//
//     q = g
//     for i = newest .. oldest:  alpha_i = rho_i s_i^T q;   q = q - alpha_i y_i
//     r = gamma q
//     for i = oldest .. newest:  beta = rho_i y_i^T r;      r = r + (alpha_i - beta) s_i
//     d = -r
//
// The first loop applies the right factors (I - rho y s^T) from the newest inward, the second the
// left ones from the oldest outward: the order is the order of the factors in the product. With no
// pairs, d = -gamma g. Every pair must have y^T s > 0 (lbfgs_remember_pair keeps only such pairs);
// then H is symmetric positive definite and d a descent direction. Cost: 4 m n multiply-adds and
// one n-vector besides d, for m = pairs.size(); g, d: n entries.
// Throws std::invalid_argument (check_lbfgs_direction_arguments) for an empty or non-finite g, a
// gamma that is not finite and > 0, or a pair whose size differs from g's.
Vector lbfgs_direction(const Vector& g, const LbfgsMemory& pairs, double gamma);

// lbfgs_remember_pair: appends the pair (s, y) as the newest, if it satisfies the curvature
// condition with a margin,
//
//     y^T s > eps ||s|| ||y||          (eps = 2^-52, std::numeric_limits<double>::epsilon())
//
// i.e. the cosine of the angle between s and y exceeds eps, a test independent of the scale of s, y
// and f; then drops the oldest pairs until at most `memory` remain. A pair that fails the test
// (y^T s <= 0: f is not convex along s, or y^T s lost to rounding) is skipped: `pairs` is left
// unchanged (nothing appended, nothing dropped) and the result is false. Returns true if the pair
// was stored. s, y: n entries, the n of the stored pairs.
// Throws std::invalid_argument (check_lbfgs_pair_arguments) for memory < 1, sizes that differ, or
// inf or NaN in s or y.
bool lbfgs_remember_pair(LbfgsMemory& pairs, const Vector& s, const Vector& y, int memory);

// lbfgs: L-BFGS from x0 with the weak Wolfe line search of bfgs.hpp.
//
//     f_0, g_0 at x_0;  no pairs
//     for k = 0, 1, ...:  stop if ||g_k|| < stop.gradient_tolerance or g_k = 0   (converged)
//                         stop if k == stop.max_iterations                       (not converged)
//                         gamma_k = s^T y / y^T y of the NEWEST stored pair if
//                                   config.scale_initial_matrix and a pair is stored, else 1
//                         d_k = lbfgs_direction(g_k, pairs, gamma_k)
//                         t_k = weak_wolfe_line_search(f, x_k, f_k, g_k, d_k, config.line_search)
//                         stop if it accepts no step                             (not converged)
//                         s_k = t_k d_k,  y_k = g_{k+1} - g_k
//                         lbfgs_remember_pair(pairs, s_k, y_k, config.memory)
//                         x_{k+1} = x_k + s_k
//
// gamma_k (Nocedal & Wright, eq. 7.20) sizes H0 like the true inverse Hessian along the most recent
// step; it makes the method invariant to the scale of f from the second step on, and the unit step
// t = 1 is then usually accepted. The first direction is -g_0 (BFGS's too). With
// scale_initial_matrix = false and memory >= k, d_k is BFGS's direction from H0 = I without the
// rescaling (bfgs.hpp rescales it): no pair has been discarded yet.
// Scale: the stopping rule ||g|| < tol is absolute (scale it with f). For f scaled by c, the first
// line search starts along -c g_0 and needs about |log2 c| more trials (raise line_search.max_trials
// beyond |c| = 2^55); from then on gamma carries the factor 1 / c and the directions are the
// unscaled run's, as long as y^T y stays in the normal range of doubles.
// Memory: the pairs (2 m n doubles) and a few n-vectors: O(m n), never an n x n matrix.
// Evaluations: f and grad f once at x_0, then whatever the line searches make (f(x_{k+1}) and
// grad f(x_{k+1}) are the line search's, never evaluated again); no Hessian.
// Throws DivergedError naming k if f(x_0) or any g_k is not finite; std::invalid_argument for the
// errors of check_optimizer_arguments (named "lbfgs"), for memory < 1 (check_lbfgs_config), and for
// a line-search config that weak_wolfe_line_search refuses.
OptimizeResult lbfgs(const Objective& objective, const Vector& x0, const StopRule& stop = {},
                     const LbfgsConfig& config = {});

}  // namespace course::optimization
