// Reference solution: matmul ladder rung 4, packing and the five loops of GotoBLAS.
// Contract: include/linear_algebra/matmul_packed.hpp
#include "linear_algebra/matmul_packed.hpp"

#include <algorithm>
#include <cstddef>

#include "course/buffers.hpp"
#include "course/error.hpp"

namespace course::linear_algebra {
namespace {

// round_up: the smallest multiple of `step` that is >= n.
std::size_t round_up(int n, int step) { return (std::size_t(n) + step - 1) / step * step; }

}  // namespace

std::size_t packed_a_size(int mc, int kc) { return round_up(std::max(mc, 0), kMR) * std::size_t(std::max(kc, 0)); }
std::size_t packed_b_size(int kc, int nc) { return round_up(std::max(nc, 0), kNR) * std::size_t(std::max(kc, 0)); }

void pack_a(std::span<float> packed, std::span<const float> A, int lda, int mc, int kc) {
    check_pack_sizes("pack_a", mc, kc, lda, "lda");
    COURSE_CHECK(packed.size() >= packed_a_size(mc, kc), "pack_a: packed has ", packed.size(),
                 " elements, expected at least packed_a_size(mc, kc) = ", packed_a_size(mc, kc));
    check_pack_a_source(A.size(), lda, mc, kc);
    float* out = packed.data();
    for (int r0 = 0; r0 < mc; r0 += kMR) {  // one micro-panel: rows r0 .. r0 + kMR - 1
        const int rows = std::min(kMR, mc - r0);
        const float* a = A.data() + std::size_t(r0) * lda;
        for (int p = 0; p < kc; ++p, out += kMR) {
            for (int i = 0; i < rows; ++i) out[i] = a[std::size_t(i) * lda + p];
            for (int i = rows; i < kMR; ++i) out[i] = 0.0f;  // padding rows
        }
    }
}

void pack_b(std::span<float> packed, std::span<const float> B, int ldb, int kc, int nc) {
    check_pack_sizes("pack_b", kc, nc, ldb, "ldb");
    COURSE_CHECK(packed.size() >= packed_b_size(kc, nc), "pack_b: packed has ", packed.size(),
                 " elements, expected at least packed_b_size(kc, nc) = ", packed_b_size(kc, nc));
    check_pack_b_source(B.size(), ldb, kc, nc);
    float* out = packed.data();
    for (int s0 = 0; s0 < nc; s0 += kNR) {  // one micro-panel: columns s0 .. s0 + kNR - 1
        const int cols = std::min(kNR, nc - s0);
        for (int p = 0; p < kc; ++p, out += kNR) {
            const float* b = B.data() + std::size_t(p) * ldb + s0;
            std::copy(b, b + cols, out);
            std::fill(out + cols, out + kNR, 0.0f);  // padding columns
        }
    }
}

void matmul_macrokernel(std::span<float> C, int ldc, std::span<const float> A_packed,
                        std::span<const float> B_packed, int mb, int nb, int kb) {
    check_macrokernel_block(ldc, mb, nb, kb);
    COURSE_CHECK(A_packed.size() >= packed_a_size(mb, kb), "matmul_macrokernel: A_packed has ", A_packed.size(),
                 " elements, expected at least packed_a_size(mb, kb) = ", packed_a_size(mb, kb));
    COURSE_CHECK(B_packed.size() >= packed_b_size(kb, nb), "matmul_macrokernel: B_packed has ", B_packed.size(),
                 " elements, expected at least packed_b_size(kb, nb) = ", packed_b_size(kb, nb));
    check_macrokernel_output(C.size(), ldc, mb, nb);
    const std::size_t a_len = std::size_t(kMR) * kb, b_len = std::size_t(kNR) * kb;
    for (int jr = 0; jr < nb; jr += kNR) {
        const auto B_panel = B_packed.subspan(std::size_t(jr / kNR) * b_len, b_len);
        const int cols = std::min(kNR, nb - jr);
        for (int ir = 0; ir < mb; ir += kMR) {
            const auto A_panel = A_packed.subspan(std::size_t(ir / kMR) * a_len, a_len);
            const int rows = std::min(kMR, mb - ir);
            const auto C_tile = C.subspan(std::size_t(ir) * ldc + jr);
            if (rows == kMR && cols == kNR)
                matmul_microkernel(C_tile, ldc, A_panel, B_panel, kb);
            else
                matmul_microkernel_edge(C_tile, ldc, A_panel, B_panel, kb, rows, cols);
        }
    }
}

void matmul_packed(std::span<float> C, std::span<const float> A, std::span<const float> B, int M, int N, int K,
                   BlockSizes blocks) {
    check_matmul_shapes("matmul_packed", C.size(), A.size(), B.size(), M, N, K);
    check_block_sizes("matmul_packed", blocks);
    std::fill(C.begin(), C.end(), 0.0f);  // every kc block adds its partial product into C
    if (M == 0 || N == 0 || K == 0) return;
    // The packed buffers are sized for the blocks actually used (a small matrix needs little).
    const int mc = std::min(blocks.mc, M), kc = std::min(blocks.kc, K), nc = std::min(blocks.nc, N);
    AlignedFloats A_packed(packed_a_size(mc, kc)), B_packed(packed_b_size(kc, nc));
    for (int jc = 0; jc < N; jc += nc) {
        const int nb = std::min(nc, N - jc);
        for (int pc = 0; pc < K; pc += kc) {
            const int kb = std::min(kc, K - pc);
            pack_b(B_packed.span(), B.subspan(std::size_t(pc) * N + jc), N, kb, nb);
            for (int ic = 0; ic < M; ic += mc) {
                const int mb = std::min(mc, M - ic);
                pack_a(A_packed.span(), A.subspan(std::size_t(ic) * K + pc), K, mb, kb);
                matmul_macrokernel(C.subspan(std::size_t(ic) * N + jc), N, A_packed.span(), B_packed.span(), mb, nb, kb);
            }
        }
    }
}

}  // namespace course::linear_algebra
