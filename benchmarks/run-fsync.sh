#!/usr/bin/env bash
# The cost of fsync on a local warehouse: bulk ingest of ROWS rows (commits of 1M rows) and 200
# one-row INSERTs, with fsync on (the default) and off (-Dsheaf.fsync=false), in one run, each on
# a fresh data directory. Prints the figures; the caller records them in RESULTS.md.
#
#   benchmarks/run-fsync.sh [ROWS]
set -euo pipefail
# shellcheck source=benchmarks/harness.sh
source "$(dirname "${BASH_SOURCE[0]}")/harness.sh"
rows="${1:-3000000}"
harness_build run-fsync.sh
out="$bench/target/fsync-$(date -u +%Y%m%dT%H%M%SZ)"
mkdir -p "$out"
harness_jvm_args "$out/jvm-args"
for mode in on off; do
  flag=""
  [[ "$mode" == off ]] && flag="-Dsheaf.fsync=false"
  rm -rf "$out/data-$mode"
  # shellcheck disable=SC2086
  "$java" $flag @"$out/jvm-args" dev.sheaf.benchmarks.BenchmarkRunner --data-dir "$out/data-$mode" \
    --rows "$rows" --runs 1 --only scan >"$out/$mode.jsonl" 2>"$out/$mode.log"
  # shellcheck disable=SC2086
  "$java" $flag @"$out/jvm-args" dev.sheaf.benchmarks.SmallCommits "$out/small-$mode" 200 \
    >>"$out/$mode.jsonl" 2>>"$out/$mode.log"
  echo "fsync $mode:"
  grep -E '"benchmark": ?"(insert|small_commits)"' "$out/$mode.jsonl"
done
