// Benchmarks: the convergence race. Every optimizer of the module on the same problems, to the same
// tolerance (||grad f|| < 1e-6 ||grad f(x_0)||), reporting the time to get there and, as counters,
// the iterations and the evaluations of f, grad f and the Hessian it took, whether it got there
// (converged = 1) within the problem's iteration cap, and the final gap f(x_k) - f* where f* is
// known. The problems and racers are in race_problems.hpp.
//
// Napkin math. A quadratic with n = 100 costs one 100 x 100 matrix-vector product per gradient,
// 2e4 flops, a few microseconds; gradient descent needs about (kappa / 2) ln(1e6) steps, 7e3 for
// kappa = 1e3 and 7e6 for kappa = 1e6 (beyond the cap of 1e5: it does not finish), Nesterov about
// sqrt(kappa) ln(1e6), 440 and 1.4e4; CG at most n = 100 products; Newton one step costing a
// Cholesky factorization, n^3 / 3 = 3e5 flops; BFGS O(n^2) per step. The logistic problem
// (m = 10 000, d = 100) costs 4 m d = 4e6 flops per gradient, about a millisecond, and m d^2 = 1e8
// per Hessian (a symmetric rank-m update), about 15 ms: Newton's 6 Hessians cost as much as a
// hundred gradients, and the first-order methods need one to three hundred. Every row runs on one thread (Eigen::setNbThreads(1)): on a shared machine
// Eigen's OpenMP products were measured 20 times slower than single-threaded. Which wins is the point of the race: counts of evaluations explain the times.
#include <benchmark/benchmark.h>

#include <Eigen/Cholesky>
#include <cmath>
#include <map>
#include <string>

#include "course/error.hpp"
#include "race_problems.hpp"

namespace {

using race::Problem;
using race::Racer;

// problem_named: the problems, built once (the logistic data set takes a moment).
const Problem& problem_named(const std::string& name) {
    static std::map<std::string, Problem> cache;
    auto it = cache.find(name);
    if (it != cache.end()) return it->second;
    Problem p;
    if (name == "rosenbrock") p = race::rosenbrock();
    else if (name == "quad_kappa1e3") p = race::quadratic(100, 1e3, name);
    else if (name == "quad_kappa1e6") p = race::quadratic(100, 1e6, name);
    else p = race::logistic(10000, 100);
    return cache.emplace(name, std::move(p)).first->second;
}

void set_counters(benchmark::State& state, const Problem& p, const course::optimization::OptimizeResult& r) {
    state.counters["iterations"] = double(r.iterations);
    state.counters["value_evals"] = double(r.value_evaluations);
    state.counters["gradient_evals"] = double(r.gradient_evaluations);
    state.counters["hessian_evals"] = double(r.hessian_evaluations);
    state.counters["converged"] = r.converged ? 1.0 : 0.0;
    if (!std::isnan(p.f_star)) state.counters["gap"] = r.value - p.f_star;
}

void run_race(benchmark::State& state, const std::string& problem_name, const Racer& racer) {
    Eigen::setNbThreads(1);  // one core for every row: Eigen's OpenMP products would otherwise spread
    const Problem& p = problem_named(problem_name);
    const course::optimization::StopRule stop{p.gradient_tolerance(), p.max_iterations};
    race::RaceResult first;
    try {
        first = racer.run(p, stop);  // outside the timing: tells a stub, or a divergence, apart
    } catch (const course::NotImplemented&) {
        state.SkipWithError("not implemented yet");
        return;
    } catch (const course::optimization::DivergedError& e) {
        state.SkipWithError(e.what());
        return;
    }
    for (auto _ : state) benchmark::DoNotOptimize(racer.run(p, stop).result.value);
    set_counters(state, p, first.result);
}

// The baseline on the quadratics: Eigen's Cholesky solve of A x = b, the exact minimizer in one
// factorization (n^3 / 3 flops) and two triangular solves.
void run_eigen_llt(benchmark::State& state, const std::string& problem_name) {
    Eigen::setNbThreads(1);
    const Problem& p = problem_named(problem_name);
    for (auto _ : state) {
        const course::Vector x = Eigen::LLT<course::Matrix>(p.A).solve(p.b);
        benchmark::DoNotOptimize(x.data());
    }
    state.counters["iterations"] = 1.0;
    state.counters["converged"] = 1.0;
}

// register_race: one row per (problem, racer), named BM_Race/<problem>/<racer>/n:<n>.
struct RegisterRace {
    RegisterRace() {
        const std::pair<const char*, int> problems[] = {
            {"rosenbrock", 2}, {"quad_kappa1e3", 100}, {"quad_kappa1e6", 100}, {"logistic", 10000}};
        for (const auto& [problem, n] : problems) {
            const bool quadratic = std::string(problem).rfind("quad", 0) == 0;
            for (const Racer& racer : race::racers()) {
                if (racer.name == "conjugate_gradient" && !quadratic) continue;  // CG solves A x = b only
                const std::string name = "BM_Race/" + std::string(problem) + "/" + racer.name + "/n:" + std::to_string(n);
                benchmark::RegisterBenchmark(name.c_str(), [problem = std::string(problem), racer](benchmark::State& s) {
                    run_race(s, problem, racer);
                })->Unit(benchmark::kMillisecond);
            }
            if (quadratic) {
                const std::string name = "BM_Race/" + std::string(problem) + "/eigen_llt/n:" + std::to_string(n);
                benchmark::RegisterBenchmark(name.c_str(), [problem = std::string(problem)](benchmark::State& s) {
                    run_eigen_llt(s, problem);
                })->Unit(benchmark::kMillisecond);
            }
        }
    }
};
const RegisterRace register_race;

}  // namespace
