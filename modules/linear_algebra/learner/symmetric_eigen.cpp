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
SymmetricEigen symmetric_eigen(const Matrix& A, double tol, int max_sweeps) {
    check_symmetric_eigen_arguments(A, tol, max_sweeps);
    //     A = V diag(values) V^T;  per pair p < q:  A <- J^T A J,  V <- V J,  which zeros A[p, q]
    // TODO(learner): copy A, start from V = I; sweep over all pairs p < q until
    // off(A) = sqrt(sum_{i != j} A[i, j]^2) <= tol * ||A||_F (throw std::runtime_error naming off(A)
    // after max_sweeps); then sort the diagonal ascending and move the columns of V with it.
    // Hint: theta = (A[q, q] - A[p, p]) / (2 A[p, q]), t = sign(theta) / (|theta| + sqrt(theta^2 + 1)),
    // c = 1 / sqrt(t^2 + 1), s = t c. Rotate rows p, q AND columns p, q: one side alone is not a similarity.
    COURSE_TODO("symmetric_eigen");
}

}  // namespace course::linear_algebra
