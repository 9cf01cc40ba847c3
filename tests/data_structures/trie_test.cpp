// Tests for exercise 9, the trie (modules/data_structures/learner/trie.cpp).
//
// Oracles: small vocabularies worked by hand; std::set<std::string> on seeded random operations
// (a prefix count is the number of set elements starting with the prefix; the longest prefix match
// is the longest prefix of the text that the set contains). Every test inserts before it asserts,
// so a stub shows "not started".
#include "data_structures/trie.hpp"

#include <gtest/gtest.h>

#include <random>
#include <set>
#include <string>
#include <vector>

#include "course/testing.hpp"

namespace course::data_structures {
namespace {

using course::testing::ThrowsInvalidArgument;

Trie trie_of(const std::vector<std::string>& words) {
    Trie trie;
    for (const auto& w : words) trie.insert(w);
    return trie;
}

TEST(Trie, InsertAndContainsOnSmallCase) {
    Trie trie;
    EXPECT_TRUE(trie.insert("tea"));
    EXPECT_TRUE(trie.insert("ten"));
    EXPECT_TRUE(trie.insert("to"));
    EXPECT_TRUE(trie.insert("inn"));
    EXPECT_FALSE(trie.insert("ten")) << "ten is already there";
    EXPECT_EQ(trie.size(), 4u);
    for (const char* w : {"tea", "ten", "to", "inn"}) EXPECT_TRUE(trie.contains(w)) << w;
    EXPECT_FALSE(trie.contains("te")) << "te is only a prefix of stored words, not a word";
    EXPECT_FALSE(trie.contains("teas")) << "teas runs past the end of tea";
    EXPECT_FALSE(trie.contains("i"));
    EXPECT_FALSE(trie.contains("")) << "the empty word is never stored";
}

TEST(Trie, SharesTheNodesOfCommonPrefixes) {
    // tea, ten, to: the prefixes are "", t, te, tea, ten, to: 6 nodes, the root included.
    Trie trie = trie_of({"tea", "ten", "to"});
    EXPECT_EQ(trie.node_count(), 6u) << "one node per distinct prefix: \"\", t, te, tea, ten, to";
    trie.insert("tea");
    EXPECT_EQ(trie.node_count(), 6u) << "a duplicate adds no node";
    trie.insert("t");
    EXPECT_EQ(trie.node_count(), 6u) << "t is already a prefix: it only gets marked as a word";
    EXPECT_TRUE(trie.contains("t"));
    trie.insert("tear");
    EXPECT_EQ(trie.node_count(), 7u) << "tear adds one node below tea";
}

TEST(Trie, CountsWordsWithAPrefix) {
    const Trie trie = trie_of({"tea", "ten", "to", "inn", "in", "t"});
    EXPECT_EQ(trie.count_with_prefix(""), 6u) << "every word starts with the empty prefix";
    EXPECT_EQ(trie.count_with_prefix("t"), 4u) << "t, tea, ten, to: a word is a prefix of itself";
    EXPECT_EQ(trie.count_with_prefix("te"), 2u) << "tea, ten";
    EXPECT_EQ(trie.count_with_prefix("tea"), 1u);
    EXPECT_EQ(trie.count_with_prefix("in"), 2u) << "in, inn";
    EXPECT_EQ(trie.count_with_prefix("teas"), 0u);
    EXPECT_EQ(trie.count_with_prefix("x"), 0u);
}

TEST(Trie, DuplicateInsertDoesNotChangeTheCounts) {
    Trie trie = trie_of({"tea", "ten"});
    EXPECT_FALSE(trie.insert("tea"));
    EXPECT_FALSE(trie.insert("tea"));
    EXPECT_EQ(trie.size(), 2u);
    EXPECT_EQ(trie.count_with_prefix("te"), 2u)
        << "inserting tea again must not count it again: check for the word before raising the counts";
    EXPECT_EQ(trie.count_with_prefix("tea"), 1u);
}

TEST(Trie, LongestPrefixMatchOnSmallCase) {
    const Trie trie = trie_of({"a", "ab", "abcd", "b"});
    EXPECT_EQ(trie.longest_prefix_match("abcde"), 4u) << "abcd is the longest word that starts abcde";
    EXPECT_EQ(trie.longest_prefix_match("abc"), 2u)
        << "abc runs into the trie up to depth 3, but the last word on the way is ab (length 2)";
    EXPECT_EQ(trie.longest_prefix_match("abx"), 2u);
    EXPECT_EQ(trie.longest_prefix_match("a"), 1u);
    EXPECT_EQ(trie.longest_prefix_match("ba"), 1u);
    EXPECT_EQ(trie.longest_prefix_match("c"), 0u) << "no word starts c";
    EXPECT_EQ(trie.longest_prefix_match(""), 0u) << "the empty text";
}

TEST(Trie, GreedyTokenizationByLongestMatch) {
    // The tokenizer's use: cut text into the longest vocabulary entries, left to right.
    // Worked by hand: "unhappiness" -> un | happi | ness.
    const Trie vocab = trie_of({"u", "un", "h", "ha", "happ", "happi", "n", "ne", "ness", "i", "s"});
    const std::string text = "unhappiness";
    std::vector<std::string> pieces;
    for (std::size_t at = 0; at < text.size();) {
        const std::size_t n = vocab.longest_prefix_match(std::string_view(text).substr(at));
        ASSERT_GT(n, 0u) << "no vocabulary entry starts " << text.substr(at);
        pieces.push_back(text.substr(at, n));
        at += n;
    }
    EXPECT_EQ(pieces, (std::vector<std::string>{"un", "happi", "ness"}));
}

TEST(Trie, TreatsEveryByteValueAsAnOrdinaryByte) {
    // Bytes 0, 127, 128 and 255: a char is signed on x86, so 128..255 read as -128..-1; indexing or
    // sorting by the signed value mixes them up with small bytes.
    const std::string with_nul("a\0b", 3), high = "\xff\xfe", mid = "\x80", del = "\x7f";
    Trie trie = trie_of({with_nul, high, mid, del, "a"});
    EXPECT_EQ(trie.size(), 5u);
    EXPECT_TRUE(trie.contains(with_nul)) << "a word with a NUL byte in the middle";
    EXPECT_TRUE(trie.contains(high));
    EXPECT_TRUE(trie.contains(mid));
    EXPECT_TRUE(trie.contains(del));
    EXPECT_FALSE(trie.contains(std::string("a\0", 2)));
    EXPECT_EQ(trie.count_with_prefix("a"), 2u);
    EXPECT_EQ(trie.count_with_prefix("\xff"), 1u);
    EXPECT_EQ(trie.longest_prefix_match(std::string("a\0bc", 4)), 3u);
    EXPECT_EQ(trie.longest_prefix_match("\xff\xfe\xfd"), 2u);
}

TEST(Trie, MatchesStdSetOnRandomOperations) {
    // 100 000 operations on words of 1 to 7 bytes over the alphabet {a, b, c, 0x00, 0xff}:
    // 40% insert, 20% contains, 20% count_with_prefix (prefixes of 0 to 4 bytes), 20% longest
    // prefix match (texts of 0 to 9 bytes). The small alphabet makes shared prefixes, repeats and
    // hits common.
    const std::string alphabet("abc\0\xff", 5);
    std::mt19937_64 rng(20261126);
    auto random_string = [&](std::size_t min_len, std::size_t max_len) {
        const std::size_t len = min_len + rng() % (max_len - min_len + 1);
        std::string s;
        for (std::size_t i = 0; i < len; ++i) s += alphabet[rng() % alphabet.size()];
        return s;
    };
    Trie trie;
    std::set<std::string> oracle;
    for (int step = 0; step < 100000; ++step) {
        const int op = int(rng() % 100);
        if (op < 40) {
            const std::string w = random_string(1, 7);
            ASSERT_EQ(trie.insert(w), oracle.insert(w).second) << "step " << step << ", insert of a " << w.size() << "-byte word";
        } else if (op < 60) {
            const std::string w = random_string(1, 7);
            ASSERT_EQ(trie.contains(w), oracle.contains(w)) << "step " << step;
        } else if (op < 80) {
            const std::string p = random_string(0, 4);
            std::size_t want = p.empty() ? oracle.size() : 0;  // every word starts with ""
            if (!p.empty()) {
                for (auto it = oracle.lower_bound(p); it != oracle.end() && it->starts_with(p); ++it) ++want;
            }
            ASSERT_EQ(trie.count_with_prefix(p), want) << "step " << step << ", prefix of " << p.size() << " bytes";
        } else {
            const std::string t = random_string(0, 9);
            std::size_t want = 0;
            for (std::size_t len = t.size(); len > 0 && want == 0; --len) {
                if (oracle.contains(t.substr(0, len))) want = len;
            }
            ASSERT_EQ(trie.longest_prefix_match(t), want) << "step " << step << ", text of " << t.size() << " bytes";
        }
        ASSERT_EQ(trie.size(), oracle.size()) << "step " << step;
    }
}

TEST(Trie, InsertRefusesTheEmptyWord) {
    Trie trie;
    EXPECT_TRUE(trie.insert("a")) << course::testing::kValidCallFirst;  // valid first
    EXPECT_TRUE(ThrowsInvalidArgument([&] { trie.insert(""); }, {"Trie::insert", "empty word"}));
    EXPECT_EQ(trie.size(), 1u);
}

TEST(Trie, LongWordOfTwoHundredThousandBytes) {
    // Scale: one word of 200 000 bytes (a path of 200 000 nodes; a recursive walk would nest that
    // deep), and its prefixes. Node count: one per distinct prefix, the root included.
    const std::string word(200000, 'x');
    Trie trie;
    EXPECT_TRUE(trie.insert(word));
    EXPECT_EQ(trie.node_count(), word.size() + 1);
    EXPECT_TRUE(trie.contains(word));
    EXPECT_FALSE(trie.contains(word.substr(0, 199999))) << "a prefix of the word is not a word";
    EXPECT_EQ(trie.count_with_prefix(word.substr(0, 100000)), 1u);
    EXPECT_EQ(trie.longest_prefix_match(word + "y"), word.size());
    EXPECT_EQ(trie.longest_prefix_match(word.substr(0, 5)), 0u);
    EXPECT_TRUE(trie.insert("xx"));
    EXPECT_EQ(trie.longest_prefix_match(word.substr(0, 5)), 2u);
    EXPECT_EQ(trie.count_with_prefix("x"), 2u);
}

TEST(Trie, WideNodeWithAllTwoHundredFiftySixBytes) {
    // Special points: the root with all 256 children, inserted in a scrambled order (byte 37 * i
    // mod 256), so the sorted insert of a child hits the front, the back and the middle.
    Trie trie;
    for (int i = 0; i < 256; ++i) {
        const std::string word(1, char(static_cast<unsigned char>((37 * i) % 256)));
        ASSERT_TRUE(trie.insert(word)) << "byte " << (37 * i) % 256;
        ASSERT_TRUE(trie.insert(word + word)) << "byte " << (37 * i) % 256 << " twice";
    }
    EXPECT_EQ(trie.size(), 512u);
    EXPECT_EQ(trie.node_count(), 1u + 256u + 256u);
    for (int b = 0; b < 256; ++b) {
        const std::string one(1, char(static_cast<unsigned char>(b)));
        ASSERT_TRUE(trie.contains(one)) << "byte " << b;
        ASSERT_EQ(trie.count_with_prefix(one), 2u) << "byte " << b;
        ASSERT_EQ(trie.longest_prefix_match(one + one + one), 2u) << "byte " << b;
        ASSERT_FALSE(trie.contains(one + char(static_cast<unsigned char>(255 - b)))) << "byte " << b << " then " << 255 - b;
    }
}

// ---- Cost: the child bytes an operation reads ----
// A node's children are (ChildByte, index) pairs, and every read of a ChildByte counts one step
// (trie.hpp). Finding a byte among the d sorted children of a node by binary search reads at most
// bit_width(d) of them (std::lower_bound), and one more to see whether the byte found is the byte
// sought: at most bit_width(d) + 1 per byte of the word, 2 where a node has one child. The bounds
// below allow a second read per probe (a search that tests == before <): 2 bit_width(d) + 2.

// reads_of: the child bytes that work() reads.
template <typename Work>
std::int64_t reads_of(Work work) {
    CountScope scope;
    work();
    return scope.steps();
}

TEST(Trie, WalksALongSharedPrefixOnce) {
    // Long shared prefixes: a path of 2000 one-child nodes (the bytes 'a' + i % 26) shared by 64
    // words that end in 64 different last bytes, and the one-byte word "a" at its start. Every
    // operation on a word or a text of about 2000 bytes walks the path once: at most 4 reads per
    // byte (2 bit_width(1) + 2), and 2 bit_width(64) + 2 = 16 at the node of 64 children.
    // Walking it again from the root for every prefix (a longest match that tries each prefix of
    // the text as a word, an insert that looks up each prefix of its word) reads about
    // |text|^2 = 4 * 10^6 instead.
    std::string path;
    for (int i = 0; i < 2000; ++i) path += char('a' + i % 26);
    Trie trie;
    const std::int64_t walk = 4 * 2000 + 16;  // one walk of the path and its last node
    for (int k = 0; k < 64; ++k) {
        const std::string word = path + char(static_cast<unsigned char>(200 - 3 * k));
        const std::int64_t reads = reads_of([&] { EXPECT_TRUE(trie.insert(word)) << "word " << k; });
        EXPECT_LE(reads, 2 * walk) << "insert of word " << k << " (2001 bytes, 2000 of them shared with the words "
                                   << "before it) read " << reads << " child bytes: look the word up once and walk it "
                                   << "once (at most " << 2 * walk << ")";
    }
    ASSERT_TRUE(trie.insert("a"));
    ASSERT_EQ(trie.size(), 65u);
    const std::string last = path + char(static_cast<unsigned char>(200 - 3 * 63));
    std::size_t found = 99;
    std::int64_t reads = reads_of([&] { found = trie.longest_prefix_match(path); });
    EXPECT_EQ(found, 1u) << "the 2000-byte text runs along the path, but the only word that is a prefix of it is \"a\"";
    EXPECT_LE(reads, walk) << "longest_prefix_match of a 2000-byte text read " << reads << " child bytes: walk the text "
                           << "once and remember the last word end, rather than looking up each prefix as a word "
                           << "(at most " << walk << ")";
    bool stored = false;
    reads = reads_of([&] { stored = trie.contains(last); });
    EXPECT_TRUE(stored);
    EXPECT_LE(reads, walk) << "contains of a 2001-byte word read " << reads << " child bytes (at most " << walk << ")";
    std::size_t count = 0;
    reads = reads_of([&] { count = trie.count_with_prefix(path); });
    EXPECT_EQ(count, 64u);
    EXPECT_LE(reads, walk) << "count_with_prefix of a 2000-byte prefix read " << reads << " child bytes (at most " << walk
                           << "): the prefix's node stores the count";
}

TEST(Trie, BinarySearchesAWideNode) {
    // A root of 256 children (the one-byte words 0 .. 255): each lookup of a one-byte word reads at
    // most 2 bit_width(256) + 2 = 20 child bytes, 5120 for all 256 words. A scan of the children
    // from the first reads b + 1 for byte b, 32 896 for all of them.
    Trie trie;
    for (int i = 0; i < 256; ++i) ASSERT_TRUE(trie.insert(std::string(1, char(static_cast<unsigned char>((37 * i) % 256)))));
    const std::int64_t per_lookup = 2 * 9 + 2;
    std::int64_t total = 0, worst = 0;
    int worst_byte = -1;
    for (int b = 0; b < 256; ++b) {
        const std::string one(1, char(static_cast<unsigned char>(b)));
        bool stored = false;
        const std::int64_t reads = reads_of([&] { stored = trie.contains(one); });
        EXPECT_TRUE(stored) << "byte " << b;
        total += reads;
        if (reads > worst) worst = reads, worst_byte = b;
    }
    EXPECT_LE(total, 256 * per_lookup) << "256 lookups in a node of 256 children read " << total << " child bytes "
                                       << "(the most, " << worst << ", for byte " << worst_byte << "): the children are "
                                       << "sorted, so binary-search them (at most " << per_lookup << " per lookup)";
    std::int64_t others = reads_of([&] {
        for (int b = 0; b < 256; ++b) {
            const std::string one(1, char(static_cast<unsigned char>(b)));
            EXPECT_EQ(trie.count_with_prefix(one), 1u);
            EXPECT_EQ(trie.longest_prefix_match(one + one), 1u);
        }
    });
    EXPECT_LE(others, 2 * 256 * (per_lookup + 4))
        << "256 count_with_prefix and 256 longest_prefix_match in a node of 256 children read " << others
        << " child bytes: binary-search the children (at most " << per_lookup << " per node, and 4 for a leaf)";
    const std::int64_t insert_reads = reads_of([&] { EXPECT_TRUE(trie.insert(std::string(1, char(200)) + "z")); });
    EXPECT_LE(insert_reads, 3 * per_lookup + 4) << "an insert below a node of 256 children read " << insert_reads
                                                << " child bytes: find the child's place by binary search too";
}

}  // namespace
}  // namespace course::data_structures
