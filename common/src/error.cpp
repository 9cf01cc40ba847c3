#include "course/error.hpp"

namespace course {
namespace {

// project_relative_path shortens an absolute __FILE__ to the part a learner recognizes,
// starting at "modules/" (or returns it unchanged).
std::string project_relative_path(std::string_view file) {
    const auto at = file.rfind("modules/");
    return std::string(at == std::string_view::npos ? file : file.substr(at));
}

}  // namespace

NotImplemented::NotImplemented(std::string_view function, std::string_view file)
    : std::logic_error(concat(kNotImplementedMarker, " ", function, " is not implemented yet: write it in ",
                              project_relative_path(file))) {}

void not_implemented(std::string_view function, std::string_view file) {
    throw NotImplemented(function, file);
}

}  // namespace course
