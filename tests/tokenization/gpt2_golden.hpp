// gpt2_golden.hpp: the GPT-2 golden fixture, fixtures/gpt2_golden.json (made once by
// fixtures/gpt2_golden.mjs with gpt-3-encoder 1.1.4 and js-tiktoken 1.0.21), read by the tests of
// pretokenize (its splits) and encode (its ids).
#pragma once

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

#include "course/datasets.hpp"
#include "tokenization/bpe.hpp"

namespace gpt2_fixture {

// golden: fixtures/gpt2_golden.json, beside this file: through __FILE__ when the compiler was given
// an absolute path, else from the source tree's data folder (course::data_path).
inline nlohmann::json golden() {
    const std::filesystem::path beside = std::filesystem::path(__FILE__).parent_path() / "fixtures" / "gpt2_golden.json";
    const std::filesystem::path from_data = course::data_path("../tests/tokenization/fixtures/gpt2_golden.json");
    for (const std::filesystem::path& path : {beside, from_data}) {
        std::ifstream in(path);
        if (in) return nlohmann::json::parse(in);
    }
    throw std::runtime_error("cannot read " + beside.string() + " nor " + from_data.string());
}

// SameIds: got == want; else the lengths, the first index where they differ, and the few ids from
// there with the bytes of their tokens, which say where in the text the encodings part.
inline ::testing::AssertionResult SameIds(const std::vector<int>& got, const std::vector<int>& want,
                                          const course::tokenization::Bpe& bpe) {
    if (got == want) return ::testing::AssertionSuccess();
    std::size_t i = 0;
    while (i < got.size() && i < want.size() && got[i] == want[i]) ++i;
    const auto show = [&bpe, i](std::ostringstream& out, const std::vector<int>& ids) {
        for (std::size_t j = i; j < std::min(ids.size(), i + 4); ++j) {
            const bool known = ids[j] >= 0 && std::size_t(ids[j]) < bpe.tokens.size();
            out << " " << ids[j] << " \"" << (known ? bpe.tokens[std::size_t(ids[j])] : std::string("?")) << "\"";
        }
    };
    std::ostringstream out;
    out << got.size() << " ids, expected " << want.size() << "; they first differ at index " << i << ":\n  got ";
    show(out, got);
    out << "\n  want";
    show(out, want);
    return ::testing::AssertionFailure() << out.str();
}

}  // namespace gpt2_fixture
