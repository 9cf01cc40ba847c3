// Exercise 8: wordpiece (BERT's greedy longest-match-first tokenizer, over a byte trie).
// Contract: include/tokenization/wordpiece.hpp   Notes: docs/tokenization.md#wordpiece
// Hints: ./course hint tokenization wordpiece    Grade it:  ./course grade tokenization wordpiece
//
//     encode_word(w): start = 0; while start < |w|: emit the LONGEST piece w[start, end) such that
//                     (start == 0 ? "" : prefix) + piece is a token; none -> the whole word is [UNK]
#include "tokenization/wordpiece.hpp"

#include <algorithm>
#include <cstddef>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "course/error.hpp"
#include "tokenization/utf8.hpp"

namespace course::tokenization {

// TODO(learner): the constructor builds the byte trie (nodes_[0] is the root; each token's bytes
// are a path, its last node holds its id); every look-up afterwards goes through child(), which
// counts trie_steps_. encode_word walks the trie once per piece and keeps the last node that ends
// a token; encode splits the text as BERT does (bert_is_* in the header) and calls encode_word.

WordPiece::WordPiece(std::vector<std::string> vocab, std::string unk, std::string prefix, int max_word_bytes)
    : vocab_(std::move(vocab)), unk_(std::move(unk)), prefix_(std::move(prefix)), max_word_bytes_(max_word_bytes) {
    check_wordpiece_arguments(vocab_, unk_, prefix_, max_word_bytes_);
    // Hint: keep each node's children sorted by byte (std::lower_bound on (byte, -1)) so that
    // child() finds them; set unk_id_ and prefix_node_ (the node of prefix_) at the end.
    COURSE_TODO("WordPiece::WordPiece");
}

std::vector<int> WordPiece::encode_word(std::string_view word) const {
    check_wordpiece_utf8("WordPiece::encode_word", word);
    // Hint: a continuation piece starts its walk at prefix_node_, not at the root.
    COURSE_TODO("WordPiece::encode_word");
}

std::vector<int> WordPiece::encode(std::string_view text) const {
    check_wordpiece_utf8("WordPiece::encode", text);
    COURSE_TODO("WordPiece::encode");
}

std::string WordPiece::decode(std::span<const int> ids) const {
    COURSE_TODO("WordPiece::decode");
}

int WordPiece::id(std::string_view token) const {
    COURSE_TODO("WordPiece::id");
}

}  // namespace course::tokenization
