// Exercise 2: matrix-vector product. Contract: include/linear_algebra/matvec.hpp
// Notes: docs/linear_algebra.md#matvec.  Hints: ./course hint linear_algebra matvec
// Grade it:  ./course grade linear_algebra matvec
#include "linear_algebra/matvec.hpp"

#include <cstddef>

#include "course/error.hpp"

namespace course::linear_algebra {

void matvec(std::span<float> y, std::span<const float> A, std::span<const float> x, int M, int N) {
    check_matvec_shapes(y.size(), A.size(), x.size(), M, N);
    // y is (M), A is (M, N), x is (N), all row-major:
    //     y[i] = sum_j A[i, j] * x[j],   A[i, j] is A[i * N + j]
    // TODO(learner): for each row i, sum the products in a local float, then store y[i].
    // Hint: y may arrive holding anything; write every y[i], even when N = 0.
    COURSE_TODO("matvec");
}

}  // namespace course::linear_algebra
