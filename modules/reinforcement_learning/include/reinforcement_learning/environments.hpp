// Environments: the small interface every agent of this module talks to, and the grid worlds
// behind it (Example 4.1's grid, the cliff walk of Example 6.6, FrozenLake 4x4 and 8x8).
// Notes: docs/reinforcement_learning.md#environments.
//
// A finite Markov decision process: states s = 0 .. S - 1, actions a = 0 .. A - 1, and dynamics
//     p(s', r | s, a)                       the probability of reaching s' with reward r
// An agent sees only samples of p: reset() gives the start state, step(a) gives (s', r, done).
// Dynamic programming reads p itself: model() lists, for each (s, a), its outcomes
//     {probability, next_state, reward, done}            the probabilities sum to 1
// A terminal state's lists are EMPTY: it has no actions, its value is 0 by definition, and a
// Bellman backup sum_{outcomes} p (r + gamma V(s')) over an empty list gives exactly that 0.
//
// Grid worlds: a map of R rows and K columns of cells; state s = row * K + col (row 0 on top).
//     'S' the start (exactly one)   '.' or 'F' floor      'H' hole: the episode ends
//     'G' goal: the episode ends    'C' cliff: cliff_reward and back to the start, the episode goes on
// Actions, in FrozenLake's (Gymnasium's) order: 0 left, 1 down, 2 right, 3 up. A move off the grid
// leaves the agent where it is. Rewards: entering 'G' gives goal_reward, 'H' hole_reward, 'C'
// cliff_reward; every other move (bumping an edge included) step_reward.
// Slippery moves (FrozenLake): the intended direction a and the two perpendicular to it,
// (a + 3) mod 4 and (a + 1) mod 4, each with probability 1/3 (never the opposite one). step()
// draws which with its own generator, seeded at construction: one seed, one sequence of moves.
// model() lists the three moves as three outcomes, in the order (a + 3) mod 4, a, (a + 1) mod 4,
// even when two reach the same cell (as Gymnasium does; tests compare the distributions).
//
// Sources: Sutton & Barto, Reinforcement Learning: An Introduction, 2nd ed. (2018), sections 3.1
// and 3.2 (the interface, p(s', r | s, a)), Example 4.1, Example 6.6; Gymnasium's FrozenLake-v1
// (maps, action order, slippery moves).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "course/error.hpp"
#include "course/random.hpp"

namespace course::reinforcement_learning {

// Step: what the environment answers to an action.
struct Step {
    int next_state;
    double reward;
    bool done;  // the episode has ended: next_state is terminal
};

// Outcome: one entry of p(s', r | s, a).
struct Outcome {
    double probability;
    int next_state;
    double reward;
    bool done;
};

// Model: the dynamics of a finite MDP, for dynamic programming.
struct Model {
    int num_states = 0;
    int num_actions = 0;
    std::vector<std::vector<Outcome>> outcomes;  // [s * num_actions + a]; empty for a terminal s
    std::vector<char> terminal;                  // [s]: 1 if s is terminal

    const std::vector<Outcome>& of(int s, int a) const { return outcomes[std::size_t(s) * num_actions + a]; }
};

// Environment: the interface of every tabular environment of the module.
class Environment {
public:
    virtual ~Environment() = default;
    virtual int num_states() const = 0;
    virtual int num_actions() const = 0;
    // reset: starts a new episode; returns the start state.
    virtual int reset() = 0;
    // step: applies `action` in the current state. Throws std::invalid_argument for an action
    // outside 0 .. num_actions() - 1 and std::logic_error after the episode ended (reset first).
    virtual Step step(int action) = 0;
    // state: the current state.
    virtual int state() const = 0;
    // model: p(s', r | s, a) for every s and a.
    virtual Model model() const = 0;
};

enum GridAction : int { kLeft = 0, kDown = 1, kRight = 2, kUp = 3 };
constexpr int kGridActions = 4;

// GridRules: the rewards of a grid world and whether its moves slip.
struct GridRules {
    double step_reward = 0.0;    // entering '.', 'F' or 'S', or bumping an edge
    double goal_reward = 1.0;    // entering 'G'
    double hole_reward = 0.0;    // entering 'H'
    double cliff_reward = -100;  // entering 'C' (the agent is sent back to 'S')
    bool slippery = false;       // the intended move or a perpendicular one, 1/3 each
};

// GridWorld: a grid map with the rules above.
class GridWorld : public Environment {
public:
    // GridWorld: checks the map (at least one row, rows of one length >= 1, one 'S', only the
    // characters above) and throws std::invalid_argument naming the row, the column and the
    // character (map_character_name) otherwise. The generator for slippery moves is seeded with `seed`.
    GridWorld(std::vector<std::string> map, GridRules rules, std::uint64_t seed = 0);

    int num_states() const override { return rows_ * cols_; }
    int num_actions() const override { return kGridActions; }
    int reset() override;
    Step step(int action) override;
    int state() const override { return state_; }
    Model model() const override;

    int rows() const { return rows_; }
    int cols() const { return cols_; }
    int start_state() const { return start_; }
    char cell(int s) const { return map_[std::size_t(s / cols_)][std::size_t(s % cols_)]; }
    bool is_terminal(int s) const { return cell(s) == 'G' || cell(s) == 'H'; }
    const std::vector<std::string>& map() const { return map_; }
    const GridRules& rules() const { return rules_; }

    // moved: the state reached from s by moving in direction `direction`, without slipping,
    // before the cliff's return to the start (the edges keep the agent in place).
    int moved(int s, int direction) const;
    // outcome_of_move: entering the cell moved(s, direction): its reward, the state the agent ends
    // in ('C' sends it to the start) and whether the episode ends.
    Step outcome_of_move(int s, int direction) const;

private:
    std::vector<std::string> map_;
    GridRules rules_;
    int rows_ = 0, cols_ = 0, start_ = 0;
    int state_ = 0;
    bool done_ = false;
    course::Rng rng_;
};

// map_character_name: a map character for an error message: 'x', or "of code 32" when it does not
// print (a space; a NUL would end the message).
inline std::string map_character_name(char c) {
    const int code = int(static_cast<unsigned char>(c));
    if (code >= 0x21 && code < 0x7f) return std::string("'") + c + "'";
    return "of code " + std::to_string(code);
}

// check_grid_action: an action outside 0 .. 3 is std::invalid_argument.
inline void check_grid_action(int action) {
    COURSE_CHECK(action >= 0 && action < kGridActions, "GridWorld::step: action ", action,
                 " is not one of 0 (left), 1 (down), 2 (right), 3 (up)");
}

// The environments of the book and of Gymnasium.

// example_4_1_grid: Example 4.1, 4x4, terminal corners (both 'G'), -1 on every move, the goal
// included; the start is state 1 (the example has no start: any non-terminal cell would do).
inline GridWorld example_4_1_grid() {
    return GridWorld({"GS..", "....", "....", "...G"}, GridRules{-1.0, -1.0, 0.0, -100.0, false});
}

// cliff_walking: Example 6.6, 4x12, start bottom left, goal bottom right, the cliff between;
// -1 on every move (the goal's included), -100 for the cliff and back to the start.
inline GridWorld cliff_walking(std::uint64_t seed = 0) {
    return GridWorld({"............", "............", "............", "SCCCCCCCCCCG"},
                     GridRules{-1.0, -1.0, 0.0, -100.0, false}, seed);
}

// frozen_lake: Gymnasium's standard maps, size 4 or 8 (else std::invalid_argument); reward 1 for
// the goal, 0 otherwise; slippery by default as in FrozenLake-v1.
inline GridWorld frozen_lake(int size, bool slippery = true, std::uint64_t seed = 0) {
    COURSE_CHECK(size == 4 || size == 8, "frozen_lake: size ", size, ", expected 4 or 8 (the standard maps)");
    std::vector<std::string> map4 = {"SFFF", "FHFH", "FFFH", "HFFG"};
    std::vector<std::string> map8 = {"SFFFFFFF", "FFFFFFFF", "FFFHFFFF", "FFFFFHFF",
                                     "FFFHFFFF", "FHHFFFHF", "FHFFHFHF", "FFFHFFFG"};
    return GridWorld(size == 4 ? map4 : map8, GridRules{0.0, 1.0, 0.0, -100.0, slippery}, seed);
}

}  // namespace course::reinforcement_learning
