// Power iteration and shifted inverse iteration: one eigenpair of a square matrix.
//
// Multiplying by A again and again turns any starting vector toward the eigenvector of the
// eigenvalue largest in magnitude; multiplying by (A - s I)^{-1} instead turns it toward the one
// whose eigenvalue is nearest the shift s. The Rayleigh quotient reads off the eigenvalue.
// Notes: docs/linear_algebra.md#power_iteration.
#pragma once

#include "course/eigen.hpp"
#include "course/error.hpp"

namespace course::linear_algebra {

// EigenEstimate: an approximate eigenpair A v ~ value * v, with ||vector|| = 1.
//     iterations: the number of updates of the vector that were made.
//     converged:  whether the residual test below was met within max_iterations.
struct EigenEstimate {
    double value = 0.0;
    Vector vector;
    int iterations = 0;
    bool converged = false;
};

// check_power_iteration_inputs: the argument checks both functions share (not their lesson).
inline void check_power_iteration_inputs(const char* function, const Matrix& A, const Vector& x0, double tol,
                                         int max_iterations) {
    COURSE_CHECK(A.rows() == A.cols(), function, ": A is ", A.rows(), " x ", A.cols(), ", expected a square matrix");
    COURSE_CHECK(x0.size() == A.rows(), function, ": x0 has ", x0.size(), " entries but A is ", A.rows(), " x ",
                 A.cols(), ", expected ", A.rows());
    COURSE_CHECK(x0.allFinite() && x0.norm() > 0.0, function,
                 ": x0 is the zero vector (or not finite); start from a nonzero vector, a random one is safest");
    COURSE_CHECK(tol >= 0.0, function, ": tol = ", tol, " is negative");
    COURSE_CHECK(max_iterations >= 1, function, ": max_iterations = ", max_iterations, ", expected at least 1");
}

// power_iteration: the eigenpair of A (n, n) whose eigenvalue is largest in magnitude.
//
//     x_0 = x0 / ||x0||,    x_k = A x_{k-1} / ||A x_{k-1}||,    value_k = x_k^T A x_k
//
// Each iteration is one update of x followed by the Rayleigh quotient of the new x (a unit vector,
// so no division by x^T x is needed). Normalizing every step keeps x from overflowing (|lambda_1| > 1)
// or underflowing (|lambda_1| < 1): A^k x0 grows like |lambda_1|^k.
// Stops, with converged = true, as soon as
//     ||A x_k - value_k x_k|| <= tol * ||A||_F.
// The test is relative to ||A||: the residual scales with A, and when it holds, (value_k, x_k) is an
// exact eigenpair of A + E with ||E|| = ||A x_k - value_k x_k||, a relative backward error of tol.
// After max_iterations updates it returns the last estimate with converged = false (no exception):
// e.g. when the two largest eigenvalues have equal magnitude and opposite signs, x never settles.
// If A x becomes exactly 0 (x lies in the null space of A), x is an eigenvector for 0: it returns
// value 0 with that x, converged.
// Converges like |lambda_2 / lambda_1|^k; for symmetric A the value like |lambda_2 / lambda_1|^(2k).
// Cost: 2 n^2 flops per iteration (one product A x).
// Throws std::invalid_argument if A is not square, x0 does not have n entries or is zero, tol < 0
// or max_iterations < 1.
// Source: Trefethen & Bau, Numerical Linear Algebra, lecture 27; Golub & Van Loan, 7.3.1.
EigenEstimate power_iteration(const Matrix& A, const Vector& x0, double tol = 1e-10, int max_iterations = 10000);

// inverse_iteration: the eigenpair of A (n, n) whose eigenvalue is nearest the shift.
//
//     (A - shift I) y_k = x_{k-1},    x_k = y_k / ||y_k||,    value_k = x_k^T A x_k
//
// Power iteration on (A - shift I)^{-1}, whose eigenvalues are 1 / (lambda_j - shift): the largest
// belongs to the lambda_j nearest the shift. A - shift I is factored ONCE, with lu_decompose, and each
// iteration is one lu_solve (2 n^2 flops) plus one product A x for the Rayleigh quotient.
// Same stopping rule, return values and errors as power_iteration.
// Converges like (|lambda_j - shift| / |lambda_i - shift|)^k, lambda_i the second nearest the shift.
// A shift equal to an eigenvalue is allowed: when A - shift I is singular to working precision
// (lu_decompose or lu_solve refuses it), the shift moves by 1e-10 * (|shift| + ||A||_F) and A -
// shift I is factored again. The solve is then nearly singular, which is harmless: its large error
// lies along the wanted eigenvector, and normalizing removes its size.
// Cost: 2 n^3 / 3 flops for the factorization, then 4 n^2 flops per iteration.
// Source: Trefethen & Bau, lecture 27; Golub & Van Loan, 7.6.1.
EigenEstimate inverse_iteration(const Matrix& A, double shift, const Vector& x0, double tol = 1e-10,
                                int max_iterations = 1000);

}  // namespace course::linear_algebra
