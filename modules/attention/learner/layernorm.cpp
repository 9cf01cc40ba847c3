// Exercise 5: layer normalization and RMS normalization, forward and backward.
// Contract: include/attention/layernorm.hpp   Notes: docs/attention.md#layernorm
// Hints: ./course hint attention layernorm     Grade it:  ./course grade attention layernorm
//
//     layernorm: out[n, c] = (inp[n, c] - mean[n]) rstd[n] weight[c] + bias[c],  rstd = 1 / sqrt(var + 1e-5)
//     rmsnorm:   out[n, c] = inp[n, c] rstd[n] weight[c],  rstd = 1 / sqrt(mean_c(inp^2) + eps)
//     backward:  dinp[n, :] += rstd (g - mean_c(g) - xhat mean_c(g xhat)),  g = dout weight
//                (rmsnorm: without the mean_c(g) term); dweight += sum_n dout xhat, dbias += sum_n dout
//
// Forwards overwrite out, mean and rstd; backwards ADD (+=) into dinp, dweight and dbias.
#include "attention/layernorm.hpp"

#include <cmath>
#include <cstddef>
#include <span>

#include "course/error.hpp"

namespace course::attention {

// TODO(learner): one row n at a time (its C values at inp[n * C .. n * C + C)).
// Hint: the variance is the biased one (divide by C), eps goes inside the square root, and the
// statistics are summed in double in two passes (the mean, then (x - mean)^2): a row around 1e4
// with spread 1e-2 loses its variance in E[x^2] - mean^2.

void layernorm_forward(std::span<float> out, std::span<float> mean, std::span<float> rstd,
                       std::span<const float> inp, std::span<const float> weight, std::span<const float> bias,
                       int N, int C) {
    check_layernorm_forward_arguments(out.size(), mean.size(), rstd.size(), inp.size(), weight.size(), bias.size(),
                                      N, C);
    COURSE_TODO("layernorm_forward");
}

void layernorm_backward(std::span<float> dinp, std::span<float> dweight, std::span<float> dbias,
                        std::span<const float> dout, std::span<const float> inp, std::span<const float> weight,
                        std::span<const float> mean, std::span<const float> rstd, int N, int C) {
    check_layernorm_backward_arguments(dinp.size(), dweight.size(), dbias.size(), dout.size(), inp.size(),
                                       weight.size(), mean.size(), rstd.size(), N, C);
    // Hint: two passes per row: first the means of g and of g xhat, then add into dinp, dweight, dbias.
    COURSE_TODO("layernorm_backward");
}

void rmsnorm_forward(std::span<float> out, std::span<float> rstd, std::span<const float> inp,
                     std::span<const float> weight, int N, int C, float eps) {
    check_rmsnorm_forward_arguments(out.size(), rstd.size(), inp.size(), weight.size(), N, C, eps);
    COURSE_TODO("rmsnorm_forward");
}

void rmsnorm_backward(std::span<float> dinp, std::span<float> dweight, std::span<const float> dout,
                      std::span<const float> inp, std::span<const float> weight, std::span<const float> rstd,
                      int N, int C) {
    check_rmsnorm_backward_arguments(dinp.size(), dweight.size(), dout.size(), inp.size(), weight.size(),
                                     rstd.size(), N, C);
    COURSE_TODO("rmsnorm_backward");
}

}  // namespace course::attention
