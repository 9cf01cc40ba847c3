// Matrix transpose on row-major buffers, naive and cache-blocked: the smallest kernel where the
// order of memory accesses, not the arithmetic (there is none), decides the speed.
//
// Buffers are flat, contiguous and row-major; outputs first, then inputs, then sizes (llm.c).
// Notes: docs/linear_algebra.md#transpose.
#pragma once

#include <cstddef>
#include <span>

#include "course/error.hpp"

namespace course::linear_algebra {

// check_transpose_shapes: inp is (rows, cols) and out is (cols, rows); both hold rows * cols elements.
inline void check_transpose_shapes(const char* function, std::size_t out_size, std::size_t inp_size, int rows,
                                   int cols) {
    COURSE_CHECK(rows >= 0 && cols >= 0, function, ": sizes must be non-negative, got rows = ", rows,
                 ", cols = ", cols);
    const std::size_t expected = std::size_t(rows) * std::size_t(cols);
    COURSE_CHECK(inp_size == expected, function, ": inp has ", inp_size, " elements, expected rows * cols = ", rows,
                 " * ", cols, " = ", expected);
    COURSE_CHECK(out_size == expected, function, ": out has ", out_size, " elements, expected cols * rows = ", cols,
                 " * ", rows, " = ", expected);
}

// check_transpose_block: transpose_blocked's tile size, block >= 1.
inline void check_transpose_block(int block) {
    COURSE_CHECK(block >= 1, "transpose_blocked: block = ", block, ", expected block >= 1");
}

// transpose_naive: out = inp^T.
//
//     out[j, i] = inp[i, j]          out[j * rows + i] = inp[i * cols + j]
//
// inp is (rows, cols), out is (cols, rows). Every element of out is written, as a copy of the bits
// of inp (no arithmetic: -0, subnormals and NaN payloads stay). out must not overlap inp (an
// in-place transpose is another algorithm).
// Cost: no flops; 2 * 4 * rows * cols bytes moved. Reading inp in order means writing out with
// stride rows: for large matrices each write touches a new cache line.
// Throws std::invalid_argument when rows or cols is negative, or when a span's size is not
// rows * cols.
void transpose_naive(std::span<float> out, std::span<const float> inp, int rows, int cols);

// transpose_blocked: the same result, one (block x block) tile at a time.
//
//     out[J, I] = inp[I, J]^T        I, J: ranges of at most `block` rows/columns
//
// Inside a tile both the rows read from inp and the rows written to out stay in cache, so each
// cache line is used in full. The last tile in each direction is smaller when rows or cols is
// not a multiple of block. Same errors as transpose_naive, plus block < 1.
void transpose_blocked(std::span<float> out, std::span<const float> inp, int rows, int cols, int block);

}  // namespace course::linear_algebra
