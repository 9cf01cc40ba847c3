// GPT-2's byte symbols: each of the 256 bytes gets a printable Unicode character of its own, so
// that a token (any byte string) can be written as text: in GPT-2's vocabulary files, and in the
// BPE code that GPT-2 took from a text-only implementation. Notes: docs/tokenization.md#byte_symbols.
//
//     symbol(b) = b                 for the printable bytes '!'..'~' (0x21..0x7E), 0xA1..0xAC, 0xAE..0xFF
//     symbol(b) = U+0100 + k        for the k-th of the other 68 bytes, k = 0, 1, ... in increasing
//                                   byte order: 0x00 -> U+0100, ..., ' ' (0x20) -> U+0120 'Ġ',
//                                   0x7F -> U+0121, ..., 0xA0 -> U+0142, 0xAD -> U+0143
//
// Why: byte-level BPE works on bytes, so it has no unknown token (every byte has a symbol and
// every string is a sequence of bytes). But GPT-2's vocabulary is a JSON file of strings, and its
// BPE code splits on spaces and treats its units as printable characters: a raw space, newline,
// control character or a lone byte 0x80..0xFF (not valid UTF-8 on its own) would be lost,
// confused with the separators or impossible to store. So each byte is shown as a character that
// is visible, not whitespace, not a control or format character (0xAD, the soft hyphen, is
// invisible: it is remapped too), and distinct from every other byte's. The printable bytes keep
// their Latin-1 character, so "hello" reads as itself; a leading space reads 'Ġ' ("Ġthe").
// Latin-1 bytes 0xA1..0xFF stand for the code points U+00A1..U+00FF (their Latin-1 meaning); as
// text those symbols are 2 bytes of UTF-8 each.
//
// Cost: O(n) for n bytes; the table is 256 entries and its inverse 324 (up to U+0143).
// Source: openai/gpt-2, src/encoder.py, bytes_to_unicode (2019); the npm package gpt-3-encoder's
// Encoder.js computes the same table (the tests' fixture comes from it).
#pragma once

#include <array>
#include <string>
#include <string_view>

#include "tokenization/utf8.hpp"

namespace course::tokenization {

// gpt2_byte_symbols: symbol(b) above, for b = 0 .. 255.
std::array<char32_t, 256> gpt2_byte_symbols();

// bytes_to_symbols: the UTF-8 text of the symbols of `bytes`, one symbol per byte (1 or 2 bytes
// of UTF-8 each). Any bytes are accepted. "Hi there\n" -> "HiĠthereĊ".
std::string bytes_to_symbols(std::string_view bytes);

// symbols_to_bytes: the inverse: the bytes whose symbols `symbols` spells. std::invalid_argument
// when `symbols` is not valid UTF-8 (the message carries utf8_decode's, with its byte offset), or
// when one of its code points is no byte's symbol (a space, 'Ġ' + 36 = U+0144, U+00AD, any CJK
// character): the message names the code point and its byte offset in `symbols`. Never a '?'
// or a dropped character: the caller is loading a vocabulary, and a wrong token must stop it.
std::string symbols_to_bytes(std::string_view symbols);

}  // namespace course::tokenization
