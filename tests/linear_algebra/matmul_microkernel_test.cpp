// Tests for exercise 16, matmul_microkernel, rung 3 of the matmul ladder
// (modules/linear_algebra/learner/matmul_microkernel.cpp).
//
// Oracle: the definition C[i, j] += sum_p A_panel[p * kMR + i] * B_panel[p * kNR + j], summed in
// double on the same float inputs, plus hand-worked tiles. The C tile sits inside a wider buffer
// (row stride ldc > kNR) between sentinel margins, so writes to the gaps between its rows or past
// its end show up. Bad-input checks first call the kernel on valid input, so a stub is "not started".
#include "linear_algebra/matmul_microkernel.hpp"

#include <gtest/gtest.h>

#include <bit>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <utility>
#include <vector>

#include "course/random.hpp"
#include "course/testing.hpp"

namespace course::linear_algebra {
namespace {

using course::testing::AllClose;
using course::testing::GuardedBuffer;
using course::testing::kSentinel;
using course::testing::ThrowsInvalidArgument;

// Panels: packed micro-panels of A (kMR x kc) and B (kc x kNR) and a C buffer of kMR rows of ldc.
struct Panels {
    int kc, ldc;
    std::vector<float> A, B, C;
};

Panels random_panels(int kc, int ldc, std::uint64_t seed) {
    return {kc, ldc, random_floats(std::size_t(kMR) * kc, seed), random_floats(std::size_t(kNR) * kc, seed + 1),
            random_floats(std::size_t(kMR) * ldc, seed + 2)};
}

// expected_tile: the definition, in double, from the C before the call: C0 plus the panels' product in the tile, C0 elsewhere.
std::vector<double> expected_tile(const Panels& t) {
    std::vector<double> C(t.C.begin(), t.C.end());
    for (int i = 0; i < kMR; ++i)
        for (int j = 0; j < kNR; ++j)
            for (int p = 0; p < t.kc; ++p)
                C[std::size_t(i) * t.ldc + j] += double(t.A[std::size_t(p) * kMR + i]) * t.B[std::size_t(p) * kNR + j];
    return C;
}

// tile_tolerance: each tile element is C0 plus kc products, with |C0|, |A|, |B| <= 1: a sum of
// kc + 1 terms of magnitude <= 1, so |error| <= gamma_{kc+1} (kc + 1) in any order, FMA or not
// (Higham 3.1); rtol u for the final rounding to float.
testing::Tolerance tile_tolerance(int kc) {
    return {testing::sum_tolerance<float>(kc + 1, kc + 1.0).atol, testing::unit_roundoff<float>()};
}

// run_guarded: the kernel on t.C between sentinel margins; false if a margin was written.
bool run_guarded(Panels& t) {
    GuardedBuffer C(t.C, 64, kSentinel);
    matmul_microkernel(C.span(), t.ldc, t.A, t.B, t.kc);
    t.C.assign(C.cspan().begin(), C.cspan().end());
    return C.margins_hold(kSentinel);
}

TEST(MatmulMicrokernel, AddsTheProductOfTwoPanelsByHand) {
    // kc = 1: A_panel = (1, 2, ..., kMR), B_panel = (1, 2, ..., kNR), C = 1 everywhere (ldc = kNR).
    // C[i, j] = 1 + (i + 1)(j + 1): small integers, exact in float.
    Panels t{1, kNR, {}, {}, std::vector<float>(std::size_t(kMR) * kNR, 1.0f)};
    for (int i = 0; i < kMR; ++i) t.A.push_back(float(i + 1));
    for (int j = 0; j < kNR; ++j) t.B.push_back(float(j + 1));
    ASSERT_TRUE(run_guarded(t)) << "the kernel wrote outside the kMR x kNR tile of C";
    std::vector<float> want;
    for (int i = 0; i < kMR; ++i)
        for (int j = 0; j < kNR; ++j) want.push_back(1.0f + float((i + 1) * (j + 1)));
    EXPECT_TRUE(AllClose(t.C, want, {0.0, 0.0}, {kMR, kNR}))
        << "kc = 1, C = 1 before the call: C[i, j] must be 1 + A_panel[i] * B_panel[j] = 1 + (i + 1)(j + 1). "
           "If it is (i + 1)(j + 1), the kernel assigns C = instead of adding C +=";
}

TEST(MatmulMicrokernel, MatchesTheDefinitionForEveryDepth) {
    // kc = 0 (C unchanged), 1, 2, odd, the default block depth, and a long one.
    std::uint64_t seed = 500;
    for (int kc : {0, 1, 2, 7, 64, 256, 1000}) {
        Panels t = random_panels(kc, kNR, seed);
        const std::vector<double> want = expected_tile(t);
        ASSERT_TRUE(run_guarded(t)) << "kc = " << kc << ": the kernel wrote outside the tile of C";
        const std::vector<double> got(t.C.begin(), t.C.end());
        EXPECT_TRUE(AllClose(got, want, tile_tolerance(kc), {kMR, kNR}))
            << "kc = " << kc << ", seed " << seed << ": C[i, j] += sum_p A_panel[p * kMR + i] * B_panel[p * kNR + j]";
        seed += 3;
    }
}

TEST(MatmulMicrokernel, ReadsThePanelsInPackedOrder) {
    // kc = 3 with every panel entry different: reading A_panel row-major (A_panel[i * kc + p]) or
    // B_panel column-major gives a different product.
    Panels t = random_panels(3, kNR, 520);
    const std::vector<double> want = expected_tile(t);
    ASSERT_TRUE(run_guarded(t));
    const std::vector<double> got(t.C.begin(), t.C.end());
    EXPECT_TRUE(AllClose(got, want, tile_tolerance(3), {kMR, kNR}))
        << "kc = 3, seed 520. The packed order: step p of the A micro-panel is A_panel[p * kMR + 0 .. kMR - 1] "
           "(kMR values of one column of A), and of the B micro-panel B_panel[p * kNR + 0 .. kNR - 1]";
}

TEST(MatmulMicrokernel, LeavesTheRestOfAWiderCUntouched) {
    // ldc = kNR + 5: C holds kMR rows of ldc floats; only the first kNR of each row are the tile.
    for (int kc : {1, 33}) {
        const int ldc = kNR + 5;
        Panels t = random_panels(kc, ldc, 540 + std::uint64_t(kc));
        const std::vector<double> want = expected_tile(t);
        ASSERT_TRUE(run_guarded(t)) << "kc = " << kc << ", ldc = " << ldc << ": wrote outside C";
        for (int i = 0; i < kMR; ++i)
            for (int j = kNR; j < ldc; ++j)
                ASSERT_EQ(double(t.C[std::size_t(i) * ldc + j]), want[std::size_t(i) * ldc + j])
                    << "C[" << i << ", " << j << "] is outside the tile (j >= kNR = " << kNR << ") but changed; "
                    << "row i of the tile starts at C[i * ldc], ldc = " << ldc;
        const std::vector<double> got(t.C.begin(), t.C.end());
        EXPECT_TRUE(AllClose(got, want, tile_tolerance(kc), {kMR, ldc}))
            << "kc = " << kc << ", ldc = " << ldc << ": row i of the C tile starts at C[i * ldc], not C[i * kNR]";
    }
}

TEST(MatmulMicrokernelEdge, AddsOnlyTheValidCorner) {
    // Every edge shape rows x cols (0..kMR x 0..kNR). C is exactly (rows - 1) * ldc + cols floats
    // between sentinel margins, so touching anything outside the corner is caught.
    const int kc = 9, ldc = kNR + 3;
    std::uint64_t seed = 600;
    for (int rows = 0; rows <= kMR; ++rows)
        for (int cols = 0; cols <= kNR; ++cols) {
            Panels t = random_panels(kc, ldc, seed++);
            const std::size_t extent = rows == 0 || cols == 0 ? 0 : std::size_t(rows - 1) * ldc + cols;
            const std::vector<double> full = expected_tile(t);
            std::vector<float> C(t.C.begin(), t.C.begin() + std::ptrdiff_t(extent));
            GuardedBuffer guarded(C, 64, kSentinel);
            matmul_microkernel_edge(guarded.span(), ldc, t.A, t.B, kc, rows, cols);
            ASSERT_TRUE(guarded.margins_hold(kSentinel))
                << rows << " x " << cols << " edge tile: wrote outside its (rows - 1) * ldc + cols elements of C";
            const std::vector<double> got(guarded.cspan().begin(), guarded.cspan().end());
            std::vector<double> want(C.begin(), C.end());  // the gaps keep their values ...
            for (int i = 0; i < rows; ++i)                   // ... the corner gets the product
                for (int j = 0; j < cols; ++j) want[std::size_t(i) * ldc + j] = full[std::size_t(i) * ldc + j];
            ASSERT_TRUE(AllClose(got, want, tile_tolerance(kc)))
                << rows << " x " << cols << " edge tile, kc = " << kc << ", ldc = " << ldc << ", seed " << seed - 1
                << ": the first `rows` rows and `cols` columns get the product added, the gaps keep their values";
        }
}

TEST(MatmulMicrokernel, RefusesBadArguments) {
    Panels t = random_panels(4, kNR, 700);
    const std::vector<double> want = expected_tile(t);
    matmul_microkernel(t.C, kNR, t.A, t.B, 4);  // valid
    EXPECT_TRUE(AllClose(std::vector<double>(t.C.begin(), t.C.end()), want, tile_tolerance(4), {kMR, kNR}))
        << course::testing::kValidCallFirst;
    const std::vector<float> A_short(std::size_t(kMR) * 4 - 1), B_short(std::size_t(kNR) * 4 - 1);
    std::vector<float> C_short(std::size_t(kMR - 1) * kNR + kNR - 1);
    EXPECT_TRUE(ThrowsInvalidArgument([&] { matmul_microkernel(t.C, kNR, t.A, t.B, -1); },
                                      {"matmul_microkernel", "kc", "-1"}));
    EXPECT_TRUE(ThrowsInvalidArgument([&] { matmul_microkernel(t.C, kNR - 1, t.A, t.B, 4); },
                                      {"matmul_microkernel", "ldc", std::to_string(kNR - 1)}));
    EXPECT_TRUE(ThrowsInvalidArgument([&] { matmul_microkernel(t.C, kNR, A_short, t.B, 4); },
                                      {"matmul_microkernel", "A_panel", std::to_string(A_short.size())}));
    EXPECT_TRUE(ThrowsInvalidArgument([&] { matmul_microkernel(t.C, kNR, t.A, B_short, 4); },
                                      {"matmul_microkernel", "B_panel", std::to_string(B_short.size())}));
    EXPECT_TRUE(ThrowsInvalidArgument([&] { matmul_microkernel(C_short, kNR, t.A, t.B, 4); },
                                      {"matmul_microkernel", "C", std::to_string(C_short.size())}));
}

TEST(MatmulMicrokernelEdge, RefusesBadArguments) {
    Panels t = random_panels(4, kNR, 710);
    const float untouched = t.C[3];  // C[0, 3], outside the 2 x 3 corner
    matmul_microkernel_edge(t.C, kNR, t.A, t.B, 4, 2, 3);  // valid
    EXPECT_EQ(t.C[3], untouched) << "C[0, 3] is outside the 2 x 3 corner. " << course::testing::kValidCallFirst;
    EXPECT_TRUE(ThrowsInvalidArgument([&] { matmul_microkernel_edge(t.C, kNR, t.A, t.B, 4, kMR + 1, 3); },
                                      {"matmul_microkernel_edge", std::to_string(kMR + 1)}));
    EXPECT_TRUE(ThrowsInvalidArgument([&] { matmul_microkernel_edge(t.C, kNR, t.A, t.B, 4, 2, -1); },
                                      {"matmul_microkernel_edge", "-1"}));
    std::vector<float> C_short(kNR + 2);  // rows 2, cols 3 with ldc = kNR need kNR + 3
    EXPECT_TRUE(ThrowsInvalidArgument([&] { matmul_microkernel_edge(C_short, kNR, t.A, t.B, 4, 2, 3); },
                                      {"matmul_microkernel_edge", "C", std::to_string(C_short.size())}));
}

// scaled_panels: random panels with A_panel times a, B_panel times b and C times a * b (so that
// C and the product it gets are of one size), each rounded to float.
Panels scaled_panels(int kc, double a, double b, std::uint64_t seed) {
    Panels t = random_panels(kc, kNR, seed);
    for (float& e : t.A) e = float(double(e) * a);
    for (float& e : t.B) e = float(double(e) * b);
    for (float& e : t.C) e = float(double(e) * a * b);
    return t;
}

TEST(MatmulMicrokernel, MatchesTheDefinitionAtExtremeScales) {
    // C + A_panel^T B_panel is homogeneous: scaling A by a, B by b and C by ab scales the result by
    // ab. A at 1e-30 and 1e30, and both panels at 1e15: no threshold, no overflow. The tolerance
    // of tile_tolerance is for entries of size 1, so it is scaled by ab.
    const int kc = 37;
    const double scales[][2] = {{1e-30, 1.0}, {1e30, 1.0}, {1e15, 1e15}};
    std::uint64_t seed = 560;
    for (const auto& [a, b] : scales) {
        Panels t = scaled_panels(kc, a, b, seed);
        const std::vector<double> want = expected_tile(t);
        ASSERT_TRUE(run_guarded(t)) << "A at scale " << a << ", B at scale " << b << ": wrote outside the tile";
        const std::vector<double> got(t.C.begin(), t.C.end());
        const testing::Tolerance tol = tile_tolerance(kc);
        EXPECT_TRUE(AllClose(got, want, {tol.atol * a * b, tol.rtol}, {kMR, kNR}))
            << "kc = " << kc << ", A_panel at scale " << a << ", B_panel at scale " << b << ", C at " << a * b
            << ", seed " << seed;
        seed += 3;
    }
    // Subnormal floats in A_panel (below 1.2e-38, the smallest normal float), made from their bits:
    // A_panel[p * kMR + i] = (p + 1) * 2^-149, B_panel[p * kNR + j] = (j + 1) * 2^100, C = 0. Every
    // product and partial sum is a normal float, exact: C[i, j] = (j + 1) * 15 * 2^-49 for kc = 5,
    // in any order. 0 means subnormal inputs were treated as 0 (a threshold, or the FTZ/DAZ bits).
    Panels t{5, kNR, {}, {}, std::vector<float>(std::size_t(kMR) * kNR, 0.0f)};
    for (int p = 0; p < t.kc; ++p) {
        for (int i = 0; i < kMR; ++i) t.A.push_back(std::bit_cast<float>(std::uint32_t(p + 1)));
        for (int j = 0; j < kNR; ++j) t.B.push_back(std::ldexp(float(j + 1), 100));
    }
    ASSERT_TRUE(run_guarded(t));
    std::vector<float> want;
    for (int i = 0; i < kMR; ++i)
        for (int j = 0; j < kNR; ++j) want.push_back(std::ldexp(float((j + 1) * 15), -49));
    EXPECT_TRUE(AllClose(t.C, want, {0.0, 0.0}, {kMR, kNR}))
        << "kc = 5, A_panel[p * kMR + i] = (p + 1) * 2^-149 (subnormal floats), B_panel[p * kNR + j] = (j + 1) * 2^100: "
           "C[i, j] = (j + 1) * 15 * 2^-49 exactly. 0 means subnormal inputs were treated as 0";
}

TEST(MatmulMicrokernelEdge, WorksWithARowStrideNarrowerThanTheTile) {
    // The edge kernel needs only ldc >= cols: a C of 3 columns (ldc = 3, less than kNR) is valid.
    // The corner gets its product added, and nothing past its (rows - 1) * ldc + cols elements is
    // touched: a kernel that adds whole kNR-wide rows of the tile into C, or hands C with this ldc
    // to matmul_microkernel, fails here.
    const int kc = 5, cols = 3, ldc = 3;
    std::uint64_t seed = 630;
    for (int rows : {1, 2, kMR}) {
        Panels t = random_panels(kc, kNR, seed++);
        const std::vector<float> C0 = random_floats(std::size_t(rows) * ldc, seed++);
        std::vector<double> want(C0.begin(), C0.end());
        for (int i = 0; i < rows; ++i)
            for (int j = 0; j < cols; ++j)
                for (int p = 0; p < kc; ++p)
                    want[std::size_t(i) * ldc + j] +=
                        double(t.A[std::size_t(p) * kMR + i]) * t.B[std::size_t(p) * kNR + j];
        GuardedBuffer guarded(C0, 64, kSentinel);
        matmul_microkernel_edge(guarded.span(), ldc, t.A, t.B, kc, rows, cols);
        ASSERT_TRUE(guarded.margins_hold(kSentinel))
            << rows << " x " << cols << " edge tile with ldc = " << ldc << ": wrote outside its " << rows * ldc
            << " elements of C";
        const std::vector<double> got(guarded.cspan().begin(), guarded.cspan().end());
        EXPECT_TRUE(AllClose(got, want, tile_tolerance(kc), {rows, ldc}))
            << rows << " x " << cols << " edge tile, ldc = " << ldc << " < kNR = " << kNR << ", kc = " << kc;
    }
}

TEST(MatmulMicrokernelEdge, RefusesEachBadRowColumnAndStride) {
    Panels t = random_panels(4, kNR, 720);
    const std::vector<double> want = expected_tile(t);
    matmul_microkernel_edge(t.C, kNR, t.A, t.B, 4, kMR, kNR);  // the whole tile: the same as the full kernel
    EXPECT_TRUE(AllClose(std::vector<double>(t.C.begin(), t.C.end()), want, tile_tolerance(4), {kMR, kNR}))
        << course::testing::kValidCallFirst;
    // rows and cols each outside [0, kMR] and [0, kNR] on both sides, and ldc < cols.
    for (const auto& [rows, cols] : {std::pair{-1, 3}, std::pair{kMR + 1, 3}, std::pair{2, -1}, std::pair{2, kNR + 1}})
        EXPECT_TRUE(ThrowsInvalidArgument([&] { matmul_microkernel_edge(t.C, kNR, t.A, t.B, 4, rows, cols); },
                                          {"matmul_microkernel_edge", std::to_string(rows) + " x " + std::to_string(cols)}))
            << "rows x cols = " << rows << " x " << cols;
    EXPECT_TRUE(ThrowsInvalidArgument([&] { matmul_microkernel_edge(t.C, 2, t.A, t.B, 4, 2, 3); },
                                      {"matmul_microkernel_edge", "ldc = 2"}));
}

TEST(MatmulMicrokernel, ReadsNothingPastTheEndOfItsPanels) {
    // A_panel and B_panel hold exactly kMR * kc and kNR * kc floats and each ends at an
    // inaccessible page (course::testing::PageGuardedArray, course/testing.hpp): a loop that runs one row or one step too far reads
    // past a panel and crashes the test, even when it drops what it read.
    std::uint64_t seed = 740;
    for (int kc : {1, 7, 64}) {
        Panels t = random_panels(kc, kNR, seed);
        const std::vector<double> want = expected_tile(t);
        const course::testing::PageGuardedArray<float> A_panel(t.A), B_panel(t.B);
        matmul_microkernel(t.C, kNR, A_panel.span(), B_panel.span(), kc);
        EXPECT_TRUE(AllClose(std::vector<double>(t.C.begin(), t.C.end()), want, tile_tolerance(kc), {kMR, kNR}))
            << "kc = " << kc << ", seed " << seed;
        seed += 3;
    }
}

}  // namespace
}  // namespace course::linear_algebra
