// Matmul ladder, rung 4: the GotoBLAS/BLIS algorithm. Blocks of A and panels of B are copied
// ("packed") into contiguous buffers in the order the micro-kernel reads them, so that every
// load of the inner loop is stride 1 and comes from the cache level chosen for it.
// Notes: docs/linear_algebra.md#matmul_packed.
#pragma once

#include <atomic>
#include <cstddef>
#include <span>
#include <string_view>

#include "course/error.hpp"
#include "linear_algebra/matmul_microkernel.hpp"
#include "linear_algebra/matmul_naive.hpp"

namespace course::linear_algebra {

// BlockSizes: the three cache blocks of the algorithm (Goto & van de Geijn 2008; Van Zee & van de
// Geijn, "BLIS", 2015). mc must be a multiple of kMR and nc a multiple of kNR; kc is free.
//   kc: the depth of one rank-kc update. A (kc x kNR) micro-panel of B, kc * kNR * 4 bytes, stays
//       in L1 while the micro-kernel sweeps the A block past it.
//   mc: the rows of a packed block of A, mc * kc * 4 bytes, which stays in L2.
//   nc: the columns of a packed panel of B, kc * nc * 4 bytes, which stays in L3.
struct BlockSizes {
    int mc;
    int kc;
    int nc;
};

// The cache sizes the default blocks are derived from: per core L1d 32 KiB and L2 512 KiB, and a
// share of L3 of several MiB (AMD Zen 2/3/4, Intel client cores: check yours with `lscpu`).
inline constexpr int kL1Bytes = 32 * 1024;
inline constexpr int kL2Bytes = 512 * 1024;
inline constexpr int kL3ShareBytes = 4 * 1024 * 1024;

// default_block_sizes: kc fills half of L1 with a B micro-panel (the other half holds the A
// micro-panel streaming through and the C tile): kc = (32 KiB / 2) / (4 * kNR), 256 with AVX2.
// mc fills a quarter of L2 with the A block (the rest is for B micro-panels passing through on
// their way to L1): mc = 128 KiB / (4 * kc) rounded down to a multiple of kMR, 126 with AVX2.
// nc fills the L3 share with the B panel: nc = 4 MiB / (4 * kc), a multiple of kNR, 4096 with AVX2.
constexpr BlockSizes default_block_sizes() {
    const int kc = (kL1Bytes / 2) / (int(sizeof(float)) * kNR);
    const int mc = (kL2Bytes / 4) / (int(sizeof(float)) * kc) / kMR * kMR;
    const int nc = kL3ShareBytes / (int(sizeof(float)) * kc) / kNR * kNR;
    return {mc, kc, nc};
}

// check_block_sizes: the rules above, as std::invalid_argument naming `function` and the block.
inline void check_block_sizes(std::string_view function, BlockSizes blocks) {
    COURSE_CHECK(blocks.mc > 0 && blocks.kc > 0 && blocks.nc > 0, function, ": block sizes must be positive, got mc = ",
                 blocks.mc, ", kc = ", blocks.kc, ", nc = ", blocks.nc);
    COURSE_CHECK(blocks.mc % kMR == 0, function, ": mc = ", blocks.mc, " is not a multiple of kMR = ", kMR);
    COURSE_CHECK(blocks.nc % kNR == 0, function, ": nc = ", blocks.nc, " is not a multiple of kNR = ", kNR);
}

// check_pack_sizes: a block's sizes and its leading dimension (pack_a, pack_b), as std::invalid_argument.
inline void check_pack_sizes(const char* function, int rows, int cols, int ld, const char* ld_name) {
    COURSE_CHECK(rows >= 0 && cols >= 0, function, ": sizes must be non-negative, got ", rows, " x ", cols);
    COURSE_CHECK(ld >= cols, function, ": ", ld_name, " = ", ld, " is smaller than the block width ", cols);
}

// block_extent: the elements a (rows x cols) block with row stride ld spans: (rows - 1) * ld + cols,
// 0 for an empty block.
inline std::size_t block_extent(int rows, int cols, int ld) {
    return rows == 0 || cols == 0 ? 0 : std::size_t(rows - 1) * ld + cols;
}

// The work counters of the packed algorithm, which the tests read (nothing else does). The checks
// each function starts with add the work it is about to do, once its arguments are valid:
//   packed_a_elements          check_pack_a_source: the mc * kc elements pack_a copies;
//   packed_b_elements          check_pack_b_source (and pack_bt's check): the kc * nc elements copied;
//   macrokernel_multiply_adds  check_macrokernel_block: the mb * nb * kb multiply-adds of the block.
// For matmul_packed they come to M K ceil(N / nc), K N and M N K exactly (each panel of B packed
// once, each block of A once per panel, each product once), so a test can count the work for given
// blocks instead of timing it. One relaxed atomic add per block (of about 2 mc kc nc flops) costs
// nothing measurable, also with matmul_omp's threads adding at once.
inline std::atomic<long long> packed_a_elements{0};
inline std::atomic<long long> packed_b_elements{0};
inline std::atomic<long long> macrokernel_multiply_adds{0};

// check_pack_a_source, check_pack_b_source: A holds the block that pack_a reads, B the panel that
// pack_b reads, as std::invalid_argument (not their lesson). They count the copies (see above).
inline void check_pack_a_source(std::size_t A_size, int lda, int mc, int kc) {
    COURSE_CHECK(A_size >= block_extent(mc, kc, lda), "pack_a: A has ", A_size,
                 " elements, expected at least (mc - 1) * lda + kc = ", block_extent(mc, kc, lda), " for an (", mc,
                 " x ", kc, ") block with lda = ", lda);
    packed_a_elements.fetch_add((long long)mc * kc, std::memory_order_relaxed);
}

inline void check_pack_b_source(std::size_t B_size, int ldb, int kc, int nc) {
    COURSE_CHECK(B_size >= block_extent(kc, nc, ldb), "pack_b: B has ", B_size,
                 " elements, expected at least (kc - 1) * ldb + nc = ", block_extent(kc, nc, ldb), " for a (", kc,
                 " x ", nc, ") panel with ldb = ", ldb);
    packed_b_elements.fetch_add((long long)kc * nc, std::memory_order_relaxed);
}

// check_macrokernel_block, check_macrokernel_output: matmul_macrokernel's checks of its sizes and
// ldc, and of the length of C (not its lesson; the packed buffers' lengths are checked between them).
// check_macrokernel_block counts the block's multiply-adds (see the work counters above).
inline void check_macrokernel_block(int ldc, int mb, int nb, int kb) {
    COURSE_CHECK(mb >= 0 && nb >= 0 && kb >= 0, "matmul_macrokernel: sizes must be non-negative, got mb = ", mb,
                 ", nb = ", nb, ", kb = ", kb);
    COURSE_CHECK(ldc >= nb, "matmul_macrokernel: ldc = ", ldc, " is smaller than the block width nb = ", nb);
    macrokernel_multiply_adds.fetch_add((long long)mb * nb * kb, std::memory_order_relaxed);
}

inline void check_macrokernel_output(std::size_t C_size, int ldc, int mb, int nb) {
    COURSE_CHECK(C_size >= block_extent(mb, nb, ldc), "matmul_macrokernel: C has ", C_size,
                 " elements, expected at least (mb - 1) * ldc + nb = ", block_extent(mb, nb, ldc));
}

// packed_a_size: floats in a packed (mc x kc) block of A: mc rounded up to a multiple of kMR, times kc.
std::size_t packed_a_size(int mc, int kc);
// packed_b_size: floats in a packed (kc x nc) panel of B: nc rounded up to a multiple of kNR, times kc.
std::size_t packed_b_size(int kc, int nc);

// pack_a: copy the (mc x kc) block of A that starts at A[0] (row stride lda) into micro-panels of
// kMR rows, each stored column by column (the order matmul_microkernel reads A_panel):
//
//     packed[(r * kc + p) * kMR + i] = A[(r * kMR + i) * lda + p]     if r * kMR + i < mc
//                                    = 0                              otherwise (the padding rows)
//
// for r < ceil(mc / kMR), p < kc, i < kMR. Cost: mc * kc copies, against 2 * mc * kc * nc flops
// that use them. Throws std::invalid_argument for negative sizes, lda < kc, packed shorter than
// packed_a_size(mc, kc), or A shorter than (mc - 1) * lda + kc.
void pack_a(std::span<float> packed, std::span<const float> A, int lda, int mc, int kc);

// pack_b: copy the (kc x nc) panel of B that starts at B[0] (row stride ldb) into micro-panels of
// kNR columns, each stored row by row (the order matmul_microkernel reads B_panel):
//
//     packed[(s * kc + p) * kNR + j] = B[p * ldb + s * kNR + j]       if s * kNR + j < nc
//                                    = 0                              otherwise (the padding columns)
//
// for s < ceil(nc / kNR), p < kc, j < kNR. Throws std::invalid_argument for negative sizes,
// ldb < nc, packed shorter than packed_b_size(kc, nc), or B shorter than (kc - 1) * ldb + nc.
void pack_b(std::span<float> packed, std::span<const float> B, int ldb, int kc, int nc);

// matmul_macrokernel: C (mb x nb, row stride ldc) += a packed A block times a packed B panel.
//
//     C[ir : ir+kMR, jr : jr+kNR] += micro-kernel(A micro-panel ir / kMR, B micro-panel jr / kNR)
//
// for jr < nb in steps of kNR (outer) and ir < mb in steps of kMR (inner): one B micro-panel
// (kb x kNR, in L1) meets every A micro-panel of the block (in L2) before the next is loaded.
// A_packed comes from pack_a(mb, kb), B_packed from pack_b(kb, nb) (or pack_bt); edge tiles go
// through matmul_microkernel_edge, so C outside the mb x nb block is never touched.
// Throws std::invalid_argument for negative sizes, ldc < nb, packed buffers shorter than
// packed_a_size(mb, kb) and packed_b_size(kb, nb), or C shorter than (mb - 1) * ldc + nb.
void matmul_macrokernel(std::span<float> C, int ldc, std::span<const float> A_packed,
                        std::span<const float> B_packed, int mb, int nb, int kb);

// matmul_packed: C = A B by the five loops of GotoBLAS around matmul_microkernel.
//
//     for jc in steps of nc:            B panel  B[:, jc:jc+nc] ...
//       for pc in steps of kc:          ... rows pc:pc+kc, packed (kc x nc) -> L3
//         for ic in steps of mc:        A block  A[ic:ic+mc, pc:pc+kc] packed (mc x kc) -> L2
//           for jr in steps of kNR:     B micro-panel (kc x kNR) -> L1
//             for ir in steps of kMR:   C[ic+ir : +kMR, jc+jr : +kNR] += micro-kernel (registers)
//
// (the two innermost loops are matmul_macrokernel).
// A is (M, K), B is (K, N), C is (M, N), row-major. C is overwritten: it may arrive holding
// anything. M, N, K need not be multiples of anything: an edge block of C (fewer than kMR rows or
// kNR columns) goes through matmul_microkernel_edge.
// What changed from matmul_tiled: tiled already copies a tile of B, but its inner loop still loads
// and stores C for every multiply-add. Here the kMR x kNR block of C never leaves the registers
// during a kc loop, A is packed too, and both are packed in the order the micro-kernel reads them,
// each block sized for the cache it lives in (B micro-panel in L1, A block in L2, B panel in L3).
// Cost: 2*M*N*K flops, plus M*K*ceil(N/nc) + K*N packing copies (nc clipped to N), which the
// tests count with the work counters above: build the product from pack_a, pack_b and
// matmul_macrokernel, each called once per block. The sum over p is split into
// kc-long partial sums, so the error bound is that of matmul_naive: gamma_K |A| |B|.
// Throws std::invalid_argument for negative sizes, spans whose size is not the product of their
// dimensions, or block sizes that are not positive or not multiples of kMR (mc) and kNR (nc).
void matmul_packed(std::span<float> C, std::span<const float> A, std::span<const float> B, int M, int N, int K,
                   BlockSizes blocks = default_block_sizes());

}  // namespace course::linear_algebra
