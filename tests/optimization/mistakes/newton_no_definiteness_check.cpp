// Known mistake: Newton's direction from H d = -g whatever H is, solved by LU (which does not
// mind an indefinite matrix) and reported with shift 0. Where H is indefinite the "Newton step"
// goes to the stationary point of the quadratic model, which may be a saddle or a maximum: from
// (1, 0.1) on the double well x^2 + y^4/4 - y^2/2 it converges to the saddle (0, 0).
#include "optimization/newton.hpp"

#include <Eigen/LU>
#include <algorithm>
#include <cmath>

#include "course/error.hpp"

namespace course::optimization {
namespace {

void check_newton_direction_arguments(const Matrix& H, const Vector& g) {
    COURSE_CHECK(H.rows() == H.cols() && H.rows() >= 1, "newton_direction: H is ", H.rows(), " x ", H.cols(),
                 ", expected a square Hessian with n >= 1");
    COURSE_CHECK(g.size() == H.rows(), "newton_direction: g has ", g.size(), " entries but H is ", H.rows(), " x ",
                 H.cols());
    COURSE_CHECK(H.allFinite(), "newton_direction: H holds inf or NaN");
    const double asymmetry = (H - H.transpose()).cwiseAbs().maxCoeff();
    COURSE_CHECK(asymmetry <= 1e-10 * H.cwiseAbs().maxCoeff(), "newton_direction: H is not symmetric: max |H_ij - H_ji| = ",
                 asymmetry, " > 1e-10 max|H|; check the mixed partial derivatives of the Hessian");
}

}  // namespace

NewtonDirection newton_direction(const Matrix& H, const Vector& g) {
    check_newton_direction_arguments(H, g);
    return {H.partialPivLu().solve(-g), 0.0};  // BUG: no check that H is positive definite, no shift
}

OptimizeResult newton(const Objective& objective, const Vector& x0, const StopRule& stop, const ArmijoConfig& line_search) {
    check_optimizer_arguments("newton", objective, x0, stop);
    COURSE_CHECK(bool(objective.hessian), "newton: the objective has no hessian function; Newton's method needs "
                 "second derivatives (use bfgs when only the gradient is available)");
    OptimizeResult result;
    result.x = x0;
    result.value = objective.value(result.x);
    ++result.value_evaluations;
    result.history.push_back(result.value);
    if (!std::isfinite(result.value)) throw DivergedError("newton", 0, "f(x_k)");
    for (int k = 0;; ++k) {
        result.iterations = k;
        const Vector g = objective.gradient(result.x);
        ++result.gradient_evaluations;
        if (!g.allFinite()) throw DivergedError("newton", k, "grad f(x_k)");
        if (g.norm() < stop.gradient_tolerance || (g.array() == 0.0).all()) {  // g = 0 exactly: stationary, nothing to do
            result.converged = true;
            return result;
        }
        if (k == stop.max_iterations) return result;
        const Matrix H = objective.hessian(result.x);
        ++result.hessian_evaluations;
        if (!H.allFinite()) throw DivergedError("newton", k, "the Hessian at x_k");
        const Vector d = newton_direction(H, g).direction;
        const LineSearchResult search = backtracking_line_search(objective, result.x, result.value, g, d, line_search);
        result.value_evaluations += search.value_evaluations;
        if (!search.accepted) return result;  // rounding hides any decrease: the tolerance is too tight
        result.x += search.step * d;
        result.value = search.value;
        result.history.push_back(result.value);
    }
}

}  // namespace course::optimization
