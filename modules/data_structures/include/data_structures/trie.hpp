// Trie (prefix tree) over byte strings: insert, find, count by prefix, longest prefix match.
// Notes: docs/data_structures.md#trie.
//
// Each node stands for one prefix; its children extend it by one byte. A word is the path from the
// root to a node marked as a word end. Every node also counts the words in its subtree, so
//
//     count_with_prefix(p) = words_below(node(p))
//     longest_prefix_match(t) = max { |w| : w a stored word, w a prefix of t }
//
// both follow one path of |p| or |t| nodes. A tokenizer uses the second: the longest vocabulary
// entry that starts the remaining text (see the tokenization module).
//
// Bytes are compared as unsigned chars: every value 0..255 is an ordinary byte, '\0' included.
// Cost: insert and contains O(|word| log d), count_with_prefix O(|prefix| log d),
// longest_prefix_match O(|text| log d), where d <= 256 is the number of children of a node (kept
// sorted by byte and binary-searched; an insert that adds a child also shifts up to d pairs). The
// tests count the child bytes an operation reads (ChildByte, below): a walk that binary-searches
// each node reads about log2(d) + 2 per byte of the word, where a linear scan of the children reads
// up to d, and a walk that starts again at the root for every prefix of a text reads |text|^2 / 2.
// Memory: one node per distinct prefix.
// Source: Fredkin, "Trie memory" (CACM 1960); Sedgewick and Wayne, Algorithms, 4th ed., 5.2.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>
#include <utility>
#include <vector>

#include "course/error.hpp"
#include "data_structures/counted.hpp"

namespace course::data_structures {

class Trie {
public:
    // Trie: the empty trie, one root node (the empty prefix).
    Trie();

    // insert: add word; returns false when it was already there (nothing changes then).
    // Throws std::invalid_argument for the empty word.
    bool insert(std::string_view word);
    // contains: is word stored (as a whole word, not only as a prefix of one)?
    bool contains(std::string_view word) const;
    // count_with_prefix: the number of stored words that start with prefix (a word is a prefix of
    // itself; the empty prefix counts every word).
    std::size_t count_with_prefix(std::string_view prefix) const;
    // longest_prefix_match: the length of the longest stored word that is a prefix of text; 0 when
    // no stored word is.
    std::size_t longest_prefix_match(std::string_view text) const;

    // size: the number of words. node_count: the number of nodes, the root included; one per
    // distinct prefix of the stored words.
    std::size_t size() const;
    std::size_t node_count() const;

private:
    // check_word: insert refuses the empty word (not its lesson).
    static void check_word(std::string_view word) {
        COURSE_CHECK(!word.empty(), "Trie::insert: the empty word (every string starts with it, so it would match everywhere)");
    }

    // ChildByte: the byte of a child link as Node::children stores it; it converts to and from
    // unsigned char, and every read (the conversion to unsigned char) counts one step (count_step,
    // counted.hpp). Moving or copying a pair reads nothing.
    class ChildByte {
    public:
        ChildByte(unsigned char byte) : byte_(byte) {}  // implicit: children.insert(at, {c, index})
        operator unsigned char() const {
            count_step();
            return byte_;
        }

    private:
        unsigned char byte_;
    };

    struct Node {
        std::vector<std::pair<ChildByte, std::int32_t>> children;  // (byte, node index), sorted by byte
        std::int32_t words_below = 0;  // words whose path passes through or ends at this node
        bool is_word = false;          // a word ends here
    };
    std::vector<Node> nodes_;  // nodes_[0] is the root
};

}  // namespace course::data_structures
