// Reference solution: projections onto a box and onto the simplex, and projected gradient descent.
// Contract: include/optimization/projected_gradient.hpp
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
    for (Eigen::Index i = 0; i < x.size(); ++i)
        COURSE_CHECK(lower(i) <= upper(i), "project_box: lower[", i, "] = ", lower(i), " > upper[", i, "] = ", upper(i),
                     ": the box is empty");
    return x.cwiseMax(lower).cwiseMin(upper);
}

Vector project_simplex(const Vector& x) {
    check_project_simplex_input(x);
    // P(x + c 1) = P(x) (theta moves by c), so work with y = x - max x: its largest entry is 0 and
    // theta lies in [-1, 0), so the partial sums below add entries in [-1, 0] and stay of order rho.
    // On x itself they would be of order rho max|x|, and s_j - 1 loses the 1 once |x| nears 2^53.
    // An entry whose gap to the maximum overflows becomes -inf and is clipped like any far entry.
    const double top = x.maxCoeff();
    const Vector y = (x.array() - top).matrix();
    // u: y sorted in decreasing order. The partial sums s_j = u_1 + ... + u_j give the candidate
    // thresholds theta_j = (s_j - 1) / j; the entries that stay positive are exactly u_1 .. u_rho,
    // with rho the last j for which u_j > theta_j (the condition holds for j = 1 and fails from
    // some j on: it is monotone, Duchi et al. 2008, Lemma 2).
    std::vector<double> u(y.data(), y.data() + y.size());
    std::sort(u.begin(), u.end(), std::greater<>());
    double partial = 0.0, theta = 0.0;
    for (size_t j = 0; j < u.size(); ++j) {
        partial += u[j];
        const double candidate = (partial - 1.0) / double(j + 1);
        if (u[j] > candidate) theta = candidate;  // j + 1 entries stay positive
        else break;
    }
    return (y.array() - theta).cwiseMax(0.0).matrix();
}

OptimizeResult projected_gradient_descent(const Objective& objective, const std::function<Vector(const Vector&)>& project,
                                          const Vector& x0, double step, const StopRule& stop) {
    check_projected_gradient_arguments(objective, project, x0, step, stop);
    OptimizeResult result;
    result.x = projection_of(project, x0);
    for (int k = 0;; ++k) {
        result.value = objective.value(result.x);
        const Vector g = gradient_at("projected_gradient_descent", objective, result.x);
        ++result.value_evaluations;
        ++result.gradient_evaluations;
        result.history.push_back(result.value);
        result.iterations = k;
        if (!std::isfinite(result.value)) throw DivergedError("projected_gradient_descent", k, "f(x_k)");
        if (!g.allFinite()) throw DivergedError("projected_gradient_descent", k, "grad f(x_k)");

        Vector next = projection_of(project, result.x - step * g);
        // ||G_k||, the gradient mapping; stableNorm, since squares of entries below 1e-162 underflow.
        const double mapping_norm = (result.x - next).stableNorm() / step;
        if (mapping_norm < stop.gradient_tolerance) {
            result.converged = true;
            return result;
        }
        if (k == stop.max_iterations) return result;
        result.x = std::move(next);
    }
}

}  // namespace course::optimization
