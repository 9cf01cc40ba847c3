// Known mistake: norm2 as the textbook formula sqrt(sum x_i^2), with no scaling.
// It overflows to inf for entries near 1e200 and underflows to 0 for entries near 1e-200.
#include "linear_algebra/vector_basics.hpp"

#include <algorithm>
#include <cmath>

#include "course/error.hpp"

namespace course::linear_algebra {

double dot(std::span<const double> x, std::span<const double> y) {
    COURSE_CHECK(x.size() == y.size(), "dot: x has ", x.size(), " elements but y has ", y.size());
    double sum = 0.0;
    for (size_t i = 0; i < x.size(); ++i) sum += x[i] * y[i];
    return sum;
}

void axpy(std::span<double> y, double a, std::span<const double> x) {
    COURSE_CHECK(x.size() == y.size(), "axpy: x has ", x.size(), " elements but y has ", y.size());
    for (size_t i = 0; i < x.size(); ++i) y[i] += a * x[i];
}

double norm2(std::span<const double> x) {
    double sum = 0.0;
    for (double xi : x) sum += xi * xi;  // the mistake: (1e200)^2 overflows
    return std::sqrt(sum);
}

double cosine_similarity(std::span<const double> x, std::span<const double> y) {
    COURSE_CHECK(x.size() == y.size(), "cosine_similarity: x has ", x.size(), " elements but y has ", y.size());
    const double nx = norm2(x), ny = norm2(y);
    COURSE_CHECK(nx > 0.0 && ny > 0.0, "cosine_similarity: zero vector");
    double sum = 0.0;
    for (size_t i = 0; i < x.size(); ++i) sum += (x[i] / nx) * (y[i] / ny);
    return std::clamp(sum, -1.0, 1.0);
}

}  // namespace course::linear_algebra
