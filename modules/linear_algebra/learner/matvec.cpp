// Exercise 2: matrix-vector product. Contract: include/linear_algebra/matvec.hpp
// Notes: docs/linear_algebra.md#matvec.  Hints: ./course hint linear_algebra matvec
// Grade it:  ./course grade linear_algebra matvec
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
    // y is (M), A is (M, N), x is (N), all row-major:
    //     y[i] = sum_j A[i, j] * x[j],   A[i, j] is A[i * N + j]
    // TODO(learner): for each row i, sum the products in a local float, then store y[i].
    // Hint: y may arrive holding anything; write every y[i], even when N = 0.
    COURSE_TODO("matvec");
}

}  // namespace course::linear_algebra
