// Benchmarks of the linear layer (exercise 4) at the shapes of the course's MLP, 784-256-256-10,
// at batch 32 and 128: forward and backward, on 1 and 2 threads, beside the same layer in Eigen.
//
// The same file builds twice: over the reference (backprop_bench_reference) and over the learner's
// files (backprop_bench_learner); a row whose function is still a stub says "not implemented yet".
// Run both with `./course bench backprop` (release preset, -O3). The /eigen rows are the yardstick
// ("(library)"): Eigen's own GEMM on the same row-major buffers.
//
// Napkin math: the forward is 2 B C OC flops, the backward twice that (dout W and dout^T inp); the
// bias, the transposes and the adds into the gradients are O(B C + C OC + B OC), under 1% of the
// flops at B = 128. The largest layer, 128 x 784 -> 256, is 51 MFLOP forward: at the ~100 GFLOP/s
// of an AVX2 core with two FMA units, 0.5 ms; its weight (800 KiB) sits in L2/L3, so the layer can
// run near the GEMM's speed. The last layer (OC = 10) is a thin product: a 10-wide output fills
// less than one kNR = 16 column strip, so at most 10/16 of the micro-kernel's lanes do work.
// A training step of the MLP at B = 128 costs 3 x (51 + 16.8 + 0.66) MFLOP, ~0.2 GFLOP.
//
// Every row reports `flops` (a rate, course/cost.hpp) and `threads`; all rows use real time
// (UseRealTime), since CPU time would add the threads' time.
#include <benchmark/benchmark.h>

#include <Eigen/Core>
#include <cstddef>
#include <span>
#include <vector>

#include "backprop/linear.hpp"
#include "course/cost.hpp"
#include "course/eigen.hpp"
#include "course/error.hpp"
#include "course/random.hpp"

namespace {

namespace bp = course::backprop;

// Layer: one layer's seeded buffers, inputs in [-1, 1).
struct Layer {
    int B, C, OC;
    std::vector<float> inp, weight, bias, out, dout, dinp, dweight, dbias;
    Layer(int b, int c, int oc)
        : B(b), C(c), OC(oc),
          inp(course::random_floats(std::size_t(b) * c, 1)),
          weight(course::random_floats(std::size_t(oc) * c, 2)),
          bias(course::random_floats(std::size_t(oc), 3)),
          out(std::size_t(b) * oc),
          dout(course::random_floats(std::size_t(b) * oc, 4)),
          dinp(std::size_t(b) * c),
          dweight(std::size_t(oc) * c),
          dbias(std::size_t(oc)) {}
};

// The Eigen layer: the same three products on the same row-major buffers, one or more threads.
void forward_eigen(Layer& l) {
    auto out = course::as_matrix(std::span<float>(l.out), l.B, l.OC);
    out.noalias() = course::as_matrix(std::span<const float>(l.inp), l.B, l.C) *
                    course::as_matrix(std::span<const float>(l.weight), l.OC, l.C).transpose();
    out.rowwise() += Eigen::Map<const Eigen::RowVectorXf>(l.bias.data(), l.OC);
}
void backward_eigen(Layer& l) {
    const auto dout = course::as_matrix(std::span<const float>(l.dout), l.B, l.OC);
    const auto inp = course::as_matrix(std::span<const float>(l.inp), l.B, l.C);
    course::as_matrix(std::span<float>(l.dinp), l.B, l.C).noalias() +=
        dout * course::as_matrix(std::span<const float>(l.weight), l.OC, l.C);
    course::as_matrix(std::span<float>(l.dweight), l.OC, l.C).noalias() += dout.transpose() * inp;
    Eigen::Map<Eigen::RowVectorXf>(l.dbias.data(), l.OC) += dout.colwise().sum();
}

// Pass: which pass, and whose.
enum class Pass { forward, backward, forward_eigen, backward_eigen };

// BM_Linear: one pass of one layer on `threads` threads; flops = 2 B C OC (forward) or twice that.
void BM_Linear(benchmark::State& state, Pass pass, int threads) {
    Layer l(int(state.range(0)), int(state.range(1)), int(state.range(2)));
    Eigen::setNbThreads(threads);
    auto call = [&] {
        switch (pass) {
        case Pass::forward: bp::linear_forward(l.out, l.inp, l.weight, l.bias, l.B, l.C, l.OC, threads); break;
        case Pass::backward:
            bp::linear_backward(l.dinp, l.dweight, l.dbias, l.dout, l.inp, l.weight, l.B, l.C, l.OC, threads);
            break;
        case Pass::forward_eigen: forward_eigen(l); break;
        case Pass::backward_eigen: backward_eigen(l); break;
        }
    };
    try {
        call();  // a stub throws here, before timing
    } catch (const course::NotImplemented&) {
        state.SkipWithError("not implemented yet");
        Eigen::setNbThreads(1);
        return;
    }
    for (auto _ : state) {
        call();
        benchmark::ClobberMemory();  // the outputs' stores count: they must reach memory every call
    }
    Eigen::setNbThreads(1);
    const bool backward = pass == Pass::backward || pass == Pass::backward_eigen;
    const double flops = (backward ? 2.0 : 1.0) * course::cost::matmul_flops(l.B, l.OC, l.C);
    state.counters["flops"] = benchmark::Counter(flops, benchmark::Counter::kIsIterationInvariantRate);
    state.counters["threads"] = threads;
}

// The MLP's three layers (784 -> 256 -> 256 -> 10) at batch 32 and 128.
void mlp_shapes(benchmark::internal::Benchmark* b) {
    b->ArgNames({"B", "C", "OC"});
    for (int B : {32, 128}) b->Args({B, 784, 256})->Args({B, 256, 256})->Args({B, 256, 10});
    b->Unit(benchmark::kMicrosecond)->UseRealTime();
}

BENCHMARK_CAPTURE(BM_Linear, forward, Pass::forward, 1)->Apply(mlp_shapes);
BENCHMARK_CAPTURE(BM_Linear, forward:2, Pass::forward, 2)->Apply(mlp_shapes);
BENCHMARK_CAPTURE(BM_Linear, forward/eigen, Pass::forward_eigen, 1)->Apply(mlp_shapes);
BENCHMARK_CAPTURE(BM_Linear, forward/eigen:2, Pass::forward_eigen, 2)->Apply(mlp_shapes);
BENCHMARK_CAPTURE(BM_Linear, backward, Pass::backward, 1)->Apply(mlp_shapes);
BENCHMARK_CAPTURE(BM_Linear, backward:2, Pass::backward, 2)->Apply(mlp_shapes);
BENCHMARK_CAPTURE(BM_Linear, backward/eigen, Pass::backward_eigen, 1)->Apply(mlp_shapes);
BENCHMARK_CAPTURE(BM_Linear, backward/eigen:2, Pass::backward_eigen, 2)->Apply(mlp_shapes);

}  // namespace
