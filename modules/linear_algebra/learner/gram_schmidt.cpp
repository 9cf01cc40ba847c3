// Exercise: modified Gram-Schmidt. Contract: include/linear_algebra/gram_schmidt.hpp
// Notes: docs/linear_algebra.md#gram_schmidt.  Hints: ./course hint linear_algebra gram_schmidt
// Grade it:  ./course grade linear_algebra gram_schmidt
#include "linear_algebra/gram_schmidt.hpp"

#include "course/error.hpp"

namespace course::linear_algebra {

Matrix modified_gram_schmidt(const Matrix& A, double tol) {
    check_gram_schmidt_tolerance(tol, "modified_gram_schmidt");
    check_gram_schmidt_shape(A);
    //     v = a_j;  for i < j:  v <- v - (q_i . v) q_i;   q_j = v / ||v||
    // TODO(learner): orthogonalize the columns in order. If ||v|| <= tol * ||a_j|| (or a_j = 0),
    // throw std::invalid_argument (COURSE_CHECK) saying "column <j>" and the relative residual.
    // Hint: take q_i . v from the updated v, not from the original a_j: that is what makes it "modified".
    COURSE_TODO("modified_gram_schmidt");
}

Matrix orthonormal_basis(const Matrix& A, double tol) {
    check_gram_schmidt_tolerance(tol, "orthonormal_basis");
    //     col(Q) = col(A),   Q^T Q = I,   Q is (m, r)
    // TODO(learner): the same loop, but skip a column whose residual is <= tol * ||a_j|| (or that
    // is zero) and keep the others; stop once m columns are kept.
    COURSE_TODO("orthonormal_basis");
}

}  // namespace course::linear_algebra
