// Known mistake: both transposes use cols as the stride of out as well as of inp, writing
// out[j * cols + i]. Right only for square matrices; otherwise it scrambles out and, when
// rows < cols, writes past its end.
#include "linear_algebra/transpose.hpp"

#include <algorithm>
#include <cstddef>

#include "course/error.hpp"

namespace course::linear_algebra {
namespace {

void check_shapes(const char* function, std::size_t out_size, std::size_t inp_size, int rows, int cols) {
    COURSE_CHECK(rows >= 0 && cols >= 0, function, ": sizes must be non-negative, got rows = ", rows,
                 ", cols = ", cols);
    const std::size_t expected = std::size_t(rows) * std::size_t(cols);
    COURSE_CHECK(inp_size == expected, function, ": inp has ", inp_size, " elements, expected rows * cols = ", rows,
                 " * ", cols, " = ", expected);
    COURSE_CHECK(out_size == expected, function, ": out has ", out_size, " elements, expected cols * rows = ", cols,
                 " * ", rows, " = ", expected);
}

}  // namespace

void transpose_naive(std::span<float> out, std::span<const float> inp, int rows, int cols) {
    check_shapes("transpose_naive", out.size(), inp.size(), rows, cols);
    for (std::size_t i = 0; i < std::size_t(rows); ++i)
        for (std::size_t j = 0; j < std::size_t(cols); ++j)
            out[j * cols + i] = inp[i * cols + j];  // the mistake: out's stride is rows
}

void transpose_blocked(std::span<float> out, std::span<const float> inp, int rows, int cols, int block) {
    check_shapes("transpose_blocked", out.size(), inp.size(), rows, cols);
    COURSE_CHECK(block >= 1, "transpose_blocked: block = ", block, ", expected block >= 1");
    for (int i0 = 0; i0 < rows; i0 += block)
        for (int j0 = 0; j0 < cols; j0 += block)
            for (std::size_t i = std::size_t(i0); i < std::size_t(std::min(i0 + block, rows)); ++i)
                for (std::size_t j = std::size_t(j0); j < std::size_t(std::min(j0 + block, cols)); ++j)
                    out[j * cols + i] = inp[i * cols + j];  // the mistake: out's stride is rows
}

}  // namespace course::linear_algebra
