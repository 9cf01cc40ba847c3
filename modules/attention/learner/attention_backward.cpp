// Exercise 3: scaled dot-product attention for one head, backward.
// Contract: include/attention/attention_backward.hpp
// Notes: docs/attention.md#attention_backward.  Hints: ./course hint attention attention_backward
// Grade it:  ./course grade attention attention_backward
//
//     dV  += P^T dO                       (T, hs)
//     dP   = dO V^T                       (T, T)
//     dS   = P o (dP - rowsum(dP o P))    (T, T)
//     dQ  += dS K / sqrt(hs)              (T, hs)
//     dK  += dS^T Q / sqrt(hs)            (T, hs)
#include "attention/attention_backward.hpp"

#include <cmath>
#include <cstddef>
#include <vector>

#include "attention/softmax.hpp"

namespace course::attention {

void attention_backward(std::span<float> dq, std::span<float> dk, std::span<float> dv,
                        std::span<const float> dout, std::span<const float> q, std::span<const float> k,
                        std::span<const float> v, std::span<const float> att, int T, int hs) {
    check_attention_backward_arguments(dq.size(), dk.size(), dv.size(), dout.size(), q.size(), k.size(), v.size(),
                                       att.size(), T, hs);
    // TODO(learner): one query row t at a time: dv row j += att[t, j] * dout row t; dP[t, j] =
    // dout row t . v row j; dS row t from exercise 1's softmax_backward(ds, att row t, dP row t,
    // 1, T) into a zeroed row; then dq row t += sum_j dS[t, j] k row j / sqrt(hs) and dk row j +=
    // dS[t, j] q row t / sqrt(hs). Every gradient ADDS.
    // Hint: write the forward's three lines with their shapes and differentiate each one.
    COURSE_TODO("attention_backward");
}

}  // namespace course::attention
