// Exercise 6: encode and decode, token for token as GPT-2 does.
// Contract: include/tokenization/encode.hpp   Notes: docs/tokenization.md#encode
// Hints: ./course hint tokenization encode     Grade it:  ./course grade tokenization encode
//
//     encode(text) = concat over w in pretokenize(text) of merge(byte_ids[bytes of w])
//     merge(parts): while some adjacent pair has a merge, take the pair of LOWEST rank, join every
//                   occurrence of it left to right without overlap, then look again
//     decode(ids)  = tokens[ids[0]] + tokens[ids[1]] + ...    (bytes; never validated as UTF-8)
#include "tokenization/encode.hpp"

#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "course/error.hpp"
#include "tokenization/pretokenize.hpp"

namespace course::tokenization {

// TODO(learner): put your encoder's data here: the Bpe, a hash map (left, right) -> (rank, result)
// built once, and the cache pre-token bytes -> ids (cleared before it would exceed kCacheCapacity).
struct Encoder::State {};

// Hint: O(n log n) per pre-token: a linked list of parts (next/prev arrays) and a min-heap of
// (rank, position); a popped pair whose parts changed since it was pushed is skipped. Pairs of a
// lower rank that a merge creates wait until every pair of the current rank is joined.

Encoder::Encoder(Bpe bpe) {
    check_bpe("Encoder", bpe);
    COURSE_TODO("Encoder");
}

Encoder::~Encoder() = default;
Encoder::Encoder(Encoder&&) noexcept = default;
Encoder& Encoder::operator=(Encoder&&) noexcept = default;

std::vector<int> Encoder::encode(std::string_view text, SpecialTokens specials) {
    EncodeStats stats;
    return encode(text, specials, stats);
}

std::vector<int> Encoder::encode(std::string_view text, SpecialTokens specials, EncodeStats& stats) {
    (void)text, (void)specials, (void)stats;
    // Hint: split off the special tokens first (disallowed: an error naming the token and its byte
    // offset), then pretokenize each piece and merge each pre-token, or take its ids from the cache.
    COURSE_TODO("encode");
}

std::vector<std::vector<int>> Encoder::encode_batch(std::span<const std::string_view> documents, int threads,
                                                    SpecialTokens specials) const {
    check_encode_batch_arguments("encode_batch", threads);
    (void)documents, (void)specials;
    COURSE_TODO("encode_batch");
}

std::string Encoder::decode(std::span<const int> ids) const {
    (void)ids;
    COURSE_TODO("decode");
}

const Bpe& Encoder::bpe() const { COURSE_TODO("Encoder::bpe"); }

std::size_t Encoder::cache_size() const { COURSE_TODO("Encoder::cache_size"); }

}  // namespace course::tokenization
