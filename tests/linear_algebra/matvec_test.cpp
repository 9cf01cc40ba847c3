// Tests for exercise 2, matvec (modules/linear_algebra/learner/matvec.cpp).
//
// Oracle: Eigen in double on the same float inputs, plus a hand-worked 2 x 3 case. y is
// pre-filled with NaN, so an element that is never written, or read before it is set, shows up; it
// sits between sentinel margins, so a write out of bounds shows up too.
// Bad-input tests first call the function on valid input, so that a stub shows "not started".
#include "linear_algebra/matvec.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <span>
#include <vector>

#include "course/eigen.hpp"
#include "course/random.hpp"
#include "course/testing.hpp"

namespace course::linear_algebra {
namespace {

using course::testing::AllClose;
using course::testing::GuardedBuffer;
using course::testing::kSentinel;
using course::testing::sum_tolerance;
using course::testing::ThrowsInvalidArgument;
using course::testing::Tolerance;
using course::testing::unit_roundoff;

constexpr float kNaN = std::numeric_limits<float>::quiet_NaN();

// MatchesEigen: y = A x on seeded inputs, y pre-filled with NaN, against Eigen in double (the
// products of two floats are exact in double, and the double sum is far more accurate than the
// float one tested). y sits between sentinel margins and A, x between NaN margins (GuardedBuffer),
// so a write or a read out of bounds shows up; max(M, N)^2 + 64 covers any mixed-up stride.
::testing::AssertionResult MatchesEigen(int M, int N, std::uint64_t seed) {
    const std::vector<float> A = random_floats(size_t(M) * N, seed), x = random_floats(size_t(N), seed + 1);
    const size_t d = size_t(std::max({M, N, 1})), margin = d * d + 64;
    const GuardedBuffer A_guarded(A, margin, kNaN), x_guarded(x, margin, kNaN);
    GuardedBuffer y_guarded(std::vector<float>(size_t(M), kNaN), margin, kSentinel);
    matvec(y_guarded.span(), A_guarded.cspan(), x_guarded.cspan(), M, N);
    if (!y_guarded.margins_hold(kSentinel))
        return ::testing::AssertionFailure() << "matvec wrote outside y (before y[0] or after y[M - 1]): y has M "
                                                "elements, one per row of A";
    const std::span<const float> y = y_guarded.cspan();
    const Eigen::Map<const VectorF> x_map(x.data(), N);
    const Vector want = as_matrix(A, M, N).cast<double>() * x_map.cast<double>();
    const Vector bound = as_matrix(A, M, N).cast<double>().cwiseAbs() * x_map.cast<double>().cwiseAbs();
    // Each y[i] is a sum of N float products: every product and partial sum rounds with relative
    // error at most u = 2^-24, so |y - y_exact| <= gamma_N sum_j |A[i, j]| |x[j]| in any summation
    // order (Higham, Accuracy and Stability, 3.1); the largest such sum sets atol. rtol u covers the
    // final rounding of the stored float.
    const Tolerance tol = {M > 0 && N > 0 ? sum_tolerance<float>(N, bound.maxCoeff()).atol : 0.0,
                           unit_roundoff<float>()};
    const std::vector<double> got(y.begin(), y.end());
    auto result = AllClose(got, std::vector<double>(want.data(), want.data() + M), tol, {});
    if (!result && std::any_of(y.begin(), y.end(), [](float v) { return std::isnan(v); }))
        result << "\n    hint: y was filled with NaN before the call and NaN is left in it: some y[i] was never "
                  "written, or was read before it was set (start each sum from 0 in a local variable), or A "
                  "or x was read past its end (their margins hold NaN: A[i, j] is A[i * N + j])";
    return result;
}

TEST(Matvec, MatchesHandWorkedCase) {
    // A (2, 3) times x (3), worked by hand; small integers are exact in float.
    //   y[0] = 1*2 + 2*(-1) + 3*1 = 3,   y[1] = 4*2 + 5*(-1) + 6*1 = 9
    const std::vector<float> A = {1, 2, 3,
                                  4, 5, 6};
    const std::vector<float> x = {2, -1, 1};
    std::vector<float> y(2, kNaN);
    matvec(y, A, x, 2, 3);
    EXPECT_TRUE(AllClose(y, std::vector<float>{3, 9}, {0.0, 0.0}))
        << "M x N = 2 x 3: y[i] = sum_j A[i * N + j] * x[j]. (4, 6) would be A read column by column, A^T x";
}

TEST(Matvec, MatchesEigenOnOddShapes) {
    // 1 x 1; primes, tall and wide; a long row (N = 1000); sizes around the SIMD width 8 and 64.
    const int shapes[][2] = {{1, 1}, {7, 13}, {13, 7}, {31, 17}, {1, 1000}, {1000, 1}, {200, 3},
                             {3, 200}, {63, 65}, {64, 64}, {65, 63}, {9, 7}};
    std::uint64_t seed = 500;
    for (const auto& [M, N] : shapes) {
        EXPECT_TRUE(MatchesEigen(M, N, seed)) << "M x N = " << M << " x " << N << ", seed " << seed;
        seed += 2;
    }
}

TEST(Matvec, HandlesEmptyShapes) {
    // N = 0: every y[i] is an empty sum, 0. y arrives full of NaN and must come out all zeros.
    std::vector<float> y(3, kNaN);
    matvec(y, std::span<const float>{}, std::span<const float>{}, 3, 0);
    EXPECT_TRUE(AllClose(y, std::vector<float>(3, 0.0f), {0.0, 0.0})) << "M x N = 3 x 0: an empty sum is 0";
    // M = 0: y is empty, nothing to do.
    const std::vector<float> x = random_floats(4, 510);
    matvec(std::span<float>{}, std::span<const float>{}, x, 0, 4);
}

TEST(Matvec, RefusesBuffersOfTheWrongSize) {
    const std::vector<float> A(15, 1.0f), x(5, 1.0f), A_short(12, 1.0f), x_short(4, 1.0f);
    std::vector<float> y(3, 0.0f), y_long(4, 0.0f);
    matvec(y, A, x, 3, 5);  // valid: A (3, 5), x (5), y (3)
    EXPECT_EQ(y[0], 5.0f) << "A and x all ones with N = 5: every y[i] is 5";
    EXPECT_TRUE(
        ThrowsInvalidArgument([&] { matvec(y, A_short, x, 3, 5); }, {"matvec", "A", "12", "M * N = 3 * 5 = 15"}));
    EXPECT_TRUE(ThrowsInvalidArgument([&] { matvec(y, A, x_short, 3, 5); }, {"matvec", "x", "4", "N = 5"}));
    EXPECT_TRUE(ThrowsInvalidArgument([&] { matvec(y_long, A, x, 3, 5); }, {"matvec", "y", "4", "M = 3"}));
    EXPECT_TRUE(ThrowsInvalidArgument([&] { matvec(y, A, x, -3, -5); }, {"matvec", "-3"}))
        << "a negative size must be refused before it is multiplied into a buffer size";
}

}  // namespace
}  // namespace course::linear_algebra
