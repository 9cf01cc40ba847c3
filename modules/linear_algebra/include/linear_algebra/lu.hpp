// LU with partial pivoting: Gaussian elimination written down as a factorization, then reused to
// solve linear systems, take determinants and invert.
//
//     P A = L U
//
// A is (n, n); P is a permutation, L is unit lower triangular with |L[i, j]| <= 1, U is upper
// triangular. Factoring once costs (2/3) n^3 flops; every solve after that costs 2 n^2.
// Notes: docs/linear_algebra.md#lu. Sources: Golub & Van Loan, Matrix Computations (4th ed.),
// 3.2-3.4; Trefethen & Bau, Numerical Linear Algebra, lectures 20-23; Higham, Accuracy and
// Stability of Numerical Algorithms (2nd ed.), chapter 9.
#pragma once

#include <atomic>
#include <string_view>
#include <vector>

#include "course/eigen.hpp"
#include "course/error.hpp"

namespace course::linear_algebra {

// LuDecomposition: the factors of P A = L U.
//   L     (n, n) unit lower triangular: ones on the diagonal, zeros above it.
//   U     (n, n) upper triangular: zeros below the diagonal.
//   perm  n row indices: row i of P A is row perm[i] of A.
//   sign  det(P): +1 for an even number of row swaps, -1 for an odd number.
struct LuDecomposition {
    Matrix L;
    Matrix U;
    std::vector<int> perm;
    int sign = 1;
};

// lu_decompositions_started: how many times check_lu_decompose_input has run. lu_decompose calls it
// first, so this counts factorizations: the tests check with it that inverse and determinant factor
// A once, and that inverse_iteration factors A - shift I once, not once per iteration.
inline std::atomic<long> lu_decompositions_started{0};

// check_lu_decompose_input: lu_decompose's A is square with n >= 1 (not its lesson); counts the call.
inline void check_lu_decompose_input(const Matrix& A) {
    ++lu_decompositions_started;
    COURSE_CHECK(A.rows() == A.cols() && A.rows() >= 1, "lu_decompose: A is ", A.rows(), " x ", A.cols(),
                 ", expected a square matrix with n >= 1");
}

// check_lu_solve_rhs: b has as many entries as the factors have rows (lu_solve; not its lesson).
inline void check_lu_solve_rhs(const LuDecomposition& lu, const Vector& b) {
    const int n = int(lu.U.rows());
    COURSE_CHECK(b.size() == n, "lu_solve: b has ", b.size(), " entries but the factors are ", n, " x ", n);
}

// check_lu_square: A is square, the check determinant and inverse start with (not their lesson).
inline void check_lu_square(std::string_view function, const Matrix& A) {
    COURSE_CHECK(A.rows() == A.cols(), function, ": A is ", A.rows(), " x ", A.cols(), ", expected a square matrix");
}

// lu_decompose: Gaussian elimination with partial pivoting.
//
//     P A = L U,    at step k: pivot row r = argmax_{r >= k} |a_rk|,  l_ik = a_ik / a_kk,
//                   row_i <- row_i - l_ik * row_k   for i > k
//
// Choosing the largest pivot keeps every |l_ik| <= 1, so the entries of U grow by at most 2^(n-1)
// and in practice by far less; the computed factors satisfy P A + E = L U with
// |E| <= gamma_n |L| |U|, gamma_n = n u / (1 - n u) (Higham, Theorem 9.3).
// Cost: (2/3) n^3 flops. Throws std::invalid_argument if A is not square or is empty (n = 0).
// It starts with check_lu_decompose_input, which counts the factorizations (lu_decompositions_started).
// Scale-invariant: the factors of c A are P, L and c U.
// A singular A is not an error here: when column k has no nonzero entry at or below row k, step k
// eliminates nothing and U[k, k] = 0, so that determinant() can return 0.
LuDecomposition lu_decompose(const Matrix& A);

// lu_solve: solves A x = b from the factors of P A = L U, in two triangular solves.
//
//     L y = P b   (forward substitution),    U x = y   (back substitution)
//
// b has n entries. Cost: 2 n^2 flops. Throws std::invalid_argument if the factors do not fit
// together (L or U not n x n with n = U's rows, perm without n entries), if b has the wrong size, or,
// with "singular" in the message, if some pivot |U[k, k]| <= n * eps * max|U|: the factors carry a
// backward error of order n * u * |L| |U|, so a pivot that small could be zero for a matrix within
// rounding distance of A, and dividing by it would return noise.
Vector lu_solve(const LuDecomposition& lu, const Vector& b);

// determinant: det(A) from its LU factors.
//
//     det(A) = det(P) * det(L) * det(U) = sign * prod_k U[k, k]
//
// Every row swap flips the sign. A singular A gives 0 (no exception). Cost: (2/3) n^3 flops.
// For large n the product can overflow or underflow; a log-determinant, sum_k log|U[k, k]|, avoids
// that. Throws std::invalid_argument if A is not square.
double determinant(const Matrix& A);

// inverse: A^-1, by solving A X = I one column at a time with one factorization.
//
//     A x_j = e_j,   X = [x_0, ..., x_{n-1}]
//
// Cost: (2/3) n^3 + n * 2 n^2 = (8/3) n^3 flops (2 n^3 when the zeros of e_j are exploited).
// Throws std::invalid_argument if A is not square, or, with "singular", if A is singular to working
// precision (see lu_solve). To solve A x = b, call lu_solve: forming A^-1 b costs more and is less
// accurate.
Matrix inverse(const Matrix& A);

}  // namespace course::linear_algebra
