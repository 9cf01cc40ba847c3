// Reference solution: batch normalization. Contract: include/backprop/batchnorm.hpp
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
    const std::size_t Cs = std::size_t(C);
    // The reductions run over the batch, down a column: walk the rows in order (inp is read
    // contiguously) and keep one double accumulator per feature.
    std::vector<double> m(Cs, 0.0), v(Cs, 0.0);  // (C) each
    for (int b = 0; b < B; ++b) {
        const float* inp_b = inp.data() + std::size_t(b) * Cs;
        for (std::size_t c = 0; c < Cs; ++c) m[c] += inp_b[c];
    }
    for (std::size_t c = 0; c < Cs; ++c) m[c] /= B;
    // Second pass: the variance about the mean, never E[x^2] - mean^2 (cancellation).
    for (int b = 0; b < B; ++b) {
        const float* inp_b = inp.data() + std::size_t(b) * Cs;
        for (std::size_t c = 0; c < Cs; ++c) {
            const double d = inp_b[c] - m[c];
            v[c] += d * d;
        }
    }
    std::vector<double> s(Cs);  // (C) 1 / sqrt(var + eps), in double
    for (std::size_t c = 0; c < Cs; ++c) {
        const double var = v[c] / B;  // biased: the batch is normalized with it
        s[c] = 1.0 / std::sqrt(var + double(eps));
        mean[c] = float(m[c]);
        rstd[c] = float(s[c]);
        const double unbiased = var * B / (B - 1);
        running_mean[c] = float((1.0 - double(momentum)) * running_mean[c] + double(momentum) * m[c]);
        running_var[c] = float((1.0 - double(momentum)) * running_var[c] + double(momentum) * unbiased);
    }
    for (int b = 0; b < B; ++b) {
        const float* inp_b = inp.data() + std::size_t(b) * Cs;
        float* out_b = out.data() + std::size_t(b) * Cs;
        for (std::size_t c = 0; c < Cs; ++c) out_b[c] = float(gamma[c] * ((inp_b[c] - m[c]) * s[c]) + beta[c]);
    }
}

void batchnorm_forward_eval(std::span<float> out, std::span<const float> inp, std::span<const float> running_mean,
                            std::span<const float> running_var, std::span<const float> gamma,
                            std::span<const float> beta, int B, int C, float eps) {
    check_batchnorm_forward_eval_arguments(out.size(), inp.size(), running_mean.size(), running_var.size(),
                                           gamma.size(), beta.size(), B, C, eps);
    const std::size_t Cs = std::size_t(C);
    std::vector<double> s(Cs);  // (C) 1 / sqrt(running_var + eps)
    for (std::size_t c = 0; c < Cs; ++c) s[c] = 1.0 / std::sqrt(double(running_var[c]) + double(eps));
    for (int b = 0; b < B; ++b) {
        const float* inp_b = inp.data() + std::size_t(b) * Cs;
        float* out_b = out.data() + std::size_t(b) * Cs;
        for (std::size_t c = 0; c < Cs; ++c)
            out_b[c] = float(gamma[c] * ((double(inp_b[c]) - running_mean[c]) * s[c]) + beta[c]);
    }
}

void batchnorm_backward(std::span<float> dinp, std::span<float> dgamma, std::span<float> dbeta,
                        std::span<const float> dout, std::span<const float> inp, std::span<const float> mean,
                        std::span<const float> rstd, std::span<const float> gamma, int B, int C) {
    check_batchnorm_backward_arguments(dinp.size(), dgamma.size(), dbeta.size(), dout.size(), inp.size(),
                                       mean.size(), rstd.size(), gamma.size(), B, C);
    const std::size_t Cs = std::size_t(C);
    // First pass: per feature, sum_b dout (the path through the mean, and dbeta) and
    // sum_b dout xhat (the path through the variance, and dgamma).
    std::vector<double> sum_dout(Cs, 0.0), sum_dout_xhat(Cs, 0.0);  // (C) each
    for (int b = 0; b < B; ++b) {
        const std::size_t row = std::size_t(b) * Cs;
        for (std::size_t c = 0; c < Cs; ++c) {
            const double xhat = (double(inp[row + c]) - mean[c]) * rstd[c];
            sum_dout[c] += dout[row + c];
            sum_dout_xhat[c] += dout[row + c] * xhat;
        }
    }
    for (std::size_t c = 0; c < Cs; ++c) {
        dbeta[c] += float(sum_dout[c]);
        dgamma[c] += float(sum_dout_xhat[c]);
    }
    // Second pass: dinp = gamma rstd / B (B dout - sum dout - xhat sum dout xhat), added.
    for (int b = 0; b < B; ++b) {
        const std::size_t row = std::size_t(b) * Cs;
        for (std::size_t c = 0; c < Cs; ++c) {
            const double xhat = (double(inp[row + c]) - mean[c]) * rstd[c];
            const double g = double(gamma[c]) * rstd[c] / B;
            dinp[row + c] += float(g * (double(B) * dout[row + c] - sum_dout[c] - xhat * sum_dout_xhat[c]));
        }
    }
}

}  // namespace course::backprop
