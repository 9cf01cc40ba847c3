// Tests for exercise 4, bpe_train and count_words (modules/tokenization/learner/bpe_train.cpp).
//
// Oracles: merges worked by hand (Wikipedia's "aaabdaaabac", runs of 3, 4 and 5 equal bytes, ties,
// counts that decide); the tests' own plain trainer (bpe_train_oracle.hpp), which counts a pair by
// doing its merge on each word, on seeded random corpora and on a real paragraph; the merges
// replayed in rank order on the training words by a loop written here; count_words against splits
// of GPT-2's pre-tokenizer worked by hand. Every test calls the exercise first, so a stub shows
// "not started".
#include "tokenization/bpe_train.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <climits>
#include <cstdint>
#include <limits>
#include <string>
#include <vector>

#include "bpe_train_oracle.hpp"
#include "course/random.hpp"
#include "course/testing.hpp"
#include "tokenization/bpe.hpp"

namespace course::tokenization {
namespace {

using course::testing::kValidCallFirst;
using course::testing::ThrowsInvalidArgument;
using bpe_oracle::bytes_of;
using bpe_oracle::Ids;
using bpe_oracle::oracle_merge;
using bpe_oracle::oracle_train;
using bpe_oracle::random_corpus;

constexpr int a = 'a', b = 'b', c = 'c', d = 'd', z = 'z';

std::string describe(const std::vector<Merge>& merges) {
    std::string s;
    for (const Merge& m : merges) {
        s += "(" + std::to_string(m.left) + ", " + std::to_string(m.right) + ") -> " + std::to_string(m.result) + "  ";
    }
    return s;
}

// expect_well_formed: the whole Bpe: byte_level_bpe()'s 256 tokens, merge r makes id 256 + r,
// tokens[result] == tokens[left] + tokens[right] (check_bpe), no special token.
void expect_well_formed(const Bpe& bpe) {
    const Bpe bytes = byte_level_bpe();
    ASSERT_EQ(bpe.tokens.size(), 256 + bpe.merges.size()) << "one new token per merge, after the 256 bytes";
    EXPECT_TRUE(std::equal(bytes.tokens.begin(), bytes.tokens.end(), bpe.tokens.begin())) << "tokens 0 .. 255";
    EXPECT_EQ(bpe.byte_ids, bytes.byte_ids);
    EXPECT_TRUE(bpe.special_tokens.empty());
    for (std::size_t r = 0; r < bpe.merges.size(); ++r) {
        EXPECT_EQ(bpe.merges[r].result, int(256 + r)) << "merge of rank " << r << " makes the next id";
    }
    EXPECT_NO_THROW(check_bpe("bpe_train_test", bpe));
}

// ---- Hand-worked ----

// Wikipedia's example (Byte pair encoding), one word "aaabdaaabac" of count 1. By hand, with the
// tie rule (highest count, then smallest (left, right)):
//   (a,a) 2 [two runs of 3: one each], (a,b) 2, others 1   -> (a,a) = 256   [256 a b d 256 a b a c]
//   (256,a) 2, (a,b) 2                                       -> (a,b) = 257   [256 257 d 256 257 a c]
//   (256,257) 2                                              -> 258 "aaab"    [258 d 258 a c]
//   (258,d) (d,258) (258,a) (a,c) all 1: smallest (a,c)      -> 259 "ac"      [258 d 258 259]
//   (258,d) (d,258) (258,259): smallest (d,258)              -> 260 "daaab"   [258 260 259]
//   (258,260) (260,259): smallest (258,260)                  -> 261           [261 259]
//   (261,259)                                                -> 262 the word; then no pair is left.
TEST(BpeTrain, WikipediaExampleEveryMergePinned) {
    const std::vector<WordCount> words = {{"aaabdaaabac", 1}};
    const Bpe bpe = bpe_train(words, 300);
    const std::vector<Merge> want = {{a, a, 256},     {a, b, 257},     {256, 257, 258}, {a, c, 259},
                                     {d, 258, 260},   {258, 260, 261}, {261, 259, 262}};
    EXPECT_EQ(bpe.merges, want) << "got " << describe(bpe.merges);
    expect_well_formed(bpe);
    ASSERT_EQ(bpe.tokens.size(), 263u);
    EXPECT_EQ(bpe.tokens[256], "aa");
    EXPECT_EQ(bpe.tokens[258], "aaab");
    EXPECT_EQ(bpe.tokens[260], "daaab");
    EXPECT_EQ(bpe.tokens[262], "aaabdaaabac");
}

// "zzz" holds (z, z) once (the merge makes "zz" "z"): 3 x 1 = 3 < (a, b)'s 4, so (a, b) comes first.
// Counting every position says 6 and merges (z, z) first.
TEST(BpeTrain, ARunOfThreeCountsItsPairOnce) {
    const std::vector<WordCount> words = {{"zzz", 3}, {"ab", 4}};
    const Bpe bpe = bpe_train(words, 259);
    // Then (z, z) 3 -> 257 [257 z]; then (257, z) 3 -> 258.
    const std::vector<Merge> want = {{a, b, 256}, {z, z, 257}, {257, z, 258}};
    EXPECT_EQ(bpe.merges, want) << "got " << describe(bpe.merges)
                                << " (\"zzz\" x 3 holds (z, z) 3 times, not 6: the merge cannot overlap)";
    expect_well_formed(bpe);
    EXPECT_EQ(bpe.tokens[258], "zzz");
}

// "zzzz" holds (z, z) twice: x 3 = 6 > (a, b)'s 5, so (z, z) comes first ("zz" "zz"), and then
// (256, 256) 3 < 5. Counting every position says 9 (same order: the next test separates it); counting
// a run once says 3 and puts (a, b) first.
TEST(BpeTrain, ARunOfFourCountsItsPairTwice) {
    const std::vector<WordCount> words = {{"zzzz", 3}, {"ab", 5}};
    const Bpe bpe = bpe_train(words, 259);
    const std::vector<Merge> want = {{z, z, 256}, {a, b, 257}, {256, 256, 258}};
    EXPECT_EQ(bpe.merges, want) << "got " << describe(bpe.merges);
    expect_well_formed(bpe);
    EXPECT_EQ(bpe.tokens[258], "zzzz");
}

// "zzzz" x 2: (z, z) 4 < (a, b)'s 5, (a, b) first; counting the 3 positions says 6. "zzzzz" x 1
// beside "ab" x 2: (z, z) 2 (the merge makes "zz" "zz" "z"), a tie with (a, b) broken to (a, b);
// counting positions says 4.
TEST(BpeTrain, RunsOfFourAndFiveAgainstAPairJustAbove) {
    {
        const std::vector<WordCount> words = {{"zzzz", 2}, {"ab", 5}};
        const Bpe bpe = bpe_train(words, 258);
        const std::vector<Merge> want = {{a, b, 256}, {z, z, 257}};
        EXPECT_EQ(bpe.merges, want) << "got " << describe(bpe.merges) << " (\"zzzz\" x 2 holds (z, z) 4 times)";
    }
    {
        const std::vector<WordCount> words = {{"zzzzz", 1}, {"ab", 2}};
        const Bpe bpe = bpe_train(words, 260);
        // (a, b) 2 ties (z, z) 2 -> (a, b) = 256; (z, z) -> 257 [257 257 z]; (257, 257) 1 ties
        // (257, z) 1 -> (257, z) = 258, z = 122 being the smaller id [257 258]; (257, 258) -> 259.
        const std::vector<Merge> want = {{a, b, 256}, {z, z, 257}, {257, z, 258}, {257, 258, 259}};
        EXPECT_EQ(bpe.merges, want) << "got " << describe(bpe.merges) << " (\"zzzzz\" holds (z, z) twice)";
        expect_well_formed(bpe);
    }
}

// The merge goes left to right: "aaa" becomes [256 a], whose next pair is (256, a) -> "aaa"; right to
// left would make [a 256] and the pair (a, 256).
TEST(BpeTrain, AMergeAppliesLeftToRight) {
    const std::vector<WordCount> words = {{"aaa", 1}, {"baaa", 1}};
    const Bpe bpe = bpe_train(words, 300);
    // (a, a) 2 -> 256: [256 a], [b 256 a]; (256, a) 2 -> 257: [257], [b 257]; (b, 257) -> 258.
    const std::vector<Merge> want = {{a, a, 256}, {256, a, 257}, {b, 257, 258}};
    EXPECT_EQ(bpe.merges, want) << "got " << describe(bpe.merges)
                                << " (after (a, a), \"aaa\" is \"aa\" \"a\", not \"a\" \"aa\")";
    expect_well_formed(bpe);
}

// Ties: every pair of count 1; the merges come in (left, right) order: (a, b) < (a, c) < (b, a) <
// (c, a) < (d, c). Comparing only the left id, or the largest first, gives another order.
TEST(BpeTrain, TiesGoToTheSmallestLeftThenRightId) {
    const std::vector<WordCount> words = {{"dc", 1}, {"ca", 1}, {"ba", 1}, {"ac", 1}, {"ab", 1}};
    const Bpe bpe = bpe_train(words, 300);
    const std::vector<Merge> want = {{a, b, 256}, {a, c, 257}, {b, a, 258}, {c, a, 259}, {d, c, 260}};
    EXPECT_EQ(bpe.merges, want) << "got " << describe(bpe.merges);
    expect_well_formed(bpe);
}

// 300 two-byte words of count 1 with distinct pairs, in a shuffled order: the 300 merges are the
// pairs in increasing (left, right) order. A few hundred ties, so a tie rule right by luck fails.
TEST(BpeTrain, ThreeHundredTiesComeOutInPairOrder) {
    course::Rng rng(2024);
    std::vector<std::pair<int, int>> pairs;
    for (int l = 1; l < 256 && pairs.size() < 300; l += 7) {
        for (int r = 3; r < 256 && pairs.size() < 300; r += 11) pairs.push_back({l, r});
    }
    std::vector<WordCount> words;
    for (const auto& [l, r] : pairs) words.push_back({{char(l), char(r)}, 1});
    for (std::size_t i = words.size(); i > 1; --i) std::swap(words[i - 1], words[std::size_t(rng.index(int(i)))]);
    const Bpe bpe = bpe_train(words, 256 + 300);
    ASSERT_EQ(bpe.merges.size(), 300u);
    for (std::size_t r = 0; r < pairs.size(); ++r) {
        ASSERT_EQ(bpe.merges[r], (Merge{pairs[r].first, pairs[r].second, int(256 + r)})) << "rank " << r;
    }
    expect_well_formed(bpe);
}

// The counts decide: (c, d) in a word of count 5 beats (a, b) in a word of count 1; a trainer that
// counts each word once picks (a, b). Counts above 2^32 must not be cut to 32 bits: (a, b) with
// 2^32 + 1 beats (c, d) with 2 (in an int, 2^32 + 1 is 1).
TEST(BpeTrain, WordCountsWeighThePairs) {
    {
        const std::vector<WordCount> words = {{"ab", 1}, {"cd", 5}};
        const Bpe bpe = bpe_train(words, 257);
        const std::vector<Merge> want = {{c, d, 256}};
        EXPECT_EQ(bpe.merges, want) << "got " << describe(bpe.merges);
    }
    {
        const std::vector<WordCount> words = {{"cd", 2}, {"ab", (std::int64_t(1) << 32) + 1}, {"dc", 3}};
        const Bpe bpe = bpe_train(words, 257);
        const std::vector<Merge> want = {{a, b, 256}};
        EXPECT_EQ(bpe.merges, want) << "got " << describe(bpe.merges) << " (a count of 2^32 + 1 kept in 64 bits)";
    }
    {
        // The largest table accepted: 2 bytes x (2^62 - 1) + 1 byte x 1 = 2^63 - 1 exactly.
        const std::int64_t big = std::numeric_limits<std::int64_t>::max() / 2;
        const std::vector<WordCount> words = {{"c", 1}, {"ba", big}};
        const Bpe bpe = bpe_train(words, 300);
        const std::vector<Merge> want = {{b, a, 256}};
        EXPECT_EQ(bpe.merges, want) << "got " << describe(bpe.merges);
    }
}

// vocab_size 256: no merge, exactly byte_level_bpe(); 257: one merge; far more than the corpus
// allows (INT_MAX): every word ends as one token and training stops without a crash.
TEST(BpeTrain, VocabSizeOf256And257AndMoreThanPossible) {
    const std::vector<WordCount> words = {{"hello", 3}, {" world", 1}, {"aaabdaaabac", 1}};
    EXPECT_EQ(bpe_train(words, 256), byte_level_bpe());
    const Bpe one = bpe_train(words, 257);
    ASSERT_EQ(one.merges.size(), 1u);
    // Every pair of "hello" has count 3 (above (a, a)'s 2): the smallest is (e, l) = (101, 108).
    EXPECT_EQ(one.merges[0], (Merge{'e', 'l', 256}));
    expect_well_formed(one);
    const Bpe all = bpe_train(words, INT_MAX);
    // Trained to the end, every word is one token, so its bytes are in the vocabulary.
    expect_well_formed(all);
    for (const WordCount& w : words) {
        EXPECT_NE(std::find(all.tokens.begin(), all.tokens.end(), w.word), all.tokens.end())
            << printable_word(w.word) << " is not one token after training to INT_MAX";
    }
    EXPECT_EQ(bpe_train(words, int(all.tokens.size())), all) << "asking exactly for the maximum";
    EXPECT_EQ(bpe_train(words, int(all.tokens.size()) + 1), all);
}

// Words of one byte have no pair: nothing to merge, at any vocab_size. No word at all: the same.
TEST(BpeTrain, NoPairNoMerge) {
    const std::vector<WordCount> words = {{"a", 5}, {"b", 1}, {"\xff", 3}};
    EXPECT_EQ(bpe_train(words, 1000), byte_level_bpe());
    EXPECT_EQ(bpe_train(std::vector<WordCount>{}, 1000), byte_level_bpe());
}

// The tests' own trainer (bpe_train_oracle.hpp) on seeded random corpora over small alphabets:
// long runs and many ties. 150 seeds, all the way to the end for some.
TEST(BpeTrain, MatchesThePlainOracleOnRandomCorpora) {
    constexpr std::string_view alphabets[] = {"ab", "abc", "aab", "xyzw0"};
    for (std::uint64_t seed = 1; seed <= 150; ++seed) {
        const std::string_view alphabet = alphabets[seed % 4];
        const auto words = random_corpus(seed, 5 + int(seed % 30), alphabet, 2 + int(seed % 11), 1 + int(seed % 4));
        const int vocab_size = seed % 5 == 0 ? INT_MAX : 256 + int(seed % 40);
        const Bpe bpe = bpe_train(words, vocab_size);
        const std::vector<Merge> want = oracle_train(words, std::min(vocab_size, 256 + 1000));
        ASSERT_EQ(bpe.merges, want) << "seed " << seed << ", alphabet " << alphabet << ", vocab_size " << vocab_size
                                    << "\n got  " << describe(bpe.merges) << "\n want " << describe(want);
        expect_well_formed(bpe);
    }
}

// A real paragraph (bpe_train_oracle.hpp: Darwin, 1859), 200 merges, against the oracle; then the
// merges replayed in rank order on every training word by the plain loop of this test: each merge
// makes at least one merge (the weighted token count falls at every rank), and by exactly the count
// the pair had when it was learned.
TEST(BpeTrain, RealParagraphMatchesTheOracleAndEachMergeShortensTheCorpus) {
    const std::vector<WordCount> words = bpe_oracle::split_words(bpe_oracle::kParagraph);
    const Bpe bpe = bpe_train(words, 256 + 200);
    EXPECT_EQ(bpe.merges, oracle_train(words, 256 + 200));
    expect_well_formed(bpe);
    ASSERT_EQ(bpe.merges.size(), 200u);
    std::vector<Ids> ids;
    std::int64_t tokens = 0;
    for (const WordCount& w : words) {
        ids.push_back(bytes_of(w.word));
        tokens += std::int64_t(w.word.size()) * w.count;
    }
    std::int64_t previous_made = std::numeric_limits<std::int64_t>::max();
    for (const Merge& m : bpe.merges) {
        std::int64_t after = 0;
        for (std::size_t k = 0; k < ids.size(); ++k) {
            ids[k] = oracle_merge(ids[k], m.left, m.right, m.result);
            after += std::int64_t(ids[k].size()) * words[k].count;
        }
        const std::int64_t made = tokens - after;
        EXPECT_GE(made, 1) << "merge " << m.result << " makes no merge when replayed in rank order";
        EXPECT_LE(made, previous_made) << "merge " << m.result << " made more merges than the one before it: "
                                       << "the greedy choice takes the highest count first";
        previous_made = made;
        tokens = after;
    }
    // The merges are learned from these very words: "the" (with or without its space) ends as one token.
    EXPECT_NE(std::find(bpe.tokens.begin(), bpe.tokens.end(), " the"), bpe.tokens.end());
}

// The table's order does not matter (a multiset): the same merges reversed and rotated.
TEST(BpeTrain, TheTableOrderDoesNotMatter) {
    std::vector<WordCount> words = random_corpus(77, 40, "abcd", 8, 3);
    const Bpe first = bpe_train(words, 256 + 60);
    std::reverse(words.begin(), words.end());
    EXPECT_EQ(bpe_train(words, 256 + 60), first);
    std::rotate(words.begin(), words.begin() + 13, words.end());
    EXPECT_EQ(bpe_train(words, 256 + 60), first);
}

// Bad input, each after a valid call.
TEST(BpeTrain, RefusesBadInput) {
    const std::vector<WordCount> good = {{"ab", 1}, {"b", 2}};
    ASSERT_EQ(bpe_train(good, 257).merges.size(), 1u) << kValidCallFirst;
    for (const int v : {255, 0, -1, INT_MIN}) {
        EXPECT_TRUE(ThrowsInvalidArgument([&] { bpe_train(good, v); }, {"bpe_train", "vocab_size", std::to_string(v)}))
            << "vocab_size " << v;
    }
    EXPECT_TRUE(ThrowsInvalidArgument([] { bpe_train(std::vector<WordCount>{{"ab", 1}, {"", 2}}, 300); },
                                      {"bpe_train", "words[1]", "empty"}));
    for (const std::int64_t count : {std::int64_t(0), std::int64_t(-1), std::numeric_limits<std::int64_t>::min()}) {
        EXPECT_TRUE(ThrowsInvalidArgument([&] { bpe_train(std::vector<WordCount>{{"ab", 1}, {"cd", count}}, 300); },
                                          {"bpe_train", "words[1]", "\"cd\"", "count", std::to_string(count)}))
            << "count " << count;
    }
    EXPECT_TRUE(ThrowsInvalidArgument(
        [] { bpe_train(std::vector<WordCount>{{"ab", 1}, {"cd", 2}, {"ab", 3}}, 300); },
        {"bpe_train", "words[0]", "words[2]", "\"ab\""}));
    // One past the largest table (WordCountsWeighThePairs): 2 x (2^62 - 1) + 1 x 2 > 2^63 - 1.
    const std::int64_t big = std::numeric_limits<std::int64_t>::max() / 2;
    EXPECT_TRUE(ThrowsInvalidArgument([&] { bpe_train(std::vector<WordCount>{{"ba", big}, {"c", 2}}, 300); },
                                      {"bpe_train", "words[1]", "overflow"}));
    EXPECT_TRUE(ThrowsInvalidArgument(
        [&] { bpe_train(std::vector<WordCount>{{"ba", std::numeric_limits<std::int64_t>::max()}}, 300); },
        {"bpe_train", "words[0]", "overflow"}));
}

// ---- count_words ----

// GPT-2's split of "the cat sat on the mat" (by hand): "the", " cat", " sat", " on", " the", " mat",
// sorted by bytes (the space, 0x20, sorts first).
TEST(CountWords, HandWorkedSentence) {
    const std::vector<WordCount> got = count_words("the cat sat on the mat");
    const std::vector<WordCount> want = {{" cat", 1}, {" mat", 1}, {" on", 1}, {" sat", 1}, {" the", 1}, {"the", 1}};
    EXPECT_EQ(got, want);
}

// Repeats counted once each, punctuation and numbers apart, the last-space rule ("a  b" is "a", " ",
// " b"), sorted by bytes. A hundred thousand words of one kind: the count is 99 999, in one row.
TEST(CountWords, CountsRepeatsAndSortsByBytes) {
    {
        const std::vector<WordCount> got = count_words("hello hello, hello  world 42!");
        // "hello" " hello" "," " hello" " " " world" " 42" "!"
        const std::vector<WordCount> want = {{" ", 1},      {" 42", 1}, {" hello", 2}, {" world", 1},
                                             {"!", 1},      {",", 1},   {"hello", 1}};
        EXPECT_EQ(got, want);
    }
    {
        std::string text = "the";
        for (int i = 0; i < 99'999; ++i) text += " the";
        const std::vector<WordCount> want = {{" the", 99'999}, {"the", 1}};
        EXPECT_EQ(count_words(text), want);
    }
    EXPECT_TRUE(count_words("").empty());
}

// Any bytes: invalid UTF-8 is split too (pretokenize.hpp). The whole result: rows sorted strictly,
// counts >= 1, and count * bytes summed over the rows is the text's length (every byte in a word).
TEST(CountWords, AnyBytesTheRowsAddUpToTheText) {
    std::string text = "caf\xc3\xa9 \xff\xfe tail \xe2\x82 ok\n\n  x\t1234567";
    course::Rng rng(5);
    for (int i = 0; i < 2000; ++i) text += char(rng.index(256));
    const std::vector<WordCount> got = count_words(text);
    std::int64_t bytes = 0;
    for (std::size_t i = 0; i < got.size(); ++i) {
        EXPECT_FALSE(got[i].word.empty()) << "row " << i;
        EXPECT_GE(got[i].count, 1) << "row " << i;
        if (i > 0) {
            EXPECT_LT(got[i - 1].word, got[i].word) << "rows " << i - 1 << " and " << i << " out of order";
        }
        bytes += std::int64_t(got[i].word.size()) * got[i].count;
    }
    EXPECT_EQ(bytes, std::int64_t(text.size()));
    EXPECT_NO_THROW(bpe_train(got, 300)) << "count_words' table is what bpe_train takes";
}

// Bytes above 0x7f are ids 128 .. 255 (a char is signed here: read it as unsigned char). By hand:
// "café" x 3 and "été" x 2 (é = C3 A9): (C3, A9) 3 + 2 x 2 = 7 -> 256 "é"; then (c, a), (a, f),
// (f, 256) tie at 3 -> (a, f) = 257; (c, 257) = 258; (258, 256) = 259 "café"; (t, 256) 2 ties
// (256, t) 2 -> (t, 256) = 260 "té"; (256, 260) = 261 "été".
TEST(BpeTrain, BytesAbove127AreIdsAbove127) {
    const std::vector<WordCount> words = {{"caf\xc3\xa9", 3}, {"\xc3\xa9t\xc3\xa9", 2}};
    const Bpe bpe = bpe_train(words, 262);
    const std::vector<Merge> want = {{0xc3, 0xa9, 256}, {a, 'f', 257}, {c, 257, 258},
                                     {258, 256, 259}, {'t', 256, 260}, {256, 260, 261}};
    EXPECT_EQ(bpe.merges, want) << "got " << describe(bpe.merges);
    EXPECT_EQ(bpe.merges, oracle_train(words, 262));
    expect_well_formed(bpe);
    ASSERT_EQ(bpe.tokens.size(), 262u);
    EXPECT_EQ(bpe.tokens[256], "\xc3\xa9");
    EXPECT_EQ(bpe.tokens[259], "caf\xc3\xa9");
    EXPECT_EQ(bpe.tokens[261], "\xc3\xa9t\xc3\xa9");
}

}  // namespace
}  // namespace course::tokenization
