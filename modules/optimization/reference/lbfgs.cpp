// Reference solution: L-BFGS with the two-loop recursion. Contract: include/optimization/lbfgs.hpp
#include "optimization/lbfgs.hpp"

#include <cmath>
#include <limits>
#include <vector>

#include "course/error.hpp"

namespace course::optimization {
namespace {

// initial_scaling: gamma = s^T y / y^T y of the newest pair (Nocedal & Wright, eq. 7.20), or 1 when
// no pair is stored or the caller asked for H0 = I.
double initial_scaling(const LbfgsMemory& pairs, bool scale) {
    if (!scale || pairs.empty()) return 1.0;
    const LbfgsPair& newest = pairs.back();
    return newest.s.dot(newest.y) / newest.y.squaredNorm();
}

}  // namespace

Vector lbfgs_direction(const Vector& g, const LbfgsMemory& pairs, double gamma) {
    check_lbfgs_direction_arguments(g, pairs, gamma);
    const size_t m = pairs.size();
    std::vector<double> alpha(m), rho(m);
    Vector q = g;
    for (size_t j = m; j-- > 0;) {  // newest to oldest: the right factors (I - rho y s^T)
        rho[j] = 1.0 / pairs[j].y.dot(pairs[j].s);
        alpha[j] = rho[j] * pairs[j].s.dot(q);
        q -= alpha[j] * pairs[j].y;
    }
    q *= gamma;  // H0 q, and from here on q is r
    for (size_t j = 0; j < m; ++j) {  // oldest to newest: the left factors and the rho s s^T terms
        const double beta = rho[j] * pairs[j].y.dot(q);
        q += (alpha[j] - beta) * pairs[j].s;
    }
    return -q;
}

bool lbfgs_remember_pair(LbfgsMemory& pairs, const Vector& s, const Vector& y, int memory) {
    check_lbfgs_pair_arguments(pairs, s, y, memory);
    const double eps = std::numeric_limits<double>::epsilon();
    if (!(y.dot(s) > eps * s.norm() * y.norm())) return false;  // no positive curvature: skip
    while (pairs.size() >= size_t(memory)) pairs.pop_front();  // drop the oldest first: 2 m n doubles at most
    pairs.push_back({s, y});
    return true;
}

OptimizeResult lbfgs(const Objective& objective, const Vector& x0, const StopRule& stop, const LbfgsConfig& config) {
    check_optimizer_arguments("lbfgs", objective, x0, stop);
    check_lbfgs_config(config);
    OptimizeResult result;
    result.x = x0;
    result.value = objective.value(result.x);
    Vector g = gradient_at("lbfgs", objective, result.x);
    ++result.value_evaluations;
    ++result.gradient_evaluations;
    if (!std::isfinite(result.value)) throw DivergedError("lbfgs", 0, "f(x_k)");
    LbfgsMemory pairs;
    for (int k = 0;; ++k) {
        result.iterations = k;
        result.history.push_back(result.value);
        if (!g.allFinite()) throw DivergedError("lbfgs", k, "grad f(x_k)");
        if (g.norm() < stop.gradient_tolerance || (g.array() == 0.0).all()) {
            result.converged = true;
            return result;
        }
        if (k == stop.max_iterations) return result;
        const Vector d = lbfgs_direction(g, pairs, initial_scaling(pairs, config.scale_initial_matrix));
        WolfeResult search = weak_wolfe_line_search(objective, result.x, result.value, g, d, config.line_search);
        result.value_evaluations += search.value_evaluations;
        result.gradient_evaluations += search.gradient_evaluations;
        if (!search.accepted) return result;  // no Wolfe step: rounding hides the decrease
        if (!search.gradient.allFinite()) throw DivergedError("lbfgs", k + 1, "grad f(x_k)");  // before it is stored
        const Vector s = search.step * d;
        lbfgs_remember_pair(pairs, s, search.gradient - g, config.memory);
        result.x += s;
        result.value = search.value;
        g = std::move(search.gradient);
    }
}

}  // namespace course::optimization
