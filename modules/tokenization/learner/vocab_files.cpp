// Exercise 7: vocab_files (GPT-2's encoder.json + vocab.bpe, tiktoken's rank files, the course's format).
// Contract: include/tokenization/vocab_files.hpp   Notes: docs/tokenization.md#vocab_files
// Hints: ./course hint tokenization vocab_files    Grade it:  ./course grade tokenization vocab_files
//
//     GPT-2:     tokens[id] = symbols_to_bytes(key)   merges[r] = (id(a), id(b), id(a b)) from line r + 2
//     tiktoken:  tokens[rank] = base64_decode(b64)    merges: BPE on each token's bytes with the lower
//                                                     ranks only; it stops at the two parts of the merge
//     course:    "course-bpe 1", "tokens T", "byte_ids ...", "<left> <right>" per merge, "special <id> <hex>"
#include "tokenization/vocab_files.hpp"

#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "tokenization/byte_symbols.hpp"

namespace course::tokenization {

// TODO(learner): every error is throw_vocab_file_error(function, path, line, column, ...) with the
// line counted from 1 over the whole file (the "#version" and header lines included); each loader
// ends with check_bpe. The path versions (load_gpt2, load_tiktoken, load_bpe, save_bpe) are in the
// header: they read the file and call these.

Bpe parse_gpt2(std::string_view encoder_json, std::string_view vocab_bpe, const std::string& encoder_json_path,
               const std::string& vocab_bpe_path) {
    // Hint: nlohmann::json::parse throws nlohmann::json::parse_error, whose `byte` is the offset
    // (from 1) where it stopped: turn it into a line and a column.
    COURSE_TODO("parse_gpt2");
}

Bpe parse_tiktoken(std::string_view text, const std::string& path) {
    // Hint: the merge of a token is NOT a split at a fixed place: run BPE (join the adjacent pair of
    // the lowest rank, again and again) on its bytes, with the ranks below its own only.
    COURSE_TODO("parse_tiktoken");
}

std::string format_bpe(const Bpe& bpe) {
    check_format_bpe_arguments(bpe);
    COURSE_TODO("format_bpe");
}

Bpe parse_bpe(std::string_view text, const std::string& path) {
    COURSE_TODO("parse_bpe");
}

}  // namespace course::tokenization
