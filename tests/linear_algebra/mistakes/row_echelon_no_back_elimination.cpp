// PLACEHOLDER
#include "linear_algebra/row_echelon.hpp"

#include "course/error.hpp"

namespace course::linear_algebra {

RowEchelon row_echelon(const Matrix& A, double tol) {
    COURSE_TODO("row_echelon");
}

int rank(const Matrix& A) {
    COURSE_TODO("rank");
}

Matrix null_space(const Matrix& A) {
    COURSE_TODO("null_space");
}

}  // namespace course::linear_algebra
