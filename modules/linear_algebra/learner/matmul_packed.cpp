// Exercise 17: matmul ladder, rung 4: packing, and the five loops of GotoBLAS around the micro-kernel.
// Contract: include/linear_algebra/matmul_packed.hpp
// Notes: docs/linear_algebra.md#matmul_packed.  Hints: ./course hint linear_algebra matmul_packed
// Grade it:  ./course grade linear_algebra matmul_packed
// Measure it:  ./course bench linear_algebra 'BM_Matmul/packed/'
#include "linear_algebra/matmul_packed.hpp"

#include <algorithm>
#include <cstddef>

#include "course/buffers.hpp"
#include "course/error.hpp"

namespace course::linear_algebra {
namespace {

// block_extent: elements spanned by a (rows x cols) block with row stride ld.
std::size_t block_extent(int rows, int cols, int ld) {
    return rows == 0 || cols == 0 ? 0 : std::size_t(rows - 1) * ld + cols;
}

}  // namespace

std::size_t packed_a_size(int mc, int kc) {
    // TODO(learner): mc rounded up to a multiple of kMR, times kc (negative sizes count as 0).
    COURSE_TODO("packed_a_size");
}

std::size_t packed_b_size(int kc, int nc) {
    // TODO(learner): nc rounded up to a multiple of kNR, times kc (negative sizes count as 0).
    COURSE_TODO("packed_b_size");
}

void pack_a(std::span<float> packed, std::span<const float> A, int lda, int mc, int kc) {
    check_pack_sizes("pack_a", mc, kc, lda, "lda");
    COURSE_CHECK(A.size() >= block_extent(mc, kc, lda), "pack_a: A has ", A.size(),
                 " elements, expected at least (mc - 1) * lda + kc = ", block_extent(mc, kc, lda), " for an (", mc,
                 " x ", kc, ") block with lda = ", lda);
    //     packed[(r * kc + p) * kMR + i] = A[(r * kMR + i) * lda + p],  0 for the padding rows
    // TODO(learner): check that packed holds packed_a_size(mc, kc) floats; then for each group of
    // kMR rows, for each p, write that group's kMR entries of column p (zeros past row mc).
    COURSE_TODO("pack_a");
}

void pack_b(std::span<float> packed, std::span<const float> B, int ldb, int kc, int nc) {
    check_pack_sizes("pack_b", kc, nc, ldb, "ldb");
    COURSE_CHECK(B.size() >= block_extent(kc, nc, ldb), "pack_b: B has ", B.size(),
                 " elements, expected at least (kc - 1) * ldb + nc = ", block_extent(kc, nc, ldb), " for a (", kc,
                 " x ", nc, ") panel with ldb = ", ldb);
    //     packed[(s * kc + p) * kNR + j] = B[p * ldb + s * kNR + j],  0 for the padding columns
    // TODO(learner): check that packed holds packed_b_size(kc, nc) floats; then for each group of
    // kNR columns, for each p, copy that group's kNR entries of row p (zeros past column nc).
    // Hint: row p of B starts at B[p * ldb], not B[p * nc]: the panel is part of a wider matrix.
    COURSE_TODO("pack_b");
}

void matmul_macrokernel(std::span<float> C, int ldc, std::span<const float> A_packed,
                        std::span<const float> B_packed, int mb, int nb, int kb) {
    COURSE_CHECK(mb >= 0 && nb >= 0 && kb >= 0, "matmul_macrokernel: sizes must be non-negative, got mb = ", mb,
                 ", nb = ", nb, ", kb = ", kb);
    COURSE_CHECK(ldc >= nb, "matmul_macrokernel: ldc = ", ldc, " is smaller than the block width nb = ", nb);
    COURSE_CHECK(C.size() >= block_extent(mb, nb, ldc), "matmul_macrokernel: C has ", C.size(),
                 " elements, expected at least (mb - 1) * ldc + nb = ", block_extent(mb, nb, ldc));
    // TODO(learner): check the packed sizes; then jr over nb (step kNR, outer) and ir over mb
    // (step kMR, inner): micro-panel jr / kNR of B starts at B_packed[(jr / kNR) * kNR * kb], and
    // micro-panel ir / kMR of A at A_packed[(ir / kMR) * kMR * kb]. Full tiles: matmul_microkernel
    // on C.subspan(ir * ldc + jr); edge tiles: matmul_microkernel_edge with the rows and cols left.
    COURSE_TODO("matmul_macrokernel");
}

void matmul_packed(std::span<float> C, std::span<const float> A, std::span<const float> B, int M, int N, int K,
                   BlockSizes blocks) {
    COURSE_CHECK(M >= 0 && N >= 0 && K >= 0, "matmul_packed: sizes must be non-negative, got M = ", M, ", N = ", N,
                 ", K = ", K);
    check_matrix_size("matmul_packed", "A", A.size(), "M * K", M, K);
    check_matrix_size("matmul_packed", "B", B.size(), "K * N", K, N);
    check_matrix_size("matmul_packed", "C", C.size(), "M * N", M, N);
    check_block_sizes("matmul_packed", blocks);
    // TODO(learner): zero C. Loops jc (step nc), pc (step kc): pack_b the (kb x nb) panel at
    // B[pc, jc]; loop ic (step mc): pack_a the (mb x kb) block at A[ic, pc]; then
    // matmul_macrokernel on the C block at C[ic, jc] (ldc = N).
    // Hint: kb, mb and nb are min(kc, K - pc) etc.: the last block in each direction is short.
    // AlignedFloats(packed_a_size(mc, kc)) holds a packed block, allocated once, before the loops.
    COURSE_TODO("matmul_packed");
}

}  // namespace course::linear_algebra
