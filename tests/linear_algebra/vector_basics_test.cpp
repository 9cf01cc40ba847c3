// Tests for exercise 1, vector basics (modules/linear_algebra/learner/vector_basics.cpp).
//
// Oracles: hand-worked cases; Eigen's dot, norm and stableNorm on seeded random vectors.
// Bad-input tests first call the function on valid input, so that a stub shows "not started".
#include "linear_algebra/vector_basics.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <span>
#include <vector>

#include "course/random.hpp"
#include "course/testing.hpp"

namespace course::linear_algebra {
namespace {

using course::testing::AllClose;
using course::testing::sum_tolerance;
using course::testing::ThrowsInvalidArgument;
using course::testing::unit_roundoff;

constexpr double u = unit_roundoff<double>();

TEST(Dot, MatchesHandWorkedCase) {
    const std::vector<double> x = {1, 2, 3}, y = {4, -5, 6};
    EXPECT_EQ(dot(x, y), 12.0) << "1*4 + 2*(-5) + 3*6 = 12; small integers are exact in double";
}

TEST(Dot, MatchesEigenOnRandomVectors) {
    for (int n : {1, 2, 7, 64, 1001}) {
        const Vector x = random_vector(n, 10 + n), y = random_vector(n, 20 + n);
        const double want = x.dot(y);
        // Each of the n products and sums rounds once: |error| <= gamma_n * sum |x_i y_i|.
        const double tol = sum_tolerance<double>(n, x.cwiseAbs().dot(y.cwiseAbs())).atol;
        EXPECT_NEAR(dot(as_span(x), as_span(y)), want, tol) << "n = " << n << ", seeds " << 10 + n << ", " << 20 + n;
    }
}

TEST(Dot, RefusesVectorsOfDifferentLengths) {
    const std::vector<double> x = {1, 2, 3}, y = {1, 2, 3, 4};
    EXPECT_EQ(dot(x, x), 14.0) << course::testing::kValidCallFirst;  // valid input first
    EXPECT_TRUE(ThrowsInvalidArgument([&] { dot(x, y); }, {"3", "4"}));
}

TEST(Axpy, MatchesHandWorkedCase) {
    std::vector<double> y = {1, 1, 1};
    const std::vector<double> x = {1, 2, 3};
    axpy(y, 2.0, x);
    EXPECT_EQ(y, (std::vector<double>{3, 5, 7})) << "y = 2 * (1, 2, 3) + (1, 1, 1)";
}

TEST(Axpy, MatchesEigenOnRandomVectors) {
    for (int n : {1, 5, 100, 1003}) {
        const Vector x = random_vector(n, 30 + n), y0 = random_vector(n, 40 + n);
        const double a = -1.75;
        Vector y = y0;
        axpy(as_span(y), a, as_span(x));
        const Vector want = a * x + y0;
        // One multiply and one add per element (or one fused multiply-add): two roundings at most,
        // each relative to the larger term, which is at most |a| * 1 + 1 here.
        EXPECT_TRUE(AllClose(y, want, {2.0 * u * (std::abs(a) + 1.0), 0.0})) << "n = " << n;
    }
}

TEST(Axpy, RefusesVectorsOfDifferentLengths) {
    std::vector<double> y = {0, 0};
    const std::vector<double> x = {1, 2}, x3 = {1, 2, 3};
    axpy(y, 1.0, x);
    EXPECT_EQ(y, x) << course::testing::kValidCallFirst;  // valid input first
    EXPECT_TRUE(ThrowsInvalidArgument([&] { axpy(y, 1.0, x3); }, {"2", "3"}));
}

TEST(Norm2, MatchesHandWorkedCases) {
    EXPECT_DOUBLE_EQ(norm2(std::vector<double>{3, 4}), 5.0) << "the 3-4-5 triangle";
    EXPECT_DOUBLE_EQ(norm2(std::vector<double>{-2}), 2.0) << "the norm of a single entry is its absolute value";
    EXPECT_EQ(norm2(std::vector<double>{0, 0, 0}), 0.0) << "the zero vector";
    EXPECT_EQ(norm2(std::vector<double>{}), 0.0) << "the empty vector";
}

TEST(Norm2, DoesNotOverflowForHugeEntries) {
    // (3e200)^2 = 9e400 is beyond the largest double (1.8e308), yet the norm 5e200 is not.
    const double got = norm2(std::vector<double>{3e200, 4e200});
    ASSERT_TRUE(std::isfinite(got)) << "norm2({3e200, 4e200}) returned " << got
                                    << ": squaring 3e200 overflows; scale by max |x_i| first";
    // Scaled two-pass sum: a handful of roundings, each of relative size u.
    EXPECT_NEAR(got, 5e200, 8 * u * 5e200);
}

TEST(Norm2, DoesNotUnderflowForTinyEntries) {
    // (3e-200)^2 = 9e-400 is below the smallest double (4.9e-324) and rounds to 0.
    const double got = norm2(std::vector<double>{3e-200, 4e-200});
    ASSERT_GT(got, 0.0) << "norm2({3e-200, 4e-200}) returned 0: the squares underflow; scale by max |x_i| first";
    EXPECT_NEAR(got, 5e-200, 8 * u * 5e-200);
}

TEST(Norm2, MatchesEigenOnRandomVectors) {
    for (int n : {1, 3, 128, 1009}) {
        const Vector x = random_vector(n, 50 + n);
        // Eigen's stableNorm is a scaled norm too; a sum of n squares is accurate to about n * u
        // relative, and the square root halves that.
        EXPECT_NEAR(norm2(as_span(x)), x.stableNorm(), 2.0 * n * u * x.stableNorm()) << "n = " << n;
    }
}

TEST(CosineSimilarity, MatchesHandWorkedCases) {
    const std::vector<double> e1 = {1, 0}, e2 = {0, 1}, diagonal = {1, 1}, minus_e1 = {-3, 0};
    EXPECT_NEAR(cosine_similarity(e1, e1), 1.0, 4 * u) << "a vector with itself";
    EXPECT_NEAR(cosine_similarity(e1, e2), 0.0, 4 * u) << "orthogonal vectors";
    EXPECT_NEAR(cosine_similarity(e1, minus_e1), -1.0, 4 * u) << "opposite directions, different lengths";
    EXPECT_NEAR(cosine_similarity(e1, diagonal), 1.0 / std::sqrt(2.0), 4 * u) << "45 degrees";
}

TEST(CosineSimilarity, WorksForHugeVectors) {
    // (3, 4) and (4, 3) at the scale 1e200: cos = (12 + 12) / (5 * 5) = 0.96 at any scale.
    const std::vector<double> x = {3e200, 4e200}, y = {4e200, 3e200};
    EXPECT_NEAR(cosine_similarity(x, y), 0.96, 8 * u)
        << "dot(x, y) = 2.4e401 overflows: divide by the norms before multiplying";
}

TEST(CosineSimilarity, MatchesEigenOnRandomVectors) {
    for (int n : {2, 17, 500}) {
        const Vector x = random_vector(n, 60 + n), y = random_vector(n, 70 + n);
        const double want = x.dot(y) / (x.norm() * y.norm());
        // The sum of n products of entries of unit vectors: |error| <= gamma_n, plus the norms.
        EXPECT_NEAR(cosine_similarity(as_span(x), as_span(y)), want, 4.0 * n * u) << "n = " << n;
    }
}

TEST(CosineSimilarity, RefusesZeroVectorsAndLengthMismatch) {
    const std::vector<double> x = {1, 2}, zero = {0, 0}, three = {1, 2, 3};
    EXPECT_NEAR(cosine_similarity(x, x), 1.0, 4 * u) << course::testing::kValidCallFirst;  // valid input first
    EXPECT_TRUE(ThrowsInvalidArgument([&] { cosine_similarity(x, zero); }, {"zero"}))
        << "a zero vector has no direction: refuse it rather than return NaN";
    EXPECT_TRUE(ThrowsInvalidArgument([&] { cosine_similarity(zero, x); }, {"zero"}));
    EXPECT_TRUE(ThrowsInvalidArgument([&] { cosine_similarity(x, three); }, {"2", "3"}));
}

// Every function reads (and axpy writes) exactly the n elements of its spans: the spans here are
// the middle of buffers whose margins hold NaN, so one element too many (i <= n) shows as NaN in
// the result or as a changed margin.
TEST(VectorBasics, ReadAndWriteOnlyTheirElements) {
    const double nan = std::numeric_limits<double>::quiet_NaN();
    const std::vector<double> x_buffer = {nan, 1, 2, 3, nan}, y_buffer = {nan, 4, -5, 6, nan};
    const std::span<const double> x(x_buffer.data() + 1, 3), y(y_buffer.data() + 1, 3);
    EXPECT_EQ(dot(x, y), 12.0) << "dot read outside its spans (their neighbours are NaN): i < n, not i <= n";
    EXPECT_NEAR(norm2(x), std::sqrt(14.0), 4 * u * std::sqrt(14.0)) << "norm2 read outside its span (its neighbours are NaN)";
    EXPECT_NEAR(cosine_similarity(x, y), 12.0 / (std::sqrt(14.0) * std::sqrt(77.0)), 8 * u)
        << "cosine_similarity read outside its spans (their neighbours are NaN)";
    std::vector<double> out_buffer = {nan, 1, 1, 1, nan};
    axpy(std::span<double>(out_buffer.data() + 1, 3), 2.0, x);
    EXPECT_TRUE(std::isnan(out_buffer.front()) && std::isnan(out_buffer.back()))
        << "axpy wrote outside y: y[i] for 0 <= i < n only";
    EXPECT_EQ(out_buffer[1] + out_buffer[2] + out_buffer[3], 3.0 + 2.0 * 6.0);
}

// The contract promises [-1, 1] whatever the rounding: cos(x, x) computed in floating point lands
// a hair above 1 for some x, and cos(x, -x) as far below -1 (negation is exact). 300 random vectors
// include such cases for the usual ways of computing it (checked: the reference's unclamped sum
// leaves [-1, 1] on several of them), so a missing or one-sided clamp fails here.
TEST(CosineSimilarity, StaysInItsRangeWhateverTheRounding) {
    for (int seed = 0; seed < 300; ++seed) {
        const int n = 3 + seed % 50;
        const Vector x = random_vector(n, 9000 + seed);
        const Vector minus_x = -x;
        const double same = cosine_similarity(as_span(x), as_span(x));
        const double opposite = cosine_similarity(as_span(x), as_span(minus_x));
        ASSERT_LE(same, 1.0) << "cos(x, x) above 1 by rounding, n = " << n << ", seed " << 9000 + seed
                             << ": clamp the result to [-1, 1]";
        ASSERT_GE(opposite, -1.0) << "cos(x, -x) below -1 by rounding, n = " << n << ", seed " << 9000 + seed
                                  << ": clamp the result to [-1, 1]";
        // n products of unit-vector entries: within gamma_n (about n u) of the exact 1 and -1.
        ASSERT_NEAR(same, 1.0, 4.0 * n * u);
        ASSERT_NEAR(opposite, -1.0, 4.0 * n * u);
    }
}

}  // namespace
}  // namespace course::linear_algebra
