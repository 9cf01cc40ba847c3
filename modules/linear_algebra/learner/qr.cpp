// PLACEHOLDER
#include "linear_algebra/qr.hpp"

#include "course/error.hpp"

namespace course::linear_algebra {

QrDecomposition householder_qr(const Matrix& A) {
    COURSE_TODO("householder_qr");
}

Vector least_squares(const Matrix& A, const Vector& b) {
    COURSE_TODO("least_squares");
}

}  // namespace course::linear_algebra
