// Reference solution: matrix-vector product. Contract: include/linear_algebra/matvec.hpp
#include "linear_algebra/matvec.hpp"

#include <cstddef>

#include "course/error.hpp"

namespace course::linear_algebra {
namespace {

// row_dot: sum_j a[j] * x[j] over n entries. One running sum is a chain of dependent adds, each
// waiting for the previous one; kLanes independent partial sums break the chain and fill one AVX
// register, so the compiler can vectorize without reassociating a float sum (which it may not do
// on its own). The order changes, the error bound gamma_n * sum_j |a[j] x[j]| does not.
float row_dot(const float* a, const float* x, int n) {
    constexpr int kLanes = 8;
    float partial[kLanes] = {};
    int j = 0;
    for (; j + kLanes <= n; j += kLanes)
        for (int l = 0; l < kLanes; ++l) partial[l] += a[j + l] * x[j + l];
    float sum = 0.0f;
    for (float s : partial) sum += s;
    for (; j < n; ++j) sum += a[j] * x[j];
    return sum;
}

}  // namespace

void matvec(std::span<float> y, std::span<const float> A, std::span<const float> x, int M, int N) {
    check_matvec_shapes(y.size(), A.size(), x.size(), M, N);
    // y is (M), A is (M, N), x is (N): y[i] is the dot product of row i of A with x.
    for (int i = 0; i < M; ++i) y[std::size_t(i)] = row_dot(A.data() + std::size_t(i) * N, x.data(), N);
}

}  // namespace course::linear_algebra
