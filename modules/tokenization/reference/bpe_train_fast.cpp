// Reference solution of exercise 5, bpe_train_fast (contract: include/tokenization/bpe_train_fast.hpp).
//
// The pair counts live in a hash map, the words holding each pair in an index, the candidates in a
// max-heap of (count, pair) with lazy deletion. A merge rewrites only the words the index lists for
// its pair; for each, the word's pair counts before the merge are subtracted and those after it
// added, so a run ("aaaa") is recounted whole rather than patched around each occurrence.
#include "tokenization/bpe_train_fast.hpp"

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <queue>
#include <span>
#include <unordered_map>
#include <utility>
#include <vector>

#include "tokenization/bpe.hpp"
#include "tokenization/bpe_train.hpp"

namespace course::tokenization {
namespace {

using Word = std::vector<int>;  // a word as token ids
using PairKey = std::uint64_t;  // (left, right) as left * 2^32 + right: ordered like (left, right)
using PairCounts = std::vector<std::pair<PairKey, std::int64_t>>;

PairKey pair_key(int left, int right) { return PairKey(std::uint32_t(left)) << 32 | std::uint32_t(right); }
int left_of(PairKey p) { return int(p >> 32); }
int right_of(PairKey p) { return int(p & 0xffffffffu); }

// word_pairs: out = the pairs of w with merges_made(p, w) * count, each pair once, sorted by key.
// Left to right without overlap: an (x, x) right after a counted (x, x) is skipped (bpe_train.hpp).
void word_pairs(const Word& w, std::int64_t count, PairCounts& out) {
    out.clear();
    bool counted_a_run_pair = false;
    for (std::size_t i = 0; i + 1 < w.size(); ++i) {
        const bool run_pair = w[i] == w[i + 1];
        if (run_pair && counted_a_run_pair) {
            counted_a_run_pair = false;
            continue;
        }
        out.push_back({pair_key(w[i], w[i + 1]), count});
        counted_a_run_pair = run_pair;
    }
    std::sort(out.begin(), out.end());
    std::size_t n = 0;
    for (std::size_t i = 0; i < out.size(); ++i) {
        if (n > 0 && out[n - 1].first == out[i].first) {
            out[n - 1].second += out[i].second;
        } else {
            out[n++] = out[i];
        }
    }
    out.resize(n);
}

// merge_word: every (left, right) in w becomes `result`, scanning left to right without overlap.
void merge_word(Word& w, int left, int right, int result) {
    std::size_t out = 0;
    for (std::size_t i = 0; i < w.size(); ++i) {
        if (i + 1 < w.size() && w[i] == left && w[i + 1] == right) {
            w[out++] = result;
            ++i;
        } else {
            w[out++] = w[i];
        }
    }
    w.resize(out);
}

// HeapEntry: a candidate; the heap's top is the highest count, then the smallest pair.
struct HeapEntry {
    std::int64_t count;
    PairKey pair;
    bool operator<(const HeapEntry& other) const {
        return count != other.count ? count < other.count : pair > other.pair;
    }
};

}  // namespace

Bpe bpe_train_fast(std::span<const WordCount> words, int vocab_size) {
    BpeTrainStats stats;
    return bpe_train_fast(words, vocab_size, &stats);
}

Bpe bpe_train_fast(std::span<const WordCount> words, int vocab_size, BpeTrainStats* stats) {
    check_bpe_train_arguments("bpe_train_fast", words, vocab_size);
    check_bpe_train_fast_stats("bpe_train_fast", stats);
    *stats = BpeTrainStats{};
    Bpe bpe = byte_level_bpe();

    std::vector<Word> ids(words.size());  // ids[k] is words[k].word as token ids, bytes at first
    std::unordered_map<PairKey, std::int64_t> counts;       // the live count of every pair present
    std::unordered_map<PairKey, std::vector<int>> holders;  // pair -> words that hold (or held) it
    PairCounts before, after, changes;
    for (std::size_t k = 0; k < words.size(); ++k) {
        for (char c : words[k].word) ids[k].push_back(static_cast<unsigned char>(c));
        word_pairs(ids[k], words[k].count, after);
        for (const auto& [p, n] : after) {
            counts[p] += n;
            holders[p].push_back(int(k));
        }
    }
    std::priority_queue<HeapEntry> heap;
    for (const auto& [p, n] : counts) heap.push({n, p});

    while (std::int64_t(bpe.tokens.size()) < vocab_size) {
        // The best live pair: an entry whose count is no longer the pair's count is stale.
        PairKey best = 0;
        bool found = false;
        while (!heap.empty()) {
            const HeapEntry top = heap.top();
            heap.pop();
            ++stats->heap_pops;
            const auto it = counts.find(top.pair);
            if (it != counts.end() && it->second == top.count) {
                best = top.pair;
                found = true;
                break;
            }
        }
        if (!found) break;  // no pair left: every word is one token

        const int left = left_of(best), right = right_of(best);
        const int result = int(bpe.tokens.size());
        bpe.tokens.push_back(bpe.tokens[std::size_t(left)] + bpe.tokens[std::size_t(right)]);
        bpe.merges.push_back({left, right, result});

        // Each word is in a pair's list once: it joins the list when the pair first appears in it,
        // at the start or as a pair holding a new id (every other pair after a merge was there
        // before it). A word an earlier merge took the pair from merges nothing: before == after.
        changes.clear();
        const std::vector<int> words_of_best = std::move(holders[best]);
        holders.erase(best);
        for (const int k : words_of_best) {
            ++stats->word_updates;
            Word& w = ids[std::size_t(k)];
            const std::int64_t c = words[std::size_t(k)].count;
            word_pairs(w, c, before);
            merge_word(w, left, right, result);
            word_pairs(w, c, after);
            for (const auto& [p, n] : before) changes.push_back({p, -n});
            for (const auto& [p, n] : after) {
                changes.push_back({p, n});
                if (left_of(p) == result || right_of(p) == result) holders[p].push_back(k);  // a new pair
            }
        }
        // Apply the changes pair by pair; each pair whose count moved gets a fresh heap entry.
        std::sort(changes.begin(), changes.end());
        for (std::size_t i = 0; i < changes.size();) {
            const PairKey p = changes[i].first;
            std::int64_t delta = 0;
            for (; i < changes.size() && changes[i].first == p; ++i) delta += changes[i].second;
            if (delta == 0) continue;
            const std::int64_t n = counts[p] += delta;
            if (n == 0) {
                counts.erase(p);
            } else {
                heap.push({n, p});
            }
        }
        ++stats->merges;
    }
    return bpe;
}

}  // namespace course::tokenization
