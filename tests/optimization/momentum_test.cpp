// Tests for exercise 4, heavy ball and Nesterov momentum (modules/optimization/learner/momentum.cpp).
//
// Oracles: iterates worked out by hand on f = x^2 / 2 (binary fractions, exact); the textbook
// two-term recurrences, written out in this file and run on seeded quadratics,
//     heavy ball:  x_{k+1} = x_k - alpha grad f(x_k) + beta (x_k - x_{k-1}),      x_{-1} = x_0
//     Nesterov:    x'_{k+1} = y_k - alpha grad f(y_k),  y_{k+1} = x'_{k+1} + beta (x'_{k+1} - x'_k),  y_0 = x'_0 = x_0
// (a different arrangement of the same arithmetic as the velocity form, so they agree to rounding);
// closed forms (1 - alpha lambda)^k for beta = 0; iteration bounds from the rates of the notes.
#include "optimization/momentum.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <string>
#include <vector>

#include "course/random.hpp"
#include "course/testing.hpp"
#include "problems.hpp"

namespace course::optimization {
namespace {

using course::testing::AllClose;
using course::testing::gamma_bound;
using course::testing::ThrowsInvalidArgument;
using namespace course::optimization::testing;

// Oracle runs: K steps of the two-term recurrences, returning the points at which the gradient is
// taken (x_0 .. x_K for the heavy ball, y_0 .. y_K for Nesterov).
std::vector<Vector> heavy_ball_oracle(const Quadratic& q, const Vector& x0, double alpha, double beta, int K) {
    std::vector<Vector> xs = {x0};
    Vector previous = x0;
    for (int k = 0; k < K; ++k) {
        const Vector& x = xs.back();
        Vector next = x - alpha * (q.A * x - q.b) + beta * (x - previous);
        previous = x;
        xs.push_back(next);
    }
    return xs;
}
std::vector<Vector> nesterov_oracle(const Quadratic& q, const Vector& x0, double alpha, double beta, int K) {
    std::vector<Vector> ys = {x0};
    Vector x_prime = x0;
    for (int k = 0; k < K; ++k) {
        const Vector& y = ys.back();
        const Vector x_next = y - alpha * (q.A * y - q.b);
        ys.push_back(x_next + beta * (x_next - x_prime));
        x_prime = x_next;
    }
    return ys;
}

TEST(HeavyBall, MatchesHandWorkedIterates) {
    // f = x^2 / 2 (grad = x), alpha = beta = 1/2, x_0 = 1, v_0 = 0:
    //   v_1 = -1/2,  x_1 = 1/2;   v_2 = -1/4 - 1/4 = -1/2,  x_2 = 0;   v_3 = -1/4,  x_3 = -1/4;
    //   v_4 = -1/8 + 1/8 = 0,  x_4 = -1/4;   v_5 = 1/8,  x_5 = -1/8
    const Quadratic q = diagonal_quadratic(Vector{{1.0}}, Vector{{0.0}});
    const auto counted_f = counted(q.objective());
    const OptimizeResult r = heavy_ball(counted_f.objective, Vector{{1.0}}, 0.5, 0.5, {0.0, 5});
    const std::vector<double> xs = {1.0, 0.5, 0.0, -0.25, -0.25, -0.125};
    std::vector<double> want;
    for (double x : xs) want.push_back(x * x / 2);
    EXPECT_EQ(r.history, want) << "history f(x_k) for x_k = 1, 1/2, 0, -1/4, -1/4, -1/8. If x_1 = x_0, the velocity "
                                  "was added before it was updated: v_{k+1} first, then x_{k+1} = x_k + v_{k+1}";
    EXPECT_EQ(r.x[0], -0.125);
    EXPECT_EQ(r.iterations, 5);
    EXPECT_FALSE(r.converged);
    EXPECT_TRUE(CountsMatch(r, *counted_f.counts));
}

TEST(HeavyBall, MatchesTheTwoTermRecurrence) {
    for (int n : {1, 5, 30}) {
        const std::uint64_t seed = 3000 + n;
        const Quadratic q = random_quadratic(n, 50.0, seed);
        const Vector x0 = random_vector(n, seed + 2);  // seed + 1 is the minimizer's
        const int K = 40;
        const double alpha = 0.9, beta = 0.7;
        const OptimizeResult r = heavy_ball(q.objective(), x0, alpha, beta, {0.0, K});
        const std::vector<Vector> xs = heavy_ball_oracle(q, x0, alpha, beta, K);
        // Both forms round differently; each step adds about gamma_(n+4) (|x| + |A||x| + |b|), and the
        // iteration amplifies by at most 1 + beta per step before contracting: 4 K gamma (1 + beta) scale.
        const double scale = x0.norm() + q.b.norm();
        EXPECT_TRUE(AllClose(r.x, xs.back(), {4.0 * K * gamma_bound(n + 4) * (1 + beta) * scale, 0.0}))
            << "n = " << n << ", kappa = 50, alpha = 0.9, beta = 0.7, after " << K << " steps, seed " << seed;
        ASSERT_EQ(r.history.size(), size_t(K) + 1);
        EXPECT_EQ(r.history[0], q.objective().value(x0));
    }
}

TEST(HeavyBall, ZeroMomentumIsGradientDescent) {
    // beta = 0: x_k = (1 - alpha lambda_i)^k x_0 per coordinate; lambda = (1, 1/2), alpha = 1/2 gives
    // factors 1/2 and 3/4, exact in binary.
    const Quadratic q = diagonal_quadratic(Vector{{1.0, 0.5}}, Vector::Zero(2));
    const OptimizeResult r = heavy_ball(q.objective(), Vector{{1.0, 1.0}}, 0.5, 0.0, {0.0, 6});
    EXPECT_TRUE(AllClose(r.x, Vector{{std::pow(0.5, 6), std::pow(0.75, 6)}}, {0.0, 0.0}));
}

TEST(HeavyBall, ConvergesInAboutSqrtKappaIterations) {
    // Polyak's parameters on a quadratic with kappa = 1e4: every eigencomponent's error follows
    // a 2 x 2 linear recurrence whose eigenvalues have modulus rho = (sqrt(kappa) - 1) / (sqrt(kappa)
    // + 1) = 0.9802 (a double root at lambda = mu and L), so ||e_k|| <= C (k + 1) rho^k ||e_0||. To
    // shrink ||grad f|| from ~||b|| by 1e8 (and rho^k (k + 1) <= 1e-8 / kappa, since ||A e|| and
    // ||e|| differ by up to kappa), k ~ (ln 1e12 + ln k) / -ln rho ~ 1800. Gradient descent needs
    // ~ kappa / 2 * ln(1e12) ~ 140000. The bound below, 2500, is far from both.
    const int n = 40;
    const double kappa = 1e4, L = 1.0, mu = 1.0 / kappa;
    const Quadratic q = random_quadratic(n, kappa, 3100);
    const double alpha = 4.0 / std::pow(std::sqrt(L) + std::sqrt(mu), 2);
    const double beta = std::pow((std::sqrt(kappa) - 1.0) / (std::sqrt(kappa) + 1.0), 2);
    const auto counted_f = counted(q.objective());
    const double tol = 1e-8 * q.b.norm();
    const OptimizeResult r = heavy_ball(counted_f.objective, Vector::Zero(n), alpha, beta, {tol, 2500});
    EXPECT_TRUE(r.converged) << "not converged after " << r.iterations << " iterations (kappa = 1e4, seed 3100)";
    EXPECT_TRUE(CountsMatch(r, *counted_f.counts));
    EXPECT_TRUE(HistoryConsistent(r, q.objective().value(Vector::Zero(n))));
}

TEST(HeavyBall, ThrowsDivergedErrorWhenTheStepIsTooLarge) {
    // alpha = 10 on f = x^2 / 2: x_{k+1} = -9 x_k + beta (x_k - x_{k-1}) grows ~ 9^k and overflows.
    const Quadratic q = diagonal_quadratic(Vector{{1.0}}, Vector{{0.0}});
    try {
        const OptimizeResult r = heavy_ball(q.objective(), Vector{{1.0}}, 10.0, 0.5, {1e-8, 5000});
        ADD_FAILURE() << "returned after " << r.iterations << " iterations with f = " << r.value
                      << "; expected DivergedError: check f and grad f for inf and NaN at every iterate";
    } catch (const DivergedError& e) {
        EXPECT_NE(std::string(e.what()).find("heavy_ball"), std::string::npos) << e.what();
        // |x_k| ~ 9.5^k, and x_k^2 overflows near 9.5^(2k) = 1e308: k ~ 157.
        EXPECT_GT(e.iteration(), 100) << e.what();
        EXPECT_LT(e.iteration(), 200) << e.what();
    }
}

TEST(HeavyBall, RefusesBadArguments) {
    const Quadratic q = diagonal_quadratic(Vector{{1.0, 2.0}}, Vector{{1.0, -1.0}});
    const Vector x0 = Vector::Zero(2);
    EXPECT_TRUE(heavy_ball(q.objective(), x0, 0.3, 0.5, {1e-10, 1000}).converged) << course::testing::kValidCallFirst;  // valid input first
    EXPECT_TRUE(ThrowsInvalidArgument([&] { heavy_ball(q.objective(), x0, 0.3, 1.0); }, {"heavy_ball", "momentum", "1"}));
    EXPECT_TRUE(ThrowsInvalidArgument([&] { heavy_ball(q.objective(), x0, 0.3, -0.5); }, {"momentum", "-0.5"}));
    EXPECT_TRUE(ThrowsInvalidArgument([&] { heavy_ball(q.objective(), x0, 0.0, 0.5); }, {"heavy_ball", "step"}));
    EXPECT_TRUE(ThrowsInvalidArgument([&] { heavy_ball(q.objective(), Vector(), 0.3, 0.5); }, {"x0"}));
}

TEST(Nesterov, MatchesHandWorkedIterates) {
    // f = x^2 / 2, alpha = beta = 1/2, x_0 = 1, v_0 = 0 (x_k are the look-ahead points):
    //   g_0 = 1:      v_1 = -1/2,              x_1 = 1 - 1/4 - 1/2 = 1/4
    //   g_1 = 1/4:    v_2 = -1/4 - 1/8 = -3/8, x_2 = 1/4 - 3/16 - 1/8 = -1/16
    //   g_2 = -1/16:  v_3 = -3/16 + 1/32 = -5/32, x_3 = -1/16 - 5/64 + 1/32 = -7/64
    // (the textbook form agrees: x'_1 = 1/2, y_1 = 1/2 + 1/2 (1/2 - 1) = 1/4; x'_2 = 1/8,
    //  y_2 = 1/8 + 1/2 (1/8 - 1/2) = -1/16; ...)
    const Quadratic q = diagonal_quadratic(Vector{{1.0}}, Vector{{0.0}});
    const auto counted_f = counted(q.objective());
    const OptimizeResult r = nesterov(counted_f.objective, Vector{{1.0}}, 0.5, 0.5, {0.0, 3});
    const std::vector<double> xs = {1.0, 0.25, -0.0625, -0.109375};
    std::vector<double> want;
    for (double x : xs) want.push_back(x * x / 2);
    EXPECT_EQ(r.history, want) << "history f(x_k) for the look-ahead points x_k = 1, 1/4, -1/16, -7/64. x_1 = 1/2 "
                                  "means the update is the heavy ball's: Nesterov moves by beta v_{k+1} - alpha g_k";
    EXPECT_EQ(r.x[0], -0.109375);
    EXPECT_TRUE(CountsMatch(r, *counted_f.counts));
    EXPECT_EQ(r.gradient_evaluations, 4) << "one gradient per iterate, at the look-ahead point";
}

TEST(Nesterov, MatchesTheTextbookRecurrence) {
    for (int n : {1, 5, 30}) {
        const std::uint64_t seed = 3200 + n;
        const Quadratic q = random_quadratic(n, 50.0, seed);
        const Vector x0 = random_vector(n, seed + 2);  // seed + 1 is the minimizer's
        const int K = 40;
        const double alpha = 1.0, beta = 0.75;
        const OptimizeResult r = nesterov(q.objective(), x0, alpha, beta, {0.0, K});
        const std::vector<Vector> ys = nesterov_oracle(q, x0, alpha, beta, K);
        const double scale = x0.norm() + q.b.norm();
        EXPECT_TRUE(AllClose(r.x, ys.back(), {4.0 * K * gamma_bound(n + 4) * (1 + beta) * scale, 0.0}))
            << "n = " << n << ", kappa = 50, alpha = 1, beta = 0.75, after " << K << " steps, seed " << seed;
        ASSERT_EQ(r.history.size(), size_t(K) + 1);
    }
}

TEST(Nesterov, ConvergesInAboutSqrtKappaIterations) {
    // alpha = 1 / L, beta = (sqrt(kappa) - 1) / (sqrt(kappa) + 1) on a quadratic with kappa = 1e4:
    // error factor about 1 - 1 / sqrt(kappa) = 0.99 per step (Nesterov, Theorem 2.2.3), so a
    // reduction by 1e12 takes ~ 100 ln(1e12) ~ 2800 steps; gradient descent ~ 1e4 ln(1e12) ~ 280000.
    const int n = 40;
    const double kappa = 1e4;
    const Quadratic q = random_quadratic(n, kappa, 3300);
    const double beta = (std::sqrt(kappa) - 1.0) / (std::sqrt(kappa) + 1.0);
    const auto counted_f = counted(q.objective());
    const double tol = 1e-8 * q.b.norm();
    const OptimizeResult r = nesterov(counted_f.objective, Vector::Zero(n), 1.0, beta, {tol, 4000});
    EXPECT_TRUE(r.converged) << "not converged after " << r.iterations << " iterations (kappa = 1e4, seed 3300)";
    EXPECT_TRUE(CountsMatch(r, *counted_f.counts));
    EXPECT_TRUE(HistoryConsistent(r, q.objective().value(Vector::Zero(n))));
}

TEST(Nesterov, ConvergesOnRosenbrock) {
    // Not convex, but smooth: with a step below 1 / L on the region visited (L ~ 2600 near (-1.2, 1))
    // and moderate momentum it reaches the minimizer (1, 1).
    const OptimizeResult r = nesterov(rosenbrock(), Vector{{-1.2, 1.0}}, 2e-4, 0.9, {1e-6, 200000});
    ASSERT_TRUE(r.converged) << r.iterations << " iterations, x = (" << r.x.transpose() << ")";
    // Near (1, 1) the Hessian's smallest eigenvalue is 0.399: ||x - x*|| <= ||g|| / 0.39.
    EXPECT_TRUE(AllClose(r.x, Vector::Ones(2), {1e-6 / 0.39, 0.0}));
}

TEST(Nesterov, RefusesBadArguments) {
    const Quadratic q = diagonal_quadratic(Vector{{1.0, 2.0}}, Vector{{1.0, -1.0}});
    const Vector x0 = Vector::Zero(2);
    EXPECT_TRUE(nesterov(q.objective(), x0, 0.3, 0.5, {1e-10, 1000}).converged) << course::testing::kValidCallFirst;  // valid input first
    EXPECT_TRUE(ThrowsInvalidArgument([&] { nesterov(q.objective(), x0, 0.3, 1.5); }, {"nesterov", "momentum", "1.5"}));
    EXPECT_TRUE(ThrowsInvalidArgument([&] { nesterov(q.objective(), x0, std::nan(""), 0.5); }, {"nesterov", "step"}));
    EXPECT_TRUE(ThrowsInvalidArgument([&] { nesterov(q.objective(), x0, 0.3, 0.5, {1e-8, -3}); }, {"max_iterations"}));
}

// A callback that returns a vector of the wrong size is the caller's mistake: refused by name
// (gradient_at and hessian_at in problem.hpp), not an Eigen assertion in the step or a read past the
// end of the vector. Both one entry too few and one too many, at a point with n = 2.
TEST(HeavyBall, RefusesAGradientOfTheWrongSize) {
    const Quadratic q = diagonal_quadratic(Vector{{1.0, 2.0}}, Vector{{1.0, -1.0}});
    const Vector x0 = Vector::Zero(2);
    EXPECT_TRUE(heavy_ball(q.objective(), x0, 0.3, 0.5, {1e-10, 1000}).converged) << course::testing::kValidCallFirst;  // valid input first
    for (int entries : {1, 3})
        EXPECT_TRUE(ThrowsInvalidArgument(
            [&] { heavy_ball(with_gradient_of_size(q.objective(), entries), x0, 0.3, 0.5); },
            {"heavy_ball", "gradient", std::to_string(entries) + " entries"}))
            << "a gradient of " << entries << " entries at a point with n = 2";
}

TEST(Nesterov, RefusesAGradientOfTheWrongSize) {
    const Quadratic q = diagonal_quadratic(Vector{{1.0, 2.0}}, Vector{{1.0, -1.0}});
    const Vector x0 = Vector::Zero(2);
    EXPECT_TRUE(nesterov(q.objective(), x0, 0.3, 0.5, {1e-10, 1000}).converged) << course::testing::kValidCallFirst;  // valid input first
    for (int entries : {1, 3})
        EXPECT_TRUE(ThrowsInvalidArgument(
            [&] { nesterov(with_gradient_of_size(q.objective(), entries), x0, 0.3, 0.5); },
            {"nesterov", "gradient", std::to_string(entries) + " entries"}))
            << "a gradient of " << entries << " entries at a point with n = 2";
}

TEST(HeavyBall, ToleranceIsStrictOnBothSides) {
    // f = x^2 / 2 (grad = x), alpha = beta = 1/2, x_0 = 1: x_1 = 1/2 (hand-worked above), so ||g_0|| = 1
    // and ||g_1|| = 1/2. tol = 1 is not passed at k = 0 (the rule is ||g|| < tol) but is at k = 1;
    // a rule read as <= stops at k = 0, and the default tolerance 1e-8 in its place runs on.
    const Quadratic q = diagonal_quadratic(Vector{{1.0}}, Vector{{0.0}});
    const OptimizeResult r = heavy_ball(q.objective(), Vector{{1.0}}, 0.5, 0.5, {1.0, 100});
    EXPECT_TRUE(r.converged);
    EXPECT_EQ(r.iterations, 1) << "||g_0|| = 1 is not below tol = 1; ||g_1|| = 1/2 is";
    EXPECT_EQ(r.x[0], 0.5);
}

TEST(Nesterov, ToleranceIsStrictOnBothSides) {
    // As for the heavy ball: the look-ahead points are x_0 = 1, x_1 = 1/4 (hand-worked above).
    const Quadratic q = diagonal_quadratic(Vector{{1.0}}, Vector{{0.0}});
    const OptimizeResult r = nesterov(q.objective(), Vector{{1.0}}, 0.5, 0.5, {1.0, 100});
    EXPECT_TRUE(r.converged);
    EXPECT_EQ(r.iterations, 1) << "||g_0|| = 1 is not below tol = 1; ||g_1|| = 1/4 is";
    EXPECT_EQ(r.x[0], 0.25);
}

TEST(Nesterov, ZeroMomentumIsGradientDescent) {
    // beta = 0 (the closed end of [0, 1)): x_k = (1 - alpha lambda_i)^k x_0 per coordinate, as for
    // the heavy ball; lambda = (1, 1/2), alpha = 1/2: factors 1/2 and 3/4, exact in binary.
    const Quadratic q = diagonal_quadratic(Vector{{1.0, 0.5}}, Vector::Zero(2));
    const OptimizeResult r = nesterov(q.objective(), Vector{{1.0, 1.0}}, 0.5, 0.0, {0.0, 6});
    EXPECT_TRUE(AllClose(r.x, Vector{{std::pow(0.5, 6), std::pow(0.75, 6)}}, {0.0, 0.0}));
    EXPECT_EQ(r.iterations, 6);
}

TEST(Momentum, TakesTheSameStepsOnAScaledObjective) {
    // On c f with step alpha / c and tolerance c tol, the velocity is the one on f (alpha / c times
    // c g), so with c a power of two both runs must agree bit for bit, from 2^-250 to 2^250
    // (kRunScales: the stopping rule's ||c g|| squares c g).
    const Quadratic q = random_quadratic(6, 20.0, 3400);
    const Vector x0 = Vector::Zero(6);
    const double beta = 0.5;
    const OptimizeResult hb = heavy_ball(q.objective(), x0, 1.0, beta, {1e-6, 2000});
    const OptimizeResult ne = nesterov(q.objective(), x0, 1.0, beta, {1e-6, 2000});
    ASSERT_TRUE(hb.converged) << "the unscaled heavy_ball run (seed 3400) did not converge in " << hb.iterations
                              << " iterations: the scaled runs have nothing to match";
    ASSERT_TRUE(ne.converged) << "the unscaled nesterov run (seed 3400) did not converge in " << ne.iterations
                              << " iterations: the scaled runs have nothing to match";
    for (double c : kRunScales) {
        const OptimizeResult r = heavy_ball(scaled(q.objective(), c), x0, 1.0 / c, beta, {c * 1e-6, 2000});
        EXPECT_EQ(r.iterations, hb.iterations) << "heavy_ball, f scaled by " << c;
        EXPECT_TRUE(AllClose(r.x, hb.x, {0.0, 0.0})) << "heavy_ball, f scaled by " << c;
        const OptimizeResult s = nesterov(scaled(q.objective(), c), x0, 1.0 / c, beta, {c * 1e-6, 2000});
        EXPECT_EQ(s.iterations, ne.iterations) << "nesterov, f scaled by " << c;
        EXPECT_TRUE(AllClose(s.x, ne.x, {0.0, 0.0})) << "nesterov, f scaled by " << c;
    }
}

TEST(Momentum, RefusesEveryOutOfRangeStepOrMomentum) {
    const Quadratic q = diagonal_quadratic(Vector{{1.0, 2.0}}, Vector{{1.0, -1.0}});
    const Vector x0 = Vector::Zero(2);
    const double inf = std::numeric_limits<double>::infinity(), nan = std::nan("");
    EXPECT_TRUE(heavy_ball(q.objective(), x0, 0.3, 0.0, {1e-10, 1000}).converged) << course::testing::kValidCallFirst;
    EXPECT_TRUE(nesterov(q.objective(), x0, 0.3, 0.0, {1e-10, 1000}).converged) << course::testing::kValidCallFirst;
    for (double step : {0.0, -0.5, nan, inf, -inf}) {
        EXPECT_TRUE(ThrowsInvalidArgument([&] { heavy_ball(q.objective(), x0, step, 0.5); }, {"heavy_ball", "step"}))
            << "step = " << step;
        EXPECT_TRUE(ThrowsInvalidArgument([&] { nesterov(q.objective(), x0, step, 0.5); }, {"nesterov", "step"}))
            << "step = " << step;
    }
    for (double momentum : {1.0, -1e-300, nan, inf, -inf}) {
        EXPECT_TRUE(ThrowsInvalidArgument([&] { heavy_ball(q.objective(), x0, 0.3, momentum); }, {"heavy_ball", "momentum"}))
            << "momentum = " << momentum;
        EXPECT_TRUE(ThrowsInvalidArgument([&] { nesterov(q.objective(), x0, 0.3, momentum); }, {"nesterov", "momentum"}))
            << "momentum = " << momentum;
    }
    for (double tol : {nan, inf, -1.0})
        EXPECT_TRUE(ThrowsInvalidArgument([&] { heavy_ball(q.objective(), x0, 0.3, 0.5, {tol, 10}); },
                                          {"heavy_ball", "gradient_tolerance"}))
            << "gradient_tolerance = " << tol;
    Objective no_gradient = q.objective();
    no_gradient.gradient = nullptr;
    EXPECT_TRUE(ThrowsInvalidArgument([&] { nesterov(no_gradient, x0, 0.3, 0.5); }, {"nesterov", "gradient"}));
    EXPECT_TRUE(ThrowsInvalidArgument([&] { heavy_ball(no_gradient, x0, 0.3, 0.5); }, {"heavy_ball", "gradient"}));
}

}  // namespace
}  // namespace course::optimization
