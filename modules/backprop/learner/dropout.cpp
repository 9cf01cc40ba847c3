// Exercise 7: dropout. Contract: include/backprop/dropout.hpp
// Notes: docs/backprop.md#dropout.  Hints: ./course hint backprop dropout
// Grade it:  ./course grade backprop dropout
//
//     training:    mask[i] = (u_i >= p) ? 1 / (1 - p) : 0,  u_i = rng.uniform(0.0, 1.0);  out[i] = inp[i] * mask[i]
//     evaluation:  mask[i] = 1, out[i] = inp[i], no draw
//     backward:    dinp[i] += dout[i] * mask[i]
#include "backprop/dropout.hpp"

#include <cstddef>

#include "course/error.hpp"
#include "course/random.hpp"

namespace course::backprop {

void dropout_forward(std::span<float> out, std::span<float> mask, std::span<const float> inp, float p, bool training,
                     course::Rng& rng) {
    check_dropout_forward_arguments(out.size(), mask.size(), inp.size(), p);
    // out is (n), mask is (n), inp is (n); out may be inp itself (read inp[i] before writing out[i]).
    // TODO(learner): in evaluation, the identity with mask = 1 and no draw; in training, one draw
    // per element, in order, and the mask holds the scale 1 / (1 - p) or 0.
    // Hint: without the scale, E[out] = (1 - p) inp: evaluation would then see larger activations
    // than training did.
    COURSE_TODO("dropout_forward");
}

void dropout_backward(std::span<float> dinp, std::span<const float> dout, std::span<const float> mask) {
    check_dropout_backward_arguments(dinp.size(), dout.size(), mask.size());
    // dinp is (n), dout is (n), mask is (n)
    // TODO(learner): add (+=, the caller zeroed dinp) each dout[i] times its local derivative mask[i].
    COURSE_TODO("dropout_backward");
}

}  // namespace course::backprop
