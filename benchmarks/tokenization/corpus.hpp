// corpus.hpp: the benchmarks' English corpus, data/generated/kjv.txt, which
// benchmarks/tokenization/make_corpus.sh writes from Debian's bible-kjv (never committed).
#pragma once

#include <fstream>
#include <iterator>
#include <string>

#include "course/datasets.hpp"

namespace kjv {

// corpus: the KJV text, read once; empty when the file is missing (the rows then say how to make it).
inline const std::string& corpus() {
    static const std::string text = [] {
        std::ifstream in(course::data_path("generated/kjv.txt"), std::ios::binary);
        return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
    }();
    return text;
}

}  // namespace kjv
