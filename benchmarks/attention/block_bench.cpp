// Benchmark of exercise 7: one GPT-2 transformer block, forward and backward, at GPT-2 small's
// width, B = 4, T = 256, C = 768, NH = 12 (hs = 64), causal, on 1 and 2 threads. The step:
//
//     transformer_block_forward, the gradients zeroed, transformer_block_backward (dinp included)
//
// which benchmarks/attention/torch_block.py times in PyTorch with the same row names. The same
// file builds over the reference and over the learner's files; a row whose function is still a
// stub says "not implemented yet". Run with `./course bench attention`.
//
// Napkin math: the four linear layers are 2 B T (3C C + C C + 4C C + 4C C) = 24 B T C^2 flops
// forward and twice that backward (dinp and dweight of each), 72 B T C^2 = 43.5 GFLOP; causal
// attention computes T (T + 1) / 2 scores per head, 2 B C T (T + 1) flops forward (Q K^T and
// P V) and twice that backward, 6 B C T (T + 1) = 1.2 GFLOP. So a step is 44.7 GFLOP, 97% of it
// in the GEMMs: about 0.5 s at the ~90 GFLOP/s of one AVX2 core with two FMA units. The rest is
// O(B T C) passes (LayerNorm, GELU over B T 4C = 3.1M elements, the residuals) and the (B, NH, T,
// T) probabilities, 3.1M floats.
//
// Measured (release build, one AVX2 core of the course's 2-core machine, shared, load ~1.3; the
// reference): forward + backward 693 ms = 1.48k tokens/s, 64.5 GFLOP/s (forward 248 ms, backward
// 468 ms, of which GELU forward + backward 53 ms: backprop's GELU in double, one element at a time);
// PyTorch 1.13 603 ms = 1.70k tokens/s, 74 GFLOP/s. The 2-thread rows need an idle machine.
//
// Counters: `tokens` (B T per iteration, a rate: tokens/s), `flops` (the 44.7 GFLOP above, a rate),
// `threads`. Real time (UseRealTime). The BM_TransformerBlockPart rows time the forward, the
// backward and the GELU (forward and backward over B T 4C elements) alone on 1 thread.
#include <benchmark/benchmark.h>

#include <algorithm>
#include <cstddef>
#include <memory>
#include <vector>

#include "attention/transformer_block.hpp"
#include "backprop/activations.hpp"
#include "course/error.hpp"
#include "course/random.hpp"

namespace {

namespace at = course::attention;

constexpr int kB = 4, kT = 256, kC = 768, kNH = 12;

// Block: the parameters (scaled as GPT-2's initialization: weights of spread 0.02, LayerNorm
// weights 1), an input, dout and the buffers of a step.
struct Block {
    at::MhaShape s{kB, kT, kC, kNH};
    std::vector<float> params, grads, acts, inp, out, dout, dinp;
    Block()
        : params(at::block_param_floats(kC)), grads(params.size()), acts(at::block_activation_floats(s)),
          inp(course::random_floats(s.tokens() * kC, 1)), out(inp.size()),
          dout(course::random_floats(inp.size(), 2)), dinp(inp.size()) {
        const std::vector<float> r = course::random_floats(params.size(), 3);
        for (std::size_t i = 0; i < params.size(); ++i) params[i] = 0.02f * r[i];
        const at::BlockParams p = at::block_params(params, kC);
        for (auto w : {p.ln1w, p.ln2w})
            std::fill(const_cast<float*>(w.data()), const_cast<float*>(w.data()) + w.size(), 1.0f);
    }
    void forward(int threads) {
        at::transformer_block_forward(out, at::block_activations(acts, s), inp, at::block_params(params, kC), s,
                                      {true, threads});
    }
    void backward(int threads) {
        std::fill(grads.begin(), grads.end(), 0.0f);
        std::fill(dinp.begin(), dinp.end(), 0.0f);
        at::transformer_block_backward(dinp, at::block_grads(grads, kC), dout, inp, at::block_params(params, kC),
                                       at::block_activations(acts, s), s, {true, threads});
    }
};

constexpr double kFlops = 72.0 * kB * kT * double(kC) * kC + 6.0 * kB * kC * double(kT) * (kT + 1);

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

// BM_TransformerBlock: forward + backward; args B, T, C, NH, threads.
void BM_TransformerBlock(benchmark::State& state) {
    const int threads = int(state.range(4));
    std::unique_ptr<Block> b;
    if (!runs(state, [&] { b = std::make_unique<Block>(); b->forward(threads); b->backward(threads); })) return;
    for (auto _ : state) {
        b->forward(threads);
        b->backward(threads);
        benchmark::ClobberMemory();
    }
    state.counters["tokens"] = benchmark::Counter(kB * kT, benchmark::Counter::kIsIterationInvariantRate);
    state.counters["flops"] = benchmark::Counter(kFlops, benchmark::Counter::kIsIterationInvariantRate);
    state.counters["threads"] = threads;
}
BENCHMARK(BM_TransformerBlock)
    ->ArgNames({"B", "T", "C", "NH", "threads"})
    ->Args({kB, kT, kC, kNH, 1})
    ->Args({kB, kT, kC, kNH, 2})
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime()
    ->MinTime(2.0);

enum class Part { forward, backward, gelu };

void BM_TransformerBlockPart(benchmark::State& state, Part part) {
    std::unique_ptr<Block> b;
    if (!runs(state, [&] { b = std::make_unique<Block>(); b->forward(1); b->backward(1); })) return;
    const at::BlockActivations a = at::block_activations(b->acts, b->s);
    std::vector<float> dfch(a.fch.size());
    for (auto _ : state) {
        switch (part) {
            case Part::forward: b->forward(1); break;
            case Part::backward: b->backward(1); break;
            case Part::gelu:
                course::backprop::gelu_tanh_forward(a.fch_gelu, a.fch);
                course::backprop::gelu_tanh_backward(dfch, a.fch, a.fch_gelu);
                break;
        }
        benchmark::ClobberMemory();
    }
    state.counters["tokens"] = benchmark::Counter(kB * kT, benchmark::Counter::kIsIterationInvariantRate);
}
BENCHMARK_CAPTURE(BM_TransformerBlockPart, forward, Part::forward)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK_CAPTURE(BM_TransformerBlockPart, backward, Part::backward)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK_CAPTURE(BM_TransformerBlockPart, gelu, Part::gelu)->Unit(benchmark::kMillisecond)->UseRealTime();

}  // namespace
