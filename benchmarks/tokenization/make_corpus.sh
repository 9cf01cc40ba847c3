#!/bin/sh
# make_corpus.sh: the tokenization module's English corpus for the benchmarks (never for the tests).
#
#     benchmarks/tokenization/make_corpus.sh
#
# writes, under data/generated/ (gitignored):
#   kjv.txt      the King James Bible, Genesis 1:1 to Revelation 22:21, as printed by Debian's
#                `bible` (packages bible-kjv and bible-kjv-text 4.38, Debian 12):
#                `bible -l79 gen1:1-rev22:21`, 4 298 239 bytes,
#                SHA-256 82fa5f3788c6a9a010fb128a0f0bf588984b5888a82058520620eded59b033ea.
#                Lines are wrapped at 79 columns (-l79 is `bible`'s width when COLUMNS is unset; it
#                is given explicitly because `bible` otherwise follows the terminal's COLUMNS).
#   kjv_1mb.txt  its lines that end within its first 1 048 576 bytes: 1 048 528 bytes, SHA-256
#                21f6df9fbb39216bbfc4856c498db2b6381a75765245c6073f96d36f9ed043da.
# and prints the files' sizes and SHA-256 sums.
#
# Provenance: the text is the King James Version of 1611, in the public domain; Debian's
# /usr/share/doc/bible-kjv-text/copyright says "The copyright for the King James Version text of
# the Bible is expired" (the program around it is GPL-2+; none of it is committed here).
# Install it with:  sudo apt-get install bible-kjv
set -eu

root=$(cd "$(dirname "$0")/../.." && pwd)
out="$root/data/generated"

if ! command -v bible >/dev/null 2>&1; then
    echo "make_corpus.sh: the program 'bible' is missing; install Debian's bible-kjv:" >&2
    echo "    sudo apt-get install bible-kjv" >&2
    exit 1
fi

mkdir -p "$out"
bible -l79 gen1:1-rev22:21 > "$out/kjv.txt.tmp"
mv "$out/kjv.txt.tmp" "$out/kjv.txt"

# The 1 MB prefix, whole lines: as many lines as end within the first 1 048 576 bytes.
lines=$(head -c 1048576 "$out/kjv.txt" | tr -cd '\n' | wc -c)
head -n "$lines" "$out/kjv.txt" > "$out/kjv_1mb.txt"

for f in kjv.txt kjv_1mb.txt; do
    printf '%s  %s bytes  sha256 %s\n' "data/generated/$f" "$(wc -c < "$out/$f" | tr -d ' ')" \
        "$(sha256sum "$out/$f" | cut -d' ' -f1)"
done
