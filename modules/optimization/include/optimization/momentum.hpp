// Momentum: gradient descent that remembers its previous steps. The heavy ball (Polyak) and
// Nesterov's accelerated gradient, both with a constant step alpha and momentum beta.
//
//     heavy ball:  v_{k+1} = beta v_k - alpha grad f(x_k),         x_{k+1} = x_k + v_{k+1}
//     Nesterov:    v_{k+1} = beta v_k - alpha grad f(x_k),         x_{k+1} = x_k + beta v_{k+1} - alpha grad f(x_k)
//
// with v_0 = 0. On a quadratic with eigenvalues in [mu, L], kappa = L / mu, gradient descent needs
// about kappa log(1/eps) steps; with the right alpha and beta both methods need about
// sqrt(kappa) log(1/eps):
//     heavy ball: alpha = 4 / (sqrt(L) + sqrt(mu))^2, beta = ((sqrt(kappa) - 1) / (sqrt(kappa) + 1))^2,
//                 error factor (sqrt(kappa) - 1) / (sqrt(kappa) + 1) per step (quadratics only);
//     Nesterov:   alpha = 1 / L, beta = (sqrt(kappa) - 1) / (sqrt(kappa) + 1),
//                 factor about 1 - 1 / sqrt(kappa) (every smooth strongly convex f).
// Scale: as for gradient_descent, on c f the same run needs step / c and gradient_tolerance c tol.
// Notes: docs/optimization.md#momentum. Sources: Polyak, "Some methods of speeding up the
// convergence of iteration methods" (1964); Nesterov, Lectures on Convex Optimization (2nd ed.,
// 2018), 2.2; Sutskever, Martens, Dahl & Hinton, "On the importance of initialization and momentum
// in deep learning", ICML 2013 (the velocity form used here).
#pragma once

#include "course/eigen.hpp"
#include "course/error.hpp"
#include "optimization/problem.hpp"

namespace course::optimization {

// check_momentum_arguments: the argument checks heavy_ball and nesterov share (not their lesson).
inline void check_momentum_arguments(std::string_view optimizer, const Objective& objective, const Vector& x0, double step,
                                     double momentum, const StopRule& stop) {
    check_optimizer_arguments(optimizer, objective, x0, stop);
    COURSE_CHECK(step > 0.0 && std::isfinite(step), optimizer, ": step = ", step, ", expected a finite step > 0");
    COURSE_CHECK(momentum >= 0.0 && momentum < 1.0, optimizer, ": momentum = ", momentum,
                 ", expected 0 <= momentum < 1 (beta >= 1 never forgets a step and does not converge)");
}

// heavy_ball: Polyak's momentum method from x0, v_0 = 0.
//
//     v_{k+1} = beta v_k - alpha grad f(x_k),    x_{k+1} = x_k + v_{k+1}
//
// (the same as x_{k+1} = x_k - alpha grad f(x_k) + beta (x_k - x_{k-1}), with x_{-1} = x_0).
// Stops, counts and records as gradient_descent does: f and grad f once per iterate x_k, history
// f(x_0), ..., f(x_k); DivergedError naming k when f(x_k) or grad f(x_k) is not finite.
// Throws std::invalid_argument if step is not finite and > 0, if momentum is not in [0, 1), or for
// the argument errors of check_optimizer_arguments.
OptimizeResult heavy_ball(const Objective& objective, const Vector& x0, double step, double momentum,
                          const StopRule& stop = {});

// nesterov: Nesterov's accelerated gradient with constant momentum, from x0, v_0 = 0.
//
//     v_{k+1} = beta v_k - alpha grad f(x_k),    x_{k+1} = x_k + beta v_{k+1} - alpha grad f(x_k)
//
// This is the textbook method y_{k+1} = x'_{k+1} + beta (x'_{k+1} - x'_k), x'_{k+1} = y_k - alpha grad f(y_k)
// written for the look-ahead points x_k = y_k, where the gradient is taken (the form of Sutskever
// et al. and of PyTorch's SGD(nesterov=True)): one f and one gradient per iteration, as for the
// heavy ball, and the returned point and history are those look-ahead points.
// Stopping, counting, errors: as heavy_ball.
OptimizeResult nesterov(const Objective& objective, const Vector& x0, double step, double momentum,
                        const StopRule& stop = {});

}  // namespace course::optimization
