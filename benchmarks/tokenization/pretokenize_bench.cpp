// Benchmarks of pretokenize (exercise 3) on the course's English corpus, beside PCRE2's JIT
// running GPT-2's pattern itself.
//
// The same file builds twice: over the reference (tokenization_bench_reference) and over the
// learner's files (tokenization_bench_learner); a stub's row says "not implemented yet". Run both
// with `./course bench tokenization` (release preset, -O3).
//
//   BM_Pretokenize/kjv         pretokenize over the King James Bible (4.3 MB, English, ASCII but for
//                              a handful of characters): `bytes` per second and `pieces`, the
//                              pre-tokens per pass.
//   BM_Pretokenize/kjv/pcre2   (library) the same split by PCRE2 10.42's JIT with PCRE2_UTF |
//                              PCRE2_UCP and \s as [\s\x{85}] (Unicode's White_Space), one
//                              pcre2_jit_match per pre-token, the views kept as in pretokenize.
//   BM_Pretokenize/mixed       a text with a quarter of its characters outside ASCII (accented
//                              Latin, Greek, Cyrillic, CJK, emoji), where every character of those
//                              goes through the UTF-8 decoder and ICU.
//
// Napkin math: the corpus has ~1.1 pre-tokens per 4 bytes of English; the scanner loads one byte
// and one table entry per byte and writes one 16-byte view per pre-token, so a core that retires
// ~4 instructions a cycle at 3 GHz could approach 1 GB/s; a branch mispredicted at each word's
// end (~15 cycles per ~4.5 bytes) caps it nearer 500-800 MB/s. The encoder's target is 50 MB/s.
//
// The corpus: data/generated/kjv.txt, written by benchmarks/tokenization/make_corpus.sh from
// Debian's bible-kjv (public domain); a row says how to make it when it is missing.
#define PCRE2_CODE_UNIT_WIDTH 8
#include <benchmark/benchmark.h>
#include <pcre2.h>

#include <cstddef>
#include <fstream>
#include <iterator>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "course/datasets.hpp"
#include "course/error.hpp"
#include "tokenization/pretokenize.hpp"
#include "corpus.hpp"

namespace {

namespace tk = course::tokenization;

using kjv::corpus;  // corpus.hpp

// mixed: ~1 MB of sentences in several scripts, a quarter of the characters outside ASCII.
const std::string& mixed() {
    static const std::string text = [] {
        const std::string sentences[] = {
            "The café on the corner serves crêpes, naïve as it sounds. ",
            "Η γλώσσα αλλάζει αργά, αλλά αλλάζει. ",
            "Москва стоит на реке, и зима там долгая. ",
            "東京の朝は早い。電車は満員です。 ",
            "Numbers like 1,234.56 and 2024 appear too!!! ",
            "She said \"don't\" and they'll laugh 😀👍 ",
        };
        std::string t;
        while (t.size() < (1u << 20))
            for (const std::string& s : sentences) t += s;
        return t;
    }();
    return text;
}

constexpr const char* kMissingCorpus =
    "data/generated/kjv.txt is missing: run benchmarks/tokenization/make_corpus.sh (needs Debian's bible-kjv)";

void run_pretokenize(benchmark::State& state, const std::string& text) {
    if (text.empty()) {
        state.SkipWithError(kMissingCorpus);
        return;
    }
    std::size_t pieces = 0;
    try {
        for (auto _ : state) {
            const std::vector<std::string_view> views = tk::pretokenize(text);
            pieces = views.size();
            benchmark::DoNotOptimize(views.data());
        }
    } catch (const course::NotImplemented&) {
        state.SkipWithError("not implemented yet");
        return;
    }
    state.counters["bytes"] = benchmark::Counter(double(text.size()), benchmark::Counter::kIsIterationInvariantRate);
    state.counters["pieces"] = double(pieces);
}

void BM_Pretokenize_kjv(benchmark::State& state) { run_pretokenize(state, corpus()); }
void BM_Pretokenize_mixed(benchmark::State& state) { run_pretokenize(state, mixed()); }

// Pcre2Split: GPT-2's pattern (tests/tokenization/pretokenize_test.cpp has the same) with the JIT.
class Pcre2Split {
public:
    Pcre2Split() {
        static constexpr std::string_view pattern =
            R"('s|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\x{85}\p{L}\p{N}]+|[\s\x{85}]+(?![^\s\x{85}])|[\s\x{85}]+)";
        int error = 0;
        PCRE2_SIZE offset = 0;
        code_ = pcre2_compile(reinterpret_cast<PCRE2_SPTR>(pattern.data()), pattern.size(), PCRE2_UTF | PCRE2_UCP,
                              &error, &offset, nullptr);
        if (!code_ || pcre2_jit_compile(code_, PCRE2_JIT_COMPLETE) != 0) throw std::runtime_error("pcre2: no JIT");
        data_ = pcre2_match_data_create_from_pattern(code_, nullptr);
        stack_ = pcre2_jit_stack_create(32 * 1024, 1024 * 1024, nullptr);
        context_ = pcre2_match_context_create(nullptr);
        pcre2_jit_stack_assign(context_, nullptr, stack_);
    }
    ~Pcre2Split() {
        pcre2_match_context_free(context_);
        pcre2_jit_stack_free(stack_);
        pcre2_match_data_free(data_);
        pcre2_code_free(code_);
    }
    Pcre2Split(const Pcre2Split&) = delete;
    Pcre2Split& operator=(const Pcre2Split&) = delete;

    void split(std::string_view text, std::vector<std::string_view>& views) {
        views.clear();
        const auto subject = reinterpret_cast<PCRE2_SPTR>(text.data());
        const PCRE2_SIZE* ovector = pcre2_get_ovector_pointer(data_);
        for (std::size_t at = 0; at < text.size();) {
            // pcre2_jit_match does not check the UTF-8 (the corpus is valid UTF-8).
            if (pcre2_jit_match(code_, subject, text.size(), at, 0, data_, context_) < 0)
                throw std::runtime_error("pcre2: no match");
            views.emplace_back(text.data() + ovector[0], ovector[1] - ovector[0]);
            at = ovector[1];
        }
    }

private:
    pcre2_code* code_ = nullptr;
    pcre2_match_data* data_ = nullptr;
    pcre2_jit_stack* stack_ = nullptr;
    pcre2_match_context* context_ = nullptr;
};

void BM_Pretokenize_kjv_pcre2(benchmark::State& state) {
    const std::string& text = corpus();
    if (text.empty()) {
        state.SkipWithError(kMissingCorpus);
        return;
    }
    Pcre2Split pcre2;
    std::vector<std::string_view> views;
    for (auto _ : state) {
        pcre2.split(text, views);
        benchmark::DoNotOptimize(views.data());
    }
    state.counters["bytes"] = benchmark::Counter(double(text.size()), benchmark::Counter::kIsIterationInvariantRate);
    state.counters["pieces"] = double(views.size());
}

}  // namespace

BENCHMARK(BM_Pretokenize_kjv)->Name("BM_Pretokenize/kjv")->Unit(benchmark::kMillisecond);
BENCHMARK(BM_Pretokenize_kjv_pcre2)->Name("BM_Pretokenize/kjv/pcre2")->Unit(benchmark::kMillisecond);
BENCHMARK(BM_Pretokenize_mixed)->Name("BM_Pretokenize/mixed")->Unit(benchmark::kMillisecond);
