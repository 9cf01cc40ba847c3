// Exercise 6: batch normalization. Contract: include/backprop/batchnorm.hpp
// Notes: docs/backprop.md#batchnorm.  Hints: ./course hint backprop batchnorm
// Grade it:  ./course grade backprop batchnorm
//
//     out[b, c] = gamma[c] (inp[b, c] - mean[c]) / sqrt(var[c] + eps) + beta[c]
#include "backprop/batchnorm.hpp"

#include <cmath>
#include <cstddef>
#include <vector>

#include "course/error.hpp"

namespace course::backprop {

void batchnorm_forward_train(std::span<float> out, std::span<float> mean, std::span<float> rstd,
                             std::span<float> running_mean, std::span<float> running_var,
                             std::span<const float> inp, std::span<const float> gamma, std::span<const float> beta,
                             int B, int C, float momentum, float eps) {
    check_batchnorm_forward_train_arguments(out.size(), mean.size(), rstd.size(), running_mean.size(),
                                            running_var.size(), inp.size(), gamma.size(), beta.size(), B, C,
                                            momentum, eps);
    // inp, out are (B, C); mean, rstd, running_mean, running_var, gamma, beta are (C).
    //     mean[c] = (1/B) sum_b inp[b, c],   var[c] = (1/B) sum_b (inp[b, c] - mean[c])^2
    //     rstd[c] = 1 / sqrt(var[c] + eps),  out[b, c] = gamma[c] (inp[b, c] - mean[c]) rstd[c] + beta[c]
    //     running_mean = (1 - momentum) running_mean + momentum mean
    //     running_var  = (1 - momentum) running_var  + momentum var B / (B - 1)
    // TODO(learner): per feature, the mean and then the variance (two passes, sums in double), save
    // mean and rstd, update the running statistics, then write out.
    // Hint: data around 1e4 with spread 1 must normalize: E[x^2] - mean^2 in float loses everything.
    COURSE_TODO("batchnorm_forward_train");
}

void batchnorm_forward_eval(std::span<float> out, std::span<const float> inp, std::span<const float> running_mean,
                            std::span<const float> running_var, std::span<const float> gamma,
                            std::span<const float> beta, int B, int C, float eps) {
    check_batchnorm_forward_eval_arguments(out.size(), inp.size(), running_mean.size(), running_var.size(),
                                           gamma.size(), beta.size(), B, C, eps);
    //     out[b, c] = gamma[c] (inp[b, c] - running_mean[c]) / sqrt(running_var[c] + eps) + beta[c]
    // TODO(learner): the same normalization with the running statistics, never the batch's.
    COURSE_TODO("batchnorm_forward_eval");
}

void batchnorm_backward(std::span<float> dinp, std::span<float> dgamma, std::span<float> dbeta,
                        std::span<const float> dout, std::span<const float> inp, std::span<const float> mean,
                        std::span<const float> rstd, std::span<const float> gamma, int B, int C) {
    check_batchnorm_backward_arguments(dinp.size(), dgamma.size(), dbeta.size(), dout.size(), inp.size(),
                                       mean.size(), rstd.size(), gamma.size(), B, C);
    //     xhat[b, c] = (inp[b, c] - mean[c]) rstd[c]
    //     dbeta[c] += sum_b dout[b, c],   dgamma[c] += sum_b dout[b, c] xhat[b, c]
    //     dinp[b, c] += gamma[c] rstd[c] / B * (B dout[b, c] - sum_b' dout[b', c] - xhat[b, c] sum_b' dout[b', c] xhat[b', c])
    // TODO(learner): per feature, the two sums over the batch first, then dinp; add (+=), never assign.
    // Hint: every inp[b', c] of a feature moves mean[c] and var[c], hence every out[b, c]: gamma rstd dout alone is wrong.
    COURSE_TODO("batchnorm_backward");
}

}  // namespace course::backprop
