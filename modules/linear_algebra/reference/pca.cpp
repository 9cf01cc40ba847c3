// PLACEHOLDER
#include "linear_algebra/pca.hpp"

#include "course/error.hpp"

namespace course::linear_algebra {

Pca pca(const Matrix& X, int k) {
    COURSE_TODO("pca");
}

Matrix pca_transform(const Pca& model, const Matrix& X) {
    COURSE_TODO("pca_transform");
}

}  // namespace course::linear_algebra
