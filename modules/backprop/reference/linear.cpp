// Linear layer, reference: the three products of the layer through linear_algebra's GEMMs.
// Contract: include/backprop/linear.hpp. Notes: docs/backprop.md#linear.
#include "backprop/linear.hpp"

#include <algorithm>
#include <array>
#include <cstddef>
#include <span>
#include <vector>

#include "course/buffers.hpp"
#include "linear_algebra/matmul_abt.hpp"
#include "linear_algebra/matmul_omp.hpp"
#include "linear_algebra/matmul_packed.hpp"
#include "linear_algebra/transpose.hpp"

namespace course::backprop {

namespace {

namespace la = course::linear_algebra;

// A 32 x 32 tile of floats is 4 KiB a side: the tile's 32 output rows stay in L1 while it is written.
constexpr int kTransposeBlock = 32;

// scratch: n floats of this thread's workspace, kept from call to call and grown to the largest
// layer seen. A training loop calls the same shapes every step: after the first, no allocation
// and no page faults (a fresh megabyte from the allocator costs hundreds of microseconds of page
// faults, as much as a third of the backward at B = 128, C = 784, OC = 256). The contents are
// garbage between calls: every use overwrites them first. Two workspaces, slot 0 and 1: the
// backward holds a transposed dout in one while a product goes to the other.
std::span<float> scratch(std::size_t n, int slot) {
    thread_local std::array<std::vector<float>, 2> workspaces;
    std::vector<float>& workspace = workspaces.at(std::size_t(slot));
    if (workspace.size() < n) workspace.resize(n);
    return {workspace.data(), n};
}

// add_into: dst[i] += src[i].
void add_into(std::span<float> dst, std::span<const float> src) {
    for (std::size_t i = 0; i < dst.size(); ++i) dst[i] += src[i];
}

// matmul_add: C (M, N) += A (M, K) B (K, N). The course's GEMMs overwrite C, but on one thread
// matmul_packed's own loop nest adds: matmul_macrokernel adds each block's product into C, and
// matmul_packed only zeroes C first. So on one thread: that loop nest without the zeroing, no
// scratch product and no second pass to add it. On more threads, or when K is deeper than one
// block (kc: 256 with AVX2, 128 with AVX-512): matmul_omp (or matmul_packed) into scratch, then
// add. Deeper than one block, the loop nest would add each block's partial sum into C in turn
// where the scratch path adds their total once: other roundings, and the result would depend on
// the thread count. Within one block both add the same total once: the same bits. (And wider than
// one nc panel, 4096 columns with AVX2, the scratch path too: B is then packed in one piece.)
void matmul_add(std::span<float> C, std::span<const float> A, std::span<const float> B, int M, int N, int K,
                int threads) {
    const la::BlockSizes blocks = la::default_block_sizes();
    if (threads > 1 || K > blocks.kc || N > blocks.nc) {
        const std::span<float> product = scratch(C.size(), 0);
        la::matmul_omp(product, A, B, M, N, K, threads);
        add_into(C, product);
        return;
    }
    // B (K, N) is one block: packed once; A's rows go by blocks of mc, each packed and multiplied
    // into its rows of C, which the macro-kernel adds to.
    course::AlignedFloats A_packed(la::packed_a_size(blocks.mc, K)), B_packed(la::packed_b_size(K, N));
    la::pack_b(B_packed.span(), B, N, K, N);
    for (int ic = 0; ic < M; ic += blocks.mc) {
        const int mb = std::min(blocks.mc, M - ic);
        la::pack_a(A_packed.span(), A.subspan(std::size_t(ic) * K), K, mb, K);
        la::matmul_macrokernel(C.subspan(std::size_t(ic) * N), N, A_packed.span(), B_packed.span(), mb, N, K);
    }
}

}  // namespace

void linear_forward(std::span<float> out, std::span<const float> inp, std::span<const float> weight,
                    std::span<const float> bias, int B, int C, int OC, int threads) {
    check_linear_forward_arguments(out.size(), inp.size(), weight.size(), bias.size(), B, C, OC, threads);
    // out (B, OC) = inp (B, C) weight^T (C, OC)
    // Depth blocks of equal size, each at most 8 deeper than the default kc (256 with AVX2): C = 784
    // is then 3 blocks of 262, not 256 + 256 + 256 + 16, whose last block would be a whole pass over
    // out (and a packing of inp) for 16 products per element. The same blocks on any number of
    // threads: the same sums in the same order, the same bits.
    la::BlockSizes blocks = la::default_block_sizes();
    const int depth_blocks = (C + blocks.kc + 7) / (blocks.kc + 8);  // ceil(C / (kc + 8))
    blocks.kc = (C + depth_blocks - 1) / depth_blocks;               // ceil(C / depth_blocks)
    if (threads == 1) {
        la::matmul_abt(out, inp, weight, B, OC, C, blocks);  // weight (OC, C) is already B^T's layout
    } else {
        const std::span<float> weight_t = scratch(std::size_t(C) * OC, 0);  // (C, OC)
        la::transpose_blocked(weight_t, weight, OC, C, kTransposeBlock);
        la::matmul_omp(out, inp, weight_t, B, OC, C, threads, blocks);
    }
    if (bias.empty()) return;
    for (int b = 0; b < B; ++b) {
        float* out_b = out.data() + std::size_t(b) * OC;  // (OC)
        for (int o = 0; o < OC; ++o) out_b[o] += bias[o];
    }
}

void linear_backward(std::span<float> dinp, std::span<float> dweight, std::span<float> dbias,
                     std::span<const float> dout, std::span<const float> inp, std::span<const float> weight, int B,
                     int C, int OC, int threads) {
    check_linear_backward_arguments(dinp.size(), dweight.size(), dbias.size(), dout.size(), inp.size(),
                                    weight.size(), B, C, OC, threads);
    // dinp (B, C) += dout (B, OC) weight (OC, C)
    if (!dinp.empty())  // empty: the input's gradient is not needed
        matmul_add(dinp, dout, weight, B, C, OC, threads);

    // dweight (OC, C) += dout^T (OC, B) inp (B, C)
    const std::span<float> dout_t = scratch(std::size_t(OC) * B, 1);  // (OC, B)
    la::transpose_blocked(dout_t, dout, B, OC, kTransposeBlock);
    matmul_add(dweight, dout_t, inp, OC, C, B, threads);

    // dbias (OC) += sum over the batch of dout[b, :], in double
    if (dbias.empty()) return;
    std::vector<double> sum(std::size_t(OC), 0.0);  // (OC)
    for (int b = 0; b < B; ++b) {
        const float* dout_b = dout.data() + std::size_t(b) * OC;  // (OC)
        for (int o = 0; o < OC; ++o) sum[std::size_t(o)] += dout_b[o];
    }
    for (int o = 0; o < OC; ++o) dbias[o] = float(double(dbias[o]) + sum[std::size_t(o)]);
}

}  // namespace course::backprop
