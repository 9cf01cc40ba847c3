// Benchmarks of tabular control (exercise 4): Q updates per second of whole learning runs on the
// cliff walk (Example 6.6, deterministic) and on slippery FrozenLake 8x8, for Q-learning, SARSA and
// Expected SARSA, and of the single Q-learning update.
//
// The same file builds twice: over the reference (reinforcement_learning_bench_reference) and over
// the learner's files (reinforcement_learning_bench_learner); a row whose function is still a stub
// says "not implemented yet". Run both with `./course bench reinforcement_learning`.
//
// Napkin math: a step of the loop is one epsilon-greedy choice (a uniform draw, a scan of A = 4
// values for the max and the ties, sometimes rng.index), one environment step (~5-10 ns, see
// environments_bench.cpp), one update (a max over 4 values for Q-learning, a second draw for SARSA,
// 4 products for Expected SARSA) and a few stores: some 20-40 ns, 25-50 M updates/s. Q (48 x 4 or
// 64 x 4 doubles, 2 KiB) stays in L1. A run of 100 episodes on the cliff is ~4 000 updates early
// in learning (the first episodes wander); FrozenLake's episodes end in a hole after ~10 steps.
//
// Counters: items_per_second = Q updates per second (BM_Control: over whole runs, so the resets
// and the allocation of Q are included; BM_QLearningUpdate: the update alone).
#include <benchmark/benchmark.h>

#include <cstdint>
#include <vector>

#include "course/error.hpp"
#include "course/random.hpp"
#include "reinforcement_learning/environments.hpp"
#include "reinforcement_learning/tabular_control.hpp"

namespace {

namespace rl = course::reinforcement_learning;

enum class World { cliff_walking, frozen_lake_8x8 };

rl::GridWorld make(World world) {
    return world == World::cliff_walking ? rl::cliff_walking(1) : rl::frozen_lake(8, true, 1);
}

// BM_Control: one learning run of 100 episodes per iteration (alpha 0.5, epsilon 0.1, gamma 1 on
// the cliff, 0.99 on FrozenLake), a new agent seed each run; items = the run's updates.
void BM_Control(benchmark::State& state, rl::ControlMethod method, World world) {
    rl::ControlOptions o;
    o.episodes = 100;
    o.alpha = 0.5;
    o.epsilon = 0.1;
    o.gamma = world == World::cliff_walking ? 1.0 : 0.99;
    try {
        rl::GridWorld env = make(world);
        course::Rng rng(0);
        rl::ControlOptions one = o;
        one.episodes = 1;
        benchmark::DoNotOptimize(rl::run_control(method, env, one, rng));  // a stub throws here, before timing
    } catch (const course::NotImplemented&) {
        state.SkipWithError("not implemented yet");
        return;
    }
    rl::GridWorld env = make(world);
    std::uint64_t seed = 1;
    std::int64_t updates = 0;
    for (auto _ : state) {
        course::Rng rng(seed++);
        const rl::ControlResult result = rl::run_control(method, env, o, rng);
        benchmark::DoNotOptimize(result.q.data());
        updates += result.updates;
    }
    state.SetItemsProcessed(updates);
    state.counters["updates_per_run"] = double(updates) / double(state.iterations());
}

// BM_QLearningUpdate: the update alone on a 48 x 4 table, cycling through seeded transitions.
void BM_QLearningUpdate(benchmark::State& state) {
    const int S = 48, A = 4;
    std::vector<double> q(S * A, 0.0);
    std::vector<rl::Transition> transitions(4096);
    course::Rng rng(3);
    for (rl::Transition& t : transitions)
        t = {rng.index(S), rng.index(A), rng.uniform(-1.0, 0.0), rng.index(S), rng.index(20) == 0};
    try {
        rl::q_learning_update(q, A, transitions[0], 0.5, 1.0);  // a stub throws here, before timing
    } catch (const course::NotImplemented&) {
        state.SkipWithError("not implemented yet");
        return;
    }
    std::size_t i = 0;
    for (auto _ : state) {
        rl::q_learning_update(q, A, transitions[i++ & 4095], 0.5, 0.99);
        benchmark::ClobberMemory();
    }
    benchmark::DoNotOptimize(q.data());
    state.SetItemsProcessed(state.iterations());
}

BENCHMARK_CAPTURE(BM_Control, q_learning/cliff, rl::ControlMethod::q_learning, World::cliff_walking);
BENCHMARK_CAPTURE(BM_Control, q_learning/frozen_lake_8x8, rl::ControlMethod::q_learning, World::frozen_lake_8x8);
BENCHMARK_CAPTURE(BM_Control, sarsa/cliff, rl::ControlMethod::sarsa, World::cliff_walking);
BENCHMARK_CAPTURE(BM_Control, sarsa/frozen_lake_8x8, rl::ControlMethod::sarsa, World::frozen_lake_8x8);
BENCHMARK_CAPTURE(BM_Control, expected_sarsa/cliff, rl::ControlMethod::expected_sarsa, World::cliff_walking);
BENCHMARK_CAPTURE(BM_Control, expected_sarsa/frozen_lake_8x8, rl::ControlMethod::expected_sarsa,
                  World::frozen_lake_8x8);
BENCHMARK(BM_QLearningUpdate);

}  // namespace
