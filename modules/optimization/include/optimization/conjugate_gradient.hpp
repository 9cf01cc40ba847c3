// Conjugate gradient: solving a symmetric positive definite system A x = b by minimizing the
// quadratic q(x) = 1/2 x^T A x - b^T x, whose gradient is A x - b = -r.
//
//     r_0 = b - A x_0,  p_0 = r_0
//     alpha_k = r_k^T r_k / p_k^T A p_k,   x_{k+1} = x_k + alpha_k p_k,   r_{k+1} = r_k - alpha_k A p_k
//     beta_k  = r_{k+1}^T r_{k+1} / r_k^T r_k,                              p_{k+1} = r_{k+1} + beta_k p_k
//
// The directions are A-conjugate (p_i^T A p_j = 0 for i != j), so in exact arithmetic x_k minimizes
// the A-norm of the error over x_0 + span{r_0, A r_0, ..., A^(k-1) r_0} and x_n = A^-1 b: at most
// n iterations, fewer when A has few distinct eigenvalues. In floating point the conjugacy decays
// slowly; each iteration costs one product A p (2 n^2 flops for a dense A) plus 10 n flops.
// Notes: docs/optimization.md#conjugate_gradient. Sources: Nocedal & Wright, Numerical Optimization
// (2nd ed.), 5.1 (Algorithm 5.2); Shewchuk, "An Introduction to the Conjugate Gradient Method
// Without the Agonizing Pain" (1994); Hestenes & Stiefel (1952).
#pragma once

#include <cmath>
#include <limits>
#include <vector>

#include "course/eigen.hpp"
#include "course/error.hpp"

namespace course::optimization {

// CgResult: what conjugate_gradient returns.
//   x               the last iterate x_k
//   iterations      k, the number of updates x_{k+1} = x_k + alpha_k p_k made
//   residual_norms  ||r_0||, ||r_1||, ..., ||r_k|| (iterations + 1 entries), with r_j the
//                   recursively updated residual r_{j+1} = r_j - alpha_j A p_j
//   converged       true if ||r_k|| <= rtol * ||b|| was reached within max_iterations
struct CgResult {
    Vector x;
    int iterations = 0;
    std::vector<double> residual_norms;
    bool converged = false;
};

// check_cg_arguments: shapes, finite entries, the range of ||b||^2 (below), symmetry (within
// 8 eps max|A|: a matrix built as (B + B^T) / 2 or Q D Q^T is symmetric to a few roundings), rtol
// and max_iterations.
inline void check_cg_arguments(const Matrix& A, const Vector& b, double rtol, int max_iterations, const Vector& x0) {
    COURSE_CHECK(A.rows() == A.cols() && A.rows() >= 1, "conjugate_gradient: A is ", A.rows(), " x ", A.cols(),
                 ", expected a square matrix with n >= 1");
    const int n = int(A.rows());
    COURSE_CHECK(b.size() == n, "conjugate_gradient: b has ", b.size(), " entries, expected n = ", n);
    COURSE_CHECK(x0.size() == 0 || x0.size() == n, "conjugate_gradient: x0 has ", x0.size(),
                 " entries, expected n = ", n, " (or 0 to start from x = 0)");
    COURSE_CHECK(A.allFinite(), "conjugate_gradient: A holds inf or NaN, expected finite entries");
    COURSE_CHECK(b.allFinite(), "conjugate_gradient: b holds inf or NaN, expected finite entries");
    COURSE_CHECK(x0.allFinite(), "conjugate_gradient: x0 holds inf or NaN, expected finite entries");
    const double bb = b.squaredNorm(), largest = b.cwiseAbs().maxCoeff();
    COURSE_CHECK(bb <= std::numeric_limits<double>::max(), "conjugate_gradient: ||b||^2 overflows to inf (max |b_i| = ",
                 largest, "): scale A and b so that ||b|| < 2^512 = 1.3e154");
    COURSE_CHECK(bb >= std::numeric_limits<double>::min() || largest == 0.0, "conjugate_gradient: ||b||^2 = ", bb,
                 " underflows below 2^-1022 = 2.2e-308 (max |b_i| = ", largest,
                 "): scale A and b so that ||b|| >= 2^-511 = 1.5e-154");
    COURSE_CHECK(rtol >= 0.0 && std::isfinite(rtol), "conjugate_gradient: rtol = ", rtol, ", expected a finite value >= 0");
    COURSE_CHECK(max_iterations >= 0, "conjugate_gradient: max_iterations = ", max_iterations, ", expected >= 0");
    const double asymmetry = (A - A.transpose()).cwiseAbs().maxCoeff();
    const double threshold = 8.0 * std::numeric_limits<double>::epsilon() * A.cwiseAbs().maxCoeff();
    COURSE_CHECK(asymmetry <= threshold, "conjugate_gradient: A is not symmetric: max |A_ij - A_ji| = ", asymmetry,
                 " > 8 eps max|A| = ", threshold, "; conjugate gradient needs a symmetric positive definite A");
}

// conjugate_gradient: x with A x = b for a symmetric positive definite A (n, n), from x0 (n
// entries; pass an empty Vector to start from 0). Stops at the first k with
// ||r_k||_2 <= rtol * ||b||_2 (converged), or after max_iterations updates. With rtol = 0 it runs
// until the residual is exactly 0 or max_iterations is reached.
// Scale-invariant: A -> a A and b -> c b give x -> (c / a) x after the same iterations as long as
// every r^T r and p^T A p of the run is a normal double (2^-1022 = 2.2e-308 to 1.8e308): r^T r
// starts at ||b - A x0||^2, and p^T A p is about a ||p||^2 with ||p|| >= ||r|| (p has the units of
// b, not of x). For A with eigenvalues from 1 to 100 that holds for ||b|| from 2^-511 = 1.5e-154 up
// to about 1e153 (tested with b scaled by 1e-150, 1e-15, 1, 1e15 and 1e150, rtol = 1e-10). Beyond:
//   - ||b||^2 that overflows to inf (||b|| >= 2^512 = 1.3e154) or, for b != 0, falls below 2^-1022
//     (||b|| < 2^-511) is refused, the message saying "overflow" or "underflow": the stopping test
//     would compare with inf or 0 and return x0 as converged (tested at 2^511, 2^512, 2^-511, 2^-512);
//   - a p_k^T A p_k that overflows to inf (about a ||b||^2 > 1.8e308) is refused, the message saying
//     "p^T A p" and "overflow": alpha would be 0 and the run would stall (tested);
//   - not refused: late in a run r^T r falls below 2^-1022 once ||r_k|| < 2^-511 and loses digits,
//     and it underflows to 0 once ||r_k|| < about 2^-537 = 2.2e-162, where the run stops as
//     converged: rtol ||b|| is honoured down to about 2.2e-162 only.
// Cost: 2 n^2 + 10 n flops an iteration (one matrix-vector product).
// Throws std::invalid_argument if A is not square, b or a non-empty x0 does not have n entries,
// A, b or x0 holds inf or NaN (the message says "inf or NaN"), ||b||^2 is out of range (above), A is
// not symmetric (|A_ij - A_ji| > 8 eps max|A|), rtol < 0 or not finite, max_iterations < 0, some
// p_k^T A p_k overflows (above), or, with "positive definite" and the value of p_k^T A p_k in the
// message, if some p_k^T A p_k <= 0: then the quadratic has no minimum along p_k and alpha_k would
// step to a maximum or divide by zero. Each refusal of p_k^T A p_k comes at iteration k, before x
// moves along p_k.
CgResult conjugate_gradient(const Matrix& A, const Vector& b, double rtol, int max_iterations,
                            const Vector& x0 = Vector());

}  // namespace course::optimization
