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
    check_pack_a_source(A.size(), lda, mc, kc);
    //     packed[(r * kc + p) * kMR + i] = A[(r * kMR + i) * lda + p],  0 for the padding rows
    // TODO(learner): check that packed holds packed_a_size(mc, kc) floats; then for each group of
    // kMR rows, for each p, write that group's kMR entries of column p (zeros past row mc).
    COURSE_TODO("pack_a");
}

void pack_b(std::span<float> packed, std::span<const float> B, int ldb, int kc, int nc) {
    check_pack_sizes("pack_b", kc, nc, ldb, "ldb");
    check_pack_b_source(B.size(), ldb, kc, nc);
    //     packed[(s * kc + p) * kNR + j] = B[p * ldb + s * kNR + j],  0 for the padding columns
    // TODO(learner): check that packed holds packed_b_size(kc, nc) floats; then for each group of
    // kNR columns, for each p, copy that group's kNR entries of row p (zeros past column nc).
    // Hint: row p of B starts at B[p * ldb], not B[p * nc]: the panel is part of a wider matrix.
    COURSE_TODO("pack_b");
}

void matmul_macrokernel(std::span<float> C, int ldc, std::span<const float> A_packed,
                        std::span<const float> B_packed, int mb, int nb, int kb) {
    check_macrokernel_block(ldc, mb, nb, kb);
    check_macrokernel_output(C.size(), ldc, mb, nb);
    // TODO(learner): check the packed sizes; then jr over nb (step kNR, outer) and ir over mb
    // (step kMR, inner): micro-panel jr / kNR of B starts at B_packed[(jr / kNR) * kNR * kb], and
    // micro-panel ir / kMR of A at A_packed[(ir / kMR) * kMR * kb]. Full tiles: matmul_microkernel
    // on C.subspan(ir * ldc + jr); edge tiles: matmul_microkernel_edge with the rows and cols left.
    COURSE_TODO("matmul_macrokernel");
}

void matmul_packed(std::span<float> C, std::span<const float> A, std::span<const float> B, int M, int N, int K,
                   BlockSizes blocks) {
    check_matmul_shapes("matmul_packed", C.size(), A.size(), B.size(), M, N, K);
    check_block_sizes("matmul_packed", blocks);
    // TODO(learner): zero C. Loops jc (step nc), pc (step kc): pack_b the (kb x nb) panel at
    // B[pc, jc]; loop ic (step mc): pack_a the (mb x kb) block at A[ic, pc]; then
    // matmul_macrokernel on the C block at C[ic, jc] (ldc = N).
    // Hint: kb, mb and nb are min(kc, K - pc) etc.: the last block in each direction is short.
    // AlignedFloats(packed_a_size(mc, kc)) holds a packed block, allocated once, before the loops.
    COURSE_TODO("matmul_packed");
}

}  // namespace course::linear_algebra
