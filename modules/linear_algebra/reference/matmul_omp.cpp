// Reference solution: matmul ladder rung 5, matmul_packed parallelized with OpenMP.
// Contract: include/linear_algebra/matmul_omp.hpp
#include "linear_algebra/matmul_omp.hpp"

#include <algorithm>
#include <cstddef>

#include "course/buffers.hpp"
#include "course/error.hpp"

namespace course::linear_algebra {
namespace {

// Panels: the packed B panel and A block of one (jc, pc, ic) step, shared by all threads.
struct Panels {
    float* A_packed;
    float* B_packed;
};

// pack_b_shared: the (kb x nb) panel at B_start, one kNR-wide micro-panel per task.
// `omp for` ends with a barrier: no thread reads the panel before all of it is packed.
void pack_b_shared(float* B_packed, std::span<const float> B_start, int ldb, int kb, int nb) {
    const int panels = (nb + kNR - 1) / kNR;
#pragma omp for schedule(static)
    for (int s = 0; s < panels; ++s) {
        const int cols = std::min(kNR, nb - s * kNR);
        pack_b({B_packed + std::size_t(s) * kNR * kb, std::size_t(kNR) * kb}, B_start.subspan(std::size_t(s) * kNR),
               ldb, kb, cols);
    }
}

// pack_a_shared: the (mb x kb) block at A_start, one kMR-tall micro-panel per task, then a barrier.
void pack_a_shared(float* A_packed, std::span<const float> A_start, int lda, int mb, int kb) {
    const int panels = (mb + kMR - 1) / kMR;
#pragma omp for schedule(static)
    for (int r = 0; r < panels; ++r) {
        const int rows = std::min(kMR, mb - r * kMR);
        pack_a({A_packed + std::size_t(r) * kMR * kb, std::size_t(kMR) * kb},
               A_start.subspan(std::size_t(r) * kMR * lda), lda, rows, kb);
    }
}

// macro_kernel_shared: matmul_macrokernel with its jr loop shared out: each task is one
// kNR-wide column strip of the block, so each thread owns whole strips of C and no two threads
// write the same element. The `omp for` ends with a barrier, so that no thread repacks A or B
// while another still reads them.
void macro_kernel_shared(std::span<float> C, int ldc, const Panels& panels, int mb, int nb, int kb) {
    const int strips = (nb + kNR - 1) / kNR;
    const std::size_t a_len = packed_a_size(mb, kb), b_len = std::size_t(kNR) * kb;
#pragma omp for schedule(static)
    for (int s = 0; s < strips; ++s) {
        const int cols = std::min(kNR, nb - s * kNR);
        matmul_macrokernel(C.subspan(std::size_t(s) * kNR), ldc, {panels.A_packed, a_len},
                           {panels.B_packed + std::size_t(s) * b_len, b_len}, mb, cols, kb);
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
    const int mc = std::min(blocks.mc, M), kc = std::min(blocks.kc, K), nc = std::min(blocks.nc, N);
    AlignedFloats A_packed(packed_a_size(mc, kc)), B_packed(packed_b_size(kc, nc));
    const Panels panels{A_packed.data(), B_packed.data()};
    // Every thread runs the same jc, pc, ic loops; the `omp for` loops inside share out the work
    // of each step and end with a barrier. No exception can leave the parallel region: every
    // argument was checked above.
#pragma omp parallel num_threads(threads)
    for (int jc = 0; jc < N; jc += nc) {
        const int nb = std::min(nc, N - jc);
        for (int pc = 0; pc < K; pc += kc) {
            const int kb = std::min(kc, K - pc);
            pack_b_shared(panels.B_packed, B.subspan(std::size_t(pc) * N + jc), N, kb, nb);
            for (int ic = 0; ic < M; ic += mc) {
                const int mb = std::min(mc, M - ic);
                pack_a_shared(panels.A_packed, A.subspan(std::size_t(ic) * K + pc), K, mb, kb);
                macro_kernel_shared(C.subspan(std::size_t(ic) * N + jc), N, panels, mb, nb, kb);
            }
        }
    }
}

}  // namespace course::linear_algebra
