// Reference solution of exercise 2, byte_symbols. Contract: include/tokenization/byte_symbols.hpp
#include "tokenization/byte_symbols.hpp"

#include <array>
#include <cstddef>
#include <string>
#include <string_view>

#include "tokenization/utf8.hpp"

namespace course::tokenization {

namespace {

// is_printable: the bytes that are their own symbol.
bool is_printable(int b) {
    return (b >= '!' && b <= '~') || (b >= 0xA1 && b <= 0xAC) || (b >= 0xAE && b <= 0xFF);
}

// kLastSymbol: U+0100 + 67, the symbol of the 68th remapped byte (0xAD).
constexpr char32_t kLastSymbol = 0x143;

// SymbolTables: the table and its inverse (byte_of[c] = the byte whose symbol is c, or -1).
struct SymbolTables {
    std::array<char32_t, 256> symbol_of{};
    std::array<int, kLastSymbol + 1> byte_of{};
    SymbolTables() : symbol_of(gpt2_byte_symbols()) {
        byte_of.fill(-1);
        for (int b = 0; b < 256; ++b) byte_of[symbol_of[std::size_t(b)]] = b;
    }
};

const SymbolTables& tables() {
    static const SymbolTables t;
    return t;
}

}  // namespace

std::array<char32_t, 256> gpt2_byte_symbols() {
    std::array<char32_t, 256> symbols{};
    char32_t next = 0x100;  // the symbol of the next byte that is not printable
    for (int b = 0; b < 256; ++b) {
        symbols[std::size_t(b)] = is_printable(b) ? char32_t(b) : next++;
    }
    return symbols;
}

std::string bytes_to_symbols(std::string_view bytes) {
    const auto& symbol_of = tables().symbol_of;
    std::u32string code_points;
    code_points.reserve(bytes.size());
    for (const char byte : bytes) code_points.push_back(symbol_of[static_cast<unsigned char>(byte)]);
    return utf8_encode(code_points);
}

std::string symbols_to_bytes(std::string_view symbols) {
    std::u32string code_points;
    try {
        code_points = utf8_decode(symbols);
    } catch (const Utf8Error& e) {
        throw_invalid_argument("symbols_to_bytes: the symbols are not valid UTF-8: ", e.what());
    }
    const auto& byte_of = tables().byte_of;
    std::string bytes;
    bytes.reserve(code_points.size());
    std::size_t offset = 0;  // the byte offset of code_points[i] in `symbols`
    for (const char32_t c : code_points) {
        const int b = c <= kLastSymbol ? byte_of[c] : -1;
        COURSE_CHECK(b >= 0, "symbols_to_bytes: ", code_point_name(c), " at byte offset ", offset,
                     " is no byte's symbol (GPT-2's symbols are U+0021..U+007E, U+00A1..U+00AC, U+00AE..U+0143)");
        bytes.push_back(char(b));
        offset += c < 0x80 ? 1 : 2;  // c is a symbol, below U+0800: 1 or 2 bytes of UTF-8
    }
    return bytes;
}

}  // namespace course::tokenization
