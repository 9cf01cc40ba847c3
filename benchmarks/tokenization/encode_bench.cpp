// Benchmarks of encode (exercise 6): GPT-2's tokenizer (load_gpt2 on data/gpt2) over the course's
// English corpus, on one thread and with encode_batch across documents.
//
// The same file builds twice: over the reference (tokenization_bench_reference) and over the
// learner's files (tokenization_bench_learner); a stub's row says "not implemented yet". Run both
// with `./course bench tokenization` (release preset, -O3).
//
//   BM_EncodeGpt2/kjv                 Encoder::encode of the whole King James Bible (4.3 MB) in one
//                                     call, one thread. Each iteration starts from a new Encoder
//                                     (made outside the timing), so the cache only helps within the
//                                     pass, as it would on a new text: no iteration reuses the last
//                                     one's words.
//   BM_EncodeGpt2Batch/kjv/threads:T  encode_batch over the corpus cut at blank lines into about
//                                     1 000 documents, on T = 1 and 2 threads (wall-clock time; each
//                                     thread starts with an empty cache of its own on every call).
// Counters: MBps, millions of bytes of text a second, and tokens, the tokens a second.
//
// The peers: benchmarks/tokenization/tiktoken_encode.mjs runs npm tiktoken 1.0.22 (OpenAI's Rust
// core compiled to WebAssembly) and js-tiktoken 1.0.21 on the same corpus and prints rows in the
// same format. With COURSE_ENCODE_IDS=<file> in the environment, BM_EncodeGpt2/kjv writes the ids it
// made to <file> (little-endian 32-bit integers) for that script to compare with both peers.
//
// Napkin math: the corpus is ~1.1 M tokens in ~1.2 M pre-tokens; nearly all pre-tokens are words
// seen before (the KJV has ~13 000 distinct ones), so a pass costs one pretokenize (hundreds of MB/s)
// plus one hash-map lookup of a short string per pre-token (~20-40 ns): about 30-50 ms, ~100 MB/s.
//
// The corpus: data/generated/kjv.txt, written by benchmarks/tokenization/make_corpus.sh from
// Debian's bible-kjv (public domain); a row says how to make it when it is missing.
#include <benchmark/benchmark.h>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iterator>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "course/datasets.hpp"
#include "course/error.hpp"
#include "tokenization/encode.hpp"
#include "tokenization/vocab_files.hpp"
#include "corpus.hpp"

namespace {

namespace tk = course::tokenization;

using kjv::corpus;  // corpus.hpp

// documents: the corpus cut after blank lines ("\n\n") into pieces of at least 1/2000 of it: 992
// documents of about 4.3 KB (the blank lines come around the chapters' headings).
const std::vector<std::string_view>& documents() {
    static const std::vector<std::string_view> docs = [] {
        const std::string_view text = corpus();
        std::vector<std::string_view> out;
        const std::size_t least = text.size() / 2000 + 1;
        std::size_t start = 0;
        while (start < text.size()) {
            std::size_t end = text.find("\n\n", start + least);
            end = end == std::string_view::npos ? text.size() : end + 2;
            out.push_back(text.substr(start, end - start));
            start = end;
        }
        return out;
    }();
    return docs;
}

constexpr const char* kMissingCorpus =
    "data/generated/kjv.txt is missing: run benchmarks/tokenization/make_corpus.sh (needs Debian's bible-kjv)";

// gpt2: GPT-2's Bpe, loaded once (nullopt when load_gpt2 is not implemented yet).
const std::optional<tk::Bpe>& gpt2() {
    static const std::optional<tk::Bpe> bpe = []() -> std::optional<tk::Bpe> {
        try {
            return tk::load_gpt2(course::data_path("gpt2/encoder.json"), course::data_path("gpt2/vocab.bpe"));
        } catch (const course::NotImplemented&) {
            return std::nullopt;
        }
    }();
    return bpe;
}

void set_counters(benchmark::State& state, std::size_t bytes, std::size_t tokens) {
    state.counters["MBps"] = benchmark::Counter(double(bytes) / 1e6, benchmark::Counter::kIsIterationInvariantRate);
    state.counters["tokens"] = benchmark::Counter(double(tokens), benchmark::Counter::kIsIterationInvariantRate);
}

void write_ids(const std::vector<int>& ids) {
    const char* path = std::getenv("COURSE_ENCODE_IDS");
    if (path == nullptr || *path == '\0') return;
    std::ofstream out(path, std::ios::binary);
    for (const int id : ids) {
        const auto u = static_cast<std::uint32_t>(id);
        const char le[4] = {char(u & 0xff), char((u >> 8) & 0xff), char((u >> 16) & 0xff), char(u >> 24)};
        out.write(le, 4);
    }
    std::fprintf(stderr, "wrote %zu ids to %s\n", ids.size(), path);
}

void BM_EncodeGpt2_kjv(benchmark::State& state) {
    const std::string& text = corpus();
    if (text.empty()) return state.SkipWithError(kMissingCorpus);
    if (!gpt2()) return state.SkipWithError("load_gpt2: not implemented yet");
    std::vector<int> ids;
    std::optional<tk::Encoder> encoder;
    try {
        for (auto _ : state) {
            state.PauseTiming();  // a new encoder (an empty cache), its making and the last one's end untimed
            encoder.reset();
            encoder.emplace(*gpt2());
            state.ResumeTiming();
            ids = encoder->encode(text);
            benchmark::DoNotOptimize(ids.data());
        }
    } catch (const course::NotImplemented&) {
        return state.SkipWithError("not implemented yet");
    }
    set_counters(state, text.size(), ids.size());
    write_ids(ids);
}

void BM_EncodeGpt2Batch_kjv(benchmark::State& state) {
    const std::string& text = corpus();
    if (text.empty()) return state.SkipWithError(kMissingCorpus);
    if (!gpt2()) return state.SkipWithError("load_gpt2: not implemented yet");
    const int threads = int(state.range(0));
    std::size_t tokens = 0;
    try {
        const tk::Encoder encoder(*gpt2());
        for (auto _ : state) {
            const std::vector<std::vector<int>> ids = encoder.encode_batch(documents(), threads);
            benchmark::DoNotOptimize(ids.data());
            tokens = 0;
            for (const std::vector<int>& d : ids) tokens += d.size();
        }
    } catch (const course::NotImplemented&) {
        return state.SkipWithError("not implemented yet");
    }
    set_counters(state, text.size(), tokens);
    state.counters["documents"] = double(documents().size());
}

}  // namespace

BENCHMARK(BM_EncodeGpt2_kjv)->Name("BM_EncodeGpt2/kjv")->Unit(benchmark::kMillisecond);
BENCHMARK(BM_EncodeGpt2Batch_kjv)
    ->Name("BM_EncodeGpt2Batch/kjv")
    ->ArgName("threads")
    ->Arg(1)
    ->Arg(2)
    ->UseRealTime()
    ->Unit(benchmark::kMillisecond);
