// Exercise: Cholesky factorization, A = L L^T. Contract: include/linear_algebra/cholesky.hpp
// Notes: docs/linear_algebra.md#cholesky.  Hints: ./course hint linear_algebra cholesky
// Grade it:  ./course grade linear_algebra cholesky
#include "linear_algebra/cholesky.hpp"

#include "course/error.hpp"

namespace course::linear_algebra {

Matrix cholesky(const Matrix& A) {
    check_cholesky_shape(A);
    //     L[j, j] = sqrt(A[j, j] - sum_{k<j} L[j, k]^2)
    //     L[i, j] = (A[i, j] - sum_{k<j} L[i, k] L[j, k]) / L[j, j]        for i > j
    // TODO(learner): refuse a non-symmetric A (worst |A[i, j] - A[j, i]| > 64 * n * eps * max|A|,
    // message with "symmetric", the pair and both values), then fill L column by column; refuse a
    // number under the square root that is <= 0 (message with "positive definite", j and the number).
    // Hint: return L with zeros above the diagonal, not L^T.
    COURSE_TODO("cholesky");
}

Vector cholesky_solve(const Matrix& L, const Vector& b) {
    check_cholesky_solve_arguments(L, b);
    //     L y = b,   L^T x = y
    // TODO(learner): forward substitution for y, then back substitution for x; L^T[i, j] is L[j, i].
    COURSE_TODO("cholesky_solve");
}

}  // namespace course::linear_algebra
