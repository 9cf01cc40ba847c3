// Reference: double Q-learning and Figure 6.5's experiment. See the contract header.
#include "reinforcement_learning/double_q_learning.hpp"

#include <algorithm>
#include <cstddef>
#include <span>
#include <vector>

#include "reinforcement_learning/bandits.hpp"

namespace course::reinforcement_learning {

namespace {

// count_of: k(s), the number of actions of state s.
int count_of(std::span<const int> action_counts, int s, int A) {
    return action_counts.empty() ? A : action_counts[std::size_t(s)];
}

// q_learning_episode: the baseline of Figure 6.5, one table, the target's max over k(s'); returns
// the action taken in the start state.
int q_learning_episode(Environment& env, std::span<double> q, std::span<const int> action_counts,
                       const DoubleQOptions& options, course::Rng& rng) {
    const int A = env.num_actions();
    int first_action = -1;
    int s = env.reset();
    for (int steps = 0; steps < options.max_steps; ++steps) {
        const std::span<const double> row = q.subspan(std::size_t(s) * A, std::size_t(count_of(action_counts, s, A)));
        const int a = epsilon_greedy_action(row, options.epsilon, rng);
        const Step step = env.step(a);
        if (steps == 0) first_action = a;
        double target = step.reward;
        if (!step.done) {
            const std::span<const double> next =
                q.subspan(std::size_t(step.next_state) * A, std::size_t(count_of(action_counts, step.next_state, A)));
            target += options.gamma * *std::max_element(next.begin(), next.end());
        }
        double& value = q[std::size_t(s) * A + a];
        value += options.alpha * (target - value);
        if (step.done) break;
        s = step.next_state;
    }
    return first_action;
}

// double_estimate: (Q2(s, a1) + Q1(s, a2)) / 2 over the first k actions, a1 and a2 the first
// maxima of Q1 and Q2: the double estimator of max_a q(s, a), measured without a draw.
double double_estimate(std::span<const double> q1, std::span<const double> q2, int s, int A, int k) {
    const std::span<const double> r1 = q1.subspan(std::size_t(s) * A, std::size_t(k));
    const std::span<const double> r2 = q2.subspan(std::size_t(s) * A, std::size_t(k));
    const std::size_t a1 = std::size_t(std::max_element(r1.begin(), r1.end()) - r1.begin());
    const std::size_t a2 = std::size_t(std::max_element(r2.begin(), r2.end()) - r2.begin());
    return 0.5 * (r2[a1] + r1[a2]);
}

// kRunsPerBlock: the experiment sums its runs in blocks of this many, then the blocks in order, so
// that the sums do not depend on how the runs are shared among threads.
constexpr int kRunsPerBlock = 32;

}  // namespace

Step MaximizationBiasMdp::step(int action) {
    check_maximization_bias_step(state_, action, b_actions_);
    if (state_ == kStateA) {
        state_ = action == kLeft ? kStateB : kEnd;
        return {state_, 0.0, state_ == kEnd};
    }
    state_ = kEnd;
    return {kEnd, mean_ + sd_ * rng_.normal(), true};
}

void double_q_update(std::span<double> q_update, std::span<const double> q_evaluate, int num_actions, int s, int a,
                     const Step& step, int next_count, double alpha, double gamma, course::Rng& rng) {
    check_double_q_update_arguments(q_update.size(), q_evaluate.size(), num_actions, s, a, step, next_count, alpha,
                                    gamma);
    const std::size_t A = std::size_t(num_actions);
    double target = step.reward;
    if (!step.done) {
        const std::size_t row = std::size_t(step.next_state) * A;
        const int best = greedy_action(std::span<const double>(q_update).subspan(row, std::size_t(next_count)), rng);
        target += gamma * q_evaluate[row + std::size_t(best)];
    }
    double& value = q_update[std::size_t(s) * A + std::size_t(a)];
    value += alpha * (target - value);
}

EpisodeRecord double_q_episode(Environment& env, std::span<double> q1, std::span<double> q2,
                               std::span<const int> action_counts, const DoubleQOptions& options, course::Rng& rng) {
    check_double_q_episode_arguments("double_q_episode", env, q1.size(), q2.size(), action_counts, options);
    const int A = env.num_actions();
    std::vector<double> sum(std::size_t(A), 0.0);  // Q1(s, .) + Q2(s, .), the behaviour's values
    EpisodeRecord record;
    int s = env.reset();
    while (record.steps < options.max_steps) {
        const int k = count_of(action_counts, s, A);
        for (int b = 0; b < k; ++b) sum[std::size_t(b)] = q1[std::size_t(s) * A + b] + q2[std::size_t(s) * A + b];
        const int a = epsilon_greedy_action(std::span<const double>(sum).first(std::size_t(k)), options.epsilon, rng);
        const Step step = env.step(a);
        if (record.steps == 0) record.first_action = a;
        record.total_reward += step.reward;
        ++record.steps;
        const int next_count = count_of(action_counts, step.next_state, A);
        if (rng.uniform(0.0, 1.0) < 0.5)
            double_q_update(q1, q2, A, s, a, step, next_count, options.alpha, options.gamma, rng);
        else
            double_q_update(q2, q1, A, s, a, step, next_count, options.alpha, options.gamma, rng);
        if (step.done) {
            record.done = true;
            break;
        }
        s = step.next_state;
    }
    return record;
}

DoubleQResult double_q_learning(Environment& env, int episodes, std::span<const int> action_counts,
                                const DoubleQOptions& options, course::Rng& rng) {
    check_double_q_learning_arguments(env, episodes, action_counts, options);
    const std::size_t SA = std::size_t(env.num_states()) * std::size_t(env.num_actions());
    DoubleQResult result;
    result.q1.assign(SA, 0.0);
    result.q2.assign(SA, 0.0);
    result.records.reserve(std::size_t(episodes));
    for (int e = 0; e < episodes; ++e)
        result.records.push_back(double_q_episode(env, result.q1, result.q2, action_counts, options, rng));
    return result;
}

MaximizationBiasCurves maximization_bias_experiment(int runs, int episodes, int b_actions,
                                                    const DoubleQOptions& options, std::uint64_t seed, int threads) {
    check_maximization_bias_arguments(runs, episodes, b_actions, options, threads);
    const int blocks = (runs + kRunsPerBlock - 1) / kRunsPerBlock;
    const std::size_t E = std::size_t(episodes);
    // sums[block][curve * E + e]: curve 0, 1 the left counts of Q-learning and double Q,
    // curve 2, 3 their estimates of max_a Q(B, a).
    std::vector<std::vector<double>> sums(std::size_t(blocks), std::vector<double>(4 * E, 0.0));

    // Safe in parallel: each block writes only its own sums, each run owns its MDPs, generators
    // and tables, and a run's generators are seeded from (seed, run) alone.
#pragma omp parallel for num_threads(threads) schedule(dynamic, 1)
    for (int block = 0; block < blocks; ++block) {
        std::vector<double>& out = sums[std::size_t(block)];
        const int first = block * kRunsPerBlock, last = std::min(runs, first + kRunsPerBlock);
        for (int run = first; run < last; ++run) {
            MaximizationBiasMdp q_env(b_actions, maximization_bias_seed(seed, run, 0));
            course::Rng q_rng(maximization_bias_seed(seed, run, 1));
            MaximizationBiasMdp dq_env(b_actions, maximization_bias_seed(seed, run, 2));
            course::Rng dq_rng(maximization_bias_seed(seed, run, 3));
            const std::vector<int> counts = q_env.action_counts();
            const int A = q_env.num_actions();
            const std::size_t SA = std::size_t(q_env.num_states()) * std::size_t(A);
            std::vector<double> q(SA, 0.0), q1(SA, 0.0), q2(SA, 0.0);
            const std::size_t b_row = std::size_t(MaximizationBiasMdp::kStateB) * std::size_t(A);
            for (std::size_t e = 0; e < E; ++e) {
                const int ql_first = q_learning_episode(q_env, q, counts, options, q_rng);
                const EpisodeRecord dq = double_q_episode(dq_env, q1, q2, counts, options, dq_rng);
                out[e] += ql_first == MaximizationBiasMdp::kLeft ? 1.0 : 0.0;
                out[E + e] += dq.first_action == MaximizationBiasMdp::kLeft ? 1.0 : 0.0;
                out[2 * E + e] += *std::max_element(q.begin() + std::ptrdiff_t(b_row),
                                                    q.begin() + std::ptrdiff_t(b_row) + b_actions);
                out[3 * E + e] += double_estimate(q1, q2, MaximizationBiasMdp::kStateB, A, b_actions);
            }
        }
    }

    std::vector<double> total(4 * E, 0.0);
    for (const std::vector<double>& block : sums)
        for (std::size_t i = 0; i < total.size(); ++i) total[i] += block[i];
    MaximizationBiasCurves curves;
    curves.q_learning_left.resize(E);
    curves.double_q_left.resize(E);
    curves.q_learning_b_value.resize(E);
    curves.double_q_b_value.resize(E);
    for (std::size_t e = 0; e < E; ++e) {
        curves.q_learning_left[e] = 100.0 * total[e] / runs;
        curves.double_q_left[e] = 100.0 * total[E + e] / runs;
        curves.q_learning_b_value[e] = total[2 * E + e] / runs;
        curves.double_q_b_value[e] = total[3 * E + e] / runs;
    }
    return curves;
}

}  // namespace course::reinforcement_learning
