// Reference solution of exercise 8, wordpiece. Contract: include/tokenization/wordpiece.hpp
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

WordPiece::WordPiece(std::vector<std::string> vocab, std::string unk, std::string prefix, int max_word_bytes)
    : vocab_(std::move(vocab)), unk_(std::move(unk)), prefix_(std::move(prefix)), max_word_bytes_(max_word_bytes) {
    check_wordpiece_arguments(vocab_, unk_, prefix_, max_word_bytes_);
    nodes_.emplace_back();  // the root: the empty string
    for (std::size_t token = 0; token < vocab_.size(); ++token) {
        int node = 0;
        for (const char ch : vocab_[token]) {
            const auto byte = static_cast<unsigned char>(ch);
            auto& children = nodes_[std::size_t(node)].children;
            const auto it = std::lower_bound(children.begin(), children.end(), std::make_pair(byte, -1));
            if (it != children.end() && it->first == byte) {
                node = it->second;
            } else {
                const int added = int(nodes_.size());
                children.insert(it, {byte, added});  // before emplace_back, which may move `children`
                nodes_.emplace_back();
                node = added;
            }
        }
        nodes_[std::size_t(node)].token = int(token);
    }
    unk_id_ = id(unk_);
    // The node of the prefix: walk it once here instead of once per continuation piece.
    prefix_node_ = 0;
    for (std::size_t k = 0; k < prefix_.size() && prefix_node_ >= 0; ++k) {
        prefix_node_ = child(prefix_node_, static_cast<unsigned char>(prefix_[k]));
    }
    trie_steps_ = 0;  // count the encoding only
}

std::vector<int> WordPiece::encode_word(std::string_view word) const {
    check_wordpiece_utf8("WordPiece::encode_word", word);
    if (word.size() > std::size_t(max_word_bytes_)) return {unk_id_};
    std::vector<int> pieces;
    std::size_t start = 0;
    while (start < word.size()) {
        // One walk down the trie from the root (a word's first piece) or from the prefix's node (a
        // continuation piece), remembering the last node that ends a token: the longest match.
        int node = start == 0 ? 0 : prefix_node_;
        int longest = -1;
        std::size_t end = start;
        for (std::size_t i = start; i < word.size() && node >= 0; ++i) {
            node = child(node, static_cast<unsigned char>(word[i]));
            if (node >= 0 && nodes_[std::size_t(node)].token >= 0) {
                longest = nodes_[std::size_t(node)].token;
                end = i + 1;
            }
        }
        if (longest < 0) return {unk_id_};  // no piece fits here: the whole word is unknown
        pieces.push_back(longest);
        start = end;
    }
    return pieces;
}

std::vector<int> WordPiece::encode(std::string_view text) const {
    check_wordpiece_utf8("WordPiece::encode", text);
    std::vector<int> ids;
    std::u32string word;
    const auto flush = [&] {  // an empty word has no pieces
        const std::vector<int> pieces = encode_word(utf8_encode(word));
        ids.insert(ids.end(), pieces.begin(), pieces.end());
        word.clear();
    };
    for (const char32_t c : utf8_decode(text)) {
        if (c == 0xFFFD || bert_is_control(c)) continue;  // dropped, as BERT's _clean_text (U+0000 is Cc)
        if (bert_is_whitespace(c)) {
            flush();
        } else if (bert_is_punctuation(c) || bert_is_cjk(c)) {
            flush();
            word.push_back(c);
            flush();
        } else {
            word.push_back(c);
        }
    }
    flush();
    return ids;
}

std::string WordPiece::decode(std::span<const int> ids) const {
    std::string text;
    for (std::size_t i = 0; i < ids.size(); ++i) {
        const int id = ids[i];
        COURSE_CHECK(id >= 0 && std::size_t(id) < vocab_.size(), "WordPiece::decode: ids[", i, "] = ", id,
                     " is not a token id, expected one in [0, ", vocab_.size(), ")");
        const std::string& token = vocab_[std::size_t(id)];
        if (i > 0 && !prefix_.empty() && token.starts_with(prefix_)) {
            text += std::string_view(token).substr(prefix_.size());  // a continuation piece: glued
        } else {
            if (i > 0) text += ' ';
            text += token;
        }
    }
    return text;
}

int WordPiece::id(std::string_view token) const {
    int node = 0;
    for (const char ch : token) {
        node = child(node, static_cast<unsigned char>(ch));
        if (node < 0) return -1;
    }
    return nodes_[std::size_t(node)].token;
}

}  // namespace course::tokenization
