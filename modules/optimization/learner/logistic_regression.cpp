// Exercise: logistic regression: a stable loss, its gradient and Hessian, and two fits.
// Contract: include/optimization/logistic_regression.hpp
// Notes: docs/optimization.md#logistic_regression.  Hints: ./course hint optimization logistic_regression
// Grade it:  ./course grade optimization logistic_regression
#include "optimization/logistic_regression.hpp"

#include <algorithm>
#include <cmath>
#include <memory>

#include "course/error.hpp"
#include "optimization/newton.hpp"

namespace course::optimization {

// The argument checks (check_logistic_data, check_logistic_weights) are in the contract header.

double logistic_loss(const LogisticData& data, const Vector& w) {
    check_logistic_data(data, "logistic_loss");
    check_logistic_weights(data, w, "logistic_loss");
    //     f(w) = (1/m) sum_i [log(1 + e^{z_i}) - y_i z_i] + (lambda / 2) ||P w||^2,   z = X w
    // (P w: w with the entry of data.intercept_column, if any, set to 0: the intercept is free.)
    // TODO(learner): compute z = X w and the mean, then add the L2 term.
    // Hint: log(1 + e^z) = max(z, 0) + log1p(e^{-|z|}); the left side is inf for z = 1000. And
    // ||w||^2 is inf for |w| > 1e154: with lambda = 0 that makes 0 * inf = NaN.
    COURSE_TODO("logistic_loss");
}

Vector logistic_gradient(const LogisticData& data, const Vector& w) {
    check_logistic_data(data, "logistic_gradient");
    check_logistic_weights(data, w, "logistic_gradient");
    //     grad f(w) = (1/m) X^T (sigma(X w) - y) + lambda P w
    // TODO(learner): sigma(z) = 1 / (1 + e^{-z}) for z >= 0 and e^z / (1 + e^z) for z < 0.
    COURSE_TODO("logistic_gradient");
}

Matrix logistic_hessian(const LogisticData& data, const Vector& w) {
    check_logistic_data(data, "logistic_hessian");
    check_logistic_weights(data, w, "logistic_hessian");
    //     H(w) = (1/m) X^T diag(p_i (1 - p_i)) X + lambda P,   p = sigma(X w)
    // TODO(learner): scale row i of a copy of X by p_i (1 - p_i), multiply by X^T, divide by m, add lambda P.
    // Never form diag(p_i (1 - p_i)) as an (m, m) matrix: O(m^2) memory.
    COURSE_TODO("logistic_hessian");
}

Objective logistic_objective(const LogisticData& data) {
    check_logistic_data(data, "logistic_objective");
    // TODO(learner): return an Objective whose value, gradient and hessian call the three functions
    // above on a copy of data held by a std::shared_ptr (so that copying the Objective is cheap).
    COURSE_TODO("logistic_objective");
}

bool separates_classes(const LogisticData& data, const Vector& w) {
    check_logistic_data(data, "separates_classes");
    check_logistic_weights(data, w, "separates_classes");
    // TODO(learner): u = w if lambda = 0, else only the intercept's entry of w (0 elsewhere); true iff
    // every (2 y_i - 1) x_i^T u > d eps sum_j |x_ij u_j| (the bound on the rounding of x_i^T u).
    COURSE_TODO("separates_classes");
}

OptimizeResult fit_logistic_gradient_descent(const LogisticData& data, const Vector& w0, const StopRule& stop,
                                             const ArmijoConfig& line_search) {
    check_logistic_data(data, "fit_logistic_gradient_descent");
    check_logistic_weights(data, w0, "fit_logistic_gradient_descent");
    // TODO(learner): gradient_descent_armijo (line_search.hpp) on logistic_objective(data); then throw
    // SeparableDataError if separates_classes holds at the last iterate.
    COURSE_TODO("fit_logistic_gradient_descent");
}

OptimizeResult fit_logistic_newton(const LogisticData& data, const Vector& w0, const StopRule& stop) {
    check_logistic_data(data, "fit_logistic_newton");
    check_logistic_weights(data, w0, "fit_logistic_newton");
    // TODO(learner): newton (newton.hpp) on logistic_objective(data): for this loss it is IRLS. Then
    // throw SeparableDataError if separates_classes holds at the last iterate.
    COURSE_TODO("fit_logistic_newton");
}

}  // namespace course::optimization
