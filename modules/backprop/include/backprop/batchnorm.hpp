// Batch normalization over a batch of feature vectors: forward in training and in evaluation, and
// the backward of the training forward. Notes: docs/backprop.md#batchnorm.
//
//     out[b, c] = gamma[c] (inp[b, c] - mean[c]) / sqrt(var[c] + eps) + beta[c]
//
// In training, mean[c] and var[c] are the statistics of feature c over the batch, so every out[b, c]
// depends on every inp[b', c] of its feature: the backward has a term through the mean and one
// through the variance, besides the direct one. In evaluation, the statistics are the running
// averages kept during training, and each row is normalized on its own. PyTorch's BatchNorm1d on an
// (N, C) input, same formulas, same defaults (momentum 0.1, eps 1e-5), same unbiased running_var.
//
// Buffers are flat, contiguous and row-major, as in llm.c: inp and out are (B, C) (element [b, c]
// at b * C + c); mean, rstd, running_mean, running_var, gamma, beta and their gradients are (C).
// Forward functions OVERWRITE their outputs; the backward ADDS into dinp, dgamma and dbeta (the
// caller zeroes them), as llm.c does, so that gradients from several uses of a layer sum.
// No output may overlap an input.
//
// Numerics: the batch statistics are reduced in double, the variance in two passes (the mean first,
// then sum (x - mean)^2). A one-pass E[x^2] - E[x]^2 in float cancels catastrophically: for data
// around 1e4 with spread 1, E[x^2] ~ 1e8 has a float spacing of 8, larger than the variance.
// eps is inside the square root: rstd = 1 / sqrt(var + eps) is at most 1 / sqrt(eps), so a feature
// whose values are all equal (var = 0) gives xhat = 0, out = beta and a finite gradient.
// The formulas are not scale-invariant: eps (1e-5 by default) matters once var is near it. Data
// too large for its variance to be a float (|x| ~ 1e20, var ~ 1e40) still normalize, as the
// statistics are double; running_var is then +inf (the float cannot hold it).
// NaN: not refused. A NaN (or an infinity) in inp[b, c] makes feature c's mean, rstd, running
// statistics and whole column of out NaN in training, and only out[b, c] NaN in evaluation; the
// other features are computed as usual (PyTorch does the same). The tests check it.
//
// Source: Ioffe & Szegedy, "Batch Normalization: Accelerating Deep Network Training by Reducing
// Internal Covariate Shift" (ICML 2015), Algorithm 1 and section 3.1; PyTorch's
// torch.nn.BatchNorm1d; Karpathy's "Building makemore Part 4: Becoming a Backprop Ninja" (the
// backward in one line).
#pragma once

#include <cmath>
#include <cstddef>
#include <span>

#include "course/error.hpp"

namespace course::backprop {

// check_batchnorm_size: a span of `function` holds `expected` elements (named in the message).
inline void check_batchnorm_size(const char* function, const char* name, std::size_t size, std::size_t expected,
                                 const char* shape) {
    COURSE_CHECK(size == expected, function, ": ", name, " has ", size, " elements, expected ", shape, " = ",
                 expected);
}

// check_batchnorm_sizes: B >= min_B (2 in training: the variance of one value is 0 and PyTorch
// refuses it with "Expected more than 1 value per channel when training"; 1 in evaluation) and C >= 1.
inline void check_batchnorm_sizes(const char* function, int B, int C, int min_B) {
    COURSE_CHECK(B >= min_B, function, ": B = ", B, ", expected B >= ", min_B,
                 min_B == 2 ? " (the batch variance of a single value is 0: every out would be beta, and PyTorch "
                              "refuses it too: \"Expected more than 1 value per channel when training\"; use "
                              "batchnorm_forward_eval for a single example)"
                            : "");
    COURSE_CHECK(C >= 1, function, ": C = ", C, ", expected C >= 1 (the number of features)");
}

// check_batchnorm_eps: eps > 0 and finite (eps = 0 divides by zero on a constant feature).
inline void check_batchnorm_eps(const char* function, float eps) {
    COURSE_CHECK(std::isfinite(eps) && eps > 0.0f, function, ": eps = ", eps,
                 ", expected a finite eps > 0 (it keeps 1 / sqrt(var + eps) finite when var = 0)");
}

// check_batchnorm_forward_train_arguments: the shapes of batchnorm_forward_train's spans, B >= 2,
// C >= 1, momentum in [0, 1] (NaN refused) and eps > 0 finite.
inline void check_batchnorm_forward_train_arguments(std::size_t out_size, std::size_t mean_size,
                                                    std::size_t rstd_size, std::size_t running_mean_size,
                                                    std::size_t running_var_size, std::size_t inp_size,
                                                    std::size_t gamma_size, std::size_t beta_size, int B, int C,
                                                    float momentum, float eps) {
    constexpr const char* f = "batchnorm_forward_train";
    check_batchnorm_sizes(f, B, C, 2);
    const std::size_t BC = std::size_t(B) * std::size_t(C), Cs = std::size_t(C);
    check_batchnorm_size(f, "out", out_size, BC, "B * C");
    check_batchnorm_size(f, "mean", mean_size, Cs, "C");
    check_batchnorm_size(f, "rstd", rstd_size, Cs, "C");
    check_batchnorm_size(f, "running_mean", running_mean_size, Cs, "C");
    check_batchnorm_size(f, "running_var", running_var_size, Cs, "C");
    check_batchnorm_size(f, "inp", inp_size, BC, "B * C");
    check_batchnorm_size(f, "gamma", gamma_size, Cs, "C");
    check_batchnorm_size(f, "beta", beta_size, Cs, "C");
    COURSE_CHECK(momentum >= 0.0f && momentum <= 1.0f, f, ": momentum = ", momentum,
                 ", expected 0 <= momentum <= 1 (the weight of the new batch in the running averages)");
    check_batchnorm_eps(f, eps);
}

// check_batchnorm_forward_eval_arguments: the shapes of batchnorm_forward_eval's spans, B >= 1,
// C >= 1 and eps > 0 finite.
inline void check_batchnorm_forward_eval_arguments(std::size_t out_size, std::size_t inp_size,
                                                   std::size_t running_mean_size, std::size_t running_var_size,
                                                   std::size_t gamma_size, std::size_t beta_size, int B, int C,
                                                   float eps) {
    constexpr const char* f = "batchnorm_forward_eval";
    check_batchnorm_sizes(f, B, C, 1);
    const std::size_t BC = std::size_t(B) * std::size_t(C), Cs = std::size_t(C);
    check_batchnorm_size(f, "out", out_size, BC, "B * C");
    check_batchnorm_size(f, "inp", inp_size, BC, "B * C");
    check_batchnorm_size(f, "running_mean", running_mean_size, Cs, "C");
    check_batchnorm_size(f, "running_var", running_var_size, Cs, "C");
    check_batchnorm_size(f, "gamma", gamma_size, Cs, "C");
    check_batchnorm_size(f, "beta", beta_size, Cs, "C");
    check_batchnorm_eps(f, eps);
}

// check_batchnorm_backward_arguments: the shapes of batchnorm_backward's spans, B >= 2, C >= 1.
inline void check_batchnorm_backward_arguments(std::size_t dinp_size, std::size_t dgamma_size,
                                               std::size_t dbeta_size, std::size_t dout_size, std::size_t inp_size,
                                               std::size_t mean_size, std::size_t rstd_size,
                                               std::size_t gamma_size, int B, int C) {
    constexpr const char* f = "batchnorm_backward";
    check_batchnorm_sizes(f, B, C, 2);
    const std::size_t BC = std::size_t(B) * std::size_t(C), Cs = std::size_t(C);
    check_batchnorm_size(f, "dinp", dinp_size, BC, "B * C");
    check_batchnorm_size(f, "dgamma", dgamma_size, Cs, "C");
    check_batchnorm_size(f, "dbeta", dbeta_size, Cs, "C");
    check_batchnorm_size(f, "dout", dout_size, BC, "B * C");
    check_batchnorm_size(f, "inp", inp_size, BC, "B * C");
    check_batchnorm_size(f, "mean", mean_size, Cs, "C");
    check_batchnorm_size(f, "rstd", rstd_size, Cs, "C");
    check_batchnorm_size(f, "gamma", gamma_size, Cs, "C");
}

// batchnorm_forward_train: normalize each feature by its batch statistics, save them for the
// backward, and update the running averages.
//
//     mean[c] = (1/B) sum_b inp[b, c]
//     var[c]  = (1/B) sum_b (inp[b, c] - mean[c])^2                      (biased: to normalize)
//     rstd[c] = 1 / sqrt(var[c] + eps)
//     out[b, c] = gamma[c] (inp[b, c] - mean[c]) rstd[c] + beta[c]
//     running_mean[c] = (1 - momentum) running_mean[c] + momentum mean[c]
//     running_var[c]  = (1 - momentum) running_var[c]  + momentum var[c] B / (B - 1)   (unbiased)
//
// out is (B, C), mean and rstd are (C) (overwritten: the backward reads them), running_mean and
// running_var are (C) (read and updated), inp is (B, C), gamma and beta are (C).
// The running variance is the unbiased estimate, var B / (B - 1), as PyTorch keeps it; the batch is
// normalized with the biased one. momentum = 0 leaves the running statistics unchanged, 1 replaces
// them by the batch's. Statistics in double, the variance in two passes (see the top of the file).
// Cost: about 8 B C flops, inp read twice and out written once.
// Throws std::invalid_argument when B < 2 (PyTorch: "Expected more than 1 value per channel when
// training"), C < 1, a span's size is not its shape, momentum is outside [0, 1] or NaN, or eps is
// not a finite number > 0.
void batchnorm_forward_train(std::span<float> out, std::span<float> mean, std::span<float> rstd,
                             std::span<float> running_mean, std::span<float> running_var,
                             std::span<const float> inp, std::span<const float> gamma, std::span<const float> beta,
                             int B, int C, float momentum = 0.1f, float eps = 1e-5f);

// batchnorm_forward_eval: normalize each row by the running statistics.
//
//     out[b, c] = gamma[c] (inp[b, c] - running_mean[c]) / sqrt(running_var[c] + eps) + beta[c]
//
// out is (B, C), inp is (B, C), running_mean, running_var, gamma and beta are (C). Each row is
// normalized on its own (no batch statistics), so B = 1 is fine. running_var is used as given
// (PyTorch's unbiased estimate); a negative running_var + eps gives NaN, as in PyTorch.
// Cost: about 4 B C flops.
// Throws std::invalid_argument when B < 1, C < 1, a span's size is not its shape, or eps is not a
// finite number > 0.
void batchnorm_forward_eval(std::span<float> out, std::span<const float> inp, std::span<const float> running_mean,
                            std::span<const float> running_var, std::span<const float> gamma,
                            std::span<const float> beta, int B, int C, float eps = 1e-5f);

// batchnorm_backward: the gradients of the training forward, from the mean and rstd it saved.
//
//     xhat[b, c]  = (inp[b, c] - mean[c]) rstd[c]
//     dbeta[c]   += sum_b dout[b, c]
//     dgamma[c]  += sum_b dout[b, c] xhat[b, c]
//     dinp[b, c] += gamma[c] rstd[c] / B * (B dout[b, c] - sum_b' dout[b', c]
//                                           - xhat[b, c] sum_b' dout[b', c] xhat[b', c])
//
// dinp is (B, C), dgamma and dbeta are (C), dout and inp are (B, C), mean, rstd and gamma are (C).
// The three terms of dinp: the direct path, the path through the mean (- sum dout) and the path
// through the variance (- xhat sum dout xhat); without the last two, dinp is gamma rstd dout, the
// gradient of a layer whose statistics were constants. Consequences of the exact gradient:
// sum_b dinp[b, c] = 0 (out does not change when a feature is shifted by a constant).
// ADDS into dinp, dgamma and dbeta (the caller zeroes them). The two sums per feature in double.
// Cost: about 10 B C flops, inp and dout read twice.
// Throws std::invalid_argument when B < 2, C < 1 or a span's size is not its shape.
void batchnorm_backward(std::span<float> dinp, std::span<float> dgamma, std::span<float> dbeta,
                        std::span<const float> dout, std::span<const float> inp, std::span<const float> mean,
                        std::span<const float> rstd, std::span<const float> gamma, int B, int C);

}  // namespace course::backprop
