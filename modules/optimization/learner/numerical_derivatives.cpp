// Exercise: numerical derivatives by central differences. Contract: include/optimization/numerical_derivatives.hpp
// Notes: docs/optimization.md#numerical_derivatives.  Hints: ./course hint optimization numerical_derivatives
// Grade it:  ./course grade optimization numerical_derivatives
#include "optimization/numerical_derivatives.hpp"

#include "course/error.hpp"

namespace course::optimization {

Vector central_difference_gradient(const std::function<double(const Vector&)>& f, const Vector& x) {
    check_difference_arguments("central_difference_gradient", f, x);
    //     g_i = (f(x + h_i e_i) - f(x - h_i e_i)) / (2 h_i),    h_i = cbrt(eps) * max(1, |x_i|)
    // TODO(learner): for each coordinate i, evaluate f on a copy of x moved by +h_i and by -h_i
    // along e_i, and divide the difference by 2 h_i.
    // Hint: eps is std::numeric_limits<double>::epsilon(); why not h = 1e-10? See the header.
    COURSE_TODO("central_difference_gradient");
}

Matrix central_difference_hessian(const std::function<double(const Vector&)>& f, const Vector& x) {
    check_difference_arguments("central_difference_hessian", f, x);
    //     H_ii = (f(x + h_i e_i) - 2 f(x) + f(x - h_i e_i)) / h_i^2
    //     H_ij = (f(x + h_i e_i + h_j e_j) - f(x + h_i e_i - h_j e_j)
    //             - f(x - h_i e_i + h_j e_j) + f(x - h_i e_i - h_j e_j)) / (4 h_i h_j)
    // TODO(learner): evaluate f(x) once, then fill the diagonal and the entries i < j, and mirror
    // them so that H is exactly symmetric.
    // Hint: a second difference divides by h^2, so the step is h_i = eps^(1/4) * max(1, |x_i|).
    COURSE_TODO("central_difference_hessian");
}

}  // namespace course::optimization
