// Tests for the logistic regression exercise (modules/optimization/learner/logistic_regression.cpp).
//
// Oracles: a 2-example case worked out by hand below (w = 0 and w = (log 3, 0), where sigma takes
// the values 1/2 and 3/4); margins of +-1000 whose loss is known exactly; on a seeded data set
// with moderate margins (|z| < 10, where the textbook formula is accurate), the loss written
// naively here, the harness's central-difference gradient of it, and a central difference of the
// gradient written naively here for the Hessian; the two fits against each other and against the
// optimality condition grad f = 0 evaluated with the naive gradient.
// Bad-input tests first call the function on valid input, so that a stub shows "not started".
#include "optimization/logistic_regression.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <string>
#include <vector>

#include "course/eigen_solvers.hpp"
#include "course/random.hpp"
#include "course/testing.hpp"

namespace course::optimization {
namespace {

using course::testing::AllClose;
using course::testing::ThrowsInvalidArgument;
using course::testing::numerical_gradient;
using course::testing::unit_roundoff;

constexpr double u = unit_roundoff<double>();

// The oracles: the textbook formulas, accurate for the moderate margins of the data sets below.
double naive_sigmoid(double z) { return 1.0 / (1.0 + std::exp(-z)); }
double naive_loss(const LogisticData& data, const Vector& w) {
    const Vector z = data.X * w;
    double total = 0.0;
    for (Eigen::Index i = 0; i < z.size(); ++i) total += std::log(1.0 + std::exp(z(i))) - data.y(i) * z(i);
    return total / double(z.size()) + 0.5 * data.l2 * w.squaredNorm();
}
Vector naive_gradient(const LogisticData& data, const Vector& w) {
    const Vector z = data.X * w;
    Vector r(z.size());
    for (Eigen::Index i = 0; i < z.size(); ++i) r(i) = naive_sigmoid(z(i)) - data.y(i);
    return data.X.transpose() * r / double(z.size()) + data.l2 * w;
}

// seeded_data: m examples of d features, the last one constant 1 (the intercept), the others
// uniform in [-1, 1); labels drawn from the model itself with weights w_true in [-2, 2): noisy, so
// the classes overlap and the unregularized minimizer exists.
LogisticData seeded_data(int m, int d, double l2, std::uint64_t seed) {
    LogisticData data;
    data.X = random_matrix(m, d, seed);
    data.X.col(d - 1).setOnes();
    const Vector w_true = 2.0 * random_vector(d, seed + 1);
    const Vector z = data.X * w_true;
    Rng rng(seed + 2);
    data.y.resize(m);
    for (int i = 0; i < m; ++i) data.y(i) = rng.uniform(0.0, 1.0) < naive_sigmoid(z(i)) ? 1.0 : 0.0;
    data.l2 = l2;
    return data;
}

// The hand-worked case: X = I (2 examples, 2 features), y = (1, 0), lambda = 1/2.
//   w = 0:            z = (0, 0), p = (1/2, 1/2). f = log 2. grad = (1/2)(p - y) = (-1/4, 1/4).
//                     H = (1/2) diag(1/4, 1/4) + (1/2) I = diag(5/8, 5/8).
//   w = (log 3, 0):   z = (log 3, 0), p = (3/4, 1/2). f = (1/2)[log(1 + 3) - log 3 + log 2] + (1/4) log^2 3
//                     = (1/2) log(8/3) + (1/4) log^2 3. grad = (1/2)(-1/4, 1/2) + (1/2)(log 3, 0)
//                     = (-1/8 + (1/2) log 3, 1/4). H = (1/2) diag(3/16, 1/4) + (1/2) I = diag(19/32, 5/8).
LogisticData hand_data() { return {Matrix::Identity(2, 2), Vector{{1, 0}}, 0.5}; }
const double log3 = std::log(3.0);

TEST(LogisticLoss, MatchesHandWorkedCases) {
    const LogisticData data = hand_data();
    // A few roundings in log, log1p and exp: 8 u relative.
    EXPECT_NEAR(logistic_loss(data, Vector::Zero(2)), std::log(2.0), 8 * u) << "w = 0: f = log 2";
    EXPECT_NEAR(logistic_loss(data, Vector{{log3, 0}}), 0.5 * std::log(8.0 / 3.0) + 0.25 * log3 * log3, 16 * u)
        << "w = (log 3, 0), lambda = 1/2";
}

TEST(LogisticLoss, StaysFiniteAtMargin1000) {
    // One example x = 1. z = w. log(1 + e^1000) = 1000 + log1p(e^-1000) = 1000 to double precision,
    // but e^1000 alone is inf: the textbook formula returns inf (and inf - 1000 = inf for y = 1).
    const auto loss_at = [](double w, double label) {
        return logistic_loss(LogisticData{Matrix{{1.0}}, Vector{{label}}, 0.0}, Vector{{w}});
    };
    EXPECT_NEAR(loss_at(1000.0, 0.0), 1000.0, 1000.0 * 4 * u) << "z = 1000, y = 0: -log(1 - sigma(1000)) = 1000";
    EXPECT_NEAR(loss_at(1000.0, 1.0), 0.0, 1e-300) << "z = 1000, y = 1: -log sigma(1000) = log1p(e^-1000) = 0 (underflow)";
    EXPECT_NEAR(loss_at(-1000.0, 1.0), 1000.0, 1000.0 * 4 * u) << "z = -1000, y = 1: -log sigma(-1000) = 1000";
    EXPECT_NEAR(loss_at(-1000.0, 0.0), 0.0, 1e-300) << "z = -1000, y = 0";
}

TEST(LogisticLoss, MatchesTheTextbookFormulaOnModerateMargins) {
    // |z| <= |w|_1 <= 2 d here, far below the overflow of e^z: the naive formula is accurate to a few
    // u per term, and the mean of m terms to about m u relative (sum_tolerance-like), 1e-13 here.
    for (int m : {1, 7, 200}) {
        const LogisticData data = seeded_data(m, 4, 0.1, 40 + std::uint64_t(m));
        const Vector w = random_vector(4, 50 + std::uint64_t(m));
        EXPECT_NEAR(logistic_loss(data, w), naive_loss(data, w), 1e-13) << "m = " << m << ", d = 4, seed " << 40 + m;
    }
}

TEST(LogisticGradient, MatchesHandWorkedCases) {
    const LogisticData data = hand_data();
    EXPECT_TRUE(AllClose(logistic_gradient(data, Vector::Zero(2)), Vector{{-0.25, 0.25}}, {4 * u, 0.0})) << "w = 0";
    EXPECT_TRUE(AllClose(logistic_gradient(data, Vector{{log3, 0}}), Vector{{-0.125 + 0.5 * log3, 0.25}}, {8 * u, 0.0}))
        << "w = (log 3, 0): (1/2)(p - y) + lambda w with p = (3/4, 1/2); a wrong sign of (p - y) flips the first term";
}

TEST(LogisticGradient, MatchesCentralDifferencesOfTheLoss) {
    // The harness's central differences have relative error about eps^(2/3) = 4e-11 times the scale
    // of f (about 1 here) divided by the step: 1e-8 absolute leaves a margin of 100.
    for (int m : {3, 50, 301}) {
        const LogisticData data = seeded_data(m, 5, 0.05, 60 + std::uint64_t(m));
        const Vector w = random_vector(5, 70 + std::uint64_t(m));
        const auto f = [&](const Vector& v) { return naive_loss(data, v); };
        EXPECT_TRUE(AllClose(logistic_gradient(data, w), numerical_gradient(f, w), {1e-8, 0.0}))
            << "m = " << m << ", d = 5, seed " << 60 + m;
    }
}

TEST(LogisticGradient, StaysFiniteAtMargin1000) {
    // sigma(1000) = 1 and sigma(-1000) = 0 in double; e^1000 / (1 + e^1000) would be inf / inf = NaN.
    const auto grad_at = [](double w, double label) {
        return logistic_gradient(LogisticData{Matrix{{1.0}}, Vector{{label}}, 0.0}, Vector{{w}})(0);
    };
    EXPECT_EQ(grad_at(1000.0, 0.0), 1.0) << "p - y = sigma(1000) - 0";
    EXPECT_EQ(grad_at(1000.0, 1.0), 0.0);
    EXPECT_EQ(grad_at(-1000.0, 1.0), -1.0) << "p - y = sigma(-1000) - 1";
    EXPECT_EQ(grad_at(-1000.0, 0.0), 0.0);
}

TEST(LogisticHessian, MatchesHandWorkedCases) {
    const LogisticData data = hand_data();
    EXPECT_TRUE(AllClose(logistic_hessian(data, Vector::Zero(2)), Matrix{{0.625, 0}, {0, 0.625}}, {4 * u, 0.0}))
        << "w = 0: (1/2) diag(1/4, 1/4) + lambda I";
    EXPECT_TRUE(AllClose(logistic_hessian(data, Vector{{log3, 0}}), Matrix{{19.0 / 32, 0}, {0, 0.625}}, {8 * u, 0.0}))
        << "w = (log 3, 0): p (1 - p) = (3/16, 1/4); did you forget + lambda I or the 1/m?";
}

TEST(LogisticHessian, MatchesCentralDifferencesOfTheGradient) {
    // Column j of H is d grad / d w_j: central differences of the naive gradient, entry by entry.
    const LogisticData data = seeded_data(120, 4, 0.02, 81);
    const Vector w = random_vector(4, 82);
    const Matrix H = logistic_hessian(data, w);
    ASSERT_EQ(H.rows(), 4);
    ASSERT_EQ(H.cols(), 4);
    Matrix H_fd(4, 4);
    for (int i = 0; i < 4; ++i) {
        const auto gi = [&](const Vector& v) { return naive_gradient(data, v)(i); };
        H_fd.row(i) = numerical_gradient(gi, w).transpose();
    }
    EXPECT_TRUE(AllClose(H, H_fd, {1e-8, 0.0})) << "m = 120, d = 4, seed 81";
    EXPECT_TRUE(AllClose(H, Matrix(H.transpose()), {4 * u, 0.0})) << "H = X^T S X / m + lambda I is symmetric";
    const double lowest = eigen_solvers::symmetric_eigenvalues(H)(0);
    EXPECT_GE(lowest, 0.02 * (1 - 1e-10)) << "the smallest eigenvalue is at least lambda = 0.02";
    // At margin 1000 p (1 - p) = 0: H = lambda I, not NaN.
    const Matrix H_far = logistic_hessian(LogisticData{Matrix{{1.0}}, Vector{{1}}, 0.25}, Vector{{1000.0}});
    EXPECT_TRUE(AllClose(H_far, Matrix{{0.25}}, {0.0, 0.0})) << "margin 1000: sigma = 1, p (1 - p) = 0";
}

TEST(LogisticObjective, WrapsTheLossGradientAndHessian) {
    const LogisticData data = seeded_data(40, 3, 0.1, 91);
    const Objective f = logistic_objective(data);
    ASSERT_TRUE(f.value && f.gradient && f.hessian) << "all three functions must be set";
    const Vector w = random_vector(3, 92);
    EXPECT_NEAR(f.value(w), naive_loss(data, w), 1e-13);
    EXPECT_TRUE(AllClose(f.gradient(w), naive_gradient(data, w), {1e-14, 0.0}));
    EXPECT_EQ(f.hessian(w).rows(), 3);
}

// Gradient descent and Newton on the same seeded problem, and the optimality condition. lambda > 0
// makes f mu-strongly convex with mu >= lambda, so a run stopped at ||g|| < tol is within tol / mu of
// the minimizer; two runs are within (tol_1 + tol_2) / mu of each other. Gradient descent stops at
// 1e-6: an Armijo step decreases f by about ||g||^2 / (2 L), which drowns in the rounding of f
// (u |f|, with L about 0.2 and f about 0.6 here) once ||g|| is below sqrt(2 L u |f|) = 5e-9, so a
// tighter tolerance would stall it. The reference takes 232 steps; Newton takes 5.
TEST(FitLogistic, GradientDescentAndNewtonAgreeAtTheMinimizer) {
    const LogisticData data = seeded_data(300, 4, 0.01, 101);
    const Vector w0 = Vector::Zero(4);
    const OptimizeResult newton_fit = fit_logistic_newton(data, w0, {1e-10, 100});
    const OptimizeResult gd_fit = fit_logistic_gradient_descent(data, w0, {1e-6, 20000});
    ASSERT_TRUE(newton_fit.converged) << "Newton (IRLS), m = 300, d = 4, lambda = 0.01, seed 101";
    ASSERT_TRUE(gd_fit.converged) << "gradient descent, after " << gd_fit.iterations << " iterations";
    EXPECT_LE(newton_fit.iterations, 20) << "Newton on a smooth strictly convex problem takes a handful of steps";
    EXPECT_GT(gd_fit.iterations, newton_fit.iterations);
    const double mu = data.l2;
    EXPECT_TRUE(AllClose(gd_fit.x, newton_fit.x, {(1e-6 + 1e-10) / mu, 0.0})) << "seed 101";
    // grad f = 0, evaluated with the naive gradient (accurate to about u times the data's scale).
    EXPECT_LE(naive_gradient(data, newton_fit.x).norm(), 1e-10 + 1e-14) << "Newton's w*";
    EXPECT_LE(naive_gradient(data, gd_fit.x).norm(), 1e-6 + 1e-14) << "gradient descent's w*";
    EXPECT_NEAR(newton_fit.value, naive_loss(data, newton_fit.x), 1e-13);
    // Both minimize the same f: their values agree to (tol^2 / mu), far below 1e-8.
    EXPECT_NEAR(gd_fit.value, newton_fit.value, 1e-8);
}

TEST(FitLogistic, NewtonFitsWithoutRegularization) {
    // lambda = 0 on overlapping classes: the minimizer is finite. Strong convexity comes from the
    // data: mu = lambda_min(H(w*)), computed here with Eigen from the fitted point.
    const LogisticData data = seeded_data(500, 3, 0.0, 111);
    const OptimizeResult fit = fit_logistic_newton(data, Vector::Zero(3), {1e-10, 100});
    ASSERT_TRUE(fit.converged) << "m = 500, d = 3, lambda = 0, seed 111";
    EXPECT_LE(naive_gradient(data, fit.x).norm(), 1e-10 + 1e-14);
    EXPECT_LE(fit.iterations, 20);
}

TEST(LogisticRegression, RefusesBadData) {
    const LogisticData good = hand_data();
    EXPECT_NEAR(logistic_loss(good, Vector::Zero(2)), std::log(2.0), 8 * u) << course::testing::kValidCallFirst;
    EXPECT_TRUE(ThrowsInvalidArgument([] { logistic_loss({Matrix::Identity(2, 2), Vector{{1, -1}}, 0.0}, Vector::Zero(2)); },
                                      {"logistic_loss", "y[1] = -1", "0 or 1"}));
    EXPECT_TRUE(ThrowsInvalidArgument([] { logistic_loss({Matrix::Identity(2, 2), Vector{{1, 0, 1}}, 0.0}, Vector::Zero(2)); },
                                      {"logistic_loss", "y has 3"}));
    EXPECT_TRUE(ThrowsInvalidArgument([&] { logistic_loss(good, Vector::Zero(3)); }, {"logistic_loss", "w has 3"}));
    EXPECT_TRUE(ThrowsInvalidArgument([] { logistic_loss({Matrix::Identity(2, 2), Vector{{1, 0}}, -1.0}, Vector::Zero(2)); },
                                      {"logistic_loss", "l2"}));
    EXPECT_EQ(logistic_gradient(good, Vector::Zero(2)).size(), 2) << course::testing::kValidCallFirst;
    EXPECT_TRUE(ThrowsInvalidArgument([&] { logistic_gradient(good, Vector::Zero(1)); }, {"logistic_gradient", "w has 1"}));
    EXPECT_EQ(logistic_hessian(good, Vector::Zero(2)).rows(), 2) << course::testing::kValidCallFirst;
    EXPECT_TRUE(ThrowsInvalidArgument([&] { logistic_hessian(good, Vector::Zero(1)); }, {"logistic_hessian", "w has 1"}));
}


// ---- the test-design checklist: tiny and huge margins, every parameter, the fits' caps and starts ----

TEST(LogisticLoss, KeepsTinyLossesAccurate) {
    // y = 0 at z = -40: f = log(1 + e^-40) = log1p(e^-40) = 4.25e-18, which log(1 + e^-40) rounds to 0
    // (1 + 4e-18 == 1 in double). log1p and exp are each within 1 ulp: 4 u relative.
    const auto loss_at = [](double w, double label) {
        return logistic_loss(LogisticData{Matrix{{1.0}}, Vector{{label}}, 0.0}, Vector{{w}});
    };
    const double want = std::log1p(std::exp(-40.0));
    EXPECT_NEAR(loss_at(-40.0, 0.0), want, 4 * u * want) << "z = -40, y = 0: log1p(e^-40), not log(1 + e^-40) = 0";
}

TEST(LogisticGradient, KeepsTinyProbabilitiesAccurate) {
    // y = 0 at z = -40: grad = sigma(-40) = e^-40 / (1 + e^-40) = 4.25e-18. Computing it as 1 - sigma(40)
    // gives 1 - 1 = 0. exp and one division: 4 u relative.
    const double want = std::exp(-40.0) / (1.0 + std::exp(-40.0));
    const double got = logistic_gradient(LogisticData{Matrix{{1.0}}, Vector{{0}}, 0.0}, Vector{{-40.0}})(0);
    EXPECT_NEAR(got, want, 4 * u * want) << "sigma(-40) = e^-40 / (1 + e^-40), not 1 - sigma(40)";
}

TEST(LogisticLoss, StaysExactAtHugeMargins) {
    // The contract is not scale-invariant (f depends on the margins z = x^T w, and lambda has units
    // 1 / |w|^2), but it must hold for every finite margin: log(1 + e^z) - y z is z (y = 0) or 0 (y = 1)
    // for z >= 1e15, exactly in double, and the gradient is exactly p - y in {0, 1, -1}. (With X = 1 the
    // margin is w itself; beyond |w| = 1e154 the L2 term's ||w||^2 would overflow, so 1e150 is the top.)
    for (double z : {1e15, 1e150}) {
        const auto data = [](double label) { return LogisticData{Matrix{{1.0}}, Vector{{label}}, 0.0}; };
        EXPECT_EQ(logistic_loss(data(0), Vector{{z}}), z) << "z = " << z << ", y = 0";
        EXPECT_EQ(logistic_loss(data(1), Vector{{z}}), 0.0) << "z = " << z << ", y = 1";
        EXPECT_EQ(logistic_loss(data(1), Vector{{-z}}), z) << "z = -" << z << ", y = 1";
        EXPECT_EQ(logistic_gradient(data(0), Vector{{z}})(0), 1.0) << "z = " << z;
        EXPECT_EQ(logistic_gradient(data(1), Vector{{-z}})(0), -1.0) << "z = -" << z;
        EXPECT_EQ(logistic_hessian(data(0), Vector{{z}})(0, 0), 0.0) << "p (1 - p) = 0 at z = " << z;
    }
}

// The fits pass on w0, stop and line_search: a start at the minimizer takes no step, a cap is
// reached, and an Armijo config that allows no backtracking stops gradient descent at once.
TEST(FitLogistic, PassesTheStartTheStopRuleAndTheLineSearch) {
    const LogisticData data = seeded_data(300, 4, 0.01, 101);
    const OptimizeResult newton_fit = fit_logistic_newton(data, Vector::Zero(4), {1e-10, 100});
    ASSERT_TRUE(newton_fit.converged);
    // From Newton's w* (||g|| < 1e-10): both fits stop at once.
    const OptimizeResult again = fit_logistic_newton(data, newton_fit.x, {1e-10, 100});
    EXPECT_TRUE(again.converged);
    EXPECT_EQ(again.iterations, 0) << "w0 = w* already satisfies the tolerance";
    EXPECT_TRUE(AllClose(again.x, newton_fit.x, {0.0, 0.0}));
    const OptimizeResult gd_again = fit_logistic_gradient_descent(data, newton_fit.x, {1e-6, 100});
    EXPECT_TRUE(gd_again.converged);
    EXPECT_EQ(gd_again.iterations, 0);
    // Caps: Newton needs 5 steps and gradient descent 232 (GradientDescentAndNewtonAgreeAtTheMinimizer).
    const OptimizeResult newton_capped = fit_logistic_newton(data, Vector::Zero(4), {1e-10, 2});
    EXPECT_FALSE(newton_capped.converged);
    EXPECT_EQ(newton_capped.iterations, 2) << "max_iterations = 2";
    const OptimizeResult gd_capped = fit_logistic_gradient_descent(data, Vector::Zero(4), {1e-6, 7});
    EXPECT_FALSE(gd_capped.converged);
    EXPECT_EQ(gd_capped.iterations, 7) << "max_iterations = 7";
    EXPECT_EQ(gd_capped.history.size(), 8u);
    EXPECT_EQ(gd_capped.value, logistic_loss(data, gd_capped.x)) << "the reported value is f at the last iterate";
    // initial_step 1e6 with max_backtracks 0: the one trial w = -1e6 g has margins of order 1e5 and a loss
    // far above log 2, so the search fails and the run stops at w0 (the default config would backtrack).
    const OptimizeResult no_backtracking =
        fit_logistic_gradient_descent(data, Vector::Zero(4), {1e-6, 100}, {1e6, 0.5, 1e-4, 0});
    EXPECT_FALSE(no_backtracking.converged);
    EXPECT_EQ(no_backtracking.iterations, 0) << "the line search config must reach gradient_descent_armijo";
    EXPECT_EQ(no_backtracking.value_evaluations, 2) << "f(w0) and the one trial";
}

TEST(FitLogistic, FitValuesAreTheLossAtTheFittedWeights) {
    // The whole result: the reported value is logistic_loss at the returned w, the history starts at
    // f(w0) = log 2 (every p = 1/2 at w = 0) and decreases, and H(w*) is positive definite.
    const LogisticData data = seeded_data(200, 3, 0.05, 131);
    for (const OptimizeResult& fit : {fit_logistic_newton(data, Vector::Zero(3), {1e-10, 100}),
                                      fit_logistic_gradient_descent(data, Vector::Zero(3), {1e-6, 20000})}) {
        ASSERT_TRUE(fit.converged);
        EXPECT_NEAR(fit.value, logistic_loss(data, fit.x), 4 * u);
        ASSERT_FALSE(fit.history.empty());
        EXPECT_NEAR(fit.history.front(), std::log(2.0), 1e-13) << "f(0) = log 2 (a mean of 200 terms: about m u)";
        for (size_t k = 1; k < fit.history.size(); ++k) EXPECT_LT(fit.history[k], fit.history[k - 1]) << "k = " << k;
        EXPECT_GE(eigen_solvers::symmetric_eigenvalues(logistic_hessian(data, fit.x))(0), 0.05 * (1 - 1e-10));
    }
}

TEST(LogisticRegression, RefusesNonFiniteL2AndBadLabels) {
    const LogisticData good = hand_data();
    EXPECT_NEAR(logistic_loss(good, Vector::Zero(2)), std::log(2.0), 8 * u) << course::testing::kValidCallFirst;
    const double nan = std::nan(""), inf = std::numeric_limits<double>::infinity();
    for (double l2 : {nan, inf, -inf, -1e-300})
        EXPECT_TRUE(ThrowsInvalidArgument([l2] { logistic_loss({Matrix::Identity(2, 2), Vector{{1, 0}}, l2}, Vector::Zero(2)); },
                                          {"logistic_loss", "l2"}))
            << "l2 = " << l2;
    for (double label : {nan, 0.5, 2.0, inf})
        EXPECT_TRUE(ThrowsInvalidArgument(
            [label] { logistic_gradient({Matrix::Identity(2, 2), Vector{{1, label}}, 0.0}, Vector::Zero(2)); },
            {"logistic_gradient", "y[1]"}))
            << "label " << label;
    EXPECT_TRUE(ThrowsInvalidArgument([] { logistic_hessian({Matrix(0, 2), Vector(0), 0.0}, Vector::Zero(2)); },
                                      {"logistic_hessian", "0 x 2"}));
    EXPECT_TRUE(ThrowsInvalidArgument([] { logistic_loss({Matrix(2, 0), Vector{{1, 0}}, 0.0}, Vector(0)); },
                                      {"logistic_loss", "2 x 0"}));
}

TEST(LogisticRegression, TheObjectiveAndTheFitsRefuseBadInput) {
    const LogisticData good = hand_data();
    const Objective f = logistic_objective(good);
    EXPECT_NEAR(f.value(Vector::Zero(2)), std::log(2.0), 8 * u) << course::testing::kValidCallFirst;
    // Bad data is refused when the objective is built, not at the first call.
    EXPECT_TRUE(ThrowsInvalidArgument([] { logistic_objective({Matrix::Identity(2, 2), Vector{{1, 3}}, 0.0}); },
                                      {"logistic_objective", "y[1] = 3"}));
    // Each of the objective's functions refuses a w of the wrong size, naming itself.
    EXPECT_TRUE(ThrowsInvalidArgument([&] { f.value(Vector::Zero(3)); }, {"logistic_loss", "w has 3"}));
    EXPECT_TRUE(ThrowsInvalidArgument([&] { f.gradient(Vector::Zero(1)); }, {"logistic_gradient", "w has 1"}));
    EXPECT_TRUE(ThrowsInvalidArgument([&] { f.hessian(Vector::Zero(3)); }, {"logistic_hessian", "w has 3"}));
    // The fits refuse a w0 of the wrong size naming themselves, and bad data as logistic_objective does.
    EXPECT_TRUE(ThrowsInvalidArgument([&] { fit_logistic_newton(good, Vector::Zero(3)); },
                                      {"fit_logistic_newton", "w has 3"}));
    EXPECT_TRUE(ThrowsInvalidArgument([&] { fit_logistic_gradient_descent(good, Vector::Zero(1)); },
                                      {"fit_logistic_gradient_descent", "w has 1"}));
    EXPECT_TRUE(ThrowsInvalidArgument(
        [] { fit_logistic_newton({Matrix::Identity(2, 2), Vector{{1, 0}}, -1.0}, Vector::Zero(2)); }, {"l2"}));
}


// ---- issue 12: separable classes, a free intercept, the penalty at huge |w|, the cost in memory ----

// one_feature_data: the examples x_i (one feature) and a column of ones (the intercept, column 1).
LogisticData one_feature_data(const std::vector<double>& x, const std::vector<double>& labels, double l2) {
    LogisticData data{Matrix(Eigen::Index(x.size()), 2), Vector(Eigen::Index(x.size())), l2, 1};
    for (size_t i = 0; i < x.size(); ++i) {
        data.X(Eigen::Index(i), 0) = x[i];
        data.X(Eigen::Index(i), 1) = 1.0;
        data.y(Eigen::Index(i)) = labels[i];
    }
    return data;
}

// classifies_every_example: (2 y_i - 1) x_i^T w > 0 for every i, computed here independently.
bool classifies_every_example(const LogisticData& data, const Vector& w) {
    const Vector z = data.X * w;
    for (Eigen::Index i = 0; i < z.size(); ++i)
        if ((2 * data.y(i) - 1) * z(i) <= 0) return false;
    return true;
}

TEST(SeparatesClasses, CertifiesOnlyAStrictSeparationByTheUnpenalizedWeights) {
    // x = (-2, -1, 1, 2) with labels (0, 0, 1, 1), and the intercept in column 1. Margins of w = (a, b):
    // (2 y_i - 1)(a x_i + b) = (2a - b, a - b, a + b, 2a + b).
    const LogisticData data = one_feature_data({-2, -1, 1, 2}, {0, 0, 1, 1}, 0.0);
    EXPECT_TRUE(separates_classes(data, Vector{{1, 0}})) << "lambda = 0, w = (1, 0): margins (2, 1, 1, 2), all > 0";
    EXPECT_TRUE(separates_classes(data, Vector{{1, 0.5}})) << "w = (1, 1/2): margins (3/2, 1/2, 3/2, 5/2)";
    EXPECT_FALSE(separates_classes(data, Vector{{1, 1.5}})) << "w = (1, 3/2): the example x = -1 has margin -1/2";
    EXPECT_FALSE(separates_classes(data, Vector{{1, 1}})) << "w = (1, 1): x = -1 has margin exactly 0 (not strict)";
    EXPECT_FALSE(separates_classes(data, Vector::Zero(2))) << "w = 0: every margin is 0";
    EXPECT_FALSE(separates_classes(data, Vector{{-1, 0}})) << "w = (-1, 0): every example on the wrong side";
    // lambda > 0: only the free intercept counts. w = (1, 0) still separates, but the penalty grows along it,
    // so f has a minimizer: no certificate. Without an intercept column nothing is unpenalized.
    LogisticData penalized = data;
    penalized.l2 = 0.25;
    EXPECT_FALSE(separates_classes(penalized, Vector{{1, 0}})) << "lambda > 0: the slope is penalized";
    penalized.intercept_column = -1;
    EXPECT_FALSE(separates_classes(penalized, Vector{{1, 0}})) << "lambda > 0 without an intercept column";
    // lambda > 0 with every label 1 and a free intercept: u = w_1 e_1 has margins w_1 > 0 whatever the slope.
    const LogisticData ones = one_feature_data({-2, -1, 1, 2}, {1, 1, 1, 1}, 0.25);
    EXPECT_TRUE(separates_classes(ones, Vector{{-5, 0.5}})) << "one label, free intercept 1/2: its margins are 1/2";
    EXPECT_FALSE(separates_classes(ones, Vector{{5, -0.5}})) << "intercept -1/2: every margin -1/2";
    // A margin smaller than the rounding bound proves nothing: x = (1, 1), u = (1, 2^-52 - 1), margin
    // x^T u = 2^-52 exactly (no rounding here), below d eps sum_j |x_j u_j| = 2 * 2^-52 * (2 - 2^-52).
    const LogisticData tiny{Matrix{{1, 1}}, Vector{{1}}, 0.0};
    const Vector u{{1, std::ldexp(1.0, -52) - 1}};
    ASSERT_EQ((tiny.X * u)(0), std::ldexp(1.0, -52));
    EXPECT_FALSE(separates_classes(tiny, u)) << "a margin of 2^-52 on terms of size 1 is within rounding: "
                                                "compare s_i with d eps sum_j |x_ij u_j|, not with 0";
    EXPECT_TRUE(separates_classes(tiny, Vector{{1, 0}}));
}

TEST(FitLogistic, RefusesSeparableClassesInsteadOfReportingConvergence) {
    // Separable: x = -3 .. 3 without 0, y = (x > 0). Without regularization f > 0 decreases toward 0 as the
    // slope grows: there is no minimizer. Newton's gradient decays like e^{-margin} and falls below 1e-8 near
    // |w| = 18, where a fit used to report "converged". The fit must say the classes are separable.
    const LogisticData data = one_feature_data({-3, -2, -1, 1, 2, 3}, {0, 0, 0, 1, 1, 1}, 0.0);
    try {
        fit_logistic_newton(data, Vector::Zero(2), {1e-8, 100});
        ADD_FAILURE() << "fit_logistic_newton on separable classes with l2 = 0 returned a result: no minimizer exists";
    } catch (const SeparableDataError& e) {
        EXPECT_NE(std::string(e.what()).find("fit_logistic_newton"), std::string::npos) << e.what();
        EXPECT_NE(std::string(e.what()).find("separable"), std::string::npos) << e.what();
        EXPECT_TRUE(classifies_every_example(data, e.weights())) << "weights() is the separating last iterate";
    }
    // Gradient descent cannot reach 1e-6 here in 200 steps, but its iterate separates the classes already.
    try {
        fit_logistic_gradient_descent(data, Vector::Zero(2), {1e-6, 200});
        ADD_FAILURE() << "fit_logistic_gradient_descent on separable classes returned a result";
    } catch (const SeparableDataError& e) {
        EXPECT_NE(std::string(e.what()).find("fit_logistic_gradient_descent"), std::string::npos) << e.what();
        EXPECT_TRUE(classifies_every_example(data, e.weights()));
    }
    // With lambda > 0 the same data has a minimizer: no error.
    LogisticData regularized = data;
    regularized.l2 = 0.01;
    EXPECT_TRUE(fit_logistic_newton(regularized, Vector::Zero(2), {1e-10, 100}).converged);
    // lambda > 0 with a free intercept and a single label: the intercept runs to infinity.
    const LogisticData one_label = one_feature_data({-3, -2, -1, 1, 2, 3}, {1, 1, 1, 1, 1, 1}, 0.5);
    EXPECT_THROW(fit_logistic_newton(one_label, Vector::Zero(2), {1e-8, 100}), SeparableDataError)
        << "every label 1 with a free intercept: f decreases forever as the intercept grows";
}

TEST(FitLogistic, FitsNearlySeparableClassesWithoutAFalseAlarm) {
    // The same data, but the two middle examples, at -1e-6 and +1e-6, carry the other label: the classes
    // overlap by 2e-6 and the minimizer exists, with a slope near log(1/delta) = 14.5 (as large as the
    // separable fit's |w| when it used to stop). No w separates these classes, so no certificate may fire.
    const LogisticData data =
        one_feature_data({-3, -2, -1, -1e-6, 1e-6, 1, 2, 3}, {0, 0, 0, 1, 0, 1, 1, 1}, 0.0);
    const OptimizeResult fit = fit_logistic_newton(data, Vector::Zero(2), {1e-10, 100});
    ASSERT_TRUE(fit.converged) << "overlapping classes, l2 = 0: Newton reaches grad f = 0";
    EXPECT_GT(fit.x(0), 10.0) << "the slope of the nearly separable fit is large";
    EXPECT_LE(naive_gradient(data, fit.x).norm(), 1e-10 + 1e-14);
    EXPECT_FALSE(separates_classes(data, fit.x));
    EXPECT_FALSE(classifies_every_example(data, fit.x));
}

TEST(LogisticLoss, LeavesTheInterceptUnpenalized) {
    // X = [[1, 1], [0, 1]] with the intercept in column 1, y = (1, 0), lambda = 1/2, w = (log 3, log 3):
    // z = (log 9, log 3), p = (9/10, 3/4). Only w_0 is penalized:
    //   f = (1/2)[log 10 - log 9 + log 4] + (1/4) log^2 3
    //   grad = (1/2) X^T (p - y) + lambda (w_0, 0) = (1/2)(-1/10, -1/10 + 3/4) + (log 3 / 2, 0)
    //   H = (1/2) X^T diag(9/100, 3/16) X + lambda diag(1, 0) = [[9/200 + 1/2, 9/200], [9/200, 111/800]]
    // A penalized intercept would add (1/4) log^2 3 to f, log 3 / 2 to grad_1 and 1/2 to H_11.
    const LogisticData data{Matrix{{1, 1}, {0, 1}}, Vector{{1, 0}}, 0.5, 1};
    const Vector w{{log3, log3}};
    // A few roundings in exp, log1p and the sums, on values of order 1: 16 u.
    EXPECT_NEAR(logistic_loss(data, w), 0.5 * std::log(40.0 / 9.0) + 0.25 * log3 * log3, 16 * u)
        << "the intercept w_1 must not be penalized";
    EXPECT_TRUE(AllClose(logistic_gradient(data, w), Vector{{-0.05 + 0.5 * log3, 0.325}}, {16 * u, 0.0}))
        << "grad_1 = (1/m) sum (p_i - y_i) with no lambda w_1";
    EXPECT_TRUE(AllClose(logistic_hessian(data, w), Matrix{{9.0 / 200 + 0.5, 9.0 / 200}, {9.0 / 200, 111.0 / 800}},
                         {16 * u, 0.0}))
        << "H_11 has no lambda";
    // Without an intercept column every weight is penalized, as before.
    const LogisticData all_penalized{Matrix{{1, 1}, {0, 1}}, Vector{{1, 0}}, 0.5};
    EXPECT_NEAR(logistic_loss(all_penalized, w), 0.5 * std::log(40.0 / 9.0) + 0.5 * log3 * log3, 16 * u);
}

TEST(FitLogistic, AnInterceptOnlyModelFitsTheLogOddsWhateverTheL2) {
    // X = a column of ones (the intercept), y = (1, 1, 1, 0): f(b) = mean softplus-terms, minimized where
    // sigma(b) = 3/4, b = log 3, whatever lambda since b is not penalized. (Penalized with lambda = 1 it would
    // solve 3/4 - sigma(b) = b instead, b = 0.39.) Newton stops at |grad| < 1e-12 with curvature
    // sigma'(b) = 3/16 there: |b - log 3| < 1e-12 / (3/16) = 5.4e-12.
    const LogisticData data{Matrix::Ones(4, 1), Vector{{1, 1, 1, 0}}, 1.0, 0};
    const OptimizeResult fit = fit_logistic_newton(data, Vector::Zero(1), {1e-12, 100});
    ASSERT_TRUE(fit.converged);
    EXPECT_NEAR(fit.x(0), log3, 1e-11) << "the free intercept is the log-odds of the base rate, log(3/1)";
}

TEST(FitLogistic, MatchesAnIndependentFitWithAFreeIntercept) {
    // Eight hand-written examples of two features and an intercept (column 2), lambda = 1/8. The minimizer,
    // computed with mpmath at 60 digits by tests/optimization/fixtures/logistic_intercept.py (mpmath 1.3.0),
    // is w* = (0.41699284636881604, 0.36446116751427935, 0.39443669760020280), f(w*) = 0.59971059303290251,
    // and the smallest eigenvalue of H(w*) is mu = 0.2089. (Penalizing the intercept gives w*_2 = 0.249.)
    // A run stopped at |grad| < tol is within tol / mu of w*; the values agree to about |grad|^2 / mu.
    const LogisticData data{Matrix{{0.5, -1.0, 1},
                                   {1.5, 0.25, 1},
                                   {-0.75, 2.0, 1},
                                   {2.0, 1.0, 1},
                                   {-1.25, -0.5, 1},
                                   {0.25, 1.5, 1},
                                   {-2.0, 0.75, 1},
                                   {1.0, -1.75, 1}},
                            Vector{{1, 1, 0, 1, 0, 1, 1, 0}}, 0.125, 2};
    const Vector w_star{{0.41699284636881604, 0.36446116751427935, 0.39443669760020280}};
    const double f_star = 0.59971059303290251, mu = 0.2088;
    const OptimizeResult newton_fit = fit_logistic_newton(data, Vector::Zero(3), {1e-12, 100});
    ASSERT_TRUE(newton_fit.converged);
    EXPECT_TRUE(AllClose(newton_fit.x, w_star, {1e-12 / mu + 1e-15, 0.0})) << "Newton against mpmath";
    EXPECT_NEAR(newton_fit.value, f_star, 64 * u) << "f is a mean of 8 terms of order 1, each within a few ulps";
    const OptimizeResult gd_fit = fit_logistic_gradient_descent(data, Vector::Zero(3), {1e-7, 20000});
    ASSERT_TRUE(gd_fit.converged);
    EXPECT_TRUE(AllClose(gd_fit.x, w_star, {1e-7 / mu, 0.0})) << "gradient descent against mpmath";
}

TEST(LogisticLoss, ThePenaltyNeitherOverflowsNorTurnsNaN) {
    // lambda = 0 at |w| = 1e200: ||w||^2 = inf, and 0 * inf = NaN, but the penalty is 0. X = 1e-190 keeps
    // the margin finite, z = 1e10 (one rounding), and with y = 0 the loss is z exactly (log1p(e^-z) = 0).
    const double z = 1e-190 * 1e200;
    EXPECT_EQ(logistic_loss(LogisticData{Matrix{{1e-190}}, Vector{{0}}, 0.0}, Vector{{1e200}}), z)
        << "l2 = 0 and |w| = 1e200: (0 / 2) ||w||^2 is 0, not 0 * inf = NaN";
    EXPECT_EQ(logistic_gradient(LogisticData{Matrix{{1e-190}}, Vector{{0}}, 0.0}, Vector{{1e200}})(0), 1e-190)
        << "(1/m) x (p - y) with p = 1";
    // lambda = 2^-600 at |w| = 2^400: ||w||^2 = 2^800 overflows, but (lambda / 2) ||w||^2 = 2^199. With X =
    // 2^-400 the margin is 1 and y = 1 adds log(1 + e^-1) = 0.31, far below one ulp of 2^199.
    const double want = std::ldexp(1.0, 199);
    const double got = logistic_loss(LogisticData{Matrix{{std::ldexp(1.0, -400)}}, Vector{{1}}, std::ldexp(1.0, -600)},
                                     Vector{{std::ldexp(1.0, 400)}});
    EXPECT_NEAR(got, want, 4 * u * want) << "lambda = 2^-600, w = 2^400: the penalty is 2^199, not inf";
    // Two entries: w = (3, 4) 2^400, ||w|| = 5 2^400, penalty 2^-601 25 2^800 = 25 2^199.
    const double two = logistic_loss(LogisticData{Matrix{{std::ldexp(1.0, -400), 0}}, Vector{{1}}, std::ldexp(1.0, -600)},
                                     Vector{{std::ldexp(3.0, 400), std::ldexp(4.0, 400)}});
    EXPECT_NEAR(two, 25 * want, 8 * u * 25 * want);
    // lambda = 0 where even ||w|| overflows: w = (1.5e308, 1.5e308), ||w|| = 2.1e308 > DBL_MAX, still 0 (not
    // 0 * inf). X = (1e-300, 1e-300) keeps the margin at 3e8 (two roundings), and y = 0 makes the loss z.
    const Vector huge{{1.5e308, 1.5e308}};
    const LogisticData flat{Matrix{{1e-300, 1e-300}}, Vector{{0}}, 0.0};
    const double margin = (flat.X * huge)(0);
    EXPECT_NEAR(logistic_loss(flat, huge), margin, 4 * u * margin) << "l2 = 0 and ||w|| = 2.1e308 > DBL_MAX";
}

TEST(LogisticRegression, CostsLinearMemoryInTheNumberOfExamples) {
    // The cost in memory, counted by the course's limit on one allocation (4 GiB, docs/grading.md): with
    // m = 40 000 examples an (m, m) matrix, such as diag(p_i (1 - p_i)) stored densely to form X^T S X, or
    // diag(p - y) for the gradient, needs 12.8 GB and fails at once, while the contract's O(m d) memory is
    // 1 MB. (Flops are not counted: the API offers no hook on them.) At w = 0 every p_i = 1/2, so
    //   f = log 2,  grad = (1/m) X^T (1/2 - y) + lambda P 0,  H = X^T X / (4 m) + lambda P,
    // with X^T X from Eigen. Tolerances: sums of m = 40 000 terms of size 1, m u relative.
    const int m = 40000;
    LogisticData data{random_matrix(m, 3, 151), Vector(m), 0.5, 2};
    data.X.col(2).setOnes();
    for (int i = 0; i < m; ++i) data.y(i) = double(i % 3 == 0);
    const Vector w = Vector::Zero(3);
    const double tol = m * u;
    EXPECT_NEAR(logistic_loss(data, w), std::log(2.0), tol);
    const Vector g_want = data.X.transpose() * (Vector::Constant(m, 0.5) - data.y) / double(m);
    EXPECT_TRUE(AllClose(logistic_gradient(data, w), g_want, {tol, 0.0}));
    Matrix H_want = data.X.transpose() * data.X / (4.0 * m);
    H_want(0, 0) += 0.5;
    H_want(1, 1) += 0.5;  // and not H(2, 2): the intercept
    EXPECT_TRUE(AllClose(logistic_hessian(data, w), H_want, {tol, 0.0}));
}

TEST(LogisticRegression, RefusesABadInterceptColumn) {
    const LogisticData good{Matrix{{1, 1}, {0, 1}}, Vector{{1, 0}}, 0.5, 1};
    EXPECT_NEAR(logistic_loss(good, Vector::Zero(2)), std::log(2.0), 8 * u) << course::testing::kValidCallFirst;
    for (Eigen::Index c : {Eigen::Index(-2), Eigen::Index(2), Eigen::Index(100)})
        EXPECT_TRUE(ThrowsInvalidArgument([c] { logistic_loss({Matrix{{1, 1}, {0, 1}}, Vector{{1, 0}}, 0.5, c}, Vector::Zero(2)); },
                                          {"logistic_loss", "intercept_column"}))
            << "intercept_column = " << c;
    // Column 0 is (1, 0): not the intercept's ones.
    EXPECT_TRUE(ThrowsInvalidArgument([] { logistic_gradient({Matrix{{1, 1}, {0, 1}}, Vector{{1, 0}}, 0.5, 0}, Vector::Zero(2)); },
                                      {"logistic_gradient", "intercept_column", "X(1, 0) = 0"}));
    for (double bad : {std::nan(""), std::numeric_limits<double>::infinity(), 1.0 + 2 * u})
        EXPECT_TRUE(ThrowsInvalidArgument([bad] { logistic_hessian({Matrix{{1, 1}, {0, bad}}, Vector{{1, 0}}, 0.5, 1}, Vector::Zero(2)); },
                                          {"logistic_hessian", "intercept_column", "X(1, 1)"}))
            << "X(1, 1) = " << bad;
    EXPECT_TRUE(ThrowsInvalidArgument([] { separates_classes({Matrix{{1, 1}, {0, 1}}, Vector{{1, 0}}, 0.5, 0}, Vector::Zero(2)); },
                                      {"separates_classes", "intercept_column"}));
    EXPECT_TRUE(ThrowsInvalidArgument([&] { separates_classes(good, Vector::Zero(3)); }, {"separates_classes", "w has 3"}));
}

TEST(SeparatesClasses, FindsTheInterceptInAnyColumn) {
    // The intercept in column 0, lambda > 0, every label 0: u = w_0 e_0, whose margins (2 y_i - 1) w_0 are
    // all -w_0. w_0 = -2 gives margins 2 > 0: no minimizer (the intercept runs to -infinity).
    const LogisticData data{Matrix{{1, -1.5}, {1, 0.5}, {1, 2}}, Vector{{0, 0, 0}}, 0.5, 0};
    EXPECT_TRUE(separates_classes(data, Vector{{-2, 0.25}})) << "intercept_column = 0, every label 0, w_0 = -2";
    EXPECT_FALSE(separates_classes(data, Vector{{2, 0.25}})) << "w_0 = 2: every margin -2";
    EXPECT_THROW(fit_logistic_newton(data, Vector::Zero(2), {1e-8, 100}), SeparableDataError)
        << "one label with the intercept free in column 0";
}

}  // namespace
}  // namespace course::optimization
