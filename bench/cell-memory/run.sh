#!/usr/bin/env bash
# Peak resident memory and wall time of executing notebooks of N trivial C# cells, in this repository's
# runner and, side by side, in a .NET Interactive Jupyter kernel driven by nbclient. README.md beside this
# file says what is measured and how to install .NET Interactive.
#
# Usage: bench/cell-memory/run.sh [N ...]            (default: 250 1000 5000)
# Environment: PYTHON (default /usr/bin/python3, with nbformat and nbclient), KERNEL (default .net-csharp),
#   RUNNER_DLL (default: build tools/NotebookRunner in Release and use it), WORK (default: a new temp folder),
#   HEAP_LIMIT_GB (default 12: the managed-heap ceiling of both hosts),
#   HOSTS (default "runner dotnet-interactive": which hosts to run).
set -uo pipefail

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
python=${PYTHON:-/usr/bin/python3}
kernel=${KERNEL:-.net-csharp}
work=${WORK:-$(mktemp -d)}
heap_limit_gb=${HEAP_LIMIT_GB:-12}
hosts=" ${HOSTS:-runner dotnet-interactive} "
if [ $# -gt 0 ]; then sizes=("$@"); else sizes=(250 1000 5000); fi

if [ -n "${RUNNER_DLL:-}" ] || [[ $hosts != *" runner "* ]]; then
  runner=${RUNNER_DLL:-}
else
  runner=$root/artifacts/bin/NotebookRunner/release/ScoreNotebooks.NotebookRunner.dll
  echo "building the runner (Release)..."
  dotnet build "$root/tools/NotebookRunner" -c Release -nologo -v quiet >"$work/build.log" 2>&1 \
    || { cat "$work/build.log"; exit 1; }
fi

# Above this managed-heap size the GC throws OutOfMemoryException, so a host whose memory runs away fails
# its notebook with a message instead of meeting the kernel's OOM killer. Both hosts are .NET processes;
# the Jupyter kernel inherits the variable from nbclient.
export DOTNET_GCHeapHardLimit
DOTNET_GCHeapHardLimit=$(printf '0x%x' $((heap_limit_gb * 1024 * 1024 * 1024)))

have_kernel=1
"$python" -c "import nbclient, jupyter_client.kernelspec as k; k.KernelSpecManager().get_kernel_spec('$kernel')" \
  >/dev/null 2>&1 || have_kernel=0

# measure LABEL CELLS EXECUTED_COPY COMMAND...: runs the command under /usr/bin/time -v and prints one row.
measure() {
  local label=$1 n=$2 executed=$3; shift 3
  local log=$work/$label-$n.log
  /usr/bin/time -v -o "$log.time" "$@" >"$log" 2>&1
  local rc=$?
  local peak wall cpu check
  peak=$(awk -F': ' '/Maximum resident set size/ { printf "%.2f", $2 / 1048576 }' "$log.time")
  wall=$(awk -F': ' '/Elapsed \(wall clock\)/ { n = split($2, p, ":"); s = 0; for (i = 1; i <= n; i++) s = s * 60 + p[i]; printf "%.1f", s }' "$log.time")
  cpu=$(awk -F': ' '/User time|System time/ { s += $2 } END { printf "%.1f", s }' "$log.time")
  if [ -f "$executed" ]; then check=$("$python" "$here/check_outputs.py" "$executed"); else check="no executed copy (see $log)"; fi
  printf '%6s  %-18s %4s  %9s  %8s  %8s  %s\n' "$n" "$label" "$rc" "$peak" "$wall" "$cpu" "$check"
}

echo "work folder: $work"
printf '%6s  %-18s %4s  %9s  %8s  %8s  %s\n' cells host exit "peak GiB" "wall s" "cpu s" outputs
for n in "${sizes[@]}"; do
  notebook=$work/trivial-$n.ipynb
  "$python" "$here/make_notebook.py" "$n" "$notebook"
  if [[ $hosts == *" runner "* ]]; then
    measure runner "$n" "$work/runner-$n/trivial-$n.ipynb" \
      dotnet "$runner" --no-build "$notebook" --out "$work/runner-$n" --figures "$work/runner-$n/figures"
  fi
  if [[ $hosts != *" dotnet-interactive "* ]]; then
    :
  elif [ "$have_kernel" = 1 ]; then
    measure dotnet-interactive "$n" "$work/interactive-$n.ipynb" \
      "$python" "$here/run_jupyter.py" "$notebook" "$kernel" "$work/interactive-$n.ipynb"
  else
    printf '%6s  %-18s skipped: no Jupyter kernel %s for %s (README.md says how to install it)\n' \
      "$n" dotnet-interactive "$kernel" "$python"
  fi
done
