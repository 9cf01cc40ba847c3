// Tests for principal component analysis (modules/linear_algebra/learner/pca.cpp).
//
// Oracles: four points worked by hand (their covariance, its eigenvalues and eigenvectors written
// out below); Eigen's SelfAdjointEigenSolver on the covariance matrix of seeded random data; the
// features' sample variances computed directly; the properties of the projections (centered,
// uncorrelated, variances = explained_variance). The conventions are scikit-learn's PCA (1.5 on):
// sample variances divide by samples - 1, components are rows, and each row's entry of largest
// |.| is positive. pca() calls svd() from this module; the graded build links the reference svd.
// Bad-input tests first call the function on valid input, so that a stub shows "not started".
//
// Tolerances. The SVD of the centered data X_c (samples, features) is backward stable: each S_i
// is off by at most 8 max(samples, features) u ||X_c||_2 (see svd_test.cpp), so a variance
// S_i^2 / (samples - 1) is off by twice S_i times that, over samples - 1; a principal axis turns
// by at most (error in S) / (gap to the next S) (Wedin's theorem), entry by entry twice that.
#include "linear_algebra/pca.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <string>
#include <tuple>
#include <utility>

#include "course/eigen_solvers.hpp"
#include "course/random.hpp"
#include "course/testing.hpp"
#include "scales.hpp"

namespace course::linear_algebra {
namespace {

using course::testing::AllClose;
using course::testing::ThrowsInvalidArgument;
using course::testing::unit_roundoff;

constexpr double u = unit_roundoff<double>();

// four_points: X_i = m + a_i (1, 2) + b_i (-2, 1) with m = (1, 3), a = (-2, -1, 1, 2) and
// b = (1/2, -1/2, -1/2, 1/2). The a's and the b's each sum to 0 and sum(a_i b_i) = 0, so the mean is
// m and the spread splits exactly along the orthogonal directions (1, 2) and (-2, 1). Along the unit
// axis (1, 2)/sqrt5 the coordinates are a_i sqrt5, variance 5 * 10 / 3 = 50/3; along (-2, 1)/sqrt5
// they are b_i sqrt5, variance 5 * 1 / 3 = 5/3.
// Check by hand with the covariance: the centered points are (-3, -3.5), (0, -2.5), (2, 1.5),
// (1, 4.5); var x = (9 + 0 + 4 + 1)/3 = 14/3, var y = (12.25 + 6.25 + 2.25 + 20.25)/3 = 41/3,
// cov = (10.5 + 0 + 3 + 4.5)/3 = 6, and [[14/3, 6], [6, 41/3]] (1, 2) = (50/3, 100/3) = 50/3 (1, 2).
// The total variance 14/3 + 41/3 = 55/3 = 50/3 + 5/3, so the ratios are 10/11 and 1/11.
Matrix four_points(double offset = 0.0) {
    Matrix X(4, 2);
    X << -2.0, -0.5, 1.0, 0.5, 3.0, 4.5, 2.0, 7.5;
    return (X.array() + offset).matrix();
}

// Sign convention: (1, 2)/sqrt5 has its largest entry positive already; (-2, 1)/sqrt5 does not, so
// the second component is (2, -1)/sqrt5.
Matrix four_points_components() {
    const double r5 = 1.0 / std::sqrt(5.0);
    return (Matrix(2, 2) << r5, 2 * r5, 2 * r5, -r5).finished();
}

// The error budget of the four-point fit: ||X_c||_2 = S_1 = sqrt(3 * 50/3) = sqrt(50), the gap
// S_1 - S_2 = sqrt(50) - sqrt(5). `data_error` adds the rounding of the centered data itself
// (||delta X_c||_2 <= ||delta X_c||_F, 8 entries), for the offset version.
struct Budget {
    double variance;
    double component;
};
Budget four_points_budget(double data_error = 0.0) {
    const double s1 = std::sqrt(50.0), s2 = std::sqrt(5.0);
    const double s_error = 8.0 * 4.0 * u * s1 + data_error;
    return {2.0 * s1 * s_error / 3.0, 2.0 * s_error / (s1 - s2)};
}

// ratio_hint: the likely bug when the ratios are not proportional to the variances S_i^2.
std::string ratio_hint(const Pca& model) {
    const Vector& ratio = model.explained_variance_ratio;
    const Vector& variance = model.explained_variance;
    if (ratio.size() != variance.size() || ratio.size() < 2 || variance(0) == 0.0) return "";
    const double scale = ratio(0) / variance(0);
    for (Eigen::Index i = 1; i < ratio.size(); ++i)
        if (std::abs(ratio(i) - scale * variance(i)) > 1e-6 * ratio(0))
            return "; the ratios are not proportional to explained_variance: build them from S_i^2, not S_i";
    return "";
}

// centering_hint: the likely bug when the first axis points at the mean.
std::string centering_hint(const Pca& model) {
    if (model.components.rows() == 0 || model.mean.norm() == 0.0) return "";
    const double cos_to_mean =
        std::abs(model.components.row(0).dot(model.mean.transpose())) / model.mean.norm();
    if (cos_to_mean > 0.99) return "; the first axis points at the mean: subtract the column means before the SVD";
    return "";
}

TEST(Pca, MatchesHandWorkedFourPoints) {
    const Matrix X = four_points();
    const Pca model = pca(X, 2);
    const Budget b = four_points_budget();
    EXPECT_TRUE(AllClose(model.mean, Vector{{1.0, 3.0}}, {0.0, 0.0}))
        << "mean of the four points (exact: sums of halves, divided by 4)";
    EXPECT_TRUE(AllClose(model.components, four_points_components(), {b.component, 0.0}))
        << "rows: (1, 2)/sqrt5 and (2, -1)/sqrt5 (largest |entry| positive)" << centering_hint(model);
    EXPECT_TRUE(AllClose(model.explained_variance, Vector{{50.0 / 3.0, 5.0 / 3.0}}, {b.variance, 0.0}))
        << "variances along the axes: 50/3 and 5/3 (divide S_i^2 by samples - 1 = 3)";
    EXPECT_TRUE(AllClose(model.explained_variance_ratio, Vector{{10.0 / 11.0, 1.0 / 11.0}}, {b.variance, 0.0}))
        << "ratios: (50/3) / (55/3) and (5/3) / (55/3)" << ratio_hint(model);
    const Pca first = pca(X, 1);
    EXPECT_TRUE(AllClose(first.components, Matrix(four_points_components().topRows(1)), {b.component, 0.0}))
        << "k = 1 keeps the first axis only";
    EXPECT_TRUE(AllClose(first.explained_variance_ratio, Vector{{10.0 / 11.0}}, {b.variance, 0.0}))
        << "k = 1: the total is still over all axes, 55/3, not only the kept 50/3"
        << ratio_hint(first);
}

TEST(Pca, CentersDataWithLargeOffset) {
    // The same four points moved by (1000, 1000): the axes and variances do not change. Without
    // centering, the first "axis" would point at the mean (1001, 1003) instead.
    const double offset = 1000.0;
    const Matrix X = four_points(offset);
    const Pca model = pca(X, 2);
    // Each centered entry (about 1e3 minus a mean of about 1e3) carries an absolute error of a few
    // u 1e3: take 4 u 1010 per entry, 8 entries.
    const Budget b = four_points_budget(std::sqrt(8.0) * 4.0 * u * (offset + 10.0));
    EXPECT_TRUE(AllClose(model.mean, Vector{{1001.0, 1003.0}}, {4.0 * u * (offset + 10.0), 0.0}))
        << "mean of the shifted points";
    EXPECT_TRUE(AllClose(model.components, four_points_components(), {b.component, 0.0}))
        << "offset " << offset << centering_hint(model);
    EXPECT_TRUE(AllClose(model.explained_variance, Vector{{50.0 / 3.0, 5.0 / 3.0}}, {b.variance, 0.0}))
        << "offset " << offset << ": the variance does not depend on where the data sit" << centering_hint(model);
}

// anisotropic_data: (samples, features) with well separated variances along random orthogonal
// axes, shifted by an offset of a few units.
Matrix anisotropic_data(int samples, int features, std::uint64_t seed) {
    Vector scale(features);
    for (int j = 0; j < features; ++j) scale(j) = 5.0 * std::pow(0.55, j);  // 5, 2.75, 1.5, ...
    const Matrix axes = random_orthogonal(features, seed + 1);
    const Vector offset = 3.0 * random_vector(features, seed + 2);
    const Matrix Z = random_matrix(samples, features, seed) * scale.asDiagonal() * axes.transpose();
    return Z.rowwise() + offset.transpose();
}

TEST(Pca, MatchesCovarianceEigendecomposition) {
    for (auto [samples, features, k] : {std::tuple{200, 6, 6}, std::tuple{97, 5, 3}, std::tuple{31, 2, 1}}) {
        const std::uint64_t seed = 1300 + samples;
        const Matrix X = anisotropic_data(samples, features, seed);
        const Pca model = pca(X, k);
        const std::string where = concat(samples, " samples x ", features, " features, k = ", k, ", seed ", seed);

        const Vector mean = X.colwise().mean().transpose();
        // A mean is a sum of `samples` terms of size max|X|, divided: gamma_samples max|X| bounds it.
        EXPECT_TRUE(AllClose(model.mean, mean, {2.0 * samples * u * X.cwiseAbs().maxCoeff(), 0.0})) << where;

        const Matrix centered = X.rowwise() - mean.transpose();
        const Matrix C = centered.transpose() * centered / double(samples - 1);  // (features, features)
        const eigen_solvers::SymmetricEigenpairs oracle = eigen_solvers::symmetric_eigenpairs(C);  // ascending
        // fl(C) is within gamma_samples |X_c|^T |X_c| / (samples - 1) of C, whose 2-norm is at most
        // gamma_samples trace(C) (Higham 3.5); the SVD's own error is of the same order (top of file).
        const double var_tol = 32.0 * samples * u * C.trace();
        ASSERT_EQ(model.explained_variance.size(), k) << where;
        ASSERT_EQ(model.components.rows(), k) << where;
        ASSERT_EQ(model.components.cols(), features) << where;
        for (int i = 0; i < k; ++i) {
            const int e = features - 1 - i;  // the i-th largest
            const double lambda = oracle.values(e);
            EXPECT_NEAR(model.explained_variance(i), lambda, var_tol)
                << where << ": explained_variance[" << i << "] vs the covariance eigenvalue" << centering_hint(model);
            Vector axis = oracle.vectors.col(e);
            Eigen::Index largest = 0;
            axis.cwiseAbs().maxCoeff(&largest);
            if (axis(largest) < 0) axis = -axis;  // the documented sign convention
            double gap = lambda - (e > 0 ? oracle.values(e - 1) : 0.0);
            if (e < features - 1) gap = std::min(gap, oracle.values(e + 1) - lambda);
            EXPECT_TRUE(AllClose(Vector(model.components.row(i).transpose()), axis, {2.0 * var_tol / gap, 0.0}))
                << where << ": component " << i << " vs the covariance eigenvector (gap " << gap << ")"
                << centering_hint(model);
        }
    }
}

TEST(Pca, RatiosSumToOneWithAllComponents) {
    for (auto [samples, features] : {std::pair{50, 5}, std::pair{4, 7}, std::pair{2, 3}, std::pair{13, 1}}) {
        const std::uint64_t seed = 1400 + samples + features;
        const Matrix X = anisotropic_data(samples, features, seed);
        const int k = std::min(samples, features);
        const Pca model = pca(X, k);
        // sum S_i^2 = ||X_c||_F^2 up to the SVD's error, relative 2 * 8 max(samples, features) u.
        EXPECT_NEAR(model.explained_variance_ratio.sum(), 1.0, 32.0 * std::max(samples, features) * u)
            << samples << " samples x " << features << " features, k = " << k << ", seed " << seed
            << ": with every axis kept the ratios cover the whole variance"
            << ratio_hint(model);
    }
}

TEST(Pca, ExplainedVarianceRatioIsVarianceOverTotal) {
    const int samples = 40, features = 5, k = 2;
    const std::uint64_t seed = 1500;
    const Matrix X = anisotropic_data(samples, features, seed);
    const Pca model = pca(X, k);
    // The total variance: the sum of every feature's sample variance, computed here column by
    // column with the two-pass formula sum (x - mean)^2 / (samples - 1).
    double total = 0.0;
    for (int j = 0; j < features; ++j) {
        const double mean = X.col(j).mean();
        total += (X.col(j).array() - mean).square().sum() / double(samples - 1);
    }
    ASSERT_EQ(model.explained_variance.size(), k);
    ASSERT_EQ(model.explained_variance_ratio.size(), k);
    const Vector want = model.explained_variance / total;
    EXPECT_TRUE(AllClose(model.explained_variance_ratio, want, {0.0, 64.0 * samples * u}))
        << "ratio_i = explained_variance_i / total, total = " << total
        << " (the sum of all features' variances, not only the k kept)" << ratio_hint(model);
    EXPECT_LT(model.explained_variance.sum(), total) << "k = 2 of 5 axes cannot explain the whole variance";
}

TEST(Pca, ComponentsAreOrthonormalWithDeterministicSigns) {
    for (std::uint64_t seed : {1600, 1601, 1602}) {
        const Matrix X = anisotropic_data(60, 7, seed);
        const Pca model = pca(X, 4);
        ASSERT_EQ(model.components.rows(), 4) << "seed " << seed;
        ASSERT_EQ(model.components.cols(), 7) << "seed " << seed;
        EXPECT_TRUE(AllClose(Matrix(model.components * model.components.transpose()), Matrix::Identity(4, 4),
                             {8.0 * 60 * u, 0.0}))
            << "seed " << seed << ": the rows of components are orthonormal axes";
        for (int i = 0; i < 4; ++i) {
            Eigen::Index largest = 0;
            model.components.row(i).cwiseAbs().maxCoeff(&largest);
            EXPECT_GT(model.components(i, largest), 0.0)
                << "seed " << seed << ", component " << i << ": its entry of largest |.| (index " << largest
                << ") must be positive, as in scikit-learn; flip the whole row if it is not";
        }
    }
}

TEST(PcaTransform, ProjectsHandWorkedPointsOntoTheAxes) {
    // Coordinates of X_i - m = a_i (1, 2) + b_i (-2, 1) along (1, 2)/sqrt5 and (2, -1)/sqrt5:
    // a_i * 5 / sqrt5 = a_i sqrt5 and b_i * (-5) / sqrt5 = -b_i sqrt5 (see four_points).
    const Pca model = pca(four_points(), 2);
    const Matrix Z = pca_transform(model, four_points());
    const double r5 = std::sqrt(5.0);
    Matrix want(4, 2);
    want << -2 * r5, -0.5 * r5, -r5, 0.5 * r5, r5, 0.5 * r5, 2 * r5, -0.5 * r5;
    // |Z error| <= ||x_i - m|| * (component error) + rounding; ||x_i - m|| <= 5.
    EXPECT_TRUE(AllClose(Z, want, {5.0 * four_points_budget().component + 16.0 * u * 5.0, 0.0}))
        << "Z = (X - mean) components^T, (samples, k)";
}

TEST(PcaTransform, GivesCenteredUncorrelatedCoordinates) {
    const int samples = 80, features = 6, k = 3;
    const std::uint64_t seed = 1700;
    const Matrix X = anisotropic_data(samples, features, seed);
    const Pca model = pca(X, k);
    const Matrix Z = pca_transform(model, X);
    ASSERT_EQ(Z.rows(), samples);
    ASSERT_EQ(Z.cols(), k);
    // On the training data the coordinates have mean 0 and covariance diag(explained_variance):
    // Z^T Z / (samples - 1) = V_k^T C V_k. Same budget as the covariance test.
    const Matrix centered = X.rowwise() - X.colwise().mean();
    const double var_tol = 32.0 * samples * u * centered.squaredNorm() / double(samples - 1);
    EXPECT_TRUE(AllClose(Vector(Z.colwise().mean().transpose()), Vector::Zero(k), {var_tol, 0.0}))
        << "the projections of the training data are centered: subtract the model's mean first";
    EXPECT_TRUE(AllClose(Matrix(Z.transpose() * Z / double(samples - 1)),
                         Matrix(model.explained_variance.asDiagonal()), {var_tol, 0.0}))
        << "the coordinates along different axes are uncorrelated, with variance explained_variance";
    // New data: the same affine map.
    const Matrix fresh = random_matrix(9, features, seed + 5);
    EXPECT_TRUE(AllClose(pca_transform(model, fresh),
                         Matrix((fresh.rowwise() - model.mean.transpose()) * model.components.transpose()),
                         {16.0 * features * u * (fresh.cwiseAbs().maxCoeff() + model.mean.cwiseAbs().maxCoeff()), 0.0}))
        << "new samples: (X - mean) components^T";
}

TEST(Pca, RefusesBadInputs) {
    const Matrix X = anisotropic_data(5, 3, 1800);
    EXPECT_EQ(pca(X, 2).components.rows(), 2) << course::testing::kValidCallFirst;  // valid input first
    EXPECT_TRUE(ThrowsInvalidArgument([] { pca(Matrix::Ones(1, 3), 1); }, {"1", "3", "samples"}))
        << "one sample has no variance";
    EXPECT_TRUE(ThrowsInvalidArgument([&] { pca(X, 0); }, {"k = 0"}));
    EXPECT_TRUE(ThrowsInvalidArgument([&] { pca(X, 4); }, {"k = 4", "3"})) << "k > min(samples, features) = 3";
    EXPECT_TRUE(ThrowsInvalidArgument([&] { pca(Matrix(X.transpose()), 4); }, {"k = 4", "3"}))
        << "3 samples x 5 features: k > min(samples, features) = 3";
    Matrix bad = X;
    bad(2, 1) = std::numeric_limits<double>::quiet_NaN();
    EXPECT_TRUE(ThrowsInvalidArgument([&] { pca(bad, 1); }, {"NaN"}));
    EXPECT_TRUE(ThrowsInvalidArgument([] { pca(Matrix::Constant(4, 3, 2.5), 1); }, {"variance"}))
        << "all samples equal: there are no principal axes";
}

TEST(PcaTransform, RefusesFeatureCountMismatch) {
    const Pca model = pca(anisotropic_data(6, 3, 1900), 2);
    EXPECT_EQ(pca_transform(model, Matrix::Zero(2, 3)).cols(), 2) << course::testing::kValidCallFirst;  // valid input first
    EXPECT_TRUE(ThrowsInvalidArgument([&] { pca_transform(model, Matrix::Zero(2, 4)); }, {"3", "4"}));
}

// The scales of the checklist (docs/adding-a-module.md, 4a): the model of c X has mean c m, the same
// components and ratios, and variances c^2 times (pca.hpp). The variances themselves leave the
// double range past |log10 c| = 154, so they are checked up to 1e150 only; the ratios, formed in
// units of max|X_c|, at 1e-160 and 1e160 too (in units of 1, ||X_c||_F^2 is 0 or inf there).
TEST(Pca, IsScaleInvariant) {
    const Budget b = four_points_budget();
    ForEachScale({1e-160, 1e-150, 1e-15, 1.0, 1e15, 1e150, 1e160}, [&](const double c) {
        const Matrix X = c * four_points();
        const Pca model = pca(X, 2);
        EXPECT_TRUE(AllClose(model.mean, Vector{{c, 3 * c}}, {0.0, 4 * u})) << "mean of the four points times " << c;
        EXPECT_TRUE(AllClose(model.components, four_points_components(), {b.component, 0.0}))
            << "the four points times " << c << ": the same axes";
        EXPECT_TRUE(AllClose(model.explained_variance_ratio, Vector{{10.0 / 11.0, 1.0 / 11.0}}, {b.variance, 0.0}))
            << "the four points times " << c << ": the same ratios; 0 or NaN comes from ||X_c||_F^2 in units of 1"
            << ratio_hint(model);
        if (std::abs(std::log10(c)) <= 150) {
            EXPECT_TRUE(AllClose(model.explained_variance, Vector{{50.0 / 3.0 * c * c, 5.0 / 3.0 * c * c}},
                                 {0.0, 3.0 * b.variance}))
                << "variances of the four points times " << c << ": c^2 (50/3, 5/3)";
        }
        const Matrix Z = pca_transform(model, X);
        const double r5 = std::sqrt(5.0);
        Matrix want(4, 2);
        want << -2 * r5, -0.5 * r5, -r5, 0.5 * r5, r5, 0.5 * r5, 2 * r5, -0.5 * r5;
        EXPECT_TRUE(AllClose(Z, Matrix(c * want), {c * (5.0 * b.component + 16.0 * u * 5.0), 0.0}))
            << "coordinates of the four points times " << c;
    });
}

TEST(Pca, RefusesDataThatAreConstantUpToRounding) {
    // Three samples (0.1, 0.7): the mean of 0.1, 0.1, 0.1 in binary is 0.1 + 1.4e-17, so X_c holds
    // -1.4e-17 instead of 0: rounding, not variance. The contract refuses a spread of at most
    // samples * eps * max|X|; taking the "axes" of rounding noise returns arbitrary directions.
    EXPECT_EQ(pca(four_points(), 1).components.rows(), 1) << course::testing::kValidCallFirst;
    Matrix X(3, 2);
    X << 0.1, 0.7, 0.1, 0.7, 0.1, 0.7;
    EXPECT_TRUE(ThrowsInvalidArgument([&] { pca(X, 1); }, {"variance"}))
        << "three copies of (0.1, 0.7): constant data, whatever the rounding of the mean";
    EXPECT_TRUE(ThrowsInvalidArgument([&] { pca(Matrix(1e200 * X), 1); }, {"variance"}))
        << "three copies of (0.1, 0.7) times 1e200: constant data at any scale";
    EXPECT_TRUE(ThrowsInvalidArgument([] { pca(Matrix::Zero(4, 3), 1); }, {"variance"}))
        << "all-zero data: the spread 0 is not above the rounding bound 0 either";
}

TEST(Pca, RefusesNonFiniteDataAndOutOfRangeK) {
    const Matrix X = anisotropic_data(5, 3, 1800);
    EXPECT_EQ(pca(X, 3).components.rows(), 3) << course::testing::kValidCallFirst;
    for (const double bad : {std::numeric_limits<double>::infinity(), -std::numeric_limits<double>::infinity()}) {
        Matrix Y = X;
        Y(4, 2) = bad;
        EXPECT_TRUE(ThrowsInvalidArgument([&] { pca(Y, 1); }, {"inf"})) << "X[4, 2] = " << bad;
    }
    for (const int k : {-1, std::numeric_limits<int>::min(), std::numeric_limits<int>::max()})
        EXPECT_TRUE(ThrowsInvalidArgument([&] { pca(X, k); }, {"k ="})) << "k = " << k;
    EXPECT_TRUE(ThrowsInvalidArgument([] { pca(Matrix(0, 3), 1); }, {"samples"})) << "no samples at all";
}

// FollowsTheSignRule: the contract's rule on a returned row, as it stands: the first entry of
// largest |.| (compared exactly, as computed) is positive. Flipping a row keeps every |.|, so the
// rule can be checked on the result, whatever rounding the SVD left in the entries' sizes.
::testing::AssertionResult FollowsTheSignRule(const Vector& row) {
    Eigen::Index first_largest = 0;
    for (Eigen::Index j = 1; j < row.size(); ++j)
        if (std::abs(row(j)) > std::abs(row(first_largest))) first_largest = j;
    if (row(first_largest) > 0.0) return ::testing::AssertionSuccess();
    return ::testing::AssertionFailure() << "entry " << first_largest << " = " << row(first_largest)
                                         << " is the first of largest |.| in the component, and it must be positive"
                                         << " (on a tie of |entries|, the first one decides the sign)";
}

TEST(Pca, BreaksASignTieAtTheFirstEntry) {
    // Two samples x and -x: mean 0, one axis +-x / ||x||. For x = (1, -1) and x = (1, -1, 1, -1)
    // every entry of the axis has the same |.|: whatever the SVD rounds, it treats the entries
    // alike up to their signs (the two columns of the centered data are w and -w, and each entry
    // of a rotation of them is +-the same sum), so the |entries| tie exactly, and the contract makes
    // the first one positive: x / ||x||. FollowsTheSignRule checks the rule on the returned row
    // itself, so the test does not depend on the tie being exact.
    const double r = std::sqrt(0.5);
    const Matrix X2{{1, -1}, {-1, 1}};
    const Pca model = pca(X2, 1);
    EXPECT_TRUE(FollowsTheSignRule(model.components.row(0).transpose())) << "samples (1, -1), (-1, 1)";
    EXPECT_TRUE(AllClose(model.components.cwiseAbs(), Matrix{{r, r}}, {4 * u, 0.0}))
        << "samples (1, -1), (-1, 1): the axis is +-(1, -1) / sqrt(2)";
    EXPECT_NEAR(model.explained_variance(0), 4.0, 16 * u) << "S_1^2 / (samples - 1) = 4 / 1";
    const Matrix X4{{1, -1, 1, -1}, {-1, 1, -1, 1}};
    const Pca model4 = pca(X4, 1);
    EXPECT_TRUE(FollowsTheSignRule(model4.components.row(0).transpose())) << "samples (1, -1, 1, -1) and its negative";
    EXPECT_TRUE(AllClose(model4.components, Matrix{{0.5, -0.5, 0.5, -0.5}}, {4 * u, 0.0}))
        << "samples (1, -1, 1, -1) and its negative: four entries of equal |.|, the first made positive";
}

}  // namespace
}  // namespace course::linear_algebra
