// Benchmarks of the dense kernels: the matmul ladder, matvec and transpose, each beside Eigen.
//
// The same file builds twice: over the reference (linear_algebra_bench_reference) and over the
// learner's files (linear_algebra_bench_learner); a row whose kernel is still a stub says
// "not implemented yet". Run both with `./course bench linear_algebra` (release preset, -O3).
//
// Napkin math, one core (every row here is single-threaded):
//   compute: an AVX2 core with two FMA units does 2 units x 8 fp32 lanes x 2 flops = 32 flops a
//            cycle, about 100 GFLOP/s at 3 GHz. A matmul does 2 n^3 flops on 3 n^2 numbers, so
//            it can reach that peak only if each number is reused ~n times from cache or registers.
//   memory:  one core streams roughly 10-20 GB/s from DRAM. matvec reads 4 n^2 bytes of A for
//            2 n^2 flops (0.5 flop per byte): at 4096 (64 MiB of A) it is bound by bandwidth, at a
//            few GFLOP/s, whatever the code does. transpose moves 8 n^2 bytes and does no flops.
//   caches:  L1 32 KiB, L2 512 KiB per core, L3 tens of MiB shared (typical of current x86).
// The ladder: naive (B read down columns, a cache miss per load at large n) -> ikj (stride 1,
// vectorized) -> tiled (a tile of B reused from cache) -> Eigen (packed, register-blocked).
#include <benchmark/benchmark.h>

#include <Eigen/Core>
#include <cstddef>
#include <span>
#include <vector>

#include "course/cost.hpp"
#include "course/eigen.hpp"
#include "course/error.hpp"
#include "course/random.hpp"
#include "linear_algebra/matmul_ikj.hpp"
#include "linear_algebra/matmul_naive.hpp"
#include "linear_algebra/matmul_tiled.hpp"
#include "linear_algebra/matvec.hpp"
#include "linear_algebra/transpose.hpp"

namespace {

namespace la = course::linear_algebra;

// A tile of 64: three 64 x 64 fp32 tiles (of A, B and C) take 3 * 16 KiB = 48 KiB, well inside a
// 512 KiB L2, and one tile of B (16 KiB) fits in a 32 KiB L1.
constexpr int kTile = 64;
// A block of 32 for transpose: a 32 x 32 fp32 block is 4 KiB per side; its 32 output rows are 32
// cache lines that stay in L1 while the block is written.
constexpr int kBlock = 32;

// Matmul: C (M, N) = A (M, K) B (K, N), the signature every rung of the ladder shares.
using Matmul = void (*)(std::span<float>, std::span<const float>, std::span<const float>, int, int, int);

void matmul_tiled_64(std::span<float> C, std::span<const float> A, std::span<const float> B, int M, int N, int K) {
    la::matmul_tiled(C, A, B, M, N, K, kTile);
}

// matmul_eigen: the yardstick. noalias() writes straight into C's storage, no temporary.
void matmul_eigen(std::span<float> C, std::span<const float> A, std::span<const float> B, int M, int N, int K) {
    course::as_matrix(C, M, N).noalias() = course::as_matrix(A, M, K) * course::as_matrix(B, K, N);
}

// runs: calls `kernel` once before timing. A stub throws course::NotImplemented there, and its
// row is skipped with a message instead of aborting the whole run.
template <typename Kernel>
bool runs(benchmark::State& state, Kernel kernel) {
    try {
        kernel();
        return true;
    } catch (const course::NotImplemented&) {
        state.SkipWithError("not implemented yet");
        return false;
    }
}

// BM_Matmul: n x n x n products, rated in flops (2 n^3 per call).
void BM_Matmul(benchmark::State& state, Matmul matmul) {
    const int n = int(state.range(0));
    Eigen::setNbThreads(1);  // all rows single-threaded, Eigen included
    const std::vector<float> A = course::random_floats(size_t(n) * n, 1), B = course::random_floats(size_t(n) * n, 2);
    std::vector<float> C(size_t(n) * n);
    auto call = [&] { matmul(C, A, B, n, n, n); };
    if (!runs(state, call)) return;
    for (auto _ : state) {
        call();
        benchmark::DoNotOptimize(C.data());
        benchmark::ClobberMemory();  // C's stores count: they must reach memory every iteration
    }
    state.counters["flops"] =
        benchmark::Counter(course::cost::matmul_flops(n, n, n), benchmark::Counter::kIsIterationInvariantRate);
    state.counters["threads"] = 1;
}

// Matvec: y (M) = A (M, N) x (N).
using Matvec = void (*)(std::span<float>, std::span<const float>, std::span<const float>, int, int);

void matvec_eigen(std::span<float> y, std::span<const float> A, std::span<const float> x, int M, int N) {
    Eigen::Map<course::VectorF>(y.data(), M).noalias() =
        course::as_matrix(A, M, N) * Eigen::Map<const course::VectorF>(x.data(), N);
}

// BM_Matvec: n x n times n, rated in bytes (A, x read once, y written once) and flops.
void BM_Matvec(benchmark::State& state, Matvec matvec) {
    const int n = int(state.range(0));
    Eigen::setNbThreads(1);
    const std::vector<float> A = course::random_floats(size_t(n) * n, 3), x = course::random_floats(size_t(n), 4);
    std::vector<float> y(static_cast<size_t>(n));
    auto call = [&] { matvec(y, A, x, n, n); };
    if (!runs(state, call)) return;
    for (auto _ : state) {
        call();
        benchmark::DoNotOptimize(y.data());
        benchmark::ClobberMemory();
    }
    const double bytes = sizeof(float) * (double(n) * n + 2.0 * n);
    state.counters["bytes"] = benchmark::Counter(bytes, benchmark::Counter::kIsIterationInvariantRate);
    state.counters["flops"] =
        benchmark::Counter(course::cost::matvec_flops(n, n), benchmark::Counter::kIsIterationInvariantRate);
}

// Transpose: out (cols, rows) = inp (rows, cols)^T.
using Transpose = void (*)(std::span<float>, std::span<const float>, int, int);

void transpose_blocked_32(std::span<float> out, std::span<const float> inp, int rows, int cols) {
    la::transpose_blocked(out, inp, rows, cols, kBlock);
}

void transpose_eigen(std::span<float> out, std::span<const float> inp, int rows, int cols) {
    course::as_matrix(out, cols, rows).noalias() = course::as_matrix(inp, rows, cols).transpose();
}

// BM_Transpose: n x n, rated in bytes (every element read once and written once).
void BM_Transpose(benchmark::State& state, Transpose transpose) {
    const int n = int(state.range(0));
    const std::vector<float> inp = course::random_floats(size_t(n) * n, 5);
    std::vector<float> out(size_t(n) * n);
    auto call = [&] { transpose(out, inp, n, n); };
    if (!runs(state, call)) return;
    for (auto _ : state) {
        call();
        benchmark::DoNotOptimize(out.data());
        benchmark::ClobberMemory();
    }
    state.counters["bytes"] = benchmark::Counter(course::cost::transpose_bytes(n, n, sizeof(float)),
                                                 benchmark::Counter::kIsIterationInvariantRate);
}

// The naive rung stops at 1024 (2 GFLOP at well under 1 GFLOP/s is seconds per call). The other
// rungs go on to 2048, where B (16 MiB) no longer stays in this core's share of the L3 cache and
// tiling pays off against ikj.
BENCHMARK_CAPTURE(BM_Matmul, naive, la::matmul_naive)->ArgName("n")->RangeMultiplier(2)->Range(64, 1024)
    ->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_Matmul, ikj, la::matmul_ikj)->ArgName("n")->RangeMultiplier(2)->Range(64, 2048)
    ->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_Matmul, tiled, matmul_tiled_64)->ArgName("n")->RangeMultiplier(2)->Range(64, 2048)
    ->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_Matmul, eigen, matmul_eigen)->ArgName("n")->RangeMultiplier(2)->Range(64, 2048)
    ->Unit(benchmark::kMillisecond);

BENCHMARK_CAPTURE(BM_Matvec, matvec, la::matvec)->ArgName("n")->RangeMultiplier(2)->Range(256, 4096)
    ->Unit(benchmark::kMicrosecond);
BENCHMARK_CAPTURE(BM_Matvec, eigen, matvec_eigen)->ArgName("n")->RangeMultiplier(2)->Range(256, 4096)
    ->Unit(benchmark::kMicrosecond);

BENCHMARK_CAPTURE(BM_Transpose, naive, la::transpose_naive)->ArgName("n")->RangeMultiplier(2)->Range(256, 4096)
    ->Unit(benchmark::kMicrosecond);
BENCHMARK_CAPTURE(BM_Transpose, blocked, transpose_blocked_32)->ArgName("n")->RangeMultiplier(2)->Range(256, 4096)
    ->Unit(benchmark::kMicrosecond);
BENCHMARK_CAPTURE(BM_Transpose, eigen, transpose_eigen)->ArgName("n")->RangeMultiplier(2)->Range(256, 4096)
    ->Unit(benchmark::kMicrosecond);

}  // namespace
