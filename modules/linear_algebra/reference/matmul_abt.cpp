// Reference solution: matmul ladder, stretch rung: C = A B^T with the packed algorithm.
// Contract: include/linear_algebra/matmul_abt.hpp
#include "linear_algebra/matmul_abt.hpp"

#include <algorithm>
#include <cstddef>

#include "course/buffers.hpp"
#include "course/error.hpp"

namespace course::linear_algebra {

void pack_bt(std::span<float> packed, std::span<const float> Bt, int ldb, int kc, int nc) {
    check_pack_bt_arguments(packed.size(), Bt.size(), ldb, kc, nc);
    float* out = packed.data();
    for (int s0 = 0; s0 < nc; s0 += kNR) {  // one micro-panel: rows s0 .. s0 + kNR - 1 of Bt
        const int cols = std::min(kNR, nc - s0);
        const float* bt = Bt.data() + std::size_t(s0) * ldb;
        for (int p = 0; p < kc; ++p, out += kNR) {
            for (int j = 0; j < cols; ++j) out[j] = bt[std::size_t(j) * ldb + p];
            std::fill(out + cols, out + kNR, 0.0f);  // padding columns
        }
    }
}

void matmul_abt(std::span<float> C, std::span<const float> A, std::span<const float> Bt, int M, int N, int K,
                BlockSizes blocks) {
    check_matmul_abt_arguments(C.size(), A.size(), Bt.size(), M, N, K, blocks);
    std::fill(C.begin(), C.end(), 0.0f);
    if (M == 0 || N == 0 || K == 0) return;
    const int mc = std::min(blocks.mc, M), kc = std::min(blocks.kc, K), nc = std::min(blocks.nc, N);
    AlignedFloats A_packed(packed_a_size(mc, kc)), B_packed(packed_b_size(kc, nc));
    // matmul_packed's loops; the panel of B^T at (pc, jc) is Bt's rows jc.. from column pc on.
    for (int jc = 0; jc < N; jc += nc) {
        const int nb = std::min(nc, N - jc);
        for (int pc = 0; pc < K; pc += kc) {
            const int kb = std::min(kc, K - pc);
            pack_bt(B_packed.span(), Bt.subspan(std::size_t(jc) * K + pc), K, kb, nb);
            for (int ic = 0; ic < M; ic += mc) {
                const int mb = std::min(mc, M - ic);
                pack_a(A_packed.span(), A.subspan(std::size_t(ic) * K + pc), K, mb, kb);
                matmul_macrokernel(C.subspan(std::size_t(ic) * N + jc), N, A_packed.span(), B_packed.span(), mb, nb, kb);
            }
        }
    }
}

}  // namespace course::linear_algebra
