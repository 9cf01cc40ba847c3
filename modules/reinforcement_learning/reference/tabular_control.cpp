// Reference: Q-learning, SARSA and Expected SARSA. See the contract header.
#include "reinforcement_learning/tabular_control.hpp"

#include <algorithm>
#include <cstddef>
#include <span>
#include <vector>

#include "reinforcement_learning/bandits.hpp"

namespace course::reinforcement_learning {

namespace {

// row: the A action values of state s.
std::span<const double> row(std::span<const double> q, int num_actions, int s) {
    return q.subspan(std::size_t(s) * num_actions, std::size_t(num_actions));
}

// max_value: max_a Q(s, a).
double max_value(std::span<const double> q, int num_actions, int s) {
    const auto values = row(q, num_actions, s);
    return *std::max_element(values.begin(), values.end());
}

// expected_value: sum_a pi(a | s) Q(s, a), pi epsilon-greedy with the greedy share split evenly
// between the k tied maxima.
double expected_value(std::span<const double> q, int num_actions, int s, double epsilon) {
    const auto values = row(q, num_actions, s);
    const double best = *std::max_element(values.begin(), values.end());
    const auto k = std::count(values.begin(), values.end(), best);
    double expectation = 0.0;
    for (const double v : values) {
        double p = epsilon / num_actions;
        if (v == best) p += (1.0 - epsilon) / double(k);
        expectation += p * v;
    }
    return expectation;
}

// check_q_values: no NaN in q (the same check the behaviour makes on each row it reads).
void check_q_values(const char* function, std::span<const double> q) {
    for (std::size_t i = 0; i < q.size(); ++i)
        COURSE_CHECK(!std::isnan(q[i]), function, ": q[", i, "] is NaN");
}

// Update: which target a run uses.
enum class Target { max, sampled, expected };

// learn: the loop of the three methods (the top of the header gives its order of draws).
ControlResult learn(const char* function, Target target, Environment& env, const ControlOptions& o,
                    course::Rng& rng) {
    check_control_options(function, env, o);
    const int A = env.num_actions();
    ControlResult result;
    result.q.assign(std::size_t(env.num_states()) * A, o.initial_value);
    result.episode_rewards.assign(std::size_t(o.episodes), 0.0);
    std::span<double> q(result.q);
    auto choose = [&](int s) { return epsilon_greedy_action(row(q, A, s), o.epsilon, rng); };
    for (int episode = 0; episode < o.episodes; ++episode) {
        int s = env.reset();
        int a = target == Target::sampled ? choose(s) : 0;
        double rewards = 0.0;
        for (int step = 0; step < o.max_steps_per_episode; ++step) {
            if (target != Target::sampled) a = choose(s);
            const Step outcome = env.step(a);
            rewards += outcome.reward;
            const Transition t{s, a, outcome.reward, outcome.next_state, outcome.done};
            if (target == Target::max) {
                q_learning_update(q, A, t, o.alpha, o.gamma);
            } else if (target == Target::expected) {
                expected_sarsa_update(q, A, t, o.alpha, o.gamma, o.epsilon);
            } else {
                const int next_action = outcome.done ? 0 : choose(outcome.next_state);
                sarsa_update(q, A, t, next_action, o.alpha, o.gamma);
                a = next_action;
            }
            ++result.updates;
            s = outcome.next_state;
            if (outcome.done) break;
        }
        result.episode_rewards[std::size_t(episode)] = rewards;
    }
    return result;
}

}  // namespace

void q_learning_update(std::span<double> q, int num_actions, const Transition& t, double alpha, double gamma) {
    check_update_arguments("q_learning_update", q, num_actions, t, alpha, gamma);
    const double next_max = t.done ? 0.0 : max_value(q, num_actions, t.next_state);
    double& entry = q[std::size_t(t.state) * num_actions + t.action];
    entry += alpha * (t.reward + gamma * next_max - entry);
}

void sarsa_update(std::span<double> q, int num_actions, const Transition& t, int next_action, double alpha,
                  double gamma) {
    check_update_arguments("sarsa_update", q, num_actions, t, alpha, gamma);
    COURSE_CHECK(t.done || (next_action >= 0 && next_action < num_actions), "sarsa_update: next_action ",
                 next_action, " outside 0 .. ", num_actions - 1);
    const double next_sampled = t.done ? 0.0 : q[std::size_t(t.next_state) * num_actions + next_action];
    double& entry = q[std::size_t(t.state) * num_actions + t.action];
    entry += alpha * (t.reward + gamma * next_sampled - entry);
}

void expected_sarsa_update(std::span<double> q, int num_actions, const Transition& t, double alpha, double gamma,
                           double epsilon) {
    check_update_arguments("expected_sarsa_update", q, num_actions, t, alpha, gamma, epsilon);
    const double next_expected = t.done ? 0.0 : expected_value(q, num_actions, t.next_state, epsilon);
    double& entry = q[std::size_t(t.state) * num_actions + t.action];
    entry += alpha * (t.reward + gamma * next_expected - entry);
}

ControlResult q_learning(Environment& env, const ControlOptions& options, course::Rng& rng) {
    return learn("q_learning", Target::max, env, options, rng);
}

ControlResult sarsa(Environment& env, const ControlOptions& options, course::Rng& rng) {
    return learn("sarsa", Target::sampled, env, options, rng);
}

ControlResult expected_sarsa(Environment& env, const ControlOptions& options, course::Rng& rng) {
    return learn("expected_sarsa", Target::expected, env, options, rng);
}

std::vector<int> greedy_path(Environment& env, std::span<const double> q, int max_steps) {
    const int A = env.num_actions();
    COURSE_CHECK(q.size() == std::size_t(env.num_states()) * std::size_t(A), "greedy_path: q has ", q.size(),
                 " entries, expected num_states * num_actions = ", env.num_states(), " * ", A);
    COURSE_CHECK(max_steps >= 0, "greedy_path: max_steps = ", max_steps, ", expected at least 0");
    check_q_values("greedy_path", q);
    std::vector<int> path{env.reset()};
    for (int step = 0; step < max_steps; ++step) {
        const auto values = row(q, A, path.back());
        // std::max_element returns the first of tied maxima: the lowest action.
        const int a = int(std::max_element(values.begin(), values.end()) - values.begin());
        const Step outcome = env.step(a);
        path.push_back(outcome.next_state);
        if (outcome.done) break;
    }
    return path;
}

}  // namespace course::reinforcement_learning
