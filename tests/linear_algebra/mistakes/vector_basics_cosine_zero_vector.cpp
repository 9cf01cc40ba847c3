// Known mistake: cosine_similarity as dot / (|x| |y|) with no check for a zero vector. For a zero
// vector it returns 0 / 0 = NaN instead of refusing the input (and its products overflow at 1e200).
#include "linear_algebra/vector_basics.hpp"

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
    double scale = 0.0;
    for (double xi : x) scale = std::max(scale, std::abs(xi));
    if (scale == 0.0) return 0.0;
    double sum = 0.0;
    for (double xi : x) sum += (xi / scale) * (xi / scale);
    return scale * std::sqrt(sum);
}

double cosine_similarity(std::span<const double> x, std::span<const double> y) {
    COURSE_CHECK(x.size() == y.size(), "cosine_similarity: x has ", x.size(), " elements but y has ", y.size());
    return dot(x, y) / (norm2(x) * norm2(y));  // the mistake: no zero check
}

}  // namespace course::linear_algebra
