// Reference solution: the training loop. Contract: include/backprop/training.hpp
#include "backprop/training.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstddef>
#include <limits>
#include <stdexcept>
#include <utility>
#include <vector>

#include "backprop/losses.hpp"
#include "backprop/mlp.hpp"
#include "course/error.hpp"
#include "optimization/adaptive_steps.hpp"

namespace course::backprop {

namespace {

// gather_rows: the rows `rows` of data, packed into xb (|rows|, features) and yb (|rows|).
void gather_rows(std::vector<float>& xb, std::vector<int>& yb, const course::Dataset& data, std::span<const int> rows) {
    const auto f = std::size_t(data.features);
    xb.resize(rows.size() * f);
    yb.resize(rows.size());
    for (std::size_t b = 0; b < rows.size(); ++b) {
        const auto row = std::size_t(rows[b]);
        std::copy_n(data.x.begin() + std::ptrdiff_t(row * f), f, xb.begin() + std::ptrdiff_t(b * f));
        yb[b] = data.y[row];
    }
}

}  // namespace

void shuffle_indices(std::span<int> order, course::Rng& rng) {
    COURSE_CHECK(order.size() <= std::size_t(std::numeric_limits<int>::max()), "shuffle_indices: order has ",
                 order.size(), " entries, more than an int can index");
    const int n = int(order.size());
    for (int i = 0; i < n; ++i) order[std::size_t(i)] = i;
    for (int i = n - 1; i >= 1; --i) {
        const int j = rng.index(i + 1);
        std::swap(order[std::size_t(i)], order[std::size_t(j)]);
    }
}

Evaluation evaluate_classifier(Mlp& net, const course::Dataset& data, int batch_size, int threads) {
    check_evaluate_arguments(net, data, batch_size, threads);
    const int V = net.sizes.back();
    const auto f = std::size_t(data.features);
    std::vector<float> logits, probs;
    double loss_sum = 0.0;  // sum_b B_b L_b: up to n terms, in double
    int correct = 0;
    for (int start = 0; start < data.n; start += batch_size) {
        const int B = std::min(batch_size, data.n - start);
        const std::span<const float> xb(data.x.data() + std::size_t(start) * f, std::size_t(B) * f);
        const std::span<const int> yb(data.y.data() + start, std::size_t(B));
        logits.resize(std::size_t(B) * std::size_t(V));
        probs.resize(logits.size());
        mlp_forward(net, logits, xb, B, threads);
        for (std::size_t i = 0; i < logits.size(); ++i)
            if (!std::isfinite(logits[i]))
                throw std::runtime_error(concat("evaluate_classifier: the logits of row ", start + int(i / std::size_t(V)),
                                                " are not finite (", logits[i],
                                                "): the net's parameters are NaN, infinite or too large"));
        loss_sum += double(softmax_cross_entropy_forward(probs, logits, yb, B, V)) * B;
        for (int b = 0; b < B; ++b) {
            const float* row = logits.data() + std::size_t(b) * std::size_t(V);
            int best = 0;
            for (int v = 1; v < V; ++v)
                if (row[v] > row[best]) best = v;  // strictly greater: the first index wins ties
            correct += best == yb[std::size_t(b)];
        }
    }
    Evaluation result;
    result.loss = loss_sum / data.n;
    result.correct = correct;
    result.accuracy = double(correct) / data.n;
    return result;
}

std::vector<EpochRecord> train_classifier(Mlp& net, const course::Dataset& train, const course::Dataset& test,
                                          const TrainConfig& config) {
    check_train_arguments(net, train, test, config);
    const int n = train.n, V = net.sizes.back();
    // ceil(n / batch_size), the last batch may be smaller; not (n + batch_size - 1) / batch_size,
    // which overflows int for batch_size > INT_MAX - n + 1.
    const int steps_per_epoch = n / config.batch_size + (n % config.batch_size != 0);
    const int total_steps = steps_per_epoch * config.epochs;

    course::Rng rng(config.seed);
    std::vector<int> order(static_cast<std::size_t>(n));
    std::vector<float> xb, logits, probs, dlogits;  // (B, C_0), (B, V), (B, V), (B, V)
    std::vector<int> yb;                            // (B)
    std::vector<float> velocity(net.params.size(), 0.0f);  // SGD's, across epochs
    course::optimization::AdamState adam(config.optimizer == Optimizer::adam ? net.params.size() : 0);

    std::vector<EpochRecord> records;
    int step = 0;
    for (int epoch = 0; epoch < config.epochs; ++epoch) {
        const auto start_time = std::chrono::steady_clock::now();
        shuffle_indices(order, rng);  // a new order every epoch
        double loss_sum = 0.0;        // sum_S |S| L_S
        for (int start = 0; start < n; start += config.batch_size) {
            const int B = std::min(config.batch_size, n - start);
            const std::span<const int> rows(order.data() + start, std::size_t(B));
            gather_rows(xb, yb, train, rows);
            logits.resize(std::size_t(B) * std::size_t(V));
            probs.resize(logits.size());
            dlogits.assign(logits.size(), 0.0f);  // the backward adds into it

            const float lr = config.cosine_schedule ? warmup_cosine_lr(step, config.warmup_steps, total_steps,
                                                                       config.learning_rate, config.min_learning_rate)
                                                    : config.learning_rate;
            mlp_forward(net, logits, xb, B, config.threads);
            // Diverged: the logits overflowed (the loss refuses them) or the loss did.
            const bool finite_logits = std::all_of(logits.begin(), logits.end(), [](float z) { return std::isfinite(z); });
            const float loss = finite_logits ? softmax_cross_entropy_forward(probs, logits, yb, B, V)
                                             : std::numeric_limits<float>::quiet_NaN();
            if (!std::isfinite(loss))
                throw std::runtime_error(concat("train_classifier: the ", finite_logits ? "loss" : "logits",
                                                " became NaN or infinite at epoch ", epoch, ", step ", step,
                                                " (learning rate ", lr,
                                                "): the training diverged; lower the learning rate or clip the gradients"));
            mlp_zero_grad(net);  // the backward adds: without this, every step would carry all earlier gradients
            softmax_cross_entropy_backward(dlogits, probs, yb, B, V);
            mlp_backward(net, dlogits, xb, B, config.threads);
            double grad_norm = 0.0;
            if (config.max_grad_norm > 0.0) grad_norm = clip_grad_norm(net.grads, config.max_grad_norm);
            if (config.optimizer == Optimizer::sgd) {
                sgd_step(net.params, net.grads, velocity, SgdConfig{lr, config.momentum, config.weight_decay});
            } else {
                course::optimization::AdamConfig adam_config;
                adam_config.learning_rate = lr;
                adam_config.beta1 = config.beta1;
                adam_config.beta2 = config.beta2;
                adam_config.eps = config.eps;
                adam_config.weight_decay = config.weight_decay;
                course::optimization::adam_step(net.params, net.grads, adam, adam_config);
            }
            loss_sum += double(loss) * B;  // weighted by the batch's size: the last batch may be smaller
            if (config.on_step) {
                StepInfo info;
                info.epoch = epoch;
                info.step = step;
                info.learning_rate = lr;
                info.loss = loss;
                info.grad_norm = grad_norm;
                info.rows = rows;
                info.net = &net;
                config.on_step(info);
            }
            ++step;
        }
        const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start_time).count();
        const Evaluation evaluation = evaluate_classifier(net, test, config.eval_batch_size, config.threads);
        EpochRecord record;
        record.epoch = epoch;
        record.train_loss = loss_sum / n;  // a mean over samples, not over batches
        record.test_loss = evaluation.loss;
        record.test_accuracy = evaluation.accuracy;
        record.seconds = seconds;
        record.samples_per_second = n / seconds;  // steady_clock counts nanoseconds: seconds > 0
        records.push_back(record);
    }
    return records;
}

}  // namespace course::backprop
