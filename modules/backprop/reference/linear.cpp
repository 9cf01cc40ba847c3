// Linear layer, reference: the three products of the layer through linear_algebra's GEMMs.
// Contract: include/backprop/linear.hpp. Notes: docs/backprop.md#linear.
#include "backprop/linear.hpp"

#include <algorithm>
#include <cstddef>
#include <span>
#include <vector>

#include "linear_algebra/matmul_abt.hpp"
#include "linear_algebra/matmul_omp.hpp"
#include "linear_algebra/matmul_packed.hpp"
#include "linear_algebra/transpose.hpp"

namespace course::backprop {

namespace {

namespace la = course::linear_algebra;

// A 32 x 32 tile of floats is 4 KiB a side: the tile's 32 output rows stay in L1 while it is written.
constexpr int kTransposeBlock = 32;

// matmul: C (M, N) = A (M, K) B (K, N), overwriting C: matmul_packed on one thread, matmul_omp on
// more. Both sum every C[i, j] in the same order, so the bits do not depend on `threads`.
void matmul(std::span<float> C, std::span<const float> A, std::span<const float> B, int M, int N, int K,
            int threads) {
    if (threads == 1)
        la::matmul_packed(C, A, B, M, N, K);
    else
        la::matmul_omp(C, A, B, M, N, K, threads);
}

// scratch: n floats of this thread's workspace, kept from call to call and grown to the largest
// layer seen. A training loop calls the same shapes every step: after the first, no allocation
// and no page faults (a fresh megabyte from the allocator costs hundreds of microseconds of page
// faults, as much as a third of the backward at B = 128, C = 784, OC = 256). The contents are
// garbage between calls: every use overwrites them first.
std::span<float> scratch(std::size_t n) {
    thread_local std::vector<float> workspace;
    if (workspace.size() < n) workspace.resize(n);
    return {workspace.data(), n};
}

// add_into: dst[i] += src[i].
void add_into(std::span<float> dst, std::span<const float> src) {
    for (std::size_t i = 0; i < dst.size(); ++i) dst[i] += src[i];
}

}  // namespace

void linear_forward(std::span<float> out, std::span<const float> inp, std::span<const float> weight,
                    std::span<const float> bias, int B, int C, int OC, int threads) {
    check_linear_forward_arguments(out.size(), inp.size(), weight.size(), bias.size(), B, C, OC, threads);
    // out (B, OC) = inp (B, C) weight^T (C, OC)
    if (threads == 1) {
        la::matmul_abt(out, inp, weight, B, OC, C);  // weight (OC, C) is already B^T's layout
    } else {
        const std::span<float> weight_t = scratch(std::size_t(C) * OC);  // (C, OC)
        la::transpose_blocked(weight_t, weight, OC, C, kTransposeBlock);
        la::matmul_omp(out, inp, weight_t, B, OC, C, threads);
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
    // The GEMMs overwrite their output: each product goes to scratch, then is added.
    const std::size_t BC = std::size_t(B) * C, OCC = std::size_t(OC) * C, OCB = std::size_t(OC) * B;
    const std::span<float> work = scratch(std::max(BC, OCC) + OCB);
    const std::span<float> dout_t = work.subspan(std::max(BC, OCC), OCB);  // (OC, B)

    // dinp (B, C) += dout (B, OC) weight (OC, C)
    if (!dinp.empty()) {  // empty: the input's gradient is not needed
        const std::span<float> dinp_product = work.first(BC);  // (B, C)
        matmul(dinp_product, dout, weight, B, C, OC, threads);
        add_into(dinp, dinp_product);
    }

    // dweight (OC, C) += dout^T (OC, B) inp (B, C)
    const std::span<float> dweight_product = work.first(OCC);  // (OC, C), reusing dinp_product's space
    la::transpose_blocked(dout_t, dout, B, OC, kTransposeBlock);
    matmul(dweight_product, dout_t, inp, OC, C, B, threads);
    add_into(dweight, dweight_product);

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
