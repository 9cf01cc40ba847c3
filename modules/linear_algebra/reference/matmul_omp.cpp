// Reference solution: matmul ladder rung 5, matmul_packed's loops on several threads with OpenMP.
// Contract: include/linear_algebra/matmul_omp.hpp
#include "linear_algebra/matmul_omp.hpp"

#include <omp.h>

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <exception>
#include <vector>

#include "course/buffers.hpp"
#include "course/error.hpp"

namespace course::linear_algebra {
namespace {

// Slab: the part of C one thread computes, rows [i0, i1) and columns [j0, j1).
struct Slab {
    int i0, i1, j0, j1;
};

// slab_of: thread t's share of C among T threads: a contiguous run of kNR-wide column strips
// when C has at least as many column strips as row strips (kMR tall), else a run of row strips.
// Strips are whole, so no micro-tile is split between threads.
Slab slab_of(int t, int T, int M, int N) {
    const int col_strips = (N + kNR - 1) / kNR, row_strips = (M + kMR - 1) / kMR;
    if (col_strips >= row_strips) {
        const int s0 = int(std::int64_t(col_strips) * t / T), s1 = int(std::int64_t(col_strips) * (t + 1) / T);
        return {0, M, std::min(N, s0 * kNR), std::min(N, s1 * kNR)};
    }
    const int s0 = int(std::int64_t(row_strips) * t / T), s1 = int(std::int64_t(row_strips) * (t + 1) / T);
    return {std::min(M, s0 * kMR), std::min(M, s1 * kMR), 0, N};
}

// Buffers: one thread's packed A block and B panel.
struct Buffers {
    AlignedFloats A_packed, B_packed;
};

// matmul_slab: C[i0:i1, j0:j1] = A[i0:i1, :] B[:, j0:j1], matmul_packed's jc, pc, ic loops on
// one slab, with the thread's own buffers. C is (M, N) with row stride N, zeroed by the caller.
void matmul_slab(std::span<float> C, std::span<const float> A, std::span<const float> B, int N, int K,
                 BlockSizes blocks, Slab slab, Buffers& buffers) {
    for (int jc = slab.j0; jc < slab.j1; jc += blocks.nc) {
        const int nb = std::min(blocks.nc, slab.j1 - jc);
        for (int pc = 0; pc < K; pc += blocks.kc) {
            const int kb = std::min(blocks.kc, K - pc);
            pack_b(buffers.B_packed.span(), B.subspan(std::size_t(pc) * N + jc), N, kb, nb);
            for (int ic = slab.i0; ic < slab.i1; ic += blocks.mc) {
                const int mb = std::min(blocks.mc, slab.i1 - ic);
                pack_a(buffers.A_packed.span(), A.subspan(std::size_t(ic) * K + pc), K, mb, kb);
                matmul_macrokernel(C.subspan(std::size_t(ic) * N + jc), N, buffers.A_packed.span(),
                                   buffers.B_packed.span(), mb, nb, kb);
            }
        }
    }
}

}  // namespace

void matmul_omp(std::span<float> C, std::span<const float> A, std::span<const float> B, int M, int N, int K,
                int threads, BlockSizes blocks) {
    check_matmul_omp_arguments(C.size(), A.size(), B.size(), M, N, K, threads, blocks);
    std::fill(C.begin(), C.end(), 0.0f);
    if (M == 0 || N == 0 || K == 0) return;
    const BlockSizes used{std::min(blocks.mc, M), std::min(blocks.kc, K), std::min(blocks.nc, N)};
    // Every thread's buffers are allocated here, before the parallel region, and every argument is
    // checked.
    std::vector<Buffers> buffers;
    buffers.reserve(std::size_t(threads));
    for (int t = 0; t < threads; ++t)
        buffers.push_back({AlignedFloats(packed_a_size(used.mc, used.kc)), AlignedFloats(packed_b_size(used.kc, used.nc))});
    // Each thread computes its own slab of C from start to end: no two threads write the same
    // element, and no thread waits for another until the region ends. An exception must not leave
    // an OpenMP region (the program would terminate): a thread keeps the first one it meets (a
    // stub of pack_a throws NotImplemented, say), and it is thrown again once the region is over.
    std::exception_ptr first_error;
#pragma omp parallel num_threads(threads)
    {
        const int t = omp_get_thread_num(), T = omp_get_num_threads();
        try {
            matmul_slab(C, A, B, N, K, used, slab_of(t, T, M, N), buffers[std::size_t(t)]);
        } catch (...) {
#pragma omp critical(matmul_omp_error)
            if (!first_error) first_error = std::current_exception();
        }
    }
    if (first_error) std::rethrow_exception(first_error);
}

}  // namespace course::linear_algebra
