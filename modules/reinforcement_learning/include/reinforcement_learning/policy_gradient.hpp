// Policy gradient: REINFORCE with a learned state-value baseline and a softmax policy linear in
// features, on the short corridor with switched actions (Example 13.1) and on CartPole.
// Notes: docs/reinforcement_learning.md#policy_gradient.
//
// The policy is a softmax over the A actions of preferences linear in features:
//     h(s, b) = theta . x(s, b)          pi(b | s) = exp(h(s, b)) / sum_c exp(h(s, c))
// x(s, b) is a d-vector per action: the features of a state are an (A, d) row-major matrix, row b
// = x(s, b). Its log-derivative (the "eligibility vector" of Sutton & Barto, eq. 13.9):
//     grad_theta ln pi(a | s) = x(s, a) - sum_b pi(b | s) x(s, b)                  (d)
// REINFORCE with baseline (Sutton & Barto, section 13.4), after each episode S_0, A_0, R_1, ...,
// S_{T-1}, A_{T-1}, R_T, for t = 0 .. T - 1 in order:
//     G_t    = sum_{k = t+1}^{T} gamma^(k-t-1) R_k                 the discounted return from t
//     delta  = G_t - w . z(S_t)                                    v(s, w) = w . z(s), linear
//     w     += alpha_w delta z(S_t)                                grad_w v(s, w) = z(s)
//     theta += alpha_theta gamma^t delta grad ln pi(A_t | S_t, theta)
// Without a baseline, delta = G_t and w is not used (REINFORCE, section 13.3). The gamma^t factor
// of the book's pseudocode is KEPT (it is the gradient of the start state's value); with gamma = 1
// (the corridor) it is 1. Each step's grad ln pi is taken at the CURRENT theta, already moved by
// the steps before it in the same episode, as the book's loop does.
//
// Sources: Sutton & Barto, Reinforcement Learning: An Introduction, 2nd ed. (2018), chapter 13:
// 13.2 (the policy gradient theorem), 13.3 (REINFORCE), 13.4 (with baseline), Example 13.1 and
// Figures 13.1 / 13.2 (the short corridor); Barto, Sutton & Anderson (1983) and Gym's
// CartPole-v0 (the cart-pole's dynamics, constants and 195-over-100-episodes "solved" rule).
#pragma once

#include <array>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <span>
#include <stdexcept>
#include <vector>

#include "course/error.hpp"
#include "course/random.hpp"
#include "reinforcement_learning/bandits.hpp"
#include "reinforcement_learning/environments.hpp"

namespace course::reinforcement_learning {

// ---- The softmax policy ----

// check_linear_softmax_arguments: A >= 1, d = theta.size() >= 1, features (A, d), every theta and
// feature finite (a NaN or inf preference has no softmax; in training it means theta diverged).
inline void check_linear_softmax_arguments(const char* function, std::span<const double> theta,
                                           std::span<const double> features, int A) {
    COURSE_CHECK(A >= 1, function, ": A = ", A, ", expected at least 1 action");
    COURSE_CHECK(!theta.empty(), function, ": theta is empty, expected d >= 1 parameters");
    COURSE_CHECK(features.size() == std::size_t(A) * theta.size(), function, ": features has ", features.size(),
                 " elements, expected A * d = ", A, " * ", theta.size(), " (row b = x(s, b))");
    for (std::size_t i = 0; i < theta.size(); ++i)
        COURSE_CHECK(std::isfinite(theta[i]), function, ": theta[", i, "] = ", theta[i], ", expected finite");
    for (std::size_t i = 0; i < features.size(); ++i)
        COURSE_CHECK(std::isfinite(features[i]), function, ": features[", i, "] = ", features[i],
                     " (action ", i / theta.size(), ", feature ", i % theta.size(), "), expected finite");
}

// linear_softmax_policy: the action probabilities of one state.
//
//     pi(b | s) = exp(h_b - m) / sum_c exp(h_c - m)      h_b = sum_i theta[i] features[b * d + i],
//                                                        m = max_c h_c
//
// theta is (d); features is (A, d), row b = x(s, b); returns (A) probabilities summing to 1.
// Subtracting the largest preference m changes nothing mathematically and keeps exp from
// overflowing (h = 1000 is a finite preference). Cost: A d multiply-adds and A exps.
// Throws std::invalid_argument for A < 1, empty theta, features not A * d, a non-finite entry.
std::vector<double> linear_softmax_policy(std::span<const double> theta, std::span<const double> features, int A);

// grad_log_linear_softmax: the gradient of ln pi(action | s) with respect to theta.
//
//     grad ln pi(a | s) = x(s, a) - sum_b pi(b | s) x(s, b)        (d)
//
// The features of the action taken minus their expectation under the policy. theta (d), features
// (A, d) as in linear_softmax_policy. Cost: one linear_softmax_policy and A d multiply-adds.
// Throws std::invalid_argument as linear_softmax_policy does, and for an action outside 0 .. A - 1.
std::vector<double> grad_log_linear_softmax(std::span<const double> theta, std::span<const double> features, int A,
                                     int action);

// Actions are drawn with the bandits exercise's sample_action(pi, rng) (bandits.hpp: one
// u = rng.uniform(0, 1), the first b with u < pi(0) + ... + pi(b)), from its reference library.

// ---- Returns and the update ----

// check_gamma: gamma in [0, 1] (NaN is refused too), as std::invalid_argument naming `function`.
inline void check_discount(const char* function, double gamma) {
    COURSE_CHECK(gamma >= 0.0 && gamma <= 1.0, function, ": gamma = ", gamma, ", expected a discount in [0, 1]");
}

// discounted_returns: the return from every step of one episode.
//
//     G_t = R_{t+1} + gamma R_{t+2} + ... + gamma^(T-t-1) R_T  =  R_{t+1} + gamma G_{t+1},   G_T = 0
//
// rewards is (T): rewards[t] = R_{t+1}, the reward that followed the action at step t. Returns (T)
// values G_0 .. G_{T-1}, computed backwards in one pass (T multiply-adds). T = 0 gives an empty
// vector. Throws std::invalid_argument for gamma outside [0, 1] or NaN, or a NaN reward.
std::vector<double> discounted_returns(std::span<const double> rewards, double gamma);

// ReinforceSettings: the step sizes and the discount of REINFORCE (with or without baseline).
struct ReinforceSettings {
    double alpha_theta = 0.0;  // the policy's step size, > 0
    double alpha_w = 0.0;      // the baseline's step size, > 0 when baseline is on (else unused)
    double gamma = 1.0;        // the discount, in [0, 1]
    bool baseline = true;      // REINFORCE with baseline (13.4) or plain REINFORCE (13.3)
};

// check_reinforce_settings: alpha_theta > 0 and finite, alpha_w > 0 and finite when the baseline
// is on, gamma in [0, 1]; std::invalid_argument naming `function`, the field and its value.
inline void check_reinforce_settings(const char* function, const ReinforceSettings& settings) {
    COURSE_CHECK(settings.alpha_theta > 0.0 && std::isfinite(settings.alpha_theta), function,
                 ": alpha_theta = ", settings.alpha_theta, ", expected a finite step size > 0");
    if (settings.baseline)
        COURSE_CHECK(settings.alpha_w > 0.0 && std::isfinite(settings.alpha_w), function, ": alpha_w = ",
                     settings.alpha_w, ", expected a finite step size > 0 (the baseline is on)");
    check_discount(function, settings.gamma);
}

// Episode: what one episode leaves for the update, T steps.
struct Episode {
    int num_actions = 0;                 // A
    std::vector<double> features;        // (T, A, d): features[(t * A + b) * d + i] = x(S_t, b)[i]
    std::vector<double> value_features;  // (T, dv): z(S_t); may be empty without a baseline
    std::vector<int> actions;            // (T): A_t
    std::vector<double> rewards;         // (T): rewards[t] = R_{t+1}
    int length() const { return int(actions.size()); }
};

// check_reinforce_update_arguments: the settings; A >= 1; theta (d >= 1); rewards (T);
// features (T * A * d); with a baseline, w (dv >= 1) and value_features (T * dv); every action in
// 0 .. A - 1.
inline void check_reinforce_update_arguments(std::span<const double> theta, std::span<const double> w,
                                             const Episode& episode, const ReinforceSettings& settings) {
    const char* f = "reinforce_update";
    check_reinforce_settings(f, settings);
    const std::size_t T = episode.actions.size(), A = std::size_t(episode.num_actions < 0 ? 0 : episode.num_actions);
    COURSE_CHECK(episode.num_actions >= 1, f, ": episode.num_actions = ", episode.num_actions, ", expected >= 1");
    COURSE_CHECK(!theta.empty(), f, ": theta is empty, expected d >= 1 parameters");
    COURSE_CHECK(episode.rewards.size() == T, f, ": episode.rewards has ", episode.rewards.size(),
                 " elements, expected one per action, T = ", T);
    COURSE_CHECK(episode.features.size() == T * A * theta.size(), f, ": episode.features has ",
                 episode.features.size(), " elements, expected T * A * d = ", T, " * ", A, " * ", theta.size());
    if (settings.baseline) {
        COURSE_CHECK(!w.empty(), f, ": w is empty, expected dv >= 1 baseline weights (the baseline is on)");
        COURSE_CHECK(episode.value_features.size() == T * w.size(), f, ": episode.value_features has ",
                     episode.value_features.size(), " elements, expected T * dv = ", T, " * ", w.size());
    }
    for (std::size_t t = 0; t < T; ++t)
        COURSE_CHECK(episode.actions[t] >= 0 && std::size_t(episode.actions[t]) < A, f, ": episode.actions[", t,
                     "] = ", episode.actions[t], ", expected an action in 0 .. ", A - 1);
}

// reinforce_update: REINFORCE's updates for one finished episode, theta and w in place.
//
//     for t = 0 .. T-1:   G_t     = sum_{k=t+1}^{T} gamma^(k-t-1) R_k
//                         delta   = G_t - w . z(S_t)               (delta = G_t without baseline)
//                         w      += alpha_w delta z(S_t)           (baseline only)
//                         theta  += alpha_theta gamma^t delta grad ln pi(A_t | S_t, theta)
//
// theta is (d); w is (dv), empty or ignored without a baseline; the episode's features are
// (T, A, d) and value_features (T, dv). delta uses w BEFORE its own update at step t; each
// grad ln pi uses theta as the steps before t left it. Cost: T (linear_softmax_policy + 2 A d + 4 dv).
// Throws std::invalid_argument (check_reinforce_update_arguments), and as linear_softmax_policy does if
// theta stops being finite.
void reinforce_update(std::span<double> theta, std::span<double> w, const Episode& episode,
                      const ReinforceSettings& settings);

// ---- (a) The short corridor with switched actions (Example 13.1) ----

// ShortCorridor: states 0, 1, 2 and the goal 3 (terminal); actions 0 right, 1 left; reward -1 on
// every step. In states 0 and 2 the actions move as named (left in state 0 stays in 0); in state 1
// they are switched: right moves to 0, left to 2. Every state looks the same to the agent: the
// features of every state are x(s, right) = [1, 0], x(s, left) = [0, 1], so pi(right) = p is one
// number for all states. Not the lesson: written here.
class ShortCorridor {
public:
    static constexpr int kRight = 0, kLeft = 1, kGoal = 3;
    int reset() {
        state_ = 0;
        return state_;
    }
    // step: throws std::invalid_argument for an action other than 0 or 1 and std::logic_error
    // after the goal was reached (reset first).
    Step step(int action) {
        COURSE_CHECK(action == kRight || action == kLeft, "ShortCorridor::step: action ", action,
                     " is not 0 (right) or 1 (left)");
        if (state_ == kGoal) throw std::logic_error("ShortCorridor::step: the episode has ended, call reset() first");
        bool right = action == kRight;
        if (state_ == 1) right = !right;  // the switched state
        state_ = right ? state_ + 1 : (state_ > 0 ? state_ - 1 : 0);
        return {state_, -1.0, state_ == kGoal};
    }
    int state() const { return state_; }

private:
    int state_ = 0;
};

// kCorridorFeatures: x(s, b) for every state, (2, 2) row-major: row 0 (right) = [1, 0], row 1
// (left) = [0, 1]. With theta = [theta_right, theta_left], p = pi(right) = sigmoid(theta_r - theta_l).
inline constexpr std::array<double, 4> kCorridorFeatures = {1.0, 0.0, 0.0, 1.0};
// kCorridorMaxSteps: an episode is cut after this many steps (a policy with p near 0 or 1 may never
// reach the goal); its return is then the sum of the rewards received, -kCorridorMaxSteps.
inline constexpr int kCorridorMaxSteps = 1000;
// kCorridorStartTheta: the book's Figure 13.1 start, p = sigmoid(-2.94) = 0.050 (J = -82).
inline constexpr std::array<double, 2> kCorridorStartTheta = {-1.47, 1.47};

// short_corridor_start_value: J(p) = v_pi(S_0), the start state's value when every state goes right
// with probability p (gamma = 1). From the three Bellman equations (docs: the derivation):
//
//     J(p) = (2 p - 4) / (p (1 - p))            maximal at p* = 2 - sqrt 2 = 0.5858, J(p*) = -11.657
//
// -infinity at p = 0 and p = 1 (the goal is never reached). Throws std::invalid_argument for p
// outside [0, 1] or NaN.
double short_corridor_start_value(double p);

// TrainingRun: what a training run returns.
struct TrainingRun {
    std::vector<double> returns;        // per episode: the undiscounted sum of its rewards
    std::vector<double> probabilities;  // corridor: pi(right) after each episode's update; CartPole: empty
    std::vector<double> theta;          // the final policy parameters (d)
    std::vector<double> w;              // the final baseline weights (dv; zeros without baseline)
    int solved_at = -1;                 // CartPole: the episode (1-based) whose last 100 returns first
                                        // averaged >= 195; -1 if never; the corridor: -1
};

// reinforce_short_corridor: `episodes` episodes of REINFORCE (with or without baseline) on the
// short corridor, from theta = theta0 (2) and w = [0] (dv = 1, z(s) = [1]: the baseline is one
// number, every state looks the same). Each episode: reset, then until the goal or
// kCorridorMaxSteps steps: pi = linear_softmax_policy(theta, kCorridorFeatures, 2), A_t =
// sample_action(pi, rng), step; then reinforce_update. One course::Rng rng(seed) draws every
// action. Cost: the episodes' steps (about 12 each at p*, 82 at p = 0.05) times one update each.
// Throws std::invalid_argument for bad settings, episodes < 1, theta0 not 2 finite values.
TrainingRun reinforce_short_corridor(const ReinforceSettings& settings, int episodes,
                                     std::span<const double> theta0, std::uint64_t seed);

// check_episodes: episodes >= 1, as std::invalid_argument naming `function`.
inline void check_episodes(const char* function, int episodes) {
    COURSE_CHECK(episodes >= 1, function, ": episodes = ", episodes, ", expected at least 1");
}

// check_reinforce_short_corridor_arguments: the settings, episodes >= 1, theta0 = 2 finite values.
inline void check_reinforce_short_corridor_arguments(const ReinforceSettings& settings, int episodes,
                                                     std::span<const double> theta0) {
    const char* f = "reinforce_short_corridor";
    check_reinforce_settings(f, settings);
    check_episodes(f, episodes);
    COURSE_CHECK(theta0.size() == 2, f, ": theta0 has ", theta0.size(), " elements, expected 2 (right, left)");
    for (std::size_t i = 0; i < 2; ++i)
        COURSE_CHECK(std::isfinite(theta0[i]), f, ": theta0[", i, "] = ", theta0[i], ", expected finite");
}

// ---- (b) CartPole (Barto, Sutton & Anderson 1983; Gym's CartPole-v0) ----

// CartPoleState: {x, x_dot, theta, theta_dot}: the cart's position (m) and velocity (m/s), the
// pole's angle from upright (rad, positive clockwise: leaning right) and angular velocity (rad/s).
using CartPoleState = std::array<double, 4>;

// The standard constants. kCartPoleLength is HALF the pole's length (the pivot to the centre of
// mass), as in Gym.
inline constexpr double kCartPoleGravity = 9.8, kCartPoleMassCart = 1.0, kCartPoleMassPole = 0.1,
                        kCartPoleLength = 0.5, kCartPoleForce = 10.0, kCartPoleTau = 0.02,
                        kCartPoleXLimit = 2.4, kCartPoleThetaLimit = 12.0 * 2.0 * 3.14159265358979323846 / 360.0;
inline constexpr int kCartPoleMaxSteps = 200;        // v0's cap: an episode's return is at most 200
inline constexpr double kCartPoleSolvedReturn = 195;  // "solved": the mean over 100 episodes >= 195
inline constexpr int kCartPoleSolvedWindow = 100;

// CartPoleStep: the answer to an action.
struct CartPoleStep {
    CartPoleState state;  // the next state
    double reward;        // 1 on every step, the failing one included
    bool done;            // the episode ended: failed or truncated
    bool failed;          // |x| > 2.4 or |theta| > 12 degrees after this step
};

// cartpole_dynamics: one Euler step of the cart-pole, tau = 0.02 s, action 0 pushes left (force
// -10 N), 1 right (+10 N). With M = masscart + masspole = 1.1, m l = masspole * length = 0.05:
//
//     temp   = (F + m l theta_dot^2 sin theta) / M
//     th_acc = (g sin theta - cos theta temp) / (l (4/3 - m cos^2 theta / M))
//     x_acc  = temp - m l th_acc cos theta / M
//     x += tau x_dot;  x_dot += tau x_acc;  theta += tau theta_dot;  theta_dot += tau th_acc
//
// (explicit Euler: positions move with the OLD velocities, as Gym's "euler" integrator).
// Throws std::invalid_argument for an action other than 0 or 1 or a non-finite state.
CartPoleState cartpole_dynamics(const CartPoleState& state, int action);

// check_cartpole_state: every component finite, as std::invalid_argument naming `function`.
inline void check_cartpole_state(const char* function, const CartPoleState& s) {
    for (std::size_t i = 0; i < 4; ++i)
        COURSE_CHECK(std::isfinite(s[i]), function, ": state[", i, "] = ", s[i],
                     ", expected finite (x, x_dot, theta, theta_dot)");
}
inline void check_cartpole_action(const char* function, int action) {
    COURSE_CHECK(action == 0 || action == 1, function, ": action ", action, " is not 0 (push left) or 1 (push right)");
}

// CartPole: the environment around cartpole_dynamics. reset() draws the four state variables
// uniformly in [-0.05, 0.05) (four rng.uniform(-0.05, 0.05), in order) from its own generator,
// seeded at construction; step() applies cartpole_dynamics, gives reward 1, and ends the episode
// when it fails or after kCartPoleMaxSteps steps. Not the lesson (cartpole_dynamics is): written here.
class CartPole {
public:
    explicit CartPole(std::uint64_t seed) : rng_(seed) {}
    const CartPoleState& reset() {
        for (double& v : state_) v = rng_.uniform(-0.05, 0.05);
        steps_ = 0;
        done_ = false;
        return state_;
    }
    // set_state: starts an episode from `state` (tests). A non-finite component is std::invalid_argument.
    void set_state(const CartPoleState& state) {
        check_cartpole_state("CartPole::set_state", state);
        state_ = state;
        steps_ = 0;
        done_ = false;
    }
    // step: std::invalid_argument for an action other than 0 or 1, std::logic_error once done.
    CartPoleStep step(int action) {
        check_cartpole_action("CartPole::step", action);
        if (done_) throw std::logic_error("CartPole::step: the episode has ended, call reset() first");
        state_ = cartpole_dynamics(state_, action);
        ++steps_;
        const bool failed = std::abs(state_[0]) > kCartPoleXLimit || std::abs(state_[2]) > kCartPoleThetaLimit;
        done_ = failed || steps_ >= kCartPoleMaxSteps;
        return {state_, 1.0, done_, failed};
    }
    const CartPoleState& state() const { return state_; }
    int steps() const { return steps_; }

private:
    course::Rng rng_;
    CartPoleState state_ = {0.0, 0.0, 0.0, 0.0};
    int steps_ = 0;
    bool done_ = true;
};

// The CartPole policy's features, d = 4: x(s, left) = [0, 0, 0, 0], x(s, right) = s itself. The
// preference for pushing right over pushing left is then theta . s: a linear controller whose
// gains theta are learned, behind a logistic pi(right | s) = sigmoid(theta . s). (The four state
// variables are of order 0.1 to 1 within the limits: no scaling needed.)
inline constexpr int kCartPoleFeatures = 4;
inline std::array<double, 2 * kCartPoleFeatures> cartpole_policy_features(const CartPoleState& s) {
    return {0.0, 0.0, 0.0, 0.0, s[0], s[1], s[2], s[3]};
}
// The baseline's features, dv = 9: z(s) = [1, x, x_dot, theta, theta_dot, x^2, x_dot^2, theta^2,
// theta_dot^2]. The value falls as the state nears a limit, either side: the squares give v that
// shape (with the state alone the baseline is a plane, and learning takes longer).
inline constexpr int kCartPoleValueFeatures = 9;
inline std::array<double, kCartPoleValueFeatures> cartpole_value_features(const CartPoleState& s) {
    return {1.0, s[0], s[1], s[2], s[3], s[0] * s[0], s[1] * s[1], s[2] * s[2], s[3] * s[3]};
}
// kCartPoleSettings: the step sizes and discount that solve it in about 200 episodes (docs).
inline constexpr ReinforceSettings kCartPoleSettings = {0.01, 0.0005, 0.99, true};

// reinforce_cartpole: REINFORCE (with or without baseline) on CartPole from theta = 0 (4) and
// w = 0 (9), until the mean return of the last 100 episodes reaches 195 or max_episodes episodes
// have run. Each episode: CartPole env(seed) is reset (one environment for the run), then until
// done: pi = linear_softmax_policy(theta, cartpole_policy_features(s), 2), A_t = sample_action(pi, rng)
// with course::Rng rng(seed + 1), step; then reinforce_update with z = cartpole_value_features.
// returns holds one entry per episode run (its length, at most 200); solved_at as in TrainingRun.
// Cost: at most 200 steps per episode; about 35 000 steps in all with kCartPoleSettings.
// Throws std::invalid_argument for bad settings or max_episodes < 1.
TrainingRun reinforce_cartpole(const ReinforceSettings& settings, int max_episodes, std::uint64_t seed);

}  // namespace course::reinforcement_learning
