// Matmul ladder, rung 3: the micro-kernel, the few lines where a fast matmul spends its time.
//
// It multiplies one packed micro-panel of A (kc x MR) by one packed micro-panel of B (kc x NR)
// and adds the (MR x NR) product into C. The kc products of each entry are summed in vector
// registers starting from 0, for the whole loop over kc, and each sum is added into C once at the
// end: C(i, j) += sum_p a_ip b_pj, one rounding per kc block for the addition into C (the tests
// check this with sums where adding into C first gives another result). matmul_packed (rung 4)
// calls it for every (MR x NR) block of C.
// Notes: docs/linear_algebra.md#matmul_microkernel.
#pragma once

#include <cstddef>
#include <span>

#include "course/error.hpp"

namespace course::linear_algebra {

// The target's SIMD register, in bytes: 64 with AVX-512, 32 with AVX/AVX2, 16 otherwise (SSE2 on
// x86-64, NEON on ARM64). Taken from the compiler's target macros, so -march decides it.
#if defined(__AVX512F__)
inline constexpr int kSimdBytes = 64;
#elif defined(__AVX__)
inline constexpr int kSimdBytes = 32;
#else
inline constexpr int kSimdBytes = 16;
#endif
// kSimdFloats: fp32 lanes in one register (16, 8 or 4).
inline constexpr int kSimdFloats = kSimdBytes / int(sizeof(float));

// The micro-tile of C that lives in registers: kMR rows by kNR columns, kNR = two registers wide.
// Register budget with 16 registers (AVX2, SSE): 6 x 2 = 12 accumulators, 2 for the row of the B
// micro-panel, 1 for the broadcast element of A: 15 of 16. Each step p does 12 fused multiply-adds
// on 3 loads; 12 independent accumulators hide the FMA latency (4 cycles x 2 FMA units = 8 in flight).
inline constexpr int kMR = 6;
inline constexpr int kNR = 2 * kSimdFloats;

// check_microkernel_arguments: matmul_microkernel's argument checks (not its lesson), as
// std::invalid_argument naming the sizes.
inline void check_microkernel_arguments(std::size_t C_size, int ldc, std::size_t A_size, std::size_t B_size,
                                        int kc) {
    COURSE_CHECK(kc >= 0, "matmul_microkernel: kc = ", kc, ", expected kc >= 0");
    COURSE_CHECK(ldc >= kNR, "matmul_microkernel: ldc = ", ldc, " is smaller than the tile width kNR = ", kNR,
                 ": rows of the C tile would overlap");
    COURSE_CHECK(A_size >= std::size_t(kMR) * kc, "matmul_microkernel: A_panel has ", A_size,
                 " elements, expected at least kMR * kc = ", kMR, " * ", kc, " = ", std::size_t(kMR) * kc);
    COURSE_CHECK(B_size >= std::size_t(kNR) * kc, "matmul_microkernel: B_panel has ", B_size,
                 " elements, expected at least kNR * kc = ", kNR, " * ", kc, " = ", std::size_t(kNR) * kc);
    const std::size_t C_needed = std::size_t(kMR - 1) * ldc + kNR;
    COURSE_CHECK(C_size >= C_needed, "matmul_microkernel: C has ", C_size,
                 " elements, expected at least (kMR - 1) * ldc + kNR = ", kMR - 1, " * ", ldc, " + ", kNR, " = ",
                 C_needed);
}

// check_microkernel_edge_arguments: matmul_microkernel_edge's own argument checks (not its lesson):
// the tile fits in kMR x kNR, ldc >= cols, and C holds the rows x cols corner.
inline void check_microkernel_edge_arguments(std::size_t C_size, int ldc, int rows, int cols) {
    COURSE_CHECK(rows >= 0 && rows <= kMR && cols >= 0 && cols <= kNR, "matmul_microkernel_edge: the tile is ", rows,
                 " x ", cols, ", expected at most kMR x kNR = ", kMR, " x ", kNR);
    COURSE_CHECK(ldc >= cols, "matmul_microkernel_edge: ldc = ", ldc, " is smaller than cols = ", cols);
    const std::size_t C_needed = rows == 0 || cols == 0 ? 0 : std::size_t(rows - 1) * ldc + cols;
    COURSE_CHECK(C_size >= C_needed, "matmul_microkernel_edge: C has ", C_size,
                 " elements, expected at least (rows - 1) * ldc + cols = ", C_needed);
}

// matmul_microkernel: C (kMR x kNR, row stride ldc) += A_panel^T B_panel over kc steps.
//
//     C[i, j] += sum_{p < kc} A_panel[p * kMR + i] * B_panel[p * kNR + j]      i < kMR, j < kNR
//
// A_panel holds a (kMR x kc) block of A packed column by column: its kMR entries for step p are
// contiguous (A_panel[p * kMR + i] = A[i, p]). B_panel holds a (kc x kNR) block of B packed row by
// row (B_panel[p * kNR + j] = B[p, j]). Both are read once, front to back, with stride 1.
// C is row-major with row stride ldc >= kNR: C[i, j] is C[i * ldc + j]. C is ADDED to (the caller
// zeroes it first when it wants a plain product); only the kMR x kNR block is touched.
// Cost: 2 * kMR * kNR * kc flops on (kMR + kNR) * kc floats loaded: 6 flops per float loaded
// with AVX2, enough to run at the FMA units' peak from L1 and L2.
// Portable: GCC/Clang vector extensions, so it builds for any x86-64 or ARM64 target.
// Throws std::invalid_argument for kc < 0, ldc < kNR, A_panel shorter than kMR * kc, B_panel
// shorter than kNR * kc, or C shorter than (kMR - 1) * ldc + kNR.
void matmul_microkernel(std::span<float> C, int ldc, std::span<const float> A_panel, std::span<const float> B_panel,
                        int kc);

// matmul_microkernel_edge: the same product for a tile at the edge of C, of which only the first
// `rows` rows and `cols` columns exist:
//
//     C[i, j] += sum_{p < kc} A_panel[p * kMR + i] * B_panel[p * kNR + j]      i < rows, j < cols
//
// The panels are full (zero-padded by the packing); the full kMR x kNR product is computed into a
// zeroed scratch tile by matmul_microkernel, and only its rows x cols corner is added into C, so
// nothing outside that corner is read or written. C needs (rows - 1) * ldc + cols elements.
// Throws std::invalid_argument like matmul_microkernel, for rows outside [0, kMR] or cols outside
// [0, kNR], or for ldc < cols.
void matmul_microkernel_edge(std::span<float> C, int ldc, std::span<const float> A_panel,
                             std::span<const float> B_panel, int kc, int rows, int cols);

}  // namespace course::linear_algebra
