#!/usr/bin/env python3
"""run_mutants.py: a mutation campaign over the course's references.

Each mutant is a reference with one small mechanical change (an operator swapped, a constant
nudged, a statement or an early exit removed, a parameter replaced by its default). The script
compiles it in place of the reference, links that exercise's reference test program with it and
runs the program: the mutant is *killed* when a test fails (or crashes, or times out), *survives*
when every test passes. A survivor is a wrong program the graders call correct, unless the change
does not change what the program does: such *equivalent* mutants are listed, each with its reason,
in tests/mutation/equivalent/<module>.tsv.

    tests/mutation/run_mutants.py                      # every module
    tests/mutation/run_mutants.py optimization          # one module
    tests/mutation/run_mutants.py optimization/bfgs     # one exercise
    tests/mutation/run_mutants.py --jobs 2 --list       # also list the survivors
    tests/mutation/run_mutants.py linear_algebra/lu --line 42 --show   # run the mutants of one line
                                                        # again and show which tests catch them

It builds in build-mutation/ (configured on first use; COURSE_MUTATION_BUILD names another folder)
and keeps each mutant's result in build-mutation/results/<module>.json, keyed by the mutant's text
and the exercise's tests (its _test.cpp and the module's shared test headers), so a second run only
redoes what changed. A mutant once killed stays killed when the tests change (they are only added
or strengthened); --fresh runs those again too. Run one campaign per module at a time. Not part of ./course test: a full
campaign takes about an hour on two cores (docs/grading.md, "Mutation campaign").
"""
import argparse
import concurrent.futures
import hashlib
import json
import os
import re
import shlex
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
BUILD = (ROOT / os.environ.get("COURSE_MUTATION_BUILD", "build-mutation")).resolve()
EQUIVALENT = ROOT / "tests" / "mutation" / "equivalent"  # one <module>.tsv per module
# Results are kept per module, beside the default build, whatever build folder a run uses.
RESULTS = (ROOT / os.environ.get("COURSE_MUTATION_RESULTS", "build-mutation/results")).resolve()

# ------------------------------------------------------------------------------------------------
# Mutants


def masked(line):
    """The line with the insides of string and char literals and any // comment replaced by
    spaces, so that operator patterns never match inside them (same length as the line)."""
    out, i, quote = [], 0, None
    while i < len(line):
        c = line[i]
        if quote:
            if c == "\\":
                out.append("  ")
                i += 2
                continue
            out.append(c if c == quote else " ")
            if c == quote:
                quote = None
        elif c in "\"'" and not (c == "'" and i > 0 and line[i - 1].isalnum()):  # 1'000 digit separators
            quote = c
            out.append(c)
        elif line.startswith("//", i):
            out.append(" " * (len(line) - i))
            break
        else:
            out.append(c)
        i += 1
    return "".join(out)[: len(line)]


# (pattern on the masked line, replacement, kind): binary operators need spaces around them, as
# the course's format writes them; that keeps template brackets and pointers out.
SWAPS = [
    (r" < ", " <= ", "relational"), (r" <= ", " < ", "relational"),
    (r" > ", " >= ", "relational"), (r" >= ", " > ", "relational"),
    (r" == ", " != ", "relational"), (r" != ", " == ", "relational"),
    (r" \+ ", " - ", "arithmetic"), (r" - ", " + ", "arithmetic"),
    (r" \* ", " / ", "arithmetic"), (r" / ", " * ", "arithmetic"),
    (r" \+= ", " -= ", "arithmetic"), (r" -= ", " += ", "arithmetic"),
    (r" \*= ", " /= ", "arithmetic"), (r" /= ", " *= ", "arithmetic"),
    (r" && ", " || ", "logical"), (r" \|\| ", " && ", "logical"),
    (r"std::max\(", "std::min(", "max/min"), (r"std::min\(", "std::max(", "max/min"),
    (r"!(?!=)", "", "negation removed"),
]

NUMBER = re.compile(r"(?<![\w.])(\d+\.\d*(?:e[+-]?\d+)?|\d+e[+-]?\d+|\d+)(?![\w.])")


def number_mutants(value):
    """The nudged constants for one literal: an integer k gives k + 1 and k - 1 (0 gives 1), a
    floating-point x gives 2x (0.0 gives 1.0)."""
    if re.fullmatch(r"\d+", value):
        k = int(value)
        return [str(k + 1)] + ([str(k - 1)] if k > 0 else [])
    x = float(value)
    return ["1.0"] if x == 0.0 else [repr(2 * x)]


DECLARATION = re.compile(r"^\s*(const |constexpr |static |auto |std::|[A-Z]\w*[ &<]|int |double |float |bool |size_t |long |char |unsigned )")
DELETABLE = re.compile(r"^\s*(?:[\w.\[\]()>*-]+\s*(?:=|\+=|-=|\*=|/=)\s.*;|[\w:.>-]+\(.*\);|break;|continue;|(?:\+\+|--)?[\w.\[\]]+(?:\+\+|--)?;|if \(.*\) (?:return|break|continue)\b.*;)\s*$")


def line_mutants(line):
    """(mutated line, description) for every mutant of one source line."""
    text = masked(line)
    code = text.strip()
    if not code or code.startswith(("#", "namespace", "}", "static_assert", "using ", "template")):
        return []
    out = []
    for pattern, replacement, kind in SWAPS:
        for m in re.finditer(pattern, text):
            if kind == "negation removed" and (m.start() > 0 and text[m.start() - 1] in "!="):
                continue
            out.append((line[: m.start()] + replacement + line[m.end():],
                        f"{kind}: '{line[m.start():m.end()].strip()}' -> '{replacement.strip()}'"))
    for m in NUMBER.finditer(text):
        for value in number_mutants(m.group(1)):
            out.append((line[: m.start()] + value + line[m.end():], f"constant: {m.group(1)} -> {value}"))
    if DELETABLE.match(text) and not DECLARATION.match(text) and text.count("(") == text.count(")"):
        indent = line[: len(line) - len(line.lstrip())]
        out.append((indent + "; // mutant: statement removed", "statement removed"))
    return out


CONFIG_STRUCT = re.compile(r"struct (\w*(?:Config|Rule|Options|Settings|Sizes))\s*\{(.*?)\n\};", re.S)


def defaults_of(headers_text):
    """name -> default value, for the members of the settings structs (WolfeConfig, StopRule,
    BlockSizes, ...) and the defaulted parameters of the module's contract headers."""
    text = "\n".join(masked(line) for line in headers_text.split("\n"))
    found = {}
    member = re.compile(r"\b(?:int|double|float|bool|std::size_t|size_t|long)\s+(\w+)\s*=\s*([-\w.+]+)\s*;")
    for struct in CONFIG_STRUCT.finditer(text):
        for m in member.finditer(struct.group(2)):
            found[m.group(1)] = m.group(2)
    for m in re.finditer(r"\b(?:int|double|float|bool|std::size_t|size_t|long)\s+(\w+)\s*=\s*([-\w.+]+)\s*[,)]", text):
        found[m.group(1)] = m.group(2)
    return found


def parameter_mutants(line, defaults):
    """A use of a parameter that has a default, replaced by the default: `config.c1` -> `1e-4`."""
    text = masked(line)
    out = []
    for name, value in defaults.items():
        for m in re.finditer(r"(?:\b\w+\.)?\b" + re.escape(name) + r"\b(?!\s*(?:=[^=]|\())", text):
            if m.group(0) == value:
                continue
            out.append((line[: m.start()] + value + line[m.end():], f"parameter: {m.group(0)} -> its default {value}"))
    return out


def in_block_comment_or_check_message(lines):
    """Lines to leave alone: block comments."""
    skip, inside = set(), False
    for i, line in enumerate(lines):
        stripped = line.strip()
        if inside or stripped.startswith("/*"):
            skip.add(i)
            inside = "*/" not in stripped
    return skip


def mutants_of(source, header_text):
    """Every mutant of a reference file: (line number, original line, mutated line, description)."""
    lines = source.split("\n")
    defaults = defaults_of(header_text)
    skip = in_block_comment_or_check_message(lines)
    out = []
    for i, line in enumerate(lines):
        if i in skip or line.lstrip().startswith("//") or line.lstrip().startswith("#"):
            continue
        for mutated, what in line_mutants(line) + parameter_mutants(line, defaults):
            if mutated != line:
                out.append((i + 1, line, mutated, what))
    return out


def module_headers(module, ex):
    """The text of the module's contract headers, the exercise's own last, so that its defaults win
    over a parameter of the same name elsewhere."""
    own = ROOT / "modules" / module / "include" / module / f"{ex}.hpp"
    others = [h for h in sorted((ROOT / "modules" / module / "include").rglob("*.hpp")) if h != own]
    return "\n".join(h.read_text() for h in others + [own])


# ------------------------------------------------------------------------------------------------
# Building and running


def configure():
    if not (BUILD / "build.ninja").exists():
        # The grading build's settings (the default preset), in a folder of its own.
        subprocess.run(["cmake", "--preset", "default", "-B", str(BUILD), "-DCOURSE_CCACHE=OFF"], cwd=ROOT, check=True,
                       stdout=subprocess.DEVNULL)


def ninja(*args):
    return subprocess.run(["ninja", "-C", str(BUILD), *args], check=True, capture_output=True, text=True).stdout


class Exercise:
    """The compile command of a reference file and the link command of its test program."""

    def __init__(self, module, ex, compile_commands):
        self.module, self.ex = module, ex
        self.source = ROOT / "modules" / module / "reference" / f"{ex}.cpp"
        self.headers = module_headers(module, ex)
        self.program = f"{module}_{ex}_reference"
        if compile_commands is None:  # --cached: nothing to build
            return
        entry = next(e for e in compile_commands if Path(e["file"]) == self.source)
        self.compile = shlex.split(entry["command"])
        self.object = entry["output"] if "output" in entry else self.compile[self.compile.index("-o") + 1]
        link = ninja("-t", "commands", self.program).strip().split("\n")[-1]
        self.link = link

    def tests_hash(self):
        """The exercise's test file and the module's shared test headers: what its program runs."""
        h = hashlib.sha256()
        folder = ROOT / "tests" / self.module
        for f in sorted(folder.glob("*.hpp")) + [folder / f"{self.ex}_test.cpp"]:
            if f.is_file():
                h.update(f.read_bytes())
        return h.hexdigest()

    def build_and_run(self, mutated_source, work, show=False):
        """'killed', 'survived' or 'not compiled' (with show, the [course] lines of the failures)."""
        src = work / f"{self.ex}.cpp"
        obj = work / f"{self.ex}.o"
        exe = work / "program"
        src.write_text(mutated_source)
        command = list(self.compile)
        # drop the compiler launcher (env ... ccache) and the dependency-file flags
        while command and not re.search(r"(^|/)(c\+\+|g\+\+|clang\+\+)(-\d+)?$", command[0]):
            command.pop(0)
        out = []
        skip_next = False
        for arg in command:
            if skip_next:
                skip_next = False
                continue
            if arg in ("-MD",):
                continue
            if arg in ("-MT", "-MF", "-o", "-c"):
                skip_next = True
                continue
            out.append(arg)
        # includes of the reference's own folder ("...") must still resolve
        # no debug information: a mutant's object is built, linked and run once (15% faster)
        out += ["-g0", "-iquote", str(self.source.parent), "-o", str(obj), "-c", str(src)]
        if subprocess.run(out, cwd=BUILD, capture_output=True).returncode != 0:
            return "not compiled"
        link = self.link.replace(self.object, str(obj))
        link = re.sub(r"-o \S+", f"-o {exe}", link, count=1)
        if subprocess.run(link, shell=True, cwd=BUILD, capture_output=True).returncode != 0:
            return "not compiled"
        try:
            run = subprocess.run([str(exe), "--gtest_fail_fast", "--gtest_brief=1", "--course_budget=10"],
                                 cwd=BUILD, capture_output=True, timeout=120,
                                 env={**os.environ, "OMP_NUM_THREADS": "2", "OMP_WAIT_POLICY": "PASSIVE"})
        except subprocess.TimeoutExpired:
            return "killed"
        if show:
            for line in run.stdout.decode(errors="replace").split("\n"):
                if re.match(r"\[course\] (failing|crashed|timed-out)", line):
                    print("      " + line[:300])
        return "survived" if run.returncode == 0 else "killed"


def save_results(cache_file, cache):
    """Merge this run's results into the file (another run may have added some) and replace it
    whole, so two runs never leave a half-written file."""
    if cache_file.exists():
        try:
            cache = {**json.loads(cache_file.read_text()), **cache}
        except json.JSONDecodeError:
            pass
    partial = cache_file.with_suffix(f".{os.getpid()}.tmp")
    partial.write_text(json.dumps(cache))
    partial.replace(cache_file)


def load_equivalent():
    """(file, original line stripped, description) -> reason."""
    equivalent = {}
    for table in sorted(EQUIVALENT.glob("*.tsv")):
        for n, row in enumerate(table.read_text().split("\n"), 1):
            if row.strip() and not row.startswith("#"):
                fields = row.split("\t")
                if len(fields) != 4 or not fields[3].strip():
                    sys.exit(f"{table.relative_to(ROOT)}:{n}: expected four tab-separated fields "
                             f"(file, original line, description, reason), got {len(fields)}")
                file, original, what, reason = fields
                equivalent[(file, original.strip(), what)] = reason
    return equivalent


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("what", nargs="*", help="<module> or <module>/<exercise> (default: every module)")
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 2)
    parser.add_argument("--list", action="store_true", help="list the survivors")
    parser.add_argument("--count", action="store_true", help="only count the mutants")
    parser.add_argument("--cached", action="store_true",
                        help="build and run nothing: the table of the results kept from earlier runs")
    parser.add_argument("--fresh", action="store_true",
                        help="run again the mutants that earlier tests killed (by default a mutant once "
                             "killed stays killed when the tests change: they are only added or strengthened)")
    parser.add_argument("--line", type=int, help="only the mutants of this line of the reference")
    parser.add_argument("--show", action="store_true",
                        help="run the mutants again (no cache) and show the failures that kill them")
    args = parser.parse_args()

    curriculum = [m for m in (ROOT / "modules" / "curriculum.txt").read_text().split() if (ROOT / "modules" / m / "module.json").exists()]
    targets = []
    for what in args.what or curriculum:
        module, _, ex = what.partition("/")
        manifest = json.loads((ROOT / "modules" / module / "module.json").read_text())
        targets += [(module, e["name"]) for e in manifest["exercises"] if not ex or e["name"] == ex]

    if args.count:
        for module, ex in targets:
            src = (ROOT / "modules" / module / "reference" / f"{ex}.cpp").read_text()
            hdr = module_headers(module, ex)
            print(f"{module}/{ex}: {len(mutants_of(src, hdr))}")
        return

    if not args.cached:
        configure()
    if args.show:
        ninja(*[f"{m}_{e}_reference" for m, e in targets])
        compile_commands = json.loads((BUILD / "compile_commands.json").read_text())
        for module, ex in targets:
            exercise = Exercise(module, ex, compile_commands)
            source = exercise.source.read_text()
            lines = source.split("\n")
            for line_no, original, mutated, what in mutants_of(source, exercise.headers):
                if args.line and line_no != args.line:
                    continue
                with tempfile.TemporaryDirectory(prefix="mutant-", dir=BUILD) as tmp:
                    text = "\n".join(lines[: line_no - 1] + [mutated] + lines[line_no:])
                    print(f"{module}/{ex}:{line_no}: {what}\n    {mutated.strip()}")
                    print(f"    -> {exercise.build_and_run(text, Path(tmp), show=True)}")
        return
    if not args.cached:
        ninja(*[f"{m}_{e}_reference" for m, e in targets])
    compile_commands = None if args.cached else json.loads((BUILD / "compile_commands.json").read_text())
    RESULTS.mkdir(parents=True, exist_ok=True)
    caches = {}
    equivalent = load_equivalent()
    table = {}
    survivors = []
    for module, ex in targets:
        exercise = Exercise(module, ex, compile_commands)
        source = exercise.source.read_text()
        lines = source.split("\n")
        tests = exercise.tests_hash()
        cache_file = RESULTS / f"{module}.json"
        if module not in caches:
            caches[module] = json.loads(cache_file.read_text()) if cache_file.exists() else {}
        cache = caches[module]
        jobs = []
        for line_no, original, mutated, what in mutants_of(source, exercise.headers):
            text = "\n".join(lines[: line_no - 1] + [mutated] + lines[line_no:])
            key = hashlib.sha256((text + tests).encode()).hexdigest()
            once_killed = "killed-by-earlier-tests:" + hashlib.sha256(text.encode()).hexdigest()
            if key not in cache and not args.fresh and cache.get(once_killed) == "killed":
                cache[key] = "killed"  # tests are only added or strengthened: still killed
            jobs.append((key, text, line_no, original, mutated, what))
        todo = [] if args.cached else [j for j in jobs if j[0] not in cache]
        texts = {j[0]: j[1] for j in jobs}
        print(f"{module}/{ex}: {len(jobs)} mutants, {len(todo)} to run", file=sys.stderr, flush=True)
        with tempfile.TemporaryDirectory(prefix="mutant-", dir=BUILD) as tmp:
            def run(job, slot):
                work = Path(tmp) / str(slot)
                work.mkdir(exist_ok=True)
                return job[0], exercise.build_and_run(job[1], work)
            with concurrent.futures.ThreadPoolExecutor(args.jobs) as pool:
                for n, (key, result) in enumerate(pool.map(run, todo, [i % (4 * args.jobs) for i in range(len(todo))])):
                    cache[key] = result
                    if result == "killed":
                        cache["killed-by-earlier-tests:" + hashlib.sha256(texts[key].encode()).hexdigest()] = "killed"
                    if n % 20 == 19:
                        save_results(cache_file, cache)
        save_results(cache_file, cache)
        counts = table.setdefault(module, {"mutants": 0, "not compiled": 0, "killed": 0, "survived": 0, "equivalent": 0})
        rel = str(exercise.source.relative_to(ROOT))
        for key, _, line_no, original, mutated, what in jobs:
            if key not in cache:  # --cached: not run yet
                continue
            result = cache[key]
            counts["mutants"] += 1
            if result == "survived" and (rel, original.strip(), what) in equivalent:
                result = "equivalent"
            counts[result] += 1
            if result == "survived":
                survivors.append(f"{rel}:{line_no}: {what}\n    {original.strip()}\n    {mutated.strip()}")

    print("| module | mutants | not compiled | killed | survived | equivalent | killed of the non-equivalent |")
    print("| --- | --- | --- | --- | --- | --- | --- |")
    for module, c in table.items():
        live = c["killed"] + c["survived"]
        score = f"{100 * c['killed'] / live:.1f}%" if live else "-"
        print(f"| {module} | {c['mutants']} | {c['not compiled']} | {c['killed']} | {c['survived']} | {c['equivalent']} | {score} |")
    survivors_file = BUILD / "survivors.txt"
    survivors_file.write_text("\n".join(survivors) + "\n")
    print(f"\nSurvivors: {survivors_file.relative_to(ROOT)} ({len(survivors)})")
    if args.list:
        print("\n".join(survivors))


if __name__ == "__main__":
    main()
