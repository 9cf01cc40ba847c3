// Exercise 6: encode and decode with a trained byte-level BPE, token for token as GPT-2 does.
// Notes: docs/tokenization.md#encode.
//
//     encode(text) = concat over the pre-tokens w of pretokenize(text) of merge(byte_ids[w's bytes])
//     merge(parts): while some adjacent pair of parts has a merge, take the pair of LOWEST rank r,
//                   join every occurrence of it, left to right, without overlap; then look again
//     decode(ids)  = tokens[ids[0]] + tokens[ids[1]] + ...            (bytes, not text)
//
// The rank order is the whole lesson: a merge learned earlier is applied earlier, wherever it sits in
// the word. Neither the order in which pairs occur in the word nor how often they occur in some
// corpus matters. "aaa" with the merge (a, a) becomes "aa" "a" (left to right, no overlap).
//
// Cost: each pre-token of n bytes is merged in O(n log n): the parts are a linked list, the
// candidate pairs sit in a min-heap keyed by (rank, position), and a popped pair whose parts have
// changed since it was pushed is dropped (lazy invalidation). Each merge pushes at most the two new
// pairs it creates, so at most 3 n pairs are pushed, looked up and popped. Rescanning every pair
// after each merge, as GPT-2's Python encoder does, is O(n^2) per pre-token: a 100 000-byte run of
// one letter takes minutes. EncodeStats counts the work so that the tests can bound it.
//
// The cache: a pre-token already merged is not merged again; the encoder keeps a hash map
// pre-token bytes -> ids. It holds at most kCacheCapacity entries: when a new entry would exceed
// that, the map is cleared first (a text of ever-new words cannot grow it without bound). Pre-tokens
// longer than kCacheMaxWordBytes are not cached (a long run of one byte would pin its bytes).
//
// Special tokens (Bpe::special_tokens, e.g. GPT-2's "<|endoftext|>" = 50 256): the text is first
// searched for them, left to right; at one position the longest special token wins (the first
// listed, between two of the same text). With
//     SpecialTokens::disallowed  (the default) a special token's text is an error naming it and its
//                                byte offset: text from users must not smuggle in control tokens;
//     SpecialTokens::allowed     it becomes its id; the text between special tokens is encoded as
//                                usual (pre-tokens never span a special token);
//     SpecialTokens::as_text     it is ordinary text ("<|endoftext|>" is then "<", "|", "endo"...).
// tiktoken's encode(text, allowed_special="all") and encode(text, disallowed_special=()) are the
// second and third.
//
// decode returns bytes: a token may end inside a UTF-8 character (GPT-2's "\xe2\x80" then "\x99"),
// so decoding a prefix of the ids must not fail, and decode never validates UTF-8. An id outside
// [0, tokens.size()) is std::invalid_argument naming the id and its index.
//
// encode_batch encodes documents on `threads` OpenMP threads, each thread with its own cache (the
// encoder's own cache is neither read nor written); the result is in input order and the same for
// every thread count. The first failing document (by index) is the error.
//
// Refused (std::invalid_argument): a Bpe that fails check_bpe (the constructor); a disallowed special
// token; an unknown id in decode; threads < 1.
// Sources: Radford et al., GPT-2 (2019), section 2.2, and its encoder.py (bpe(): the lowest-ranked
// bigram, all occurrences, repeat); OpenAI's tiktoken (the special-token policies); Sennrich et al.
// (2016), BPE as a vocabulary.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "course/error.hpp"
#include "tokenization/bpe.hpp"

namespace course::tokenization {

enum class SpecialTokens { disallowed, allowed, as_text };

// EncodeStats: the work of encode, added to by each call that is given one.
//   pair_lookups   pairs of adjacent parts looked up in the merge table
//   heap_pops      candidate pairs taken from the heap (stale ones included)
//   words_merged   pre-tokens merged (cache misses and uncached pre-tokens)
//   cache_hits     pre-tokens whose ids came from the cache
struct EncodeStats {
    std::int64_t pair_lookups = 0;
    std::int64_t heap_pops = 0;
    std::int64_t words_merged = 0;
    std::int64_t cache_hits = 0;
};

class Encoder {
public:
    // kCacheCapacity: the most entries the cache holds (cleared before it would hold more).
    static constexpr std::size_t kCacheCapacity = 1u << 16;
    // kCacheMaxWordBytes: longer pre-tokens are merged every time, never cached.
    static constexpr std::size_t kCacheMaxWordBytes = 256;

    // Encoder: checks the Bpe (check_bpe) and builds the merge table (left, right) -> (rank, result).
    explicit Encoder(Bpe bpe);
    ~Encoder();
    Encoder(Encoder&&) noexcept;
    Encoder& operator=(Encoder&&) noexcept;

    std::vector<int> encode(std::string_view text, SpecialTokens specials = SpecialTokens::disallowed);
    // The same, adding its work to `stats`.
    std::vector<int> encode(std::string_view text, SpecialTokens specials, EncodeStats& stats);
    // encode_batch: result[d] == encode(documents[d], specials) for every d, on `threads` threads.
    std::vector<std::vector<int>> encode_batch(std::span<const std::string_view> documents, int threads,
                                               SpecialTokens specials = SpecialTokens::disallowed) const;
    std::string decode(std::span<const int> ids) const;
    const Bpe& bpe() const;
    // cache_size: the entries in the encoder's cache now.
    std::size_t cache_size() const;

    // State: the encoder's data (the Bpe, the merge table, the cache): yours to define in your .cpp.
    struct State;

private:
    std::unique_ptr<State> state_;
};

// check_encode_batch_arguments: threads >= 1.
inline void check_encode_batch_arguments(const char* function, int threads) {
    COURSE_CHECK(threads >= 1, function, ": threads is ", threads, ", expected at least 1");
}

}  // namespace course::tokenization
