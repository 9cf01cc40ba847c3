// libFuzzer target: exercise 1's reference utf8_decode on arbitrary bytes. Properties checked:
//   - it either returns or throws Utf8Error (anything else escaping ends the run as a crash);
//   - when it returns, every value is a Unicode scalar value and utf8_encode gives the input back
//     byte for byte (UTF-8 has one encoding per scalar value: no overlong form may decode);
//   - when it throws, the offset is within the input.
// Built with clang++ -fsanitize=fuzzer,address by cmake/CourseFuzz.cmake (COURSE_FUZZ=ON, as
// ./course test sets it); see tests/tokenization/fuzz/README.md.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "tokenization/utf8.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view bytes(reinterpret_cast<const char*>(data), size);
    try {
        const std::u32string code_points = course::tokenization::utf8_decode(bytes);
        for (const char32_t c : code_points) {
            if (c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF)) __builtin_trap();
        }
        if (code_points.size() > bytes.size()) __builtin_trap();
        if (course::tokenization::utf8_encode(code_points) != bytes) __builtin_trap();
    } catch (const course::tokenization::Utf8Error& e) {
        if (e.offset() >= size) __builtin_trap();
    }
    return 0;
}
