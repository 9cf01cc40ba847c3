// bpe_train_oracle.hpp: the tests' own BPE trainer and corpora, for bpe_train_test.cpp and
// bpe_train_fast_test.cpp. Written from the definitions, not from either reference:
//
//   oracle_merge      merges (left, right) in a word, left to right, the obvious loop
//   merges_made       the pair's count in one word, by doing the merge and counting what vanished
//                     (so "aaa" gives 1 without any rule about overlaps)
//   oracle_train      every merge: every distinct adjacent pair of every word, its count as the sum of
//                     merges_made * count, the best by (highest count, smallest (left, right))
//
// Slow (each candidate pair re-merges each word that holds it): for corpora of a few hundred words.
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <ostream>
#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "course/random.hpp"
#include "tokenization/bpe.hpp"

namespace course::tokenization {

// PrintTo: GoogleTest prints a Merge as (left, right) -> result.
inline void PrintTo(const Merge& m, std::ostream* os) {
    *os << "(" << m.left << ", " << m.right << ") -> " << m.result;
}

}  // namespace course::tokenization

namespace course::tokenization::bpe_oracle {

using Ids = std::vector<int>;

inline Ids bytes_of(std::string_view word) {
    Ids ids;
    for (char c : word) ids.push_back(static_cast<unsigned char>(c));
    return ids;
}

// oracle_merge: w with every (left, right) replaced by `result`, leftmost first, no overlap.
inline Ids oracle_merge(const Ids& w, int left, int right, int result) {
    Ids out;
    std::size_t i = 0;
    while (i < w.size()) {
        if (i + 1 < w.size() && w[i] == left && w[i + 1] == right) {
            out.push_back(result);
            i += 2;
        } else {
            out.push_back(w[i]);
            i += 1;
        }
    }
    return out;
}

// merges_made: how many merges (left, right) makes in w.
inline std::int64_t merges_made(const Ids& w, int left, int right) {
    bool holds = false;  // (a shortcut: most words do not hold the pair)
    for (std::size_t i = 0; i + 1 < w.size() && !holds; ++i) holds = w[i] == left && w[i + 1] == right;
    if (!holds) return 0;
    return std::int64_t(w.size() - oracle_merge(w, left, right, -1).size());
}

// oracle_train: the merges a plain trainer makes on `words` up to vocab_size tokens.
inline std::vector<Merge> oracle_train(const std::vector<WordCount>& words, int vocab_size) {
    std::vector<Ids> ids;
    for (const WordCount& w : words) ids.push_back(bytes_of(w.word));
    std::vector<Merge> merges;
    for (int next = 256; next < vocab_size; ++next) {
        std::set<std::pair<int, int>> candidates;
        for (const Ids& w : ids) {
            for (std::size_t i = 0; i + 1 < w.size(); ++i) candidates.insert({w[i], w[i + 1]});
        }
        if (candidates.empty()) break;
        std::pair<int, int> best{};
        std::int64_t best_count = 0;
        for (const auto& [l, r] : candidates) {  // in increasing (l, r) order
            std::int64_t count = 0;
            for (std::size_t k = 0; k < ids.size(); ++k) count += merges_made(ids[k], l, r) * words[k].count;
            if (count > best_count) {
                best_count = count;
                best = {l, r};
            }
        }
        merges.push_back({best.first, best.second, next});
        for (Ids& w : ids) w = oracle_merge(w, best.first, best.second, next);
    }
    return merges;
}

// random_corpus: n distinct words of 1 .. max_len bytes drawn from `alphabet`, counts 1 .. max_count.
// Small alphabets make long runs ("abaaab") and many ties.
inline std::vector<WordCount> random_corpus(std::uint64_t seed, int n, std::string_view alphabet, int max_len,
                                            int max_count) {
    course::Rng rng(seed);
    std::set<std::string> seen;
    std::vector<WordCount> words;
    for (int attempt = 0; attempt < 50 * n && int(words.size()) < n; ++attempt) {
        std::string w;
        const int len = 1 + rng.index(max_len);
        for (int i = 0; i < len; ++i) w += alphabet[std::size_t(rng.index(int(alphabet.size())))];
        if (!seen.insert(w).second) continue;
        words.push_back({w, 1 + rng.index(max_count)});
    }
    return words;
}

// kParagraph: a real paragraph of English (the opening of Darwin's "On the Origin of Species",
// 1859, public domain), and split_words: its words GPT-2's way for plain text (a leading space
// stays with the word; punctuation apart), counted, in first-seen order (unsorted on purpose).
inline constexpr std::string_view kParagraph =
    "When on board H.M.S. 'Beagle,' as naturalist, I was much struck with certain facts in the "
    "distribution of the inhabitants of South America, and in the geological relations of the present "
    "to the past inhabitants of that continent. These facts seemed to me to throw some light on the "
    "origin of species--that mystery of mysteries, as it has been called by one of our greatest "
    "philosophers. On my return home, it occurred to me, in 1837, that something might perhaps be made "
    "out on this question by patiently accumulating and reflecting on all sorts of facts which could "
    "possibly have any bearing on it. After five years' work I allowed myself to speculate on the "
    "subject, and drew up some short notes; these I enlarged in 1844 into a sketch of the conclusions, "
    "which then seemed to me probable: from that period to the present day I have steadily pursued the "
    "same object. I hope that I may be excused for entering on these personal details, as I give them "
    "to show that I have not been hasty in coming to a decision.";

inline std::vector<WordCount> split_words(std::string_view text) {
    const auto is_alnum = [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
    };
    std::vector<WordCount> words;
    std::size_t i = 0;
    while (i < text.size()) {
        std::size_t j = i + (text[i] == ' ' && i + 1 < text.size() ? 1 : 0);
        const bool alnum = is_alnum(text[j]);
        ++j;
        while (j < text.size() && text[j] != ' ' && is_alnum(text[j]) == alnum) ++j;
        const std::string_view word = text.substr(i, j - i);
        const auto it = std::find_if(words.begin(), words.end(), [&](const WordCount& w) { return w.word == word; });
        if (it == words.end()) {
            words.push_back({std::string(word), 1});
        } else {
            ++it->count;
        }
        i = j;
    }
    return words;
}

}  // namespace course::tokenization::bpe_oracle
