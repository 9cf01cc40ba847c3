// PLACEHOLDER
#include "linear_algebra/lu.hpp"

#include "course/error.hpp"

namespace course::linear_algebra {

LuDecomposition lu_decompose(const Matrix& A) {
    COURSE_TODO("lu_decompose");
}

Vector lu_solve(const LuDecomposition& lu, const Vector& b) {
    COURSE_TODO("lu_solve");
}

double determinant(const Matrix& A) {
    COURSE_TODO("determinant");
}

Matrix inverse(const Matrix& A) {
    COURSE_TODO("inverse");
}

}  // namespace course::linear_algebra
