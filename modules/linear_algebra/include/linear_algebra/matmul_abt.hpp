// Matmul ladder, stretch rung: C = A B^T with the packed algorithm, the product attention needs
// (scores = Q K^T). Only the packing of B changes: the micro-kernel and the loops are matmul_packed's.
// Notes: docs/linear_algebra.md#matmul_abt.
#pragma once

#include <cstddef>
#include <span>

#include "course/buffers.hpp"
#include "course/error.hpp"
#include "linear_algebra/matmul_naive.hpp"
#include "linear_algebra/matmul_packed.hpp"

namespace course::linear_algebra {

// check_pack_bt_arguments: pack_bt's argument checks (not its lesson): sizes, ldb, and the lengths
// of packed and Bt. Counts the kc * nc copies in packed_b_elements, as pack_b's check does.
inline void check_pack_bt_arguments(std::size_t packed_size, std::size_t Bt_size, int ldb, int kc, int nc) {
    COURSE_CHECK(kc >= 0 && nc >= 0, "pack_bt: sizes must be non-negative, got kc = ", kc, ", nc = ", nc);
    COURSE_CHECK(ldb >= kc, "pack_bt: ldb = ", ldb, " is smaller than the panel depth kc = ", kc);
    COURSE_CHECK(packed_size >= packed_b_size(kc, nc), "pack_bt: packed has ", packed_size,
                 " elements, expected at least packed_b_size(kc, nc) = ", packed_b_size(kc, nc));
    const std::size_t extent = kc == 0 || nc == 0 ? 0 : std::size_t(nc - 1) * ldb + kc;
    COURSE_CHECK(Bt_size >= extent, "pack_bt: Bt has ", Bt_size, " elements, expected at least (nc - 1) * ldb + kc = ",
                 extent, " for ", nc, " rows of ", kc, " with ldb = ", ldb);
    packed_b_elements.fetch_add((long long)kc * nc, std::memory_order_relaxed);  // the copies (matmul_packed.hpp)
}

// check_matmul_abt_arguments: matmul_abt's argument checks (not its lesson): matmul_packed's, with
// Bt (N, K) in place of B (K, N).
inline void check_matmul_abt_arguments(std::size_t C_size, std::size_t A_size, std::size_t Bt_size, int M, int N,
                                       int K, BlockSizes blocks) {
    check_matmul_sizes("matmul_abt", M, N, K);
    check_matrix_size("matmul_abt", "A", A_size, "M * K", M, K);
    check_matrix_size("matmul_abt", "Bt", Bt_size, "N * K", N, K);
    check_matrix_size("matmul_abt", "C", C_size, "M * N", M, N);
    check_block_sizes("matmul_abt", blocks);
}

// pack_bt: pack the (kc x nc) panel of B^T whose B rows start at Bt[0] (B^T's column j is row j of
// Bt, row stride ldb) into the same layout as pack_b:
//
//     packed[(s * kc + p) * kNR + j] = Bt[(s * kNR + j) * ldb + p]    if s * kNR + j < nc
//                                    = 0                              otherwise
//
// for s < ceil(nc / kNR), p < kc, j < kNR. Each micro-panel reads kNR rows of Bt in parallel, a
// strided gather, done once per panel and paid back over the mc rows that reuse it.
// Throws std::invalid_argument for negative sizes, ldb < kc, packed shorter than
// packed_b_size(kc, nc), or Bt shorter than (nc - 1) * ldb + kc.
void pack_bt(std::span<float> packed, std::span<const float> Bt, int ldb, int kc, int nc);

// matmul_abt: C = A B^T, with B given as Bt, an (N, K) matrix whose rows are B's columns.
//
//     C[i, j] = sum_p A[i, p] * Bt[j, p]
//
// A is (M, K), Bt is (N, K), C is (M, N), row-major; C is overwritten. Same loops, blocks,
// micro-kernel, error bound and counted work as matmul_packed; Bt is packed with pack_bt.
// Throws std::invalid_argument like matmul_packed (Bt must hold N * K elements).
void matmul_abt(std::span<float> C, std::span<const float> A, std::span<const float> Bt, int M, int N, int K,
                BlockSizes blocks = default_block_sizes());

}  // namespace course::linear_algebra
