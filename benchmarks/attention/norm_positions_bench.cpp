// Benchmarks of exercises 5 and 6: layernorm and rmsnorm, forward and backward, and RoPE, at
// GPT-2 small's shapes (C = 768, 12 heads of 64) for B T = 1024 tokens (B = 4, T = 256: the
// block benchmark's shape), beside an Eigen layernorm forward on the same buffers.
//
// The same file builds over the reference (attention_bench_reference) and over the learner's files
// (attention_bench_learner); a row whose function is still a stub says "not implemented yet".
//
// Napkin math: these kernels are memory-bound passes, a few flops per element. The layernorm
// forward reads inp (N C floats) and writes out (N C): 8 N C bytes = 6.3 MB at N = 1024, C = 768,
// which does not fit in L2, so the floor is DRAM or L3 bandwidth (~10-20 GB/s for one core), about
// 0.3-0.6 ms. The reference reads each row three times (mean, variance, output), from L1 since a
// row is 3 KiB; its double arithmetic (converts, no float SIMD) may make it compute-bound instead.
// The backward reads dout, inp and writes dinp: 12 N C bytes. RoPE reads and writes q: 8 B T C
// bytes, plus T hs/2 sines and cosines in double (256 x 32 x 2 = 16k, ~20 ns each: ~0.3 ms, about
// as much as the memory traffic; they are shared by the B NH = 48 heads of a position).
// Counters: `bytes` (a rate: the buffers each call must read and write at least once).
// Measured (reference, release, one core, CPU time, N = 1024, C = 768): layernorm forward
// 0.58-0.66 ms (10 GB/s) against Eigen's float version 0.25-0.33 ms (19-25 GB/s): the double
// statistics, kept for accuracy, cost about a factor 2; backward 1.2 ms (2.0 ms while its second
// pass was one loop that GCC did not vectorize); rmsnorm forward 0.42 ms, backward 0.90 ms; RoPE
// on (4, 256, 12, 64): 0.73 ms forward, 0.69 ms backward (a loaded machine: to be measured again).
#include <benchmark/benchmark.h>

#include <Eigen/Core>
#include <cmath>
#include <cstddef>
#include <span>
#include <vector>

#include "attention/layernorm.hpp"
#include "attention/positions.hpp"
#include "course/error.hpp"
#include "course/random.hpp"

namespace {

namespace at = course::attention;

// Norm: one layer's seeded buffers, N rows of C.
struct Norm {
    int N, C;
    std::vector<float> inp, weight, bias, out, mean, rstd, dout, dinp, dweight, dbias;
    Norm(int n, int c)
        : N(n), C(c),
          inp(course::random_floats(std::size_t(n) * c, 1)),
          weight(course::random_floats(std::size_t(c), 2)),
          bias(course::random_floats(std::size_t(c), 3)),
          out(std::size_t(n) * c),
          mean(std::size_t(n)),
          rstd(std::size_t(n), 1.0f),
          dout(course::random_floats(std::size_t(n) * c, 4)),
          dinp(std::size_t(n) * c),
          dweight(std::size_t(c)),
          dbias(std::size_t(c)) {}
};

// layernorm_eigen: the same forward with Eigen's row-wise reductions (the yardstick: Eigen
// vectorizes them; its two-pass statistics are float sums, less accurate than the course's double).
void layernorm_eigen(Norm& l) {
    using RowMajor = Eigen::Matrix<float, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;
    const Eigen::Map<const RowMajor> x(l.inp.data(), l.N, l.C);
    Eigen::Map<RowMajor> y(l.out.data(), l.N, l.C);
    const Eigen::Map<const Eigen::RowVectorXf> w(l.weight.data(), l.C), b(l.bias.data(), l.C);
    for (int n = 0; n < l.N; ++n) {
        const float m = x.row(n).mean();
        const float v = (x.row(n).array() - m).square().mean();
        const float r = 1.0f / std::sqrt(v + at::kLayernormEps);
        y.row(n) = ((x.row(n).array() - m) * r * w.array() + b.array()).matrix();
        l.mean[std::size_t(n)] = m;
        l.rstd[std::size_t(n)] = r;
    }
}

enum class Op { layernorm_forward, layernorm_backward, layernorm_eigen, rmsnorm_forward, rmsnorm_backward };

// BM_Norm: one pass over N rows of C; bytes = the (N, C) buffers read and written once.
void BM_Norm(benchmark::State& state, Op op) {
    Norm l(int(state.range(0)), int(state.range(1)));
    auto call = [&] {
        switch (op) {
        case Op::layernorm_forward: at::layernorm_forward(l.out, l.mean, l.rstd, l.inp, l.weight, l.bias, l.N, l.C); break;
        case Op::layernorm_backward:
            at::layernorm_backward(l.dinp, l.dweight, l.dbias, l.dout, l.inp, l.weight, l.mean, l.rstd, l.N, l.C);
            break;
        case Op::layernorm_eigen: layernorm_eigen(l); break;
        case Op::rmsnorm_forward: at::rmsnorm_forward(l.out, l.rstd, l.inp, l.weight, l.N, l.C); break;
        case Op::rmsnorm_backward: at::rmsnorm_backward(l.dinp, l.dweight, l.dout, l.inp, l.weight, l.rstd, l.N, l.C); break;
        }
    };
    try {
        call();  // a stub throws here, before timing
    } catch (const course::NotImplemented&) {
        state.SkipWithError("not implemented yet");
        return;
    }
    for (auto _ : state) {
        call();
        benchmark::ClobberMemory();
    }
    const bool backward = op == Op::layernorm_backward || op == Op::rmsnorm_backward;
    const double bytes = (backward ? 3.0 : 2.0) * double(l.N) * l.C * sizeof(float);
    state.counters["bytes"] = benchmark::Counter(bytes, benchmark::Counter::kIsIterationInvariantRate);
}

// BM_Rope: q of (B, T, NH, hs) rotated (forward, in place) or its gradient added (backward).
void BM_Rope(benchmark::State& state, bool backward) {
    const int B = int(state.range(0)), T = int(state.range(1)), NH = int(state.range(2)), hs = int(state.range(3));
    const std::size_t n = std::size_t(B) * T * NH * hs;
    std::vector<float> q = course::random_floats(n, 5), dq(n);
    auto call = [&] {
        if (backward)
            at::rope_backward(dq, q, B, T, NH, hs);
        else
            at::rope_forward(q, q, B, T, NH, hs);
    };
    try {
        call();
    } catch (const course::NotImplemented&) {
        state.SkipWithError("not implemented yet");
        return;
    }
    for (auto _ : state) {
        call();
        benchmark::ClobberMemory();
    }
    const double bytes = (backward ? 3.0 : 2.0) * double(n) * sizeof(float);
    state.counters["bytes"] = benchmark::Counter(bytes, benchmark::Counter::kIsIterationInvariantRate);
}

void norm_shapes(benchmark::internal::Benchmark* b) {
    b->ArgNames({"N", "C"})->Args({64, 768})->Args({1024, 768})->Unit(benchmark::kMicrosecond);
}
void rope_shapes(benchmark::internal::Benchmark* b) {
    b->ArgNames({"B", "T", "NH", "hs"})->Args({1, 64, 12, 64})->Args({4, 256, 12, 64})->Unit(benchmark::kMicrosecond);
}

BENCHMARK_CAPTURE(BM_Norm, layernorm_forward, Op::layernorm_forward)->Apply(norm_shapes);
BENCHMARK_CAPTURE(BM_Norm, layernorm_forward/eigen, Op::layernorm_eigen)->Apply(norm_shapes);
BENCHMARK_CAPTURE(BM_Norm, layernorm_backward, Op::layernorm_backward)->Apply(norm_shapes);
BENCHMARK_CAPTURE(BM_Norm, rmsnorm_forward, Op::rmsnorm_forward)->Apply(norm_shapes);
BENCHMARK_CAPTURE(BM_Norm, rmsnorm_backward, Op::rmsnorm_backward)->Apply(norm_shapes);
BENCHMARK_CAPTURE(BM_Rope, forward, false)->Apply(rope_shapes);
BENCHMARK_CAPTURE(BM_Rope, backward, true)->Apply(rope_shapes);

}  // namespace
