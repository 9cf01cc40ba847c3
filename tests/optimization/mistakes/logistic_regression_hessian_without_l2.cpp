// Known mistake: the Hessian without the L2 term, (1/m) X^T S X only, although the loss and the
// gradient include (lambda / 2) ||w||^2. Newton's steps are then too long along directions where
// the data carries little curvature, and at large margins (p (1 - p) = 0) the Hessian is singular.
#include "optimization/logistic_regression.hpp"

#include <algorithm>
#include <cmath>
#include <memory>

#include "course/error.hpp"
#include "optimization/newton.hpp"

namespace course::optimization {
namespace {

void check_data(const LogisticData& data, const char* function) {
    COURSE_CHECK(data.X.rows() >= 1 && data.X.cols() >= 1, function, ": X is ", data.X.rows(), " x ", data.X.cols(),
                 ", expected m >= 1 examples of d >= 1 features");
    COURSE_CHECK(data.y.size() == data.X.rows(), function, ": y has ", data.y.size(), " labels but X has ",
                 data.X.rows(), " rows (one label per example)");
    for (Eigen::Index i = 0; i < data.y.size(); ++i)
        COURSE_CHECK(data.y(i) == 0.0 || data.y(i) == 1.0, function, ": y[", i, "] = ", data.y(i),
                     ", expected a label 0 or 1 (not -1 / +1)");
    COURSE_CHECK(data.l2 >= 0.0 && std::isfinite(data.l2), function, ": l2 = ", data.l2, ", expected a finite lambda >= 0");
}

void check_weights(const LogisticData& data, const Vector& w, const char* function) {
    COURSE_CHECK(w.size() == data.X.cols(), function, ": w has ", w.size(), " entries but X has d = ", data.X.cols(),
                 " columns");
}

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

// loss_unchecked, gradient_unchecked, hessian_unchecked: the formulas, on checked data.
double loss_unchecked(const LogisticData& data, const Vector& w) {
    const Vector z = data.X * w;
    double total = 0.0;
    for (Eigen::Index i = 0; i < z.size(); ++i) total += softplus(z(i)) - data.y(i) * z(i);
    return total / double(data.X.rows()) + 0.5 * data.l2 * w.squaredNorm();
}

Vector gradient_unchecked(const LogisticData& data, const Vector& w) {
    const Vector z = data.X * w;
    Vector residual(z.size());  // p - y
    for (Eigen::Index i = 0; i < z.size(); ++i) residual(i) = sigmoid(z(i)) - data.y(i);
    return data.X.transpose() * residual / double(data.X.rows()) + data.l2 * w;
}

Matrix hessian_unchecked(const LogisticData& data, const Vector& w) {
    const Vector z = data.X * w;
    const Eigen::Index m = data.X.rows();
    // SX = diag(p_i (1 - p_i)) X, then H = X^T SX / m + lambda I: 2 m d^2 flops.
    Matrix SX = data.X;
    for (Eigen::Index i = 0; i < m; ++i) {
        const double p = sigmoid(z(i));
        SX.row(i) *= p * (1.0 - p);
    }
    Matrix H = data.X.transpose() * SX / double(m);
    // BUG: missing H.diagonal().array() += data.l2
    return H;
}

}  // namespace

double logistic_loss(const LogisticData& data, const Vector& w) {
    check_data(data, "logistic_loss");
    check_weights(data, w, "logistic_loss");
    return loss_unchecked(data, w);
}

Vector logistic_gradient(const LogisticData& data, const Vector& w) {
    check_data(data, "logistic_gradient");
    check_weights(data, w, "logistic_gradient");
    return gradient_unchecked(data, w);
}

Matrix logistic_hessian(const LogisticData& data, const Vector& w) {
    check_data(data, "logistic_hessian");
    check_weights(data, w, "logistic_hessian");
    return hessian_unchecked(data, w);
}

Objective logistic_objective(const LogisticData& data) {
    check_data(data, "logistic_objective");
    auto shared = std::make_shared<const LogisticData>(data);
    return Objective{
        [shared](const Vector& w) {
            check_weights(*shared, w, "logistic_loss");
            return loss_unchecked(*shared, w);
        },
        [shared](const Vector& w) -> Vector {
            check_weights(*shared, w, "logistic_gradient");
            return gradient_unchecked(*shared, w);
        },
        [shared](const Vector& w) -> Matrix {
            check_weights(*shared, w, "logistic_hessian");
            return hessian_unchecked(*shared, w);
        },
    };
}

OptimizeResult fit_logistic_gradient_descent(const LogisticData& data, const Vector& w0, const StopRule& stop,
                                             const ArmijoConfig& line_search) {
    const Objective objective = logistic_objective(data);
    check_weights(data, w0, "fit_logistic_gradient_descent");
    return gradient_descent_armijo(objective, w0, line_search, stop);
}

OptimizeResult fit_logistic_newton(const LogisticData& data, const Vector& w0, const StopRule& stop) {
    const Objective objective = logistic_objective(data);
    check_weights(data, w0, "fit_logistic_newton");
    return newton(objective, w0, stop);
}

}  // namespace course::optimization
