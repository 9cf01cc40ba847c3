// Tests for the KKT exercise (modules/optimization/learner/kkt.cpp): minimize 1/2 x^T Q x + c^T x
// subject to A x = b, with the convention L = f + lambda^T (A x - b).
//
// Oracles: three problems solved by hand below (stationarity x = -Q^-1 (c + A^T lambda) substituted
// into the constraints); on seeded random problems, the null-space method computed here with
// Eigen (x = x_p + Z z, a different route to the same answer) and the KKT conditions themselves;
// the meaning of lambda: -lambda_i is the derivative of the optimal value with respect to b_i,
// checked by central differences, which are exact for the quadratic f*(b).
// Bad-input tests first call the function on valid input, so that a stub shows "not started".
#include "optimization/kkt.hpp"

#include <gtest/gtest.h>

#include <cmath>

#include "course/eigen_solvers.hpp"
#include "course/random.hpp"
#include "course/testing.hpp"

namespace course::optimization {
namespace {

using course::testing::AllClose;
using course::testing::ThrowsInvalidArgument;
using course::testing::unit_roundoff;

constexpr double u = unit_roundoff<double>();

// objective: f(x) = 1/2 x^T Q x + c^T x.
double objective(const Matrix& Q, const Vector& c, const Vector& x) { return 0.5 * x.dot(Q * x) + c.dot(x); }

// Hand-worked: minimize 1/2 (x1^2 + x2^2) subject to x1 + x2 = 1. By symmetry x* = (1/2, 1/2);
// stationarity x + A^T lambda = 0 gives 1/2 + lambda = 0, lambda* = -1/2. Check of the sign: the
// optimal value is f*(b) = b^2 / 4, so df*/db = b / 2 = 1/2 = -lambda*.
TEST(SolveEqualityQp, ClosestPointOnALine) {
    const KktSolution s = solve_equality_qp(Matrix::Identity(2, 2), Vector::Zero(2), Matrix{{1, 1}}, Vector{{1}});
    // The solve is of a 3 x 3 system with entries 0 and 1: a few roundings.
    EXPECT_TRUE(AllClose(s.x, Vector{{0.5, 0.5}}, {8 * u, 0.0})) << "x* = (1/2, 1/2)";
    EXPECT_TRUE(AllClose(s.lambda, Vector{{-0.5}}, {8 * u, 0.0}))
        << "lambda* = -1/2 with L = f + lambda^T (A x - b); +1/2 means the sign convention is flipped";
}

// Hand-worked: minimize 1/2 (x1^2 + 2 x2^2 + 4 x3^2) subject to x1 + x2 + x3 = 7.
// Stationarity: q_i x_i + lambda = 0, x_i = -lambda / q_i; the constraint gives
// -lambda (1 + 1/2 + 1/4) = 7, lambda* = -4, x* = (4, 2, 1).
TEST(SolveEqualityQp, WeightedSplitOfASum) {
    const Matrix Q = Vector{{1, 2, 4}}.asDiagonal();
    const KktSolution s = solve_equality_qp(Q, Vector::Zero(3), Matrix{{1, 1, 1}}, Vector{{7}});
    // Entries up to 7, a 4 x 4 solve: a few roundings of size u * 7.
    EXPECT_TRUE(AllClose(s.x, Vector{{4, 2, 1}}, {64 * u, 0.0})) << "x* = (4, 2, 1)";
    EXPECT_TRUE(AllClose(s.lambda, Vector{{-4}}, {64 * u, 0.0})) << "lambda* = -4";
}

// Hand-worked, two constraints: minimize 1/2 ||x||^2 + c^T x with c = (1, -2, 0), subject to
// x1 + x2 + x3 = 3 and x1 - x3 = 0. Stationarity x = -c - A^T lambda:
//   x1 = -1 - l1 - l2,  x2 = 2 - l1,  x3 = -l1 + l2.
// Row 1: (-1 - l1 - l2) + (2 - l1) + (-l1 + l2) = 1 - 3 l1 = 3, l1 = -2/3.
// Row 2: (-1 - l1 - l2) - (-l1 + l2) = -1 - 2 l2 = 0, l2 = -1/2.
// x* = (-1 + 2/3 + 1/2, 2 + 2/3, 2/3 - 1/2) = (1/6, 8/3, 1/6).
TEST(SolveEqualityQp, TwoConstraintsHandWorked) {
    const Matrix A{{1, 1, 1}, {1, 0, -1}};
    const KktSolution s = solve_equality_qp(Matrix::Identity(3, 3), Vector{{1, -2, 0}}, A, Vector{{3, 0}});
    EXPECT_TRUE(AllClose(s.x, Vector{{1.0 / 6, 8.0 / 3, 1.0 / 6}}, {32 * u, 0.0})) << "x* = (1/6, 8/3, 1/6)";
    EXPECT_TRUE(AllClose(s.lambda, Vector{{-2.0 / 3, -0.5}}, {32 * u, 0.0})) << "lambda* = (-2/3, -1/2)";
}

// Q may be indefinite if it is positive definite on the feasible directions: minimize x1^2 - x2^2
// subject to x2 = 1. The only feasible direction is e1, where the curvature is 2 > 0, so x* = (0, 1).
// Stationarity: (2 x1, -2 x2) + (0, lambda) = 0 gives lambda* = 2.
TEST(SolveEqualityQp, AcceptsIndefiniteQPositiveOnTheNullSpace) {
    const KktSolution s = solve_equality_qp(Matrix{{2, 0}, {0, -2}}, Vector::Zero(2), Matrix{{0, 1}}, Vector{{1}});
    EXPECT_TRUE(AllClose(s.x, Vector{{0, 1}}, {8 * u, 0.0})) << "x* = (0, 1)";
    EXPECT_TRUE(AllClose(s.lambda, Vector{{2}}, {8 * u, 0.0})) << "lambda* = 2";
}

TEST(SolveEqualityQp, WithoutConstraintsSolvesQxEqualsMinusC) {
    // m = 0: A is (0, 3), the minimizer of 1/2 x^T Q x + c^T x is -Q^-1 c. Q = diag(2, 4, 8),
    // c = (2, -4, 8): x* = (-1, 1, -1), exactly.
    const KktSolution s = solve_equality_qp(Matrix(Vector{{2, 4, 8}}.asDiagonal()), Vector{{2, -4, 8}}, Matrix(0, 3),
                                            Vector(0));
    EXPECT_TRUE(AllClose(s.x, Vector{{-1, 1, -1}}, {8 * u, 0.0}));
    EXPECT_EQ(s.lambda.size(), 0) << "m = 0 constraints: lambda is empty";
}

// A random problem: Q SPD with condition number 100, A (m, n) with entries in [-1, 1).
struct RandomQp {
    Matrix Q, A;
    Vector c, b;
};
RandomQp random_qp(int n, int m, std::uint64_t seed) {
    return {random_spd(n, 100.0, seed), random_matrix(m, n, seed + 1), random_vector(n, seed + 2),
            random_vector(m, seed + 3)};
}

// null_space_solution: the oracle, by another route. x_p = A^T (A A^T)^-1 b is feasible; every
// feasible x is x_p + Z z with Z a basis of null(A) (Eigen's FullPivLU kernel), and the best z
// solves (Z^T Q Z) z = -Z^T (Q x_p + c).
Vector null_space_solution(const RandomQp& p) {
    const Vector x_p = p.A.transpose() * eigen_solvers::lu_solve(p.A * p.A.transpose(), p.b);
    const Matrix Z = eigen_solvers::kernel(p.A);
    const Vector z = eigen_solvers::lu_solve(Z.transpose() * p.Q * Z, -Z.transpose() * (p.Q * x_p + p.c));
    return x_p + Z * z;
}

TEST(SolveEqualityQp, MatchesNullSpaceMethodAndKktConditionsOnRandomProblems) {
    for (auto [n, m] : {std::pair{1, 1}, {5, 2}, {12, 5}, {20, 19}}) {
        const std::uint64_t seed = 1000 + std::uint64_t(n * 31 + m);
        const RandomQp p = random_qp(n, m, seed);
        const KktSolution s = solve_equality_qp(p.Q, p.c, p.A, p.b);
        ASSERT_EQ(s.x.size(), n);
        ASSERT_EQ(s.lambda.size(), m);
        const Vector x_star = null_space_solution(p);
        // Both routes are backward stable solves of systems whose condition numbers here stay below
        // about 1e6 (kappa(Q) = 100 times the conditioning of random A): 1e6 u relative is 1e-10.
        const double scale = 1.0 + x_star.norm();
        EXPECT_TRUE(AllClose(s.x, x_star, {1e-10 * scale, 0.0})) << "n = " << n << ", m = " << m << ", seed " << seed;
        // The KKT conditions: A x = b and Q x + c + A^T lambda = 0, to the same tolerance.
        EXPECT_TRUE(AllClose(Vector(p.A * s.x), p.b, {1e-10 * scale, 0.0}))
            << "feasibility A x = b; n = " << n << ", m = " << m << ", seed " << seed;
        const Vector stationarity = p.Q * s.x + p.c + p.A.transpose() * s.lambda;
        EXPECT_LE(stationarity.norm(), 1e-10 * (scale + s.lambda.norm()))
            << "||Q x + c + A^T lambda|| for n = " << n << ", m = " << m << ", seed " << seed
            << "; if Q x + c - A^T lambda is zero instead, lambda has the opposite sign";
    }
}

// The multiplier is the sensitivity of the optimal value: d f*(b) / d b_i = -lambda_i. f*(b) is a
// quadratic function of b, so the central difference (f*(b + t e_i) - f*(b - t e_i)) / (2 t) is
// exact for any t; t = 1 keeps the rounding error (about u |f*| kappa / t) far below the tolerance.
TEST(SolveEqualityQp, MultiplierIsTheShadowPriceOfItsConstraint) {
    const RandomQp p = random_qp(8, 3, 77);
    const KktSolution s = solve_equality_qp(p.Q, p.c, p.A, p.b);
    ASSERT_EQ(s.lambda.size(), 3);
    for (int i = 0; i < 3; ++i) {
        Vector up = p.b, down = p.b;
        up(i) += 1.0;
        down(i) -= 1.0;
        const double f_up = objective(p.Q, p.c, solve_equality_qp(p.Q, p.c, p.A, up).x);
        const double f_down = objective(p.Q, p.c, solve_equality_qp(p.Q, p.c, p.A, down).x);
        const double derivative = (f_up - f_down) / 2.0;
        EXPECT_NEAR(derivative, -s.lambda(i), 1e-8 * (1.0 + std::abs(f_up) + std::abs(f_down)))
            << "constraint " << i << " of n = 8, m = 3, seed 77: df*/db_i should equal -lambda_i; "
            << "if it equals +lambda_i, the sign convention is flipped";
    }
}

TEST(SolveEqualityQp, RefusesDependentConstraints) {
    solve_equality_qp(Matrix::Identity(2, 2), Vector::Zero(2), Matrix{{1, 1}}, Vector{{1}});
    // Row 2 is twice row 1: rank 1 < m = 2, and lambda is not unique.
    EXPECT_TRUE(ThrowsInvalidArgument(
        [] { solve_equality_qp(Matrix::Identity(3, 3), Vector::Zero(3), Matrix{{1, 2, 3}, {2, 4, 6}}, Vector{{1, 2}}); },
        {"solve_equality_qp", "dependent", "rank 1"}));
    // Dependent up to rounding: row 3 = row 1 + row 2 computed in floating point.
    const Matrix A{{0.1, 0.2, 0.3, 0.4}, {0.7, -0.3, 0.11, 0.5}, {0.1 + 0.7, 0.2 - 0.3, 0.3 + 0.11, 0.4 + 0.5}};
    EXPECT_TRUE(ThrowsInvalidArgument(
        [&] { solve_equality_qp(Matrix::Identity(4, 4), Vector::Zero(4), A, Vector{{1, 2, 3}}); },
        {"solve_equality_qp", "dependent", "rank 2"}));
}

TEST(SolveEqualityQp, RefusesQNotPositiveDefiniteOnTheNullSpace) {
    solve_equality_qp(Matrix::Identity(2, 2), Vector::Zero(2), Matrix{{1, 1}}, Vector{{1}});
    // minimize x1^2 - x2^2 subject to x1 = 1: along the feasible direction e2 the curvature is -2,
    // so f is unbounded below on the line; the KKT system still has a solution (a saddle).
    EXPECT_TRUE(ThrowsInvalidArgument(
        [] { solve_equality_qp(Matrix{{2, 0}, {0, -2}}, Vector::Zero(2), Matrix{{1, 0}}, Vector{{1}}); },
        {"solve_equality_qp", "positive definite", "null space"}));
    // Q = 0 with one constraint in R^2: f is flat along the line, no unique minimizer.
    EXPECT_TRUE(ThrowsInvalidArgument(
        [] { solve_equality_qp(Matrix::Zero(2, 2), Vector::Zero(2), Matrix{{1, 1}}, Vector{{1}}); },
        {"solve_equality_qp", "positive definite"}));
}

TEST(SolveEqualityQp, RefusesBadShapes) {
    solve_equality_qp(Matrix::Identity(2, 2), Vector::Zero(2), Matrix{{1, 1}}, Vector{{1}});
    const Matrix I2 = Matrix::Identity(2, 2);
    EXPECT_TRUE(ThrowsInvalidArgument([&] { solve_equality_qp(Matrix(2, 3), Vector(2), Matrix{{1, 1}}, Vector{{1}}); },
                                      {"solve_equality_qp", "Q is 2 x 3"}));
    EXPECT_TRUE(ThrowsInvalidArgument([&] { solve_equality_qp(I2, Vector(3), Matrix{{1, 1}}, Vector{{1}}); },
                                      {"solve_equality_qp", "c has 3"}));
    EXPECT_TRUE(ThrowsInvalidArgument([&] { solve_equality_qp(I2, Vector(2), Matrix{{1, 1, 1}}, Vector{{1}}); },
                                      {"solve_equality_qp", "A is 1 x 3"}));
    EXPECT_TRUE(ThrowsInvalidArgument([&] { solve_equality_qp(I2, Vector(2), Matrix{{1, 1}}, Vector{{1, 2}}); },
                                      {"solve_equality_qp", "b has 2"}));
    EXPECT_TRUE(ThrowsInvalidArgument(
        [&] { solve_equality_qp(I2, Vector(2), Matrix{{1, 0}, {0, 1}, {1, 1}}, Vector{{1, 2, 3}}); },
        {"solve_equality_qp", "more constraints"}));
    EXPECT_TRUE(ThrowsInvalidArgument(
        [&] { solve_equality_qp(Matrix{{1, 2}, {0, 1}}, Vector::Zero(2), Matrix{{1, 1}}, Vector{{1}}); },
        {"solve_equality_qp", "symmetric"}));
}

}  // namespace
}  // namespace course::optimization
