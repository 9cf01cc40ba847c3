// Multilayer perceptron: linear layers with ReLU between them, forward and backward through the
// whole net, and the three pieces of a training step around it: SGD with momentum and weight decay,
// global gradient-norm clipping, and a learning rate with linear warm-up and cosine decay.
// Notes: docs/backprop.md#mlp.
//
//     h_0 = inp,   a_l = h_l W_l^T + b_l,   h_{l+1} = relu(a_l)  (l < L - 1),   logits = a_{L-1}
//
// sizes {C_0, C_1, ..., C_L} give L layers: layer l maps C_l features to C_{l+1}, with weight W_l
// (C_{l+1}, C_l) and bias b_l (C_{l+1}), as in PyTorch's nn.Linear. ReLU follows every layer but
// the last: the logits are raw scores for a softmax cross-entropy (backprop/losses.hpp).
// The layers are backprop/linear.hpp's linear_forward / linear_backward, the ReLU is
// backprop/activations.hpp's, the initialization backprop/initialization.hpp's he_normal.
// Source: Goodfellow, Bengio & Courville, "Deep Learning", 6.5 (back-propagation), 8.3.2
// (momentum), 7.1.1 (L2 weight decay), 10.11.1 (clipping); Loshchilov & Hutter, "SGDR" (cosine
// decay, ICLR 2017); PyTorch's torch.optim.SGD and torch.nn.utils.clip_grad_norm_; Karpathy's
// llm.c (one flat buffer for all parameters and one for all gradients, the learning-rate schedule).
#pragma once

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

#include "course/error.hpp"

namespace course::backprop {

// Mlp: the parameters, their gradients and the activations the backward pass needs.
//
// params and grads are ONE flat buffer each (as in llm.c), layer by layer:
//     W_0 (C_1, C_0), b_0 (C_1), W_1 (C_2, C_1), b_1 (C_2), ..., W_{L-1} (C_L, C_{L-1}), b_{L-1} (C_L)
// so an optimizer steps the whole net with one call on two spans (sgd_step below, or the
// optimization module's adam_step). mlp_weight / mlp_bias (and their _grad twins) are views into them.
//
// The activations are those of the last mlp_forward, for its batch B (`batch`, 0 before any):
//     pre  holds a_0, ..., a_{L-2}, the hidden pre-activations, each (B, C_{l+1}), one after another;
//     post holds h_1, ..., h_{L-1} = relu(a_0), ..., relu(a_{L-2}), same layout (the next layers' inputs).
// Neither holds the logits (the caller's buffer) nor the input (the caller passes it again to
// mlp_backward). A forward with another B resizes them (std::vector keeps its capacity).
struct Mlp {
    std::vector<int> sizes;     // {C_0, ..., C_L}, L >= 1 layers
    std::vector<float> params;  // mlp_num_params(sizes) floats, the layout above
    std::vector<float> grads;   // same layout; mlp_backward ADDS into it, mlp_zero_grad zeroes it
    int batch = 0;              // B of the last mlp_forward, 0 before any
    std::vector<float> pre;     // hidden pre-activations of the last forward, (B, C_1), ..., (B, C_{L-1})
    std::vector<float> post;    // their ReLUs, same layout
};

// mlp_num_layers: L = sizes.size() - 1.
inline int mlp_num_layers(const Mlp& net) { return int(net.sizes.size()) - 1; }

// mlp_num_params: sum_l (C_{l+1} C_l + C_{l+1}), in std::size_t (784 * 256 fits an int, a
// 50 000 x 50 000 layer would not).
inline std::size_t mlp_num_params(const std::vector<int>& sizes) {
    std::size_t n = 0;
    for (std::size_t l = 0; l + 1 < sizes.size(); ++l)
        n += std::size_t(sizes[l + 1]) * std::size_t(sizes[l]) + std::size_t(sizes[l + 1]);
    return n;
}

// mlp_hidden_floats: sum over the hidden layers of B C_{l+1} (l < L - 1): the length of pre and post.
inline std::size_t mlp_hidden_floats(const std::vector<int>& sizes, int B) {
    std::size_t n = 0;
    for (std::size_t l = 1; l + 1 < sizes.size(); ++l) n += std::size_t(B) * std::size_t(sizes[l]);
    return n;
}

// check_mlp_sizes: at least two sizes (one layer), every size >= 1. `function` names the caller.
inline void check_mlp_sizes(const char* function, const std::vector<int>& sizes) {
    COURSE_CHECK(sizes.size() >= 2, function, ": sizes has ", sizes.size(),
                 " entries, expected at least 2 ({C_0, C_1} is one layer)");
    for (std::size_t l = 0; l < sizes.size(); ++l)
        COURSE_CHECK(sizes[l] >= 1, function, ": sizes[", l, "] = ", sizes[l], ", expected at least 1 feature");
}

// check_mlp_layer: 0 <= layer < L.
inline void check_mlp_layer(const char* function, const Mlp& net, int layer) {
    COURSE_CHECK(layer >= 0 && layer < mlp_num_layers(net), function, ": layer = ", layer, ", expected 0 <= layer < ",
                 mlp_num_layers(net), " (the net has sizes.size() - 1 layers)");
}

// mlp_param_offset: where W_layer starts in params (b_layer follows it, C_{layer+1} C_layer later).
inline std::size_t mlp_param_offset(const Mlp& net, int layer) {
    std::size_t offset = 0;
    for (int l = 0; l < layer; ++l)
        offset += std::size_t(net.sizes[std::size_t(l) + 1]) * std::size_t(net.sizes[std::size_t(l)]) +
                  std::size_t(net.sizes[std::size_t(l) + 1]);
    return offset;
}

// mlp_weight, mlp_bias, mlp_weight_grad, mlp_bias_grad: views of W_layer (C_{layer+1}, C_layer),
// b_layer (C_{layer+1}) and their gradients in the flat buffers. Refuse a layer outside [0, L).
namespace mlp_detail {
template <class Buffer>
auto weight_view(const Mlp& net, Buffer& buffer, int layer, const char* function) {
    check_mlp_layer(function, net, layer);
    const std::size_t n = std::size_t(net.sizes[std::size_t(layer) + 1]) * std::size_t(net.sizes[std::size_t(layer)]);
    return std::span(buffer).subspan(mlp_param_offset(net, layer), n);
}
template <class Buffer>
auto bias_view(const Mlp& net, Buffer& buffer, int layer, const char* function) {
    check_mlp_layer(function, net, layer);
    const std::size_t n = std::size_t(net.sizes[std::size_t(layer) + 1]) * std::size_t(net.sizes[std::size_t(layer)]);
    return std::span(buffer).subspan(mlp_param_offset(net, layer) + n, std::size_t(net.sizes[std::size_t(layer) + 1]));
}
}  // namespace mlp_detail
inline std::span<float> mlp_weight(Mlp& net, int layer) {
    return mlp_detail::weight_view(net, net.params, layer, "mlp_weight");
}
inline std::span<const float> mlp_weight(const Mlp& net, int layer) {
    return mlp_detail::weight_view(net, net.params, layer, "mlp_weight");
}
inline std::span<float> mlp_bias(Mlp& net, int layer) { return mlp_detail::bias_view(net, net.params, layer, "mlp_bias"); }
inline std::span<const float> mlp_bias(const Mlp& net, int layer) {
    return mlp_detail::bias_view(net, net.params, layer, "mlp_bias");
}
inline std::span<float> mlp_weight_grad(Mlp& net, int layer) {
    return mlp_detail::weight_view(net, net.grads, layer, "mlp_weight_grad");
}
inline std::span<const float> mlp_weight_grad(const Mlp& net, int layer) {
    return mlp_detail::weight_view(net, net.grads, layer, "mlp_weight_grad");
}
inline std::span<float> mlp_bias_grad(Mlp& net, int layer) {
    return mlp_detail::bias_view(net, net.grads, layer, "mlp_bias_grad");
}
inline std::span<const float> mlp_bias_grad(const Mlp& net, int layer) {
    return mlp_detail::bias_view(net, net.grads, layer, "mlp_bias_grad");
}

// mlp_create: a net with the given sizes, ready to train.
//
//     W_l[i] ~ N(0, 2 / C_l)  (He normal, fan_in = C_l),   b_l = 0,   grads = 0,   batch = 0
//
// One course::Rng(seed) draws the weights in layout order: he_normal(W_0, C_0, C_1, rng), then
// he_normal(W_1, C_1, C_2, rng), ... (the same seed gives the same net on every machine).
// Throws std::invalid_argument when sizes has fewer than 2 entries or one below 1.
Mlp mlp_create(std::vector<int> sizes, std::uint64_t seed);

// check_mlp_forward_arguments: sizes valid, B >= 1, logits (B, C_L), inp (B, C_0).
inline void check_mlp_forward_arguments(const Mlp& net, std::size_t logits_size, std::size_t inp_size, int B) {
    check_mlp_sizes("mlp_forward", net.sizes);
    COURSE_CHECK(net.params.size() == mlp_num_params(net.sizes), "mlp_forward: net.params has ", net.params.size(),
                 " floats, expected mlp_num_params(net.sizes) = ", mlp_num_params(net.sizes),
                 " (make the net with mlp_create)");
    COURSE_CHECK(B >= 1, "mlp_forward: B = ", B, ", expected a batch of at least 1 row");
    const std::size_t C0 = std::size_t(net.sizes.front()), CL = std::size_t(net.sizes.back());
    COURSE_CHECK(inp_size == std::size_t(B) * C0, "mlp_forward: inp has ", inp_size, " elements, expected B * C_0 = ",
                 B, " * ", C0);
    COURSE_CHECK(logits_size == std::size_t(B) * CL, "mlp_forward: logits has ", logits_size,
                 " elements, expected B * C_L = ", B, " * ", CL);
}

// mlp_forward: logits = the net applied to each row of inp, OVERWRITING logits; keeps a_l and h_l
// in net.pre / net.post for mlp_backward and sets net.batch = B.
//
//     a_l = h_l W_l^T + b_l  (linear_forward),   h_{l+1} = relu(a_l)  for l < L - 1,   logits = a_{L-1}
//
// logits is (B, C_L); inp is (B, C_0). threads goes to every linear_forward (1: one thread).
// Cost: 2 B sum_l C_l C_{l+1} flops (the layers' GEMMs) + B sum_l C_{l+1} bias adds and ReLUs.
// NaN or inf in inp or params propagate (no check: the training loop's job).
// Throws std::invalid_argument for B < 1, spans of the wrong length, a net whose params do not
// fit its sizes, or threads < 1 (from linear_forward).
void mlp_forward(Mlp& net, std::span<float> logits, std::span<const float> inp, int B, int threads = 1);

// check_mlp_backward_arguments: a forward of the same B came first, dlogits (B, C_L), inp (B, C_0).
inline void check_mlp_backward_arguments(const Mlp& net, std::size_t dlogits_size, std::size_t inp_size, int B) {
    check_mlp_sizes("mlp_backward", net.sizes);
    COURSE_CHECK(net.grads.size() == mlp_num_params(net.sizes), "mlp_backward: net.grads has ", net.grads.size(),
                 " floats, expected mlp_num_params(net.sizes) = ", mlp_num_params(net.sizes));
    COURSE_CHECK(B >= 1 && B == net.batch, "mlp_backward: B = ", B, " but the last mlp_forward had B = ", net.batch,
                 " (0: none yet); call mlp_forward on the same batch first");
    const std::size_t C0 = std::size_t(net.sizes.front()), CL = std::size_t(net.sizes.back());
    COURSE_CHECK(inp_size == std::size_t(B) * C0, "mlp_backward: inp has ", inp_size,
                 " elements, expected B * C_0 = ", B, " * ", C0);
    COURSE_CHECK(dlogits_size == std::size_t(B) * CL, "mlp_backward: dlogits has ", dlogits_size,
                 " elements, expected B * C_L = ", B, " * ", CL);
}

// mlp_backward: the gradient of a loss with respect to every parameter, given dlogits = dL/dlogits
// of the last mlp_forward (on the same inp), ADDED into net.grads (the caller zeroes them with
// mlp_zero_grad; two backward passes accumulate, as micro-batches do). Layer by layer, from the last:
//
//     dW_l += da_l^T h_l,   db_l += sum_b da_l[b, :],   dh_l = da_l W_l      (linear_backward)
//     da_{l-1} = dh_l * [a_{l-1} > 0]                                       (relu_backward)
//
// with da_{L-1} = dlogits and h_0 = inp. dlogits is (B, C_L); inp is (B, C_0), the forward's input.
// Scratch: dh and da of one layer at a time, (B, max_l C_l) floats each, zeroed per layer since
// both kernels add. dh_0 (the gradient of the input) is computed by linear_backward and dropped.
// Cost: 4 B sum_l C_l C_{l+1} flops, twice the forward. threads goes to every linear_backward.
// Throws std::invalid_argument when B differs from the last forward's (or none came first) or a
// span has the wrong length.
void mlp_backward(Mlp& net, std::span<const float> dlogits, std::span<const float> inp, int B, int threads = 1);

// mlp_zero_grad: every gradient, weights and biases, set to 0.
void mlp_zero_grad(Mlp& net);

// SgdConfig: torch.optim.SGD's options (dampening 0, no Nesterov).
struct SgdConfig {
    float learning_rate = 0.01f;  // lr >= 0
    float momentum = 0.0f;        // mu in [0, 1)
    float weight_decay = 0.0f;    // wd >= 0, coupled (L2): added to the gradient, then momentum
};

// check_sgd_arguments: grads (N) and velocity (N, or empty when momentum is 0) fit params (N);
// learning_rate >= 0, 0 <= momentum < 1, weight_decay >= 0, all finite.
inline void check_sgd_arguments(std::span<const float> params, std::span<const float> grads,
                                std::span<const float> velocity, const SgdConfig& config) {
    COURSE_CHECK(grads.size() == params.size(), "sgd_step: grads has ", grads.size(), " elements, params has ",
                 params.size());
    COURSE_CHECK(velocity.size() == params.size() || (velocity.empty() && config.momentum == 0.0f),
                 "sgd_step: velocity has ", velocity.size(), " elements, expected ", params.size(),
                 " (one per parameter; empty only when momentum is 0)");
    COURSE_CHECK(std::isfinite(config.learning_rate) && config.learning_rate >= 0.0f,
                 "sgd_step: learning_rate = ", config.learning_rate, ", expected a finite value >= 0");
    COURSE_CHECK(config.momentum >= 0.0f && config.momentum < 1.0f, "sgd_step: momentum = ", config.momentum,
                 ", expected 0 <= momentum < 1");
    COURSE_CHECK(std::isfinite(config.weight_decay) && config.weight_decay >= 0.0f,
                 "sgd_step: weight_decay = ", config.weight_decay, ", expected a finite value >= 0");
}

// sgd_step: one step of SGD with momentum and coupled weight decay, as torch.optim.SGD
// (dampening 0, nesterov False), in float, element by element:
//
//     g = grad + wd p,     v = mu v + g,     p = p - lr v
//
// params (N) and velocity (N) are updated in place; grads (N) are read. The velocity starts at 0
// (torch's first step sets v = g, the same thing). With momentum 0, velocity may be empty (then
// p = p - lr g) or is updated to g. The rate multiplies v when the step is taken, not when v is
// accumulated: a schedule that changes lr changes every remembered gradient's weight too.
// Cost: 3 N multiply-adds, 4 N floats read and 2 N written.
// Throws std::invalid_argument for mismatched sizes or an option outside its range (check_sgd_arguments).
void sgd_step(std::span<float> params, std::span<const float> grads, std::span<float> velocity,
              const SgdConfig& config);

// clip_grad_norm: global gradient-norm clipping (torch.nn.utils.clip_grad_norm_ on one buffer
// holding every parameter's gradient). Returns the norm before clipping.
//
//     norm = sqrt(sum_i g_i^2)   (over ALL gradients);   if norm > max_norm:  g_i = g_i * (max_norm / norm)
//
// The sum of squares is accumulated in double: a float g_i^2 overflows for |g_i| > 1.8e19 and
// underflows for |g_i| < 1e-23, while in double every float's square is a normal number, so the
// norm is right at any scale a float can hold. The scale max_norm / norm is applied in double and
// rounded once per element, so the clipped norm is max_norm up to a few ulps.
// Unlike PyTorch, no 1e-6 is added to the norm (max_norm / (norm + 1e-6)): that epsilon shrinks
// the gradients by a relative 1e-6 / norm, nothing at norm ~ 1, but everything at norm = 1e-30.
// At norm == max_norm nothing changes. Zero gradients: norm 0, nothing changes (no 0 / 0).
// A NaN or inf gradient: the norm (NaN or inf) is returned and the gradients are left as they are
// (PyTorch would turn them all into NaN); the training loop decides to skip the step.
// Cost: 2 N flops for the norm, N multiplies when clipping.
// Throws std::invalid_argument when max_norm is not > 0 (0, negative or NaN; +inf never clips).
double clip_grad_norm(std::span<float> grads, double max_norm);

// check_warmup_cosine_arguments: step >= 0, 0 <= warmup_steps <= total_steps, total_steps >= 1,
// 0 <= min_lr <= max_lr, both finite.
inline void check_warmup_cosine_arguments(int step, int warmup_steps, int total_steps, float max_lr, float min_lr) {
    COURSE_CHECK(step >= 0, "warmup_cosine_lr: step = ", step, ", expected step >= 0 (steps count from 0)");
    COURSE_CHECK(total_steps >= 1, "warmup_cosine_lr: total_steps = ", total_steps, ", expected at least 1");
    COURSE_CHECK(warmup_steps >= 0 && warmup_steps <= total_steps, "warmup_cosine_lr: warmup_steps = ", warmup_steps,
                 ", expected 0 <= warmup_steps <= total_steps = ", total_steps);
    COURSE_CHECK(std::isfinite(max_lr) && std::isfinite(min_lr) && min_lr >= 0.0f && min_lr <= max_lr,
                 "warmup_cosine_lr: max_lr = ", max_lr, ", min_lr = ", min_lr,
                 ", expected finite rates with 0 <= min_lr <= max_lr");
}

// warmup_cosine_lr: the learning rate of step `step` (0-based), linear warm-up then cosine decay
// (llm.c's schedule), computed in double and rounded once:
//
//     step <  W:          lr = max_lr (step + 1) / W                    (W = warmup_steps; step W - 1 at max_lr)
//     W <= step < T:      lr = min_lr + (max_lr - min_lr) (1 + cos(pi (step - W) / (T - W))) / 2
//     step >= T:          lr = min_lr                                   (T = total_steps)
//
// So step W is at max_lr, the rate falls to min_lr exactly at step T (the decay spans T - W steps,
// and step T - 1 is still above min_lr), and stays there after. W = 0: no warm-up, step 0 at max_lr.
// W = T: warm-up only, then min_lr.
// Throws std::invalid_argument for arguments outside check_warmup_cosine_arguments.
float warmup_cosine_lr(int step, int warmup_steps, int total_steps, float max_lr, float min_lr);

}  // namespace course::backprop
