// Exercise 4: the linear layer, forward and backward. Contract: include/backprop/linear.hpp
// Notes: docs/backprop.md#linear.  Hints: ./course hint backprop linear
// Grade it:  ./course grade backprop linear
//
//     out (B, OC)     = inp W^T + b      out[b, o] = bias[o] + sum_c inp[b, c] * weight[o, c]
//     dinp (B, C)    += dout W
//     dweight (OC, C) += dout^T inp
//     dbias (OC)     += sum_b dout[b, :]
//
// The products go through the linear_algebra module's GEMMs (its reference, already built for you):
//   linear_algebra/matmul_abt.hpp    matmul_abt(C, A, Bt, M, N, K)       C (M, N) = A (M, K) Bt^T
//   linear_algebra/matmul_packed.hpp matmul_packed(C, A, B, M, N, K)     C (M, N) = A (M, K) B (K, N)
//   linear_algebra/matmul_omp.hpp    matmul_omp(C, A, B, M, N, K, threads)  the same on `threads` threads
//   linear_algebra/transpose.hpp     transpose_blocked(out, inp, rows, cols, block)
// Each GEMM OVERWRITES C; the backward must ADD into its gradients.
#include "backprop/linear.hpp"

#include <cstddef>
#include <span>
#include <vector>

#include "course/buffers.hpp"
#include "course/error.hpp"
#include "linear_algebra/matmul_abt.hpp"
#include "linear_algebra/matmul_omp.hpp"
#include "linear_algebra/matmul_packed.hpp"
#include "linear_algebra/transpose.hpp"

namespace course::backprop {

void linear_forward(std::span<float> out, std::span<const float> inp, std::span<const float> weight,
                    std::span<const float> bias, int B, int C, int OC, int threads) {
    check_linear_forward_arguments(out.size(), inp.size(), weight.size(), bias.size(), B, C, OC, threads);
    // TODO(learner): out = inp weight^T with one GEMM (threads > 1: matmul_omp, which wants weight^T
    // as a (C, OC) matrix), then add bias[o] to every row unless bias is empty.
    // Hint: weight (OC, C) is stored exactly as matmul_abt wants its Bt: M = B, N = OC, K = C.
    COURSE_TODO("linear_forward");
}

void linear_backward(std::span<float> dinp, std::span<float> dweight, std::span<float> dbias,
                     std::span<const float> dout, std::span<const float> inp, std::span<const float> weight, int B,
                     int C, int OC, int threads) {
    check_linear_backward_arguments(dinp.size(), dweight.size(), dbias.size(), dout.size(), inp.size(),
                                    weight.size(), B, C, OC, threads);
    // TODO(learner): each product into a scratch buffer, then added (+=) into dinp and dweight;
    // dbias[o] += the sum over the batch of dout[b, o] (if dbias is not empty); an empty dinp is
    // not wanted: skip its product.
    // Hint: dout^T inp needs dout^T, an (OC, B) matrix: transpose dout (B, OC) first.
    COURSE_TODO("linear_backward");
}

}  // namespace course::backprop
