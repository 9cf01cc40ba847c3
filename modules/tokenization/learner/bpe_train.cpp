// Exercise 4: bpe_train (count a corpus's words, then learn BPE merges the plain way).
// Contract: include/tokenization/bpe_train.hpp   Notes: docs/tokenization.md#bpe_train
// Hints: ./course hint tokenization bpe_train    Grade it:  ./course grade tokenization bpe_train
//
//     repeat until vocab_size tokens (or no pair is left):
//         count(p) = sum over words w of merges_made(p, w) * w.count     ("aaa" holds (a, a) once)
//         p* = the highest count, ties to the smallest (left id, right id)
//         new token = tokens[p*.left] + tokens[p*.right], id tokens.size(); merge p* in every word,
//         left to right without overlap ("aaa" -> "aa" "a")
#include "tokenization/bpe_train.hpp"

#include <cstddef>
#include <cstdint>
#include <map>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "tokenization/bpe.hpp"
#include "tokenization/pretokenize.hpp"

namespace course::tokenization {

// TODO(learner): count_words is pretokenize (exercise 3) and a count per distinct word, sorted by
// the word's bytes. bpe_train starts from byte_level_bpe(), keeps each word as a vector of ids (its
// bytes at first) and repeats: count the pairs, pick the best, append the merge, rewrite the words.

std::vector<WordCount> count_words(std::string_view text) {
    // Hint: a std::map<std::string_view, std::int64_t> counts and sorts at once; the views point
    // into text, which outlives the map.
    (void)text;
    COURSE_TODO("count_words");
}

Bpe bpe_train(std::span<const WordCount> words, int vocab_size) {
    check_bpe_train_arguments("bpe_train", words, vocab_size);
    // words is (n) word/count rows; the merges come out in the order they are learned (rank 0 first).
    // Hint: a std::map<std::pair<int, int>, std::int64_t> iterates the pairs in (left, right) order,
    // so keeping the first pair of the highest count (a strict >) is the tie rule.
    COURSE_TODO("bpe_train");
}

}  // namespace course::tokenization
