// Benchmarks of the 10-armed testbed (exercise 1): the whole testbed of the book, 2000 runs x 1000
// steps, per method, on 1 and 2 threads.
//
// The same file builds twice: over the reference (reinforcement_learning_bench_reference) and over
// the learner's files (reinforcement_learning_bench_learner); a row whose function is still a stub
// says "not implemented yet". Run both with `./course bench reinforcement_learning`.
//
// Napkin math: a step of epsilon-greedy is one uniform draw, a pass over 10 values for the max and
// its ties, one normal draw (two uniforms, a log, a sqrt and a cos: ~20-30 ns), and an update with
// a division: some 50-80 ns, so 2 M steps take ~0.1-0.2 s on one core. UCB adds a log, 10 square
// roots and 10 divisions per step (~+50%); the gradient bandit 10 exps, a division pass and the
// O(k) update (~+100%). The runs are independent and the curves of a block of 256 runs take 4 MiB,
// written once: on 2 threads the testbed should run close to 2x (the serial sum in run order is
// 2 M additions, ~1 ms, under 1% of it).
//
// Counters: items_per_second = bandit steps per second (runs x steps per iteration), runs, threads.
// Real time (UseRealTime): CPU time would add the threads' time.
#include <benchmark/benchmark.h>

#include "course/error.hpp"
#include "reinforcement_learning/bandits.hpp"

namespace {

namespace rl = course::reinforcement_learning;

rl::BanditConfig config_of(rl::BanditMethod method) {
    switch (method) {
        case rl::BanditMethod::kUcb: return {.method = rl::BanditMethod::kUcb, .c = 2.0};
        case rl::BanditMethod::kGradient:
            return {.method = rl::BanditMethod::kGradient, .alpha = 0.1, .baseline = true, .true_mean = 4.0};
        default: return {.method = rl::BanditMethod::kEpsilonGreedy, .epsilon = 0.1};
    }
}

// BM_Testbed: bandit_testbed(config, threads) per iteration, the book's 2000 x 1000.
void BM_Testbed(benchmark::State& state, rl::BanditMethod method) {
    const int threads = int(state.range(0));
    const rl::BanditConfig config = config_of(method);
    try {
        rl::BanditConfig probe = config;
        probe.runs = 2;
        probe.steps = 2;
        benchmark::DoNotOptimize(rl::bandit_testbed(probe, threads));  // a stub throws here, before timing
    } catch (const course::NotImplemented&) {
        state.SkipWithError("not implemented yet");
        return;
    }
    for (auto _ : state) {
        rl::BanditCurves curves = rl::bandit_testbed(config, threads);
        benchmark::DoNotOptimize(curves.average_reward.data());
    }
    state.SetItemsProcessed(state.iterations() * std::int64_t(config.runs) * config.steps);
    state.counters["runs"] = config.runs;
    state.counters["threads"] = threads;
}

}  // namespace

BENCHMARK_CAPTURE(BM_Testbed, epsilon_greedy, rl::BanditMethod::kEpsilonGreedy)
    ->ArgName("threads")->Arg(1)->Arg(2)->UseRealTime()->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_Testbed, ucb, rl::BanditMethod::kUcb)
    ->ArgName("threads")->Arg(1)->Arg(2)->UseRealTime()->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_Testbed, gradient, rl::BanditMethod::kGradient)
    ->ArgName("threads")->Arg(1)->Arg(2)->UseRealTime()->Unit(benchmark::kMillisecond);
