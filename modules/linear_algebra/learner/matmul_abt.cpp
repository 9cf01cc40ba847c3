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
    check_pack_bt_arguments(packed.size(), Bt.size(), ldb, kc, nc);
    //     packed[(s * kc + p) * kNR + j] = Bt[(s * kNR + j) * ldb + p],  0 for the padding columns
    // TODO(learner): pack_b's loops, with the roles of the two indices of B swapped.
    COURSE_TODO("pack_bt");
}

void matmul_abt(std::span<float> C, std::span<const float> A, std::span<const float> Bt, int M, int N, int K,
                BlockSizes blocks) {
    check_matmul_abt_arguments(C.size(), A.size(), Bt.size(), M, N, K, blocks);
    //     C[i, j] = sum_p A[i, p] * Bt[j, p]
    // TODO(learner): matmul_packed's loops, with pack_bt in place of pack_b.
    // Hint: the panel of B^T at (pc, jc) starts at Bt[jc * K + pc], and its row stride is K.
    COURSE_TODO("matmul_abt");
}

}  // namespace course::linear_algebra
