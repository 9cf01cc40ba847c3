// Benchmark of one training step of the course's MLP (exercise 8), 784-256-256-10 (MNIST's shape),
// at batch 32 and 128 on 1 and 2 threads:
//
//     mlp_zero_grad, mlp_forward, softmax_cross_entropy_forward and _backward, mlp_backward,
//     sgd_step (lr 0.01, momentum 0.9)
//
// the step that benchmarks/backprop/torch_mlp_step.py times in PyTorch (nn.Linear x 3, ReLU,
// F.cross_entropy, torch.optim.SGD with momentum 0.9), with the same row names, so that the two
// print side by side. The same file builds over the reference and over the learner's files; a row
// whose function is still a stub says "not implemented yet". Run with `./course bench backprop`.
//
// Napkin math: the forward is 2 B sum_l C_l C_{l+1} flops = 2 B (784 * 256 + 256 * 256 + 256 * 10)
// = 2 B * 268 800, the backward twice that (dh = da W and dW = da^T h for every layer) less the
// input's dh_0, which nobody needs (mlp_backward passes linear_backward an empty dinp, and PyTorch
// skips it too: the input does not require grad): 2 B * 784 * 256 flops less, so a step is
// (6 * 268 800 - 2 * 784 * 256) B = 1 211 392 B flops: 155 MFLOP at B = 128, about 1.6 ms at the
// ~100 GFLOP/s of an AVX2 core with two FMA units. The rest is O(B C + params): ReLUs, biases, the loss, and sgd_step's pass over the
// 269 322 parameters (3 floats read and 2 written each, 5.4 MB: ~0.3 ms at 20 GB/s from DRAM, much
// less from L2/L3).
//
// Counters: `samples` (B per iteration, a rate: samples/s) and `flops` (1 211 392 B, a rate), `threads`. Real time (UseRealTime): CPU time would add the threads' time.
// The BM_MlpStepPart rows time the pieces of the same step alone (1 thread), to see where time goes.
#include <benchmark/benchmark.h>

#include <algorithm>
#include <cstddef>
#include <memory>
#include <span>
#include <vector>

#include "backprop/losses.hpp"
#include "backprop/mlp.hpp"
#include "course/error.hpp"
#include "course/random.hpp"

namespace {

namespace bp = course::backprop;

// Step: a net and one batch of seeded inputs and targets, with the step's buffers.
struct Step {
    int B;
    bp::Mlp net;
    std::vector<float> inp, logits, probs, dlogits, velocity;
    std::vector<int> targets;
    explicit Step(int b)
        : B(b),
          net(bp::mlp_create({784, 256, 256, 10}, 1)),
          inp(course::random_floats(std::size_t(b) * 784, 2)),
          logits(std::size_t(b) * 10),
          probs(logits.size()),
          dlogits(logits.size()),
          velocity(net.params.size(), 0.0f),
          targets(std::size_t(b)) {
        course::Rng rng(3);
        for (int& t : targets) t = rng.index(10);
    }
    void forward(int threads) { bp::mlp_forward(net, logits, inp, B, threads); }
    void loss() {
        bp::softmax_cross_entropy_forward(probs, logits, targets, B, 10);
        std::fill(dlogits.begin(), dlogits.end(), 0.0f);  // the backward adds
        bp::softmax_cross_entropy_backward(dlogits, probs, targets, B, 10);
    }
    void backward(int threads) { bp::mlp_backward(net, dlogits, inp, B, threads); }
    void update() { bp::sgd_step(net.params, net.grads, velocity, bp::SgdConfig{0.01f, 0.9f, 0.0f}); }
    void step(int threads) {
        bp::mlp_zero_grad(net);
        forward(threads);
        loss();
        backward(threads);
        update();
    }
};

// kFlopsPerSample: 6 sum_l C_l C_{l+1}, forward (2) and backward (4) of the three layers, less the
// input's gradient (2 * 784 * 256), which is not computed.
constexpr double kFlopsPerSample = 6.0 * (784.0 * 256 + 256.0 * 256 + 256.0 * 10) - 2.0 * 784 * 256;

template <typename Call>
bool runs(benchmark::State& state, Call call) {
    try {
        call();  // a stub throws here, before timing
        return true;
    } catch (const course::NotImplemented&) {
        state.SkipWithError("not implemented yet");
        return false;
    }
}

// BM_MlpStep: the whole step; args B, threads.
void BM_MlpStep(benchmark::State& state) {
    const int B = int(state.range(0)), threads = int(state.range(1));
    std::unique_ptr<Step> s;  // made inside runs(): a stub's mlp_create throws too
    if (!runs(state, [&] { s = std::make_unique<Step>(B); s->step(threads); })) return;
    for (auto _ : state) {
        s->step(threads);
        benchmark::ClobberMemory();
    }
    state.counters["samples"] = benchmark::Counter(B, benchmark::Counter::kIsIterationInvariantRate);
    state.counters["flops"] = benchmark::Counter(kFlopsPerSample * B, benchmark::Counter::kIsIterationInvariantRate);
    state.counters["threads"] = threads;
}
BENCHMARK(BM_MlpStep)
    ->ArgNames({"B", "threads"})
    ->Args({128, 1})
    ->Args({32, 1})
    ->Args({128, 2})
    ->Args({32, 2})
    ->Unit(benchmark::kMicrosecond)
    ->UseRealTime();

// Part: one piece of the step, timed alone on 1 thread (the others run once before, so that the
// buffers hold a real step's values).
enum class Part { zero_grad, forward, loss, backward, sgd };

void BM_MlpStepPart(benchmark::State& state, Part part) {
    const int B = int(state.range(0));
    std::unique_ptr<Step> s;
    if (!runs(state, [&] { s = std::make_unique<Step>(B); s->step(1); })) return;
    for (auto _ : state) {
        switch (part) {
        case Part::zero_grad: bp::mlp_zero_grad(s->net); break;
        case Part::forward: s->forward(1); break;
        case Part::loss: s->loss(); break;
        case Part::backward: s->backward(1); break;  // adds into grads: their values grow, the time does not
        case Part::sgd: s->update(); break;
        }
        benchmark::ClobberMemory();
    }
    state.counters["samples"] = benchmark::Counter(B, benchmark::Counter::kIsIterationInvariantRate);
}
void part_shapes(benchmark::internal::Benchmark* b) {
    b->ArgNames({"B"})->Arg(128)->Arg(32)->Unit(benchmark::kMicrosecond)->UseRealTime();
}
BENCHMARK_CAPTURE(BM_MlpStepPart, zero_grad, Part::zero_grad)->Apply(part_shapes);
BENCHMARK_CAPTURE(BM_MlpStepPart, forward, Part::forward)->Apply(part_shapes);
BENCHMARK_CAPTURE(BM_MlpStepPart, loss, Part::loss)->Apply(part_shapes);
BENCHMARK_CAPTURE(BM_MlpStepPart, backward, Part::backward)->Apply(part_shapes);
BENCHMARK_CAPTURE(BM_MlpStepPart, sgd, Part::sgd)->Apply(part_shapes);

}  // namespace
