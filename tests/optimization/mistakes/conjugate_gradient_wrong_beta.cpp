// Known mistake: beta_k = ||r_{k+1}|| / ||r_k||, the ratio of the norms instead of the ratio of
// their squares. p_{k+1} is then no longer A-conjugate to p_k, each step partly undoes the previous
// ones, and CG loses its finite termination: it needs far more than n iterations (it behaves like a
// poorly damped steepest descent).
#include "optimization/conjugate_gradient.hpp"

#include <cmath>
#include <limits>

#include "course/error.hpp"

namespace course::optimization {

CgResult conjugate_gradient(const Matrix& A, const Vector& b, double rtol, int max_iterations, const Vector& x0) {
    COURSE_CHECK(A.rows() == A.cols() && A.rows() >= 1, "conjugate_gradient: A is ", A.rows(), " x ", A.cols(),
                 ", expected a square matrix with n >= 1");
    const int n = int(A.rows());
    COURSE_CHECK(b.size() == n, "conjugate_gradient: b has ", b.size(), " entries, expected n = ", n);
    COURSE_CHECK(x0.size() == 0 || x0.size() == n, "conjugate_gradient: x0 has ", x0.size(),
                 " entries, expected n = ", n, " (or 0 to start from x = 0)");
    COURSE_CHECK(rtol >= 0.0 && std::isfinite(rtol), "conjugate_gradient: rtol = ", rtol, ", expected a finite value >= 0");
    COURSE_CHECK(max_iterations >= 0, "conjugate_gradient: max_iterations = ", max_iterations, ", expected >= 0");
    const double asymmetry = (A - A.transpose()).cwiseAbs().maxCoeff();
    const double threshold = 8.0 * std::numeric_limits<double>::epsilon() * A.cwiseAbs().maxCoeff();
    COURSE_CHECK(asymmetry <= threshold, "conjugate_gradient: A is not symmetric: max |A_ij - A_ji| = ", asymmetry);
    CgResult result;
    result.x = x0.size() == n ? x0 : Vector::Zero(n);
    Vector r = b - A * result.x;
    Vector p = r;
    double rr = r.squaredNorm();
    const double target = rtol * b.norm();
    result.residual_norms.push_back(std::sqrt(rr));
    while (std::sqrt(rr) > target && result.iterations < max_iterations) {
        const Vector Ap = A * p;
        const double pAp = p.dot(Ap);
        COURSE_CHECK(pAp > 0.0, "conjugate_gradient: p^T A p = ", pAp, ": A is not positive definite");
        const double alpha = rr / pAp;
        result.x += alpha * p;
        r -= alpha * Ap;
        const double rr_next = r.squaredNorm();
        const double beta = std::sqrt(rr_next) / std::sqrt(rr);  // BUG: should be rr_next / rr
        p = r + beta * p;
        rr = rr_next;
        ++result.iterations;
        result.residual_norms.push_back(std::sqrt(rr));
    }
    result.converged = std::sqrt(rr) <= target;
    return result;
}

}  // namespace course::optimization
