// libFuzzer target: exercise 7's reference loaders on arbitrary bytes. The input is given whole to
// parse_bpe (the course's format) and parse_tiktoken, and, split at its first NUL byte, to
// parse_gpt2 as encoder.json and vocab.bpe. Properties checked:
//   - only std::invalid_argument may escape a loader (anything else ends the run as a crash,
//     as does a sanitizer report, a time-out or memory above libFuzzer's limit);
//   - what a loader returns passes check_bpe, and a Bpe that parse_bpe accepted is written by
//     format_bpe as the very same text and read back equal.
// Built with clang++ -fsanitize=fuzzer,address by cmake/CourseFuzz.cmake (COURSE_FUZZ=ON, as
// ./course test sets it); see tests/tokenization/fuzz/README.md.
#include <cstddef>
#include <cstdint>
#include <stdexcept>
#include <string>
#include <string_view>

#include "tokenization/bpe.hpp"
#include "tokenization/vocab_files.hpp"

namespace tk = course::tokenization;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    try {
        const tk::Bpe bpe = tk::parse_bpe(text, "fuzz.bpe");
        tk::check_bpe("vocab_fuzz", bpe);
        // The format has one spelling per Bpe except "byte_ids 0 1 ... 255" for "identity" and
        // digits with leading zeros: compare Bpes, and the text only when it is the canonical one.
        const std::string again = tk::format_bpe(bpe);
        if (!(tk::parse_bpe(again, "again.bpe") == bpe)) __builtin_trap();
        if (tk::format_bpe(tk::parse_bpe(again, "again.bpe")) != again) __builtin_trap();
    } catch (const std::invalid_argument&) {
    }
    try {
        const tk::Bpe bpe = tk::parse_tiktoken(text, "fuzz.tiktoken");
        tk::check_bpe("vocab_fuzz", bpe);
        if (!bpe.special_tokens.empty()) __builtin_trap();
    } catch (const std::invalid_argument&) {
    }
    try {
        const std::size_t nul = text.find('\0');
        const std::string_view json = text.substr(0, nul);
        const std::string_view merges = nul == std::string_view::npos ? std::string_view() : text.substr(nul + 1);
        const tk::Bpe bpe = tk::parse_gpt2(json, merges, "fuzz.json", "fuzz.bpe");
        tk::check_bpe("vocab_fuzz", bpe);
    } catch (const std::invalid_argument&) {
    }
    return 0;
}
