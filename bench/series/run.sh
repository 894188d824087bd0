#!/usr/bin/env bash
# Wall time, CPU time and peak memory of running the whole series with the runner, in its default mode (a lane's
# worker takes the lane's next notebook after one that succeeded) and with --fresh-process (a new worker process for
# every notebook), each RUNS times in turn, under /usr/bin/time -v. README.md beside this file gives the numbers.
#
# Usage: bench/series/run.sh [RUNS] [JOBS]        (default: 3 2)
# Environment: OUT (default: a new temp folder) for the executed copies, figures and logs.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
runs=${1:-3}
jobs=${2:-2}
out=${OUT:-$(mktemp -d)}
runner=$root/artifacts/bin/NotebookRunner/release/ScoreNotebooks.NotebookRunner.dll

echo "building the runner and the libraries (Release)..."
dotnet build "$root/tools/NotebookRunner" -c Release -nologo -v quiet >"$out/build.log" 2>&1 || { cat "$out/build.log"; exit 1; }
dotnet "$runner" "$root/notebooks/00-start-here.ipynb" --out "$out/warm" --figures "$out/warm-figures" --no-trust >/dev/null 2>&1 || true

run() { # mode, run number, extra options...
  local mode=$1 k=$2; shift 2
  /usr/bin/time -v dotnet "$runner" "$root/notebooks" --out "$out/$mode-$k" --figures "$out/$mode-$k-figures" \
    --no-build --no-trust --jobs "$jobs" "$@" >"$out/$mode-$k.log" 2>"$out/$mode-$k.time" || true
  awk -v mode="$mode" -v k="$k" -F': ' '
    /Elapsed \(wall clock\)/ { n = split($2, p, ":"); wall = (n == 3) ? p[1] * 3600 + p[2] * 60 + p[3] : p[1] * 60 + p[2] }
    /User time/ { user = $2 } /System time/ { sys = $2 } /Maximum resident/ { rss = $2 }
    END { printf "%-14s run %d: wall %6.1f s  cpu %6.1f s  peak %5.0f MiB\n", mode, k, wall, user + sys, rss / 1024 }' "$out/$mode-$k.time"
  tail -n 1 "$out/$mode-$k.log"
}

echo "the series with --jobs $jobs on $(nproc) cores ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)), $runs runs each, in turn"
for k in $(seq 1 "$runs"); do
  run default "$k"
  run fresh-process "$k" --fresh-process
done
