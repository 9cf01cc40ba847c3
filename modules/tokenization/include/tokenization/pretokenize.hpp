// Exercise 3: pretokenize, GPT-2's split of a text into pre-tokens ("words") before BPE.
// Notes: docs/tokenization.md#pretokenize.
//
//     's|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+
//
// BPE never merges across two pre-tokens, so this split decides which pieces can become tokens: a
// word with the space before it (" world"), a number, a run of punctuation, a run of spaces.
// GPT-2 (Radford et al. 2019, section 2.2; openai/gpt-2 src/encoder.py) split with this regular
// expression; here it is a hand-written scanner over code points, one rule after the other.
//
// pretokenize(text): the successive matches of the pattern, scanning from the start: at each
// position, the FIRST of the seven alternatives (rules) below that matches, taken as long as it
// goes, is the next pre-token; scanning resumes right after it. The views point into `text`;
// concatenated they are `text` (every character belongs to some rule). An empty text gives none.
//
// The classes (include/tokenization/unicode_classes.hpp, from ICU): L = letter (\p{L}),
// N = number (\p{N}), S = whitespace (\s, Unicode White_Space), O = other (none of the three:
// punctuation, symbols, emoji, combining marks, controls). " " below is U+0020 only.
//
//   1. 's 't 're 've 'm 'll 'd   an ASCII apostrophe (U+0027) and these lowercase ASCII letters:
//                                "don't" -> "don" "'t"; "I'd've" -> "I" "'d" "'ve".
//                                Not "DON'T" -> "DON" "'" "T", not "she’s" (U+2019) -> "she" "’" "s".
//                                The rule looks no further: "'sun" -> "'s" "un".
//   2. " "? L+                   letters, with the one space before them:
//                                "Hello world" -> "Hello" " world"; "café naïve" -> "café" " naïve";
//                                "e" U+0301 (a combining mark, O) -> "e" "\u0301".
//   3. " "? N+                   a number of any length, with the one space before it:
//                                "12345" -> "12345"; "abc123" -> "abc" "123"; " 42" -> " 42".
//   4. " "? O+                   a run of other characters, with the one space before it:
//                                "Hello!!!" -> "Hello" "!!!"; " (a)" -> " (" "a" ")";
//                                "''s" -> "''" "s" (the run takes the apostrophes).
//   5. S+ not followed by a non-S   a whitespace run at the end of the text, or a run of two or more
//                                before a non-whitespace character, WITHOUT its last character (which
//                                is left to the next pre-token: the last-space rule):
//                                "a  b" -> "a" " " " b"; "a \n b" -> "a" " \n" " b";
//                                "end   " -> "end" "   "; "a\n\nb" -> "a" "\n" "\n" "b".
//   6. S+                        what rule 5 leaves: one whitespace character before a non-whitespace
//                                character that rules 2 to 4 did not take ("a\tb" -> "a" "\t" "b").
//
// (Rule 5 is `\s+(?!\S)` and rule 6 `\s+`: the regular expression's seven alternatives are the seven
// contractions as rule 1, then these five.)
//
// Bytes that are not valid UTF-8 (a stray continuation byte, a truncated sequence, an overlong
// form, a surrogate, a value above U+10FFFF, bytes 0xC0, 0xC1, 0xF5..0xFF) are one O character
// each, byte by byte: a byte that does not start a complete well-formed sequence (Unicode, Table
// 3-7) is one character on its own and scanning goes on at the next byte. So every byte string
// splits and the split round-trips: "a\xFF\xFEb" -> "a" "\xFF\xFE" "b"; " \x80" -> " \x80".
//
// Cost: one pass, O(n) for n bytes, each byte classified a bounded number of times; the result
// holds at most n views.
#pragma once

#include <string_view>
#include <vector>

namespace course::tokenization {

std::vector<std::string_view> pretokenize(std::string_view text);

}  // namespace course::tokenization
