// Reference solution: numerical derivatives. Contract: include/optimization/numerical_derivatives.hpp
#include "optimization/numerical_derivatives.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <string_view>

#include "course/error.hpp"

namespace course::optimization {
namespace {

constexpr double kEps = std::numeric_limits<double>::epsilon();

// step_for: base * max(1, |xi|), rounded so that (xi + h) - xi == h exactly. Without that last
// touch the difference quotient divides by the h we wanted, not by the (x + h) - (x - h) the
// computer actually stepped over (Numerical Recipes, 5.7).
double step_for(double base, double xi) {
    const double h = base * std::max(1.0, std::abs(xi));
    return (xi + h) - xi;  // not h under IEEE rounding: the compiler may not simplify it (no -ffast-math)
}

}  // namespace

Vector central_difference_gradient(const std::function<double(const Vector&)>& f, const Vector& x) {
    check_difference_arguments("central_difference_gradient", f, x);
    // g_i = (f(x + h_i e_i) - f(x - h_i e_i)) / (2 h_i),  h_i = cbrt(eps) * max(1, |x_i|)
    const double base = std::cbrt(kEps);
    const Eigen::Index n = x.size();
    Vector g(n);
    Vector probe = x;
    for (Eigen::Index i = 0; i < n; ++i) {
        const double h = step_for(base, x[i]);
        probe[i] = x[i] + h;
        const double f_plus = f(probe);
        probe[i] = x[i] - h;
        const double f_minus = f(probe);
        probe[i] = x[i];
        g[i] = (f_plus - f_minus) / (2.0 * h);
    }
    return g;
}

Matrix central_difference_hessian(const std::function<double(const Vector&)>& f, const Vector& x) {
    check_difference_arguments("central_difference_hessian", f, x);
    // h_i = eps^(1/4) * max(1, |x_i|): the step that balances h^2 truncation against eps / h^2 rounding.
    const double base = std::sqrt(std::sqrt(kEps));
    const Eigen::Index n = x.size();
    Vector h(n);
    for (Eigen::Index i = 0; i < n; ++i) h[i] = step_for(base, x[i]);

    Matrix H(n, n);
    Vector probe = x;
    const double f0 = f(x);
    for (Eigen::Index i = 0; i < n; ++i) {
        // Diagonal: H_ii = (f(x + h_i e_i) - 2 f(x) + f(x - h_i e_i)) / h_i^2
        probe[i] = x[i] + h[i];
        const double f_plus = f(probe);
        probe[i] = x[i] - h[i];
        const double f_minus = f(probe);
        probe[i] = x[i];
        H(i, i) = (f_plus - 2.0 * f0 + f_minus) / (h[i] * h[i]);

        // Off-diagonal, i < j: the four corners of the (h_i, h_j) square around x.
        for (Eigen::Index j = i + 1; j < n; ++j) {
            double corners = 0.0;
            for (int si : {+1, -1}) {
                for (int sj : {+1, -1}) {
                    probe[i] = x[i] + si * h[i];
                    probe[j] = x[j] + sj * h[j];
                    corners += si * sj * f(probe);
                }
            }
            probe[i] = x[i];
            probe[j] = x[j];
            H(i, j) = H(j, i) = corners / (4.0 * h[i] * h[j]);
        }
    }
    return H;
}

}  // namespace course::optimization
