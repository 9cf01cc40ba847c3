// Reference solution: transpose, naive and cache-blocked. Contract: include/linear_algebra/transpose.hpp
#include "linear_algebra/transpose.hpp"

#include <algorithm>
#include <cstddef>

#include "course/error.hpp"

namespace course::linear_algebra {
namespace {

// transpose_tile: out[j, i] = inp[i, j] for i in [i0, i1), j in [j0, j1).
// inp is (rows, cols), out is (cols, rows).
void transpose_tile(float* out, const float* inp, int rows, int cols, int i0, int i1, int j0, int j1) {
    for (std::size_t i = std::size_t(i0); i < std::size_t(i1); ++i)
        for (std::size_t j = std::size_t(j0); j < std::size_t(j1); ++j) out[j * rows + i] = inp[i * cols + j];
}

}  // namespace

void transpose_naive(std::span<float> out, std::span<const float> inp, int rows, int cols) {
    check_transpose_shapes("transpose_naive", out.size(), inp.size(), rows, cols);
    // Read inp row by row (stride 1), write out down a column (stride rows).
    transpose_tile(out.data(), inp.data(), rows, cols, 0, rows, 0, cols);
}

void transpose_blocked(std::span<float> out, std::span<const float> inp, int rows, int cols, int block) {
    check_transpose_shapes("transpose_blocked", out.size(), inp.size(), rows, cols);
    check_transpose_block(block);
    // One (block x block) tile at a time: its `block` rows of inp and `block` rows of out stay in
    // cache, so every cache line brought in is used in full. The last tiles are clipped at rows
    // and cols (i0 + min(block, rows - i0) cannot overflow, unlike i0 + block).
    for (int i0 = 0; i0 < rows;) {
        const int i1 = i0 + std::min(block, rows - i0);
        for (int j0 = 0; j0 < cols;) {
            const int j1 = j0 + std::min(block, cols - j0);
            transpose_tile(out.data(), inp.data(), rows, cols, i0, i1, j0, j1);
            j0 = j1;
        }
        i0 = i1;
    }
}

}  // namespace course::linear_algebra
