// PLACEHOLDER: Cholesky factorization A = L L^T and solve
#pragma once

#include <span>
#include <vector>

#include "course/eigen.hpp"

namespace course::linear_algebra {


Matrix cholesky(const Matrix& A);
Vector cholesky_solve(const Matrix& L, const Vector& b);

}  // namespace course::linear_algebra
