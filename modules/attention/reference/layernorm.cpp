// Reference solution: layernorm and rmsnorm. Contract: include/attention/layernorm.hpp
#include "attention/layernorm.hpp"

#include <cmath>
#include <cstddef>
#include <span>

namespace course::attention {

void layernorm_forward(std::span<float> out, std::span<float> mean, std::span<float> rstd,
                       std::span<const float> inp, std::span<const float> weight, std::span<const float> bias,
                       int N, int C) {
    check_layernorm_forward_arguments(out.size(), mean.size(), rstd.size(), inp.size(), weight.size(), bias.size(),
                                      N, C);
    // inp is (N, C), out is (N, C), mean and rstd are (N), weight and bias are (C).
    const std::size_t Cs = std::size_t(C);
    for (std::size_t n = 0; n < std::size_t(N); ++n) {
        const float* x = inp.data() + n * Cs;
        float* o = out.data() + n * Cs;
        // Two passes in double: the mean, then the biased variance around it (no E[x^2] - m^2).
        double m = 0.0;
        for (std::size_t c = 0; c < Cs; ++c) m += x[c];
        m /= double(C);
        double v = 0.0;
        for (std::size_t c = 0; c < Cs; ++c) {
            const double d = double(x[c]) - m;
            v += d * d;
        }
        v /= double(C);
        const double s = 1.0 / std::sqrt(v + double(kLayernormEps));  // eps inside the root
        for (std::size_t c = 0; c < Cs; ++c)
            o[c] = float((double(x[c]) - m) * s * double(weight[c]) + double(bias[c]));
        mean[n] = float(m);
        rstd[n] = float(s);
    }
}

void layernorm_backward(std::span<float> dinp, std::span<float> dweight, std::span<float> dbias,
                        std::span<const float> dout, std::span<const float> inp, std::span<const float> weight,
                        std::span<const float> mean, std::span<const float> rstd, int N, int C) {
    check_layernorm_backward_arguments(dinp.size(), dweight.size(), dbias.size(), dout.size(), inp.size(),
                                       weight.size(), mean.size(), rstd.size(), N, C);
    // dinp, dout, inp are (N, C); dweight, dbias, weight are (C); mean, rstd are (N).
    // The forward: xhat = (x - mean) rstd, out = xhat weight + bias. Per row, with g = dout weight:
    //     dinp += rstd (g - mean_c(g) - xhat mean_c(g xhat))
    const std::size_t Cs = std::size_t(C);
    for (std::size_t n = 0; n < std::size_t(N); ++n) {
        const float* x = inp.data() + n * Cs;
        const float* dy = dout.data() + n * Cs;
        float* dx = dinp.data() + n * Cs;
        const double m = mean[n], s = rstd[n];
        // First pass: the two row means, of g and of g xhat.
        double g_mean = 0.0, gx_mean = 0.0;
        for (std::size_t c = 0; c < Cs; ++c) {
            const double xhat = (double(x[c]) - m) * s;
            const double g = double(dy[c]) * double(weight[c]);
            g_mean += g;
            gx_mean += g * xhat;
        }
        g_mean /= double(C);
        gx_mean /= double(C);
        // Second pass: add every gradient.
        for (std::size_t c = 0; c < Cs; ++c) {
            const double xhat = (double(x[c]) - m) * s;
            const double g = double(dy[c]) * double(weight[c]);
            dbias[c] += dy[c];
            dweight[c] += float(double(dy[c]) * xhat);
            dx[c] += float(s * (g - g_mean - xhat * gx_mean));
        }
    }
}

void rmsnorm_forward(std::span<float> out, std::span<float> rstd, std::span<const float> inp,
                     std::span<const float> weight, int N, int C, float eps) {
    check_rmsnorm_forward_arguments(out.size(), rstd.size(), inp.size(), weight.size(), N, C, eps);
    // inp is (N, C), out is (N, C), rstd is (N), weight is (C). No mean subtracted.
    const std::size_t Cs = std::size_t(C);
    for (std::size_t n = 0; n < std::size_t(N); ++n) {
        const float* x = inp.data() + n * Cs;
        float* o = out.data() + n * Cs;
        double ms = 0.0;
        for (std::size_t c = 0; c < Cs; ++c) ms += double(x[c]) * double(x[c]);
        ms /= double(C);
        const double s = 1.0 / std::sqrt(ms + double(eps));
        for (std::size_t c = 0; c < Cs; ++c) o[c] = float(double(x[c]) * s * double(weight[c]));
        rstd[n] = float(s);
    }
}

void rmsnorm_backward(std::span<float> dinp, std::span<float> dweight, std::span<const float> dout,
                      std::span<const float> inp, std::span<const float> weight, std::span<const float> rstd,
                      int N, int C) {
    check_rmsnorm_backward_arguments(dinp.size(), dweight.size(), dout.size(), inp.size(), weight.size(),
                                     rstd.size(), N, C);
    // dinp, dout, inp are (N, C); dweight, weight are (C); rstd is (N).
    // The forward: xhat = x rstd, out = xhat weight. Per row, with g = dout weight:
    //     dinp += rstd (g - xhat mean_c(g xhat))
    const std::size_t Cs = std::size_t(C);
    for (std::size_t n = 0; n < std::size_t(N); ++n) {
        const float* x = inp.data() + n * Cs;
        const float* dy = dout.data() + n * Cs;
        float* dx = dinp.data() + n * Cs;
        const double s = rstd[n];
        double gx_mean = 0.0;
        for (std::size_t c = 0; c < Cs; ++c) gx_mean += double(dy[c]) * double(weight[c]) * double(x[c]) * s;
        gx_mean /= double(C);
        for (std::size_t c = 0; c < Cs; ++c) {
            const double xhat = double(x[c]) * s;
            const double g = double(dy[c]) * double(weight[c]);
            dweight[c] += float(xhat * double(dy[c]));
            dx[c] += float(s * (g - xhat * gx_mean));
        }
    }
}

}  // namespace course::attention
