// Matmul ladder, rung 5: matmul_packed on several cores with OpenMP.
// Notes: docs/linear_algebra.md#matmul_omp.
#pragma once

#include <cstddef>
#include <span>

#include "course/error.hpp"
#include "linear_algebra/matmul_naive.hpp"
#include "linear_algebra/matmul_packed.hpp"

namespace course::linear_algebra {

// check_matmul_omp_arguments: matmul_omp's argument checks (not its lesson): the shapes and the
// blocks, as matmul_packed checks them, then the thread count.
inline void check_matmul_omp_arguments(std::size_t C_size, std::size_t A_size, std::size_t B_size, int M, int N,
                                       int K, int threads, BlockSizes blocks) {
    check_matmul_shapes("matmul_omp", C_size, A_size, B_size, M, N, K);
    check_block_sizes("matmul_omp", blocks);
    COURSE_CHECK(threads >= 1, "matmul_omp: threads = ", threads, ", expected at least 1");
}

// matmul_omp: C = A B by matmul_packed's loops, the work shared by `threads` OpenMP threads.
//
//     C[:, j0_t : j1_t] = A B[:, j0_t : j1_t]       thread t's slab of columns (or of rows)
//
// A is (M, K), B is (K, N), C is (M, N), row-major; C is overwritten. Which loop is parallel: the
// outermost one. C is cut into `threads` slabs of whole kNR-wide column strips (or, when C has
// more row strips of kMR than column strips, of whole row strips), and each thread runs
// matmul_packed's loops on its slab with packed buffers of its own. No two threads write the same
// element, and no thread waits for another before the end: there is no barrier inside the loops,
// so a thread that the operating system pauses delays only its own slab. The price is packing:
// each thread packs the part of A (or B) that the others pack too.
// The pc (K) loop is never split: two threads would then add into the same C tile at once (a data
// race), and each element would be summed in another order. Not splitting it keeps every C[i, j]
// summed in exactly matmul_packed's order, so the result is the same bit for bit, whatever the
// thread count.
// Cost: 2*M*N*K flops, each multiply-add done once by one thread (the tests count them, and the
// packing, with matmul_packed.hpp's work counters); with T idle cores at best T times
// matmul_packed's speed (minus the repeated packing and the memory bandwidth the cores share). Any threads >= 1 is correct, even more
// threads than cores.
// Throws std::invalid_argument like matmul_packed, and for threads < 1. An exception thrown inside
// the parallel region (by pack_a, say, while matmul_packed is still a stub) comes out of
// matmul_omp as it was thrown: it must not leave the OpenMP region, where it would end the program.
void matmul_omp(std::span<float> C, std::span<const float> A, std::span<const float> B, int M, int N, int K,
                int threads, BlockSizes blocks = default_block_sizes());

}  // namespace course::linear_algebra
