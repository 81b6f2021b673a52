#!/usr/bin/env bash
# Guard-quality experiment (not part of the test run; takes ~1 min per trial and condition on 2 cores):
# how often does `aurora-startup compare -n 20` flag a 10 % / 20 % slowdown injected into one phase of the `aur`
# sample (AURORA_SAMPLE_SLOWDOWN), and how often does it flag two identical commands (false alarm)?
# Conditions are interleaved per trial so drift in machine load hits all of them alike. Each trial keeps the printed
# comparison (log-*.txt) and every run's values by pair (json-*.json, --export-json), so the analysis can re-derive the
# verdicts under another rule from the same runs.
#   TOOL=<dir with aurora-startup.dll> AUR=<dir with aur.dll> OUT=<dir> TRIALS=20 PHASE=config ./run-guard-quality.sh
#   python3 analyse-guard-quality.py <OUT>
# Copy the binaries to TOOL/AUR first, so that rebuilding the repository during the run cannot change them.
set -u
TRIALS=${TRIALS:-20}
PHASE=${PHASE:-config}
OUT=${OUT:-/tmp/guard-quality}
mkdir -p "$OUT/work"
cd "$OUT/work"
SOAR="dotnet $AUR/aur.dll soar q"
ENV="env AURORA_WORKSPACE=$OUT/work/.aurora AURORA_TELEMETRY=off"
for t in $(seq 1 "$TRIALS"); do
  for cond in identical:0 slow10:10 slow20:20; do
    name=${cond%%:*}; pct=${cond##*:}
    timeout 900 dotnet "$TOOL/aurora-startup.dll" compare -n 20 --warmup 1 \
      --export-json "$OUT/json-$name-$t.json" \
      --base "$ENV AURORA_SAMPLE_SLOWDOWN=$PHASE:0 $SOAR" \
      --head "$ENV AURORA_SAMPLE_SLOWDOWN=$PHASE:$pct $SOAR" > "$OUT/log-$name-$t.txt" 2>&1
    echo -e "$t\t$name\t$?" >> "$OUT/exit-codes.tsv"
  done
done
