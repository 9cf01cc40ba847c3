// Row echelon form: Gauss-Jordan elimination, the rank and a basis of the null space.
//
// Elimination by row operations does not change the row space or the null space of A, so the
// reduced row echelon form R shows both: its nonzero rows are a basis of the row space, its pivot
// columns say which columns of A are a basis of the column space, and every free column gives one
// vector of the null space. rank + (number of free columns) = n is the rank-nullity theorem.
// Notes: docs/linear_algebra.md#row_echelon. Source: Strang, Introduction to Linear Algebra,
// ch. 3 (the four fundamental subspaces); Golub & Van Loan, Matrix Computations, 3.2 and 5.4.
#pragma once

#include <vector>

#include "course/eigen.hpp"
#include "course/error.hpp"

namespace course::linear_algebra {

// RowEchelon: the result of Gauss-Jordan elimination on an (m, n) matrix A.
//   R              (m, n), reduced row echelon form: row i < rank has its leading 1 in column
//                  pivot_columns[i]; a pivot column is zero outside its pivot; rows >= rank are 0.
//   pivot_columns  the rank pivot columns, ascending. The other columns are free.
//   rank           pivot_columns.size().
struct RowEchelon {
    Matrix R;
    std::vector<int> pivot_columns;
    int rank = 0;
};

// check_row_echelon_input refuses NaN and inf: they make every pivot comparison false.
inline void check_row_echelon_input(const Matrix& A, const char* function) {
    for (Eigen::Index i = 0; i < A.rows(); ++i)
        for (Eigen::Index j = 0; j < A.cols(); ++j)
            COURSE_CHECK(std::isfinite(A(i, j)), function, ": A[", i, ", ", j, "] = ", A(i, j), " in the ", A.rows(),
                         " x ", A.cols(), " matrix A is not finite");
}

// row_echelon: the reduced row echelon form by Gauss-Jordan elimination with partial pivoting.
//
//     E A = R        E invertible (the row operations), R in reduced row echelon form
//
// Column by column: the pivot is the largest |entry| at or below the current row; if it is
// <= tol the column is free (its entries at and below the current row become 0); otherwise swap it
// up, divide the row by it, and subtract multiples of the row from every other row, above and
// below, so that the column becomes a unit vector.
// tol < 0 (the default) means tol = max(m, n) * eps * max_ij |A_ij|, after MATLAB's rref and rank
// (rref scales by norm(A, inf), rank by sigma_max; max |A_ij| is within a factor n of both).
// Floating point leaves residues near eps * |A| where exact arithmetic gives 0, so a test
// against 0.0 would call every matrix full rank; tol = 0 asks for exactly that.
// A has no rows or no columns: rank 0, no pivots, R the (m, n) empty or zero matrix.
// Cost: at most 2 * m * n * min(m, n) flops. Throws std::invalid_argument for a NaN or infinite entry.
RowEchelon row_echelon(const Matrix& A, double tol = -1.0);

// rank: the number of pivots of row_echelon(A) with the default tolerance.
//
//     rank(A) = dim col(A) = dim row(A)
//
// A rank found by elimination is reliable for well-separated cases; the SVD is the robust tool
// (Golub & Van Loan 5.4.1). rank of a matrix with no rows or no columns is 0.
int rank(const Matrix& A);

// null_space: a basis of the null space of A, one "special solution" per free column.
//
//     N(A) = {x in R^n : A x = 0},   dim N(A) = n - rank(A)
//
// Column k of the (n, n - rank) result solves R x = 0 with the k-th free variable set to 1 and the
// other free variables 0; each pivot variable is then x[pivot_columns[i]] = -R[i, free column].
// The rows of the free variables form an identity, so the columns are independent. Full column
// rank gives an (n, 0) matrix; A with 0 rows gives the identity (n, n) (no equation constrains x);
// A with 0 columns gives (0, 0). Default tolerance as in row_echelon.
Matrix null_space(const Matrix& A);

}  // namespace course::linear_algebra
