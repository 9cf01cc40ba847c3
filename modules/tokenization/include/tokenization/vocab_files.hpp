// Exercise 7: vocabulary files: read GPT-2's encoder.json + vocab.bpe and tiktoken's rank files into
// a Bpe, and save and load the course's own format. Notes: docs/tokenization.md#vocab_files.
//
//     GPT-2:     tokens[id] = symbols_to_bytes(key)   for each "key": id of encoder.json
//                merges[r]  = (id(a), id(b), id(a b))  for the line "a b" at r + 2 of vocab.bpe
//     tiktoken:  tokens[rank] = base64_decode(b64)    for each line "b64 rank"
//                merges[r] for each token t of 2+ bytes, in rank order: run BPE on t's bytes with the
//                ranks below t's only; it stops at two parts (left, right): merge (left, right) -> t
//     course:    the text format below, written by save_bpe, read back equal (Bpe::operator==).
//
// GPT-2's files (data/gpt2/README.md). encoder.json is one JSON object mapping each token's symbol
// string (its bytes written in GPT-2's printable byte symbols, byte_symbols.hpp: the space is "Ġ")
// to its id; the ids are 0 .. n-1, each once. vocab.bpe has a first line "#version: 0.2", then
// one merge a line: two symbol strings separated by exactly one space, the merge of rank r on line
// r + 2 (a final empty line is allowed). Each merge's result, the symbol string a followed by b,
// must be in encoder.json; the 256 one-symbol strings give byte_ids; "<|endoftext|>" is the one
// special token. Every other entry must be some merge's result.
//
// tiktoken's rank files (cl100k_base.tiktoken, r50k_base.tiktoken): one token a line,
// "<base64 of its bytes> <rank>", the ranks 0, 1, 2, ... in file order; the id of a token is its
// rank. Base64 here is RFC 4648's standard alphabet with '=' padding, decoded strictly: a character
// outside the alphabet, a length that is not a multiple of 4, '=' anywhere but the last one or two
// places, or nonzero bits under the padding is an error naming the line and column. The files hold
// no merges (recovered as above, the way tiktoken's own educational code does) and no special tokens
// (tiktoken adds those in code): the Bpe has none.
//
// The course's format ("course-bpe 1"), one item a line, LF line ends, the last line ending in LF:
//     course-bpe 1                      format name and version
//     tokens <T>                        the token count, T >= 256
//     byte_ids identity                 byte b is token b; or "byte_ids <id of byte 0> ... <id of
//                                       byte 255>": 256 ids, a permutation of 0 .. 255
//     <left> <right>                    the merge of rank r, one line each; its result is 256 + r
//     special <id> <hex of the text>    the special tokens, after the merges, ids 256 + M .. T - 1
//                                       in increasing order (hex: two lower-case digits a byte)
// So ids 0 .. 255 are the one-byte tokens, 256 .. 255 + M the merges' results in rank order and
// the rest special tokens: every Bpe the trainers and load_gpt2 make (and load_tiktoken on files
// whose first 256 ranks are the single bytes) has this shape; save_bpe refuses any other, naming
// what breaks it.
//
// Errors: VocabFileError, a std::invalid_argument whose message is
//     "<function>: <path>:<line>:<column>: <what was found>, expected <what>"
// (line 0: the file as a whole; column 0: the whole line). Lines and columns count from 1; a
// column counts bytes. The column is that of the first byte at fault: the character that breaks a
// rule, the start of a field whose value is wrong (or of a line that is not what was expected
// there), or one past the line's last byte when something is missing at its end; 0 when the line
// as a whole is at fault (no space in it, a merge whose result is not in the vocabulary or that
// would make more tokens than the count, tokens over kMaxTotalTokenBytes, a token that BPE with
// the lower ranks cannot make, a missing final line end). What was found is quoted with bytes outside printable ASCII, '"' and '\\'
// written \xNN, and cut after 60 bytes with "...". Refused: a file that cannot be read, invalid
// JSON, an id that is not an integer in [0, 2^31) (in the text formats: decimal digits, leading
// zeros allowed, as Python's int() reads them), duplicate or missing ids, a merges line without
// exactly one space, a merge of unknown symbols, a merge whose result is not in the vocabulary, a
// missing byte symbol, a vocabulary below 256 tokens, bad base64, ranks out of order, a token that
// BPE with the lower ranks cannot make from two parts, and in the course format any line that is
// not what the layout above expects there, or tokens adding up to more than kMaxTotalTokenBytes.
// Each loader ends with check_bpe (bpe.hpp). Errors about an entry of encoder.json (one line in
// GPT-2's file) name its key, with line 0 (and column 0). Invalid JSON is reported at the line and
// column of the byte where parsing stopped (one past the last byte when the file ends too soon);
// a number too large for a double (3e522: nlohmann-json throws out_of_range, with no position) at
// line 0; valid JSON that is not an object at line 1, column 1.
//
// Cost: load_gpt2 and load_bpe are linear in the file's size (hash maps from symbol strings and
// ids); load_tiktoken is O(sum over tokens of L^2) for tokens of L bytes, a few tens of milliseconds
// for GPT-2's 50 257 tokens.
// Sources: OpenAI's GPT-2 encoder.py (bytes_to_unicode, get_encoder); tiktoken's load.py
// (load_tiktoken_bpe, data_gym_to_mergeable_bpe_ranks) and educational.py (bpe with max_rank, used
// to recover the merges); RFC 4648, section 4 (base64).
#pragma once

#include <cstddef>
#include <fstream>
#include <iterator>
#include <sstream>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>

#include "course/error.hpp"
#include "tokenization/bpe.hpp"

namespace course::tokenization {

// kGpt2EndOfText: GPT-2's one special token (id 50 256 in encoder.json).
inline constexpr std::string_view kGpt2EndOfText = "<|endoftext|>";
// kBpeFormatHeader: the first line of the course's format.
inline constexpr std::string_view kBpeFormatHeader = "course-bpe 1";
// kMaxTotalTokenBytes: the most bytes all the tokens of a course-format file may add up to (64 MiB;
// GPT-2's 50 257 tokens hold 0.3 MiB). A merge line joins two earlier tokens, so 30 lines that each
// double the last token would otherwise ask for a gigabyte.
inline constexpr std::size_t kMaxTotalTokenBytes = std::size_t(1) << 26;

// VocabFileError: what a loader throws for a bad file, with where (path, line, column; 0 = unknown
// or the whole file/line).
class VocabFileError : public std::invalid_argument {
public:
    VocabFileError(const std::string& message, std::string path, std::size_t line, std::size_t column)
        : std::invalid_argument(message), path_(std::move(path)), line_(line), column_(column) {}
    const std::string& path() const { return path_; }
    std::size_t line() const { return line_; }
    std::size_t column() const { return column_; }

private:
    std::string path_;
    std::size_t line_ = 0;
    std::size_t column_ = 0;
};

// throw_vocab_file_error: throws VocabFileError with the message
// "<function>: <path>:<line>:<column>: <parts...>".
template <typename... Parts>
[[noreturn]] void throw_vocab_file_error(const char* function, const std::string& path, std::size_t line,
                                         std::size_t column, const Parts&... parts) {
    throw VocabFileError(course::concat(function, ": ", path, ":", line, ":", column, ": ", parts...), path, line,
                         column);
}

// read_vocab_file: the bytes of the file at `path`, or a VocabFileError (line 0) naming it.
inline std::string read_vocab_file(const char* function, const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw_vocab_file_error(function, path, 0, 0, "cannot open the file, expected a readable file");
    std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    if (in.bad()) throw_vocab_file_error(function, path, 0, 0, "read error, expected a readable file");
    return text;
}

// check_format_bpe_arguments: check_bpe, then the shape the course's format stores: byte_ids below
// 256, merges[r].result == 256 + r, special_tokens[i].id == 256 + M + i, T = 256 + M + S tokens.
inline void check_format_bpe_arguments(const Bpe& bpe) {
    check_bpe("format_bpe", bpe);
    for (int b = 0; b < 256; ++b) {
        COURSE_CHECK(bpe.byte_ids[std::size_t(b)] < 256, "format_bpe: byte_ids[", b, "] = ", bpe.byte_ids[std::size_t(b)],
                     ", expected an id below 256 (the course's format gives ids 0 .. 255 to the bytes)");
    }
    const std::size_t m = bpe.merges.size();
    for (std::size_t r = 0; r < m; ++r) {
        COURSE_CHECK(std::size_t(bpe.merges[r].result) == 256 + r, "format_bpe: the merge of rank ", r, " makes id ",
                     bpe.merges[r].result, ", expected 256 + ", r, " = ", 256 + r,
                     " (the course's format gives the merges' results the ids after the bytes, in rank order)");
    }
    for (std::size_t i = 0; i < bpe.special_tokens.size(); ++i) {
        COURSE_CHECK(std::size_t(bpe.special_tokens[i].id) == 256 + m + i, "format_bpe: special_tokens[", i,
                     "] has id ", bpe.special_tokens[i].id, ", expected 256 + ", m, " + ", i, " = ", 256 + m + i,
                     " (the special tokens follow the merges' results, in increasing order)");
    }
    COURSE_CHECK(bpe.tokens.size() == 256 + m + bpe.special_tokens.size(), "format_bpe: ", bpe.tokens.size(),
                 " tokens, expected 256 bytes + ", m, " merges + ", bpe.special_tokens.size(),
                 " special tokens = ", 256 + m + bpe.special_tokens.size(),
                 " (every token of the course's format is a byte, a merge's result or a special token)");
}

// The exercise: the loaders and the writer on text in memory. `path` names the text in messages.
// parse_gpt2: GPT-2's encoder.json and vocab.bpe, given as their contents.
Bpe parse_gpt2(std::string_view encoder_json, std::string_view vocab_bpe,
               const std::string& encoder_json_path = "encoder.json", const std::string& vocab_bpe_path = "vocab.bpe");
// parse_tiktoken: a tiktoken rank file's contents.
Bpe parse_tiktoken(std::string_view text, const std::string& path = "<tiktoken text>");
// format_bpe: `bpe` in the course's format (check_format_bpe_arguments first).
std::string format_bpe(const Bpe& bpe);
// parse_bpe: the course's format, as format_bpe writes it.
Bpe parse_bpe(std::string_view text, const std::string& path = "<course-bpe text>");

// The file versions: read the file (VocabFileError if it cannot be read) and parse it.
inline Bpe load_gpt2(const std::string& encoder_json_path, const std::string& vocab_bpe_path) {
    const std::string json = read_vocab_file("load_gpt2", encoder_json_path);
    const std::string merges = read_vocab_file("load_gpt2", vocab_bpe_path);
    return parse_gpt2(json, merges, encoder_json_path, vocab_bpe_path);
}

inline Bpe load_tiktoken(const std::string& path) {
    return parse_tiktoken(read_vocab_file("load_tiktoken", path), path);
}

inline Bpe load_bpe(const std::string& path) { return parse_bpe(read_vocab_file("load_bpe", path), path); }

// save_bpe: format_bpe(bpe) written to `path` (replaced if it exists); std::invalid_argument naming
// the path if it cannot be written.
inline void save_bpe(const Bpe& bpe, const std::string& path) {
    const std::string text = format_bpe(bpe);
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    COURSE_CHECK(bool(out), "save_bpe: cannot open \"", path, "\" for writing");
    out.write(text.data(), std::streamsize(text.size()));
    out.close();
    COURSE_CHECK(!out.fail(), "save_bpe: writing \"", path, "\" failed");
}

}  // namespace course::tokenization
