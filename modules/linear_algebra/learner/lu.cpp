// Exercise: LU with partial pivoting, P A = L U. Contract: include/linear_algebra/lu.hpp
// Notes: docs/linear_algebra.md#lu.  Hints: ./course hint linear_algebra lu
// Grade it:  ./course grade linear_algebra lu
#include "linear_algebra/lu.hpp"

#include "course/error.hpp"

namespace course::linear_algebra {

LuDecomposition lu_decompose(const Matrix& A) {
    check_lu_decompose_input(A);
    //     P A = L U,   pivot r = argmax_{r >= k} |a_rk|,   l_ik = a_ik / a_kk,   row_i -= l_ik * row_k
    // TODO(learner): on a copy W of A, for k = 0 .. n-1: find the pivot row, swap it with row k
    // (record the swap in perm and flip sign), then eliminate below it, storing l_ik in W[i, k].
    // Finally split W into L (unit lower) and U (upper).
    // Hint: if the whole column at and below row k is zero, skip step k (A is singular; do not throw).
    COURSE_TODO("lu_decompose");
}

Vector lu_solve(const LuDecomposition& lu, const Vector& b) {
    check_lu_solve_rhs(lu, b);
    //     L y = P b,   U x = y,   (P b)_i = b[perm[i]]
    // TODO(learner): refuse a pivot |U[k, k]| <= n * eps * max|U| with a message saying "singular",
    // then forward substitution for y and back substitution for x.
    // Hint: forgetting P b gives the right answer only when no row was swapped.
    COURSE_TODO("lu_solve");
}

double determinant(const Matrix& A) {
    check_lu_square("determinant", A);
    //     det(A) = sign * prod_k U[k, k]
    // TODO(learner): factor A with lu_decompose and multiply the pivots; every row swap flips the sign.
    COURSE_TODO("determinant");
}

Matrix inverse(const Matrix& A) {
    check_lu_square("inverse", A);
    //     A x_j = e_j for every column j of X = A^-1
    // TODO(learner): factor once, then solve for each column of the identity.
    COURSE_TODO("inverse");
}

}  // namespace course::linear_algebra
