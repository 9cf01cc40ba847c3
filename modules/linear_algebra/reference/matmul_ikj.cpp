// Reference solution: matmul ladder rung 1, the ikj loop order.
// Contract: include/linear_algebra/matmul_ikj.hpp
#include "linear_algebra/matmul_ikj.hpp"

#include <algorithm>
#include <cstddef>

#include "course/buffers.hpp"
#include "course/error.hpp"

namespace course::linear_algebra {

void matmul_ikj(std::span<float> C, std::span<const float> A, std::span<const float> B, int M, int N, int K) {
    check_matmul_shapes("matmul_ikj", C.size(), A.size(), B.size(), M, N, K);
    // C is (M, N), A is (M, K), B is (K, N): C[i, :] = sum_p A[i, p] * B[p, :].
    for (std::size_t i = 0; i < std::size_t(M); ++i) {
        float* c_row = C.data() + i * N;  // C[i, :], accumulated into: start from zero
        std::fill(c_row, c_row + N, 0.0f);
        for (std::size_t p = 0; p < std::size_t(K); ++p) {
            const float a = A[i * K + p];
            const float* b_row = B.data() + p * N;  // B[p, :]
            // Stride 1 through B[p, :] and C[i, :]: this loop becomes SIMD multiply-adds.
            for (std::size_t j = 0; j < std::size_t(N); ++j) c_row[j] += a * b_row[j];
        }
    }
}

}  // namespace course::linear_algebra
