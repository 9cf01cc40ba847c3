// Bandits: action values by sample averages and by a constant step size, epsilon-greedy with
// random tie-breaking, optimistic initial values, UCB, the gradient bandit, and the 10-armed
// testbed of Sutton & Barto's chapter 2.
// Notes: docs/reinforcement_learning.md#bandits.
//
// Source: Sutton & Barto, Reinforcement Learning: An Introduction, 2nd ed. (2018), chapter 2.
#pragma once

#include <cmath>
#include <span>

#include "course/error.hpp"
#include "course/random.hpp"

namespace course::reinforcement_learning {

// check_action_values: values is not empty and holds no NaN (std::invalid_argument naming
// `function` and the first NaN's index).
inline void check_action_values(const char* function, std::span<const double> values) {
    COURSE_CHECK(!values.empty(), function, ": values is empty, expected at least one action");
    for (std::size_t a = 0; a < values.size(); ++a)
        COURSE_CHECK(!std::isnan(values[a]), function, ": values[", a, "] is NaN");
}

// check_epsilon: epsilon in [0, 1] (NaN fails too).
inline void check_epsilon(const char* function, double epsilon) {
    COURSE_CHECK(epsilon >= 0.0 && epsilon <= 1.0, function, ": epsilon = ", epsilon,
                 ", expected a probability in [0, 1]");
}

// greedy_action: an action of largest value; with k >= 2 tied maxima draws rng.index(k) and
// returns the chosen one of them (tied actions in increasing order); one maximum: no draw.
// A NaN value is std::invalid_argument; an empty span too.
int greedy_action(std::span<const double> values, course::Rng& rng);

// epsilon_greedy_action: draws u = rng.uniform(0, 1); if u < epsilon returns rng.index(n) (any
// action, greedy ones included), else greedy_action(values, rng). epsilon outside [0, 1] (or
// NaN) is std::invalid_argument.
int epsilon_greedy_action(std::span<const double> values, double epsilon, course::Rng& rng);

}  // namespace course::reinforcement_learning
