// Benchmarks of policy gradient (exercise 6): CartPole steps per second (the dynamics alone, random
// pushes), and whole REINFORCE-with-baseline runs: CartPole trained until solved (about 37 000
// steps) and the short corridor's 1000 episodes (Figure 13.2's settings), in steps per second.
//
// The same file builds twice: over the reference (reinforcement_learning_bench_reference) and over
// the learner's files (reinforcement_learning_bench_learner); a row whose function is still a stub
// says "not implemented yet". Run both with `./course bench reinforcement_learning`.
//
// Napkin math: a cart-pole step is a sine, a cosine and about 20 flops: some 20-30 ns with libm's
// sin and cos, 30-50 M steps/s. A training step adds the softmax over 2 actions (4 multiply-adds
// and an exp), the sample (one mt19937_64 draw), the record (13 doubles pushed) and, after the
// episode, the update (one more softmax, 9 + 8 multiply-adds): some 100-150 ns, 7-10 M steps/s.
// The corridor's steps are the same work with d = 2 and no dynamics.
//
// Counters: items_per_second = environment steps per second.
#include <benchmark/benchmark.h>

#include <cstddef>
#include <vector>

#include "course/error.hpp"
#include "course/random.hpp"
#include "reinforcement_learning/policy_gradient.hpp"

namespace {

namespace rl = course::reinforcement_learning;

// BM_CartPole/step: one CartPole::step per iteration (cartpole_dynamics and the limits), random
// pushes drawn beforehand, a reset after each end.
void BM_CartPoleStep(benchmark::State& state) {
    std::vector<int> actions(4096);
    course::Rng rng(7);
    for (int& a : actions) a = rng.index(2);
    rl::CartPole env(1);
    env.reset();
    try {
        env.step(actions[0]);  // a stub throws here, before timing
    } catch (const course::NotImplemented&) {
        state.SkipWithError("not implemented yet");
        return;
    }
    std::size_t t = 0;
    long episodes = 0;
    for (auto _ : state) {
        const rl::CartPoleStep s = env.step(actions[t++ & 4095]);
        benchmark::DoNotOptimize(s);
        if (s.done) {
            env.reset();
            ++episodes;
        }
    }
    state.SetItemsProcessed(state.iterations());
    if (episodes > 0) state.counters["steps_per_episode"] = double(state.iterations()) / double(episodes);
}

// BM_ReinforceCartPole/solve: reinforce_cartpole(kCartPoleSettings, 1000, seed 1) per iteration,
// until solved (211 episodes); items = the steps of the run.
void BM_ReinforceCartPoleSolve(benchmark::State& state) {
    try {
        benchmark::DoNotOptimize(rl::reinforce_cartpole(rl::kCartPoleSettings, 1, 1));
    } catch (const course::NotImplemented&) {
        state.SkipWithError("not implemented yet");
        return;
    }
    double steps = 0, episodes = 0;
    for (auto _ : state) {
        const rl::TrainingRun run = rl::reinforce_cartpole(rl::kCartPoleSettings, 1000, 1);
        steps = 0;
        for (double r : run.returns) steps += r;  // one reward per step
        episodes = double(run.returns.size());
    }
    state.SetItemsProcessed(state.iterations() * static_cast<long>(steps));
    state.counters["episodes"] = episodes;
}

// BM_ReinforceShortCorridor/1000_episodes: Figure 13.2's settings from the book's start, seed 1;
// items = the steps of the run (each return is minus its episode's length).
void BM_ReinforceShortCorridor(benchmark::State& state) {
    const rl::ReinforceSettings settings{0x1p-9, 0x1p-6, 1.0, true};
    try {
        benchmark::DoNotOptimize(rl::reinforce_short_corridor(settings, 1, rl::kCorridorStartTheta, 1));
    } catch (const course::NotImplemented&) {
        state.SkipWithError("not implemented yet");
        return;
    }
    double steps = 0;
    for (auto _ : state) {
        const rl::TrainingRun run = rl::reinforce_short_corridor(settings, 1000, rl::kCorridorStartTheta, 1);
        steps = 0;
        for (double r : run.returns) steps -= r;
    }
    state.SetItemsProcessed(state.iterations() * static_cast<long>(steps));
}

}  // namespace

BENCHMARK(BM_CartPoleStep)->Name("BM_CartPole/step");
BENCHMARK(BM_ReinforceCartPoleSolve)->Name("BM_ReinforceCartPole/solve")->Unit(benchmark::kMillisecond);
BENCHMARK(BM_ReinforceShortCorridor)->Name("BM_ReinforceShortCorridor/1000_episodes")->Unit(benchmark::kMillisecond);
