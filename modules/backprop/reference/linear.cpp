// Linear layer, reference: the three products of the layer through linear_algebra's GEMMs.
// Contract: include/backprop/linear.hpp. Notes: docs/backprop.md#linear.
#include "backprop/linear.hpp"

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

// matmul: C (M, N) = A (M, K) B (K, N), overwriting C: matmul_packed on one thread, matmul_omp on
// more. Both sum every C[i, j] in the same order, so the bits do not depend on `threads`.
void matmul(std::span<float> C, std::span<const float> A, std::span<const float> B, int M, int N, int K,
            int threads) {
    if (threads == 1)
        la::matmul_packed(C, A, B, M, N, K);
    else
        la::matmul_omp(C, A, B, M, N, K, threads);
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
        AlignedFloats weight_t(std::size_t(C) * OC);  // (C, OC), uninitialized: the transpose writes it all
        la::transpose_blocked(weight_t.span(), weight, OC, C, kTransposeBlock);
        la::matmul_omp(out, inp, weight_t.span(), B, OC, C, threads);
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
    AlignedFloats dinp_product(std::size_t(B) * C);  // (B, C); the GEMMs overwrite their output
    matmul(dinp_product.span(), dout, weight, B, C, OC, threads);
    add_into(dinp, dinp_product.span());

    // dweight (OC, C) += dout^T (OC, B) inp (B, C)
    AlignedFloats dout_t(std::size_t(OC) * B);             // (OC, B)
    AlignedFloats dweight_product(std::size_t(OC) * C);  // (OC, C)
    la::transpose_blocked(dout_t.span(), dout, B, OC, kTransposeBlock);
    matmul(dweight_product.span(), dout_t.span(), inp, OC, C, B, threads);
    add_into(dweight, dweight_product.span());

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
