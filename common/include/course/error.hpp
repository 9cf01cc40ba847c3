// course/error.hpp: the errors every module throws, and the two macros a stub uses.
//
// Two kinds of failure reach a learner:
//   - course::NotImplemented: an exercise stub has not been written yet. Its message starts with
//     kNotImplementedMarker, which the grader uses to tell "not started" from "failing".
//   - std::invalid_argument: a caller's mistake at a public function (wrong size, a matrix that is
//     not square, a singular matrix). The message names the function and the offending values.
//
// Library code never calls exit() or abort(): one failing check must not take the other tests down.
#pragma once

#include <sstream>
#include <stdexcept>
#include <string>
#include <string_view>

namespace course {

// kNotImplementedMarker starts every NotImplemented message; the grader looks for it.
inline constexpr std::string_view kNotImplementedMarker = "[not implemented]";

// NotImplemented is thrown by COURSE_TODO in a learner stub.
class NotImplemented : public std::logic_error {
public:
    NotImplemented(std::string_view function, std::string_view file);
};

// not_implemented throws NotImplemented for `function`, naming the learner file to edit.
[[noreturn]] void not_implemented(std::string_view function, std::string_view file);

// concat writes every argument through operator<< into one string.
template <typename... Parts>
std::string concat(const Parts&... parts) {
    std::ostringstream out;
    out.precision(10);
    (out << ... << parts);
    return out.str();
}

// throw_invalid_argument throws std::invalid_argument with the concatenated parts as message.
template <typename... Parts>
[[noreturn]] void throw_invalid_argument(const Parts&... parts) {
    throw std::invalid_argument(concat(parts...));
}

}  // namespace course

// COURSE_CHECK(condition, message parts...): a caller's mistake becomes std::invalid_argument.
//     COURSE_CHECK(A.rows() == A.cols(), "lu_decompose: A is ", A.rows(), " x ", A.cols(),
//                  ", expected a square matrix");
#define COURSE_CHECK(condition, ...)                             \
    do {                                                         \
        if (!(condition)) ::course::throw_invalid_argument(__VA_ARGS__); \
    } while (false)

// COURSE_TODO("function_name"): the last line of a stub. Throws course::NotImplemented.
#define COURSE_TODO(function_name) ::course::not_implemented(function_name, __FILE__)
