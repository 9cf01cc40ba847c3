// Tests for exercise 3, pretokenize (modules/tokenization/learner/pretokenize.cpp).
//
// Oracles: splits worked by hand from the pattern, rule by rule (each test names the rule);
// PCRE2 10.42 with its JIT running GPT-2's pattern itself, with PCRE2_UTF | PCRE2_UCP and \s written
// [\s\x{85}] (PCRE2's \s under UCP is Z plus \t\n\v\f\r: with U+0085 it is Unicode's White_Space),
// on thousands of seeded random strings drawn from a palette of every class; the pre-token splits
// of the npm tokenizers in fixtures/gpt2_golden.json (gpt-3-encoder 1.1.4's own regular expression
// in Node.js 20; fixtures/gpt2_golden.mjs made it); and, for invalid UTF-8, the same split with
// each invalid byte replaced by '#' (another `other` character of one byte), the invalid bytes
// found by a plain decoder written in this file. Every test calls pretokenize first, so a stub
// shows "not started". The classes themselves (unicode_classes.hpp, ICU) are checked against
// PCRE2's \p{L}, \p{N} and [\s\x{85}] over every code point both libraries know.
#include "tokenization/pretokenize.hpp"

#define PCRE2_CODE_UNIT_WIDTH 8
#include <gtest/gtest.h>
#include <pcre2.h>
#include <unicode/uchar.h>

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <initializer_list>
#include <memory>
#include <nlohmann/json.hpp>
#include <sstream>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "course/datasets.hpp"
#include "course/random.hpp"
#include "tokenization/unicode_classes.hpp"
#include "gpt2_golden.hpp"

namespace course::tokenization {
namespace {

using Split = std::vector<std::string>;

// split: pretokenize's views as strings, after checking that they tile the text: each view starts
// where the previous one ended, inside `text`, none is empty, and the last ends at its end.
Split split(std::string_view text) {
    const std::vector<std::string_view> views = pretokenize(text);
    Split pieces;
    const char* at = text.data();
    for (std::size_t k = 0; k < views.size(); ++k) {
        EXPECT_EQ(views[k].data(), at) << "pre-token " << k << " of " << ::testing::PrintToString(std::string(text))
                                       << " does not start where the previous one ended (views point into the text)";
        EXPECT_FALSE(views[k].empty()) << "pre-token " << k << " is empty";
        at = views[k].data() + views[k].size();
        pieces.emplace_back(views[k]);
    }
    EXPECT_EQ(at, text.data() + text.size()) << "the pre-tokens do not cover the text";
    return pieces;
}

// u8: a UTF-8 string literal (u8"...") as bytes.
std::string u8(std::u8string_view s) { return {reinterpret_cast<const char*>(s.data()), s.size()}; }

// utf8_of: the UTF-8 bytes of one code point (a plain encoder for the palettes; no surrogates).
std::string utf8_of(char32_t c) {
    std::string out;
    if (c < 0x80) {
        out += char(c);
    } else if (c < 0x800) {
        out += char(0xC0 | (c >> 6));
        out += char(0x80 | (c & 0x3F));
    } else if (c < 0x10000) {
        out += char(0xE0 | (c >> 12));
        out += char(0x80 | ((c >> 6) & 0x3F));
        out += char(0x80 | (c & 0x3F));
    } else {
        out += char(0xF0 | (c >> 18));
        out += char(0x80 | ((c >> 12) & 0x3F));
        out += char(0x80 | ((c >> 6) & 0x3F));
        out += char(0x80 | (c & 0x3F));
    }
    return out;
}

// ---- PCRE2: GPT-2's pattern, compiled once with the JIT ----

// kPcre2Pattern: GPT-2's pattern with \s as [\s\x{85}] and \S as [^\s\x{85}]: Unicode's White_Space.
constexpr std::string_view kPcre2Pattern =
    R"('s|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\x{85}\p{L}\p{N}]+|[\s\x{85}]+(?![^\s\x{85}])|[\s\x{85}]+)";

class Pcre2 {
public:
    explicit Pcre2(std::string_view pattern) {
        int error = 0;
        PCRE2_SIZE offset = 0;
        code_ = pcre2_compile(reinterpret_cast<PCRE2_SPTR>(pattern.data()), pattern.size(), PCRE2_UTF | PCRE2_UCP,
                              &error, &offset, nullptr);
        if (!code_) throw std::runtime_error("pcre2_compile failed at offset " + std::to_string(offset));
        if (pcre2_jit_compile(code_, PCRE2_JIT_COMPLETE) != 0) throw std::runtime_error("pcre2_jit_compile failed");
        data_ = pcre2_match_data_create_from_pattern(code_, nullptr);
    }
    ~Pcre2() {
        pcre2_match_data_free(data_);
        pcre2_code_free(code_);
    }
    Pcre2(const Pcre2&) = delete;
    Pcre2& operator=(const Pcre2&) = delete;

    // split: the successive matches from offset 0 (valid UTF-8 only). A gap between two matches
    // (a character no alternative matches) would show as a missing piece: the caller compares.
    Split split(std::string_view text) {
        Split pieces;
        std::size_t at = 0;
        while (at < text.size()) {
            const int rc = pcre2_match(code_, reinterpret_cast<PCRE2_SPTR>(text.data()), text.size(), at, 0, data_,
                                       nullptr);
            if (rc < 0) throw std::runtime_error("pcre2_match: no match at offset " + std::to_string(at));
            const PCRE2_SIZE* ovector = pcre2_get_ovector_pointer(data_);
            if (ovector[0] != at) throw std::runtime_error("pcre2_match skipped bytes at " + std::to_string(at));
            pieces.emplace_back(text.substr(ovector[0], ovector[1] - ovector[0]));
            at = ovector[1];
        }
        return pieces;
    }

    // matches_one: whether the pattern matches the whole of the one-character text.
    bool matches_one(std::string_view text) {
        const int rc = pcre2_match(code_, reinterpret_cast<PCRE2_SPTR>(text.data()), text.size(), 0,
                                   PCRE2_ANCHORED | PCRE2_ENDANCHORED, data_, nullptr);
        return rc >= 0;
    }

private:
    pcre2_code* code_ = nullptr;
    pcre2_match_data* data_ = nullptr;
};

// ---- The hand-worked splits, rule by rule (the rules' numbers are those of pretokenize.hpp) ----

TEST(Pretokenize, EmptyTextHasNoPretokens) { EXPECT_TRUE(pretokenize("").empty()); }

TEST(Pretokenize, ContractionsSplitOffLowercaseAsciiOnly) {
    // Rule 1: the seven contractions, lowercase after an ASCII apostrophe.
    EXPECT_EQ(split("don't"), (Split{"don", "'t"}));
    EXPECT_EQ(split("I'm we've they'll you'd it's we're"),
              (Split{"I", "'m", " we", "'ve", " they", "'ll", " you", "'d", " it", "'s", " we", "'re"}));
    EXPECT_EQ(split("I'd've"), (Split{"I", "'d", "'ve"}));
    EXPECT_EQ(split("'sun"), (Split{"'s", "un"}));  // the rule looks no further than its letters
    // Upper case is no contraction: the apostrophe is an `other` character of its own (rule 4).
    EXPECT_EQ(split("DON'T"), (Split{"DON", "'", "T"}));
    EXPECT_EQ(split("IT'S he'S 'Re"), (Split{"IT", "'", "S", " he", "'", "S", " '", "Re"}));
    // The typographic apostrophe U+2019 is no contraction either.
    EXPECT_EQ(split(u8(u8"she’s")), (Split{"she", u8(u8"’"), "s"}));
    EXPECT_EQ(split(u8(u8"’s")), (Split{u8(u8"’"), "s"}));
    // Rule 4's run of others takes apostrophes along: the contraction rule applies only where a
    // pre-token starts.
    EXPECT_EQ(split("''s"), (Split{"''", "s"}));
    EXPECT_EQ(split("!'s x's 'x"), (Split{"!'", "s", " x", "'s", " '", "x"}));
    EXPECT_EQ(split("'re'll'"), (Split{"'re", "'ll", "'"}));
}

TEST(Pretokenize, WordsTakeTheOneSpaceBeforeThem) {
    // Rule 2: " "? L+.
    EXPECT_EQ(split("Hello world"), (Split{"Hello", " world"}));
    EXPECT_EQ(split(" a b c"), (Split{" a", " b", " c"}));
    // Only U+0020 joins a word: a no-break space or a tab stays apart (rules 5 and 6).
    EXPECT_EQ(split(u8(u8"x\u00a0y")), (Split{"x", u8(u8"\u00a0"), "y"}));
    EXPECT_EQ(split("x\ty"), (Split{"x", "\t", "y"}));
}

TEST(Pretokenize, TheLastSpaceOfARunGoesToTheNextWord) {
    // Rule 5: a run of two or more whitespace characters before a word leaves its last one to it.
    EXPECT_EQ(split("a  b"), (Split{"a", " ", " b"}));
    EXPECT_EQ(split("a   b"), (Split{"a", "  ", " b"}));
    EXPECT_EQ(split("a \n b"), (Split{"a", " \n", " b"}));
    EXPECT_EQ(split("    indented"), (Split{"   ", " indented"}));
    EXPECT_EQ(split("a   123"), (Split{"a", "  ", " 123"}));
    EXPECT_EQ(split("a   !"), (Split{"a", "  ", " !"}));
    // The last character is left even when it is not a space: it is then a pre-token of its own (rule 6).
    EXPECT_EQ(split("a \tb"), (Split{"a", " ", "\t", "b"}));
    EXPECT_EQ(split("a\n\nb"), (Split{"a", "\n", "\n", "b"}));
    EXPECT_EQ(split("line1\r\nline2"), (Split{"line", "1", "\r", "\n", "line", "2"}));
}

TEST(Pretokenize, TrailingWhitespaceIsOneRun) {
    // Rule 5 at the end of the text: nothing follows, so the whole run.
    EXPECT_EQ(split("trailing   "), (Split{"trailing", "   "}));
    EXPECT_EQ(split("end \n"), (Split{"end", " \n"}));
    EXPECT_EQ(split(" "), (Split{" "}));
    EXPECT_EQ(split("\n\n\n"), (Split{"\n\n\n"}));
    EXPECT_EQ(split("a \t\n \t"), (Split{"a", " \t\n \t"}));
    EXPECT_EQ(split("x "), (Split{"x", " "}));
}

TEST(Pretokenize, WordsNumbersAndPunctuation) {
    // Rules 2, 3 and 4, each with its optional space.
    EXPECT_EQ(split("Hello world!!! 123"), (Split{"Hello", " world", "!!!", " 123"}));
    EXPECT_EQ(split("Hello, world! (a) [b]"), (Split{"Hello", ",", " world", "!", " (", "a", ")", " [", "b", "]"}));
    EXPECT_EQ(split("C++ --help e.g."), (Split{"C", "++", " --", "help", " e", ".", "g", "."}));
    EXPECT_EQ(split(" !!"), (Split{" !!"}));
    EXPECT_EQ(split("$5.00"), (Split{"$", "5", ".", "00"}));
}

TEST(Pretokenize, DigitRunsStayWhole) {
    // Rule 3: GPT-2 keeps a run of digits whole, however long (later tokenizers cap it at 3).
    EXPECT_EQ(split("12345"), (Split{"12345"}));
    EXPECT_EQ(split("1234567890123 42"), (Split{"1234567890123", " 42"}));
    EXPECT_EQ(split("abc123def"), (Split{"abc", "123", "def"}));
    EXPECT_EQ(split("1,000,000"), (Split{"1", ",", "000", ",", "000"}));
    // \p{N} is every script's digits (Nd), letter numbers (Nl) and other numbers (No).
    EXPECT_EQ(split(u8(u8"١٢٣٤٥ ४२")), (Split{u8(u8"١٢٣٤٥"), u8(u8" ४२")}));
    EXPECT_EQ(split(u8(u8"Ⅻ½²①")), (Split{u8(u8"Ⅻ½²①")}));
    EXPECT_EQ(split(u8(u8"x² 3½")), (Split{"x", u8(u8"²"), u8(u8" 3½")}));
}

TEST(Pretokenize, AccentedLettersAreLetters) {
    // \p{L} is every script's letters: an ASCII-only class would split these words.
    EXPECT_EQ(split(u8(u8"café naïve")), (Split{u8(u8"café"), u8(u8" naïve")}));
    EXPECT_EQ(split(u8(u8"Ångström São Straße Dvořák Łódź")),
              (Split{u8(u8"Ångström"), u8(u8" São"), u8(u8" Straße"), u8(u8" Dvořák"), u8(u8" Łódź")}));
    EXPECT_EQ(split(u8(u8"Ελληνικά русский עברית")), (Split{u8(u8"Ελληνικά"), u8(u8" русский"), u8(u8" עברית")}));
    // Lt, Lm and Lo: ǅ (titlecase), ʰ (modifier letter), ª (other letter).
    EXPECT_EQ(split(u8(u8"ǅaʰª")), (Split{u8(u8"ǅaʰª")}));
}

TEST(Pretokenize, CombiningMarksAreNotLetters) {
    // U+0301 COMBINING ACUTE ACCENT is Mn, not \p{L}: "e" + U+0301 splits between them (GPT-2
    // does so; NFC text would have é, U+00E9, a letter).
    EXPECT_EQ(split(u8(u8"cafe\u0301")), (Split{"cafe", u8(u8"\u0301")}));
    EXPECT_EQ(split(u8(u8" e\u0301te\u0301")), (Split{" e", u8(u8"\u0301"), "te", u8(u8"\u0301")}));
    EXPECT_EQ(split(u8(u8"a\u0308\u0301b")), (Split{"a", u8(u8"\u0308\u0301"), "b"}));
    // Devanagari: the vowel sign U+093F is Mc and the virama U+094D is Mn: हिन्दी splits at them.
    EXPECT_EQ(split(u8(u8"हिन्दी")), (Split{u8(u8"ह"), u8(u8"ि"), u8(u8"न"), u8(u8"्"), u8(u8"द"), u8(u8"ी")}));
}

TEST(Pretokenize, CjkAndEmoji) {
    EXPECT_EQ(split(u8(u8"日本語のテキスト")), (Split{u8(u8"日本語のテキスト")}));
    EXPECT_EQ(split(u8(u8"中文文本，标点。")), (Split{u8(u8"中文文本"), u8(u8"，"), u8(u8"标点"), u8(u8"。")}));
    EXPECT_EQ(split(u8(u8"한국어 텍스트")), (Split{u8(u8"한국어"), u8(u8" 텍스트")}));
    // An emoji (So), ZERO WIDTH JOINER (Cf), VARIATION SELECTOR-16 (Mn) and skin tones (Sk) are
    // all `other`: a ZWJ sequence is one run.
    EXPECT_EQ(split(u8(u8"👨‍👩‍👧‍👦")), (Split{u8(u8"👨‍👩‍👧‍👦")}));
    EXPECT_EQ(split(u8(u8"🏳️‍🌈 👋🏽 hi")), (Split{u8(u8"🏳️‍🌈"), u8(u8" 👋🏽"), " hi"}));
    EXPECT_EQ(split(u8(u8"a😀b")), (Split{"a", u8(u8"😀"), "b"}));
}

TEST(Pretokenize, TabAndNewlineRuns) {
    EXPECT_EQ(split("a\t\tb"), (Split{"a", "\t", "\t", "b"}));
    EXPECT_EQ(split("a\n\n\n    b"), (Split{"a", "\n\n\n   ", " b"}));
    EXPECT_EQ(split("\t\n \t"), (Split{"\t\n \t"}));
    EXPECT_EQ(split("x\n\ny\n"), (Split{"x", "\n", "\n", "y", "\n"}));
    // Every White_Space character is whitespace, U+0085 included; U+FEFF and U+001C are not.
    EXPECT_EQ(split(u8(u8"a\u0085\u3000\u2028b")), (Split{"a", u8(u8"\u0085\u3000"), u8(u8"\u2028"), "b"}));
    EXPECT_EQ(split(u8(u8"a \uFEFFb")), (Split{"a", u8(u8" \uFEFF"), "b"}));
    EXPECT_EQ(split("a \x1c" "b"), (Split{"a", " \x1c", "b"}));
}

// ---- Invalid UTF-8: one `other` character per byte ----

TEST(Pretokenize, InvalidBytesAreOtherCharactersOfOneByte) {
    // Hand-worked: each invalid byte is an `other` character, so it joins a run of others (rule 4),
    // takes one space before it, and is never joined to a letter.
    EXPECT_EQ(split("a\xFF\xFE" "b"), (Split{"a", "\xFF\xFE", "b"}));
    EXPECT_EQ(split(" \x80"), (Split{" \x80"}));
    EXPECT_EQ(split("ab\x80" "cd"), (Split{"ab", "\x80", "cd"}));
    EXPECT_EQ(split("\x80!?"), (Split{"\x80!?"}));
    // A truncated sequence: E2 82 is the start of U+20AC (€) without its last byte: two others.
    EXPECT_EQ(split("x\xE2\x82 y"), (Split{"x", "\xE2\x82", " y"}));
    // Overlong forms (C0 AF = '/', E0 80 80, F0 80 80 80), a surrogate (ED A0 80) and a value above
    // U+10FFFF (F4 90 80 80) decode to nothing: every byte is an other, even the ones that would be
    // continuation bytes. C3 A9 (é) right after them is a letter again.
    EXPECT_EQ(split("a\xC0\xAF\xC3\xA9"), (Split{"a", "\xC0\xAF", "\xC3\xA9"}));
    EXPECT_EQ(split("a\xE0\x80\x80" "b"), (Split{"a", "\xE0\x80\x80", "b"}));
    EXPECT_EQ(split("a\xF0\x80\x80\x80" "b"), (Split{"a", "\xF0\x80\x80\x80", "b"}));
    EXPECT_EQ(split("a\xED\xA0\x80" "b"), (Split{"a", "\xED\xA0\x80", "b"}));
    EXPECT_EQ(split("a\xF4\x90\x80\x80" "b"), (Split{"a", "\xF4\x90\x80\x80", "b"}));
    // A lead byte at the very end, and one followed by a letter: the letter stays a letter.
    EXPECT_EQ(split("ab\xC3"), (Split{"ab", "\xC3"}));
    EXPECT_EQ(split("\xC3" "ab"), (Split{"\xC3", "ab"}));
    EXPECT_EQ(split("1\xE4\xB8" "2"), (Split{"1", "\xE4\xB8", "2"}));
    // An apostrophe then an invalid byte, and a contraction right after one.
    EXPECT_EQ(split("'\xFF's"), (Split{"'\xFF'", "s"}));
    EXPECT_EQ(split("\xFF's"), (Split{"\xFF'", "s"}));
    // Valid sequences of every length at the boundaries of Table 3-7 stay one character each.
    EXPECT_EQ(split("a\xC2\x80\xDF\xBF"), (Split{"a", "\xC2\x80\xDF\xBF"}));  // U+0080 (Cc), U+07FF (NKO TAMAN SIGN, Sc)
    EXPECT_EQ(split("\xF4\x8F\xBF\xBF\xED\x9F\xBF"), (Split{"\xF4\x8F\xBF\xBF\xED\x9F\xBF"}));
    EXPECT_EQ(split("a\xF0\x90\x80\x80"), (Split{"a\xF0\x90\x80\x80"}));  // U+10000 LINEAR B SYLLABLE B008 A: Lo
    EXPECT_EQ(split("a\xE0\xA0\x80"), (Split{"a\xE0\xA0\x80"}));          // U+0800 SAMARITAN LETTER ALAF: Lo
}

// invalid_bytes_as_hash: `text` with every byte that does not start a well-formed UTF-8 sequence
// replaced by '#', the same length. A plain decoder of Unicode's Table 3-7.
std::string invalid_bytes_as_hash(std::string text) {
    const auto byte = [&](std::size_t k) { return static_cast<unsigned char>(text[k]); };
    std::size_t i = 0;
    while (i < text.size()) {
        const unsigned char b = byte(i);
        std::size_t length = 0;
        unsigned char lo = 0x80, hi = 0xBF;  // the range of the second byte
        if (b < 0x80) length = 1;
        else if (b >= 0xC2 && b <= 0xDF) length = 2;
        else if (b >= 0xE0 && b <= 0xEF) length = 3;
        else if (b >= 0xF0 && b <= 0xF4) length = 4;
        if (b == 0xE0) lo = 0xA0;
        if (b == 0xED) hi = 0x9F;
        if (b == 0xF0) lo = 0x90;
        if (b == 0xF4) hi = 0x8F;
        bool ok = length > 0 && i + length <= text.size();
        for (std::size_t k = 1; ok && k < length; ++k) {
            const unsigned char c = byte(i + k);
            ok = k == 1 ? (c >= lo && c <= hi) : (c >= 0x80 && c <= 0xBF);
        }
        if (ok) {
            i += length;
        } else {
            text[i] = '#';
            ++i;
        }
    }
    return text;
}

// boundaries: the end offsets of the pieces.
std::vector<std::size_t> boundaries(const Split& pieces) {
    std::vector<std::size_t> ends;
    std::size_t at = 0;
    for (const std::string& p : pieces) ends.push_back(at += p.size());
    return ends;
}

TEST(Pretokenize, RandomBytesSplitLikeTheirValidStandIns) {
    // Seeded random byte strings, biased towards UTF-8's lead and continuation bytes, spaces,
    // apostrophes and contraction letters: pretokenize must split them at the same offsets as the
    // same string with each invalid byte replaced by '#' (another one-byte `other`), whose split
    // PCRE2 gives. And the pieces concatenate to the input.
    Pcre2 pcre2(kPcre2Pattern);
    Rng rng(20240611);
    const std::string_view alphabet = " 'stdmrevlxA1!\n\t";
    for (int trial = 0; trial < 3000; ++trial) {
        std::string text;
        const int n = rng.index(24);
        for (int k = 0; k < n; ++k) {
            const int kind = rng.index(5);
            if (kind == 0) text += char(0x80 + rng.index(0x40));  // a continuation byte
            else if (kind == 1) text += char(0xC0 + rng.index(0x40));  // a lead byte (or C0, C1, F5..FF)
            else if (kind == 2) text += utf8_of(char32_t(0x80 + rng.index(0x1700)));  // a whole character, below U+180E
            else text += alphabet[std::size_t(rng.index(int(alphabet.size())))];
        }
        const std::string stand_in = invalid_bytes_as_hash(text);
        const Split got = split(text);
        std::string joined;
        for (const std::string& p : got) joined += p;
        ASSERT_EQ(joined, text);
        ASSERT_EQ(boundaries(got), boundaries(pcre2.split(stand_in)))
            << "text " << ::testing::PrintToString(text) << ", with the invalid bytes as '#': "
            << ::testing::PrintToString(stand_in) << " (trial " << trial << ")";
    }
}

// ---- PCRE2 on random strings from a palette of every class ----

// palette: code points of every class that PCRE2 10.42 (Unicode 14) and ICU 72 (Unicode 15) agree
// on (not U+180E: see UnicodeClasses.AgreeWithPcre2OnEveryCodePoint).
const std::vector<char32_t>& palette() {
    static const std::vector<char32_t> p = [] {
        std::vector<char32_t> v = {
            // letters: Latin, Greek, Cyrillic, Hebrew, Arabic, Devanagari, CJK, kana, Hangul; Lt, Lm, Lo
            U'a', U'z', U'A', U'Q', 0xE9, 0xDF, 0x3A9, 0x3B1, 0x436, 0x5D0, 0x639, 0x915, 0x65E5, 0x306E, 0x30AB,
            0xD55C, 0x1C5, 0x2B0, 0xAA, 0x10000, 0x20000,
            // marks: Mn (acute, diaeresis, virama, VS16), Mc (Devanagari vowel sign), Me; ZWJ (Cf)
            0x301, 0x308, 0x94D, 0xFE0F, 0x93F, 0x20DD, 0x200D,
            // digits of several scripts (Nd), letter numbers (Nl), other numbers (No)
            U'0', U'5', U'9', 0x663, 0x96A, 0xFF15, 0x1D7CE, 0x216B, 0x16EE, 0x3007, 0xBD, 0xB2, 0x2460,
            // punctuation and symbols, the typographic apostrophe, emoji and a skin tone
            U'.', U',', U'!', U'?', U'-', U'"', U'(', U')', U'#', U'$', U'+', U'<', U'=', U'@', U'\\', U'_',
            0x2019, 0x201C, 0xAB, 0x3002, 0xFF0C, 0x20AC, 0xA9, 0x2211, 0x1F600, 0x1F44D, 0x1F3FD,
            // controls and format characters that are not White_Space
            0x0, 0x1C, 0x1F, 0x7F, 0xFEFF, 0x200B,
        };
        // every White_Space character
        for (char32_t c : {0x9, 0xA, 0xB, 0xC, 0xD, 0x20, 0x85, 0xA0, 0x1680, 0x2028, 0x2029, 0x202F, 0x205F, 0x3000})
            v.push_back(c);
        for (char32_t c = 0x2000; c <= 0x200A; ++c) v.push_back(c);
        return v;
    }();
    return p;
}

TEST(Pretokenize, MatchesPcre2OnRandomStringsOfEveryClass) {
    // 6000 seeded strings of 0 to 40 code points; half the draws from the palette, the rest from
    // the characters that the rules single out: ' ' (rules 2 to 5), '\'' and the contraction
    // letters s t r e v m l d (rule 1), their capitals, '\n' and '\t'. Split for split with PCRE2.
    Pcre2 pcre2(kPcre2Pattern);
    Rng rng(7);
    const std::u32string frequent = U" ' ' stredvmllSTRDVM\n\t  x";
    int pieces = 0;
    for (int trial = 0; trial < 6000; ++trial) {
        std::string text;
        const int n = rng.index(41);
        for (int k = 0; k < n; ++k) {
            const char32_t c = rng.index(2) == 0 ? palette()[std::size_t(rng.index(int(palette().size())))]
                                                 : frequent[std::size_t(rng.index(int(frequent.size())))];
            text += utf8_of(c);
        }
        const Split got = split(text);
        const Split want = pcre2.split(text);
        ASSERT_EQ(got, want) << "text " << ::testing::PrintToString(text) << " (trial " << trial << ")";
        pieces += int(got.size());
    }
    EXPECT_GT(pieces, 30000);  // the strings did split (a sanity check of the generator)
}

// ---- The golden fixture: the npm tokenizers' own splits ----

using gpt2_fixture::golden;  // gpt2_golden.hpp

TEST(Pretokenize, SplitsTheGoldenStringsLikeGpt3Encoder) {
    // fixtures/gpt2_golden.json: gpt-3-encoder 1.1.4's regular expression in Node.js 20 on 148
    // strings (contractions, digits, whitespace runs, punctuation, accents and combining marks,
    // CJK, emoji, "<|endoftext|>" in text, paragraphs), written by fixtures/gpt2_golden.mjs.
    ASSERT_EQ(split("a  b"), (Split{"a", " ", " b"})) << "the hand-worked split before the fixture";
    const nlohmann::json entries = golden();
    ASSERT_GE(entries.size(), 140u);
    for (const nlohmann::json& entry : entries) {
        const std::string text = entry.at("text");
        const Split want = entry.at("pretokens").get<Split>();
        EXPECT_EQ(split(text), want) << "text " << ::testing::PrintToString(text);
    }
}

// ---- Size and cost ----

TEST(Pretokenize, LongRunsAndLongTextsInOnePass) {
    // A 4 MB whitespace run before a word, a 4 MB word, 4 MB of digits, and 12 MB of short words:
    // the results counted exactly. Cost: a scanner that copies the rest of the text for each
    // pre-token (text.substr(i)), or rescans a run from each of its characters, is quadratic: 10^12
    // byte operations here, hours. The reference takes ~0.2 s in the grading build; the budget of
    // 3 s is what the 5 s limit allows for a linear scan that is 15 times slower, not a measurement.
    const auto start = std::chrono::steady_clock::now();
    const std::size_t n = std::size_t(1) << 22;
    std::string text = std::string(n, ' ') + "word";
    std::vector<std::string_view> v = pretokenize(text);
    ASSERT_EQ(v.size(), 2u);
    EXPECT_EQ(v[0].size(), n - 1);
    EXPECT_EQ(v[1], " word");
    text = std::string(n, 'x') + "  ";
    v = pretokenize(text);
    ASSERT_EQ(v.size(), 2u);
    EXPECT_EQ(v[0].size(), n);
    text = std::string(n, '7');
    EXPECT_EQ(pretokenize(text).size(), 1u);
    text.clear();
    for (std::size_t k = 0; k < n / 8; ++k) text += "ab cd, ef\n\n  gh's 12\n";
    v = pretokenize(text);
    // per repetition: "ab" " cd" "," " ef" "\n\n " " gh" "'s" " 12" "\n" = 9 (the last "\n" is
    // rule 6 before the next "ab", rule 5 at the end).
    EXPECT_EQ(v.size(), 9 * (n / 8));
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    EXPECT_LT(seconds, 3.0) << "24 MB took " << seconds << " s: is the scan quadratic somewhere?";
}

// ---- The classes: ICU against PCRE2, every code point ----

TEST(UnicodeClasses, AgreeWithPcre2OnEveryCodePoint) {
    // is_letter, is_number, is_whitespace (ICU 72, Unicode 15.0) against PCRE2's \p{L}, \p{N} and
    // [\s\x{85}] (PCRE2 10.42, Unicode 14.0) on every code point but the surrogates, skipping those
    // that Unicode 15 assigned (u_charAge 15.0): PCRE2 does not know them yet.
    ASSERT_EQ(split("a"), (Split{"a"}));
    Pcre2 letter(R"(\p{L})"), number(R"(\p{N})"), space(R"([\s\x{85}])");
    int checked = 0;
    for (char32_t c = 0; c <= 0x10FFFF; ++c) {
        if (c >= 0xD800 && c <= 0xDFFF) continue;
        if (c == 0x180E) continue;  // PCRE2 10.42's \s still counts it (Zs until Unicode 6.3; Cf since)
        UVersionInfo age;
        u_charAge(UChar32(c), age);
        if (age[0] >= 15) continue;
        const std::string s = utf8_of(c);
        ASSERT_EQ(is_letter(c), letter.matches_one(s)) << "U+" << std::hex << std::uint32_t(c);
        ASSERT_EQ(is_number(c), number.matches_one(s)) << "U+" << std::hex << std::uint32_t(c);
        ASSERT_EQ(is_whitespace(c), space.matches_one(s)) << "U+" << std::hex << std::uint32_t(c);
        ++checked;
    }
    EXPECT_GT(checked, 1000000);
    // The documented whitespace differences from JavaScript's \s, and values beyond Unicode.
    EXPECT_TRUE(is_whitespace(0x85));
    EXPECT_FALSE(is_whitespace(0xFEFF));
    EXPECT_FALSE(is_whitespace(0x1C));
    EXPECT_FALSE(is_whitespace(0x180E));  // MONGOLIAN VOWEL SEPARATOR, Cf since Unicode 6.3
    EXPECT_FALSE(is_letter(0x110000) || is_number(0x110000) || is_whitespace(0x110000));
    EXPECT_EQ(char_class(0x110000), CharClass::other);
    for (char32_t c = 0; c < 200; ++c) EXPECT_EQ(char_class(c), char_class_icu(c)) << "U+" << std::hex << std::uint32_t(c);
}

TEST(Pretokenize, StopsAtTheEndOfTheView) {
    // The text is a view into a longer buffer whose next bytes would complete a character or a
    // contraction: the scanner must not look past the view's end (a std::string's terminating
    // NUL would hide such a read; a view into a buffer does not). Hand-worked, rule by rule.
    const std::string buffer = "ab\xC3\xA9|x\xE2\x82\xAC|y\xF0\x9F\x98\x80|z's|w're|  q|";
    const auto view = [&](std::size_t begin, std::size_t length) { return std::string_view(buffer).substr(begin, length); };
    EXPECT_EQ(split(view(0, 3)), (Split{"ab", "\xC3"}));                  // é without its last byte
    EXPECT_EQ(split(view(5, 3)), (Split{"x", "\xE2\x82"}));               // € without its last byte
    EXPECT_EQ(split(view(5, 2)), (Split{"x", "\xE2"}));
    EXPECT_EQ(split(view(10, 4)), (Split{"y", "\xF0\x9F\x98"}));          // 😀 without its last byte
    EXPECT_EQ(split(view(16, 2)), (Split{"z", "'"}));                     // 's without its s
    EXPECT_EQ(split(view(20, 3)), (Split{"w", "'", "r"}));                // 're without its e
    EXPECT_EQ(split(view(25, 2)), (Split{"  "}));                         // a run that ends the view
    EXPECT_EQ(split(view(25, 1)), (Split{" "}));
    // Views over buffers of exactly their size, ending in a space, a run, a lead byte, an
    // apostrophe: a read past the end shows in the sanitizer build (a std::string's NUL hides it).
    for (std::string_view text : {" ", "a ", "  ", "a\t\n", "\xF0", "x'", "x'r", "\xE2\x80"}) {
        const std::vector<char> exact(text.begin(), text.end());
        const Split pieces = split(std::string_view(exact.data(), exact.size()));
        std::string joined;
        for (const std::string& p : pieces) joined += p;
        EXPECT_EQ(joined, text);
    }
}

TEST(Pretokenize, DecodesEveryValueExactly) {
    // The decoder's value decides the class, so a wrong bit changes the split. Hand-worked:
    //   F0 90 8B A1 = U+102E1 COPTIC EPACT DIGIT ONE (No): a number; a decoder that takes the last
    //     six bits from the third byte gets U+102CB CARIAN LETTER (Lo), a letter.
    //   F1 80 80 80 = U+40000, unassigned: other (with the lead's bits shifted by 17, U+20000, a letter).
    //   F0 A0 80 80 = U+20000, a CJK letter (Lo); ED 9F BB = U+D7FB, a Hangul letter (Lo), the
    //     last letter below the surrogates.
    //   Overlong forms of 'A' (E0 81 81, F0 80 81 81) and of '1' (C0 B1) are invalid: others.
    EXPECT_EQ(split("x\xF0\x90\x8B\xA1"), (Split{"x", "\xF0\x90\x8B\xA1"}));
    EXPECT_EQ(split("7\xF0\x90\x8B\xA1"), (Split{"7\xF0\x90\x8B\xA1"}));
    EXPECT_EQ(split("a\xF1\x80\x80\x80"), (Split{"a", "\xF1\x80\x80\x80"}));
    EXPECT_EQ(split("a\xF0\xA0\x80\x80"), (Split{"a\xF0\xA0\x80\x80"}));
    EXPECT_EQ(split("a\xED\x9F\xBB"), (Split{"a\xED\x9F\xBB"}));
    EXPECT_EQ(split("a\xE0\x81\x81"), (Split{"a", "\xE0\x81\x81"}));
    EXPECT_EQ(split("a\xF0\x80\x81\x81"), (Split{"a", "\xF0\x80\x81\x81"}));
    EXPECT_EQ(split("1\xC0\xB1"), (Split{"1", "\xC0\xB1"}));
}

}  // namespace
}  // namespace course::tokenization
