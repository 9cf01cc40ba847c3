// Principal component analysis: the directions along which the data vary most.
//
// For data X (samples, features), PCA centers the columns, X_c = X - 1 mean^T, and takes the SVD
// X_c = U S V^T. The right singular vectors are the eigenvectors of the sample covariance
// C = X_c^T X_c / (samples - 1), with eigenvalues S_i^2 / (samples - 1): the principal axes and
// the variance of the data along each. Keeping the first k axes gives the best rank-k
// approximation of X_c (Eckart-Young). The conventions are scikit-learn's PCA (version 1.5 on):
// sample variance with samples - 1, components as rows, each row's largest |entry| positive.
// Notes: docs/linear_algebra.md#pca. Sources: Jolliffe, Principal Component Analysis, 2nd ed.
// (2002), ch. 1-3; Trefethen & Bau, Numerical Linear Algebra, lecture 5 (low-rank approximation).
#pragma once

#include <algorithm>

#include "course/eigen.hpp"
#include "course/error.hpp"

namespace course::linear_algebra {

// Pca: a fitted model with k components over d features.
//   mean                      (d)     column means of X.
//   components                (k, d)  rows: the principal axes, orthonormal, by decreasing variance;
//                                     each row's entry of largest |.| is positive (the first such
//                                     entry on a tie; the |.| are compared exactly, as computed).
//   explained_variance        (k)     the variance along each axis, S_i^2 / (samples - 1).
//   explained_variance_ratio  (k)     explained_variance / total variance, where the total is the
//                                     sum of the d features' sample variances (all axes, not only
//                                     the k kept). Sums to 1 when k = min(samples, features).
struct Pca {
    Vector mean;
    Matrix components;
    Vector explained_variance;
    Vector explained_variance_ratio;
};

// check_pca_arguments: pca's argument checks (not its lesson: the zero total variance is):
// samples >= 2, 1 <= k <= min(samples, features), X finite.
inline void check_pca_arguments(const Matrix& X, int k) {
    const int samples = int(X.rows()), features = int(X.cols());
    COURSE_CHECK(samples >= 2, "pca: X is ", samples, " x ", features,
                 ", expected at least 2 samples (rows) to estimate a variance");
    COURSE_CHECK(k >= 1 && k <= std::min(samples, features), "pca: k = ", k, " components, expected 1 <= k <= ",
                 "min(samples, features) = min(", samples, ", ", features, ")");
    COURSE_CHECK(X.allFinite(), "pca: X (", samples, " x ", features, ") holds a NaN or inf");
}

// pca: fit k principal components to X (samples, features), through svd() of the centered data.
//
//     X_c = X - 1 mean^T = U S V^T,   components = V[:, :k]^T (signs fixed),   var_i = S_i^2 / (samples - 1)
//
// Needs samples >= 2 and 1 <= k <= min(samples, features); X must be finite and not constant (a
// zero total variance has no principal axes): a spread max|X_c| <= samples * eps * max|X| is the
// rounding left by centering a constant X, and is refused too. Errors name the values:
// std::invalid_argument.
// Scale: the model of c X has mean c * mean and the same components and explained_variance_ratio,
// for any c > 0 (the ratios (S_i / ||X_c||_F)^2 square nothing in units of 1); explained_variance
// scales by c^2, so it overflows once the spread of the data passes about 1e154, and loses digits
// below about 1e-154 (the squares become subnormal; they reach 0 near 1e-162).
// Cost: that of svd() on a (samples, features) matrix, plus 2 samples features flops to center.
Pca pca(const Matrix& X, int k);

// check_pca_transform_input: X has the model's number of features (pca_transform; not its lesson).
inline void check_pca_transform_input(const Pca& model, const Matrix& X) {
    COURSE_CHECK(X.cols() == model.mean.size() && X.cols() == model.components.cols(), "pca_transform: X has ",
                 X.cols(), " features (columns) but the model was fitted on ", model.mean.size(), " features");
}

// pca_transform: the coordinates of each sample along the k principal axes.
//
//     Z = (X - 1 mean^T) components^T
//
// X is (samples, d) with the d features of the model; Z is (samples, k). A different feature
// count is a std::invalid_argument naming both. Cost: 2 samples d k flops.
Matrix pca_transform(const Pca& model, const Matrix& X);

}  // namespace course::linear_algebra
