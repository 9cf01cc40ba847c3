// PLACEHOLDER
#include "linear_algebra/symmetric_eigen.hpp"

#include "course/error.hpp"

namespace course::linear_algebra {

SymmetricEigen symmetric_eigen(const Matrix& A, double tol, int max_sweeps) {
    COURSE_TODO("symmetric_eigen");
}

}  // namespace course::linear_algebra
