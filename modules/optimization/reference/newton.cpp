// Reference solution: Newton's method with backtracking and a shifted Hessian. Contract: include/optimization/newton.hpp
#include "optimization/newton.hpp"

#include <Eigen/Cholesky>
#include <algorithm>
#include <cmath>

#include "course/error.hpp"

namespace course::optimization {

NewtonDirection newton_direction(const Matrix& H, const Vector& g) {
    check_newton_direction_arguments(H, g);
    const double frobenius = H.norm();
    const double beta = frobenius > 0.0 ? 1e-3 * frobenius : 1.0;
    const double min_diagonal = H.diagonal().minCoeff();
    double tau = min_diagonal > 0.0 ? 0.0 : beta - min_diagonal;
    // A matrix with a nonpositive diagonal entry is never positive definite (e_i^T H e_i = H_ii), so
    // that case starts shifted. Each failure at least doubles tau; once tau exceeds -lambda_min(H)
    // the factorization succeeds, so the loop ends after O(log(|lambda_min| / beta)) trials.
    while (true) {
        Matrix shifted = H;
        shifted.diagonal().array() += tau;
        const Eigen::LLT<Matrix> llt(shifted);
        if (llt.info() == Eigen::Success) return {llt.solve(-g), tau};
        tau = std::max(2.0 * tau, beta);
    }
}

OptimizeResult newton(const Objective& objective, const Vector& x0, const StopRule& stop, const ArmijoConfig& line_search) {
    check_newton_arguments(objective, x0, stop);
    OptimizeResult result;
    result.x = x0;
    result.value = objective.value(result.x);
    ++result.value_evaluations;
    result.history.push_back(result.value);
    if (!std::isfinite(result.value)) throw DivergedError("newton", 0, "f(x_k)");
    for (int k = 0;; ++k) {
        result.iterations = k;
        const Vector g = gradient_at("newton", objective, result.x);
        ++result.gradient_evaluations;
        if (!g.allFinite()) throw DivergedError("newton", k, "grad f(x_k)");
        if (g.norm() < stop.gradient_tolerance || (g.array() == 0.0).all()) {  // g = 0 exactly: stationary, nothing to do
            result.converged = true;
            return result;
        }
        if (k == stop.max_iterations) return result;
        const Matrix H = hessian_at("newton", objective, result.x);
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
