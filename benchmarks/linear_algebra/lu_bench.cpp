// Benchmarks: LU with partial pivoting and Cholesky, the course's versions against Eigen's.
//
// Napkin math. LU costs (2/3) n^3 flops, Cholesky (1/3) n^3: at n = 512, 89 and 45 MFLOP. One core
// with two 256-bit FMA units does 2 * 4 * 2 = 16 double flops a cycle, about 50 GFLOP/s at 3 GHz,
// so the floor is about 2 ms and 1 ms. The unblocked right-looking loops reach a fraction of that:
// step k reads and writes the whole (n - k) x (n - k) trailing block for 2 (n - k)^2 flops, i.e.
// 8 bytes of traffic per flop. At n = 512 the matrix is 2 MB, beyond L2, so the update runs at the
// speed of L3 (tens of GB/s): a few GFLOP/s. Eigen's blocked factorizations do most of their work
// as matrix-matrix products on cache-sized panels, each byte loaded feeding many flops, and run
// several times faster. The gap between the two rows is what blocking buys. Measured on a shared
// AVX2 EPYC core at n = 256 and 512: lu_decompose 3.3-3.9 GFLOP/s, Eigen 10; cholesky 3.1-3.9,
// Eigen 10-11.
//
// Each row reports `flops` as a rate (FLOP/s), from course::cost. Every row runs on one thread:
// Eigen::setNbThreads(1) stops Eigen from spreading its products over OpenMP threads, so both
// sides are measured on the same single core.
#include <benchmark/benchmark.h>

#include <Eigen/Cholesky>
#include <Eigen/LU>

#include "course/cost.hpp"
#include "course/eigen.hpp"
#include "course/error.hpp"
#include "course/random.hpp"
#include "linear_algebra/cholesky.hpp"
#include "linear_algebra/lu.hpp"

namespace {

using course::Matrix;

// well_conditioned: random entries in [-1, 1) plus n on the diagonal. The diagonal dominates each
// row (|a_ii| >= n - 1 > sum of the others), so A is far from singular.
Matrix well_conditioned(int n) {
    Matrix A = course::random_matrix(n, n, 42);
    A.diagonal().array() += n;
    return A;
}

// spd: symmetric with the same diagonal dominance, hence positive definite (Gershgorin).
Matrix spd(int n) {
    const Matrix R = course::random_matrix(n, n, 43);
    Matrix A = (R + R.transpose()) / 2.0;
    A.diagonal().array() += n;
    return A;
}

void set_flops(benchmark::State& state, double flops) {
    state.counters["flops"] = benchmark::Counter(flops, benchmark::Counter::kIsIterationInvariantRate);
}

// Both course routines take A by const reference and copy it into their working storage, so the
// same A serves every iteration. The first call, outside the timing loop, tells a stub apart.
template <typename Factor>
void run_course(benchmark::State& state, const Matrix& A, Factor factor, double flops) {
    try {
        benchmark::DoNotOptimize(factor(A));
    } catch (const course::NotImplemented&) {
        state.SkipWithError("not implemented yet");
        return;
    }
    for (auto _ : state) benchmark::DoNotOptimize(factor(A));
    set_flops(state, flops);
}

void BM_Lu_course(benchmark::State& state) {
    const int n = int(state.range(0));
    const Matrix A = well_conditioned(n);
    run_course(state, A, [](const Matrix& M) { return course::linear_algebra::lu_decompose(M); },
               course::cost::lu_flops(n));
}

// Eigen gets the same matrix in its native column-major layout, its fastest case.
void BM_Lu_eigen(benchmark::State& state) {
    Eigen::setNbThreads(1);
    const int n = int(state.range(0));
    const Eigen::MatrixXd A = well_conditioned(n);
    for (auto _ : state) {
        Eigen::PartialPivLU<Eigen::MatrixXd> lu(A);
        benchmark::DoNotOptimize(lu.matrixLU().data());
    }
    set_flops(state, course::cost::lu_flops(n));
}

void BM_Cholesky_course(benchmark::State& state) {
    const int n = int(state.range(0));
    const Matrix A = spd(n);
    run_course(state, A, [](const Matrix& M) { return course::linear_algebra::cholesky(M); },
               course::cost::cholesky_flops(n));
}

void BM_Cholesky_eigen(benchmark::State& state) {
    Eigen::setNbThreads(1);
    const int n = int(state.range(0));
    const Eigen::MatrixXd A = spd(n);
    for (auto _ : state) {
        Eigen::LLT<Eigen::MatrixXd> llt(A);
        benchmark::DoNotOptimize(llt.matrixLLT().data());
    }
    set_flops(state, course::cost::cholesky_flops(n));
}

BENCHMARK(BM_Lu_course)->Name("BM_Lu/lu_decompose")->RangeMultiplier(2)->Range(64, 1024)->ArgName("n")
    ->Unit(benchmark::kMillisecond);
BENCHMARK(BM_Lu_eigen)->Name("BM_Lu/eigen")->RangeMultiplier(2)->Range(64, 1024)->ArgName("n")
    ->Unit(benchmark::kMillisecond);
BENCHMARK(BM_Cholesky_course)->Name("BM_Cholesky/cholesky")->RangeMultiplier(2)->Range(64, 1024)->ArgName("n")
    ->Unit(benchmark::kMillisecond);
BENCHMARK(BM_Cholesky_eigen)->Name("BM_Cholesky/eigen")->RangeMultiplier(2)->Range(64, 1024)->ArgName("n")
    ->Unit(benchmark::kMillisecond);

}  // namespace
