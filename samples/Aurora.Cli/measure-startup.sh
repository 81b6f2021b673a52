#!/usr/bin/env bash
# Time from process start to first_llm_call for `aur soar "test query"`: N runs per variant, interleaved, read from
# the run reports (AURORA_STARTUP_REPORT, field totalMs), median printed with the model load's wait.
# Usage: samples/Aurora.Cli/measure-startup.sh [runs] [jit-aur.dll] [aot-aur-binary]
set -euo pipefail
runs=${1:-10}
jit=${2:-artifacts/bin/Aurora.Cli/release/aur.dll}
aot=${3:-}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work"
dotnet "$jit" init >/dev/null 2>&1
dotnet "$jit" soar "warm-up" >/dev/null 2>&1 # page cache, not JIT: every run below is a new process
for i in $(seq 1 "$runs"); do
  AURORA_STARTUP_REPORT="$work/jit-$i.json" dotnet "$jit" soar "test query" >/dev/null 2>&1
  if [ -n "$aot" ]; then AURORA_STARTUP_REPORT="$work/aot-$i.json" "$aot" soar "test query" >/dev/null 2>&1; fi
done
python3 - "$work" <<'PY'
import glob, json, statistics, sys
for mode in ("jit", "aot"):
    files = sorted(glob.glob(f"{sys.argv[1]}/{mode}-*.json"))
    if not files:
        continue
    reports = [json.load(open(f)) for f in files]
    failed = [r for r in reports if not r["completed"]]
    if failed:
        sys.exit(f"{mode}: {len(failed)} run(s) never reached first_llm_call: check `aur soar` by hand")
    total = [r["totalMs"] for r in reports]
    model = [next(p for p in r["phases"] if p["name"] == "model_load") for r in reports]
    print(f"{mode}: runs={len(total)} median time-to-first_llm_call={statistics.median(total):.1f} ms "
          f"(min {min(total):.1f}, max {max(total):.1f}); model_load median {statistics.median(m['durationMs'] for m in model):.1f} ms, "
          f"lazy wait median {statistics.median((m['lazyWaitMs'] or 0) for m in model):.2f} ms; "
          f"library overhead median {statistics.median(r['overheadMs'] for r in reports):.1f} ms")
PY
