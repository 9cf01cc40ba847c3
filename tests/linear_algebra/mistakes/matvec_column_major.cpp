// Known mistake: matvec reads A as column-major, A[i, j] = A[j * M + i]. It computes A^T x for the
// transposed buffer: right only for a symmetric A (or M = 1 or N = 1).
#include "linear_algebra/matvec.hpp"

#include <cstddef>

#include "course/error.hpp"

namespace course::linear_algebra {

void matvec(std::span<float> y, std::span<const float> A, std::span<const float> x, int M, int N) {
    COURSE_CHECK(M >= 0 && N >= 0, "matvec: sizes must be non-negative, got M = ", M, ", N = ", N);
    COURSE_CHECK(A.size() == std::size_t(M) * std::size_t(N), "matvec: A has ", A.size(),
                 " elements, expected M * N = ", M, " * ", N, " = ", std::size_t(M) * std::size_t(N));
    COURSE_CHECK(x.size() == std::size_t(N), "matvec: x has ", x.size(), " elements, expected N = ", N);
    COURSE_CHECK(y.size() == std::size_t(M), "matvec: y has ", y.size(), " elements, expected M = ", M);
    for (std::size_t i = 0; i < std::size_t(M); ++i) {
        float sum = 0.0f;
        for (std::size_t j = 0; j < std::size_t(N); ++j) sum += A[j * M + i] * x[j];  // the mistake: j * M + i
        y[i] = sum;
    }
}

}  // namespace course::linear_algebra
