// Losses: the number training watches, and the gradient that starts every backward pass.
// Notes: docs/backprop.md#losses.
//
//     mse:                   L = (1/N) sum_i (pred_i - target_i)^2
//     bce with logits:       L = (1/N) sum_i max(z_i, 0) - z_i y_i + log1p(exp(-|z_i|))
//     softmax cross-entropy: L = (1/B) sum_b logsumexp(logits[b, :]) - logits[b, targets[b]]
//
// Each loss is a forward that returns the mean and a backward that ADDS dloss * dL/d(input) into
// its gradient buffer, as llm.c does: the caller zeroes the buffer (a parameter used twice then
// gets both contributions). dloss is the gradient of whatever consumes L (1 when L is the
// objective). The forwards accumulate their sums in double: a float sum of 10^6 terms of 0.1 is
// off by 1% (each addition rounds at the size of the running sum), and the mean of a batch is a
// million terms long in a real run.
//
// Stability: the softmax subtracts each row's max before exp (exp(89) already overflows a float),
// and the cross-entropy is computed as logsumexp - logit, never -log(prob): a target whose
// probability is e^-2000 (0 in any float) costs 2000, not inf. The binary cross-entropy uses the
// form above, which never takes the log of something that rounds to 0: at |z| = 1000 it is exact.
//
// Refused (std::invalid_argument naming the function, the argument, the index and the value):
// wrong sizes, empty inputs (a mean of nothing), NaN or +-inf in a prediction, a logit, an mse
// target or dloss (a loss is the number you watch: a NaN there must stop the run where it enters,
// with its index, not become a NaN loss three layers later); bce targets outside [0, 1]; class
// targets outside [0, V). The checks that are not the lesson are the inline check_* below, called
// by the stub and the reference alike.
// Source: Goodfellow, Bengio & Courville, Deep Learning (2016), 6.2.2 (sigmoid and softmax output
// units, and why their losses are written through logsumexp and softplus); llm.c train_gpt2.c
// (crossentropy_forward, crossentropy_softmax_backward); PyTorch's F.mse_loss,
// F.binary_cross_entropy_with_logits and F.cross_entropy (mean reduction) compute the same values.
#pragma once

#include <cmath>
#include <cstddef>
#include <span>

#include "course/error.hpp"

namespace course::backprop {

// check_finite_values: every x[i] finite, else an error naming function, name, i and the value.
inline void check_finite_values(const char* function, const char* name, std::span<const float> x) {
    for (std::size_t i = 0; i < x.size(); ++i) {
        COURSE_CHECK(std::isfinite(x[i]), function, ": ", name, "[", i, "] is ", x[i],
                     ", expected a finite number (a NaN or inf here would make the loss NaN)");
    }
}

// check_dloss: dloss finite.
inline void check_dloss(const char* function, float dloss) {
    COURSE_CHECK(std::isfinite(dloss), function, ": dloss is ", dloss, ", expected a finite number");
}

// check_same_size: the span `name` has `expected` elements.
inline void check_same_size(const char* function, const char* name, std::size_t size, std::size_t expected,
                            const char* expected_what) {
    COURSE_CHECK(size == expected, function, ": ", name, " has ", size, " elements, expected ", expected_what,
                 " = ", expected);
}

// check_mse_arguments: pred and target of one size N >= 1, all finite.
inline void check_mse_arguments(const char* function, std::span<const float> pred, std::span<const float> target) {
    COURSE_CHECK(!pred.empty(), function, ": pred is empty, expected N >= 1 elements (a mean of nothing)");
    check_same_size(function, "target", target.size(), pred.size(), "pred's size N");
    check_finite_values(function, "pred", pred);
    check_finite_values(function, "target", target);
}

// check_bce_arguments: logits and targets of one size N >= 1, logits finite, targets in [0, 1].
inline void check_bce_arguments(const char* function, std::span<const float> logits, std::span<const float> targets) {
    COURSE_CHECK(!logits.empty(), function, ": logits is empty, expected N >= 1 elements (a mean of nothing)");
    check_same_size(function, "targets", targets.size(), logits.size(), "logits' size N");
    check_finite_values(function, "logits", logits);
    for (std::size_t i = 0; i < targets.size(); ++i) {
        COURSE_CHECK(targets[i] >= 0.0f && targets[i] <= 1.0f, function, ": targets[", i, "] is ", targets[i],
                     ", expected a probability in [0, 1]");
    }
}

// check_softmax_cross_entropy_arguments: B >= 1, V >= 1, `out` and `in` (B, V), targets (B), each
// target in [0, V) (the message names the row b and the value).
inline void check_softmax_cross_entropy_arguments(const char* function, const char* out_name, std::size_t out_size,
                                                  const char* in_name, std::size_t in_size,
                                                  std::span<const int> targets, int B, int V) {
    COURSE_CHECK(B >= 1, function, ": B is ", B, ", expected a batch of B >= 1 rows");
    COURSE_CHECK(V >= 1, function, ": V is ", V, ", expected V >= 1 classes");
    const std::size_t BV = std::size_t(B) * std::size_t(V);
    check_same_size(function, out_name, out_size, BV, "B * V");
    check_same_size(function, in_name, in_size, BV, "B * V");
    check_same_size(function, "targets", targets.size(), std::size_t(B), "B");
    for (int b = 0; b < B; ++b) {
        const int t = targets[std::size_t(b)];
        COURSE_CHECK(t >= 0 && t < V, function, ": targets[", b, "] (row b = ", b, ") is ", t,
                     ", expected a class index in [0, V) = [0, ", V, ")");
    }
}

// mse_forward: the mean squared error.
//
//     L = (1/N) sum_i (pred_i - target_i)^2
//
// pred is (N), target is (N), N >= 1. The differences, squares and sum are in double; the mean is
// rounded to float once, at the end. Range: in double every difference of finite floats (at most
// 6.8e38) squares to below 4.7e77 and N of them sum far below double's 1.8e308, so nothing
// overflows on the way; only the returned float does, and only when the mean itself exceeds
// FLT_MAX = 3.4e38 (a root mean square difference above 1.8e19): then the result is +inf, the mean
// rounded (pred = 3e38, target = -3e38 gives +inf, never NaN). A float square would overflow at a
// single difference of 1.8e19 whatever the mean (differences 3e19, 0, 0, 0: mean 2.25e38, finite
// here). Cost: 3N flops.
float mse_forward(std::span<const float> pred, std::span<const float> target);

// mse_backward: dpred += dloss * dL/dpred.
//
//     dpred[i] += dloss * 2 (pred_i - target_i) / N
//
// dpred is (N), pred is (N), target is (N). ADDS into dpred (the caller zeroes it). Cost: O(N).
void mse_backward(std::span<float> dpred, std::span<const float> pred, std::span<const float> target,
                  float dloss = 1.0f);

// bce_with_logits_forward: binary cross-entropy of sigmoid(z) against targets y in [0, 1].
//
//     L = (1/N) sum_i max(z_i, 0) - z_i y_i + log1p(exp(-|z_i|))
//
// which is -(1/N) sum_i y_i log sigmoid(z_i) + (1 - y_i) log(1 - sigmoid(z_i)) rewritten so that
// nothing overflows and no log of 0 is taken: at z = 1000, y = 0 the loss is 1000 (the naive form
// gives log(1 - 1) = -inf). logits is (N), targets is (N), N >= 1; sum in double. Cost: one exp and
// one log1p per element.
float bce_with_logits_forward(std::span<const float> logits, std::span<const float> targets);

// bce_with_logits_backward: dlogits += dloss * dL/dz.
//
//     dlogits[i] += dloss * (sigmoid(z_i) - y_i) / N
//
// sigmoid(z) = 1 / (1 + exp(-z)) for z >= 0, exp(z) / (1 + exp(z)) for z < 0 (never exp of a large
// positive number). dlogits, logits, targets are (N). ADDS into dlogits. Cost: one exp per element.
void bce_with_logits_backward(std::span<float> dlogits, std::span<const float> logits,
                              std::span<const float> targets, float dloss = 1.0f);

// softmax_cross_entropy_forward: softmax of each row, and the mean cross-entropy of the targets.
//
//     probs[b, v] = exp(logits[b, v] - m_b) / sum_u exp(logits[b, u] - m_b),  m_b = max_u logits[b, u]
//     L = (1/B) sum_b ( m_b + log sum_u exp(logits[b, u] - m_b) - logits[b, targets[b]] )
//
// probs is (B, V) (overwritten; the backward reads it), logits is (B, V), targets is (B) with
// values in [0, V). B >= 1, V >= 1. The loss of row b is logsumexp - logit >= 0, exact for a
// hopeless target (logits (1000, -1000), target 1: loss 2000, probs (1, 0)). Adding a constant to
// a row changes neither its probs nor its loss. The per-row sums of exps and the batch sum are in
// double. Cost: O(B V), one exp per logit and one log per row.
float softmax_cross_entropy_forward(std::span<float> probs, std::span<const float> logits,
                                    std::span<const int> targets, int B, int V);

// softmax_cross_entropy_backward: dlogits += dloss * dL/dlogits, the fused softmax + cross-entropy
// backward (the Jacobian of the softmax never appears: it collapses to probs - one_hot).
//
//     dlogits[b, v] += dloss * (probs[b, v] - [v == targets[b]]) / B
//
// dlogits is (B, V), probs is (B, V) as the forward wrote it, targets is (B). ADDS into dlogits.
// Cost: O(B V), no exp: the backward reuses probs.
void softmax_cross_entropy_backward(std::span<float> dlogits, std::span<const float> probs,
                                    std::span<const int> targets, int B, int V, float dloss = 1.0f);

}  // namespace course::backprop
