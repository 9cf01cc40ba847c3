// Tests for exercise 6, encode (modules/tokenization/learner/encode.cpp).
//
// Oracles: merge orders worked by hand on small Bpes made here (byte_level_bpe() plus a few merges,
// see bpe_with_merges), chosen so that rank order, left-to-right order and frequency order give
// different tokens; GPT-2's original algorithm (encoder.py's bpe(): rescan for the lowest-ranked
// pair, join all its occurrences, repeat) written plainly in this file as naive_merge, for inputs
// small enough for its O(n^2); the powers of two of n for a run of n letters under doubling merges;
// decode(encode(x)) == x for seeded random bytes; GPT-2's ids for 148 strings from the npm packages
// gpt-3-encoder 1.1.4 and js-tiktoken 1.0.21, which agree id for id
// (fixtures/gpt2_golden.json, made by fixtures/gpt2_golden.mjs). Work is counted through
// EncodeStats, never timed. Every test calls the exercise first, so a stub shows "not started".
#include "tokenization/encode.hpp"

#include <gtest/gtest.h>

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <map>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "course/datasets.hpp"
#include "course/random.hpp"
#include "course/testing.hpp"
#include "tokenization/bpe.hpp"
#include "tokenization/vocab_files.hpp"
#include "gpt2_golden.hpp"

namespace course::tokenization {
namespace {

using course::testing::kValidCallFirst;
using course::testing::ThrowsInvalidArgument;

// bpe_with_merges: byte_level_bpe() plus one merge per (left, right) pair of token texts, in rank
// order; each result token (left + right) is appended once, in the order of first appearance, and
// the pairs may name tokens made by later merges (ranks need not follow the order of creation).
Bpe bpe_with_merges(const std::vector<std::pair<std::string, std::string>>& merges) {
    Bpe bpe = byte_level_bpe();
    std::map<std::string, int> id;
    for (int b = 0; b < 256; ++b) id[bpe.tokens[std::size_t(b)]] = b;
    for (const auto& [left, right] : merges) {
        if (id.count(left + right) == 0) {
            id[left + right] = int(bpe.tokens.size());
            bpe.tokens.push_back(left + right);
        }
    }
    for (const auto& [left, right] : merges) bpe.merges.push_back({id.at(left), id.at(right), id.at(left + right)});
    return bpe;
}

// ids_of: the ids of the given token texts (each must be a token of bpe).
std::vector<int> ids_of(const Bpe& bpe, const std::vector<std::string>& texts) {
    std::vector<int> ids;
    for (const std::string& t : texts) {
        int found = -1;
        for (std::size_t i = 0; i < bpe.tokens.size(); ++i) {
            if (bpe.tokens[i] == t) found = int(i);
        }
        EXPECT_GE(found, 0) << "the test's own token list: \"" << t << "\" is no token";
        ids.push_back(found);
    }
    return ids;
}

// naive_merge: GPT-2's encoder.py bpe() on one pre-token, written plainly: while some adjacent pair
// has a merge, find the lowest rank among the pairs, join every occurrence of that pair left to
// right without overlap, and look again. O(n^2) per pre-token: for small inputs only.
std::vector<int> naive_merge(const Bpe& bpe, std::string_view word) {
    std::vector<int> parts;
    for (const char c : word) parts.push_back(bpe.byte_ids[static_cast<unsigned char>(c)]);
    std::map<std::pair<int, int>, int> ranks;  // (left, right) -> the lowest rank of that pair
    for (std::size_t k = bpe.merges.size(); k-- > 0;) ranks[{bpe.merges[k].left, bpe.merges[k].right}] = int(k);
    const auto rank_of = [&](int l, int r) {
        const auto it = ranks.find({l, r});
        return it == ranks.end() ? -1 : it->second;
    };
    for (;;) {
        int best = -1;
        for (std::size_t i = 0; i + 1 < parts.size(); ++i) {
            const int r = rank_of(parts[i], parts[i + 1]);
            if (r >= 0 && (best < 0 || r < best)) best = r;
        }
        if (best < 0) return parts;
        const Merge& m = bpe.merges[std::size_t(best)];
        std::vector<int> joined;
        for (std::size_t i = 0; i < parts.size(); ++i) {
            if (i + 1 < parts.size() && parts[i] == m.left && parts[i + 1] == m.right) {
                joined.push_back(m.result);
                ++i;
            } else {
                joined.push_back(parts[i]);
            }
        }
        parts = joined;
    }
}

std::string random_bytes(course::Rng& rng, int n) {
    std::string s;
    for (int i = 0; i < n; ++i) s += char(static_cast<unsigned char>(rng.index(256)));
    return s;
}

// ---- The merge order ----

// The Bpe: rank 0 (b, c), rank 1 (a, b), rank 2 (c, d), rank 3 (ab, cd), rank 4 (a, bc).
//   "abcd" by rank: (b, c) has rank 0 -> a bc d; then (a, bc) rank 4 -> abc d.           [abc, d]
//          left to right (the first pair of the word that has a merge): (a, b) -> ab c d;
//          (c, d) -> ab cd; (ab, cd) -> abcd.                                             [abcd]
//   "bcdcd" by rank: bc d c d; (c, d) -> bc d cd.                                         [bc, d, cd]
//          by frequency in the word ((c, d) occurs twice, (b, c) once): b cd cd.          [b, cd, cd]
TEST(Encode, MergesByRankNotByPositionOrFrequency) {
    const Bpe bpe = bpe_with_merges({{"b", "c"}, {"a", "b"}, {"c", "d"}, {"ab", "cd"}, {"a", "bc"}});
    Encoder encoder(bpe);
    EXPECT_EQ(encoder.encode("abcd"), ids_of(bpe, {"abc", "d"})) << "merges applied in rank order: (b, c) first";
    EXPECT_EQ(encoder.encode("bcdcd"), ids_of(bpe, {"bc", "d", "cd"}))
        << "(b, c) has the lowest rank, although (c, d) occurs twice";
    EXPECT_EQ(encoder.encode("ab"), ids_of(bpe, {"ab"}));
    EXPECT_EQ(encoder.encode("cdab"), ids_of(bpe, {"cd", "ab"}));
    EXPECT_EQ(encoder.encode("abcd"), naive_merge(bpe, "abcd"));
}

// The Bpe: rank 0 (xy, x), rank 1 (x, y), rank 2 (xy, xy): a merge of rank 1 creates pairs of
// rank 0. GPT-2 joins every occurrence of the lowest-ranked pair before it looks again:
//   "xyxy": (x, y) has the lowest rank present -> xy xy (both); then (xy, xy) -> xyxy.  [xyxy]
//   A merger that looks again after each single merge takes (xy, x) after the first one: [xyx, y].
//   "xyx":  (x, y) -> xy x; (xy, x) -> xyx.                                              [xyx]
TEST(Encode, JoinsEveryOccurrenceOfTheLowestRankBeforeLookingAgain) {
    const Bpe bpe = bpe_with_merges({{"xy", "x"}, {"x", "y"}, {"xy", "xy"}});
    Encoder encoder(bpe);
    EXPECT_EQ(encoder.encode("xyxy"), ids_of(bpe, {"xyxy"}))
        << "every (x, y) is joined before the pairs it creates are looked at";
    EXPECT_EQ(encoder.encode("xyx"), ids_of(bpe, {"xyx"}));
    EXPECT_EQ(encoder.encode("xyxyxy"), naive_merge(bpe, "xyxyxy"));
}

// Left to right without overlap: "aaa" with (a, a) is aa a; "aaaaa" is aa aa a; with (aa, a) added
// (rank 1), "aaa" goes on to aaa, and "aaaa" is aa aa (no (aa, aa) merge).
TEST(Encode, JoinsLeftToRightWithoutOverlap) {
    const Bpe one = bpe_with_merges({{"a", "a"}});
    Encoder encoder(one);
    EXPECT_EQ(encoder.encode("aaa"), ids_of(one, {"aa", "a"}));
    EXPECT_EQ(encoder.encode("aaaaa"), ids_of(one, {"aa", "aa", "a"}));
    const Bpe two = bpe_with_merges({{"a", "a"}, {"aa", "a"}});
    Encoder encoder2(two);
    EXPECT_EQ(encoder2.encode("aaa"), ids_of(two, {"aaa"}));
    EXPECT_EQ(encoder2.encode("aaaa"), ids_of(two, {"aa", "aa"}));
    EXPECT_EQ(encoder2.encode("aaaaaaa"), naive_merge(two, "aaaaaaa"));
}

// A Bpe whose byte b has id 255 - b (as GPT-2's byte ids are not the bytes): the bytes must go
// through byte_ids. The merge (a, b) is between the ids of 'a' and 'b'.
TEST(Encode, MapsBytesThroughByteIds) {
    Bpe bpe;
    for (int i = 0; i < 256; ++i) bpe.tokens.emplace_back(1, char(static_cast<unsigned char>(255 - i)));
    for (int b = 0; b < 256; ++b) bpe.byte_ids[std::size_t(b)] = 255 - b;
    bpe.tokens.push_back("ab");
    bpe.merges.push_back({255 - 'a', 255 - 'b', 256});
    Encoder encoder(bpe);
    EXPECT_EQ(encoder.encode("abc"), (std::vector<int>{256, 255 - 'c'}));
    EXPECT_EQ(encoder.encode(std::string("\0\xff", 2)), (std::vector<int>{255, 0}));
    EXPECT_EQ(encoder.decode(std::vector<int>{256, 255 - 'c', 255, 0}), std::string("abc\0\xff", 5));
    EXPECT_EQ(&encoder.bpe().tokens, &encoder.bpe().tokens);
    EXPECT_EQ(encoder.bpe(), bpe) << "bpe() returns the Bpe the encoder was made with";
}

TEST(Encode, EmptyTextAndWordsWithoutMerges) {
    const Bpe bpe = bpe_with_merges({{"h", "i"}});
    Encoder encoder(bpe);
    EXPECT_EQ(encoder.encode(""), std::vector<int>{});
    EXPECT_EQ(encoder.encode("hi there"), (std::vector<int>{256, ' ', 't', 'h', 'e', 'r', 'e'}));
    EXPECT_EQ(encoder.encode("x"), std::vector<int>{'x'});
}

// The pre-tokens are merged apart: "ab cd" with (b, " ") would join across a boundary otherwise.
TEST(Encode, NeverMergesAcrossPreTokens) {
    const Bpe bpe = bpe_with_merges({{"b", " "}, {"a", "b"}, {" ", "c"}});
    Encoder encoder(bpe);
    EXPECT_EQ(encoder.encode("ab cd"), ids_of(bpe, {"ab", " c", "d"}));
}

// Random byte strings, invalid UTF-8 included, round-trip; against the plain GPT-2 loop too on a
// Bpe with merges over a few bytes (so that words merge a lot).
TEST(Encode, RoundTripsRandomBytesAndMatchesGpt2sLoop) {
    const Bpe bpe = bpe_with_merges({{"a", "b"}, {"b", "a"}, {"ab", "a"}, {"a", "a"}, {"ba", "b"}, {"aa", "ab"},
                                     {"\xc3", "\xa9"}, {"\x80", "\x80"}, {"b", "b"}, {"bb", "bb"}});
    Encoder encoder(bpe);
    course::Rng rng(2024);
    for (int trial = 0; trial < 200; ++trial) {
        const std::string text = random_bytes(rng, rng.index(64));
        ASSERT_EQ(encoder.decode(encoder.encode(text)), text) << "trial " << trial;
        std::string word;  // a single pre-token of letters a and b
        const int n = 1 + rng.index(40);
        for (int i = 0; i < n; ++i) word += rng.index(3) == 0 ? 'b' : 'a';
        ASSERT_EQ(encoder.encode(word), naive_merge(bpe, word)) << "the word \"" << word << "\"";
    }
}

// ---- decode ----

// U+2019 (’) is e2 80 99. With the merge (e2, 80) it is the tokens [e2 80] [99], and the first ends
// inside the character: decoding it alone must give its two bytes, not an error.
TEST(Decode, EveryPrefixOfAMultiByteCharacter) {
    const Bpe bpe = bpe_with_merges({{"\xe2", "\x80"}});
    Encoder encoder(bpe);
    const std::vector<int> ids = encoder.encode("\xe2\x80\x99");
    ASSERT_EQ(ids, (std::vector<int>{256, 0x99}));
    EXPECT_EQ(encoder.decode(std::span<const int>(ids).first(0)), "");
    EXPECT_EQ(encoder.decode(std::span<const int>(ids).first(1)), "\xe2\x80");
    EXPECT_EQ(encoder.decode(ids), "\xe2\x80\x99");
    // One byte a token: "é" (c3 a9) and a four-byte emoji (f0 9f 98 80), every prefix.
    const std::string text = "\xc3\xa9\xf0\x9f\x98\x80";
    const std::vector<int> bytes = {0xc3, 0xa9, 0xf0, 0x9f, 0x98, 0x80};
    for (std::size_t k = 0; k <= bytes.size(); ++k) {
        EXPECT_EQ(encoder.decode(std::span<const int>(bytes).first(k)), text.substr(0, k)) << "prefix of " << k;
    }
}

TEST(Decode, RefusesUnknownIds) {
    const Bpe bpe = bpe_with_merges({{"a", "b"}});
    Encoder encoder(bpe);
    ASSERT_EQ(encoder.decode(std::vector<int>{256, 0, 255}), std::string("ab\0\xff", 4)) << kValidCallFirst;
    EXPECT_TRUE(ThrowsInvalidArgument([&] { encoder.decode(std::vector<int>{5, -1}); }, {"decode", "-1", "1"}));
    EXPECT_TRUE(ThrowsInvalidArgument([&] { encoder.decode(std::vector<int>{257}); }, {"decode", "257", "0"}));
    EXPECT_TRUE(ThrowsInvalidArgument([&] { encoder.decode(std::vector<int>{1, 2, 3, -2147483647 - 1}); },
                                      {"decode", "-2147483648", "3"}));
}

TEST(Encode, RefusesABrokenBpe) {
    Bpe bpe = bpe_with_merges({{"a", "b"}});
    Encoder encoder(bpe);
    ASSERT_EQ(encoder.encode("ab"), std::vector<int>{256}) << kValidCallFirst;
    Bpe wrong_result = bpe;
    wrong_result.merges[0].result = 'c';
    EXPECT_TRUE(ThrowsInvalidArgument([&] { Encoder e(wrong_result); }, {"Encoder", "merge of rank 0"}));
    Bpe wrong_byte = bpe;
    wrong_byte.byte_ids[7] = 8;
    EXPECT_TRUE(ThrowsInvalidArgument([&] { Encoder e(wrong_byte); }, {"Encoder", "byte_ids[7]"}));
}

// ---- Special tokens ----

// bpe_with_specials: the merges (a, b), ("<", "|") and the special tokens "<|eot|>" and "<|eot|>!"
// (a longer one at the same offset), appended as tokens 258 and 259.
Bpe bpe_with_specials() {
    Bpe bpe = bpe_with_merges({{"a", "b"}, {"<", "|"}});
    bpe.tokens.push_back("<|eot|>");
    bpe.tokens.push_back("<|eot|>!");
    bpe.special_tokens = {{"<|eot|>", 258}, {"<|eot|>!", 259}};
    return bpe;
}

TEST(EncodeSpecial, AllowedBecomesItsId) {
    Encoder encoder(bpe_with_specials());
    // "ab<|eot|>ab": ab, then the special token, then ab again (pre-tokens never span it).
    EXPECT_EQ(encoder.encode("ab<|eot|>ab", SpecialTokens::allowed), (std::vector<int>{256, 258, 256}));
    EXPECT_EQ(encoder.encode("<|eot|><|eot|>", SpecialTokens::allowed), (std::vector<int>{258, 258}));
    EXPECT_EQ(encoder.encode("<|eot|>!a", SpecialTokens::allowed), (std::vector<int>{259, 'a'}))
        << "the longest special token at an offset wins";
    EXPECT_EQ(encoder.encode(" <|eot|> ", SpecialTokens::allowed), (std::vector<int>{' ', 258, ' '}));
    EXPECT_EQ(encoder.encode("<|eo", SpecialTokens::allowed), (std::vector<int>{257, 'e', 'o'}));
}

TEST(EncodeSpecial, AsTextIsOrdinaryText) {
    Bpe bpe = bpe_with_specials();
    Encoder encoder(bpe);
    // GPT-2's split of "ab<|eot|>ab": "ab", "<|", "eot", "|>", "ab".
    const std::vector<int> want = {256, 257, 'e', 'o', 't', '|', '>', 256};
    EXPECT_EQ(encoder.encode("ab<|eot|>ab", SpecialTokens::as_text), want);
    bpe.special_tokens.clear();
    Encoder plain(bpe);
    EXPECT_EQ(plain.encode("ab<|eot|>ab"), want) << "with no special tokens the text is ordinary text";
}

TEST(EncodeSpecial, DisallowedIsAnErrorNamingItAndItsOffset) {
    Encoder encoder(bpe_with_specials());
    ASSERT_EQ(encoder.encode("ab <|eot| ab"), (std::vector<int>{256, ' ', 257, 'e', 'o', 't', '|', ' ', 256}))
        << kValidCallFirst;
    EXPECT_TRUE(ThrowsInvalidArgument([&] { encoder.encode("ab <|eot|> ab"); }, {"<|eot|>", "offset 3"}))
        << "disallowed is the default";
    EXPECT_TRUE(ThrowsInvalidArgument([&] { encoder.encode("<|eot|>!", SpecialTokens::disallowed); },
                                      {"<|eot|>!", "offset 0"}));
    EXPECT_TRUE(ThrowsInvalidArgument([&] { encoder.encode("abababababab<|eot|>", SpecialTokens::disallowed); },
                                      {"<|eot|>", "offset 12"}));
}

// ---- The cost ----

// doubling_bpe: the merges (a, a) -> a^2, (a^2, a^2) -> a^4, ..., up to a^65536 (16 merges).
// A run of n letters a then ends as the powers of two of n's binary digits, largest first: each
// merge rank joins every pair of the previous power, left to right, and leaves at most one over.
Bpe doubling_bpe() {
    std::vector<std::pair<std::string, std::string>> merges;
    for (std::size_t len = 1; len < 65536; len *= 2) merges.emplace_back(std::string(len, 'a'), std::string(len, 'a'));
    return bpe_with_merges(merges);
}

// A pre-token of 100 000 letters: 99 999 merges. Each merge creates at most two new pairs, so at most
// 3n pairs are looked up and popped; GPT-2's rescan per rank would be 17 scans here, but a rescan
// after each merge is n^2 / 2 = 5e9 lookups.
TEST(EncodeCost, ARunOfOneLetterIsLinearithmic) {
    const Bpe bpe = doubling_bpe();
    Encoder encoder(bpe);
    for (const int n : {1, 2, 3, 1000, 100000}) {
        EncodeStats stats;
        const std::vector<int> ids = encoder.encode(std::string(std::size_t(n), 'a'), SpecialTokens::disallowed, stats);
        std::vector<std::string> want;
        for (int bit = 16; bit >= 0; --bit) {
            if (n & (1 << bit)) want.push_back(std::string(std::size_t(1) << bit, 'a'));
        }
        EXPECT_EQ(ids, ids_of(bpe, want)) << "a run of " << n << " letters a";
        EXPECT_LE(stats.pair_lookups, 3 * std::int64_t(n)) << "n = " << n;
        EXPECT_LE(stats.heap_pops, 3 * std::int64_t(n)) << "n = " << n;
        EXPECT_EQ(stats.words_merged, 1);
    }
}

// pairs_bpe: every pair of the 64 bytes 0x80 .. 0xbf (continuation bytes: a run of them is invalid
// UTF-8, so each is one "other" character and the run is one pre-token) has a merge, 4096 merges in
// a seeded random rank order. A random run of n such bytes then needs many different ranks: GPT-2's
// loop rescans the word once per rank (thousands of rescans of n pairs), a heap does O(n log n).
Bpe pairs_bpe() {
    std::vector<std::pair<std::string, std::string>> merges;
    for (int l = 0x80; l < 0xc0; ++l) {
        for (int r = 0x80; r < 0xc0; ++r) merges.emplace_back(std::string(1, char(l)), std::string(1, char(r)));
    }
    course::Rng rng(77);
    for (std::size_t i = merges.size() - 1; i > 0; --i) std::swap(merges[i], merges[std::size_t(rng.index(int(i + 1)))]);
    return bpe_with_merges(merges);
}

std::string continuation_bytes(course::Rng& rng, int n) {
    std::string s;
    for (int i = 0; i < n; ++i) s += char(0x80 + rng.index(64));
    return s;
}

TEST(EncodeCost, ManyRanksInOneLongPreTokenAreLinearithmic) {
    const Bpe bpe = pairs_bpe();
    Encoder encoder(bpe);
    course::Rng rng(5);
    for (const int n : {2, 7, 500, 2000, 100000}) {
        const std::string word = continuation_bytes(rng, n);
        EncodeStats stats;
        const std::vector<int> ids = encoder.encode(word, SpecialTokens::disallowed, stats);
        if (n <= 2000) {
            ASSERT_EQ(ids, naive_merge(bpe, word)) << "a run of " << n << " continuation bytes";
        }
        ASSERT_EQ(encoder.decode(ids), word);
        ASSERT_LE(std::int64_t(ids.size()), n / 2 + n / 4) << "most bytes are merged in pairs";
        ASSERT_LE(stats.pair_lookups, 3 * std::int64_t(n)) << "n = " << n;
        ASSERT_LE(stats.heap_pops, 3 * std::int64_t(n)) << "n = " << n;
        EXPECT_EQ(stats.words_merged, 1);
    }
}

// ---- The cache ----

// "ab ab ab ab": the pre-tokens "ab", " ab", " ab", " ab": two distinct ones merged, two from the
// cache; a second encode merges none.
TEST(EncodeCache, ARepeatedPreTokenIsMergedOnce) {
    const Bpe bpe = bpe_with_merges({{"a", "b"}, {" ", "ab"}});
    Encoder encoder(bpe);
    EncodeStats stats;
    EXPECT_EQ(encoder.encode("ab ab ab ab", SpecialTokens::disallowed, stats), (std::vector<int>{256, 257, 257, 257}));
    EXPECT_EQ(stats.words_merged, 2);
    EXPECT_EQ(stats.cache_hits, 2);
    EXPECT_EQ(encoder.cache_size(), 2u);
    EncodeStats again;
    EXPECT_EQ(encoder.encode("ab ab", SpecialTokens::disallowed, again), (std::vector<int>{256, 257}));
    EXPECT_EQ(again.words_merged, 0);
    EXPECT_EQ(again.cache_hits, 2);
}

// Words of one length that share their first bytes must not share their ids: the cache is keyed by
// the whole pre-token. Expected: each word encoded by a fresh encoder (an empty cache).
TEST(EncodeCache, TheKeyIsTheWholePreToken) {
    const Bpe bpe = bpe_with_merges({{"a", "b"}, {"ab", "c"}, {"abc", "d"}, {" ", "abcd"}, {"c", "e"}});
    Encoder encoder(bpe);
    const std::vector<std::string> words = {" abcd", " abce", " abcf", " abcd", "abcd", "dcba", " abce", "ab", "ba"};
    std::string text;
    std::vector<int> want;
    for (const std::string& w : words) {
        text += w;
        Encoder fresh(bpe);
        const std::vector<int> ids = fresh.encode(w);
        want.insert(want.end(), ids.begin(), ids.end());
    }
    EXPECT_EQ(encoder.encode(text), want);
    // By hand: " abcd" is one token; " abce" is " ", abc, e ((a, b) rank 0, then (ab, c) rank 1 takes
    // the c before (c, e), rank 4, is looked at); "ce" alone is one token.
    EXPECT_EQ(encoder.encode(" abcd abce ce"), ids_of(bpe, {" abcd", " ", "abc", "e", " ", "ce"}));
}

// The cache is cleared when a new entry would exceed kCacheCapacity: after kCacheCapacity + 10
// distinct pre-tokens (" 0", " 1", ...: one number each) it holds 10, and still gives right ids.
// Pre-tokens longer than kCacheMaxWordBytes are never cached.
TEST(EncodeCache, IsBoundedAndRightAfterClearing) {
    const Bpe bpe = bpe_with_merges({{" ", "1"}, {"1", "2"}, {"2", "3"}});
    Encoder encoder(bpe);
    std::string text;
    const int distinct = int(Encoder::kCacheCapacity) + 10;
    for (int i = 0; i < distinct; ++i) text += " " + std::to_string(i);
    const std::vector<int> ids = encoder.encode(text);
    EXPECT_EQ(encoder.decode(ids), text);
    EXPECT_EQ(encoder.cache_size(), 10u);
    EXPECT_EQ(encoder.encode(" 123 5"), ids_of(bpe, {" 1", "23", " ", "5"}));
    EXPECT_EQ(encoder.encode(" 123 5"), ids_of(bpe, {" 1", "23", " ", "5"})) << "from the cache";
    const std::size_t before = encoder.cache_size();
    const std::string long_word(Encoder::kCacheMaxWordBytes + 1, 'x');
    EncodeStats stats;
    encoder.encode(long_word, SpecialTokens::disallowed, stats);
    encoder.encode(long_word, SpecialTokens::disallowed, stats);
    EXPECT_EQ(stats.words_merged, 2) << "a pre-token longer than kCacheMaxWordBytes is merged every time";
    EXPECT_EQ(encoder.cache_size(), before);
    const std::string longest(Encoder::kCacheMaxWordBytes, 'x');
    EncodeStats cached;
    encoder.encode(longest, SpecialTokens::disallowed, cached);
    encoder.encode(longest, SpecialTokens::disallowed, cached);
    EXPECT_EQ(cached.words_merged, 1) << "a pre-token of kCacheMaxWordBytes is cached";
}

// ---- encode_batch ----

TEST(EncodeBatch, EqualsEncodePerDocumentOnOneAndTwoThreads) {
    const Bpe bpe = bpe_with_specials();
    Encoder encoder(bpe);
    course::Rng rng(11);
    std::vector<std::string> texts;
    for (int d = 0; d < 60; ++d) {
        std::string t;
        const int words = rng.index(30);
        for (int w = 0; w < words; ++w) t += rng.index(4) == 0 ? " ab" : rng.index(2) == 0 ? " ba<|" : random_bytes(rng, 3);
        if (d % 7 == 3) t += "<|eot|>x";
        texts.push_back(t);
    }
    texts.push_back("");
    const std::vector<std::string_view> documents(texts.begin(), texts.end());
    for (const SpecialTokens policy : {SpecialTokens::allowed, SpecialTokens::as_text}) {
        Encoder single(bpe);
        std::vector<std::vector<int>> want;
        for (const std::string& t : texts) want.push_back(single.encode(t, policy));
        for (const int threads : {1, 2, 3}) {
            EXPECT_EQ(encoder.encode_batch(documents, threads, policy), want) << threads << " threads";
        }
    }
    EXPECT_EQ(encoder.cache_size(), 0u) << "encode_batch leaves the encoder's own cache alone";
    EXPECT_EQ(encoder.encode_batch({}, 2), std::vector<std::vector<int>>{});
}

TEST(EncodeBatch, RefusesBadThreadsAndDisallowedSpecials) {
    Encoder encoder(bpe_with_specials());
    const std::vector<std::string_view> documents = {"ab", "x <|eot|>", "<|eot|>"};
    ASSERT_EQ(encoder.encode_batch(std::span(documents).first(1), 1), std::vector<std::vector<int>>{{256}})
        << kValidCallFirst;
    EXPECT_TRUE(ThrowsInvalidArgument([&] { encoder.encode_batch(documents, 0); }, {"threads", "0"}));
    EXPECT_TRUE(ThrowsInvalidArgument([&] { encoder.encode_batch(documents, -1); }, {"threads", "-1"}));
    for (const int threads : {1, 2}) {
        EXPECT_TRUE(ThrowsInvalidArgument([&] { encoder.encode_batch(documents, threads); }, {"<|eot|>", "offset 2"}))
            << "the first failing document's error, on " << threads << " threads";
    }
}


// ---- GPT-2 (load_gpt2 on data/gpt2, the ids of the npm tokenizers) ----

const Bpe& gpt2() {
    static const Bpe bpe = load_gpt2(course::data_path("gpt2/encoder.json"), course::data_path("gpt2/vocab.bpe"));
    return bpe;
}

using gpt2_fixture::golden;  // gpt2_golden.hpp
using gpt2_fixture::SameIds;

// fixtures/gpt2_golden.json: 148 strings (contractions, digits, whitespace runs, punctuation, accents,
// CJK, emoji, code, "<|endoftext|>" in text, paragraphs) with gpt-3-encoder 1.1.4's ids, equal to
// js-tiktoken 1.0.21's encode(text, [], []) (every character as text: as_text), and for the strings
// that hold "<|endoftext|>" js-tiktoken's encode(text, "all") (allowed) as ids_allowed.
TEST(EncodeGpt2, MatchesTheNpmTokenizersOnEveryGoldenString) {
    Encoder encoder(gpt2());
    // By hand from encoder.json: "Hello" is 15496, "\u0120world" (" world") 995.
    ASSERT_EQ(encoder.encode("Hello world"), (std::vector<int>{15496, 995})) << "before the fixture";
    const nlohmann::json entries = golden();
    ASSERT_GE(entries.size(), 100u);
    for (const nlohmann::json& entry : entries) {
        const std::string text = entry.at("text").get<std::string>();
        const std::vector<int> ids = entry.at("ids").get<std::vector<int>>();
        EXPECT_TRUE(SameIds(encoder.encode(text, SpecialTokens::as_text), ids, gpt2())) << "the text \"" << text << "\"";
        EXPECT_EQ(encoder.decode(ids), text) << "the text \"" << text << "\"";
        if (entry.contains("ids_allowed")) {
            const std::vector<int> allowed = entry.at("ids_allowed").get<std::vector<int>>();
            EXPECT_TRUE(SameIds(encoder.encode(text, SpecialTokens::allowed), allowed, gpt2())) << "the text \"" << text << "\"";
            EXPECT_EQ(encoder.decode(allowed), text);
        } else {
            EXPECT_TRUE(SameIds(encoder.encode(text), ids, gpt2())) << "the text \"" << text << "\" (no special token in it)";
        }
    }
}

// "<|endoftext|>" is GPT-2's special token 50256; the fixture's strings that hold it, under the
// three policies (ids from gpt-3-encoder and js-tiktoken, as above).
TEST(EncodeGpt2, EndOfTextUnderTheThreePolicies) {
    Encoder encoder(gpt2());
    EXPECT_EQ(encoder.encode("<|endoftext|>", SpecialTokens::allowed), std::vector<int>{50256});
    EXPECT_EQ(encoder.encode("<|endoftext|>", SpecialTokens::as_text),
              (std::vector<int>{27, 91, 437, 1659, 5239, 91, 29}));
    EXPECT_EQ(encoder.encode("a <|endoftext|> b", SpecialTokens::allowed), (std::vector<int>{64, 220, 50256, 275}));
    EXPECT_EQ(encoder.encode("a <|endoftext|> b", SpecialTokens::as_text),
              (std::vector<int>{64, 1279, 91, 437, 1659, 5239, 91, 29, 275}));
    EXPECT_TRUE(ThrowsInvalidArgument([&] { encoder.encode("a <|endoftext|> b"); }, {"<|endoftext|>", "offset 2"}));
    EXPECT_TRUE(ThrowsInvalidArgument([&] { encoder.encode("Hello<|endoftext|>world", SpecialTokens::disallowed); },
                                      {"<|endoftext|>", "offset 5"}));
    EXPECT_EQ(encoder.encode("<|endoftext"), (std::vector<int>{27, 91, 437, 1659, 5239})) << "not a special token";
}

// Seeded random byte strings (mostly invalid UTF-8) and random mixes of ASCII, accented letters,
// CJK and emoji round-trip through GPT-2's tokenizer.
TEST(EncodeGpt2, RoundTripsRandomBytes) {
    Encoder encoder(gpt2());
    course::Rng rng(31337);
    const std::vector<std::string> pieces = {"a", "Z", " ", "  ", "\n", "7", "\xc3\xa9", "\xe4\xb8\xad", "\xf0\x9f\x98\x80",
                                             "'s", "!", "\t", "\xe2\x80\x99"};
    for (int trial = 0; trial < 300; ++trial) {
        const std::string bytes = random_bytes(rng, rng.index(80));
        ASSERT_EQ(encoder.decode(encoder.encode(bytes)), bytes) << "trial " << trial;
        std::string text;
        for (int k = rng.index(40); k > 0; --k) text += pieces[std::size_t(rng.index(int(pieces.size())))];
        ASSERT_EQ(encoder.decode(encoder.encode(text)), text) << "trial " << trial;
    }
}

// "she\u2019s" is [7091, 447, 247, 82] (fixture): 447 is the bytes e2 80, 247 the byte 99 of U+2019.
// Every prefix of the ids decodes to a prefix of the bytes, the one ending inside the quote too.
TEST(EncodeGpt2, DecodesEveryPrefixOfACurlyQuote) {
    Encoder encoder(gpt2());
    const std::string text = "she\xe2\x80\x99s";
    const std::vector<int> ids = encoder.encode(text);
    ASSERT_EQ(ids, (std::vector<int>{7091, 447, 247, 82}));
    const std::vector<std::string> want = {"", "she", "she\xe2\x80", "she\xe2\x80\x99", text};
    for (std::size_t k = 0; k <= ids.size(); ++k) {
        EXPECT_EQ(encoder.decode(std::span<const int>(ids).first(k)), want[k]) << "the first " << k << " ids";
    }
    EXPECT_TRUE(ThrowsInvalidArgument([&] { encoder.decode(std::vector<int>{7091, 50257}); }, {"50257", "1"}));
}

TEST(EncodeGpt2, BatchEqualsEncodeOnTheGoldenStrings) {
    Encoder encoder(gpt2());
    const nlohmann::json entries = golden();
    std::vector<std::string> texts;
    std::vector<std::vector<int>> want;
    for (const nlohmann::json& entry : entries) {
        texts.push_back(entry.at("text").get<std::string>());
        want.push_back(entry.at("ids").get<std::vector<int>>());
    }
    const std::vector<std::string_view> documents(texts.begin(), texts.end());
    for (const int threads : {1, 2}) {
        EXPECT_EQ(encoder.encode_batch(documents, threads, SpecialTokens::as_text), want) << threads << " threads";
    }
}


// A pair listed twice keeps its lower rank: rank 0 (b, c), rank 1 (a, b), rank 2 (b, c) again.
// "abc": (b, c) has rank 0 -> a bc; taking its rank as 2 would join (a, b) first -> ab c.
TEST(Encode, ARepeatedMergeKeepsItsLowestRank) {
    const Bpe bpe = bpe_with_merges({{"b", "c"}, {"a", "b"}, {"b", "c"}});
    Encoder encoder(bpe);
    EXPECT_EQ(encoder.encode("abc"), ids_of(bpe, {"a", "bc"}));
    EXPECT_EQ(encoder.encode("abc"), naive_merge(bpe, "abc"));
}

// The longest special token at an offset wins whatever their order in the list, and the earliest
// offset wins over a longer token later in the text.
TEST(EncodeSpecial, TheLongestAtTheEarliestOffsetWins) {
    Bpe bpe = bpe_with_merges({{"a", "b"}});
    bpe.tokens.push_back("<s>");
    bpe.tokens.push_back("<s>x");
    bpe.tokens.push_back("s>xy");
    bpe.special_tokens = {{"<s>x", 258}, {"<s>", 257}, {"s>xy", 259}};
    Encoder encoder(bpe);
    EXPECT_EQ(encoder.encode("<s>xab", SpecialTokens::allowed), (std::vector<int>{258, 256}));
    EXPECT_EQ(encoder.encode("<s>ab", SpecialTokens::allowed), (std::vector<int>{257, 256}));
    EXPECT_EQ(encoder.encode("<s>xy", SpecialTokens::allowed), (std::vector<int>{258, 'y'}))
        << "\"<s>x\" at offset 0 comes before \"s>xy\" at offset 1";
    EXPECT_EQ(encoder.encode("s>xy<s>", SpecialTokens::allowed), (std::vector<int>{259, 257}));
    EXPECT_TRUE(ThrowsInvalidArgument([&] { encoder.encode("ab s>xy <s>"); }, {"s>xy", "offset 3"}));
}

// The counts are of the work done, not only bounded: a pre-token of n bytes without any merge is
// exactly n - 1 look-ups and no pop; each of the m merges is one pop at least, and each merge that
// leaves two parts or more creates a pair that must be looked up. So with k tokens out (k >= 2),
// lookups >= (n - 1) + m and pops >= m, where m = n - k.
TEST(EncodeCost, CountsEveryLookupAndPop) {
    const Bpe bpe = pairs_bpe();
    Encoder encoder(bpe);
    EncodeStats none;
    const std::string letters = "abcdefghijklmnopqrstuvwxyz";  // no merge among letters
    ASSERT_EQ(encoder.encode(letters, SpecialTokens::disallowed, none).size(), letters.size());
    EXPECT_EQ(none.pair_lookups, std::int64_t(letters.size()) - 1);
    EXPECT_EQ(none.heap_pops, 0);
    course::Rng rng(8);
    for (const int n : {10, 300, 5000}) {
        const std::string word = continuation_bytes(rng, n);
        EncodeStats stats;
        const std::vector<int> ids = encoder.encode(word, SpecialTokens::disallowed, stats);
        ASSERT_GE(ids.size(), 2u);
        const std::int64_t merges = n - std::int64_t(ids.size());
        EXPECT_GE(stats.heap_pops, merges) << "n = " << n;
        EXPECT_GE(stats.pair_lookups, (n - 1) + merges) << "n = " << n;
    }
    const Bpe doubling = doubling_bpe();
    Encoder run(doubling);
    EncodeStats stats;
    const std::vector<int> ids = run.encode(std::string(1000, 'a'), SpecialTokens::disallowed, stats);
    const std::int64_t merges = 1000 - std::int64_t(ids.size());
    EXPECT_GE(stats.heap_pops, merges);
    EXPECT_GE(stats.pair_lookups, 999 + merges);
}

// Token 0 is a token like any other: runs of the byte 0 (a control character: one pre-token) with
// the merges (\0, \0) and (\0\0, \0\0). By hand, "\0\0\0\0" is \0\0 \0\0, then \0\0\0\0; five bytes
// leave one \0 over; against GPT-2's loop on runs of 1 to 40 bytes.
TEST(Encode, MergesOfTokenZeroLikeAnyOther) {
    const std::string z(1, '\0');
    const Bpe bpe = bpe_with_merges({{z, z}, {z + z, z + z}});
    Encoder encoder(bpe);
    EXPECT_EQ(encoder.encode(std::string(4, '\0')), ids_of(bpe, {std::string(4, '\0')}));
    EXPECT_EQ(encoder.encode(std::string(5, '\0')), ids_of(bpe, {std::string(4, '\0'), z}));
    for (int n = 1; n <= 40; ++n) {
        const std::string run(std::size_t(n), '\0');
        EXPECT_EQ(encoder.encode(run), naive_merge(bpe, run)) << "a run of " << n << " zero bytes";
    }
}

// Two special tokens with the same text: the first listed wins (a tie in length at one offset).
TEST(EncodeSpecial, TheFirstListedWinsBetweenTwoOfTheSameText) {
    Bpe bpe = bpe_with_merges({{"a", "b"}});
    bpe.tokens.push_back("<e>");
    bpe.tokens.push_back("<e>");
    bpe.special_tokens = {{"<e>", 258}, {"<e>", 257}};
    Encoder encoder(bpe);
    EXPECT_EQ(encoder.encode("ab<e>", SpecialTokens::allowed), (std::vector<int>{256, 258}));
}
}  // namespace
}  // namespace course::tokenization
