// Tests for exercise 2, the grid worlds (modules/reinforcement_learning/learner/environments.cpp).
//
// Oracles: cases worked by hand on small maps (each cell's rule, the cliff, the standard
// FrozenLake maps, Example 4.1); a plain move table written in this file (expected_move: row and
// column arithmetic, the edges keep the agent in place), from which every (s, a)'s distribution of
// next states, rewards and ends is built and compared with model(), never the reference itself.
//
// Statistics: step()'s slips are compared with the model by counting. A count of n draws of
// probability p is binomial, standard deviation sqrt(n p (1 - p)); every threshold below is a
// stated number of those standard errors (5 or more: a fixed seed passes far from the line, while
// the known mistakes miss by tens of standard errors).
#include "reinforcement_learning/environments.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <climits>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <map>
#include <stdexcept>
#include <string>
#include <tuple>
#include <vector>

#include "course/error.hpp"
#include "course/random.hpp"
#include "course/testing.hpp"

namespace course::reinforcement_learning {
namespace {

using course::testing::kValidCallFirst;
using course::testing::ThrowsInvalidArgument;

// Rules with four different rewards, so that each cell's rule is told apart from the others.
const GridRules kDistinct{-0.5, 10.0, -7.0, -50.0, false};

// expected_move: the cell reached from s in a rows x cols grid by `direction` (0 left, 1 down,
// 2 right, 3 up), staying in place at an edge.
int expected_move(int rows, int cols, int s, int direction) {
    int row = s / cols, col = s % cols;
    if (direction == 0) col = col == 0 ? col : col - 1;
    if (direction == 1) row = row == rows - 1 ? row : row + 1;
    if (direction == 2) col = col == cols - 1 ? col : col + 1;
    if (direction == 3) row = row == 0 ? row : row - 1;
    return row * cols + col;
}

// Entered: what entering a cell gives, by the map's rule, written out here.
using Entered = std::tuple<int, double, bool>;  // next state, reward, done
Entered expected_entry(const std::vector<std::string>& map, const GridRules& rules, int s, int direction) {
    const int rows = int(map.size()), cols = int(map[0].size());
    const int next = expected_move(rows, cols, s, direction);
    const char c = map[std::size_t(next / cols)][std::size_t(next % cols)];
    if (c == 'G') return {next, rules.goal_reward, true};
    if (c == 'H') return {next, rules.hole_reward, true};
    if (c == 'C') {
        int start = 0;
        for (int t = 0; t < rows * cols; ++t)
            if (map[std::size_t(t / cols)][std::size_t(t % cols)] == 'S') start = t;
        return {start, rules.cliff_reward, false};
    }
    return {next, rules.step_reward, false};
}

// Distribution: probability per (next state, reward, done); two outcomes that reach the same
// cell are added, so a model that merges them and one that lists them apart compare equal.
using Distribution = std::map<Entered, double>;

Distribution expected_distribution(const std::vector<std::string>& map, const GridRules& rules, int s, int a) {
    Distribution d;
    if (!rules.slippery) {
        d[expected_entry(map, rules, s, a)] += 1.0;
        return d;
    }
    for (int direction : {(a + 3) % 4, a, (a + 1) % 4}) d[expected_entry(map, rules, s, direction)] += 1.0 / 3.0;
    return d;
}

Distribution model_distribution(const Model& m, int s, int a) {
    Distribution d;
    for (const Outcome& o : m.of(s, a)) d[Entered{o.next_state, o.reward, o.done}] += o.probability;
    return d;
}

std::string describe(const Distribution& d) {
    std::string text;
    for (const auto& [key, p] : d)
        text += "{s' " + std::to_string(std::get<0>(key)) + ", r " + std::to_string(std::get<1>(key)) +
                (std::get<2>(key) ? ", done" : "") + ": p " + std::to_string(p) + "} ";
    return text.empty() ? "(no outcomes)" : text;
}

// SameDistribution: the same keys, probabilities within 1e-12 (three additions of 1/3).
::testing::AssertionResult SameDistribution(const Distribution& got, const Distribution& want) {
    bool same = got.size() == want.size();
    for (auto g = got.begin(), w = want.begin(); same && g != got.end(); ++g, ++w)
        same = g->first == w->first && std::abs(g->second - w->second) <= 1e-12;
    if (same) return ::testing::AssertionSuccess();
    return ::testing::AssertionFailure() << "got " << describe(got) << "\n  want " << describe(want);
}

// ThrowsLogicError: `call` throws a std::logic_error that is not the stub's NotImplemented (which
// passes through, so that a half-written exercise shows "not started").
::testing::AssertionResult ThrowsLogicError(const std::function<void()>& call) {
    try {
        call();
    } catch (const course::NotImplemented&) {
        throw;
    } catch (const std::invalid_argument& e) {
        return ::testing::AssertionFailure() << "threw std::invalid_argument (" << e.what()
                                             << "), expected std::logic_error";
    } catch (const std::logic_error&) {
        return ::testing::AssertionSuccess();
    }
    return ::testing::AssertionFailure() << "did not throw";
}

// The map of the cell tests: 3 rows x 4 columns, the start at (1, 1) with a different cell on each
// side: the cliff on the left, the goal on the right, a hole above, floor 'F' below.
const std::vector<std::string> kCross = {".H..", "CSG.", ".F.."};

// ---- Each map character's rule ----

TEST(GridWorldCells, EachCharacterEnteredFromTheStart) {
    const GridWorld env(kCross, kDistinct);
    EXPECT_EQ(env.rows(), 3);
    EXPECT_EQ(env.cols(), 4);
    EXPECT_EQ(env.num_states(), 12);
    EXPECT_EQ(env.num_actions(), 4);
    EXPECT_EQ(env.start_state(), 5);
    const Step left = env.outcome_of_move(5, kLeft), down = env.outcome_of_move(5, kDown),
               right = env.outcome_of_move(5, kRight), up = env.outcome_of_move(5, kUp);
    // The cliff: its reward, back to the start, the episode goes on.
    EXPECT_EQ(left.next_state, 5) << "entering 'C' sends the agent back to the start 'S' (state 5)";
    EXPECT_EQ(left.reward, -50.0) << "entering 'C' gives cliff_reward";
    EXPECT_FALSE(left.done) << "the cliff does not end the episode (Example 6.6)";
    // Floor 'F': the step reward.
    EXPECT_EQ(down.next_state, 9) << "down from row 1, column 1 of a 3 x 4 map: state (row + 1) * cols + col = 9";
    EXPECT_EQ(down.reward, -0.5) << "entering 'F' gives step_reward";
    EXPECT_FALSE(down.done) << "floor does not end the episode";
    // The goal: its reward, the episode ends in it.
    EXPECT_EQ(right.next_state, 6) << "the agent stays in the goal it entered";
    EXPECT_EQ(right.reward, 10.0) << "entering 'G' gives goal_reward";
    EXPECT_TRUE(right.done) << "entering 'G' ends the episode";
    // A hole: its reward, the episode ends in it.
    EXPECT_EQ(up.next_state, 1) << "up from row 1, column 1: state 1, the hole";
    EXPECT_EQ(up.reward, -7.0) << "entering 'H' gives hole_reward";
    EXPECT_TRUE(up.done) << "entering 'H' ends the episode";
}

TEST(GridWorldCells, FloorAndStartGiveTheStepReward) {
    const GridWorld env(kCross, kDistinct);
    // '.' from 'F', 'S' from 'F', '.' from '.'.
    EXPECT_EQ(env.outcome_of_move(9, kLeft).next_state, 8);
    EXPECT_EQ(env.outcome_of_move(9, kLeft).reward, -0.5);
    EXPECT_EQ(env.outcome_of_move(9, kUp).next_state, 5);
    EXPECT_EQ(env.outcome_of_move(9, kUp).reward, -0.5);
    EXPECT_FALSE(env.outcome_of_move(9, kUp).done);
    EXPECT_EQ(env.outcome_of_move(3, kDown).next_state, 7);
    EXPECT_EQ(env.outcome_of_move(3, kDown).reward, -0.5);
    EXPECT_FALSE(env.outcome_of_move(3, kDown).done);
    // moved() does not apply the cliff's return: it is the cell entered.
    EXPECT_EQ(env.moved(5, kLeft), 4);
    EXPECT_EQ(env.moved(8, kUp), 4);
    EXPECT_EQ(env.outcome_of_move(8, kUp).next_state, 5);
}

TEST(GridWorldCells, EveryMoveOfANonSquareMapMatchesTheMoveTable) {
    // 3 x 5 and 5 x 2: rows and columns swapped, or a wrap-around at an edge, move some cell wrongly.
    for (const std::vector<std::string>& map :
         {std::vector<std::string>{"S....", ".F.H.", "..C.G"}, std::vector<std::string>{"..", "HS", "..", "C.", "G."}}) {
        const GridWorld env(map, kDistinct);
        const int rows = int(map.size()), cols = int(map[0].size());
        for (int s = 0; s < rows * cols; ++s)
            for (int d = 0; d < 4; ++d) {
                SCOPED_TRACE("map " + std::to_string(rows) + " x " + std::to_string(cols) + ", s = " +
                             std::to_string(s) + ", direction " + std::to_string(d));
                EXPECT_EQ(env.moved(s, d), expected_move(rows, cols, s, d))
                    << "directions 0 left, 1 down, 2 right, 3 up; a move off the grid stays; s = row * cols + col";
                const Step o = env.outcome_of_move(s, d);
                EXPECT_EQ((Entered{o.next_state, o.reward, o.done}), expected_entry(map, kDistinct, s, d))
                    << "the reward of the cell entered (an edge bump is a step: step_reward), 'C' back to the start";
            }
    }
}

TEST(GridWorldEdges, AMoveOffTheGridStaysWithTheStepReward) {
    const GridWorld env({"S..", "...", "..."}, kDistinct);
    // The four corners, each against its two edges; the middle of each side against its edge.
    const std::vector<std::tuple<int, int>> bumps = {{0, kLeft}, {0, kUp},    {2, kRight}, {2, kUp},
                                                     {6, kLeft}, {6, kDown},  {8, kRight}, {8, kDown},
                                                     {1, kUp},   {3, kLeft},  {5, kRight}, {7, kDown}};
    for (const auto& [s, d] : bumps) {
        SCOPED_TRACE("s = " + std::to_string(s) + ", direction " + std::to_string(d));
        EXPECT_EQ(env.moved(s, d), s) << "a move off the grid leaves the agent where it is (no wrap-around)";
        const Step o = env.outcome_of_move(s, d);
        EXPECT_EQ(o.next_state, s);
        EXPECT_EQ(o.reward, -0.5);
        EXPECT_FALSE(o.done);
    }
}

// ---- The cliff walk ----

TEST(CliffWalking, TheMapIsFourByTwelve) {
    const GridWorld env = cliff_walking();
    EXPECT_EQ(env.rows(), 4);
    EXPECT_EQ(env.cols(), 12);
    EXPECT_EQ(env.num_states(), 48);
    EXPECT_EQ(env.start_state(), 36);
    EXPECT_EQ(env.cell(36), 'S');
    EXPECT_EQ(env.cell(47), 'G');
    for (int s = 37; s <= 46; ++s) EXPECT_EQ(env.cell(s), 'C') << "s = " << s;
    EXPECT_EQ(env.moved(36, kUp), 24);
    EXPECT_EQ(env.moved(36, kRight), 37);
    EXPECT_EQ(env.moved(11, kRight), 11);
    EXPECT_EQ(env.moved(24, kLeft), 24);
}

TEST(CliffWalking, TheCliffCostsHundredAndSendsBackToTheStart) {
    GridWorld env = cliff_walking();
    EXPECT_EQ(env.reset(), 36);
    Step o = env.step(kRight);
    EXPECT_EQ(o.next_state, 36);
    EXPECT_EQ(o.reward, -100.0);
    EXPECT_FALSE(o.done) << "the cliff does not end the episode";
    EXPECT_EQ(env.state(), 36);
    // The episode goes on: up, right, then down into the cliff again from above.
    o = env.step(kUp);
    EXPECT_EQ(o.next_state, 24);
    EXPECT_EQ(o.reward, -1.0);
    o = env.step(kRight);
    EXPECT_EQ(o.next_state, 25);
    o = env.step(kDown);
    EXPECT_EQ(o.next_state, 36);
    EXPECT_EQ(o.reward, -100.0);
    EXPECT_FALSE(o.done);
    EXPECT_EQ(env.state(), 36);
}

TEST(CliffWalking, TheEdgePathTakesThirteenStepsAndReturnsMinusThirteen) {
    GridWorld env = cliff_walking();
    env.reset();
    std::vector<int> actions = {kUp};
    for (int i = 0; i < 11; ++i) actions.push_back(kRight);
    actions.push_back(kDown);
    double ret = 0;
    for (std::size_t t = 0; t < actions.size(); ++t) {
        const Step o = env.step(actions[t]);
        ret += o.reward;
        const int want = t == 12 ? 47 : 24 + int(t);
        EXPECT_EQ(o.next_state, want) << "step " << t;
        EXPECT_EQ(o.done, t == 12) << "step " << t << ": the episode ends on entering the goal, only then";
    }
    EXPECT_EQ(ret, -13.0);
    EXPECT_EQ(env.state(), 47);
}

// ---- FrozenLake ----

TEST(FrozenLake, TheStandardMaps) {
    const GridWorld four = frozen_lake(4, false);
    const std::vector<int> holes4 = {5, 7, 11, 12};
    const GridWorld eight = frozen_lake(8, false);
    const std::vector<int> holes8 = {19, 29, 35, 41, 42, 46, 49, 52, 54, 59};
    for (const auto& [env, holes, goal] :
         {std::tuple<const GridWorld&, const std::vector<int>&, int>{four, holes4, 15}, {eight, holes8, 63}}) {
        ASSERT_EQ(env.num_states(), (goal + 1));
        EXPECT_EQ(env.start_state(), 0);
        for (int s = 0; s < env.num_states(); ++s) {
            const bool hole = std::find(holes.begin(), holes.end(), s) != holes.end();
            EXPECT_EQ(env.is_terminal(s), hole || s == goal) << "s = " << s;
            EXPECT_EQ(env.cell(s), s == 0 ? 'S' : s == goal ? 'G' : hole ? 'H' : 'F') << "s = " << s;
        }
    }
}

TEST(FrozenLake, OnlyTheGoalPays) {
    GridWorld env = frozen_lake(4, false);
    env.reset();
    // down, down, right, down, right, right: 4, 8, 9, 13, 14, 15 (the goal).
    const std::vector<int> actions = {kDown, kDown, kRight, kDown, kRight, kRight};
    const std::vector<int> states = {4, 8, 9, 13, 14, 15};
    for (std::size_t t = 0; t < actions.size(); ++t) {
        const Step o = env.step(actions[t]);
        EXPECT_EQ(o.next_state, states[t]) << "step " << t;
        EXPECT_EQ(o.reward, t == 5 ? 1.0 : 0.0) << "step " << t;
        EXPECT_EQ(o.done, t == 5) << "step " << t;
    }
    // A hole ends the episode with reward 0: right to 1, down into 5.
    env.reset();
    EXPECT_EQ(env.step(kRight).next_state, 1);
    const Step hole = env.step(kDown);
    EXPECT_EQ(hole.next_state, 5);
    EXPECT_EQ(hole.reward, 0.0);
    EXPECT_TRUE(hole.done);
}

// ---- Slippery moves ----

TEST(SlipperyModel, TheIntendedAndThePerpendicularMovesAtOneThirdEach) {
    const GridWorld env = frozen_lake(4, true);
    const Model m = env.model();
    // From the start 0 (top-left corner), by hand:
    //   down:  left (stays 0), down (4), right (1)      -> {0, 1, 4} 1/3 each
    //   up:    right (1), up (stays 0), left (stays 0)  -> {0: 2/3, 1: 1/3}
    //   right: down (4), right (1), up (stays 0)        -> {0, 1, 4} 1/3 each
    //   left:  up (stays), left (stays), down (4)       -> {0: 2/3, 4: 1/3}
    const double third = 1.0 / 3.0;
    const char* const kSlipHint = "slippery: the intended direction a and the perpendicular ones (a + 3) % 4 and (a + 1) % 4 "
                                  "(0 left, 1 down, 2 right, 3 up), 1/3 each, never the opposite one";
    EXPECT_TRUE(SameDistribution(model_distribution(m, 0, kDown),
                                 {{{0, 0.0, false}, third}, {{1, 0.0, false}, third}, {{4, 0.0, false}, third}}))
        << kSlipHint;
    EXPECT_TRUE(SameDistribution(model_distribution(m, 0, kUp), {{{0, 0.0, false}, 2 * third}, {{1, 0.0, false}, third}}))
        << kSlipHint;
    EXPECT_TRUE(SameDistribution(model_distribution(m, 0, kRight),
                                 {{{0, 0.0, false}, third}, {{1, 0.0, false}, third}, {{4, 0.0, false}, third}}))
        << kSlipHint;
    EXPECT_TRUE(SameDistribution(model_distribution(m, 0, kLeft), {{{0, 0.0, false}, 2 * third}, {{4, 0.0, false}, third}}))
        << kSlipHint;
    // From 9 (row 2, column 1), in the middle: down goes left (8), down (13), right (10), never up (5).
    EXPECT_TRUE(SameDistribution(model_distribution(m, 9, kDown),
                                 {{{8, 0.0, false}, third}, {{10, 0.0, false}, third}, {{13, 0.0, false}, third}}))
        << kSlipHint;
    // From 14, right: up (10), right (15, the goal: reward 1, done), down (stays 14).
    EXPECT_TRUE(SameDistribution(model_distribution(m, 14, kRight),
                                 {{{10, 0.0, false}, third}, {{14, 0.0, false}, third}, {{15, 1.0, true}, third}}))
        << kSlipHint;
}

TEST(SlipperyStep, FrequenciesFromTheStartMatchTheModel) {
    // From the start of FrozenLake 4x4, action down: 0, 4 and 1 with probability 1/3 each. n = 3000
    // episodes of one step: each count has mean 1000 and sd sqrt(3000 * 1/3 * 2/3) = 25.8; the
    // threshold is 5 sd = 129. The opposite move (up, staying at 0) would put 2000 at 0: 39 sd off.
    GridWorld env = frozen_lake(4, true, 7);
    std::map<int, int> count;
    const int n = 3000;
    for (int i = 0; i < n; ++i) {
        env.reset();
        ++count[env.step(kDown).next_state];
    }
    const double sd = std::sqrt(n * (1.0 / 3.0) * (2.0 / 3.0));
    EXPECT_EQ(count.size(), 3u);
    for (int s : {0, 1, 4}) EXPECT_NEAR(count[s], n / 3.0, 5 * sd) << "next state " << s;
    // From the middle of a 3 x 3 slippery floor, action down: left (3), down (7), right (5), 1/3
    // each, and never up (1): the opposite direction would put about 1000 there.
    GridWorld middle({"...", ".S.", "..."}, GridRules{0.0, 1.0, 0.0, -100.0, true}, 8);
    count.clear();
    for (int i = 0; i < n; ++i) {
        middle.reset();
        ++count[middle.step(kDown).next_state];
    }
    EXPECT_EQ(count.count(1), 0u) << "down slipped up " << count[1] << " times: the slips are perpendicular, never opposite";
    EXPECT_EQ(count.size(), 3u);
    for (int s : {3, 5, 7}) EXPECT_NEAR(count[s], n / 3.0, 5 * sd) << "next state " << s;
}

// ---- The model, whole ----

TEST(GridWorldModel, EveryEnvironmentsModelMatchesTheMoveTable) {
    const std::vector<GridWorld> envs = {example_4_1_grid(), cliff_walking(), frozen_lake(4, false),
                                         frozen_lake(4, true), frozen_lake(8, true), GridWorld(kCross, kDistinct),
                                         GridWorld(kCross, GridRules{-0.5, 10.0, -7.0, -50.0, true})};
    for (std::size_t e = 0; e < envs.size(); ++e) {
        const GridWorld& env = envs[e];
        SCOPED_TRACE("environment " + std::to_string(e));
        const Model m = env.model();
        const int S = env.num_states();
        ASSERT_EQ(m.num_states, S);
        ASSERT_EQ(m.num_actions, 4);
        ASSERT_EQ(m.outcomes.size(), std::size_t(S) * 4);
        ASSERT_EQ(m.terminal.size(), std::size_t(S));
        for (int s = 0; s < S; ++s) {
            const char c = env.cell(s);
            EXPECT_EQ(m.terminal[std::size_t(s)], c == 'G' || c == 'H' ? 1 : 0) << "s = " << s;
            for (int a = 0; a < 4; ++a) {
                SCOPED_TRACE("s = " + std::to_string(s) + ", a = " + std::to_string(a));
                if (c == 'G' || c == 'H') {
                    EXPECT_TRUE(m.of(s, a).empty()) << "a terminal state's lists are empty";
                    continue;
                }
                double total = 0;
                for (const Outcome& o : m.of(s, a)) {
                    EXPECT_GT(o.probability, 0.0);
                    ASSERT_GE(o.next_state, 0);
                    ASSERT_LT(o.next_state, S);
                    EXPECT_EQ(o.done, bool(m.terminal[std::size_t(o.next_state)]))
                        << "done exactly on entering a terminal state";
                    total += o.probability;
                }
                EXPECT_NEAR(total, 1.0, 1e-12);
                EXPECT_TRUE(SameDistribution(model_distribution(m, s, a),
                                             expected_distribution(env.map(), env.rules(), s, a)));
            }
        }
    }
}

// ---- Episodes: after the end, and reset ----

TEST(GridWorldEpisode, StepAfterTheEndIsALogicErrorAndResetStartsAgain) {
    GridWorld env = frozen_lake(4, false);
    EXPECT_EQ(env.reset(), 0);
    env.step(kRight);
    ASSERT_TRUE(env.step(kDown).done);
    EXPECT_TRUE(ThrowsLogicError([&] { env.step(kDown); }));
    EXPECT_EQ(env.state(), 5) << "a refused step leaves the state as it was";
    EXPECT_TRUE(ThrowsLogicError([&] { env.step(kLeft); })) << "and refuses again";
    EXPECT_EQ(env.reset(), 0);
    EXPECT_EQ(env.state(), 0);
    const Step o = env.step(kDown);
    EXPECT_EQ(o.next_state, 4);
    EXPECT_FALSE(o.done);
    EXPECT_EQ(env.state(), 4);
}

// ---- Example 4.1 ----

TEST(Example41, TheGridOfTheBook) {
    GridWorld env = example_4_1_grid();
    EXPECT_EQ(env.num_states(), 16);
    EXPECT_EQ(env.reset(), 1);
    const Model m = env.model();
    for (int s = 0; s < 16; ++s) EXPECT_EQ(m.terminal[std::size_t(s)], s == 0 || s == 15 ? 1 : 0) << "s = " << s;
    // -1 on every move: into a terminal corner, along the floor, against an edge.
    Step o = env.step(kLeft);
    EXPECT_EQ(o.next_state, 0);
    EXPECT_EQ(o.reward, -1.0);
    EXPECT_TRUE(o.done);
    EXPECT_EQ(m.of(3, kUp).size(), 1u);
    EXPECT_EQ(m.of(3, kUp)[0].next_state, 3);
    EXPECT_EQ(m.of(3, kUp)[0].reward, -1.0);
    EXPECT_EQ(m.of(11, kDown)[0].next_state, 15);
    EXPECT_EQ(m.of(11, kDown)[0].reward, -1.0);
    EXPECT_TRUE(m.of(11, kDown)[0].done);
    EXPECT_EQ(m.of(5, kRight)[0].next_state, 6);
    EXPECT_EQ(m.of(5, kRight)[0].probability, 1.0);
}

// ---- Bad input ----

TEST(GridWorldBadInput, MapsAreChecked) {
    const GridWorld valid(kCross, kDistinct);
    ASSERT_EQ(valid.start_state(), 5) << kValidCallFirst;
    EXPECT_TRUE(ThrowsInvalidArgument([] { GridWorld({"S.", ".#"}, GridRules{}); }, {"#", "row 1", "column 1"}));
    EXPECT_TRUE(ThrowsInvalidArgument([] { GridWorld({"S..x", "...."}, GridRules{}); }, {"x", "row 0", "column 3"}));
    EXPECT_TRUE(ThrowsInvalidArgument([] { GridWorld({"S..", "..", "..."}, GridRules{}); }, {"row 1"}));
    EXPECT_TRUE(ThrowsInvalidArgument([] { GridWorld({"S..", "...", "...."}, GridRules{}); }, {"row 2"}));
    EXPECT_TRUE(ThrowsInvalidArgument([] { GridWorld({"..", ".."}, GridRules{}); }, {"S"}));
    EXPECT_TRUE(ThrowsInvalidArgument([] { GridWorld({"S.", ".S"}, GridRules{}); }, {"S", "row 1", "column 1"}));
    EXPECT_TRUE(ThrowsInvalidArgument([] { GridWorld({}, GridRules{}); }));
    EXPECT_TRUE(ThrowsInvalidArgument([] { GridWorld({""}, GridRules{}); }));
    EXPECT_TRUE(ThrowsInvalidArgument([] { GridWorld({"", "S"}, GridRules{}); }));
    // Lower case, a space, a digit, a NUL: none is a cell; a space or a NUL is named by its code.
    EXPECT_TRUE(ThrowsInvalidArgument([] { GridWorld({"s.", "..G"}, GridRules{}); }));
    EXPECT_TRUE(ThrowsInvalidArgument([] { GridWorld({"S.g"}, GridRules{}); }, {"g", "row 0", "column 2"}));
    EXPECT_TRUE(ThrowsInvalidArgument([] { GridWorld({"S ."}, GridRules{}); }, {"code 32", "row 0", "column 1"}));
    EXPECT_TRUE(ThrowsInvalidArgument([] { GridWorld({"S.", "0."}, GridRules{}); }, {"0", "row 1", "column 0"}));
    EXPECT_TRUE(
        ThrowsInvalidArgument([] { GridWorld({std::string("S.\0", 3)}, GridRules{}); }, {"code 0", "row 0", "column 2"}));
}

TEST(GridWorldBadInput, ActionsOutsideZeroToThree) {
    GridWorld env = cliff_walking();
    env.reset();
    ASSERT_EQ(env.step(kUp).next_state, 24) << kValidCallFirst;
    for (int a : {-1, 4, 5, INT_MIN, INT_MAX})
        EXPECT_TRUE(ThrowsInvalidArgument([&] { env.step(a); }, {std::to_string(a)})) << "action " << a;
    EXPECT_EQ(env.state(), 24) << "a refused action leaves the state as it was";
    EXPECT_EQ(env.step(kRight).next_state, 25);
}

TEST(GridWorldBadInput, FrozenLakeHasTwoSizes) {
    ASSERT_EQ(frozen_lake(4).num_states(), 16) << kValidCallFirst;
    for (int size : {5, 0, -4, 16})
        EXPECT_TRUE(ThrowsInvalidArgument([&] { frozen_lake(size); }, {"frozen_lake", std::to_string(size)}));
}

// ---- More: step() against the model everywhere, seeds, tiny maps ----

TEST(SlipperyStep, FrequenciesAlongRandomWalksMatchTheModel) {
    // Random actions (seeded) on slippery FrozenLake 8x8, n = 40 000 steps, a reset after each end.
    // For every (s, a) tried at least 60 times and every next state s' of probability p in the
    // model, the count of s' is binomial(n_sa, p): z = (count - n_sa p) / sqrt(n_sa p (1 - p)) must
    // stay within 5 (about 500 counts are compared; |z| > 5 has probability 6e-7 each, and the
    // largest |z| of this seed is printed on failure). A next state the model does not list must
    // never happen. A slip that turns "left" into "stay" (a remainder of -1) puts a count of 2/3 of
    // n_sa where the model says 1/3: at n_sa = 60 that is 5.5 sd, and the start's (s, a) are tried
    // hundreds of times.
    GridWorld env = frozen_lake(8, true, 11);
    const Model m = env.model();
    const int S = env.num_states();
    std::vector<int> tried(std::size_t(S) * 4, 0), count(std::size_t(S) * 4 * S, 0);
    course::Rng agent(3);
    int s = env.reset();
    for (int t = 0; t < 40000; ++t) {
        const int a = agent.index(4);
        const Step o = env.step(a);
        ++tried[std::size_t(s) * 4 + std::size_t(a)];
        ++count[(std::size_t(s) * 4 + std::size_t(a)) * std::size_t(S) + std::size_t(o.next_state)];
        s = o.done ? env.reset() : o.next_state;
    }
    double worst = 0;
    int compared = 0;
    for (int x = 0; x < S; ++x)
        for (int a = 0; a < 4; ++a) {
            const int n = tried[std::size_t(x) * 4 + std::size_t(a)];
            if (n < 60) continue;
            std::vector<double> p(std::size_t(S), 0.0);
            for (const Outcome& o : m.of(x, a)) p[std::size_t(o.next_state)] += o.probability;
            for (int y = 0; y < S; ++y) {
                const int c = count[(std::size_t(x) * 4 + std::size_t(a)) * std::size_t(S) + std::size_t(y)];
                const double py = p[std::size_t(y)];
                if (py == 0.0) {
                    EXPECT_EQ(c, 0) << "s " << x << ", a " << a << " reached " << y << ", which the model does not list";
                    continue;
                }
                const double z = (c - n * py) / std::sqrt(n * py * (1 - py));
                worst = std::max(worst, std::abs(z));
                ++compared;
                EXPECT_LT(std::abs(z), 5.0) << "s " << x << ", a " << a << ", s' " << y << ": " << c << " of " << n
                                            << " tries, the model says p = " << py;
            }
        }
    EXPECT_GT(compared, 150) << "the walk reaches too few (s, a) pairs to compare";
    RecordProperty("largest_abs_z", std::to_string(worst));
}

TEST(SlipperyStep, OneSeedOneSequenceOfSlips) {
    // The same seed and the same actions give the same steps, across resets; another seed gives
    // another sequence (two sequences of 300 slips agree by chance with probability below 3^-100).
    auto run = [](std::uint64_t seed) {
        GridWorld env = frozen_lake(8, true, seed);
        std::vector<Entered> steps;
        course::Rng agent(5);
        env.reset();
        for (int t = 0; t < 300; ++t) {
            const Step o = env.step(agent.index(4));
            steps.emplace_back(o.next_state, o.reward, o.done);
            if (o.done) env.reset();
        }
        return steps;
    };
    const std::vector<Entered> a = run(42), b = run(42), c = run(43);
    EXPECT_TRUE(a == b) << "seed 42 twice gave two different sequences";
    EXPECT_FALSE(a == c) << "seeds 42 and 43 gave the same sequence of 300 steps";
}

TEST(GridWorldEdges, ASingleCellAndASingleRow) {
    const GridWorld one({"S"}, kDistinct);
    EXPECT_EQ(one.num_states(), 1);
    for (int d = 0; d < 4; ++d) {
        const Step o = one.outcome_of_move(0, d);
        EXPECT_EQ(o.next_state, 0) << "direction " << d;
        EXPECT_EQ(o.reward, -0.5) << "direction " << d;
        EXPECT_FALSE(o.done) << "direction " << d;
    }
    GridWorld row({"HS.G"}, kDistinct);
    EXPECT_EQ(row.rows(), 1);
    EXPECT_EQ(row.cols(), 4);
    EXPECT_EQ(row.reset(), 1);
    EXPECT_EQ(row.step(kUp).next_state, 1);
    EXPECT_EQ(row.step(kDown).next_state, 1);
    EXPECT_EQ(row.step(kRight).next_state, 2);
    const Step goal = row.step(kRight);
    EXPECT_EQ(goal.next_state, 3);
    EXPECT_EQ(goal.reward, 10.0);
    EXPECT_TRUE(goal.done);
    const GridWorld column({"G", ".", "S", "C"}, kDistinct);
    EXPECT_EQ(column.outcome_of_move(2, kLeft).next_state, 2);
    EXPECT_EQ(column.outcome_of_move(2, kDown).next_state, 2) << "the cliff below sends back to the start";
    EXPECT_EQ(column.outcome_of_move(2, kDown).reward, -50.0);
    EXPECT_EQ(column.outcome_of_move(1, kUp).next_state, 0);
    EXPECT_TRUE(column.outcome_of_move(1, kUp).done);
}

TEST(GridWorldEpisode, ResetInTheMiddleAndAfterTheCliff) {
    GridWorld env = cliff_walking();
    env.reset();
    env.step(kUp);
    env.step(kRight);
    EXPECT_EQ(env.state(), 25);
    EXPECT_EQ(env.reset(), 36);
    EXPECT_EQ(env.state(), 36);
    // The cliff's return to the start is not an end: many falls in a row, then the edge path.
    for (int i = 0; i < 5; ++i) {
        const Step o = env.step(kRight);
        EXPECT_EQ(o.next_state, 36);
        EXPECT_FALSE(o.done);
    }
    EXPECT_EQ(env.step(kUp).next_state, 24);
    for (int i = 0; i < 11; ++i) env.step(kRight);
    EXPECT_TRUE(env.step(kDown).done);
    EXPECT_EQ(env.reset(), 36);
    EXPECT_FALSE(env.step(kUp).done);
}

TEST(GridWorldEpisode, ANewEnvironmentIsAtItsStart) {
    // Before the first reset(), state() is already the start (not state 0): the cliff walk's start
    // is 36, Example 4.1's is 1, the cross map's 5.
    EXPECT_EQ(cliff_walking().state(), 36);
    EXPECT_EQ(example_4_1_grid().state(), 1);
    EXPECT_EQ(GridWorld(kCross, kDistinct).state(), 5);
}

}  // namespace
}  // namespace course::reinforcement_learning
