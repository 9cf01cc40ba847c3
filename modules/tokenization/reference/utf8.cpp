// Reference solution of exercise 1, utf8. Contract: include/tokenization/utf8.hpp
#include "tokenization/utf8.hpp"

#include <cstddef>
#include <string>
#include <string_view>

namespace course::tokenization {

namespace {

// kSmallest[length]: the smallest code point that needs `length` bytes; below it the form is overlong.
constexpr char32_t kSmallest[5] = {0, 0x0, 0x80, 0x800, 0x10000};

}  // namespace

std::u32string utf8_decode(std::string_view bytes) {
    std::u32string code_points;
    code_points.reserve(bytes.size());  // at most one code point per byte
    const std::size_t n = bytes.size();
    std::size_t i = 0;
    while (i < n) {
        const auto lead = static_cast<unsigned char>(bytes[i]);
        if (lead < 0x80) {  // ASCII: the common case, one byte
            code_points.push_back(lead);
            ++i;
            continue;
        }
        std::size_t length = 0;
        char32_t value = 0;
        if (lead < 0xC0) {
            throw_utf8_error(bytes, i, 1, "stray continuation byte (10xxxxxx where a lead byte was expected)");
        } else if (lead < 0xE0) {
            length = 2;
            value = lead & 0x1F;
        } else if (lead < 0xF0) {
            length = 3;
            value = lead & 0x0F;
        } else if (lead < 0xF8) {
            length = 4;
            value = lead & 0x07;
        } else {
            throw_utf8_error(bytes, i, 1, "invalid byte (F8..FF start no UTF-8 sequence)");
        }
        for (std::size_t k = 1; k < length; ++k) {
            if (i + k >= n) {
                throw_utf8_error(bytes, i, length,
                                 concat("truncated ", length, "-byte sequence: the text ends after ", k, " of its bytes"));
            }
            const auto next = static_cast<unsigned char>(bytes[i + k]);
            if ((next & 0xC0) != 0x80) {
                throw_utf8_error(bytes, i, k + 1,
                                 concat("truncated ", length, "-byte sequence: its last byte here is not a continuation byte"));
            }
            value = (value << 6) | (next & 0x3F);
        }
        if (value < kSmallest[length]) {
            throw_utf8_error(bytes, i, length, concat("overlong ", length, "-byte form of ", code_point_name(value)));
        }
        if (value >= 0xD800 && value <= 0xDFFF) {
            throw_utf8_error(bytes, i, length, concat("surrogate ", code_point_name(value), " (not a character)"));
        }
        if (value > 0x10FFFF) {
            throw_utf8_error(bytes, i, length, concat("value ", code_point_name(value), " above U+10FFFF"));
        }
        code_points.push_back(value);
        i += length;
    }
    return code_points;
}

std::string utf8_encode(std::u32string_view code_points) {
    std::string bytes;
    bytes.reserve(code_points.size());
    for (std::size_t index = 0; index < code_points.size(); ++index) {
        const char32_t c = code_points[index];
        check_utf8_encode_argument(c, index);
        if (c < 0x80) {
            bytes.push_back(char(c));
        } else if (c < 0x800) {
            bytes.push_back(char(0xC0 | (c >> 6)));
            bytes.push_back(char(0x80 | (c & 0x3F)));
        } else if (c < 0x10000) {
            bytes.push_back(char(0xE0 | (c >> 12)));
            bytes.push_back(char(0x80 | ((c >> 6) & 0x3F)));
            bytes.push_back(char(0x80 | (c & 0x3F)));
        } else {
            bytes.push_back(char(0xF0 | (c >> 18)));
            bytes.push_back(char(0x80 | ((c >> 12) & 0x3F)));
            bytes.push_back(char(0x80 | ((c >> 6) & 0x3F)));
            bytes.push_back(char(0x80 | (c & 0x3F)));
        }
    }
    return bytes;
}

}  // namespace course::tokenization
