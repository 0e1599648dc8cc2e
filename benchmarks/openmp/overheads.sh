#!/usr/bin/env bash
# EPCC-style OpenMP overheads, natively (gcc/libgomp) and on Wabric, at the same thread count; prints the ratios.
# Usage: benchmarks/openmp/overheads.sh [THREADS=2] [INNER=20000] [MODE=shared|fork]
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
threads="${1:-2}"
inner="${2:-20000}"
mode="${3:-shared}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
gcc -fopenmp -O2 "$root/experiments/programs/openmp/epcc_overheads.c" -o "$work/native"
"$root/bin/wabric" cc -fopenmp -O2 "$root/experiments/programs/openmp/epcc_overheads.c" -o "$work/epcc.wasm"
OMP_NUM_THREADS="$threads" "$work/native" "$inner" > "$work/native.txt"
OMP_NUM_THREADS="$threads" "$root/bin/wabric" run --omp="$mode" "$work/epcc.wasm" "$inner" > "$work/wabric.txt"
printf "%-10s %12s %12s %8s\n" construct "libgomp us" "wabric us" ratio
join <(sort "$work/native.txt") <(sort "$work/wabric.txt") | grep -v '^threads' |
    awk '{ r = ($2 > 0) ? $3 / $2 : 0; printf "%-10s %12.3f %12.3f %8.1f\n", $1, $2, $3, r }'
