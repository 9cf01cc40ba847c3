// course/eigen_solvers.hpp: Eigen's decompositions, compiled once for the whole course.
//
// An Eigen decomposition is a large template: a file that instantiates JacobiSVD or
// SelfAdjointEigenSolver takes 5 to 6 s longer to compile, and the course compiles each test file
// three times (graded or self-test, sanitizers, the other vector width). Tests use these as oracles
// and references use them as tools through the plain functions below, instantiated once in
// common/src/eigen_solvers.cpp. Each says which Eigen class computes it; none adds math of its own.
//
// Prefer these over including <Eigen/SVD>, <Eigen/Eigenvalues>, <Eigen/LU> or <Eigen/QR> in a new
// file (docs/adding-a-module.md, "Keep the build fast").
#pragma once

#include "course/eigen.hpp"

namespace course::eigen_solvers {

// product: A B for A (m, k) and B (k, n), Eigen's blocked GEMM in double.
Matrix product(const Matrix& A, const Matrix& B);

// singular_values: sigma_1 >= ... >= sigma_min(m,n) >= 0 of A (m, n). Eigen::JacobiSVD.
Vector singular_values(const Matrix& A);

// left_singular_vectors: the thin U (m, min(m, n)) of A = U S V^T, columns in the order of
// singular_values. Eigen::JacobiSVD with ComputeThinU.
Matrix left_singular_vectors(const Matrix& A);

// symmetric_eigenvalues: the eigenvalues of the symmetric A (n, n), ascending; only the lower
// triangle is read. Eigen::SelfAdjointEigenSolver.
Vector symmetric_eigenvalues(const Matrix& A);

// SymmetricEigenpairs: A V = V diag(values), values ascending, V (n, n) orthogonal.
struct SymmetricEigenpairs {
    Vector values;
    Matrix vectors;  // column j belongs to values(j)
};
SymmetricEigenpairs symmetric_eigenpairs(const Matrix& A);

// rank and kernel of A (m, n) by LU with complete pivoting, Eigen's default threshold (a pivot
// below min(m, n) eps times the largest counts as zero). kernel: (n, n - rank). Eigen::FullPivLU.
int rank(const Matrix& A);
Matrix kernel(const Matrix& A);

// lu_solve: x with A x = b, A (n, n) invertible; lu_determinant: det A; lu_packed: L (unit lower,
// below the diagonal) and U (upper) packed in one matrix, for P A = L U. Eigen::PartialPivLU.
Vector lu_solve(const Matrix& A, const Vector& b);
double lu_determinant(const Matrix& A);
Matrix lu_packed(const Matrix& A);

// cholesky_lower: L with A = L L^T for a symmetric positive definite A (n, n); cholesky_solve:
// x with A x = b. Eigen::LLT. (No check that A is positive definite: use only on SPD oracles.)
Matrix cholesky_lower(const Matrix& A);
Vector cholesky_solve(const Matrix& A, const Vector& b);

// householder_r: the upper-triangular R (min(m, n), n) of A = Q R, signs as Eigen chooses them.
// Eigen::HouseholderQR.
Matrix householder_r(const Matrix& A);

// householder_q: the orthogonal Q (m, m) of the same factorization A = Q R. Eigen::HouseholderQR.
Matrix householder_q(const Matrix& A);

// least_squares: argmin_x ||A x - b||_2 for A (m, n). Eigen::ColPivHouseholderQR.
Vector least_squares(const Matrix& A, const Vector& b);

// ColumnPivotedQr: A P = Q R with column pivoting. rank counts the pivots |R_kk| above
// threshold * |R_00|; Q is the full (m, m) orthogonal factor. Eigen::ColPivHouseholderQR.
struct ColumnPivotedQr {
    int rank;
    Matrix Q;
};
ColumnPivotedQr column_pivoted_qr(const Matrix& A, double threshold);

}  // namespace course::eigen_solvers
