// Known mistake (matmul_omp): the columns of C are shared out as N / T per thread, with integer
// division. When N is not a multiple of the thread count, the last N % T columns belong to no
// thread and stay zero. (Whole kNR-wide strips, shared out with the remainder spread over the
// threads, leave nothing out.)
#include "linear_algebra/matmul_omp.hpp"

#include <omp.h>

#include <algorithm>
#include <cstddef>
#include <vector>

#include "course/buffers.hpp"
#include "course/error.hpp"

namespace course::linear_algebra {
namespace {

// Slab: the part of C one thread computes, rows [i0, i1) and columns [j0, j1).
struct Slab {
    int i0, i1, j0, j1;
};

// slab_of: thread t's share of C among T threads: N / T columns each.
Slab slab_of(int t, int T, int M, int N) {
    const int width = N / T;  // BUG: drops the N % T columns left over after the last slab
    return {0, M, t * width, (t + 1) * width};
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
    COURSE_CHECK(M >= 0 && N >= 0 && K >= 0, "matmul_omp: sizes must be non-negative, got M = ", M, ", N = ", N,
                 ", K = ", K);
    check_matrix_size("matmul_omp", "A", A.size(), "M * K", M, K);
    check_matrix_size("matmul_omp", "B", B.size(), "K * N", K, N);
    check_matrix_size("matmul_omp", "C", C.size(), "M * N", M, N);
    check_block_sizes("matmul_omp", blocks);
    COURSE_CHECK(threads >= 1, "matmul_omp: threads = ", threads, ", expected at least 1");
    std::fill(C.begin(), C.end(), 0.0f);
    if (M == 0 || N == 0 || K == 0) return;
    const BlockSizes used{std::min(blocks.mc, M), std::min(blocks.kc, K), std::min(blocks.nc, N)};
    // Every thread's buffers are allocated here, before the parallel region: nothing inside it
    // may throw (an exception cannot leave an OpenMP region), and every argument is checked.
    std::vector<Buffers> buffers;
    buffers.reserve(std::size_t(threads));
    for (int t = 0; t < threads; ++t)
        buffers.push_back({AlignedFloats(packed_a_size(used.mc, used.kc)), AlignedFloats(packed_b_size(used.kc, used.nc))});
    // Each thread computes its own slab of C from start to end: no two threads write the same
    // element, and no thread waits for another until the region ends.
#pragma omp parallel num_threads(threads)
    {
        const int t = omp_get_thread_num(), T = omp_get_num_threads();
        matmul_slab(C, A, B, N, K, used, slab_of(t, T, M, N), buffers[std::size_t(t)]);
    }
}

}  // namespace course::linear_algebra
