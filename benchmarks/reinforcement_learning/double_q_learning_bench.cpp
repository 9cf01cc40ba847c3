// Benchmarks of double Q-learning (exercise 5): one update, whole runs on the cliff walk, and
// Figure 6.5's experiment on 1 and 2 threads.
//
// The same file builds twice: over the reference (reinforcement_learning_bench_reference) and over
// the learner's files (reinforcement_learning_bench_learner); a row whose function is still a stub
// says "not implemented yet". Run both with `./course bench reinforcement_learning`.
//
// Napkin math: an update is an argmax over A = 4 values (greedy_action: one pass for the max, one
// for its ties), a multiply-add and a few index checks: ~10-20 ns. A step of an episode adds the
// epsilon-greedy choice on Q1 + Q2 (a uniform draw, A additions, the argmax), the coin (a uniform
// draw) and the environment's step (a virtual call): ~40-60 ns, 20 M steps/s at best. Example
// 6.7's episodes are one or two steps long, so Figure 6.5's experiment costs about (1 + 2 * left)
// steps per episode and learner, plus a normal draw in B (~25 ns) and the per-episode bookkeeping:
// 1 000 runs x 300 episodes x 2 learners ~ 0.1 s on one core. Runs are independent and a block's
// sums are 4 x 300 doubles: 2 threads should come close to 2x.
//
// Counters: items_per_second = updates (BM_DoubleQUpdate), environment steps (BM_DoubleQLearning)
// or episodes of both learners (BM_MaximizationBias) per second; threads. Real time (UseRealTime)
// for the threaded rows: CPU time would add the threads' time.
#include <benchmark/benchmark.h>

#include <cstdint>
#include <vector>

#include "course/error.hpp"
#include "course/random.hpp"
#include "reinforcement_learning/double_q_learning.hpp"
#include "reinforcement_learning/environments.hpp"

namespace {

namespace rl = course::reinforcement_learning;

// BM_DoubleQUpdate: double_q_update on the cliff's 48 x 4 tables, transitions cycling over the
// states (the argmax row changes every update).
void BM_DoubleQUpdate(benchmark::State& state) {
    const int S = 48, A = 4;
    std::vector<double> q1 = course::random_doubles(std::size_t(S) * A, 1), q2 = course::random_doubles(std::size_t(S) * A, 2);
    course::Rng rng(3);
    try {
        rl::double_q_update(q1, q2, A, 0, 0, rl::Step{1, -1.0, false}, A, 0.5, 1.0, rng);
    } catch (const course::NotImplemented&) {
        state.SkipWithError("not implemented yet");
        return;
    }
    int s = 0;
    for (auto _ : state) {
        const int next = s + 1 == S ? 0 : s + 1;
        rl::double_q_update(q1, q2, A, s, s & 3, rl::Step{next, -1.0, false}, A, 0.5, 1.0, rng);
        s = next;
    }
    benchmark::DoNotOptimize(q1.data());
    state.SetItemsProcessed(state.iterations());
}

// BM_DoubleQLearning: 100 episodes of double Q-learning on the cliff walk (epsilon 0.1, alpha
// 0.5) from zero tables per iteration; items = the environment steps taken.
void BM_DoubleQLearning(benchmark::State& state) {
    const rl::DoubleQOptions options{0.5, 1.0, 0.1, 100000};
    try {
        rl::GridWorld probe = rl::cliff_walking(0);
        course::Rng rng(1);
        benchmark::DoNotOptimize(rl::double_q_learning(probe, 1, {}, options, rng));
    } catch (const course::NotImplemented&) {
        state.SkipWithError("not implemented yet");
        return;
    }
    std::int64_t steps = 0;
    std::uint64_t seed = 1;
    for (auto _ : state) {
        rl::GridWorld env = rl::cliff_walking(0);
        course::Rng rng(seed++);
        const rl::DoubleQResult result = rl::double_q_learning(env, 100, {}, options, rng);
        for (const rl::EpisodeRecord& r : result.records) steps += r.steps;
        benchmark::DoNotOptimize(result.q1.data());
    }
    state.SetItemsProcessed(steps);
}

// BM_MaximizationBias: Figure 6.5's experiment, 1 000 runs x 300 episodes of both learners (the
// book averages 10 000 runs: ten times this).
void BM_MaximizationBias(benchmark::State& state) {
    const int threads = int(state.range(0)), runs = 1000, episodes = 300;
    try {
        benchmark::DoNotOptimize(rl::maximization_bias_experiment(2, 2, 10, rl::DoubleQOptions{}, 1, threads));
    } catch (const course::NotImplemented&) {
        state.SkipWithError("not implemented yet");
        return;
    }
    for (auto _ : state) {
        rl::MaximizationBiasCurves curves = rl::maximization_bias_experiment(runs, episodes, 10, rl::DoubleQOptions{}, 1, threads);
        benchmark::DoNotOptimize(curves.double_q_left.data());
    }
    state.SetItemsProcessed(state.iterations() * std::int64_t(runs) * episodes * 2);
    state.counters["runs"] = runs;
    state.counters["threads"] = threads;
}

}  // namespace

BENCHMARK(BM_DoubleQUpdate)->Name("BM_DoubleQUpdate/cliff_tables");
BENCHMARK(BM_DoubleQLearning)->Name("BM_DoubleQLearning/cliff_100_episodes")->Unit(benchmark::kMillisecond);
BENCHMARK(BM_MaximizationBias)->Name("BM_MaximizationBias/figure_6_5")
    ->ArgName("threads")->Arg(1)->Arg(2)->UseRealTime()->Unit(benchmark::kMillisecond);
