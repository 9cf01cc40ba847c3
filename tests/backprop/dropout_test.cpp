// Tests for exercise 7, dropout (modules/backprop/learner/dropout.cpp).
//
// Oracles: the generator replayed in the test (the contract fixes one rng.uniform(0, 1) per element,
// in order, so a second course::Rng with the same seed gives the expected mask); the mean of 10^6
// outputs against the input, within a bound derived from its standard error; central differences
// in double (the harness's numerical_gradient) of a double re-implementation of the forward with
// the replayed mask, for the backward; hand-worked sums exact in binary; and the value PyTorch's
// dropout gives a kept element, frozen in tests/backprop/fixtures/dropout_golden.hpp.
#include "backprop/dropout.hpp"

#include <gtest/gtest.h>

#include <bit>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <string>
#include <vector>

#include "course/random.hpp"
#include "course/testing.hpp"
#include "fixtures/dropout_golden.hpp"

namespace course::backprop {
namespace {

using course::testing::AllClose;
using course::testing::ThrowsInvalidArgument;
using course::testing::Tolerance;

constexpr float kNaN = std::numeric_limits<float>::quiet_NaN();
constexpr float kInf = std::numeric_limits<float>::infinity();
constexpr double kEpsF = std::numeric_limits<float>::epsilon();

// kScale: the kept mask is 1 / (1 - p) in float: one rounding of 1 - p and one of the quotient
// (or the quotient computed in double and rounded once), so within 2 float epsilons of the exact
// value; 4 leave room. A dropped element is exactly 0 (atol 0), and a wrong scale is off by a
// factor (1 instead of 1 / (1 - p)).
constexpr Tolerance kScale{0.0, 4.0 * kEpsF};
// kOut: out = inp * mask adds one rounding to the mask's: 8 float epsilons relative.
constexpr Tolerance kOut{0.0, 8.0 * kEpsF};

struct Replayed {
    std::vector<float> mask;  // 1 / (1 - p) or 0, computed in double, rounded once
    std::vector<float> out;   // inp * mask in double, rounded once
    std::vector<double> mask_exact;
};

// replay: the mask and output the contract promises, from `rng` seeded as the caller's (left where
// dropout_forward must leave its own).
Replayed replay(const std::vector<float>& inp, float p, course::Rng& rng) {
    Replayed r;
    const double scale = 1.0 / (1.0 - double(p));
    for (float x : inp) {
        const double m = rng.uniform(0.0, 1.0) >= double(p) ? scale : 0.0;
        r.mask_exact.push_back(m);
        r.mask.push_back(float(m));
        r.out.push_back(float(double(x) * m));
    }
    return r;
}

bool same_bits(float a, float b) { return std::bit_cast<std::uint32_t>(a) == std::bit_cast<std::uint32_t>(b); }

// ---- Training: the mask replays the generator ----

TEST(Training, TheMaskReplaysTheGeneratorOneDrawPerElement) {
    // n = 1 (one element), 7, 1000; p from 0.1 to 0.9 (a keep-when-u-below-p keeps the wrong share
    // except at 0.5, and swaps every element's fate even there).
    for (int n : {1, 7, 1000}) {
        for (float p : {0.1f, 0.5f, 0.75f, 0.9f}) {
            SCOPED_TRACE("n = " + std::to_string(n) + ", p = " + std::to_string(p));
            const std::vector<float> inp = course::random_floats(std::size_t(n), 40 + std::uint64_t(n));
            std::vector<float> out(inp.size(), kNaN), mask(inp.size(), kNaN);
            course::Rng rng(7), want_rng(7);
            dropout_forward(out, mask, inp, p, true, rng);
            const Replayed want = replay(inp, p, want_rng);
            EXPECT_TRUE(AllClose(mask, want.mask, kScale))
                << "mask[i] = 1 / (1 - p) = " << 1.0 / (1.0 - p) << " where rng.uniform(0.0, 1.0) >= p, else 0";
            EXPECT_TRUE(AllClose(out, want.out, kOut)) << "out[i] = inp[i] * mask[i]";
            EXPECT_EQ(rng.uniform(0.0, 1.0), want_rng.uniform(0.0, 1.0))
                << "the generator must be left exactly one draw per element further";
        }
    }
}

TEST(Training, TheKeptValueMatchesTorch) {
    // PyTorch's dropout on ones: a kept element is float32(1 / (1 - p)) (frozen); inp = 1 shows it.
    for (const auto& g : dropout_golden::kept) {
        SCOPED_TRACE("p = " + std::to_string(g.p) + ", torch's kept value " + std::to_string(g.kept));
        const std::vector<float> inp(257, 1.0f);
        std::vector<float> out(inp.size(), kNaN), mask(inp.size(), kNaN);
        course::Rng rng(8);
        dropout_forward(out, mask, inp, g.p, true, rng);
        int kept = 0;
        for (std::size_t i = 0; i < inp.size(); ++i) {
            if (mask[i] == 0.0f) continue;
            ++kept;
            EXPECT_LE(std::abs(double(mask[i]) / g.kept - 1.0), kScale.rtol) << "mask[" << i << "] = " << mask[i];
            EXPECT_LE(std::abs(double(out[i]) / g.kept - 1.0), kScale.rtol) << "out[" << i << "] = " << out[i];
        }
        EXPECT_GT(kept, 0) << "257 draws, none kept";
    }
}

// ---- The expectation ----

TEST(Expectation, TheMeanOfAMillionOutputsIsTheInput) {
    // inp = 1 everywhere: out[i] is 1 / (1 - p) with probability 1 - p, else 0, so E[out] = 1 and
    // Var[out] = (1 - p) / (1 - p)^2 - 1 = p / (1 - p). The mean of n = 10^6 outputs (summed in
    // double: a float sum of 10^6 terms near 1 would be off by about 10^-2) has standard error
    // sqrt(p / ((1 - p) n)); the bound is 6 of them (1 / 1000 of the mean at p = 0.5, 1.8 / 1000 at
    // p = 0.9). The draws are fixed (seed and order, pinned by the replay test), so the test cannot
    // flake; 6 sigmas mean that the seed was not picked to pass. Without the rescale the mean is
    // 1 - p; keeping when u < p, the mean is p / (1 - p) (9 at p = 0.9). The share kept is checked
    // the same way: 1 - p within 6 sqrt(p (1 - p) / n).
    constexpr int n = 1000000;
    const std::vector<float> inp(n, 1.0f);
    std::vector<float> out(inp.size()), mask(inp.size());
    for (float p : {0.5f, 0.9f, 0.2f}) {
        SCOPED_TRACE("p = " + std::to_string(p));
        course::Rng rng(2025);
        dropout_forward(out, mask, inp, p, true, rng);
        double sum = 0.0;
        int kept = 0;
        for (std::size_t i = 0; i < out.size(); ++i) {
            sum += out[i];
            kept += mask[i] != 0.0f;
        }
        const double mean = sum / n;
        EXPECT_LE(std::abs(mean - 1.0), 6.0 * std::sqrt(double(p) / ((1.0 - p) * n)))
            << "E[out] must equal inp = 1; got a mean of " << mean << " (without the rescale 1 / (1 - p) it is 1 - p = "
            << 1.0 - p << ")";
        EXPECT_LE(std::abs(double(kept) / n - (1.0 - p)), 6.0 * std::sqrt(double(p) * (1.0 - p) / n))
            << "the share kept is " << double(kept) / n << ", expected 1 - p = " << 1.0 - p
            << " (keep when u >= p: u < p keeps a share p)";
    }
}

TEST(Training, PZeroKeepsEverythingWithScaleExactlyOneAndStillDraws) {
    // p = 0: every u >= 0, the scale is 1 / (1 - 0) = 1 exactly, so out is inp bit for bit (-0,
    // subnormals, 1e30 included), and the generator still moves one draw per element.
    std::vector<float> inp = course::random_floats(100, 3);
    inp[0] = -0.0f, inp[1] = 1e-40f, inp[2] = 1e30f, inp[3] = -kInf;
    std::vector<float> out(inp.size(), kNaN), mask(inp.size(), kNaN);
    course::Rng rng(9), want_rng(9);
    dropout_forward(out, mask, inp, 0.0f, true, rng);
    for (std::size_t i = 0; i < inp.size(); ++i) {
        EXPECT_TRUE(same_bits(mask[i], 1.0f)) << "mask[" << i << "] = " << mask[i] << ", expected exactly 1 at p = 0";
        EXPECT_TRUE(same_bits(out[i], inp[i])) << "out[" << i << "] = " << out[i] << ", expected inp = " << inp[i];
    }
    for (std::size_t i = 0; i < inp.size(); ++i) want_rng.uniform(0.0, 1.0);
    EXPECT_EQ(rng.uniform(0.0, 1.0), want_rng.uniform(0.0, 1.0)) << "one draw per element, whatever p (p = 0 too)";
}

TEST(Training, ANaNInputStaysNaNEvenWhereDropped) {
    // out[i] = inp[i] * mask[i]: NaN * 0 is NaN, so dropout does not hide a NaN made upstream.
    const std::vector<float> inp(64, kNaN);
    std::vector<float> out(inp.size(), 0.0f), mask(inp.size(), kNaN);
    course::Rng rng(10), want_rng(10);
    dropout_forward(out, mask, inp, 0.5f, true, rng);
    const Replayed want = replay(inp, 0.5f, want_rng);
    EXPECT_TRUE(AllClose(mask, want.mask, kScale)) << "the mask does not depend on inp";
    int dropped = 0;
    for (std::size_t i = 0; i < inp.size(); ++i) {
        dropped += want.mask[i] == 0.0f;
        EXPECT_TRUE(std::isnan(out[i])) << "out[" << i << "] = " << out[i] << " (mask " << want.mask[i]
                                        << "), expected NaN * mask = NaN";
    }
    EXPECT_GT(dropped, 0) << "the test needs a dropped element";
}

TEST(Training, InPlaceGivesTheSameAsOutOfPlace) {
    const std::vector<float> inp = course::random_floats(333, 11);
    std::vector<float> out(inp.size()), mask(inp.size()), mask2(inp.size());
    course::Rng rng(12), rng2(12);
    dropout_forward(out, mask, inp, 0.3f, true, rng);
    std::vector<float> buf = inp;
    dropout_forward(buf, mask2, buf, 0.3f, true, rng2);  // out == inp
    EXPECT_TRUE(AllClose(buf, out, {0.0, 0.0})) << "dropout_forward with out == inp";
    EXPECT_TRUE(AllClose(mask2, mask, {0.0, 0.0}));
}

// ---- Evaluation ----

TEST(Evaluation, IsTheIdentityBitForBitAndDrawsNothing) {
    std::vector<float> inp = course::random_floats(50, 13);
    inp[0] = kNaN, inp[1] = -0.0f, inp[2] = kInf, inp[3] = 1e-45f;
    for (float p : {0.0f, 0.5f, 0.99f}) {
        SCOPED_TRACE("p = " + std::to_string(p));
        std::vector<float> out(inp.size(), 7.0f), mask(inp.size(), 7.0f);
        course::Rng rng(14), fresh(14);
        dropout_forward(out, mask, inp, p, false, rng);
        for (std::size_t i = 0; i < inp.size(); ++i) {
            EXPECT_TRUE(same_bits(out[i], inp[i])) << "out[" << i << "] = " << out[i] << ", expected inp = " << inp[i];
            EXPECT_TRUE(same_bits(mask[i], 1.0f)) << "mask[" << i << "] = " << mask[i] << ", expected 1";
        }
        EXPECT_EQ(rng.uniform(0.0, 1.0), fresh.uniform(0.0, 1.0))
            << "evaluation must not draw: the generator's next draw must be a fresh generator's first";
        std::vector<float> buf = inp;  // in place
        dropout_forward(buf, mask, buf, p, false, rng);
        for (std::size_t i = 0; i < inp.size(); ++i) EXPECT_TRUE(same_bits(buf[i], inp[i])) << "in place, [" << i << "]";
    }
}

TEST(Evaluation, NoDrawForOneElementNorForAnEmptyTrainingCall) {
    std::vector<float> one{2.0f}, out1(1), mask1(1);
    course::Rng rng(15), fresh(15);
    dropout_forward(out1, mask1, one, 0.5f, false, rng);
    dropout_forward({}, {}, {}, 0.5f, true, rng);
    EXPECT_EQ(rng.uniform(0.0, 1.0), fresh.uniform(0.0, 1.0));
}

// ---- Backward ----

TEST(Backward, AddsDoutTimesMaskIntoDinpByHand) {
    // dinp starts non-zero: the backward adds. All values and sums are exact in binary.
    const std::vector<float> mask{2.0f, 0.0f, 1.25f, 1.0f, 4.0f};
    const std::vector<float> dout{-0.5f, 3.0f, 4.0f, 0.25f, -1.0f};
    std::vector<float> dinp{1.0f, 1.0f, -2.0f, 0.5f, 8.0f};
    dropout_backward(dinp, dout, mask);
    // 1 - 0.5 * 2, 1 + 3 * 0, -2 + 4 * 1.25, 0.5 + 0.25 * 1, 8 - 1 * 4 (the first and last count too)
    const std::vector<float> want{0.0f, 1.0f, 3.0f, 0.75f, 4.0f};
    EXPECT_TRUE(AllClose(dinp, want, {0.0, 0.0})) << "dinp[i] += dout[i] * mask[i], added to dinp's initial values";
}

TEST(Backward, ThroughTheForwardsMaskMatchesFiniteDifferences) {
    // L(inp) = sum_i c_i out_i with out_i = inp_i * m_i: dL/dinp_i = c_i m_i, with the mask that
    // the forward drew (scale 1 / (1 - p) included). The oracle: central differences in double of
    // L re-implemented here in double with the replayed mask. L is linear, so the differences are
    // exact up to rounding: |L| <= 40 * 4 (p = 0.75, scale 4), rounding 40 * 1e-16 * 160 / h with
    // h = 6e-6, about 1e-7... below the float rounding of dinp (init + c m, |.| <= 5: 3e-7). Both
    // under the tolerance 1e-6 + 1e-6 |want|; a mask without its scale is off by a factor 4.
    constexpr int n = 40;
    constexpr float p = 0.75f;
    const std::vector<float> inp = course::random_floats(n, 16);
    const std::vector<float> c = course::random_floats(n, 17);
    std::vector<float> out(n), mask(n);
    course::Rng rng(18), want_rng(18);
    dropout_forward(out, mask, inp, p, true, rng);
    const Replayed r = replay(inp, p, want_rng);
    const auto loss = [&](const Vector& x) {
        double L = 0.0;
        for (int i = 0; i < n; ++i) L += double(c[std::size_t(i)]) * x(i) * r.mask_exact[std::size_t(i)];
        return L;
    };
    Vector x(n);
    for (int i = 0; i < n; ++i) x(i) = inp[std::size_t(i)];
    const Vector g = course::testing::numerical_gradient(loss, x);
    const std::vector<float> init = course::random_floats(n, 19);
    std::vector<float> dinp = init;
    dropout_backward(dinp, c, mask);
    std::vector<float> want(n);
    for (int i = 0; i < n; ++i) want[std::size_t(i)] = float(double(init[std::size_t(i)]) + g(i));
    EXPECT_TRUE(AllClose(dinp, want, {1e-6, 1e-6}))
        << "dinp = init + dL/dinp = init + c * mask, with the forward's mask (which holds 1 / (1 - p) = 4)";
}

// ---- Bad input ----

TEST(BadInput, RefusesPOutsideZeroToOneAndMismatchedSizes) {
    std::vector<float> inp(4, 1.0f), out(4), mask(4), short_(3);
    course::Rng rng(20);
    dropout_forward(out, mask, inp, 0.5f, true, rng);  // the valid call first
    dropout_backward(out, inp, mask);
    course::Rng fresh(21), untouched(21);
    for (bool training : {true, false}) {
        for (float p : {1.0f, 1.5f, -0.1f, -0.0f - 1e-30f, kNaN, kInf, -kInf}) {
            SCOPED_TRACE("p = " + std::to_string(p) + (training ? ", training" : ", evaluation"));
            EXPECT_TRUE(ThrowsInvalidArgument([&] { dropout_forward(out, mask, inp, p, training, fresh); },
                                              {"dropout_forward", "p"}));
        }
        EXPECT_TRUE(ThrowsInvalidArgument([&] { dropout_forward(short_, mask, inp, 0.5f, training, fresh); },
                                          {"dropout_forward", "out", "3", "4"}));
        EXPECT_TRUE(ThrowsInvalidArgument([&] { dropout_forward(out, short_, inp, 0.5f, training, fresh); },
                                          {"dropout_forward", "mask", "3", "4"}));
    }
    EXPECT_EQ(fresh.uniform(), untouched.uniform()) << "a refused call must not draw";
    EXPECT_TRUE(ThrowsInvalidArgument([&] { dropout_backward(short_, inp, mask); }, {"dropout_backward", "dinp", "3", "4"}));
    EXPECT_TRUE(ThrowsInvalidArgument([&] { dropout_backward(out, inp, short_); }, {"dropout_backward", "mask", "3", "4"}));
}

TEST(Training, ADrawEqualToPIsKept) {
    // The boundary of the comparison: u_i >= p keeps. Draw 900 (from 0) of seed 60360 is
    // 766126871019520 / 2^53 = 0.085057169198989868, a value that is exactly a float (found by a
    // search over seeds: about one draw in 2^29 is). With that p, element 900 must be kept; u > p
    // drops it, and no other test can tell the two apart (u == p has probability 2^-53 otherwise).
    constexpr std::uint64_t seed = 60360;
    constexpr int at = 900;
    const float p = 0.085057169198989868f;
    course::Rng check(seed);
    for (int i = 0; i < at; ++i) check.uniform(0.0, 1.0);
    ASSERT_EQ(check.uniform(0.0, 1.0), double(p)) << "the test's setup: draw 900 of seed 60360 equals p";
    const std::vector<float> inp(at + 1, 1.0f);
    std::vector<float> out(inp.size(), kNaN), mask(inp.size(), kNaN);
    course::Rng rng(seed), want_rng(seed);
    dropout_forward(out, mask, inp, p, true, rng);
    EXPECT_NE(mask[at], 0.0f) << "u = p exactly: u >= p keeps the element (u > p would drop it)";
    const Replayed want = replay(inp, p, want_rng);
    EXPECT_TRUE(AllClose(mask, want.mask, kScale));
}

}  // namespace
}  // namespace course::backprop
