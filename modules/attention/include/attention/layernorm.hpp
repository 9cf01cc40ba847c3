// Layer normalization (GPT-2) and RMS normalization (LLaMA): each row of C channels normalized on
// its own, then scaled (and shifted) per channel. Forward and backward. Notes: docs/attention.md#layernorm.
//
//     layernorm:  out[n, c] = (inp[n, c] - mean[n]) rstd[n] weight[c] + bias[c]
//                 mean[n] = (1/C) sum_c inp[n, c],  var[n] = (1/C) sum_c (inp[n, c] - mean[n])^2
//                 rstd[n] = 1 / sqrt(var[n] + 1e-5)
//     rmsnorm:    out[n, c] = inp[n, c] rstd[n] weight[c],  rstd[n] = 1 / sqrt((1/C) sum_c inp[n, c]^2 + eps)
//
// Shapes, as llm.c's layernorm_forward: inp and out are (N, C) with N = B * T rows (element [n, c]
// at n * C + c); weight, bias and their gradients are (C); mean and rstd are (N), saved by the
// forward for the backward. Forwards OVERWRITE out, mean and rstd; backwards ADD into dinp,
// dweight and dbias (the caller zeroes them), as llm.c's do: dweight and dbias are sums over the N
// rows. No output may overlap an input.
//
// The variance is the BIASED one (divided by C, not C - 1), as torch.nn.LayerNorm and llm.c; eps
// is INSIDE the square root, so a constant row (var = 0) gives rstd = 1 / sqrt(eps), xhat = 0,
// out = bias, and a finite gradient. layernorm's eps is fixed at 1e-5 (GPT-2's and PyTorch's
// default). rmsnorm takes eps as a parameter, default 1e-5f (LLaMA 2's rms_norm_eps; LLaMA 1 used
// 1e-6): no mean is subtracted, that is the whole difference (Zhang & Sennrich 2019).
//
// Numerics: the row statistics are reduced in double, the variance in two passes (the mean first,
// then sum (x - mean)^2). A one-pass E[x^2] - E[x]^2 in float cancels: for a row around 1e4 with
// spread 1e-2, E[x^2] ~ 1e8 has a float spacing of 8, and the variance, 1e-4, is lost. The
// offset itself, 1e4, holds float's spacing 1e-3 = a tenth of the spread, so the rows the tests
// use are written as exact floats. Each out[n, c] is within a few float roundings of
// |xhat weight| + |bias|: that needs the double mean subtracted from the input (a mean rounded to
// float first is off by u 1e4 = 6e-4, 6% of that spread). mean and rstd are saved as floats, and
// the backward takes them as given: its results are those of the formulas at the saved mean and
// rstd (as in llm.c), which at such an offset are a few percent from the exact gradient.
// NaN and infinities are not refused: one in a row makes that row's statistics and outputs NaN
// (the other rows are computed as usual).
//
// Backward (derived in the notes): with xhat = (inp - mean) rstd (rmsnorm: xhat = inp rstd) and
// g = dout weight, per row
//
//     layernorm:  dinp += rstd (g - mean_c(g) - xhat mean_c(g xhat))
//     rmsnorm:    dinp += rstd (g - xhat mean_c(g xhat))
//     dweight[c] += sum_n dout[n, c] xhat[n, c],   dbias[c] += sum_n dout[n, c]
//
// The mean_c(g) term is the path through the mean, the mean_c(g xhat) term the path through the
// variance (the mean square): leaving either out fails every gradient check.
//
// Cost: forward O(N C) (three passes over a row), backward O(N C) (two passes), no allocation
// beyond O(1); C = 1 is allowed (layernorm then gives out = bias, rmsnorm x / sqrt(x^2 + eps)).
// Source: Ba, Kiros & Hinton, "Layer Normalization", arXiv:1607.06450 (2016); Zhang & Sennrich,
// "Root Mean Square Layer Normalization", NeurIPS 2019; llm.c's train_gpt2.c and
// doc/layernorm/layernorm.md; torch.nn.LayerNorm.
#pragma once

#include <cmath>
#include <cstddef>
#include <span>

#include "course/buffers.hpp"
#include "course/error.hpp"

namespace course::attention {

// kLayernormEps: layernorm's eps, fixed as in llm.c and torch.nn.LayerNorm's default.
inline constexpr float kLayernormEps = 1e-5f;

// check_norm_shape: N >= 1 rows and C >= 1 channels.
inline void check_norm_shape(const char* function, int N, int C) {
    COURSE_CHECK(N >= 1, function, ": N = ", N, ", expected N >= 1 (the number of rows, B * T)");
    COURSE_CHECK(C >= 1, function, ": C = ", C, ", expected C >= 1 (the number of channels)");
}

// check_norm_vector: a (C) or (N) buffer holds exactly `expected` elements.
inline void check_norm_vector(const char* function, const char* name, std::size_t size, const char* dim,
                              int expected) {
    COURSE_CHECK(size == std::size_t(expected), function, ": ", name, " has ", size, " elements, expected ", dim,
                 " = ", expected);
}

// check_rmsnorm_eps: eps > 0 and finite (0 divides by zero on an all-zero row; NaN or inf makes
// every output NaN or 0).
inline void check_rmsnorm_eps(const char* function, float eps) {
    COURSE_CHECK(std::isfinite(eps) && eps > 0.0f, function, ": eps = ", eps,
                 ", expected a finite eps > 0 (1e-5 or 1e-6 as in LLaMA; 0 divides by zero on an all-zero row)");
}

// check_layernorm_forward_arguments: out (N, C), mean (N), rstd (N), inp (N, C), weight (C), bias (C).
inline void check_layernorm_forward_arguments(std::size_t out, std::size_t mean, std::size_t rstd, std::size_t inp,
                                              std::size_t weight, std::size_t bias, int N, int C) {
    const char* f = "layernorm_forward";
    check_norm_shape(f, N, C);
    check_matrix_size(f, "out", out, "N * C", N, C);
    check_norm_vector(f, "mean", mean, "N", N);
    check_norm_vector(f, "rstd", rstd, "N", N);
    check_matrix_size(f, "inp", inp, "N * C", N, C);
    check_norm_vector(f, "weight", weight, "C", C);
    check_norm_vector(f, "bias", bias, "C", C);
}

// check_layernorm_backward_arguments: dinp (N, C), dweight (C), dbias (C), dout (N, C), inp (N, C),
// weight (C), mean (N), rstd (N).
inline void check_layernorm_backward_arguments(std::size_t dinp, std::size_t dweight, std::size_t dbias,
                                               std::size_t dout, std::size_t inp, std::size_t weight,
                                               std::size_t mean, std::size_t rstd, int N, int C) {
    const char* f = "layernorm_backward";
    check_norm_shape(f, N, C);
    check_matrix_size(f, "dinp", dinp, "N * C", N, C);
    check_norm_vector(f, "dweight", dweight, "C", C);
    check_norm_vector(f, "dbias", dbias, "C", C);
    check_matrix_size(f, "dout", dout, "N * C", N, C);
    check_matrix_size(f, "inp", inp, "N * C", N, C);
    check_norm_vector(f, "weight", weight, "C", C);
    check_norm_vector(f, "mean", mean, "N", N);
    check_norm_vector(f, "rstd", rstd, "N", N);
}

// check_rmsnorm_forward_arguments: out (N, C), rstd (N), inp (N, C), weight (C), eps > 0.
inline void check_rmsnorm_forward_arguments(std::size_t out, std::size_t rstd, std::size_t inp, std::size_t weight,
                                            int N, int C, float eps) {
    const char* f = "rmsnorm_forward";
    check_norm_shape(f, N, C);
    check_matrix_size(f, "out", out, "N * C", N, C);
    check_norm_vector(f, "rstd", rstd, "N", N);
    check_matrix_size(f, "inp", inp, "N * C", N, C);
    check_norm_vector(f, "weight", weight, "C", C);
    check_rmsnorm_eps(f, eps);
}

// check_rmsnorm_backward_arguments: dinp (N, C), dweight (C), dout (N, C), inp (N, C), weight (C), rstd (N).
inline void check_rmsnorm_backward_arguments(std::size_t dinp, std::size_t dweight, std::size_t dout,
                                             std::size_t inp, std::size_t weight, std::size_t rstd, int N, int C) {
    const char* f = "rmsnorm_backward";
    check_norm_shape(f, N, C);
    check_matrix_size(f, "dinp", dinp, "N * C", N, C);
    check_norm_vector(f, "dweight", dweight, "C", C);
    check_matrix_size(f, "dout", dout, "N * C", N, C);
    check_matrix_size(f, "inp", inp, "N * C", N, C);
    check_norm_vector(f, "weight", weight, "C", C);
    check_norm_vector(f, "rstd", rstd, "N", N);
}

// layernorm_forward: each row normalized to mean 0 and variance 1 (biased, eps 1e-5 inside the
// root), then out = xhat weight + bias; saves the row's mean and rstd.
//
//     out[n, c] = (inp[n, c] - mean[n]) rstd[n] weight[c] + bias[c],  rstd[n] = 1 / sqrt(var[n] + 1e-5)
//
// out is (N, C), mean is (N), rstd is (N), inp is (N, C), weight is (C), bias is (C).
// Throws std::invalid_argument for N < 1, C < 1 or a buffer of the wrong size.
void layernorm_forward(std::span<float> out, std::span<float> mean, std::span<float> rstd,
                       std::span<const float> inp, std::span<const float> weight, std::span<const float> bias,
                       int N, int C);

// layernorm_backward: ADDS the gradients of the forward with the saved mean and rstd.
//
//     dinp[n, :] += rstd[n] (g - mean_c(g) - xhat mean_c(g xhat)),  g = dout[n, :] weight, xhat = (inp - mean) rstd
//     dweight[c] += sum_n dout[n, c] xhat[n, c],   dbias[c] += sum_n dout[n, c]
//
// dinp is (N, C), dweight is (C), dbias is (C), dout is (N, C), inp is (N, C), weight is (C),
// mean is (N), rstd is (N). Throws std::invalid_argument for N < 1, C < 1 or a wrong size.
void layernorm_backward(std::span<float> dinp, std::span<float> dweight, std::span<float> dbias,
                        std::span<const float> dout, std::span<const float> inp, std::span<const float> weight,
                        std::span<const float> mean, std::span<const float> rstd, int N, int C);

// rmsnorm_forward: each row divided by its root mean square (no mean subtracted, no bias), then
// scaled per channel; saves rstd.
//
//     out[n, c] = inp[n, c] rstd[n] weight[c],  rstd[n] = 1 / sqrt((1/C) sum_c inp[n, c]^2 + eps)
//
// out is (N, C), rstd is (N), inp is (N, C), weight is (C). Throws std::invalid_argument for
// N < 1, C < 1, a wrong size, or eps not finite and > 0.
void rmsnorm_forward(std::span<float> out, std::span<float> rstd, std::span<const float> inp,
                     std::span<const float> weight, int N, int C, float eps = 1e-5f);

// rmsnorm_backward: ADDS the gradients of rmsnorm_forward with the saved rstd (eps is in it).
//
//     dinp[n, :] += rstd[n] (g - xhat mean_c(g xhat)),  g = dout[n, :] weight, xhat = inp rstd
//     dweight[c] += sum_n dout[n, c] xhat[n, c]
//
// dinp is (N, C), dweight is (C), dout is (N, C), inp is (N, C), weight is (C), rstd is (N).
// Throws std::invalid_argument for N < 1, C < 1 or a wrong size.
void rmsnorm_backward(std::span<float> dinp, std::span<float> dweight, std::span<const float> dout,
                      std::span<const float> inp, std::span<const float> weight, std::span<const float> rstd,
                      int N, int C);

}  // namespace course::attention
