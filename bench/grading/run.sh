#!/usr/bin/env bash
# Wall time of grading N synthetic submissions of chapter 01 with the coursework tool's grade --jobs J, and the
# cost per submission. Half the submissions are the instructor's notebook (every exercise correct), half the
# student release as handed out (every exercise unanswered, so each check fails on the stub), alternating.
# README.md beside this file gives the numbers measured so far (100 submissions, --jobs 2, 2 shared cores: 537.8 s).
#
# Usage: bench/grading/run.sh [N] [JOBS]             (default: 100 2)
# Environment: WORK (default: a new temp folder), TOOL_DLL (default: build tools/Coursework in Release and use it),
# GRADE_OPTIONS (more options for grade, e.g. --no-precompile to time the worker as built).
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
n=${1:-100}
jobs=${2:-2}
work=${WORK:-$(mktemp -d)}
chapter=01-kl-and-maximum-likelihood
source="$root/notebooks/$chapter.ipynb"

if [ -n "${TOOL_DLL:-}" ]; then
  tool=$TOOL_DLL
else
  tool=$root/artifacts/bin/Coursework/release/ScoreNotebooks.Coursework.dll
  echo "building the coursework tool and the libraries (Release)..."
  { dotnet build "$root/tools/Coursework" -c Release -nologo -v quiet && dotnet build "$root/lib/ScoreNotebooks.Plotting" -c Release -nologo -v quiet; } \
    >"$work/build.log" 2>&1 || { cat "$work/build.log"; exit 1; }
fi

dotnet "$tool" assign "$source" --out "$work/release" >/dev/null
mkdir -p "$work/subs"
for i in $(seq 1 "$n"); do
  name=$(printf 's%03d' "$i")
  if [ $((i % 2)) -eq 1 ]; then cp "$source" "$work/subs/$name.ipynb"; else cp "$work/release/$chapter.ipynb" "$work/subs/$name.ipynb"; fi
done

echo "grading $n submissions of chapter 01 with --jobs $jobs on $(nproc) cores ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs))"
start=$(date +%s.%N)
dotnet "$tool" grade --source "$source" "$work"/subs/*.ipynb --out "$work/graded" --jobs "$jobs" ${GRADE_OPTIONS:-} >"$work/grade.log" 2>&1 || true
end=$(date +%s.%N)
head -n 1 "$work/grade.log"
tail -n 1 "$work/grade.log"
# Each line "sNNN  SCORE/MAX  (SECONDS s)" gives one submission's own time, start of its worker to its results.
awk -v wall="$(echo "$end - $start" | bc)" -v n="$n" -v jobs="$jobs" '
  / s\)$/ { gsub(/[()]/, "", $(NF-1)); sum += $(NF-1); count++ }
  END {
    printf "wall time: %.1f s for %d submissions (%.2f s per submission; %.2f s of a job slot each)\n", wall, n, wall / n, wall * jobs / n
    if (count > 0) printf "mean time per submission as the grader measured it: %.2f s (%d graded)\n", sum / count, count
  }' "$work/grade.log"
cut -d, -f1 --complement "$work/graded/grades.csv" | sort | uniq -c | sort -rn | head -n 5
