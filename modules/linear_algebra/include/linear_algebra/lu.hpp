// PLACEHOLDER: LU with partial pivoting (PA = LU): solve, determinant, inverse
#pragma once

#include <span>
#include <vector>

#include "course/eigen.hpp"

namespace course::linear_algebra {

struct LuDecomposition {
    Matrix L;
    Matrix U;
    std::vector<int> perm;
    int sign = 1;
};

LuDecomposition lu_decompose(const Matrix& A);
Vector lu_solve(const LuDecomposition& lu, const Vector& b);
double determinant(const Matrix& A);
Matrix inverse(const Matrix& A);

}  // namespace course::linear_algebra
