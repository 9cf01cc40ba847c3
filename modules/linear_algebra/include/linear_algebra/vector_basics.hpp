// Vector basics: the four operations every later exercise is built from.
//
// Vectors are contiguous spans of doubles. A length mismatch is the caller's mistake and throws
// std::invalid_argument naming both lengths. Notes: docs/linear_algebra.md#vector_basics.
#pragma once

#include <cstddef>
#include <span>
#include <string_view>

#include "course/error.hpp"

namespace course::linear_algebra {

// check_same_length: x and y have the same length, the check dot, axpy and cosine_similarity share
// (not their lesson).
inline void check_same_length(std::string_view function, std::size_t x_size, std::size_t y_size) {
    COURSE_CHECK(x_size == y_size, function, ": x has ", x_size, " elements but y has ", y_size);
}

// dot: the inner product of two vectors of equal length n.
//
//     dot(x, y) = sum_i x[i] * y[i]
//
// Cost: 2n flops.
double dot(std::span<const double> x, std::span<const double> y);

// axpy: y <- a * x + y, in place (the BLAS name: "a times x plus y").
//
//     y[i] = a * x[i] + y[i]
//
// x and y have the same length n. Cost: 2n flops.
void axpy(std::span<double> y, double a, std::span<const double> x);

// norm2: the Euclidean length, computed without overflow or underflow.
//
//     ||x|| = sqrt(sum_i x[i]^2) = s * sqrt(sum_i (x[i] / s)^2),   s = max_i |x[i]|
//
// The scaled form is what LAPACK's dnrm2 does: it is exact in exponent range wherever the result
// itself is representable, e.g. ||(3e200, 4e200)|| = 5e200, where x[i]^2 = 1e401 would overflow.
// The empty vector and the zero vector have norm 0.
double norm2(std::span<const double> x);

// cosine_similarity: the cosine of the angle between x and y, in [-1, 1].
//
//     cos(x, y) = dot(x, y) / (||x|| * ||y||)
//
// Throws std::invalid_argument for a zero (or empty) vector, which has no direction.
double cosine_similarity(std::span<const double> x, std::span<const double> y);

}  // namespace course::linear_algebra
