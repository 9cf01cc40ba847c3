// Exercise 3: pretokenize (GPT-2's split of a text into pre-tokens, as a hand-written scanner).
// Contract: include/tokenization/pretokenize.hpp   Notes: docs/tokenization.md#pretokenize
// Hints: ./course hint tokenization pretokenize    Grade it:  ./course grade tokenization pretokenize
//
//     's|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+
#include "tokenization/pretokenize.hpp"

#include <cstddef>
#include <string_view>
#include <vector>

#include "course/error.hpp"
#include "tokenization/unicode_classes.hpp"

namespace course::tokenization {

// TODO(learner): from offset 0, find where the next pre-token ends by trying the rules of the
// contract in order (the first that matches wins, as long as it goes), push the view, go on from
// its end. Classify code points with char_class (unicode_classes.hpp); a byte that does not start
// a well-formed UTF-8 sequence is one `other` character of length 1.

std::vector<std::string_view> pretokenize(std::string_view text) {
    // Hint: a whitespace run [i, end) followed by a non-whitespace character ends at the START of
    // its last character (which the next word takes as its " "), unless it has only that one.
    COURSE_TODO("pretokenize");
}

}  // namespace course::tokenization
