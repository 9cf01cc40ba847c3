// Reference solution of exercise 3, losses. Contract: include/backprop/losses.hpp
#include "backprop/losses.hpp"

#include <algorithm>
#include <cmath>
#include <cstddef>

#include "course/error.hpp"

namespace course::backprop {

namespace {

// sigmoid: 1 / (1 + e^-z), written so that exp never sees a large positive argument.
double sigmoid(double z) {
    if (z >= 0.0) return 1.0 / (1.0 + std::exp(-z));
    const double e = std::exp(z);
    return e / (1.0 + e);
}

}  // namespace

float mse_forward(std::span<const float> pred, std::span<const float> target) {
    check_mse_arguments("mse_forward", pred, target);
    // pred is (N), target is (N)
    double sum = 0.0;  // double: N terms of similar size, see the header
    for (std::size_t i = 0; i < pred.size(); ++i) {
        const double diff = double(pred[i]) - double(target[i]);
        sum += diff * diff;
    }
    return float(sum / double(pred.size()));
}

void mse_backward(std::span<float> dpred, std::span<const float> pred, std::span<const float> target, float dloss) {
    check_mse_arguments("mse_backward", pred, target);
    check_same_size("mse_backward", "dpred", dpred.size(), pred.size(), "pred's size N");
    check_dloss("mse_backward", dloss);
    // dpred is (N): dL/dpred_i = 2 (pred_i - target_i) / N
    const double scale = 2.0 * double(dloss) / double(pred.size());
    for (std::size_t i = 0; i < pred.size(); ++i) {
        dpred[i] += float(scale * (double(pred[i]) - double(target[i])));
    }
}

float bce_with_logits_forward(std::span<const float> logits, std::span<const float> targets) {
    check_bce_arguments("bce_with_logits_forward", logits, targets);
    // logits is (N), targets is (N)
    double sum = 0.0;
    for (std::size_t i = 0; i < logits.size(); ++i) {
        const double z = logits[i], y = targets[i];
        // -y log s(z) - (1 - y) log(1 - s(z)) = max(z, 0) - z y + log(1 + e^-|z|): no log of 0
        sum += std::max(z, 0.0) - z * y + std::log1p(std::exp(-std::abs(z)));
    }
    return float(sum / double(logits.size()));
}

void bce_with_logits_backward(std::span<float> dlogits, std::span<const float> logits,
                              std::span<const float> targets, float dloss) {
    check_bce_arguments("bce_with_logits_backward", logits, targets);
    check_same_size("bce_with_logits_backward", "dlogits", dlogits.size(), logits.size(), "logits' size N");
    check_dloss("bce_with_logits_backward", dloss);
    // dlogits is (N): dL/dz_i = (sigmoid(z_i) - y_i) / N
    const double scale = double(dloss) / double(logits.size());
    for (std::size_t i = 0; i < logits.size(); ++i) {
        dlogits[i] += float(scale * (sigmoid(logits[i]) - double(targets[i])));
    }
}

float softmax_cross_entropy_forward(std::span<float> probs, std::span<const float> logits,
                                    std::span<const int> targets, int B, int V) {
    check_softmax_cross_entropy_arguments("softmax_cross_entropy_forward", "probs", probs.size(), "logits",
                                          logits.size(), targets, B, V);
    check_finite_values("softmax_cross_entropy_forward", "logits", logits);
    // probs is (B, V), logits is (B, V), targets is (B)
    const std::size_t cols = std::size_t(V);
    double loss_sum = 0.0;  // double: B row losses
    for (std::size_t b = 0; b < std::size_t(B); ++b) {
        const float* row = logits.data() + b * cols;
        float* prow = probs.data() + b * cols;
        // subtract the row max: every exp argument is <= 0, so nothing overflows and the sum is >= 1
        double maxval = row[0];
        for (std::size_t v = 1; v < cols; ++v) maxval = std::max(maxval, double(row[v]));
        double sum = 0.0;
        for (std::size_t v = 0; v < cols; ++v) {
            const double e = std::exp(double(row[v]) - maxval);
            prow[v] = float(e);
            sum += e;
        }
        const double inv_sum = 1.0 / sum;
        for (std::size_t v = 0; v < cols; ++v) prow[v] = float(double(prow[v]) * inv_sum);
        // loss_b = logsumexp - logit = log(sum) - (logit - max): never -log(prob), which is inf when
        // the target's probability rounds to 0
        const double target_logit = row[std::size_t(targets[b])];
        loss_sum += std::log(sum) - (target_logit - maxval);
    }
    return float(loss_sum / double(B));
}

void softmax_cross_entropy_backward(std::span<float> dlogits, std::span<const float> probs,
                                    std::span<const int> targets, int B, int V, float dloss) {
    check_softmax_cross_entropy_arguments("softmax_cross_entropy_backward", "dlogits", dlogits.size(), "probs",
                                          probs.size(), targets, B, V);
    check_dloss("softmax_cross_entropy_backward", dloss);
    // dlogits is (B, V), probs is (B, V), targets is (B)
    const std::size_t cols = std::size_t(V);
    const double scale = double(dloss) / double(B);
    for (std::size_t b = 0; b < std::size_t(B); ++b) {
        const std::size_t t = std::size_t(targets[b]);
        for (std::size_t v = 0; v < cols; ++v) {
            const double indicator = v == t ? 1.0 : 0.0;
            dlogits[b * cols + v] += float(scale * (double(probs[b * cols + v]) - indicator));
        }
    }
}

}  // namespace course::backprop
