// Reference solution: softmax. Contract: include/attention/softmax.hpp
#include "attention/softmax.hpp"

#include <cmath>
#include <cstddef>
#include <limits>

namespace course::attention {

void softmax_forward(std::span<float> out, std::span<const float> inp, int rows, int cols) {
    check_softmax_forward_arguments(out.size(), inp.size(), rows, cols);
    // inp is (rows, cols), out is (rows, cols); out may be inp: each element is read (max, exp)
    // before it is written, and the last pass reads only out.
    const std::size_t n = std::size_t(cols);
    constexpr float kInf = std::numeric_limits<float>::infinity();
    for (std::size_t r = 0; r < std::size_t(rows); ++r) {
        const float* x = inp.data() + r * n;
        float* y = out.data() + r * n;
        // m: the row max. A NaN fails every comparison and would be skipped: note it apart.
        float m = -kInf;
        bool has_nan = false;
        for (std::size_t j = 0; j < n; ++j) {
            if (x[j] > m) m = x[j];
            if (std::isnan(x[j])) has_nan = true;
        }
        if (has_nan) {  // a NaN in the row: the whole row is NaN, never a plausible distribution
            for (std::size_t j = 0; j < n; ++j) y[j] = std::numeric_limits<float>::quiet_NaN();
            continue;
        }
        if (m == -kInf) {  // every entry masked: no key to attend to, zeros (not 0 / 0)
            for (std::size_t j = 0; j < n; ++j) y[j] = 0.0f;
            continue;
        }
        // e_j = exp(x_j - m) in [0, 1]; -inf - m = -inf and exp(-inf) = 0: masked entries vanish.
        // m = +inf gives inf - inf = NaN: a row holding +inf is NaN, as PyTorch's.
        double sum = 0.0;
        for (std::size_t j = 0; j < n; ++j) {
            const double e = std::exp(double(x[j]) - double(m));
            y[j] = float(e);
            sum += e;
        }
        // sum >= 1 (the max's own term is exp(0) = 1): the division is safe, and one multiply by
        // 1 / sum rounds each output a second time (2 roundings in all, relative).
        const double inv = 1.0 / sum;
        for (std::size_t j = 0; j < n; ++j) y[j] = float(double(y[j]) * inv);
    }
}

void softmax_backward(std::span<float> dinp, std::span<const float> out, std::span<const float> dout, int rows,
                      int cols) {
    check_softmax_backward_arguments(dinp.size(), out.size(), dout.size(), rows, cols);
    // dinp, out, dout are (rows, cols). Per row, with y = out and g = dout:
    //     dinp_j += y_j (g_j - sum_k y_k g_k)
    // the Jacobian dy_k / dx_j = y_k (delta_jk - y_j) applied to g. A masked entry (y_j = 0) and an
    // all-masked row get nothing.
    const std::size_t n = std::size_t(cols);
    for (std::size_t r = 0; r < std::size_t(rows); ++r) {
        const float* y = out.data() + r * n;
        const float* g = dout.data() + r * n;
        float* d = dinp.data() + r * n;
        double dot = 0.0;  // sum_k y_k g_k
        for (std::size_t k = 0; k < n; ++k) dot += double(y[k]) * double(g[k]);
        for (std::size_t j = 0; j < n; ++j) d[j] += float(double(y[j]) * (double(g[j]) - dot));
    }
}

}  // namespace course::attention
