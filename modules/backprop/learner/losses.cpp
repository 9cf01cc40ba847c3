// Exercise 3: losses (mse, binary cross-entropy on logits, softmax cross-entropy).
// Contract: include/backprop/losses.hpp   Notes: docs/backprop.md#losses
// Hints: ./course hint backprop losses     Grade it:  ./course grade backprop losses
//
//     mse:      L = (1/N) sum_i (pred_i - target_i)^2            dpred   += dloss * 2 (pred - target) / N
//     bce:      L = (1/N) sum_i max(z,0) - z y + log1p(e^-|z|)   dlogits += dloss * (sigmoid(z) - y) / N
//     softmax:  L = (1/B) sum_b logsumexp(logits[b,:]) - logits[b, targets[b]]
//                                                                dlogits += dloss * (probs - one_hot) / B
#include "backprop/losses.hpp"

#include <algorithm>
#include <cmath>
#include <cstddef>

#include "course/error.hpp"

namespace course::backprop {

// TODO(learner): every forward returns a MEAN whose sum is accumulated in double; every backward
// ADDS (+=) into its gradient buffer and multiplies by dloss.

float mse_forward(std::span<const float> pred, std::span<const float> target) {
    check_mse_arguments("mse_forward", pred, target);
    // pred is (N), target is (N)
    COURSE_TODO("mse_forward");
}

void mse_backward(std::span<float> dpred, std::span<const float> pred, std::span<const float> target, float dloss) {
    check_mse_arguments("mse_backward", pred, target);
    check_same_size("mse_backward", "dpred", dpred.size(), pred.size(), "pred's size N");
    check_dloss("mse_backward", dloss);
    // dpred is (N)
    COURSE_TODO("mse_backward");
}

float bce_with_logits_forward(std::span<const float> logits, std::span<const float> targets) {
    check_bce_arguments("bce_with_logits_forward", logits, targets);
    // logits is (N), targets is (N)
    // Hint: -y log(sigmoid(z)) - (1 - y) log(1 - sigmoid(z)) is the same number on paper, and
    // inf at z = 1000, y = 0 (sigmoid rounds to 1). Use the form in the equation above.
    COURSE_TODO("bce_with_logits_forward");
}

void bce_with_logits_backward(std::span<float> dlogits, std::span<const float> logits,
                              std::span<const float> targets, float dloss) {
    check_bce_arguments("bce_with_logits_backward", logits, targets);
    check_same_size("bce_with_logits_backward", "dlogits", dlogits.size(), logits.size(), "logits' size N");
    check_dloss("bce_with_logits_backward", dloss);
    // dlogits is (N)
    COURSE_TODO("bce_with_logits_backward");
}

float softmax_cross_entropy_forward(std::span<float> probs, std::span<const float> logits,
                                    std::span<const int> targets, int B, int V) {
    check_softmax_cross_entropy_arguments("softmax_cross_entropy_forward", "probs", probs.size(), "logits",
                                          logits.size(), targets, B, V);
    check_finite_values("softmax_cross_entropy_forward", "logits", logits);
    // probs is (B, V), logits is (B, V), targets is (B); row b starts at b * V
    // Hint: subtract the row max m before exp, and take the loss of row b as
    // m + log(sum of exps) - logit, never -log(probs[b, target]): that is inf when the prob rounds to 0.
    COURSE_TODO("softmax_cross_entropy_forward");
}

void softmax_cross_entropy_backward(std::span<float> dlogits, std::span<const float> probs,
                                    std::span<const int> targets, int B, int V, float dloss) {
    check_softmax_cross_entropy_arguments("softmax_cross_entropy_backward", "dlogits", dlogits.size(), "probs",
                                          probs.size(), targets, B, V);
    check_dloss("softmax_cross_entropy_backward", dloss);
    // dlogits is (B, V), probs is (B, V) from the forward, targets is (B)
    COURSE_TODO("softmax_cross_entropy_backward");
}

}  // namespace course::backprop
