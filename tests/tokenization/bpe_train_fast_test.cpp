// Tests for exercise 5, bpe_train_fast (modules/tokenization/learner/bpe_train_fast.cpp).
//
// Oracles: the merges of bpe_train_test.cpp worked by hand (Wikipedia's "aaabdaaabac", runs, ties);
// runs that a merge cuts ("Baaa"), worked by hand; the tests' own plain trainer
// (bpe_train_oracle.hpp: a pair's count is found by doing its merge) on 400 seeded random corpora
// over alphabets of 2 to 5 letters and on a real paragraph; bpe_train (exercise 4's reference, which
// the graded program links) on a corpus too large for that oracle; the words holding each merged
// pair, counted by replaying the merges here, for the cost. Every test calls the exercise first, so
// a stub shows "not started".
#include "tokenization/bpe_train_fast.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <climits>
#include <cstdint>
#include <limits>
#include <set>
#include <string>
#include <vector>

#include "bpe_train_oracle.hpp"
#include "course/random.hpp"
#include "course/testing.hpp"
#include "tokenization/bpe.hpp"
#include "tokenization/bpe_train.hpp"

namespace course::tokenization {
namespace {

using bpe_oracle::bytes_of;
using bpe_oracle::Ids;
using bpe_oracle::oracle_merge;
using bpe_oracle::oracle_train;
using bpe_oracle::random_corpus;
using course::testing::kValidCallFirst;
using course::testing::ThrowsInvalidArgument;

constexpr int a = 'a', b = 'b', c = 'c', d = 'd', z = 'z', B = 'B';

std::string describe(const std::vector<Merge>& merges) {
    std::string s;
    for (const Merge& m : merges) {
        s += "(" + std::to_string(m.left) + ", " + std::to_string(m.right) + ") -> " + std::to_string(m.result) + "  ";
    }
    return s;
}

// expect_well_formed: 256 + merges tokens, merge r makes 256 + r, check_bpe's invariants.
void expect_well_formed(const Bpe& bpe) {
    ASSERT_EQ(bpe.tokens.size(), 256 + bpe.merges.size());
    const Bpe bytes = byte_level_bpe();
    EXPECT_TRUE(std::equal(bytes.tokens.begin(), bytes.tokens.end(), bpe.tokens.begin())) << "tokens 0 .. 255";
    EXPECT_EQ(bpe.byte_ids, bytes.byte_ids);
    EXPECT_TRUE(bpe.special_tokens.empty());
    for (std::size_t r = 0; r < bpe.merges.size(); ++r) EXPECT_EQ(bpe.merges[r].result, int(256 + r));
    EXPECT_NO_THROW(check_bpe("bpe_train_fast_test", bpe));
}

// words_holding_each_merge: for each merge in rank order, how many words hold its pair just before
// it is made (the merges replayed on the words by oracle_merge). The least work a merge can do.
std::vector<std::int64_t> words_holding_each_merge(const std::vector<WordCount>& words, const std::vector<Merge>& merges) {
    std::vector<Ids> ids;
    for (const WordCount& w : words) ids.push_back(bytes_of(w.word));
    std::vector<std::int64_t> holding;
    for (const Merge& m : merges) {
        std::int64_t n = 0;
        for (Ids& w : ids) {
            const Ids merged = oracle_merge(w, m.left, m.right, m.result);
            n += merged.size() < w.size() ? 1 : 0;
            w = merged;
        }
        holding.push_back(n);
    }
    return holding;
}

// ---- Hand-worked (the same cases as bpe_train_test.cpp) ----

// Wikipedia's "aaabdaaabac", worked in bpe_train_test.cpp: (a,a) (a,b) (256,257) (a,c) (d,258)
// (258,260) (261,259), then no pair is left.
TEST(BpeTrainFast, WikipediaExampleEveryMergePinned) {
    const std::vector<WordCount> words = {{"aaabdaaabac", 1}};
    const Bpe bpe = bpe_train_fast(words, 300);
    const std::vector<Merge> want = {{a, a, 256},     {a, b, 257},     {256, 257, 258}, {a, c, 259},
                                     {d, 258, 260},   {258, 260, 261}, {261, 259, 262}};
    EXPECT_EQ(bpe.merges, want) << "got " << describe(bpe.merges);
    expect_well_formed(bpe);
    EXPECT_EQ(bpe.tokens.back(), "aaabdaaabac");
}

// Runs counted whole (bpe_train_test.cpp works each): "zzz" x 3 holds (z, z) 3 times, "zzzz" x 3 six
// times, "zzzz" x 2 four, "zzzzz" x 1 twice.
TEST(BpeTrainFast, RunsOfThreeFourAndFive) {
    const std::vector<WordCount> three = {{"zzz", 3}, {"ab", 4}};
    EXPECT_EQ(bpe_train_fast(three, 259).merges, (std::vector<Merge>{{a, b, 256}, {z, z, 257}, {257, z, 258}}));
    const std::vector<WordCount> four = {{"zzzz", 3}, {"ab", 5}};
    EXPECT_EQ(bpe_train_fast(four, 259).merges, (std::vector<Merge>{{z, z, 256}, {a, b, 257}, {256, 256, 258}}));
    const std::vector<WordCount> four_below = {{"zzzz", 2}, {"ab", 5}};
    EXPECT_EQ(bpe_train_fast(four_below, 258).merges, (std::vector<Merge>{{a, b, 256}, {z, z, 257}}));
    const std::vector<WordCount> five = {{"zzzzz", 1}, {"ab", 2}};
    EXPECT_EQ(bpe_train_fast(five, 260).merges,
              (std::vector<Merge>{{a, b, 256}, {z, z, 257}, {257, z, 258}, {257, 258, 259}}));
    const std::vector<WordCount> left_to_right = {{"aaa", 1}, {"baaa", 1}};
    EXPECT_EQ(bpe_train_fast(left_to_right, 300).merges,
              (std::vector<Merge>{{a, a, 256}, {256, a, 257}, {b, 257, 258}}));
}

// A merge beside a run: "Baaa" (B = 66 < a = 97). (B, a) 1 ties (a, a) 1 [the run of 3 holds one]
// -> (B, a) = 256 [256 a a]; the run is now "aa", which still holds (a, a) once: (256, a) 1 ties
// (a, a) 1 -> (a, a) = 257 [256 257]; (256, 257) = 258. Patching the neighbour (a, a) down by one
// for the occurrence of (B, a) leaves it at 0, and (256, a) comes second.
// "aaaab" x 2 with "Bb" x 3: (a, a) 4 [two in the run of 4] -> 256 [256 256 b]; then (256, 256) 2,
// (256, b) 2, (B, b) 3 -> (B, b) = 257; (256, b) 2 ties (256, 256) 2, b = 98 being smaller ->
// (256, b) = 258 [256 258]; (256, 258) = 259.
TEST(BpeTrainFast, AMergeBesideARunRecountsTheRun) {
    const std::vector<WordCount> cut = {{"Baaa", 1}};
    EXPECT_EQ(bpe_train_fast(cut, 259).merges, (std::vector<Merge>{{B, a, 256}, {a, a, 257}, {256, 257, 258}}))
        << "after (B, a), \"Baaa\" is [256 a a]: its (a, a) is still there";
    const std::vector<WordCount> runs = {{"aaaab", 2}, {"Bb", 3}};
    EXPECT_EQ(bpe_train_fast(runs, 300).merges,
              (std::vector<Merge>{{a, a, 256}, {B, b, 257}, {256, b, 258}, {256, 258, 259}}));
}

// Ties in (left, right) order, five by hand and 300 more (bpe_train_test.cpp).
TEST(BpeTrainFast, TiesGoToTheSmallestLeftThenRightId) {
    const std::vector<WordCount> words = {{"dc", 1}, {"ca", 1}, {"ba", 1}, {"ac", 1}, {"ab", 1}};
    EXPECT_EQ(bpe_train_fast(words, 300).merges,
              (std::vector<Merge>{{a, b, 256}, {a, c, 257}, {b, a, 258}, {c, a, 259}, {d, c, 260}}));
    course::Rng rng(2024);
    std::vector<std::pair<int, int>> pairs;
    for (int l = 1; l < 256 && pairs.size() < 300; l += 7) {
        for (int r = 3; r < 256 && pairs.size() < 300; r += 11) pairs.push_back({l, r});
    }
    std::vector<WordCount> many;
    for (const auto& [l, r] : pairs) many.push_back({{char(l), char(r)}, 1});
    for (std::size_t i = many.size(); i > 1; --i) std::swap(many[i - 1], many[std::size_t(rng.index(int(i)))]);
    const Bpe bpe = bpe_train_fast(many, 256 + 300);
    ASSERT_EQ(bpe.merges.size(), 300u);
    for (std::size_t r = 0; r < pairs.size(); ++r) {
        ASSERT_EQ(bpe.merges[r], (Merge{pairs[r].first, pairs[r].second, int(256 + r)})) << "rank " << r;
    }
}

// The counts decide, in 64 bits: (c, d) x 5 beats (a, b) x 1; (a, b) x (2^32 + 1) beats (c, d) x 2;
// the largest table accepted (2^63 - 1 bytes times counts) trains.
TEST(BpeTrainFast, WordCountsWeighThePairsIn64Bits) {
    EXPECT_EQ(bpe_train_fast(std::vector<WordCount>{{"ab", 1}, {"cd", 5}}, 257).merges,
              (std::vector<Merge>{{c, d, 256}}));
    const std::vector<WordCount> big = {{"cd", 2}, {"ab", (std::int64_t(1) << 32) + 1}, {"dc", 3}};
    EXPECT_EQ(bpe_train_fast(big, 257).merges, (std::vector<Merge>{{a, b, 256}}));
    const std::int64_t largest = std::numeric_limits<std::int64_t>::max() / 2;
    EXPECT_EQ(bpe_train_fast(std::vector<WordCount>{{"c", 1}, {"ba", largest}}, 300).merges,
              (std::vector<Merge>{{b, a, 256}}));
}

// vocab_size 256: byte_level_bpe(); 257: one merge; INT_MAX: every word ends as one token and the
// trainer stops; no word, or only one-byte words: no merge.
TEST(BpeTrainFast, VocabSizeOf256And257AndMoreThanPossible) {
    const std::vector<WordCount> words = {{"hello", 3}, {" world", 1}, {"aaabdaaabac", 1}};
    EXPECT_EQ(bpe_train_fast(words, 256), byte_level_bpe());
    EXPECT_EQ(bpe_train_fast(words, 257).merges, (std::vector<Merge>{{'e', 'l', 256}}));
    const Bpe all = bpe_train_fast(words, INT_MAX);
    expect_well_formed(all);
    EXPECT_EQ(all.merges, oracle_train(words, 256 + 1000));
    EXPECT_EQ(bpe_train_fast(words, int(all.tokens.size())), all);
    EXPECT_EQ(bpe_train_fast(std::vector<WordCount>{{"a", 5}, {"\xff", 3}}, 1000), byte_level_bpe());
    EXPECT_EQ(bpe_train_fast(std::vector<WordCount>{}, 1000), byte_level_bpe());
}

// ---- Against the oracles ----

// 400 seeded random corpora over 2 to 5 letters (long runs, many ties, merges that cut runs), with
// counts 1 .. 4, to vocab sizes from 256 to the end: merge for merge equal to the plain oracle.
TEST(BpeTrainFast, MatchesThePlainOracleOnRandomCorpora) {
    constexpr std::string_view alphabets[] = {"ab", "abc", "aab", "xyzw0"};
    for (std::uint64_t seed = 1; seed <= 400; ++seed) {
        const std::string_view alphabet = alphabets[seed % 4];
        const auto words = random_corpus(1000 + seed, 3 + int(seed % 25), alphabet, 2 + int(seed % 13),
                                         1 + int(seed % 4));
        const int vocab_size = seed % 3 == 0 ? INT_MAX : 256 + int(seed % 50);
        const Bpe bpe = bpe_train_fast(words, vocab_size);
        const std::vector<Merge> want = oracle_train(words, std::min(vocab_size, 256 + 1000));
        ASSERT_EQ(bpe.merges, want) << "seed " << seed << ", alphabet " << alphabet << ", vocab_size " << vocab_size
                                    << "\n got  " << describe(bpe.merges) << "\n want " << describe(want);
        expect_well_formed(bpe);
    }
}

// A real paragraph (Darwin, 1859), 250 merges: the oracle's merges; then replayed in rank order by
// the loop of this test, each merge makes at least one merge.
TEST(BpeTrainFast, MatchesThePlainOracleOnARealParagraph) {
    const std::vector<WordCount> words = bpe_oracle::split_words(bpe_oracle::kParagraph);
    const Bpe bpe = bpe_train_fast(words, 256 + 250);
    EXPECT_EQ(bpe.merges, oracle_train(words, 256 + 250));
    expect_well_formed(bpe);
    for (const std::int64_t n : words_holding_each_merge(words, bpe.merges)) EXPECT_GE(n, 1);
}

// A corpus too large for the slow oracle: 1 500 words of up to 12 letters over 6 (runs, ties and
// counts up to 1000), 400 merges, against bpe_train (exercise 4's reference).
TEST(BpeTrainFast, MatchesBpeTrainOnALargerCorpus) {
    const auto words = random_corpus(99, 1500, "aabcdef", 12, 1000);
    const Bpe fast = bpe_train_fast(words, 256 + 400);
    const Bpe plain = bpe_train(words, 256 + 400);
    ASSERT_EQ(fast.merges.size(), plain.merges.size());
    for (std::size_t r = 0; r < plain.merges.size(); ++r) {
        ASSERT_EQ(fast.merges[r], plain.merges[r]) << "first difference at rank " << r;
    }
    EXPECT_EQ(fast, plain);
}

// ---- Cost, counted ----

// 2 000 words of 4 bytes over 200 byte values: almost every pair lives in one or two words, so
// a merge should read a word or two; the plain way reads all 2 000 per merge. Over 400 merges the
// words holding the merged pair sum to `least` (replayed here); the trainer may read some words the
// index lists but no longer hold the pair, up to twice that; rescanning every word would be 800 000.
TEST(BpeTrainFast, AMergeReadsOnlyTheWordsHoldingItsPair) {
    course::Rng rng(7);
    std::set<std::string> seen;
    std::vector<WordCount> words;
    while (words.size() < 2000) {
        std::string w;
        for (int i = 0; i < 4; ++i) w += char(40 + rng.index(200));
        if (seen.insert(w).second) words.push_back({w, 1 + rng.index(3)});
    }
    BpeTrainStats stats;
    const Bpe bpe = bpe_train_fast(words, 256 + 400, &stats);
    ASSERT_EQ(bpe.merges.size(), 400u);
    std::int64_t least = 0;
    for (const std::int64_t n : words_holding_each_merge(words, bpe.merges)) least += n;
    EXPECT_EQ(stats.merges, 400);
    EXPECT_GE(stats.word_updates, least) << "fewer words read than hold the merged pairs: the counter is not "
                                            "counting every word read";
    EXPECT_LE(stats.word_updates, 2 * least)
        << "the merges read " << stats.word_updates << " words where " << least
        << " hold the merged pairs: is every word read at every merge (2 000 x 400 = 800 000)?";
    EXPECT_GE(stats.heap_pops, stats.merges) << "one pop at least per merge";
}

// The stats are overwritten, not added to; the overload without stats gives the same Bpe; a second
// call gives the same result (no state kept between calls).
TEST(BpeTrainFast, StatsAreOverwrittenAndTheOverloadsAgree) {
    const auto words = random_corpus(3, 60, "abcab", 10, 3);
    BpeTrainStats stats{12345, 67890, 11111};
    const Bpe with_stats = bpe_train_fast(words, 256 + 40, &stats);
    const BpeTrainStats first = stats;
    EXPECT_EQ(first.merges, std::int64_t(with_stats.merges.size()));
    EXPECT_LT(first.word_updates, 67890);
    EXPECT_LT(first.heap_pops, 11111);
    EXPECT_GE(first.heap_pops, first.merges);
    const Bpe again = bpe_train_fast(words, 256 + 40, &stats);
    EXPECT_EQ(again, with_stats);
    EXPECT_EQ(stats.merges, first.merges);
    EXPECT_EQ(stats.word_updates, first.word_updates);
    EXPECT_EQ(stats.heap_pops, first.heap_pops);
    EXPECT_EQ(bpe_train_fast(words, 256 + 40), with_stats);
    EXPECT_EQ(with_stats.merges, oracle_train(words, 256 + 40));
}

// Bad input, each after a valid call: bpe_train's refusals, and a null stats.
TEST(BpeTrainFast, RefusesBadInput) {
    const std::vector<WordCount> good = {{"ab", 1}, {"b", 2}};
    ASSERT_EQ(bpe_train_fast(good, 257).merges.size(), 1u) << kValidCallFirst;
    for (const int v : {255, 0, -1, INT_MIN}) {
        EXPECT_TRUE(ThrowsInvalidArgument([&] { bpe_train_fast(good, v); },
                                          {"bpe_train_fast", "vocab_size", std::to_string(v)}))
            << "vocab_size " << v;
    }
    EXPECT_TRUE(ThrowsInvalidArgument([] { bpe_train_fast(std::vector<WordCount>{{"ab", 1}, {"", 2}}, 300); },
                                      {"bpe_train_fast", "words[1]", "empty"}));
    for (const std::int64_t count : {std::int64_t(0), std::int64_t(-1), std::numeric_limits<std::int64_t>::min()}) {
        EXPECT_TRUE(ThrowsInvalidArgument(
            [&] { bpe_train_fast(std::vector<WordCount>{{"ab", 1}, {"cd", count}}, 300); },
            {"bpe_train_fast", "words[1]", "count", std::to_string(count)}))
            << "count " << count;
    }
    EXPECT_TRUE(ThrowsInvalidArgument(
        [] { bpe_train_fast(std::vector<WordCount>{{"ab", 1}, {"cd", 2}, {"ab", 3}}, 300); },
        {"bpe_train_fast", "words[0]", "words[2]"}));
    const std::int64_t big = std::numeric_limits<std::int64_t>::max() / 2;
    EXPECT_TRUE(ThrowsInvalidArgument([&] { bpe_train_fast(std::vector<WordCount>{{"ba", big}, {"c", 2}}, 300); },
                                      {"bpe_train_fast", "words[1]", "overflow"}));
    EXPECT_TRUE(ThrowsInvalidArgument([&] { bpe_train_fast(good, 300, nullptr); }, {"bpe_train_fast", "stats"}));
}

// Bytes above 0x7f are ids 128 .. 255 (a char is signed here: read it as unsigned char). By hand:
// "café" x 3 and "été" x 2 (é = C3 A9): (C3, A9) 3 + 2 x 2 = 7 -> 256 "é"; then (c, a), (a, f),
// (f, 256) tie at 3 -> (a, f) = 257; (c, 257) = 258; (258, 256) = 259 "café"; (t, 256) 2 ties
// (256, t) 2 -> (t, 256) = 260 "té"; (256, 260) = 261 "été".
TEST(BpeTrainFast, BytesAbove127AreIdsAbove127) {
    const std::vector<WordCount> words = {{"caf\xc3\xa9", 3}, {"\xc3\xa9t\xc3\xa9", 2}};
    const Bpe bpe = bpe_train_fast(words, 262);
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
