// Exercise 4: transpose, naive and cache-blocked. Contract: include/linear_algebra/transpose.hpp
// Notes: docs/linear_algebra.md#transpose.  Hints: ./course hint linear_algebra transpose
// Grade it:  ./course grade linear_algebra transpose
#include "linear_algebra/transpose.hpp"

#include <cstddef>

#include "course/error.hpp"

namespace course::linear_algebra {
void transpose_naive(std::span<float> out, std::span<const float> inp, int rows, int cols) {
    check_transpose_shapes("transpose_naive", out.size(), inp.size(), rows, cols);
    // inp is (rows, cols), out is (cols, rows):
    //     out[j, i] = inp[i, j],   out[j * rows + i] = inp[i * cols + j]
    // TODO(learner): two loops, i over rows and j over cols.
    // Hint: the stride of out is rows, the stride of inp is cols; they differ unless it is square.
    COURSE_TODO("transpose_naive");
}

void transpose_blocked(std::span<float> out, std::span<const float> inp, int rows, int cols, int block) {
    check_transpose_shapes("transpose_blocked", out.size(), inp.size(), rows, cols);
    check_transpose_block(block);
    // The same out[j, i] = inp[i, j], one (block x block) tile at a time.
    // TODO(learner): loop over tile corners (i0, j0) in steps of block; inside, the naive loops.
    // Hint: the last tiles are short: bound them by std::min(i0 + block, rows) and std::min(j0 + block, cols).
    COURSE_TODO("transpose_blocked");
}

}  // namespace course::linear_algebra
