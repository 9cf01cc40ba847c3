// PLACEHOLDER: Principal component analysis on a data matrix
#pragma once

#include <span>
#include <vector>

#include "course/eigen.hpp"

namespace course::linear_algebra {

struct Pca {
    Vector mean;
    Matrix components;
    Vector explained_variance;
    Vector explained_variance_ratio;
};

Pca pca(const Matrix& X, int k);
Matrix pca_transform(const Pca& model, const Matrix& X);

}  // namespace course::linear_algebra
