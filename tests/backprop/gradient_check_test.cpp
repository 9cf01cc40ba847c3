// Tests for exercise 9, gradient check (modules/backprop/learner/gradient_check.cpp).
//
// Oracles: central differences worked by hand on polynomials, where they are exact (a quadratic for
// every h, x^3 gives 3 x^2 + h^2) and every value is a short binary fraction, so the expected values
// are exact; gradients written out as formulas in double; relative errors worked by hand; PyTorch's
// autograd gradient and its own central differences of one smooth function, frozen in
// fixtures/gradient_check_golden.hpp (the script beside it made them). The cost
// is counted (calls of f, and which entry each call moves); x is compared bit for bit afterwards.
// Every test calls a function of the exercise first, so that a stub shows "not started".
#include "backprop/gradient_check.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <functional>
#include <iterator>
#include <limits>
#include <span>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "course/random.hpp"
#include "course/testing.hpp"
#include "fixtures/gradient_check_golden.hpp"

namespace course::backprop {
namespace {

using course::testing::ThrowsInvalidArgument;

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr double kInf = std::numeric_limits<double>::infinity();
constexpr double kEps = std::numeric_limits<double>::epsilon();

using FunctionD = std::function<double(std::span<const double>)>;
using FunctionF = std::function<float(std::span<const float>)>;

// quadratic: f(x) = x0^2 + 3 x1 x2 - x2^2 / 2 + 5 x3, gradient (2 x0, 3 x2, 3 x1 - x2, 5). At
// kQuadraticAt = (1, 2, -1, 4) the gradient is (2, -3, 7, 5), and with h = 0.5 every point, value
// and difference is a short binary fraction: the central differences are exactly the gradient.
template <typename T>
T quadratic(std::span<const T> x) {
    return x[0] * x[0] + T(3) * x[1] * x[2] - x[2] * x[2] / T(2) + T(5) * x[3];
}
const std::vector<double> kQuadraticAt = {1.0, 2.0, -1.0, 4.0};
const std::vector<double> kQuadraticGradient = {2.0, -3.0, 7.0, 5.0};

// bitwise_equal: the same bits (so +0 and -0 differ, and so would two different NaNs).
template <typename T>
bool bitwise_equal(const std::vector<T>& a, const std::vector<T>& b) {
    return a.size() == b.size() && std::memcmp(a.data(), b.data(), a.size() * sizeof(T)) == 0;
}

// ---- relative_error ----

TEST(RelativeError, HandWorkedValues) {
    EXPECT_EQ(relative_error(3.0, 4.0), 0.25) << "|3 - 4| / max(3, 4)";
    EXPECT_EQ(relative_error(4.0, 3.0), 0.25) << "symmetric";
    EXPECT_EQ(relative_error(-2.0, 2.0), 2.0) << "a sign flip: |-2 - 2| / 2";
    EXPECT_EQ(relative_error(2.0, 4.0), 0.5) << "a factor 2: |2 - 4| / 4";
    EXPECT_EQ(relative_error(5.0, 5.0), 0.0);
    EXPECT_EQ(relative_error(0.0, 0.0), 0.0) << "both 0: 0, not 0 / 0 = NaN";
    EXPECT_EQ(relative_error(-0.0, 0.0), 0.0);
    EXPECT_EQ(relative_error(0.0, 1e-300), 1.0) << "0 against anything is a relative error of 1 without a floor";
    // a - b overflows to inf for these; the ratio does not.
    EXPECT_EQ(relative_error(1e308, -1e308), 2.0) << "|1e308 - (-1e308)| overflows; the relative error is 2";
    EXPECT_DOUBLE_EQ(relative_error(-1e308, 1.5e308), 2.5 / 1.5) << "|a - b| = 2.5e308 overflows";
}

TEST(RelativeError, IsTheSameAtEveryScale) {
    // Scaling both arguments by s changes nothing: a - b and max(|a|, |b|) scale alike, up to one
    // rounding of each product s * 3 and s * 4 and of the quotient, so 4 eps.
    for (const double s : {1e-300, 1e-150, 1e-15, 1.0, 1e15, 1e150, 1e300}) {
        EXPECT_NEAR(relative_error(3.0 * s, 4.0 * s), 0.25, 4 * kEps) << "scale " << s;
        EXPECT_NEAR(relative_error(-2.0 * s, 2.0 * s), 2.0, 4 * kEps) << "a sign flip at scale " << s;
        EXPECT_NEAR(relative_error(3.0 * s, 3.03 * s), 0.03 / 3.03, 8 * kEps) << "1% off at scale " << s;
    }
}

TEST(RelativeError, NaNAndInfinityNeverLookSmall) {
    EXPECT_TRUE(std::isnan(relative_error(kNaN, 1.0))) << "a NaN analytic gradient";
    EXPECT_TRUE(std::isnan(relative_error(1.0, kNaN))) << "a NaN numeric gradient";
    EXPECT_TRUE(std::isnan(relative_error(kNaN, kNaN))) << "NaN == NaN is false: no shortcut to 0";
    EXPECT_TRUE(std::isnan(relative_error(kNaN, 0.0, 1.0))) << "the floor does not hide a NaN";
    EXPECT_EQ(relative_error(kInf, kInf), kInf) << "an infinite gradient cannot be checked, even against itself";
    EXPECT_EQ(relative_error(-kInf, -kInf), kInf);
    EXPECT_EQ(relative_error(kInf, 1.0), kInf);
    EXPECT_EQ(relative_error(1e300, -kInf), kInf);
    EXPECT_EQ(relative_error(kInf, 1.0, 1e300), kInf) << "the floor does not hide an infinity";
}

TEST(RelativeError, TheFloorBoundsTheDenominatorFromBelow) {
    EXPECT_EQ(relative_error(0.0, 1e-12), 1.0) << "no floor: 0 against rounding noise is an error of 1";
    EXPECT_EQ(relative_error(0.0, 0.5, 2.0), 0.25) << "|0 - 0.5| / max(0, 0.5, floor = 2)";
    EXPECT_EQ(relative_error(3.0, 4.0, 1.0), 0.25) << "a floor below |a| and |b| changes nothing";
    EXPECT_EQ(relative_error(3.0, 4.0, 8.0), 0.125) << "|3 - 4| / floor = 8";
    EXPECT_EQ(relative_error(0.0, 0.0, 1.0), 0.0);
    EXPECT_EQ(relative_error(-0.25, 0.25, 4.0), 0.125) << "|-0.25 - 0.25| / 4";
}

// ---- numerical_gradient ----

TEST(NumericalGradient, HandWorkedCubicWithAHalfStep) {
    // f = x0^3 + 2 x1^2 - x0 x1 at (1, 2), h = 0.5. Entry 0: (f(1.5, 2) - f(0.5, 2)) / 1 =
    // (8.375 - 7.125) / 1 = 1.25 = 3 x0^2 - x1 + h^2. Entry 1: (f(1, 2.5) - f(1, 1.5)) / 1 = (11 - 4)
    // = 7 = 4 x1 - x0, exact for the quadratic part. Every value is exact in binary.
    // (Forward differences give 2.75 and 8; dividing by h gives 2.5 and 14.)
    std::vector<double> x = {1.0, 2.0};
    const FunctionD f = [](std::span<const double> v) { return v[0] * v[0] * v[0] + 2 * v[1] * v[1] - v[0] * v[1]; };
    const std::vector<double> g = numerical_gradient(f, x, 0.5);
    ASSERT_EQ(g.size(), 2u);
    EXPECT_EQ(g[0], 1.25) << "(f(1.5, 2) - f(0.5, 2)) / (1.5 - 0.5)";
    EXPECT_EQ(g[1], 7.0) << "(f(1, 2.5) - f(1, 1.5)) / (2.5 - 1.5)";
}

TEST(NumericalGradient, CubicGivesThreePlusHSquaredForEveryStep) {
    // ((1 + h)^3 - (1 - h)^3) / (2 h) = 3 + h^2: exact in binary for these h, in double and in float
    // ((1 + 2^-5)^3 needs 16 bits). The step is honoured: a default step would give about 3.
    for (const double h : {1.0, 0.5, 0.25, 0x1p-5, 0x1p-10}) {
        std::vector<double> x = {1.0};
        const std::vector<double> g =
            numerical_gradient(FunctionD([](std::span<const double> v) { return v[0] * v[0] * v[0]; }), x, h);
        EXPECT_EQ(g.at(0), 3.0 + h * h) << "double, h = " << h;
    }
    for (const float h : {1.0f, 0.5f, 0.25f, 0x1p-5f}) {
        std::vector<float> x = {1.0f};
        const std::vector<double> g =
            numerical_gradient(FunctionF([](std::span<const float> v) { return v[0] * v[0] * v[0]; }), x, h);
        EXPECT_EQ(g.at(0), 3.0 + double(h) * double(h)) << "float, h = " << h;
    }
}

TEST(NumericalGradient, QuadraticsAreExactUpToRounding) {
    // f = x^T A x / 2 + b^T x with A symmetric, n = 7: the gradient A x + b, written as a plain loop.
    // Central differences are exact for a quadratic whatever h (h = 0.7 included); what is left is
    // the rounding of the two values of f, about eps * S each for S = sum of |terms| of f, divided
    // by 2 h: a tolerance of 8 eps S / (2 h) (n^2 + n terms accumulate a few ulps each, of S).
    // Forward differences are off by h A_ii / 2: 0.1 or more at h = 0.7.
    constexpr int n = 7;
    Rng rng(909);
    std::vector<double> A(n * n), b(n), x(n);
    for (int i = 0; i < n; ++i) {
        for (int j = 0; j <= i; ++j) A[i * n + j] = A[j * n + i] = rng.uniform(-1.0, 1.0);
        A[i * n + i] += 2.0;  // diagonal entries in [1, 3)
        b[i] = rng.uniform(-1.0, 1.0);
        x[i] = rng.uniform(-2.0, 2.0);
    }
    const FunctionD f = [&](std::span<const double> v) {
        double sum = 0.0;
        for (int i = 0; i < n; ++i) {
            for (int j = 0; j < n; ++j) sum += 0.5 * v[i] * A[i * n + j] * v[j];
            sum += b[i] * v[i];
        }
        return sum;
    };
    for (const double h : {1e-3, 0.7}) {
        double S = 0.0;  // sum of |terms| of f, at the farthest points (|x_i| + h)
        for (int i = 0; i < n; ++i) {
            for (int j = 0; j < n; ++j) S += 0.5 * (std::abs(x[i]) + h) * std::abs(A[i * n + j]) * (std::abs(x[j]) + h);
            S += std::abs(b[i]) * (std::abs(x[i]) + h);
        }
        std::vector<double> want(n);
        for (int i = 0; i < n; ++i) {
            want[i] = b[i];
            for (int j = 0; j < n; ++j) want[i] += A[i * n + j] * x[j];
        }
        const std::vector<double> g = numerical_gradient(f, x, h);
        EXPECT_TRUE(course::testing::AllClose(g, want, {8 * kEps * S / (2 * h), 0.0})) << "h = " << h;
    }
}

TEST(NumericalGradient, DividesByTheStepActuallyTaken) {
    // f(x) = x0: f(x + h e_0) - f(x - h e_0) is exactly the step taken, (x0 + h) - (x0 - h) as
    // rounded, so dividing by it gives 1 exactly; dividing by 2 h is off by the rounding of x0 +- h,
    // relative (ulp(x0) / 2) / h: 7e-15 in double at x0 = 0.1, h = 1e-3, and 6e-5 in float at
    // x0 = 1.1, h = 1e-3. The entry that f ignores has gradient 0 exactly.
    std::vector<double> x = {0.1, 1.0 / 3.0};
    const std::vector<double> g = numerical_gradient(FunctionD([](std::span<const double> v) { return v[0]; }), x, 1e-3);
    EXPECT_EQ(g.at(0), 1.0) << "double: divide by (x0 + h) - (x0 - h), not by 2 h";
    EXPECT_EQ(g.at(1), 0.0) << "f does not depend on x1";
    std::vector<float> xf = {1.1f, -0.3f};
    const std::vector<double> gf =
        numerical_gradient(FunctionF([](std::span<const float> v) { return v[0]; }), xf, 1e-3f);
    EXPECT_EQ(gf.at(0), 1.0) << "float: divide by the float step (x0 + h) - (x0 - h) taken in double";
    EXPECT_EQ(gf.at(1), 0.0) << "f does not depend on x1";
}

// ---- The object after, and the cost ----

// Probe: an f that checks, on each call, that x differs from `original` in exactly one entry, by
// exactly +h or -h as rounded in T, and records which (entry, sign) it saw. Returns a smooth value.
template <typename T>
struct Probe {
    std::vector<T> original;
    T h;
    int calls = 0;
    std::vector<int> up, down;  // per entry: calls seen at x_i + h, at x_i - h
    std::vector<std::string> problems;

    Probe(std::vector<T> x, T step) : original(std::move(x)), h(step), up(original.size()), down(original.size()) {}

    T operator()(std::span<const T> v) {
        ++calls;
        int moved = 0;
        for (std::size_t i = 0; i < v.size(); ++i) {
            if (std::memcmp(&v[i], &original[i], sizeof(T)) == 0) continue;
            ++moved;
            if (v[i] == T(original[i] + h)) ++up[i];
            else if (v[i] == T(original[i] - h)) ++down[i];
            else problems.push_back("call " + std::to_string(calls) + ": x[" + std::to_string(i) + "] is neither x + h nor x - h");
        }
        if (moved != 1) problems.push_back("call " + std::to_string(calls) + ": " + std::to_string(moved) + " entries moved, expected 1");
        T sum = 0;
        for (std::size_t i = 0; i < v.size(); ++i) sum += T(i + 1) * v[i] * v[i];
        return sum;
    }
};

// awkward_point: entries for which x + h - h is not x (so x is restored only from a saved copy).
template <typename T>
std::vector<T> awkward_point(int n) {
    std::vector<T> x;
    const T seeds[] = {T(0.1), T(1.0 / 3.0), T(1000.3), T(-7.7e-5), T(2.0 / 3.0), T(-1234.567), T(0.7)};
    for (int i = 0; i < n; ++i) x.push_back(seeds[i % 7] * T(1 + i / 7));
    return x;
}

TEST(ObjectAfter, XIsRestoredBitForBitAndEachCallMovesOneEntryByH) {
    constexpr int n = 9;
    const double h = 1e-3;
    const std::vector<double> start = awkward_point<double>(n);
    int drift = 0;  // how many entries x + h - 2 h + h would not give back: the test needs some
    for (const double v : start) drift += ((v + h) - 2 * h) + h != v;
    ASSERT_GT(drift, 0) << "the point must be one where adding and subtracting h does not restore x";

    std::vector<double> x = start;
    Probe<double> probe(start, h);
    numerical_gradient(FunctionD(std::ref(probe)), x, h);
    EXPECT_TRUE(bitwise_equal(x, start)) << "numerical_gradient must leave x as it found it, bit for bit";
    for (const std::string& p : probe.problems) ADD_FAILURE() << "numerical_gradient: " << p;
    for (int i = 0; i < n; ++i) EXPECT_TRUE(probe.up[i] == 1 && probe.down[i] == 1) << "entry " << i << " seen at x + h "
        << probe.up[i] << " times and at x - h " << probe.down[i] << " times, expected once each";

    std::vector<double> analytic(n, 1.0);
    Probe<double> probe_check(start, h);
    check_gradient(FunctionD(std::ref(probe_check)), x, analytic, h, 1e-7, 0.0);
    EXPECT_TRUE(bitwise_equal(x, start)) << "check_gradient must leave x as it found it, bit for bit";
    for (const std::string& p : probe_check.problems) ADD_FAILURE() << "check_gradient: " << p;

    const std::vector<float> start_f = awkward_point<float>(n);
    std::vector<float> xf = start_f;
    const float hf = 1e-2f;
    Probe<float> probe_f(start_f, hf);
    numerical_gradient(FunctionF(std::ref(probe_f)), xf, hf);
    EXPECT_TRUE(bitwise_equal(xf, start_f)) << "numerical_gradient (float) must leave x as it found it";
    for (const std::string& p : probe_f.problems) ADD_FAILURE() << "numerical_gradient (float): " << p;
    std::vector<float> analytic_f(n, 1.0f);
    Probe<float> probe_check_f(start_f, hf);
    check_gradient(FunctionF(std::ref(probe_check_f)), xf, analytic_f, hf, 1e-3, 0.0);
    EXPECT_TRUE(bitwise_equal(xf, start_f)) << "check_gradient (float) must leave x as it found it";
    for (const std::string& p : probe_check_f.problems) ADD_FAILURE() << "check_gradient (float): " << p;
}

TEST(ObjectAfter, XIsRestoredWhenFThrows) {
    // f throws on its third call (x1 + h): x1 must be put back all the same, so that a caller who
    // catches the error still has its weights.
    const std::vector<double> start = awkward_point<double>(4);
    std::vector<double> x = start;
    numerical_gradient(FunctionD([](std::span<const double> v) { return v[0]; }), x, 1e-3);  // a stub stops here
    int calls = 0;
    const FunctionD throws_third = [&](std::span<const double> v) {
        if (++calls == 3) throw std::runtime_error("f failed");
        return v[0];
    };
    EXPECT_THROW(numerical_gradient(throws_third, x, 1e-3), std::runtime_error) << "f's exception passes through";
    EXPECT_TRUE(bitwise_equal(x, start)) << "numerical_gradient: x after f threw on its third call (x[1] + h)";
    calls = 0;
    std::vector<double> analytic(4, 0.0);
    EXPECT_THROW(check_gradient(throws_third, x, analytic, 1e-3, 1e-7, 0.0), std::runtime_error);
    EXPECT_TRUE(bitwise_equal(x, start)) << "check_gradient: x after f threw on its third call";

    const std::vector<float> start_f = awkward_point<float>(4);
    std::vector<float> xf = start_f;
    int calls_f = 0;
    const FunctionF throws_fourth = [&](std::span<const float> v) {
        if (++calls_f == 4) throw std::runtime_error("f failed");
        return v[0];
    };
    EXPECT_THROW(numerical_gradient(throws_fourth, xf, 1e-2f), std::runtime_error);
    EXPECT_TRUE(bitwise_equal(xf, start_f)) << "numerical_gradient (float): x after f threw on its fourth call (x[1] - h)";
}

TEST(Cost, ExactlyTwoEvaluationsPerEntry) {
    // 2 n calls, no more (no f(x) at the centre: forward differences take n + 1, and a checker
    // that evaluates f(x) "for the record" 2 n + 1).
    for (const int n : {1, 2, 7, 64}) {
        const std::vector<double> start = awkward_point<double>(n);
        const std::vector<float> start_f = awkward_point<float>(n);
        int calls = 0;
        const FunctionD f = [&](std::span<const double> v) { ++calls; return v[0]; };
        const FunctionF ff = [&](std::span<const float> v) { ++calls; return v[0]; };
        std::vector<double> x = start, analytic(std::size_t(n), 0.0);
        std::vector<float> xf = start_f, analytic_f(std::size_t(n), 0.0f);
        numerical_gradient(f, x, 1e-3);
        EXPECT_EQ(calls, 2 * n) << "numerical_gradient, n = " << n;
        calls = 0;
        check_gradient(f, x, analytic, 1e-3, 1e-7, 0.0);
        EXPECT_EQ(calls, 2 * n) << "check_gradient, n = " << n;
        calls = 0;
        numerical_gradient(ff, xf, 1e-2f);
        EXPECT_EQ(calls, 2 * n) << "numerical_gradient (float), n = " << n;
        calls = 0;
        check_gradient(ff, xf, analytic_f, 1e-2f, 1e-3, 0.0);
        EXPECT_EQ(calls, 2 * n) << "check_gradient (float), n = " << n;
    }
}

// ---- check_gradient ----

// expect_worst: the whole result of a check against what it should be.
void expect_worst(const GradientCheck& got, double error, int index, double analytic, double numeric, bool passed,
                  const char* what) {
    EXPECT_EQ(got.max_relative_error, error) << what << ": max_relative_error";
    EXPECT_EQ(got.worst_index, index) << what << ": worst_index";
    EXPECT_EQ(got.analytic, analytic) << what << ": analytic[worst_index]";
    EXPECT_EQ(got.numeric, numeric) << what << ": the central difference at worst_index";
    EXPECT_EQ(got.passed, passed) << what << ": passed";
}

TEST(CheckGradient, CatchesOneEntryOffASignFlipAndAFactorTwo) {
    // The quadratic above at (1, 2, -1, 4) with h = 0.5: the central differences are exactly the
    // gradient (2, -3, 7, 5), so every relative error below is worked by hand.
    const FunctionD f = quadratic<double>;
    std::vector<double> x = kQuadraticAt;
    std::vector<double> analytic = kQuadraticGradient;
    expect_worst(check_gradient(f, x, analytic, 0.5, 1e-7, 0.0), 0.0, 0, 2.0, 2.0, true,
                 "the right gradient (all errors 0: the first entry is the worst)");

    analytic = kQuadraticGradient;
    analytic[2] = 7.07;  // 1% off
    expect_worst(check_gradient(f, x, analytic, 0.5, 1e-3, 0.0), (7.07 - 7.0) / 7.07, 2, 7.07, 7.0, false,
                 "entry 2 one percent off");

    analytic = kQuadraticGradient;
    analytic[1] = 3.0;  // a sign flip
    expect_worst(check_gradient(f, x, analytic, 0.5, 1e-3, 0.0), 2.0, 1, 3.0, -3.0, false, "entry 1 with its sign flipped");

    analytic = kQuadraticGradient;
    analytic[3] = 10.0;  // a factor 2, on the last entry
    expect_worst(check_gradient(f, x, analytic, 0.5, 1e-3, 0.0), 0.5, 3, 10.0, 5.0, false, "the last entry doubled");

    analytic = {4.0, -6.0, 14.0, 10.0};  // all doubled (a forgotten 1/2): a tie, the first entry reported
    expect_worst(check_gradient(f, x, analytic, 0.5, 1e-3, 0.0), 0.5, 0, 4.0, 2.0, false,
                 "every entry doubled: errors tie at 0.5, the first is reported");

    analytic = {2.0, -3.0, 14.0, 10.0};  // a tie between entries 2 and 3
    expect_worst(check_gradient(f, x, analytic, 0.5, 1e-3, 0.0), 0.5, 2, 14.0, 7.0, false,
                 "entries 2 and 3 doubled: the first of the two is reported");
}

TEST(CheckGradient, ToleranceIsHonouredOnBothSides) {
    // f = x0^2 at 1 with h = 0.5: (2.25 - 0.25) / 1 = 2 exactly. An analytic 2.5 has relative error
    // 0.5 / 2.5, which rounds to the double 0.2: passed at tolerance 0.2, failed just below it.
    const FunctionD f = [](std::span<const double> v) { return v[0] * v[0]; };
    std::vector<double> x = {1.0};
    const std::vector<double> analytic = {2.5};
    const GradientCheck at = check_gradient(f, x, analytic, 0.5, 0.2, 0.0);
    EXPECT_EQ(at.max_relative_error, 0.2);
    EXPECT_TRUE(at.passed) << "error 0.2 <= tolerance 0.2";
    EXPECT_FALSE(check_gradient(f, x, analytic, 0.5, std::nextafter(0.2, 0.0), 0.0).passed)
        << "error 0.2 > tolerance 0.2 - 1 ulp";
    EXPECT_FALSE(check_gradient(f, x, analytic, 0.5, 1e-7, 0.0).passed) << "error 0.2 > tolerance 1e-7";
    const std::vector<double> right = {2.0};
    EXPECT_TRUE(check_gradient(f, x, right, 0.5, 0.0, 0.0).passed) << "error 0 <= tolerance 0";
    const std::vector<double> off_by_an_ulp = {std::nextafter(2.0, 3.0)};
    EXPECT_FALSE(check_gradient(f, x, off_by_an_ulp, 0.5, 0.0, 0.0).passed) << "tolerance 0 takes only an exact match";

    // The same in float: 2.5f against 2, error 0.2 (in double, from the float values).
    const FunctionF ff = [](std::span<const float> v) { return v[0] * v[0]; };
    std::vector<float> xf = {1.0f};
    const std::vector<float> analytic_f = {2.5f};
    EXPECT_TRUE(check_gradient(ff, xf, analytic_f, 0.5f, 0.2, 0.0).passed) << "float: error 0.2 <= tolerance 0.2";
    EXPECT_FALSE(check_gradient(ff, xf, analytic_f, 0.5f, std::nextafter(0.2, 0.0), 0.0).passed)
        << "float: error 0.2 > tolerance 0.2 - 1 ulp";
}

TEST(CheckGradient, SameRelativeErrorsAtEveryScale) {
    // s f has gradient s g: the relative errors do not depend on s, from 1e-150 to 1e150. An
    // absolute difference would pass a 1% error at s = 1e-150 and fail the right gradient at 1e150.
    // Both sides of each relative error are the exact values times s, each rounded once, so the
    // errors agree with the unscaled ones to a few eps (1e-14 relative: 32 eps and then some).
    for (const double s : {1e-150, 1e-15, 1.0, 1e15, 1e150}) {
        const FunctionD f = [s](std::span<const double> v) { return s * quadratic<double>(v); };
        std::vector<double> x = kQuadraticAt;
        std::vector<double> analytic(4);
        for (int i = 0; i < 4; ++i) analytic[i] = s * kQuadraticGradient[i];
        const GradientCheck right = check_gradient(f, x, analytic, 0.5, 1e-7, 1e-3);
        EXPECT_TRUE(right.passed) << "the right gradient at scale " << s << ": max relative error "
                                  << right.max_relative_error;
        EXPECT_LE(right.max_relative_error, 1e-14) << "scale " << s;

        analytic[2] = s * 7.07;  // 1% off
        const GradientCheck wrong = check_gradient(f, x, analytic, 0.5, 1e-3, 1e-3);
        EXPECT_FALSE(wrong.passed) << "entry 2, 1% off, at scale " << s;
        EXPECT_NEAR(wrong.max_relative_error, 0.07 / 7.07, 1e-14) << "scale " << s;
        EXPECT_EQ(wrong.worst_index, 2) << "scale " << s;
    }
}

TEST(CheckGradient, ANaNOrAnInfinityAnywhereFailsTheCheck) {
    // Whatever the tolerance: NaN <= tolerance is false, and so must be `passed`. std::max(worst,
    // NaN) returns worst, so a checker that takes its maximum that way lets a NaN through.
    const FunctionD f = quadratic<double>;
    std::vector<double> x = kQuadraticAt;
    ASSERT_TRUE(check_gradient(f, x, kQuadraticGradient, 0.5, 1e-7, 0.0).passed) << course::testing::kValidCallFirst;
    for (const int at : {0, 2, 3}) {
        std::vector<double> analytic = kQuadraticGradient;
        analytic[std::size_t(at)] = kNaN;
        const GradientCheck got = check_gradient(f, x, analytic, 0.5, 1e300, 0.0);
        EXPECT_FALSE(got.passed) << "a NaN analytic gradient at entry " << at << " passed (tolerance 1e300)";
        EXPECT_TRUE(std::isnan(got.max_relative_error)) << "entry " << at << ": the worst error is NaN";
        EXPECT_EQ(got.worst_index, at) << "the NaN entry is the worst";
        EXPECT_TRUE(std::isnan(got.analytic)) << "entry " << at;
        EXPECT_EQ(got.numeric, kQuadraticGradient[std::size_t(at)]) << "entry " << at;
    }
    {
        std::vector<double> analytic = kQuadraticGradient;
        analytic[0] = 1e9;  // a large finite error first,
        analytic[1] = kNaN;  // then two NaNs: the first NaN is reported
        analytic[3] = kNaN;
        const GradientCheck got = check_gradient(f, x, analytic, 0.5, 1e300, 0.0);
        EXPECT_FALSE(got.passed);
        EXPECT_TRUE(std::isnan(got.max_relative_error));
        EXPECT_EQ(got.worst_index, 1) << "a NaN is worse than any number, and the first NaN is reported";
    }
    {
        // f itself is NaN at x1 + h: the central difference at entry 1 is NaN.
        const FunctionD nan_at = [](std::span<const double> v) { return v[1] > 2.0 ? kNaN : quadratic<double>(v); };
        const GradientCheck got = check_gradient(nan_at, x, kQuadraticGradient, 0.5, 1e300, 0.0);
        EXPECT_FALSE(got.passed) << "a NaN central difference passed";
        EXPECT_EQ(got.worst_index, 1);
        EXPECT_TRUE(std::isnan(got.numeric));
    }
    {
        std::vector<double> analytic = kQuadraticGradient;
        analytic[3] = -kInf;
        const GradientCheck got = check_gradient(f, x, analytic, 0.5, 1e300, 1.0);
        EXPECT_FALSE(got.passed) << "an infinite analytic gradient passed";
        EXPECT_EQ(got.max_relative_error, kInf);
        EXPECT_EQ(got.worst_index, 3);
    }
    {
        std::vector<float> xf = {1.0f, 2.0f, -1.0f, 4.0f};
        std::vector<float> analytic = {2.0f, -3.0f, 7.0f, std::numeric_limits<float>::quiet_NaN()};
        const GradientCheck got = check_gradient(FunctionF(quadratic<float>), xf, analytic, 0.5f, 1e300, 0.0);
        EXPECT_FALSE(got.passed) << "float: a NaN analytic gradient at the last entry passed";
        EXPECT_EQ(got.worst_index, 3);
        EXPECT_TRUE(std::isnan(got.max_relative_error));
    }
}

TEST(CheckGradient, EntriesThatAreZeroAreJudgedAgainstTheFloor) {
    // f = 3 x0 + e^x1 - x1 + 0 x2 at (0.5, 0, 7): the gradient is (3, 0, 0). The central difference
    // at entry 1, (e^h - e^-h - 2 h) / (2 h) = h^2 / 6 + rounding (about eps / h), is 1.7e-9 at
    // h = 1e-4, not 0: relative to 0 an error of 1. Against the floor 1e-3 G = 3e-3 it is 5.6e-7,
    // under a tolerance of 1e-5. Entry 2 is 0 exactly on both sides: error 0 with any floor.
    const FunctionD f = [](std::span<const double> v) { return 3 * v[0] + std::exp(v[1]) - v[1] + 0 * v[2]; };
    std::vector<double> x = {0.5, 0.0, 7.0};
    const std::vector<double> numeric = numerical_gradient(f, x, 1e-4);
    ASSERT_NE(numeric.at(1), 0.0) << "the test needs rounding noise at entry 1";
    ASSERT_EQ(numeric.at(2), 0.0);
    std::vector<double> analytic = {3.0, 0.0, 0.0};

    const GradientCheck no_floor = check_gradient(f, x, analytic, 1e-4, 1e-5, 0.0);
    expect_worst(no_floor, 1.0, 1, 0.0, numeric[1], false, "floor 0: 0 against rounding noise");

    const GradientCheck floored = check_gradient(f, x, analytic, 1e-4, 1e-5, 1e-3);
    EXPECT_TRUE(floored.passed) << "floor 1e-3: an error of " << floored.max_relative_error << " at entry "
                                << floored.worst_index;
    // G is the central difference at entry 0, 3 up to a rounding error of about eps / h = 2e-12
    // relative: the errors divided by G agree with those divided by 3 to 1e-11 relative.
    EXPECT_NEAR(floored.max_relative_error, std::abs(numeric[1]) / 3e-3, 1e-11 * 6e-7) << "|0 - noise| / (1e-3 * G), G = 3";

    analytic[1] = 0.01;  // wrong, and small: 1/300 of G
    const GradientCheck small_wrong = check_gradient(f, x, analytic, 1e-4, 1e-5, 1e-3);
    expect_worst(small_wrong, std::abs(0.01 - numeric[1]) / 0.01, 1, 0.01, numeric[1], false,
                 "floor 1e-3: a wrong entry of 0.01 = G / 300 still fails");
    const GradientCheck normwise = check_gradient(f, x, analytic, 1e-4, 1e-2, 1.0);
    EXPECT_TRUE(normwise.passed) << "floor 1 is the error relative to G: 0.01 / 3 < 1e-2";
    EXPECT_NEAR(normwise.max_relative_error, std::abs(0.01 - numeric[1]) / 3.0, 1e-11 * 3.4e-3);

    analytic = {0.0, 0.0, 0.0};  // everything forgotten: G = 3 comes from the numeric side
    expect_worst(check_gradient(f, x, analytic, 1e-4, 1e-5, 1e-3), 1.0, 0, 0.0, numeric[0], false,
                 "an analytic gradient of zeros");
}

// neuron_sum: f = sum_i tanh(x_i) x_{i+1 mod n}, in T, left to right; its gradient in double.
template <typename T>
T neuron_sum(std::span<const T> x) {
    T sum = 0;
    for (std::size_t i = 0; i < x.size(); ++i) sum += std::tanh(x[i]) * x[(i + 1) % x.size()];
    return sum;
}
std::vector<double> neuron_sum_gradient(const std::vector<double>& x) {
    const std::size_t n = x.size();
    std::vector<double> g(n, 0.0);
    for (std::size_t i = 0; i < n; ++i) {
        const double t = std::tanh(x[i]);
        g[i] += (1 - t * t) * x[(i + 1) % n];
        g[(i + 1) % n] += t;
    }
    return g;
}

TEST(CheckGradient, FloatNeedsACubeRootStepAndALooserTolerance) {
    // f = sum tanh(x_i) x_{i+1}, n = 16, x in [-1, 1). In float the rounding error of a central
    // difference is about eps_f |f| / h (eps_f = 1.2e-7, |f| of order one) and its truncation error
    // h^2 |f'''| / 6. At h = 5e-3 ~ cbrt(eps_f) both are near 1e-5 .. 1e-4 (the reference's worst
    // relative error is 1.3e-4) and CS231n's float threshold 1e-3 passes; at h = 1e-6 rounding alone
    // is about 0.1 (the reference's worst: 0.27) and even 1e-2 fails. In double the same function
    // passes 1e-7 at h = 1e-5 (eps / h = 2e-11; the reference's worst is 5e-11).
    constexpr int n = 16;
    const std::vector<double> x_double = random_doubles(n, 1616);
    const std::vector<double> g = neuron_sum_gradient(x_double);
    std::vector<float> x(n), analytic(n);
    for (int i = 0; i < n; ++i) x[i] = float(x_double[i]);
    const std::vector<double> g_at_float_x = [&] {
        std::vector<double> xd(x.begin(), x.end());
        return neuron_sum_gradient(xd);
    }();
    for (int i = 0; i < n; ++i) analytic[i] = float(g_at_float_x[i]);

    const GradientCheck good_step = check_gradient(FunctionF(neuron_sum<float>), x, analytic, 5e-3f, 1e-3, 1e-3);
    EXPECT_TRUE(good_step.passed) << "float, h = 5e-3: max relative error " << good_step.max_relative_error;
    const GradientCheck tiny_step = check_gradient(FunctionF(neuron_sum<float>), x, analytic, 1e-6f, 1e-2, 1e-3);
    EXPECT_FALSE(tiny_step.passed) << "float, h = 1e-6: max relative error " << tiny_step.max_relative_error
                                   << ", rounding should dominate";
    EXPECT_GT(tiny_step.max_relative_error, 10 * good_step.max_relative_error);

    std::vector<double> xd = x_double;
    const GradientCheck in_double = check_gradient(FunctionD(neuron_sum<double>), xd, g, 1e-5, 1e-7, 1e-3);
    EXPECT_TRUE(in_double.passed) << "double, h = 1e-5: max relative error " << in_double.max_relative_error;
}

TEST(CheckGradient, FloatOverloadFindsTheWorstEntryLikeTheDoubleOne) {
    // The quadratic in float at h = 0.5: all values exact in float, so the same hand-worked errors.
    const FunctionF f = quadratic<float>;
    std::vector<float> x = {1.0f, 2.0f, -1.0f, 4.0f};
    std::vector<float> analytic = {2.0f, -3.0f, 7.0f, 5.0f};
    expect_worst(check_gradient(f, x, analytic, 0.5f, 0.0, 0.0), 0.0, 0, 2.0, 2.0, true, "float, the right gradient");
    analytic[1] = 3.0f;
    expect_worst(check_gradient(f, x, analytic, 0.5f, 1e-2, 0.0), 2.0, 1, 3.0, -3.0, false, "float, entry 1 sign-flipped");
    analytic = {2.0f, -3.0f, 7.0f, 10.0f};
    expect_worst(check_gradient(f, x, analytic, 0.5f, 1e-2, 0.0), 0.5, 3, 10.0, 5.0, false, "float, the last entry doubled");
    analytic = {4.0f, -6.0f, 14.0f, 10.0f};
    expect_worst(check_gradient(f, x, analytic, 0.5f, 1e-2, 0.0), 0.5, 0, 4.0, 2.0, false, "float, a tie: the first");
    // The floor in float: entry 1 at 0 against a tiny analytic 1e-3 (G = 10 with the doubled entry 3).
    analytic = {2.0f, -3.0f, 7.0f, 5.0f};
    std::vector<float> x0 = {1.0f, 0.0f, 0.0f, 4.0f};  // gradient (2, 0, 3 * 0 - 0 = 0, 5)
    analytic = {2.0f, 0.0f, 1e-3f, 5.0f};
    EXPECT_FALSE(check_gradient(f, x0, analytic, 0.5f, 1e-2, 0.0).passed) << "float, floor 0: 1e-3 against 0";
    EXPECT_TRUE(check_gradient(f, x0, analytic, 0.5f, 1e-2, 0.1).passed) << "float, floor 0.1 G = 0.5: 1e-3 / 0.5 < 1e-2";
}

// ---- Bad input ----

TEST(BadInput, RelativeErrorRefusesABadFloor) {
    EXPECT_EQ(relative_error(1.0, 1.0, 0.0), 0.0) << course::testing::kValidCallFirst;
    EXPECT_TRUE(ThrowsInvalidArgument([] { relative_error(1.0, 2.0, -1.0); }, {"relative_error", "floor = -1"}));
    EXPECT_TRUE(ThrowsInvalidArgument([] { relative_error(1.0, 2.0, kNaN); }, {"relative_error", "floor = nan"}));
    EXPECT_TRUE(ThrowsInvalidArgument([] { relative_error(1.0, 2.0, kInf); }, {"relative_error", "floor = inf"}));
    EXPECT_TRUE(ThrowsInvalidArgument([] { relative_error(1.0, 2.0, -kInf); }, {"relative_error", "floor = -inf"}));
}

TEST(BadInput, NumericalGradientRefusesBadStepsAndPoints) {
    const FunctionD f = [](std::span<const double> v) { return v[0]; };
    std::vector<double> x = {1.0, 2.0};
    EXPECT_EQ(numerical_gradient(f, x, 0.5).at(0), 1.0) << course::testing::kValidCallFirst;
    for (const double h : {0.0, -1.0, kNaN, kInf, -kInf}) {
        EXPECT_TRUE(ThrowsInvalidArgument([&] { numerical_gradient(f, x, h); }, {"numerical_gradient", "h = "}))
            << "h = " << h;
    }
    std::vector<double> big = {1.0, 1e20};
    EXPECT_TRUE(ThrowsInvalidArgument([&] { numerical_gradient(f, big, 1.0); }, {"numerical_gradient", "x[1]", "rounds to x"}))
        << "1e20 + 1 == 1e20: the step vanishes";
    std::vector<double> huge = {1.0, 1.79e308};
    EXPECT_TRUE(ThrowsInvalidArgument([&] { numerical_gradient(f, huge, 1e306); }, {"numerical_gradient", "overflows"}));
    for (const double bad : {kNaN, kInf, -kInf}) {
        std::vector<double> nonfinite = {1.0, bad};
        EXPECT_TRUE(ThrowsInvalidArgument([&] { numerical_gradient(f, nonfinite, 0.5); }, {"numerical_gradient", "x[1]"}))
            << "x[1] = " << bad;
    }
    std::vector<double> empty;
    EXPECT_TRUE(ThrowsInvalidArgument([&] { numerical_gradient(f, empty, 0.5); }, {"numerical_gradient", "x is empty"}));
    EXPECT_TRUE(ThrowsInvalidArgument([&] { numerical_gradient(FunctionD(), x, 0.5); }, {"numerical_gradient", "f is empty"}));

    const FunctionF ff = [](std::span<const float> v) { return v[0]; };
    std::vector<float> xf = {1.0f, 2.0f};
    for (const float h : {0.0f, -1.0f, std::numeric_limits<float>::quiet_NaN(), std::numeric_limits<float>::infinity()}) {
        EXPECT_TRUE(ThrowsInvalidArgument([&] { numerical_gradient(ff, xf, h); }, {"numerical_gradient", "h = "}))
            << "float, h = " << h;
    }
    std::vector<float> bigf = {1.0f, 1e8f};
    EXPECT_TRUE(ThrowsInvalidArgument([&] { numerical_gradient(ff, bigf, 1e-6f); }, {"numerical_gradient", "x[1]", "rounds to x"}))
        << "float: 1e8 + 1e-6 == 1e8";
}

TEST(BadInput, CheckGradientRefusesBadSizesTolerancesAndFloors) {
    const FunctionD f = quadratic<double>;
    std::vector<double> x = kQuadraticAt;
    EXPECT_TRUE(check_gradient(f, x, kQuadraticGradient, 0.5, 1e-7, 0.0).passed) << course::testing::kValidCallFirst;
    const std::vector<double> short_gradient = {2.0, -3.0, 7.0};
    EXPECT_TRUE(ThrowsInvalidArgument([&] { check_gradient(f, x, short_gradient, 0.5, 1e-7, 0.0); },
                                      {"check_gradient", "analytic has 3", "x has 4"}));
    for (const double tolerance : {-1e-7, kNaN, kInf, -kInf}) {
        EXPECT_TRUE(ThrowsInvalidArgument([&] { check_gradient(f, x, kQuadraticGradient, 0.5, tolerance, 0.0); },
                                          {"check_gradient", "tolerance = "}))
            << "tolerance = " << tolerance;
    }
    for (const double floor : {-0.5, 1.5, kNaN, kInf, -kInf}) {
        EXPECT_TRUE(ThrowsInvalidArgument([&] { check_gradient(f, x, kQuadraticGradient, 0.5, 1e-7, floor); },
                                          {"check_gradient", "floor = "}))
            << "floor = " << floor;
    }
    for (const double h : {0.0, -0.5, kNaN, kInf}) {
        EXPECT_TRUE(ThrowsInvalidArgument([&] { check_gradient(f, x, kQuadraticGradient, h, 1e-7, 0.0); },
                                          {"check_gradient", "h = "}))
            << "h = " << h;
    }
    std::vector<double> empty;
    EXPECT_TRUE(ThrowsInvalidArgument([&] { check_gradient(f, empty, std::vector<double>(), 0.5, 1e-7, 0.0); },
                                      {"check_gradient", "x is empty"}));

    const FunctionF ff = quadratic<float>;
    std::vector<float> xf = {1.0f, 2.0f, -1.0f, 4.0f};
    const std::vector<float> long_gradient = {2.0f, -3.0f, 7.0f, 5.0f, 0.0f};
    EXPECT_TRUE(ThrowsInvalidArgument([&] { check_gradient(ff, xf, long_gradient, 0.5f, 1e-3, 0.0); },
                                      {"check_gradient", "analytic has 5", "x has 4"}));
    const std::vector<float> gradient_f = {2.0f, -3.0f, 7.0f, 5.0f};
    EXPECT_TRUE(ThrowsInvalidArgument([&] { check_gradient(ff, xf, gradient_f, -0.5f, 1e-3, 0.0); }, {"check_gradient", "h = -0.5"}));
    EXPECT_TRUE(ThrowsInvalidArgument([&] { check_gradient(ff, xf, gradient_f, 0.5f, kNaN, 0.0); }, {"check_gradient", "tolerance = nan"}));
    EXPECT_TRUE(ThrowsInvalidArgument([&] { check_gradient(ff, xf, gradient_f, 0.5f, 1e-3, 2.0); }, {"check_gradient", "floor = 2"}));
    std::vector<float> xf_nan = {1.0f, std::numeric_limits<float>::quiet_NaN(), -1.0f, 4.0f};
    EXPECT_TRUE(ThrowsInvalidArgument([&] { check_gradient(ff, xf_nan, gradient_f, 0.5f, 1e-3, 0.0); }, {"check_gradient", "x[1] = nan"}));
}

TEST(NumericalGradient, MatchesPyTorchOnASmoothFunction) {
    // f(x) = sum_i tanh(x_i) x_{i-1} + x_i^2 e^{-x_i} / 2 + log(1 + x_i^2) at six multiples of 1/16,
    // h = 2^-12 (so x +- h is exact): PyTorch's central differences are the same formula, so the two
    // differ only by the rounding of f, whose terms sum to |S| < 20 in magnitude: a few eps * S per
    // value, over 2 h = 4.9e-4, is under 1e-11; 1e-10 leaves room. Against PyTorch's autograd
    // gradient the truncation error h^2 |f'''| / 6 (about 1e-8 here) remains: relative errors of
    // 3e-8 .. 5e-8, under CS231n's 1e-7, and check_gradient must report the same worst entry.
    using namespace course::backprop::golden;
    constexpr int n = 6;
    const FunctionD f = [](std::span<const double> v) {
        double sum = 0.0;
        for (int i = 0; i < n; ++i) {
            const double xi = v[std::size_t(i)], previous = v[std::size_t((i + n - 1) % n)];
            sum += std::tanh(xi) * previous + 0.5 * xi * xi * std::exp(-xi) + std::log1p(xi * xi);
        }
        return sum;
    };
    std::vector<double> x(std::begin(kGradientCheckX), std::end(kGradientCheckX));
    const std::vector<double> torch_numeric(std::begin(kGradientCheckNumeric), std::end(kGradientCheckNumeric));
    const std::vector<double> torch_analytic(std::begin(kGradientCheckAnalytic), std::end(kGradientCheckAnalytic));
    EXPECT_TRUE(course::testing::AllClose(numerical_gradient(f, x, kGradientCheckEps), torch_numeric, {1e-10, 0.0}))
        << "central differences at h = 2^-12 against torch.autograd.gradcheck's";

    double want_error = 0.0;  // the worst relative error of PyTorch's two gradients, in a plain loop
    int want_index = 0;
    for (int i = 0; i < n; ++i) {
        const double a = torch_analytic[std::size_t(i)], g = torch_numeric[std::size_t(i)];
        const double error = std::abs(a - g) / std::max(std::abs(a), std::abs(g));
        if (error > want_error) want_error = error, want_index = i;
    }
    const GradientCheck got = check_gradient(f, x, torch_analytic, kGradientCheckEps, 1e-7, 0.0);
    EXPECT_TRUE(got.passed) << "PyTorch's autograd gradient against our central differences: "
                            << got.max_relative_error << " at entry " << got.worst_index;
    EXPECT_EQ(got.worst_index, want_index);
    EXPECT_NEAR(got.max_relative_error, want_error, 1e-10 / 1.3) << "rounding of f (1e-10) over |g| >= 1.3 at most";
}

TEST(RelativeError, NaNWinsOverInfinityAndTheLargerMagnitudeIsTheScale) {
    // NaN and an infinity: NaN, as the contract says (a check fails either way, but the report names
    // the NaN). And the scale is the larger magnitude, whatever the signs: |-4 - 3| / 4.
    EXPECT_TRUE(std::isnan(relative_error(kNaN, kInf))) << "NaN against +inf";
    EXPECT_TRUE(std::isnan(relative_error(-kInf, kNaN))) << "-inf against NaN";
    EXPECT_EQ(relative_error(-4.0, 3.0), 1.75) << "|-4 - 3| / max(|-4|, |3|)";
    EXPECT_EQ(relative_error(3.0, -4.0), 1.75) << "|3 - (-4)| / max(|3|, |-4|)";
    EXPECT_EQ(relative_error(-4.0, -3.0, 2.0), 0.25) << "|-4 + 3| / max(4, 3, floor = 2)";
}

}  // namespace
}  // namespace course::backprop
