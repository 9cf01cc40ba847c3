// Reference: pretokenize, GPT-2's pre-token split as a scanner over code points.
// Contract: include/tokenization/pretokenize.hpp   Notes: docs/tokenization.md#pretokenize
//
//     's|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+
//
// One function per pre-token (next_pretoken): the rules in the pattern's order, first match wins.
// Speed: ASCII bytes are classified by one load from the 128-entry table of unicode_classes.hpp
// (filled from ICU); other code points are decoded here (strictly: a byte that does not start a
// well-formed sequence is one `other` character) and classified through ICU.
#include "tokenization/pretokenize.hpp"

#include <array>
#include <cstddef>
#include <string_view>
#include <vector>

#include "tokenization/unicode_classes.hpp"

namespace course::tokenization {

namespace {

// Char: the class of the character at some offset and its length in bytes (1 for an invalid byte).
struct Char {
    CharClass cls;
    std::size_t length;
};

// Scanner: the text as bytes, and the class of the character at any offset.
class Scanner {
public:
    explicit Scanner(std::string_view text)
        : p_(reinterpret_cast<const unsigned char*>(text.data())), n_(text.size()), ascii_(ascii_char_classes()) {}

    std::size_t size() const { return n_; }
    unsigned char byte(std::size_t i) const { return p_[i]; }

    // at: the character starting at offset i < n.
    Char at(std::size_t i) const {
        const unsigned char b = p_[i];
        if (b < 0x80) return {ascii_[b], 1};
        return decode(i);
    }

    // run_end: the end of the run of characters of class `cls` starting at offset i.
    std::size_t run_end(std::size_t i, CharClass cls) const {
        while (i < n_) {
            const unsigned char b = p_[i];
            if (b < 0x80) {
                if (ascii_[b] != cls) break;
                ++i;
            } else {
                const Char c = decode(i);
                if (c.cls != cls) break;
                i += c.length;
            }
        }
        return i;
    }

private:
    // decode: the non-ASCII character at offset i: a well-formed sequence of Unicode's Table 3-7,
    // or the lead byte alone as `other`.
    Char decode(std::size_t i) const {
        const unsigned char b0 = p_[i];
        const std::size_t left = n_ - i;
        const auto cont = [&](std::size_t k) { return (p_[i + k] & 0xC0) == 0x80; };
        char32_t c;
        std::size_t length;
        if (b0 >= 0xC2 && b0 <= 0xDF) {
            if (left < 2 || !cont(1)) return {CharClass::other, 1};
            c = char32_t(b0 & 0x1F) << 6 | (p_[i + 1] & 0x3F);
            length = 2;
        } else if (b0 >= 0xE0 && b0 <= 0xEF) {
            if (left < 3 || !cont(1) || !cont(2)) return {CharClass::other, 1};
            const unsigned char b1 = p_[i + 1];
            if ((b0 == 0xE0 && b1 < 0xA0) || (b0 == 0xED && b1 > 0x9F)) return {CharClass::other, 1};  // overlong, surrogate
            c = char32_t(b0 & 0x0F) << 12 | char32_t(b1 & 0x3F) << 6 | (p_[i + 2] & 0x3F);
            length = 3;
        } else if (b0 >= 0xF0 && b0 <= 0xF4) {
            if (left < 4 || !cont(1) || !cont(2) || !cont(3)) return {CharClass::other, 1};
            const unsigned char b1 = p_[i + 1];
            if ((b0 == 0xF0 && b1 < 0x90) || (b0 == 0xF4 && b1 > 0x8F)) return {CharClass::other, 1};  // overlong, > U+10FFFF
            c = char32_t(b0 & 0x07) << 18 | char32_t(b1 & 0x3F) << 12 | char32_t(p_[i + 2] & 0x3F) << 6 |
                (p_[i + 3] & 0x3F);
            length = 4;
        } else {
            return {CharClass::other, 1};  // a continuation byte, 0xC0, 0xC1 or 0xF5..0xFF
        }
        return {char_class_icu(c), length};
    }

    const unsigned char* p_;
    std::size_t n_;
    const std::array<CharClass, 128>& ascii_;
};

// contraction_length: rule 1 at offset i: 2 or 3 bytes for 's 't 'm 'd / 're 've 'll, else 0.
std::size_t contraction_length(const Scanner& s, std::size_t i) {
    if (s.byte(i) != '\'' || i + 1 >= s.size()) return 0;
    const unsigned char c1 = s.byte(i + 1);
    if (c1 == 's' || c1 == 't' || c1 == 'm' || c1 == 'd') return 2;
    if (i + 2 >= s.size()) return 0;
    const unsigned char c2 = s.byte(i + 2);
    if ((c1 == 'r' && c2 == 'e') || (c1 == 'v' && c2 == 'e') || (c1 == 'l' && c2 == 'l')) return 3;
    return 0;
}

// next_pretoken: the end of the pre-token that starts at offset i < n.
std::size_t next_pretoken(const Scanner& s, std::size_t i) {
    // Rule 1: 's 't 're 've 'm 'll 'd.
    if (const std::size_t length = contraction_length(s, i)) return i + length;

    // Rules 2, 3, 4: " "? L+, " "? N+, " "? O+: an optional space, then a run of one class.
    if (s.byte(i) == ' ' && i + 1 < s.size()) {
        const CharClass next = s.at(i + 1).cls;
        if (next != CharClass::whitespace) return s.run_end(i + 1, next);
    }
    const Char first = s.at(i);
    if (first.cls != CharClass::whitespace) return s.run_end(i, first.cls);

    // Rules 5 and 6: a whitespace run [i, end); `last` is where its last character starts.
    std::size_t last = i;
    std::size_t end = i + first.length;
    while (end < s.size()) {
        const Char c = s.at(end);
        if (c.cls != CharClass::whitespace) break;
        last = end;
        end += c.length;
    }
    if (end == s.size()) return end;  // rule 5 at the end of the text: the whole run
    if (last > i) return last;        // rule 5: all but the last character, left to the next pre-token
    return end;                       // rule 6: one whitespace character before a non-whitespace one
}

}  // namespace

std::vector<std::string_view> pretokenize(std::string_view text) {
    const Scanner s(text);
    std::vector<std::string_view> pieces;
    pieces.reserve(text.size() / 4 + 1);
    for (std::size_t i = 0; i < text.size();) {
        const std::size_t end = next_pretoken(s, i);
        pieces.emplace_back(text.data() + i, end - i);
        i = end;
    }
    return pieces;
}

}  // namespace course::tokenization
