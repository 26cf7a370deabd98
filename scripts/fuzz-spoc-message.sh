#!/usr/bin/env bash
# Fuzzes the SPOC message parser (crates/domain/src/spoc/message.rs) with cargo-fuzz for
# SECONDS seconds (default 300), seeded with the examples of docs/spoc-message.md. Installs
# cargo-fuzz if needed; like scripts/fuzz-dna.sh it runs on the stable toolchain with
# RUSTC_BOOTSTRAP=1. Exit code non-zero when the fuzzer finds a crash; the input is then in
# fuzz/artifacts/spoc_message/.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds="${1:-300}"

if ! command -v cargo-fuzz >/dev/null 2>&1; then
  echo "Installing cargo-fuzz"
  cargo install cargo-fuzz --locked
fi
command -v c++ >/dev/null 2>&1 || { echo "libFuzzer needs a C++ compiler (apt-get install g++)"; exit 1; }

# The seed corpus: every JSON example of the documentation, one file each.
mkdir -p fuzz/corpus/spoc_message
awk '/^```json$/ {n++; file=sprintf("fuzz/corpus/spoc_message/doc-%02d.json", n); inblock=1; printf "" > file; next}
     /^```$/ {inblock=0; next}
     inblock {print >> file}' docs/spoc-message.md

export RUSTC_BOOTSTRAP=1
cd fuzz
cargo fuzz run spoc_message corpus/spoc_message -- -max_total_time="$seconds" -max_len=16384 -print_final_stats=1
