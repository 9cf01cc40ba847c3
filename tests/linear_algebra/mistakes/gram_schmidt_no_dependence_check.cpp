// PLACEHOLDER
#include "linear_algebra/gram_schmidt.hpp"

#include "course/error.hpp"

namespace course::linear_algebra {

Matrix modified_gram_schmidt(const Matrix& A, double tol) {
    COURSE_TODO("modified_gram_schmidt");
}

Matrix orthonormal_basis(const Matrix& A, double tol) {
    COURSE_TODO("orthonormal_basis");
}

}  // namespace course::linear_algebra
