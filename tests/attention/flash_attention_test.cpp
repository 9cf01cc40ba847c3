// Tests for exercise 8, flash_attention (modules/attention/learner/flash_attention.cpp).
//
// Oracles: T = 1 (out = v exactly) and T = 2 worked by hand; a plain double attention written below
// (attention_d), straight from the formula softmax(q k^T / sqrt(hs) + mask) v, never tiled; and
// exercise 2's attention_forward (the naive float algorithm). Cases: T a multiple of the tile or
// not, T = 1, T smaller than a tile, tiles of 1, causal and not, hs of 1, 3, 16, 64; a row whose
// max grows with every key tile (the rescaling); logits of 1e3 scale (the running max). Counted
// cost: the (query tile, key tile) pairs computed (FlashStats), which the causal mask must halve;
// memory: only the workspace given, flash_attention_workspace_floats floats, independent of T,
// checked with NaN-filled workspaces between guard margins. Every test calls flash_attention
// first, so a stub shows "not started".
//
// Tolerances (u = 2^-24), per row t, over the visible keys j (a float implementation, any tile
// order). A score s_tj (a float dot product of hs terms, times the scale) is off by at most
//     D_tj = (hs + 3) u sum_i |q_ti k_ji| / sqrt(hs)                 (Higham 3.1, plus 2 roundings)
// Each weight exp(s_tj - m) is then within D_tj + (|s_tj - m| + 8) u relative (the subtraction
// and the exponential, 8 u allowed for a polynomial one). Each of the at most N = ceil(T / Bc)
// rescalings by alpha = exp(m_old - m_new) moves the weights summed before it, relative to those
// after, by (|m_old - m_new| + 10) u at most, |m_old - m_new| <= spread_t = max_j (m_t - s_tj).
// So every weight P_tj = w_tj / l_t is within
//     e_t = 2 max_j D_tj + (16 + 2 spread_t + N (10 + spread_t) + 2 T) u    (2 T: the sum l)
// relative, and out_ti = sum_j P_tj v_ji within (e_t + (T + 4) u) sum_j P_tj |v_ji|, plus
// kMinNormal sum_j |v_ji| for weights below the float range (an implementation may flush them
// to 0 or to the smallest normal).
#include "attention/flash_attention.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <limits>
#include <sstream>
#include <string>
#include <vector>

#include "attention/attention_forward.hpp"
#include "course/random.hpp"
#include "course/testing.hpp"
#include "attention_test_helpers.hpp"

namespace course::attention {
namespace {

using course::testing::GuardedBuffer;
using course::testing::kValidCallFirst;
using course::testing::ThrowsInvalidArgument;

constexpr double kU = 0x1p-24;
constexpr double kMinNormal = double(std::numeric_limits<float>::min());
constexpr float kNaN = std::numeric_limits<float>::quiet_NaN();

// Reference: the double oracle's out and the tolerance of the file's comment.
struct Reference {
    std::vector<double> out, tol;
};

// attention_d: one head of attention in double on the float inputs, with the tolerance of the
// file's comment for key tiles of Bc.
Reference attention_d(const std::vector<float>& q, const std::vector<float>& k, const std::vector<float>& v, int T,
                      int hs, bool causal, int Bc) {
    Reference r{std::vector<double>(std::size_t(T) * hs), std::vector<double>(std::size_t(T) * hs)};
    const double N = std::ceil(double(T) / Bc);
    for (int t = 0; t < T; ++t) {
        const int visible = causal ? t + 1 : T;
        std::vector<double> s(visible);
        double max_d = 0, m = -INFINITY;
        for (int j = 0; j < visible; ++j) {
            double dot = 0, abs_dot = 0;
            for (int i = 0; i < hs; ++i) {
                dot += double(q[t * hs + i]) * k[j * hs + i];
                abs_dot += std::abs(double(q[t * hs + i]) * k[j * hs + i]);
            }
            s[j] = dot / std::sqrt(double(hs));
            max_d = std::max(max_d, (hs + 3) * kU * abs_dot / std::sqrt(double(hs)));
            m = std::max(m, s[j]);
        }
        double sum = 0, spread = 0;
        for (int j = 0; j < visible; ++j) sum += std::exp(s[j] - m), spread = std::max(spread, m - s[j]);
        const double e = 2 * max_d + (16 + 2 * spread + N * (10 + spread) + 2 * T) * kU;
        for (int i = 0; i < hs; ++i) {
            double o = 0, abs_o = 0, abs_v = 0;
            for (int j = 0; j < visible; ++j) {
                const double p = std::exp(s[j] - m) / sum;
                o += p * v[j * hs + i];
                abs_o += p * std::abs(double(v[j * hs + i]));
                abs_v += std::abs(double(v[j * hs + i]));
            }
            r.out[t * hs + i] = o;
            r.tol[t * hs + i] = (e + (T + 4) * kU) * abs_o + kMinNormal * abs_v;
        }
    }
    return r;
}

using test_helpers::Within;  // attention_test_helpers.hpp

using test_helpers::random_floats;  // attention_test_helpers.hpp

// run: flash_attention on a NaN-filled workspace of exactly the size it may use, between NaN
// margins (a read outside it gives NaN), out pre-filled with NaN. Sets *stats if given.
std::vector<float> run(const std::vector<float>& q, const std::vector<float>& k, const std::vector<float>& v, int T,
                       int hs, bool causal, FlashTiles tiles = {}, FlashStats* stats = nullptr) {
    std::vector<float> out(std::size_t(T) * hs, kNaN);
    GuardedBuffer workspace(std::vector<float>(flash_attention_workspace_floats(hs, tiles), kNaN), 64, kNaN);
    flash_attention(out, workspace.span(), q, k, v, T, hs, causal, tiles, stats);
    EXPECT_TRUE(workspace.margins_hold(kNaN)) << "flash_attention wrote outside its workspace";
    return out;
}

// check: flash_attention against attention_d.
::testing::AssertionResult check(const std::vector<float>& q, const std::vector<float>& k,
                                  const std::vector<float>& v, int T, int hs, bool causal, FlashTiles tiles) {
    const std::vector<float> got = run(q, k, v, T, hs, causal, tiles);
    const Reference want = attention_d(q, k, v, T, hs, causal, tiles.cols);
    return Within(got, want.out, want.tol, hs,
                  "T = " + std::to_string(T) + ", hs = " + std::to_string(hs) + ", tiles " +
                      std::to_string(tiles.rows) + " x " + std::to_string(tiles.cols) + (causal ? ", causal" : ""));
}

// tiles_needed: the (query tile, key tile) pairs with at least one visible score.
long long tiles_needed(int T, bool causal, FlashTiles tiles) {
    long long n = 0;
    for (int r0 = 0; r0 < T; r0 += tiles.rows) {
        const int key_end = causal ? std::min(T, r0 + tiles.rows) : T;
        n += (key_end + tiles.cols - 1) / tiles.cols;
    }
    return n;
}

TEST(FlashAttention, OnePositionOutputsItsValue) {
    // T = 1: one key, weight exp(0) = 1, l = 1, out = v exactly, causal or not.
    const std::vector<float> q = {3.0f, -1.0f, 2.0f}, k = {-5.0f, 0.5f, 7.0f}, v = {0.25f, -8.0f, 1e-3f};
    for (bool causal : {false, true}) EXPECT_EQ(run(q, k, v, 1, 3, causal), v) << (causal ? "causal" : "no mask");
}

TEST(FlashAttention, TwoPositionsByHand) {
    // hs = 1: q0 = q1 = 1, k0 = 0, k1 = ln 3: scores (0, ln 3), weights 1 : 3, out = (v0 + 3 v1) / 4
    // = (1 + 3 * 5) / 4 = 4 for both rows; causal: row 0 sees key 0 only, out0 = v0 = 1. With tiles of
    // 1 the second key raises the max: the first weight is rescaled by 1/3.
    const std::vector<float> q = {1, 1}, k = {0, float(std::log(3.0))}, v = {1, 5};
    for (FlashTiles tiles : {FlashTiles{}, FlashTiles{1, 1}}) {
        const std::vector<double> tol(2, 16 * kU * 4);
        EXPECT_TRUE(Within(run(q, k, v, 2, 1, false, tiles), {4, 4}, tol, 1, "no mask"))
            << "weights 1 : 3, out = (1 + 15) / 4; tiles " << tiles.rows << " x " << tiles.cols;
        EXPECT_TRUE(Within(run(q, k, v, 2, 1, true, tiles), {1, 4}, tol, 1, "causal"))
            << "row 0 sees only itself; tiles " << tiles.rows << " x " << tiles.cols;
    }
}

TEST(FlashAttention, MatchesADoubleAttentionForEveryShapeOfTiles) {
    // T: 1, smaller than a tile, a multiple of it, one more than a multiple, primes; tiles square,
    // tall, wide, of one row or column; hs 1, 3, 16 and 64 (the size with a fixed-length path).
    struct Case {
        int T, hs;
        FlashTiles tiles;
    };
    for (const Case& c : {Case{1, 64, {}}, Case{5, 16, {}}, Case{64, 64, {}}, Case{65, 64, {}}, Case{130, 64, {}},
                          Case{77, 3, {16, 8}}, Case{50, 16, {7, 13}}, Case{33, 1, {4, 32}}, Case{40, 64, {1, 1}},
                          Case{29, 5, {1, 8}}, Case{29, 5, {8, 1}}, Case{200, 64, {64, 32}}}) {
        const std::size_t n = std::size_t(c.T) * c.hs;
        const auto q = random_floats(n, -2, 2, 10 + c.T), k = random_floats(n, -2, 2, 20 + c.T),
                   v = random_floats(n, -2, 2, 30 + c.T);
        for (bool causal : {false, true}) EXPECT_TRUE(check(q, k, v, c.T, c.hs, causal, c.tiles));
    }
}

TEST(FlashAttention, AgreesWithExerciseTwosAttentionForward) {
    // attention_forward (float, naive) and flash_attention each within the file's bound of the
    // exact result, so within the sum of the two bounds of each other (the forward's own bound,
    // attention_forward_test.cpp, is smaller than this file's).
    const int T = 150, hs = 64;
    const std::size_t n = std::size_t(T) * hs;
    const auto q = random_floats(n, -1, 1, 1), k = random_floats(n, -1, 1, 2), v = random_floats(n, -1, 1, 3);
    for (bool causal : {false, true}) {
        const std::vector<float> got = run(q, k, v, T, hs, causal);
        std::vector<float> naive(n), att(std::size_t(T) * T);
        attention_forward(naive, att, q, k, v, T, hs, {causal, {}});
        const Reference exact = attention_d(q, k, v, T, hs, causal, 64);
        std::vector<double> want(naive.begin(), naive.end()), tol(exact.tol);
        for (double& x : tol) x *= 2;
        EXPECT_TRUE(Within(got, want, tol, hs, causal ? "causal" : "no mask"));
    }
}

TEST(Rescaling, AMaxThatGrowsWithEveryTileIsRescaled) {
    // Keys along a ramp: k_j = r_j + 0.05 j (1, ..., 1) with q_t = (1, ..., 1) + r_t, so that the
    // scores grow with j by about 0.05 hs / sqrt(hs) = 0.2 per key: each row's max grows late, in
    // every key tile (tiles of 8 keys, a rise of 1.6 per tile), and the earlier weights must be
    // rescaled each time, in the accumulator AND in the sum.
    const int T = 96, hs = 16;
    auto q = random_floats(std::size_t(T) * hs, -0.3, 0.3, 4), k = random_floats(std::size_t(T) * hs, -0.3, 0.3, 5);
    const auto v = random_floats(std::size_t(T) * hs, -1, 1, 6);
    for (int t = 0; t < T; ++t)
        for (int i = 0; i < hs; ++i) q[t * hs + i] += 1.0f, k[t * hs + i] += 0.05f * float(t);
    for (FlashTiles tiles : {FlashTiles{8, 8}, FlashTiles{32, 8}, FlashTiles{1, 1}, FlashTiles{}})
        for (bool causal : {false, true}) EXPECT_TRUE(check(q, k, v, T, hs, causal, tiles));
}

TEST(Stability, LogitsOfAThousandAndAMaxThatGrowsLate) {
    // q of 1e3 and keys along a ramp of 1e3 / 64 per position: scores of up to 1.2e7 growing by
    // 1.25e5 per key. exp of a score overflows float at 88: only the running max keeps it finite.
    // Each row is one-hot on its last visible key (the next is e^-125000 behind), so out = v of
    // that key, within a few u.
    const int T = 100, hs = 64;
    std::vector<float> q(std::size_t(T) * hs, 1000.0f), k(std::size_t(T) * hs);
    const auto v = random_floats(std::size_t(T) * hs, -1, 1, 7);
    for (int j = 0; j < T; ++j)
        for (int i = 0; i < hs; ++i) k[j * hs + i] = float(j) * (1000.0f / 64.0f);
    for (FlashTiles tiles : {FlashTiles{16, 16}, FlashTiles{64, 64}, FlashTiles{1, 1}})
        for (bool causal : {false, true}) {
            const std::vector<float> got = run(q, k, v, T, hs, causal, tiles);
            std::vector<double> want(got.size()), tol(got.size());
            for (int t = 0; t < T; ++t)
                for (int i = 0; i < hs; ++i) {
                    const int last = causal ? t : T - 1;
                    want[t * hs + i] = v[last * hs + i];
                    tol[t * hs + i] = 8 * kU * std::abs(want[t * hs + i]);
                }
            EXPECT_TRUE(Within(got, want, tol, hs,
                               std::string(causal ? "causal" : "no mask") + ", tiles " + std::to_string(tiles.rows) +
                                   " x " + std::to_string(tiles.cols)))
                << "one-hot on the last visible key; NaN or inf means exp of a score without the running max";
        }
}

TEST(Causality, ChangingALaterTokenChangesNoEarlierOutput) {
    // Under the causal mask, outputs 0 .. t depend on q, k, v of 0 .. t only: changing the key and
    // value of token t + 1 (in the same tile as t, and in the next) changes none of them, bit for bit.
    const int T = 40, hs = 8;
    const std::size_t n = std::size_t(T) * hs;
    const auto q = random_floats(n, -2, 2, 8), k = random_floats(n, -2, 2, 9), v = random_floats(n, -2, 2, 10);
    const FlashTiles tiles{16, 16};
    const std::vector<float> base = run(q, k, v, T, hs, true, tiles);
    for (int t : {0, 5, 14, 15, 30}) {
        auto k2 = k, v2 = v;
        for (int i = 0; i < hs; ++i) k2[(t + 1) * hs + i] += 3.0f, v2[(t + 1) * hs + i] -= 5.0f;
        const std::vector<float> changed = run(q, k2, v2, T, hs, true, tiles);
        EXPECT_TRUE(std::equal(base.begin(), base.begin() + (t + 1) * hs, changed.begin()))
            << "changing token " << t + 1 << " changed an output at a position <= " << t
            << ": a key above the diagonal computed and not masked?";
        EXPECT_NE(base[(t + 1) * hs], changed[(t + 1) * hs]) << "token " << t + 1 << " sees itself";
    }
}

TEST(Memory, UsesOnlyItsWorkspaceWhateverT) {
    // The workspace's size does not depend on T: 20 736 floats (81 KiB) for hs = 64 and the default
    // tiles of 128 x 64 (128 64 + 64 64 + 128 64 + 2 128), against T^2 floats (64 MiB at
    // T = 4096) for attention_forward's att. The run helper gives exactly that many floats,
    // NaN-filled, between NaN margins: a result free of NaN and margins intact show the workspace
    // sufficed and nothing was read or written beyond it.
    EXPECT_EQ(flash_attention_workspace_floats(64), 20736u);
    EXPECT_LT(flash_attention_workspace_floats(64) * sizeof(float), std::size_t(1) << 20);
    const int T = 300, hs = 64;
    const std::size_t n = std::size_t(T) * hs;
    const auto q = random_floats(n, -1, 1, 11), k = random_floats(n, -1, 1, 12), v = random_floats(n, -1, 1, 13);
    for (bool causal : {false, true}) EXPECT_TRUE(check(q, k, v, T, hs, causal, {}));
    // One float short is refused.
    std::vector<float> out(n), small(flash_attention_workspace_floats(hs) - 1);
    EXPECT_TRUE(ThrowsInvalidArgument([&] { flash_attention(out, small, q, k, v, T, hs, false); }, {"workspace"}));
}

TEST(Cost, CausalSkipsEveryTileAboveTheDiagonalAndNoOther) {
    // Tiles counted: (query tile, key tile) pairs with at least one visible score. T = 256 with
    // 64 x 64 tiles: 16 without the mask, 1 + 2 + 3 + 4 = 10 causal (the diagonal tiles computed,
    // the 6 above skipped); with the default 128 x 64: 8, and 2 + 4 = 6 causal. Rectangular tiles
    // and a ragged T by the helper tiles_needed.
    const int hs = 8;
    struct Case {
        int T;
        FlashTiles tiles;
    };
    for (const Case& c : {Case{256, {}}, Case{200, {64, 32}}, Case{200, {32, 64}}, Case{37, {5, 3}}, Case{1, {}}}) {
        const std::size_t n = std::size_t(c.T) * hs;
        const auto q = random_floats(n, -1, 1, 14), k = random_floats(n, -1, 1, 15), v = random_floats(n, -1, 1, 16);
        for (bool causal : {false, true}) {
            FlashStats stats;
            stats.tiles_visited = -1;
            run(q, k, v, c.T, hs, causal, c.tiles, &stats);
            EXPECT_EQ(stats.tiles_visited, tiles_needed(c.T, causal, c.tiles))
                << "T = " << c.T << ", tiles " << c.tiles.rows << " x " << c.tiles.cols
                << (causal ? ", causal: skip the tiles wholly above the diagonal, compute the diagonal ones"
                           : ", no mask: every tile");
        }
    }
    FlashStats stats;
    run(random_floats(256 * 8, -1, 1, 17), random_floats(256 * 8, -1, 1, 18), random_floats(256 * 8, -1, 1, 19), 256,
        8, true, {}, &stats);
    EXPECT_EQ(stats.tiles_visited, 6) << "T = 256, the default 128 x 64 tiles, causal: 2 + 4";
}

TEST(Heads, EveryHeadMatchesAndThreadsChangeNothing) {
    // (B, NH, T, hs) = (2, 3, 70, 16): each head against the double oracle; 1, 2 and 3 threads
    // give the same bits.
    const int B = 2, NH = 3, T = 70, hs = 16;
    const std::size_t head = std::size_t(T) * hs, n = std::size_t(B) * NH * head;
    const auto q = random_floats(n, -2, 2, 20), k = random_floats(n, -2, 2, 21), v = random_floats(n, -2, 2, 22);
    for (bool causal : {false, true}) {
        std::vector<float> one(n, kNaN);
        flash_attention_heads(one, q, k, v, B, NH, T, hs, causal, 1);
        for (int h = 0; h < B * NH; ++h) {
            auto part = [&](const std::vector<float>& x) {
                return std::vector<float>(x.begin() + h * head, x.begin() + (h + 1) * head);
            };
            const Reference want = attention_d(part(q), part(k), part(v), T, hs, causal, 64);
            EXPECT_TRUE(Within(part(one), want.out, want.tol, hs, "head " + std::to_string(h)))
                << "head (b, h) at offset (b NH + h) T hs" << (causal ? ", causal" : "");
        }
        for (int threads : {2, 3}) {
            std::vector<float> many(n, kNaN);
            flash_attention_heads(many, q, k, v, B, NH, T, hs, causal, threads);
            EXPECT_EQ(many, one) << threads << " threads give other bits than 1";
        }
    }
}

TEST(BadInput, RefusesBadSizesTilesAndWorkspaces) {
    const int T = 4, hs = 2;
    const std::size_t n = std::size_t(T) * hs;
    std::vector<float> q(n, 0.5f), k(n, 0.25f), v(n, 1.0f), out(n), ws(flash_attention_workspace_floats(hs));
    flash_attention(out, ws, q, k, v, T, hs, true);  // valid; a stub throws NotImplemented here
    std::vector<float> shorter(n - 1);
    EXPECT_TRUE(ThrowsInvalidArgument([&] { flash_attention(out, ws, q, k, v, 0, hs, false); }, {"T"}))
        << kValidCallFirst;
    EXPECT_TRUE(ThrowsInvalidArgument([&] { flash_attention(out, ws, q, k, v, T, 0, false); }, {"hs"}));
    EXPECT_TRUE(ThrowsInvalidArgument([&] { flash_attention(out, ws, shorter, k, v, T, hs, false); }, {"q"}));
    EXPECT_TRUE(ThrowsInvalidArgument([&] { flash_attention(out, ws, q, shorter, v, T, hs, false); }, {"k"}));
    EXPECT_TRUE(ThrowsInvalidArgument([&] { flash_attention(out, ws, q, k, shorter, T, hs, false); }, {"v"}));
    EXPECT_TRUE(ThrowsInvalidArgument([&] { flash_attention(shorter, ws, q, k, v, T, hs, false); }, {"out"}));
    EXPECT_TRUE(ThrowsInvalidArgument([&] { flash_attention(out, ws, q, k, v, T, hs, false, {0, 4}); }, {"tiles"}));
    EXPECT_TRUE(ThrowsInvalidArgument([&] { flash_attention(out, q, k, v, T, hs, false, {4, 0}); }, {"tiles"}));
    EXPECT_TRUE(ThrowsInvalidArgument(
        [&] { flash_attention_heads(out, q, k, v, 1, 2, T, hs, false, 1); }, {"B * NH * T * hs"}))
        << "(B, NH, T, hs) = (1, 2, 4, 2) needs 16 floats, not 8";
    EXPECT_TRUE(ThrowsInvalidArgument([&] { flash_attention_heads(out, q, k, v, 1, 1, T, hs, false, 0); }, {"threads"}));
    EXPECT_TRUE(ThrowsInvalidArgument([&] { flash_attention_heads(out, q, k, v, 0, 1, T, hs, false, 1); }, {"B"}));
}

TEST(FlashAttention, WeightsWithinAFewRoundingsOfExp) {
    // hs = 1, q = 1: the scores are the keys exactly (q k exact, sqrt(1) = 1). Keys 0 .. T-2: score
    // 0 (the max, weight 1), v = 0; key T-1: score s = -0.3465 or -0.3467 (2^(s log2 e) with a
    // fractional part f = -+0.3465 ln 2-ish, the ends of the exp's range), v = 1. Every row: out =
    // w / (T - 1 + w), w = e^s. T = 2: the one-at-a-time exp; T = 8: a whole group of 8.
    // Tolerance, relative: w within 4u (the score in base 2, 2 roundings of |x| <= 1/2: 0.7u; f's
    // 2 roundings: 0.7u; Horner at |f| <= 0.35, the last two steps' roundings dominate: 2u;
    // truncation 0.1u; a library expf: <= 2u), out's sensitivity to w <= 1; acc = w exactly (the
    // other products are 0); l, a sum of T terms: (T - 1)u; the division: 2u. Total (T + 5)u.
    for (int T : {2, 8})
        for (float s : {-0.3465f, -0.3467f}) {
            std::vector<float> q(T, 1.0f), k(T, 0.0f), v(T, 0.0f);
            k[T - 1] = s, v[T - 1] = 1.0f;
            const double w = std::exp(double(s)), want = w / (T - 1 + w);
            const std::vector<double> tol(T, (T + 5) * kU * want);
            EXPECT_TRUE(Within(run(q, k, v, T, 1, false), std::vector<double>(T, want), tol, 1, "weights"))
                << "T = " << T << ", s = " << s;
        }
}

TEST(FlashAttention, EdgeColumnsAfterAWholeRegisterBlock) {
    // Key tiles of 20 (and 36) keys: 16 of them in a register block, the rest one at a time; the
    // last edge column is the tile's last, next to the next row's first score. hs = 63 and 65 next
    // to 64 (the size with a fixed-length path), with columns of P V past a register block.
    // Tolerance: the file's.
    for (int hs : {16, 63, 64, 65})
        for (FlashTiles tiles : {FlashTiles{8, 20}, FlashTiles{7, 36}}) {
            const int T = 72;
            const std::size_t n = std::size_t(T) * hs;
            const auto q = random_floats(n, -2, 2, 40 + hs), k = random_floats(n, -2, 2, 50 + hs),
                       v = random_floats(n, -2, 2, 60 + hs);
            for (bool causal : {false, true}) EXPECT_TRUE(check(q, k, v, T, hs, causal, tiles));
        }
}

TEST(Stability, EachNextKeyScoresFarHigher) {
    // q_t = (10, 10, 10, 10), k_j = 5 j (1, 1, 1, 1): s_tj = 100 j, each key 100 (144 in base 2)
    // above the previous, so every row is one-hot on its last visible key: out_t = v_t (causal),
    // v_{T-1} (no mask). Tiles with more rows than keys: a key tile may start right after a row,
    // whose scores there are all masked; they must not raise its max, else its sum and accumulator
    // are rescaled by 2^-126 and the accumulator of v ~ 1e-7 loses its digits in denormals. Tiles
    // of 2 or 3 keys: the max may be the tile's second score. Tolerance: the file's (about 3e-3
    // relative with scores of 1500: a float score's rounding is 1e-4 there).
    const int T = 16, hs = 4;
    std::vector<float> q(std::size_t(T) * hs, 10.0f), k(std::size_t(T) * hs);
    for (int j = 0; j < T; ++j)
        for (int i = 0; i < hs; ++i) k[j * hs + i] = 5.0f * float(j);
    const auto v = random_floats(std::size_t(T) * hs, 1e-7, 2e-7, 70);
    for (FlashTiles tiles : {FlashTiles{8, 1}, FlashTiles{4, 2}, FlashTiles{16, 8}, FlashTiles{5, 3}})
        for (bool causal : {false, true}) EXPECT_TRUE(check(q, k, v, T, hs, causal, tiles));
}

TEST(Stability, ADominantKeyAtEveryPlaceOfATileSetsItsRowsMax) {
    // q = 1 and key j alone = 30 in every channel: s_tj = 30 * 64 / sqrt(64) = 240 for key j, 0
    // for the others (346 in base 2). A row's max that misses the score 240 leaves exp of about
    // 2^346, which overflows; with it, every row that sees key j is one-hot on it. Key j takes
    // every place of the key tiles (the first, inside and after each block of 8, the last), with
    // tiles of 40 (T), 16, 13 and 5 keys. Oracle and tolerance: the file's (check).
    const int T = 40, hs = 64;
    const std::vector<float> q(std::size_t(T) * hs, 1.0f);
    const auto v = random_floats(std::size_t(T) * hs, -1, 1, 71);
    for (FlashTiles tiles : {FlashTiles{}, FlashTiles{16, 16}, FlashTiles{8, 13}, FlashTiles{8, 5}})
        for (bool causal : {false, true})
            for (int j = 0; j < T; ++j) {
                std::vector<float> k(std::size_t(T) * hs, 0.0f);
                std::fill(k.begin() + std::ptrdiff_t(j) * hs, k.begin() + std::ptrdiff_t(j + 1) * hs, 30.0f);
                const ::testing::AssertionResult ok = check(q, k, v, T, hs, causal, tiles);
                EXPECT_TRUE(ok) << "the dominant key is key " << j << " (place " << j % tiles.cols
                                << " of its tile): a row's max that skips it overflows the exponential";
                if (!ok) break;
            }
}

}  // namespace
}  // namespace course::attention
