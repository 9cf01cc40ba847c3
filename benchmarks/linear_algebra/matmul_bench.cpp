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
// vectorized) -> tiled (a tile of B copied, then reused from L2) -> packed (panels packed for the
// caches, a micro-tile of C in registers) -> omp (the packed algorithm on every core), beside Eigen
// and, when libopenblas-dev is installed, OpenBLAS.
//
// Every matmul row reports `flops` (a rate) and `peak_fraction`: its rate divided by this
// machine's peak for its thread count, measured in this same process by BM_PeakFma's loop
// (independent fused multiply-adds, nothing else; docs/performance.md).
#include <benchmark/benchmark.h>

#include <Eigen/Core>
#include <algorithm>
#include <chrono>
#include <cstddef>
#include <map>
#include <span>
#include <vector>

#if COURSE_HAVE_OPENBLAS
#include <cblas.h>
#endif

#include "course/cost.hpp"
#include "course/eigen.hpp"
#include "course/error.hpp"
#include "course/random.hpp"
#include "linear_algebra/matmul_abt.hpp"
#include "linear_algebra/matmul_ikj.hpp"
#include "linear_algebra/matmul_microkernel.hpp"
#include "linear_algebra/matmul_naive.hpp"
#include "linear_algebra/matmul_omp.hpp"
#include "linear_algebra/matmul_packed.hpp"
#include "linear_algebra/matmul_tiled.hpp"
#include "linear_algebra/matvec.hpp"
#include "linear_algebra/transpose.hpp"

namespace {

namespace la = course::linear_algebra;

// A block of 32 for transpose: a 32 x 32 fp32 block is 4 KiB per side; its 32 output rows are 32
// cache lines that stay in L1 while the block is written.
constexpr int kBlock = 32;

// Matmul: C (M, N) = A (M, K) B (K, N), the signature every rung of the ladder shares.
using Matmul = void (*)(std::span<float>, std::span<const float>, std::span<const float>, int, int, int);

// matmul_tiled_default: the tiled rung with la::default_tile_sizes(), a (128 x 256) tile of B,
// 128 KiB, copied and reused from L2 (the header says how it was chosen).
void matmul_tiled_default(std::span<float> C, std::span<const float> A, std::span<const float> B, int M, int N,
                          int K) {
    la::matmul_tiled(C, A, B, M, N, K, la::default_tile_sizes());
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

// ---- The machine's peak -------------------------------------------------------------------

// Vec: one SIMD register of floats, the width matmul_microkernel uses.
using Vec = float __attribute__((vector_size(la::kSimdBytes)));
constexpr int kChains = 12;  // independent FMA chains: more than latency (4) x FMA units (2)
constexpr double kFlopsPerStep = 2.0 * kChains * la::kSimdFloats;

// fma_chains: `steps` rounds of acc[c] = acc[c] * m + a on kChains registers: nothing but fused
// multiply-adds, no loads or stores in the loop. The factors keep the values near 1 (no overflow,
// no denormals). Returns a sum so that the compiler cannot drop the work.
float fma_chains(long steps) {
    // The constants go through DoNotOptimize: the compiler must not see their values, or it can
    // prove the chains constant (1 * 0.9999999 + 1e-7 rounds back to 1) and delete the loop.
    float one = 1.0f, factor = 0.9999999f, addend = 1e-7f;
    benchmark::DoNotOptimize(one);
    benchmark::DoNotOptimize(factor);
    benchmark::DoNotOptimize(addend);
    Vec acc[kChains];
    for (int c = 0; c < kChains; ++c) acc[c] = Vec{} + one + 0.001f * float(c);
    const Vec m = Vec{} + factor, a = Vec{} + addend;
    for (long s = 0; s < steps; ++s) {
#pragma GCC unroll 16
        for (int c = 0; c < kChains; ++c) acc[c] = acc[c] * m + a;
    }
    float sum = 0.0f;
    for (int c = 0; c < kChains; ++c)
        for (int l = 0; l < la::kSimdFloats; ++l) sum += acc[c][l];
    return sum;
}

// fma_rate: flops per second of fma_chains on `threads` threads at once, best of 3 runs of ~0.1 s.
double fma_rate(int threads) {
    const long steps = 40'000'000;
    double best = 0.0;
    for (int run = 0; run < 3; ++run) {
        const auto start = std::chrono::steady_clock::now();
        float sink = 0.0f;
#pragma omp parallel num_threads(threads) reduction(+ : sink)
        sink += fma_chains(steps);
        const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
        benchmark::DoNotOptimize(sink);
        best = std::max(best, kFlopsPerStep * double(steps) * threads / seconds);
    }
    return best;
}

// peak_flops: the measured peak for `threads` threads, measured once per process.
double peak_flops(int threads) {
    static std::map<int, double> measured;
    auto [it, inserted] = measured.try_emplace(threads, 0.0);
    if (inserted) it->second = fma_rate(threads);
    return it->second;
}

// BM_PeakFma: the peak itself as a row, one and two threads.
void BM_PeakFma(benchmark::State& state) {
    const int threads = int(state.range(0));
    const long steps = 1'000'000;
    for (auto _ : state) {
        float sink = 0.0f;
#pragma omp parallel num_threads(threads) reduction(+ : sink)
        sink += fma_chains(steps);
        benchmark::DoNotOptimize(sink);
    }
    state.counters["flops"] =
        benchmark::Counter(kFlopsPerStep * double(steps) * threads, benchmark::Counter::kIsIterationInvariantRate);
    state.counters["threads"] = threads;
}

// time_calls: runs the benchmark loop over `call` and returns its wall-clock seconds (the
// loop's own overhead is a few nanoseconds per iteration, against microseconds per call).
template <typename Call>
double time_calls(benchmark::State& state, Call call) {
    const auto start = std::chrono::steady_clock::now();
    for (auto _ : state) {
        call();
        benchmark::ClobberMemory();  // the outputs' stores count: they must reach memory every call
    }
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

// set_matmul_counters: `flops` per call as a rate, and `peak_fraction`: the achieved flops per
// wall-clock second over the measured peak for `threads` threads (peak_flops).
void set_matmul_counters(benchmark::State& state, double flops, int threads, double seconds) {
    state.counters["flops"] = benchmark::Counter(flops, benchmark::Counter::kIsIterationInvariantRate);
    state.counters["peak_fraction"] = flops * double(state.iterations()) / seconds / peak_flops(threads);
    state.counters["threads"] = threads;
}

// ---- The matmul ladder -----------------------------------------------------------------------

// Rung: a matmul C (M, N) = A (M, K) B (K, N) and the threads it uses.
struct Rung {
    Matmul matmul;
    int threads;
};

void matmul_packed_default(std::span<float> C, std::span<const float> A, std::span<const float> B, int M, int N,
                           int K) {
    la::matmul_packed(C, A, B, M, N, K);
}
void matmul_omp_1(std::span<float> C, std::span<const float> A, std::span<const float> B, int M, int N, int K) {
    la::matmul_omp(C, A, B, M, N, K, 1);
}
void matmul_omp_2(std::span<float> C, std::span<const float> A, std::span<const float> B, int M, int N, int K) {
    la::matmul_omp(C, A, B, M, N, K, 2);
}
void matmul_eigen_2(std::span<float> C, std::span<const float> A, std::span<const float> B, int M, int N, int K) {
    Eigen::setNbThreads(2);
    matmul_eigen(C, A, B, M, N, K);
    Eigen::setNbThreads(1);
}

#if COURSE_HAVE_OPENBLAS
// matmul_openblas: SGEMM, C = 1 * A B + 0 * C, row-major, on `threads` threads.
void openblas_sgemm(std::span<float> C, std::span<const float> A, std::span<const float> B, int M, int N, int K,
                    int threads) {
    openblas_set_num_threads(threads);
    cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, M, N, K, 1.0f, A.data(), K, B.data(), N, 0.0f, C.data(), N);
}
void matmul_openblas_1(std::span<float> C, std::span<const float> A, std::span<const float> B, int M, int N, int K) {
    openblas_sgemm(C, A, B, M, N, K, 1);
}
void matmul_openblas_2(std::span<float> C, std::span<const float> A, std::span<const float> B, int M, int N, int K) {
    openblas_sgemm(C, A, B, M, N, K, 2);
}
#endif

// run_product: times C (M, N) = A (M, K) B (K, N) by `matmul` on seeded inputs and sets the
// counters. (For A B^T the second input is read as Bt (N, K): the same number of elements.)
void run_product(benchmark::State& state, Matmul matmul, int M, int N, int K, int threads) {
    Eigen::setNbThreads(1);
    const std::vector<float> A = course::random_floats(size_t(M) * K, 1), B = course::random_floats(size_t(K) * N, 2);
    std::vector<float> C(size_t(M) * N);
    auto call = [&] { matmul(C, A, B, M, N, K); };
    if (!runs(state, call)) return;
    const double seconds = time_calls(state, call);
    set_matmul_counters(state, course::cost::matmul_flops(M, N, K), threads, seconds);
}

// BM_MatmulShape: an (M, K) x (K, N) product, rated in flops (2 M N K per call) and share of peak.
void BM_MatmulShape(benchmark::State& state, Rung rung) {
    run_product(state, rung.matmul, int(state.range(0)), int(state.range(2)), int(state.range(1)), rung.threads);
}

// BM_Matmul: n x n x n products.
void BM_Matmul(benchmark::State& state, Rung rung) {
    const int n = int(state.range(0));
    run_product(state, rung.matmul, n, n, n, rung.threads);
}

// BM_Microkernel: the micro-kernel alone on panels that stay in L1 and L2: the ceiling of the
// packed rung. 64 micro-panels of A (64 * kMR * kc floats, 384 KiB at kc = 256) against one of B.
void BM_Microkernel(benchmark::State& state) {
    const int kc = int(state.range(0)), panels = 64;
    const std::vector<float> A = course::random_floats(size_t(panels) * la::kMR * kc, 3);
    const std::vector<float> B = course::random_floats(size_t(la::kNR) * kc, 4);
    std::vector<float> C(size_t(panels) * la::kMR * la::kNR);
    const size_t a_len = size_t(la::kMR) * kc, c_len = size_t(la::kMR) * la::kNR;
    auto call = [&] {
        for (int r = 0; r < panels; ++r)
            la::matmul_microkernel(std::span(C).subspan(r * c_len, c_len), la::kNR,
                                   std::span(A).subspan(r * a_len, a_len), B, kc);
    };
    if (!runs(state, call)) return;
    const double seconds = time_calls(state, call);
    set_matmul_counters(state, 2.0 * panels * la::kMR * la::kNR * kc, 1, seconds);
}

// C = A B^T (attention's Q K^T): the stretch rung beside Eigen and OpenBLAS, one thread.
void matmul_abt_default(std::span<float> C, std::span<const float> A, std::span<const float> Bt, int M, int N,
                        int K) {
    la::matmul_abt(C, A, Bt, M, N, K);
}
void matmul_abt_eigen(std::span<float> C, std::span<const float> A, std::span<const float> Bt, int M, int N, int K) {
    course::as_matrix(C, M, N).noalias() = course::as_matrix(A, M, K) * course::as_matrix(Bt, N, K).transpose();
}
#if COURSE_HAVE_OPENBLAS
void matmul_abt_openblas(std::span<float> C, std::span<const float> A, std::span<const float> Bt, int M, int N,
                         int K) {
    openblas_set_num_threads(1);
    cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasTrans, M, N, K, 1.0f, A.data(), K, Bt.data(), K, 0.0f, C.data(), N);
}
#endif

void BM_MatmulAbt(benchmark::State& state, Matmul matmul_abt) {
    const int n = int(state.range(0));
    run_product(state, matmul_abt, n, n, n, 1);
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

BENCHMARK(BM_PeakFma)->ArgName("threads")->Arg(1)->Arg(2)->UseRealTime();
BENCHMARK(BM_Microkernel)->ArgName("kc")->Arg(64)->Arg(256)->UseRealTime();

// The naive rung stops at 1024 (2 GFLOP at well under 1 GFLOP/s is seconds per call). The other
// rungs go on to 2048, where B (16 MiB) no longer stays in this core's share of the L3 cache.
// Rows with threads use real (wall-clock) time: CPU time would add up the threads' time.
void square_sizes(benchmark::internal::Benchmark* b, int largest) {
    b->ArgName("n")->RangeMultiplier(2)->Range(64, largest)->Unit(benchmark::kMillisecond)->UseRealTime();
}
BENCHMARK_CAPTURE(BM_Matmul, naive, Rung{la::matmul_naive, 1})->Apply([](auto* b) { square_sizes(b, 1024); });
BENCHMARK_CAPTURE(BM_Matmul, ikj, Rung{la::matmul_ikj, 1})->Apply([](auto* b) { square_sizes(b, 2048); });
BENCHMARK_CAPTURE(BM_Matmul, tiled, Rung{matmul_tiled_default, 1})->Apply([](auto* b) { square_sizes(b, 2048); });
BENCHMARK_CAPTURE(BM_Matmul, packed, Rung{matmul_packed_default, 1})->Apply([](auto* b) { square_sizes(b, 2048); });
BENCHMARK_CAPTURE(BM_Matmul, omp:1, Rung{matmul_omp_1, 1})->Apply([](auto* b) { square_sizes(b, 2048); });
BENCHMARK_CAPTURE(BM_Matmul, omp:2, Rung{matmul_omp_2, 2})->Apply([](auto* b) { square_sizes(b, 2048); });
BENCHMARK_CAPTURE(BM_Matmul, eigen, Rung{matmul_eigen, 1})->Apply([](auto* b) { square_sizes(b, 2048); });
BENCHMARK_CAPTURE(BM_Matmul, eigen:2, Rung{matmul_eigen_2, 2})->Apply([](auto* b) { square_sizes(b, 2048); });
#if COURSE_HAVE_OPENBLAS
BENCHMARK_CAPTURE(BM_Matmul, openblas, Rung{matmul_openblas_1, 1})->Apply([](auto* b) { square_sizes(b, 2048); });
BENCHMARK_CAPTURE(BM_Matmul, openblas:2, Rung{matmul_openblas_2, 2})->Apply([](auto* b) { square_sizes(b, 2048); });
#endif

// Transformer shapes (GPT-2 small, 512 tokens): the attention projections (512 x 768 x 768) and
// the MLP's up and down projections (512 x 768 -> 3072 and 512 x 3072 -> 768).
void transformer_shapes(benchmark::internal::Benchmark* b) {
    b->ArgNames({"M", "K", "N"})->Args({512, 768, 768})->Args({512, 768, 3072})->Args({512, 3072, 768});
    b->Unit(benchmark::kMillisecond)->UseRealTime();
}
BENCHMARK_CAPTURE(BM_MatmulShape, packed, Rung{matmul_packed_default, 1})->Apply(transformer_shapes);
BENCHMARK_CAPTURE(BM_MatmulShape, omp:2, Rung{matmul_omp_2, 2})->Apply(transformer_shapes);
BENCHMARK_CAPTURE(BM_MatmulShape, eigen, Rung{matmul_eigen, 1})->Apply(transformer_shapes);
#if COURSE_HAVE_OPENBLAS
BENCHMARK_CAPTURE(BM_MatmulShape, openblas, Rung{matmul_openblas_1, 1})->Apply(transformer_shapes);
BENCHMARK_CAPTURE(BM_MatmulShape, openblas:2, Rung{matmul_openblas_2, 2})->Apply(transformer_shapes);
#endif

BENCHMARK_CAPTURE(BM_MatmulAbt, packed, matmul_abt_default)->Apply([](auto* b) { square_sizes(b, 1024); });
BENCHMARK_CAPTURE(BM_MatmulAbt, eigen, matmul_abt_eigen)->Apply([](auto* b) { square_sizes(b, 1024); });
#if COURSE_HAVE_OPENBLAS
BENCHMARK_CAPTURE(BM_MatmulAbt, openblas, matmul_abt_openblas)->Apply([](auto* b) { square_sizes(b, 1024); });
#endif

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
