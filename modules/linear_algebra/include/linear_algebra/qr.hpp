// PLACEHOLDER: Householder QR and least squares
#pragma once

#include <span>
#include <vector>

#include "course/eigen.hpp"

namespace course::linear_algebra {

struct QrDecomposition {
    Matrix Q;
    Matrix R;
};

QrDecomposition householder_qr(const Matrix& A);
Vector least_squares(const Matrix& A, const Vector& b);

}  // namespace course::linear_algebra
