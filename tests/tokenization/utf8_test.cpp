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
#include <unicode/utf8.h>

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>

#include "course/random.hpp"
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
    // The header's example: the value and the bytes.
    EXPECT_TRUE(ThrowsInvalidArgument([] { utf8_decode("abc\xC0\xAF"); },
                                      {"utf8_decode: overlong", "U+002F", "at byte offset 3", "(C0 AF)"}));
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


// plain_encode: the UTF-8 form of one scalar value, written from the bit layout in utf8.hpp.
std::string plain_encode(char32_t c) {
    if (c <= 0x7F) return {char(c)};
    if (c <= 0x7FF) return {char(0xC0 + (c >> 6)), char(0x80 + (c & 63))};
    if (c <= 0xFFFF) return {char(0xE0 + (c >> 12)), char(0x80 + ((c >> 6) & 63)), char(0x80 + (c & 63))};
    return {char(0xF0 + (c >> 18)), char(0x80 + ((c >> 12) & 63)), char(0x80 + ((c >> 6) & 63)),
            char(0x80 + (c & 63))};
}

TEST(Utf8, RoundTripsEveryScalarValue) {
    // All 1 112 064 scalar values (U+0000 .. U+10FFFF without the 2048 surrogates), in one string.
    std::u32string all;
    std::string want;
    for (char32_t c = 0; c <= 0x10FFFF; ++c) {
        if (c >= 0xD800 && c <= 0xDFFF) continue;
        all.push_back(c);
        want += plain_encode(c);
    }
    ASSERT_EQ(all.size(), 1112064u);
    const std::string bytes = utf8_encode(all);
    ASSERT_EQ(bytes.size(), want.size()) << "128 + 2 * 1920 + 3 * 61440 + 4 * 1048576 bytes";
    for (std::size_t i = 0, c = 0; i < want.size(); i += plain_encode(all[c]).size(), ++c) {
        ASSERT_EQ(bytes.substr(i, plain_encode(all[c]).size()), plain_encode(all[c]))
            << "utf8_encode of " << code_point_name(all[c]) << " at byte offset " << i;
    }
    const std::u32string back = utf8_decode(bytes);
    ASSERT_EQ(back.size(), all.size());
    for (std::size_t c = 0; c < all.size(); ++c) {
        ASSERT_EQ(unsigned(back[c]), unsigned(all[c])) << "the " << c << "-th code point decoded wrongly";
    }
}

// TwoByteOutcome: what the plain rule says of a two-byte string: its code points, or the offset
// of its first error.
struct TwoByteOutcome {
    std::u32string code_points;
    std::size_t error_offset = std::string::npos;
};

// two_byte_rule: the plain rule for a string of two bytes b0 b1. Both ASCII: two code points.
// b0 in C2..DF and b1 in 80..BF: one code point of 11 bits. Otherwise an error: at offset 0 unless
// b0 is ASCII (then b1 alone is a stray continuation byte or a sequence cut short: offset 1).
// C0 and C1 only start overlong forms; E0..F4 need more than two bytes; F5..FF start nothing.
TwoByteOutcome two_byte_rule(unsigned b0, unsigned b1) {
    if (b0 < 0x80 && b1 < 0x80) return {{char32_t(b0), char32_t(b1)}, std::string::npos};
    if (b0 >= 0xC2 && b0 <= 0xDF && b1 >= 0x80 && b1 <= 0xBF) {
        return {{char32_t(((b0 - 0xC0) * 64) + (b1 - 0x80))}, std::string::npos};
    }
    return {{}, b0 < 0x80 ? 1u : 0u};
}

TEST(Utf8Decode, AgreesWithThePlainRuleOnEveryTwoByteString) {
    for (unsigned b0 = 0; b0 < 256; ++b0) {
        for (unsigned b1 = 0; b1 < 256; ++b1) {
            const std::string bytes = {char(b0), char(b1)};
            const TwoByteOutcome want = two_byte_rule(b0, b1);
            if (want.error_offset == std::string::npos) {
                ASSERT_EQ(utf8_decode(bytes), want.code_points) << "bytes " << b0 << " " << b1;
            } else {
                try {
                    const std::u32string got = utf8_decode(bytes);
                    FAIL() << "bytes " << b0 << " " << b1 << " decoded to " << got.size() << " code points (the first "
                           << code_point_name(got.empty() ? 0 : got[0]) << "); expected a Utf8Error at offset "
                           << want.error_offset;
                } catch (const Utf8Error& e) {
                    ASSERT_EQ(e.offset(), want.error_offset) << "bytes " << b0 << " " << b1 << ": " << e.what();
                }
            }
        }
    }
}

// icu_decode: the oracle: ICU's U8_NEXT over the whole string. Returns the code points before the
// first error and the offset where U8_NEXT started the sequence it refused (npos if none).
std::pair<std::u32string, std::size_t> icu_decode(const std::string& bytes) {
    std::u32string code_points;
    const auto* s = reinterpret_cast<const std::uint8_t*>(bytes.data());
    const auto length = std::int32_t(bytes.size());
    std::int32_t i = 0;
    while (i < length) {
        const std::int32_t start = i;
        UChar32 c = 0;
        U8_NEXT(s, i, length, c);
        if (c < 0) return {code_points, std::size_t(start)};
        code_points.push_back(char32_t(c));
    }
    return {code_points, std::string::npos};
}

TEST(Utf8Decode, AgreesWithIcuOnSeededRandomBytes) {
    // Random strings built from pieces: the encoding of a random scalar value of each length, a
    // random byte, a random continuation byte, or the first bytes of a random 3- or 4-byte form, so
    // that valid text, every kind of error and errors deep into a string all occur.
    course::Rng rng(1234567);
    int errors = 0, valid = 0;
    for (int trial = 0; trial < 20000; ++trial) {
        std::string bytes;
        const int pieces = rng.index(12);
        for (int p = 0; p < pieces; ++p) {
            const int kind = rng.index(10);
            if (kind < 6) {
                const char32_t bounds[4] = {0x80, 0x800, 0x10000, 0x110000};
                const char32_t limit = bounds[rng.index(4)];
                char32_t c = char32_t(rng.index(int(limit)));
                if (c >= 0xD800 && c <= 0xDFFF) c -= 0x800;
                bytes += plain_encode(c);
            } else if (kind == 6) {
                bytes.push_back(char(rng.index(256)));
            } else if (kind == 7) {
                bytes.push_back(char(0x80 + rng.index(64)));
            } else {
                const std::string whole = plain_encode(char32_t(0x800 + rng.index(0x110000 - 0x800)));
                bytes += whole.substr(0, 1 + std::size_t(rng.index(int(whole.size()))));
            }
        }
        const auto [want, want_offset] = icu_decode(bytes);
        if (want_offset == std::string::npos) {
            ++valid;
            ASSERT_EQ(utf8_decode(bytes), want) << "trial " << trial << ", " << bytes.size() << " bytes";
        } else {
            ++errors;
            try {
                utf8_decode(bytes);
                FAIL() << "trial " << trial << ": accepted, but ICU's U8_NEXT refuses the sequence at byte offset "
                       << want_offset;
            } catch (const Utf8Error& e) {
                ASSERT_EQ(e.offset(), want_offset) << "trial " << trial << ": " << e.what();
            }
        }
    }
    EXPECT_GT(errors, 5000) << "the generator should make many invalid strings";
    EXPECT_GT(valid, 5000) << "the generator should make many valid strings";
}


TEST(Utf8Decode, AgreesWithIcuOnEveryLeadAndSecondByte) {
    // Every lead C0..FF, every second byte, then nothing or two continuation bytes and an 'a': the
    // bounds E0 A0, ED 9F / ED A0, F0 90, F4 8F / F4 90 and all others, cut short or whole, against
    // ICU's U8_NEXT (see icu_decode). A prefix "ab" moves the expected offset to 2. (Stray
    // continuation leads 80..BF are RefusesStrayContinuationBytes'; a wider sweep costs a second
    // in exceptions.)
    int refused = 0;
    for (unsigned lead = 0xC0; lead < 0x100; ++lead) {
        for (unsigned second = 0; second < 0x100; ++second) {
            for (const std::string_view tail : {"", "\x80\x80" "a"}) {
                const std::string bytes = "ab" + std::string{char(lead), char(second)} + std::string(tail);
                const auto [want, want_offset] = icu_decode(bytes);
                if (want_offset == std::string::npos) {
                    ASSERT_EQ(utf8_decode(bytes), want) << "lead " << lead << ", second byte " << second;
                    continue;
                }
                ++refused;
                try {
                    utf8_decode(bytes);
                    FAIL() << "lead " << lead << ", second byte " << second << ", tail of " << tail.size()
                           << " bytes: accepted, but ICU's U8_NEXT refuses it at byte offset " << want_offset;
                } catch (const Utf8Error& e) {
                    ASSERT_EQ(e.offset(), want_offset) << "lead " << lead << ", second byte " << second << ": "
                                                       << e.what();
                }
            }
        }
    }
    EXPECT_GT(refused, 0);
}


TEST(Utf8Decode, ShowsTheBytesReadOfTheBadSequence) {
    EXPECT_EQ(utf8_decode("a"), U"a") << course::testing::kValidCallFirst;
    // The bytes in parentheses: the lead through the byte found wrong, or the whole sequence; one
    // byte for a stray continuation byte or F8..FF, whatever follows it.
    EXPECT_TRUE(ThrowsInvalidArgument([] { utf8_decode("a\x80\x80"); }, {"stray continuation byte", "(80)"}));
    EXPECT_TRUE(ThrowsInvalidArgument([] { utf8_decode("a\xF8\x80\x80\x80"); }, {"invalid byte", "(F8)"}));
    EXPECT_TRUE(ThrowsInvalidArgument([] { utf8_decode("a\xE2" "A\x80"); }, {"truncated", "(E2 41)"}));
    EXPECT_TRUE(ThrowsInvalidArgument([] { utf8_decode("a\xF0\x9F\x98" "A"); }, {"truncated", "(F0 9F 98 41)"}));
    EXPECT_TRUE(ThrowsInvalidArgument([] { utf8_decode("a\xE2\x82"); }, {"truncated", "(E2 82)"}));
    EXPECT_TRUE(ThrowsInvalidArgument([] { utf8_decode("a\xE0\x80\x80" "b"); }, {"overlong", "(E0 80 80)"}));
    EXPECT_TRUE(ThrowsInvalidArgument([] { utf8_decode("\xED\xA0\x80\x80"); }, {"surrogate", "U+D800", "(ED A0 80)"}));
    EXPECT_TRUE(ThrowsInvalidArgument([] { utf8_decode("\xF4\x90\x80\x80\x80"); },
                                      {"above U+10FFFF", "U+110000", "(F4 90 80 80)"}));
}

}  // namespace
}  // namespace course::tokenization
