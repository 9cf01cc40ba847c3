// Reference solution of exercise 9, gradient check. Contract: include/backprop/gradient_check.hpp.
#include "backprop/gradient_check.hpp"

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <functional>
#include <limits>
#include <span>
#include <vector>

#include "course/error.hpp"

namespace course::backprop {
namespace {

// Restore: puts x_i back to its saved value when the scope ends, also when f throws. Assigning the
// saved copy is exact; x_i + h - h is not.
template <typename T>
struct Restore {
    T& entry;
    T saved;
    ~Restore() { entry = saved; }
};

// central_differences: numerical_gradient without the argument checks. x is (n); returns g, (n).
template <typename T>
std::vector<double> central_differences(const std::function<T(std::span<const T>)>& f, std::span<T> x, T h) {
    const std::span<const T> point(x);  // what f sees: x, perturbed in place
    std::vector<double> g(x.size());
    for (std::size_t i = 0; i < x.size(); ++i) {
        const Restore<T> restore{x[i], x[i]};
        const T plus = restore.saved + h, minus = restore.saved - h;
        x[i] = plus;
        const double f_plus = double(f(point));
        x[i] = minus;
        const double f_minus = double(f(point));
        // The step f saw, (x_i + h) - (x_i - h) as rounded; exact in double for a float T.
        g[i] = (f_plus - f_minus) / (double(plus) - double(minus));
    }
    return g;
}

// compare: check_gradient for either precision.
template <typename T>
GradientCheck compare(const char* function, const std::function<T(std::span<const T>)>& f, std::span<T> x,
                      std::span<const T> analytic, T h, double tolerance, double floor) {
    check_gradient_check_arguments(function, x.size(), analytic.size(), tolerance, floor);
    check_numerical_gradient_arguments<T>(function, f, std::span<const T>(x), h);
    const std::vector<double> numeric = central_differences(f, x, h);

    // G: the largest finite magnitude among both gradients; the floor scales with it, so with f.
    double largest = 0.0;
    for (std::size_t i = 0; i < x.size(); ++i) {
        for (const double v : {double(analytic[i]), numeric[i]}) {
            if (std::isfinite(v)) largest = std::max(largest, std::abs(v));
        }
    }
    const double absolute_floor = floor * largest;

    GradientCheck result;
    for (std::size_t i = 0; i < x.size(); ++i) {
        const double error = relative_error(double(analytic[i]), numeric[i], absolute_floor);
        // NaN compares false with everything: test for it first, and stop at the first one.
        if (std::isnan(error) || result.worst_index < 0 || error > result.max_relative_error) {
            result.max_relative_error = error;
            result.worst_index = int(i);
            result.analytic = double(analytic[i]);
            result.numeric = numeric[i];
            if (std::isnan(error)) break;
        }
    }
    result.passed = result.max_relative_error <= tolerance;  // false for NaN
    return result;
}

}  // namespace

double relative_error(double analytic, double numeric, double floor) {
    check_relative_error_floor("relative_error", floor);
    if (std::isnan(analytic) || std::isnan(numeric)) return std::numeric_limits<double>::quiet_NaN();
    if (std::isinf(analytic) || std::isinf(numeric)) return std::numeric_limits<double>::infinity();
    if (analytic == numeric) return 0.0;  // both 0 included: no 0 / 0
    const double denominator = std::max({std::abs(analytic), std::abs(numeric), floor});
    const double difference = std::abs(analytic - numeric);
    if (std::isfinite(difference)) return difference / denominator;
    // a - b overflowed (opposite signs near the largest double): scale both first.
    return std::abs(analytic / denominator - numeric / denominator);
}

std::vector<double> numerical_gradient(const std::function<double(std::span<const double>)>& f,
                                       std::span<double> x, double h) {
    check_numerical_gradient_arguments<double>("numerical_gradient", f, x, h);
    return central_differences(f, x, h);
}

std::vector<double> numerical_gradient(const std::function<float(std::span<const float>)>& f,
                                       std::span<float> x, float h) {
    check_numerical_gradient_arguments<float>("numerical_gradient", f, x, h);
    return central_differences(f, x, h);
}

GradientCheck check_gradient(const std::function<double(std::span<const double>)>& f, std::span<double> x,
                             std::span<const double> analytic, double h, double tolerance, double floor) {
    return compare<double>("check_gradient", f, x, analytic, h, tolerance, floor);
}

GradientCheck check_gradient(const std::function<float(std::span<const float>)>& f, std::span<float> x,
                             std::span<const float> analytic, float h, double tolerance, double floor) {
    return compare<float>("check_gradient", f, x, analytic, h, tolerance, floor);
}

}  // namespace course::backprop
