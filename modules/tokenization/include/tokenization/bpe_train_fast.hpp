// Exercise 5, bpe_train_fast: the merges of bpe_train, merge for merge, with pair counts kept up to
// date instead of recounted. Notes: docs/tokenization.md#bpe_train_fast.
//
//     once:       count(p) for every pair (bpe_train.hpp's definition), where(p) = the words holding p,
//                 a max-heap of (count(p), p)
//     per merge:  pop (c, p) until c == count(p) (lazy deletion: entries whose count moved are stale)
//                 for each word w in where(p) that still holds p:
//                     count(q) -= old merges_made(q, w) * w.count     for the pairs q of w
//                     replace p in w, left to right
//                     count(q) += new merges_made(q, w) * w.count;  add w to where(q) for new q
//                 push (count(q), q) for each q whose count changed
//
// Most merges touch a handful of words, so a merge costs O(the words that hold the pair) instead of
// O(every word): on 1 MB of English, 2 000 merges go about 100 times faster than bpe_train.
//
// Runs: the count of (a, a) in a run of L a's is floor(L / 2), which depends on the whole run, so a
// word's counts cannot be patched around each occurrence the way (x, a) and (a, y) can ("aaaa"
// merging (a, a) loses two (a, a), not one per side). Recount the pairs of each word the merge
// changes (words are short) or at least of its changed runs.
//
// Same result as bpe_train for the same arguments (the same tie rule: the highest count, then the
// smallest (left id, right id)), the same refusals (check_bpe_train_arguments).
// Source: Sennrich et al.'s subword-nmt (learn_bpe.py: the pair index and the incremental update);
// HuggingFace tokenizers (bpe/trainer.rs: the same with a heap of (count, pair) and lazy deletion).
#pragma once

#include <cstdint>
#include <span>

#include "course/error.hpp"
#include "tokenization/bpe.hpp"
#include "tokenization/bpe_train.hpp"

namespace course::tokenization {

// BpeTrainStats: the work bpe_train_fast did, for the cost tests and the benchmarks.
//   merges        the merges made
//   word_updates  the words whose tokens were read after the first count, summed over the merges:
//                 every word looked at to apply a merge, including one the index lists but that no
//                 longer holds the pair. The words holding the merged pair are a lower bound; a
//                 trainer that rescans every word per merge counts merges * words.
//   heap_pops     entries taken off the heap, stale ones included
struct BpeTrainStats {
    std::int64_t merges = 0;
    std::int64_t word_updates = 0;
    std::int64_t heap_pops = 0;
};

// check_bpe_train_fast_stats: stats is not null (the message names the function).
inline void check_bpe_train_fast_stats(const char* function, const BpeTrainStats* stats) {
    COURSE_CHECK(stats != nullptr, function, ": stats is null, expected a BpeTrainStats to fill in (call the overload "
                 "without stats when the counts are not wanted)");
}

// bpe_train_fast: bpe_train(words, vocab_size), computed incrementally (see the top of the file).
// Cost: O(total tokens) for the first count, then per merge O(the tokens of the words holding the
// pair + log(heap) per changed pair).
Bpe bpe_train_fast(std::span<const WordCount> words, int vocab_size);

// bpe_train_fast with its work counted: *stats is overwritten; a null stats is refused.
Bpe bpe_train_fast(std::span<const WordCount> words, int vocab_size, BpeTrainStats* stats);

}  // namespace course::tokenization
