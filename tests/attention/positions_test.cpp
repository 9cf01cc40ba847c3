// Tests for exercise 6, positional information (modules/attention/learner/positions.cpp).
//
// Oracles: small cases worked by hand (each value says how); the formulas again as plain double
// loops below (angles in double); central differences in double of a double re-implementation of
// rope_forward for the backward (never the code under test); a torch re-implementation of the
// sinusoidal table and of Hugging Face LLaMA's rotary embedding, frozen in
// fixtures/positions_golden.hpp (the script beside it made them); properties (norms kept, scores
// that depend only on relative positions, the backward as the inverse rotation). Outputs are
// pre-filled with NaN so that an element never written shows up. Every test calls a function of
// the exercise on valid input first, so a stub shows "not started".
//
// Tolerances. u = 2^-24. With the angles, their sines and cosines in double, each output is the
// exact rotation rounded once, plus the double error (1e-11 rad even at position 1e5): |error| <=
// u times its pair's norm. A float sine or cosine of a double angle adds an ulp or two. We allow
// 8 u times the largest pair norm of the case (8 u for the sinusoidal table, whose values are
// within [-1, 1]). Angles in float miss by (position) u rad: 6e-3 at 1e5, 2.4e-4 at 4096.
#include "attention/positions.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <functional>
#include <limits>
#include <span>
#include <utility>
#include <vector>

#include "course/eigen.hpp"
#include "course/random.hpp"
#include "course/testing.hpp"
#include "fixtures/positions_golden.hpp"

namespace course::attention {
namespace {

using course::testing::AllClose;
using course::testing::kValidCallFirst;
using course::testing::numerical_gradient;
using course::testing::ThrowsInvalidArgument;
using course::testing::Tolerance;

constexpr float kNaN = std::numeric_limits<float>::quiet_NaN();
constexpr float kInf = std::numeric_limits<float>::infinity();
constexpr double kU = std::numeric_limits<float>::epsilon() / 2.0;  // u = 2^-24

using Floats = std::vector<float>;
using Doubles = std::vector<double>;

Floats random_floats(std::size_t n, std::uint64_t seed, double scale = 1.0) {
    Rng rng(seed);
    Floats v(n);
    for (float& x : v) x = float(scale * rng.uniform(-1.0, 1.0));
    return v;
}

Doubles as_doubles(std::span<const float> v) { return Doubles(v.begin(), v.end()); }

::testing::AssertionResult AllCloseD(const Doubles& got, const Doubles& want, Tolerance tol, std::vector<int> shape = {}) {
    return AllClose(std::span<const double>(got), std::span<const double>(want), tol, std::move(shape));
}

// ---- The oracle: the formulas again, in double ----

Doubles sinusoidal_oracle(int T, int C) {
    Doubles pe(std::size_t(T) * C);
    for (int t = 0; t < T; ++t)
        for (int i = 0; i < C / 2; ++i) {
            const double a = t / std::pow(10000.0, 2.0 * i / C);
            pe[std::size_t(t) * C + 2 * i] = std::sin(a);
            pe[std::size_t(t) * C + 2 * i + 1] = std::cos(a);
        }
    return pe;
}

// rope_oracle: R(sign a_j) on pairs (j, j + hs/2); sign -1 is the backward (the transpose).
template <typename Vec>
Doubles rope_oracle(const Vec& x, int B, int T, int NH, int hs, double base, double offset, double sign = 1.0) {
    Doubles out(std::size_t(B) * T * NH * hs);
    const int half = hs / 2;
    for (int b = 0; b < B; ++b)
        for (int t = 0; t < T; ++t)
            for (int h = 0; h < NH; ++h) {
                const std::size_t at = ((std::size_t(b) * T + t) * NH + h) * hs;
                for (int j = 0; j < half; ++j) {
                    const double a = sign * (offset + t) * std::pow(base, -2.0 * j / hs);
                    const double x1 = x[at + j], x2 = x[at + j + half];
                    out[at + j] = x1 * std::cos(a) - x2 * std::sin(a);
                    out[at + j + half] = x1 * std::sin(a) + x2 * std::cos(a);
                }
            }
    return out;
}

// rope_tolerance: 8 u times the largest pair norm (see the top).
Tolerance rope_tolerance(std::span<const float> x, int hs) {
    double m = 0.0;
    const std::size_t half = std::size_t(hs) / 2;
    for (std::size_t at = 0; at < x.size(); at += std::size_t(hs))
        for (std::size_t j = 0; j < half; ++j) m = std::max(m, std::hypot(double(x[at + j]), double(x[at + j + half])));
    return {8.0 * kU * m + 1e-300, 0.0};
}

Floats run_rope(const Floats& x, int B, int T, int NH, int hs, float base = 10000.0f, int offset = 0) {
    Floats out(x.size(), kNaN);
    rope_forward(out, x, B, T, NH, hs, base, offset);
    return out;
}

// ---- sinusoidal_positions ----

TEST(SinusoidalPositions, HandWorkedSmallTable) {
    // C = 4: frequencies 1 / 10000^(0/4) = 1 and 1 / 10000^(2/4) = 1/100. Row t = (sin t, cos t,
    // sin(t/100), cos(t/100)); row 0 = (0, 1, 0, 1).
    Floats out(12, kNaN);
    sinusoidal_positions(out, 3, 4);
    const Doubles want = {0, 1, 0, 1, std::sin(1.0), std::cos(1.0), std::sin(0.01), std::cos(0.01),
                          std::sin(2.0), std::cos(2.0), std::sin(0.02), std::cos(0.02)};
    EXPECT_TRUE(AllCloseD(as_doubles(out), want, {8 * kU, 0.0}, {3, 4}))
        << "channel 2i holds sin(t / 10000^(2i / C)), channel 2i + 1 the cosine";
}

TEST(SinusoidalPositions, MatchesTorchTable) {
    using namespace golden;
    Floats out(std::size_t(kPeT) * kPeC, kNaN);
    sinusoidal_positions(out, kPeT, kPeC);
    EXPECT_TRUE(AllCloseD(as_doubles(out), Doubles(std::begin(kSinusoidal), std::end(kSinusoidal)), {8 * kU, 0.0},
                          {kPeT, kPeC}));
}

TEST(SinusoidalPositions, MatchesDoubleOracleAtLongPositions) {
    // Up to t = 4095: an angle t / 10000^(2i/C) computed in float is off by 2.4e-4 there.
    for (const auto& [T, C] : {std::pair{1, 2}, std::pair{7, 2}, std::pair{5, 6}, std::pair{4096, 64}}) {
        SCOPED_TRACE(::testing::Message() << "T = " << T << ", C = " << C);
        Floats out(std::size_t(T) * C, kNaN);
        sinusoidal_positions(out, T, C);
        EXPECT_TRUE(AllCloseD(as_doubles(out), sinusoidal_oracle(T, C), {8 * kU, 0.0}, {T, C}));
    }
}

TEST(SinusoidalPositions, RefusesBadInput) {
    Floats out(12);
    sinusoidal_positions(out, 3, 4);
    SUCCEED() << kValidCallFirst;
    EXPECT_TRUE(ThrowsInvalidArgument([&] { sinusoidal_positions(out, 0, 4); }, {"T = 0"}));
    EXPECT_TRUE(ThrowsInvalidArgument([&] { sinusoidal_positions(out, -3, 4); }, {"T = -3"}));
    EXPECT_TRUE(ThrowsInvalidArgument([&] { sinusoidal_positions(out, 4, 3); }, {"C = 3", "even"}));
    EXPECT_TRUE(ThrowsInvalidArgument([&] { sinusoidal_positions(out, 12, 0); }, {"C = 0"}));
    EXPECT_TRUE(ThrowsInvalidArgument([&] { sinusoidal_positions(out, 2, 4); }, {"out", "12", "8"}));
}

// ---- rope_forward ----

TEST(RopeForward, HandWorkedHeadSizeTwo) {
    // hs = 2: one pair (0, 1), theta_0 = base^0 = 1, so token t turns by t radians: (1, 0) at t = 0
    // stays; (1, 0) at t = 1 becomes (cos 1, sin 1); (0, 2) at t = 2 becomes (-2 sin 2, 2 cos 2).
    const Floats x = {1, 0, 1, 0, 0, 2};
    const Floats out = run_rope(x, 1, 3, 1, 2);
    const Doubles want = {1, 0, std::cos(1.0), std::sin(1.0), -2 * std::sin(2.0), 2 * std::cos(2.0)};
    EXPECT_TRUE(AllCloseD(as_doubles(out), want, {16 * kU, 0.0}, {3, 2}))
        << "out[0] = x0 cos - x1 sin, out[1] = x0 sin + x1 cos (a sign flip is a rotation the other way)";
}

TEST(RopeForward, HandWorkedHeadSizeFourPairsHalves) {
    // hs = 4: pairs (0, 2) and (1, 3), NOT (0, 1) and (2, 3); theta = (1, 10000^(-2/4) = 1/100).
    // x = (1, 2, 3, 4) at t = 1: out0 = 1 cos 1 - 3 sin 1, out2 = 1 sin 1 + 3 cos 1,
    // out1 = 2 cos .01 - 4 sin .01, out3 = 2 sin .01 + 4 cos .01.
    const Floats x = {1, 2, 3, 4, 1, 2, 3, 4};
    const Floats out = run_rope(x, 1, 2, 1, 4);
    const double c1 = std::cos(1.0), s1 = std::sin(1.0), c2 = std::cos(0.01), s2 = std::sin(0.01);
    const Doubles want = {1, 2, 3, 4, c1 - 3 * s1, 2 * c2 - 4 * s2, s1 + 3 * c1, 2 * s2 + 4 * c2};
    EXPECT_TRUE(AllCloseD(as_doubles(out), want, {8 * kU * 5, 0.0}, {2, 4}))
        << "channel j is paired with j + hs/2 (GPT-NeoX, Hugging Face LLaMA), with theta_j = base^(-2j/hs)";
}

TEST(RopeForward, MatchesTorchWithDefaults) {
    using namespace golden;
    const Floats x(std::begin(kRopeDefaultX), std::end(kRopeDefaultX));
    Floats out(x.size(), kNaN);
    rope_forward(out, x, kRopeDefaultB, kRopeDefaultT, kRopeDefaultNH, kRopeDefaultHs);  // base, offset by default
    EXPECT_TRUE(AllCloseD(as_doubles(out), Doubles(std::begin(kRopeDefaultOut), std::end(kRopeDefaultOut)),
                          rope_tolerance(x, kRopeDefaultHs)));
}

TEST(RopeForward, MatchesTorchWithBaseAndOffset) {
    using namespace golden;
    const Floats x(std::begin(kRopeOffsetX), std::end(kRopeOffsetX));
    const Floats out = run_rope(x, kRopeOffsetB, kRopeOffsetT, kRopeOffsetNH, kRopeOffsetHs, kRopeOffsetBase,
                                kRopeOffsetOffset);
    EXPECT_TRUE(AllCloseD(as_doubles(out), Doubles(std::begin(kRopeOffsetOut), std::end(kRopeOffsetOut)),
                          rope_tolerance(x, kRopeOffsetHs)))
        << "base 500 and position_offset 1000: both must be used";
}

TEST(RopeForward, MatchesDoubleOracleOnShapes) {
    struct Case {
        int B, T, NH, hs;
        float base;
        int offset;
    };
    const Case cases[] = {{1, 1, 1, 2, 10000.0f, 0},  {1, 5, 1, 2, 10000.0f, 3},   {2, 3, 3, 6, 10000.0f, 0},
                          {3, 7, 2, 10, 500.0f, 11},  {2, 17, 4, 64, 10000.0f, 0}, {1, 4, 2, 128, 1e6f, 4093},
                          {2, 3, 5, 14, 2.0f, 1},     {1, 2, 12, 64, 10000.0f, 100000}};
    std::uint64_t seed = 500;
    for (const Case& c : cases) {
        SCOPED_TRACE(::testing::Message() << "(B, T, NH, hs) = (" << c.B << ", " << c.T << ", " << c.NH << ", " << c.hs
                                          << "), base " << c.base << ", position_offset " << c.offset);
        const Floats x = random_floats(std::size_t(c.B) * c.T * c.NH * c.hs, seed++, 2.0);
        const Floats out = run_rope(x, c.B, c.T, c.NH, c.hs, c.base, c.offset);
        EXPECT_TRUE(AllCloseD(as_doubles(out), rope_oracle(x, c.B, c.T, c.NH, c.hs, c.base, c.offset),
                              rope_tolerance(x, c.hs), {c.B * c.T * c.NH, c.hs}));
    }
}

TEST(RopeForward, AnglesInDoubleAtALargeOffset) {
    // Positions 100 000 .. 100 003: (position) theta_0 = 1e5 rad. An angle computed in float is
    // off by up to 1e5 2^-24 = 6e-3 rad there, 6e-3 of the pair's norm, 50 000 times the tolerance.
    const int T = 4, NH = 1, hs = 8;
    const Floats x = random_floats(std::size_t(T) * NH * hs, 555);
    const Floats out = run_rope(x, 1, T, NH, hs, 10000.0f, 100000);
    EXPECT_TRUE(AllCloseD(as_doubles(out), rope_oracle(x, 1, T, NH, hs, 10000.0, 100000.0), rope_tolerance(x, hs),
                          {T, hs}))
        << "compute (position_offset + t) * theta, its sine and its cosine in double";
}

TEST(RopeForward, PreservesNorms) {
    // A rotation keeps each pair's norm, hence each head's: |out| = |inp| to a few u.
    const int B = 2, T = 9, NH = 3, hs = 16;
    const Floats x = random_floats(std::size_t(B) * T * NH * hs, 601, 3.0);
    const Floats out = run_rope(x, B, T, NH, hs, 10000.0f, 37);
    for (std::size_t at = 0; at < x.size(); at += hs) {
        double nx = 0.0, no = 0.0;
        for (int j = 0; j < hs; ++j) {
            nx += double(x[at + j]) * x[at + j];
            no += double(out[at + j]) * out[at + j];
        }
        EXPECT_NEAR(std::sqrt(no), std::sqrt(nx), 16 * kU * std::sqrt(nx)) << "head starting at element " << at;
    }
}

TEST(RopeForward, ScoresDependOnlyOnRelativePosition) {
    // q at position t and k at position s, against q at t + d and k at s + d: R(t theta)q . R(s theta)k
    // = q . R((s - t) theta) k, the same dot product. Each rotated vector is within 8 u |q| per
    // pair of the exact one, so the dot within (hs + 16) u |q| |k|, tested at shifts up to 5000.
    const int hs = 32;
    const Floats q = random_floats(hs, 701), k = random_floats(hs, 702);
    double nq = 0.0, nk = 0.0;
    for (int j = 0; j < hs; ++j) {
        nq += double(q[j]) * q[j];
        nk += double(k[j]) * k[j];
    }
    const double tol = (hs + 16) * kU * std::sqrt(nq * nk);
    const auto score = [&](int t, int s) {
        const Floats qr = run_rope(q, 1, 1, 1, hs, 10000.0f, t), kr = run_rope(k, 1, 1, 1, hs, 10000.0f, s);
        double dot = 0.0;
        for (int j = 0; j < hs; ++j) dot += double(qr[j]) * kr[j];
        return dot;
    };
    for (const auto& [t, s] : {std::pair{5, 2}, std::pair{2, 5}, std::pair{0, 0}, std::pair{10, 3}})
        for (int d : {1, 7, 100, 5000}) {
            EXPECT_NEAR(score(t + d, s + d), score(t, s), tol) << "q at " << t << ", k at " << s << ", shifted by " << d;
        }
    EXPECT_GT(std::abs(score(5, 2) - score(5, 3)), 100 * tol) << "the score does depend on t - s";
}

TEST(RopeForward, OffsetContinuesALongerSequence) {
    // A KV cache rotates the token at position p alone, with T = 1 and position_offset = p: the same
    // values as in the whole sequence's call. Here the last 4 of 11 tokens, and token 10 alone.
    const int B = 1, T = 11, NH = 2, hs = 12;
    const std::size_t row = std::size_t(NH) * hs;
    const Floats x = random_floats(T * row, 801);
    const Floats whole = run_rope(x, B, T, NH, hs);
    const Floats tail(x.begin() + 7 * row, x.end());
    const Floats part = run_rope(tail, B, 4, NH, hs, 10000.0f, 7);
    EXPECT_TRUE(AllCloseD(as_doubles(part), Doubles(whole.begin() + 7 * row, whole.end()), rope_tolerance(x, hs),
                          {4, int(row)}))
        << "position_offset = 7 must rotate the buffer's first token as position 7";
    const Floats last(x.begin() + 10 * row, x.end());
    const Floats one = run_rope(last, B, 1, NH, hs, 10000.0f, 10);
    EXPECT_TRUE(AllCloseD(as_doubles(one), Doubles(whole.begin() + 10 * row, whole.end()), rope_tolerance(x, hs),
                          {1, int(row)}));
}

TEST(RopeForward, RunsInPlace) {
    // out may be inp: the same values as out of place.
    const int B = 2, T = 5, NH = 3, hs = 8;
    const Floats x = random_floats(std::size_t(B) * T * NH * hs, 901);
    const Floats want = run_rope(x, B, T, NH, hs, 10000.0f, 3);
    Floats inplace = x;
    rope_forward(inplace, inplace, B, T, NH, hs, 10000.0f, 3);
    EXPECT_TRUE(AllClose(inplace, want, {0.0, 0.0}, {B * T * NH, hs})) << "read both values of a pair before writing";
}

TEST(RopeForward, RefusesBadInput) {
    const int B = 1, T = 2, NH = 2, hs = 4;
    Floats out(16), buf(20);
    const Floats x = random_floats(16, 1001);
    rope_forward(out, x, B, T, NH, hs);
    SUCCEED() << kValidCallFirst;
    EXPECT_TRUE(ThrowsInvalidArgument([&] { rope_forward(out, x, 0, T, NH, hs); }, {"B = 0"}));
    EXPECT_TRUE(ThrowsInvalidArgument([&] { rope_forward(out, x, B, -1, NH, hs); }, {"T = -1"}));
    EXPECT_TRUE(ThrowsInvalidArgument([&] { rope_forward(out, x, B, T, 0, hs); }, {"NH = 0"}));
    EXPECT_TRUE(ThrowsInvalidArgument([&] { rope_forward(out, x, B, T, NH, 0); }, {"hs = 0"}));
    Floats out6(6), out15(15);
    const Floats x6(6, 1.0f);
    for (int bad_hs : {3, -2})
        EXPECT_TRUE(ThrowsInvalidArgument([&] { rope_forward(out6, x6, 1, 2, 1, bad_hs); }, {"hs"}))
            << "hs = " << bad_hs;
    for (float base : {1.0f, 0.5f, 0.0f, -10.0f, kNaN, kInf, -kInf})
        EXPECT_TRUE(ThrowsInvalidArgument([&] { rope_forward(out, x, B, T, NH, hs, base); }, {"base"})) << "base " << base;
    EXPECT_TRUE(ThrowsInvalidArgument([&] { rope_forward(out, x, B, T, NH, hs, 10000.0f, -1); }, {"position_offset = -1"}));
    EXPECT_TRUE(ThrowsInvalidArgument([&] { rope_forward(out15, x, B, T, NH, hs); }, {"out", "15", "16"}));
    EXPECT_TRUE(ThrowsInvalidArgument([&] { rope_forward(out, Floats(17), B, T, NH, hs); }, {"inp", "17", "16"}));
    // A shifted view of the same memory: writing out[j] would clobber an input not yet read.
    EXPECT_TRUE(ThrowsInvalidArgument(
        [&] { rope_forward(std::span<float>(buf).subspan(2, 16), std::span<const float>(buf).subspan(0, 16), B, T, NH, hs); },
        {"overlap"}));
}

// ---- rope_backward ----

TEST(RopeBackward, MatchesTorchBackward) {
    using namespace golden;
    {
        const Floats dout(std::begin(kRopeDefaultDout), std::end(kRopeDefaultDout));
        Floats dinp(dout.size(), 0.0f);
        rope_backward(dinp, dout, kRopeDefaultB, kRopeDefaultT, kRopeDefaultNH, kRopeDefaultHs);
        EXPECT_TRUE(AllCloseD(as_doubles(dinp), Doubles(std::begin(kRopeDefaultDinp), std::end(kRopeDefaultDinp)),
                              rope_tolerance(dout, kRopeDefaultHs)))
            << "defaults";
    }
    const Floats dout(std::begin(kRopeOffsetDout), std::end(kRopeOffsetDout));
    Floats dinp(dout.size(), 0.0f);
    rope_backward(dinp, dout, kRopeOffsetB, kRopeOffsetT, kRopeOffsetNH, kRopeOffsetHs, kRopeOffsetBase,
                  kRopeOffsetOffset);
    EXPECT_TRUE(AllCloseD(as_doubles(dinp), Doubles(std::begin(kRopeOffsetDinp), std::end(kRopeOffsetDinp)),
                          rope_tolerance(dout, kRopeOffsetHs)))
        << "base 500, position_offset 1000";
}

TEST(RopeBackward, FiniteDifferencesInDouble) {
    // Central differences of sum(rope(x) o dout) for a double rope: linear in x, so the difference
    // is exact to rounding (~1e-12); the float backward is within 8 u of the pair norms of dout.
    const int B = 2, T = 3, NH = 2, hs = 6, offset = 5;
    const float base = 300.0f;
    const std::size_t n = std::size_t(B) * T * NH * hs;
    const Floats x = random_floats(n, 1101), dout = random_floats(n, 1102);
    Floats dinp(n, 0.0f);
    rope_backward(dinp, dout, B, T, NH, hs, base, offset);
    Vector xv(static_cast<Eigen::Index>(n));
    for (std::size_t i = 0; i < n; ++i) xv[static_cast<Eigen::Index>(i)] = x[i];
    const Vector g = numerical_gradient(
        [&](const Vector& v) {
            const Doubles out = rope_oracle(v, B, T, NH, hs, base, offset);
            double loss = 0.0;
            for (std::size_t i = 0; i < n; ++i) loss += out[i] * dout[i];
            return loss;
        },
        xv);
    Tolerance tol = rope_tolerance(dout, hs);
    tol.atol += 1e-9;
    EXPECT_TRUE(AllCloseD(as_doubles(dinp), Doubles(g.data(), g.data() + g.size()), tol, {B * T * NH, hs}));
}

TEST(RopeBackward, IsTheInverseRotation) {
    // The rotation's transpose is its inverse: rope_backward of rope_forward(x), into zeros, is x.
    const int B = 1, T = 6, NH = 2, hs = 10;
    const Floats x = random_floats(std::size_t(B) * T * NH * hs, 1201);
    const Floats y = run_rope(x, B, T, NH, hs, 10000.0f, 20);
    Floats back(x.size(), 0.0f);
    rope_backward(back, y, B, T, NH, hs, 10000.0f, 20);
    EXPECT_TRUE(AllClose(back, x, {2 * rope_tolerance(x, hs).atol, 0.0}, {B * T * NH, hs}))
        << "the backward rotates by -angle: R(-a) R(a) x = x";
}

TEST(RopeBackward, AddsIntoNonZeroGradients) {
    const int B = 2, T = 4, NH = 1, hs = 8;
    const std::size_t n = std::size_t(B) * T * NH * hs;
    const Floats dout = random_floats(n, 1301), init = random_floats(n, 1302, 5.0);
    Floats dinp = init;
    rope_backward(dinp, dout, B, T, NH, hs, 10000.0f, 2);
    Doubles want = rope_oracle(dout, B, T, NH, hs, 10000.0, 2.0, -1.0);
    for (std::size_t i = 0; i < n; ++i) want[i] += init[i];
    EXPECT_TRUE(AllCloseD(as_doubles(dinp), want, {rope_tolerance(dout, hs).atol + 5.0 * kU * 2, 0.0}, {B * T, hs}))
        << "the backward adds (+=) into dinp";
}

TEST(RopeBackward, RefusesBadInput) {
    const int B = 1, T = 2, NH = 1, hs = 4;
    Floats dinp(8, 0.0f), buf(8, 1.0f);
    const Floats dout = random_floats(8, 1401);
    rope_backward(dinp, dout, B, T, NH, hs);
    SUCCEED() << kValidCallFirst;
    EXPECT_TRUE(ThrowsInvalidArgument([&] { rope_backward(dinp, dout, B, T, NH, 5); }, {"hs = 5"}));
    EXPECT_TRUE(ThrowsInvalidArgument([&] { rope_backward(dinp, dout, B, T, NH, hs, kNaN); }, {"base"}));
    EXPECT_TRUE(ThrowsInvalidArgument([&] { rope_backward(dinp, dout, B, T, NH, hs, 10000.0f, -7); }, {"position_offset"}));
    Floats dinp9(9);
    EXPECT_TRUE(ThrowsInvalidArgument([&] { rope_backward(dinp9, dout, B, T, NH, hs); }, {"dinp", "9"}));
    EXPECT_TRUE(ThrowsInvalidArgument([&] { rope_backward(dinp, Floats(7), B, T, NH, hs); }, {"dout", "7"}));
    EXPECT_TRUE(ThrowsInvalidArgument([&] { rope_backward(buf, buf, B, T, NH, hs); }, {"overlap"}))
        << "dinp and dout the same buffer: refused (the backward adds into dinp while reading dout)";
}

}  // namespace
}  // namespace course::attention
