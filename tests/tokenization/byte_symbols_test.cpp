// Tests for exercise 2, byte_symbols (modules/tokenization/learner/byte_symbols.cpp).
//
// Oracles: bytes pinned by hand from the rule in the header (' ' is the 33rd byte that is not
// printable: U+0100 + 32 = U+0120 'Ġ'); the 256 symbols of the npm package gpt-3-encoder 1.1.4
// (Encoder.js, bytes_to_unicode), frozen in fixtures/byte_symbols_golden.hpp by the script beside
// it; ICU's general categories (u_charType) for "every symbol is visible"; a two-line UTF-8 encoder
// written plainly in this file for the expected text (symbols are below U+0800: 1 or 2 bytes).
// Round trips on seeded random byte strings. Every test calls the exercise first, so a stub shows
// "not started".
#include "tokenization/byte_symbols.hpp"

#include <gtest/gtest.h>
#include <unicode/uchar.h>

#include <array>
#include <cstddef>
#include <set>
#include <string>
#include <string_view>

#include "course/random.hpp"
#include "course/testing.hpp"
#include "fixtures/byte_symbols_golden.hpp"

namespace course::tokenization {
namespace {

using course::testing::ThrowsInvalidArgument;

// plain_utf8: the UTF-8 form of a code point below U+0800, written from the table in utf8.hpp.
std::string plain_utf8(char32_t c) {
    if (c < 0x80) return std::string(1, char(c));
    return {char(0xC0 | (c >> 6)), char(0x80 | (c & 0x3F))};
}

TEST(GptTwoByteSymbols, PinsTheBytesWorkedByHand) {
    const std::array<char32_t, 256> s = gpt2_byte_symbols();
    // The 68 bytes that are not printable, in increasing order: 0x00..0x20 (33 bytes, k = 0..32),
    // 0x7F..0xA0 (34 bytes, k = 33..66), 0xAD (k = 67).
    EXPECT_EQ(s[0x00], char32_t(0x100)) << "byte 0x00 is the first byte that is not printable: U+0100";
    EXPECT_EQ(s['\t'], char32_t(0x109));
    EXPECT_EQ(s['\n'], char32_t(0x10A)) << "'\\n' is U+010A 'Ċ' in GPT-2's vocabulary";
    EXPECT_EQ(s[' '], char32_t(0x120)) << "' ' is U+0120 'Ġ' in GPT-2's vocabulary (\"Ġthe\")";
    EXPECT_EQ(s['!'], char32_t('!'));
    EXPECT_EQ(s['A'], char32_t('A'));
    EXPECT_EQ(s['~'], char32_t('~'));
    EXPECT_EQ(s[0x7F], char32_t(0x121)) << "DEL comes right after the 33 bytes 0x00..0x20";
    EXPECT_EQ(s[0x80], char32_t(0x122));
    EXPECT_EQ(s[0xA0], char32_t(0x142)) << "0xA0 (no-break space) is the 67th: U+0100 + 66";
    EXPECT_EQ(s[0xA1], char32_t(0xA1));
    EXPECT_EQ(s[0xAC], char32_t(0xAC));
    EXPECT_EQ(s[0xAD], char32_t(0x143)) << "0xAD (soft hyphen, invisible) is the 68th and last: U+0143";
    EXPECT_EQ(s[0xAE], char32_t(0xAE));
    EXPECT_EQ(s[0xFF], char32_t(0xFF));
}

TEST(GptTwoByteSymbols, MatchesGptThreeEncoderForAll256Bytes) {
    const std::array<char32_t, 256> s = gpt2_byte_symbols();
    for (int b = 0; b < 256; ++b) {
        EXPECT_EQ(unsigned(s[std::size_t(b)]), unsigned(golden::kGpt2ByteSymbols[std::size_t(b)]))
            << "byte " << b << ": gpt-3-encoder 1.1.4's bytes_to_unicode gives "
            << code_point_name(golden::kGpt2ByteSymbols[std::size_t(b)]);
    }
}

TEST(GptTwoByteSymbols, IsABijectionOntoVisibleCharacters) {
    const std::array<char32_t, 256> s = gpt2_byte_symbols();
    const std::set<char32_t> distinct(s.begin(), s.end());
    EXPECT_EQ(distinct.size(), 256u) << "two bytes share a symbol: decoding could not tell them apart";
    for (int b = 0; b < 256; ++b) {
        const char32_t c = s[std::size_t(b)];
        EXPECT_LE(unsigned(c), 0x143u) << "byte " << b;
        // ICU's general category: no control (Cc), format (Cf), separator (Zs, Zl, Zp) or
        // unassigned (Cn) character may stand for a byte.
        const auto type = UCharCategory(u_charType(UChar32(c)));
        EXPECT_TRUE(type != U_CONTROL_CHAR && type != U_FORMAT_CHAR && type != U_SPACE_SEPARATOR &&
                    type != U_LINE_SEPARATOR && type != U_PARAGRAPH_SEPARATOR && type != U_UNASSIGNED)
            << "byte " << b << " has the symbol " << code_point_name(c) << " of general category " << int(type)
            << ", which is not visible";
    }
}

TEST(BytesToSymbols, WritesAHandWorkedSentence) {
    // "Hi there\n": ' ' -> U+0120 (C4 A0), '\n' -> U+010A (C4 8A).
    EXPECT_EQ(bytes_to_symbols("Hi there\n"), "Hi\xC4\xA0there\xC4\x8A");
    EXPECT_EQ(bytes_to_symbols(""), "");
    // E2 82 AC, the UTF-8 of the euro sign, is three bytes and so three symbols: 0xE2 and 0xAC are
    // printable (U+00E2, U+00AC); 0x82 is the 37th byte that is not (0x00..0x20, 0x7F, 0x80, 0x81
    // come before it): U+0100 + 36 = U+0124.
    EXPECT_EQ(bytes_to_symbols("\xE2\x82\xAC"), "\xC3\xA2\xC4\xA4\xC2\xAC");
}

TEST(BytesToSymbols, WritesEveryByteInOrder) {
    std::string all, want;
    for (int b = 0; b < 256; ++b) {
        all.push_back(char(b));
        want += plain_utf8(golden::kGpt2ByteSymbols[std::size_t(b)]);
    }
    EXPECT_EQ(bytes_to_symbols(all), want);
    EXPECT_EQ(symbols_to_bytes(want), all);
}

TEST(SymbolsToBytes, RoundTripsSeededRandomByteStrings) {
    course::Rng rng(20260101);
    for (int trial = 0; trial < 300; ++trial) {
        const int n = trial < 10 ? trial : rng.index(2000);
        std::string bytes;
        for (int i = 0; i < n; ++i) bytes.push_back(char(rng.index(256)));
        const std::string symbols = bytes_to_symbols(bytes);
        std::string want;  // the expected symbols, from the fixture
        for (const char b : bytes) want += plain_utf8(golden::kGpt2ByteSymbols[static_cast<unsigned char>(b)]);
        ASSERT_EQ(symbols, want) << "trial " << trial << ", " << n << " bytes";
        ASSERT_EQ(symbols_to_bytes(symbols), bytes) << "trial " << trial << ", " << n << " bytes";
    }
}

TEST(SymbolsToBytes, RefusesACodePointThatIsNoBytesSymbol) {
    EXPECT_EQ(symbols_to_bytes("\xC4\xA0" "a"), " a") << course::testing::kValidCallFirst;
    // "Ġa" then U+00AD (C2 AD): the soft hyphen is 0xAD's Latin-1 character, but 0xAD's symbol is
    // U+0143. Its byte offset is 3 (2 bytes of 'Ġ', 1 of 'a').
    EXPECT_TRUE(ThrowsInvalidArgument([] { symbols_to_bytes("\xC4\xA0" "a\xC2\xAD" "b"); },
                                      {"symbols_to_bytes", "U+00AD", "byte offset 3"}));
    // A raw space is not a symbol (' ' is written 'Ġ'); nor is U+0144, one past the last symbol.
    EXPECT_TRUE(ThrowsInvalidArgument([] { symbols_to_bytes("ab c"); }, {"U+0020", "byte offset 2"}));
    EXPECT_TRUE(ThrowsInvalidArgument([] { symbols_to_bytes("\xC5\x83\xC5\x84"); }, {"U+0144", "byte offset 2"}));
    // Controls and characters far away: U+0000 at offset 0; U+4E2D (3 bytes) after "x".
    EXPECT_TRUE(ThrowsInvalidArgument([] { symbols_to_bytes(std::string_view("\0", 1)); }, {"U+0000", "byte offset 0"}));
    EXPECT_TRUE(ThrowsInvalidArgument([] { symbols_to_bytes("x\xE4\xB8\xAD"); }, {"U+4E2D", "byte offset 1"}));
    EXPECT_TRUE(ThrowsInvalidArgument([] { symbols_to_bytes("\xF0\x9F\x98\x80"); }, {"U+1F600", "byte offset 0"}));
}

TEST(SymbolsToBytes, RefusesInvalidUtf8WithItsOffset) {
    EXPECT_EQ(symbols_to_bytes("ab"), "ab") << course::testing::kValidCallFirst;
    // "ab" then C4 with nothing after it: truncated at byte offset 2.
    EXPECT_TRUE(ThrowsInvalidArgument([] { symbols_to_bytes("ab\xC4"); }, {"symbols_to_bytes", "byte offset 2"}));
    // A lone byte 0xA0 (a continuation byte) at offset 1.
    EXPECT_TRUE(ThrowsInvalidArgument([] { symbols_to_bytes("a\xA0"); }, {"symbols_to_bytes", "byte offset 1"}));
    // C1 A1 is an overlong form of U+0061 'a' at offset 0: not 'a'.
    EXPECT_TRUE(ThrowsInvalidArgument([] { symbols_to_bytes("\xC1\xA1"); }, {"symbols_to_bytes", "byte offset 0"}));
}

}  // namespace
}  // namespace course::tokenization
