// Reference solution: logistic regression, stable loss, gradient, Hessian and two fits.
// Contract: include/optimization/logistic_regression.hpp
#include "optimization/logistic_regression.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <memory>

#include "course/error.hpp"
#include "optimization/newton.hpp"

namespace course::optimization {
namespace {

// softplus: log(1 + e^z) = max(z, 0) + log1p(e^{-|z|}); e^{-|z|} <= 1 never overflows, and log1p
// keeps the digits of a tiny e^{-|z|} that 1 + e^{-|z|} would round away.
double softplus(double z) { return std::max(z, 0.0) + std::log1p(std::exp(-std::abs(z))); }

// sigmoid: 1 / (1 + e^{-z}) for z >= 0, e^z / (1 + e^z) for z < 0: the exponential is of a
// nonpositive number on both branches, so nothing overflows.
double sigmoid(double z) {
    if (z >= 0.0) return 1.0 / (1.0 + std::exp(-z));
    const double e = std::exp(z);
    return e / (1.0 + e);
}

// penalized_part: P w, the weights the penalty sees (w with the intercept's entry set to 0).
Vector penalized_part(const LogisticData& data, const Vector& w) {
    Vector v = w;
    if (data.intercept_column >= 0) v(data.intercept_column) = 0.0;
    return v;
}

// penalty: (lambda / 2) ||P w||^2, as (lambda ||P w||) ||P w|| / 2 with the norm from Eigen's
// stableNorm (scaled, so it overflows only when ||P w|| does): ||P w||^2 alone overflows for
// |w| > 1e154, and 0 * inf would make the penalty NaN for lambda = 0.
double penalty(const LogisticData& data, const Vector& w) {
    if (data.l2 == 0.0) return 0.0;
    const double norm = penalized_part(data, w).stableNorm();
    return 0.5 * (data.l2 * norm) * norm;
}

// loss_unchecked, gradient_unchecked, hessian_unchecked: the formulas, on checked data.
double loss_unchecked(const LogisticData& data, const Vector& w) {
    const Vector z = data.X * w;
    double total = 0.0;
    for (Eigen::Index i = 0; i < z.size(); ++i) total += softplus(z(i)) - data.y(i) * z(i);
    return total / double(data.X.rows()) + penalty(data, w);
}

Vector gradient_unchecked(const LogisticData& data, const Vector& w) {
    const Vector z = data.X * w;
    Vector residual(z.size());  // p - y
    for (Eigen::Index i = 0; i < z.size(); ++i) residual(i) = sigmoid(z(i)) - data.y(i);
    return data.X.transpose() * residual / double(data.X.rows()) + data.l2 * penalized_part(data, w);
}

Matrix hessian_unchecked(const LogisticData& data, const Vector& w) {
    const Vector z = data.X * w;
    const Eigen::Index m = data.X.rows(), d = data.X.cols();
    // H = (1/m) X^T S X + lambda I = (1/m) B^T B + lambda I with B = S^(1/2) X (row i of X scaled by
    // sqrt(p_i (1 - p_i))): a symmetric rank-m update, of which only the lower triangle is computed
    // (m d^2 flops instead of 2 m d^2 for the general product), then mirrored.
    Matrix B = data.X;
    for (Eigen::Index i = 0; i < m; ++i) {
        const double p = sigmoid(z(i));
        B.row(i) *= std::sqrt(p * (1.0 - p));
    }
    Matrix H = Matrix::Zero(d, d);
    H.selfadjointView<Eigen::Lower>().rankUpdate(B.transpose(), 1.0 / double(m));
    H.triangularView<Eigen::StrictlyUpper>() = H.transpose();
    H.diagonal().array() += data.l2;
    if (data.intercept_column >= 0) H(data.intercept_column, data.intercept_column) -= data.l2;  // P, not I
    return H;
}

// unpenalized_part: u, the part of w along which the penalty does not grow: all of w when
// lambda = 0, the intercept alone when lambda > 0 (zero without an intercept column).
Vector unpenalized_part(const LogisticData& data, const Vector& w) {
    if (data.l2 == 0.0) return w;
    Vector u = Vector::Zero(w.size());
    if (data.intercept_column >= 0) u(data.intercept_column) = w(data.intercept_column);
    return u;
}

bool separates_unchecked(const LogisticData& data, const Vector& w) {
    const Vector u = unpenalized_part(data, w);
    const Vector z = data.X * u;
    // |fl(x_i^T u) - x_i^T u| <= gamma_d sum_j |x_ij u_j| < d eps sum_j |x_ij u_j| (Higham, 3.1).
    const Vector rounding = (double(data.X.cols()) * std::numeric_limits<double>::epsilon()) *
                            (data.X.cwiseAbs() * u.cwiseAbs());
    for (Eigen::Index i = 0; i < z.size(); ++i) {
        const double margin = data.y(i) == 1.0 ? z(i) : -z(i);
        if (!(margin > rounding(i))) return false;
    }
    return true;
}

// checked_fit: the optimizer's result, unless its last iterate proves that no minimizer exists.
OptimizeResult checked_fit(const LogisticData& data, OptimizeResult result, const char* fit) {
    if (separates_unchecked(data, result.x)) throw SeparableDataError(fit, result.iterations, result.x);
    return result;
}

}  // namespace

double logistic_loss(const LogisticData& data, const Vector& w) {
    check_logistic_data(data, "logistic_loss");
    check_logistic_weights(data, w, "logistic_loss");
    return loss_unchecked(data, w);
}

Vector logistic_gradient(const LogisticData& data, const Vector& w) {
    check_logistic_data(data, "logistic_gradient");
    check_logistic_weights(data, w, "logistic_gradient");
    return gradient_unchecked(data, w);
}

Matrix logistic_hessian(const LogisticData& data, const Vector& w) {
    check_logistic_data(data, "logistic_hessian");
    check_logistic_weights(data, w, "logistic_hessian");
    return hessian_unchecked(data, w);
}

Objective logistic_objective(const LogisticData& data) {
    check_logistic_data(data, "logistic_objective");
    auto shared = std::make_shared<const LogisticData>(data);
    return Objective{
        [shared](const Vector& w) {
            check_logistic_weights(*shared, w, "logistic_loss");
            return loss_unchecked(*shared, w);
        },
        [shared](const Vector& w) -> Vector {
            check_logistic_weights(*shared, w, "logistic_gradient");
            return gradient_unchecked(*shared, w);
        },
        [shared](const Vector& w) -> Matrix {
            check_logistic_weights(*shared, w, "logistic_hessian");
            return hessian_unchecked(*shared, w);
        },
    };
}

bool separates_classes(const LogisticData& data, const Vector& w) {
    check_logistic_data(data, "separates_classes");
    check_logistic_weights(data, w, "separates_classes");
    return separates_unchecked(data, w);
}

OptimizeResult fit_logistic_gradient_descent(const LogisticData& data, const Vector& w0, const StopRule& stop,
                                             const ArmijoConfig& line_search) {
    const Objective objective = logistic_objective(data);
    check_logistic_weights(data, w0, "fit_logistic_gradient_descent");
    return checked_fit(data, gradient_descent_armijo(objective, w0, line_search, stop), "fit_logistic_gradient_descent");
}

OptimizeResult fit_logistic_newton(const LogisticData& data, const Vector& w0, const StopRule& stop) {
    const Objective objective = logistic_objective(data);
    check_logistic_weights(data, w0, "fit_logistic_newton");
    return checked_fit(data, newton(objective, w0, stop), "fit_logistic_newton");
}

}  // namespace course::optimization
