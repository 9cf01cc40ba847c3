// Known mistake (matmul_omp): the ic loop is the parallel one (a sound choice: each thread then
// writes its own rows of C), but the A block is packed into ONE buffer, allocated before the
// parallel region and shared by every thread. Threads overwrite each other's packed A while the
// others' micro-kernels still read it.
#include "linear_algebra/matmul_omp.hpp"

#include <algorithm>
#include <cstddef>

#include "course/buffers.hpp"
#include "course/error.hpp"

namespace course::linear_algebra {

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
    AlignedFloats A_packed(packed_a_size(mc, kc)), B_packed(packed_b_size(kc, nc));  // BUG: A_packed is shared
    for (int jc = 0; jc < N; jc += nc) {
        const int nb = std::min(nc, N - jc);
        for (int pc = 0; pc < K; pc += kc) {
            const int kb = std::min(kc, K - pc);
            pack_b(B_packed.span(), B.subspan(std::size_t(pc) * N + jc), N, kb, nb);
#pragma omp parallel for num_threads(threads) schedule(static)
            for (int ic = 0; ic < M; ic += mc) {
                const int mb = std::min(mc, M - ic);
                pack_a(A_packed.span(), A.subspan(std::size_t(ic) * K + pc), K, mb, kb);  // all threads, one buffer
                matmul_macrokernel(C.subspan(std::size_t(ic) * N + jc), N, A_packed.span(), B_packed.span(), mb, nb, kb);
            }
        }
    }
}

}  // namespace course::linear_algebra
