// packed_work.hpp: counts the work of the packed matmul (matmul_packed, matmul_abt, matmul_omp)
// with the counters of matmul_packed.hpp: the elements pack_a and pack_b (or pack_bt) copy and the
// multiply-adds matmul_macrokernel is asked for. A count is deterministic, a time is not.
//
// For C (M, N) = A (M, K) B (K, N) with blocks mc, kc, nc the five loops do, whatever the
// order of the edge blocks:
//   multiply-adds  M N K                  every block of C times every kc slice, once;
//   B copies       K N                    each (kc x nc) panel of B packed once;
//   A copies       M K ceil(N / nc')      each (mc x kc) block of A once per panel of B,
// with nc' = min(nc, N). Repacking B for every block of A, packing A once per micro-panel, or
// computing a block twice into a scratch buffer gives the same C and shows only here.
#pragma once

#include <gtest/gtest.h>

#include <algorithm>
#include <functional>
#include <string_view>

#include "linear_algebra/matmul_packed.hpp"

namespace course::linear_algebra {

// PackedWork: the three counters, or the change of them over a call.
struct PackedWork {
    long long a_copies = 0, b_copies = 0, multiply_adds = 0;
};

// work_of: the change of the counters over call().
inline PackedWork work_of(const std::function<void()>& call) {
    const PackedWork before{packed_a_elements.load(), packed_b_elements.load(), macrokernel_multiply_adds.load()};
    call();
    return {packed_a_elements.load() - before.a_copies, packed_b_elements.load() - before.b_copies,
            macrokernel_multiply_adds.load() - before.multiply_adds};
}

// nothing_counted_hint: the advice for a count of 0 everywhere.
inline constexpr std::string_view kNothingCounted =
    ": nothing was counted, so it called none of pack_a, pack_b (pack_bt) and matmul_macrokernel, or they lost "
    "their first checks (check_pack_a_source, check_pack_b_source, check_pack_bt_arguments, "
    "check_macrokernel_block), which count the work. Build the product from those functions and keep their checks";

// DidThePackedWork: `got` is exactly the work of the five loops for these sizes and blocks.
inline ::testing::AssertionResult DidThePackedWork(const PackedWork& got, int M, int N, int K, BlockSizes blocks,
                                                   std::string_view function) {
    const long long m = M, n = N, k = K;
    const long long nc = std::min(blocks.nc, N), panels = nc == 0 ? 0 : (n + nc - 1) / nc;  // ceil(N / nc')
    const PackedWork want{m * k * panels, k * n, m * n * k};
    if (got.a_copies == want.a_copies && got.b_copies == want.b_copies && got.multiply_adds == want.multiply_adds)
        return ::testing::AssertionSuccess();
    auto failure = ::testing::AssertionFailure();
    failure << function << " on M x N x K = " << M << " x " << N << " x " << K << " with blocks mc = " << blocks.mc
            << ", kc = " << blocks.kc << ", nc = " << blocks.nc;
    if (got.a_copies == 0 && got.b_copies == 0 && got.multiply_adds == 0) return failure << kNothingCounted;
    if (got.multiply_adds != want.multiply_adds)
        failure << "; matmul_macrokernel was asked for " << got.multiply_adds << " multiply-adds in all, expected M N K = "
                << want.multiply_adds << " (each block of C times each kc slice of K, once)";
    if (got.b_copies != want.b_copies)
        failure << "; pack_b copied " << got.b_copies << " elements, expected K N = " << want.b_copies
                << " (pack each kc x nc panel of B once, before the ic loop, not once per block of A)";
    if (got.a_copies != want.a_copies)
        failure << "; pack_a copied " << got.a_copies << " elements, expected M K ceil(N / nc) = " << want.a_copies
                << " (pack each mc x kc block of A once per panel of B: the ic loop inside the jc and pc loops)";
    return failure;
}

}  // namespace course::linear_algebra
