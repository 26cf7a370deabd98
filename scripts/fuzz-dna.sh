#!/usr/bin/env bash
# Fuzzes the DNA profile reader (crates/dna/src/csv.rs) with cargo-fuzz for SECONDS seconds
# (default 300). Installs cargo-fuzz if needed. cargo-fuzz needs nightly compiler flags; the
# machine has only a stable toolchain, so RUSTC_BOOTSTRAP=1 lets stable accept them.
# Exit code non-zero when the fuzzer finds a crash; the input is then in fuzz/artifacts/.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds="${1:-300}"

if ! command -v cargo-fuzz >/dev/null 2>&1; then
  echo "Installing cargo-fuzz"
  cargo install cargo-fuzz --locked
fi
command -v c++ >/dev/null 2>&1 || { echo "libFuzzer needs a C++ compiler (apt-get install g++)"; exit 1; }

# The seed corpus: a small valid file (the fuzzer keeps what it learns next to it).
mkdir -p fuzz/corpus/dna_csv
if [ ! -e fuzz/corpus/dna_csv/seed.csv ]; then
  printf 'id,type,Amelogenin,D3S1358,vWA,D8S1179,D21S11,D18S51,TH01,FGA,Penta D\nR1,reference,X/Y,15/16,17,13/14,29/30,12/15,9.3/10,21/22,12.4/13\nS1,stain,,15/*,17/99,13/14/15,29/30,12/15,9.3,21/nr,\n' > fuzz/corpus/dna_csv/seed.csv
fi

export RUSTC_BOOTSTRAP=1
# The fuzz workspace has its own target directory (instrumented builds differ from the main ones).
cd fuzz
cargo fuzz run dna_csv corpus/dna_csv -- -max_total_time="$seconds" -max_len=4096 -print_final_stats=1
