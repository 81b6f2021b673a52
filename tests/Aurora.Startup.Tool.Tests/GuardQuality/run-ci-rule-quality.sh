#!/usr/bin/env bash
# The CI rule's own quality (not part of the test run; ~1 min per trial and condition on 2 cores): how often does
# `.ci/compare` fail two identical builds (false alarm), and how often does it catch a known slowdown of the sample
# (AURORA_SAMPLE_SLOWDOWN=<phase>:<percent> on the head only)? The baseline is a separate build of BASE (default HEAD)
# from `git archive`, exactly as CI builds one; the head is a copy of the sample's build of the same commit. Conditions
# are interleaved per trial so drift in machine load hits both alike. Each trial keeps the printed comparison
# (log-*.txt) and every run's values (json-*.json), which analyse-guard-quality.py reads.
#   TOOL=<aurora-startup executable> AUR=<dir with aur.dll> OUT=<dir> TRIALS=40 SLOWDOWN=store_init:50 ./run-ci-rule-quality.sh
#   python3 analyse-guard-quality.py <OUT>
# Copy the binaries first, so that rebuilding the repository during the run cannot change them.
set -u
root=$(cd "$(dirname "$0")/../../.." && pwd)
TRIALS=${TRIALS:-40}
SLOWDOWN=${SLOWDOWN:-store_init:50}
BASE=${BASE:-$(git -C "$root" rev-parse HEAD)}
OUT=${OUT:-/tmp/ci-rule-quality}
mkdir -p "$OUT"
phase=${SLOWDOWN%%:*}
for t in $(seq 1 "$TRIALS"); do
  for cond in identical slowed; do
    if [ "$cond" = slowed ]; then
      base_env="AURORA_SAMPLE_SLOWDOWN=$phase:0" head_env="AURORA_SAMPLE_SLOWDOWN=$SLOWDOWN"
    else
      base_env="" head_env=""
    fi
    AURORA_COMPARE_BASE=$BASE AURORA_COMPARE_HEAD_AUR="$AUR/aur.dll" AURORA_COMPARE_JSON="$OUT/json-$cond-$t.json" \
      AURORA_COMPARE_BASE_ENV="$base_env" AURORA_COMPARE_HEAD_ENV="$head_env" \
      timeout 900 bash "$root/.ci/compare" "$TOOL" "$OUT/ci" > "$OUT/log-$cond-$t.txt" 2>&1
    echo -e "$t\t$cond\t$?\t$(date -u +%H:%M:%S)\t$(cut -d' ' -f1 /proc/loadavg)" >> "$OUT/exit-codes.tsv"
  done
done
