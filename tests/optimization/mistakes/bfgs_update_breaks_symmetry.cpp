// Known mistake: the BFGS update with the same factor on both sides,
//     H_new = (I - rho s y^T) H (I - rho s y^T) + rho s s^T,
// instead of (I - rho s y^T) H (I - rho y s^T). The right factor must be the transpose of the left
// one; without it H_new is not symmetric (so not a valid inverse Hessian model) and H_new y != s.
#include "optimization/bfgs.hpp"

#include <cmath>
#include <limits>

#include "course/error.hpp"

namespace course::optimization {
namespace {

void check_wolfe_arguments(const Objective& objective, const Vector& x, double fx, const Vector& gx,
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
    const double slope = gx.dot(direction);
    COURSE_CHECK(slope < 0.0, "weak_wolfe_line_search: g^T d = ", slope,
                 " >= 0, so d is not a descent direction (a quasi-Newton direction -H g needs H positive definite)");
}

}  // namespace

WolfeResult weak_wolfe_line_search(const Objective& objective, const Vector& x, double fx, const Vector& gx,
                                   const Vector& direction, const WolfeConfig& config) {
    check_wolfe_arguments(objective, x, fx, gx, direction, config);
    const double slope = gx.dot(direction);  // g^T d < 0
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
            result.gradient = objective.gradient(x_trial);
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
    COURSE_CHECK(H.rows() == H.cols() && H.rows() >= 1, "bfgs_update: H is ", H.rows(), " x ", H.cols(),
                 ", expected a square matrix with n >= 1");
    COURSE_CHECK(s.size() == H.rows() && y.size() == H.rows(), "bfgs_update: s has ", s.size(), " entries and y ",
                 y.size(), " but H is ", H.rows(), " x ", H.cols());
    const double ys = y.dot(s);
    COURSE_CHECK(ys > 0.0, "bfgs_update: y^T s = ", ys, " <= 0 violates the curvature condition; the update would "
                 "make H indefinite (use a line search that enforces the Wolfe conditions, or skip this update)");
    const double rho = 1.0 / ys;
    const Eigen::Index n = H.rows();
    const Matrix left = Matrix::Identity(n, n) - rho * s * y.transpose();
    Matrix H_new = left * H * left + rho * s * s.transpose();  // BUG: the right factor should be left^T
    return H_new;
}

OptimizeResult bfgs(const Objective& objective, const Vector& x0, const StopRule& stop, const WolfeConfig& line_search) {
    check_optimizer_arguments("bfgs", objective, x0, stop);
    const Eigen::Index n = x0.size();
    OptimizeResult result;
    result.x = x0;
    result.value = objective.value(result.x);
    Vector g = objective.gradient(result.x);
    ++result.value_evaluations;
    ++result.gradient_evaluations;
    if (!std::isfinite(result.value)) throw DivergedError("bfgs", 0, "f(x_k)");
    Matrix H = Matrix::Identity(n, n);
    bool updated = false;
    for (int k = 0;; ++k) {
        result.iterations = k;
        result.history.push_back(result.value);
        if (!g.allFinite()) throw DivergedError("bfgs", k, "grad f(x_k)");
        if (g.norm() < stop.gradient_tolerance || (g.array() == 0.0).all()) {
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
