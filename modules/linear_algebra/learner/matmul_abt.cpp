// Exercise 19 (stretch): C = A B^T with the packed algorithm, the product attention needs.
// Contract: include/linear_algebra/matmul_abt.hpp
// Notes: docs/linear_algebra.md#matmul_abt.  Hints: ./course hint linear_algebra matmul_abt
// Grade it:  ./course grade linear_algebra matmul_abt
// Measure it:  ./course bench linear_algebra 'BM_MatmulAbt'
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
    //     packed[(s * kc + p) * kNR + j] = Bt[(s * kNR + j) * ldb + p],  0 for the padding columns
    // TODO(learner): pack_b's loops, with the roles of the two indices of B swapped.
    COURSE_TODO("pack_bt");
}

void matmul_abt(std::span<float> C, std::span<const float> A, std::span<const float> Bt, int M, int N, int K,
                BlockSizes blocks) {
    COURSE_CHECK(M >= 0 && N >= 0 && K >= 0, "matmul_abt: sizes must be non-negative, got M = ", M, ", N = ", N,
                 ", K = ", K);
    check_matrix_size("matmul_abt", "A", A.size(), "M * K", M, K);
    check_matrix_size("matmul_abt", "Bt", Bt.size(), "N * K", N, K);
    check_matrix_size("matmul_abt", "C", C.size(), "M * N", M, N);
    check_block_sizes("matmul_abt", blocks);
    //     C[i, j] = sum_p A[i, p] * Bt[j, p]
    // TODO(learner): matmul_packed's loops, with pack_bt in place of pack_b.
    // Hint: the panel of B^T at (pc, jc) starts at Bt[jc * K + pc], and its row stride is K.
    COURSE_TODO("matmul_abt");
}

}  // namespace course::linear_algebra
