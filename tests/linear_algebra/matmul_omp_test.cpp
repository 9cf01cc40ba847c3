// Tests for exercise 18, matmul_omp, rung 5 of the matmul ladder
// (modules/linear_algebra/learner/matmul_omp.cpp).
//
// The ladder's shared checks (matmul_checks.hpp: Eigen in double as the oracle, guarded buffers)
// for 1, 2 and 3 threads (3 is more than this course's 2-core CI machine has: still correct).
// Then two properties of a race-free parallel GEMM:
//   - the same bits as matmul_packed with the same blocks, whatever the thread count: each C[i, j]
//     is still summed by one thread, in the same order (header);
//   - a stress case with hundreds of kc blocks and many ic blocks, run repeatedly: threads that
//     add into the same C tile at once, or share one packing buffer, lose updates there. A race
//     shows up only when threads really overlap, so this catches it with high probability, not
//     certainty; a correct kernel passes every time.
#include "linear_algebra/matmul_omp.hpp"

#include <gtest/gtest.h>

#include <array>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <limits>
#include <span>
#include <string>
#include <vector>

#include "course/random.hpp"
#include "course/testing.hpp"
#include "linear_algebra/matmul_packed.hpp"
#include "matmul_checks.hpp"
#include "packed_work.hpp"

namespace course::linear_algebra {
namespace {

using course::testing::ThrowsInvalidArgument;

constexpr BlockSizes kTinyBlocks{2 * kMR, 5, 2 * kNR};
constexpr int kThreadCounts[] = {1, 2, 3};

matmul_checks::RawKernel omp_with(int threads, BlockSizes blocks) {
    return [threads, blocks](std::span<float> C, std::span<const float> A, std::span<const float> B, int M, int N,
                             int K) { matmul_omp(C, A, B, M, N, K, threads, blocks); };
}
std::string setting(int threads, BlockSizes b) {
    return std::to_string(threads) + " threads, blocks mc = " + std::to_string(b.mc) + ", kc = " + std::to_string(b.kc) +
           ", nc = " + std::to_string(b.nc);
}

TEST(MatmulOmp, MatchesHandWorkedCase) {
    for (int threads : kThreadCounts)
        matmul_checks::ExpectMatchesHandWorkedCase(matmul_checks::bind_sizes(omp_with(threads, kTinyBlocks)),
                                                   setting(threads, kTinyBlocks));
}

TEST(MatmulOmp, MatchesEigenOnOddShapesForEveryThreadCount) {
    for (int threads : kThreadCounts) {
        matmul_checks::ExpectMatchesEigenOnOddShapes(matmul_checks::bind_sizes(omp_with(threads, kTinyBlocks)),
                                                     setting(threads, kTinyBlocks));
        matmul_checks::ExpectMatchesEigenOnOddShapes(
            matmul_checks::bind_sizes(omp_with(threads, default_block_sizes())), setting(threads, default_block_sizes()));
    }
}

TEST(MatmulOmp, MatchesEigenAroundPowersOfTwo) {
    for (int threads : {2, 3})
        matmul_checks::ExpectMatchesEigenAroundPowersOfTwo(matmul_checks::bind_sizes(omp_with(threads, kTinyBlocks)),
                                                           setting(threads, kTinyBlocks));
}

TEST(MatmulOmp, GivesTheSameBitsAsMatmulPacked) {
    // Shapes with edges in every direction and several blocks of each kind.
    const int shapes[][3] = {{65, 63, 64}, {7, 100, 31}, {100, 7, 31}, {13, 40, 200}};
    std::uint64_t seed = 1100;
    for (const auto& [M, N, K] : shapes) {
        const std::vector<float> A = random_floats(std::size_t(M) * K, seed), B = random_floats(std::size_t(K) * N, seed + 1);
        std::vector<float> serial(std::size_t(M) * N);
        matmul_packed(serial, A, B, M, N, K, kTinyBlocks);
        for (int threads : kThreadCounts) {
            std::vector<float> C(serial.size(), -1.0f);
            matmul_omp(C, A, B, M, N, K, threads, kTinyBlocks);
            std::size_t differ = 0, first = 0;
            for (std::size_t e = 0; e < C.size(); ++e)
                if (std::memcmp(&C[e], &serial[e], sizeof(float)) != 0 && differ++ == 0) first = e;
            EXPECT_EQ(differ, 0u) << "M x N x K = " << M << " x " << N << " x " << K << ", " << setting(threads, kTinyBlocks)
                                  << ", seed " << seed << ": " << differ << " elements differ from matmul_packed, first C["
                                  << first / N << ", " << first % N << "] = " << C[first] << " vs " << serial[first]
                                  << ". Each C[i, j] must be summed by one thread in matmul_packed's order: "
                                     "split the jr or ic loop between threads, never the pc (K) loop";
        }
        seed += 2;
    }
}

TEST(MatmulOmp, LosesNoUpdatesUnderStress) {
    // Two stress shapes, each run 3 times for 2 and 3 threads:
    //   24 x 64 x 480, blocks (12, 12, 32): 40 kc blocks, so threads that split the K loop add
    //     into the same C tiles over and over;
    //   240 x 512 x 256, blocks (12, 256, 512): 20 A blocks of ~3 MFLOP each, long enough that
    //     threads packing into one shared buffer overwrite each other's A while it is read.
    // A lost update or a wrong A block costs a whole partial sum, far beyond the rounding tolerance.
    struct Stress {
        int M, N, K;
        BlockSizes blocks;
    };
    const Stress cases[] = {{4 * kMR, 4 * kNR, 480, {2 * kMR, 12, 2 * kNR}},
                            {40 * kMR, 512, 256, {2 * kMR, 256, 512}}};
    std::uint64_t seed = 1200;
    for (const auto& [M, N, K, blocks] : cases)
        for (int threads : {2, 3})
            for (int round = 0; round < 3; ++round, ++seed) {
                EXPECT_TRUE(matmul_checks::MatchesEigen(matmul_checks::bind_sizes(omp_with(threads, blocks))(M, N, K),
                                                        M, N, K, seed))
                    << "M x N x K = " << M << " x " << N << " x " << K << ", " << setting(threads, blocks) << ", round "
                    << round << ", seed " << seed
                    << ". Wrong only with threads: a data race. Do two threads add into the same C tile (the pc loop "
                       "split), or pack into one shared buffer while others read it?";
            }
}

TEST(MatmulOmp, OverwritesAStaleC) {
    matmul_checks::ExpectOverwritesAStaleC(matmul_checks::bind_sizes(omp_with(2, kTinyBlocks)), setting(2, kTinyBlocks));
}

TEST(MatmulOmp, HandlesEmptyShapes) { matmul_checks::ExpectHandlesEmptyShapes(omp_with(2, default_block_sizes())); }

TEST(MatmulOmp, RefusesBuffersOfTheWrongSize) {
    matmul_checks::ExpectRefusesBuffersOfTheWrongSize("matmul_omp", omp_with(2, default_block_sizes()));
}

TEST(MatmulOmp, RefusesThreadCountsBelowOne) {
    const std::vector<float> A(6, 1.0f), B(6, 1.0f);
    std::vector<float> C(4);
    matmul_omp(C, A, B, 2, 2, 3, 2);  // valid: A and B all ones, K = 3
    EXPECT_TRUE(course::testing::AllClose(C, std::vector<float>(4, 3.0f), {0.0, 0.0})) << course::testing::kValidCallFirst;
    EXPECT_TRUE(ThrowsInvalidArgument([&] { matmul_omp(C, A, B, 2, 2, 3, 0); }, {"matmul_omp", "threads", "0"}));
    EXPECT_TRUE(ThrowsInvalidArgument([&] { matmul_omp(C, A, B, 2, 2, 3, -2); }, {"matmul_omp", "threads", "-2"}));
    EXPECT_TRUE(ThrowsInvalidArgument([&] { matmul_omp(C, A, B, 2, 2, 3, 2, {kMR + 1, 8, kNR}); },
                                      {"matmul_omp", "mc", "kMR"}));
}

TEST(MatmulOmp, MatchesEigenAtExtremeScales) {
    matmul_checks::ExpectMatchesEigenAtExtremeScales(matmul_checks::bind_sizes(omp_with(2, kTinyBlocks)),
                                                     setting(2, kTinyBlocks));
}

TEST(MatmulOmp, SumsInBlocksOfKc) {
    for (int threads : {1, 3})
        matmul_checks::ExpectSumsInBlocksOfKc([threads](int kc) { return omp_with(threads, {2 * kMR, kc, kNR}); });
}

TEST(MatmulOmp, GivesTheSameBitsWithMoreThreadsThanStrips) {
    // More threads than strips of C: 4, 7 and 16 threads on products of 1 to 3 strips each way,
    // where most threads get an empty slab (none may write, none may be left out), and 64 on one
    // with a few dozen strips. Each must give matmul_packed's bits (see GivesTheSameBitsAsMatmulPacked).
    const int shapes[][3] = {{1, 1, 1}, {7, 13, 5}, {2 * kMR + 1, 3, 9}, {5, 2 * kNR + 1, 9}, {40 * kMR + 1, 33, 20}};
    std::uint64_t seed = 1150;
    for (const auto& [M, N, K] : shapes) {
        const std::vector<float> A = random_floats(std::size_t(M) * K, seed), B = random_floats(std::size_t(K) * N, seed + 1);
        std::vector<float> serial(std::size_t(M) * N);
        matmul_packed(serial, A, B, M, N, K, kTinyBlocks);
        for (int threads : {4, 7, 16, 64}) {
            std::vector<float> C(serial.size(), std::numeric_limits<float>::quiet_NaN());
            matmul_omp(C, A, B, M, N, K, threads, kTinyBlocks);
            EXPECT_EQ(std::memcmp(C.data(), serial.data(), C.size() * sizeof(float)), 0)
                << "M x N x K = " << M << " x " << N << " x " << K << ", " << setting(threads, kTinyBlocks) << ", seed "
                << seed << ": not the bits of matmul_packed. With more threads than strips some threads get no strip "
                   "at all: thread t's strips are [s * t / T, s * (t + 1) / T) of the s strips";
        }
        seed += 2;
    }
}

TEST(MatmulOmp, HandlesBlocksUpToIntMax) {
    const int max = std::numeric_limits<int>::max();
    const BlockSizes huge{max / kMR * kMR, max, max / kNR * kNR};
    std::uint64_t seed = 1250;
    for (const auto& [M, N, K] : {std::array{7, 13, 5}, std::array{13, 70, 40}}) {
        EXPECT_TRUE(matmul_checks::MatchesEigen(matmul_checks::bind_sizes(omp_with(2, huge))(M, N, K), M, N, K, seed))
            << "M x N x K = " << M << " x " << N << " x " << K << ", " << setting(2, huge)
            << ": size the packed buffers for min(mc, M), min(kc, K), min(nc, N)";
        seed += 2;
    }
}

TEST(MatmulOmp, RefusesEachNegativeSize) {
    matmul_checks::ExpectRefusesEachNegativeSize("matmul_omp", omp_with(2, kTinyBlocks));
}

TEST(MatmulOmp, RefusesEachThreadCountBelowOneAndEachBadBlock) {
    const std::vector<float> A(6, 1.0f), B(6, 1.0f);
    std::vector<float> C(4, std::numeric_limits<float>::quiet_NaN());
    matmul_omp(C, A, B, 2, 2, 3, 2);
    EXPECT_TRUE(course::testing::AllClose(C, std::vector<float>(4, 3.0f), {0.0, 0.0})) << course::testing::kValidCallFirst;
    const int min = std::numeric_limits<int>::min();
    for (const int threads : {0, -1, min})
        EXPECT_TRUE(ThrowsInvalidArgument([&] { matmul_omp(C, A, B, 2, 2, 3, threads); },
                                          {"matmul_omp", "threads = " + std::to_string(threads)}));
    EXPECT_TRUE(ThrowsInvalidArgument([&] { matmul_omp(C, A, B, 2, 2, 3, 2, {0, 8, kNR}); }, {"matmul_omp", "mc = 0"}));
    EXPECT_TRUE(ThrowsInvalidArgument([&] { matmul_omp(C, A, B, 2, 2, 3, 2, {kMR, -1, kNR}); }, {"matmul_omp", "kc = -1"}));
    EXPECT_TRUE(ThrowsInvalidArgument([&] { matmul_omp(C, A, B, 2, 2, 3, 2, {kMR, 8, kNR + 1}); },
                                      {"matmul_omp", "nc = " + std::to_string(kNR + 1), "kNR"}));
}

TEST(MatmulOmp, ReadsNothingPastTheEndOfAOrB) {
    // A and B end at an inaccessible page (course::testing::PageGuardedArray, course/testing.hpp): a slab that reaches past the last
    // row of A or the last column of B crashes the test. Column slabs (N wide) and row slabs (M tall).
    std::uint64_t seed = 1700;
    for (const auto& [M, N, K] : {std::array{7, 2 * kNR + 3, 11}, std::array{4 * kMR + 1, 5, 11}}) {
        const std::vector<float> A_values = random_floats(std::size_t(M) * K, seed),
                                 B_values = random_floats(std::size_t(K) * N, seed + 1);
        const course::testing::PageGuardedArray<float> A(A_values), B(B_values);
        for (int threads : {1, 3}) {
            std::vector<float> C(std::size_t(M) * N, std::numeric_limits<float>::quiet_NaN());
            matmul_omp(C, A.span(), B.span(), M, N, K, threads, kTinyBlocks);
            const std::vector<double> got(C.begin(), C.end());
            EXPECT_TRUE(course::testing::AllClose(got, matmul_checks::eigen_product(A_values, B_values, M, N, K),
                                                  matmul_checks::product_tolerance(A_values, B_values, M, N, K), {M, N}))
                << "M x N x K = " << M << " x " << N << " x " << K << ", " << setting(threads, kTinyBlocks) << ", seed "
                << seed;
        }
        seed += 2;
    }
}

TEST(MatmulOmp, DoesEachMultiplyAddOnce) {
    // Counted, not timed (packed_work.hpp). The threads share the M N K multiply-adds of
    // matmul_packed: exactly that many in all, whatever the thread count (a thread that computes
    // more than its slab, even into a buffer of its own, shows here). Each thread packs what its
    // slab needs: cutting N into T column slabs adds at most T - 1 panel boundaries, so A is copied
    // between M K ceil(N / nc) and M K (ceil(N / nc) + T - 1) times and B exactly K N times; row
    // slabs copy A M K ceil(N / nc) times and B at most T K N times. Outside these bounds a thread
    // repacks inside its loops.
    const int M = 50, N = 6 * kNR + 5, K = 37;
    const std::vector<float> A = random_floats(std::size_t(M) * K, 994), B = random_floats(std::size_t(K) * N, 995);
    std::vector<float> C(std::size_t(M) * N);
    const BlockSizes blocks{2 * kMR, 16, 2 * kNR};
    const long long m = M, n = N, k = K, panels = (n + blocks.nc - 1) / blocks.nc;
    for (const int T : kThreadCounts) {
        const PackedWork work = work_of([&] { matmul_omp(C, A, B, M, N, K, T, blocks); });
        if (work.a_copies == 0 && work.b_copies == 0 && work.multiply_adds == 0) {
            ADD_FAILURE() << "matmul_omp with " << T << " threads" << kNothingCounted;
            continue;
        }
        EXPECT_EQ(work.multiply_adds, m * n * k)
            << "matmul_omp with " << T << " threads asked matmul_macrokernel for that many multiply-adds, expected "
            << "M N K: every element of C once, by one thread (" << setting(T, blocks) << ")";
        EXPECT_TRUE(work.a_copies >= m * k * panels && work.a_copies <= m * k * (panels + T - 1))
            << "pack_a copied " << work.a_copies << " elements with " << T << " threads, expected between M K ceil(N / nc) = "
            << m * k * panels << " and M K (ceil(N / nc) + T - 1) = " << m * k * (panels + T - 1)
            << ": each thread packs each block of A once per panel of B of its slab";
        EXPECT_TRUE(work.b_copies >= k * n && work.b_copies <= T * k * n)
            << "pack_b copied " << work.b_copies << " elements with " << T << " threads, expected between K N = " << k * n
            << " and T K N = " << T * k * n << ": each thread packs each panel of B its slab needs once";
    }
}

}  // namespace
}  // namespace course::linear_algebra
