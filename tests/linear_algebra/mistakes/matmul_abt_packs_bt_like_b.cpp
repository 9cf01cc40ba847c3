// Known mistake (matmul_abt): pack_bt indexes Bt like pack_b indexes B, Bt[p * ldb + s * kNR + j],
// as if Bt were a (K, N) matrix: matmul_abt then computes A B, not A B^T.
#include "linear_algebra/matmul_abt.hpp"

#include <algorithm>
#include <cstddef>

#include "course/buffers.hpp"
#include "course/error.hpp"

namespace course::linear_algebra {

void pack_bt(std::span<float> packed, std::span<const float> Bt, int ldb, int kc, int nc) {
    COURSE_CHECK(kc >= 0 && nc >= 0, "pack_bt: sizes must be non-negative, got kc = ", kc, ", nc = ", nc);
    COURSE_CHECK(ldb >= kc, "pack_bt: ldb = ", ldb, " is smaller than the panel depth kc = ", kc);
    COURSE_CHECK(packed.size() >= packed_b_size(kc, nc), "pack_bt: packed has ", packed.size(),
                 " elements, expected at least packed_b_size(kc, nc) = ", packed_b_size(kc, nc));
    const std::size_t extent = kc == 0 || nc == 0 ? 0 : std::size_t(nc - 1) * ldb + kc;
    COURSE_CHECK(Bt.size() >= extent, "pack_bt: Bt has ", Bt.size(), " elements, expected at least (nc - 1) * ldb + kc = ",
                 extent, " for ", nc, " rows of ", kc, " with ldb = ", ldb);
    float* out = packed.data();
    for (int s0 = 0; s0 < nc; s0 += kNR) {  // one micro-panel: rows s0 .. s0 + kNR - 1 of Bt
        const int cols = std::min(kNR, nc - s0);
        for (int p = 0; p < kc; ++p, out += kNR) {
            for (int j = 0; j < cols; ++j) out[j] = Bt[std::size_t(p) * ldb + s0 + j];  // BUG: row j of Bt is column j of B^T
            std::fill(out + cols, out + kNR, 0.0f);  // padding columns
        }
    }
}

void matmul_abt(std::span<float> C, std::span<const float> A, std::span<const float> Bt, int M, int N, int K,
                BlockSizes blocks) {
    COURSE_CHECK(M >= 0 && N >= 0 && K >= 0, "matmul_abt: sizes must be non-negative, got M = ", M, ", N = ", N,
                 ", K = ", K);
    check_matrix_size("matmul_abt", "A", A.size(), "M * K", M, K);
    check_matrix_size("matmul_abt", "Bt", Bt.size(), "N * K", N, K);
    check_matrix_size("matmul_abt", "C", C.size(), "M * N", M, N);
    check_block_sizes("matmul_abt", blocks);
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
