// Reference solution: dropout. Contract: include/backprop/dropout.hpp
#include "backprop/dropout.hpp"

#include <cstddef>

#include "course/error.hpp"
#include "course/random.hpp"

namespace course::backprop {

void dropout_forward(std::span<float> out, std::span<float> mask, std::span<const float> inp, float p, bool training,
                     course::Rng& rng) {
    check_dropout_forward_arguments(out.size(), mask.size(), inp.size(), p);
    // out is (n), mask is (n), inp is (n); out may be inp itself.
    if (!training) {
        // evaluation: the identity, and no draw
        for (std::size_t i = 0; i < inp.size(); ++i) {
            mask[i] = 1.0f;
            out[i] = inp[i];
        }
        return;
    }
    // inverted dropout: keep with probability 1 - p, scaled by 1 / (1 - p) so that E[out] = inp
    const float scale = 1.0f / (1.0f - p);
    for (std::size_t i = 0; i < inp.size(); ++i) {
        const double u = rng.uniform(0.0, 1.0);  // the i-th draw, one per element
        mask[i] = u >= p ? scale : 0.0f;
        out[i] = inp[i] * mask[i];
    }
}

void dropout_backward(std::span<float> dinp, std::span<const float> dout, std::span<const float> mask) {
    check_dropout_backward_arguments(dinp.size(), dout.size(), mask.size());
    // out[i] = inp[i] * mask[i], so d out[i] / d inp[i] = mask[i]; added, as every backward here
    for (std::size_t i = 0; i < dout.size(); ++i) dinp[i] += dout[i] * mask[i];
}

}  // namespace course::backprop
