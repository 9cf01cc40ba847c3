// Reference solution: principal component analysis through the SVD of the centered data.
// Contract: include/linear_algebra/pca.hpp
#include "linear_algebra/pca.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

#include "course/error.hpp"
#include "linear_algebra/svd.hpp"

namespace course::linear_algebra {
namespace {

// fix_sign: flip a principal axis so that its entry of largest |.| (the first, on a tie) is positive,
// as scikit-learn's svd_flip(u_based_decision=False) does.
void fix_sign(Vector& axis) {
    Eigen::Index largest = 0;
    for (Eigen::Index j = 1; j < axis.size(); ++j)
        if (std::abs(axis(j)) > std::abs(axis(largest))) largest = j;
    if (axis(largest) < 0.0) axis = -axis;
}

}  // namespace

Pca pca(const Matrix& X, int k) {
    check_pca_arguments(X, k);
    const int samples = int(X.rows()), features = int(X.cols());

    Pca model;
    model.mean = X.colwise().mean().transpose();                      // (features)
    const Matrix centered = X.rowwise() - model.mean.transpose();     // (samples, features)
    // Centering rounds each entry by up to about samples * eps * max|X|: a spread no larger than
    // that is what a constant X leaves behind (the mean of 0.1, 0.1, 0.1 is not 0.1 in binary).
    const double spread = centered.cwiseAbs().maxCoeff();
    const double rounding = samples * std::numeric_limits<double>::epsilon() * X.cwiseAbs().maxCoeff();
    COURSE_CHECK(spread > rounding, "pca: every sample of X (", samples, " x ", features,
                 ") is the same point up to rounding (max|X - mean| = ", spread, " <= samples * eps * max|X| = ",
                 rounding, "): the total variance is 0 and there are no principal axes");
    // Total variance: the sum of the features' sample variances = ||X_c||_F^2 / (samples - 1),
    // which also equals sum_i S_i^2 / (samples - 1) over all singular values, so the ratios are
    // (S_i / ||X_c||_F)^2. Eigen's stableNorm sums the squares in units of the largest entry: in
    // units of 1 they overflow for data spread near 1e160 and underflow near 1e-160, where the
    // ratios are still well defined.
    const double norm = centered.stableNorm();  // ||X_c||_F

    const Svd d = svd(centered);  // U (samples, r), S (r), V (features, r), r = min(samples, features)
    model.components.resize(k, features);
    model.explained_variance.resize(k);
    for (int i = 0; i < k; ++i) {
        Vector axis = d.V.col(i);
        fix_sign(axis);
        model.components.row(i) = axis.transpose();
        model.explained_variance(i) = d.S(i) * d.S(i) / double(samples - 1);
    }
    model.explained_variance_ratio = (d.S.head(k) / norm).array().square().matrix();
    return model;
}

Matrix pca_transform(const Pca& model, const Matrix& X) {
    check_pca_transform_input(model, X);
    // (samples, d) times (d, k): each row holds the sample's coordinates along the k axes.
    return (X.rowwise() - model.mean.transpose()) * model.components.transpose();
}

}  // namespace course::linear_algebra
