// Known mistake: power iteration never normalizes x: x_k = A^k x0, with the Rayleigh quotient
// x^T A x / x^T x. In exact arithmetic that is the same iteration, but ||x_k|| grows like |lambda_1|^k:
// for lambda_1 = 1000 it passes 1.8e308 after about 103 steps (inf, then NaN), and for lambda_1 = 1e-3
// it underflows to 0. It also returns a vector that is not of unit length.
// inverse_iteration is right.
#include "linear_algebra/power_iteration.hpp"

#include <cmath>
#include <stdexcept>

#include "course/error.hpp"
#include "linear_algebra/lu.hpp"

namespace course::linear_algebra {
namespace {

// check_inputs: the argument checks both functions share.
void check_inputs(const char* function, const Matrix& A, const Vector& x0, double tol, int max_iterations) {
    COURSE_CHECK(A.rows() == A.cols(), function, ": A is ", A.rows(), " x ", A.cols(), ", expected a square matrix");
    COURSE_CHECK(x0.size() == A.rows(), function, ": x0 has ", x0.size(), " entries but A is ", A.rows(), " x ",
                 A.cols(), ", expected ", A.rows());
    COURSE_CHECK(x0.allFinite() && x0.norm() > 0.0, function,
                 ": x0 is the zero vector (or not finite); start from a nonzero vector, a random one is safest");
    COURSE_CHECK(tol >= 0.0, function, ": tol = ", tol, " is negative");
    COURSE_CHECK(max_iterations >= 1, function, ": max_iterations = ", max_iterations, ", expected at least 1");
}

// rayleigh_update: given a unit x and A x, set the estimate's value to the Rayleigh quotient x^T A x
// and return the residual ||A x - value x||.
double rayleigh_update(EigenEstimate& estimate, const Vector& Ax) {
    estimate.value = estimate.vector.dot(Ax);
    return (Ax - estimate.value * estimate.vector).stableNorm();
}

// shifted: A - s I, (n, n).
Matrix shifted(const Matrix& A, double s) {
    Matrix M = A;
    M.diagonal().array() -= s;
    return M;
}

// factor_shifted: the LU factors of A - s I, tested by one trial solve with `probe`. When s is an
// eigenvalue of A to working precision, A - s I is singular and lu_decompose or lu_solve refuses it
// (std::invalid_argument), or the solve overflows. The standard remedy moves s by a tiny relative
// amount, 1e-10 * (|s| + ||A||_F): A - s I becomes invertible, s stays far nearer that eigenvalue than
// any other, and the nearly singular solve only makes y large along the wanted eigenvector.
LuDecomposition factor_shifted(const Matrix& A, double shift, double norm_A, const Vector& probe) {
    double s = shift, step = 1e-10 * (std::abs(shift) + norm_A);
    for (int attempt = 0; attempt < 4; ++attempt, s += step, step *= 100.0) {
        try {
            LuDecomposition lu = lu_decompose(shifted(A, s));
            if (lu_solve(lu, probe).allFinite()) return lu;
        } catch (const std::invalid_argument&) {
            // singular to working precision: move the shift and try again
        }
    }
    throw_invalid_argument("inverse_iteration: A - shift I stays singular for shift = ", shift,
                           " and for the moved shifts up to ", s, "; does A hold inf or NaN?");
}

}  // namespace

EigenEstimate power_iteration(const Matrix& A, const Vector& x0, double tol, int max_iterations) {
    check_inputs("power_iteration", A, x0, tol, max_iterations);
    const double threshold = tol * A.norm();
    EigenEstimate estimate{0.0, x0, 0, false};  // the mistake: x0 is used as it is, and x is never rescaled
    while (estimate.iterations < max_iterations) {
        const Vector Ax = A * estimate.vector;
        if (Ax.norm() == 0.0) {
            estimate.value = 0.0;
            estimate.converged = true;
            return estimate;
        }
        estimate.vector = Ax;  // the mistake: x <- A x, without dividing by ||A x||
        ++estimate.iterations;
        const Vector AAx = A * estimate.vector;
        const double xx = estimate.vector.squaredNorm();
        estimate.value = estimate.vector.dot(AAx) / xx;  // x^T A x / x^T x: right for any length, until overflow
        if ((AAx - estimate.value * estimate.vector).norm() <= threshold * std::sqrt(xx)) {
            estimate.converged = true;
            return estimate;
        }
    }
    return estimate;
}

EigenEstimate inverse_iteration(const Matrix& A, double shift, const Vector& x0, double tol, int max_iterations) {
    check_inputs("inverse_iteration", A, x0, tol, max_iterations);
    const double norm_A = A.stableNorm(), threshold = tol * norm_A;
    EigenEstimate estimate{0.0, x0 / x0.stableNorm(), 0, false};
    if (norm_A == 0.0) {  // A = 0: every vector is an eigenvector, for the eigenvalue 0
        estimate.converged = true;
        return estimate;
    }
    const LuDecomposition lu = factor_shifted(A, shift, norm_A, estimate.vector);  // once, O(n^3)
    Vector Ax(A.rows());
    while (estimate.iterations < max_iterations) {
        const Vector y = lu_solve(lu, estimate.vector);  // (A - s I) y = x, O(n^2)
        estimate.vector = y / y.stableNorm();
        ++estimate.iterations;
        Ax.noalias() = A * estimate.vector;
        if (rayleigh_update(estimate, Ax) <= threshold) {
            estimate.converged = true;
            return estimate;
        }
    }
    return estimate;
}

}  // namespace course::linear_algebra
