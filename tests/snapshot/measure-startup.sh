#!/usr/bin/env bash
# Start-up time saved by a pre-initialised start: runs costly_init.c five times plainly and five times from a
# snapshot, and prints each wall time. Usage: tests/snapshot/measure-startup.sh [runs]
set -euo pipefail
HOME_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
WABRIC="$HOME_DIR/bin/wabric"
RUNS="${1:-5}"
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT

"$WABRIC" cc -O2 "$HOME_DIR/tests/snapshot/costly_init.c" -o "$WORK/costly_init.wasm"
"$WABRIC" run "$WORK/costly_init.wasm" 1 > /dev/null 2>&1     # warm the compiled-code cache
"$WABRIC" snapshot create "$WORK/costly_init.wasm" --init init -o "$WORK/costly_init.snap"
ls -l "$WORK/costly_init.snap" | awk '{print "snapshot file: " $5 " bytes"}'

measure() {
  local label="$1"; shift
  for _ in $(seq "$RUNS"); do
    local start end
    start=$(date +%s%N)
    "$@" 77031 > "$WORK/out.txt" 2> "$WORK/err.txt"
    end=$(date +%s%N)
    echo "$label: $(( (end - start) / 1000000 )) ms  ($(tr '\n' ' ' < "$WORK/err.txt"))"
  done
}
measure "plain start     " "$WABRIC" run "$WORK/costly_init.wasm"
measure "from snapshot   " "$WABRIC" run --snapshot "$WORK/costly_init.snap" "$WORK/costly_init.wasm"
