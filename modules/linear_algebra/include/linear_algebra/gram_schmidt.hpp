// PLACEHOLDER: Modified Gram-Schmidt: an orthonormal basis, detecting linear dependence
#pragma once

#include <span>
#include <vector>

#include "course/eigen.hpp"

namespace course::linear_algebra {


Matrix modified_gram_schmidt(const Matrix& A, double tol = 1e-10);
Matrix orthonormal_basis(const Matrix& A, double tol = 1e-10);

}  // namespace course::linear_algebra
