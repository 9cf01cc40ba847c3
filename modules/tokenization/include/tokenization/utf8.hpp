// UTF-8: text as bytes, and back to the code points the Unicode rules speak of. Every later
// exercise reads text through it. Notes: docs/tokenization.md#utf8.
//
//     length 1:  U+0000 .. U+007F     0xxxxxxx
//     length 2:  U+0080 .. U+07FF     110xxxxx 10xxxxxx
//     length 3:  U+0800 .. U+FFFF     1110xxxx 10xxxxxx 10xxxxxx          (not U+D800 .. U+DFFF)
//     length 4:  U+10000 .. U+10FFFF  11110xxx 10xxxxxx 10xxxxxx 10xxxxxx
//
// A code point has exactly one encoding: the shortest. The lead byte says how many bytes follow,
// each a continuation byte 10xxxxxx carrying 6 more bits, most significant first.
//
// utf8_decode refuses, with a Utf8Error that gives the byte offset and the bytes involved:
//   - an overlong form, a code point written with more bytes than it needs (C0 AF is '/' in two
//     bytes; the leads C0 and C1 can only start one, and so can E0 80..9F and F0 80..8F). Accepting
//     them lets "/" or "." slip past a filter that looks for the one-byte form: a classic exploit;
//   - a surrogate U+D800 .. U+DFFF (ED A0..BF): those are UTF-16's halves, not characters;
//   - a value above U+10FFFF (F4 90.. and the leads F5..F7); F8..FF lead nothing at all;
//   - a truncated sequence: the text ends before the lead's continuation bytes do, or a lead is
//     followed by a byte that is not a continuation byte;
//   - a stray continuation byte 80..BF where a lead byte is expected.
// The offset is that of the FIRST error, and it is the offset of the byte that starts the bad
// sequence (its lead byte, or the stray continuation byte itself), even when the byte found wrong
// is a later one: E2 41 at offset 7 is reported at 7, not 8. ICU's U8_NEXT and Python's
// UnicodeDecodeError.start use the same convention.
//
// Cost: O(n) for n bytes, one pass, no allocation beyond the result.
// Sources: The Unicode Standard 15.0, section 3.9, table 3-7 (well-formed UTF-8 byte sequences);
// RFC 3629 (UTF-8), section 3 and section 10 (the overlong forms' security risk).
#pragma once

#include <cstddef>
#include <cstdio>
#include <stdexcept>
#include <string>
#include <string_view>

#include "course/error.hpp"

namespace course::tokenization {

// Utf8Error: utf8_decode's refusal of invalid input. offset() is the byte offset of the start of
// the first ill-formed sequence (see above); what() names the function, the problem, the offset
// and the bytes read of the sequence (its lead through the byte found wrong, or the whole
// sequence), e.g. "utf8_decode: overlong 2-byte form of U+002F at byte offset 3 (C0 AF)". The
// tests look for these words in the problem: "stray continuation byte", "invalid byte",
// "truncated", "overlong", "surrogate", "above U+10FFFF".
class Utf8Error : public std::invalid_argument {
public:
    Utf8Error(const std::string& message, std::size_t offset) : std::invalid_argument(message), offset_(offset) {}
    std::size_t offset() const { return offset_; }

private:
    std::size_t offset_;
};

// code_point_name: "U+002F", "U+1F600": the usual way to write a code point, 4 hex digits at least.
inline std::string code_point_name(char32_t c) {
    char buffer[16];
    std::snprintf(buffer, sizeof buffer, "U+%04X", unsigned(c));
    return buffer;
}

// throw_utf8_error: throws the Utf8Error for the `length` bytes of `bytes` that start at `offset`
// (fewer when the text ends first), with the message
//     "utf8_decode: <what> at byte offset <offset> (<the bytes in hex>)".
[[noreturn]] inline void throw_utf8_error(std::string_view bytes, std::size_t offset, std::size_t length,
                                          const std::string& what) {
    std::string hex;
    for (std::size_t k = offset; k < offset + length && k < bytes.size(); ++k) {
        char buffer[4];
        std::snprintf(buffer, sizeof buffer, "%02X", unsigned(static_cast<unsigned char>(bytes[k])));
        hex += (hex.empty() ? "" : " ") + std::string(buffer);
    }
    throw Utf8Error(concat("utf8_decode: ", what, " at byte offset ", offset, " (", hex, ")"), offset);
}

// check_utf8_encode_argument: code_points[index] == c is a Unicode scalar value, i.e. at most
// U+10FFFF and not a surrogate, else std::invalid_argument naming the index and the value.
inline void check_utf8_encode_argument(char32_t c, std::size_t index) {
    COURSE_CHECK(c <= 0x10FFFF, "utf8_encode: code_points[", index, "] = ", code_point_name(c),
                 " is above U+10FFFF, the last code point");
    COURSE_CHECK(c < 0xD800 || c > 0xDFFF, "utf8_encode: code_points[", index, "] = ", code_point_name(c),
                 " is a surrogate (U+D800 .. U+DFFF): UTF-8 cannot encode it");
}

// utf8_decode: the code points of `bytes`, or a Utf8Error at the first ill-formed sequence.
std::u32string utf8_decode(std::string_view bytes);

// utf8_encode: the shortest UTF-8 form of each code point, concatenated. A surrogate or a value
// above U+10FFFF is a std::invalid_argument naming its index (check_utf8_encode_argument).
std::string utf8_encode(std::u32string_view code_points);

}  // namespace course::tokenization
