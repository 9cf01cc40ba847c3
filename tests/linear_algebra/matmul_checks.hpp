// matmul_checks.hpp: the checks shared by every rung of the matmul ladder (matmul_naive,
// matmul_ikj, matmul_tiled, ...), all of which compute C (M, N) = A (M, K) B (K, N) in row-major
// float with the signature of matmul_naive (plus, for some rungs, a tuning parameter).
//
// Oracle: Eigen in double on the same float inputs (never another exercise's code), plus a
// hand-worked 2 x 3 x 4 case. C is pre-filled with NaN, so an element that is never written, or
// read before it is set, shows up; C sits between sentinel margins, so a write out of bounds shows
// up too. Bad-input checks first call the kernel on valid input, so that a stub shows "not started".
//
// A rung's test file keeps its TEST(...) cases and calls one check per case:
//   TEST(MatmulNaive, MatchesEigenOnOddShapes) { matmul_checks::ExpectMatchesEigenOnOddShapes(bind_sizes(matmul_naive)); }
// `setting` (e.g. "tile 16") names the rung's tuning parameter in failure messages; "" for none.
#pragma once

#include <gtest/gtest.h>

#include <algorithm>
#include <bit>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <limits>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "course/eigen.hpp"
#include "course/eigen_solvers.hpp"
#include "course/random.hpp"
#include "course/testing.hpp"

namespace course::linear_algebra::matmul_checks {

// Kernel: C, A, B -> C = A B with the sizes (and any tuning parameter) bound in.
using Kernel = std::function<void(std::span<float> C, std::span<const float> A, std::span<const float> B)>;
// KernelFactory: the sizes M, N, K -> the kernel for them.
using KernelFactory = std::function<Kernel(int M, int N, int K)>;
// RawKernel: the kernel with the signature of matmul_naive, C = A B with A (M, K), B (K, N).
using RawKernel = std::function<void(std::span<float> C, std::span<const float> A, std::span<const float> B, int M,
                                     int N, int K)>;

// bind_sizes: the factory that binds M, N, K into `raw`.
inline KernelFactory bind_sizes(RawKernel raw) {
    return [raw = std::move(raw)](int M, int N, int K) -> Kernel {
        return [raw, M, N, K](std::span<float> C, std::span<const float> A, std::span<const float> B) {
            raw(C, A, B, M, N, K);
        };
    };
}

// margin_for: room for a kernel that mixes up the strides of an (M, K) x (K, N) product, whose
// indices stay below max(M, N, K)^2.
inline size_t margin_for(int M, int N, int K) {
    const size_t d = size_t(std::max({M, N, K, 1}));
    return d * d + 64;
}

// eigen_product: the oracle. The float inputs are widened to double: products of two floats are
// exact in double, and the double sums are 2^29 times more accurate than the float ones tested.
inline std::vector<double> eigen_product(std::span<const float> A, std::span<const float> B, int M, int N, int K) {
    const Matrix C = eigen_solvers::product(as_matrix(A, M, K).cast<double>(), as_matrix(B, K, N).cast<double>());
    return {C.data(), C.data() + C.size()};
}

// product_tolerance: each C[i, j] is a sum of K float products. Every product and partial sum
// rounds with relative error at most u = 2^-24, so |C - C_exact| <= gamma_K sum_p |A[i, p]| |B[p, j]|
// whatever the summation order (tiles, SIMD lanes, fused multiply-add) (Higham, Accuracy and
// Stability, 3.5); sum_tolerance takes the largest such sum over C. rtol u covers the final
// rounding of the stored float.
inline testing::Tolerance product_tolerance(std::span<const float> A, std::span<const float> B, int M, int N, int K) {
    if (M == 0 || N == 0 || K == 0) return {0.0, 0.0};
    const Matrix abs_product = eigen_solvers::product(as_matrix(A, M, K).cast<double>().cwiseAbs(),
                                                      as_matrix(B, K, N).cast<double>().cwiseAbs());
    return {testing::sum_tolerance<float>(K, abs_product.maxCoeff()).atol, testing::unit_roundoff<float>()};
}

// RunGuarded runs `kernel` with A, B and C copied into guarded buffers (NaN margins around A and B,
// sentinel margins around C), and copies the result back into C. It fails if the kernel wrote
// outside C (before C[0, 0] or after its last element).
inline ::testing::AssertionResult RunGuarded(const Kernel& kernel, const std::vector<float>& A,
                                             const std::vector<float>& B, std::vector<float>& C, size_t margin) {
    using testing::GuardedBuffer;
    using testing::kSentinel;
    const float nan = std::numeric_limits<float>::quiet_NaN();
    const GuardedBuffer A_guarded(A, margin, nan), B_guarded(B, margin, nan);
    GuardedBuffer C_guarded(C, margin, kSentinel);
    kernel(C_guarded.span(), A_guarded.cspan(), B_guarded.cspan());
    std::copy(C_guarded.cspan().begin(), C_guarded.cspan().end(), C.begin());
    if (!C_guarded.margins_hold(kSentinel))
        return ::testing::AssertionFailure() << "the kernel wrote outside C (before C[0, 0] or after its last "
                                                "element): check the strides, C[i, j] is C[i * N + j]";
    return ::testing::AssertionSuccess();
}

// MatchesEigen runs `kernel` on seeded inputs with C pre-filled with NaN and compares with Eigen.
inline ::testing::AssertionResult MatchesEigen(const Kernel& kernel, int M, int N, int K, std::uint64_t seed) {
    const std::vector<float> A = random_floats(size_t(M) * K, seed), B = random_floats(size_t(K) * N, seed + 1);
    std::vector<float> C(size_t(M) * N, std::numeric_limits<float>::quiet_NaN());
    if (auto ran = RunGuarded(kernel, A, B, C, margin_for(M, N, K)); !ran) return ran;
    const std::vector<double> got(C.begin(), C.end()), want = eigen_product(A, B, M, N, K);
    auto result = testing::AllClose(got, want, product_tolerance(A, B, M, N, K), {M, N});
    if (!result && std::any_of(C.begin(), C.end(), [](float c) { return std::isnan(c); }))
        result << "\n    hint: C was filled with NaN before the call and NaN is left in it: an element of C was "
                  "never written, C was read before it was set (zero C before accumulating into it), or A or B "
                  "was read past its end (their margins hold NaN: check the strides)";
    return result;
}

// with_setting: ", tile 16" for the setting "tile 16", "" for none; for failure messages.
inline std::string with_setting(std::string_view setting) {
    return setting.empty() ? std::string() : std::string(", ").append(setting);
}

// ExpectMatchesHandWorkedCase: A (2, 3) times B (3, 4), worked by hand, exactly.
inline void ExpectMatchesHandWorkedCase(const KernelFactory& make, std::string_view setting = "") {
    // Small integers are exact in float.
    //   row 0: (1, 2, 3) B = (1 + 0 + 9, 0 + 2 - 6, 2 + 2 + 0, -1 + 4 + 3) = (10, -4, 4, 6)
    //   row 1: (4, 5, 6) B = (4 + 0 + 18, 0 + 5 - 12, 8 + 5 + 0, -4 + 10 + 6) = (22, -7, 13, 12)
    const std::vector<float> A = {1, 2, 3,
                                  4, 5, 6};
    const std::vector<float> B = {1, 0, 2, -1,
                                  0, 1, 1, 2,
                                  3, -2, 0, 1};
    std::vector<float> C(8, std::numeric_limits<float>::quiet_NaN());
    ASSERT_TRUE(RunGuarded(make(2, 4, 3), A, B, C, margin_for(2, 4, 3))) << "M x N x K = 2 x 4 x 3"
                                                                           << with_setting(setting);
    EXPECT_TRUE(testing::AllClose(C, std::vector<float>{10, -4, 4, 6, 22, -7, 13, 12}, {0.0, 0.0}, {2, 4}))
        << "M x N x K = 2 x 4 x 3" << with_setting(setting) << ": C[i, j] = sum_p A[i * K + p] * B[p * N + j]";
}

// ExpectMatchesEigenOnOddShapes: 1 x 1 x 1; primes; tall, wide; a long reduction (K much larger
// than M and N); ones in every position.
inline void ExpectMatchesEigenOnOddShapes(const KernelFactory& make, std::string_view setting = "") {
    const int shapes[][3] = {{1, 1, 1}, {1, 1, 7}, {7, 13, 5}, {31, 17, 29}, {13, 31, 2}, {200, 3, 5},
                             {3, 200, 5}, {5, 3, 1024}, {1, 50, 1}, {50, 1, 50}};
    std::uint64_t seed = 100;
    for (const auto& [M, N, K] : shapes) {
        EXPECT_TRUE(MatchesEigen(make(M, N, K), M, N, K, seed))
            << "M x N x K = " << M << " x " << N << " x " << K << with_setting(setting) << ", seed " << seed;
        seed += 2;
    }
}

// ExpectMatchesEigenAroundPowersOfTwo: 63, 64, 65, the sizes where block, tile and vector-width
// edge cases live.
inline void ExpectMatchesEigenAroundPowersOfTwo(const KernelFactory& make, std::string_view setting = "") {
    std::uint64_t seed = 200;
    for (int M : {63, 64, 65})
        for (int N : {63, 64, 65})
            for (int K : {63, 65}) {
                EXPECT_TRUE(MatchesEigen(make(M, N, K), M, N, K, seed))
                    << "M x N x K = " << M << " x " << N << " x " << K << with_setting(setting) << ", seed " << seed;
                seed += 2;
            }
}

// ExpectOverwritesAStaleC: C holds the ones of an earlier result: C = A B must replace them, not
// add to them.
inline void ExpectOverwritesAStaleC(const KernelFactory& make, std::string_view setting = "") {
    const int M = 9, N = 11, K = 7;
    const std::vector<float> A = random_floats(size_t(M) * K, 300), B = random_floats(size_t(K) * N, 301);
    std::vector<float> C(size_t(M) * N, 1.0f);
    ASSERT_TRUE(RunGuarded(make(M, N, K), A, B, C, margin_for(M, N, K)))
        << "M x N x K = " << M << " x " << N << " x " << K << with_setting(setting);
    const std::vector<double> got(C.begin(), C.end());
    const std::vector<double> want = eigen_product(A, B, M, N, K);
    EXPECT_TRUE(testing::AllClose(got, want, product_tolerance(A, B, M, N, K), {M, N}))
        << "M x N x K = " << M << " x " << N << " x " << K << with_setting(setting)
        << ", seeds 300, 301; C held 1.0 everywhere before the call. "
        << "If every element is off by +1, the kernel adds into C without setting it first";
}

// ExpectHandlesEmptyShapes: K = 0 gives C = 0; M = 0 or N = 0 gives an empty C.
inline void ExpectHandlesEmptyShapes(const RawKernel& call, std::string_view setting = "") {
    const float nan = std::numeric_limits<float>::quiet_NaN();
    // K = 0: every C[i, j] is an empty sum, 0. C arrives full of NaN and must come out all zeros.
    std::vector<float> C(6, nan);
    call(C, std::span<const float>{}, std::span<const float>{}, 2, 3, 0);
    EXPECT_TRUE(testing::AllClose(C, std::vector<float>(6, 0.0f), {0.0, 0.0}, {2, 3}))
        << "M x N x K = 2 x 3 x 0" << with_setting(setting) << ": an empty sum is 0, so C must be all zeros";
    // M = 0 or N = 0: C is empty, nothing to do (and nothing to crash on).
    const std::vector<float> A = random_floats(6, 310), B = random_floats(6, 311);
    call(std::span<float>{}, std::span<const float>{}, B, 0, 2, 3);
    call(std::span<float>{}, A, std::span<const float>{}, 2, 0, 3);
}

// ExpectRefusesBuffersOfTheWrongSize: each of A, B, C one element off, and a negative size, each
// refused with a message naming `name`, the buffer, its size and the size it should have.
inline void ExpectRefusesBuffersOfTheWrongSize(std::string_view name, const RawKernel& call) {
    std::vector<float> A(15, 1.0f), B(20, 1.0f), C(12, 0.0f), A_short(12, 1.0f), B_long(21, 1.0f), C_short(11, 0.0f);
    // valid: A (3, 5), B (5, 4), C (3, 4)
    ASSERT_TRUE(RunGuarded(bind_sizes(call)(3, 4, 5), A, B, C, margin_for(3, 4, 5))) << testing::kValidCallFirst;
    EXPECT_EQ(C[0], 5.0f) << "A and B all ones with K = 5: every C[i, j] is 5. " << testing::kValidCallFirst;
    using testing::ThrowsInvalidArgument;
    EXPECT_TRUE(ThrowsInvalidArgument([&] { call(C, A_short, B, 3, 4, 5); }, {name, "A", "12", "M * K = 3 * 5 = 15"}));
    EXPECT_TRUE(ThrowsInvalidArgument([&] { call(C, A, B_long, 3, 4, 5); }, {name, "B", "21", "K * N = 5 * 4 = 20"}));
    EXPECT_TRUE(ThrowsInvalidArgument([&] { call(C_short, A, B, 3, 4, 5); }, {name, "C", "11", "M * N = 3 * 4 = 12"}));
    EXPECT_TRUE(ThrowsInvalidArgument([&] { call(C, A, B, -3, 4, -5); }, {name, "-3"}))
        << "a negative size must be refused before it is multiplied into a buffer size";
}

// ------------------------------------------------------------------------------------------------
// Checks of the test-design checklist (docs/adding-a-module.md, 4a): the float range, every size
// check on its own, and the valid call of the bad-input test marked as such.

// MatchesEigenOn: MatchesEigen's comparison on given inputs A (M, K) and B (K, N).
inline ::testing::AssertionResult MatchesEigenOn(const Kernel& kernel, const std::vector<float>& A,
                                                 const std::vector<float>& B, int M, int N, int K) {
    std::vector<float> C(size_t(M) * N, std::numeric_limits<float>::quiet_NaN());
    if (auto ran = RunGuarded(kernel, A, B, C, margin_for(M, N, K)); !ran) return ran;
    const std::vector<double> got(C.begin(), C.end()), want = eigen_product(A, B, M, N, K);
    return testing::AllClose(got, want, product_tolerance(A, B, M, N, K), {M, N});
}

// scaled: every entry times s, rounded to float.
inline std::vector<float> scaled(std::vector<float> v, double s) {
    for (float& e : v) e = float(double(e) * s);
    return v;
}

// ExpectKeepsSubnormalInputs: A holds subnormal floats (below 1.2e-38, the smallest normal
// float), A[i, p] = (p + 1) * 2^-149, made from their bits; B[p, j] = (j + 1) * 2^100. Every
// product (p + 1)(j + 1) 2^-49 is a normal float, and so is every partial sum (integer multiples of
// 2^-49 below 2^24 * 2^-49): C[i, j] = (j + 1) K (K + 1) / 2 * 2^-49, exactly, in any order.
// A kernel that treats subnormal inputs as 0 (a threshold, or the FTZ/DAZ bits of the floating-point
// control register, which some speed guides advise) returns 0.
inline void ExpectKeepsSubnormalInputs(const KernelFactory& make, std::string_view setting = "") {
    const int M = 7, N = 37, K = 5;
    std::vector<float> A(size_t(M) * K), B(size_t(K) * N), want(size_t(M) * N);
    for (int i = 0; i < M; ++i)
        for (int p = 0; p < K; ++p) A[size_t(i) * K + p] = std::bit_cast<float>(std::uint32_t(p + 1));
    for (int p = 0; p < K; ++p)
        for (int j = 0; j < N; ++j) B[size_t(p) * N + j] = std::ldexp(float(j + 1), 100);
    for (int i = 0; i < M; ++i)
        for (int j = 0; j < N; ++j) want[size_t(i) * N + j] = std::ldexp(float((j + 1) * K * (K + 1) / 2), -49);
    std::vector<float> C(want.size(), std::numeric_limits<float>::quiet_NaN());
    ASSERT_TRUE(RunGuarded(make(M, N, K), A, B, C, margin_for(M, N, K))) << "M x N x K = 7 x 37 x 5" << with_setting(setting);
    EXPECT_TRUE(testing::AllClose(C, want, {0.0, 0.0}, {M, N}))
        << "M x N x K = 7 x 37 x 5" << with_setting(setting)
        << ", A[i, p] = (p + 1) * 2^-149 (subnormal floats), B[p, j] = (j + 1) * 2^100: C[i, j] = (j + 1) * 15 * 2^-49 "
           "exactly. 0 means subnormal inputs were treated as 0";
}

// ExpectMatchesEigenAtExtremeScales: C = A B is homogeneous, (a A)(b B) = ab AB, so a kernel must
// be right at every scale where the result is a float (up to 3.4e38): A at 1e-30 and at 1e30, and
// A and B at 1e15 each (products near 1e30); then subnormal inputs (ExpectKeepsSubnormalInputs).
// product_tolerance is relative to |A| |B|, so it scales with the inputs. Wrong at some scale: a
// threshold that skips "negligible" entries (|a| < 1e-12), an intermediate that overflows.
inline void ExpectMatchesEigenAtExtremeScales(const KernelFactory& make, std::string_view setting = "") {
    const int shapes[][3] = {{7, 13, 5}, {13, 37, 70}};
    const double scales[][2] = {{1e-30, 1.0}, {1e30, 1.0}, {1e15, 1e15}};
    std::uint64_t seed = 320;
    for (const auto& [M, N, K] : shapes) {
        const std::vector<float> A = random_floats(size_t(M) * K, seed), B = random_floats(size_t(K) * N, seed + 1);
        for (const auto& [a, b] : scales)
            EXPECT_TRUE(MatchesEigenOn(make(M, N, K), scaled(A, a), scaled(B, b), M, N, K))
                << "M x N x K = " << M << " x " << N << " x " << K << with_setting(setting) << ", A at scale " << a
                << ", B at scale " << b << ", seeds " << seed << ", " << seed + 1;
        seed += 2;
    }
    ExpectKeepsSubnormalInputs(make, setting);
}

// ExpectRefusesEachNegativeSize: M, N and K negative one at a time (the others valid), and the most
// negative int, each refused by name before it is turned into a buffer size (size_t(-1) is 2^64 - 1).
// The valid call comes first, so that a stub shows "not started".
inline void ExpectRefusesEachNegativeSize(std::string_view name, const RawKernel& call) {
    const std::vector<float> A(6, 1.0f), B(6, 1.0f);
    std::vector<float> C(4, std::numeric_limits<float>::quiet_NaN());
    call(C, A, B, 2, 2, 3);  // valid: A (2, 3), B (3, 2), C (2, 2), all ones: C = 3
    EXPECT_TRUE(testing::AllClose(C, std::vector<float>(4, 3.0f), {0.0, 0.0}, {2, 2})) << testing::kValidCallFirst;
    using testing::ThrowsInvalidArgument;
    const int most_negative = std::numeric_limits<int>::min();
    EXPECT_TRUE(ThrowsInvalidArgument([&] { call(C, A, B, -1, 2, 3); }, {name, "M = -1"}));
    EXPECT_TRUE(ThrowsInvalidArgument([&] { call(C, A, B, 2, -1, 3); }, {name, "N = -1"}));
    EXPECT_TRUE(ThrowsInvalidArgument([&] { call(C, A, B, 2, 2, -1); }, {name, "K = -1"}));
    EXPECT_TRUE(ThrowsInvalidArgument([&] { call(C, A, B, 2, 2, most_negative); },
                                      {name, "K = " + std::to_string(most_negative)}));
}

// ExpectSumsInBlocksOfKc: the blocked rungs (matmul_packed, matmul_omp, matmul_abt) split the sum
// over p into kc-long partial sums, each summed on its own and then added into C (their
// headers). The only effect of kc on the result is rounding, so here is a product where that
// rounding is large and worked by hand. A is all ones (M, 4); every column of B is
// (1, 1, 2^25, -2^25); the exact C is 2 everywhere. Floats near 2^25 are 4 apart, so 2^25 + 1 and
// 2^25 + 2 (a tie, to even) both round to 2^25:
//   kc = 2: partial sums 1 + 1 = 2 and 2^25 - 2^25 = 0, exact in any order: C = 0 + 2 + 0 = 2;
//   kc = 1: C = ((1 + 1) + 2^25) - 2^25 = 2^25 - 2^25 = 0;
//   kc = 3: 1 + 1 + 2^25 rounds to 2^25 in any order, then 2^25 - 2^25: C = 0.
// A kernel that ignores kc (or uses K, or a default of its own) sums all four at once: 0 in the
// order p = 0 .. 3, where kc = 2 must give 2. `with_kc(kc)` is the kernel with that depth.
inline void ExpectSumsInBlocksOfKc(const std::function<RawKernel(int kc)>& with_kc) {
    const int M = 7, N = 37, K = 4;  // M and N not multiples of any register tile
    const float big = 33554432.0f;   // 2^25
    const std::vector<float> A(size_t(M) * K, 1.0f);
    std::vector<float> B;
    for (const float row_value : {1.0f, 1.0f, big, -big}) B.insert(B.end(), size_t(N), row_value);
    const struct {
        int kc;
        float want;
    } cases[] = {{2, 2.0f}, {1, 0.0f}, {3, 0.0f}};
    for (const auto& [kc, want] : cases) {
        std::vector<float> C(size_t(M) * N, std::numeric_limits<float>::quiet_NaN());
        ASSERT_TRUE(RunGuarded(bind_sizes(with_kc(kc))(M, N, K), A, B, C, margin_for(M, N, K))) << "kc = " << kc;
        EXPECT_TRUE(testing::AllClose(C, std::vector<float>(C.size(), want), {0.0, 0.0}, {M, N}))
            << "kc = " << kc << ", M x N x K = 7 x 37 x 4, A all ones, every column of B (1, 1, 2^25, -2^25): "
            << "the kc-long partial sums give C = " << want
            << " (worked out in matmul_checks.hpp). Is blocks.kc used as the depth of every block (the pc loop's step "
               "and kb = min(kc, K - pc)), and is each block's partial sum started from 0 and added into C?";
    }
}

// ExpectReadsNothingPastTheEndOfAOrB: A and B each end at an inaccessible page
// (course::testing::PageGuardedArray, course/testing.hpp), so a kernel that reads one float past either (a loop bound one too far,
// a whole vector loaded past the end) crashes, even when it drops the value read. Shapes with
// remainders in every direction.
inline void ExpectReadsNothingPastTheEndOfAOrB(const KernelFactory& make, std::string_view setting = "") {
    const int shapes[][3] = {{7, 13, 5}, {13, 37, 11}, {1, 1, 1}};
    std::uint64_t seed = 340;
    for (const auto& [M, N, K] : shapes) {
        const std::vector<float> A_values = random_floats(size_t(M) * K, seed), B_values = random_floats(size_t(K) * N, seed + 1);
        const course::testing::PageGuardedArray<float> A(A_values), B(B_values);
        std::vector<float> C(size_t(M) * N, std::numeric_limits<float>::quiet_NaN());
        make(M, N, K)(C, A.span(), B.span());
        const std::vector<double> got(C.begin(), C.end());
        EXPECT_TRUE(testing::AllClose(got, eigen_product(A_values, B_values, M, N, K),
                                      product_tolerance(A_values, B_values, M, N, K), {M, N}))
            << "M x N x K = " << M << " x " << N << " x " << K << with_setting(setting) << ", seeds " << seed << ", "
            << seed + 1;
        seed += 2;
    }
}

}  // namespace course::linear_algebra::matmul_checks
