// Exercise 18: matmul ladder, rung 5: matmul_packed on several cores with OpenMP.
// Contract: include/linear_algebra/matmul_omp.hpp
// Notes: docs/linear_algebra.md#matmul_omp.  Hints: ./course hint linear_algebra matmul_omp
// Grade it:  ./course grade linear_algebra matmul_omp
// Measure it:  ./course bench linear_algebra 'BM_Matmul/omp'
#include "linear_algebra/matmul_omp.hpp"

#include <omp.h>

#include <algorithm>
#include <cstddef>

#include "course/buffers.hpp"
#include "course/error.hpp"

namespace course::linear_algebra {

void matmul_omp(std::span<float> C, std::span<const float> A, std::span<const float> B, int M, int N, int K,
                int threads, BlockSizes blocks) {
    check_matmul_omp_arguments(C.size(), A.size(), B.size(), M, N, K, threads, blocks);
    // TODO(learner): allocate one pair of packed buffers per thread here; then, inside
    // `#pragma omp parallel num_threads(threads)`, let thread t (omp_get_thread_num()) compute its
    // slab of C, a run of whole kNR-wide column strips, with matmul_packed's loops and its buffers.
    // Hint: never split the pc (K) loop between threads: two threads would add into the same C
    // tile at once. An exception must not leave the parallel region (the program would end): check
    // everything before it, and catch inside it (keep the first std::current_exception(), rethrow
    // it after the region).
    COURSE_TODO("matmul_omp");
}

}  // namespace course::linear_algebra
