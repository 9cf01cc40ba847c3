#include "course/testing.hpp"

#include <sys/mman.h>
#include <unistd.h>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstring>
#include <sstream>

namespace course::testing {
namespace {

std::string format_index(size_t flat, const std::vector<int>& shape) {
    if (shape.size() < 2) return concat("[", flat, "]");
    std::vector<size_t> index(shape.size());
    for (size_t d = shape.size(); d-- > 0;) {
        index[d] = flat % size_t(shape[d]);
        flat /= size_t(shape[d]);
    }
    std::string out = "[";
    for (size_t d = 0; d < index.size(); ++d) out += concat(d ? ", " : "", index[d]);
    return out + "]";
}

// all_bitwise_equal: does every element of [first, last) hold exactly the bits of `value`?
bool all_bitwise_equal(const float* first, const float* last, float value) {
    for (; first != last; ++first)
        if (std::memcmp(first, &value, sizeof(float)) != 0) return false;
    return true;
}

bool close(double got, double want, Tolerance tol) {
    return std::abs(got - want) <= tol.atol + tol.rtol * std::abs(want);  // false for NaN
}

// matches_when: does got[k] match want at the index `map(k)` for every k where map is defined?
template <typename Map>
bool matches_when(std::span<const double> got, std::span<const double> want, Tolerance tol, Map map) {
    size_t compared = 0;
    for (size_t k = 0; k < got.size(); ++k) {
        const long j = map(k);
        if (j < 0 || size_t(j) >= want.size()) continue;
        if (!close(got[k], want[size_t(j)], tol)) return false;
        ++compared;
    }
    return compared > 0;
}

// likely_cause: cheap checks that name a common bug, or "" when none fits.
std::string likely_cause(std::span<const double> got, std::span<const double> want, Tolerance tol,
                         const std::vector<int>& shape) {
    const auto bad = std::find_if(got.begin(), got.end(), [](double x) { return !std::isfinite(x); });
    if (bad != got.end())
        return concat("the result holds ", *bad, " at ", format_index(size_t(bad - got.begin()), shape),
                      ": look for an overflow (exp or a square of a large number), a division by zero, or an "
                      "element that was never written or was read before it was set (tests pre-fill "
                      "outputs with NaN)");
    const size_t n = got.size();
    if (std::all_of(got.begin(), got.end(), [](double x) { return x == 0.0; }))
        return "the result is all zeros: is the output written at all?";
    if (shape.size() == 2 && n > 1) {
        const size_t rows = size_t(shape[0]), cols = size_t(shape[1]);
        // got read as (rows, cols) equals want transposed, read in the same buffer order.
        if (rows > 1 && cols > 1 &&
            matches_when(got, want, tol, [&](size_t k) { return long((k % rows) * cols + k / rows); }))
            return "the result looks transposed: check which index is the row (row-major: [i, j] is at i * cols + j)";
    }
    if (n > 1) {
        if (matches_when(got, want, tol, [](size_t k) { return long(k) + 1; }) ||
            matches_when(got, want, tol, [](size_t k) { return long(k) - 1; }))
            return "the result is shifted by one element: check the loop bounds (off by one)";
    }
    double gw = 0.0, ww = 0.0;
    for (size_t k = 0; k < n; ++k) gw += got[k] * want[k], ww += want[k] * want[k];
    if (ww > 0.0) {
        const double scale = gw / ww;
        const Tolerance scaled_tol{tol.atol * std::max(1.0, std::abs(scale)), tol.rtol};
        auto scaled = [&](double s) {
            for (size_t k = 0; k < n; ++k)
                if (!close(got[k], s * want[k], scaled_tol)) return false;
            return true;
        };
        if (std::abs(scale + 1.0) < 1e-6 && scaled(-1.0)) return "the result is negated: check a sign";
        if (std::abs(scale - 1.0) > 1e-6 && std::abs(scale) > 1e-12 && scaled(scale))
            return concat("the result is the expected one times ", scale,
                          ": check a scale factor or a normalization");
    }
    return "";
}

// got_and_want: "got 1.0000001, want 1" with 8 significant digits, or as many more as show the
// two values apart ("got 0.30000000000000004, want 0.3"): a failure never reads "got 0.25, want 0.25".
std::string got_and_want(double got, double want) {
    for (int digits = 8; digits <= 16; ++digits) {
        std::ostringstream g, w;
        g.precision(digits);
        w.precision(digits);
        g << got;
        w << want;
        if (g.str() != w.str() || got == want || (std::isnan(got) && std::isnan(want)))
            return "got " + g.str() + ", want " + w.str();
    }
    return "got " + shortest_text(got) + ", want " + shortest_text(want);  // apart in the 17th digit
}

}  // namespace

std::string describe_shape(const std::vector<int>& shape) {
    std::string out;
    for (size_t d = 0; d < shape.size(); ++d) out += concat(d ? " x " : "", shape[d]);
    return out;
}

::testing::AssertionResult AllClose(std::span<const double> got, std::span<const double> want, Tolerance tol,
                                    std::vector<int> shape) {
    if (got.size() != want.size())
        return ::testing::AssertionFailure()
               << "got " << got.size() << " elements, want " << want.size() << " (size " << describe_shape(shape) << ")";
    size_t bad = 0, first = 0, worst = 0;
    double worst_excess = -1.0;
    for (size_t k = 0; k < got.size(); ++k) {
        if (close(got[k], want[k], tol)) continue;
        if (bad++ == 0) first = k;
        const double err = std::abs(got[k] - want[k]);
        const double excess = std::isnan(err) ? INFINITY : err / (tol.atol + tol.rtol * std::abs(want[k]) + 1e-300);
        if (excess > worst_excess) worst_excess = excess, worst = k;
    }
    if (bad == 0) return ::testing::AssertionSuccess();
    std::ostringstream out;
    out.precision(8);
    out << bad << " of " << got.size() << " elements differ; first at " << format_index(first, shape) << ": "
        << got_and_want(got[first], want[first]) << " (size "
        << (shape.empty() ? std::to_string(got.size()) : describe_shape(shape)) << ", atol " << tol.atol << ", rtol "
        << tol.rtol << ")\n"
        << "    worst at " << format_index(worst, shape) << ": " << got_and_want(got[worst], want[worst])
        << " (off by " << std::abs(got[worst] - want[worst]) << ")";
    const std::string cause = likely_cause(got, want, tol, shape);
    if (!cause.empty()) out << "\n    likely cause: " << cause;
    return ::testing::AssertionFailure() << out.str();
}

::testing::AssertionResult AllClose(std::span<const float> got, std::span<const float> want, Tolerance tol,
                                    std::vector<int> shape) {
    const std::vector<double> g(got.begin(), got.end()), w(want.begin(), want.end());
    return AllClose(std::span<const double>(g), std::span<const double>(w), tol, std::move(shape));
}

::testing::AssertionResult AllClose(const Matrix& got, const Matrix& want, Tolerance tol) {
    if (got.rows() != want.rows() || got.cols() != want.cols())
        return ::testing::AssertionFailure() << "shape mismatch: got a " << got.rows() << " x " << got.cols()
                                             << " matrix, want " << want.rows() << " x " << want.cols();
    return AllClose(as_span(got), as_span(want), tol, {int(want.rows()), int(want.cols())});
}

::testing::AssertionResult AllClose(const Vector& got, const Vector& want, Tolerance tol) {
    if (got.size() != want.size())
        return ::testing::AssertionFailure() << "size mismatch: got a vector of " << got.size() << ", want "
                                             << want.size();
    return AllClose(as_span(got), as_span(want), tol, {});
}

GuardedBuffer::GuardedBuffer(const std::vector<float>& values, std::size_t margin, float margin_value)
    : margin_(margin), n_(values.size()), storage_(values.size() + 2 * margin, margin_value) {
    std::copy(values.begin(), values.end(), storage_.begin() + std::ptrdiff_t(margin));
}

std::size_t GuardPages::page_size() { return static_cast<std::size_t>(sysconf(_SC_PAGESIZE)); }

GuardPages::GuardPages(std::size_t bytes) {
    const std::size_t page = page_size();
    const std::size_t used_pages = (bytes + page - 1) / page;
    mapped_bytes_ = (used_pages + 2) * page;  // a guard page, the memory, a guard page
    void* mapped = mmap(nullptr, mapped_bytes_, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (mapped == MAP_FAILED) throw std::bad_alloc();
    mapped_ = static_cast<std::byte*>(mapped);
    end_ = mapped_ + (used_pages + 1) * page;
    if (mprotect(mapped_, page, PROT_NONE) != 0 || mprotect(end_, page, PROT_NONE) != 0) {
        munmap(mapped_, mapped_bytes_);
        throw std::bad_alloc();
    }
}

GuardPages::~GuardPages() { munmap(mapped_, mapped_bytes_); }

bool GuardedBuffer::front_margin_holds(float value) const {
    return all_bitwise_equal(storage_.data(), storage_.data() + margin_, value);
}

bool GuardedBuffer::back_margin_holds(float value) const {
    return all_bitwise_equal(storage_.data() + margin_ + n_, storage_.data() + storage_.size(), value);
}

::testing::AssertionResult ThrowsInvalidArgument(const std::function<void()>& call,
                                                 std::initializer_list<std::string_view> must_mention) {
    try {
        call();
    } catch (const NotImplemented&) {
        throw;  // graded as "not started"
    } catch (const std::invalid_argument& e) {
        const std::string message = e.what();
        for (std::string_view word : must_mention)
            if (message.find(word) == std::string::npos)
                return ::testing::AssertionFailure()
                       << "threw std::invalid_argument as it should, but the message \"" << message
                       << "\" does not mention \"" << word << "\"";
        return ::testing::AssertionSuccess();
    } catch (const std::exception& e) {
        return ::testing::AssertionFailure() << "threw a different exception (" << e.what()
                                             << "); expected std::invalid_argument";
    }
    std::string words;
    for (std::string_view word : must_mention) words += concat(words.empty() ? "" : ", ", "\"", word, "\"");
    return ::testing::AssertionFailure() << "returned normally; expected std::invalid_argument"
                                         << (words.empty() ? "" : " mentioning ") << words;
}

Vector numerical_gradient(const std::function<double(const Vector&)>& f, const Vector& x) {
    const double h0 = std::cbrt(std::numeric_limits<double>::epsilon());
    Vector g(x.size());
    Vector probe = x;
    for (Eigen::Index i = 0; i < x.size(); ++i) {
        const double h = h0 * std::max(1.0, std::abs(x(i)));
        probe(i) = x(i) + h;
        const double up = f(probe);
        probe(i) = x(i) - h;
        const double down = f(probe);
        probe(i) = x(i);
        g(i) = (up - down) / (2.0 * h);
    }
    return g;
}

}  // namespace course::testing

namespace course::testing {

std::string shortest_text(double value) {
    char text[64];
    const auto end = std::to_chars(text, text + sizeof text, value).ptr;
    return std::string(text, end);
}

std::string shortest_text(float value) {
    char text[64];
    const auto end = std::to_chars(text, text + sizeof text, value).ptr;
    return std::string(text, end);
}

}  // namespace course::testing
