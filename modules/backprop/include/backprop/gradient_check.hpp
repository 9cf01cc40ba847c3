// Gradient check: compare an analytic gradient with central differences, entry by entry, with a
// relative error. The tool that tests every backward pass written later in this module.
// Notes: docs/backprop.md#gradient_check.
//
//     numeric_i = (f(x + h e_i) - f(x - h e_i)) / ((x_i + h) - (x_i - h))
//     relative_error(a, b) = |a - b| / max(|a|, |b|, floor)
//
// The central difference is exact for polynomials of degree 2; in general its truncation error is
// h^2 |f'''| / 6 and its rounding error about eps |f| / h, so the best step is h ~ cbrt(3 eps |f| /
// |f'''|): about 9e-6 in double and 7e-3 in float for f, x and f''' of order one, where the error
// is about eps^(2/3): 4e-11 in double, 2.4e-5 in float. Hence the thresholds (CS231n): a relative
// error below 1e-7 is right in double; in float, 1e-3 .. 1e-2 is all one can ask.
//
// The relative error is scale-free: f multiplied by 1e-150 or by 1e150 gives the same errors,
// where an absolute difference of 1e-6 would pass anything at 1e-150 and nothing at 1e150. Near
// zero it needs a floor: a gradient entry that is 0 is computed by central differences as a few
// rounding errors, 1e-11 say, whose error relative to itself is 1. check_gradient takes the floor
// as a fraction of the gradient's largest entry, so that it scales with f too.
//
// x is perturbed IN PLACE, one entry at a time, and restored bit for bit (from a saved copy, not
// by subtracting h again: (x + h) - h is not x in floating point), also when f throws. So f may
// read x through its argument or through a buffer of its own that x views (a layer's weights).
//
// Cost: exactly 2 n evaluations of f for n = x.size() (f(x) itself is never evaluated).
// Source: CS231n notes, "Neural Networks 3", gradient checks; Goodfellow, Bengio & Courville,
// "Deep Learning", 11.5; Nocedal & Wright, "Numerical Optimization", 8.1 (the choice of h);
// Press et al., "Numerical Recipes", 5.7 (dividing by the step actually taken).
#pragma once

#include <cmath>
#include <cstddef>
#include <functional>
#include <span>
#include <vector>

#include "course/error.hpp"

namespace course::backprop {

// relative_error: |analytic - numeric| / max(|analytic|, |numeric|, floor).
//     0 when analytic == numeric (both 0 included, whatever the floor);
//     NaN when either is NaN; +inf when either is infinite (an infinite gradient cannot be checked,
//     and inf - inf would be NaN): the check must fail, never pass, on such an entry.
//     Right also where analytic - numeric overflows: relative_error(1e308, -1e308) = 2.
// floor >= 0 (finite) bounds the denominator from below: floor = 0 is CS231n's plain relative error.
// Throws std::invalid_argument when floor is negative, NaN or infinite.
double relative_error(double analytic, double numeric, double floor = 0.0);

// numerical_gradient: the central differences above, one per entry of x, for a step h > 0:
//     g[i] = (f(x + h e_i) - f(x - h e_i)) / ((x_i + h) - (x_i - h))
// The denominator is the step actually taken, as rounded (2 h when x_i +- h are exact), which is
// what f saw (Numerical Recipes, 5.7). x is (n), n >= 1; returns g, (n). 2 n calls of f, x restored
// bit for bit afterwards (also when f throws).
// The float overload perturbs x and evaluates f in float (the precision of an fp32 layer) and
// forms the differences in double. Suitable h: about cbrt(eps) times the scale of x, 6e-6 in
// double and 5e-3 in float (a step of 1e-6 in float leaves a rounding error of about 0.1 |f|).
// Throws std::invalid_argument (check_numerical_gradient_arguments) when f is empty, x is empty or
// holds a NaN or infinity, h is not a finite positive number, or x_i + h or x_i - h rounds to x_i.
std::vector<double> numerical_gradient(const std::function<double(std::span<const double>)>& f,
                                       std::span<double> x, double h);
std::vector<double> numerical_gradient(const std::function<float(std::span<const float>)>& f,
                                       std::span<float> x, float h);

// GradientCheck: the outcome of check_gradient.
struct GradientCheck {
    double max_relative_error = 0.0;  // the largest relative error over the entries; NaN if any is NaN
    int worst_index = -1;             // the entry where it is (the first such entry: the first NaN if any)
    double analytic = 0.0;            // analytic[worst_index]
    double numeric = 0.0;             // the central difference at worst_index
    bool passed = false;              // max_relative_error <= tolerance; false when it is NaN
};

// check_gradient: numerical_gradient(f, x, h), then for every entry i
//     error_i = relative_error(analytic[i], numeric[i], floor * G)
//     G = the largest finite value among |analytic[j]| and |numeric[j]| over all j
// and the worst entry. An error that is NaN makes the result NaN and the check fail: std::max(err,
// NaN) returns err and would drop it, so compare with care. Ties: the first worst entry.
// Sizes: analytic.size() == x.size() >= 1. tolerance: finite, >= 0 (1e-7 in double, 1e-3 .. 1e-2 in
// float). floor in [0, 1]: a fraction of G (1e-3 forgives the rounding noise of an entry that is 0
// while a wrong entry of 1e-3 G still fails; 0 is the plain relative error). Cost: 2 n calls of f.
// Throws std::invalid_argument (check_gradient_check_arguments, then as numerical_gradient).
GradientCheck check_gradient(const std::function<double(std::span<const double>)>& f, std::span<double> x,
                             std::span<const double> analytic, double h, double tolerance, double floor);
GradientCheck check_gradient(const std::function<float(std::span<const float>)>& f, std::span<float> x,
                             std::span<const float> analytic, float h, double tolerance, double floor);

// ---- Argument checks (not the lesson; called by the stub and the reference alike) ----

// check_relative_error_floor: floor >= 0 and finite.
inline void check_relative_error_floor(const char* function, double floor) {
    COURSE_CHECK(std::isfinite(floor) && floor >= 0.0, function, ": floor = ", floor,
                 "; expected a finite number >= 0 (0 for the plain relative error)");
}

// check_numerical_gradient_arguments: f callable; x non-empty and finite; h finite and > 0 and
// large enough to move every x_i both ways (x_i + h != x_i and x_i - h != x_i), without overflow.
template <typename T>
void check_numerical_gradient_arguments(const char* function, const std::function<T(std::span<const T>)>& f,
                                        std::span<const T> x, T h) {
    COURSE_CHECK(bool(f), function, ": f is empty; expected a function to differentiate");
    COURSE_CHECK(!x.empty(), function, ": x is empty; expected at least one entry to check");
    COURSE_CHECK(std::isfinite(h) && h > T(0), function, ": h = ", h, "; expected a finite step > 0");
    for (std::size_t i = 0; i < x.size(); ++i) {
        COURSE_CHECK(std::isfinite(x[i]), function, ": x[", i, "] = ", x[i], "; expected a finite point");
        const T plus = x[i] + h, minus = x[i] - h;
        COURSE_CHECK(plus != x[i] && minus != x[i], function, ": h = ", h, " does not move x[", i, "] = ", x[i],
                     " (x + h or x - h rounds to x); expected a step of at least an ulp of x");
        COURSE_CHECK(std::isfinite(plus) && std::isfinite(minus), function, ": x[", i, "] +- h = ", x[i], " +- ", h,
                     " overflows; expected a point and a step whose sum is finite");
    }
}

// check_gradient_check_arguments: analytic has x's size; tolerance finite and >= 0; floor in [0, 1].
inline void check_gradient_check_arguments(const char* function, std::size_t x_size, std::size_t analytic_size,
                                           double tolerance, double floor) {
    COURSE_CHECK(analytic_size == x_size, function, ": analytic has ", analytic_size, " entries, x has ", x_size,
                 "; expected one gradient entry per entry of x");
    COURSE_CHECK(std::isfinite(tolerance) && tolerance >= 0.0, function, ": tolerance = ", tolerance,
                 "; expected a finite number >= 0 (1e-7 in double, 1e-3 in float)");
    COURSE_CHECK(std::isfinite(floor) && floor >= 0.0 && floor <= 1.0, function, ": floor = ", floor,
                 "; expected a fraction of the largest gradient entry, in [0, 1]");
}

}  // namespace course::backprop
