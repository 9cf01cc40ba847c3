// Reference solution: heavy ball and Nesterov momentum. Contract: include/optimization/momentum.hpp
#include "optimization/momentum.hpp"

#include <cmath>
#include <string_view>

#include "course/error.hpp"

namespace course::optimization {
namespace {

// The loop both methods share: evaluate at x_k, record, check, stop or step. `update(g)` moves
// result.x and the velocity from x_k to x_{k+1}.
template <typename Update>
OptimizeResult run_momentum(std::string_view optimizer, const Objective& objective, const Vector& x0,
                            const StopRule& stop, Update update) {
    OptimizeResult result;
    result.x = x0;
    for (int k = 0;; ++k) {
        result.value = objective.value(result.x);
        const Vector g = gradient_at(optimizer, objective, result.x);
        ++result.value_evaluations;
        ++result.gradient_evaluations;
        result.history.push_back(result.value);
        result.iterations = k;
        if (!std::isfinite(result.value)) throw DivergedError(optimizer, k, "f(x_k)");
        if (!g.allFinite()) throw DivergedError(optimizer, k, "grad f(x_k)");
        if (g.norm() < stop.gradient_tolerance) {
            result.converged = true;
            return result;
        }
        if (k == stop.max_iterations) return result;
        update(result.x, g);
    }
}

}  // namespace

OptimizeResult heavy_ball(const Objective& objective, const Vector& x0, double step, double momentum,
                          const StopRule& stop) {
    check_momentum_arguments("heavy_ball", objective, x0, step, momentum, stop);
    Vector v = Vector::Zero(x0.size());
    return run_momentum("heavy_ball", objective, x0, stop, [&](Vector& x, const Vector& g) {
        v = momentum * v - step * g;  // v_{k+1} = beta v_k - alpha g_k: update the velocity first,
        x += v;                       // then move by it: x_{k+1} = x_k + v_{k+1}
    });
}

OptimizeResult nesterov(const Objective& objective, const Vector& x0, double step, double momentum,
                        const StopRule& stop) {
    check_momentum_arguments("nesterov", objective, x0, step, momentum, stop);
    Vector v = Vector::Zero(x0.size());
    return run_momentum("nesterov", objective, x0, stop, [&](Vector& x, const Vector& g) {
        v = momentum * v - step * g;       // v_{k+1} = beta v_k - alpha g_k
        x += momentum * v - step * g;      // x_{k+1} = x_k + beta v_{k+1} - alpha g_k (the look-ahead)
    });
}

}  // namespace course::optimization
