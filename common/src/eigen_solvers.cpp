// eigen_solvers.cpp: the one place where the course instantiates Eigen's decompositions
// (course/eigen_solvers.hpp says why).
#include "course/eigen_solvers.hpp"

#include <Eigen/Cholesky>
#include <Eigen/Eigenvalues>
#include <Eigen/LU>
#include <Eigen/QR>
#include <Eigen/SVD>

namespace course::eigen_solvers {

Matrix product(const Matrix& A, const Matrix& B) { return A * B; }

Vector singular_values(const Matrix& A) { return Eigen::JacobiSVD<Eigen::MatrixXd>(Eigen::MatrixXd(A)).singularValues(); }

Matrix left_singular_vectors(const Matrix& A) {
    return Eigen::JacobiSVD<Eigen::MatrixXd>(Eigen::MatrixXd(A), Eigen::ComputeThinU).matrixU();
}

Vector symmetric_eigenvalues(const Matrix& A) {
    return Eigen::SelfAdjointEigenSolver<Matrix>(A, Eigen::EigenvaluesOnly).eigenvalues();
}

SymmetricEigenpairs symmetric_eigenpairs(const Matrix& A) {
    const Eigen::SelfAdjointEigenSolver<Matrix> solver(A);
    return {solver.eigenvalues(), solver.eigenvectors()};
}

int rank(const Matrix& A) { return int(Eigen::FullPivLU<Matrix>(A).rank()); }

Matrix kernel(const Matrix& A) { return Eigen::FullPivLU<Matrix>(A).kernel(); }

Vector lu_solve(const Matrix& A, const Vector& b) { return Eigen::PartialPivLU<Matrix>(A).solve(b); }

double lu_determinant(const Matrix& A) { return Eigen::PartialPivLU<Matrix>(A).determinant(); }

Matrix lu_packed(const Matrix& A) { return Eigen::PartialPivLU<Matrix>(A).matrixLU(); }

Matrix cholesky_lower(const Matrix& A) { return Eigen::LLT<Matrix>(A).matrixL(); }

Vector cholesky_solve(const Matrix& A, const Vector& b) { return Eigen::LLT<Matrix>(A).solve(b); }

Matrix householder_r(const Matrix& A) {
    const Eigen::HouseholderQR<Matrix> qr(A);
    return qr.matrixQR().topRows(std::min(A.rows(), A.cols())).triangularView<Eigen::Upper>();
}

Vector least_squares(const Matrix& A, const Vector& b) { return A.colPivHouseholderQr().solve(b); }

ColumnPivotedQr column_pivoted_qr(const Matrix& A, double threshold) {
    Eigen::ColPivHouseholderQR<Matrix> qr(A);
    qr.setThreshold(threshold);
    return {int(qr.rank()), Matrix(qr.householderQ())};
}

}  // namespace course::eigen_solvers
