// Numerical derivatives: the gradient and the Hessian of f from values of f alone, by central
// differences, with a step chosen from the scale of x and the machine epsilon.
//
//     df/dx_i      ~ (f(x + h_i e_i) - f(x - h_i e_i)) / (2 h_i)
//     d2f/dx_i dx_j ~ (f(x + h_i e_i + h_j e_j) - f(x + h_i e_i - h_j e_j)
//                     - f(x - h_i e_i + h_j e_j) + f(x - h_i e_i - h_j e_j)) / (4 h_i h_j)
//
// They check an analytic gradient (every backward pass of the later modules is checked this way)
// and stand in for derivatives nobody wrote down. The step is a trade-off: the truncation error of
// a central difference shrinks like h^2, but f(x +- h) carry rounding errors of about eps |f|, which
// the division by h amplifies to eps |f| / h. Balancing the two gives h ~ eps^(1/3) for the first
// derivative and h ~ eps^(1/4) for the second; a fixed h = 1e-10 is mostly rounding noise
// (eps / 1e-10 ~ 2e-6 relative), and below the spacing of the doubles once |x_i| > 1e6.
// Scale: both results are linear in f (f times c gives exactly c times the derivatives for c a
// power of two), and the step is relative for |x_i| >= 1, but absolute (cbrt(eps), eps^(1/4)) for
// |x_i| < 1: a function that varies on a scale far below 1 near x (log x at x = 1e-10) needs its
// variables rescaled first.
// Notes: docs/optimization.md#numerical_derivatives. Source: Nocedal & Wright, Numerical
// Optimization (2nd ed.), section 8.1; Press et al., Numerical Recipes (3rd ed.), section 5.7.
#pragma once

#include <functional>
#include <string_view>

#include "course/eigen.hpp"
#include "course/error.hpp"

namespace course::optimization {

// check_difference_arguments: the argument checks both functions share (not their lesson): f given,
// x non-empty and finite, as std::invalid_argument naming `function`.
inline void check_difference_arguments(std::string_view function, const std::function<double(const Vector&)>& f,
                                       const Vector& x) {
    COURSE_CHECK(bool(f), function, ": f is empty, expected a function to differentiate");
    COURSE_CHECK(x.size() >= 1, function, ": x is empty, expected a point with n >= 1 entries");
    COURSE_CHECK(x.allFinite(), function, ": x holds inf or NaN, expected a finite point");
}

// central_difference_gradient: the gradient of f at x (n entries) by central differences.
//
//     g_i = (f(x + h_i e_i) - f(x - h_i e_i)) / (2 h_i),    h_i = cbrt(eps) * max(1, |x_i|)
//
// eps = 2^-52 is the spacing of the doubles at 1 (std::numeric_limits<double>::epsilon()), so
// cbrt(eps) ~ 6.1e-6. Scaling with max(1, |x_i|) keeps h_i a fixed fraction of x_i for large
// coordinates (so that x_i + h_i differs from x_i) and an absolute step near 0. The error is then
// about eps^(2/3) ~ 4e-11 times the scale of f's derivatives: roughly
//     |error_i| <= h_i^2 / 6 * max|f'''| + eps |f| / h_i.
// Cost: exactly 2n evaluations of f, none at x itself. Throws std::invalid_argument if f is empty,
// x is empty, or x holds inf or NaN.
Vector central_difference_gradient(const std::function<double(const Vector&)>& f, const Vector& x);

// central_difference_hessian: the (n, n) Hessian of f at x by second central differences.
//
//     H_ij = (f(x + h_i e_i + h_j e_j) - f(x + h_i e_i - h_j e_j)
//             - f(x - h_i e_i + h_j e_j) + f(x - h_i e_i - h_j e_j)) / (4 h_i h_j)    (i != j)
//     H_ii = (f(x + h_i e_i) - 2 f(x) + f(x - h_i e_i)) / h_i^2
//     h_i = eps^(1/4) * max(1, |x_i|)
//
// A second difference divides rounding errors of size eps |f| by h^2, and its truncation error is
// h^2 / 12 * max|f''''|; balancing them gives h ~ eps^(1/4) ~ 1.2e-4 and an error of about
// sqrt(eps) ~ 1.5e-8 times the scale of f. The result is exactly symmetric (compute i <= j and
// mirror). Cost: 2n^2 + 1 evaluations of f (one at x, 2 per diagonal entry, 4 per pair i < j).
// Throws std::invalid_argument if f is empty, x is empty, or x holds inf or NaN.
Matrix central_difference_hessian(const std::function<double(const Vector&)>& f, const Vector& x);

}  // namespace course::optimization
