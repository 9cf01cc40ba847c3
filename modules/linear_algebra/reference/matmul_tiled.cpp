// Reference solution: matmul ladder rung 2, cache tiling.
// Contract: include/linear_algebra/matmul_tiled.hpp
#include "linear_algebra/matmul_tiled.hpp"

#include <algorithm>
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

// Range: the half-open index range [begin, end) of one tile.
struct Range {
    int begin, end;
};

// add_tile_product: C[I, J] += A[I, P] * B[P, J], the ikj loops restricted to one tile.
// C is (M, N), A is (M, K), B is (K, N), all row-major; only N and K are needed as strides.
void add_tile_product(float* C, const float* A, const float* B, int N, int K, Range I, Range P, Range J) {
    for (std::size_t i = std::size_t(I.begin); i < std::size_t(I.end); ++i) {
        float* c_row = C + i * N;
        for (std::size_t p = std::size_t(P.begin); p < std::size_t(P.end); ++p) {
            const float a = A[i * K + p];
            const float* b_row = B + p * N;
            // At most `tile` floats of B[p, :] and C[i, :], stride 1: SIMD multiply-adds in cache.
            for (std::size_t j = std::size_t(J.begin); j < std::size_t(J.end); ++j) c_row[j] += a * b_row[j];
        }
    }
}

// next_tile: the tile that starts at `begin`, at most `tile` long, clipped at `size`. Written as
// begin + min(tile, size - begin) so that a huge tile cannot overflow an int.
Range next_tile(int begin, int tile, int size) { return {begin, begin + std::min(tile, size - begin)}; }

}  // namespace

void matmul_tiled(std::span<float> C, std::span<const float> A, std::span<const float> B, int M, int N, int K,
                  int tile) {
    COURSE_CHECK(M >= 0 && N >= 0 && K >= 0, "matmul_tiled: sizes must be non-negative, got M = ", M, ", N = ", N,
                 ", K = ", K);
    COURSE_CHECK(tile >= 1, "matmul_tiled: tile = ", tile, ", expected tile >= 1");
    check_shape("A", A.size(), "M * K", M, K);
    check_shape("B", B.size(), "K * N", K, N);
    check_shape("C", C.size(), "M * N", M, N);
    // C is (M, N), A is (M, K), B is (K, N). Every K tile adds its partial sum into C, so C starts
    // at zero. For one (I, P) pair the (tile x tile) block A[I, P] stays in cache while the J
    // loop sweeps B[P, :] and C[I, :] one block at a time: each block of B is used by `tile` rows
    // of A per load instead of one.
    std::fill(C.begin(), C.end(), 0.0f);
    for (Range I = next_tile(0, tile, M); I.begin < M; I = next_tile(I.end, tile, M))
        for (Range P = next_tile(0, tile, K); P.begin < K; P = next_tile(P.end, tile, K))
            for (Range J = next_tile(0, tile, N); J.begin < N; J = next_tile(J.end, tile, N))
                add_tile_product(C.data(), A.data(), B.data(), N, K, I, P, J);
}

}  // namespace course::linear_algebra
