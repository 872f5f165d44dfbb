#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
#
# run-fuzz.sh FUZZER MAKE-CORPUS: seeds a corpus, runs the libFuzzer target
# for FUZZ_SECONDS (default 45), and reports one TAP result so that the run
# counts in the suite's summary. A crash keeps its reproducer and prints
# where it is.
set -u

fuzzer=$1
make_corpus=$2
seconds=${FUZZ_SECONDS:-45}
work=$(mktemp -d "${TMPDIR:-/tmp}/fuzz-image-load.XXXXXX")

echo "1..1"
mkdir "$work/corpus"
if ! "$make_corpus" "$work/corpus"; then
  echo "not ok 1 - fuzz-image-load: could not write the seed corpus"
  exit 1
fi

if "$fuzzer" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2560 \
     -print_final_stats=1 -artifact_prefix="$work/" "$work/corpus" >"$work/log" 2>&1; then
  runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$work/log")
  echo "ok 1 - fuzz-image-load: ${runs:-?} inputs in ${seconds} s, no crash, no leak"
  rm -rf "$work"
else
  tail -n 60 "$work/log" | sed 's/^/# /'
  echo "not ok 1 - fuzz-image-load failed; log and reproducer in $work"
  exit 1
fi
