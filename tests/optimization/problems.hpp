// tests/optimization/problems.hpp: test problems with known answers, shared by the module's tests.
//
//   Quadratic      f(x) = 1/2 x^T A x - b^T x with A symmetric positive definite of a chosen
//                  condition number and a chosen minimizer x* (b = A x*), f* = -1/2 x*^T A x*.
//   Rosenbrock     the chained (extended) Rosenbrock function in n >= 2 variables,
//                      f(x) = sum_{i=0}^{n-2} 100 (x_{i+1} - x_i^2)^2 + (1 - x_i)^2,
//                  minimum f* = 0 at x* = (1, ..., 1); n = 2 is the classic banana valley.
//   counted        wraps an Objective with call counters, to check the counts an optimizer reports.
//
// Every derivative here is written out analytically: it is the tests' oracle, independent of the
// learner's numerical derivatives.
#pragma once

#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <functional>
#include <memory>

#include "course/eigen.hpp"
#include "course/random.hpp"
#include "optimization/problem.hpp"

namespace course::optimization::testing {

// Quadratic: f(x) = 1/2 x^T A x - b^T x, grad f = A x - b, Hessian A.
struct Quadratic {
    Matrix A;
    Vector b;
    Vector minimizer;
    double min_value = 0.0;

    Objective objective() const {
        const Matrix A_ = A;
        const Vector b_ = b;
        return Objective{
            [A_, b_](const Vector& x) { return 0.5 * x.dot(A_ * x) - b_.dot(x); },
            [A_, b_](const Vector& x) -> Vector { return A_ * x - b_; },
            [A_](const Vector&) -> Matrix { return A_; },
        };
    }
    // a_norm_error: ||x - x*||_A = sqrt((x - x*)^T A (x - x*)) = sqrt(2 (f(x) - f*)).
    double a_norm_error(const Vector& x) const {
        const Vector e = x - minimizer;
        return std::sqrt(e.dot(A * e));
    }
};

// make_quadratic: the quadratic with Hessian A (symmetric positive definite) and minimizer x*.
inline Quadratic make_quadratic(const Matrix& A, const Vector& minimizer) {
    Quadratic q;
    q.A = A;
    q.minimizer = minimizer;
    q.b = A * minimizer;
    q.min_value = -0.5 * minimizer.dot(q.b);
    return q;
}

// random_quadratic: n variables, A = Q diag(lambda) Q^T with eigenvalues spaced geometrically from
// 1 down to 1 / kappa (so L = 1, mu = 1 / kappa, cond_2(A) = kappa), minimizer uniform in [-1, 1)^n
// drawn with seed + 1 (so do not start an optimizer at random_vector(n, seed + 1): that is x*).
inline Quadratic random_quadratic(int n, double kappa, std::uint64_t seed) {
    return make_quadratic(random_spd(n, kappa, seed), random_vector(n, seed + 1));
}

// diagonal_quadratic: A = diag(eigenvalues), exactly representable, so the eigenvectors are the
// coordinate axes and each coordinate's error evolves independently.
inline Quadratic diagonal_quadratic(const Vector& eigenvalues, const Vector& minimizer) {
    return make_quadratic(Matrix(eigenvalues.asDiagonal()), minimizer);
}

// rosenbrock_value / _gradient / _hessian: the chained Rosenbrock function (n >= 2).
//     f(x) = sum_i 100 (x_{i+1} - x_i^2)^2 + (1 - x_i)^2,   i = 0 .. n-2
//     df/dx_i   += -400 x_i (x_{i+1} - x_i^2) - 2 (1 - x_i)      (from term i)
//     df/dx_i+1 += 200 (x_{i+1} - x_i^2)                         (from term i)
// The Hessian is tridiagonal: term i adds 1200 x_i^2 - 400 x_{i+1} + 2 at (i, i), -400 x_i at
// (i, i+1) and (i+1, i), and 200 at (i+1, i+1).
inline double rosenbrock_value(const Vector& x) {
    double f = 0.0;
    for (Eigen::Index i = 0; i + 1 < x.size(); ++i) {
        const double r = x[i + 1] - x[i] * x[i];
        f += 100.0 * r * r + (1.0 - x[i]) * (1.0 - x[i]);
    }
    return f;
}
inline Vector rosenbrock_gradient(const Vector& x) {
    Vector g = Vector::Zero(x.size());
    for (Eigen::Index i = 0; i + 1 < x.size(); ++i) {
        const double r = x[i + 1] - x[i] * x[i];
        g[i] += -400.0 * x[i] * r - 2.0 * (1.0 - x[i]);
        g[i + 1] += 200.0 * r;
    }
    return g;
}
inline Matrix rosenbrock_hessian(const Vector& x) {
    Matrix H = Matrix::Zero(x.size(), x.size());
    for (Eigen::Index i = 0; i + 1 < x.size(); ++i) {
        H(i, i) += 1200.0 * x[i] * x[i] - 400.0 * x[i + 1] + 2.0;
        H(i, i + 1) += -400.0 * x[i];
        H(i + 1, i) += -400.0 * x[i];
        H(i + 1, i + 1) += 200.0;
    }
    return H;
}
inline Objective rosenbrock() { return Objective{rosenbrock_value, rosenbrock_gradient, rosenbrock_hessian}; }

// with_gradient_of_size / with_hessian_of_size: the objective with a gradient (or Hessian) callback
// that returns `entries` entries (an entries x entries matrix) whatever the point: a caller's
// mistake the optimizers must refuse by name (gradient_at, hessian_at in problem.hpp), not an Eigen
// assertion or a read past the end of a vector.
inline Objective with_gradient_of_size(Objective objective, int entries) {
    objective.gradient = [entries](const Vector&) -> Vector { return Vector::Ones(entries); };
    return objective;
}
inline Objective with_hessian_of_size(Objective objective, int entries) {
    objective.hessian = [entries](const Vector&) -> Matrix { return Matrix::Identity(entries, entries); };
    return objective;
}

// CallCounts: how many times each function of a counted objective was called.
struct CallCounts {
    int value = 0;
    int gradient = 0;
    int hessian = 0;
};

// CountedObjective: `objective` forwards to the wrapped one and increments *counts on every call.
struct CountedObjective {
    Objective objective;
    std::shared_ptr<CallCounts> counts;
};

inline CountedObjective counted(const Objective& inner) {
    auto counts = std::make_shared<CallCounts>();
    Objective wrapped;
    wrapped.value = [inner, counts](const Vector& x) {
        ++counts->value;
        return inner.value(x);
    };
    wrapped.gradient = [inner, counts](const Vector& x) -> Vector {
        ++counts->gradient;
        return inner.gradient(x);
    };
    if (inner.hessian) {
        wrapped.hessian = [inner, counts](const Vector& x) -> Matrix {
            ++counts->hessian;
            return inner.hessian(x);
        };
    }
    return {wrapped, counts};
}

// CountsMatch: the counts an optimizer reports equal the calls it made.
inline ::testing::AssertionResult CountsMatch(const OptimizeResult& r, const CallCounts& c) {
    if (r.value_evaluations == c.value && r.gradient_evaluations == c.gradient &&
        r.hessian_evaluations == c.hessian) {
        return ::testing::AssertionSuccess();
    }
    return ::testing::AssertionFailure()
           << "reported (value, gradient, hessian) evaluations = (" << r.value_evaluations << ", "
           << r.gradient_evaluations << ", " << r.hessian_evaluations << "), but the objective was called ("
           << c.value << ", " << c.gradient << ", " << c.hessian
           << ") times: count every call to objective.value / .gradient / .hessian";
}

// HistoryConsistent: history has iterations + 1 entries, starts at f(x0) and ends at r.value.
inline ::testing::AssertionResult HistoryConsistent(const OptimizeResult& r, double f_x0) {
    if (r.history.size() != size_t(r.iterations) + 1) {
        return ::testing::AssertionFailure() << "history has " << r.history.size() << " entries after "
                                             << r.iterations << " iterations, expected iterations + 1 = "
                                             << r.iterations + 1 << " (f(x_0), ..., f(x_k))";
    }
    if (r.history.front() != f_x0) {
        return ::testing::AssertionFailure() << "history[0] = " << r.history.front() << ", expected f(x0) = " << f_x0;
    }
    if (r.history.back() != r.value) {
        return ::testing::AssertionFailure() << "history.back() = " << r.history.back()
                                             << " differs from the reported value " << r.value;
    }
    return ::testing::AssertionSuccess();
}

}  // namespace course::optimization::testing

namespace course::optimization::testing {

// scaled: the objective c f, its value, gradient and Hessian multiplied by c. With c a power of two
// each product is exact (no overflow or underflow for the problems here at c = 2^-500 .. 2^500), so
// an optimizer whose decisions do not depend on the scale of f takes exactly the same steps on c f as
// on f, once its gradient tolerance is multiplied by c (and a fixed step divided by c).
inline Objective scaled(const Objective& inner, double c) {
    Objective out;
    out.value = [inner, c](const Vector& x) { return c * inner.value(x); };
    out.gradient = [inner, c](const Vector& x) -> Vector { return c * inner.gradient(x); };
    if (inner.hessian) out.hessian = [inner, c](const Vector& x) -> Matrix { return c * inner.hessian(x); };
    return out;
}

// kScales: powers of two from about 1e-150 to 1e150 (2^-500 = 3.1e-151, 2^-50 = 8.9e-16,
// 2^50 = 1.1e15, 2^500 = 3.3e150), for the scale tests of section 4a of docs/adding-a-module.md.
inline const std::vector<double> kScales = {std::ldexp(1.0, -500), std::ldexp(1.0, -50), 1.0, std::ldexp(1.0, 50),
                                            std::ldexp(1.0, 500)};

}  // namespace course::optimization::testing

namespace course::optimization::testing {

// LogisticData / logistic_loss: the mean logistic loss of labels y_i in {0, 1} for features X (m, n),
//     f(w) = (1/m) sum_i log(1 + e^{z_i}) - y_i z_i,   z = X w,
//     grad f = (1/m) X^T (sigma(z) - y),   Hessian (1/m) X^T diag(sigma(z) (1 - sigma(z))) X,
// written here (stably: log(1 + e^z) = max(z, 0) + log1p(e^{-|z|})) so that the tests of one
// exercise never depend on another exercise's code (logistic_regression.hpp has its own).
struct LogisticData {
    Matrix X;
    Vector y;
};

inline double logistic_sigmoid(double z) {
    return z >= 0.0 ? 1.0 / (1.0 + std::exp(-z)) : std::exp(z) / (1.0 + std::exp(z));
}

inline Objective logistic_loss(const LogisticData& data) {
    const Matrix X = data.X;
    const Vector y = data.y;
    const double m = double(X.rows());
    return Objective{
        [X, y, m](const Vector& w) {
            const Vector z = X * w;
            double sum = 0.0;
            for (Eigen::Index i = 0; i < z.size(); ++i)
                sum += (z[i] > 0.0 ? z[i] : 0.0) + std::log1p(std::exp(-std::abs(z[i]))) - y[i] * z[i];
            return sum / m;
        },
        [X, y, m](const Vector& w) -> Vector {
            const Vector z = X * w;
            Vector residual(z.size());
            for (Eigen::Index i = 0; i < z.size(); ++i) residual[i] = logistic_sigmoid(z[i]) - y[i];
            return X.transpose() * residual / m;
        },
        [X, m](const Vector& w) -> Matrix {
            const Vector z = X * w;
            Vector weight(z.size());
            for (Eigen::Index i = 0; i < z.size(); ++i) weight[i] = logistic_sigmoid(z[i]) * (1.0 - logistic_sigmoid(z[i]));
            return X.transpose() * weight.asDiagonal() * X / m;
        },
    };
}

// random_logistic_data: m examples with n features uniform in [-1, 1) (seed), labels drawn from the
// model itself, y_i = 1 with probability sigma(x_i^T w_true), w_true uniform in [-1, 1)^n (seed + 100),
// the draws from seed + 200. Labels that noisy are not separable, so the minimizer exists, and the
// Hessian at it is well conditioned (features of order 1, sigma (1 - sigma) near 1/4).
inline LogisticData random_logistic_data(int m, int n, std::uint64_t seed) {
    LogisticData data{random_matrix(m, n, seed), Vector(m)};
    const Vector z = data.X * random_vector(n, seed + 100);
    const Vector draws = random_vector(m, seed + 200);
    for (int i = 0; i < m; ++i) data.y[i] = (draws[i] + 1.0) / 2.0 < logistic_sigmoid(z[i]) ? 1.0 : 0.0;
    return data;
}

}  // namespace course::optimization::testing

namespace course::optimization::testing {

// kRunScales: powers of two from about 1e-75 to 1e75 (2^-250 = 5.5e-76, 2^250 = 1.8e75), for the
// scale tests of whole optimizer runs. Their stopping rule takes ||c g|| with Eigen's norm(), the
// square root of a sum of squares: at c = 2^+-500 the squares c^2 |g_i|^2 leave the normal range
// (below 2.2e-308 once |g_i| < 1e-6, above 1.8e308 once |g_i| > 1e4), so ||c g|| is no longer c ||g||
// to the bit and the runs on f and on c f may stop at different iterates. At 2^+-250 the squares of
// every gradient these tests meet (1e-12 < |g_i| < 1e4) are normal doubles.
inline const std::vector<double> kRunScales = {std::ldexp(1.0, -250), std::ldexp(1.0, -50), 1.0, std::ldexp(1.0, 50),
                                               std::ldexp(1.0, 250)};

}  // namespace course::optimization::testing

namespace course::optimization::testing {

// The stopping rules that problem.hpp states for every optimizer whose runs take only f and grad f
// (bfgs, lbfgs), checked the same way for each. `run(objective, x0, stop)` calls the optimizer with
// its default configuration.
using GradientRun = std::function<OptimizeResult(const Objective&, const Vector&, const StopRule&)>;

// half_square_objective: f(x) = 1/2 ||x||^2, grad f = x.
inline Objective half_square_objective() {
    return Objective{[](const Vector& x) { return 0.5 * x.squaredNorm(); }, [](const Vector& x) -> Vector { return x; },
                     {}};
}

// ExpectStopsAtMaxIterations: Rosenbrock from (-1.2, 1) needs a few dozen iterations to 1e-10, so
// max_iterations = 5 stops the run after exactly 5 steps, not converged, with 6 history entries;
// max_iterations = 0 returns x_0 with one evaluation of f and of grad f.
inline void ExpectStopsAtMaxIterations(const GradientRun& run) {
    auto [objective, counts] = counted(rosenbrock());
    const Vector x0{{-1.2, 1.0}};
    const OptimizeResult r = run(objective, x0, {1e-10, 5});
    EXPECT_EQ(r.iterations, 5) << "max_iterations = 5 must stop the run after 5 steps";
    EXPECT_FALSE(r.converged);
    EXPECT_TRUE(CountsMatch(r, *counts));
    EXPECT_TRUE(HistoryConsistent(r, rosenbrock_value(x0)));
    EXPECT_EQ(r.value, rosenbrock_value(r.x)) << "the reported value is f at the last iterate";
    auto [objective0, counts0] = counted(rosenbrock());
    const OptimizeResult r0 = run(objective0, x0, {1e-10, 0});
    EXPECT_FALSE(r0.converged);
    EXPECT_EQ(r0.iterations, 0);
    EXPECT_EQ(r0.x, x0) << "max_iterations = 0: x_0 itself";
    EXPECT_EQ(r0.value_evaluations, 1);
    EXPECT_EQ(r0.gradient_evaluations, 1);
    EXPECT_TRUE(CountsMatch(r0, *counts0));
}

// ExpectGradientToleranceIsStrict: f = ||x||^2 / 2 from (3, 4), where ||g_0|| = 5 exactly.
// tol = 5 does not stop at x_0 (the rule is ||g|| < tol), so one step is taken: d = -g_0 (H_0 = I
// before any pair), and t = 1 lands exactly on 0. The next double above 5 stops at x_0.
inline void ExpectGradientToleranceIsStrict(const GradientRun& run) {
    const Vector x0{{3, 4}};
    const OptimizeResult at_tol = run(half_square_objective(), x0, {5.0, 100});
    EXPECT_TRUE(at_tol.converged);
    EXPECT_EQ(at_tol.iterations, 1) << "||g_0|| = 5 is not < 5: a step must be taken";
    const OptimizeResult above = run(half_square_objective(), x0, {std::nextafter(5.0, 6.0), 100});
    EXPECT_TRUE(above.converged);
    EXPECT_EQ(above.iterations, 0) << "||g_0|| = 5 < 5 + 1 ulp: x_0 is accepted";
    EXPECT_EQ(above.value_evaluations, 1);
    EXPECT_EQ(above.gradient_evaluations, 1);
}

// ExpectExactMinimizerStopsWithToleranceZero: the unit step from (3, 4) on ||x||^2 / 2 lands exactly
// on x* = 0, where g = 0 exactly. With tolerance 0 the rule ||g|| < 0 never holds; the contract's
// g_k = 0 test stops the run. Cost: f and grad f at x_0, then one line-search trial: 2 and 2. From
// x_0 = 0 itself: no step.
inline void ExpectExactMinimizerStopsWithToleranceZero(const GradientRun& run) {
    auto [objective, counts] = counted(half_square_objective());
    const OptimizeResult r = run(objective, Vector{{3, 4}}, {0.0, 100});
    EXPECT_TRUE(r.converged) << "grad f(x_1) = 0 exactly must stop the run even with tolerance 0";
    EXPECT_EQ(r.iterations, 1);
    EXPECT_EQ(r.x, Vector::Zero(2)) << "the unit step lands exactly on 0";
    EXPECT_EQ(r.value, 0.0);
    EXPECT_EQ(r.value_evaluations, 2) << "f(x_1) is the line search's value, never evaluated again";
    EXPECT_EQ(r.gradient_evaluations, 2) << "grad f(x_1) is the line search's gradient, never evaluated again";
    EXPECT_TRUE(CountsMatch(r, *counts));
    const OptimizeResult at_min = run(half_square_objective(), Vector{{0, 0}}, {0.0, 100});
    EXPECT_TRUE(at_min.converged) << "an exactly zero gradient at x_0: no step";
    EXPECT_EQ(at_min.iterations, 0);
}

// ExpectMinimizesRosenbrockFromTheClassicStart: from (-1.2, 1) with ||g|| < 1e-10 and at most
// max_iterations steps. The smallest Hessian eigenvalue at (1, 1) is 0.399, so the run ends within
// 1e-10 / 0.399 = 2.5e-10 of x* (near x*, where f is close to its quadratic model). A quasi-Newton
// run evaluates no Hessian, and every accepted Wolfe step decreases f.
inline void ExpectMinimizesRosenbrockFromTheClassicStart(const GradientRun& run, int max_iterations) {
    auto [objective, counts] = counted(rosenbrock());
    const Vector x0{{-1.2, 1.0}};
    const OptimizeResult r = run(objective, x0, {1e-10, max_iterations});
    EXPECT_TRUE(r.converged) << "after " << r.iterations << " iterations";
    EXPECT_LE((r.x - Vector::Ones(2)).cwiseAbs().maxCoeff(), 5e-10) << "x = " << r.x.transpose() << ", x* = (1, 1)";
    EXPECT_TRUE(CountsMatch(r, *counts));
    EXPECT_EQ(r.hessian_evaluations, 0) << "a quasi-Newton method never evaluates the Hessian";
    EXPECT_TRUE(HistoryConsistent(r, rosenbrock_value(x0)));
    for (size_t k = 1; k < r.history.size(); ++k)
        EXPECT_LT(r.history[k], r.history[k - 1]) << "f must decrease at every Wolfe step (k = " << k << ")";
}

}  // namespace course::optimization::testing
