// Reference: grid worlds behind the Environment interface. See the contract header.
#include "reinforcement_learning/environments.hpp"

#include <cstddef>
#include <stdexcept>
#include <string>
#include <utility>

namespace course::reinforcement_learning {

namespace {

bool is_known_cell(char c) {
    return c == 'S' || c == '.' || c == 'F' || c == 'H' || c == 'G' || c == 'C';
}

// check_map: rows of one nonzero length, known characters, exactly one 'S'; returns the start.
int check_map(const std::vector<std::string>& map) {
    COURSE_CHECK(!map.empty(), "GridWorld: the map has no rows");
    const std::size_t cols = map[0].size();
    COURSE_CHECK(cols >= 1, "GridWorld: row 0 of the map is empty");
    int start = -1;
    for (std::size_t r = 0; r < map.size(); ++r) {
        COURSE_CHECK(map[r].size() == cols, "GridWorld: row ", r, " has ", map[r].size(),
                     " columns, row 0 has ", cols, ": every row needs the same length");
        for (std::size_t c = 0; c < cols; ++c) {
            const char cell = map[r][c];
            COURSE_CHECK(is_known_cell(cell), "GridWorld: unknown character ", map_character_name(cell), " at row ", r, ", column ",
                         c, " (known: S . F H G C)");
            if (cell != 'S') continue;
            COURSE_CHECK(start < 0, "GridWorld: a second start 'S' at row ", r, ", column ", c,
                         " (the first at state ", start, ")");
            start = int(r * cols + c);
        }
    }
    COURSE_CHECK(start >= 0, "GridWorld: the map has no start 'S'");
    return start;
}

}  // namespace

GridWorld::GridWorld(std::vector<std::string> map, GridRules rules, std::uint64_t seed)
    : rules_(rules), rng_(seed) {
    start_ = check_map(map);
    rows_ = int(map.size());
    cols_ = int(map[0].size());
    map_ = std::move(map);
    state_ = start_;
}

int GridWorld::reset() {
    state_ = start_;
    done_ = false;
    return state_;
}

int GridWorld::moved(int s, int direction) const {
    int row = s / cols_, col = s % cols_;
    if (direction == kLeft && col > 0) --col;
    if (direction == kRight && col < cols_ - 1) ++col;
    if (direction == kUp && row > 0) --row;
    if (direction == kDown && row < rows_ - 1) ++row;
    return row * cols_ + col;
}

Step GridWorld::outcome_of_move(int s, int direction) const {
    const int next = moved(s, direction);
    switch (cell(next)) {
        case 'G': return {next, rules_.goal_reward, true};
        case 'H': return {next, rules_.hole_reward, true};
        case 'C': return {start_, rules_.cliff_reward, false};
        default: return {next, rules_.step_reward, false};
    }
}

Step GridWorld::step(int action) {
    check_grid_action(action);
    if (done_) throw std::logic_error("GridWorld::step: the episode has ended; call reset() first");
    int direction = action;
    if (rules_.slippery) direction = (action + 3 + rng_.index(3)) % kGridActions;  // a - 1, a, a + 1
    const Step result = outcome_of_move(state_, direction);
    state_ = result.next_state;
    done_ = result.done;
    return result;
}

Model GridWorld::model() const {
    Model m;
    m.num_states = num_states();
    m.num_actions = kGridActions;
    m.outcomes.resize(std::size_t(m.num_states) * kGridActions);
    m.terminal.assign(std::size_t(m.num_states), 0);
    for (int s = 0; s < m.num_states; ++s) {
        if (is_terminal(s)) {
            m.terminal[std::size_t(s)] = 1;
            continue;
        }
        for (int a = 0; a < kGridActions; ++a) {
            auto& list = m.outcomes[std::size_t(s) * kGridActions + std::size_t(a)];
            if (!rules_.slippery) {
                const Step o = outcome_of_move(s, a);
                list.push_back({1.0, o.next_state, o.reward, o.done});
                continue;
            }
            for (int turn = 3; turn <= 5; ++turn) {  // a - 1, a, a + 1 (mod 4)
                const Step o = outcome_of_move(s, (a + turn) % kGridActions);
                list.push_back({1.0 / 3.0, o.next_state, o.reward, o.done});
            }
        }
    }
    return m;
}

}  // namespace course::reinforcement_learning
