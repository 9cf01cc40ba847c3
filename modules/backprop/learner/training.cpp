// Exercise 10: training a classifier. Contract: include/backprop/training.hpp
// Notes: docs/backprop.md#training.  Hints: ./course hint backprop training
// Grade it:  ./course grade backprop training
//
//     each epoch: a new shuffle; for each batch S (the last may be smaller):
//         L_S = mean cross-entropy of S;  g = dL_S/dtheta;  theta = step(theta, g, lr_s)
//     train_loss = (1/n) sum_S |S| L_S
#include "backprop/training.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <stdexcept>
#include <utility>
#include <vector>

#include "backprop/losses.hpp"
#include "backprop/mlp.hpp"
#include "course/error.hpp"
#include "optimization/adaptive_steps.hpp"

namespace course::backprop {

void shuffle_indices(std::span<int> order, course::Rng& rng) {
    // TODO(learner): order[i] = i, then for i = n-1 down to 1: j = rng.index(i + 1), swap.
    COURSE_TODO("shuffle_indices");
}

Evaluation evaluate_classifier(Mlp& net, const course::Dataset& data, int batch_size, int threads) {
    check_evaluate_arguments(net, data, batch_size, threads);
    // TODO(learner): batches of the data in order: mlp_forward, softmax_cross_entropy_forward (times
    // the batch's size, summed in double), and the argmax of each row's logits (first on ties).
    COURSE_TODO("evaluate_classifier");
}

std::vector<EpochRecord> train_classifier(Mlp& net, const course::Dataset& train, const course::Dataset& test,
                                          const TrainConfig& config) {
    check_train_arguments(net, train, test, config);
    // TODO(learner): one course::Rng(config.seed) for the whole run; each epoch shuffle_indices,
    // then per batch: forward, loss, mlp_zero_grad, backward, clip, the step with this step's rate.
    // Hint: the last batch holds the rest; weigh each batch's loss by its size in the epoch's mean.
    COURSE_TODO("train_classifier");
}

}  // namespace course::backprop
