// Tests for exercise 10, training a classifier (modules/backprop/learner/training.cpp).
//
// Oracles: the shuffle replayed from its stated draws; a plain loop written here that replays the
// whole training run (the test's own Fisher-Yates, the schedule's formula in double, and the other
// exercises' references mlp_forward, mlp_backward, mlp_zero_grad, sgd_step, clip_grad_norm,
// softmax_cross_entropy_*, and the optimization module's adam_step, which are facts here); PyTorch's
// torch.optim.SGD / AdamW on a full-batch run, frozen in fixtures/training_golden.hpp; the loss and
// the accuracy recomputed in double from whole-set logits. The cost is counted: every sample once
// per epoch, ceil(n / B) steps an epoch, through TrainConfig::on_step. Then the two data sets the
// exercise is for: the spiral (>= 97% training accuracy) and the digits (>= 95% on the test split).
#include "backprop/training.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <numbers>
#include <span>
#include <stdexcept>
#include <string>
#include <vector>

#include "backprop/losses.hpp"
#include "backprop/mlp.hpp"
#include "course/datasets.hpp"
#include "course/random.hpp"
#include "course/testing.hpp"
#include "fixtures/training_golden.hpp"
#include "optimization/adaptive_steps.hpp"

namespace course::backprop {
namespace {

using course::Dataset;
using course::testing::AllClose;
using course::testing::ThrowsInvalidArgument;
using course::testing::Tolerance;

// fisher_yates: the contract's draws, written again here.
std::vector<int> fisher_yates(int n, course::Rng& rng) {
    std::vector<int> order(static_cast<std::size_t>(n));
    for (int i = 0; i < n; ++i) order[std::size_t(i)] = i;
    for (int i = n - 1; i >= 1; --i) std::swap(order[std::size_t(i)], order[std::size_t(rng.index(i + 1))]);
    return order;
}

// random_data: n rows of `features` uniform values in [-1, 1), labels i * 7 mod classes (every class
// present when n >= classes, in no particular order).
Dataset random_data(int n, int features, int classes, std::uint64_t seed) {
    Dataset data;
    data.n = n;
    data.features = features;
    data.classes = classes;
    data.x = course::random_floats(std::size_t(n) * std::size_t(features), seed);
    for (int i = 0; i < n; ++i) data.y.push_back(i * 7 % classes);
    return data;
}

// scheduled_lr: warm-up then cosine, the formula of the contract, in double, rounded once.
float scheduled_lr(int step, int warmup, int total, float max_lr, float min_lr) {
    if (step < warmup) return float(double(max_lr) * (step + 1) / warmup);
    if (step >= total) return min_lr;
    const double progress = double(step - warmup) / double(total - warmup);
    return float(min_lr + (double(max_lr) - min_lr) * 0.5 * (1.0 + std::cos(std::numbers::pi * progress)));
}

// Replay: the training loop written plainly, step by step as the contract states it.
struct Replay {
    std::vector<float> params;
    std::vector<double> train_loss;  // per epoch
};
Replay replay_training(Mlp net, const Dataset& train, const TrainConfig& config) {
    const int n = train.n, V = net.sizes.back(), F = train.features;
    const int steps_per_epoch = (n + config.batch_size - 1) / config.batch_size;
    const int total = steps_per_epoch * config.epochs;
    course::Rng rng(config.seed);
    std::vector<float> velocity(net.params.size(), 0.0f);
    course::optimization::AdamState adam(net.params.size());
    Replay out;
    int step = 0;
    for (int epoch = 0; epoch < config.epochs; ++epoch) {
        const std::vector<int> order = fisher_yates(n, rng);
        double loss_sum = 0.0;
        for (int start = 0; start < n; start += config.batch_size) {
            const int B = std::min(config.batch_size, n - start);
            std::vector<float> xb, logits(std::size_t(B * V)), probs(std::size_t(B * V)), dlogits(std::size_t(B * V));
            std::vector<int> yb;
            for (int b = 0; b < B; ++b) {
                const int row = order[std::size_t(start + b)];
                xb.insert(xb.end(), train.x.begin() + row * F, train.x.begin() + (row + 1) * F);
                yb.push_back(train.y[std::size_t(row)]);
            }
            mlp_forward(net, logits, xb, B);
            const float loss = softmax_cross_entropy_forward(probs, logits, yb, B, V);
            loss_sum += double(loss) * B;
            mlp_zero_grad(net);
            softmax_cross_entropy_backward(dlogits, probs, yb, B, V);
            mlp_backward(net, dlogits, xb, B);
            if (config.max_grad_norm > 0) clip_grad_norm(net.grads, config.max_grad_norm);
            const float lr = config.cosine_schedule ? scheduled_lr(step, config.warmup_steps, total, config.learning_rate,
                                                                   config.min_learning_rate)
                                                    : config.learning_rate;
            if (config.optimizer == Optimizer::sgd) {
                sgd_step(net.params, net.grads, velocity, SgdConfig{lr, config.momentum, config.weight_decay});
            } else {
                course::optimization::AdamConfig a;
                a.learning_rate = lr;
                a.beta1 = config.beta1;
                a.beta2 = config.beta2;
                a.eps = config.eps;
                a.weight_decay = config.weight_decay;
                course::optimization::adam_step(net.params, net.grads, adam, a);
            }
            ++step;
        }
        out.train_loss.push_back(loss_sum / n);
    }
    out.params = net.params;
    return out;
}

// ReplayTolerance: the same kernels called in the same order give the same bits; the tolerance
// leaves room for an equivalent order of float operations in a learner's loop (the rate computed
// another way, rounding differently by an ulp) carried through ~30 steps of size <= 0.5: a few
// hundred ulps of float at worst.
constexpr Tolerance kReplayTolerance{1e-5, 1e-4};

// ---- shuffle_indices ----

TEST(ShuffleIndices, ReplaysFisherYatesExactly) {
    for (int n : {0, 1, 2, 10, 257}) {
        course::Rng rng(7), oracle(7);
        std::vector<int> order(std::size_t(n), -5);  // whatever order held is overwritten
        shuffle_indices(order, rng);
        EXPECT_EQ(order, fisher_yates(n, oracle)) << "n = " << n;
        // Exactly n - 1 draws: the two generators are at the same place afterwards.
        EXPECT_EQ(rng.index(1000000), oracle.index(1000000)) << "n = " << n << ": not n - 1 draws";
    }
}

TEST(ShuffleIndices, GivesEveryPermutationWithEqualProbability) {
    // n = 3: 6 permutations, 60 000 shuffles, 10 000 expected each, standard deviation
    // sqrt(60000 (1/6)(5/6)) = 91. The naive shuffle (j = rng.index(n)) gives 27 paths onto 6
    // permutations: 4/27, 5/27, 5/27, 5/27, 4/27, 4/27 of 60 000, i.e. 8 889 or 11 111, 12 sigma
    // away. Allow 6 sigma = 550.
    course::Rng rng(11);
    std::vector<int> counts(9 * 3, 0);
    std::vector<int> order(3);
    for (int t = 0; t < 60000; ++t) {
        shuffle_indices(order, rng);
        ++counts[std::size_t(order[0] * 9 + order[1] * 3 + order[2])];
    }
    int total = 0;
    for (int a = 0; a < 3; ++a)
        for (int b = 0; b < 3; ++b)
            for (int c = 0; c < 3; ++c) {
                const int count = counts[std::size_t(a * 9 + b * 3 + c)];
                total += count;
                if (a != b && b != c && a != c) {
                    EXPECT_NEAR(count, 10000, 550) << a << b << c;
                }
            }
    EXPECT_EQ(total, 60000);
    // A large shuffle is a permutation.
    std::vector<int> big(100000);
    shuffle_indices(big, rng);
    std::vector<int> sorted = big;
    std::sort(sorted.begin(), sorted.end());
    for (int i = 0; i < 100000; ++i) ASSERT_EQ(sorted[std::size_t(i)], i);
    EXPECT_NE(big, sorted);
}

// ---- evaluate_classifier ----

TEST(EvaluateClassifier, MatchesThePlainMeanLossAndAccuracyForEveryBatchSize) {
    const Dataset data = random_data(23, 5, 4, 3);
    Mlp net = mlp_create({5, 8, 4}, 9);
    // The oracle: the logits of all 23 rows at once, then the loss in double and the argmax here.
    std::vector<float> logits(23 * 4);
    mlp_forward(net, logits, data.x, 23);
    double loss = 0.0;
    int correct = 0;
    for (int i = 0; i < 23; ++i) {
        const float* row = &logits[std::size_t(i * 4)];
        double m = row[0];
        for (int v = 1; v < 4; ++v) m = std::max(m, double(row[v]));
        double sum = 0.0;
        for (int v = 0; v < 4; ++v) sum += std::exp(row[v] - m);
        loss += m + std::log(sum) - row[data.y[std::size_t(i)]];
        correct += int(std::max_element(row, row + 4) - row) == data.y[std::size_t(i)];
    }
    loss /= 23;
    const std::vector<float> params = net.params;
    for (int batch : {1, 5, 22, 23, 100}) {
        const Evaluation e = evaluate_classifier(net, data, batch);
        // float logits of size ~1 and a float loss per batch: a few float ulps of the mean.
        EXPECT_NEAR(e.loss, loss, 1e-5 * std::max(1.0, loss)) << "batch_size " << batch;
        EXPECT_EQ(e.correct, correct) << "batch_size " << batch;
        EXPECT_EQ(e.accuracy, double(correct) / 23) << "batch_size " << batch;
    }
    EXPECT_EQ(net.params, params) << "evaluate_classifier changed the parameters";
}

TEST(EvaluateClassifier, TiesGoToTheFirstClassAndTheLossIsLogV) {
    // All parameters 0: every logit is 0, every row predicts class 0, the loss is log 4 exactly.
    const Dataset data = random_data(12, 3, 4, 5);  // labels 0 3 2 1 0 3 2 1 ...: 3 zeros
    Mlp net = mlp_create({3, 6, 4}, 1);
    std::fill(net.params.begin(), net.params.end(), 0.0f);
    const Evaluation e = evaluate_classifier(net, data, 5);
    EXPECT_EQ(e.correct, 3);
    EXPECT_EQ(e.accuracy, 0.25);
    EXPECT_NEAR(e.loss, std::log(4.0), 1e-6);
}

TEST(EvaluateClassifier, RefusesBadArguments) {
    const Dataset data = random_data(6, 3, 2, 5);
    Mlp net = mlp_create({3, 4, 2}, 1);
    EXPECT_NO_THROW(evaluate_classifier(net, data, 4)) << course::testing::kValidCallFirst;
    EXPECT_TRUE(ThrowsInvalidArgument([&] { evaluate_classifier(net, data, 0); }, {"batch_size", "0"}));
    EXPECT_TRUE(ThrowsInvalidArgument([&] { evaluate_classifier(net, data, -3); }, {"batch_size", "-3"}));
    EXPECT_TRUE(ThrowsInvalidArgument([&] { evaluate_classifier(net, data, 4, 0); }, {"evaluate_classifier", "threads"}));
    Mlp wide = mlp_create({4, 4, 2}, 1);
    EXPECT_TRUE(ThrowsInvalidArgument([&] { evaluate_classifier(wide, data, 4); }, {"features", "C_0"}));
    Dataset bad = data;
    bad.y[4] = 2;
    EXPECT_TRUE(ThrowsInvalidArgument([&] { evaluate_classifier(net, bad, 4); }, {"y[4]", "2"}));
    bad = data;
    bad.x.pop_back();
    EXPECT_TRUE(ThrowsInvalidArgument([&] { evaluate_classifier(net, bad, 4); }, {"x has"}));
    bad = data;
    bad.n = 0;
    bad.x.clear();
    bad.y.clear();
    EXPECT_TRUE(ThrowsInvalidArgument([&] { evaluate_classifier(net, bad, 4); }, {"n = 0"}));
}

// ---- train_classifier: the loop, against a replay ----

TEST(TrainClassifier, MatchesAPlainReplayWithSgdMomentumScheduleAndClipping) {
    const Dataset train = random_data(23, 4, 3, 21), test = random_data(9, 4, 3, 22);
    TrainConfig config;
    config.epochs = 3;
    config.batch_size = 5;  // 5 steps an epoch, the last of 3 rows
    config.learning_rate = 0.5f;
    config.momentum = 0.9f;
    config.weight_decay = 0.01f;
    config.cosine_schedule = true;
    config.warmup_steps = 4;
    config.min_learning_rate = 0.05f;
    config.max_grad_norm = 0.8;
    config.eval_batch_size = 2;  // the test set of 9 rows in batches of 2 2 2 2 1
    config.seed = 99;
    const Mlp start = mlp_create({4, 7, 3}, 5);
    Mlp net = start;
    const std::vector<EpochRecord> records = train_classifier(net, train, test, config);
    const Replay replay = replay_training(start, train, config);
    ASSERT_EQ(records.size(), 3u);
    EXPECT_TRUE(AllClose(std::span<const float>(net.params), replay.params, kReplayTolerance));
    for (int e = 0; e < 3; ++e) {
        EXPECT_EQ(records[std::size_t(e)].epoch, e);
        EXPECT_NEAR(records[std::size_t(e)].train_loss, replay.train_loss[std::size_t(e)], 1e-5)
            << "epoch " << e << ": the mean loss over the epoch's SAMPLES (the last batch has 3)";
    }
    // The test metrics are those of the trained net, evaluated in batches of eval_batch_size: the
    // same calls give the same bits (batches of 256 would round the batch means differently).
    Mlp copy = net;
    const Evaluation e = evaluate_classifier(copy, test, 2);
    EXPECT_EQ(records.back().test_loss, e.loss);
    EXPECT_EQ(records.back().test_accuracy, e.accuracy);
}

TEST(TrainClassifier, MatchesAPlainReplayWithAdam) {
    const Dataset train = random_data(17, 3, 4, 31), test = random_data(5, 3, 4, 32);
    TrainConfig config;
    config.epochs = 4;
    config.batch_size = 4;  // 5 steps an epoch, the last of 1 row
    config.optimizer = Optimizer::adam;
    config.learning_rate = 0.02f;
    config.beta1 = 0.8f;
    config.beta2 = 0.95f;
    config.eps = 1e-6f;
    config.weight_decay = 0.1f;
    config.seed = 3;
    const Mlp start = mlp_create({3, 6, 6, 4}, 8);
    Mlp net = start;
    const std::vector<EpochRecord> records = train_classifier(net, train, test, config);
    const Replay replay = replay_training(start, train, config);
    EXPECT_TRUE(AllClose(std::span<const float>(net.params), replay.params, kReplayTolerance));
    for (int e = 0; e < 4; ++e)
        EXPECT_NEAR(records[std::size_t(e)].train_loss, replay.train_loss[std::size_t(e)], 1e-5) << "epoch " << e;
}

// ---- train_classifier: against PyTorch ----

TEST(TrainClassifier, MatchesPyTorchOnAFullBatchRun) {
    // fixtures/training_golden.py: the same net, data and options in torch.optim.SGD (momentum,
    // weight decay) and AdamW, per-step rates from the warm-up + cosine formula, clip_grad_norm_.
    // Full batch (batch_size = n = 6), so the shuffle changes only the order of a sum. torch adds
    // 1e-6 to the norm when clipping (a relative 1e-6 here); float rounding over 4 steps: 1e-5.
    namespace g = training_golden;
    Dataset data;
    data.n = 6;
    data.features = 3;
    data.classes = 3;
    data.x.assign(std::begin(g::x), std::end(g::x));
    data.y.assign(std::begin(g::y), std::end(g::y));
    for (bool adam : {false, true}) {
        Mlp net = mlp_create({3, 4, 3}, 1);
        net.params.assign(std::begin(g::initial_params), std::end(g::initial_params));
        TrainConfig config;
        config.epochs = 4;
        config.batch_size = 6;
        config.optimizer = adam ? Optimizer::adam : Optimizer::sgd;
        config.learning_rate = adam ? 0.05f : 0.5f;
        config.momentum = 0.9f;
        config.weight_decay = 0.01f;
        config.cosine_schedule = true;
        config.warmup_steps = 2;
        config.min_learning_rate = adam ? 0.005f : 0.05f;
        config.max_grad_norm = 0.5;
        const std::vector<EpochRecord> records = train_classifier(net, data, data, config);
        const std::span<const float> want_params = adam ? std::span<const float>(g::adam_params)
                                                        : std::span<const float>(g::sgd_params);
        const std::span<const float> want_loss = adam ? std::span<const float>(g::adam_losses)
                                                      : std::span<const float>(g::sgd_losses);
        EXPECT_TRUE(AllClose(std::span<const float>(net.params), want_params, {1e-5, 1e-5})) << (adam ? "adam" : "sgd");
        for (int e = 0; e < 4; ++e)
            EXPECT_NEAR(records[std::size_t(e)].train_loss, want_loss[std::size_t(e)], 1e-5)
                << (adam ? "adam" : "sgd") << " epoch " << e;
    }
}

// ---- train_classifier: the batches, counted ----

TEST(TrainClassifier, SeesEverySampleOncePerEpochInANewOrder) {
    const Dataset train = random_data(23, 2, 2, 41);
    TrainConfig config;
    config.epochs = 3;
    config.batch_size = 5;
    config.learning_rate = 0.1f;
    config.seed = 17;
    std::vector<std::vector<int>> seen(3);
    std::vector<int> steps, sizes;
    std::vector<double> weighted(3, 0.0);
    config.on_step = [&](const StepInfo& info) {
        seen[std::size_t(info.epoch)].insert(seen[std::size_t(info.epoch)].end(), info.rows.begin(), info.rows.end());
        steps.push_back(info.step);
        sizes.push_back(int(info.rows.size()));
        weighted[std::size_t(info.epoch)] += double(info.loss) * double(info.rows.size());
        EXPECT_EQ(info.grad_norm, 0.0) << "step " << info.step << ": no clipping, no norm (the contract says 0)";
    };
    Mlp net = mlp_create({2, 5, 2}, 3);
    const std::vector<EpochRecord> records = train_classifier(net, train, train, config);
    // ceil(23 / 5) = 5 steps an epoch, numbered 0 .. 14; batches of 5 5 5 5 3 (the rest kept).
    std::vector<int> want_steps(15);
    for (int s = 0; s < 15; ++s) want_steps[std::size_t(s)] = s;
    EXPECT_EQ(steps, want_steps);
    EXPECT_EQ(sizes, (std::vector<int>{5, 5, 5, 5, 3, 5, 5, 5, 5, 3, 5, 5, 5, 5, 3}));
    // The orders are the stated shuffles, one per epoch from one generator: different every epoch.
    course::Rng oracle(17);
    for (int e = 0; e < 3; ++e) {
        EXPECT_EQ(seen[std::size_t(e)], fisher_yates(23, oracle)) << "epoch " << e;
        std::vector<int> sorted = seen[std::size_t(e)];
        std::sort(sorted.begin(), sorted.end());
        for (int i = 0; i < 23; ++i) ASSERT_EQ(sorted[std::size_t(i)], i) << "epoch " << e << ": not every row once";
        EXPECT_NEAR(records[std::size_t(e)].train_loss, weighted[std::size_t(e)] / 23, 1e-12)
            << "epoch " << e << ": the train loss is the mean over samples of the batch losses";
    }
    EXPECT_NE(seen[0], seen[1]);
    EXPECT_NE(seen[1], seen[2]);
    // The timings are recorded (not checked: a test never times), and consistent: an epoch of 5
    // steps takes at least the nanosecond steady_clock can tell.
    for (const EpochRecord& r : records) {
        EXPECT_GT(r.seconds, 0.0) << "epoch " << r.epoch;
        EXPECT_NEAR(r.samples_per_second, 23 / r.seconds, 1e-9 * r.samples_per_second) << "epoch " << r.epoch;
    }
}

TEST(TrainClassifier, TrainLossIsTheMeanOverSamplesWhateverTheBatches) {
    // learning_rate 0: the net never changes, so every epoch's train loss is the full set's mean
    // loss, computed here in double from one forward pass. A mean of batch means differs: batches
    // of 5 5 5 5 3 weigh the last 3 rows 5/3 times too much.
    const Dataset train = random_data(23, 3, 3, 51);
    Mlp net = mlp_create({3, 6, 3}, 4);
    const std::vector<float> params = net.params;
    std::vector<float> logits(23 * 3);
    mlp_forward(net, logits, train.x, 23);
    double want = 0.0;
    for (int i = 0; i < 23; ++i) {
        const float* row = &logits[std::size_t(i * 3)];
        double sum = 0.0;
        for (int v = 0; v < 3; ++v) sum += std::exp(double(row[v]));
        want += std::log(sum) - row[train.y[std::size_t(i)]];
    }
    want /= 23;
    TrainConfig config;
    config.epochs = 2;
    config.batch_size = 5;
    config.learning_rate = 0.0f;
    const std::vector<EpochRecord> records = train_classifier(net, train, train, config);
    for (const EpochRecord& r : records) {
        EXPECT_NEAR(r.train_loss, want, 1e-6) << "epoch " << r.epoch;
        EXPECT_NEAR(r.test_loss, want, 1e-6) << "epoch " << r.epoch;
    }
    EXPECT_EQ(net.params, params) << "a rate of 0 must leave the parameters as they were";
}

TEST(TrainClassifier, StepsWithTheScheduledRate) {
    // SGD without momentum or decay: each step is p_after = p_before - lr_s g exactly (one rounding),
    // g = the net's grads as the step left them. 13 rows, batches of 4 4 4 1, 4 epochs: T = 16 steps
    // (ceil(13 / 4) = 4 an epoch), warm-up 3: the rates rise 1/3, 2/3, 1 of 0.5 and fall by the
    // cosine towards 0.05 at step 16.
    const Dataset train = random_data(13, 3, 2, 61);
    TrainConfig config;
    config.epochs = 4;
    config.batch_size = 4;
    config.learning_rate = 0.5f;
    config.momentum = 0.0f;
    config.cosine_schedule = true;
    config.warmup_steps = 3;
    config.min_learning_rate = 0.05f;
    Mlp net = mlp_create({3, 5, 2}, 6);
    std::vector<float> before = net.params;
    int checked = 0;
    config.on_step = [&](const StepInfo& info) {
        const float lr = scheduled_lr(info.step, 3, 16, 0.5f, 0.05f);
        EXPECT_EQ(info.learning_rate, lr) << "step " << info.step;
        std::vector<float> want(before.size());
        for (std::size_t i = 0; i < before.size(); ++i) want[i] = before[i] - lr * info.net->grads[i];
        // p - lr g in float: one rounding of the product and one of the difference, 2 ulps of |p| + |lr g|.
        EXPECT_TRUE(AllClose(std::span<const float>(info.net->params), want, {1e-7, 2.5e-7})) << "step " << info.step;
        before = info.net->params;
        ++checked;
    };
    train_classifier(net, train, train, config);
    EXPECT_EQ(checked, 16);
}

TEST(TrainClassifier, ClipsTheGradientBeforeTheStep) {
    const Dataset train = random_data(10, 3, 3, 71);
    TrainConfig config;
    config.epochs = 2;
    config.batch_size = 4;
    config.max_grad_norm = 1e-3;
    int clipped = 0;
    config.on_step = [&](const StepInfo& info) {
        double sum = 0.0;
        for (float g : info.net->grads) sum += double(g) * g;
        EXPECT_LE(std::sqrt(sum), 1e-3 * (1 + 1e-5)) << "step " << info.step;
        EXPECT_GT(info.grad_norm, 1e-3) << "step " << info.step << ": the norm before clipping";
        ++clipped;
    };
    Mlp net = mlp_create({3, 6, 3}, 2);
    train_classifier(net, train, train, config);
    EXPECT_EQ(clipped, 6);
}

// ---- train_classifier: the data sets ----

TEST(TrainClassifier, LearnsTheSpiral) {
    // CS231n's spiral, 3 classes of 100 points: a linear classifier reaches about 50% (CS231n's
    // case study); a 2-32-32-3 MLP must reach 97% on its training set (the reference: 99.3%).
    const Dataset spiral = course::make_spiral(100, 3, 0);
    Mlp net = mlp_create({2, 32, 32, 3}, 1);
    TrainConfig config;
    config.epochs = 40;
    config.batch_size = 32;
    config.optimizer = Optimizer::adam;
    config.learning_rate = 0.03f;
    config.cosine_schedule = true;
    config.warmup_steps = 20;
    config.min_learning_rate = 0.003f;
    const std::vector<EpochRecord> records = train_classifier(net, spiral, spiral, config);
    EXPECT_GE(records.back().test_accuracy, 0.97) << "training accuracy on the spiral after 40 epochs";
    EXPECT_LT(records.back().train_loss, records.front().train_loss / 4);
}

TEST(TrainClassifier, LearnsTheDigits) {
    // The UCI digits on the course's split (data/digits/README.md): 1 442 training rows, 355 test.
    // A 64-64-10 MLP, Adam, 12 epochs: the reference reaches 97.2% (seeds 1 to 3 of the net and the
    // shuffle: 96.6% to 97.2%); 95% leaves 8 test rows of room.
    const course::TrainTest digits = course::stratified_split(
        course::load_digits_csv(course::data_path("digits/digits.csv")), course::kDigitsTestPeriod);
    Mlp net = mlp_create({64, 64, 10}, 1);
    TrainConfig config;
    config.epochs = 12;
    config.batch_size = 32;
    config.optimizer = Optimizer::adam;
    config.learning_rate = 3e-3f;
    config.seed = 1;
    const std::vector<EpochRecord> records = train_classifier(net, digits.train, digits.test, config);
    EXPECT_GE(records.back().test_accuracy, 0.95) << "test accuracy on the digits after 12 epochs";
}

// ---- train_classifier: reproducible, and what it refuses ----

TEST(TrainClassifier, SameSeedSameResultsBitForBit) {
    const Dataset train = random_data(40, 4, 3, 81), test = random_data(10, 4, 3, 82);
    TrainConfig config;
    config.epochs = 3;
    config.batch_size = 7;
    config.seed = 5;
    Mlp a = mlp_create({4, 8, 3}, 3), b = a, c = a;
    const std::vector<EpochRecord> ra = train_classifier(a, train, test, config);
    const std::vector<EpochRecord> rb = train_classifier(b, train, test, config);
    EXPECT_EQ(a.params, b.params);
    for (std::size_t e = 0; e < ra.size(); ++e) {
        EXPECT_EQ(ra[e].train_loss, rb[e].train_loss);
        EXPECT_EQ(ra[e].test_loss, rb[e].test_loss);
    }
    config.seed = 6;  // another shuffle, another run
    train_classifier(c, train, test, config);
    EXPECT_NE(a.params, c.params);
}

TEST(TrainClassifier, ReportsDivergenceAndKeepsTheParametersOfTheLastStep) {
    const Dataset train = random_data(20, 3, 3, 91);
    TrainConfig config;
    config.epochs = 5;
    config.batch_size = 4;
    config.learning_rate = 1e30f;
    config.momentum = 0.0f;
    std::vector<float> last;
    config.on_step = [&](const StepInfo& info) { last = info.net->params; };
    Mlp net = mlp_create({3, 6, 3}, 2);
    last = net.params;
    try {
        train_classifier(net, train, train, config);
        ADD_FAILURE() << "a rate of 1e30 must make the loss infinite or NaN, and train_classifier throw";
    } catch (const std::runtime_error& e) {
        EXPECT_NE(std::string(e.what()).find("diverged"), std::string::npos) << e.what();
    }
    EXPECT_EQ(net.params, last) << "the parameters must be those of the last step taken";
}

TEST(TrainClassifier, RefusesBadArguments) {
    const Dataset train = random_data(10, 3, 2, 1), test = random_data(4, 3, 2, 2);
    Mlp net = mlp_create({3, 4, 2}, 1);
    TrainConfig ok;
    ok.epochs = 1;
    ok.batch_size = 4;
    EXPECT_NO_THROW(train_classifier(net, train, test, ok)) << course::testing::kValidCallFirst;
    const auto refuses = [&](auto change, std::initializer_list<std::string_view> mention) {
        TrainConfig config = ok;
        change(config);
        return ThrowsInvalidArgument([&] { train_classifier(net, train, test, config); }, mention);
    };
    const float nan = std::numeric_limits<float>::quiet_NaN(), inf = std::numeric_limits<float>::infinity();
    EXPECT_TRUE(refuses([](TrainConfig& c) { c.epochs = 0; }, {"epochs", "0"}));
    EXPECT_TRUE(refuses([](TrainConfig& c) { c.batch_size = 0; }, {"batch_size", "0"}));
    EXPECT_TRUE(refuses([](TrainConfig& c) { c.batch_size = -2; }, {"batch_size", "-2"}));
    EXPECT_TRUE(refuses([](TrainConfig& c) { c.eval_batch_size = 0; }, {"eval_batch_size"}));
    EXPECT_TRUE(refuses([](TrainConfig& c) { c.threads = 0; }, {"threads"}));
    for (float bad : {-0.1f, nan, inf, -inf})
        EXPECT_TRUE(refuses([&](TrainConfig& c) { c.learning_rate = bad; }, {"learning_rate"})) << bad;
    for (float bad : {-0.1f, nan, inf})
        EXPECT_TRUE(refuses([&](TrainConfig& c) { c.weight_decay = bad; }, {"weight_decay"})) << bad;
    for (float bad : {-0.1f, 1.0f, nan})
        EXPECT_TRUE(refuses([&](TrainConfig& c) { c.momentum = bad; }, {"momentum"})) << bad;
    for (float bad : {-0.1f, 1.0f, nan}) {
        EXPECT_TRUE(refuses([&](TrainConfig& c) { c.beta1 = bad; }, {"beta1"})) << bad;
        EXPECT_TRUE(refuses([&](TrainConfig& c) { c.beta2 = bad; }, {"beta2"})) << bad;
    }
    for (float bad : {0.0f, -1e-8f, nan, inf})
        EXPECT_TRUE(refuses([&](TrainConfig& c) { c.eps = bad; }, {"eps"})) << bad;
    for (double bad : {-1.0, double(nan)})
        EXPECT_TRUE(refuses([&](TrainConfig& c) { c.max_grad_norm = bad; }, {"max_grad_norm"})) << bad;
    // The schedule's own checks: 3 steps here, so a warm-up of 4 does not fit; min above max.
    EXPECT_TRUE(refuses([](TrainConfig& c) { c.cosine_schedule = true; c.warmup_steps = 4; }, {"warmup_steps", "4"}));
    EXPECT_TRUE(refuses([](TrainConfig& c) { c.cosine_schedule = true; c.min_learning_rate = 1.0f; }, {"min_lr"}));
    // The data sets against the net.
    Dataset bad = train;
    bad.y[7] = 2;
    EXPECT_TRUE(ThrowsInvalidArgument([&] { train_classifier(net, bad, test, ok); }, {"train.y[7]", "2"}));
    bad = test;
    bad.features = 4;
    EXPECT_TRUE(ThrowsInvalidArgument([&] { train_classifier(net, train, bad, ok); }, {"test.features", "4"}));
    bad = train;
    bad.n = 0;
    bad.x.clear();
    bad.y.clear();
    EXPECT_TRUE(ThrowsInvalidArgument([&] { train_classifier(net, bad, test, ok); }, {"train.n = 0"}));
    Mlp broken = net;
    broken.grads.clear();
    EXPECT_TRUE(ThrowsInvalidArgument([&] { train_classifier(broken, train, test, ok); }, {"grads"}));
}

TEST(EvaluateClassifier, RefusesNonFiniteDataAndReportsADivergedNet) {
    // NaN or inf in the data is the caller's mistake (std::invalid_argument naming the entry); NaN
    // or huge parameters make the logits overflow: std::runtime_error naming the row.
    const Dataset data = random_data(7, 3, 2, 15);
    Mlp net = mlp_create({3, 4, 2}, 1);
    EXPECT_NO_THROW(evaluate_classifier(net, data, 3)) << course::testing::kValidCallFirst;
    for (float bad : {std::numeric_limits<float>::quiet_NaN(), std::numeric_limits<float>::infinity()}) {
        Dataset broken = data;
        broken.x[13] = bad;  // row 4, feature 1
        EXPECT_TRUE(ThrowsInvalidArgument([&] { evaluate_classifier(net, broken, 3); }, {"x[13]", "row 4"})) << bad;
        TrainConfig config;
        config.epochs = 1;
        EXPECT_TRUE(ThrowsInvalidArgument([&] { train_classifier(net, broken, data, config); }, {"train.x[13]"})) << bad;
    }
    Mlp diverged = net;
    mlp_weight(diverged, 1)[0] = std::numeric_limits<float>::quiet_NaN();  // feeds logit 0 of every row
    try {
        evaluate_classifier(diverged, data, 3);
        ADD_FAILURE() << "NaN parameters must make evaluate_classifier throw std::runtime_error";
    } catch (const std::runtime_error& e) {
        EXPECT_NE(std::string(e.what()).find("not finite"), std::string::npos) << e.what();
    }
}

TEST(EvaluateClassifier, NamesTheFirstRowWhoseLogitsOverflow) {
    // Finite data, finite parameters, and logits that overflow in row 4 only: all weights 1, biases
    // 0, row 4's features 1e38: a = 3e38 (finite), logits = 4 * 3e38 = inf. Batches of 3: row 4 is
    // the second row of the second batch. Then one row whose only non-finite logit is its first.
    Dataset data = random_data(7, 3, 2, 17);
    for (int f = 0; f < 3; ++f) data.x[std::size_t(4 * 3 + f)] = 1e38f;
    Mlp net = mlp_create({3, 4, 2}, 1);
    EXPECT_NO_THROW(evaluate_classifier(net, course::slice_rows(data, 0, 4), 3)) << course::testing::kValidCallFirst;
    for (int l = 0; l < 2; ++l) {
        for (float& w : mlp_weight(net, l)) w = 1.0f;
        for (float& b : mlp_bias(net, l)) b = 0.0f;
    }
    try {
        evaluate_classifier(net, data, 3);
        ADD_FAILURE() << "logits of inf must make evaluate_classifier throw std::runtime_error";
    } catch (const std::runtime_error& e) {
        EXPECT_NE(std::string(e.what()).find("row 4 "), std::string::npos) << e.what();
    }
    Mlp first_only = mlp_create({3, 4, 2}, 1);
    mlp_bias(first_only, 1)[0] = std::numeric_limits<float>::infinity();  // logit 0 of every row
    EXPECT_THROW(evaluate_classifier(first_only, course::slice_rows(data, 0, 1), 1), std::runtime_error)
        << "one row: its only non-finite logit is logits[0]";
}

TEST(TrainClassifier, BatchSizeIntMaxIsOneBatchPerEpoch) {
    // batch_size = INT_MAX on 6 rows: one batch of 6 an epoch, exactly the run with batch_size = 6
    // (the same shuffles, steps and schedule: same bits). The batch count as
    // (n + batch_size - 1) / batch_size overflows int here (6 + INT_MAX - 1) and gives 0 or a
    // negative count, and with it a cosine schedule of no steps. eval_batch_size = INT_MAX too.
    const Dataset train = random_data(6, 3, 2, 41), test = random_data(4, 3, 2, 42);
    TrainConfig config;
    config.epochs = 2;
    config.learning_rate = 0.5f;
    config.cosine_schedule = true;
    config.warmup_steps = 1;
    config.min_learning_rate = 0.05f;
    config.seed = 7;
    const Mlp start = mlp_create({3, 4, 2}, 3);
    config.batch_size = 6;
    config.eval_batch_size = 4;
    Mlp whole = start;
    const std::vector<EpochRecord> want = train_classifier(whole, train, test, config);
    config.batch_size = std::numeric_limits<int>::max();
    config.eval_batch_size = std::numeric_limits<int>::max();
    Mlp net = start;
    std::vector<EpochRecord> got;
    ASSERT_NO_THROW(got = train_classifier(net, train, test, config))
        << "batch_size = INT_MAX with 2 epochs of 6 rows: 2 steps in all";
    ASSERT_EQ(got.size(), want.size());
    EXPECT_EQ(net.params, whole.params) << "batch_size = INT_MAX must train as batch_size = n = 6: one step an epoch, "
                                           "the cosine schedule over 2 steps";
    for (std::size_t e = 0; e < got.size(); ++e) {
        EXPECT_EQ(got[e].train_loss, want[e].train_loss) << "epoch " << e;
        EXPECT_EQ(got[e].test_loss, want[e].test_loss) << "epoch " << e << ": evaluated in one batch of 4";
    }
}

}  // namespace
}  // namespace course::backprop
