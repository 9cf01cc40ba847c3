// Reference solution: conjugate gradient for A x = b. Contract: include/optimization/conjugate_gradient.hpp
#include "optimization/conjugate_gradient.hpp"

#include <cmath>
#include <limits>

#include "course/error.hpp"

namespace course::optimization {

CgResult conjugate_gradient(const Matrix& A, const Vector& b, double rtol, int max_iterations, const Vector& x0) {
    check_cg_arguments(A, b, rtol, max_iterations, x0);
    const int n = int(A.rows());
    CgResult result;
    result.x = x0.size() == n ? x0 : Vector::Zero(n);
    Vector r = b - A * result.x;  // r_0 = b - A x_0 = -grad q(x_0)
    Vector p = r;                 // p_0: the first direction is steepest descent
    Vector Ap(n);
    double rr = r.squaredNorm();  // r_k^T r_k, kept from one iteration to the next
    const double target = rtol * b.norm();
    result.residual_norms.push_back(std::sqrt(rr));
    while (true) {
        if (std::sqrt(rr) <= target) {
            result.converged = true;
            break;
        }
        if (result.iterations == max_iterations) break;
        Ap.noalias() = A * p;
        const double pAp = p.dot(Ap);  // the curvature of q along p_k
        COURSE_CHECK(pAp > 0.0, "conjugate_gradient: p^T A p = ", pAp, " <= 0 at iteration ", result.iterations,
                     ": A is not positive definite (q has no minimum along this direction)");
        COURSE_CHECK(pAp <= std::numeric_limits<double>::max(), "conjugate_gradient: p^T A p overflows to inf at iteration ",
                     result.iterations, " (max |p_i| = ", p.cwiseAbs().maxCoeff(), "): scale A and b down");
        const double alpha = rr / pAp;  // the exact minimizer of q(x_k + alpha p_k)
        result.x += alpha * p;
        r -= alpha * Ap;
        const double rr_next = r.squaredNorm();
        const double beta = rr_next / rr;  // makes p_{k+1} A-conjugate to p_k (and, by induction, to all p_j)
        p = r + beta * p;
        rr = rr_next;
        ++result.iterations;
        result.residual_norms.push_back(std::sqrt(rr));
    }
    return result;
}

}  // namespace course::optimization
