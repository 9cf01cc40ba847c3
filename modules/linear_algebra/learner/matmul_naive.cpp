// PLACEHOLDER
#include "linear_algebra/matmul_naive.hpp"

#include "course/error.hpp"

namespace course::linear_algebra {

void matmul_naive(std::span<float> C, std::span<const float> A, std::span<const float> B, int M, int N, int K) {
    COURSE_TODO("matmul_naive");
}

}  // namespace course::linear_algebra
