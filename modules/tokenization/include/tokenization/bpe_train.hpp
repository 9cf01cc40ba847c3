// Exercise 4, bpe_train: learning byte-pair-encoding merges from a corpus, the plain way.
// Notes: docs/tokenization.md#bpe_train.
//
//     repeat vocab_size - 256 times:
//         count(p) = sum over words w of  merges_made(p, w) * w.count      for every adjacent pair p
//         p* = argmax count(p)   (ties: the smallest (left id, right id))
//         tokens.push_back(tokens[p*.left] + tokens[p*.right]);  merges.push_back(p* -> new id)
//         replace p* in every word, left to right, without overlap
//
// A corpus is a table of words (pre-tokens, pretokenize.hpp) with their counts: BPE never merges
// across a word boundary, so "the" occurring 60 000 times is stored once with count 60 000 and
// every pair of it counts 60 000 times. Each word starts as its bytes (token id = byte value).
//
// The pair count is the number of merges the pair would make in the word, scanning left to right,
// times the word's count. For a pair of two different tokens that is the number of times it occurs;
// for a pair (a, a) inside a run of L a's it is floor(L / 2): "aaa" counts (a, a) once, "aaaa"
// twice (the merge turns "aaa" into "aa" "a" and "aaaa" into "aa" "aa"). Counting every position
// would say 2 and 3 and pick pairs the merge cannot deliver.
//
// Tie rule: the highest count, then the smallest (left id, right id) in lexicographic order.
// Stopping: vocab_size tokens, or earlier when no word has two tokens left (no pair). A pair of
// count 1 is still merged (minbpe does the same; GPT-2's trainer has no minimum either): the
// vocabulary is then as large as asked whenever the corpus allows it.
//
// Refused (std::invalid_argument naming the function and the value; for a word, its index):
// vocab_size < 256 (the 256 byte tokens are always there); an empty word (it has no byte to start
// from); a count <= 0; the same word twice (the table is a multiset already counted: a repeated word
// is a caller that forgot to count); counts so large that a pair count could overflow 64 bits
// (sum of count * bytes over the table above 2^63 - 1). The table need not be sorted.
//
// Cost of the plain way: every merge recounts every pair of every word: O(merges * total tokens).
// The fast trainer (bpe_train_fast.hpp) does the same merges touching only the words that change.
// Source: Sennrich, Haddow & Birch, "Neural machine translation of rare words with subword units",
// ACL 2016, Algorithm 1; Karpathy's minbpe (basic.py) for the byte-level form and the exercise.
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "course/error.hpp"
#include "tokenization/bpe.hpp"

namespace course::tokenization {

// printable_word: `word` between quotes with its control bytes, backslash, quote and bytes >= 0x7f
// written as \xHH, and cut after 40 bytes, for error messages.
inline std::string printable_word(std::string_view word) {
    constexpr char hex[] = "0123456789abcdef";
    std::string out = "\"";
    for (std::size_t i = 0; i < word.size() && i < 40; ++i) {
        const auto b = static_cast<unsigned char>(word[i]);
        if (b < 0x20 || b >= 0x7f || b == '\\' || b == '"') {
            out += "\\x";
            out += hex[b >> 4];
            out += hex[b & 15];
        } else {
            out += char(b);
        }
    }
    out += word.size() > 40 ? "\"..." : "\"";
    return out;
}

// check_bpe_train_arguments: the refusals listed at the top of this file, called by bpe_train and
// bpe_train_fast (stubs and references alike). Cost: O(total bytes + n log n) for the duplicates.
inline void check_bpe_train_arguments(const char* function, std::span<const WordCount> words, int vocab_size) {
    COURSE_CHECK(vocab_size >= 256, function, ": vocab_size is ", vocab_size,
                 ", expected at least 256 (the 256 byte tokens come first; each merge adds one)");
    std::int64_t total = 0;  // sum of count * bytes: an upper bound on any pair count
    for (std::size_t i = 0; i < words.size(); ++i) {
        const WordCount& w = words[i];
        COURSE_CHECK(!w.word.empty(), function, ": words[", i, "] is an empty word (count ", w.count,
                     "), expected at least one byte");
        COURSE_CHECK(w.count > 0, function, ": words[", i, "] = ", printable_word(w.word), " has count ", w.count,
                     ", expected a count >= 1");
        const auto bytes = std::int64_t(w.word.size());
        const std::int64_t room = std::numeric_limits<std::int64_t>::max() - total;
        COURSE_CHECK(w.count <= room / bytes, function, ": words[", i, "] = ", printable_word(w.word), " has count ",
                     w.count, ": the counts times the word lengths pass 2^63 - 1, a pair count could overflow");
        total += w.count * bytes;
    }
    std::vector<std::size_t> order(words.size());
    for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
    std::sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
        return words[a].word != words[b].word ? words[a].word < words[b].word : a < b;
    });
    for (std::size_t k = 1; k < order.size(); ++k) {
        const std::size_t a = order[k - 1], b = order[k];
        COURSE_CHECK(words[a].word != words[b].word, function, ": words[", a, "] and words[", b, "] are both ",
                     printable_word(words[a].word),
                     ", expected each word once (the table is already counted: add the counts)");
    }
}

// count_words: the word table of `text`: its pre-tokens (pretokenize.hpp, GPT-2's split) with how
// many times each occurs, sorted by the word's bytes. Any bytes are accepted (pretokenize splits
// invalid UTF-8 too). The counts sum to the number of pre-tokens; the words, each repeated count
// times in text order, are `text` again. Cost: O(text + n log n) for n distinct words.
std::vector<WordCount> count_words(std::string_view text);

// bpe_train: byte_level_bpe() followed by up to vocab_size - 256 merges learned from `words`, the
// plain way (see the top of this file). The result has tokens.size() == 256 + merges.size(), merge r
// has result 256 + r, and no special token.
Bpe bpe_train(std::span<const WordCount> words, int vocab_size);

}  // namespace course::tokenization
