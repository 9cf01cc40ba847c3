// PLACEHOLDER
#include "linear_algebra/cholesky.hpp"

#include "course/error.hpp"

namespace course::linear_algebra {

Matrix cholesky(const Matrix& A) {
    COURSE_TODO("cholesky");
}

Vector cholesky_solve(const Matrix& L, const Vector& b) {
    COURSE_TODO("cholesky_solve");
}

}  // namespace course::linear_algebra
