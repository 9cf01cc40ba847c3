// Reference solution of exercise 4, bpe_train (contract: include/tokenization/bpe_train.hpp).
//
// The plain trainer: each merge recounts every pair of every word into an ordered map, takes the
// highest count (the map's order gives the tie rule for free: the first pair met with the highest
// count is the smallest), and rewrites every word. O(merges * total tokens * log pairs): the
// oracle that bpe_train_fast must match, merge for merge.
#include "tokenization/bpe_train.hpp"

#include <cstddef>
#include <cstdint>
#include <map>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "tokenization/bpe.hpp"
#include "tokenization/pretokenize.hpp"

namespace course::tokenization {
namespace {

using Word = std::vector<int>;       // a word as token ids
using Pair = std::pair<int, int>;    // (left id, right id), ordered lexicographically

// count_pairs: counts[p] = sum over words k of merges_made(p, words[k]) * table[k].count.
// Left to right without overlap: a pair (x, x) right after a counted (x, x) is the same x twice
// ("aaa" is one (a, a), not two), so it is skipped, and the one after it counts again.
std::map<Pair, std::int64_t> count_pairs(const std::vector<Word>& words, std::span<const WordCount> table) {
    std::map<Pair, std::int64_t> counts;
    for (std::size_t k = 0; k < words.size(); ++k) {
        const Word& w = words[k];
        bool counted_a_run_pair = false;  // the pair at i - 1 was counted and is (w[i], w[i])
        for (std::size_t i = 0; i + 1 < w.size(); ++i) {
            const bool run_pair = w[i] == w[i + 1];
            if (run_pair && counted_a_run_pair) {
                counted_a_run_pair = false;  // overlaps the (x, x) just counted
                continue;
            }
            counts[{w[i], w[i + 1]}] += table[k].count;
            counted_a_run_pair = run_pair;
        }
    }
    return counts;
}

// merge_word: every (left, right) in w becomes `result`, scanning left to right without overlap.
void merge_word(Word& w, Pair pair, int result) {
    std::size_t out = 0;
    for (std::size_t i = 0; i < w.size(); ++i) {
        if (i + 1 < w.size() && w[i] == pair.first && w[i + 1] == pair.second) {
            w[out++] = result;
            ++i;  // the right token is used up
        } else {
            w[out++] = w[i];
        }
    }
    w.resize(out);
}

}  // namespace

std::vector<WordCount> count_words(std::string_view text) {
    std::map<std::string_view, std::int64_t> counts;  // ordered by the word's bytes
    for (std::string_view word : pretokenize(text)) ++counts[word];
    std::vector<WordCount> table;
    table.reserve(counts.size());
    for (const auto& [word, count] : counts) table.push_back({std::string(word), count});
    return table;
}

Bpe bpe_train(std::span<const WordCount> words, int vocab_size) {
    check_bpe_train_arguments("bpe_train", words, vocab_size);
    Bpe bpe = byte_level_bpe();
    std::vector<Word> ids(words.size());  // ids[k] is words[k].word as token ids, bytes at first
    for (std::size_t k = 0; k < words.size(); ++k) {
        for (char c : words[k].word) ids[k].push_back(static_cast<unsigned char>(c));
    }
    while (std::int64_t(bpe.tokens.size()) < vocab_size) {
        const std::map<Pair, std::int64_t> counts = count_pairs(ids, words);
        if (counts.empty()) break;  // every word is one token: nothing left to merge
        auto best = counts.begin();
        for (auto it = counts.begin(); it != counts.end(); ++it) {
            if (it->second > best->second) best = it;  // strictly higher: a tie keeps the smaller pair
        }
        const auto [left, right] = best->first;
        const int result = int(bpe.tokens.size());
        bpe.tokens.push_back(bpe.tokens[std::size_t(left)] + bpe.tokens[std::size_t(right)]);
        bpe.merges.push_back({left, right, result});
        for (Word& w : ids) merge_word(w, best->first, result);
    }
    return bpe;
}

}  // namespace course::tokenization
