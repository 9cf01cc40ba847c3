// Reference solution: power iteration and shifted inverse iteration.
// Contract: include/linear_algebra/power_iteration.hpp
#include "linear_algebra/power_iteration.hpp"

#include <cmath>
#include <stdexcept>

#include "course/error.hpp"
#include "linear_algebra/lu.hpp"

namespace course::linear_algebra {
namespace {

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
    check_power_iteration_inputs("power_iteration", A, x0, tol, max_iterations);
    const double threshold = tol * A.stableNorm();  // tol * ||A||_F, a relative backward error
    EigenEstimate estimate{0.0, x0 / x0.stableNorm(), 0, false};
    Vector Ax = A * estimate.vector;  // (n)
    while (estimate.iterations < max_iterations) {
        const double norm_Ax = Ax.stableNorm();
        if (norm_Ax == 0.0) {  // A x = 0 x: x is an eigenvector for the eigenvalue 0
            estimate.value = 0.0;
            estimate.converged = true;
            return estimate;
        }
        estimate.vector = Ax / norm_Ax;  // normalized every step: A^k x0 alone over- or underflows
        ++estimate.iterations;
        Ax.noalias() = A * estimate.vector;
        if (rayleigh_update(estimate, Ax) <= threshold) {
            estimate.converged = true;
            return estimate;
        }
    }
    return estimate;
}

EigenEstimate inverse_iteration(const Matrix& A, double shift, const Vector& x0, double tol, int max_iterations) {
    check_power_iteration_inputs("inverse_iteration", A, x0, tol, max_iterations);
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
