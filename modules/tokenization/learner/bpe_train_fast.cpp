// Exercise 5: bpe_train_fast (bpe_train's merges, with the pair counts updated instead of recounted).
// Contract: include/tokenization/bpe_train_fast.hpp   Notes: docs/tokenization.md#bpe_train_fast
// Hints: ./course hint tokenization bpe_train_fast    Grade it:  ./course grade tokenization bpe_train_fast
//
//     once:       count(p), where(p) = the words holding p, a max-heap of (count(p), p)
//     per merge:  pop until the entry's count is the live count(p) (stale entries are skipped)
//                 for each w in where(p): count -= w's old pair counts; merge p in w;
//                 count += w's new pair counts; new pairs get w in their where(); changed pairs
//                 get a fresh heap entry
#include "tokenization/bpe_train_fast.hpp"

#include <cstddef>
#include <cstdint>
#include <queue>
#include <span>
#include <unordered_map>
#include <vector>

#include "tokenization/bpe.hpp"
#include "tokenization/bpe_train.hpp"

namespace course::tokenization {

// TODO(learner): the same merges as bpe_train, same tie rule (the heap's top is the highest count,
// then the smallest (left, right)). Count in *stats every word you read to apply a merge
// (word_updates), every heap pop (heap_pops) and every merge (merges).

Bpe bpe_train_fast(std::span<const WordCount> words, int vocab_size) {
    BpeTrainStats stats;
    return bpe_train_fast(words, vocab_size, &stats);
}

Bpe bpe_train_fast(std::span<const WordCount> words, int vocab_size, BpeTrainStats* stats) {
    check_bpe_train_arguments("bpe_train_fast", words, vocab_size);
    check_bpe_train_fast_stats("bpe_train_fast", stats);
    // Hint: around a run, patching the neighbours of each occurrence goes wrong ("aaaa" holds (a, a)
    // twice, "aaaaa" twice too): subtract all of a changed word's pair counts, merge, add them back.
    COURSE_TODO("bpe_train_fast");
}

}  // namespace course::tokenization
