// Tests for exercise 1, numerical derivatives (modules/optimization/learner/numerical_derivatives.cpp).
//
// Oracles: derivatives worked out by hand for functions with known derivatives: a quadratic (done
// on paper), log-sum-exp (gradient softmax(x), Hessian diag(p) - p p^T), the Rosenbrock function
// (tests/optimization/problems.hpp), a random quadratic (A x - b) and sum_i log x_i (1 / x_i).
//
// Tolerances: a central difference with step h errs by at most
//     h^2 / 6 * M3 + delta / h             (first derivative)
//     h^2 / 12 * M4 + 4 delta / h^2         (second derivative, diagonal)
//     (h_i^2 + h_j^2) / 6 * M4 + delta / (h_i h_j)   (mixed, four corners)
// where M3, M4 bound the third and fourth derivatives near x and delta bounds the rounding error of
// one evaluation of f (Nocedal & Wright, 8.1). Each test states M3 or M4 and delta for its function;
// h is the step the contract prescribes. A factor 2 on top covers the learner's own rounding of h.
#include "optimization/numerical_derivatives.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <limits>

#include "course/random.hpp"
#include "course/testing.hpp"
#include "problems.hpp"

namespace course::optimization {
namespace {

using course::testing::AllClose;
using course::testing::gamma_bound;
using course::testing::ThrowsInvalidArgument;
using course::testing::unit_roundoff;

using Function = std::function<double(const Vector&)>;

constexpr double u = unit_roundoff<double>();
const double kEps = std::numeric_limits<double>::epsilon();

double gradient_step(double xi) { return std::cbrt(kEps) * std::max(1.0, std::abs(xi)); }
double hessian_step(double xi) { return std::sqrt(std::sqrt(kEps)) * std::max(1.0, std::abs(xi)); }

// gradient_tolerance: 2 (h^2 / 6 * M3 + delta / h) + 4u |g|, the largest over the coordinates.
double gradient_tolerance(const Vector& x, const Vector& g, double M3, double delta) {
    double tol = 0.0;
    for (Eigen::Index i = 0; i < x.size(); ++i) {
        const double h = gradient_step(x[i]);
        tol = std::max(tol, 2.0 * (h * h / 6.0 * M3 + delta / h) + 4.0 * u * std::abs(g[i]));
    }
    return tol;
}

// hessian_tolerance: the larger of the diagonal and the mixed bound, over all entries, plus 4u |H|.
double hessian_tolerance(const Vector& x, const Matrix& H, double M4, double delta) {
    double tol = 0.0;
    for (Eigen::Index i = 0; i < x.size(); ++i) {
        for (Eigen::Index j = 0; j < x.size(); ++j) {
            const double hi = hessian_step(x[i]), hj = hessian_step(x[j]);
            const double bound = i == j ? hi * hi / 12.0 * M4 + 4.0 * delta / (hi * hi)
                                        : (hi * hi + hj * hj) / 6.0 * M4 + delta / (hi * hj);
            tol = std::max(tol, 2.0 * bound + 4.0 * u * std::abs(H(i, j)));
        }
    }
    return tol;
}

// The hand-worked quadratic: f(x) = x0^2 + 3 x0 x1 - 2 x1^2 + 5 x0.
//     grad f = (2 x0 + 3 x1 + 5, 3 x0 - 4 x1),   Hessian [[2, 3], [3, -4]]
// At x = (1, 2): f = 1 + 6 - 8 + 5 = 4, grad f = (13, -5). The third derivatives vanish, so a
// central difference is exact but for rounding: delta <= gamma_8 * (sum of |terms| <= 30).
double hand_quadratic(const Vector& x) { return x[0] * x[0] + 3 * x[0] * x[1] - 2 * x[1] * x[1] + 5 * x[0]; }

// Log-sum-exp plus a constant offset, f(x) = offset + log(sum_i exp(x_i)), evaluated stably.
//     grad f = p = softmax(x),   Hessian diag(p) - p p^T
// Its third derivatives are bounded by max p (1 - p) |1 - 2p| <= 1 / (6 sqrt 3) < 0.1 and its
// fourth by max p (1 - p) |1 - 6p + 6p^2| <= 1/8, for every x. Rounding: n exps, a sum, a log and
// the offset: delta <= gamma_(n+4) * (|offset| + |f - offset| + 1).
Function log_sum_exp(double offset) {
    return [offset](const Vector& x) {
        const double m = x.maxCoeff();
        return offset + m + std::log((x.array() - m).exp().sum());
    };
}
Vector softmax(const Vector& x) {
    const Vector e = (x.array() - x.maxCoeff()).exp();
    return e / e.sum();
}

TEST(CentralDifferenceGradient, MatchesHandWorkedQuadratic) {
    const Vector x{{1.0, 2.0}};
    const Vector g = central_difference_gradient(hand_quadratic, x);
    const Vector want{{13.0, -5.0}};  // (2*1 + 3*2 + 5, 3*1 - 4*2), worked above
    const double tol = gradient_tolerance(x, want, 0.0, gamma_bound(8) * 30.0);
    EXPECT_TRUE(AllClose(g, want, {tol, 0.0}))
        << "f = x0^2 + 3 x0 x1 - 2 x1^2 + 5 x0 at (1, 2); a central difference is exact for a quadratic "
           "up to rounding. An error near h * f'' / 2 ~ 1e-8 means a forward difference; an error of 1e-6 "
           "or more, a step far below cbrt(eps) (rounding noise eps |f| / h).";
}

TEST(CentralDifferenceGradient, MatchesAnalyticGradientOfLogSumExp) {
    // offset 1e4: the same derivatives, but f's rounding error grows 1e4-fold. A step of 1e-10
    // turns it into an error of u * 1e4 / 1e-10 ~ 1e-2; the prescribed step keeps it near 2e-7.
    for (double offset : {0.0, 1e4}) {
        for (int n : {1, 3, 8}) {
            const std::uint64_t seed = 100 + n;
            const Vector x = random_vector(n, seed);
            const Function f = log_sum_exp(offset);
            const Vector g = central_difference_gradient(f, x);
            const Vector want = softmax(x);
            const double delta = gamma_bound(n + 4) * (offset + std::abs(f(x) - offset) + 1.0);
            EXPECT_TRUE(AllClose(g, want, {gradient_tolerance(x, want, 0.1, delta), 0.0}))
                << "f = " << offset << " + log sum exp(x), n = " << n << ", x uniform in [-1, 1), seed " << seed;
        }
    }
}

TEST(CentralDifferenceGradient, MatchesAnalyticGradientOfRosenbrock) {
    using course::optimization::testing::rosenbrock_gradient;
    using course::optimization::testing::rosenbrock_value;
    for (const Vector& x : {Vector{{-1.2, 1.0}}, Vector{{0.3, -0.7, 1.9, 0.5}}}) {
        const Vector g = central_difference_gradient(rosenbrock_value, x);
        const Vector want = rosenbrock_gradient(x);
        // Third derivatives: d3f/dx_i^3 = 2400 x_i (from 100 x_i^4), the others vanish or are
        // smaller; M3 = 2400 (max|x| + 1). Rounding: the sum of |terms| is at most
        // 100 (|x_{i+1}| + x_i^2)^2 + (1 + |x_i|)^2 per term, each computed in about 8 operations.
        const double xmax = x.cwiseAbs().maxCoeff();
        const double terms = (x.size() - 1) * (100.0 * std::pow(xmax + xmax * xmax, 2) + std::pow(1 + xmax, 2));
        EXPECT_TRUE(AllClose(g, want, {gradient_tolerance(x, want, 2400.0 * (xmax + 1.0), gamma_bound(8) * terms), 0.0}))
            << "Rosenbrock, n = " << x.size() << ". An error near h * f'' / 2 (about 1e-5 here) means a forward difference.";
    }
}

TEST(CentralDifferenceGradient, MatchesRandomQuadratics) {
    using course::optimization::testing::random_quadratic;
    for (int n : {1, 2, 7, 20}) {
        const std::uint64_t seed = 200 + n;
        const auto q = random_quadratic(n, 10.0, seed);
        const Vector x = 3.0 * random_vector(n, seed + 7);
        const Vector g = central_difference_gradient(q.objective().value, x);
        const Vector want = q.A * x - q.b;
        // f = x^T A x / 2 - b^T x: third derivatives vanish; rounding of the 2n^2 + 2n products and
        // sums is at most gamma_(2n+2) * (|x|^T |A| |x| / 2 + |b|^T |x|).
        const Vector ax = x.cwiseAbs();
        const double terms = 0.5 * ax.dot(q.A.cwiseAbs() * ax) + q.b.cwiseAbs().dot(ax);
        EXPECT_TRUE(AllClose(g, want, {gradient_tolerance(x, want, 0.0, gamma_bound(2 * n + 2) * terms), 0.0}))
            << "random quadratic, n = " << n << ", kappa = 10, seed " << seed;
    }
}

TEST(CentralDifferenceGradient, ScalesTheStepWithX) {
    // f(x) = sum_i log x_i at x_i ~ 1e9: grad f = 1 / x_i ~ 1e-9. The doubles near 1e9 are 1.2e-7
    // apart, so x_i + 1e-10 == x_i, and even h = 6e-6 moves x_i by a few dozen spacings only: the
    // step has to grow with |x_i|. M3 = 2 / x^3; delta = gamma_(n+2) * sum |log x_i|.
    const int n = 4;
    const Vector x = 1e9 * (Vector::Ones(n) + 0.5 * random_vector(n, 300).cwiseAbs());
    const Function f = [](const Vector& y) { return y.array().log().sum(); };
    const Vector g = central_difference_gradient(f, x);
    const Vector want = x.cwiseInverse();
    const double delta = gamma_bound(n + 2) * x.array().log().abs().sum();
    EXPECT_TRUE(AllClose(g, want, {gradient_tolerance(x, want, 2.0 / 1e27, delta), 0.0}))
        << "f = sum log x_i at x_i in [1e9, 1.5e9), seed 300. A gradient of 0 means x_i + h == x_i: "
           "h must be scaled by max(1, |x_i|).";
}

TEST(CentralDifferenceGradient, UsesTwoEvaluationsPerCoordinate) {
    for (int n : {1, 5}) {
        int calls = 0;
        const Function f = [&calls](const Vector& x) {
            ++calls;
            return x.squaredNorm();
        };
        const Vector x = random_vector(n, 400 + n);
        const Vector g = central_difference_gradient(f, x);
        EXPECT_EQ(g.size(), n);
        EXPECT_EQ(calls, 2 * n) << "n = " << n << ": a central difference evaluates f(x + h e_i) and f(x - h e_i), "
                                   "2n calls in all; n + 1 calls means a forward difference";
    }
}

TEST(CentralDifferenceGradient, RefusesEmptyOrNonFiniteInput) {
    const Vector x{{1.0, 2.0}};
    EXPECT_EQ(central_difference_gradient(hand_quadratic, x).size(), 2) << course::testing::kValidCallFirst;  // valid input first
    EXPECT_TRUE(ThrowsInvalidArgument([&] { central_difference_gradient(hand_quadratic, Vector()); },
                                      {"central_difference_gradient", "empty"}));
    EXPECT_TRUE(ThrowsInvalidArgument(
        [&] { central_difference_gradient(hand_quadratic, Vector{{1.0, std::nan("")}}); },
        {"central_difference_gradient", "NaN"}));
    EXPECT_TRUE(ThrowsInvalidArgument([&] { central_difference_gradient(Function(), x); },
                                      {"central_difference_gradient", "f"}));
}

TEST(CentralDifferenceHessian, MatchesHandWorkedQuadratic) {
    const Vector x{{1.0, 2.0}};
    const Matrix H = central_difference_hessian(hand_quadratic, x);
    const Matrix want{{2.0, 3.0}, {3.0, -4.0}};  // the second derivatives of the quadratic above
    EXPECT_TRUE(AllClose(H, want, {hessian_tolerance(x, want, 0.0, gamma_bound(8) * 30.0), 0.0}))
        << "f = x0^2 + 3 x0 x1 - 2 x1^2 + 5 x0 at (1, 2)";
}

TEST(CentralDifferenceHessian, IsExactlySymmetric) {
    const Vector x = random_vector(6, 500);
    const Matrix H = central_difference_hessian(log_sum_exp(1.0), x);
    ASSERT_EQ(H.rows(), 6);
    ASSERT_EQ(H.cols(), 6);
    EXPECT_TRUE(H == H.transpose()) << "compute H_ij for i <= j and copy it to H_ji; seed 500";
}

TEST(CentralDifferenceHessian, MatchesAnalyticHessianOfLogSumExp) {
    // offset 1e4: rounding errors of u * 1e4 ~ 1e-12 per evaluation, divided by h^2. With the
    // prescribed h = eps^(1/4) ~ 1.2e-4 that is ~1e-4; with the gradient's h = 6e-6 it is ~3e-2.
    for (double offset : {0.0, 1e4}) {
        for (int n : {1, 3, 6}) {
            const std::uint64_t seed = 600 + n;
            const Vector x = random_vector(n, seed);
            const Function f = log_sum_exp(offset);
            const Matrix H = central_difference_hessian(f, x);
            const Vector p = softmax(x);
            const Matrix want = Matrix(p.asDiagonal()) - p * p.transpose();
            const double delta = gamma_bound(n + 4) * (offset + std::abs(f(x) - offset) + 1.0);
            EXPECT_TRUE(AllClose(H, want, {hessian_tolerance(x, want, 0.125, delta), 0.0}))
                << "f = " << offset << " + log sum exp(x), n = " << n << ", seed " << seed
                << ". A second difference needs the larger step eps^(1/4) * max(1, |x_i|).";
        }
    }
}

TEST(CentralDifferenceHessian, MatchesAnalyticHessianOfRosenbrock) {
    using course::optimization::testing::rosenbrock_hessian;
    using course::optimization::testing::rosenbrock_value;
    for (const Vector& x : {Vector{{-1.2, 1.0}}, Vector{{0.3, -0.7, 1.9}}}) {
        const Matrix H = central_difference_hessian(rosenbrock_value, x);
        const Matrix want = rosenbrock_hessian(x);
        // Fourth derivatives: d4f/dx_i^4 = 2400 (from 100 x_i^4); the mixed ones vanish.
        const double xmax = x.cwiseAbs().maxCoeff();
        const double terms = (x.size() - 1) * (100.0 * std::pow(xmax + xmax * xmax, 2) + std::pow(1 + xmax, 2));
        EXPECT_TRUE(AllClose(H, want, {hessian_tolerance(x, want, 2400.0, gamma_bound(8) * terms), 0.0}))
            << "Rosenbrock, n = " << x.size();
    }
}

TEST(CentralDifferenceHessian, ScalesTheStepWithX) {
    // f(x) = sum_i log x_i at x_i ~ 1e6: Hessian diag(-1 / x_i^2) ~ -1e-12. M4 = 6 / x^4.
    const int n = 3;
    const Vector x = 1e6 * (Vector::Ones(n) + 0.5 * random_vector(n, 700).cwiseAbs());
    const Function f = [](const Vector& y) { return y.array().log().sum(); };
    const Matrix H = central_difference_hessian(f, x);
    const Matrix want = Matrix(x.array().square().inverse().matrix().asDiagonal()) * -1.0;
    const double delta = gamma_bound(n + 2) * x.array().log().abs().sum();
    EXPECT_TRUE(AllClose(H, want, {hessian_tolerance(x, want, 6.0 / 1e24, delta), 0.0}))
        << "f = sum log x_i at x_i in [1e6, 1.5e6), seed 700: scale h by max(1, |x_i|)";
}

TEST(CentralDifferenceHessian, UsesAtMostTwoNSquaredPlusOneEvaluations) {
    for (int n : {1, 4}) {
        int calls = 0;
        const Function f = [&calls](const Vector& x) {
            ++calls;
            return x.squaredNorm();
        };
        const Matrix H = central_difference_hessian(f, random_vector(n, 800 + n));
        EXPECT_EQ(H.rows(), n);
        EXPECT_LE(calls, 2 * n * n + 1) << "n = " << n << ": f(x) once, 2 calls per diagonal entry and 4 per "
                                           "pair i < j suffice; compute each pair once and mirror it";
    }
}

TEST(CentralDifferenceHessian, RefusesEmptyOrNonFiniteInput) {
    const Vector x{{1.0, 2.0}};
    EXPECT_EQ(central_difference_hessian(hand_quadratic, x).rows(), 2) << course::testing::kValidCallFirst;  // valid input first
    EXPECT_TRUE(ThrowsInvalidArgument([&] { central_difference_hessian(hand_quadratic, Vector()); },
                                      {"central_difference_hessian", "empty"}));
    EXPECT_TRUE(ThrowsInvalidArgument(
        [&] { central_difference_hessian(hand_quadratic, Vector{{std::numeric_limits<double>::infinity(), 1.0}}); },
        {"central_difference_hessian", "inf"}));
    EXPECT_TRUE(ThrowsInvalidArgument([&] { central_difference_hessian(Function(), x); },
                                      {"central_difference_hessian", "f"}));
}


// mixed_scales: f(x) = log x0 + x1^4 at x = (1e3, 0.5), where the steps of the two coordinates
// differ by a factor 1000 (h_0 = base * 1e3, h_1 = base).
//     grad f = (1 / x0, 4 x1^3) = (1e-3, 0.5),   Hessian diag(-1 / x0^2, 12 x1^2) = diag(-1e-6, 3)
// Derivatives along x0: f''' = 2 / x0^3 = 2e-9, f'''' = 6 / x0^4; along x1: f''' = 24 x1 = 12,
// f'''' = 24. Rounding: two terms of size <= 7, delta <= gamma_4 * 8.
double mixed_scales(const Vector& x) { return std::log(x[0]) + std::pow(x[1], 4); }

TEST(CentralDifferenceGradient, GivesEachCoordinateItsOwnStep) {
    // One step for all coordinates, from the largest |x_i| (h = 6e-3 for both), errs on x1 by
    // h^2 / 6 * 12 = 7e-5; each coordinate's own step keeps both errors near 1e-10.
    const Vector x{{1e3, 0.5}};
    const Vector g = central_difference_gradient(mixed_scales, x);
    ASSERT_EQ(g.size(), 2);
    const double delta = gamma_bound(4) * 8.0;
    const double h0 = gradient_step(1e3), h1 = gradient_step(0.5);
    EXPECT_NEAR(g[0], 1e-3, 2.0 * (h0 * h0 / 6.0 * 2e-9 + delta / h0) + 4 * u * 1e-3) << "d/dx0 log x0 at x0 = 1000";
    EXPECT_NEAR(g[1], 0.5, 2.0 * (h1 * h1 / 6.0 * 12.0 + delta / h1) + 4 * u * 0.5)
        << "d/dx1 x1^4 at x1 = 1/2: h_1 = cbrt(eps) * max(1, |x_1|) = cbrt(eps), not a step from the largest |x_i|";
}

TEST(CentralDifferenceHessian, GivesEachCoordinateItsOwnStep) {
    // f(x) = log x0 + x1^4 + x0 x1 at x = (1e3, 0.5): the mixed entry is exactly 1, and its
    // four-corner quotient divides by 4 h_0 h_1 (h_0 = 1000 h_1): a division by 4 h_0^2 or 4 h_1^2
    // is off by a factor 1000. Rounding: terms up to 500, delta <= gamma_6 * 510.
    const Function f = [](const Vector& x) { return mixed_scales(x) + x[0] * x[1]; };
    const Vector x{{1e3, 0.5}};
    const Matrix H = central_difference_hessian(f, x);
    ASSERT_EQ(H.rows(), 2);
    ASSERT_EQ(H.cols(), 2);
    const double delta = gamma_bound(6) * 510.0;
    const double h0 = hessian_step(1e3), h1 = hessian_step(0.5);
    EXPECT_NEAR(H(0, 0), -1e-6, 2.0 * (h0 * h0 / 12.0 * 6e-12 + 4.0 * delta / (h0 * h0)) + 4 * u * 1e-6);
    EXPECT_NEAR(H(1, 1), 3.0, 2.0 * (h1 * h1 / 12.0 * 24.0 + 4.0 * delta / (h1 * h1)) + 4 * u * 3.0)
        << "h_1 = eps^(1/4) * max(1, |x_1|); the step of the largest |x_i| (0.12) errs by h^2 / 12 * 24 = 0.03";
    // Mixed: the third and fourth derivatives of x0 x1 vanish; only rounding remains.
    EXPECT_NEAR(H(0, 1), 1.0, 2.0 * delta / (h0 * h1) + 4 * u) << "the four corners over 4 h_0 h_1";
    EXPECT_EQ(H(0, 1), H(1, 0));
}

TEST(CentralDifferences, WorkWhereACoordinateIsExactlyZero) {
    // At x_i = 0 the step is cbrt(eps) (or eps^(1/4)) itself: max(1, |x_i|) = 1. A step relative to
    // |x_i| alone is 0 there, and 0 / 0 = NaN. The hand-worked quadratic at (0, 0):
    // grad f = (5, 0), Hessian [[2, 3], [3, -4]]; delta <= gamma_8 * 30 as above.
    const Vector x = Vector::Zero(2);
    const Vector want_g{{5.0, 0.0}};
    EXPECT_TRUE(AllClose(central_difference_gradient(hand_quadratic, x), want_g,
                         {gradient_tolerance(x, want_g, 0.0, gamma_bound(8) * 30.0), 0.0}))
        << "x = (0, 0): a step of cbrt(eps) * |x_i| would be 0";
    const Matrix want_H{{2.0, 3.0}, {3.0, -4.0}};
    EXPECT_TRUE(AllClose(central_difference_hessian(hand_quadratic, x), want_H,
                         {hessian_tolerance(x, want_H, 0.0, gamma_bound(8) * 30.0), 0.0}))
        << "x = (0, 0)";
}

TEST(CentralDifferences, ScaleWithF) {
    // Both quotients are linear in f: for c a power of two, c f(x +- h) is exactly c times f(x +- h),
    // so the derivatives of c f are exactly c times those of f, from 1e-150 to 1e150 (the step
    // depends on x only, never on the size of f).
    using course::optimization::testing::kScales;
    const Vector x = random_vector(3, 900);
    const Function f = log_sum_exp(2.0);
    const Vector g = central_difference_gradient(f, x);
    const Matrix H = central_difference_hessian(f, x);
    for (double c : kScales) {
        const Function cf = [&f, c](const Vector& y) { return c * f(y); };
        EXPECT_TRUE(AllClose(central_difference_gradient(cf, x), c * g, {0.0, 0.0})) << "f scaled by " << c;
        EXPECT_TRUE(AllClose(central_difference_hessian(cf, x), c * H, {0.0, 0.0})) << "f scaled by " << c;
    }
}

TEST(CentralDifferenceGradient, ScalesTheStepWithXUpTo1e150) {
    // f(x) = sum_i log x_i at x_i ~ 1e150 (and 1e15): grad f = 1 / x_i. Only a step proportional to
    // |x_i| moves x_i at all there. M3 = 2 / x^3; delta = gamma_(n+2) * sum |log x_i|.
    for (double scale : {1e15, 1e150}) {
        const int n = 3;
        const Vector x = scale * (Vector::Ones(n) + 0.5 * random_vector(n, 310).cwiseAbs());
        const Function f = [](const Vector& y) { return y.array().log().sum(); };
        const Vector want = x.cwiseInverse();
        const double delta = gamma_bound(n + 2) * x.array().log().abs().sum();
        EXPECT_TRUE(AllClose(central_difference_gradient(f, x), want,
                             {gradient_tolerance(x, want, 2.0 / std::pow(scale, 3), delta), 0.0}))
            << "f = sum log x_i at x_i in [" << scale << ", 1.5 * " << scale << "), seed 310";
    }
}

TEST(CentralDifferences, TruncationErrorPinsTheContractsStep) {
    // For f(x) = (x_i - a)^3 at x_i = a the central difference is (h^3 + h^3) / (2h) = h^2 exactly
    // (the true derivative is 0), and the second difference of (x_i - a)^4 is (h^4 + h^4) / h^2 =
    // 2 h^2; for (x_0 - a)^3 (x_1 - b) the four corners give 4 h_0^3 h_1 / (4 h_0 h_1) = h_0^2. So each
    // result reads back the step the learner took. The steps x_i +- h are exact here (h is rounded so
    // that (a + h) - a == h, and a - h lands on a finer grid), and the cubes and fourth powers round by
    // a few u; the rounding of h itself (an ulp of a against h, eps^(2/3) relative) adds 1e-10 at most.
    for (double a : {0.0, 0.5, -0.75, 3.0, -1e3}) {
        const double hg = gradient_step(a), hh = hessian_step(a);
        const Function cube = [a](const Vector& x) { return std::pow(x[0] - a, 3); };
        const Function fourth = [a](const Vector& x) { return std::pow(x[0] - a, 4); };
        const Vector x{{a}};
        EXPECT_NEAR(central_difference_gradient(cube, x)[0], hg * hg, 1e-9 * hg * hg)
            << "(x - a)^3 at x = a = " << a << ": the quotient is h^2 for the step h = cbrt(eps) * max(1, |a|) = " << hg;
        EXPECT_NEAR(central_difference_hessian(fourth, x)(0, 0), 2 * hh * hh, 1e-9 * hh * hh)
            << "(x - a)^4 at x = a = " << a << ": the second difference is 2 h^2 for h = eps^(1/4) * max(1, |a|) = " << hh;
        const double b = 0.25;
        const Function mixed = [a, b](const Vector& x) { return std::pow(x[0] - a, 3) * (x[1] - b); };
        EXPECT_NEAR(central_difference_hessian(mixed, Vector{{a, b}})(0, 1), hh * hh, 1e-9 * hh * hh)
            << "(x0 - a)^3 (x1 - b) at (a, b), a = " << a << ": the four corners over 4 h_0 h_1 give h_0^2";
    }
}

}  // namespace
}  // namespace course::optimization
