// The types every exercise of the tokenization module shares: a byte-level BPE tokenizer's model
// (Bpe), its merge rules (Merge) and a training corpus's word counts (WordCount). Nothing here is an
// exercise: the trainers (bpe_train, bpe_train_fast) make a Bpe, the file formats (vocab_files) load
// and save one, the encoder (encode) uses one. Notes: docs/tokenization.md.
//
// A token is a byte string; its id is its index in Bpe::tokens. Every Bpe starts from the 256 one-byte
// tokens, so any byte string can be encoded: no unknown token. A merge (left, right) -> result joins
// two adjacent tokens; its rank is its index in Bpe::merges (rank 0 was learned first and is applied
// first). GPT-2's tokenizer is a Bpe: its 256 byte tokens have the ids of GPT-2's own byte order, its
// 50 000 merges make the ids 256 .. 50 255, and "<|endoftext|>" is the special token 50 256.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "course/error.hpp"

namespace course::tokenization {

// Merge: the adjacent tokens (left, right) become the token `result`;
// tokens[result] == tokens[left] + tokens[right].
struct Merge {
    int left = 0;
    int right = 0;
    int result = 0;
    friend bool operator==(const Merge&, const Merge&) = default;
};

// SpecialToken: a text such as "<|endoftext|>" with an id of its own, which no merge produces; the
// encoder emits it only where the caller allows it (encode.hpp).
struct SpecialToken {
    std::string text;
    int id = 0;
    friend bool operator==(const SpecialToken&, const SpecialToken&) = default;
};

// Bpe: a byte-level BPE tokenizer.
//   tokens[id]       the bytes of token `id` (ids 0 .. tokens.size() - 1), special tokens included
//   byte_ids[b]      the id of the one-byte token for byte b (the course's own tokenizers: b itself)
//   merges[r]        the merge of rank r
//   special_tokens   the special tokens, with ids in tokens' range (tokens[id] == text)
struct Bpe {
    std::vector<std::string> tokens;
    std::array<int, 256> byte_ids{};
    std::vector<Merge> merges;
    std::vector<SpecialToken> special_tokens;
    friend bool operator==(const Bpe&, const Bpe&) = default;
};

// WordCount: a pre-token of the training text (a "word", bytes, see pretokenize.hpp) and how many
// times it occurs.
struct WordCount {
    std::string word;
    std::int64_t count = 0;
    friend bool operator==(const WordCount&, const WordCount&) = default;
};

// byte_level_bpe: the starting point of every trainer: the 256 one-byte tokens, byte b with id b,
// no merge, no special token.
inline Bpe byte_level_bpe() {
    Bpe bpe;
    bpe.tokens.reserve(256);
    for (int b = 0; b < 256; ++b) {
        bpe.tokens.emplace_back(1, char(static_cast<unsigned char>(b)));
        bpe.byte_ids[std::size_t(b)] = b;
    }
    return bpe;
}

// check_bpe: the invariants above, as std::invalid_argument naming `function` and the first broken
// one: byte_ids[b] names a token whose bytes are exactly b; every merge names existing ids and
// tokens[result] == tokens[left] + tokens[right]; every special token's id is in range, its text
// non-empty and equal to tokens[id]. The loaders and the encoder call it on what they are given.
inline void check_bpe(const char* function, const Bpe& bpe) {
    const auto n = std::ptrdiff_t(bpe.tokens.size());
    const auto in_range = [n](int id) { return id >= 0 && id < n; };
    for (int b = 0; b < 256; ++b) {
        const int id = bpe.byte_ids[std::size_t(b)];
        COURSE_CHECK(in_range(id), function, ": byte_ids[", b, "] = ", id, ", expected an id in [0, ", n, ")");
        COURSE_CHECK(bpe.tokens[std::size_t(id)] == std::string(1, char(static_cast<unsigned char>(b))), function,
                     ": byte_ids[", b, "] = ", id, " names a token of ", bpe.tokens[std::size_t(id)].size(),
                     " bytes that is not the byte ", b);
    }
    for (std::size_t r = 0; r < bpe.merges.size(); ++r) {
        const Merge& m = bpe.merges[r];
        COURSE_CHECK(in_range(m.left) && in_range(m.right) && in_range(m.result), function, ": merge of rank ", r,
                     " is (", m.left, ", ", m.right, ") -> ", m.result, ", expected ids in [0, ", n, ")");
        COURSE_CHECK(bpe.tokens[std::size_t(m.result)] ==
                         bpe.tokens[std::size_t(m.left)] + bpe.tokens[std::size_t(m.right)],
                     function, ": merge of rank ", r, " is (", m.left, ", ", m.right, ") -> ", m.result,
                     ", but token ", m.result, " is not token ", m.left, " followed by token ", m.right);
    }
    for (const SpecialToken& s : bpe.special_tokens) {
        COURSE_CHECK(!s.text.empty(), function, ": a special token has an empty text (id ", s.id, ")");
        COURSE_CHECK(in_range(s.id), function, ": special token \"", s.text, "\" has id ", s.id,
                     ", expected an id in [0, ", n, ")");
        COURSE_CHECK(bpe.tokens[std::size_t(s.id)] == s.text, function, ": special token \"", s.text, "\" has id ",
                     s.id, ", but tokens[", s.id, "] holds other bytes");
    }
}

}  // namespace course::tokenization
