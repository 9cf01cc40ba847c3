// Exercise 1: row-wise softmax, forward and backward. Contract: include/attention/softmax.hpp
// Notes: docs/attention.md#softmax.  Hints: ./course hint attention softmax
// Grade it:  ./course grade attention softmax
//
//     out[r, j] = exp(inp[r, j] - m_r) / sum_k exp(inp[r, k] - m_r),   m_r = max_k inp[r, k]
//     dinp[r, j] += out[r, j] * (dout[r, j] - sum_k out[r, k] * dout[r, k])
#include "attention/softmax.hpp"

#include <cmath>
#include <cstddef>
#include <limits>

namespace course::attention {

void softmax_forward(std::span<float> out, std::span<const float> inp, int rows, int cols) {
    check_softmax_forward_arguments(out.size(), inp.size(), rows, cols);
    // TODO(learner): per row r (the floats inp[r * cols .. r * cols + cols - 1]): find the max,
    // exponentiate the differences and sum them, then divide. -inf entries give 0; a row of only
    // -inf gives zeros (not 0 / 0); a row holding a NaN gives NaN everywhere. out may be inp.
    // Hint: without subtracting the max, a row of 1000s overflows exp() even in double.
    COURSE_TODO("softmax_forward");
}

void softmax_backward(std::span<float> dinp, std::span<const float> out, std::span<const float> dout, int rows,
                      int cols) {
    check_softmax_backward_arguments(dinp.size(), out.size(), dout.size(), rows, cols);
    // TODO(learner): per row, dot = sum_k out_k dout_k, then dinp_j += out_j (dout_j - dot). ADD.
    // Hint: accumulate dot in double.
    COURSE_TODO("softmax_backward");
}

}  // namespace course::attention
