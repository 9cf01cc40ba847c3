// Tests for exercise 1, scalar autograd (modules/backprop/learner/scalar_autograd.cpp).
//
// Oracles: derivatives worked by hand (each expected value says how); the harness's own central
// differences (course::testing::numerical_gradient) on seeded random expressions; exact powers of
// two where sharing multiplies the paths. The cost is counted: backward_steps() per node, and the
// stack that backward uses on a chain of 200 001 nodes (stack_bytes_used, measured on a thread of
// its own). Every test calls an operation of the exercise first, so a stub shows "not started".
#include "backprop/scalar_autograd.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <vector>

#include "../data_structures/data_structures_checks.hpp"  // stack_bytes_used
#include "course/random.hpp"
#include "course/testing.hpp"

namespace course::backprop {
namespace {

using course::testing::ThrowsInvalidArgument;

// kExact: hand-worked cases whose values are exact in binary or one rounding away (a few ulps).
constexpr double kExact = 4 * std::numeric_limits<double>::epsilon();

// ExpectNear: |got - want| <= rtol * max(1, |want|), with both values in the message.
void ExpectNear(double got, double want, double rtol, const char* what) {
    EXPECT_LE(std::abs(got - want), rtol * std::max(1.0, std::abs(want)))
        << what << ": got " << got << ", want " << want;
}

// ---- Forward values ----

TEST(Forward, EachOperationComputesItsFormula) {
    Graph g;
    const Value x = g.leaf(2.0), y = g.leaf(-0.5);
    EXPECT_EQ((x + y).value(), 1.5);
    EXPECT_EQ((x * y).value(), -1.0);
    EXPECT_EQ(pow(x, 3.0).value(), 8.0);
    EXPECT_EQ(exp(x).value(), std::exp(2.0));
    EXPECT_EQ(log(x).value(), std::log(2.0));
    EXPECT_EQ(tanh(y).value(), std::tanh(-0.5));
    EXPECT_EQ(relu(y).value(), 0.0);
    EXPECT_EQ(relu(x).value(), 2.0);
    EXPECT_EQ((x - y).value(), 2.5);
    EXPECT_EQ((x / y).value(), -4.0);
    EXPECT_EQ((-x).value(), -2.0);
    EXPECT_EQ(g.node((x * y).id()).op, Op::mul) << "each operation records its own Op";
}

// ---- Backward, by hand ----

TEST(Backward, HandWorkedProductPlusSum) {
    // f = a b + c at a = 2, b = -3, c = 10: df/da = b = -3, df/db = a = 2, df/dc = 1; f = 4.
    Graph g;
    const Value a = g.leaf(2.0), b = g.leaf(-3.0), c = g.leaf(10.0);
    const Value f = a * b + c;
    g.backward(f);
    EXPECT_EQ(f.value(), 4.0);
    EXPECT_EQ(a.grad(), -3.0) << "d(ab + c)/da = b";
    EXPECT_EQ(b.grad(), 2.0) << "d(ab + c)/db = a";
    EXPECT_EQ(c.grad(), 1.0) << "d(ab + c)/dc = 1";
    EXPECT_EQ(f.grad(), 1.0) << "d f / d f = 1: backward seeds the output with 1";
}

TEST(Backward, HandWorkedTanhNeuron) {
    // o = tanh(x1 w1 + x2 w2 + b) with x1 = 2, w1 = -3, x2 = 0, w2 = 1 and b = 6 + atanh(1/sqrt 2),
    // so n = atanh(1/sqrt 2) and tanh'(n) = 1 - 1/2 = 1/2. Then do/dw1 = x1/2 = 1, do/dx1 = w1/2 = -1.5,
    // do/dw2 = x2/2 = 0, do/dx2 = w2/2 = 0.5, do/db = 0.5. Rounding: b = 6 + 0.88... is off by up to
    // ulp(6) / 2 = 4.4e-16 and so is n; with tanh and the products, a few 1e-15: 64 eps = 1.4e-14.
    Graph g;
    const Value x1 = g.leaf(2.0), w1 = g.leaf(-3.0), x2 = g.leaf(0.0), w2 = g.leaf(1.0);
    const Value b = g.leaf(6.0 + std::atanh(1.0 / std::sqrt(2.0)));
    const Value o = tanh(x1 * w1 + x2 * w2 + b);
    g.backward(o);
    constexpr double rtol = 64 * std::numeric_limits<double>::epsilon();
    ExpectNear(o.value(), 1.0 / std::sqrt(2.0), rtol, "o = tanh(n) = 1/sqrt 2");
    ExpectNear(w1.grad(), 1.0, rtol, "do/dw1 = x1 (1 - o^2)");
    ExpectNear(x1.grad(), -1.5, rtol, "do/dx1 = w1 (1 - o^2)");
    ExpectNear(w2.grad(), 0.0, rtol, "do/dw2 = x2 (1 - o^2)");
    ExpectNear(x2.grad(), 0.5, rtol, "do/dx2 = w2 (1 - o^2)");
    ExpectNear(b.grad(), 0.5, rtol, "do/db = 1 - o^2");
}

TEST(Backward, PowExpLogAndDivisionByHand) {
    Graph g;
    const Value x = g.leaf(2.0), y = g.leaf(4.0), z = g.leaf(0.0), u = g.leaf(3.0);
    g.backward(pow(x, 3.0));  // d x^3 / dx = 3 x^2 = 12
    EXPECT_EQ(x.grad(), 12.0) << "d x^3 / dx = 3 x^2 at x = 2";
    g.backward(log(y));  // d ln y / dy = 1/y = 0.25
    EXPECT_EQ(y.grad(), 0.25) << "d ln y / dy = 1 / y at y = 4";
    g.backward(exp(z));  // d e^z / dz = e^z = 1 at 0
    EXPECT_EQ(z.grad(), 1.0) << "d e^z / dz = e^z at z = 0";
    g.backward(u / y);  // d(u/y)/du = 1/y = 0.25; d(u/y)/dy = -u/y^2 = -3/16, added to 0.25 above
    EXPECT_EQ(u.grad(), 0.25) << "d(u / y)/du = 1 / y";
    EXPECT_EQ(y.grad(), 0.25 - 3.0 / 16.0) << "d(u / y)/dy = -u / y^2 = -3/16, added to the 1/4 of ln y";
    g.zero_grad();
    g.backward(pow(y, 0.5));  // d sqrt(y)/dy = 1 / (2 sqrt y) = 1/4
    ExpectNear(y.grad(), 0.25, kExact, "d y^0.5 / dy = 0.5 y^-0.5 at y = 4");
    g.backward(x - u);  // 1 and -1
    EXPECT_EQ(x.grad(), 1.0);
    EXPECT_EQ(u.grad(), -1.0) << "d(x - u)/du = -1";
}

TEST(Backward, ReluHasSlopeOneAboveZeroAndZeroAtAndBelow) {
    // relu'(a) = 1 for a > 0, 0 for a <= 0 (the convention at the kink is PyTorch's: 0).
    Graph g;
    const Value below = g.leaf(-2.0), above = g.leaf(3.0), at = g.leaf(0.0);
    g.backward(relu(below) + relu(above) + relu(at));
    EXPECT_EQ(below.grad(), 0.0) << "relu'(-2) = 0";
    EXPECT_EQ(above.grad(), 1.0) << "relu'(3) = 1";
    EXPECT_EQ(at.grad(), 0.0) << "relu'(0) = 0 by the contract's convention";
}

TEST(Backward, NumbersMixedInAreConstants) {
    // f = 2x + 1 - x/4 + 3/x at x = 2: f = 4 + 1 - 0.5 + 1.5 = 6; df/dx = 2 - 1/4 - 3/x^2 = 1.
    Graph g;
    const Value x = g.leaf(2.0);
    const Value f = 2.0 * x + 1.0 - x / 4.0 + 3.0 / x;
    g.backward(f);
    EXPECT_EQ(f.value(), 6.0);
    ExpectNear(x.grad(), 1.0, kExact, "d(2x + 1 - x/4 + 3/x)/dx = 2 - 1/4 - 3/x^2 at x = 2");
}

// ---- Backward against finite differences ----

// Step: one instruction of a random expression: pool[lhs] op pool[rhs] appended to the pool. The
// forms keep every operation inside its domain and the values of order one.
struct Step {
    int form;
    int lhs;
    int rhs;
    double k;
};

// random_program: `length` steps over `inputs` leaves, operands drawn from all earlier values.
std::vector<Step> random_program(int inputs, int length, Rng& rng) {
    constexpr double kExponents[] = {-1.5, 0.5, 2.0, 3.0};
    std::vector<Step> program;
    for (int i = 0; i < length; ++i) {
        const int pool = inputs + i;
        program.push_back({rng.index(10), rng.index(pool), rng.index(pool), kExponents[rng.index(4)]});
    }
    return program;
}

double relu(double x) { return std::max(x, 0.0); }

// run: the program on Values or on doubles, the same formulas; returns the last value.
template <class T>
T run(const std::vector<Step>& program, std::vector<T> pool) {
    using std::exp, std::log, std::pow, std::tanh;
    for (const Step& s : program) {
        const T a = pool[std::size_t(s.lhs)], b = pool[std::size_t(s.rhs)];
        switch (s.form) {
            case 0: pool.push_back(a + b); break;
            case 1: pool.push_back(a * b); break;
            case 2: pool.push_back(a - b); break;
            case 3: pool.push_back(a / (b * b + 1.0)); break;
            case 4: pool.push_back(pow(a * a + 0.5, s.k)); break;
            case 5: pool.push_back(exp(tanh(a))); break;
            case 6: pool.push_back(log(a * a + 1.0)); break;
            case 7: pool.push_back(tanh(a)); break;
            case 8: pool.push_back(relu(a) + b); break;
            default: pool.push_back(a * 0.5 + b); break;
        }
    }
    return pool.back();
}

TEST(Backward, MatchesFiniteDifferencesOnRandomExpressions) {
    // Metric: |g - g_fd| / max(1, |g|, |g_fd|), relative for large gradients, absolute near 0 (a
    // pure relative error is meaningless for a gradient that is 0). numerical_gradient's error is
    // about eps^(2/3) ~ 4e-11 times the size of f and its third derivative (up to ~10 here; the worst
    // error of the reference on these 40 expressions is 3.5e-10): 1e-6 leaves three orders of
    // magnitude, while a lost or doubled contribution is an error of order one.
    constexpr double kTolerance = 1e-6;
    constexpr int kInputs = 4, kLength = 24;
    Rng rng(20261206);
    for (int trial = 0; trial < 40; ++trial) {
        const std::vector<Step> program = random_program(kInputs, kLength, rng);
        const Vector x = random_vector(kInputs, 1000 + std::uint64_t(trial));
        Graph g;
        std::vector<Value> leaves;
        for (int i = 0; i < kInputs; ++i) leaves.push_back(g.leaf(x[i]));
        g.backward(run(program, leaves));
        const Vector fd = course::testing::numerical_gradient(
            [&](const Vector& v) { return run(program, std::vector<double>(v.data(), v.data() + v.size())); }, x);
        for (int i = 0; i < kInputs; ++i) {
            const double got = leaves[std::size_t(i)].grad();
            const double error = std::abs(got - fd[i]) / std::max({1.0, std::abs(got), std::abs(fd[i])});
            EXPECT_LE(error, kTolerance) << "random expression " << trial << " (" << kLength << " steps, seed 20261206), "
                                         << "input " << i << ": backward gives " << got << ", central differences " << fd[i];
        }
    }
}

// ---- Accumulation: a node used twice ----

TEST(Accumulation, ANodeAddedToItselfHasGradientTwo) {
    // f = a + a: two edges from a to f, each with local derivative 1: df/da = 1 + 1 = 2.
    Graph g;
    const Value a = g.leaf(3.0);
    g.backward(a + a);
    EXPECT_EQ(a.grad(), 2.0) << "d(a + a)/da = 2: add the contribution of each use (+=), do not overwrite (=)";
}

TEST(Accumulation, ANodeTimesItselfHasGradientTwiceItsValue) {
    // f = a * a: the two edges carry b = a and a: df/da = a + a = 2a = 6 at a = 3.
    Graph g;
    const Value a = g.leaf(3.0);
    g.backward(a * a);
    EXPECT_EQ(a.grad(), 6.0) << "d(a a)/da = 2a at a = 3: both factors are a, both contributions count";
}

TEST(Accumulation, ADiamondAddsBothPaths) {
    // x -> u = x + 1 and v = 5 x -> y = u v. At x = 2: u = 3, v = 10;
    // dy/dx = (dy/du)(du/dx) + (dy/dv)(dv/dx) = v * 1 + u * 5 = 10 + 15 = 25.
    Graph g;
    const Value x = g.leaf(2.0);
    const Value u = x + 1.0, v = 5.0 * x;
    g.backward(u * v);
    EXPECT_EQ(x.grad(), 25.0) << "dy/dx = v + 5 u: the path through u (10) plus the path through v (15)";
}

// ---- The order of the visit ----

// IsTopologicalOrderOf: `order` holds each node reachable from out exactly once, every node after
// its parents, and out last.
::testing::AssertionResult IsTopologicalOrderOf(const Graph& g, const std::vector<int>& order, Value out) {
    std::vector<int> position(std::size_t(g.size()), -1);
    for (std::size_t i = 0; i < order.size(); ++i) {
        const int id = order[i];
        if (id < 0 || id >= g.size()) return ::testing::AssertionFailure() << "id " << id << " is not a node";
        if (position[std::size_t(id)] >= 0) return ::testing::AssertionFailure() << "node " << id << " is listed twice";
        position[std::size_t(id)] = int(i);
    }
    if (order.empty() || order.back() != out.id()) return ::testing::AssertionFailure() << "out is not last";
    std::vector<int> stack{out.id()};  // every reachable node must be listed, after its parents
    std::vector<char> reached(std::size_t(g.size()), 0);
    reached[std::size_t(out.id())] = 1;
    std::size_t count = 0;
    while (!stack.empty()) {
        const int id = stack.back();
        stack.pop_back();
        ++count;
        if (position[std::size_t(id)] < 0) return ::testing::AssertionFailure() << "reachable node " << id << " is missing";
        for (const int p : {g.node(id).a, g.node(id).b}) {
            if (p < 0) continue;
            if (position[std::size_t(p)] > position[std::size_t(id)])
                return ::testing::AssertionFailure() << "node " << p << " is listed after its consumer " << id;
            if (!reached[std::size_t(p)]) {
                reached[std::size_t(p)] = 1;
                stack.push_back(p);
            }
        }
    }
    if (count != order.size())
        return ::testing::AssertionFailure() << order.size() << " nodes listed, " << count << " reachable from out";
    return ::testing::AssertionSuccess();
}

TEST(TopologicalOrder, ListsEachReachableNodeOnceAfterItsParents) {
    Rng rng(7);
    const std::vector<Step> program = random_program(3, 30, rng);
    Graph g;
    const Value unused = exp(g.leaf(1.0));  // not reachable from out: must not be listed
    std::vector<Value> leaves{g.leaf(0.3), g.leaf(-0.7), g.leaf(0.9)};
    const Value out = run(program, leaves);
    EXPECT_TRUE(IsTopologicalOrderOf(g, g.topological_order(out), out)) << "30 random steps over 3 leaves, seed 7";
    EXPECT_TRUE(IsTopologicalOrderOf(g, g.topological_order(unused), unused)) << "out = exp(leaf)";
    const Value x = g.leaf(0.5), a = exp(x), b = tanh(a), y = a * b;
    EXPECT_TRUE(IsTopologicalOrderOf(g, g.topological_order(y), y))
        << "y = a tanh(a), a = exp(x): a is a parent of y and of tanh(a), so it comes before both";
}

TEST(TopologicalOrder, ANodeUsedDirectlyAndThroughAnotherWaitsForBoth) {
    // y = a * b with a = e^x and b = tanh(a): a feeds y directly and through b. Visited layer by
    // layer from y (breadth first), a passes its gradient on to x before b has added its share.
    // By hand: dy/da = b + a (1 - b^2), dy/dx = (dy/da) e^x = (dy/da) a.
    Graph g;
    const Value x = g.leaf(0.5), a = exp(x), b = tanh(a), y = a * b;
    g.backward(y);
    const double ea = std::exp(0.5), tb = std::tanh(ea);
    const double dy_da = tb + ea * (1.0 - tb * tb);
    ExpectNear(a.grad(), dy_da, 8 * kExact, "dy/da = b + a (1 - b^2)");
    ExpectNear(x.grad(), dy_da * ea, 8 * kExact,
               "dy/dx = (dy/da) e^x: a must pass its gradient on only after both its consumers (y and b) are done");
}

// ---- Cost, counted ----

TEST(Cost, AChainOfTwoHundredThousandNodesNeedsNoRecursion) {
    // x_{i+1} = 1.00001 x_i, 100 000 times: 200 001 nodes (each step adds a constant leaf).
    // d x_n / d x_0 = 1.00001^100000; the product of 10^5 roundings is off by at most
    // gamma_{10^5} ~ 1.1e-11 relative, so 1e-10.
    constexpr int kSteps = 100'000;
    Graph g;
    const Value x0 = g.leaf(1.0);
    Value x = x0;
    for (int i = 0; i < kSteps; ++i) x = x * 1.00001;
    const std::int64_t before = g.backward_steps();
    // The bound: 64 KiB. A loop over an explicit stack uses a few frames; a recursion over 10^5
    // nodes keeps at least 10^5 return addresses, 0.8 MB.
    const std::size_t used = data_structures::testing::stack_bytes_used([&] { g.backward(x); });
    EXPECT_LE(used, std::size_t{64} << 10) << "backward on a chain of 200001 nodes used " << used
                                            << " bytes of stack: sort with an explicit stack, not by recursion";
    ExpectNear(x0.grad(), std::pow(1.00001, kSteps), 1e-10, "d x_n / d x_0 = 1.00001^100000");
    EXPECT_EQ(g.backward_steps() - before, 2 * kSteps + 1) << "one chain-rule step per node reachable from out";
}

TEST(Cost, SharedNodesAreVisitedOnceNotOncePerPath) {
    // x_{i+1} = x_i + x_i, 64 times: 65 nodes but 2^64 paths from x_64 to x_0. Each node is visited
    // once: 65 steps, and d x_64 / d x_0 = 2^64 exactly. A walk per path would never finish. An
    // unrelated expression built first must cost nothing.
    Graph g;
    Value unrelated = g.leaf(1.0);
    for (int i = 0; i < 1000; ++i) unrelated = tanh(unrelated);
    const Value x0 = g.leaf(1.0);
    Value x = x0;
    for (int i = 0; i < 64; ++i) x = x + x;
    const std::int64_t before = g.backward_steps();
    g.backward(x);
    EXPECT_EQ(x0.grad(), std::ldexp(1.0, 64)) << "d x_64 / d x_0 = 2^64: both edges of every x + x count";
    EXPECT_EQ(g.backward_steps() - before, 65) << "65 nodes reachable from out, each visited once";
    EXPECT_EQ(unrelated.grad(), 0.0) << "a node out of reach of out keeps its gradient";
}

// ---- Large arguments ----

TEST(Stability, TanhAndExpStayFiniteWhereTheMathIs) {
    // tanh(+-1000) = +-1 and tanh' = 1 - tanh^2 = 0: finite, though e^2000 is inf.
    // e^-1000 = 0 (underflow) with derivative 0; e^700 ~ 1.01e304 is finite, and so is its derivative.
    Graph g;
    const Value big = g.leaf(1000.0), small = g.leaf(-1000.0), e_big = g.leaf(700.0), e_small = g.leaf(-1000.0);
    const Value t1 = tanh(big), t2 = tanh(small), e1 = exp(e_big), e2 = exp(e_small);
    EXPECT_EQ(t1.value(), 1.0) << "tanh(1000) = 1; through (e^2x - 1) / (e^2x + 1) it is inf / inf = NaN";
    EXPECT_EQ(t2.value(), -1.0) << "tanh(-1000) = -1";
    g.backward(t1 + t2);
    EXPECT_EQ(big.grad(), 0.0) << "tanh'(1000) = 1 - tanh^2 = 0";
    EXPECT_EQ(small.grad(), 0.0) << "tanh'(-1000) = 0";
    g.backward(e1);
    EXPECT_EQ(e_big.grad(), std::exp(700.0)) << "d e^x / dx = e^x at x = 700";
    g.backward(e2);
    EXPECT_EQ(e_small.grad(), 0.0) << "d e^x / dx = e^x = 0 at x = -1000 (underflow)";
}

// ---- The graph after backward ----

TEST(ObjectAfter, ASecondBackwardAddsTheGradientsAgain) {
    // The contract (and PyTorch): backward adds to grad. Twice without zero_grad: every gradient
    // doubles, the output's (1 + 1) and an intermediate node's as well. f = (a b) + a at a = 2,
    // b = 5: df/da = b + 1 = 6, df/db = a = 2, df/d(ab) = 1.
    Graph g;
    const Value a = g.leaf(2.0), b = g.leaf(5.0);
    const Value ab = a * b, f = ab + a;
    g.backward(f);
    g.backward(f);
    EXPECT_EQ(a.grad(), 12.0) << "2 x (b + 1): the second call adds, and propagates only its own d f / d v";
    EXPECT_EQ(b.grad(), 4.0) << "2 x a";
    EXPECT_EQ(ab.grad(), 2.0) << "2 x 1 at the intermediate node a b";
    EXPECT_EQ(f.grad(), 2.0) << "2 x 1 at the output";
}

TEST(ObjectAfter, ZeroGradThenANewExpressionOnTheSameGraph) {
    Graph g;
    const Value a = g.leaf(2.0), b = g.leaf(5.0);
    const Value f = a * b;
    g.backward(f);
    g.zero_grad();
    for (int id = 0; id < g.size(); ++id) EXPECT_EQ(g.node(id).grad, 0.0) << "node " << id << " after zero_grad";
    // Build on: h = f + a^2 = a b + a^2; dh/da = b + 2a = 9, dh/db = a = 2, dh/df = 1.
    const Value h = f + pow(a, 2.0);
    g.backward(h);
    EXPECT_EQ(a.grad(), 9.0) << "d(ab + a^2)/da = b + 2a after zero_grad: nothing left from the first backward";
    EXPECT_EQ(b.grad(), 2.0);
    EXPECT_EQ(f.grad(), 1.0);
    EXPECT_EQ(h.value(), 14.0);
}

// ---- Bad input ----

TEST(BadInput, RefusesLogOfZeroNegativeAndNaN) {
    Graph g;
    EXPECT_EQ(log(g.leaf(1.0)).value(), 0.0) << course::testing::kValidCallFirst;
    EXPECT_TRUE(ThrowsInvalidArgument([&] { log(g.leaf(0.0)); }, {"log", "x = 0"}));
    EXPECT_TRUE(ThrowsInvalidArgument([&] { log(g.leaf(-1.0)); }, {"log", "x = -1"}));
    const Value inf = exp(g.leaf(1000.0));  // e^1000 = inf, and inf - inf = NaN
    EXPECT_TRUE(ThrowsInvalidArgument([&] { log(inf - inf); }, {"log", "nan"}));
    EXPECT_TRUE(ThrowsInvalidArgument([&] { log(-inf); }, {"log", "-inf"}));
}

TEST(BadInput, RefusesPowOutsideItsDomain) {
    Graph g;
    EXPECT_EQ(pow(g.leaf(-2.0), 3.0).value(), -8.0) << course::testing::kValidCallFirst;
    EXPECT_TRUE(ThrowsInvalidArgument([&] { pow(g.leaf(-2.0), 0.5); }, {"pow", "x = -2", "k = 0.5"}));
    EXPECT_TRUE(ThrowsInvalidArgument([&] { pow(g.leaf(0.0), -1.0); }, {"pow", "x = 0", "k = -1"}));
    EXPECT_TRUE(ThrowsInvalidArgument([&] { g.leaf(1.0) / g.leaf(0.0); }, {"pow", "x = 0", "k = -1"}));
    EXPECT_TRUE(ThrowsInvalidArgument([&] { pow(g.leaf(0.0), 0.5); }, {"pow", "x = 0"}));
    const double nan = std::numeric_limits<double>::quiet_NaN(), inf = std::numeric_limits<double>::infinity();
    EXPECT_TRUE(ThrowsInvalidArgument([&] { pow(g.leaf(2.0), nan); }, {"pow", "k = nan"}));
    EXPECT_TRUE(ThrowsInvalidArgument([&] { pow(g.leaf(2.0), inf); }, {"pow", "k = inf"}));
    EXPECT_TRUE(ThrowsInvalidArgument([&] { pow(g.leaf(2.0), -inf); }, {"pow", "k = -inf"}));
}

TEST(BadInput, RefusesValuesOfAnotherGraphOrOfNone) {
    Graph g, other;
    const Value a = g.leaf(1.0), b = other.leaf(2.0);
    EXPECT_EQ((a + a).value(), 2.0) << course::testing::kValidCallFirst;
    EXPECT_TRUE(ThrowsInvalidArgument([&] { a + b; }, {"add", "another Graph"}));
    EXPECT_TRUE(ThrowsInvalidArgument([&] { b * a; }, {"mul", "another Graph"}));
    EXPECT_TRUE(ThrowsInvalidArgument([&] { g.backward(b); }, {"backward", "another Graph"}));
    EXPECT_TRUE(ThrowsInvalidArgument([&] { g.topological_order(b); }, {"topological_order", "another Graph"}));
    EXPECT_TRUE(ThrowsInvalidArgument([&] { exp(Value()); }, {"exp", "no Graph"}));
    EXPECT_TRUE(ThrowsInvalidArgument([&] { a * Value(); }, {"mul", "no Graph"}));
    EXPECT_TRUE(ThrowsInvalidArgument([&] { g.backward(Value()); }, {"backward", "no Graph"}));
}

TEST(BadInput, RefusesNonFiniteLeavesAndDivisionByTheNumberZero) {
    Graph g;
    EXPECT_EQ((g.leaf(1.0) / 2.0).value(), 0.5) << course::testing::kValidCallFirst;
    EXPECT_TRUE(ThrowsInvalidArgument([&] { g.leaf(std::numeric_limits<double>::quiet_NaN()); }, {"leaf", "nan"}));
    EXPECT_TRUE(ThrowsInvalidArgument([&] { g.leaf(std::numeric_limits<double>::infinity()); }, {"leaf", "inf"}));
    EXPECT_TRUE(ThrowsInvalidArgument([&] { g.leaf(-std::numeric_limits<double>::infinity()); }, {"leaf", "-inf"}));
    EXPECT_TRUE(ThrowsInvalidArgument([&] { g.leaf(1.0) / 0.0; }, {"divided by the number 0"}));
}

}  // namespace
}  // namespace course::backprop
