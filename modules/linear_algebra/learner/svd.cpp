// Exercise: the thin SVD by one-sided Jacobi. Contract: include/linear_algebra/svd.hpp
// Notes: docs/linear_algebra.md#svd.  Hints: ./course hint linear_algebra svd
// Grade it:  ./course grade linear_algebra svd
#include "linear_algebra/svd.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>

#include "course/error.hpp"

namespace course::linear_algebra {

Svd svd(const Matrix& A) {
    check_svd_input(A);
    //     A = U diag(S) V^T;  rotate column pairs of W = A (and of V = I) until W's columns are orthogonal
    // TODO(learner): for m >= n, sweep over the pairs i < j, rotating w_i, w_j (and v_i, v_j) whenever
    // |w_i . w_j| > sqrt(m) eps ||w_i|| ||w_j||, until a sweep needs no rotation. Then S_j = ||w_j||,
    // u_j = w_j / S_j; sort descending. For m < n, decompose A^T and swap U and V.
    // Hint: a zero column (S_j = 0) has no direction: complete U with a unit vector orthogonalized
    // against the other columns. Never form A^T A: it squares the condition number.
    COURSE_TODO("svd");
}

}  // namespace course::linear_algebra
