// Reference solution: trie over bytes. Contract: include/data_structures/trie.hpp
//
// Children are a vector of (byte, index) pairs sorted by byte and searched with lower_bound:
// small nodes (most nodes have one child) cost a few bytes, and the root of a large vocabulary
// still finds its child in 8 comparisons.
#include "data_structures/trie.hpp"

#include <algorithm>

#include "course/error.hpp"

namespace course::data_structures {
namespace {

// Children: a node's children, a vector of (ChildByte, index) pairs (Trie::Node is private, so the
// helpers take it as a template parameter). Each read of a pair's byte counts one step.

// child_slot: the position of byte c in the sorted children, or where it would be inserted.
template <typename Children>
auto child_slot(const Children& children, unsigned char c) {
    return std::lower_bound(children.begin(), children.end(), c,
                            [](const auto& edge, unsigned char b) { return edge.first < b; });
}

// child_of: the index of the child along byte c, or -1.
template <typename Children>
std::int32_t child_of(const Children& children, unsigned char c) {
    const auto it = child_slot(children, c);
    return it != children.end() && it->first == c ? it->second : -1;
}

}  // namespace

Trie::Trie() : nodes_(1) {}

std::size_t Trie::size() const { return std::size_t(nodes_[0].words_below); }
std::size_t Trie::node_count() const { return nodes_.size(); }

bool Trie::insert(std::string_view word) {
    check_word(word);
    if (contains(word)) return false;  // a duplicate must not raise the prefix counts again
    std::int32_t v = 0;
    ++nodes_[0].words_below;
    for (const char ch : word) {
        const auto c = static_cast<unsigned char>(ch);
        std::int32_t next = child_of(nodes_[v].children, c);
        if (next < 0) {
            next = std::int32_t(nodes_.size());
            nodes_.emplace_back();  // may move nodes_: look nodes_[v] up again below
            auto& children = nodes_[v].children;
            children.insert(children.begin() + (child_slot(children, c) - children.begin()), {c, next});
        }
        v = next;
        ++nodes_[v].words_below;
    }
    nodes_[v].is_word = true;
    return true;
}

bool Trie::contains(std::string_view word) const {
    std::int32_t v = 0;
    for (const char ch : word) {
        v = child_of(nodes_[v].children, static_cast<unsigned char>(ch));
        if (v < 0) return false;
    }
    return nodes_[v].is_word;
}

std::size_t Trie::count_with_prefix(std::string_view prefix) const {
    std::int32_t v = 0;
    for (const char ch : prefix) {
        v = child_of(nodes_[v].children, static_cast<unsigned char>(ch));
        if (v < 0) return 0;
    }
    return std::size_t(nodes_[v].words_below);
}

std::size_t Trie::longest_prefix_match(std::string_view text) const {
    // Walk text as far as the trie goes, remembering the last depth at which a word ended.
    std::size_t best = 0;
    std::int32_t v = 0;
    for (std::size_t depth = 0; depth < text.size(); ++depth) {
        v = child_of(nodes_[v].children, static_cast<unsigned char>(text[depth]));
        if (v < 0) break;
        if (nodes_[v].is_word) best = depth + 1;
    }
    return best;
}

}  // namespace course::data_structures
