// plot_data: writes the data of the reinforcement_learning module's plots into <out_dir>, as plain
// whitespace-separated columns that plot.gp draws (./course plot reinforcement_learning runs this
// program built over the reference and over your files, then gnuplot). The book's figures
// (Sutton & Barto, 2nd ed.) and their settings:
//
//   figure_2_2.dat     step  reward(eps 0, 0.01, 0.1)  optimal%(eps 0, 0.01, 0.1)
//                      the 10-armed testbed, sample averages, 2 000 runs x 1 000 steps
//   figure_2_3.dat     step  optimal%(optimistic Q1 = 5, eps 0)  optimal%(realistic Q1 = 0, eps 0.1)
//                      both with the constant step alpha = 0.1
//   figure_2_4.dat     step  reward(UCB c = 2)  reward(eps-greedy 0.1)
//   figure_6_4.dat     episode  sum of rewards(SARSA)  (Q-learning): the cliff walk, alpha 0.5,
//                      eps 0.1, averaged over 200 runs, then over the 10 episodes ending there
//   cliff_paths.dat    method  step  row  col: the greedy paths of one SARSA and one Q-learning run
//                      (500 episodes each; 0 SARSA, 1 Q-learning, a blank line between)
//   cliff_map.dat      row  col  cell: the map (S, C, G or .)
//   frozen_lake.dat    col  row  v*  cell: FrozenLake 8x8, slippery, gamma 0.99, value iteration
//   figure_6_5.dat     episode  left%(Q-learning)  left%(double Q): Example 6.7, 10 000 runs
//   figure_13_2.dat    episode  return(REINFORCE)  return(with baseline): the short corridor,
//                      100 runs, the book's step sizes
//   cartpole.dat       episode  return  mean of the last 100: REINFORCE with baseline until solved
//
// A part whose exercise throws course::NotImplemented (not done yet) writes no file; the script
// then draws "not done yet" in its place.
//
// Usage: reinforcement_learning_plot_<variant> <out_dir>
#include <algorithm>
#include <cstdio>
#include <exception>
#include <filesystem>
#include <fstream>
#include <functional>
#include <string>
#include <vector>

#include "course/error.hpp"
#include "reinforcement_learning/bandits.hpp"
#include "reinforcement_learning/double_q_learning.hpp"
#include "reinforcement_learning/dynamic_programming.hpp"
#include "reinforcement_learning/environments.hpp"
#include "reinforcement_learning/policy_gradient.hpp"
#include "reinforcement_learning/tabular_control.hpp"

namespace {

using namespace course::reinforcement_learning;

constexpr int kThreads = 2;

// testbed: the curves of one configuration over 2 000 runs of 1 000 steps.
BanditCurves testbed(BanditConfig config) {
    config.runs = 2000;
    config.steps = 1000;
    config.seed = 2024;
    return bandit_testbed(config, kThreads);
}

void figure_2_2(const std::string& dir) {
    std::vector<BanditCurves> c;
    for (double epsilon : {0.0, 0.01, 0.1}) c.push_back(testbed({.epsilon = epsilon}));
    std::ofstream out(dir + "/figure_2_2.dat");
    out << "# step reward(eps=0) reward(eps=0.01) reward(eps=0.1) optimal%(eps=0) optimal%(eps=0.01) optimal%(eps=0.1)\n";
    for (std::size_t t = 0; t < c[0].average_reward.size(); ++t) {
        out << t + 1;
        for (const auto& curve : c) out << ' ' << curve.average_reward[t];
        for (const auto& curve : c) out << ' ' << 100.0 * curve.optimal_fraction[t];
        out << '\n';
    }
    std::printf("figure 2.2: at steps 100 and 1000, average reward %.3f %.3f %.3f and %.3f %.3f %.3f (eps 0, 0.01, 0.1)\n",
                c[0].average_reward[99], c[1].average_reward[99], c[2].average_reward[99], c[0].average_reward[999],
                c[1].average_reward[999], c[2].average_reward[999]);
    std::printf("            %% optimal %.1f %.1f %.1f and %.1f %.1f %.1f\n", 100 * c[0].optimal_fraction[99],
                100 * c[1].optimal_fraction[99], 100 * c[2].optimal_fraction[99], 100 * c[0].optimal_fraction[999],
                100 * c[1].optimal_fraction[999], 100 * c[2].optimal_fraction[999]);
}

void figure_2_3(const std::string& dir) {
    const BanditCurves optimistic = testbed({.epsilon = 0.0, .sample_averages = false, .alpha = 0.1, .initial_value = 5.0});
    const BanditCurves realistic = testbed({.epsilon = 0.1, .sample_averages = false, .alpha = 0.1, .initial_value = 0.0});
    std::ofstream out(dir + "/figure_2_3.dat");
    out << "# step optimal%(optimistic Q1=5 eps=0) optimal%(realistic Q1=0 eps=0.1), alpha = 0.1\n";
    for (std::size_t t = 0; t < optimistic.optimal_fraction.size(); ++t)
        out << t + 1 << ' ' << 100.0 * optimistic.optimal_fraction[t] << ' ' << 100.0 * realistic.optimal_fraction[t]
            << '\n';
    std::printf("figure 2.3: %% optimal at steps 100 and 1000: optimistic %.1f, %.1f; realistic %.1f, %.1f\n",
                100 * optimistic.optimal_fraction[99], 100 * optimistic.optimal_fraction[999],
                100 * realistic.optimal_fraction[99], 100 * realistic.optimal_fraction[999]);
}

void figure_2_4(const std::string& dir) {
    const BanditCurves ucb = testbed({.method = BanditMethod::kUcb, .c = 2.0});
    const BanditCurves greedy = testbed({.epsilon = 0.1});
    std::ofstream out(dir + "/figure_2_4.dat");
    out << "# step reward(UCB c=2) reward(eps-greedy eps=0.1)\n";
    for (std::size_t t = 0; t < ucb.average_reward.size(); ++t)
        out << t + 1 << ' ' << ucb.average_reward[t] << ' ' << greedy.average_reward[t] << '\n';
    std::printf("figure 2.4: average reward at steps 100 and 1000: UCB %.3f, %.3f; eps-greedy %.3f, %.3f\n",
                ucb.average_reward[99], ucb.average_reward[999], greedy.average_reward[99], greedy.average_reward[999]);
}

// smoothed: the mean of the `width` entries ending at each index (fewer at the start).
std::vector<double> smoothed(const std::vector<double>& x, int width) {
    std::vector<double> out(x.size());
    double sum = 0.0;
    for (std::size_t i = 0; i < x.size(); ++i) {
        sum += x[i];
        if (i >= std::size_t(width)) sum -= x[i - std::size_t(width)];
        out[i] = sum / double(std::min<std::size_t>(i + 1, std::size_t(width)));
    }
    return out;
}

void cliff(const std::string& dir) {
    const ControlOptions options{.episodes = 500, .alpha = 0.5, .gamma = 1.0, .epsilon = 0.1};
    const GridWorld env = cliff_walking();
    const auto sarsa_rewards = smoothed(mean_episode_rewards(ControlMethod::sarsa, env, options, 200, 7), 10);
    const auto q_rewards = smoothed(mean_episode_rewards(ControlMethod::q_learning, env, options, 200, 7), 10);
    {
        std::ofstream out(dir + "/figure_6_4.dat");
        out << "# episode sum_of_rewards(SARSA) sum_of_rewards(Q-learning): mean of 200 runs, then of 10 episodes\n";
        for (std::size_t e = 0; e < sarsa_rewards.size(); ++e)
            out << e + 1 << ' ' << sarsa_rewards[e] << ' ' << q_rewards[e] << '\n';
    }
    std::vector<std::vector<int>> paths;  // SARSA's, then Q-learning's
    for (ControlMethod method : {ControlMethod::sarsa, ControlMethod::q_learning}) {
        GridWorld run_env = env;
        course::Rng rng(11);
        const ControlResult result = run_control(method, run_env, options, rng);
        paths.push_back(greedy_path(run_env, result.q, 100));
    }
    std::ofstream out(dir + "/cliff_paths.dat");
    out << "# method(0 SARSA, 1 Q-learning) step row col: the greedy path after 500 episodes\n";
    for (std::size_t m = 0; m < paths.size(); ++m) {
        for (std::size_t i = 0; i < paths[m].size(); ++i)
            out << m << ' ' << i << ' ' << paths[m][i] / env.cols() << ' ' << paths[m][i] % env.cols() << '\n';
        out << "\n\n";
        std::printf("cliff: %s's greedy path has %zu steps\n", m == 0 ? "SARSA" : "Q-learning", paths[m].size() - 1);
    }
    std::ofstream map(dir + "/cliff_map.dat");
    map << "# row col cell\n";
    for (int s = 0; s < env.num_states(); ++s) map << s / env.cols() << ' ' << s % env.cols() << ' ' << env.cell(s) << '\n';
    std::printf("figure 6.4: mean sum of rewards over episodes 100-500: SARSA %.1f, Q-learning %.1f\n",
                [&] {
                    double s = 0;
                    for (int e = 99; e < 500; ++e) s += sarsa_rewards[std::size_t(e)];
                    return s / 401;
                }(),
                [&] {
                    double s = 0;
                    for (int e = 99; e < 500; ++e) s += q_rewards[std::size_t(e)];
                    return s / 401;
                }());
}

void frozen_lake_values(const std::string& dir) {
    const GridWorld lake = frozen_lake(8);
    const Solution solution = value_iteration(lake.model(), 0.99, 1e-10);
    std::ofstream out(dir + "/frozen_lake.dat");
    out << "# col row v* cell: FrozenLake 8x8, slippery, gamma = 0.99, value iteration (theta 1e-10)\n";
    for (int r = 0; r < lake.rows(); ++r) {
        for (int c = 0; c < lake.cols(); ++c) {
            const int s = r * lake.cols() + c;
            out << c << ' ' << r << ' ' << solution.v[std::size_t(s)] << ' ' << lake.cell(s) << '\n';
        }
        out << '\n';
    }
    std::printf("frozen lake 8x8: v*(start) = %.4f after %d sweeps\n", solution.v[0], solution.sweeps);
}

void figure_6_5(const std::string& dir) {
    const MaximizationBiasCurves c = maximization_bias_experiment(10000, 300, 10, DoubleQOptions{}, 5, kThreads);
    std::ofstream out(dir + "/figure_6_5.dat");
    out << "# episode left%(Q-learning) left%(double Q-learning): Example 6.7, 10 000 runs, 10 actions in B\n";
    for (std::size_t e = 0; e < c.q_learning_left.size(); ++e)
        out << e + 1 << ' ' << c.q_learning_left[e] << ' ' << c.double_q_left[e] << '\n';
    std::printf("figure 6.5: %% left at episodes 10 and 300: Q-learning %.1f, %.1f; double Q %.1f, %.1f\n",
                c.q_learning_left[9], c.q_learning_left[299], c.double_q_left[9], c.double_q_left[299]);
}

void figure_13_2(const std::string& dir) {
    constexpr int kRuns = 100, kEpisodes = 1000;
    const ReinforceSettings plain{.alpha_theta = 1.0 / 8192, .alpha_w = 0.0, .gamma = 1.0, .baseline = false};
    const ReinforceSettings with_baseline{.alpha_theta = 1.0 / 512, .alpha_w = 1.0 / 64, .gamma = 1.0, .baseline = true};
    std::vector<double> mean_plain(kEpisodes, 0.0), mean_baseline(kEpisodes, 0.0);
    int collapsed_plain = 0, collapsed_baseline = 0;  // runs that end with pi(right) < 0.01
    for (int r = 0; r < kRuns; ++r) {
        const TrainingRun a = reinforce_short_corridor(plain, kEpisodes, kCorridorStartTheta, 100 + r);
        const TrainingRun b = reinforce_short_corridor(with_baseline, kEpisodes, kCorridorStartTheta, 100 + r);
        collapsed_plain += a.probabilities.back() < 0.01;
        collapsed_baseline += b.probabilities.back() < 0.01;
        for (int e = 0; e < kEpisodes; ++e) {
            mean_plain[std::size_t(e)] += a.returns[std::size_t(e)] / kRuns;
            mean_baseline[std::size_t(e)] += b.returns[std::size_t(e)] / kRuns;
        }
    }
    std::ofstream out(dir + "/figure_13_2.dat");
    out << "# episode return(REINFORCE, alpha 2^-13) return(with baseline, alpha_theta 2^-9, alpha_w 2^-6): 100 runs\n";
    for (int e = 0; e < kEpisodes; ++e)
        out << e + 1 << ' ' << mean_plain[std::size_t(e)] << ' ' << mean_baseline[std::size_t(e)] << '\n';
    std::printf("figure 13.2: mean return at episodes 100 and 1000: REINFORCE %.1f, %.1f; with baseline %.1f, %.1f "
                "(v* = %.2f); runs that collapsed to pi(right) < 0.01: %d and %d of %d\n",
                mean_plain[99], mean_plain[999], mean_baseline[99], mean_baseline[999],
                short_corridor_start_value(0.5918), collapsed_plain, collapsed_baseline, kRuns);
}

void cartpole(const std::string& dir) {
    const TrainingRun run = reinforce_cartpole(kCartPoleSettings, 2000, 3);
    const std::vector<double> mean = smoothed(run.returns, 100);
    std::ofstream out(dir + "/cartpole.dat");
    out << "# episode return mean_of_last_100: REINFORCE with baseline (kCartPoleSettings), seed 3\n";
    for (std::size_t e = 0; e < run.returns.size(); ++e) out << e + 1 << ' ' << run.returns[e] << ' ' << mean[e] << '\n';
    std::printf("cartpole: solved at episode %d (the mean of the last 100 returns >= 195)\n", run.solved_at);
}

}  // namespace

int main(int argc, char** argv) {
    if (argc < 2) {
        std::fprintf(stderr, "usage: %s <out_dir>\n", argv[0]);
        return 2;
    }
    const std::string dir = argv[1];
    std::filesystem::create_directories(dir);
    const std::pair<const char*, std::function<void(const std::string&)>> parts[] = {
        {"figure 2.2", figure_2_2}, {"figure 2.3", figure_2_3},   {"figure 2.4", figure_2_4},
        {"the cliff", cliff},       {"frozen lake", frozen_lake_values}, {"figure 6.5", figure_6_5},
        {"figure 13.2", figure_13_2}, {"cartpole", cartpole}};
    int failed = 0;
    for (const auto& [name, part] : parts) {
        try {
            part(dir);
        } catch (const course::NotImplemented& e) {
            std::printf("%s: not done yet (%s)\n", name, e.what());
        } catch (const std::exception& e) {
            std::fprintf(stderr, "plot_data: %s: %s\n", name, e.what());
            ++failed;
        }
    }
    return failed == 0 ? 0 : 1;
}
