// Reference solution: Newton's method with backtracking and a shifted Hessian. Contract: include/optimization/newton.hpp
#include "optimization/newton.hpp"

#include <Eigen/Cholesky>
#include <algorithm>
#include <cmath>

#include "course/error.hpp"

namespace course::optimization {
namespace {

// power_of_four_near: the power of 4, s, with largest / s in [1, 4) (s = 1 for largest = 0).
// Dividing H by s is exact (an entry pushed below the normal range loses at most 2^-1075, nothing
// next to max|H_ij| / s >= 1), and so is every operation of the Cholesky factorization of the
// scaled matrix: its factor is the unscaled one divided by sqrt(s), a power of 2. So the rule on
// H / s gives bit for bit what it gives on H wherever the latter stays in range, and stays in range
// where ||H||_F or H_ii + tau would overflow (entries near DBL_MAX) or ||H||_F underflow (near 1e-300).
double power_of_four_near(double largest) {
    if (largest == 0.0) return 1.0;
    int exponent = 0;
    std::frexp(largest, &exponent);                           // largest = m 2^exponent, 1/2 <= m < 1
    const int even = (exponent - 1) - ((exponent - 1) & 1);  // the even one of exponent - 2, exponent - 1
    return std::ldexp(1.0, even);
}

}  // namespace

NewtonDirection newton_direction(const Matrix& H, const Vector& g) {
    check_newton_direction_arguments(H, g);
    // The rule on H / s: (H / s + tau_s I) y = -g gives d = y / s and tau = s tau_s.
    const double s = power_of_four_near(H.cwiseAbs().maxCoeff());
    const Matrix scaled = H / s;
    const double frobenius = scaled.norm();
    const double beta = frobenius > 0.0 ? 1e-3 * frobenius : 1.0;
    const double min_diagonal = scaled.diagonal().minCoeff();
    double tau = min_diagonal > 0.0 ? 0.0 : beta - min_diagonal;
    // A matrix with a nonpositive diagonal entry is never positive definite (e_i^T H e_i = H_ii), so
    // that case starts shifted. Each failure at least doubles tau; once tau exceeds -lambda_min(H)
    // the factorization succeeds, so the loop ends after O(log(|lambda_min| / beta)) trials.
    while (true) {
        Matrix shifted = scaled;
        shifted.diagonal().array() += tau;
        const Eigen::LLT<Matrix> llt(shifted);
        if (llt.info() == Eigen::Success) return {llt.solve(-g) / s, tau * s};  // tau * s = inf past DBL_MAX
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
        // values_or_slope: near x* a full step can come out an ulp above f(x_k) by rounding alone;
        // the slope along d then decides (Hager & Zhang's approximate Armijo condition).
        const LineSearchResult search =
            backtracking_line_search(objective, result.x, result.value, g, d, line_search, ArmijoTest::values_or_slope);
        result.value_evaluations += search.value_evaluations;
        result.gradient_evaluations += search.gradient_evaluations;
        if (!search.accepted) return result;  // neither the values nor the slope show progress
        result.x += search.step * d;
        result.value = search.value;
        result.history.push_back(result.value);
    }
}

}  // namespace course::optimization
