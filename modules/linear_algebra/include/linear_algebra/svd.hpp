// PLACEHOLDER: Singular value decomposition by one-sided Jacobi
#pragma once

#include <span>
#include <vector>

#include "course/eigen.hpp"

namespace course::linear_algebra {

struct Svd {
    Matrix U;
    Vector S;
    Matrix V;
};

Svd svd(const Matrix& A);

}  // namespace course::linear_algebra
