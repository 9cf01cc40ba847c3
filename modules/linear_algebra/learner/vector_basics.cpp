// Exercise 1: vector basics. Contract: include/linear_algebra/vector_basics.hpp
// Notes: docs/linear_algebra.md#vector_basics.  Hints: ./course hint linear_algebra vector_basics
// Grade it:  ./course grade linear_algebra vector_basics
#include "linear_algebra/vector_basics.hpp"

#include <cmath>

#include "course/error.hpp"

namespace course::linear_algebra {

double dot(std::span<const double> x, std::span<const double> y) {
    check_same_length("dot", x.size(), y.size());
    //     dot(x, y) = sum_i x[i] * y[i]
    // TODO(learner): one loop, one accumulator.
    COURSE_TODO("dot");
}

void axpy(std::span<double> y, double a, std::span<const double> x) {
    check_same_length("axpy", x.size(), y.size());
    //     y[i] = a * x[i] + y[i]
    // TODO(learner): update y in place.
    COURSE_TODO("axpy");
}

double norm2(std::span<const double> x) {
    //     ||x|| = s * sqrt(sum_i (x[i] / s)^2),   s = max_i |x[i]|
    // TODO(learner): find s, then sum the squares of x[i] / s.
    // Hint: without the scaling, x[i] = 1e200 overflows: (1e200)^2 is beyond the largest double.
    COURSE_TODO("norm2");
}

double cosine_similarity(std::span<const double> x, std::span<const double> y) {
    check_same_length("cosine_similarity", x.size(), y.size());
    //     cos(x, y) = dot(x, y) / (||x|| * ||y||)
    // TODO(learner): refuse a zero vector with COURSE_CHECK, then sum (x[i] / ||x||) * (y[i] / ||y||).
    // Hint: dividing first keeps 1e200-sized vectors from overflowing the products.
    COURSE_TODO("cosine_similarity");
}

}  // namespace course::linear_algebra
