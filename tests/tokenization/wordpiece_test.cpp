// Tests for exercise 8, wordpiece (modules/tokenization/learner/wordpiece.cpp).
//
// Oracles: vocabularies small enough to work by hand ("unaffable" -> un ##aff ##able, BERT's
// README and Wu et al. 2016); BERT's own WordpieceTokenizer loop (google-research/bert,
// tokenization.py: per start, probe a hash set with chars[start:end] for end from the longest down,
// "##" in front after the first piece, [UNK] for the whole word when a start has no match) written
// again plainly in this file (bert_loop), on characters, compared with encode_word on seeded random
// vocabularies and words; the splitting rules of BERT's BasicTokenizer worked by hand on short
// texts. Cost: trie_steps() counted on words of 2000 bytes shaped so that probing every length
// costs n^2 / 2 look-ups. No golden file from Python's transformers: hand-worked cases and the
// loop above stand in for it. Every test builds a WordPiece first, so a stub shows "not started".
#include "tokenization/wordpiece.hpp"

#include <gtest/gtest.h>

#include <climits>
#include <cstddef>
#include <cstdint>
#include <set>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "course/random.hpp"
#include "course/testing.hpp"
#include "tokenization/utf8.hpp"

namespace course::tokenization {
namespace {

using course::testing::ThrowsInvalidArgument;

// ids_of: the ids of `tokens` in `wp` (by a linear search of its vocabulary, not through id()).
std::vector<int> ids_of(const WordPiece& wp, const std::vector<std::string>& tokens) {
    std::vector<int> ids;
    for (const std::string& t : tokens) {
        int found = -1;
        for (std::size_t i = 0; i < wp.vocab().size(); ++i) {
            if (wp.vocab()[i] == t) found = int(i);
        }
        EXPECT_GE(found, 0) << "the test's token \"" << t << "\" is not in the vocabulary";
        ids.push_back(found);
    }
    return ids;
}

// tokens_of: the token texts of `ids`, for readable failures.
std::vector<std::string> tokens_of(const WordPiece& wp, const std::vector<int>& ids) {
    std::vector<std::string> tokens;
    for (const int id : ids) {
        tokens.push_back(id >= 0 && std::size_t(id) < wp.vocab().size() ? wp.vocab()[std::size_t(id)] : "<bad id>");
    }
    return tokens;
}

TEST(WordPiece, SplitsUnaffableAsInBertsExample) {
    // Distractors that are shorter matches at each start: u; ##a, ##af; ##ab, ##abl.
    const WordPiece wp({"[UNK]", "u", "un", "##a", "##af", "##aff", "##ab", "##abl", "##able", "a"});
    const std::vector<int> got = wp.encode_word("unaffable");
    EXPECT_EQ(tokens_of(wp, got), (std::vector<std::string>{"un", "##aff", "##able"}));
    EXPECT_EQ(got, ids_of(wp, {"un", "##aff", "##able"}));
    EXPECT_EQ(wp.encode_word(""), std::vector<int>{}) << "an empty word has no pieces";
    EXPECT_EQ(wp.encode_word("a"), ids_of(wp, {"a"}));
}

TEST(WordPiece, TakesTheLongestMatchNotTheShortest) {
    const WordPiece wp({"[UNK]", "a", "ab", "abc", "##d", "##de", "##e", "##c"});
    // From 0: a, ab, abc all match: abc. From 3: ##d, ##de: ##de.
    EXPECT_EQ(tokens_of(wp, wp.encode_word("abcde")), (std::vector<std::string>{"abc", "##de"}));
    EXPECT_EQ(tokens_of(wp, wp.encode_word("abce")), (std::vector<std::string>{"abc", "##e"}));
    EXPECT_EQ(tokens_of(wp, wp.encode_word("abe")), (std::vector<std::string>{"ab", "##e"}));
}

TEST(WordPiece, LooksUpContinuationPiecesWithTheirPrefix) {
    // "c" is a word-start token, "##d" a continuation: "abc" cannot use "c" after "ab".
    const WordPiece wp({"[UNK]", "ab", "c", "##d", "d"});
    EXPECT_EQ(tokens_of(wp, wp.encode_word("abd")), (std::vector<std::string>{"ab", "##d"}));
    EXPECT_EQ(tokens_of(wp, wp.encode_word("abc")), (std::vector<std::string>{"[UNK]"}))
        << "\"c\" is not \"##c\": after the first piece only continuation pieces count";
    EXPECT_EQ(tokens_of(wp, wp.encode_word("c")), (std::vector<std::string>{"c"}));
    // Another prefix: "@@" (subword-nmt's marker, here in front). "##d" is then an ordinary token.
    const WordPiece at({"<unk>", "ab", "@@d", "##d"}, "<unk>", "@@");
    EXPECT_EQ(tokens_of(at, at.encode_word("abd")), (std::vector<std::string>{"ab", "@@d"}));
    EXPECT_EQ(tokens_of(at, at.encode_word("ab##d")), (std::vector<std::string>{"<unk>"}));
    // An empty prefix: continuation pieces are ordinary tokens.
    const WordPiece none({"[UNK]", "ab", "c"}, "[UNK]", "");
    EXPECT_EQ(tokens_of(none, none.encode_word("abc")), (std::vector<std::string>{"ab", "c"}));
}

TEST(WordPiece, AWordThatCannotBeSplitBecomesOneUnknownToken) {
    const WordPiece wp({"ab", "##c", "[UNK]", "x"});
    EXPECT_EQ(tokens_of(wp, wp.encode_word("abc")), (std::vector<std::string>{"ab", "##c"}));
    // "ab" matches, then nothing at "d": the whole word is [UNK], not ab [UNK].
    EXPECT_EQ(tokens_of(wp, wp.encode_word("abd")), (std::vector<std::string>{"[UNK]"}));
    EXPECT_EQ(tokens_of(wp, wp.encode_word("abcd")), (std::vector<std::string>{"[UNK]"}));
    EXPECT_EQ(tokens_of(wp, wp.encode_word("yz")), (std::vector<std::string>{"[UNK]"}));
    EXPECT_EQ(wp.encode_word("yz"), std::vector<int>{2}) << "[UNK] has id 2 in this vocabulary";
    // Another unknown token.
    const WordPiece other({"ab", "##c", "[UNK]", "<unk>"}, "<unk>");
    EXPECT_EQ(other.encode_word("abd"), std::vector<int>{3});
    EXPECT_EQ(other.unk_id(), 3);
}

TEST(WordPiece, GreedyIsNotOptimalAndThatIsWhatBertDoes) {
    // a + ##bc would spell "abc", but greedy takes "ab" first and then finds no "##c": [UNK].
    // BERT's WordpieceTokenizer does the same (bert_loop below reproduces it).
    const WordPiece fails({"[UNK]", "ab", "a", "##bc"});
    EXPECT_EQ(tokens_of(fails, fails.encode_word("abc")), (std::vector<std::string>{"[UNK]"}));
    // Three pieces where two would do: ab ##c ##d, not a ##bcd.
    const WordPiece longer({"[UNK]", "ab", "a", "##bcd", "##c", "##d"});
    EXPECT_EQ(tokens_of(longer, longer.encode_word("abcd")), (std::vector<std::string>{"ab", "##c", "##d"}));
}

TEST(WordPiece, StopsAtMaxWordBytesCountedInBytes) {
    const WordPiece wp({"[UNK]", "a", "##a", "\xC3\xA9", "##\xC3\xA9"}, "[UNK]", "##", 5);
    EXPECT_EQ(wp.encode_word("aaaaa").size(), 5u) << "5 bytes: max_word_bytes = 5 allows it";
    EXPECT_EQ(tokens_of(wp, wp.encode_word("aaaaaa")), (std::vector<std::string>{"[UNK]"})) << "6 bytes";
    // "ééé" is 3 characters but 6 bytes: over the limit.
    EXPECT_EQ(tokens_of(wp, wp.encode_word("\xC3\xA9\xC3\xA9")), (std::vector<std::string>{"\xC3\xA9", "##\xC3\xA9"}));
    EXPECT_EQ(tokens_of(wp, wp.encode_word("\xC3\xA9\xC3\xA9\xC3\xA9")), (std::vector<std::string>{"[UNK]"}));
    // The default, 200 bytes.
    const WordPiece by_default({"[UNK]", "a", "##a"});
    EXPECT_EQ(by_default.encode_word(std::string(200, 'a')).size(), 200u);
    EXPECT_EQ(by_default.encode_word(std::string(201, 'a')), std::vector<int>{0});
    // encode applies it to each word.
    EXPECT_EQ(tokens_of(wp, wp.encode("aaaaaa aa")), (std::vector<std::string>{"[UNK]", "a", "##a"}));
}

// bert_loop: BERT's WordpieceTokenizer.tokenize for one word (google-research/bert,
// tokenization.py), on characters: per start, the longest chars[start:end] (with "##" in front
// after the first piece) that is in the vocabulary, probing end from the word's end down; [UNK]
// for the whole word if some start has no match, and for a word over max_chars characters.
std::vector<std::string> bert_loop(const std::set<std::u32string>& vocab, const std::u32string& chars,
                                   std::size_t max_chars) {
    if (chars.size() > max_chars) return {"[UNK]"};
    std::vector<std::string> out;
    std::size_t start = 0;
    while (start < chars.size()) {
        std::size_t end = chars.size();
        std::u32string found;
        while (start < end) {
            std::u32string sub = chars.substr(start, end - start);
            if (start > 0) sub = U"##" + sub;
            if (vocab.count(sub) != 0) {
                found = sub;
                break;
            }
            --end;
        }
        if (found.empty()) return {"[UNK]"};
        out.push_back(utf8_encode(found));
        start = end;
    }
    return out;
}

TEST(WordPiece, MatchesBertsLoopOnSeededRandomVocabularies) {
    // Alphabet a, b, c, é (2 bytes), 中 (3 bytes): pieces end on characters in both.
    const std::u32string alphabet = U"abc\u00E9\u4E2D";
    course::Rng rng(8088);
    int unknown = 0, split = 0;
    for (int trial = 0; trial < 200; ++trial) {
        std::set<std::u32string> vocab_set{U"[UNK]"};
        const int size = 3 + rng.index(30);
        while (int(vocab_set.size()) < size) {
            std::u32string piece;
            const int length = 1 + rng.index(4);
            for (int k = 0; k < length; ++k) piece.push_back(alphabet[std::size_t(rng.index(int(alphabet.size())))]);
            vocab_set.insert(rng.index(2) == 0 ? U"##" + piece : piece);
        }
        std::vector<std::string> vocab;
        for (const std::u32string& t : vocab_set) vocab.push_back(utf8_encode(t));
        // A shuffle, so that ids are not in sorted order.
        for (std::size_t i = vocab.size() - 1; i > 0; --i) std::swap(vocab[i], vocab[std::size_t(rng.index(int(i + 1)))]);
        const WordPiece wp(vocab);
        for (int w = 0; w < 20; ++w) {
            std::u32string word;
            const int length = 1 + rng.index(8);
            for (int k = 0; k < length; ++k) word.push_back(alphabet[std::size_t(rng.index(int(alphabet.size())))]);
            const std::vector<std::string> want = bert_loop(vocab_set, word, 200);
            (want == std::vector<std::string>{"[UNK]"} ? unknown : split) += 1;
            ASSERT_EQ(tokens_of(wp, wp.encode_word(utf8_encode(word))), want)
                << "trial " << trial << ", word \"" << utf8_encode(word) << "\", " << vocab.size() << " tokens";
        }
    }
    EXPECT_GT(unknown, 100);
    EXPECT_GT(split, 100);
}

TEST(WordPiece, EncodeSplitsOnWhitespaceAndPunctuationAsBertDoes) {
    const WordPiece wp({"[UNK]", "Hello", "hello", ",", "world", "!", "$", "^", "un", "##aff", "##able", "\xE4\xB8\xAD",
                        "\xE6\x96\x87", "ab", "\xC2\xBF", "\xE2\x80\x94"});
    // Spaces, tabs, newlines and punctuation; "unaffable" through encode_word.
    EXPECT_EQ(tokens_of(wp, wp.encode("Hello, world!\tunaffable\n")),
              (std::vector<std::string>{"Hello", ",", "world", "!", "un", "##aff", "##able"}));
    // No lowercasing: "HELLO" is not "hello" (BERT's cased models; the uncased ones lowercase first).
    EXPECT_EQ(tokens_of(wp, wp.encode("HELLO hello")), (std::vector<std::string>{"[UNK]", "hello"}));
    // ASCII symbols that are not Unicode punctuation ('$', '^') split too; so do U+00BF and U+2014.
    EXPECT_EQ(tokens_of(wp, wp.encode("$hello^\xC2\xBFhello\xE2\x80\x94")),
              (std::vector<std::string>{"$", "hello", "^", "\xC2\xBF", "hello", "\xE2\x80\x94"}));
    // Each CJK ideograph is a word: "中文" is 中 and 文, not one word.
    EXPECT_EQ(tokens_of(wp, wp.encode("hello\xE4\xB8\xAD\xE6\x96\x87hello")),
              (std::vector<std::string>{"hello", "\xE4\xB8\xAD", "\xE6\x96\x87", "hello"}));
    // A no-break space (U+00A0, Zs) and U+3000 split; a zero-width space (U+200B, Cf) and a control
    // character (U+0007) are dropped, joining their neighbours; so are U+0000 and U+FFFD.
    EXPECT_EQ(tokens_of(wp, wp.encode("hello\xC2\xA0hello\xE3\x80\x80" "a\xE2\x80\x8B" "b")),
              (std::vector<std::string>{"hello", "hello", "ab"}));
    EXPECT_EQ(tokens_of(wp, wp.encode(std::string("a\x07" "b ", 4) + std::string("a\0b", 3) + " a\xEF\xBF\xBD" "b")),
              (std::vector<std::string>{"ab", "ab", "ab"}));
    EXPECT_EQ(wp.encode(""), std::vector<int>{});
    EXPECT_EQ(wp.encode(" \t\n "), std::vector<int>{});
}

TEST(WordPiece, DecodeGluesContinuationPieces) {
    const WordPiece wp({"[UNK]", "un", "##aff", "##able", "!", "ab"});
    EXPECT_EQ(wp.decode(wp.encode("unaffable! ab")), "unaffable ! ab");
    const std::vector<int> leading = ids_of(wp, {"##aff", "un", "##able"});
    EXPECT_EQ(wp.decode(leading), "##aff unable") << "a continuation piece in first position keeps its prefix";
    EXPECT_EQ(wp.decode(std::vector<int>{}), "");
    EXPECT_EQ(wp.decode(std::vector<int>{0, 1, 0}), "[UNK] un [UNK]") << "id 0 is a token like any other";
    const WordPiece at({"[UNK]", "un", "@@aff", "##able"}, "[UNK]", "@@");
    EXPECT_EQ(at.decode(ids_of(at, {"un", "@@aff", "##able"})), "unaff ##able");
    // An empty prefix marks no piece as a continuation: every token is a word.
    const WordPiece none({"[UNK]", "ab", "c"}, "[UNK]", "");
    EXPECT_EQ(none.decode(ids_of(none, {"ab", "c", "c"})), "ab c c");
}

TEST(WordPiece, IdFindsEveryTokenAndNothingElse) {
    const std::vector<std::string> vocab = {"[UNK]", "a", "ab", "abc", "##a", "##", "b\xC3\xA9"};
    const WordPiece wp(vocab);
    for (std::size_t i = 0; i < vocab.size(); ++i) EXPECT_EQ(wp.id(vocab[i]), int(i)) << vocab[i];
    for (const std::string_view absent : {"", "abcd", "c", "#", "##b", "b", "b\xC3"}) {
        EXPECT_EQ(wp.id(absent), -1) << absent;
    }
    EXPECT_EQ(wp.unk_id(), 0);
    // A token "##" alone is never an empty continuation piece.
    EXPECT_EQ(tokens_of(wp, wp.encode_word("aab")), (std::vector<std::string>{"[UNK]"}));
    EXPECT_EQ(tokens_of(wp, wp.encode_word("abca")), (std::vector<std::string>{"abc", "##a"}));
}

TEST(WordPiece, CountsTrieStepsLinearInTheWord) {
    // A word of n = 2000 'a's with a, ##a: each piece is one byte, found in 2 steps (the byte, then
    // a failed look-up of the next). Probing every candidate length, longest first, costs about
    // n^2 / 2 look-ups. The bounds: at least one step per byte, at most 4 per piece (one walk of
    // "##" from the root per piece is tolerated).
    const int n = 2000;
    const std::string word(std::size_t(n), 'a');
    const WordPiece wp({"[UNK]", "a", "##a"}, "[UNK]", "##", n);
    EXPECT_EQ(wp.trie_steps(), 0) << "building the trie is not counted";
    const std::vector<int> pieces = wp.encode_word(word);
    ASSERT_EQ(pieces.size(), std::size_t(n));
    EXPECT_GE(wp.trie_steps(), n) << "every byte of the word is looked up in the trie at least once";
    EXPECT_LE(wp.trie_steps(), 4 * n + 4) << "the walk must not start over for each candidate length";
    // A vocabulary whose long token "##aaaaaaaaab" makes every walk go 10 bytes deep before it
    // fails: the cost per piece is bounded by the longest token (11 bytes + 1), not by the word.
    const WordPiece deep({"[UNK]", "a", "##a", "##aaaaaaaaab"}, "[UNK]", "##", n);
    ASSERT_EQ(deep.encode_word(word).size(), std::size_t(n));
    EXPECT_GE(deep.trie_steps(), n);
    EXPECT_LE(deep.trie_steps(), 14 * n);
}

TEST(WordPiece, RefusesBadVocabularies) {
    EXPECT_EQ(WordPiece({"[UNK]", "a"}).encode_word("a"), std::vector<int>{1}) << course::testing::kValidCallFirst;
    EXPECT_TRUE(ThrowsInvalidArgument([] { WordPiece({"[UNK]", "a", "##b", "a"}); },
                                      {"WordPiece", "vocab[3]", "line 4", "vocab[1]", "line 2", "\"a\""}));
    EXPECT_TRUE(ThrowsInvalidArgument([] { WordPiece({"[UNK]", "[UNK]"}); }, {"vocab[1]", "vocab[0]"}));
    EXPECT_TRUE(ThrowsInvalidArgument([] { WordPiece(std::vector<std::string>{}); }, {"WordPiece", "empty"}));
    EXPECT_TRUE(ThrowsInvalidArgument([] { WordPiece({"[UNK]", ""}); }, {"vocab[1]", "empty"}));
    EXPECT_TRUE(ThrowsInvalidArgument([] { WordPiece({"a", "b"}); }, {"[UNK]", "not in the vocabulary"}));
    EXPECT_TRUE(ThrowsInvalidArgument([] { WordPiece({"[UNK]", "a"}, "<unk>"); }, {"<unk>"}));
    EXPECT_TRUE(ThrowsInvalidArgument([] { WordPiece({"[UNK]", "a\xC0\xAF"}); }, {"WordPiece", "byte offset 1"}));
    for (const int bad : {0, -1, INT_MIN}) {
        EXPECT_TRUE(ThrowsInvalidArgument([bad] { WordPiece({"[UNK]", "a"}, "[UNK]", "##", bad); },
                                          {"max_word_bytes", std::to_string(bad)}))
            << bad;
    }
}

TEST(WordPiece, RefusesInvalidUtf8AndUnknownIds) {
    const WordPiece wp({"[UNK]", "a", "##b"});
    EXPECT_EQ(wp.encode("ab a"), (std::vector<int>{1, 2, 1})) << course::testing::kValidCallFirst;
    EXPECT_TRUE(ThrowsInvalidArgument([&] { wp.encode("ab a\xC3"); }, {"WordPiece::encode", "byte offset 4"}));
    EXPECT_TRUE(ThrowsInvalidArgument([&] { wp.encode("\xED\xA0\x80"); }, {"WordPiece::encode", "byte offset 0"}));
    EXPECT_TRUE(ThrowsInvalidArgument([&] { wp.encode_word("a\x80"); }, {"WordPiece::encode_word", "byte offset 1"}));
    EXPECT_TRUE(ThrowsInvalidArgument([&] { wp.decode(std::vector<int>{1, 3}); }, {"WordPiece::decode", "ids[1]", "3"}));
    EXPECT_TRUE(ThrowsInvalidArgument([&] { wp.decode(std::vector<int>{-1}); }, {"ids[0]", "-1"}));
    EXPECT_TRUE(ThrowsInvalidArgument([&] { wp.decode(std::vector<int>{INT_MIN}); }, {"ids[0]"}));
}

}  // namespace
}  // namespace course::tokenization
