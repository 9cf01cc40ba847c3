// Exercise: reduced row echelon form, rank and null space. Contract: include/linear_algebra/row_echelon.hpp
// Notes: docs/linear_algebra.md#row_echelon.  Hints: ./course hint linear_algebra row_echelon
// Grade it:  ./course grade linear_algebra row_echelon
#include "linear_algebra/row_echelon.hpp"

#include <cmath>

#include "course/error.hpp"

namespace course::linear_algebra {
RowEchelon row_echelon(const Matrix& A, double tol) {
    check_row_echelon_input(A, "row_echelon");
    //     E A = R,   R in reduced row echelon form;   tol < 0:  tol = max(m, n) * eps * max |A_ij|
    // TODO(learner): for each column, the pivot is the largest |entry| at or below the current row.
    // If it is <= tol the column is free; else swap it up, divide its row by it, and clear the
    // column in every other row, above and below. Record the pivot columns.
    // Hint: never test a pivot with == 0.0: rounding leaves 1e-17 where exact arithmetic gives 0.
    // Hint: Eigen's maxCoeff() of a matrix with no entries fails an assertion; 0 x n and m x 0 have rank 0.
    COURSE_TODO("row_echelon");
}

int rank(const Matrix& A) {
    //     rank(A) = number of pivots
    // TODO(learner): one line on top of row_echelon.
    COURSE_TODO("rank");
}

Matrix null_space(const Matrix& A) {
    //     N(A) = {x : A x = 0},   one column per free variable
    // TODO(learner): for the k-th free column f: x[f] = 1, the other free variables 0, and
    // x[pivot_columns[i]] = -R[i, f]. The result is (n, n - rank).
    // Hint: this reading of R is only right when R is reduced (zeros above the pivots too).
    COURSE_TODO("null_space");
}

}  // namespace course::linear_algebra
