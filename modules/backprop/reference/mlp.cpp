// Reference solution: the MLP, SGD, clipping and the schedule. Contract: include/backprop/mlp.hpp
#include "backprop/mlp.hpp"

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <numbers>
#include <utility>
#include <vector>

#include "backprop/activations.hpp"
#include "backprop/initialization.hpp"
#include "backprop/linear.hpp"
#include "course/error.hpp"
#include "course/random.hpp"

namespace course::backprop {

Mlp mlp_create(std::vector<int> sizes, std::uint64_t seed) {
    check_mlp_sizes("mlp_create", sizes);
    Mlp net;
    net.sizes = std::move(sizes);
    const std::size_t n = mlp_num_params(net.sizes);
    net.params.assign(n, 0.0f);  // the biases stay 0
    net.grads.assign(n, 0.0f);
    course::Rng rng(seed);
    for (int l = 0; l < mlp_num_layers(net); ++l)
        he_normal(mlp_weight(net, l), net.sizes[std::size_t(l)], net.sizes[std::size_t(l) + 1], rng);
    return net;
}

void mlp_forward(Mlp& net, std::span<float> logits, std::span<const float> inp, int B, int threads) {
    check_mlp_forward_arguments(net, logits.size(), inp.size(), B);
    const int L = mlp_num_layers(net);
    net.pre.resize(mlp_hidden_floats(net.sizes, B));
    net.post.resize(net.pre.size());
    net.batch = B;
    std::span<const float> x = inp;  // h_l, (B, C_l)
    std::size_t offset = 0;          // where a_l starts in pre
    for (int l = 0; l < L; ++l) {
        const int C = net.sizes[std::size_t(l)], OC = net.sizes[std::size_t(l) + 1];
        const std::size_t n = std::size_t(B) * std::size_t(OC);
        if (l == L - 1) {  // the last layer writes the logits, no ReLU
            linear_forward(logits, x, mlp_weight(std::as_const(net), l), mlp_bias(std::as_const(net), l), B, C, OC,
                           threads);
            break;
        }
        const std::span<float> a = std::span(net.pre).subspan(offset, n);     // a_l (B, OC)
        const std::span<float> h = std::span(net.post).subspan(offset, n);    // h_{l+1} (B, OC)
        linear_forward(a, x, mlp_weight(std::as_const(net), l), mlp_bias(std::as_const(net), l), B, C, OC, threads);
        relu_forward(h, a);
        x = h;
        offset += n;
    }
}

void mlp_backward(Mlp& net, std::span<const float> dlogits, std::span<const float> inp, int B, int threads) {
    check_mlp_backward_arguments(net, dlogits.size(), inp.size(), B);
    const int L = mlp_num_layers(net);
    const int widest = *std::max_element(net.sizes.begin(), net.sizes.end());
    // The two gradient buffers are kept from call to call (thread_local, grown to the largest size
    // seen): a fresh 128 KiB vector each step is fresh pages from the kernel, page faults every call.
    thread_local std::vector<float> dh, da;
    const std::size_t widest_n = std::size_t(B) * std::size_t(widest);
    if (dh.size() < widest_n) dh.resize(widest_n);  // dh_l (B, C_l), the linear layer's dinp
    if (da.size() < widest_n) da.resize(widest_n);  // da_{l-1} (B, C_l), through the ReLU
    std::span<const float> dout = dlogits;                          // da_l (B, C_{l+1})
    std::size_t offset = net.pre.size();                            // the end of a_{l-1} in pre
    for (int l = L - 1; l >= 0; --l) {
        const int C = net.sizes[std::size_t(l)], OC = net.sizes[std::size_t(l) + 1];
        const std::size_t n = std::size_t(B) * std::size_t(C);
        if (l > 0) offset -= n;
        // h_l: the input of layer l, the ReLU of the layer below or the net's input.
        const std::span<const float> x =
            l > 0 ? std::span<const float>(net.post).subspan(offset, n) : inp;
        // dh_0, the input's gradient, is not needed: an empty dinp skips its product.
        const std::span<float> dx = l > 0 ? std::span(dh).first(n) : std::span<float>();
        std::fill(dx.begin(), dx.end(), 0.0f);  // linear_backward adds
        linear_backward(dx, mlp_weight_grad(net, l), mlp_bias_grad(net, l), dout, x,
                        mlp_weight(std::as_const(net), l), B, C, OC, threads);
        if (l == 0) break;
        const std::span<float> dpre = std::span(da).first(n);
        std::fill(dpre.begin(), dpre.end(), 0.0f);  // relu_backward adds
        relu_backward(dpre, std::span<const float>(net.pre).subspan(offset, n), dx);
        dout = dpre;  // in da: the next layer writes its dh into dh, not over its dout
    }
}

void mlp_zero_grad(Mlp& net) { std::fill(net.grads.begin(), net.grads.end(), 0.0f); }

void sgd_step(std::span<float> params, std::span<const float> grads, std::span<float> velocity,
              const SgdConfig& config) {
    check_sgd_arguments(params, grads, velocity, config);
    const float lr = config.learning_rate, mu = config.momentum, wd = config.weight_decay;
    if (velocity.empty()) {  // momentum 0, no state
        for (std::size_t i = 0; i < params.size(); ++i) params[i] -= lr * (grads[i] + wd * params[i]);
        return;
    }
    for (std::size_t i = 0; i < params.size(); ++i) {
        const float g = grads[i] + wd * params[i];  // coupled weight decay: part of the gradient
        velocity[i] = mu * velocity[i] + g;
        params[i] -= lr * velocity[i];
    }
}

double clip_grad_norm(std::span<float> grads, double max_norm) {
    COURSE_CHECK(max_norm > 0.0, "clip_grad_norm: max_norm = ", max_norm, ", expected max_norm > 0");
    double sum_squares = 0.0;  // double: a float's square neither overflows nor underflows here
    for (float g : grads) sum_squares += double(g) * double(g);
    const double norm = std::sqrt(sum_squares);
    if (!std::isfinite(norm) || norm <= max_norm) return norm;
    const double scale = max_norm / norm;
    for (float& g : grads) g = float(double(g) * scale);
    return norm;
}

float warmup_cosine_lr(int step, int warmup_steps, int total_steps, float max_lr, float min_lr) {
    check_warmup_cosine_arguments(step, warmup_steps, total_steps, max_lr, min_lr);
    if (step < warmup_steps) return float(double(max_lr) * double(step + 1) / double(warmup_steps));
    if (step >= total_steps) return min_lr;
    const double ratio = double(step - warmup_steps) / double(total_steps - warmup_steps);
    const double coeff = 0.5 * (1.0 + std::cos(std::numbers::pi * ratio));
    return float(double(min_lr) + coeff * (double(max_lr) - double(min_lr)));
}

}  // namespace course::backprop
