// WordPiece: BERT's tokenizer, for contrast with byte-level BPE. A fixed vocabulary of word-start
// pieces ("un") and continuation pieces written with a prefix ("##aff"); a word is cut greedily,
// longest match first, from left to right. Notes: docs/tokenization.md#wordpiece.
//
//     encode_word(w):  start = 0
//                      while start < |w|:
//                          piece = the LONGEST w[start, end) such that (start == 0 ? "" : "##") + piece
//                                  is in the vocabulary
//                          if there is none: return [UNK]          (the whole word, not its pieces so far)
//                          emit it; start = end
//
// "unaffable" with the pieces un, ##aff, ##able -> un ##aff ##able (Wu et al. 2016; BERT's README).
// Greedy is not optimal: with ab, a, ##bc, the word "abc" takes "ab" first, finds no "##c" and
// becomes [UNK], although a ##bc exists. BERT does exactly this, and so do we.
//
// A byte trie of the vocabulary gives the longest match in one walk: follow the word's bytes from
// the root (or, for a continuation piece, from the node of the prefix "##") and remember the last
// node that ends a token; stop when the trie has no child for the next byte. That costs one trie
// step per byte walked, at most the longest token's length per piece. Probing a hash map with
// every candidate w[start, end), longest first as BERT's Python does, costs O(n) probes of O(n)
// bytes per piece: O(n^2) per word and more, which BERT bounds by refusing words longer than 100
// characters. trie_steps() counts the steps, so the tests can see the difference.
//
// The basic split of encode (BERT's BasicTokenizer with do_lower_case = False: NO lowercasing and
// no accent stripping): drop U+0000, U+FFFD and control characters (bert_is_control); split on
// whitespace (bert_is_whitespace); make each punctuation character (bert_is_punctuation) and each
// CJK ideograph (bert_is_cjk) a word of its own. Then every word goes through encode_word.
//
// Lengths are in bytes: a word longer than max_word_bytes becomes [UNK] at once (BERT counts 100
// characters). Tokens, words and text are UTF-8 and the vocabulary's tokens are valid UTF-8, so a
// matched piece always ends on a character boundary.
//
// Refused (std::invalid_argument naming the function and the value): an empty vocabulary, an empty
// or invalid UTF-8 token, a token that repeats an earlier one (both indices: vocab.txt's lines are
// the indices plus 1), an unknown-token text that is not in the vocabulary, max_word_bytes < 1,
// invalid UTF-8 in a word or text (with the byte offset), an id out of range in decode.
// Not thread-safe: trie_steps() is a counter that const calls increment.
// Sources: Wu et al., "Google's neural machine translation system" (2016), section 4.1; Devlin et
// al., "BERT" (2019), section 3 and google-research/bert's tokenization.py (WordpieceTokenizer,
// BasicTokenizer, _is_whitespace, _is_control, _is_punctuation, _is_chinese_char).
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include <unicode/uchar.h>

#include "course/error.hpp"
#include "tokenization/utf8.hpp"

namespace course::tokenization {

// bert_is_whitespace: ' ', '\t', '\n', '\r' and the space separators (general category Zs).
inline bool bert_is_whitespace(char32_t c) {
    return c == U' ' || c == U'\t' || c == U'\n' || c == U'\r' || u_charType(UChar32(c)) == U_SPACE_SEPARATOR;
}

// bert_is_control: the categories Cc and Cf, except '\t', '\n', '\r' (those are whitespace).
inline bool bert_is_control(char32_t c) {
    if (c == U'\t' || c == U'\n' || c == U'\r') return false;
    const auto type = UCharCategory(u_charType(UChar32(c)));
    return type == U_CONTROL_CHAR || type == U_FORMAT_CHAR;
}

// bert_is_punctuation: every non-letter, non-number ASCII symbol ('!'..'/', ':'..'@', '['..'`',
// '{'..'~', so '$' and '^' too) and the categories Pc, Pd, Ps, Pe, Pi, Pf, Po.
inline bool bert_is_punctuation(char32_t c) {
    if ((c >= 33 && c <= 47) || (c >= 58 && c <= 64) || (c >= 91 && c <= 96) || (c >= 123 && c <= 126)) return true;
    const auto type = UCharCategory(u_charType(UChar32(c)));
    return type == U_CONNECTOR_PUNCTUATION || type == U_DASH_PUNCTUATION || type == U_START_PUNCTUATION ||
           type == U_END_PUNCTUATION || type == U_INITIAL_PUNCTUATION || type == U_FINAL_PUNCTUATION ||
           type == U_OTHER_PUNCTUATION;
}

// bert_is_cjk: the CJK Unified Ideographs blocks BERT lists (not Hiragana, Katakana or Hangul).
inline bool bert_is_cjk(char32_t c) {
    return (c >= 0x4E00 && c <= 0x9FFF) || (c >= 0x3400 && c <= 0x4DBF) || (c >= 0x20000 && c <= 0x2A6DF) ||
           (c >= 0x2A700 && c <= 0x2B73F) || (c >= 0x2B740 && c <= 0x2B81F) || (c >= 0x2B820 && c <= 0x2CEAF) ||
           (c >= 0xF900 && c <= 0xFAFF) || (c >= 0x2F800 && c <= 0x2FA1F);
}

// check_wordpiece_utf8: `text` is valid UTF-8, else std::invalid_argument naming `function` and
// utf8_decode's message (with the byte offset).
inline void check_wordpiece_utf8(const char* function, std::string_view text) {
    try {
        (void)utf8_decode(text);
    } catch (const Utf8Error& e) {
        throw_invalid_argument(function, ": the text is not valid UTF-8: ", e.what());
    }
}

// check_wordpiece_arguments: the constructor's refusals listed at the top.
inline void check_wordpiece_arguments(const std::vector<std::string>& vocab, const std::string& unk,
                                      const std::string& prefix, int max_word_bytes) {
    COURSE_CHECK(!vocab.empty(), "WordPiece: the vocabulary is empty");
    COURSE_CHECK(max_word_bytes >= 1, "WordPiece: max_word_bytes is ", max_word_bytes, ", expected at least 1");
    check_wordpiece_utf8("WordPiece (the prefix)", prefix);
    std::unordered_map<std::string_view, std::size_t> first_index;
    first_index.reserve(vocab.size());
    for (std::size_t i = 0; i < vocab.size(); ++i) {
        COURSE_CHECK(!vocab[i].empty(), "WordPiece: vocab[", i, "] (line ", i + 1, ") is empty");
        check_wordpiece_utf8("WordPiece (a vocabulary token)", vocab[i]);
        const auto [it, inserted] = first_index.emplace(vocab[i], i);
        COURSE_CHECK(inserted, "WordPiece: vocab[", i, "] = \"", vocab[i], "\" (line ", i + 1, ") repeats vocab[",
                     it->second, "] (line ", it->second + 1, "): each token has one id");
    }
    COURSE_CHECK(first_index.count(unk) == 1, "WordPiece: the unknown token \"", unk,
                 "\" is not in the vocabulary of ", vocab.size(), " tokens");
}

class WordPiece {
public:
    // WordPiece: the tokenizer of `vocab` (token id = index), with the unknown token `unk` (which
    // must be in vocab), the continuation prefix `prefix` and the word length limit. Builds the
    // byte trie: O(total bytes of the vocabulary).
    WordPiece(std::vector<std::string> vocab, std::string unk = "[UNK]", std::string prefix = "##",
              int max_word_bytes = 200);

    // encode_word: the greedy longest-match-first pieces of one word (no splitting): [] for "",
    // [unk] for a word longer than max_word_bytes or one that cannot be cut into pieces.
    std::vector<int> encode_word(std::string_view word) const;

    // encode: BERT's basic split of `text` (see above), then encode_word for each word.
    std::vector<int> encode(std::string_view text) const;

    // decode: the tokens joined by single spaces, except that a continuation piece (a token that
    // starts with the prefix, not in first position) is glued to the previous one without its
    // prefix: [un, ##aff, ##able, !] -> "unaffable !". The splitting is not undone: BERT's
    // tokenization loses whitespace.
    std::string decode(std::span<const int> ids) const;

    // id: the id of `token` (the prefix included for a continuation piece), or -1. Walks the trie.
    int id(std::string_view token) const;

    int unk_id() const { return unk_id_; }
    const std::vector<std::string>& vocab() const { return vocab_; }

    // trie_steps: the number of trie steps taken since construction by encode_word, encode and id
    // (each call of child() is one step: the look-up of one byte below one node).
    std::int64_t trie_steps() const { return trie_steps_; }

private:
    // Node: one node of the byte trie; nodes_[0] is the root (the empty string).
    struct Node {
        std::vector<std::pair<unsigned char, int>> children;  // (byte, node index), sorted by byte
        int token = -1;                                       // the id of the token that ends here, or -1
    };

    // child: the node below `node` by `byte`, or -1. One trie step.
    int child(int node, unsigned char byte) const {
        ++trie_steps_;
        const auto& children = nodes_[std::size_t(node)].children;
        const auto it = std::lower_bound(children.begin(), children.end(), std::make_pair(byte, -1));
        return it != children.end() && it->first == byte ? it->second : -1;
    }

    std::vector<std::string> vocab_;
    std::string unk_;
    std::string prefix_;
    int max_word_bytes_ = 200;
    int unk_id_ = -1;
    std::vector<Node> nodes_;
    int prefix_node_ = -1;  // the node of prefix_ (where continuation pieces start), -1 if no token starts so
    mutable std::int64_t trie_steps_ = 0;
};

}  // namespace course::tokenization
