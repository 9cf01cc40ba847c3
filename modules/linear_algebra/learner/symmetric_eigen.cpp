// Exercise: symmetric eigendecomposition by cyclic Jacobi rotations.
// Contract: include/linear_algebra/symmetric_eigen.hpp
// Notes: docs/linear_algebra.md#symmetric_eigen.  Hints: ./course hint linear_algebra symmetric_eigen
// Grade it:  ./course grade linear_algebra symmetric_eigen
#include "linear_algebra/symmetric_eigen.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>

#include "course/error.hpp"

namespace course::linear_algebra {
namespace {

// check_symmetric_input: A is (n, n), n >= 1, finite, and symmetric to 64 n eps max|A|.
// (Written for you: the lesson is the rotations.)
void check_symmetric_input(const Matrix& A) {
    COURSE_CHECK(A.rows() == A.cols() && A.rows() > 0, "symmetric_eigen: A is ", A.rows(), " x ", A.cols(),
                 ", expected a non-empty square matrix");
    const int n = int(A.rows());
    double max_abs = 0.0;
    for (int i = 0; i < n; ++i)
        for (int j = 0; j < n; ++j) {
            COURSE_CHECK(std::isfinite(A(i, j)), "symmetric_eigen: A[", i, ", ", j, "] = ", A(i, j),
                         ", every entry must be finite");
            max_abs = std::max(max_abs, std::abs(A(i, j)));
        }
    int wi = 0, wj = 0;
    double worst = 0.0;
    for (int i = 0; i < n; ++i)
        for (int j = i + 1; j < n; ++j)
            if (std::abs(A(i, j) - A(j, i)) > worst) worst = std::abs(A(i, j) - A(j, i)), wi = i, wj = j;
    const double limit = 64.0 * n * std::numeric_limits<double>::epsilon() * max_abs;
    COURSE_CHECK(worst <= limit, "symmetric_eigen: A (", n, " x ", n, ") is not symmetric: A[", wi, ", ", wj,
                 "] = ", A(wi, wj), " but A[", wj, ", ", wi, "] = ", A(wj, wi), " (difference ", worst,
                 " > 64 n eps max|A| = ", limit, ")");
}

}  // namespace

SymmetricEigen symmetric_eigen(const Matrix& A, double tol, int max_sweeps) {
    check_symmetric_input(A);
    COURSE_CHECK(tol > 0.0, "symmetric_eigen: tol = ", tol, ", expected tol > 0");
    COURSE_CHECK(max_sweeps >= 0, "symmetric_eigen: max_sweeps = ", max_sweeps, ", expected >= 0");
    //     A = V diag(values) V^T;  per pair p < q:  A <- J^T A J,  V <- V J,  which zeros A[p, q]
    // TODO(learner): copy A, start from V = I; sweep over all pairs p < q until
    // off(A) = sqrt(sum_{i != j} A[i, j]^2) <= tol * ||A||_F (throw std::runtime_error naming off(A)
    // after max_sweeps); then sort the diagonal ascending and move the columns of V with it.
    // Hint: theta = (A[q, q] - A[p, p]) / (2 A[p, q]), t = sign(theta) / (|theta| + sqrt(theta^2 + 1)),
    // c = 1 / sqrt(t^2 + 1), s = t c. Rotate rows p, q AND columns p, q: one side alone is not a similarity.
    COURSE_TODO("symmetric_eigen");
}

}  // namespace course::linear_algebra
