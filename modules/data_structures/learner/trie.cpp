// Exercise 9: trie. Contract: include/data_structures/trie.hpp
// Notes: docs/data_structures.md#trie.  Hints: ./course hint data_structures trie
// Grade it:  ./course grade data_structures trie
//
//     count_with_prefix(p) = words_below(node(p))
//     longest_prefix_match(t) = max { |w| : w a stored word, w a prefix of t }
//
// The layout is in the header: nodes_[0] is the root; each node has sorted (byte, index) children,
// a count of the words below it and an is_word flag. The byte of a child is a ChildByte: it reads
// as an unsigned char, and the tests count those reads (take a node's children by `const auto&`).
#include "data_structures/trie.hpp"

#include <algorithm>

#include "course/error.hpp"

namespace course::data_structures {

Trie::Trie() : nodes_(1) {}

std::size_t Trie::node_count() const { return nodes_.size(); }

std::size_t Trie::size() const {
    COURSE_TODO("Trie::size");
}

bool Trie::insert(std::string_view word) {
    check_word(word);
    // TODO(learner): walk the word byte by byte, creating missing children; count the word in
    // every node on its path; mark the last node as a word end.
    // Hint: read each char as unsigned char, so that bytes >= 128 are not negative numbers.
    COURSE_TODO("Trie::insert");
}

bool Trie::contains(std::string_view word) const {
    COURSE_TODO("Trie::contains");
}

std::size_t Trie::count_with_prefix(std::string_view prefix) const {
    COURSE_TODO("Trie::count_with_prefix");
}

std::size_t Trie::longest_prefix_match(std::string_view text) const {
    // TODO(learner): walk text as far as the trie goes; remember the last depth where a word ends.
    COURSE_TODO("Trie::longest_prefix_match");
}

}  // namespace course::data_structures
