// Reference solution of exercise 7: vocabulary files (GPT-2's, tiktoken's, the course's own).
#include "tokenization/vocab_files.hpp"

#include <array>
#include <climits>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include <nlohmann/json.hpp>

#include "tokenization/byte_symbols.hpp"

namespace course::tokenization {
namespace {

// Line: one line of a text file without its '\n', and its number (from 1).
struct Line {
    std::string_view text;
    std::size_t number = 0;
};

// split_lines: the lines of `text`; a final '\n' ends the last line (it does not start an empty one).
std::vector<Line> split_lines(std::string_view text) {
    std::vector<Line> lines;
    std::size_t start = 0;
    while (start < text.size()) {
        std::size_t end = text.find('\n', start);
        if (end == std::string_view::npos) end = text.size();
        lines.push_back({text.substr(start, end - start), lines.size() + 1});
        start = end + 1;
    }
    return lines;
}

// shown: `s` between double quotes, bytes outside printable ASCII as \xNN, at most 60 bytes.
std::string shown(std::string_view s) {
    static constexpr char kHex[] = "0123456789abcdef";
    std::string out = "\"";
    for (std::size_t i = 0; i < s.size() && i < 60; ++i) {
        const auto c = static_cast<unsigned char>(s[i]);
        if (c >= 0x20 && c < 0x7f && c != '"' && c != '\\') {
            out += char(c);
        } else {
            out += "\\x";
            out += kHex[c >> 4];
            out += kHex[c & 15];
        }
    }
    if (s.size() > 60) out += "...";
    return out + "\"";
}

// parse_id: `s` as a non-negative int (decimal digits only, leading zeros allowed, as Python's
// int() reads tiktoken's ranks), or nothing.
std::optional<int> parse_id(std::string_view s) {
    if (s.empty()) return std::nullopt;
    long long value = 0;
    for (const char c : s) {
        if (c < '0' || c > '9') return std::nullopt;
        value = value * 10 + (c - '0');
        if (value > INT_MAX) return std::nullopt;  // checked at each digit: value * 10 never overflows
    }
    return int(value);
}

// ---- GPT-2 ----

Bpe parse_gpt2_reference(std::string_view encoder_json, std::string_view vocab_bpe, const std::string& json_path,
                         const std::string& bpe_path) {
    const char* f = "load_gpt2";
    nlohmann::json json;
    try {
        json = nlohmann::json::parse(encoder_json.begin(), encoder_json.end());
    } catch (const nlohmann::json::parse_error& e) {
        // e.byte: the 1-based offset of the byte where parsing failed.
        const std::size_t at = std::min<std::size_t>(e.byte == 0 ? 0 : e.byte - 1, encoder_json.size());
        std::size_t line = 1, column = 1;
        for (std::size_t i = 0; i < at; ++i) {
            if (encoder_json[i] == '\n') {
                ++line;
                column = 1;
            } else {
                ++column;
            }
        }
        throw_vocab_file_error(f, json_path, line, column, "invalid JSON (", e.what(),
                               "), expected one JSON object mapping symbol strings to ids");
    } catch (const nlohmann::json::exception& e) {
        // A number too large for a double (out_of_range 406): nlohmann-json gives no position.
        throw_vocab_file_error(f, json_path, 0, 0, "JSON that nlohmann-json cannot hold (", e.what(),
                               "), expected one JSON object mapping symbol strings to ids");
    }
    if (!json.is_object()) {
        throw_vocab_file_error(f, json_path, 1, 1, "a JSON ", json.type_name(),
                               ", expected one JSON object mapping symbol strings to ids");
    }
    const std::size_t n = json.size();
    if (n < 256) {
        throw_vocab_file_error(f, json_path, 0, 0, n, " tokens, expected at least 256 (one for each byte)");
    }
    Bpe bpe;
    bpe.tokens.assign(n, std::string());
    std::vector<const std::string*> key_of(n, nullptr);
    std::unordered_map<std::string, int> id_of;
    id_of.reserve(n);
    for (const auto& [key, value] : json.items()) {
        if (!value.is_number_integer()) {
            throw_vocab_file_error(f, json_path, 0, 0, "the entry ", shown(key), " has the value ", value.dump(),
                                   ", expected an integer id");
        }
        const std::int64_t id = value.is_number_unsigned() ? std::int64_t(std::min<std::uint64_t>(
                                                                 value.get<std::uint64_t>(), std::uint64_t(INT64_MAX)))
                                                           : value.get<std::int64_t>();
        if (id < 0 || std::uint64_t(id) >= n) {
            throw_vocab_file_error(f, json_path, 0, 0, "the entry ", shown(key), " has the id ", value.dump(),
                                   ", expected an id in [0, ", n, ") (the ", n, " ids are 0 .. ", n - 1, ", each once)");
        }
        if (key_of[std::size_t(id)] != nullptr) {
            throw_vocab_file_error(f, json_path, 0, 0, "the entries ", shown(*key_of[std::size_t(id)]), " and ",
                                   shown(key), " have the same id ", id, ", expected each id once");
        }
        key_of[std::size_t(id)] = &key;
        try {
            bpe.tokens[std::size_t(id)] = symbols_to_bytes(key);
        } catch (const std::invalid_argument& e) {
            throw_vocab_file_error(f, json_path, 0, 0, "the entry ", shown(key), " (id ", id,
                                   ") is not a string of GPT-2 byte symbols (", e.what(), ")");
        }
        id_of.emplace(key, int(id));
    }
    std::vector<char> made(n, 0);  // made[id]: a byte's token or a merge's result
    for (int b = 0; b < 256; ++b) {
        const std::string symbol = bytes_to_symbols(std::string(1, char(static_cast<unsigned char>(b))));
        const auto it = id_of.find(symbol);
        if (it == id_of.end()) {
            throw_vocab_file_error(f, json_path, 0, 0, "no entry for the symbol ", shown(symbol), " of byte ", b,
                                   ", expected one entry for each of the 256 bytes");
        }
        bpe.byte_ids[std::size_t(b)] = it->second;
        made[std::size_t(it->second)] = 1;
    }

    const std::vector<Line> lines = split_lines(vocab_bpe);
    if (lines.empty() || !lines[0].text.starts_with("#version")) {
        throw_vocab_file_error(f, bpe_path, 1, 1, "found ", shown(lines.empty() ? "" : lines[0].text),
                               ", expected the first line \"#version: 0.2\"");
    }
    bpe.merges.reserve(lines.size() - 1);
    for (std::size_t i = 1; i < lines.size(); ++i) {
        const Line& line = lines[i];
        const std::size_t space = line.text.find(' ');
        if (space == std::string_view::npos) {
            throw_vocab_file_error(f, bpe_path, line.number, 0, "found ", shown(line.text),
                                   " without a space, expected two symbol strings separated by one space");
        }
        const std::size_t second = line.text.find(' ', space + 1);
        if (second != std::string_view::npos) {
            throw_vocab_file_error(f, bpe_path, line.number, second + 1, "found a second space in ",
                                   shown(line.text), ", expected two symbol strings separated by one space");
        }
        const std::string left(line.text.substr(0, space));
        const std::string right(line.text.substr(space + 1));
        const auto l = id_of.find(left);
        if (l == id_of.end()) {
            throw_vocab_file_error(f, bpe_path, line.number, 1, "the merge's left symbol string ", shown(left),
                                   " is not in ", json_path, ", expected a token of the vocabulary");
        }
        const auto r = id_of.find(right);
        if (r == id_of.end()) {
            throw_vocab_file_error(f, bpe_path, line.number, space + 2, "the merge's right symbol string ",
                                   shown(right), " is not in ", json_path, ", expected a token of the vocabulary");
        }
        const auto result = id_of.find(left + right);
        if (result == id_of.end()) {
            throw_vocab_file_error(f, bpe_path, line.number, 0, "the merge's result ", shown(left + right),
                                   " is not in ", json_path, ", expected every merge's result in the vocabulary");
        }
        bpe.merges.push_back({l->second, r->second, result->second});
        made[std::size_t(result->second)] = 1;
    }
    for (std::size_t id = 0; id < n; ++id) {
        if (made[id]) continue;
        if (*key_of[id] == kGpt2EndOfText) {
            bpe.special_tokens.push_back({std::string(kGpt2EndOfText), int(id)});
        } else {
            throw_vocab_file_error(f, json_path, 0, 0, "the entry ", shown(*key_of[id]), " (id ", id,
                                   ") is neither a byte's symbol, a merge's result in ", bpe_path, " nor ",
                                   kGpt2EndOfText, ", expected every token made by the merges");
        }
    }
    check_bpe(f, bpe);
    return bpe;
}

// ---- tiktoken ----

// base64_value: the 6-bit value of a character of the standard alphabet, or -1.
int base64_value(char c) {
    if (c >= 'A' && c <= 'Z') return c - 'A';
    if (c >= 'a' && c <= 'z') return c - 'a' + 26;
    if (c >= '0' && c <= '9') return c - '0' + 52;
    if (c == '+') return 62;
    if (c == '/') return 63;
    return -1;
}

// base64_decode: RFC 4648 base64, strict; an error names the line and the column (field starts at
// column 1 of the line).
std::string base64_decode(std::string_view field, const std::string& path, std::size_t line) {
    const char* f = "load_tiktoken";
    if (field.size() % 4 != 0) {
        throw_vocab_file_error(f, path, line, field.size() + 1, "base64 of ", field.size(),
                               " characters, expected a multiple of 4");
    }
    std::string out;
    out.reserve(field.size() / 4 * 3);
    for (std::size_t i = 0; i < field.size(); i += 4) {
        const bool last = i + 4 == field.size();
        std::size_t padding = 0;
        std::uint32_t bits = 0;
        for (std::size_t k = 0; k < 4; ++k) {
            const char c = field[i + k];
            if (c == '=') {
                if (!last || k < 2) {
                    throw_vocab_file_error(f, path, line, i + k + 1,
                                           "'=', expected padding only in the last two places of the base64");
                }
                ++padding;
                bits <<= 6;
                continue;
            }
            if (padding > 0) {
                throw_vocab_file_error(f, path, line, i + k + 1, shown(std::string_view(&field[i + k], 1)),
                                       " after '=', expected nothing but '=' after the padding starts");
            }
            const int v = base64_value(c);
            if (v < 0) {
                throw_vocab_file_error(f, path, line, i + k + 1, "the character ",
                                       shown(std::string_view(&field[i + k], 1)),
                                       ", expected a base64 character (A-Z, a-z, 0-9, +, /, =)");
            }
            bits = (bits << 6) | std::uint32_t(v);
        }
        // The padding's bits must be zero: "QR==" and "QQ==" would both decode to "A" otherwise.
        const std::uint32_t unused = padding == 2 ? (bits >> 12) & 0xf : padding == 1 ? (bits >> 6) & 0x3 : 0;
        if (unused != 0) {
            throw_vocab_file_error(f, path, line, i + 4 - padding, "nonzero bits under the padding",
                                   ", expected the unused bits of the last character before '=' to be 0");
        }
        out += char((bits >> 16) & 0xff);
        if (padding < 2) out += char((bits >> 8) & 0xff);
        if (padding < 1) out += char(bits & 0xff);
    }
    return out;
}

Bpe parse_tiktoken_reference(std::string_view text, const std::string& path) {
    const char* f = "load_tiktoken";
    const std::vector<Line> lines = split_lines(text);
    Bpe bpe;
    std::unordered_map<std::string, int> rank_of;
    rank_of.reserve(lines.size());
    for (const Line& line : lines) {
        const std::size_t space = line.text.find(' ');
        if (space == std::string_view::npos) {
            throw_vocab_file_error(f, path, line.number, 0, "found ", shown(line.text),
                                   ", expected \"<base64 of the token> <rank>\"");
        }
        std::string token = base64_decode(line.text.substr(0, space), path, line.number);
        if (token.empty()) {
            throw_vocab_file_error(f, path, line.number, 1, "an empty token, expected at least one byte");
        }
        const std::string_view rank_text = line.text.substr(space + 1);
        const std::optional<int> rank = parse_id(rank_text);
        if (!rank) {
            throw_vocab_file_error(f, path, line.number, space + 2, "the rank ", shown(rank_text),
                                   ", expected a non-negative integer (decimal digits)");
        }
        if (std::size_t(*rank) != bpe.tokens.size()) {
            throw_vocab_file_error(f, path, line.number, space + 2, "the rank ", *rank, ", expected ",
                                   bpe.tokens.size(), " (the ranks are 0, 1, 2, ... in file order)");
        }
        const auto [it, inserted] = rank_of.emplace(token, *rank);
        if (!inserted) {
            throw_vocab_file_error(f, path, line.number, 1, "the token ", shown(token), " again (rank ",
                                   it->second, " on line ", it->second + 1, "), expected each token once");
        }
        bpe.tokens.push_back(std::move(token));
    }
    if (bpe.tokens.size() < 256) {
        throw_vocab_file_error(f, path, 0, 0, bpe.tokens.size(), " tokens, expected at least 256 (one for each byte)");
    }
    for (int b = 0; b < 256; ++b) {
        const auto it = rank_of.find(std::string(1, char(static_cast<unsigned char>(b))));
        if (it == rank_of.end()) {
            throw_vocab_file_error(f, path, 0, 0, "no token for the byte ", b,
                                   ", expected one token for each of the 256 bytes");
        }
        bpe.byte_ids[std::size_t(b)] = it->second;
    }
    // Recover the merges: BPE on each token's bytes with the lower ranks only. The parts are
    // [start, end) ranges of the token; each round joins the adjacent pair of the lowest rank.
    std::vector<std::size_t> starts;
    for (std::size_t id = 0; id < bpe.tokens.size(); ++id) {
        const std::string& token = bpe.tokens[id];
        if (token.size() < 2) continue;
        starts.resize(token.size());
        for (std::size_t i = 0; i < token.size(); ++i) starts[i] = i;
        std::string pair;
        while (starts.size() > 2) {
            int best_rank = INT_MAX;
            std::size_t best = 0;
            for (std::size_t i = 0; i + 1 < starts.size(); ++i) {
                const std::size_t end = i + 2 < starts.size() ? starts[i + 2] : token.size();
                pair.assign(token, starts[i], end - starts[i]);
                const auto it = rank_of.find(pair);
                if (it != rank_of.end() && std::size_t(it->second) < id && it->second < best_rank) {
                    best_rank = it->second;
                    best = i;
                }
            }
            if (best_rank == INT_MAX) break;
            starts.erase(starts.begin() + std::ptrdiff_t(best) + 1);
        }
        const auto left = starts.size() == 2 ? rank_of.find(token.substr(0, starts[1])) : rank_of.end();
        const auto right = starts.size() == 2 ? rank_of.find(token.substr(starts[1])) : rank_of.end();
        if (left == rank_of.end() || right == rank_of.end() || std::size_t(left->second) >= id ||
            std::size_t(right->second) >= id) {
            throw_vocab_file_error(f, path, id + 1, 0, "the token ", shown(token), " of rank ", id,
                                   ": BPE with the lower ranks stops at ", starts.size(),
                                   " parts, expected two tokens of lower rank that make it");
        }
        bpe.merges.push_back({left->second, right->second, int(id)});
    }
    check_bpe(f, bpe);
    return bpe;
}

// ---- the course's format ----

std::string format_bpe_reference(const Bpe& bpe) {
    check_format_bpe_arguments(bpe);
    static constexpr char kHex[] = "0123456789abcdef";
    std::string out;
    out.reserve(32 + bpe.merges.size() * 12);
    out += kBpeFormatHeader;
    out += "\ntokens " + std::to_string(bpe.tokens.size()) + "\nbyte_ids";
    bool identity = true;
    for (int b = 0; b < 256; ++b) identity = identity && bpe.byte_ids[std::size_t(b)] == b;
    if (identity) {
        out += " identity";
    } else {
        for (const int id : bpe.byte_ids) out += " " + std::to_string(id);
    }
    out += '\n';
    for (const Merge& m : bpe.merges) out += std::to_string(m.left) + " " + std::to_string(m.right) + "\n";
    for (const SpecialToken& s : bpe.special_tokens) {
        out += "special " + std::to_string(s.id) + " ";
        for (const char c : s.text) {
            out += kHex[static_cast<unsigned char>(c) >> 4];
            out += kHex[static_cast<unsigned char>(c) & 15];
        }
        out += '\n';
    }
    return out;
}

// hex_value: the value of a lower-case hex digit, or -1.
int hex_value(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    return -1;
}

Bpe parse_bpe_reference(std::string_view text, const std::string& path) {
    const char* f = "load_bpe";
    const std::vector<Line> lines = split_lines(text);
    if (lines.empty() || lines[0].text != kBpeFormatHeader) {
        throw_vocab_file_error(f, path, 1, 1, "found ", shown(lines.empty() ? "" : lines[0].text), ", expected \"",
                               kBpeFormatHeader, "\" (the course's format, version 1)");
    }
    if (lines.size() < 2 || !lines[1].text.starts_with("tokens ")) {
        throw_vocab_file_error(f, path, 2, 1, "found ", shown(lines.size() < 2 ? "" : lines[1].text),
                               ", expected \"tokens <count>\"");
    }
    const std::optional<int> count = parse_id(lines[1].text.substr(7));
    if (!count) {
        throw_vocab_file_error(f, path, 2, 8, "the token count ", shown(lines[1].text.substr(7)),
                               ", expected a non-negative integer (decimal digits)");
    }
    if (*count < 256) {
        throw_vocab_file_error(f, path, 2, 8, *count, " tokens, expected at least 256 (one for each byte)");
    }
    const std::size_t n = std::size_t(*count);
    if (lines.size() < 3 || !lines[2].text.starts_with("byte_ids ")) {
        throw_vocab_file_error(f, path, 3, 1, "found ", shown(lines.size() < 3 ? "" : lines[2].text),
                               ", expected \"byte_ids identity\" or \"byte_ids\" and 256 ids");
    }
    Bpe bpe;
    bpe.tokens.assign(256, std::string());
    const std::string_view ids = lines[2].text.substr(9);
    if (ids == "identity") {
        for (int b = 0; b < 256; ++b) bpe.byte_ids[std::size_t(b)] = b;
    } else {
        std::array<bool, 256> taken{};
        std::size_t at = 0;  // offset in `ids`
        for (int b = 0; b < 256; ++b) {
            const std::size_t end = b == 255 || at > ids.size() ? ids.size() : std::min(ids.find(' ', at), ids.size());
            const std::string_view field = at > ids.size() ? std::string_view() : ids.substr(at, end - at);
            const std::optional<int> id = parse_id(field);
            if (!id || *id > 255 || taken[std::size_t(*id)]) {
                throw_vocab_file_error(f, path, 3, 10 + std::min(at, ids.size()), "the id of byte ", b, " is ",
                                       shown(field),
                                       ", expected 256 ids separated by one space, a permutation of 0 .. 255");
            }
            taken[std::size_t(*id)] = true;
            bpe.byte_ids[std::size_t(b)] = *id;
            at = end + 1;
        }
    }
    for (int b = 0; b < 256; ++b) bpe.tokens[std::size_t(bpe.byte_ids[std::size_t(b)])] = std::string(1, char(b));
    std::size_t total_bytes = 256;
    std::size_t i = 3;
    for (; i < lines.size() && !lines[i].text.starts_with("special "); ++i) {
        const Line& line = lines[i];
        const std::size_t next = bpe.tokens.size();
        if (next >= n) {
            throw_vocab_file_error(f, path, line.number, 0, "a merge that would make token ", next,
                                   ", expected at most ", n, " tokens (line 2)");
        }
        const std::size_t space = line.text.find(' ');
        const std::string_view left_text = line.text.substr(0, space);
        const std::string_view right_text =
            space == std::string_view::npos ? std::string_view() : line.text.substr(space + 1);
        const std::optional<int> left = parse_id(left_text);
        const std::optional<int> right = parse_id(right_text);
        if (!left || !right) {
            const std::size_t column = !left ? 1 : space == std::string_view::npos ? line.text.size() + 1 : space + 2;
            throw_vocab_file_error(f, path, line.number, column, "found ", shown(line.text),
                                   ", expected a merge \"<left id> <right id>\" or \"special <id> <hex>\"");
        }
        if (std::size_t(*left) >= next || std::size_t(*right) >= next) {
            throw_vocab_file_error(f, path, line.number, std::size_t(*left) >= next ? 1 : space + 2,
                                   "the merge (", *left, ", ", *right, ") of rank ", next - 256,
                                   " names an id that is not made yet, expected ids below ", next);
        }
        total_bytes += bpe.tokens[std::size_t(*left)].size() + bpe.tokens[std::size_t(*right)].size();
        if (total_bytes > kMaxTotalTokenBytes) {
            throw_vocab_file_error(f, path, line.number, 0, "the tokens add up to more than ", kMaxTotalTokenBytes,
                                   " bytes, expected at most that (kMaxTotalTokenBytes)");
        }
        bpe.tokens.push_back(bpe.tokens[std::size_t(*left)] + bpe.tokens[std::size_t(*right)]);
        bpe.merges.push_back({*left, *right, int(next)});
    }
    for (; i < lines.size(); ++i) {
        const Line& line = lines[i];
        const std::size_t next = bpe.tokens.size();
        if (!line.text.starts_with("special ")) {
            throw_vocab_file_error(f, path, line.number, 1, "found ", shown(line.text),
                                   ", expected \"special <id> <hex>\" (no merge after the special tokens)");
        }
        const std::string_view rest = line.text.substr(8);
        const std::size_t space = rest.find(' ');
        const std::optional<int> id = parse_id(rest.substr(0, space));
        if (!id || std::size_t(*id) != next || next >= n) {
            throw_vocab_file_error(f, path, line.number, 9, "the special token's id ", shown(rest.substr(0, space)),
                                   ", expected ", next, " (the next id) below the token count ", n);
        }
        const std::string_view hex = space == std::string_view::npos ? std::string_view() : rest.substr(space + 1);
        std::string bytes;
        for (std::size_t k = 0; k < hex.size(); k += 2) {
            const int hi = hex_value(hex[k]);
            const int lo = k + 1 < hex.size() ? hex_value(hex[k + 1]) : -1;
            if (hi < 0 || lo < 0) {
                throw_vocab_file_error(f, path, line.number, 10 + space + k, "the text ", shown(hex),
                                       ", expected two lower-case hex digits for each byte");
            }
            bytes += char(hi * 16 + lo);
        }
        if (bytes.empty()) {
            throw_vocab_file_error(f, path, line.number, space == std::string_view::npos ? 9 + rest.size() : 10 + space,
                                   "an empty special token, expected its text in hex");
        }
        total_bytes += bytes.size();
        if (total_bytes > kMaxTotalTokenBytes) {
            throw_vocab_file_error(f, path, line.number, 0, "the tokens add up to more than ", kMaxTotalTokenBytes,
                                   " bytes, expected at most that (kMaxTotalTokenBytes)");
        }
        bpe.tokens.push_back(bytes);
        bpe.special_tokens.push_back({std::move(bytes), *id});
    }
    if (bpe.tokens.size() != n) {
        throw_vocab_file_error(f, path, 0, 0, "the file makes ", bpe.tokens.size(), " tokens, expected ", n,
                               " (line 2)");
    }
    if (!text.empty() && text.back() != '\n') {
        throw_vocab_file_error(f, path, lines.size(), 0,
                               "the file does not end with a line end, expected every line to end in '\\n'");
    }
    check_bpe(f, bpe);
    return bpe;
}

}  // namespace

Bpe parse_gpt2(std::string_view encoder_json, std::string_view vocab_bpe, const std::string& encoder_json_path,
               const std::string& vocab_bpe_path) {
    return parse_gpt2_reference(encoder_json, vocab_bpe, encoder_json_path, vocab_bpe_path);
}

Bpe parse_tiktoken(std::string_view text, const std::string& path) { return parse_tiktoken_reference(text, path); }

std::string format_bpe(const Bpe& bpe) { return format_bpe_reference(bpe); }

Bpe parse_bpe(std::string_view text, const std::string& path) { return parse_bpe_reference(text, path); }

}  // namespace course::tokenization
