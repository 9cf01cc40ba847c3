// exception_origin.cpp: see exception_origin.hpp.
#include "exception_origin.hpp"

#include <dlfcn.h>
#include <execinfo.h>
#include <link.h>
#include <unistd.h>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <new>
#include <string_view>
#include <typeinfo>
#include <vector>

namespace {

// The record of the last throw in this thread: its type and the return addresses of the stack.
struct ThrowRecord {
    const std::type_info* type = nullptr;
    void* frames[48];
    int frame_count = 0;
};
thread_local ThrowRecord last_throw;

}  // namespace

#if !defined(__SANITIZE_ADDRESS__) && !defined(__SANITIZE_THREAD__)
// The C++ runtime calls __cxa_throw for every throw expression. This definition, in the program,
// comes before the runtime's: it records, then hands over to the runtime's own (the next one).
// (Declared as the compiler declares it implicitly, with the type as void*; <cxxabi.h>, which
// declares it with std::type_info*, stays out of this file.)
extern "C" [[noreturn]] void __cxa_throw(void* object, void* type, void (*destroy)(void*)) {
    last_throw.type = static_cast<const std::type_info*>(type);
    last_throw.frame_count = backtrace(last_throw.frames, 48);
    using Throw = void (*)(void*, void*, void (*)(void*));
    static const Throw runtime_throw = reinterpret_cast<Throw>(dlsym(RTLD_NEXT, "__cxa_throw"));
    runtime_throw(object, type, destroy);
    std::abort();  // not reached: the runtime's __cxa_throw does not return
}
#endif

// The C++ runtime's demangler (<cxxabi.h> declares it as abi::__cxa_demangle).
extern "C" char* __cxa_demangle(const char* mangled, char* buffer, std::size_t* length, int* status);

namespace course::grading {
namespace {

std::string demangle(const char* name) {
    int status = 0;
    std::unique_ptr<char, void (*)(void*)> readable(__cxa_demangle(name, nullptr, nullptr, &status), std::free);
    return status == 0 && readable ? std::string(readable.get()) : std::string(name);
}

// The program's own code: its load address and the address ranges of its loaded segments.
struct ProgramImage {
    std::uintptr_t base = 0;
    std::vector<std::pair<std::uintptr_t, std::uintptr_t>> ranges;
    bool contains(std::uintptr_t address) const {
        for (const auto& [begin, end] : ranges)
            if (address >= begin && address < end) return true;
        return false;
    }
};

ProgramImage program_image() {
    ProgramImage image;
    dl_iterate_phdr(
        [](dl_phdr_info* info, std::size_t, void* out) {
            auto& image = *static_cast<ProgramImage*>(out);
            image.base = info->dlpi_addr;
            for (int i = 0; i < info->dlpi_phnum; ++i) {
                const auto& segment = info->dlpi_phdr[i];
                if (segment.p_type == PT_LOAD)
                    image.ranges.push_back({info->dlpi_addr + segment.p_vaddr,
                                            info->dlpi_addr + segment.p_vaddr + segment.p_memsz});
            }
            return 1;  // the first object is the program itself
        },
        &image);
    return image;
}

// One source place of the call stack (inlined calls give several per return address).
struct Place {
    std::string function, file;
    int line = 0;
};

// symbolize: the places of the recorded frames that lie in the program, innermost first, from
// `addr2line -f -i -C`; empty when addr2line is not there.
std::vector<Place> symbolize(const ThrowRecord& record) {
    char exe[4096];
    const ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
    if (n <= 0) return {};
    exe[n] = '\0';
    const ProgramImage image = program_image();
    std::string command = "addr2line -f -i -C -e '" + std::string(exe) + "'";
    int in_program = 0;
    for (int k = 1; k < record.frame_count; ++k) {  // frame 0 is __cxa_throw
        const auto address = reinterpret_cast<std::uintptr_t>(record.frames[k]);
        if (!image.contains(address)) continue;
        char offset[32];
        // A return address points after its call: one byte back is inside the call's line.
        std::snprintf(offset, sizeof offset, " %#lx", static_cast<unsigned long>(address - image.base - 1));
        command += offset;
        ++in_program;
    }
    if (in_program == 0) return {};
    command += " 2>/dev/null";
    std::FILE* pipe = popen(command.c_str(), "r");
    if (!pipe) return {};
    std::vector<Place> places;
    char function[4096], where[4096];
    while (std::fgets(function, sizeof function, pipe) && std::fgets(where, sizeof where, pipe)) {
        std::string_view f = function, w = where;
        if (f.ends_with('\n')) f.remove_suffix(1);
        if (w.ends_with('\n')) w.remove_suffix(1);
        const auto colon = w.rfind(':');
        if (colon == std::string_view::npos) continue;
        places.push_back({std::string(f), std::string(w.substr(0, colon)), std::atoi(std::string(w.substr(colon + 1)).c_str())});
    }
    pclose(pipe);
    return places;
}

// project_path: the path from the project's modules/, tests/ or common/ folder on; "" for files
// outside the project (the standard library, GoogleTest, Eigen).
std::string project_path(const std::string& file) {
    for (std::string_view folder : {"/modules/", "/tests/", "/common/", "/mistakes/"}) {
        const auto at = file.rfind(folder);
        if (at != std::string::npos) return file.substr(at + 1);
    }
    return "";
}

// short_function: "course::data_structures::DynamicArray::at(int) const" -> "DynamicArray::at",
// without the course's namespaces, anonymous ones and the parameters.
std::string short_function(std::string name) {
    for (bool stripped = true; stripped;) {
        stripped = false;
        if (name.starts_with("(anonymous namespace)::")) {
            name = name.substr(23);
            stripped = true;
        } else if (name.starts_with("course::")) {
            const auto second = name.find("::", 8);  // course::<module>::
            if (second != std::string::npos && second < name.find('(')) {
                name = name.substr(second + 2);
                stripped = true;
            }
        }
    }
    const auto operator_call = name.find("operator()");
    const auto paren = name.find('(', operator_call == std::string::npos ? 0 : operator_call + 10);
    return paren == std::string::npos ? name : name.substr(0, paren);
}

// origin: the innermost place in the course's code. Not error.hpp, which only builds a check's
// message, nor common/src/, the grader itself (its operator new, its crash handler): the place
// that matters is their caller.
const Place* origin(const std::vector<Place>& places) {
    for (const Place& place : places) {
        const std::string path = project_path(place.file);
        if (path.empty() || path == "common/include/course/error.hpp" || path.starts_with("common/src/")) continue;
        return &place;
    }
    return nullptr;
}

// describe_place: "<function> (<file>:<line>)", "the test itself (<file>:<line>)", or "".
std::string describe_place(const std::vector<Place>& places) {
    const Place* place = origin(places);
    if (!place) return "";
    const bool test_body = place->function.ends_with("TestBody()") || place->function == "TestBody";
    return (test_body ? std::string("the test itself") : short_function(place->function)) + " (" +
           project_path(place->file) + ":" + std::to_string(place->line) + ")";
}

}  // namespace

std::string describe_current_place() {
    ThrowRecord here;
    here.frame_count = backtrace(here.frames, 48);
    return describe_place(symbolize(here));
}

std::string describe_last_exception() {
    if (!last_throw.type) return "";
    std::string text = demangle(last_throw.type->name());
    if (text.ends_with("AllocationTooLarge")) text = "std::bad_alloc";  // test_limits.cpp's own
    const std::string place = describe_place(symbolize(last_throw));
    if (!place.empty()) text += " from " + place;
    return text;
}

bool last_exception_was_bad_alloc() {
    return last_throw.type && *last_throw.type == typeid(std::bad_alloc);
}

}  // namespace course::grading
