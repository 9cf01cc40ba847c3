// Exercise 2: grid worlds behind the Environment interface. Contract: include/reinforcement_learning/environments.hpp
// Notes: docs/reinforcement_learning.md#environments.  Hints: ./course hint reinforcement_learning environments
// Grade it:  ./course grade reinforcement_learning environments
//
//     state s = row * cols + col (row 0 on top)     actions 0 left, 1 down, 2 right, 3 up
//     moved(s, d):          one cell in direction d; a move off the grid stays at s
//     outcome_of_move(s, d): enter n = moved(s, d):  'G' -> (n, goal_reward, done)   'H' -> (n, hole_reward, done)
//                                                    'C' -> (start, cliff_reward, not done)   else (n, step_reward, not done)
//     step(a):              slippery: d = a - 1, a or a + 1 (mod 4), 1/3 each, drawn from rng_; else d = a
//     model():              p(s', r | s, a) as lists of {probability, next_state, reward, done};
//                           a terminal state ('G' or 'H') has EMPTY lists and terminal[s] = 1
#include "reinforcement_learning/environments.hpp"

#include <cstddef>
#include <stdexcept>
#include <string>
#include <utility>

namespace course::reinforcement_learning {

GridWorld::GridWorld(std::vector<std::string> map, GridRules rules, std::uint64_t seed)
    : rules_(rules), rng_(seed) {
    // TODO(learner): check the map (at least one row; every row as long as row 0, which is not
    // empty; only the characters S . F H G C; exactly one 'S'), each failure a std::invalid_argument
    // (COURSE_CHECK) naming the row, the column and the character (map_character_name(c) gives 'x',
    // or its code for a space or a NUL); then set rows_, cols_, start_,
    // map_ (std::move) and the current state.
    (void)map;
    COURSE_TODO("GridWorld::GridWorld");
}

int GridWorld::reset() {
    // TODO(learner): a new episode: back to the start, and the episode is no longer over.
    COURSE_TODO("GridWorld::reset");
}

int GridWorld::moved(int s, int direction) const {
    // TODO(learner): the row and column of s, one step in `direction` unless that leaves the grid.
    (void)s, (void)direction;
    COURSE_TODO("GridWorld::moved");
}

Step GridWorld::outcome_of_move(int s, int direction) const {
    // TODO(learner): what entering the cell moved(s, direction) gives (the table at the top).
    (void)s, (void)direction;
    COURSE_TODO("GridWorld::outcome_of_move");
}

Step GridWorld::step(int action) {
    check_grid_action(action);
    // TODO(learner): refuse a step after the episode ended (std::logic_error), pick the direction
    // (slippery: one draw of rng_.index(3) per step), move, remember the new state and `done`.
    // Hint: (a + 3) mod 4 is a - 1 without a negative remainder.
    COURSE_TODO("GridWorld::step");
}

Model GridWorld::model() const {
    // TODO(learner): num_states, num_actions, outcomes (S * A lists) and terminal (S flags); for a
    // non-terminal s and each a, one outcome of probability 1 (or three of 1/3 when slippery, in
    // the order (a + 3) mod 4, a, (a + 1) mod 4) built with outcome_of_move.
    COURSE_TODO("GridWorld::model");
}

}  // namespace course::reinforcement_learning
