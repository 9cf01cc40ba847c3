// race_problems.hpp: the problems and the racers of the optimization module's convergence race,
// shared by convergence_race_bench.cpp (iterations, evaluations and time to tolerance) and
// plot_data.cpp (the histories f(x_k) - f* and the paths on Rosenbrock's contours).
//
// Problems (each with a start x0, the optimum value f* where it is known, and the constants L and
// mu that the fixed-step methods need):
//   rosenbrock        f = 100 (x2 - x1^2)^2 + (1 - x1)^2 from (-1.2, 1); f* = 0 at (1, 1).
//   quadratic         1/2 x^T A x - b^T x, n = 100, A = Q diag(lambda) Q^T with eigenvalues spaced
//                     geometrically from 1 down to 1/kappa (L = 1, mu = 1/kappa), from x0 = 0.
//   logistic          L2-regularized logistic regression (lambda = 1e-3), m samples of d features
//                     uniform in [-1, 1) plus an intercept, labels drawn from the model.
// Every racer stops at ||grad f(x_k)|| < 1e-6 ||grad f(x_0)|| or at the problem's iteration cap.
//
// Racers: every optimizer of the module that minimizes an unconstrained smooth f (L-BFGS with its
// default memory m = 10). Adam stands for
// the adaptive step functions (AdaGrad and RMSProp run the same loop); it works in float, as the
// training loops of later modules do, so it cannot reach a relative gradient of 1e-6 on the
// ill-conditioned problems: the race shows that, too. Conjugate gradient runs on the quadratics
// only (it solves A x = b); its "gradient evaluations" are its products A p.
// projected_gradient_descent with the identity projection is gradient_descent, and kkt solves
// constrained problems: neither is in the race.
#pragma once

#include <cmath>
#include <functional>
#include <limits>
#include <memory>
#include <string>
#include <vector>

#include "course/eigen.hpp"
#include "course/eigen_solvers.hpp"
#include "course/random.hpp"
#include "optimization/optimization.hpp"

namespace race {

using course::Matrix;
using course::Vector;
using namespace course::optimization;

struct Problem {
    std::string name;
    Objective objective;
    Vector x0;
    double f_star = std::numeric_limits<double>::quiet_NaN();  // NaN where unknown
    double L = 0.0;                                             // a bound on the largest Hessian eigenvalue
    double mu = 0.0;                                            // the smallest one, at the minimizer
    int max_iterations = 0;
    Matrix A;  // the quadratics only: f = 1/2 x^T A x - b^T x
    Vector b;
    double gradient_tolerance() const { return 1e-6 * objective.gradient(x0).norm(); }
};

inline Problem rosenbrock() {
    Problem p;
    p.name = "rosenbrock";
    p.objective.value = [](const Vector& x) {
        const double r = x(1) - x(0) * x(0);
        return 100.0 * r * r + (1.0 - x(0)) * (1.0 - x(0));
    };
    p.objective.gradient = [](const Vector& x) -> Vector {
        const double r = x(1) - x(0) * x(0);
        return Vector{{-400.0 * x(0) * r - 2.0 * (1.0 - x(0)), 200.0 * r}};
    };
    p.objective.hessian = [](const Vector& x) -> Matrix {
        return Matrix{{1200.0 * x(0) * x(0) - 400.0 * x(1) + 2.0, -400.0 * x(0)}, {-400.0 * x(0), 200.0}};
    };
    p.x0 = Vector{{-1.2, 1.0}};
    p.f_star = 0.0;
    p.L = 2000.0;  // the Hessian's norm along the path from (-1.2, 1) stays below about 1600
    p.mu = 0.39;   // lambda_min of the Hessian at (1, 1)
    p.max_iterations = 50000;
    return p;
}

inline Problem quadratic(int n, double kappa, const std::string& name) {
    Problem p;
    p.name = name;
    p.A = course::random_spd(n, kappa, 2026);
    p.b = course::random_vector(n, 2027);
    const auto A = std::make_shared<const Matrix>(p.A);
    const auto b = std::make_shared<const Vector>(p.b);
    p.objective.value = [A, b](const Vector& x) { return 0.5 * x.dot(*A * x) - b->dot(x); };
    p.objective.gradient = [A, b](const Vector& x) -> Vector { return *A * x - *b; };
    p.objective.hessian = [A](const Vector&) -> Matrix { return *A; };
    p.x0 = Vector::Zero(n);
    p.f_star = -0.5 * p.b.dot(course::eigen_solvers::cholesky_solve(p.A, p.b));  // f* = -1/2 b^T A^-1 b, from Eigen
    p.L = 1.0;
    p.mu = 1.0 / kappa;
    p.max_iterations = 100000;
    return p;
}

inline Problem logistic(int m, int d) {
    LogisticData data;
    data.X = course::random_matrix(m, d, 3031);
    data.X.col(d - 1).setOnes();
    const Vector w_true = course::random_vector(d, 3032);
    const Vector z = data.X * w_true;
    course::Rng rng(3033);
    data.y.resize(m);
    for (int i = 0; i < m; ++i) data.y(i) = rng.uniform(0.0, 1.0) < 1.0 / (1.0 + std::exp(-z(i))) ? 1.0 : 0.0;
    data.l2 = 1e-3;
    // intercept_column stays -1: the race penalizes the intercept too, so that every direction has
    // curvature >= lambda and mu = lambda below is a true bound (a free intercept's curvature comes
    // from the data alone).
    Problem p;
    p.name = "logistic";
    p.objective = logistic_objective(data);
    p.x0 = Vector::Zero(d);
    // L <= ||X||_2^2 / (4 m) + lambda (p (1 - p) <= 1/4), from Eigen's eigenvalues of X^T X / m.
    const Matrix gram = data.X.transpose() * data.X / double(m);
    p.L = course::eigen_solvers::symmetric_eigenvalues(gram).maxCoeff() / 4.0 + data.l2;
    p.mu = data.l2;  // a lower bound: the data adds curvature on top
    p.max_iterations = 3000;
    return p;
}

// RaceResult: what a racer reports, in the units of OptimizeResult.
struct RaceResult {
    OptimizeResult result;
    bool applicable = true;
};

// Racer: a named optimizer with the parameters it needs chosen from the problem's L and mu.
struct Racer {
    std::string name;
    std::function<RaceResult(const Problem&, const StopRule&)> run;
};

// adam_run: Adam on float parameters (the loop of a training step), with the course's evaluation
// bookkeeping: one value and one gradient per iterate, as gradient_descent counts them.
inline OptimizeResult adam_run(const Objective& f, const Vector& x0, float learning_rate, const StopRule& stop) {
    const size_t n = size_t(x0.size());
    std::vector<float> params(n);
    for (size_t i = 0; i < n; ++i) params[i] = float(x0(Eigen::Index(i)));
    std::vector<float> grads(n);
    AdamState state(n);
    AdamConfig config;
    config.learning_rate = learning_rate;
    OptimizeResult r;
    Vector x(x0.size());
    for (int k = 0;; ++k) {
        for (size_t i = 0; i < n; ++i) x(Eigen::Index(i)) = params[i];
        r.value = f.value(x);
        const Vector g = f.gradient(x);
        ++r.value_evaluations;
        ++r.gradient_evaluations;
        r.history.push_back(r.value);
        r.iterations = k;
        r.x = x;
        if (!std::isfinite(r.value) || !g.allFinite()) throw DivergedError("adam", k, "f or grad f");
        if (g.norm() < stop.gradient_tolerance) {
            r.converged = true;
            return r;
        }
        if (k == stop.max_iterations) return r;
        for (size_t i = 0; i < n; ++i) grads[i] = float(g(Eigen::Index(i)));
        adam_step(params, grads, state, config);
    }
}

// cg_run: conjugate gradient on A x = b as a minimizer of the quadratic; gradient_evaluations
// counts the products A p plus the initial residual; history holds f(x_k) only at the end.
inline OptimizeResult cg_run(const Problem& p, const StopRule& stop) {
    const double rtol = stop.gradient_tolerance / p.b.norm();  // ||A x - b|| = ||r|| <= rtol ||b||
    const CgResult cg = conjugate_gradient(p.A, p.b, rtol, stop.max_iterations, p.x0);
    OptimizeResult r;
    r.x = cg.x;
    r.iterations = cg.iterations;
    r.gradient_evaluations = cg.iterations + 1;
    r.converged = cg.converged;
    r.value = p.objective.value(cg.x);
    r.history = {p.objective.value(p.x0), r.value};
    return r;
}

inline std::vector<Racer> racers() {
    std::vector<Racer> list;
    list.push_back({"gradient_descent", [](const Problem& p, const StopRule& s) {
                        return RaceResult{gradient_descent(p.objective, p.x0, 1.0 / p.L, s)};
                    }});
    list.push_back({"gd_armijo", [](const Problem& p, const StopRule& s) {
                        return RaceResult{gradient_descent_armijo(p.objective, p.x0, {}, s)};
                    }});
    list.push_back({"heavy_ball", [](const Problem& p, const StopRule& s) {
                        // Polyak's tuning for quadratics: alpha = 4 / (sqrt L + sqrt mu)^2,
                        // beta = ((sqrt kappa - 1) / (sqrt kappa + 1))^2; on Rosenbrock, beyond its
                        // theory, the same formula with the local mu at (1, 1) and a halved step.
                        const double sL = std::sqrt(p.L), smu = std::sqrt(p.mu);
                        const double q = (sL - smu) / (sL + smu);
                        const double step = 4.0 / ((sL + smu) * (sL + smu)) * (p.name == "rosenbrock" ? 0.5 : 1.0);
                        return RaceResult{heavy_ball(p.objective, p.x0, step, q * q, s)};
                    }});
    list.push_back({"nesterov", [](const Problem& p, const StopRule& s) {
                        const double sk = std::sqrt(p.L / p.mu);
                        return RaceResult{nesterov(p.objective, p.x0, 1.0 / p.L, (sk - 1.0) / (sk + 1.0), s)};
                    }});
    list.push_back({"adam", [](const Problem& p, const StopRule& s) {
                        // lr 1e-2 on the quadratics and logistic (entries of x* of order 1), 1e-3 on
                        // Rosenbrock's narrow valley.
                        return RaceResult{adam_run(p.objective, p.x0, p.name == "rosenbrock" ? 1e-3f : 1e-2f, s)};
                    }});
    list.push_back({"newton", [](const Problem& p, const StopRule& s) { return RaceResult{newton(p.objective, p.x0, s)}; }});
    list.push_back({"bfgs", [](const Problem& p, const StopRule& s) { return RaceResult{bfgs(p.objective, p.x0, s)}; }});
    list.push_back({"lbfgs", [](const Problem& p, const StopRule& s) { return RaceResult{lbfgs(p.objective, p.x0, s)}; }});
    list.push_back({"conjugate_gradient", [](const Problem& p, const StopRule& s) {
                        if (p.A.size() == 0) return RaceResult{{}, false};
                        return RaceResult{cg_run(p, s)};
                    }});
    return list;
}

}  // namespace race
