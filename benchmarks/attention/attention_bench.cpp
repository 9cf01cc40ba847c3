// Benchmarks of exercise 8: attention forward at GPT-2's head size hs = 64 for T = 512 to 4096, one
// head and 12, causal or not, on 1 and 2 threads: the naive algorithm (exercise 2's
// attention_forward, head by head, with its (T, T) matrix) beside flash attention (exercise 8's
// flash_attention_heads). benchmarks/attention/torch_attention.py times softmax(Q K^T / sqrt(d)) V
// written out in PyTorch for the same shapes, with the same row names.
//
// The same file builds twice: over the reference (attention_bench_reference) and over the
// learner's files (attention_bench_learner); a row whose function is still a stub says "not
// implemented yet". Run both with `./course bench attention` (release preset), or one family with
// --benchmark_filter=BM_Flash.
//
// Counters. flops: 4 T^2 hs per head (2 for Q K^T, 2 for P V); causal rows count only the
// products a causal kernel needs, 2 T (T + 1) hs, about half: the GFLOP/s of a causal row and a
// full row are then comparable, and a causal row's time is the thing to compare with the full
// row's. peak_extra_bytes: the memory the call needs beyond q, k, v and out: the (T, T) matrix of
// probabilities per thread for the naive algorithm (64 MiB at T = 4096), the workspace per thread
// for flash (flash_attention_workspace_floats(64) = 20 736 floats, 81 KiB, whatever T is).
// Napkin math: one head at T = 4096 is 4.3 GFLOP; at the ~50 GFLOP/s an AVX2 core's FMA units
// sustain on small tiles that is about 90 ms, plus 16.8 M exponentials.
#include <benchmark/benchmark.h>
#include <omp.h>

#include <algorithm>
#include <cstddef>
#include <span>
#include <utility>
#include <vector>

#include "attention/attention_forward.hpp"
#include "attention/flash_attention.hpp"
#include "course/error.hpp"
#include "course/random.hpp"

namespace {

namespace at = course::attention;

struct Inputs {
    int heads, T, hs;
    std::vector<float> q, k, v, out;
    Inputs(int heads_, int T_, int hs_) : heads(heads_), T(T_), hs(hs_) {
        const std::size_t n = std::size_t(heads) * T * hs;
        q = course::random_floats(n, 3);
        k = course::random_floats(n, 4);
        v = course::random_floats(n, 5);
        out.assign(n, 0.0f);
    }
};

void set_counters(benchmark::State& state, int heads, int T, int hs, bool causal, double extra_bytes) {
    const double pairs = causal ? double(T) * (T + 1) / 2 : double(T) * T;
    state.counters["flops"] = benchmark::Counter(4.0 * pairs * hs * heads, benchmark::Counter::kIsIterationInvariantRate);
    state.counters["peak_extra_bytes"] = extra_bytes;
}

// BM_AttentionNaive: attention_forward on each head, the heads shared among the threads, each
// thread with its own (T, T) att.
void BM_AttentionNaive(benchmark::State& state) {
    const int T = int(state.range(0)), heads = int(state.range(1)), causal = int(state.range(2)),
              threads = int(state.range(3)), hs = 64;
    Inputs in(heads, T, hs);
    const std::size_t head = std::size_t(T) * hs, tt = std::size_t(T) * T;
    std::vector<std::vector<float>> att(threads, std::vector<float>(tt));
    const at::AttentionMask mask{causal != 0, {}};
    auto one = [&](int h, std::vector<float>& a) {
        const std::size_t off = std::size_t(h) * head;
        at::attention_forward(std::span<float>(in.out).subspan(off, head), a,
                              std::span<const float>(in.q).subspan(off, head),
                              std::span<const float>(in.k).subspan(off, head),
                              std::span<const float>(in.v).subspan(off, head), T, hs, mask);
    };
    try {
        one(0, att[0]);  // a stub throws here, before timing
    } catch (const course::NotImplemented&) {
        state.SkipWithError("not implemented yet");
        return;
    }
    for (auto _ : state) {
#pragma omp parallel for num_threads(threads) schedule(dynamic, 1)
        for (int h = 0; h < heads; ++h) one(h, att[std::size_t(omp_get_thread_num())]);
        benchmark::ClobberMemory();
    }
    set_counters(state, heads, T, hs, causal != 0, double(threads) * double(tt) * sizeof(float));
}

// BM_Flash: flash_attention_heads with the default 128 x 64 tiles.
void BM_Flash(benchmark::State& state) {
    const int T = int(state.range(0)), heads = int(state.range(1)), causal = int(state.range(2)),
              threads = int(state.range(3)), hs = 64;
    Inputs in(heads, T, hs);
    try {
        at::flash_attention_heads(in.out, in.q, in.k, in.v, 1, heads, T, hs, causal != 0, threads);
    } catch (const course::NotImplemented&) {
        state.SkipWithError("not implemented yet");
        return;
    }
    for (auto _ : state) {
        at::flash_attention_heads(in.out, in.q, in.k, in.v, 1, heads, T, hs, causal != 0, threads);
        benchmark::ClobberMemory();
    }
    set_counters(state, heads, T, hs, causal != 0,
                 double(std::min(threads, heads)) * double(at::flash_attention_workspace_floats(hs)) * sizeof(float));
}

// register_all: T = 512 .. 4096; one head on 1 thread, 12 heads on 1 and 2; causal or not; naive
// and flash. Rows of more than 1 GFLOP run once (naive) or twice (flash), the others for 0.2 s.
void register_all() {
    for (bool naive : {true, false})
        for (int T : {512, 1024, 2048, 4096})
            for (auto [heads, threads] : {std::pair{1, 1}, {12, 1}, {12, 2}})
                for (int causal : {0, 1}) {
                    auto* b = benchmark::RegisterBenchmark(naive ? "BM_AttentionNaive" : "BM_Flash",
                                                           naive ? BM_AttentionNaive : BM_Flash);
                    b->ArgNames({"T", "heads", "causal", "threads"})
                        ->Args({T, heads, causal, threads})
                        ->Unit(benchmark::kMillisecond)
                        ->UseRealTime();
                    const double gflop = 4.0 * T * T * 64.0 * heads / 1e9;
                    if (gflop > 1.0)
                        b->Iterations(naive ? 1 : 2);
                    else
                        b->MinTime(0.2);
                }
}

const bool registered = (register_all(), true);

}  // namespace
