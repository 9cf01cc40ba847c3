#!/usr/bin/env python3
"""One training step of the 784-256-256-10 MLP in PyTorch, beside benchmarks/backprop/mlp_step_bench.cpp.

    /usr/bin/python3 benchmarks/backprop/torch_mlp_step.py

The step: optimizer.zero_grad(), three nn.Linear with ReLU between them, F.cross_entropy,
loss.backward(), torch.optim.SGD(lr 0.01, momentum 0.9).step(), on float32 inputs at batch 128 and
32, on 1 and 2 threads. Each row runs in a process of its own with OMP_NUM_THREADS,
OPENBLAS_NUM_THREADS and MKL_NUM_THREADS set to the thread count before torch is imported:
torch.set_num_threads alone does not reach the BLAS that Debian's PyTorch calls, which then runs a
"one-thread" row on every core. Each row: a warm-up, then steps for about 2 s, and the rate in
samples/s and GFLOP/s with the C++ benchmark's row names and its flop count,
(6 sum_l C_l C_{l+1} - 2 * 784 * 256) B (the input's gradient skipped by both).
Optional: never run by the tests; exits with a message when torch is missing.
"""
import os
import subprocess
import sys
import time

if __name__ == "__main__" and len(sys.argv) == 1:  # the parent: one child process per row
    for B, threads in ((128, 1), (32, 1), (128, 2), (32, 2)):
        env = dict(os.environ, OMP_NUM_THREADS=str(threads), OPENBLAS_NUM_THREADS=str(threads),
                   MKL_NUM_THREADS=str(threads))
        subprocess.run([sys.executable, __file__, str(B), str(threads)], env=env, check=True)
    sys.exit(0)

try:
    import torch
    import torch.nn.functional as F
except ImportError:
    print("torch_mlp_step.py: PyTorch is not installed (Debian: apt install python3-torch); nothing to time.")
    sys.exit(0)

SIZES = [784, 256, 256, 10]
FLOPS_PER_SAMPLE = 6.0 * sum(a * b for a, b in zip(SIZES, SIZES[1:])) - 2.0 * 784 * 256


def run(B, threads, seconds=2.0):
    torch.set_num_threads(threads)
    torch.manual_seed(1)
    net = torch.nn.Sequential(
        torch.nn.Linear(784, 256), torch.nn.ReLU(), torch.nn.Linear(256, 256), torch.nn.ReLU(), torch.nn.Linear(256, 10)
    )
    opt = torch.optim.SGD(net.parameters(), lr=0.01, momentum=0.9)
    inp = torch.rand(B, 784) * 2 - 1
    targets = torch.randint(0, 10, (B,))

    def step():
        opt.zero_grad()
        loss = F.cross_entropy(net(inp), targets)
        loss.backward()
        opt.step()

    for _ in range(20):  # warm-up: allocator, thread pool, caches
        step()
    steps, start, cpu_start = 0, time.perf_counter(), time.process_time()
    while True:
        step()
        steps += 1
        elapsed = time.perf_counter() - start
        if elapsed >= seconds:
            break
    per_step = elapsed / steps
    cpu_per_step = (time.process_time() - cpu_start) / steps  # all threads' CPU time, as Google Benchmark's "CPU"
    print("BM_MlpStep/B:%d/threads:%d/real_time  %10.1f us  %10.1f us CPU  samples=%.4gk/s  flops=%.4gG/s  (torch %s, %d steps)"
          % (B, threads, per_step * 1e6, cpu_per_step * 1e6, B / per_step / 1e3, FLOPS_PER_SAMPLE * B / per_step / 1e9,
             torch.__version__, steps))


if __name__ == "__main__":  # a child: one row
    run(int(sys.argv[1]), int(sys.argv[2]))
