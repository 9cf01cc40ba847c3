// Benchmarks of the grid worlds (exercise 2): environment steps per second on the cliff walk
// (deterministic) and on slippery FrozenLake 8x8 (one draw of the environment's generator per
// step), random actions, a reset after each end; and the model's construction.
//
// The same file builds twice: over the reference (reinforcement_learning_bench_reference) and over
// the learner's files (reinforcement_learning_bench_learner); a row whose function is still a stub
// says "not implemented yet". Run both with `./course bench reinforcement_learning`.
//
// Napkin math: a step is a range check, a division and a remainder by the number of columns, a
// load of one map character, a switch and a few stores: some 5-10 ns, ~100-200 M steps/s; the
// slippery step adds one mt19937_64 draw and the rejection in Rng::index (a few ns more). The
// random actions are drawn beforehand (4096 of them, seeded, cycled) so that the agent's own draws
// are not timed. The model of FrozenLake 8x8 is 256 lists of three outcomes: 256 small
// allocations, a few microseconds.
//
// Counters: items_per_second = steps per second (BM_EnvStep) or (s, a) lists per second
// (BM_EnvModel).
#include <benchmark/benchmark.h>

#include <cstddef>
#include <vector>

#include "course/error.hpp"
#include "course/random.hpp"
#include "reinforcement_learning/environments.hpp"

namespace {

namespace rl = course::reinforcement_learning;

enum class World { cliff_walking, frozen_lake_8x8 };

rl::GridWorld make(World world) {
    return world == World::cliff_walking ? rl::cliff_walking(1) : rl::frozen_lake(8, true, 1);
}

// BM_EnvStep: one step per iteration, random actions, reset after each end.
void BM_EnvStep(benchmark::State& state, World world) {
    std::vector<int> actions(4096);
    course::Rng rng(7);
    for (int& a : actions) a = rng.index(4);
    try {
        rl::GridWorld env = make(world);
        env.reset();
        env.step(actions[0]);  // a stub throws here, before timing
    } catch (const course::NotImplemented&) {
        state.SkipWithError("not implemented yet");
        return;
    }
    rl::GridWorld env = make(world);
    env.reset();
    std::size_t t = 0;
    long episodes = 0;
    for (auto _ : state) {
        const rl::Step o = env.step(actions[t++ & 4095]);
        benchmark::DoNotOptimize(o);
        if (o.done) {
            env.reset();
            ++episodes;
        }
    }
    state.SetItemsProcessed(state.iterations());
    // The cliff walk's random walker almost never reaches the goal (the cliff sends it back).
    if (episodes > 0) state.counters["steps_per_episode"] = double(state.iterations()) / double(episodes);
}

// BM_EnvModel: model() of the whole environment per iteration; items = S * A lists.
void BM_EnvModel(benchmark::State& state, World world) {
    try {
        rl::GridWorld env = make(world);
        benchmark::DoNotOptimize(env.model());  // a stub throws here, before timing
    } catch (const course::NotImplemented&) {
        state.SkipWithError("not implemented yet");
        return;
    }
    const rl::GridWorld env = make(world);
    for (auto _ : state) {
        rl::Model m = env.model();
        benchmark::DoNotOptimize(m.outcomes.data());
    }
    state.SetItemsProcessed(state.iterations() * env.num_states() * env.num_actions());
}

}  // namespace

BENCHMARK_CAPTURE(BM_EnvStep, cliff_walking, World::cliff_walking);
BENCHMARK_CAPTURE(BM_EnvStep, frozen_lake_8x8_slippery, World::frozen_lake_8x8);
BENCHMARK_CAPTURE(BM_EnvModel, cliff_walking, World::cliff_walking);
BENCHMARK_CAPTURE(BM_EnvModel, frozen_lake_8x8_slippery, World::frozen_lake_8x8);
