// Exercise 2: byte_symbols (GPT-2's printable symbol for each byte, and back).
// Contract: include/tokenization/byte_symbols.hpp   Notes: docs/tokenization.md#byte_symbols
// Hints: ./course hint tokenization byte_symbols    Grade it:  ./course grade tokenization byte_symbols
//
//     symbol(b) = b            for '!'..'~', 0xA1..0xAC, 0xAE..0xFF
//     symbol(b) = U+0100 + k   for the k-th other byte, counting in increasing byte order from 0
#include "tokenization/byte_symbols.hpp"

#include <array>
#include <cstddef>
#include <string>
#include <string_view>

#include "tokenization/utf8.hpp"

namespace course::tokenization {

// TODO(learner): build the table in one pass over b = 0 .. 255; bytes_to_symbols and
// symbols_to_bytes go through it (and its inverse) and through utf8_encode / utf8_decode from
// exercise 1.

std::array<char32_t, 256> gpt2_byte_symbols() {
    COURSE_TODO("gpt2_byte_symbols");
}

std::string bytes_to_symbols(std::string_view bytes) {
    COURSE_TODO("bytes_to_symbols");
}

std::string symbols_to_bytes(std::string_view symbols) {
    // Hint: a code point that is no byte's symbol is an error naming its BYTE offset in
    // `symbols` (add up the UTF-8 lengths of the code points before it), never a '?'.
    COURSE_TODO("symbols_to_bytes");
}

}  // namespace course::tokenization
