#!/usr/bin/env bash
# Start-up time saved by a pre-initialised start: runs costly_init.c [runs] times plainly and [runs] times from a
# snapshot, and prints each run's wall time and CPU time (user + sys, all threads: on a loaded machine the wall
# time swings with other tenants' load, the CPU time much less). A trivial guest (preinit_hello.c, no snapshot)
# gives the floor every start pays: JVM start, CLI, loading a cached compiled module.
# Usage: tests/snapshot/measure-startup.sh [runs]
set -euo pipefail
HOME_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
WABRIC="$HOME_DIR/bin/wabric"
RUNS="${1:-5}"
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT

"$WABRIC" cc -O2 "$HOME_DIR/tests/snapshot/costly_init.c" -o "$WORK/costly_init.wasm"
"$WABRIC" cc -O2 "$HOME_DIR/tests/snapshot/preinit_hello.c" -o "$WORK/hello.wasm"
"$WABRIC" run "$WORK/hello.wasm" > /dev/null 2>&1
"$WABRIC" run "$WORK/costly_init.wasm" 1 > /dev/null 2>&1     # warm the compiled-code cache
"$WABRIC" snapshot create "$WORK/costly_init.wasm" --init init -o "$WORK/costly_init.snap"
ls -l "$WORK/costly_init.snap" | awk '{print "snapshot file: " $5 " bytes"}'

measure() {
  local label="$1"; shift
  for _ in $(seq "$RUNS"); do
    /usr/bin/time -f "%e %U %S" -o "$WORK/time.txt" "$@" 77031 > "$WORK/out.txt" 2> "$WORK/err.txt"
    awk -v label="$label" -v out="$(tr '\n' ' ' < "$WORK/err.txt")" \
      '{printf "%s: wall %5d ms  cpu %5d ms  (%s)\n", label, $1 * 1000, ($2 + $3) * 1000, out}' "$WORK/time.txt"
  done
}
measure "trivial guest   " "$WABRIC" run "$WORK/hello.wasm"
measure "plain start     " "$WABRIC" run "$WORK/costly_init.wasm"
measure "from snapshot   " "$WABRIC" run --snapshot "$WORK/costly_init.snap" "$WORK/costly_init.wasm"
