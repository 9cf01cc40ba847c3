// Known mistake (matmul_omp): the pc (K) loop is the parallel one. Each thread packs into buffers
// of its own (so packing is safe), but all threads add their partial products into the same C
// tiles at the same time: a data race. Two threads read the same C tile, each adds its part, and
// the second store overwrites the first: an update is lost, and which one changes from run to run.
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
    for (int jc = 0; jc < N; jc += nc) {
        const int nb = std::min(nc, N - jc);
#pragma omp parallel num_threads(threads)
        {
            AlignedFloats A_packed(packed_a_size(mc, kc)), B_packed(packed_b_size(kc, nc));  // per thread
#pragma omp for schedule(static)
            for (int pc = 0; pc < K; pc += kc) {  // BUG: threads share C; their K blocks add into the same tiles
                const int kb = std::min(kc, K - pc);
                pack_b(B_packed.span(), B.subspan(std::size_t(pc) * N + jc), N, kb, nb);
                for (int ic = 0; ic < M; ic += mc) {
                    const int mb = std::min(mc, M - ic);
                    pack_a(A_packed.span(), A.subspan(std::size_t(ic) * K + pc), K, mb, kb);
                    matmul_macrokernel(C.subspan(std::size_t(ic) * N + jc), N, A_packed.span(), B_packed.span(), mb,
                                       nb, kb);
                }
            }
        }
    }
}

}  // namespace course::linear_algebra
