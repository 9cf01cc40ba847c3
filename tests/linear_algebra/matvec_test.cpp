// Tests for exercise 2, matvec (modules/linear_algebra/learner/matvec.cpp).
//
// Oracle: Eigen in double on the same float inputs, plus a hand-worked 2 x 3 case. y is
// pre-filled with NaN, so an element that is never written, or read before it is set, shows up; it
// sits between sentinel margins, so a write out of bounds shows up too.
// Bad-input tests first call the function on valid input, so that a stub shows "not started".
#include "linear_algebra/matvec.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <bit>
#include <cmath>
#include <cstdint>
#include <limits>
#include <span>
#include <string>
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
    EXPECT_EQ(y[0], 5.0f) << "A and x all ones with N = 5: every y[i] is 5. " << course::testing::kValidCallFirst;
    EXPECT_TRUE(
        ThrowsInvalidArgument([&] { matvec(y, A_short, x, 3, 5); }, {"matvec", "A", "12", "M * N = 3 * 5 = 15"}));
    EXPECT_TRUE(ThrowsInvalidArgument([&] { matvec(y, A, x_short, 3, 5); }, {"matvec", "x", "4", "N = 5"}));
    EXPECT_TRUE(ThrowsInvalidArgument([&] { matvec(y_long, A, x, 3, 5); }, {"matvec", "y", "4", "M = 3"}));
    EXPECT_TRUE(ThrowsInvalidArgument([&] { matvec(y, A, x, -3, -5); }, {"matvec", "-3"}))
        << "a negative size must be refused before it is multiplied into a buffer size";
}

// MatchesEigenOn: MatchesEigen's comparison on given inputs (A (M, N) and x (N) already scaled).
::testing::AssertionResult MatchesEigenOn(const std::vector<float>& A, const std::vector<float>& x, int M, int N) {
    std::vector<float> y(size_t(M), kNaN);
    matvec(y, A, x, M, N);
    const Eigen::Map<const VectorF> x_map(x.data(), N);
    const Vector want = as_matrix(A, M, N).cast<double>() * x_map.cast<double>();
    const Vector bound = as_matrix(A, M, N).cast<double>().cwiseAbs() * x_map.cast<double>().cwiseAbs();
    // The rounding bound of MatchesEigen, gamma_N sum_j |A[i, j]| |x[j]|: relative to the inputs'
    // scale, so it scales with them.
    const Tolerance tol = {sum_tolerance<float>(N, bound.maxCoeff()).atol, unit_roundoff<float>()};
    return AllClose(std::vector<double>(y.begin(), y.end()), std::vector<double>(want.data(), want.data() + M), tol);
}

// scaled: every entry times s, rounded to float.
std::vector<float> scaled(std::vector<float> v, double s) {
    for (float& e : v) e = float(double(e) * s);
    return v;
}

TEST(Matvec, MatchesEigenAtExtremeScales) {
    // y = A x is homogeneous: (a A)(b x) = ab A x, so the kernel must be right at every scale where
    // the result is a float (up to 3.4e38): A at 1e-30 and at 1e30, A and x at 1e15 each (products
    // near 1e30). The tolerance is relative to sum_j |A[i, j]| |x[j]|, so it scales with the
    // inputs. Wrong at some scale: a threshold that skips "negligible" entries (|a| < 1e-12).
    const int M = 9, N = 37;  // N = 4 * 8 + 5: SIMD lanes and a tail
    const std::vector<float> A = random_floats(size_t(M) * N, 530), x = random_floats(size_t(N), 531);
    const double scales[][2] = {{1e-30, 1.0}, {1e30, 1.0}, {1e15, 1e15}};
    for (const auto& [a, b] : scales)
        EXPECT_TRUE(MatchesEigenOn(scaled(A, a), scaled(x, b), M, N))
            << "A at scale " << a << ", x at scale " << b << ", M x N = 9 x 37, seeds 530, 531";
    // Subnormal inputs (below 1.2e-38, the smallest normal float), made from their bits:
    // A[i, j] = (j + 1) * 2^-149 against x[j] = 2^100. Every product (j + 1) 2^-49 and every partial
    // sum is a normal float, exact: y[i] = N (N + 1) / 2 * 2^-49 in any order. A kernel that treats
    // subnormal inputs as 0 (a threshold, or the FTZ/DAZ bits of the floating-point control
    // register, which some speed guides advise) returns 0.
    std::vector<float> tiny(size_t(M) * N), big(size_t(N), std::ldexp(1.0f, 100));
    for (int i = 0; i < M; ++i)
        for (int j = 0; j < N; ++j) tiny[size_t(i) * N + j] = std::bit_cast<float>(std::uint32_t(j + 1));
    std::vector<float> y(size_t(M), kNaN);
    matvec(y, tiny, big, M, N);
    EXPECT_TRUE(AllClose(y, std::vector<float>(size_t(M), std::ldexp(float(N * (N + 1) / 2), -49)), {0.0, 0.0}))
        << "A[i, j] = (j + 1) * 2^-149 (subnormal floats), x[j] = 2^100, N = 37: y[i] = 703 * 2^-49 exactly. "
           "0 means subnormal inputs were treated as 0";
}

TEST(Matvec, MatchesEigenForEveryRowLength) {
    // N = 0 .. 40: every remainder of N modulo the 4, 8 and 16 lanes of a SIMD register or of a
    // set of partial sums, so that a main loop or a tail loop that drops or repeats an element
    // shows at some N.
    for (int N = 0; N <= 40; ++N)
        EXPECT_TRUE(MatchesEigen(3, N, 560 + std::uint64_t(N))) << "M x N = 3 x " << N << ", seed " << 560 + N;
}

TEST(Matvec, RefusesEachNegativeSize) {
    const std::vector<float> A(6, 1.0f), x(3, 1.0f);
    std::vector<float> y(2, kNaN);
    matvec(y, A, x, 2, 3);
    EXPECT_TRUE(AllClose(y, std::vector<float>{3, 3}, {0.0, 0.0})) << course::testing::kValidCallFirst;
    // One size negative at a time (the other valid), and the most negative int: each is refused
    // by name before it is turned into a buffer size (size_t(-1) is 2^64 - 1).
    EXPECT_TRUE(ThrowsInvalidArgument([&] { matvec(y, A, x, -1, 3); }, {"matvec", "M = -1"}));
    EXPECT_TRUE(ThrowsInvalidArgument([&] { matvec(y, A, x, 2, -1); }, {"matvec", "N = -1"}));
    EXPECT_TRUE(ThrowsInvalidArgument([&] { matvec(y, A, x, std::numeric_limits<int>::min(), 3); },
                                      {"matvec", std::to_string(std::numeric_limits<int>::min())}));
}

TEST(Matvec, ReadsNothingPastTheEndOfItsInputs) {
    // A and x each end at an inaccessible page (course::testing::PageGuardedArray, course/testing.hpp): one float read past the end
    // of either crashes the test. N = 8, 16, 24 and 64 end exactly on a lane boundary of 8 partial sums, N = 7 and 33
    // inside one; M = 3, so the last row of A ends where A does.
    std::uint64_t seed = 600;
    for (int N : {1, 7, 8, 16, 24, 33, 64}) {
        const int M = 3;
        const std::vector<float> A_values = random_floats(size_t(M) * N, seed), x_values = random_floats(size_t(N), seed + 1);
        const course::testing::PageGuardedArray<float> A(A_values), x(x_values);
        std::vector<float> y(size_t(M), kNaN);
        matvec(y, A.span(), x.span(), M, N);
        const Eigen::Map<const VectorF> x_map(x_values.data(), N);
        const Vector want = as_matrix(A_values, M, N).cast<double>() * x_map.cast<double>();
        const Vector bound = as_matrix(A_values, M, N).cast<double>().cwiseAbs() * x_map.cast<double>().cwiseAbs();
        EXPECT_TRUE(AllClose(std::vector<double>(y.begin(), y.end()), std::vector<double>(want.data(), want.data() + M),
                             {sum_tolerance<float>(N, bound.maxCoeff()).atol, unit_roundoff<float>()}))
            << "M x N = 3 x " << N << ", seed " << seed;
        seed += 2;
    }
}

}  // namespace
}  // namespace course::linear_algebra
