// Exercise 16: matmul ladder, rung 3: the register-blocked SIMD micro-kernel.
// Contract: include/linear_algebra/matmul_microkernel.hpp
// Notes: docs/linear_algebra.md#matmul_microkernel.  Hints: ./course hint linear_algebra matmul_microkernel
// Grade it:  ./course grade linear_algebra matmul_microkernel
// Measure it:  ./course bench linear_algebra 'Microkernel'
#include "linear_algebra/matmul_microkernel.hpp"

#include <cstddef>
#include <cstring>

#include "course/error.hpp"

namespace course::linear_algebra {
namespace {

// Vec: kSimdFloats floats in one SIMD register (a GCC/Clang vector extension). `v + w` and
// `v * w` work lane by lane; `x * v` with a float x multiplies every lane by x (a broadcast).
using Vec = float __attribute__((vector_size(kSimdBytes)));

// load_vec / store_vec: kSimdFloats consecutive floats, at any alignment.
[[maybe_unused]] Vec load_vec(const float* p) {
    Vec v;
    std::memcpy(&v, p, sizeof v);
    return v;
}
[[maybe_unused]] void store_vec(float* p, Vec v) { std::memcpy(p, &v, sizeof v); }

}  // namespace

void matmul_microkernel(std::span<float> C, int ldc, std::span<const float> A_panel, std::span<const float> B_panel,
                        int kc) {
    check_microkernel_arguments(C.size(), ldc, A_panel.size(), B_panel.size(), kc);
    //     C[i, j] += sum_{p < kc} A_panel[p * kMR + i] * B_panel[p * kNR + j]      i < kMR, j < kNR
    // TODO(learner): keep kMR x 2 accumulators `Vec acc[kMR][2] = {}`. For each p, load the two
    // vectors of B's row p, then for each i add A_panel[p * kMR + i] times each of them. After the
    // loop, add acc[i][h] into C's row i (stride ldc) with load_vec / store_vec.
    // Hint: write `#pragma GCC unroll 16` above the loop over i, or the compiler may keep acc in
    // memory instead of registers at -O2 (compare the speed with ./course bench).
    COURSE_TODO("matmul_microkernel");
}

void matmul_microkernel_edge(std::span<float> C, int ldc, std::span<const float> A_panel,
                             std::span<const float> B_panel, int kc, int rows, int cols) {
    check_microkernel_edge_arguments(C.size(), ldc, rows, cols);
    // TODO(learner): run matmul_microkernel on a zeroed scratch tile `float tile[kMR * kNR] = {}`
    // (row stride kNR), then add its first rows x cols entries into C (row stride ldc).
    COURSE_TODO("matmul_microkernel_edge");
}

}  // namespace course::linear_algebra
