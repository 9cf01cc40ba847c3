// Benchmarks of exercises 1 to 3: the row softmax, and one head of naive attention forward and
// backward, at GPT-2's head size hs = 64 and T from 64 to 1024, with and without the causal mask.
//
// The same file builds twice: over the reference (attention_bench_reference) and over the
// learner's files (attention_bench_learner); a row whose function is still a stub says "not
// implemented yet". Run both with `./course bench attention` (release preset).
//
// Napkin math: the forward is 2 T^2 hs flops for Q K^T and 2 T^2 hs for P V, 4 T^2 hs in all
// (0.27 GFLOP at T = 1024), plus T^2 exponentials; the causal mask skips the scores above the
// diagonal, so about half of that (the rows report the flops actually needed: 2 T (T + 1) hs).
// The backward is 4 products, 8 T^2 hs. The reference builds each row of scores (and of dP) as
// hs vectorized updates over a row of K^T (V^T), and P V as T updates over a row of V: simple
// loops, far from a blocked GEMM (flash attention is exercise 8's), so expect about 10 GFLOP/s
// forward and less backward (at T = 1024 in the default build, on a loaded machine: 11.5 and
// 4.4), far below the ~100 GFLOP/s of a core's FMA units. The softmax moves 2 rows cols floats
// (read, write) and computes one exponential per element: `bytes` counts the traffic; at
// T = 1024 its 4 MiB matrix lives in L2/L3.
#include <benchmark/benchmark.h>

#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

#include "attention/attention_backward.hpp"
#include "attention/attention_forward.hpp"
#include "attention/softmax.hpp"
#include "course/error.hpp"
#include "course/random.hpp"

namespace {

namespace at = course::attention;

// BM_Softmax: the row softmax of an (n, n) matrix of scores in [-4, 4), forward or backward.
void BM_Softmax(benchmark::State& state, bool backward) {
    const int n = int(state.range(0));
    const std::size_t size = std::size_t(n) * n;
    std::vector<float> inp = course::random_floats(size, 1), out(size), dout = course::random_floats(size, 2),
                       dinp(size);
    for (float& x : inp) x *= 4.0f;
    auto call = [&] {
        if (backward)
            at::softmax_backward(dinp, out, dout, n, n);
        else
            at::softmax_forward(out, inp, n, n);
    };
    try {
        at::softmax_forward(out, inp, n, n);  // a stub throws here, before timing
        call();
    } catch (const course::NotImplemented&) {
        state.SkipWithError("not implemented yet");
        return;
    }
    for (auto _ : state) {
        call();
        benchmark::ClobberMemory();
    }
    // forward: read inp, write out; backward: read out and dout, read and write dinp.
    const double bytes = double(size) * sizeof(float) * (backward ? 4.0 : 2.0);
    state.counters["bytes"] = benchmark::Counter(bytes, benchmark::Counter::kIsIterationInvariantRate);
}

// BM_Attention: one head, T = n, hs = 64, forward or backward, causal or not.
void BM_Attention(benchmark::State& state, bool backward, bool causal) {
    const int hs = int(state.range(0)), T = int(state.range(1));
    const std::size_t n = std::size_t(T) * hs;
    const std::vector<float> q = course::random_floats(n, 3), k = course::random_floats(n, 4),
                             v = course::random_floats(n, 5), dout = course::random_floats(n, 6);
    std::vector<float> out(n), att(std::size_t(T) * T), dq(n), dk(n), dv(n);
    const at::AttentionMask mask{causal, {}};
    auto call = [&] {
        if (backward)
            at::attention_backward(dq, dk, dv, dout, q, k, v, att, T, hs);
        else
            at::attention_forward(out, att, q, k, v, T, hs, mask);
    };
    try {
        at::attention_forward(out, att, q, k, v, T, hs, mask);  // the backward needs att
        call();
    } catch (const course::NotImplemented&) {
        state.SkipWithError("not implemented yet");
        return;
    }
    for (auto _ : state) {
        call();
        benchmark::ClobberMemory();
    }
    // The products actually needed: T^2 score pairs, or T (T + 1) / 2 under the causal mask.
    const double pairs = causal ? double(T) * (T + 1) / 2 : double(T) * T;
    const double flops = (backward ? 8.0 : 4.0) * pairs * hs;
    state.counters["flops"] = benchmark::Counter(flops, benchmark::Counter::kIsIterationInvariantRate);
}

void softmax_shapes(benchmark::internal::Benchmark* b) {
    b->ArgNames({"n"});
    for (int n : {64, 256, 1024}) b->Arg(n);
    b->Unit(benchmark::kMicrosecond);
}
void attention_shapes(benchmark::internal::Benchmark* b) {
    b->ArgNames({"hs", "n"});
    for (int n : {64, 256, 1024}) b->Args({64, n});
    b->Unit(benchmark::kMicrosecond);
}

BENCHMARK_CAPTURE(BM_Softmax, forward, false)->Apply(softmax_shapes);
BENCHMARK_CAPTURE(BM_Softmax, backward, true)->Apply(softmax_shapes);
BENCHMARK_CAPTURE(BM_Attention, forward, false, false)->Apply(attention_shapes);
BENCHMARK_CAPTURE(BM_Attention, forward/causal, false, true)->Apply(attention_shapes);
BENCHMARK_CAPTURE(BM_Attention, backward, true, false)->Apply(attention_shapes);
BENCHMARK_CAPTURE(BM_Attention, backward/causal, true, true)->Apply(attention_shapes);

}  // namespace
