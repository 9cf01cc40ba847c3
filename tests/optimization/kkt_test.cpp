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
#include <limits>
#include <tuple>

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
    EXPECT_EQ(solve_equality_qp(Matrix::Identity(2, 2), Vector::Zero(2), Matrix{{1, 1}}, Vector{{1}}).x.size(), 2)
        << course::testing::kValidCallFirst;
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
    EXPECT_EQ(solve_equality_qp(Matrix::Identity(2, 2), Vector::Zero(2), Matrix{{1, 1}}, Vector{{1}}).x.size(), 2)
        << course::testing::kValidCallFirst;
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
    EXPECT_EQ(solve_equality_qp(Matrix::Identity(2, 2), Vector::Zero(2), Matrix{{1, 1}}, Vector{{1}}).x.size(), 2)
        << course::testing::kValidCallFirst;
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


// ---- the test-design checklist: scale, both sides of each rank test, zeros, m = n ----

// The problem is scale-invariant: Q, c -> s Q, s c leaves x* and scales lambda* by s; A, b -> s A, s b
// leaves x* and scales lambda* by 1 / s. The rank and definiteness tests are relative (to |R_00| and to
// max|Q_ij|), so they must give the same verdicts at every scale. WeightedSplitOfASum: x* = (4, 2, 1),
// lambda* = -4. Tolerance: the 64 u of that test, relative to each quantity's size.
TEST(SolveEqualityQp, IsScaleInvariant) {
    const Matrix Q = Vector{{1, 2, 4}}.asDiagonal();
    const Matrix A{{1, 1, 1}};
    for (double s : {1e-150, 1e-15, 1.0, 1e15, 1e150}) {
        const KktSolution objective_scaled = solve_equality_qp(s * Q, Vector::Zero(3), A, Vector{{7}});
        EXPECT_TRUE(AllClose(objective_scaled.x, Vector{{4, 2, 1}}, {64 * u * 4, 0.0})) << "Q scaled by " << s;
        EXPECT_TRUE(AllClose(objective_scaled.lambda, Vector{{-4 * s}}, {0.0, 64 * u})) << "Q scaled by " << s;
        const KktSolution constraint_scaled = solve_equality_qp(Q, Vector::Zero(3), s * A, Vector{{7 * s}});
        EXPECT_TRUE(AllClose(constraint_scaled.x, Vector{{4, 2, 1}}, {64 * u * 4, 0.0})) << "A, b scaled by " << s;
        EXPECT_TRUE(AllClose(constraint_scaled.lambda, Vector{{-4 / s}}, {0.0, 64 * u})) << "A, b scaled by " << s;
    }
}

// The reduced Hessian must be positive definite beyond rounding: its smallest eigenvalue is compared
// with n eps max|Q_ij| (the contract). Q = s diag(1, q) with A = (1, 0): the null space is e_2 and
// Z^T Q Z = s q. q = 1e-10 is far above 2 eps = 4.4e-16 (accepted: x = (1, -c_2 / (s q)) = (1, 1) with
// c = (0, -s q), lambda = -s from the first row of stationarity); q = 1e-20 is below it (refused), at every s.
TEST(SolveEqualityQp, DefinitenessThresholdIsRelativeToQ) {
    for (double s : {1e-150, 1.0, 1e150}) {
        const KktSolution ok = solve_equality_qp(s * Matrix(Vector{{1, 1e-10}}.asDiagonal()), Vector{{0, -s * 1e-10}},
                                                 Matrix{{1, 0}}, Vector{{1}});
        // The solve divides by s q: a few roundings relative.
        EXPECT_TRUE(AllClose(ok.x, Vector{{1, 1}}, {16 * u, 0.0})) << "Z^T Q Z = 1e-10 s, s = " << s;
        EXPECT_TRUE(AllClose(ok.lambda, Vector{{-s}}, {0.0, 16 * u})) << "s = " << s;
        EXPECT_TRUE(ThrowsInvalidArgument(
            [s] { solve_equality_qp(s * Matrix(Vector{{1, 1e-20}}.asDiagonal()), Vector::Zero(2), Matrix{{1, 0}}, Vector{{1}}); },
            {"solve_equality_qp", "positive definite"}))
            << "Z^T Q Z = 1e-20 s <= 2 eps max|Q| = 4.4e-16 s: zero to working precision, s = " << s;
    }
}

// The rank test is relative to the largest pivot: A = s [[1, 0], [1, d]] has R pivots of sizes about
// sqrt(2) s and s d / sqrt(2). d = 1e-10 is full rank (accepted: with Q = I, c = 0, b = s (1, 1),
// x = (1, 0), and Q x + A^T lambda = 0 gives lambda = (-1 / s, 0)); d = 1e-20 is rank 1 to working precision.
TEST(SolveEqualityQp, RankThresholdIsRelativeToA) {
    for (double s : {1e-150, 1.0, 1e150}) {
        const KktSolution ok = solve_equality_qp(Matrix::Identity(2, 2), Vector::Zero(2), s * Matrix{{1, 0}, {1, 1e-10}},
                                                 Vector{{s, s}});
        // cond(A) = 2e10: the solution's error is up to cond(A) u relative to its size.
        EXPECT_TRUE(AllClose(ok.x, Vector{{1, 0}}, {4e10 * u, 0.0})) << "A = s [[1, 0], [1, 1e-10]], s = " << s;
        EXPECT_TRUE(AllClose(ok.lambda, Vector{{-1 / s, 0}}, {4e10 * u / s, 0.0})) << "s = " << s;
        EXPECT_TRUE(ThrowsInvalidArgument(
            [s] { solve_equality_qp(Matrix::Identity(2, 2), Vector::Zero(2), s * Matrix{{1, 0}, {1, 1e-20}}, Vector{{s, s}}); },
            {"solve_equality_qp", "dependent", "rank 1"}))
            << "A = s [[1, 0], [1, 1e-20]], s = " << s;
    }
}

TEST(SolveEqualityQp, ZeroDataGivesZeroExactly) {
    // c = 0 and b = 0: x* = 0 and lambda* = 0 satisfy every condition; the solve of a zero right-hand
    // side is exactly zero.
    const KktSolution s = solve_equality_qp(Matrix::Identity(3, 3), Vector::Zero(3), Matrix{{1, 1, 1}, {1, 0, -1}},
                                            Vector::Zero(2));
    EXPECT_TRUE(AllClose(s.x, Vector::Zero(3), {0.0, 0.0}));
    EXPECT_TRUE(AllClose(s.lambda, Vector::Zero(2), {0.0, 0.0}));
}

TEST(SolveEqualityQp, AsManyConstraintsAsUnknownsFixXWhateverQ) {
    // m = n: A x = b alone fixes x = A^-1 b; the null space is {0}, so even Q = -I (indefinite) is fine.
    // A = I, b = (1, 2): x* = (1, 2), and stationarity -x + A^T lambda = 0 gives lambda* = (1, 2).
    const KktSolution s = solve_equality_qp(-Matrix::Identity(2, 2), Vector::Zero(2), Matrix::Identity(2, 2),
                                            Vector{{1, 2}});
    EXPECT_TRUE(AllClose(s.x, Vector{{1, 2}}, {4 * u, 0.0}));
    EXPECT_TRUE(AllClose(s.lambda, Vector{{1, 2}}, {4 * u, 0.0}));
}

TEST(SolveEqualityQp, TheSolutionMinimizesOverTheFeasibleSet) {
    // The whole result, by its definition rather than its equations: x* is feasible, and every other
    // feasible point x* + Z z (Z from Eigen's kernel of A) has f >= f(x*), with equality only at z = 0:
    // f(x* + Z z) - f(x*) = z^T Z^T Q Z z / 2 > 0 (the linear term vanishes at a KKT point).
    const RandomQp p = random_qp(9, 4, 141);
    const KktSolution s = solve_equality_qp(p.Q, p.c, p.A, p.b);
    ASSERT_EQ(s.x.size(), 9);
    const Matrix Z = eigen_solvers::kernel(p.A);
    const double f_star = objective(p.Q, p.c, s.x);
    for (int trial = 0; trial < 20; ++trial) {
        const Vector z = 1e-3 * random_vector(int(Z.cols()), 150 + std::uint64_t(trial));
        const Vector x = s.x + Z * z;
        const double rise = 0.5 * (Z * z).dot(p.Q * (Z * z));  // the exact increase, >= 1e-8 here
        EXPECT_NEAR(objective(p.Q, p.c, x) - f_star, rise, 1e-2 * rise + 64 * u * (1 + std::abs(f_star)))
            << "trial " << trial << " of n = 9, m = 4, seed 141: f(x* + Z z) - f(x*) must be z^T Z^T Q Z z / 2";
    }
}


// The floor of the definiteness test is n eps max|Q_ij|, exclusive, and grows with n. At the floor
// itself the verdict turns on the last bit of Z^T Q Z, so those cases use m = 0: the null space is
// all of R^n, its basis is the identity (or no basis is needed), and Z^T Q Z = Q = diag(1, q) has the
// eigenvalue q exactly. n = 2: q = 2 eps (= 2^-51, the floor itself) is refused; the next double above
// it is accepted, x = -Q^-1 c = (0, 1) with c = (0, -q), exactly. With constraints the basis is
// computed, with rounding: Q = diag with q at index 1 and A = the unit rows e_j for every other j make
// the null space e_1, and an orthonormal basis computed to rounding gives Z^T Q Z = q (1 + O(u)) +
// O(u^2), so those cases keep a factor 2 from the floor: n = 8, q = 4 eps < 8 eps refused, q = 16 eps
// accepted (x = e_1).
TEST(SolveEqualityQp, DefinitenessFloorIsExclusiveAndGrowsWithN) {
    constexpr double eps = std::numeric_limits<double>::epsilon();
    const auto problem = [](int n, double q, bool constrained) {
        Vector diagonal = Vector::Ones(n);
        diagonal(1) = q;
        const int m = constrained ? n - 1 : 0;
        Matrix A = Matrix::Zero(m, n);
        for (int row = 0, j = 0; row < m; ++j)
            if (j != 1) A(row++, j) = 1.0;
        Vector c = Vector::Zero(n);
        c(1) = -q;  // so that x_1 = 1
        return std::tuple{Matrix(diagonal.asDiagonal()), c, A, Vector(Vector::Zero(m))};
    };
    {
        auto [Q, c, A, b] = problem(2, 2 * eps, false);
        EXPECT_TRUE(ThrowsInvalidArgument([&] { solve_equality_qp(Q, c, A, b); }, {"solve_equality_qp", "positive definite"}))
            << "n = 2, m = 0: the eigenvalue 2 eps is the floor n eps max|Q| itself: not above it";
    }
    {
        auto [Q, c, A, b] = problem(2, std::nextafter(2 * eps, 1.0), false);
        const KktSolution s = solve_equality_qp(Q, c, A, b);
        EXPECT_TRUE(AllClose(s.x, Vector{{0, 1}}, {4 * u, 0.0})) << "n = 2, m = 0: one ulp above the floor is accepted";
        EXPECT_EQ(s.lambda.size(), 0);
    }
    {
        auto [Q, c, A, b] = problem(8, 16 * eps, true);
        const KktSolution s = solve_equality_qp(Q, c, A, b);
        ASSERT_EQ(s.x.size(), 8);
        Vector want = Vector::Zero(8);
        want(1) = 1.0;
        EXPECT_TRUE(AllClose(s.x, want, {64 * u, 0.0})) << "n = 8: Z^T Q Z = 16 eps > 8 eps: accepted, x = e_1";
    }
    {
        auto [Q, c, A, b] = problem(8, 4 * eps, true);
        EXPECT_TRUE(ThrowsInvalidArgument([&] { solve_equality_qp(Q, c, A, b); }, {"solve_equality_qp", "positive definite"}))
            << "n = 8: Z^T Q Z = 4 eps <= 8 eps max|Q|";
    }
}

// The rank tolerance is max(m, n) eps relative to the largest pivot: with n = 64 and m = 2, rows
// (1, 0, ...) and (1, d, 0, ...) have pivots of sizes 1 and d (to rounding). d = 1e-14 is below
// 64 eps = 1.4e-14 (dependent to working precision, although above min(m, n) eps = 4.4e-16);
// d = 1e-12 is above it (accepted).
TEST(SolveEqualityQp, RankToleranceGrowsWithTheLargerDimension) {
    const int n = 64;
    const auto constraints = [n](double d) {
        Matrix A = Matrix::Zero(2, n);
        A(0, 0) = 1.0;
        A(1, 0) = 1.0;
        A(1, 1) = d;
        return A;
    };
    const KktSolution s = solve_equality_qp(Matrix::Identity(n, n), Vector::Zero(n), constraints(1e-12), Vector{{1, 1}});
    ASSERT_EQ(s.x.size(), n);
    // x_0 = 1, x_1 = 0 from the two rows (b = (1, 1)); the rest is 0 (the closest point to 0). cond(A) = 2e12.
    Vector want = Vector::Zero(n);
    want(0) = 1.0;
    EXPECT_TRUE(AllClose(s.x, want, {4e12 * u, 0.0})) << "m = 2, n = 64, d = 1e-12: accepted";
    EXPECT_TRUE(ThrowsInvalidArgument(
        [&] { solve_equality_qp(Matrix::Identity(n, n), Vector::Zero(n), constraints(1e-14), Vector{{1, 1}}); },
        {"solve_equality_qp", "dependent", "rank 1"}))
        << "m = 2, n = 64, d = 1e-14: pivot ratio 1e-14 <= max(m, n) eps = 1.4e-14";
}

// NaN or inf in any argument is refused by name before anything else looks at it (a NaN in Q is not
// an asymmetry, a NaN in b is not a solution): one bad entry at a time, in each argument, at its last
// position (after entries that are fine).
TEST(SolveEqualityQp, RefusesNonFiniteDataNamingTheArgument) {
    const Matrix Q = Matrix::Identity(3, 3);
    const Vector c{{1, -2, 0}};
    const Matrix A{{1, 1, 1}, {1, 0, -1}};
    const Vector b{{3, 0}};
    EXPECT_EQ(solve_equality_qp(Q, c, A, b).x.size(), 3) << course::testing::kValidCallFirst;
    const double nan = std::nan(""), inf = std::numeric_limits<double>::infinity();
    for (double bad : {nan, inf, -inf}) {
        Matrix Qb = Q;
        Qb(2, 2) = bad;
        EXPECT_TRUE(ThrowsInvalidArgument([&] { solve_equality_qp(Qb, c, A, b); }, {"solve_equality_qp", "Q(2, 2)", "inf or NaN"}))
            << "Q(2, 2) = " << bad;
        Qb = Q;
        Qb(2, 1) = Qb(1, 2) = bad;  // symmetric, so only the finiteness check can name it
        EXPECT_TRUE(ThrowsInvalidArgument([&] { solve_equality_qp(Qb, c, A, b); }, {"solve_equality_qp", "Q(", "inf or NaN"}))
            << "Q(1, 2) = Q(2, 1) = " << bad;
        Vector cb = c;
        cb(2) = bad;
        EXPECT_TRUE(ThrowsInvalidArgument([&] { solve_equality_qp(Q, cb, A, b); }, {"solve_equality_qp", "c[2]", "inf or NaN"}))
            << "c[2] = " << bad;
        Matrix Ab = A;
        Ab(1, 2) = bad;
        EXPECT_TRUE(ThrowsInvalidArgument([&] { solve_equality_qp(Q, c, Ab, b); }, {"solve_equality_qp", "A(1, 2)", "inf or NaN"}))
            << "A(1, 2) = " << bad;
        Vector bb = b;
        bb(1) = bad;
        EXPECT_TRUE(ThrowsInvalidArgument([&] { solve_equality_qp(Q, c, A, bb); }, {"solve_equality_qp", "b[1]", "inf or NaN"}))
            << "b[1] = " << bad;
    }
}

}  // namespace
}  // namespace course::optimization
