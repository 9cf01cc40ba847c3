// Reference solution: naive matrix multiply, the oracle of the matmul ladder.
// Contract: include/linear_algebra/matmul_naive.hpp
#include "linear_algebra/matmul_naive.hpp"

#include <cstddef>

#include "course/buffers.hpp"
#include "course/error.hpp"

namespace course::linear_algebra {

void matmul_naive(std::span<float> C, std::span<const float> A, std::span<const float> B, int M, int N, int K) {
    check_matmul_shapes("matmul_naive", C.size(), A.size(), B.size(), M, N, K);
    // C is (M, N), A is (M, K), B is (K, N): C[i, j] = sum_p A[i, p] * B[p, j], each sum in a
    // local variable and stored once, so whatever C held before is never read.
    for (std::size_t i = 0; i < std::size_t(M); ++i) {
        const float* a_row = A.data() + i * K;  // A[i, :]
        for (std::size_t j = 0; j < std::size_t(N); ++j) {
            float sum = 0.0f;
            for (std::size_t p = 0; p < std::size_t(K); ++p) sum += a_row[p] * B[p * N + j];
            C[i * N + j] = sum;
        }
    }
}

}  // namespace course::linear_algebra
