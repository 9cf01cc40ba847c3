// Dropout: zero each activation with probability p during training, and scale the rest up.
// Notes: docs/backprop.md#dropout.
//
//     training:    mask[i] = (u_i >= p) ? 1 / (1 - p) : 0,   out[i] = inp[i] * mask[i]
//     evaluation:  mask[i] = 1,                               out[i] = inp[i]
//     backward:    dinp[i] += dout[i] * mask[i]
//
// "Inverted" dropout: the kept activations are divided by the keep probability 1 - p during
// training, so E[out[i]] = (1 - p) * inp[i] / (1 - p) = inp[i], and evaluation is the identity
// (nothing to rescale at test time). The mask holds the scale, not 0/1, so the backward pass is one
// product: out is linear in inp with slope mask[i], and that slope is the local derivative.
//
// out, mask and inp all have n = inp.size() elements (any shape, flat). In training, u_i is
// rng.uniform(0.0, 1.0), the i-th draw of rng, one per element whatever p (p = 0 draws too), so a
// test seeded like the caller's rng replays the mask exactly. In evaluation there is no draw at
// all: rng is left untouched, and out is inp bit for bit (NaN, inf and -0 included). out may be
// inp itself (in place: out[i] is written after inp[i] is read); mask must not overlap either.
// NaN: out[i] = inp[i] * mask[i], so a NaN input stays NaN even where it is dropped (NaN * 0), as in
// PyTorch: dropout does not hide a NaN that the layers before it made.
// backward: dinp ADDS (+=) dout * mask into dinp, as every backward of this module does (the caller
// zeroes dinp); dinp, dout and mask have the same size.
// Cost: n draws (training), n multiplies; 3n floats touched forward, 3n backward.
// Throws std::invalid_argument when the sizes differ, or when p is not in [0, 1): p = 1 drops
// everything and its scale 1 / (1 - p) is infinite (0 * inf = NaN); p < 0 or p = NaN is no
// probability. p is checked in evaluation too, so a bad p is found before training starts.
// Source: Srivastava, Hinton, Krizhevsky, Sutskever & Salakhutdinov, "Dropout: A Simple Way to
// Prevent Neural Networks from Overfitting" (JMLR 2014), section 4 (they scale the weights by the
// keep probability at test time; inverted dropout, as in PyTorch, scales during training instead).
#pragma once

#include <cmath>
#include <cstddef>
#include <span>

#include "course/error.hpp"
#include "course/random.hpp"

namespace course::backprop {

// check_dropout_forward_arguments: out, mask and inp have the same size; 0 <= p < 1 (NaN refused).
inline void check_dropout_forward_arguments(std::size_t out_size, std::size_t mask_size, std::size_t inp_size,
                                            float p) {
    COURSE_CHECK(out_size == inp_size, "dropout_forward: out has ", out_size, " elements, expected inp's ",
                 inp_size);
    COURSE_CHECK(mask_size == inp_size, "dropout_forward: mask has ", mask_size, " elements, expected inp's ",
                 inp_size);
    COURSE_CHECK(p >= 0.0f && p < 1.0f, "dropout_forward: p = ", p,
                 ", expected a probability in [0, 1) (p = 1 would scale the kept values by 1 / (1 - p) = inf)");
}

// check_dropout_backward_arguments: dinp, dout and mask have the same size.
inline void check_dropout_backward_arguments(std::size_t dinp_size, std::size_t dout_size, std::size_t mask_size) {
    COURSE_CHECK(dinp_size == dout_size, "dropout_backward: dinp has ", dinp_size, " elements, expected dout's ",
                 dout_size);
    COURSE_CHECK(mask_size == dout_size, "dropout_backward: mask has ", mask_size, " elements, expected dout's ",
                 dout_size);
}

// dropout_forward: out = inp * mask, mask drawn (training) or all ones (evaluation).
// out is (n), mask is (n), inp is (n).
void dropout_forward(std::span<float> out, std::span<float> mask, std::span<const float> inp, float p, bool training,
                     course::Rng& rng);

// dropout_backward: dinp[i] += dout[i] * mask[i].
// dinp is (n), dout is (n), mask is (n) as dropout_forward left it.
void dropout_backward(std::span<float> dinp, std::span<const float> dout, std::span<const float> mask);

}  // namespace course::backprop
