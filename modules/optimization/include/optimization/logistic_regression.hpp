// Convex case study: L2-regularized logistic regression, its loss, gradient and Hessian written
// out stably, fitted by gradient descent and by Newton's method (which, here, is IRLS).
//
//     z_i = x_i^T w,   p_i = sigma(z_i) = 1 / (1 + e^{-z_i})
//     f(w) = (1/m) sum_i [ log(1 + e^{z_i}) - y_i z_i ] + (lambda / 2) ||w||^2
//     grad f(w) = (1/m) X^T (p - y) + lambda w
//     H(w)      = (1/m) X^T diag(p_i (1 - p_i)) X + lambda I
//
// X is (m, d) row-major, one example per row (put a column of ones in X for an intercept); y holds
// m labels in {0, 1}; w has d weights. f is the mean negative log-likelihood of y under
// P(y_i = 1) = p_i: convex (H is positive semidefinite), strictly convex when lambda > 0.
// log(1 + e^z) is evaluated as max(z, 0) + log1p(e^{-|z|}): the naive form overflows to inf for
// z > 709 (margin 1000 is a plausible value for a confident, badly scaled model), while this form
// is exact to rounding for every z. sigma(z) is evaluated without overflow on either side.
// Not scale-invariant: f depends on the margins z_i, which the scales of X and w set together, and
// lambda has the units of 1 / |w|^2; every margin is handled (tested up to |z| = 1e150).
// Cost: loss and gradient O(m d); Hessian O(m d^2).
// Notes: docs/optimization.md#logistic_regression. Sources: Hastie, Tibshirani & Friedman, The
// Elements of Statistical Learning (2nd ed.), 4.4.1 (IRLS); Bishop, Pattern Recognition and Machine
// Learning, 4.3.2-4.3.3; Boyd & Vandenberghe, Convex Optimization, 7.1.1.
#pragma once

#include <cmath>

#include "course/eigen.hpp"
#include "course/error.hpp"
#include "optimization/line_search.hpp"
#include "optimization/problem.hpp"

namespace course::optimization {

// LogisticData: the design matrix X (m, d), the labels y (m entries, each 0 or 1) and the L2
// strength lambda >= 0.
struct LogisticData {
    Matrix X;
    Vector y;
    double l2 = 0.0;
};

// check_logistic_data, check_logistic_weights: the argument checks of the functions below (not
// their lesson): std::invalid_argument naming `function` and the value.
inline void check_logistic_data(const LogisticData& data, const char* function) {
    COURSE_CHECK(data.X.rows() >= 1 && data.X.cols() >= 1, function, ": X is ", data.X.rows(), " x ", data.X.cols(),
                 ", expected m >= 1 examples of d >= 1 features");
    COURSE_CHECK(data.y.size() == data.X.rows(), function, ": y has ", data.y.size(), " labels but X has ",
                 data.X.rows(), " rows (one label per example)");
    for (Eigen::Index i = 0; i < data.y.size(); ++i)
        COURSE_CHECK(data.y(i) == 0.0 || data.y(i) == 1.0, function, ": y[", i, "] = ", data.y(i),
                     ", expected a label 0 or 1 (not -1 / +1)");
    COURSE_CHECK(data.l2 >= 0.0 && std::isfinite(data.l2), function, ": l2 = ", data.l2, ", expected a finite lambda >= 0");
}

inline void check_logistic_weights(const LogisticData& data, const Vector& w, const char* function) {
    COURSE_CHECK(w.size() == data.X.cols(), function, ": w has ", w.size(), " entries but X has d = ", data.X.cols(),
                 " columns");
}

// logistic_loss, logistic_gradient, logistic_hessian: f(w), grad f(w) (d entries) and the Hessian
// (d, d) above, at w (d entries).
// Throws std::invalid_argument if X is empty (m = 0 or d = 0), y does not have m entries, a label
// is not 0 or 1, lambda < 0 or not finite, or w does not have d entries.
double logistic_loss(const LogisticData& data, const Vector& w);
Vector logistic_gradient(const LogisticData& data, const Vector& w);
Matrix logistic_hessian(const LogisticData& data, const Vector& w);

// logistic_objective: the three functions above as an Objective (problem.hpp) over w. The data is
// checked once here and shared, not copied, by the three functions.
Objective logistic_objective(const LogisticData& data);

// fit_logistic_gradient_descent: gradient descent with Armijo backtracking (gradient_descent_armijo,
// line_search.hpp) on logistic_objective(data), from w0.
// Both fits throw std::invalid_argument for the data errors of logistic_objective, and, naming the
// fit, if w0 does not have d entries.
OptimizeResult fit_logistic_gradient_descent(const LogisticData& data, const Vector& w0, const StopRule& stop = {},
                                             const ArmijoConfig& line_search = {});

// fit_logistic_newton: Newton's method with backtracking (newton, newton.hpp) on
// logistic_objective(data), from w0. For logistic regression the Newton step is a weighted least
// squares solve,
//     w+ = (X^T S X + m lambda I)^-1 X^T S zeta,   S = diag(p_i (1 - p_i)),   zeta = X w - S^-1 (p - y)
// so Newton's method is iteratively reweighted least squares (IRLS).
OptimizeResult fit_logistic_newton(const LogisticData& data, const Vector& w0, const StopRule& stop = {});

}  // namespace course::optimization
