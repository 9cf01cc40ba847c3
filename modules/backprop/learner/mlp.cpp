// Exercise 8: a multilayer perceptron, SGD with momentum, gradient clipping, the learning-rate
// schedule. Contract: include/backprop/mlp.hpp
// Notes: docs/backprop.md#mlp.  Hints: ./course hint backprop mlp
// Grade it:  ./course grade backprop mlp
#include "backprop/mlp.hpp"

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <numbers>

#include "backprop/activations.hpp"
#include "backprop/initialization.hpp"
#include "backprop/linear.hpp"
#include "course/error.hpp"
#include "course/random.hpp"

namespace course::backprop {

Mlp mlp_create(std::vector<int> sizes, std::uint64_t seed) {
    check_mlp_sizes("mlp_create", sizes);
    //     W_l ~ N(0, 2 / C_l) by he_normal, in layout order from one course::Rng(seed); b_l = 0; grads = 0
    // TODO(learner): size params and grads with mlp_num_params, then fill each W_l through mlp_weight.
    (void)seed;
    COURSE_TODO("mlp_create");
}

void mlp_forward(Mlp& net, std::span<float> logits, std::span<const float> inp, int B, int threads) {
    check_mlp_forward_arguments(net, logits.size(), inp.size(), B);
    //     a_l = h_l W_l^T + b_l (linear_forward),   h_{l+1} = relu(a_l) for l < L - 1,   logits = a_{L-1}
    // TODO(learner): resize net.pre and net.post to mlp_hidden_floats(net.sizes, B), set net.batch,
    // then run the layers, keeping a_l and h_{l+1} of each hidden layer one after the other.
    // Hint: the last layer writes straight into logits and has no ReLU.
    (void)threads;
    COURSE_TODO("mlp_forward");
}

void mlp_backward(Mlp& net, std::span<const float> dlogits, std::span<const float> inp, int B, int threads) {
    check_mlp_backward_arguments(net, dlogits.size(), inp.size(), B);
    //     dW_l += da_l^T h_l, db_l += sum_b da_l, dh_l = da_l W_l (linear_backward);  da_{l-1} = dh_l * [a_{l-1} > 0]
    // TODO(learner): from the last layer down, with da_{L-1} = dlogits and h_0 = inp.
    // Hint: linear_backward and relu_backward ADD into their outputs: zero the scratch first.
    (void)threads;
    COURSE_TODO("mlp_backward");
}

void mlp_zero_grad(Mlp& net) {
    // TODO(learner): every gradient to 0, the biases' too.
    (void)net;
    COURSE_TODO("mlp_zero_grad");
}

void sgd_step(std::span<float> params, std::span<const float> grads, std::span<float> velocity,
              const SgdConfig& config) {
    check_sgd_arguments(params, grads, velocity, config);
    //     g = grad + wd p,   v = mu v + g,   p = p - lr v        (torch.optim.SGD)
    // TODO(learner): element by element; with an empty velocity (momentum 0), p = p - lr g.
    // Hint: the weight decay joins the gradient before the momentum, and lr multiplies v, not g.
    COURSE_TODO("sgd_step");
}

double clip_grad_norm(std::span<float> grads, double max_norm) {
    COURSE_CHECK(max_norm > 0.0, "clip_grad_norm: max_norm = ", max_norm, ", expected max_norm > 0");
    //     norm = sqrt(sum_i g_i^2);   if norm > max_norm:  g_i *= max_norm / norm;   return norm
    // TODO(learner): one norm over every gradient; leave the gradients alone when the norm is not finite.
    // Hint: at |g| = 1e30 a float g * g is inf, at 1e-30 it is 0.
    (void)grads;
    COURSE_TODO("clip_grad_norm");
}

float warmup_cosine_lr(int step, int warmup_steps, int total_steps, float max_lr, float min_lr) {
    check_warmup_cosine_arguments(step, warmup_steps, total_steps, max_lr, min_lr);
    //     step < W:  max_lr (step + 1) / W;   W <= step < T:  min_lr + (max_lr - min_lr) (1 + cos(pi (step - W) / (T - W))) / 2;
    //     step >= T: min_lr
    // TODO(learner): the three cases, in double, rounded to float once.
    COURSE_TODO("warmup_cosine_lr");
}

}  // namespace course::backprop
