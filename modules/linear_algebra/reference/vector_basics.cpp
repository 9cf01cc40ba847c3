// Reference solution: vector basics. Contract: include/linear_algebra/vector_basics.hpp
#include "linear_algebra/vector_basics.hpp"

#include <algorithm>
#include <cmath>

#include "course/error.hpp"

namespace course::linear_algebra {

double dot(std::span<const double> x, std::span<const double> y) {
    check_same_length("dot", x.size(), y.size());
    double sum = 0.0;
    for (size_t i = 0; i < x.size(); ++i) sum += x[i] * y[i];
    return sum;
}

void axpy(std::span<double> y, double a, std::span<const double> x) {
    check_same_length("axpy", x.size(), y.size());
    for (size_t i = 0; i < x.size(); ++i) y[i] += a * x[i];
}

double norm2(std::span<const double> x) {
    // Two passes: the scale s = max |x_i|, then the sum of (x_i / s)^2, which lies in [1, n].
    double scale = 0.0;
    for (double xi : x) scale = std::max(scale, std::abs(xi));
    if (scale == 0.0 || !std::isfinite(scale)) return scale;  // zero vector, or inf/NaN propagates
    double sum = 0.0;
    for (double xi : x) {
        const double r = xi / scale;
        sum += r * r;
    }
    return scale * std::sqrt(sum);
}

double cosine_similarity(std::span<const double> x, std::span<const double> y) {
    check_same_length("cosine_similarity", x.size(), y.size());
    const double nx = norm2(x), ny = norm2(y);
    COURSE_CHECK(nx > 0.0, "cosine_similarity: x is a zero vector (length ", x.size(), "), it has no direction");
    COURSE_CHECK(ny > 0.0, "cosine_similarity: y is a zero vector (length ", y.size(), "), it has no direction");
    // Scale each entry by its vector's norm before multiplying: for entries near 1e200 the plain
    // dot product (1e400) would overflow although the cosine is an ordinary number.
    double sum = 0.0;
    for (size_t i = 0; i < x.size(); ++i) sum += (x[i] / nx) * (y[i] / ny);
    return std::clamp(sum, -1.0, 1.0);  // rounding can land a hair outside [-1, 1]
}

}  // namespace course::linear_algebra
