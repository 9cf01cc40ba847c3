// Reference solution: BFGS with a weak Wolfe line search. Contract: include/optimization/bfgs.hpp
#include "optimization/bfgs.hpp"

#include <cmath>
#include <limits>

#include "course/error.hpp"

namespace course::optimization {
namespace {

// check_descent: the line search's own check, its lesson: along d, f must go down at t = 0. The
// sign comes from normalized_slope, which does not underflow where g^T d does (tiny gradients).
void check_descent(const Vector& gx, const Vector& direction) {
    const double slope = normalized_slope(gx, direction);
    COURSE_CHECK(slope < 0.0, "weak_wolfe_line_search: g^T d / (max|g| max|d|) = ", slope,
                 " >= 0, so d is not a descent direction (a quasi-Newton direction -H g needs H positive definite)");
}

}  // namespace

WolfeResult weak_wolfe_line_search(const Objective& objective, const Vector& x, double fx, const Vector& gx,
                                   const Vector& direction, const WolfeConfig& config) {
    check_wolfe_arguments(objective, x, fx, gx, direction, config);
    check_descent(gx, direction);
    const double slope = gx.dot(direction);  // g^T d < 0, or 0 where it underflows (then the bound is f(x))
    double lo = 0.0, hi = std::numeric_limits<double>::infinity();
    WolfeResult result;
    double t = config.initial_step;
    for (int trial = 0; trial < config.max_trials; ++trial) {
        const Vector x_trial = x + t * direction;
        result.step = t;
        result.value = objective.value(x_trial);
        ++result.value_evaluations;
        if (!(result.value <= fx + config.c1 * t * slope)) {
            hi = t;  // too long (or inf / NaN): f did not decrease enough
        } else {
            result.gradient = gradient_at("weak_wolfe_line_search", objective, x_trial);
            ++result.gradient_evaluations;
            if (result.gradient.dot(direction) < config.c2 * slope) {
                lo = t;  // too short: f is still falling steeply along d
            } else {
                result.accepted = true;
                return result;
            }
        }
        t = std::isinf(hi) ? 2.0 * lo : 0.5 * (lo + hi);
    }
    return result;
}

Matrix bfgs_update(const Matrix& H, const Vector& s, const Vector& y) {
    check_bfgs_update_shapes(H, s, y);
    const double ys = y.dot(s);
    COURSE_CHECK(ys > 0.0, "bfgs_update: y^T s = ", ys, " <= 0 violates the curvature condition; the update would "
                 "make H indefinite (use a line search that enforces the Wolfe conditions, or skip this update)");
    const double rho = 1.0 / ys;
    const Vector Hy = H * y;
    // Expanded form: H - rho (s Hy^T + Hy s^T) + (rho^2 y^T H y + rho) s s^T. Every term is symmetric
    // entry by entry (s_i Hy_j + Hy_i s_j is the same sum in either order), so H_new is exactly
    // symmetric whenever H is: the factored form, evaluated as two matrix products, is only
    // symmetric up to rounding, and that asymmetry accumulates over thousands of updates.
    const double coefficient = rho * rho * y.dot(Hy) + rho;
    Matrix H_new = H;
    H_new.noalias() -= rho * (s * Hy.transpose() + Hy * s.transpose());
    H_new.noalias() += coefficient * (s * s.transpose());
    return H_new;
}

OptimizeResult bfgs(const Objective& objective, const Vector& x0, const StopRule& stop, const WolfeConfig& line_search) {
    check_optimizer_arguments("bfgs", objective, x0, stop);
    const Eigen::Index n = x0.size();
    OptimizeResult result;
    result.x = x0;
    result.value = objective.value(result.x);
    Vector g = gradient_at("bfgs", objective, result.x);
    ++result.value_evaluations;
    ++result.gradient_evaluations;
    if (!std::isfinite(result.value)) throw DivergedError("bfgs", 0, "f(x_k)");
    Matrix H = Matrix::Identity(n, n);
    bool updated = false;
    for (int k = 0;; ++k) {
        result.iterations = k;
        result.history.push_back(result.value);
        if (!g.allFinite()) throw DivergedError("bfgs", k, "grad f(x_k)");
        if (g.stableNorm() < stop.gradient_tolerance || (g.array() == 0.0).all()) {  // ||g|| without underflow
            result.converged = true;
            return result;
        }
        if (k == stop.max_iterations) return result;
        const Vector d = -H * g;
        const WolfeResult search = weak_wolfe_line_search(objective, result.x, result.value, g, d, line_search);
        result.value_evaluations += search.value_evaluations;
        result.gradient_evaluations += search.gradient_evaluations;
        if (!search.accepted) return result;  // no Wolfe step: rounding hides the decrease
        const Vector s = search.step * d;
        const Vector y = search.gradient - g;
        const double ys = y.dot(s);
        if (ys > 0.0) {
            if (!updated) H = (ys / y.squaredNorm()) * Matrix::Identity(n, n);  // N&W eq. 6.20
            H = bfgs_update(H, s, y);
            updated = true;
        }  // else: skip the update (cannot happen after a Wolfe step, except through rounding)
        result.x += s;
        result.value = search.value;
        g = search.gradient;
    }
}

}  // namespace course::optimization
