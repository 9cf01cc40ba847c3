#!/usr/bin/env python3
"""The 10-armed testbed with epsilon-greedy in numpy, beside benchmarks/reinforcement_learning/bandits_bench.cpp.

    /usr/bin/python3 benchmarks/reinforcement_learning/numpy_testbed.py

The same experiment as the C++ row BM_Testbed/epsilon_greedy (2000 runs x 1000 steps, epsilon 0.1,
sample averages, Q1 = 0, q*(a) ~ N(0, 1), rewards ~ N(q*(A), 1)), vectorised over the runs: each
step is a handful of numpy operations on arrays of 2000 runs (the epsilon coins, the random arms,
the greedy arms with ties broken at random by the argmax of uniform noise on the maxima, the
rewards, the count and sample-average updates). numpy's generator is not course::Rng: the curves
agree with the C++ ones in distribution only (the script prints the reward and the % optimal at
steps 100 and 1000 to compare with Figure 2.2: about 1.2 / 54% and 1.4 / 79%).
Each row runs in a process of its own with OMP_NUM_THREADS, OPENBLAS_NUM_THREADS and
MKL_NUM_THREADS set to the thread count before numpy is imported; numpy's element-wise operations
run on one thread whatever the setting, so the 2-thread row shows what numpy does NOT parallelise.
Optional: never run by the tests; exits with a message when numpy is missing.
"""
import os
import subprocess
import sys
import time

if __name__ == "__main__" and len(sys.argv) == 1:  # the parent: one child process per row
    for threads in (1, 2):
        env = dict(os.environ, OMP_NUM_THREADS=str(threads), OPENBLAS_NUM_THREADS=str(threads),
                   MKL_NUM_THREADS=str(threads))
        subprocess.run([sys.executable, __file__, str(threads)], env=env, check=True)
    sys.exit(0)

try:
    import numpy as np
except ImportError:
    print("numpy_testbed.py: numpy is not installed (Debian: apt install python3-numpy, then run it with "
          "/usr/bin/python3); nothing to time.")
    sys.exit(0)


def testbed(runs=2000, steps=1000, arms=10, epsilon=0.1, seed=0):
    """Returns (average reward, fraction optimal), each of `steps` entries."""
    rng = np.random.default_rng(seed)
    q_star = rng.standard_normal((runs, arms))
    best = q_star.argmax(axis=1)
    Q = np.zeros((runs, arms))
    N = np.zeros((runs, arms))
    rows = np.arange(runs)
    reward_curve = np.empty(steps)
    optimal_curve = np.empty(steps)
    for t in range(steps):
        explore = rng.random(runs) < epsilon
        random_arm = rng.integers(0, arms, runs)
        ties = Q == Q.max(axis=1, keepdims=True)
        greedy_arm = (rng.random((runs, arms)) * ties).argmax(axis=1)  # uniform among the maxima
        A = np.where(explore, random_arm, greedy_arm)
        R = q_star[rows, A] + rng.standard_normal(runs)
        N[rows, A] += 1
        Q[rows, A] += (R - Q[rows, A]) / N[rows, A]
        reward_curve[t] = R.mean()
        optimal_curve[t] = (A == best).mean()
    return reward_curve, optimal_curve


def run(threads, runs=2000, steps=1000):
    testbed(runs=100, steps=50)  # warm-up
    start = time.perf_counter()
    reward, optimal = testbed(runs, steps)
    seconds = time.perf_counter() - start
    print(f"BM_Testbed/epsilon_greedy/threads:{threads}/numpy  {seconds * 1e3:9.0f} ms  "
          f"items_per_second={runs * steps / seconds / 1e6:.3f}M/s  runs={runs}  "
          f"step 100: reward {reward[99]:.3f} optimal {100 * optimal[99]:.1f}%  "
          f"step 1000: reward {reward[-1]:.3f} optimal {100 * optimal[-1]:.1f}%  (numpy {np.__version__})")


if __name__ == "__main__":
    run(int(sys.argv[1]))
