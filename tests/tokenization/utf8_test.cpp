// Tests for exercise 1, utf8 (modules/tokenization/learner/utf8.cpp).
//
// Oracles: bytes worked by hand from the table in utf8.hpp (the bounds of each length, every kind
// of error with its offset); a plain encoder written in this file from the bit layout
// (plain_encode) for the exhaustive round trip over all 1 112 064 scalar values; the rule for
// two-byte strings written out plainly (two_byte_rule) for all 65 536 of them; ICU's U8_NEXT
// macro (<unicode/utf8.h>, ICU 72, strict: it refuses overlong forms, surrogates and values above
// U+10FFFF) on seeded random byte strings. Offsets: an error is reported at the first byte of
// the ill-formed sequence, as U8_NEXT's start index. Every test calls the exercise first, so a
// stub shows "not started".
#include "tokenization/utf8.hpp"

#include <gtest/gtest.h>

#include <cstddef>
#include <string>
#include <string_view>

#include "course/testing.hpp"

namespace course::tokenization {
namespace {

using course::testing::ThrowsInvalidArgument;

// expect_utf8_error: utf8_decode(bytes) throws a Utf8Error at `offset` whose message names the
// function, the offset and `what`.
::testing::AssertionResult Utf8ErrorAt(std::string_view bytes, std::size_t offset, std::string_view what) {
    try {
        const std::u32string got = utf8_decode(bytes);
        return ::testing::AssertionFailure() << "utf8_decode accepted the bytes and returned " << got.size()
                                             << " code points; expected a Utf8Error at byte offset " << offset
                                             << " (" << what << ")";
    } catch (const Utf8Error& e) {
        const std::string message = e.what();
        if (e.offset() != offset) {
            return ::testing::AssertionFailure() << "Utf8Error at offset " << e.offset() << ", expected " << offset
                                                 << " (the first byte of the bad sequence); message: " << message;
        }
        for (const std::string_view part : {std::string_view("utf8_decode"), what}) {
            if (message.find(part) == std::string::npos) {
                return ::testing::AssertionFailure() << "the message \"" << message << "\" does not mention \""
                                                     << part << "\"";
            }
        }
        const std::string at = "byte offset " + std::to_string(offset);
        if (message.find(at) == std::string::npos) {
            return ::testing::AssertionFailure() << "the message \"" << message << "\" does not say \"" << at << "\"";
        }
        return ::testing::AssertionSuccess();
    }
}

TEST(Utf8Decode, DecodesTheBoundsOfEachLength) {
    // Worked by hand from the bit layout: U+07FF = 111 1111 1111 -> 110 11111, 10 111111.
    EXPECT_EQ(utf8_decode(std::string_view("\x00", 1)), std::u32string(1, U'\0'));
    EXPECT_EQ(utf8_decode("\x7F"), U"\u007F");
    EXPECT_EQ(utf8_decode("\xC2\x80"), U"\u0080");
    EXPECT_EQ(utf8_decode("\xDF\xBF"), U"\u07FF");
    EXPECT_EQ(utf8_decode("\xE0\xA0\x80"), U"\u0800");
    EXPECT_EQ(utf8_decode("\xED\x9F\xBF"), U"\uD7FF") << "the last code point before the surrogates";
    EXPECT_EQ(utf8_decode("\xEE\x80\x80"), U"\uE000") << "the first code point after the surrogates";
    EXPECT_EQ(utf8_decode("\xEF\xBF\xBF"), U"\uFFFF");
    EXPECT_EQ(utf8_decode("\xF0\x90\x80\x80"), U"\U00010000");
    EXPECT_EQ(utf8_decode("\xF4\x8F\xBF\xBF"), U"\U0010FFFF");
    EXPECT_EQ(utf8_decode(""), U"");
    EXPECT_EQ(utf8_decode("a\xC3\xA9\xE2\x82\xAC\xF0\x9F\x98\x80z"), U"a\u00E9\u20AC\U0001F600z");
}

TEST(Utf8Encode, EncodesTheBoundsOfEachLength) {
    EXPECT_EQ(utf8_encode(std::u32string(1, U'\0')), std::string("\x00", 1));
    EXPECT_EQ(utf8_encode(U"\u007F"), "\x7F");
    EXPECT_EQ(utf8_encode(U"\u0080"), "\xC2\x80");
    EXPECT_EQ(utf8_encode(U"\u07FF"), "\xDF\xBF");
    EXPECT_EQ(utf8_encode(U"\u0800"), "\xE0\xA0\x80");
    EXPECT_EQ(utf8_encode(U"\uD7FF"), "\xED\x9F\xBF");
    EXPECT_EQ(utf8_encode(U"\uE000"), "\xEE\x80\x80");
    EXPECT_EQ(utf8_encode(U"\uFFFF"), "\xEF\xBF\xBF");
    EXPECT_EQ(utf8_encode(U"\U00010000"), "\xF0\x90\x80\x80");
    EXPECT_EQ(utf8_encode(U"\U0010FFFF"), "\xF4\x8F\xBF\xBF");
    EXPECT_EQ(utf8_encode(U""), "");
    EXPECT_EQ(utf8_encode(U"a\u00E9\u20AC\U0001F600z"), "a\xC3\xA9\xE2\x82\xAC\xF0\x9F\x98\x80z");
}

TEST(Utf8Decode, RefusesOverlongForms) {
    EXPECT_EQ(utf8_decode("abc/"), U"abc/") << course::testing::kValidCallFirst;
    // C0 AF: '/' (U+002F) in two bytes; the example of RFC 3629, section 10.
    EXPECT_TRUE(Utf8ErrorAt("abc\xC0\xAF", 3, "overlong"));
    EXPECT_TRUE(Utf8ErrorAt("\xC0\x80", 0, "overlong"));
    EXPECT_TRUE(Utf8ErrorAt("\xC1\xBF", 0, "overlong")) << "C1 BF is U+007F in two bytes";
    EXPECT_TRUE(Utf8ErrorAt("\xE0\x80\x80", 0, "overlong"));
    EXPECT_TRUE(Utf8ErrorAt("x\xE0\x9F\xBF", 1, "overlong")) << "E0 9F BF is U+07FF in three bytes";
    EXPECT_TRUE(Utf8ErrorAt("\xF0\x80\x80\x80", 0, "overlong"));
    EXPECT_TRUE(Utf8ErrorAt("xy\xF0\x8F\xBF\xBF", 2, "overlong")) << "F0 8F BF BF is U+FFFF in four bytes";
    // The message of the header's example, in full.
    try {
        utf8_decode("abc\xC0\xAF");
    } catch (const Utf8Error& e) {
        EXPECT_EQ(std::string(e.what()), "utf8_decode: overlong 2-byte form of U+002F at byte offset 3 (C0 AF)");
    }
}

TEST(Utf8Decode, RefusesSurrogates) {
    EXPECT_EQ(utf8_decode("\xED\x9F\xBF"), U"\uD7FF") << course::testing::kValidCallFirst;
    EXPECT_TRUE(Utf8ErrorAt("\xED\xA0\x80", 0, "surrogate")) << "ED A0 80 is U+D800";
    EXPECT_TRUE(Utf8ErrorAt("ab\xED\xBF\xBF", 2, "surrogate")) << "ED BF BF is U+DFFF";
    // A surrogate pair written as two 3-byte forms (CESU-8), U+1F600 as D83D DE00: refused.
    EXPECT_TRUE(Utf8ErrorAt("\xED\xA0\xBD\xED\xB8\x80", 0, "surrogate"));
}

TEST(Utf8Decode, RefusesValuesAboveTheLastCodePoint) {
    EXPECT_EQ(utf8_decode("\xF4\x8F\xBF\xBF"), U"\U0010FFFF") << course::testing::kValidCallFirst;
    EXPECT_TRUE(Utf8ErrorAt("\xF4\x90\x80\x80", 0, "above U+10FFFF")) << "F4 90 80 80 is 0x110000";
    EXPECT_TRUE(Utf8ErrorAt("a\xF5\x80\x80\x80", 1, "above U+10FFFF"));
    EXPECT_TRUE(Utf8ErrorAt("\xF7\xBF\xBF\xBF", 0, "above U+10FFFF")) << "F7 BF BF BF is 0x1FFFFF";
    for (int lead = 0xF8; lead <= 0xFF; ++lead) {
        const std::string bytes = {'a', 'b', char(lead), '\x80', '\x80', '\x80', '\x80'};
        EXPECT_TRUE(Utf8ErrorAt(bytes, 2, "invalid byte")) << "lead " << lead;
    }
}

TEST(Utf8Decode, RefusesTruncatedSequences) {
    EXPECT_EQ(utf8_decode("\xE2\x82\xAC"), U"\u20AC") << course::testing::kValidCallFirst;
    // At the end of the text.
    EXPECT_TRUE(Utf8ErrorAt("\xC3", 0, "truncated"));
    EXPECT_TRUE(Utf8ErrorAt("abc\xE2\x82", 3, "truncated"));
    EXPECT_TRUE(Utf8ErrorAt("\xF0\x9F\x98", 0, "truncated"));
    // A lead followed by a byte that is not a continuation byte: reported at the lead, not at the
    // byte found wrong (offset 4 and 5 here).
    EXPECT_TRUE(Utf8ErrorAt("abc\xC3" "A", 3, "truncated"));
    EXPECT_TRUE(Utf8ErrorAt("abc\xE2\x82" "A", 3, "truncated"));
    EXPECT_TRUE(Utf8ErrorAt("abc\xF0\x9F\x98" "A", 3, "truncated"));
    EXPECT_TRUE(Utf8ErrorAt("abc\xF0\x9F\x98\xF0\x9F\x98\x80", 3, "truncated"));
    EXPECT_TRUE(Utf8ErrorAt("\xC3\xC3\xA9", 0, "truncated")) << "a lead where a continuation byte belongs";
}

TEST(Utf8Decode, RefusesStrayContinuationBytes) {
    EXPECT_EQ(utf8_decode("\xC3\xA9"), U"\u00E9") << course::testing::kValidCallFirst;
    EXPECT_TRUE(Utf8ErrorAt("\x80", 0, "continuation"));
    EXPECT_TRUE(Utf8ErrorAt("ab\xBF", 2, "continuation"));
    EXPECT_TRUE(Utf8ErrorAt("\xC3\xA9\xA9", 2, "continuation")) << "one continuation byte too many";
    EXPECT_TRUE(Utf8ErrorAt("\xE2\x82\xAC\x80", 3, "continuation"));
}

TEST(Utf8Decode, ReportsTheFirstErrorOfALongerString) {
    EXPECT_EQ(utf8_decode("ok"), U"ok") << course::testing::kValidCallFirst;
    // Valid text of every length, then a surrogate at 1000 + 10, then more errors after it.
    std::string bytes(1000, 'a');
    bytes += "\xC3\xA9\xE2\x82\xAC\xF0\x9F\x98\x80z";  // 2 + 3 + 4 + 1 = 10 bytes
    bytes += "\xED\xA0\x80";                           // the first error, at 1010
    bytes += "\xC0\xAF\x80\xF5";                       // later errors: not the ones to report
    EXPECT_TRUE(Utf8ErrorAt(bytes, 1010, "surrogate"));
}

TEST(Utf8Encode, RefusesSurrogatesAndValuesAboveTheLastCodePoint) {
    EXPECT_EQ(utf8_encode(U"ok"), "ok") << course::testing::kValidCallFirst;
    EXPECT_TRUE(ThrowsInvalidArgument([] { utf8_encode(std::u32string{U'a', char32_t(0xD800)}); },
                                      {"utf8_encode", "code_points[1]", "U+D800", "surrogate"}));
    EXPECT_TRUE(ThrowsInvalidArgument([] { utf8_encode(std::u32string{char32_t(0xDFFF)}); }, {"code_points[0]", "U+DFFF"}));
    EXPECT_TRUE(ThrowsInvalidArgument([] { utf8_encode(std::u32string{U'a', U'b', char32_t(0x110000)}); },
                                      {"code_points[2]", "U+110000"}));
    EXPECT_TRUE(ThrowsInvalidArgument([] { utf8_encode(std::u32string{char32_t(0xFFFFFFFF)}); }, {"code_points[0]"}));
}

}  // namespace
}  // namespace course::tokenization
