// Exercise 14: matmul ladder, rung 1: the ikj loop order. Contract: include/linear_algebra/matmul_ikj.hpp
// Notes: docs/linear_algebra.md#matmul_ikj.  Hints: ./course hint linear_algebra matmul_ikj
// Grade it:  ./course grade linear_algebra matmul_ikj
// Measure it:  ./course bench linear_algebra 'BM_Matmul/ikj/'
#include "linear_algebra/matmul_ikj.hpp"

#include <cstddef>

#include "course/buffers.hpp"
#include "course/error.hpp"

namespace course::linear_algebra {

void matmul_ikj(std::span<float> C, std::span<const float> A, std::span<const float> B, int M, int N, int K) {
    check_matmul_shapes("matmul_ikj", C.size(), A.size(), B.size(), M, N, K);
    // C is (M, N), A is (M, K), B is (K, N), all row-major:
    //     C[i, :] = sum_p A[i, p] * B[p, :]
    // TODO(learner): for i: set row i of C to zero; for p: a = A[i, p]; for j: C[i, j] += a * B[p, j].
    // Hint: the innermost loop must walk j (stride 1 in both B and C): that is the whole point.
    COURSE_TODO("matmul_ikj");
}

}  // namespace course::linear_algebra
