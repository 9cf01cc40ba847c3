// course/testing.hpp: the helpers every graded test uses.
//
//   AllClose            compares two arrays element by element and, on failure, reports how many
//                       differ, the first and the worst with their indices, the tolerance, the
//                       size, and a likely cause when a cheap check finds one (transposed,
//                       negated, scaled, shifted by one, NaN).
//   ThrowsInvalidArgument  checks that bad input is refused with a message naming the problem.
//   numerical_gradient  central differences, the harness's own oracle for gradients (learner code
//                       is never used as an oracle).
//   GuardedBuffer       an array between margins of known values, to catch a kernel that reads or
//                       writes outside its buffer (a wrong stride, an off-by-one bound).
//   PageGuardedArray    an array that ends where an inaccessible page begins: a read even one
//                       element past its end (a SIMD tail that loads a whole vector) crashes.
//
// Tolerances: an element passes when |got - want| <= atol + rtol * |want|. Tests derive atol and
// rtol from the numerics (the reduction length, the condition number, the type's epsilon) and say
// why in a comment.
#pragma once

#include <gtest/gtest.h>

#include <cstddef>
#include <functional>
#include <initializer_list>
#include <new>
#include <limits>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "course/eigen.hpp"
#include "course/error.hpp"

namespace course::testing {

// kValidCallFirst: streamed after the valid call a bad-input test makes before its bad inputs (so
// that a stub shows "not started"), so that its failure is not read as a refusal that failed.
inline constexpr const char* kValidCallFirst = "(the valid call this test makes before its bad inputs)";

// Tolerance: |got - want| <= atol + rtol * |want|.
struct Tolerance {
    double atol = 0.0;
    double rtol = 0.0;
};

// unit_roundoff<T>: u = eps / 2, the relative error of one rounded operation.
template <typename T>
constexpr double unit_roundoff() {
    return std::numeric_limits<T>::epsilon() / 2.0;
}

// gamma_bound<T>(n): gamma_n = n u / (1 - n u), the bound on the relative error of n rounded
// operations in a row (Higham, Accuracy and Stability, Lemma 3.1). Every backward-error bound in
// the tests is written with it.
template <typename T = double>
constexpr double gamma_bound(int n) {
    const double nu = double(n) * unit_roundoff<T>();
    return nu / (1.0 - nu);
}

// sum_tolerance<T>: the classical bound for a sum of n rounded terms, |error| <= gamma_n * sum|t_i|
// (Higham, 3.1). `abs_sum` bounds sum|t_i|. A factor 2 on top covers the final rounding of the
// comparison itself.
template <typename T>
Tolerance sum_tolerance(int n, double abs_sum) {
    return {2.0 * gamma_bound<T>(n) * abs_sum, 0.0};
}

// AllClose compares got with want (same number of elements). `shape` gives the dimensions used to
// print multi-indices ({rows, cols}, or {} for a flat index).
::testing::AssertionResult AllClose(std::span<const double> got, std::span<const double> want, Tolerance tol,
                                    std::vector<int> shape = {});
::testing::AssertionResult AllClose(std::span<const float> got, std::span<const float> want, Tolerance tol,
                                    std::vector<int> shape = {});
// AllClose for Eigen matrices and vectors: checks the shapes first, then the elements.
::testing::AssertionResult AllClose(const Matrix& got, const Matrix& want, Tolerance tol);
::testing::AssertionResult AllClose(const Vector& got, const Vector& want, Tolerance tol);

// ThrowsInvalidArgument runs `call` and succeeds when it throws std::invalid_argument whose message
// contains every string in `must_mention`. A course::NotImplemented passes through unchanged, so a
// stub is graded as "not started" rather than "failing".
::testing::AssertionResult ThrowsInvalidArgument(const std::function<void()>& call,
                                                 std::initializer_list<std::string_view> must_mention = {});

// numerical_gradient: central differences, g_i = (f(x + h_i e_i) - f(x - h_i e_i)) / (2 h_i), with
// h_i = cbrt(eps) * max(1, |x_i|): the step that balances truncation error O(h^2) against rounding
// error O(eps / h) (Nocedal & Wright, 8.1). The error is then about eps^(2/3) relative.
Vector numerical_gradient(const std::function<double(const Vector&)>& f, const Vector& x);

// describe_shape: "3 x 4" for {3, 4}.
std::string describe_shape(const std::vector<int>& shape);

// kSentinel: the value in the margins of a guarded output. Not a value a kernel would compute by
// chance, and finite, so it cannot be mistaken for the NaN that tests pre-fill outputs with.
inline constexpr float kSentinel = 4242.4242f;

// GuardedBuffer: `values` (n floats) in the middle of an allocation with `margin` extra floats on
// each side, all holding `margin_value`. Give an output kSentinel margins: a kernel writing past
// either end is then reported (margins_hold fails) instead of silently corrupting the heap. Give an
// input NaN margins: a kernel reading past its end gets NaN in its result instead of crashing. A
// margin of max(dims)^2 + a little covers any mixed-up stride of a row-major matrix.
class GuardedBuffer {
public:
    GuardedBuffer(const std::vector<float>& values, std::size_t margin, float margin_value);
    std::span<float> span() { return {storage_.data() + margin_, n_}; }
    std::span<const float> cspan() const { return {storage_.data() + margin_, n_}; }
    // front_margin_holds / back_margin_holds / margins_hold: are all elements of the margin before
    // the array, after it, or both, still `value`? Compared bitwise, so a NaN margin works too.
    bool front_margin_holds(float value) const;
    bool back_margin_holds(float value) const;
    bool margins_hold(float value) const { return front_margin_holds(value) && back_margin_holds(value); }

private:
    std::size_t margin_, n_;
    std::vector<float> storage_;
};

// GuardPages: `bytes` of zeroed, writable memory that end exactly where a page that may not be
// touched (PROT_NONE) begins, with another such page right before the first page they use. Reading
// or writing even one byte past the end faults at once; so does one byte before the start when
// `bytes` is a multiple of the page size. (A NaN margin, GuardedBuffer, shows a read past the end
// only when the value read reaches the result: a SIMD tail that loads a whole vector past the end
// and drops the extra lanes goes unseen.) The memory is mapped apart, so nothing else is next to it.
class GuardPages {
public:
    explicit GuardPages(std::size_t bytes);
    ~GuardPages();
    GuardPages(const GuardPages&) = delete;
    GuardPages& operator=(const GuardPages&) = delete;
    std::byte* end() const { return end_; }  // the first byte of the guard page after the memory
    static std::size_t page_size();

private:
    std::byte* mapped_ = nullptr;
    std::size_t mapped_bytes_ = 0;
    std::byte* end_ = nullptr;
};

// PageGuardedArray<T>: n values of T laid out to end exactly at a guard page (GuardPages), made
// in place by make(i) (no copy or move of T: counted types keep their counts), or copied from
// `values`. For the start to sit on a guard page too, n * sizeof(T) must fill whole pages.
template <class T>
class PageGuardedArray {
public:
    template <class Make>
    PageGuardedArray(std::size_t n, Make make) : pages_(n * sizeof(T)), n_(0) {
        data_ = reinterpret_cast<T*>(pages_.end()) - n;
        try {
            for (; n_ < n; ++n_) new (data_ + n_) T(make(n_));
        } catch (...) {
            destroy();
            throw;
        }
    }
    explicit PageGuardedArray(const std::vector<T>& values)
        : PageGuardedArray(values.size(), [&values](std::size_t i) { return values[i]; }) {}
    ~PageGuardedArray() { destroy(); }
    PageGuardedArray(const PageGuardedArray&) = delete;
    PageGuardedArray& operator=(const PageGuardedArray&) = delete;

    std::span<T> span() { return {data_, n_}; }
    std::span<const T> span() const { return {data_, n_}; }

private:
    void destroy() {
        for (std::size_t i = 0; i < n_; ++i) data_[i].~T();
        n_ = 0;
    }
    GuardPages pages_;
    std::size_t n_;
    T* data_ = nullptr;
};

}  // namespace course::testing

namespace course::testing {

// shortest_text: the shortest decimal text that reads back as exactly `value` (std::to_chars), so
// two different values never print the same: "0.1", "0.30000000000000004", "1e-300".
std::string shortest_text(double value);
std::string shortest_text(float value);

}  // namespace course::testing

// GoogleTest 1.12 (Debian 12's) prints the operands of a failed EXPECT_LE, EXPECT_EQ & co. with
// the stream's default 6 digits, so a failure could read "actual: 0.25 vs 0.25". These
// specializations of its formatter print floating-point operands with shortest_text instead.
// (GoogleTest 1.13 and later print enough digits themselves; these then change nothing visible.)
namespace testing::internal {
template <typename OtherOperand>
class FormatForComparison<double, OtherOperand> {
public:
    static std::string Format(double value) { return course::testing::shortest_text(value); }
};
template <typename OtherOperand>
class FormatForComparison<float, OtherOperand> {
public:
    static std::string Format(float value) { return course::testing::shortest_text(value); }
};
}  // namespace testing::internal
