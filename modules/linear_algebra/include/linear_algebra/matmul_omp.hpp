// Matmul ladder, rung 5: matmul_packed on several cores with OpenMP.
// Notes: docs/linear_algebra.md#matmul_omp.
#pragma once

#include <span>

#include "linear_algebra/matmul_packed.hpp"

namespace course::linear_algebra {

// matmul_omp: C = A B by matmul_packed's loops, the work shared by `threads` OpenMP threads.
//
//     C[ic:ic+mc, jc+jr : +kNR] += A_block * B_micro_panel      one (jr, ir) tile per task
//
// A is (M, K), B is (K, N), C is (M, N), row-major; C is overwritten. Which loop is parallel:
// the jr loop over the B panel's kNR-wide micro-panels (BLIS's choice for a few cores). Every
// thread then writes its own columns of C, so no two threads ever touch the same element; the
// packing of each B panel and A block is shared out among the threads too, with a barrier
// before the micro-kernels read them. The pc (K) loop is never split: two threads would then add
// into the same C tile at once (a data race), and each element would be summed in a different
// order. Not splitting it keeps every C[i, j] summed in exactly the order of matmul_packed, so the
// result is the same bit for bit, whatever the thread count.
// Cost: 2*M*N*K flops; with T threads at best T times matmul_packed's speed (minus barriers and
// the memory bandwidth the cores share). Any threads >= 1 is correct, even more than the cores.
// Throws std::invalid_argument like matmul_packed, and for threads < 1.
void matmul_omp(std::span<float> C, std::span<const float> A, std::span<const float> B, int M, int N, int K,
                int threads, BlockSizes blocks = default_block_sizes());

}  // namespace course::linear_algebra
