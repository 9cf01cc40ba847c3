// tiktoken_encode.mjs: the peers of encode_bench.cpp's BM_EncodeGpt2/kjv: OpenAI's tiktoken (npm
// `tiktoken`, the Rust core compiled to WebAssembly) and `js-tiktoken` (pure JavaScript) encoding
// the same corpus with GPT-2's tokenizer on one thread, printed in the benchmark's row format
// (MBps = millions of UTF-8 bytes a second, tokens = tokens a second). With the course's ids it
// also checks that the three tokenizers agree id for id. tiktoken also runs document by document
// (the cut of BM_EncodeGpt2Batch), its usual use: one encode call per document.
//
// Install the exact versions (Node.js >= 18):
//     mkdir -p /tmp/npm-tok && cd /tmp/npm-tok && npm install tiktoken@1.0.22 js-tiktoken@1.0.21
// Run, from the repository's root (after benchmarks/tokenization/make_corpus.sh):
//     COURSE_ENCODE_IDS=/tmp/kjv_ids.bin build-release/tokenization_bench_reference \
//         --benchmark_filter='BM_EncodeGpt2/kjv$'          # also writes the course's ids
//     node benchmarks/tokenization/tiktoken_encode.mjs /tmp/npm-tok/node_modules \
//         data/generated/kjv.txt /tmp/kjv_ids.bin
// (or NODE_PATH=/tmp/npm-tok/node_modules node benchmarks/tokenization/tiktoken_encode.mjs).
// The ids file holds the ids as little-endian 32-bit integers, one after the other; without it the
// script compares tiktoken with js-tiktoken only. The exit status is 1 when any ids differ.
//
// Timing: each tokenizer encodes the whole corpus once to warm up, then `reps` times (default 5,
// the fifth argument); the row gives the median wall-clock time and the median CPU time of the
// process (user + system, as process.cpuUsage() counts them) per encode, as Google Benchmark's
// Time and CPU columns; the rates are of the wall-clock time, then (in parentheses) of the CPU time.
import { createRequire } from "node:module";
import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const here = path.dirname(fileURLToPath(import.meta.url));
const nodeModules = process.argv[2] || (process.env.NODE_PATH || "").split(path.delimiter)[0];
if (!nodeModules) {
  console.error("usage: node tiktoken_encode.mjs <node_modules folder> [corpus] [course ids file] [reps]");
  process.exit(2);
}
const corpusPath = process.argv[3] || path.join(here, "..", "..", "data", "generated", "kjv.txt");
const idsPath = process.argv[4] || "";
const reps = Number(process.argv[5] || 5);

const require = createRequire(path.join(path.resolve(nodeModules), "_bench_.js"));
const expected = { "tiktoken": "1.0.22", "js-tiktoken": "1.0.21" };
for (const [name, version] of Object.entries(expected)) {
  const found = JSON.parse(readFileSync(path.join(nodeModules, name, "package.json"), "utf8")).version;
  if (found !== version) {
    console.error(`${name} is ${found}, expected ${version}: npm install ${name}@${version}`);
    process.exit(2);
  }
}
const { get_encoding } = require("tiktoken");
const { getEncoding } = require("js-tiktoken");

let text;
try {
  text = readFileSync(corpusPath, "utf8");
} catch {
  console.error(`${corpusPath} is missing: run benchmarks/tokenization/make_corpus.sh (needs Debian's bible-kjv)`);
  process.exit(2);
}
const bytes = Buffer.byteLength(text, "utf8");

function measure(name, encode) {
  let ids = encode(text);  // warm-up (and the JIT's compile)
  const times = [];
  const cpus = [];
  for (let r = 0; r < reps; ++r) {
    const c0 = process.cpuUsage();
    const t0 = process.hrtime.bigint();
    ids = encode(text);
    times.push(Number(process.hrtime.bigint() - t0) / 1e9);
    const c = process.cpuUsage(c0);
    cpus.push((c.user + c.system) / 1e6);
  }
  const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  const seconds = median(times);
  const cpu = median(cpus);
  const row = `${name}`.padEnd(40) + `${(seconds * 1e3).toFixed(1)} ms`.padStart(12) +
    `${(cpu * 1e3).toFixed(1)} ms`.padStart(12) +
    `  MBps=${(bytes / 1e6 / seconds).toFixed(2)}/s tokens=${(ids.length / seconds / 1e6).toFixed(3)}M/s` +
    ` (CPU time: MBps=${(bytes / 1e6 / cpu).toFixed(2)}/s; ${ids.length} tokens, ${bytes} bytes, median of ${reps})`;
  console.log(row);
  return Array.from(ids);
}

// documents: the corpus cut as encode_bench.cpp cuts it: after the first blank line ("\n\n") at
// least 1/2000 of the corpus's bytes past the document's start (992 documents of the KJV).
const raw = Buffer.from(text, "utf8");
const documents = [];
for (let start = 0; start < raw.length;) {
  const at = raw.indexOf("\n\n", start + Math.floor(raw.length / 2000) + 1);
  const end = at < 0 ? raw.length : at + 2;
  documents.push(raw.subarray(start, end).toString("utf8"));
  start = end;
}

const wasm = get_encoding("gpt2");
const wasmIds = measure("tiktoken-wasm/kjv", (t) => wasm.encode(t));
measure(`tiktoken-wasm/kjv/documents:${documents.length}`, () => {
  let count = 0;
  for (const d of documents) count += wasm.encode(d).length;
  return { length: count };
});
wasm.free();
const js = getEncoding("gpt2");
const jsIds = measure("js-tiktoken/kjv", (t) => js.encode(t));

function firstDifference(a, b) {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; ++i) if (a[i] !== b[i]) return i;
  return a.length === b.length ? -1 : n;
}

let ok = true;
const report = (what, a, b) => {
  const at = firstDifference(a, b);
  if (at < 0) {
    console.log(`ids: ${what} identical (${a.length} ids)`);
  } else {
    ok = false;
    console.log(`ids: ${what} DIFFER at index ${at} (${a[at]} vs ${b[at]}; ${a.length} vs ${b.length} ids)`);
  }
};
report("tiktoken and js-tiktoken", wasmIds, jsIds);
if (idsPath) {
  const buffer = readFileSync(idsPath);
  const course = Array.from(new Int32Array(buffer.buffer, buffer.byteOffset, buffer.length / 4));
  report("the course's and tiktoken's", course, wasmIds);
  report("the course's and js-tiktoken's", course, jsIds);
}
process.exit(ok ? 0 : 1);
