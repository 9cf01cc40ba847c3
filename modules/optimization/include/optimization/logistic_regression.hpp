// Convex case study: L2-regularized logistic regression, its loss, gradient and Hessian written
// out stably, fitted by gradient descent and by Newton's method (which, here, is IRLS).
//
//     z_i = x_i^T w,   p_i = sigma(z_i) = 1 / (1 + e^{-z_i})
//     f(w) = (1/m) sum_i [ log(1 + e^{z_i}) - y_i z_i ] + (lambda / 2) sum_{j != c} w_j^2
//     grad f(w) = (1/m) X^T (p - y) + lambda P w
//     H(w)      = (1/m) X^T diag(p_i (1 - p_i)) X + lambda P
//
// X is (m, d) row-major, one example per row; y holds m labels in {0, 1}; w has d weights. For an
// intercept put a column of ones in X and name it in LogisticData::intercept_column (c above): its
// weight, the intercept, is not penalized. P is the identity with P_cc = 0 (P = I without an
// intercept column). Leaving the intercept free is the convention of the statistics texts (Hastie,
// Tibshirani & Friedman 3.4.1 and 4.4.4) and of scikit-learn's LogisticRegression with its default
// lbfgs solver (its liblinear solver does penalize it): a penalized intercept pulls every predicted
// probability toward 1/2, and the fit then changes when a feature is shifted by a constant.
// f is the mean negative log-likelihood of y under P(y_i = 1) = p_i (plus the penalty): convex (H is
// positive semidefinite), strictly convex when lambda > 0 (the intercept's curvature comes from the
// data: H_cc = mean p_i (1 - p_i) > 0).
// log(1 + e^z) is evaluated as max(z, 0) + log1p(e^{-|z|}): the naive form overflows to inf for
// z > 709 (margin 1000 is a plausible value for a confident, badly scaled model), while this form
// is exact to rounding for every z. sigma(z) is evaluated without overflow on either side.
// Not scale-invariant: f depends on the margins z_i, which the scales of X and w set together, and
// lambda has the units of 1 / |w|^2; every finite margin is handled (tested up to |z| = 1e150), and
// the penalty does not overflow before its value does: (lambda / 2) ||w||^2 is 0 for lambda = 0 at
// any finite w (tested at |w| = 1e200 and 2.1e308) and finite whenever its value is (tested:
// lambda = 2^-600, |w| = 2^400, where ||w||^2 alone overflows).
// Cost: loss and gradient O(m d); Hessian O(m d^2); memory O(m d) (never an (m, m) matrix: tested
// with m = 40 000, where one would exceed the course's 4 GiB limit on an allocation).
// Notes: docs/optimization.md#logistic_regression. Sources: Hastie, Tibshirani & Friedman, The
// Elements of Statistical Learning (2nd ed.), 4.4.1 (IRLS); Bishop, Pattern Recognition and Machine
// Learning, 4.3.2-4.3.3; Boyd & Vandenberghe, Convex Optimization, 7.1.1.
#pragma once

#include <cmath>
#include <limits>
#include <stdexcept>
#include <string_view>

#include "course/eigen.hpp"
#include "course/error.hpp"
#include "optimization/line_search.hpp"
#include "optimization/problem.hpp"

namespace course::optimization {

// LogisticData: the design matrix X (m, d), the labels y (m entries, each 0 or 1), the L2
// strength lambda >= 0, and the column of X that holds the intercept's ones (its weight is not
// penalized), or -1 for none.
struct LogisticData {
    Matrix X;
    Vector y;
    double l2 = 0.0;
    Eigen::Index intercept_column = -1;
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
    const Eigen::Index c = data.intercept_column;
    COURSE_CHECK(c >= -1 && c < data.X.cols(), function, ": intercept_column = ", c, ", expected -1 (none) or a column of X, 0 .. ",
                 data.X.cols() - 1);
    if (c >= 0)
        for (Eigen::Index i = 0; i < data.X.rows(); ++i)
            COURSE_CHECK(data.X(i, c) == 1.0, function, ": intercept_column = ", c, " but X(", i, ", ", c, ") = ",
                         data.X(i, c), ", expected the intercept's 1 in every row");
}

inline void check_logistic_weights(const LogisticData& data, const Vector& w, const char* function) {
    COURSE_CHECK(w.size() == data.X.cols(), function, ": w has ", w.size(), " entries but X has d = ", data.X.cols(),
                 " columns");
}

// logistic_loss, logistic_gradient, logistic_hessian: f(w), grad f(w) (d entries) and the Hessian
// (d, d) above, at w (d entries).
// Throws std::invalid_argument if X is empty (m = 0 or d = 0), y does not have m entries, a label
// is not 0 or 1, lambda < 0 or not finite, intercept_column is neither -1 nor a column of X or that
// column is not all ones, or w does not have d entries.
double logistic_loss(const LogisticData& data, const Vector& w);
Vector logistic_gradient(const LogisticData& data, const Vector& w);
Matrix logistic_hessian(const LogisticData& data, const Vector& w);

// logistic_objective: the three functions above as an Objective (problem.hpp) over w. The data is
// checked once here and shared, not copied, by the three functions.
Objective logistic_objective(const LogisticData& data);

// separates_classes: whether w proves that f has no minimizer. Let u be the part of w that the
// penalty does not see: all of w when lambda = 0; only the intercept w_c e_c when lambda > 0 (u = 0
// without an intercept column). If every example lies strictly on its side of x^T u = 0,
//     s_i = (2 y_i - 1) x_i^T u > d eps sum_j |x_ij u_j|   for every i,
// then along u every term of the loss decreases and the penalty is unchanged: f(v + t u) decreases
// strictly in t from every v, so no v is a minimizer (the maximum-likelihood estimate does not exist
// when lambda = 0; with lambda > 0 this happens only when every label is the same and the intercept
// is free). The right side bounds the rounding error of the computed x_i^T u (Higham, Accuracy and
// Stability of Numerical Algorithms, 3.1: gamma_d < d eps), so a true answer is a proof, never a
// false alarm, however close the classes come. Not detected: quasi-complete separation, where some
// examples lie exactly on the separating hyperplane (s_i = 0 while the others grow).
// O(m d). Throws std::invalid_argument for the data errors above and if w does not have d entries.
bool separates_classes(const LogisticData& data, const Vector& w);

// SeparableDataError: thrown by the fits when separates_classes(data, w) holds at their last
// iterate w: the run stopped (often "converged", the gradient having decayed like e^{-margin}) at a
// w whose size depends only on the tolerance, and no minimizer exists. A std::runtime_error like
// DivergedError: the arguments were valid, the fit has no answer. what() names the fit and says
// "separable"; weights() is that last iterate (with lambda = 0 it classifies every training example
// correctly).
class SeparableDataError : public std::runtime_error {
public:
    SeparableDataError(std::string_view fit, int iterations, const Vector& weights)
        : std::runtime_error(concat(fit, ": the classes are separable (every example strictly on its side of x^T w = 0 at the ",
                                    "iterate reached after ", iterations, " iterations, |w| = ", weights.norm(),
                                    "): the loss decreases forever as |w| grows and has no minimizer (no maximum-",
                                    "likelihood estimate); use l2 > 0, and with a free intercept give both labels")),
          weights_(weights) {}
    const Vector& weights() const { return weights_; }

private:
    Vector weights_;
};

// fit_logistic_gradient_descent: gradient descent with Armijo backtracking (gradient_descent_armijo,
// line_search.hpp) on logistic_objective(data), from w0.
// Both fits throw std::invalid_argument for the data errors of logistic_objective, and, naming the
// fit, if w0 does not have d entries; and SeparableDataError, naming the fit, when
// separates_classes(data, w) holds at the w where the run stopped (converged or not).
OptimizeResult fit_logistic_gradient_descent(const LogisticData& data, const Vector& w0, const StopRule& stop = {},
                                             const ArmijoConfig& line_search = {});

// fit_logistic_newton: Newton's method with backtracking (newton, newton.hpp) on
// logistic_objective(data), from w0. For logistic regression the Newton step is a weighted least
// squares solve,
//     w+ = (X^T S X + m lambda P)^-1 X^T S zeta,   S = diag(p_i (1 - p_i)),   zeta = X w - S^-1 (p - y)
// so Newton's method is iteratively reweighted least squares (IRLS).
OptimizeResult fit_logistic_newton(const LogisticData& data, const Vector& w0, const StopRule& stop = {});

}  // namespace course::optimization
