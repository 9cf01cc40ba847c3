// PLACEHOLDER: Symmetric eigendecomposition by cyclic Jacobi rotations
#pragma once

#include <span>
#include <vector>

#include "course/eigen.hpp"

namespace course::linear_algebra {

struct SymmetricEigen {
    Vector values;
    Matrix vectors;
    int sweeps = 0;
};

SymmetricEigen symmetric_eigen(const Matrix& A, double tol = 1e-12, int max_sweeps = 50);

}  // namespace course::linear_algebra
