// Reference solution: layernorm and rmsnorm. Contract: include/attention/layernorm.hpp
#include "attention/layernorm.hpp"

#include <cmath>
#include <cstddef>
#include <span>

namespace course::attention {
namespace {

// kLanes: independent double partial sums per row. One accumulator would chain every add on the
// previous one (4 cycles each: 3 us per pass over a row of 768); eight independent ones let the
// adds overlap and vectorize. The partial sums are added in a fixed order: the same result on
// every call.
constexpr std::size_t kLanes = 8;

// row_sum: sum_c f(c) in double over c = 0 .. n - 1, in kLanes partial sums.
template <class F>
double row_sum(std::size_t n, F f) {
    double acc[kLanes] = {};
    std::size_t c = 0;
    for (; c + kLanes <= n; c += kLanes)
        for (std::size_t k = 0; k < kLanes; ++k) acc[k] += f(c + k);
    for (; c < n; ++c) acc[0] += f(c);
    double total = 0.0;
    for (double a : acc) total += a;
    return total;
}

}  // namespace

void layernorm_forward(std::span<float> out, std::span<float> mean, std::span<float> rstd,
                       std::span<const float> inp, std::span<const float> weight, std::span<const float> bias,
                       int N, int C) {
    check_layernorm_forward_arguments(out.size(), mean.size(), rstd.size(), inp.size(), weight.size(), bias.size(),
                                      N, C);
    // inp is (N, C), out is (N, C), mean and rstd are (N), weight and bias are (C). Raw pointers in
    // the loops: span's operator[] is bounds-checked in this build and stops the vectorizer.
    const std::size_t Cs = std::size_t(C);
    const float* w = weight.data();
    const float* b = bias.data();
    for (std::size_t n = 0; n < std::size_t(N); ++n) {
        const float* x = inp.data() + n * Cs;
        float* o = out.data() + n * Cs;
        // Two passes in double: the mean, then the biased variance around it (no E[x^2] - m^2).
        double m = row_sum(Cs, [&](std::size_t c) { return double(x[c]); });
        m /= double(C);
        double v = row_sum(Cs, [&](std::size_t c) {
            const double d = double(x[c]) - m;
            return d * d;
        });
        v /= double(C);
        const double s = 1.0 / std::sqrt(v + double(kLayernormEps));  // eps inside the root
        // The double mean is subtracted: rounded to float first it would be off by u |mean|.
        for (std::size_t c = 0; c < Cs; ++c) o[c] = float((double(x[c]) - m) * s * double(w[c]) + double(b[c]));
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
    const float* w = weight.data();
    float* dw = dweight.data();
    float* db = dbias.data();
    for (std::size_t n = 0; n < std::size_t(N); ++n) {
        const float* x = inp.data() + n * Cs;
        const float* dy = dout.data() + n * Cs;
        float* dx = dinp.data() + n * Cs;
        const double m = mean[n], s = rstd[n];
        // First pass: the two row means, of g and of g xhat.
        double g_mean = row_sum(Cs, [&](std::size_t c) { return double(dy[c]) * double(w[c]); });
        double gx_mean = row_sum(Cs, [&](std::size_t c) { return double(dy[c]) * double(w[c]) * (double(x[c]) - m) * s; });
        g_mean /= double(C);
        gx_mean /= double(C);
        // Second pass: add every gradient. Two loops: GCC 12 vectorizes each, not the fused one.
        for (std::size_t c = 0; c < Cs; ++c) {
            const double xhat = (double(x[c]) - m) * s;
            db[c] += dy[c];
            dw[c] += float(double(dy[c]) * xhat);
        }
        for (std::size_t c = 0; c < Cs; ++c) {
            const double xhat = (double(x[c]) - m) * s;
            const double g = double(dy[c]) * double(w[c]);
            dx[c] += float(s * (g - g_mean - xhat * gx_mean));
        }
    }
}

void rmsnorm_forward(std::span<float> out, std::span<float> rstd, std::span<const float> inp,
                     std::span<const float> weight, int N, int C, float eps) {
    check_rmsnorm_forward_arguments(out.size(), rstd.size(), inp.size(), weight.size(), N, C, eps);
    // inp is (N, C), out is (N, C), rstd is (N), weight is (C). No mean subtracted.
    const std::size_t Cs = std::size_t(C);
    const float* w = weight.data();
    for (std::size_t n = 0; n < std::size_t(N); ++n) {
        const float* x = inp.data() + n * Cs;
        float* o = out.data() + n * Cs;
        double ms = row_sum(Cs, [&](std::size_t c) { return double(x[c]) * double(x[c]); });
        ms /= double(C);
        const double s = 1.0 / std::sqrt(ms + double(eps));
        for (std::size_t c = 0; c < Cs; ++c) o[c] = float(double(x[c]) * s * double(w[c]));
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
    const float* w = weight.data();
    float* dw = dweight.data();
    for (std::size_t n = 0; n < std::size_t(N); ++n) {
        const float* x = inp.data() + n * Cs;
        const float* dy = dout.data() + n * Cs;
        float* dx = dinp.data() + n * Cs;
        const double s = rstd[n];
        double gx_mean = row_sum(Cs, [&](std::size_t c) { return double(dy[c]) * double(w[c]) * double(x[c]) * s; });
        gx_mean /= double(C);
        for (std::size_t c = 0; c < Cs; ++c) {
            const double xhat = double(x[c]) * s;
            const double g = double(dy[c]) * double(w[c]);
            dw[c] += float(xhat * double(dy[c]));
            dx[c] += float(s * (g - xhat * gx_mean));
        }
    }
}

}  // namespace course::attention
