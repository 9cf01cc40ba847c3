// eigen_solvers{,_svd,_symmetric}.cpp: the one place where the course instantiates Eigen's
// decompositions (course/eigen_solvers.hpp says why), in three files that compile in parallel.
#include "course/eigen_solvers.hpp"

#include <Eigen/SVD>

namespace course::eigen_solvers {

Vector singular_values(const Matrix& A) { return Eigen::JacobiSVD<Eigen::MatrixXd>(Eigen::MatrixXd(A)).singularValues(); }

Matrix left_singular_vectors(const Matrix& A) {
    return Eigen::JacobiSVD<Eigen::MatrixXd>(Eigen::MatrixXd(A), Eigen::ComputeThinU).matrixU();
}

}  // namespace course::eigen_solvers
