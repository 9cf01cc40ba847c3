// Exercise 15: matmul ladder, rung 2: cache tiling. Contract: include/linear_algebra/matmul_tiled.hpp
// Notes: docs/linear_algebra.md#matmul_tiled.  Hints: ./course hint linear_algebra matmul_tiled
// Grade it:  ./course grade linear_algebra matmul_tiled
// Measure it:  ./course bench linear_algebra 'BM_Matmul/tiled/'
#include "linear_algebra/matmul_tiled.hpp"

#include <cstddef>

#include "course/error.hpp"

namespace course::linear_algebra {
namespace {

// check_shape: a row-major (rows, cols) buffer holds exactly rows * cols elements.
void check_shape(const char* name, std::size_t size, const char* dims, int rows, int cols) {
    const std::size_t expected = std::size_t(rows) * std::size_t(cols);
    COURSE_CHECK(size == expected, "matmul_tiled: ", name, " has ", size, " elements, expected ", dims, " = ", rows,
                 " * ", cols, " = ", expected);
}

}  // namespace

void matmul_tiled(std::span<float> C, std::span<const float> A, std::span<const float> B, int M, int N, int K,
                  int tile) {
    COURSE_CHECK(M >= 0 && N >= 0 && K >= 0, "matmul_tiled: sizes must be non-negative, got M = ", M, ", N = ", N,
                 ", K = ", K);
    COURSE_CHECK(tile >= 1, "matmul_tiled: tile = ", tile, ", expected tile >= 1");
    check_shape("A", A.size(), "M * K", M, K);
    check_shape("B", B.size(), "K * N", K, N);
    check_shape("C", C.size(), "M * N", M, N);
    // C is (M, N), A is (M, K), B is (K, N), all row-major:
    //     C[I, J] = sum_P A[I, P] * B[P, J]      I, J, P: tiles of at most `tile` indices
    // TODO(learner): zero C; loop over tiles i0, p0, j0 (steps of tile); inside, the ikj loops
    // over one tile, adding into C.
    // Hint: the last tile can be short: bound the inner loops by std::min(i0 + tile, M), etc.
    COURSE_TODO("matmul_tiled");
}

}  // namespace course::linear_algebra
