// Exercise: principal component analysis. Contract: include/linear_algebra/pca.hpp
// Notes: docs/linear_algebra.md#pca.  Hints: ./course hint linear_algebra pca
// Grade it:  ./course grade linear_algebra pca
#include "linear_algebra/pca.hpp"

#include <algorithm>
#include <cmath>

#include "course/error.hpp"
#include "linear_algebra/svd.hpp"

namespace course::linear_algebra {

Pca pca(const Matrix& X, int k) {
    check_pca_arguments(X, k);
    //     X_c = X - 1 mean^T = U S V^T,   components = V[:, :k]^T,   var_i = S_i^2 / (samples - 1)
    // TODO(learner): center the columns, call svd() (linear_algebra/svd.hpp) on X_c, keep the first k
    // right singular vectors as rows, flip each so its entry of largest |.| is positive, and divide
    // the variances by the total variance ||X_c||_F^2 / (samples - 1) (refuse a total of 0).
    // Hint: the total is over all axes, not only the k kept: with k < features the ratios sum below 1.
    COURSE_TODO("pca");
}

Matrix pca_transform(const Pca& model, const Matrix& X) {
    check_pca_transform_input(model, X);
    //     Z = (X - 1 mean^T) components^T,   (samples, k)
    // TODO(learner): subtract the model's mean from every row, then multiply by components^T.
    COURSE_TODO("pca_transform");
}

}  // namespace course::linear_algebra
