// unicode_classes: the three Unicode character classes of GPT-2's pre-tokenizer, from ICU's C API
// (<unicode/uchar.h>, Debian's libicu-dev). Not an exercise: pretokenize (exercise 3) and the
// encoder use them; the tests check them against PCRE2's classes. Notes: docs/tokenization.md#pretokenize.
//
//     is_letter(c)      \p{L}: general category Lu, Ll, Lt, Lm or Lo           'a', 'é', 'Ж', '日', 'ʰ'
//     is_number(c)      \p{N}: general category Nd, Nl or No                   '7', '٣', 'Ⅻ', '½', '²'
//     is_whitespace(c)  \s: the Unicode property White_Space (u_isUWhiteSpace)  ' ', '\t', '\n', U+00A0, U+3000
//
// The classes are disjoint; char_class(c) names the one c is in, `other` when it is in none
// (punctuation, symbols, emoji, combining marks Mn/Mc/Me, controls, format characters such as
// U+200D ZERO WIDTH JOINER, unassigned code points and values above U+10FFFF).
//
// Unicode version: the ICU the course builds against. Debian 12's ICU 72 implements Unicode 15.0
// (U_UNICODE_VERSION says which); a code point assigned in a later version is unassigned here, so
// `other`.
//
// Whitespace: Unicode's White_Space is U+0009..U+000D, U+0020, U+0085, U+00A0, U+1680,
// U+2000..U+200A, U+2028, U+2029, U+202F, U+205F and U+3000. tiktoken's Rust regex and this
// course use it. The JavaScript tools (gpt-3-encoder, js-tiktoken: ECMAScript's \s) differ in one
// place: they count U+FEFF (BYTE ORDER MARK) and not U+0085 (NEXT LINE). Python's str.isspace, which
// OpenAI's original encoder.py reached through the `regex` module, also counts U+001C..U+001F. The
// golden fixture avoids those characters (tests/tokenization/fixtures/gpt2_golden.mjs).
//
// Speed: each ICU lookup is a function call into a two-stage table. pretokenize classifies mostly
// ASCII, so ascii_char_classes() keeps the 128 ASCII answers in a table filled at first use from
// the same ICU calls, never typed by hand. Measured on the KJV corpus (4.3 MB, -O3, best of 15
// passes, one A/B run on a shared machine): the reference's scanner at 198 MB/s with the table,
// 101 MB/s with ICU called for every ASCII byte too.
#pragma once

#include <unicode/uchar.h>

#include <array>
#include <cstdint>

namespace course::tokenization {

// CharClass: the class of a code point for GPT-2's pattern; `other` is [^\s\p{L}\p{N}].
enum class CharClass : std::uint8_t { other, letter, number, whitespace };

// is_letter: \p{L}, general category L (Lu Ll Lt Lm Lo). Mn (U+0301 COMBINING ACUTE ACCENT) is not.
inline bool is_letter(char32_t c) {
    return c <= 0x10FFFF && (U_GET_GC_MASK(UChar32(c)) & U_GC_L_MASK) != 0;
}

// is_number: \p{N}, general category N (Nd Nl No): ASCII and other scripts' digits, Roman
// numerals (Nl), fractions and superscripts (No).
inline bool is_number(char32_t c) {
    return c <= 0x10FFFF && (U_GET_GC_MASK(UChar32(c)) & U_GC_N_MASK) != 0;
}

// is_whitespace: the Unicode property White_Space (U+0085 yes, U+FEFF no; see above).
inline bool is_whitespace(char32_t c) { return c <= 0x10FFFF && u_isUWhiteSpace(UChar32(c)) != 0; }

// char_class_icu: char_class through ICU, for any value.
inline CharClass char_class_icu(char32_t c) {
    if (is_letter(c)) return CharClass::letter;
    if (is_number(c)) return CharClass::number;
    if (is_whitespace(c)) return CharClass::whitespace;
    return CharClass::other;
}

// ascii_char_classes: char_class_icu of the code points 0 .. 127, computed once (thread-safe
// static initialization).
inline const std::array<CharClass, 128>& ascii_char_classes() {
    static const std::array<CharClass, 128> table = [] {
        std::array<CharClass, 128> t{};
        for (char32_t c = 0; c < 128; ++c) t[c] = char_class_icu(c);
        return t;
    }();
    return table;
}

// char_class: the class of c, from the ASCII table below 128 and from ICU above.
inline CharClass char_class(char32_t c) { return c < 128 ? ascii_char_classes()[c] : char_class_icu(c); }

}  // namespace course::tokenization
