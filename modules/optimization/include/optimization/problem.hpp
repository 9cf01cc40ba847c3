// The types every optimizer of the module shares: the objective it minimizes, when it stops, what
// it returns, and the error it throws when the iterates blow up.
//
//     minimize f(x) over x in R^n,   starting from x_0
//
// An optimizer calls objective.value(x) for f(x), objective.gradient(x) for grad f(x) (n entries)
// and, if it needs one, objective.hessian(x) for the (n, n) Hessian; the last two through
// gradient_at and hessian_at below, which refuse a callback's result of the wrong size. The tests wrap these three
// functions with counters and check the counts an optimizer reports, so count every call.
// Notes: docs/optimization.md. Source: Nocedal & Wright, Numerical Optimization (2nd ed.), ch. 2-3.
#pragma once

#include <cmath>
#include <functional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "course/eigen.hpp"
#include "course/error.hpp"

namespace course::optimization {

// Objective: f and its derivatives. `hessian` may be empty (first-order methods never call it);
// an optimizer that needs it refuses an empty one with std::invalid_argument.
struct Objective {
    std::function<double(const Vector&)> value;
    std::function<Vector(const Vector&)> gradient;
    std::function<Matrix(const Vector&)> hessian;
};

// StopRule: an optimizer stops at the first iterate x_k with ||grad f(x_k)||_2 < gradient_tolerance
// (converged), or after max_iterations steps (not converged), whichever comes first.
struct StopRule {
    double gradient_tolerance = 1e-8;
    int max_iterations = 10000;
};

// OptimizeResult: what every optimizer of the module returns.
//   x, value     the last iterate x_k and f(x_k)
//   iterations   k, the number of steps taken (0 if x_0 already satisfies the tolerance)
//   *_evaluations  how many times the optimizer called objective.value / .gradient / .hessian
//   converged    true if it stopped on the gradient tolerance, false if on max_iterations
//   history      f(x_0), f(x_1), ..., f(x_k): iterations + 1 entries
struct OptimizeResult {
    Vector x;
    double value = 0.0;
    int iterations = 0;
    int value_evaluations = 0;
    int gradient_evaluations = 0;
    int hessian_evaluations = 0;
    bool converged = false;
    std::vector<double> history;
};

// DivergedError: thrown by an optimizer when f(x_k) or grad f(x_k) is not finite (inf or NaN),
// typically because the step is too large and the iterates grow without bound. It is a
// std::runtime_error (the caller's arguments were valid; the run failed), not an
// std::invalid_argument. what() names the optimizer and the iteration k; iteration() returns k.
class DivergedError : public std::runtime_error {
public:
    DivergedError(std::string_view optimizer, int iteration, std::string_view what_is_not_finite)
        : std::runtime_error(concat(optimizer, ": ", what_is_not_finite, " is not finite at iteration ",
                                    iteration, " (the iterates diverged: try a smaller step)")),
          iteration_(iteration) {}
    int iteration() const { return iteration_; }

private:
    int iteration_;
};

// gradient_at: objective.gradient(x), refused with std::invalid_argument naming `optimizer` when the
// callback returns a vector with another number of entries than x (Eigen would assert in a debug
// build and read past the end in a release one). Every optimizer calls the gradient through it.
inline Vector gradient_at(std::string_view optimizer, const Objective& objective, const Vector& x) {
    Vector g = objective.gradient(x);
    COURSE_CHECK(g.size() == x.size(), optimizer, ": the gradient function returned ", g.size(),
                 " entries at a point with n = ", x.size(), "; expected n (one per coordinate)");
    return g;
}

// hessian_at: objective.hessian(x), refused the same way unless it is (n, n).
inline Matrix hessian_at(std::string_view optimizer, const Objective& objective, const Vector& x) {
    Matrix H = objective.hessian(x);
    COURSE_CHECK(H.rows() == x.size() && H.cols() == x.size(), optimizer, ": the hessian function returned a ",
                 H.rows(), " x ", H.cols(), " matrix at a point with n = ", x.size(), "; expected n x n");
    return H;
}

// check_optimizer_arguments: the argument checks every optimizer starts with, so that a caller's
// mistake is a std::invalid_argument naming `optimizer`: value and gradient given, x_0 non-empty
// and finite, tolerance >= 0, max_iterations >= 0.
inline void check_optimizer_arguments(std::string_view optimizer, const Objective& objective, const Vector& x0,
                                      const StopRule& stop) {
    COURSE_CHECK(objective.value && objective.gradient, optimizer,
                 ": the objective needs both value and gradient functions");
    COURSE_CHECK(x0.size() >= 1, optimizer, ": x0 is empty, expected a starting point with n >= 1 entries");
    COURSE_CHECK(x0.allFinite(), optimizer, ": x0 holds inf or NaN, expected a finite starting point");
    COURSE_CHECK(stop.gradient_tolerance >= 0.0 && std::isfinite(stop.gradient_tolerance), optimizer,
                 ": gradient_tolerance = ", stop.gradient_tolerance, ", expected a finite value >= 0");
    COURSE_CHECK(stop.max_iterations >= 0, optimizer, ": max_iterations = ", stop.max_iterations,
                 ", expected >= 0");
}

}  // namespace course::optimization
