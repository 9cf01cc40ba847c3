// Tests for exercise 7, vocab_files (modules/tokenization/learner/vocab_files.cpp).
//
// Oracles: GPT-2's committed files (data/gpt2): their sizes and first and last bytes, and ids pinned
// by hand from encoder.json ("Ġthe" 262, "Ġt" 256, "Ā" 188 for byte 0, "<|endoftext|>" 50256) and
// vocab.bpe (line 2 "Ġ t", line 50 001 "Ġg azed"); js-tiktoken 1.0.21's own copy of GPT-2's ranks,
// frozen in fixtures/gpt2_tiktoken_head.hpp by the script beside it (an independent source: its
// recovered merges must be vocab.bpe's); hand-made vocabularies of a few tokens whose merges are
// worked by hand in the comments; the course format's text written out by hand. Small GPT-2-format
// files for the error tests are cut from the committed ones by a plain loop here (nlohmann-json
// reads encoder.json in this file too). Every test calls the exercise first, so a stub shows
// "not started".
#include "tokenization/vocab_files.hpp"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include <algorithm>
#include <atomic>
#include <cstddef>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <functional>
#include <iterator>
#include <stdexcept>
#include <string>
#include <string_view>
#include <unistd.h>
#include <utility>
#include <vector>

#include "course/datasets.hpp"
#include "course/testing.hpp"
#include "fixtures/gpt2_tiktoken_head.hpp"
#include "tokenization/bpe_train.hpp"

namespace course::tokenization {
namespace {

using course::testing::kValidCallFirst;
using course::testing::ThrowsInvalidArgument;

std::string read_file(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

// TempFile: a file holding `text` in the temp folder, removed at the end of the test.
class TempFile {
public:
    explicit TempFile(std::string_view text, std::string_view suffix = ".txt") {
        static std::atomic<int> counter{0};
        path_ = (std::filesystem::temp_directory_path() /
                 ("course_vocab_files_" + std::to_string(::getpid()) + "_" + std::to_string(counter++) +
                  std::string(suffix)))
                    .string();
        std::ofstream out(path_, std::ios::binary);
        out.write(text.data(), std::streamsize(text.size()));
    }
    ~TempFile() { std::remove(path_.c_str()); }
    TempFile(const TempFile&) = delete;
    TempFile& operator=(const TempFile&) = delete;
    const std::string& path() const { return path_; }

private:
    std::string path_;
};

const std::string& gpt2_json_path() {
    static const std::string path = course::data_path("gpt2/encoder.json");
    return path;
}
const std::string& gpt2_bpe_path() {
    static const std::string path = course::data_path("gpt2/vocab.bpe");
    return path;
}

// gpt2: load_gpt2 on the committed files, once per test program (a stub throws every time).
const Bpe& gpt2() {
    static const Bpe bpe = load_gpt2(gpt2_json_path(), gpt2_bpe_path());
    return bpe;
}

// SameBpe: a == b, or the first difference.
::testing::AssertionResult SameBpe(const Bpe& got, const Bpe& want) {
    if (got.tokens.size() != want.tokens.size()) {
        return ::testing::AssertionFailure() << got.tokens.size() << " tokens, expected " << want.tokens.size();
    }
    for (std::size_t i = 0; i < got.tokens.size(); ++i) {
        if (got.tokens[i] != want.tokens[i]) {
            return ::testing::AssertionFailure() << "tokens[" << i << "] is \"" << got.tokens[i] << "\", expected \""
                                                 << want.tokens[i] << "\"";
        }
    }
    for (std::size_t b = 0; b < 256; ++b) {
        if (got.byte_ids[b] != want.byte_ids[b]) {
            return ::testing::AssertionFailure() << "byte_ids[" << b << "] is " << got.byte_ids[b] << ", expected "
                                                 << want.byte_ids[b];
        }
    }
    if (got.merges.size() != want.merges.size()) {
        return ::testing::AssertionFailure() << got.merges.size() << " merges, expected " << want.merges.size();
    }
    for (std::size_t r = 0; r < got.merges.size(); ++r) {
        const Merge& g = got.merges[r];
        const Merge& w = want.merges[r];
        if (!(g == w)) {
            return ::testing::AssertionFailure() << "merges[" << r << "] is (" << g.left << ", " << g.right << ") -> "
                                                 << g.result << ", expected (" << w.left << ", " << w.right
                                                 << ") -> " << w.result;
        }
    }
    if (got.special_tokens != want.special_tokens) {
        return ::testing::AssertionFailure() << got.special_tokens.size() << " special tokens, expected "
                                             << want.special_tokens.size() << " (or their texts or ids differ)";
    }
    if (!(got == want)) return ::testing::AssertionFailure() << "the Bpes differ (operator==)";
    return ::testing::AssertionSuccess();
}

// VocabError: `call` throws VocabFileError naming `path` at `line` and `column` (0: the whole file
// or the whole line, as the contract says), its message holding every string of `mention`.
::testing::AssertionResult VocabError(const std::function<void()>& call, const std::string& path, std::size_t line,
                                      std::size_t column, std::initializer_list<std::string_view> mention = {}) {
    try {
        call();
    } catch (const VocabFileError& e) {
        const std::string what = e.what();
        if (e.path() != path) {
            return ::testing::AssertionFailure() << "VocabFileError names the path \"" << e.path() << "\", expected \""
                                                 << path << "\": " << what;
        }
        if (e.line() != line) {
            return ::testing::AssertionFailure() << "VocabFileError at line " << e.line() << ", expected line " << line
                                                 << (line != 0 ? " (lines count from 1, the #version or header line "
                                                                 "included; 0 for the file as a whole)"
                                                               : " (0: the file as a whole)")
                                                 << ": " << what;
        }
        if (e.column() != column) {
            return ::testing::AssertionFailure() << "VocabFileError at column " << e.column() << ", expected column "
                                                 << column
                                                 << (column != 0 ? " (bytes from 1)"
                                                                 : " (0: the error is about the whole line, or the "
                                                                   "whole file at line 0)")
                                                 << ": " << what;
        }
        if (what.find(path) == std::string::npos) {
            return ::testing::AssertionFailure() << "the message does not name the path \"" << path << "\": " << what;
        }
        for (const std::string_view m : mention) {
            if (what.find(m) == std::string::npos) {
                return ::testing::AssertionFailure() << "the message does not mention \"" << m << "\": " << what;
            }
        }
        return ::testing::AssertionSuccess();
    } catch (const course::NotImplemented&) {
        throw;
    } catch (const std::invalid_argument& e) {
        return ::testing::AssertionFailure() << "std::invalid_argument that is not a VocabFileError: " << e.what();
    }
    return ::testing::AssertionFailure() << "no exception, expected a VocabFileError at " << path << ":" << line;
}

// SmallGpt2: GPT-2's files cut to the 256 byte entries, the first `merges` merges and their
// results (ids 0 .. 255 + merges), and optionally "<|endoftext|>" as the next id. Cut from the
// committed files: the entries of encoder.json with an id below 256 + merges, and the vocab.bpe
// lines 1 .. merges + 1.
struct SmallGpt2 {
    nlohmann::ordered_json json;
    std::vector<std::string> lines;  // vocab.bpe's lines, "#version: 0.2" first
    std::string json_text() const { return json.dump(); }
    std::string bpe_text() const {
        std::string text;
        for (const std::string& line : lines) text += line + "\n";
        return text;
    }
};

SmallGpt2 small_gpt2(int merges, bool end_of_text) {
    // encoder.json lists its entries in id order on one line ({"!": 0, "\"": 1, ...}): the prefix
    // before the entry of id 256 + merges, closed with '}', holds exactly the ids below it (cheaper
    // than parsing the whole megabyte at the tests' -O1).
    const std::string full = read_file(gpt2_json_path());
    const std::size_t at = full.find("\": " + std::to_string(256 + merges) + ",");
    const std::size_t cut = full.rfind(", \"", at);
    SmallGpt2 small;
    small.json = nlohmann::ordered_json::parse(full.substr(0, cut) + "}");
    if (small.json.size() != std::size_t(256 + merges)) throw std::logic_error("small_gpt2: the cut went wrong");
    if (end_of_text) small.json["<|endoftext|>"] = 256 + merges;
    const std::string bpe = read_file(gpt2_bpe_path());
    std::size_t start = 0;
    for (int i = 0; i < merges + 1; ++i) {
        const std::size_t end = bpe.find('\n', start);
        small.lines.push_back(bpe.substr(start, end - start));
        start = end + 1;
    }
    return small;
}

// hand_bpe: the byte-level tokens, then the merges (a, b) -> 256 "ab", (256, c) -> 257 "abc",
// (' ', 256) -> 258 " ab", (258, 258) -> 259 " ab ab", and the special token "<|end|>" = 260.
Bpe hand_bpe() {
    Bpe bpe = byte_level_bpe();
    const auto add = [&bpe](int left, int right) {
        const int id = int(bpe.tokens.size());
        bpe.tokens.push_back(bpe.tokens[std::size_t(left)] + bpe.tokens[std::size_t(right)]);
        bpe.merges.push_back({left, right, id});
    };
    add('a', 'b');
    add(256, 'c');
    add(' ', 256);
    add(258, 258);
    bpe.tokens.push_back("<|end|>");
    bpe.special_tokens.push_back({"<|end|>", 260});
    return bpe;
}

// The course-format text of hand_bpe, written out by hand from the layout in vocab_files.hpp
// ("<|end|>" is 3c 7c 65 6e 64 7c 3e).
constexpr std::string_view kHandBpeText =
    "course-bpe 1\n"
    "tokens 261\n"
    "byte_ids identity\n"
    "97 98\n"
    "256 99\n"
    "32 256\n"
    "258 258\n"
    "special 260 3c7c656e647c3e\n";

// tiktoken_line: "<base64 of bytes> <rank>\n", base64 by a plain loop (RFC 4648's table).
std::string tiktoken_line(std::string_view bytes, int rank) {
    static constexpr char kAlphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    std::string out;
    for (std::size_t i = 0; i < bytes.size(); i += 3) {
        unsigned v = unsigned(static_cast<unsigned char>(bytes[i])) << 16;
        if (i + 1 < bytes.size()) v |= unsigned(static_cast<unsigned char>(bytes[i + 1])) << 8;
        if (i + 2 < bytes.size()) v |= unsigned(static_cast<unsigned char>(bytes[i + 2]));
        out += kAlphabet[(v >> 18) & 63];
        out += kAlphabet[(v >> 12) & 63];
        out += i + 1 < bytes.size() ? kAlphabet[(v >> 6) & 63] : '=';
        out += i + 2 < bytes.size() ? kAlphabet[v & 63] : '=';
    }
    return out + " " + std::to_string(rank) + "\n";
}

// tiktoken_text: the 256 bytes as ranks 0 .. 255 (byte b is rank b), then `tokens` as ranks 256, ...
std::string tiktoken_text(const std::vector<std::string>& tokens) {
    std::string text;
    for (int b = 0; b < 256; ++b) text += tiktoken_line(std::string(1, char(b)), b);
    for (std::size_t i = 0; i < tokens.size(); ++i) text += tiktoken_line(tokens[i], int(256 + i));
    return text;
}

TEST(LoadGpt2, ReadsTheCommittedFiles) {
    const Bpe& bpe = gpt2();
    EXPECT_EQ(bpe.tokens.size(), 50257u) << "encoder.json has 50 257 entries";
    EXPECT_EQ(bpe.merges.size(), 50000u) << "vocab.bpe has 50 000 merge lines after #version";
    // The committed files are the ones data/gpt2/README.md names (sha256sum -c SHA256SUMS checks the
    // sums; here their sizes and first and last bytes, read with `head -c` and `tail -c`).
    const std::string json = read_file(gpt2_json_path());
    const std::string merges = read_file(gpt2_bpe_path());
    EXPECT_EQ(json.size(), 1042301u);
    EXPECT_EQ(merges.size(), 456318u);
    EXPECT_EQ(json.substr(0, 20), "{\"!\": 0, \"\\\"\": 1, \"#");
    EXPECT_EQ(json.substr(json.size() - 23), "\"<|endoftext|>\": 50256}");
    EXPECT_EQ(merges.substr(0, 19), "#version: 0.2\n\xc4\xa0 t\n");
    EXPECT_EQ(merges.substr(merges.size() - 9), "\xc4\xa0g azed\n");
}

TEST(LoadGpt2, PinsIdsWorkedByHandFromTheFiles) {
    const Bpe& bpe = gpt2();
    ASSERT_EQ(bpe.tokens.size(), 50257u);
    // encoder.json: "Ġthe": 262, "Ġt": 256, "Ġgazed": 50255, "ĠCollider": 50253; the token is the
    // BYTES (symbols_to_bytes of the key): "Ġ" is the space, so token 262 is " the", 4 bytes.
    EXPECT_EQ(bpe.tokens[262], " the") << "a token is its key's bytes (symbols_to_bytes), not the key's text \"Ġthe\"";
    EXPECT_EQ(bpe.tokens[256], " t");
    EXPECT_EQ(bpe.tokens[50255], " gazed");
    EXPECT_EQ(bpe.tokens[50253], " Collider");
    EXPECT_EQ(bpe.tokens[0], "!");
    // Bytes: "!" is 0, "Ā" (byte 0x00's symbol) is 188, "ÿ" (0xFF) is 187, "Ġ" (the space) 220,
    // "Ċ" ('\n') 198, "ĉ" ('\t') 197, "Ń" (0xAD, the last of the 68 shifted bytes) 255.
    EXPECT_EQ(bpe.byte_ids['!'], 0);
    EXPECT_EQ(bpe.byte_ids[0x00], 188);
    EXPECT_EQ(bpe.byte_ids[0xFF], 187);
    EXPECT_EQ(bpe.byte_ids[' '], 220);
    EXPECT_EQ(bpe.byte_ids['\n'], 198);
    EXPECT_EQ(bpe.byte_ids['\t'], 197);
    EXPECT_EQ(bpe.byte_ids[0xAD], 255);
    EXPECT_EQ(bpe.tokens[188], std::string(1, '\0'));
    // vocab.bpe line 2 "Ġ t": rank 0 is (220, 83 "t") -> 256; the last line "Ġg azed" is rank 49 999:
    // "Ġg" 308, "azed" 13865 -> "Ġgazed" 50255.
    ASSERT_EQ(bpe.merges.size(), 50000u);
    EXPECT_EQ(bpe.merges[0], (Merge{220, 83, 256}));
    EXPECT_EQ(bpe.merges[49999], (Merge{308, 13865, 50255}));
    // In GPT-2's files merge r makes id 256 + r, for every r (checked over the files with a script:
    // the ids of encoder.json are the bytes, then the merges in vocab.bpe's order, then <|endoftext|>).
    for (std::size_t r = 0; r < bpe.merges.size(); ++r) {
        ASSERT_EQ(std::size_t(bpe.merges[r].result), 256 + r) << "rank " << r;
    }
    ASSERT_EQ(bpe.special_tokens.size(), 1u) << "\"<|endoftext|>\" is GPT-2's one special token";
    EXPECT_EQ(bpe.special_tokens[0], (SpecialToken{"<|endoftext|>", 50256}));
    EXPECT_EQ(bpe.tokens[50256], "<|endoftext|>");
}

TEST(LoadGpt2, ReadsACutDownVocabularyWithAndWithoutEndOfText) {
    const SmallGpt2 small = small_gpt2(10, true);
    const Bpe bpe = parse_gpt2(small.json_text(), small.bpe_text());
    EXPECT_EQ(bpe.tokens.size(), 267u);
    ASSERT_EQ(bpe.merges.size(), 10u);
    EXPECT_EQ(bpe.merges[1], (Merge{220, 64, 257})) << "vocab.bpe line 3: \"Ġ a\" -> \"Ġa\"";
    EXPECT_EQ(bpe.tokens[257], " a");
    ASSERT_EQ(bpe.special_tokens.size(), 1u);
    EXPECT_EQ(bpe.special_tokens[0], (SpecialToken{"<|endoftext|>", 266}));
    for (std::size_t i = 0; i < 266; ++i) EXPECT_EQ(bpe.tokens[i], gpt2().tokens[i]) << "id " << i;
    // Without "<|endoftext|>" there is no special token; without a final '\n' the last line counts.
    const SmallGpt2 plain = small_gpt2(10, false);
    std::string merges = plain.bpe_text();
    merges.pop_back();
    const Bpe bare = parse_gpt2(plain.json_text(), merges);
    EXPECT_EQ(bare.tokens.size(), 266u);
    EXPECT_EQ(bare.merges.size(), 10u);
    EXPECT_TRUE(bare.special_tokens.empty());
    // Exactly the 256 bytes and no merge: the smallest vocabulary.
    const SmallGpt2 bytes = small_gpt2(0, false);
    const Bpe bytes_only = parse_gpt2(bytes.json_text(), "#version: 0.2\n");
    EXPECT_EQ(bytes_only.tokens.size(), 256u);
    EXPECT_TRUE(bytes_only.merges.empty());
    EXPECT_EQ(bytes_only.byte_ids[' '], 220);
    // "<|endoftext|>" at id 0, every other id one higher: ids are any permutation.
    nlohmann::ordered_json first = nlohmann::ordered_json::object();
    first["<|endoftext|>"] = 0;
    for (const auto& [key, value] : small.json.items())
        if (key != "<|endoftext|>") first[key] = value.get<int>() + 1;
    const Bpe end_first = parse_gpt2(first.dump(), small.bpe_text());
    ASSERT_EQ(end_first.special_tokens.size(), 1u) << "<|endoftext|> at id 0";
    ASSERT_EQ(end_first.merges.size(), 10u) << "<|endoftext|> at id 0: the same 10 merges";
    EXPECT_EQ(end_first.special_tokens[0], (SpecialToken{"<|endoftext|>", 0}));
    EXPECT_EQ(end_first.byte_ids[' '], 221);
    EXPECT_EQ(end_first.merges[1], (Merge{221, 65, 258})) << "\"Ġ a\" -> \"Ġa\", every id one higher";
    // The files' path versions read the same.
    const TempFile json(small.json_text(), ".json");
    const TempFile vocab(small.bpe_text(), ".bpe");
    EXPECT_TRUE(SameBpe(load_gpt2(json.path(), vocab.path()), bpe));
}

TEST(LoadGpt2, RefusesMissingFilesAndBadJson) {
    const SmallGpt2 small = small_gpt2(4, true);
    const TempFile json(small.json_text(), ".json");
    const TempFile vocab(small.bpe_text(), ".bpe");
    ASSERT_EQ(load_gpt2(json.path(), vocab.path()).tokens.size(), 261u) << kValidCallFirst;
    const std::string missing = json.path() + ".missing";
    EXPECT_TRUE(VocabError([&] { load_gpt2(missing, vocab.path()); }, missing, 0, 0));
    EXPECT_TRUE(VocabError([&] { load_gpt2(json.path(), missing); }, missing, 0, 0));
    // Invalid JSON on line 3: `  "b" 1` lacks its ':'; nlohmann-json stops at the '1', column 7.
    const std::string bad = "{\n  \"a\": 0,\n  \"b\" 1\n}\n";
    EXPECT_TRUE(VocabError([&] { parse_gpt2(bad, small.bpe_text(), "e.json", "v.bpe"); }, "e.json", 3, 7,
                           {"JSON"}));
    // On line 1: `{"a" 0}` stops at the '0', the 6th byte: column 6 (columns count from 1).
    EXPECT_TRUE(VocabError([&] { parse_gpt2("{\"a\" 0}", small.bpe_text(), "e.json", "v.bpe"); }, "e.json", 1, 6,
                           {"JSON"}));
    // Cut short after 8 bytes: the input ends at column 9 (one past its last byte); an empty file at
    // column 1.
    EXPECT_TRUE(VocabError([&] { parse_gpt2("{\"a\": 0,", small.bpe_text(), "e.json", "v.bpe"); }, "e.json", 1, 9,
                           {"JSON"}))
        << "cut short";
    EXPECT_TRUE(VocabError([&] { parse_gpt2("", small.bpe_text(), "e.json", "v.bpe"); }, "e.json", 1, 1));
    // A number beyond a double: nlohmann-json throws out_of_range (no position): line 0, the file.
    EXPECT_TRUE(VocabError([&] { parse_gpt2("{\"a\": 3e522}", small.bpe_text(), "e.json", "v.bpe"); }, "e.json", 0, 0,
                           {"JSON"}))
        << "3e522: catch nlohmann-json's out_of_range too, not only its parse_error";
    // Valid JSON that is not an object: line 1, column 1, as the contract says.
    EXPECT_TRUE(VocabError([&] { parse_gpt2("[1, 2]", small.bpe_text(), "e.json", "v.bpe"); }, "e.json", 1, 1,
                           {"object"}));
    EXPECT_TRUE(VocabError([&] { parse_gpt2("\n\n  \"a\"", small.bpe_text(), "e.json", "v.bpe"); }, "e.json", 1, 1,
                           {"string"}))
        << "a JSON string on line 3 is still reported at line 1, column 1";
}

TEST(LoadGpt2, RefusesBadIdsAndMissingBytes) {
    const SmallGpt2 small = small_gpt2(4, true);
    ASSERT_EQ(parse_gpt2(small.json_text(), small.bpe_text()).tokens.size(), 261u) << kValidCallFirst;
    const auto refuses = [&small](const std::function<void(nlohmann::ordered_json&)>& edit,
                                  std::initializer_list<std::string_view> mention) {
        nlohmann::ordered_json json = small.json;
        edit(json);
        return VocabError([&] { parse_gpt2(json.dump(), small.bpe_text(), "e.json", "v.bpe"); }, "e.json", 0, 0,
                          mention);
    };
    EXPECT_TRUE(refuses([](auto& j) { j["!"] = "0"; }, {"\"!\"", "integer"})) << "a string id";
    EXPECT_TRUE(refuses([](auto& j) { j["!"] = 0.5; }, {"\"!\"", "integer"})) << "a fractional id";
    EXPECT_TRUE(refuses([](auto& j) { j["!"] = -1; }, {"\"!\"", "-1"})) << "a negative id";
    EXPECT_TRUE(refuses([](auto& j) { j["!"] = 261; }, {"\"!\"", "261", "0 .. 260"})) << "an id past the end (a gap)";
    EXPECT_TRUE(refuses([](auto& j) { j["!"] = 1; }, {"1"})) << "\"!\" and \"\\\"\" both id 1";
    // The byte 'A' (id 32) has no entry: its id goes to another key.
    EXPECT_TRUE(refuses(
        [](auto& j) {
            j.erase("A");
            j["Zz"] = 32;
        },
        {"65"}))
        << "no entry for byte 65 'A'";
    // A key that is not GPT-2 byte symbols (U+4E00 is no byte's symbol).
    EXPECT_TRUE(refuses([](auto& j) { j["\xe4\xb8\x80"] = 261; }, {}));
    // An entry that no merge makes (and that is not <|endoftext|>), at the last id and at id 0.
    EXPECT_TRUE(refuses([](auto& j) { j["<|pad|>"] = 261; }, {"<|pad|>"}));
    EXPECT_TRUE(refuses(
        [](auto& j) {
            for (auto& [key, value] : j.items()) value = value.template get<int>() + 1;
            j["<|pad|>"] = 0;
        },
        {"<|pad|>", "id 0"}))
        << "every id shifted up by one and <|pad|> at id 0: the check of the entries no merge makes starts at id 0";
    // Below 256 tokens: 255 entries, ids 0 .. 254.
    nlohmann::ordered_json few = nlohmann::ordered_json::object();
    for (const auto& [key, value] : small.json.items()) {
        if (value.get<int>() < 255) few[key] = value;
    }
    EXPECT_TRUE(VocabError([&] { parse_gpt2(few.dump(), "#version: 0.2\n", "e.json", "v.bpe"); }, "e.json", 0, 0,
                           {"255 tokens, expected at least 256"}));
}

TEST(LoadGpt2, RefusesBadMergeLinesWithTheirLineNumber) {
    const SmallGpt2 small = small_gpt2(4, true);
    ASSERT_EQ(parse_gpt2(small.json_text(), small.bpe_text()).merges.size(), 4u) << kValidCallFirst;
    // small.lines: "#version: 0.2" (line 1), "Ġ t" (2), "Ġ a" (3), "h e" (4), "i n" (5).
    const auto refuses = [&small](std::size_t line, std::string replacement, std::size_t column,
                                  std::initializer_list<std::string_view> mention) {
        SmallGpt2 edited = small;
        edited.lines[line - 1] = std::move(replacement);
        return VocabError([&] { parse_gpt2(small.json_text(), edited.bpe_text(), "e.json", "v.bpe"); }, "v.bpe",
                          line, column, mention);
    };
    EXPECT_TRUE(refuses(1, "h e", 1, {"#version", "found \"h e\""})) << "no #version line: the message shows line 1";
    EXPECT_TRUE(refuses(4, "he", 0, {"space"})) << "no space";
    EXPECT_TRUE(refuses(4, "h e ", 4, {"space"})) << "a second space, column 4";
    EXPECT_TRUE(refuses(4, "h  e", 3, {"space"})) << "two spaces in a row, the second at column 3";
    EXPECT_TRUE(refuses(4, "", 0, {})) << "an empty line";
    EXPECT_TRUE(refuses(5, "h \xe4\xb8\x80", 3, {"\\xe4"})) << "an unknown right symbol string";
    EXPECT_TRUE(refuses(5, "hh e", 1, {"hh"})) << "an unknown left symbol string";
    // "Ġt" and "h" exist, "Ġth" is not among the 260 tokens: the result is not in the vocabulary.
    EXPECT_TRUE(refuses(5, "\xc4\xa0t h", 0, {"result"}));
    EXPECT_TRUE(refuses(3, "\xc4\xa0 t\r", 4, {})) << "a CRLF line end: 't\\r' is no symbol string (\"Ġ\" is 2 bytes)";
}

TEST(LoadTiktoken, GivesGpt2sFirstTokensAndMergesFromJsTiktokensRanks) {
    const TempFile file(fixtures::kGpt2TiktokenHead, ".tiktoken");
    const Bpe bpe = load_tiktoken(file.path());
    const Bpe& full = gpt2();
    // Ranks 0 .. 1 999 are GPT-2's ids; the 1 744 tokens of 2+ bytes are merges 0 .. 1 743.
    ASSERT_EQ(bpe.tokens.size(), 2000u);
    for (std::size_t i = 0; i < 2000; ++i) ASSERT_EQ(bpe.tokens[i], full.tokens[i]) << "id " << i;
    for (std::size_t b = 0; b < 256; ++b) EXPECT_EQ(bpe.byte_ids[b], full.byte_ids[b]) << "byte " << b;
    ASSERT_EQ(bpe.merges.size(), 1744u);
    for (std::size_t r = 0; r < 1744; ++r) {
        ASSERT_EQ(bpe.merges[r], full.merges[r])
            << "rank " << r << " (" << full.tokens[std::size_t(full.merges[r].result)]
            << "): recover each merge by running BPE with the lower ranks on the token's bytes, not by a split "
               "at a fixed place";
    }
    EXPECT_TRUE(bpe.special_tokens.empty()) << "tiktoken's files hold no special tokens";
}

TEST(LoadTiktoken, RecoversEachMergeByRankWorkedByHand) {
    // Ranks 256.. : "ab", "bc", "abc", "cd", "abcd", "xyz" is not here. BPE on "abc" with ranks < 258:
    // "ab" (256) beats "bc" (257): (ab, c). On "abcd" with ranks < 260: ab (256) first, then "abc"
    // (258) beats "cd" (259): (abc, d). A split at the first byte would give (a, bc) and (a, bcd).
    const std::string text = tiktoken_text({"ab", "bc", "abc", "cd", "abcd"});
    const Bpe bpe = parse_tiktoken(text, "t.tiktoken");
    ASSERT_EQ(bpe.tokens.size(), 261u);
    ASSERT_EQ(bpe.merges.size(), 5u);
    EXPECT_EQ(bpe.merges[0], (Merge{'a', 'b', 256}));
    EXPECT_EQ(bpe.merges[1], (Merge{'b', 'c', 257}));
    EXPECT_EQ(bpe.merges[2], (Merge{256, 'c', 258})) << "\"abc\" = \"ab\" (rank 256) + \"c\": ab has the lower rank";
    EXPECT_EQ(bpe.merges[3], (Merge{'c', 'd', 259}));
    EXPECT_EQ(bpe.merges[4], (Merge{258, 'd', 260})) << "\"abcd\": ab, then abc (258) before cd (259)";
    for (int b = 0; b < 256; ++b) EXPECT_EQ(bpe.byte_ids[std::size_t(b)], b);
    // The lowest rank wins wherever it sits: "xy" (256), "yz" (257), "zx" (258), "xyz" (259) = (xy, z).
    // On "zxyz" (260): xy (256) first, then xyz (259): (z, xyz). Joining the leftmost pair that is a
    // token (zx, then yz) would stop at (zx, yz).
    const Bpe second = parse_tiktoken(tiktoken_text({"xy", "yz", "zx", "xyz", "zxyz"}), "t.tiktoken");
    ASSERT_EQ(second.merges.size(), 5u);
    EXPECT_EQ(second.merges[3], (Merge{256, 'z', 259}));
    EXPECT_EQ(second.merges[4], (Merge{'z', 259, 260})) << "BPE joins xy (256) first, not the leftmost zx (258)";
    // Ties: the same pair twice joins at its leftmost place first, as tiktoken does: "aaa" with
    // "aa" (256) is (aa, a), not (a, aa); "aaaa" (258) is then (aa, aa).
    const Bpe runs = parse_tiktoken(tiktoken_text({"aa", "aaa", "aaaa"}), "t.tiktoken");
    ASSERT_EQ(runs.merges.size(), 3u);
    EXPECT_EQ(runs.merges[1], (Merge{256, 'a', 257})) << "\"aaa\": the leftmost \"aa\" joins first";
    EXPECT_EQ(runs.merges[2], (Merge{256, 256, 258})) << "\"aaaa\": aa (256) twice, before aaa (257) could form";
}

TEST(LoadTiktoken, RefusesATokenThatOnlyHigherRanksMake) {
    ASSERT_EQ(parse_tiktoken(tiktoken_text({"bc", "abc"}), "t").merges.size(), 2u) << kValidCallFirst;
    // "abc" at rank 256 before "bc" at 257: with the lower ranks only, BPE stops at a, b, c (line 257).
    EXPECT_TRUE(VocabError([] { parse_tiktoken(tiktoken_text({"abc", "bc"}), "t"); }, "t", 257, 0,
                           {"\"abc\" of rank 256", "stops at 3 parts"}));
    // "abcd" with "ab" and "cd" of lower rank but "bc" the lowest: b c joins first, then nothing: a bc d.
    EXPECT_TRUE(VocabError([] { parse_tiktoken(tiktoken_text({"bc", "ab", "cd", "abcd"}), "t"); }, "t", 260, 0,
                           {"\"abcd\" of rank 259", "stops at 3 parts"}));
    // "ab" at rank 0, before every byte: nothing of a lower rank makes it (line 1).
    std::string ab_first = tiktoken_line("ab", 0);
    for (int b = 0; b < 256; ++b) ab_first += tiktoken_line(std::string(1, char(b)), b + 1);
    EXPECT_TRUE(VocabError([&] { parse_tiktoken(ab_first, "t"); }, "t", 1, 0, {"\"ab\" of rank 0", "stops at 2 parts"}))
        << "the check of the merges starts at rank 0";
}

TEST(LoadTiktoken, RefusesBadLinesWithLineAndColumn) {
    const std::string good = tiktoken_text({"ab"});
    ASSERT_EQ(parse_tiktoken(good, "t").tokens.size(), 257u) << kValidCallFirst;
    // Line 258 is "YWI= 256" ("ab"); replace it.
    const auto with_last = [&good](std::string_view line) {
        return good.substr(0, good.size() - std::string_view("YWI= 256\n").size()) + std::string(line) + "\n";
    };
    const auto refuses = [&](std::string_view line, std::size_t column, std::initializer_list<std::string_view> m) {
        return VocabError([&] { parse_tiktoken(with_last(line), "t.tiktoken"); }, "t.tiktoken", 257, column, m);
    };
    EXPECT_TRUE(refuses("YWI=256", 0, {})) << "no space";
    EXPECT_TRUE(refuses("YW*= 256", 3, {"*"})) << "a character outside the alphabet";
    EXPECT_TRUE(refuses("YWI 256", 4, {"4"})) << "3 characters: not a multiple of 4 (column: just past them)";
    EXPECT_TRUE(refuses("Y=I= 256", 2, {"="})) << "'=' in the middle";
    EXPECT_TRUE(refuses("YW==YWI= 256", 3, {"="})) << "'=' before the last group";
    EXPECT_TRUE(refuses("YW=I 256", 4, {"\"I\" after"})) << "a character after the padding's '=': shown alone";
    EXPECT_TRUE(refuses("YWJjYW=j 256", 8, {"j", "after"}))
        << "a character after the '=' of the second group of four: column 4 + 3 + 1";
    EXPECT_TRUE(refuses("YWJj*WI= 256", 5, {"*"})) << "a character outside the alphabet in the second group";
    EXPECT_TRUE(refuses("YWJ= 256", 3, {"bits"})) << "\"YWJ=\": nonzero bits under the padding ('J' = 9)";
    EXPECT_TRUE(refuses("YWK= 256", 3, {"bits"})) << "\"YWK=\": 'K' = 10 = 0b001010, its bit 1 under the padding";
    EXPECT_TRUE(refuses("YR== 256", 2, {"bits"})) << "\"YR==\": nonzero bits under the padding ('R' = 17)";
    EXPECT_TRUE(refuses("YI== 256", 2, {"bits"})) << "\"YI==\": 'I' = 8 = 0b001000, its low 4 bits under the padding";
    EXPECT_TRUE(refuses(" 256", 1, {"empty"})) << "an empty token";
    EXPECT_TRUE(refuses("YWI= 25x", 6, {"25x"})) << "a rank that is not a number";
    EXPECT_TRUE(refuses("YWI= -256", 6, {})) << "a signed rank";
    EXPECT_TRUE(refuses("YWI= 257", 6, {"257", "256"})) << "a rank out of order";
    // Ranks are ints: 2^31 - 1 is one (here out of order), 2^31 is not a rank at all.
    EXPECT_TRUE(refuses("YWI= 2147483647", 6, {"the rank 2147483647, expected 256"})) << "2^31 - 1: an int";
    EXPECT_TRUE(refuses("YWI= 2147483648", 6, {"\"2147483648\"", "decimal"})) << "2^31: beyond an int";
    EXPECT_TRUE(refuses("YWI= 99999999999999999999", 6, {"\"99999999999999999999\"", "decimal"}))
        << "20 digits: beyond an int (and a long long)";
    // Leading zeros are allowed, as Python's int() reads the rank: "00000000256" is rank 256.
    EXPECT_NO_THROW(parse_tiktoken(with_last("YWI= 00000000256"), "t.tiktoken")) << "11 digits with leading zeros";
    EXPECT_TRUE(refuses("YWI=  256", 6, {})) << "two spaces";
    EXPECT_TRUE(refuses("YQ== 256", 1, {"\"a\" again (rank 97 on line 98)"})) << "\"a\" again";
    // Line numbers count from 1: byte 0 is line 1 ("AA== 0").
    std::string first = good;
    first.replace(0, 2, "A*");
    EXPECT_TRUE(VocabError([&] { parse_tiktoken(first, "t"); }, "t", 1, 2, {"*"}));
    // The path version names the missing file.
    EXPECT_TRUE(VocabError([] { load_tiktoken("/nonexistent/course.tiktoken"); }, "/nonexistent/course.tiktoken", 0,
                           0));
}

TEST(LoadTiktoken, RefusesAMissingByteAndFewerThan256Tokens) {
    ASSERT_EQ(parse_tiktoken(tiktoken_text({}), "t").tokens.size(), 256u) << kValidCallFirst;
    // 255 tokens: the bytes 0 .. 254.
    std::string text = tiktoken_text({});
    text.resize(text.rfind("/w== 255\n"));
    EXPECT_TRUE(VocabError([&] { parse_tiktoken(text, "t"); }, "t", 0, 0, {"255 tokens, expected at least 256"}));
    // 256 tokens, but byte 255 missing: "ab" in its place.
    EXPECT_TRUE(VocabError([&] { parse_tiktoken(text + tiktoken_line("ab", 255), "t"); }, "t", 0, 0,
                           {"no token for the byte 255"}));
}

TEST(BpeFormat, WritesAHandMadeModelAsWorkedByHand) {
    const Bpe bpe = hand_bpe();
    EXPECT_EQ(format_bpe(bpe), kHandBpeText);
    EXPECT_TRUE(SameBpe(parse_bpe(kHandBpeText), bpe));
    const TempFile file("", ".bpe");
    save_bpe(bpe, file.path());
    EXPECT_EQ(read_file(file.path()), kHandBpeText);
    EXPECT_TRUE(SameBpe(load_bpe(file.path()), bpe));
    // byte_level_bpe() alone: no merge, no special token.
    EXPECT_EQ(format_bpe(byte_level_bpe()), "course-bpe 1\ntokens 256\nbyte_ids identity\n");
    EXPECT_TRUE(SameBpe(parse_bpe("course-bpe 1\ntokens 256\nbyte_ids identity\n"), byte_level_bpe()));
}

TEST(BpeFormat, RoundTripsGpt2) {
    const Bpe& bpe = gpt2();
    const std::string text = format_bpe(bpe);
    // GPT-2's byte ids are not the identity: byte 0 is 188, '!' is 0 ("byte_ids 188 189 ... ").
    EXPECT_EQ(text.substr(0, 42), "course-bpe 1\ntokens 50257\nbyte_ids 188 189");
    EXPECT_NE(text.find("\n220 83\n"), std::string::npos) << "merge 0: (\"Ġ\" 220, \"t\" 83)";
    EXPECT_TRUE(text.ends_with("\n308 13865\nspecial 50256 3c7c656e646f66746578747c3e\n"))
        << "the last merge, then <|endoftext|> in hex";
    const TempFile file("", ".bpe");
    save_bpe(bpe, file.path());
    EXPECT_TRUE(SameBpe(load_bpe(file.path()), bpe));
}

TEST(BpeFormat, RefusesBadFilesWithTheirLine) {
    ASSERT_TRUE(SameBpe(parse_bpe(kHandBpeText, "h.bpe"), hand_bpe())) << kValidCallFirst;
    // kHandBpeText's lines: 1 header, 2 tokens, 3 byte_ids, 4..7 merges, 8 special.
    const auto lines_of = [](std::string_view text) {
        std::vector<std::string> lines;
        std::size_t start = 0;
        while (start < text.size()) {
            const std::size_t end = text.find('\n', start);
            lines.emplace_back(text.substr(start, end - start));
            start = end + 1;
        }
        return lines;
    };
    const auto join = [](const std::vector<std::string>& lines) {
        std::string text;
        for (const std::string& line : lines) text += line + "\n";
        return text;
    };
    const auto refuses = [&](std::size_t line, std::string replacement, std::size_t expected_line,
                             std::size_t column, std::initializer_list<std::string_view> mention) {
        std::vector<std::string> lines = lines_of(kHandBpeText);
        lines[line - 1] = std::move(replacement);
        const std::string text = join(lines);
        return VocabError([&] { parse_bpe(text, "h.bpe"); }, "h.bpe", expected_line, column, mention);
    };
    // Columns (bytes from 1) as counted by hand on each line; 0: the whole line (or file, at line 0).
    EXPECT_TRUE(refuses(1, "course-bpe 2", 1, 1, {"found \"course-bpe 2\"", "course-bpe 1"})) << "another version";
    EXPECT_TRUE(refuses(2, "token 261", 2, 1, {"found \"token 261\"", "tokens <count>"})) << "no \"tokens \" line";
    EXPECT_TRUE(
        VocabError([] { parse_bpe("course-bpe 1\n", "h.bpe"); }, "h.bpe", 2, 1, {"found \"\"", "tokens <count>"}))
        << "the header alone: line 2 is missing";
    EXPECT_TRUE(VocabError([] { parse_bpe("course-bpe 1\ntoken 256\n", "h.bpe"); }, "h.bpe", 2, 1,
                           {"found \"token 256\""}))
        << "a file of two lines whose second is not a tokens line: it is shown";
    EXPECT_TRUE(VocabError([] { parse_bpe("course-bpe 1\ntokens 256\n", "h.bpe"); }, "h.bpe", 3, 1,
                           {"found \"\"", "byte_ids"}))
        << "no byte_ids line";
    EXPECT_TRUE(VocabError([] { parse_bpe("course-bpe 1\ntokens 256\nbyte_id identity\n", "h.bpe"); }, "h.bpe", 3, 1,
                           {"found \"byte_id identity\""}))
        << "line 3 is not a byte_ids line: it is shown";
    EXPECT_TRUE(refuses(2, "tokens 26x", 2, 8, {"the token count \"26x\""}));
    EXPECT_TRUE(refuses(2, "tokens 255", 2, 8, {"255 tokens, expected at least 256"})) << "a vocabulary below 256";
    EXPECT_TRUE(refuses(2, "tokens 262", 0, 0, {"makes 261 tokens, expected 262"}))
        << "one token fewer than the header says";
    EXPECT_TRUE(refuses(2, "tokens 260", 8, 9, {"\"260\", expected 260 (the next id) below the token count 260"}))
        << "more tokens than the header says: the special token would be token 260";
    EXPECT_TRUE(refuses(2, "tokens 259", 7, 0, {"make token 259, expected at most 259 tokens"}))
        << "the last merge would make token 259 of 259";
    EXPECT_TRUE(refuses(3, "byte_ids", 3, 1, {})) << "no byte ids";
    EXPECT_TRUE(refuses(4, "97 261", 4, 4, {"(97, 261) of rank 0", "below 256"})) << "a merge of an id not made yet";
    EXPECT_TRUE(refuses(5, "257 99", 5, 1, {"(257, 99) of rank 1", "below 257"}))
        << "merge 1 makes 257: it cannot use itself";
    EXPECT_TRUE(refuses(6, "32 258", 6, 4, {"(32, 258) of rank 2", "below 258"}))
        << "merge 2 makes 258: its right id cannot be itself either";
    EXPECT_TRUE(refuses(4, "97", 4, 3, {})) << "one id";
    EXPECT_TRUE(refuses(4, "97  98", 4, 4, {})) << "two spaces";
    EXPECT_TRUE(refuses(4, "97 -98", 4, 4, {})) << "a negative id";
    EXPECT_TRUE(refuses(4, "", 4, 1, {})) << "an empty line";
    EXPECT_TRUE(refuses(8, "special 261 3c7c", 8, 9, {"\"261\", expected 260"}))
        << "the special token's id is not the next one";
    EXPECT_TRUE(refuses(8, "special 260 3c7", 8, 15, {"hex"})) << "an odd number of hex digits";
    EXPECT_TRUE(refuses(8, "special 260 3C7C", 8, 13, {"hex"})) << "upper-case hex";
    EXPECT_TRUE(refuses(8, "special 260 3c7g", 8, 15, {"hex"})) << "'g' is no hex digit";
    EXPECT_TRUE(refuses(8, "special 260", 8, 12, {"empty"})) << "no text: the column just past the id";
    EXPECT_TRUE(refuses(8, "special 260 ", 8, 13, {"empty"})) << "an empty text after the space: the column past it";
    // A merge after a special token: lines 7 and 8 swapped round ("special 259 ..." then "258 258").
    std::vector<std::string> swapped = lines_of(kHandBpeText);
    swapped[6] = "special 259 3c7c656e647c3e";
    swapped[7] = "258 258";
    EXPECT_TRUE(VocabError([&] { parse_bpe(join(swapped), "h.bpe"); }, "h.bpe", 8, 1, {"special"}));
    // The last line must end in '\n' (a file cut short).
    const std::string cut(kHandBpeText.substr(0, kHandBpeText.size() - 1));
    EXPECT_TRUE(VocabError([&] { parse_bpe(cut, "h.bpe"); }, "h.bpe", 8, 0, {}));
    EXPECT_TRUE(VocabError([] { load_bpe("/nonexistent/course.bpe"); }, "/nonexistent/course.bpe", 0, 0));
}

TEST(BpeFormat, RefusesABpeTheFormatCannotStore) {
    ASSERT_EQ(format_bpe(hand_bpe()), kHandBpeText) << kValidCallFirst;
    // A byte whose token has an id past 255: "a" again as token 256, byte_ids['a'] = 256.
    Bpe moved = byte_level_bpe();
    moved.tokens.push_back("a");
    moved.byte_ids['a'] = 256;
    EXPECT_TRUE(ThrowsInvalidArgument([&] { format_bpe(moved); }, {"format_bpe", "byte_ids[97]", "256"}));
    // Merges whose results are not 256, 257, ... in rank order: (b, c) -> 257 first, then (a, b) -> 256.
    Bpe swapped = byte_level_bpe();
    swapped.tokens.push_back("ab");
    swapped.tokens.push_back("bc");
    swapped.merges = {{'b', 'c', 257}, {'a', 'b', 256}};
    EXPECT_TRUE(ThrowsInvalidArgument([&] { format_bpe(swapped); }, {"format_bpe", "rank 0", "257"}));
    // Special tokens out of order.
    Bpe specials = byte_level_bpe();
    specials.tokens.push_back("<a>");
    specials.tokens.push_back("<b>");
    specials.special_tokens = {{"<b>", 257}, {"<a>", 256}};
    EXPECT_TRUE(ThrowsInvalidArgument([&] { format_bpe(specials); }, {"format_bpe", "special_tokens[0]", "257"}));
    // A token that is neither a byte, a merge's result nor a special token.
    Bpe extra = byte_level_bpe();
    extra.tokens.push_back("zz");
    EXPECT_TRUE(ThrowsInvalidArgument([&] { format_bpe(extra); }, {"format_bpe", "257"}));
    // A Bpe that breaks check_bpe: token 256 is not "a" + "b".
    Bpe broken = hand_bpe();
    broken.tokens[256] = "ba";
    EXPECT_TRUE(ThrowsInvalidArgument([&] { format_bpe(broken); }, {"format_bpe", "256"}));
    EXPECT_TRUE(ThrowsInvalidArgument([&] { save_bpe(broken, "/nonexistent/never-written.bpe"); }, {"format_bpe"}));
    EXPECT_TRUE(ThrowsInvalidArgument([&] { save_bpe(hand_bpe(), "/nonexistent/course.bpe"); },
                                      {"save_bpe", "/nonexistent/course.bpe"}));
}

TEST(BpeFormat, KeepsListedByteIdsAndEveryByteOfSpecialTokens) {
    // Bytes in reverse order (byte b is token 255 - b) and a special token holding '\n', ' ', 0x00
    // and 0xff: the byte_ids line lists 255 254 ... 0, and the hex keeps every byte.
    Bpe bpe;
    bpe.tokens.resize(256);
    for (int b = 0; b < 256; ++b) {
        bpe.tokens[std::size_t(255 - b)] = std::string(1, char(b));
        bpe.byte_ids[std::size_t(b)] = 255 - b;
    }
    bpe.tokens.push_back(std::string(1, char(255 - 'a')) + std::string(1, char(255 - 'b')));
    bpe.merges.push_back({'a', 'b', 256});
    const std::string special("\n \0\xff", 4);
    bpe.tokens.push_back(special);
    bpe.special_tokens.push_back({special, 257});
    const std::string text = format_bpe(bpe);
    std::string byte_ids = "byte_ids";
    for (int b = 0; b < 256; ++b) byte_ids += " " + std::to_string(255 - b);
    EXPECT_EQ(text, "course-bpe 1\ntokens 258\n" + byte_ids + "\n97 98\nspecial 257 0a2000ff\n");
    EXPECT_TRUE(SameBpe(parse_bpe(text), bpe));
    // byte_ids must be a permutation of 0 .. 255: 0 twice, or 255 ids, or 256 above 255.
    std::string twice = text;
    twice.replace(twice.find(" 1 0\n"), 5, " 0 0\n");
    // Line 3 ends "... 2 0 0": the second 0 is its last byte.
    const std::size_t line3 = twice.find('\n', twice.find("byte_ids")) - twice.find("byte_ids");
    EXPECT_TRUE(VocabError([&] { parse_bpe(twice, "p"); }, "p", 3, line3, {"byte 255"}));
    std::string short_ids = text;
    short_ids.replace(short_ids.find(" 1 0\n"), 5, " 1\n");
    EXPECT_TRUE(VocabError([&] { parse_bpe(short_ids, "p"); }, "p", 3, line3 - 1, {"byte 255"}))
        << "255 ids: the missing one is just past the line's end";
    std::string big = text;
    big.replace(big.find(" 255 254"), 8, " 256 254");
    EXPECT_TRUE(VocabError([&] { parse_bpe(big, "p"); }, "p", 3, 10, {"256"}));
    std::string extra = text;
    extra.replace(extra.find(" 1 0\n"), 5, " 1 0 7\n");
    EXPECT_TRUE(VocabError([&] { parse_bpe(extra, "p"); }, "p", 3, line3, {"byte 255", "\"0 7\""}))
        << "257 ids: the last field, from byte 255's place to the line's end, is \"0 7\"";
    // Every hex digit, in a special token of 8 bytes.
    std::string digits(kHandBpeText);
    digits.replace(digits.find("3c7c656e647c3e"), 14, "0123456789abcdef");
    const Bpe all = parse_bpe(digits, "p");
    ASSERT_EQ(all.tokens.size(), 261u) << "special 260 0123456789abcdef: 261 tokens";
    EXPECT_EQ(all.tokens[260], std::string("\x01\x23\x45\x67\x89\xab\xcd\xef", 8)) << "special 260 0123456789abcdef";
}

TEST(BpeFormat, RefusesTokensThatDoubleBeyondTheLimit) {
    ASSERT_TRUE(SameBpe(parse_bpe(kHandBpeText), hand_bpe())) << kValidCallFirst;
    // Line 4 + k makes token 256 + k of 2^(k+1) bytes (token 255 + k twice); the tokens then add up
    // to 256 + 2 + 4 + ... + 2^(k+1) = 254 + 2^(k+2) bytes, past kMaxTotalTokenBytes = 2^26 first at
    // k = 24, line 28. 40 lines would ask for 2^41 bytes.
    std::string text = "course-bpe 1\ntokens 300\nbyte_ids identity\n97 97\n";
    for (int k = 1; k < 40; ++k) text += std::to_string(255 + k) + " " + std::to_string(255 + k) + "\n";
    EXPECT_TRUE(VocabError([&] { parse_bpe(text, "big"); }, "big", 28, 0, {"kMaxTotalTokenBytes"}));
}

TEST(BpeFormat, RoundTripsATrainedModel) {
    // bpe_train (exercise 4's reference) on a small text with repeats and accented words: byte b
    // is token b, the merges' results are 256, 257, ... in rank order: "byte_ids identity".
    std::string text;
    for (int i = 0; i < 20; ++i) text += "the cat sat on the mat; the caf\xc3\xa9 is na\xc3\xafve, the rat ate " + std::to_string(i) + ". ";
    Bpe bpe = bpe_train(count_words(text), 320);
    ASSERT_GT(bpe.merges.size(), 20u) << "the trainer should find at least 20 merges in this text";
    bpe.tokens.push_back("<|endoftext|>");
    bpe.special_tokens.push_back({"<|endoftext|>", int(bpe.tokens.size()) - 1});
    const std::string saved = format_bpe(bpe);
    EXPECT_TRUE(saved.starts_with("course-bpe 1\ntokens " + std::to_string(bpe.tokens.size()) +
                                  "\nbyte_ids identity\n"));
    const TempFile file("", ".bpe");
    save_bpe(bpe, file.path());
    const Bpe loaded = load_bpe(file.path());
    EXPECT_TRUE(SameBpe(loaded, bpe));
    EXPECT_EQ(format_bpe(loaded), saved) << "saved again, the same text";
}

TEST(BpeFormat, AcceptsTokensAddingUpToExactlyTheLimit) {
    ASSERT_TRUE(SameBpe(parse_bpe(kHandBpeText), hand_bpe())) << kValidCallFirst;
    // Merges whose tokens add up to exactly kMaxTotalTokenBytes = 2^26 with the 256 bytes: a chain
    // 256 = (a, a), 257 = (256, 256), ... doubling to 2^24 bytes (24 lines, 2^25 - 2 bytes), then
    // each of those tokens of 2^23 .. 2^7 bytes with itself (17 lines, 2^25 - 2^8), then (a, a)
    // once more (2): 256 + 2^25 - 2 + 2^25 - 2^8 + 2 = 2^26. One byte more is refused, at its line.
    std::string merges = "97 97\n";
    for (int k = 1; k < 24; ++k) merges += std::to_string(255 + k) + " " + std::to_string(255 + k) + "\n";
    for (int k = 23; k >= 7; --k) merges += std::to_string(256 + k - 1) + " " + std::to_string(256 + k - 1) + "\n";
    merges += "97 97\n";
    const int made = 256 + 24 + 17 + 1;
    const std::string head = "course-bpe 1\ntokens ";
    const std::string exact = head + std::to_string(made) + "\nbyte_ids identity\n" + merges;
    const Bpe bpe = parse_bpe(exact, "exact");
    std::size_t total = 0;
    for (const std::string& token : bpe.tokens) total += token.size();
    ASSERT_EQ(total, kMaxTotalTokenBytes) << "the test's own sum: the file's tokens add up to exactly the limit";
    // A special token of one byte more: refused at its line (3 + 42 + 1 = 46).
    const std::string special = head + std::to_string(made + 1) + "\nbyte_ids identity\n" + merges + "special " +
                                std::to_string(made) + " 41\n";
    EXPECT_TRUE(VocabError([&] { parse_bpe(special, "s"); }, "s", 46, 0, {"kMaxTotalTokenBytes"}));
    // The same total reached by a special token of 2 bytes in place of the last merge: accepted.
    const std::string all_but_last = merges.substr(0, merges.size() - std::string_view("97 97\n").size());
    const std::string by_special = head + std::to_string(made) + "\nbyte_ids identity\n" + all_but_last + "special " +
                                   std::to_string(made - 1) + " 4141\n";
    EXPECT_NO_THROW(parse_bpe(by_special, "exact")) << "a special token that brings the total to exactly the limit";
    // A merge of two more bytes: refused at its line too.
    const std::string merge = head + std::to_string(made + 1) + "\nbyte_ids identity\n" + merges + "98 98\n";
    EXPECT_TRUE(VocabError([&] { parse_bpe(merge, "m"); }, "m", 46, 0, {"kMaxTotalTokenBytes"}));
}

TEST(VocabFileErrors, ShowWhatWasFoundEscapedAndCutAt60Bytes) {
    ASSERT_EQ(parse_tiktoken(tiktoken_text({}), "t").tokens.size(), 256u) << kValidCallFirst;
    // A line of 100 'A' without a space: the message shows its first 60 bytes, then "...".
    const std::string text = tiktoken_text({}) + std::string(100, 'A') + "\n";
    const std::string sixty = "\"" + std::string(60, 'A') + "...\"";
    EXPECT_TRUE(VocabError([&] { parse_tiktoken(text, "t"); }, "t", 257, 0, {sixty}));
    // Bytes outside printable ASCII (0x7f, 0x1f, 0x80) and the quote and backslash as \xNN.
    const std::string odd = tiktoken_text({}) + "a\x7f\x1f\x80\"\\~\n";
    EXPECT_TRUE(VocabError([&] { parse_tiktoken(odd, "t"); }, "t", 257, 0, {"\"a\\x7f\\x1f\\x80\\x22\\x5c~\""}));
    // The cut's bounds: 60 bytes are shown whole, 61 cut to 60 and "...".
    const std::string text60 = tiktoken_text({}) + std::string(60, 'A') + "\n";
    EXPECT_TRUE(VocabError([&] { parse_tiktoken(text60, "t"); }, "t", 257, 0, {"\"" + std::string(60, 'A') + "\""}))
        << "60 bytes: shown whole, without \"...\"";
    const std::string text61 = tiktoken_text({}) + std::string(61, 'A') + "\n";
    EXPECT_TRUE(VocabError([&] { parse_tiktoken(text61, "t"); }, "t", 257, 0, {sixty}))
        << "61 bytes: the first 60, then \"...\"";
    // The space (0x20, the first printable byte) is shown as itself: an encoder.json key "a b".
    const SmallGpt2 small = small_gpt2(0, false);
    nlohmann::ordered_json json = small.json;
    json["a b"] = "0";
    EXPECT_TRUE(VocabError([&] { parse_gpt2(json.dump(), small.bpe_text(), "e.json", "v.bpe"); }, "e.json", 0, 0,
                           {"\"a b\""}));
}

}  // namespace
}  // namespace course::tokenization
