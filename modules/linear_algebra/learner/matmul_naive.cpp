// Exercise 3: matrix multiply, the naive triple loop. Contract: include/linear_algebra/matmul_naive.hpp
// Notes: docs/linear_algebra.md#matmul_naive.  Hints: ./course hint linear_algebra matmul_naive
// Grade it:  ./course grade linear_algebra matmul_naive
#include "linear_algebra/matmul_naive.hpp"

#include <cstddef>

#include "course/buffers.hpp"
#include "course/error.hpp"

namespace course::linear_algebra {

void matmul_naive(std::span<float> C, std::span<const float> A, std::span<const float> B, int M, int N, int K) {
    check_matmul_shapes("matmul_naive", C.size(), A.size(), B.size(), M, N, K);
    // C is (M, N), A is (M, K), B is (K, N), all row-major:
    //     C[i, j] = sum_p A[i, p] * B[p, j],   A[i, p] is A[i * K + p], B[p, j] is B[p * N + j]
    // TODO(learner): three loops i, j, p; sum into a local float, then store C[i, j].
    // Hint: C may arrive holding anything (the tests fill it with NaN): never read it.
    COURSE_TODO("matmul_naive");
}

}  // namespace course::linear_algebra
