// Exercise 1: utf8 (decode bytes to code points, encode code points to bytes).
// Contract: include/tokenization/utf8.hpp   Notes: docs/tokenization.md#utf8
// Hints: ./course hint tokenization utf8    Grade it:  ./course grade tokenization utf8
//
//     U+0000 .. U+007F     0xxxxxxx
//     U+0080 .. U+07FF     110xxxxx 10xxxxxx
//     U+0800 .. U+FFFF     1110xxxx 10xxxxxx 10xxxxxx            (not U+D800 .. U+DFFF)
//     U+10000 .. U+10FFFF  11110xxx 10xxxxxx 10xxxxxx 10xxxxxx
#include "tokenization/utf8.hpp"

#include <cstddef>
#include <string>
#include <string_view>

namespace course::tokenization {

// TODO(learner): decode one sequence at a time: the lead byte gives the length and its first bits,
// each continuation byte 6 more. Refuse through throw_utf8_error(bytes, start, length, what), with
// `start` the offset of the sequence's FIRST byte and `length` the bytes read of it: stray
// continuation bytes, F8..FF, truncated sequences, overlong forms, surrogates and values above
// U+10FFFF (the header lists the words each message must contain).

std::u32string utf8_decode(std::string_view bytes) {
    // Hint: decode the value first, then compare it with the smallest value of its length
    // (0x80, 0x800, 0x10000): one test catches every overlong form, C0 AF and E0 80 80 alike.
    COURSE_TODO("utf8_decode");
}

std::string utf8_encode(std::u32string_view code_points) {
    // Call check_utf8_encode_argument(c, index) for each code point first.
    COURSE_TODO("utf8_encode");
}

}  // namespace course::tokenization
