// Tests for exercise 1, softmax (modules/attention/learner/softmax.cpp).
//
// Oracles: rows worked by hand (0 and ln 3 give 1/4 and 3/4; a backward of [1/4, 3/4] by hand); a
// plain double softmax written below (softmax_d), and central differences IN DOUBLE of it for the
// backward (never the code under test); PyTorch's F.softmax and its autograd backward in float64
// on five rows, frozen in fixtures/softmax_golden.hpp with the script that made them; properties
// (rows sum to one, a shift of a row changes nothing, a constant added to a row of dout changes no
// gradient). Cost: two passes over each row, nothing to count beyond that. Every test calls a
// function of the exercise first, so a stub shows "not started".
//
// Tolerances (u = 2^-24, float's unit roundoff), per element, derived for a float implementation
// as well as the double one: out_j = e_j / s with e_j = exp(x_j - m). In float, x_j - m is rounded
// once (relative u, an absolute error u |x_j - m|, which exp turns into a relative error
// u |x_j - m|), exp rounds once more, the sum of `cols` terms is off by gamma_cols relative
// (Higham 3.1, all terms positive) and the division rounds once: we allow
//     |got - want| <= (8 + 2 |x_j - m| + 2 cols) u want + kMinNormal
// (kMinNormal = 1.2e-38: a result below float's normal range may lose its digits or be flushed).
// The backward dinp_j = y_j (g_j - sum_k y_k g_k) from the float y: y's own rounding error
// (the bound above) times |g_j - dot|, plus the dot product's error gamma_cols sum_k |y_k g_k| and
// the subtraction's u (|g_j| + |dot|), times y_j; plus u |result| for the add into dinp.
#include "attention/softmax.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <limits>
#include <sstream>
#include <vector>

#include "course/random.hpp"
#include "course/testing.hpp"
#include "fixtures/softmax_golden.hpp"

namespace course::attention {
namespace {

using course::testing::kValidCallFirst;
using course::testing::ThrowsInvalidArgument;

constexpr double kU = 0x1p-24;                                            // float's unit roundoff
constexpr double kMinNormal = double(std::numeric_limits<float>::min());  // 1.2e-38
constexpr float kNaN = std::numeric_limits<float>::quiet_NaN();
constexpr float kInf = std::numeric_limits<float>::infinity();

// softmax_d: the oracle, a plain double softmax of each row (max subtracted; all -inf -> zeros).
std::vector<double> softmax_d(const std::vector<double>& x, int rows, int cols) {
    std::vector<double> y(x.size());
    for (int r = 0; r < rows; ++r) {
        const double* xr = &x[std::size_t(r) * cols];
        double m = -INFINITY;
        for (int j = 0; j < cols; ++j) m = std::max(m, xr[j]);
        double s = 0;
        for (int j = 0; j < cols; ++j) s += m == -INFINITY ? 0.0 : std::exp(xr[j] - m);
        for (int j = 0; j < cols; ++j)
            y[std::size_t(r) * cols + j] = m == -INFINITY ? 0.0 : std::exp(xr[j] - m) / s;
    }
    return y;
}

std::vector<double> to_double(const std::vector<float>& v) { return {v.begin(), v.end()}; }

// forward_tolerance: the bound of the file's comment, per element.
std::vector<double> forward_tolerance(const std::vector<float>& x, const std::vector<double>& want, int rows,
                                      int cols) {
    std::vector<double> tol(want.size());
    for (int r = 0; r < rows; ++r) {
        const std::size_t o = std::size_t(r) * cols;
        const double m = *std::max_element(x.begin() + o, x.begin() + o + cols);
        for (int j = 0; j < cols; ++j) {
            const double d = x[o + j] == -kInf ? 0.0 : std::abs(double(x[o + j]) - m);
            tol[o + j] = (8 + 2 * d + 2 * cols) * kU * want[o + j] + kMinNormal;
        }
    }
    return tol;
}

// backward_tolerance: the bound of the file's comment, per element; y_tol the forward's bound on
// y, init what dinp held before.
std::vector<double> backward_tolerance(const std::vector<double>& y, const std::vector<double>& y_tol,
                                       const std::vector<float>& g, const std::vector<double>& want, int rows,
                                       int cols) {
    std::vector<double> tol(want.size());
    for (int r = 0; r < rows; ++r) {
        const std::size_t o = std::size_t(r) * cols;
        double dot = 0, abs_dot = 0, y_err = 0;
        for (int k = 0; k < cols; ++k) {
            dot += y[o + k] * g[o + k];
            abs_dot += std::abs(y[o + k] * g[o + k]);
            y_err += y_tol[o + k] * std::abs(g[o + k]);
        }
        for (int j = 0; j < cols; ++j) {
            const double inner = std::abs(g[o + j] - dot);
            tol[o + j] = y_tol[o + j] * inner +
                         y[o + j] * (y_err + 2 * (cols + 2) * kU * (abs_dot + std::abs(g[o + j]))) +
                         2 * kU * std::abs(want[o + j]) + kMinNormal;
        }
    }
    return tol;
}

// Within: every |got - want| <= tol; on failure the count, the first and the worst (by error /
// tolerance) at [row, col], and a likely cause when a cheap check finds one.
::testing::AssertionResult Within(const std::vector<float>& got, const std::vector<double>& want,
                                  const std::vector<double>& tol, int rows, int cols) {
    int bad = 0;
    std::size_t first = 0, worst = 0;
    double worst_ratio = -1;
    for (std::size_t i = 0; i < got.size(); ++i) {
        const double err = std::abs(double(got[i]) - want[i]);
        if (err <= tol[i]) continue;  // false for NaN
        const double ratio = std::isnan(err) ? INFINITY : err / tol[i];
        if (bad++ == 0) first = i;
        if (ratio > worst_ratio) worst_ratio = ratio, worst = i;
    }
    if (bad == 0) return ::testing::AssertionSuccess();
    std::ostringstream out;
    out.precision(10);
    out << bad << " of " << got.size() << " elements differ (rows x cols = " << rows << " x " << cols << ")";
    for (std::size_t i : {first, worst})
        out << "\n  " << (i == first ? "first" : "worst") << " at [" << i / cols << ", " << i % cols << "]: got "
            << got[i] << ", want " << want[i] << " (tolerance " << tol[i] << ")";
    if (std::isnan(got[worst])) out << "\n  NaN: exp() overflowed (the row max not subtracted?) or 0 / 0";
    return ::testing::AssertionFailure() << out.str();
}

// random_rows: rows x cols floats uniform in [lo, hi), seeded.
std::vector<float> random_rows(int rows, int cols, double lo, double hi, std::uint64_t seed) {
    Rng rng(seed);
    std::vector<float> x(std::size_t(rows) * cols);
    for (float& v : x) v = float(rng.uniform(lo, hi));
    return x;
}

// check_forward: softmax_forward of x against softmax_d, every element within its tolerance.
::testing::AssertionResult check_forward(const std::vector<float>& x, int rows, int cols) {
    std::vector<float> out(x.size(), kNaN);
    softmax_forward(out, x, rows, cols);
    const std::vector<double> want = softmax_d(to_double(x), rows, cols);
    return Within(out, want, forward_tolerance(x, want, rows, cols), rows, cols);
}

// ---- forward ----

TEST(Softmax, HandWorkedRows) {
    // Row 0: e^0 : e^(ln 3) = 1 : 3, so 1/4 and 3/4 (ln 3 rounded to float moves them by u).
    // Row 1: equal entries share evenly. Row 2: 0 and -ln 3 give 3/4 and 1/4 (order kept).
    const std::vector<float> x = {0.0f, float(std::log(3.0)), 2.0f, 2.0f, 0.0f, float(-std::log(3.0))};
    std::vector<float> out(6, kNaN);
    softmax_forward(out, x, 3, 2);
    const std::vector<double> want = {0.25, 0.75, 0.5, 0.5, 0.75, 0.25};
    EXPECT_TRUE(Within(out, want, std::vector<double>(6, 8 * kU), 3, 2))
        << "softmax of (0, ln 3) is (1/4, 3/4): exp of each, divided by their sum, per row";
}

TEST(Softmax, MatchesADoubleSoftmaxOverEachRowNotEachColumn) {
    // Shapes with 1, primes and rows != cols: a softmax over the columns (or over the whole
    // matrix) differs from the oracle at every entry.
    for (auto [rows, cols] : {std::pair{1, 1}, {1, 7}, {5, 1}, {3, 5}, {5, 3}, {7, 33}, {2, 257}}) {
        const std::vector<float> x = random_rows(rows, cols, -4, 4, 100 + rows * 1000 + cols);
        EXPECT_TRUE(check_forward(x, rows, cols)) << rows << " x " << cols;
    }
}

TEST(Softmax, RowsSumToOne) {
    // Each row: sum of cols outputs, each within (8 + 2 |x_j - m| + 2 cols) u of its value, and the
    // sum's own roundings: |sum - 1| <= (16 + 4 * 8 + 4 cols) u, with |x_j - m| <= 8 here.
    const int rows = 6, cols = 61;
    const std::vector<float> x = random_rows(rows, cols, -4, 4, 7);
    std::vector<float> out(x.size(), kNaN);
    softmax_forward(out, x, rows, cols);
    for (int r = 0; r < rows; ++r) {
        double s = 0;
        for (int j = 0; j < cols; ++j) s += out[std::size_t(r) * cols + j];
        EXPECT_NEAR(s, 1.0, (48 + 4 * cols) * kU) << "row " << r << " of " << rows << " x " << cols;
    }
}

TEST(Softmax, AddingAConstantToARowChangesNothing) {
    // Values on a grid of 1/16 in [-4, 4], shifted by 1024 and by -4096: exact in float (24 bits
    // hold 4096 * 16), so the shifted rows hold the same differences and the same softmax.
    Rng rng(11);
    const int rows = 3, cols = 17;
    std::vector<float> x(std::size_t(rows) * cols);
    for (float& v : x) v = float(std::round(rng.uniform(-4, 4) * 16) / 16);
    std::vector<float> base(x.size(), kNaN);
    softmax_forward(base, x, rows, cols);
    const std::vector<double> want(base.begin(), base.end());
    for (float shift : {1024.0f, -4096.0f}) {
        std::vector<float> shifted = x;
        for (float& v : shifted) v += shift;
        std::vector<float> out(x.size(), kNaN);
        softmax_forward(out, shifted, rows, cols);
        EXPECT_TRUE(Within(out, want, forward_tolerance(x, want, rows, cols), rows, cols)) << "shift " << shift;
    }
}

TEST(Stability, RowsOfThousandsAndOffsetsOf1e30AreFiniteAndRight) {
    // Row 0: +-1000 (exp(1000) overflows even double without the max subtracted). Row 1: 1000 plus
    // order-one values: a plain softmax of the differences. Row 2: 1e30 plus multiples of float's
    // spacing there (2^76 = 7.6e22): every difference is >= 7.6e22, so out is one-hot at the max.
    // Row 3: -1e30 everywhere, equal: uniform. Row 4: 3e38 and -3e38 (the max and its negation).
    const int cols = 5;
    const float big = 1e30f, ulp = std::nextafter(big, 2 * big) - big;
    const std::vector<float> x = {
        1000.0f, -1000.0f, 999.0f, -999.5f, 1000.0f,          //
        1000.5f, 1001.25f, 999.75f, 1000.0f, 998.0f,          //
        big, big + ulp, big - ulp, big + 2 * ulp, big,        //
        -big, -big, -big, -big, -big,                         //
        3e38f, -3e38f, 3e38f, 0.0f, -3e38f,                   //
    };
    EXPECT_TRUE(check_forward(x, 5, cols));
    std::vector<float> out(x.size(), kNaN);
    softmax_forward(out, x, 5, cols);
    EXPECT_EQ(out[13], 1.0f) << "row 2: 1e30 + 2 ulp is the max by 3e23: probability 1";
    EXPECT_FLOAT_EQ(out[15], 0.2f) << "row 3: five equal entries of -1e30 share 1/5 each";
}

TEST(Masking, MinusInfinityIsMaskedOutAndTheRestRenormalized) {
    // (0, -inf, ln 3, -inf): the masked entries give exactly 0 and (0, ln 3) share 1/4, 3/4.
    const std::vector<float> x = {0.0f, -kInf, float(std::log(3.0)), -kInf};
    std::vector<float> out(4, kNaN);
    softmax_forward(out, x, 1, 4);
    EXPECT_EQ(out[1], 0.0f);
    EXPECT_EQ(out[3], 0.0f);
    EXPECT_TRUE(Within(out, {0.25, 0.0, 0.75, 0.0}, std::vector<double>(4, 8 * kU), 1, 4));
}

TEST(Masking, AnAllMaskedRowGivesZerosAndNoGradient) {
    // Row 1 is all -inf (a query with no key): zeros, not 0 / 0 = NaN; its neighbours unharmed.
    const std::vector<float> x = {1.0f, 1.0f, -kInf, -kInf, -kInf, -kInf, -kInf, 2.0f, 2.0f};
    std::vector<float> out(9, kNaN);
    softmax_forward(out, x, 3, 3);
    EXPECT_EQ(out, (std::vector<float>{0.5f, 0.5f, 0.0f, 0.0f, 0.0f, 0.0f, 0.0f, 0.5f, 0.5f}));
    std::vector<float> dinp(9, 1.5f);
    const std::vector<float> dout = {1, 2, 3, 4, 5, 6, 7, 8, 9};
    softmax_backward(dinp, out, dout, 3, 3);
    for (int j = 3; j < 6; ++j) EXPECT_EQ(dinp[j], 1.5f) << "the all-masked row receives nothing, at " << j;
    EXPECT_EQ(dinp[2], 1.5f) << "a masked entry (out = 0) receives nothing";
}

TEST(Softmax, ARowOfOneElementIsOne) {
    // One entry: exp(x - x) / exp(0) = 1 for any finite x; its gradient y (g - y g) = 0.
    const std::vector<float> x = {-7.5f, 0.0f, 3e38f, -3e38f};
    std::vector<float> out(4, kNaN);
    softmax_forward(out, x, 4, 1);
    EXPECT_EQ(out, (std::vector<float>{1, 1, 1, 1}));
    std::vector<float> dinp = {1, 2, 3, 4};
    softmax_backward(dinp, out, std::vector<float>{5, -6, 7, 8}, 4, 1);
    EXPECT_EQ(dinp, (std::vector<float>{1, 2, 3, 4})) << "a one-entry softmax is constant: no gradient";
}

TEST(Softmax, ANaNMakesItsRowNaNAndLeavesTheOthers) {
    // The contract: a NaN in a row makes that row NaN, even beside -inf (a max that skips the NaN
    // would call (NaN, -inf) all masked and return zeros); +inf gives NaN as in PyTorch.
    const std::vector<float> x = {1.0f, kNaN, 2.0f, kNaN, -kInf, -kInf, 0.0f, 0.0f, 0.0f, kInf, 1.0f, 2.0f};
    std::vector<float> out(12, 0.0f);
    softmax_forward(out, x, 4, 3);
    for (int j = 0; j < 6; ++j) EXPECT_TRUE(std::isnan(out[j])) << "rows 0 and 1 hold a NaN: NaN at " << j;
    for (int j = 6; j < 9; ++j) EXPECT_FLOAT_EQ(out[j], 1.0f / 3) << "row 2 is unaffected, at " << j;
    EXPECT_TRUE(std::isnan(out[9])) << "a row holding +inf: NaN (inf - inf), as PyTorch";
}

TEST(Softmax, RunsInPlace) {
    const int rows = 4, cols = 9;
    const std::vector<float> x = random_rows(rows, cols, -3, 3, 5);
    std::vector<float> separate(x.size(), kNaN), inplace = x;
    softmax_forward(separate, x, rows, cols);
    softmax_forward(inplace, inplace, rows, cols);
    EXPECT_EQ(inplace, separate) << "out may be inp: every element is read before it is written";
}

// ---- backward ----

TEST(SoftmaxBackward, HandWorkedRow) {
    // y = (1/4, 3/4), g = (1, 0): dot = 1/4, dinp = (1/4 * 3/4, 3/4 * (-1/4)) = (3/16, -3/16), exact.
    // Without the sum term it would be (1/4, 0).
    std::vector<float> dinp = {0.0f, 0.0f};
    softmax_backward(dinp, std::vector<float>{0.25f, 0.75f}, std::vector<float>{1.0f, 0.0f}, 1, 2);
    EXPECT_EQ(dinp, (std::vector<float>{0.1875f, -0.1875f}))
        << "dinp_j = y_j (g_j - sum_k y_k g_k): (3/16, -3/16)";
}

TEST(SoftmaxBackward, MatchesFiniteDifferencesOfADoubleSoftmax) {
    // L(x) = sum_{r,j} g[r,j] softmax_d(x)[r,j]; dL/dx by central differences in double (step
    // cbrt(eps), error about eps^(2/3) = 4e-11 relative to |g|, far below float's). The backward
    // runs on the float softmax of x; its tolerance is the file's comment's plus 1e-9 |g|max.
    for (auto [rows, cols] : {std::pair{1, 2}, {3, 5}, {4, 17}, {2, 64}}) {
        std::vector<float> x = random_rows(rows, cols, -3, 3, 300 + cols);
        if (cols == 17) x[5] = x[20] = -kInf;  // masked entries: their gradient is 0
        const std::vector<float> g = random_rows(rows, cols, -2, 2, 400 + cols);
        std::vector<double> xd = to_double(x);
        auto loss = [&](const std::vector<double>& v) {
            const std::vector<double> y = softmax_d(v, rows, cols);
            double L = 0;
            for (std::size_t i = 0; i < y.size(); ++i) L += double(g[i]) * y[i];
            return L;
        };
        std::vector<double> want(x.size());
        const double h = std::cbrt(std::numeric_limits<double>::epsilon());
        for (std::size_t i = 0; i < x.size(); ++i) {
            if (x[i] == -kInf) continue;  // no derivative at a masked entry: 0
            const double keep = xd[i];
            xd[i] = keep + h;
            const double up = loss(xd);
            xd[i] = keep - h;
            want[i] = (up - loss(xd)) / (2 * h);
            xd[i] = keep;
        }
        std::vector<float> y(x.size(), kNaN), dinp(x.size(), 0.0f);
        softmax_forward(y, x, rows, cols);
        softmax_backward(dinp, y, g, rows, cols);
        const std::vector<double> yd = softmax_d(xd, rows, cols);
        std::vector<double> tol = backward_tolerance(yd, forward_tolerance(x, yd, rows, cols), g, want, rows, cols);
        for (double& t : tol) t += 2e-9;
        EXPECT_TRUE(Within(dinp, want, tol, rows, cols)) << rows << " x " << cols;
    }
}

TEST(SoftmaxBackward, AddsIntoDinpAndIgnoresAConstantAddedToDout) {
    // Two calls into a dinp that starts at 5: 5 + 2 * (the gradient). Adding 10 to every entry of a
    // row of dout changes no loss through a softmax (rows sum to one): the second call uses it.
    const int rows = 3, cols = 6;
    const std::vector<float> y0 = random_rows(rows, cols, -2, 2, 21);
    std::vector<float> y(y0.size(), kNaN);
    softmax_forward(y, y0, rows, cols);
    const std::vector<float> g = random_rows(rows, cols, -1, 1, 22);
    std::vector<float> once(y.size(), 0.0f);
    softmax_backward(once, y, g, rows, cols);
    std::vector<float> g_shifted = g;
    for (float& v : g_shifted) v += 10.0f;
    std::vector<float> twice(y.size(), 5.0f);
    softmax_backward(twice, y, g, rows, cols);
    softmax_backward(twice, y, g_shifted, rows, cols);
    // |once| <= 2 here; the shifted dout cancels 10 + dot with error about 16 u * 12: 1e-5 covers it.
    std::vector<double> want(y.size());
    for (std::size_t i = 0; i < y.size(); ++i) want[i] = 5.0 + 2.0 * once[i];
    EXPECT_TRUE(Within(twice, want, std::vector<double>(y.size(), 1e-5), rows, cols))
        << "the backward ADDS (+=) into dinp, and dinp_j = y_j (g_j - sum_k y_k g_k) is blind to g + c";
}

TEST(Golden, MatchesPyTorchForwardAndBackward) {
    using namespace golden;
    const std::vector<float> x(kInp, kInp + kRows * kCols), g(kDout, kDout + kRows * kCols);
    std::vector<float> out(x.size(), kNaN), dinp(x.size(), 0.0f);
    softmax_forward(out, x, kRows, kCols);
    const std::vector<double> want(kOut, kOut + kRows * kCols), want_d(kDinp, kDinp + kRows * kCols);
    // The fixture's 9 digits add 5e-10 relative: inside 8 u.
    const std::vector<double> tol = forward_tolerance(x, want, kRows, kCols);
    EXPECT_TRUE(Within(out, want, tol, kRows, kCols)) << "F.softmax(inp, dim=-1)";
    softmax_backward(dinp, out, g, kRows, kCols);
    EXPECT_TRUE(Within(dinp, want_d, backward_tolerance(want, tol, g, want_d, kRows, kCols), kRows, kCols))
        << "autograd of F.softmax with dout";
}

TEST(BadInput, RefusesBadSizes) {
    std::vector<float> out(6), x(6, 1.0f), d(6), g(6, 1.0f);
    softmax_forward(out, x, 2, 3);
    softmax_backward(d, out, g, 2, 3);
    SUCCEED() << kValidCallFirst;
    EXPECT_TRUE(ThrowsInvalidArgument([&] { softmax_forward(out, x, 0, 3); }, {"rows", "0"}));
    EXPECT_TRUE(ThrowsInvalidArgument([&] { softmax_forward(out, x, 2, -3); }, {"cols", "-3"}));
    EXPECT_TRUE(ThrowsInvalidArgument([&] { softmax_forward(out, x, 3, 3); }, {"inp", "6", "9"}));
    EXPECT_TRUE(ThrowsInvalidArgument([&] { softmax_forward(std::span(out).first(5), x, 2, 3); }, {"out", "5"}));
    EXPECT_TRUE(ThrowsInvalidArgument([&] { softmax_backward(d, out, g, 2, 0); }, {"cols", "0"}));
    EXPECT_TRUE(ThrowsInvalidArgument([&] { softmax_backward(d, out, g, -1, 6); }, {"rows", "-1"}));
    EXPECT_TRUE(ThrowsInvalidArgument([&] { softmax_backward(std::span(d).first(4), out, g, 2, 3); }, {"dinp"}));
    EXPECT_TRUE(ThrowsInvalidArgument([&] { softmax_backward(d, std::span(out).first(3), g, 2, 3); }, {"out"}));
    EXPECT_TRUE(ThrowsInvalidArgument([&] { softmax_backward(d, out, std::span(g).first(5), 2, 3); }, {"dout"}));
}

TEST(Masking, SpecialRowsWriteTheirRowAndNothingElse) {
    // An all-masked row and a NaN row, each in the middle and as the LAST row, in a buffer with
    // sentinel margins: a fill loop that runs one element too far writes the next row's first
    // input (in place: before it is read) or past the end of out.
    const int rows = 5, cols = 3;
    const std::vector<float> x = {-kInf, -kInf, -kInf, 0.0f, 0.0f, 0.0f, kNaN, 1.0f, 2.0f,
                                  0.0f, 0.0f, 0.0f, -kInf, -kInf, -kInf};
    const std::vector<float> want = {0, 0, 0, 1.0f / 3, 1.0f / 3, 1.0f / 3, kNaN, kNaN, kNaN,
                                     1.0f / 3, 1.0f / 3, 1.0f / 3, 0, 0, 0};
    auto same = [&](std::span<const float> got) {
        for (int i = 0; i < rows * cols; ++i)
            if (!(std::isnan(want[i]) ? std::isnan(got[i]) : std::abs(got[i] - want[i]) <= 4 * kU)) return false;
        return true;
    };
    course::testing::GuardedBuffer out(std::vector<float>(x.size(), kNaN), 8, course::testing::kSentinel);
    softmax_forward(out.span(), x, rows, cols);
    EXPECT_TRUE(same(out.cspan())) << "rows: masked, uniform, NaN, uniform, masked";
    EXPECT_TRUE(out.margins_hold(course::testing::kSentinel)) << "softmax_forward wrote outside out";
    course::testing::GuardedBuffer inplace(x, 8, course::testing::kSentinel);
    softmax_forward(inplace.span(), inplace.cspan(), rows, cols);
    EXPECT_TRUE(same(inplace.cspan())) << "in place: a row's fill must not touch the next row's input";
    EXPECT_TRUE(inplace.margins_hold(course::testing::kSentinel)) << "softmax_forward wrote outside out (in place)";
}

}  // namespace
}  // namespace course::attention
