// course/eigen.hpp: the course's array types, built on Eigen.
//
// Eigen stores matrices column-major by default; every buffer in this course is row-major
// (element [i, j] of an (M, N) matrix lives at i * N + j, as in llm.c and NumPy). These aliases
// fix the storage order once, so a course::Matrix and a flat row-major std::span agree.
#pragma once

#include <Eigen/Core>
#include <span>

namespace course {

// Matrix: dense, row-major, double. What the linear algebra solvers take and return.
using Matrix = Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;
// MatrixF: dense, row-major, float. What the network layers and the matmul ladder use.
using MatrixF = Eigen::Matrix<float, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;
// Vector and VectorF: column vectors.
using Vector = Eigen::VectorXd;
using VectorF = Eigen::VectorXf;

// as_matrix views a flat row-major buffer of rows * cols elements as an Eigen matrix (no copy).
inline Eigen::Map<const MatrixF> as_matrix(std::span<const float> data, int rows, int cols) {
    return Eigen::Map<const MatrixF>(data.data(), rows, cols);
}
inline Eigen::Map<MatrixF> as_matrix(std::span<float> data, int rows, int cols) {
    return Eigen::Map<MatrixF>(data.data(), rows, cols);
}
inline Eigen::Map<const Matrix> as_matrix(std::span<const double> data, int rows, int cols) {
    return Eigen::Map<const Matrix>(data.data(), rows, cols);
}

// as_span views a row-major matrix's storage as a flat span.
inline std::span<const double> as_span(const Matrix& A) { return {A.data(), size_t(A.size())}; }
inline std::span<const float> as_span(const MatrixF& A) { return {A.data(), size_t(A.size())}; }
inline std::span<float> as_span(MatrixF& A) { return {A.data(), size_t(A.size())}; }
inline std::span<const double> as_span(const Vector& v) { return {v.data(), size_t(v.size())}; }
inline std::span<double> as_span(Vector& v) { return {v.data(), size_t(v.size())}; }

}  // namespace course
