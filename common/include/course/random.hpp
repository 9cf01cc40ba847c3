// course/random.hpp: seeded, reproducible test inputs.
//
// Every random input in the course comes from here with an explicit seed, so a failing test
// fails the same way on every machine. The generator is std::mt19937_64 (its output is fixed by
// the C++ standard); the conversion to floating point is written out here rather than left to
// std::uniform_real_distribution, whose algorithm differs between standard libraries.
#pragma once

#include <cstdint>
#include <random>
#include <vector>

#include "course/eigen.hpp"

namespace course {

// Rng: a seeded generator with the few draws the tests need.
class Rng {
public:
    explicit Rng(std::uint64_t seed) : engine_(seed) {}
    // uniform returns a double in [lo, hi), built from the top 53 bits of one draw.
    double uniform(double lo = -1.0, double hi = 1.0);
    // normal returns a standard normal draw (Box-Muller on two uniforms).
    double normal();
    // index returns an integer in [0, n).
    int index(int n);

private:
    std::mt19937_64 engine_;
};

// random_matrix: rows x cols, entries uniform in [-1, 1).
Matrix random_matrix(int rows, int cols, std::uint64_t seed);
// random_vector: n entries uniform in [-1, 1).
Vector random_vector(int n, std::uint64_t seed);
// random_floats: n floats uniform in [-1, 1), for the fp32 kernels.
std::vector<float> random_floats(size_t n, std::uint64_t seed);
// random_doubles: n doubles uniform in [-1, 1).
std::vector<double> random_doubles(size_t n, std::uint64_t seed);

// random_orthogonal: an n x n orthogonal matrix (Q of the QR factorization of a Gaussian
// matrix, with the signs fixed so that it is Haar distributed).
Matrix random_orthogonal(int n, std::uint64_t seed);

// matrix_with_condition_number: rows x cols (any shape), A = U * diag(s) * V^T with random
// orthogonal U and V and singular values s spaced geometrically from 1 down to 1 / kappa, so that
// cond_2(A) = kappa exactly (up to rounding). kappa >= 1.
Matrix matrix_with_condition_number(int rows, int cols, double kappa, std::uint64_t seed);

// random_spd: an n x n symmetric positive definite matrix Q * diag(lambda) * Q^T with eigenvalues
// spaced geometrically from 1 down to 1 / kappa (so cond_2 = kappa).
Matrix random_spd(int n, double kappa, std::uint64_t seed);

// random_symmetric: an n x n symmetric matrix with the given eigenvalues (any sign), Q diag Q^T.
Matrix random_symmetric(const Vector& eigenvalues, std::uint64_t seed);

}  // namespace course
