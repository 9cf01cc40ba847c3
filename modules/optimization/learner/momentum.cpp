// Exercise: momentum, the heavy ball and Nesterov's accelerated gradient. Contract: include/optimization/momentum.hpp
// Notes: docs/optimization.md#momentum.  Hints: ./course hint optimization momentum
// Grade it:  ./course grade optimization momentum
#include "optimization/momentum.hpp"

#include <cmath>
#include <string_view>

#include "course/error.hpp"

namespace course::optimization {
OptimizeResult heavy_ball(const Objective& objective, const Vector& x0, double step, double momentum,
                          const StopRule& stop) {
    check_momentum_arguments("heavy_ball", objective, x0, step, momentum, stop);
    //     v_{k+1} = beta v_k - alpha grad f(x_k),    x_{k+1} = x_k + v_{k+1},    v_0 = 0
    // TODO(learner): the loop of gradient_descent (evaluate, the gradient through gradient_at; count,
    // record, check for inf/NaN, stop), with the step replaced by the two lines above, in that order.
    // Hint: write the shared loop once (a helper in an anonymous namespace) and use it for nesterov too.
    COURSE_TODO("heavy_ball");
}

OptimizeResult nesterov(const Objective& objective, const Vector& x0, double step, double momentum,
                        const StopRule& stop) {
    check_momentum_arguments("nesterov", objective, x0, step, momentum, stop);
    //     v_{k+1} = beta v_k - alpha grad f(x_k),    x_{k+1} = x_k + beta v_{k+1} - alpha grad f(x_k)
    // TODO(learner): as heavy_ball, with the look-ahead update: x moves by beta v_{k+1} - alpha g_k.
    COURSE_TODO("nesterov");
}

}  // namespace course::optimization
