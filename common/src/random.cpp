#include "course/random.hpp"

#include <cmath>
#include <numbers>

#include "course/eigen_solvers.hpp"
#include "course/error.hpp"

namespace course {

double Rng::uniform(double lo, double hi) {
    const double unit = double(engine_() >> 11) * 0x1.0p-53;  // [0, 1) with 53 random bits
    return lo + (hi - lo) * unit;
}

double Rng::normal() {
    // Box-Muller: u1 in (0, 1] keeps the logarithm finite.
    const double u1 = 1.0 - uniform(0.0, 1.0);
    const double u2 = uniform(0.0, 1.0);
    return std::sqrt(-2.0 * std::log(u1)) * std::cos(2.0 * std::numbers::pi * u2);
}

int Rng::index(int n) { return int(uniform(0.0, double(n))); }

Matrix random_matrix(int rows, int cols, std::uint64_t seed) {
    Rng rng(seed);
    Matrix A(rows, cols);
    for (int i = 0; i < rows; ++i)
        for (int j = 0; j < cols; ++j) A(i, j) = rng.uniform();
    return A;
}

Vector random_vector(int n, std::uint64_t seed) {
    Rng rng(seed);
    Vector v(n);
    for (int i = 0; i < n; ++i) v(i) = rng.uniform();
    return v;
}

std::vector<float> random_floats(size_t n, std::uint64_t seed) {
    Rng rng(seed);
    std::vector<float> out(n);
    for (auto& x : out) x = float(rng.uniform());
    return out;
}

std::vector<double> random_doubles(size_t n, std::uint64_t seed) {
    Rng rng(seed);
    std::vector<double> out(n);
    for (auto& x : out) x = rng.uniform();
    return out;
}

Matrix random_orthogonal(int n, std::uint64_t seed) {
    Rng rng(seed);
    Matrix G(n, n);
    for (int i = 0; i < n; ++i)
        for (int j = 0; j < n; ++j) G(i, j) = rng.normal();
    Matrix Q = eigen_solvers::householder_q(G);
    // Multiply column j by sign(R[j, j]) so the distribution is uniform over orthogonal matrices.
    const Matrix R = eigen_solvers::householder_r(G);
    for (int j = 0; j < n; ++j)
        if (R(j, j) < 0) Q.col(j) *= -1.0;
    return Q;
}

namespace {

// geometric_spectrum: n values from 1 down to 1 / kappa, equally spaced in log scale.
Vector geometric_spectrum(int n, double kappa) {
    Vector s(n);
    for (int i = 0; i < n; ++i) s(i) = n == 1 ? 1.0 : std::pow(kappa, -double(i) / double(n - 1));
    return s;
}

}  // namespace

Matrix matrix_with_condition_number(int rows, int cols, double kappa, std::uint64_t seed) {
    COURSE_CHECK(kappa >= 1.0, "matrix_with_condition_number: kappa = ", kappa, " must be >= 1");
    const int k = std::min(rows, cols);
    const Matrix U = random_orthogonal(rows, seed).leftCols(k);
    const Matrix V = random_orthogonal(cols, seed + 1).leftCols(k);
    return U * geometric_spectrum(k, kappa).asDiagonal() * V.transpose();
}

Matrix random_spd(int n, double kappa, std::uint64_t seed) {
    COURSE_CHECK(kappa >= 1.0, "random_spd: kappa = ", kappa, " must be >= 1");
    return random_symmetric(geometric_spectrum(n, kappa), seed);
}

Matrix random_symmetric(const Vector& eigenvalues, std::uint64_t seed) {
    const Matrix Q = random_orthogonal(int(eigenvalues.size()), seed);
    Matrix A = Q * eigenvalues.asDiagonal() * Q.transpose();
    return (A + A.transpose()) / 2.0;  // exactly symmetric despite rounding
}

}  // namespace course
