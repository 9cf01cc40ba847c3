// Benchmarks: BFGS against L-BFGS as n grows, in memory and in time per iteration, on the same
// problem: the chained Rosenbrock function in n variables from (-1.2, 1, -1.2, 1, ...), whose value
// and gradient cost O(n), so that the optimizer's own work is what grows.
//
// Each row runs exactly 10 iterations (tolerance 0, max_iterations 10) and reports:
//   s_per_iteration  the time of one optimizer iteration (the run's time / 10), evaluations included
//   heap_bytes       the peak heap in use (glibc's mallinfo2) at the evaluations of f and grad f,
//                    minus the heap before the run: what the optimizer holds between its steps
//   model_bytes      what the method's state must hold: BFGS's matrix H, 8 n^2 bytes; L-BFGS's m
//                    pairs (s, y), 16 m n bytes (m = 10, the default)
//   value_evals, gradient_evals   the evaluations of the 10 iterations
// Rows: BM_QuasiNewton/<bfgs|lbfgs>/n:<n>; BFGS stops at n = 1000 (8 MB for H, and as much again
// for the update's copy; n = 3000 takes a quarter of a second per iteration), L-BFGS goes on to
// n = 10^6 (160 MB of pairs).
//
// Napkin math. BFGS: d = -H g and the update each read and write the n x n matrix: about 4 n^2
// flops and a few passes over 8 n^2 bytes per iteration: 10 ms at n = 1000, growing as n^2 (faster
// once H no longer fits in the cache). L-BFGS: 4 m n multiply-adds for the two loops, 4e5 at n = 10^4: tens of microseconds,
// comparable with the evaluations of f and grad f themselves.
#include <benchmark/benchmark.h>
#include <malloc.h>

#include <algorithm>
#include <cstddef>
#include <memory>
#include <string>

#include "course/error.hpp"
#include "optimization/optimization.hpp"

namespace {

using course::Vector;
using namespace course::optimization;

constexpr int kIterations = 10;
constexpr int kMemory = 10;  // LbfgsConfig's default m

std::size_t heap_bytes_in_use() {
    const struct mallinfo2 info = mallinfo2();
    return info.uordblks + info.hblkhd;
}

// chained_rosenbrock: f = sum_i 100 (x_{i+1} - x_i^2)^2 + (1 - x_i)^2, with its gradient; every call
// first records the heap in use into *peak.
Objective chained_rosenbrock(const std::shared_ptr<std::size_t>& peak) {
    Objective f;
    f.value = [peak](const Vector& x) {
        *peak = std::max(*peak, heap_bytes_in_use());
        double sum = 0.0;
        for (Eigen::Index i = 0; i + 1 < x.size(); ++i) {
            const double r = x[i + 1] - x[i] * x[i];
            sum += 100.0 * r * r + (1.0 - x[i]) * (1.0 - x[i]);
        }
        return sum;
    };
    f.gradient = [peak](const Vector& x) -> Vector {
        *peak = std::max(*peak, heap_bytes_in_use());
        Vector g = Vector::Zero(x.size());
        for (Eigen::Index i = 0; i + 1 < x.size(); ++i) {
            const double r = x[i + 1] - x[i] * x[i];
            g[i] += -400.0 * x[i] * r - 2.0 * (1.0 - x[i]);
            g[i + 1] += 200.0 * r;
        }
        return g;
    };
    return f;
}

Vector rosenbrock_start(int n) {
    Vector x(n);
    for (int i = 0; i < n; ++i) x(i) = i % 2 == 0 ? -1.2 : 1.0;
    return x;
}

OptimizeResult run(const std::string& method, const Objective& f, const Vector& x0) {
    const StopRule stop{0.0, kIterations};
    if (method == "bfgs") return bfgs(f, x0, stop);
    return lbfgs(f, x0, stop);  // memory kMemory, gamma from the newest pair
}

void quasi_newton(benchmark::State& state, const std::string& method, int n) {
    Eigen::setNbThreads(1);
    const auto peak = std::make_shared<std::size_t>(0);
    const Objective f = chained_rosenbrock(peak);
    const Vector x0 = rosenbrock_start(n);
    OptimizeResult first;
    const std::size_t before = heap_bytes_in_use();
    *peak = before;
    try {
        first = run(method, f, x0);  // outside the timing: tells a stub apart, and measures the heap
    } catch (const course::NotImplemented&) {
        state.SkipWithError("not implemented yet");
        return;
    }
    const std::size_t held = *peak > before ? *peak - before : 0;
    for (auto _ : state) benchmark::DoNotOptimize(run(method, f, x0).value);
    const double nd = double(n);
    state.counters["s_per_iteration"] = benchmark::Counter(
        double(first.iterations), benchmark::Counter::kIsIterationInvariantRate | benchmark::Counter::kInvert);
    state.counters["heap_bytes"] = double(held);
    state.counters["model_bytes"] = method == "bfgs" ? 8.0 * nd * nd : 16.0 * kMemory * nd;
    state.counters["value_evals"] = double(first.value_evaluations);
    state.counters["gradient_evals"] = double(first.gradient_evaluations);
}

struct RegisterQuasiNewton {
    RegisterQuasiNewton() {
        for (const char* method : {"bfgs", "lbfgs"}) {
            for (int n : {100, 300, 1000, 3000, 10000, 100000, 1000000}) {
                if (std::string(method) == "bfgs" && n > 1000) continue;  // 8 n^2 bytes: 800 MB at n = 10^4
                const std::string name = "BM_QuasiNewton/" + std::string(method) + "/n:" + std::to_string(n);
                benchmark::RegisterBenchmark(name.c_str(), [method = std::string(method), n](benchmark::State& s) {
                    quasi_newton(s, method, n);
                })->Unit(benchmark::kMillisecond);
            }
        }
    }
};
const RegisterQuasiNewton register_quasi_newton;

}  // namespace
