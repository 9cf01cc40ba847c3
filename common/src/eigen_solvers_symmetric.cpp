// eigen_solvers{,_svd,_symmetric}.cpp: the one place where the course instantiates Eigen's
// decompositions (course/eigen_solvers.hpp says why), in three files that compile in parallel.
#include "course/eigen_solvers.hpp"

#include <Eigen/Eigenvalues>

namespace course::eigen_solvers {

Vector symmetric_eigenvalues(const Matrix& A) {
    return Eigen::SelfAdjointEigenSolver<Matrix>(A, Eigen::EigenvaluesOnly).eigenvalues();
}

SymmetricEigenpairs symmetric_eigenpairs(const Matrix& A) {
    const Eigen::SelfAdjointEigenSolver<Matrix> solver(A);
    return {solver.eigenvalues(), solver.eigenvectors()};
}

}  // namespace course::eigen_solvers
