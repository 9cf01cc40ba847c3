// Softmax over the rows of a matrix, forward and backward: the normalization inside attention.
// Notes: docs/attention.md#softmax.
//
//     out[r, j] = exp(inp[r, j] - m_r) / sum_k exp(inp[r, k] - m_r),   m_r = max_k inp[r, k]
//     dinp[r, j] += out[r, j] * (dout[r, j] - sum_k out[r, k] * dout[r, k])
//
// inp, out, dinp and dout are (rows, cols), row-major: each ROW is one distribution (the keys of
// one query in attention), never a column. Subtracting the row max m_r changes nothing in exact
// arithmetic (the factor exp(-m_r) cancels) and keeps every exp() in [0, 1]: without it, a row
// of 1000s overflows exp() to inf and gives inf / inf = NaN, even in double (exp(710) = inf).
//
// Masking: an entry of -inf is masked out: its exp is exactly 0, so out is 0 there and the row's
// other entries are renormalized among themselves. A row whose entries are ALL -inf (a query with
// no key to look at) gives a row of zeros, never 0 / 0 = NaN; its backward then adds nothing.
// NaN: a row holding a NaN gives a row of NaN (the NaN is not skipped by the max); a row holding
// +inf gives NaN too (inf - inf), as PyTorch's softmax does. Other rows are unaffected.
//
// The forward OVERWRITES out and may run in place (out and inp the same buffer). The backward
// ADDS into dinp (the caller zeroes it), as every backward of this module; it takes the
// forward's OUTPUT, whose Jacobian is diag(out) - out out^T per row.
//
// Accuracy: each output within a few float roundings of the exact softmax of the float inputs,
// relative, plus float's smallest normal number (the reference works in double: the difference
// inp[r, j] - m_r of two floats is rounded at most once, exp() and the sum keep double precision,
// and each output is rounded to float once). Rows sum to one within a few roundings. Scale: finite
// and right for any finite inputs, rows of +-1000 and rows offset by 1e30 included (only the
// differences inp[r, j] - m_r matter).
// Cost: O(rows * cols): two passes over each row forward, two backward; no allocation.
// Source: Bridle 1990 (the name); Goodfellow, Bengio & Courville, "Deep Learning", 6.2.2.3 and
// 4.1 (the max trick); llm.c's softmax inside attention_forward / attention_backward.
#pragma once

#include <cstddef>
#include <span>

#include "course/buffers.hpp"
#include "course/error.hpp"

namespace course::attention {

// check_softmax_sizes: rows >= 1 and cols >= 1.
inline void check_softmax_sizes(const char* function, int rows, int cols) {
    COURSE_CHECK(rows >= 1, function, ": rows = ", rows, ", expected at least 1 row");
    COURSE_CHECK(cols >= 1, function, ": cols = ", cols,
                 ", expected at least 1 column (a distribution over no entries does not exist)");
}

// check_softmax_forward_arguments: the sizes, then inp and out hold rows * cols floats.
inline void check_softmax_forward_arguments(std::size_t out_size, std::size_t inp_size, int rows, int cols) {
    check_softmax_sizes("softmax_forward", rows, cols);
    check_matrix_size("softmax_forward", "inp", inp_size, "rows * cols", rows, cols);
    check_matrix_size("softmax_forward", "out", out_size, "rows * cols", rows, cols);
}

// check_softmax_backward_arguments: the sizes, then out, dout and dinp hold rows * cols floats.
inline void check_softmax_backward_arguments(std::size_t dinp_size, std::size_t out_size, std::size_t dout_size,
                                             int rows, int cols) {
    check_softmax_sizes("softmax_backward", rows, cols);
    check_matrix_size("softmax_backward", "out", out_size, "rows * cols", rows, cols);
    check_matrix_size("softmax_backward", "dout", dout_size, "rows * cols", rows, cols);
    check_matrix_size("softmax_backward", "dinp", dinp_size, "rows * cols", rows, cols);
}

// softmax_forward: row-wise, stable; -inf entries masked; an all -inf row gives zeros.
//
//     out[r, j] = exp(inp[r, j] - m_r) / sum_k exp(inp[r, k] - m_r),   m_r = max_k inp[r, k]
//
// out is (rows, cols), inp is (rows, cols); out may be inp. Throws std::invalid_argument for
// rows < 1, cols < 1 or a buffer that does not hold rows * cols floats.
void softmax_forward(std::span<float> out, std::span<const float> inp, int rows, int cols);

// softmax_backward: the vector-Jacobian product of the softmax, from its OUTPUT.
//
//     dinp[r, j] += out[r, j] * (dout[r, j] - sum_k out[r, k] * dout[r, k])
//
// dinp is (rows, cols), out is (rows, cols), dout is (rows, cols). ADDS into dinp. The sum term is
// the softmax's normalization: without it, adding a constant to a row of dout (which changes no
// loss through a softmax, whose rows always sum to one) would change dinp.
void softmax_backward(std::span<float> dinp, std::span<const float> out, std::span<const float> dout, int rows,
                      int cols);

}  // namespace course::attention
