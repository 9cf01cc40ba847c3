// eigen_solvers{,_svd,_symmetric}.cpp: the one place where the course instantiates Eigen's
// decompositions (course/eigen_solvers.hpp says why), in three files that compile in parallel.
#include "course/eigen_solvers.hpp"

#include <Eigen/Cholesky>
#include <Eigen/LU>
#include <Eigen/QR>

namespace course::eigen_solvers {

Matrix product(const Matrix& A, const Matrix& B) { return A * B; }

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

Matrix householder_q(const Matrix& A) { return Eigen::HouseholderQR<Matrix>(A).householderQ(); }

Vector least_squares(const Matrix& A, const Vector& b) { return A.colPivHouseholderQr().solve(b); }

ColumnPivotedQr column_pivoted_qr(const Matrix& A, double threshold) {
    Eigen::ColPivHouseholderQR<Matrix> qr(A);
    qr.setThreshold(threshold);
    return {int(qr.rank()), Matrix(qr.householderQ())};
}

}  // namespace course::eigen_solvers
