// gpt2_golden.hpp: the GPT-2 golden fixture, fixtures/gpt2_golden.json (made once by
// fixtures/gpt2_golden.mjs with gpt-3-encoder 1.1.4 and js-tiktoken 1.0.21), read by the tests of
// pretokenize (its splits) and encode (its ids).
#pragma once

#include <nlohmann/json.hpp>

#include <filesystem>
#include <fstream>
#include <stdexcept>

#include "course/datasets.hpp"

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

}  // namespace gpt2_fixture
