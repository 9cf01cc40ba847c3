// Linear layer: the fully connected layer of an MLP, forward and backward (llm.c's matmul_forward
// and matmul_backward without the time axis T).
// Notes: docs/backprop.md#linear.
//
//     out = inp W^T + b          out[b, o] = bias[o] + sum_c inp[b, c] * weight[o, c]
//
// inp is (B, C): B rows (the batch) of C input features. weight is (OC, C): one row per output
// feature, as in PyTorch's nn.Linear and llm.c, so that row o is the o-th neuron's weights. bias is
// (OC), or empty for a layer without bias. out is (B, OC).
//
// The products go through the linear_algebra module's GEMMs (its reference library, whatever state
// a learner's own linear_algebra is in): matmul_abt (A B^T, packed), matmul_packed (A B),
// matmul_omp (A B on several threads) and transpose_blocked. A layer is then exactly as fast as the
// course's GEMM, which reaches a large share of the core's peak at these sizes.
// Source: Goodfellow, Bengio & Courville, "Deep Learning", 6.5 (back-propagation) and 6.5.9
// (the matrix form of the gradients); Karpathy's llm.c, train_gpt2.c (matmul_forward/backward).
#pragma once

#include <cstddef>
#include <span>

#include "course/buffers.hpp"
#include "course/error.hpp"

namespace course::backprop {

// linear_scratch_floats: the floats of scratch memory linear_forward / linear_backward use, for
// `threads` threads. The course's GEMMs OVERWRITE their output, and the backward ADDS into its
// gradients, so each product goes to scratch first:
//   forward,  threads == 1: none (matmul_abt writes out directly);
//   forward,  threads >  1: W^T, C * OC floats (matmul_omp takes B, not B^T);
//   backward: dout^T, OC * B floats, and one product at a time, max(B * C, OC * C) floats.
// The reference keeps them in a per-thread workspace grown to the largest layer seen (a training
// loop repeats its shapes: no allocation after the first step); allocating them per call is
// correct too, and costs page faults. (The GEMMs allocate their own packed panels per call, at
// most (mc + nc) * kc floats per thread, 4.1 MiB, usually far less: N and M clip the blocks.)
// The reference saves the backward's products on one thread when the product's depth fits one kc
// block (see linear_backward): these are the floats of the plain way, an upper bound.
inline std::size_t linear_scratch_floats(bool backward, int B, int C, int OC, int threads) {
    const std::size_t BC = std::size_t(B) * std::size_t(C), OCC = std::size_t(OC) * std::size_t(C);
    if (!backward) return threads > 1 ? OCC : 0;
    return (BC > OCC ? BC : OCC) + std::size_t(OC) * std::size_t(B);
}

// check_linear_sizes: B, C, OC >= 1 and threads >= 1 (a layer with no input or no output feature
// is a caller's mistake, not an empty product), as std::invalid_argument naming `function`.
inline void check_linear_sizes(const char* function, int B, int C, int OC, int threads) {
    COURSE_CHECK(B >= 1, function, ": B = ", B, ", expected a batch of at least 1 row");
    COURSE_CHECK(C >= 1, function, ": C = ", C, ", expected at least 1 input feature");
    COURSE_CHECK(OC >= 1, function, ": OC = ", OC, ", expected at least 1 output feature");
    COURSE_CHECK(threads >= 1, function, ": threads = ", threads, ", expected at least 1");
}

// check_linear_bias: bias (or dbias) holds OC elements, or none (a layer without bias).
inline void check_linear_bias(const char* function, const char* name, std::size_t size, int OC) {
    COURSE_CHECK(size == 0 || size == std::size_t(OC), function, ": ", name, " has ", size,
                 " elements, expected OC = ", OC, " (or 0 for a layer without bias)");
}

// check_linear_forward_arguments: linear_forward's checks (not its lesson): the sizes, then
// inp (B, C), weight (OC, C), bias (OC or empty), out (B, OC). Each buffer through the course's
// course::check_matrix_size (course/buffers.hpp): "linear_forward: inp has 5 elements, expected
// B * C = 2 * 3 = 6".
inline void check_linear_forward_arguments(std::size_t out_size, std::size_t inp_size, std::size_t weight_size,
                                           std::size_t bias_size, int B, int C, int OC, int threads) {
    check_linear_sizes("linear_forward", B, C, OC, threads);
    course::check_matrix_size("linear_forward", "inp", inp_size, "B * C", B, C);
    course::check_matrix_size("linear_forward", "weight", weight_size, "OC * C", OC, C);
    check_linear_bias("linear_forward", "bias", bias_size, OC);
    course::check_matrix_size("linear_forward", "out", out_size, "B * OC", B, OC);
}

// check_linear_dinp: dinp holds B * C elements, or none (the input's gradient is not wanted).
inline void check_linear_dinp(std::size_t size, int B, int C) {
    if (size == 0) return;
    course::check_matrix_size("linear_backward", "dinp", size,
                              "B * C (or 0 when the input's gradient is not needed)", B, C);
}

// check_linear_backward_arguments: linear_backward's checks: the sizes, then dinp (B, C or empty),
// dweight (OC, C), dbias (OC or empty), dout (B, OC), inp (B, C), weight (OC, C).
inline void check_linear_backward_arguments(std::size_t dinp_size, std::size_t dweight_size, std::size_t dbias_size,
                                            std::size_t dout_size, std::size_t inp_size, std::size_t weight_size,
                                            int B, int C, int OC, int threads) {
    check_linear_sizes("linear_backward", B, C, OC, threads);
    check_linear_dinp(dinp_size, B, C);
    course::check_matrix_size("linear_backward", "dweight", dweight_size, "OC * C", OC, C);
    check_linear_bias("linear_backward", "dbias", dbias_size, OC);
    course::check_matrix_size("linear_backward", "dout", dout_size, "B * OC", B, OC);
    course::check_matrix_size("linear_backward", "inp", inp_size, "B * C", B, C);
    course::check_matrix_size("linear_backward", "weight", weight_size, "OC * C", OC, C);
}

// linear_forward: out = inp W^T + bias, OVERWRITING out.
//
//     out[b, o] = bias[o] + sum_c inp[b, c] * weight[o, c]        (bias[o] = 0 when bias is empty)
//
// out is (B, OC); inp is (B, C); weight is (OC, C); bias is (OC) or empty (no bias).
// threads == 1: matmul_abt(out, inp, weight) (A B^T with B^T = weight as stored: no copy), then the
// bias added row by row. threads > 1: weight transposed once into a (C, OC) scratch buffer
// (transpose_blocked, C * OC copies, 1 / (2 B) of the 2 B C OC flops: under 0.4% at B = 128), then
// matmul_omp. Both orders of summation are matmul_packed's, so the result is the same bit for bit
// for any thread count. (The reference passes both the same blocks, with the depth C cut into
// equal blocks of at most kc + 8: 784 = 3 x 262 rather than 3 x 256 + 16, whose last block would
// cost a pass over out for 16 products per element.) Cost: 2 B C OC flops + B OC adds. NaN or inf in inp, weight or bias
// propagate to the outputs they touch (IEEE arithmetic, no check: the training loop's job).
// Throws std::invalid_argument for B, C or OC < 1, threads < 1, or a span of the wrong length.
void linear_forward(std::span<float> out, std::span<const float> inp, std::span<const float> weight,
                    std::span<const float> bias, int B, int C, int OC, int threads = 1);

// linear_backward: the gradients of a loss L through out = inp W^T + b, given dout = dL/dout.
// ADDS into dinp, dweight and dbias (llm.c's convention: the caller zeroes them; a weight used
// twice, or a gradient accumulated over micro-batches, then sums by itself).
//
//     dinp    (B, C)  += dout W          dinp[b, c]    += sum_o dout[b, o] * weight[o, c]   (skipped if empty)
//     dweight (OC, C) += dout^T inp      dweight[o, c] += sum_b dout[b, o] * inp[b, c]
//     dbias   (OC)    += sum_b dout[b, :]                   (dbias empty iff the layer has no bias)
//
// dout is (B, OC); inp is (B, C) and weight is (OC, C), the forward's inputs. An empty dinp means
// the input's gradient is not needed (the first layer of a network, whose input is the data): its
// product, a third of the layer's flops, is skipped, as PyTorch skips it for inputs that do not
// require a gradient.
// dinp: matmul_packed(dout, weight) (threads > 1: matmul_omp) into a (B, C) scratch buffer, added.
// dweight: dout transposed into (OC, B) scratch (B OC copies, 1 / (2 C) of this product's flops),
// then matmul_packed(dout^T, inp) (or matmul_omp) into (OC, C) scratch, added. dbias: a sum over
// the batch per output, in double (B terms; float would do at B = 128, double costs nothing here).
// Scratch: linear_scratch_floats(true, ...) floats (a per-thread workspace in the reference).
// The reference goes one step further on one thread: matmul_packed's loop nest adds each block's
// product into C (matmul_macrokernel computes C +=; matmul_packed only zeroes C first), so when
// the product's depth (OC for dinp, B for dweight) fits one kc block, it runs that loop nest
// straight on dinp and dweight, without the zeroing: no scratch product and no pass to add it.
// Results are the same bit for bit for any thread count. Cost: 4 B C OC flops, plus B OC adds for
// dbias and B C + 2 OC C + B OC copies and adds. NaN propagates as in the forward.
// Throws std::invalid_argument for B, C or OC < 1, threads < 1, or a span of the wrong length.
void linear_backward(std::span<float> dinp, std::span<float> dweight, std::span<float> dbias,
                     std::span<const float> dout, std::span<const float> inp, std::span<const float> weight, int B,
                     int C, int OC, int threads = 1);

}  // namespace course::backprop
