// Exercise 9: gradient check. Contract: include/backprop/gradient_check.hpp
// Notes: docs/backprop.md#gradient_check.  Hints: ./course hint backprop gradient_check
// Grade it:  ./course grade backprop gradient_check
//
//     numeric_i = (f(x + h e_i) - f(x - h e_i)) / ((x_i + h) - (x_i - h))
//     relative_error(a, b) = |a - b| / max(|a|, |b|, floor)
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

double relative_error(double analytic, double numeric, double floor) {
    check_relative_error_floor("relative_error", floor);
    // TODO(learner): NaN in -> NaN out, an infinity in -> +inf, equal values -> 0, else the formula.
    // Hint: |a - b| overflows for a = 1e308, b = -1e308; a / d - b / d does not (d the denominator).
    COURSE_TODO("relative_error");
}

std::vector<double> numerical_gradient(const std::function<double(std::span<const double>)>& f,
                                       std::span<double> x, double h) {
    check_numerical_gradient_arguments<double>("numerical_gradient", f, x, h);
    // TODO(learner): for each i: save x[i], set it to x[i] + h, call f, to x[i] - h, call f, divide
    // the difference by the step taken, and put the SAVED value back (also when f throws).
    // Hint: write it once as a template on T in an anonymous namespace; the float overload and
    // check_gradient use it too. An object whose destructor restores x[i] covers the throw.
    COURSE_TODO("numerical_gradient");
}

std::vector<double> numerical_gradient(const std::function<float(std::span<const float>)>& f,
                                       std::span<float> x, float h) {
    check_numerical_gradient_arguments<float>("numerical_gradient", f, x, h);
    // TODO(learner): the same in float: x_i +- h and f in float, the differences in double.
    COURSE_TODO("numerical_gradient (float)");
}

GradientCheck check_gradient(const std::function<double(std::span<const double>)>& f, std::span<double> x,
                             std::span<const double> analytic, double h, double tolerance, double floor) {
    check_gradient_check_arguments("check_gradient", x.size(), analytic.size(), tolerance, floor);
    check_numerical_gradient_arguments<double>("check_gradient", f, x, h);
    // TODO(learner): the numerical gradient, G = the largest finite |entry| of both gradients, each
    // entry's relative_error with the floor floor * G, the worst (the first NaN if any), passed.
    // Hint: std::max(worst, NaN) returns worst: a NaN gradient would pass. Test for NaN first.
    COURSE_TODO("check_gradient");
}

GradientCheck check_gradient(const std::function<float(std::span<const float>)>& f, std::span<float> x,
                             std::span<const float> analytic, float h, double tolerance, double floor) {
    check_gradient_check_arguments("check_gradient", x.size(), analytic.size(), tolerance, floor);
    check_numerical_gradient_arguments<float>("check_gradient", f, x, h);
    // TODO(learner): the same with the float numerical gradient and the analytic values as double.
    COURSE_TODO("check_gradient (float)");
}

}  // namespace course::backprop
