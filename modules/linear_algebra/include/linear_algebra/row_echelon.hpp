// PLACEHOLDER: Reduced row echelon form: rank and a basis of the null space
#pragma once

#include <span>
#include <vector>

#include "course/eigen.hpp"

namespace course::linear_algebra {

struct RowEchelon {
    Matrix R;
    std::vector<int> pivot_columns;
    int rank = 0;
};

RowEchelon row_echelon(const Matrix& A, double tol = -1.0);
int rank(const Matrix& A);
Matrix null_space(const Matrix& A);

}  // namespace course::linear_algebra
