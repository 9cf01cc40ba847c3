// Training a classifier: the loop around forward, backward and the optimizer step. Minibatches from
// a seeded shuffle each epoch, the mean loss over the epoch, the test accuracy after it.
// Notes: docs/backprop.md#training.
//
//     for epoch e:  order = shuffle(0..n-1)
//         for each batch S of order (the last one may be smaller):
//             L_S = (1/|S|) sum_{i in S} CE(net(x_i), y_i);   g = dL_S/dtheta;   theta = step(theta, g, lr_s)
//         train_loss_e = (1/n) sum_S |S| L_S                  (a mean over SAMPLES, not over batches)
//
// The net is backprop/mlp.hpp's Mlp (mlp_forward, mlp_backward, mlp_zero_grad, sgd_step,
// clip_grad_norm, warmup_cosine_lr), the loss backprop/losses.hpp's softmax cross-entropy, Adam the
// optimization module's adam_step (optimization/adaptive_steps.hpp), the data sets course/datasets.hpp.
// Source: Goodfellow, Bengio & Courville, "Deep Learning", 8.1.3 (minibatches, drawn without
// replacement from a shuffle), 8.3 (SGD, momentum); Bottou, "Stochastic Gradient Descent Tricks"
// (2012), reshuffling each epoch; Knuth, TAOCP vol. 2, 3.4.2, Algorithm P (the shuffle); Karpathy's
// llm.c train_gpt2.c (the loop, the schedule, the throughput line).
#pragma once

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <span>
#include <vector>

#include "backprop/mlp.hpp"
#include "course/datasets.hpp"
#include "course/error.hpp"
#include "course/random.hpp"

namespace course::backprop {

// shuffle_indices: order = a uniformly random permutation of 0 .. n-1, n = order.size(), written
// over whatever order held (Fisher-Yates, Knuth's Algorithm P), exactly these draws:
//
//     order[i] = i  for every i;   for i = n-1 down to 1:  j = rng.index(i + 1);  swap(order[i], order[j])
//
// n - 1 draws (none for n <= 1), so a test replays the order and the rng's state after it. Each of
// the n! permutations has probability 1/n! (j = rng.index(n) instead, the "naive" shuffle, makes
// n^n equally likely paths onto n! permutations, which n^n is not a multiple of: biased).
// Cost: n - 1 draws and swaps. Throws std::invalid_argument when n does not fit an int.
void shuffle_indices(std::span<int> order, course::Rng& rng);

// Evaluation: the mean loss and the accuracy of a classifier on a data set.
struct Evaluation {
    double loss = 0.0;      // (1/n) sum_i CE(net(x_i), y_i)
    double accuracy = 0.0;  // correct / n
    int correct = 0;        // rows whose predicted class (argmax of the logits) is the label
};

// check_dataset_fits: the data set fits the net (features = C_0, labels in [0, C_L), x (n, features)
// and finite, y (n), n >= 1). `function` names the caller and `name` the data set.
// check_evaluate_arguments: that, batch_size >= 1 and threads >= 1.
inline void check_dataset_fits(const char* function, const char* name, const Mlp& net, const course::Dataset& data) {
    check_mlp_sizes(function, net.sizes);
    COURSE_CHECK(data.n >= 1, function, ": ", name, ".n = ", data.n, ", expected at least 1 sample");
    COURSE_CHECK(data.features == net.sizes.front(), function, ": ", name, ".features = ", data.features,
                 " but the net's input has C_0 = ", net.sizes.front(), " features");
    COURSE_CHECK(data.x.size() == std::size_t(data.n) * std::size_t(data.features), function, ": ", name, ".x has ",
                 data.x.size(), " floats, expected n * features = ", data.n, " * ", data.features);
    COURSE_CHECK(data.y.size() == std::size_t(data.n), function, ": ", name, ".y has ", data.y.size(),
                 " labels, expected n = ", data.n);
    for (std::size_t i = 0; i < data.x.size(); ++i)
        COURSE_CHECK(std::isfinite(data.x[i]), function, ": ", name, ".x[", i, "] (row ", i / std::size_t(data.features),
                     ", feature ", i % std::size_t(data.features), ") is ", data.x[i], ", expected a finite value");
    const int classes = net.sizes.back();
    for (std::size_t i = 0; i < data.y.size(); ++i)
        COURSE_CHECK(data.y[i] >= 0 && data.y[i] < classes, function, ": ", name, ".y[", i, "] = ", data.y[i],
                     ", expected a class in [0, C_L) = [0, ", classes, ")");
}
inline void check_evaluate_arguments(const Mlp& net, const course::Dataset& data, int batch_size, int threads) {
    check_dataset_fits("evaluate_classifier", "data", net, data);
    COURSE_CHECK(batch_size >= 1, "evaluate_classifier: batch_size = ", batch_size, ", expected at least 1");
    COURSE_CHECK(threads >= 1, "evaluate_classifier: threads = ", threads, ", expected at least 1");
}

// evaluate_classifier: the net's mean cross-entropy and accuracy on `data`, batch by batch in the
// data's order (batches of batch_size rows, the last one smaller when batch_size does not divide n).
//
//     loss = (1/n) sum_b B_b L_b      (L_b: softmax_cross_entropy_forward's mean over batch b)
//     predicted class of row i = argmax_v logits[i, v], the FIRST v on ties
//
// The sum over batches is in double (n up to 60 000 terms). Calls mlp_forward, so net.pre, net.post
// and net.batch change; the parameters and gradients do not. Cost: the forward passes of n rows.
// Throws std::invalid_argument for the checks above (check_evaluate_arguments: NaN or inf in the
// data included), std::runtime_error when logits come out NaN or infinite (the parameters are not
// finite, or so large that the logits overflow: a diverged net), naming the row.
Evaluation evaluate_classifier(Mlp& net, const course::Dataset& data, int batch_size, int threads = 1);

// Optimizer: the step train_classifier takes.
enum class Optimizer {
    sgd,   // sgd_step (backprop/mlp.hpp): momentum, coupled weight decay
    adam,  // course::optimization::adam_step: bias-corrected Adam, decoupled weight decay (AdamW)
};

// StepInfo: what train_classifier tells TrainConfig::on_step after each step.
struct StepInfo {
    int epoch = 0;                 // 0-based
    int step = 0;                  // 0-based, counted over all epochs
    float learning_rate = 0.0f;    // the rate this step used
    float loss = 0.0f;             // the batch's mean loss, before the step
    double grad_norm = 0.0;        // the gradient's norm before clipping (0 when max_grad_norm == 0)
    std::span<const int> rows;     // the batch: rows of the training set, in the order used
    const Mlp* net = nullptr;      // the net after the step (its grads: this batch's, after clipping)
};

// TrainConfig: everything train_classifier does, and nothing it guesses.
struct TrainConfig {
    int epochs = 10;                   // >= 1
    int batch_size = 32;               // >= 1; each epoch's last batch holds the n - (steps - 1) batch_size rest
    Optimizer optimizer = Optimizer::sgd;
    float learning_rate = 0.1f;        // the rate, or the schedule's peak; finite, >= 0
    float momentum = 0.9f;             // sgd: mu in [0, 1)
    float weight_decay = 0.0f;         // sgd: coupled L2; adam: decoupled; finite, >= 0
    float beta1 = 0.9f;                // adam
    float beta2 = 0.999f;              // adam
    float eps = 1e-8f;                 // adam
    bool cosine_schedule = false;      // false: learning_rate at every step
    int warmup_steps = 0;              // with the schedule: 0 <= warmup_steps <= total steps
    float min_learning_rate = 0.0f;    // with the schedule: 0 <= min <= learning_rate
    double max_grad_norm = 0.0;        // > 0: clip_grad_norm each step; 0: no clipping
    int eval_batch_size = 256;         // evaluate_classifier's batches for the test set
    int threads = 1;                   // to mlp_forward, mlp_backward and evaluate_classifier
    std::uint64_t seed = 1;            // the shuffle's course::Rng
    std::function<void(const StepInfo&)> on_step;  // optional: called after every step
};

// EpochRecord: one line of the training log.
struct EpochRecord {
    int epoch = 0;                   // 0-based
    double train_loss = 0.0;         // (1/n) sum over the epoch's batches of |S| L_S (before each step)
    double test_loss = 0.0;          // evaluate_classifier on the test set after the epoch
    double test_accuracy = 0.0;      // same
    double seconds = 0.0;            // wall time of the epoch's steps (not the evaluation)
    double samples_per_second = 0.0; // n / seconds
};

// check_train_arguments: the data sets fit the net, every option in its range (the messages name
// the option and its value).
inline void check_train_arguments(const Mlp& net, const course::Dataset& train, const course::Dataset& test,
                                  const TrainConfig& config) {
    check_dataset_fits("train_classifier", "train", net, train);
    check_dataset_fits("train_classifier", "test", net, test);
    COURSE_CHECK(net.params.size() == mlp_num_params(net.sizes) && net.grads.size() == net.params.size(),
                 "train_classifier: the net has ", net.params.size(), " params and ", net.grads.size(),
                 " grads, expected mlp_num_params(sizes) = ", mlp_num_params(net.sizes), " each (use mlp_create)");
    COURSE_CHECK(config.epochs >= 1, "train_classifier: epochs = ", config.epochs, ", expected at least 1");
    COURSE_CHECK(config.batch_size >= 1, "train_classifier: batch_size = ", config.batch_size, ", expected at least 1");
    COURSE_CHECK(config.eval_batch_size >= 1, "train_classifier: eval_batch_size = ", config.eval_batch_size,
                 ", expected at least 1");
    COURSE_CHECK(config.threads >= 1, "train_classifier: threads = ", config.threads, ", expected at least 1");
    COURSE_CHECK(std::isfinite(config.learning_rate) && config.learning_rate >= 0.0f,
                 "train_classifier: learning_rate = ", config.learning_rate, ", expected a finite value >= 0");
    COURSE_CHECK(std::isfinite(config.weight_decay) && config.weight_decay >= 0.0f,
                 "train_classifier: weight_decay = ", config.weight_decay, ", expected a finite value >= 0");
    COURSE_CHECK(config.momentum >= 0.0f && config.momentum < 1.0f, "train_classifier: momentum = ", config.momentum,
                 ", expected 0 <= momentum < 1");
    COURSE_CHECK(config.beta1 >= 0.0f && config.beta1 < 1.0f && config.beta2 >= 0.0f && config.beta2 < 1.0f,
                 "train_classifier: beta1 = ", config.beta1, ", beta2 = ", config.beta2, ", expected both in [0, 1)");
    COURSE_CHECK(std::isfinite(config.eps) && config.eps > 0.0f, "train_classifier: eps = ", config.eps,
                 ", expected a finite value > 0");
    COURSE_CHECK(config.max_grad_norm >= 0.0, "train_classifier: max_grad_norm = ", config.max_grad_norm,
                 ", expected 0 (no clipping) or a value > 0");
    const long long steps_per_epoch = (train.n + (long long)config.batch_size - 1) / config.batch_size;
    const long long total = steps_per_epoch * config.epochs;
    COURSE_CHECK(total <= 2147483647LL, "train_classifier: ", config.epochs, " epochs of ", steps_per_epoch,
                 " steps do not fit an int step counter");
    if (config.cosine_schedule)
        check_warmup_cosine_arguments(0, config.warmup_steps, int(total), config.learning_rate,
                                      config.min_learning_rate);
}

// train_classifier: trains `net` on `train` and returns one record per epoch.
//
//     rng = course::Rng(seed), once;  step s = 0
//     each epoch:  shuffle_indices(order, rng)          (a new order every epoch, the rng continuing)
//         for each batch S = the next batch_size entries of order (the last batch: the rest):
//             mlp_forward; L_S = softmax_cross_entropy_forward   (logits or L_S not finite: throw, see below)
//             mlp_zero_grad; softmax_cross_entropy_backward(dloss = 1); mlp_backward
//             max_grad_norm > 0:  clip_grad_norm(grads, max_grad_norm)
//             lr_s = cosine_schedule ? warmup_cosine_lr(s, warmup_steps, T, learning_rate, min_learning_rate)
//                                    : learning_rate                 (T = epochs * ceil(n / batch_size))
//             sgd_step(params, grads, velocity, {lr_s, momentum, weight_decay})   or
//             adam_step(params, grads, state, {lr_s, beta1, beta2, eps, weight_decay});   s += 1
//         train_loss = (1/n) sum_S |S| L_S (double);  test_loss, test_accuracy = evaluate_classifier(test)
//
// The velocity (SGD) and Adam's moments start at zero and live across epochs. Every training row is
// in exactly one batch per epoch; the last batch is smaller when batch_size does not divide n (kept:
// dropping it would never train on the rows the shuffle puts last). The same net, data and config
// give the same records and parameters bit for bit (threads = 1; the timings aside).
// Cost per epoch: the forward and backward passes of n rows (6 n sum_l C_l C_{l+1} flops) and
// ceil(n / batch_size) optimizer steps over the parameters, then the test set's forward passes.
// Throws std::invalid_argument for the checks above (check_train_arguments), std::runtime_error
// when a batch's logits or loss are NaN or infinite (the message names the epoch, the step and the
// rate: the training diverged; the parameters are those of the last step taken).
std::vector<EpochRecord> train_classifier(Mlp& net, const course::Dataset& train, const course::Dataset& test,
                                          const TrainConfig& config);

}  // namespace course::backprop
