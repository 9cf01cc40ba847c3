#!/usr/bin/env python3
"""Attention forward in PyTorch, beside benchmarks/attention/attention_bench.cpp.

    /usr/bin/python3 benchmarks/attention/torch_attention.py [T ...]

softmax(Q K^T / sqrt(d)) V written out (torch.matmul, torch.softmax, torch.matmul; the causal rows
add a -inf upper triangle with masked_fill before the softmax), float32, hs = 64, over (heads, T, hs)
tensors, for T = 512 to 4096, one head on 1 thread and 12 heads on 1 and 2 threads, causal or not:
the rows of the C++ benchmark, with its names and its flop count (4 T^2 hs per head; causal rows
count 2 T (T + 1) hs, the products a causal kernel needs, although PyTorch computes them all).
Each row runs in a process of its own with OMP_NUM_THREADS, OPENBLAS_NUM_THREADS and
MKL_NUM_THREADS set to the thread count before torch is imported: torch.set_num_threads alone does
not reach the BLAS that Debian's PyTorch calls. Each row: a warm-up, then calls for about 1 s (at
least 2), the wall time and the CPU time per call (all threads', as Google Benchmark's "CPU"),
and peak_extra_bytes, the (heads, T, T) scores and probabilities PyTorch allocates.
Optional: never run by the tests; exits with a message when torch is missing.
"""
import os
import subprocess
import sys
import time

ROWS = [(T, heads, causal, threads) for T in (512, 1024, 2048, 4096)
        for heads, threads in ((1, 1), (12, 1), (12, 2)) for causal in (0, 1)]

if __name__ == "__main__" and (len(sys.argv) == 1 or sys.argv[1] != "--row"):  # the parent
    only = {int(a) for a in sys.argv[1:]}
    for T, heads, causal, threads in ROWS:
        if only and T not in only:
            continue
        env = dict(os.environ, OMP_NUM_THREADS=str(threads), OPENBLAS_NUM_THREADS=str(threads),
                   MKL_NUM_THREADS=str(threads))
        subprocess.run([sys.executable, __file__, "--row", str(T), str(heads), str(causal), str(threads)],
                       env=env, check=True)
    sys.exit(0)

try:
    import torch
except ImportError:
    print("torch_attention.py: PyTorch is not installed (Debian: apt install python3-torch); nothing to time.")
    sys.exit(0)


def run(T, heads, causal, threads, hs=64, seconds=1.0):
    torch.set_num_threads(threads)
    torch.manual_seed(1)
    q, k, v = (torch.rand(heads, T, hs) * 2 - 1 for _ in range(3))
    mask = torch.ones(T, T, dtype=torch.bool).triu(1) if causal else None
    scale = 1.0 / hs ** 0.5

    def call():
        s = torch.matmul(q, k.transpose(-2, -1)) * scale
        if mask is not None:
            s = s.masked_fill(mask, float("-inf"))
        return torch.matmul(torch.softmax(s, dim=-1), v)

    with torch.no_grad():
        call()
        calls, start, cpu_start = 0, time.perf_counter(), time.process_time()
        while True:
            call()
            calls += 1
            elapsed = time.perf_counter() - start
            if elapsed >= seconds and calls >= 2:
                break
    per_call = elapsed / calls
    cpu_per_call = (time.process_time() - cpu_start) / calls
    pairs = T * (T + 1) / 2 if causal else T * T
    flops = 4.0 * pairs * hs * heads
    print("BM_Torch/T:%d/heads:%d/causal:%d/threads:%d/real_time  %10.2f ms  %10.2f ms CPU  flops=%.4gG/s  "
          "flops_cpu=%.4gG/s  peak_extra_bytes=%.4gM  (torch %s, %d calls)"
          % (T, heads, causal, threads, per_call * 1e3, cpu_per_call * 1e3, flops / per_call / 1e9,
             flops / cpu_per_call / 1e9, 2.0 * heads * T * T * 4 / 1e6, torch.__version__, calls))


if __name__ == "__main__":  # a child: one row
    run(*(int(a) for a in sys.argv[2:6]))
