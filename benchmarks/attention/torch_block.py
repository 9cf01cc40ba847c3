#!/usr/bin/env python3
"""One GPT-2 transformer block, forward and backward, in PyTorch, beside benchmarks/attention/block_bench.cpp.

    /usr/bin/python3 benchmarks/attention/torch_block.py

The block: x1 = x + attn(LN1(x)), y = x1 + fcproj(gelu_tanh(fc(LN2(x1)))), causal attention in
llm.c's layout written out (PyTorch 1.13 has no F.scaled_dot_product_attention: q k^T / sqrt(hs),
masked_fill, softmax, @ v), F.layer_norm, F.gelu(approximate="tanh"), F.linear; float32 at
B = 4, T = 256, C = 768, NH = 12, on 1 and 2 threads. A step: the forward, then y.backward(dout)
into the input's and the twelve parameters' gradients (zeroed first). Each row runs in a process
of its own with OMP_NUM_THREADS, OPENBLAS_NUM_THREADS and MKL_NUM_THREADS set before torch is
imported (torch.set_num_threads alone does not reach the BLAS Debian's PyTorch calls). Each row: a
warm-up, then steps for about 4 s, and the rates in tokens/s and GFLOP/s with the C++ benchmark's
row names and flop count, 72 B T C^2 + 6 B C T (T + 1).
Optional: never run by the tests; exits with a message when torch is missing.
"""
import math
import os
import subprocess
import sys
import time

B, T, C, NH = 4, 256, 768, 12

if __name__ == "__main__" and len(sys.argv) == 1:  # the parent: one child process per row
    for threads in (1, 2):
        env = dict(os.environ, OMP_NUM_THREADS=str(threads), OPENBLAS_NUM_THREADS=str(threads),
                   MKL_NUM_THREADS=str(threads))
        subprocess.run([sys.executable, __file__, str(threads)], env=env, check=True)
    sys.exit(0)

try:
    import torch
    import torch.nn.functional as F
except ImportError:
    print("torch_block.py: PyTorch is not installed (Debian: apt install python3-torch); nothing to time.")
    sys.exit(0)

FLOPS = 72.0 * B * T * C * C + 6.0 * B * C * T * (T + 1)


def run(threads, seconds=4.0):
    torch.set_num_threads(threads)
    torch.manual_seed(1)
    hs = C // NH

    def param(*shape, value=None):
        t = torch.full(shape, value) if value is not None else torch.randn(*shape) * 0.02
        return t.requires_grad_(True)

    p = dict(ln1w=param(C, value=1.0), ln1b=param(C), qkvw=param(3 * C, C), qkvb=param(3 * C),
             attprojw=param(C, C), attprojb=param(C), ln2w=param(C, value=1.0), ln2b=param(C),
             fcw=param(4 * C, C), fcb=param(4 * C), fcprojw=param(C, 4 * C), fcprojb=param(C))
    x = (torch.rand(B, T, C) * 2 - 1).requires_grad_(True)
    dout = torch.rand(B, T, C) * 2 - 1
    mask = torch.triu(torch.ones(T, T, dtype=torch.bool), diagonal=1)

    def block():
        h = F.layer_norm(x, (C,), p["ln1w"], p["ln1b"], eps=1e-5)
        q, k, v = F.linear(h, p["qkvw"], p["qkvb"]).split(C, dim=-1)
        q, k, v = (z.view(B, T, NH, hs).transpose(1, 2) for z in (q, k, v))
        s = (q @ k.transpose(-1, -2)) * (1.0 / math.sqrt(hs))
        a = torch.softmax(s.masked_fill(mask, float("-inf")), dim=-1) @ v
        x1 = x + F.linear(a.transpose(1, 2).reshape(B, T, C), p["attprojw"], p["attprojb"])
        h2 = F.layer_norm(x1, (C,), p["ln2w"], p["ln2b"], eps=1e-5)
        return x1 + F.linear(F.gelu(F.linear(h2, p["fcw"], p["fcb"]), approximate="tanh"), p["fcprojw"], p["fcprojb"])

    def step():
        for t in list(p.values()) + [x]:
            t.grad = None
        block().backward(dout)

    for _ in range(3):  # warm-up: allocator, thread pool, caches
        step()
    steps, start, cpu_start = 0, time.perf_counter(), time.process_time()
    while True:
        step()
        steps += 1
        elapsed = time.perf_counter() - start
        if elapsed >= seconds:
            break
    per_step = elapsed / steps
    cpu_per_step = (time.process_time() - cpu_start) / steps
    print("BM_TransformerBlock/B:%d/T:%d/C:%d/NH:%d/threads:%d/min_time:2.000/real_time  %8.1f ms  %8.1f ms CPU  "
          "tokens=%.4gk/s  flops=%.4gG/s  (torch %s, %d steps)"
          % (B, T, C, NH, threads, per_step * 1e3, cpu_per_step * 1e3, B * T / per_step / 1e3, FLOPS / per_step / 1e9,
             torch.__version__, steps))


if __name__ == "__main__":  # a child: one row
    run(int(sys.argv[1]))
