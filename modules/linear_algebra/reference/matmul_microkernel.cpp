// Reference solution: matmul ladder rung 3, the register-blocked SIMD micro-kernel.
// Contract: include/linear_algebra/matmul_microkernel.hpp
#include "linear_algebra/matmul_microkernel.hpp"

#include <cstddef>
#include <cstring>

#include "course/error.hpp"

namespace course::linear_algebra {
namespace {

// Vec: kSimdFloats floats in one SIMD register (a GCC/Clang vector extension). Arithmetic on Vec
// is element-wise, and `float * Vec` broadcasts the float: the compiler emits vbroadcastss and
// vfmadd231ps (AVX2), or their SSE/NEON/AVX-512 equivalents.
using Vec = float __attribute__((vector_size(kSimdBytes)));

// load_vec / store_vec: kSimdFloats consecutive floats, at any alignment (memcpy compiles to one
// unaligned vector load or store).
Vec load_vec(const float* p) {
    Vec v;
    std::memcpy(&v, p, sizeof v);
    return v;
}
void store_vec(float* p, Vec v) { std::memcpy(p, &v, sizeof v); }

}  // namespace

void matmul_microkernel(std::span<float> C, int ldc, std::span<const float> A_panel, std::span<const float> B_panel,
                        int kc) {
    check_microkernel_arguments(C.size(), ldc, A_panel.size(), B_panel.size(), kc);
    // acc[i][h] holds C[i, h * kSimdFloats : (h + 1) * kSimdFloats] of the product: 2 * kMR
    // registers. The loops over i and h are unrolled, so acc never leaves the registers.
    // Ask for C's rows now: they are needed only after the kc loop, and by then they are in L1
    // (C's rows are ldc floats apart, often a power of two: their cache lines do not stay).
    for (int i = 0; i < kMR; ++i) __builtin_prefetch(C.data() + std::size_t(i) * ldc + kNR - 1, 1);
    for (int i = 0; i < kMR; ++i) __builtin_prefetch(C.data() + std::size_t(i) * ldc, 1);
    Vec acc[kMR][2] = {};
    const float* a = A_panel.data();  // a[i] = A[i, p]
    const float* b = B_panel.data();  // b[j] = B[p, j]
    for (int p = 0; p < kc; ++p, a += kMR, b += kNR) {
        const Vec b0 = load_vec(b), b1 = load_vec(b + kSimdFloats);
#pragma GCC unroll 16
        for (int i = 0; i < kMR; ++i) {
            acc[i][0] += a[i] * b0;  // one broadcast of A[i, p], two fused multiply-adds
            acc[i][1] += a[i] * b1;
        }
    }
    // Add the tile into C once, after the whole kc loop: C is read and written once per call.
    float* c = C.data();
#pragma GCC unroll 16
    for (int i = 0; i < kMR; ++i, c += ldc) {
        store_vec(c, load_vec(c) + acc[i][0]);
        store_vec(c + kSimdFloats, load_vec(c + kSimdFloats) + acc[i][1]);
    }
}

void matmul_microkernel_edge(std::span<float> C, int ldc, std::span<const float> A_panel,
                             std::span<const float> B_panel, int kc, int rows, int cols) {
    check_microkernel_edge_arguments(C.size(), ldc, rows, cols);
    float tile[kMR * kNR] = {};  // the whole tile, row stride kNR
    matmul_microkernel(tile, kNR, A_panel, B_panel, kc);
    for (int i = 0; i < rows; ++i)
        for (int j = 0; j < cols; ++j) C[std::size_t(i) * ldc + j] += tile[i * kNR + j];
}

}  // namespace course::linear_algebra
