#!/usr/bin/env bash
# The main demo, from a fresh clone: installs the guest toolchain and OpenMPI if missing, builds Wabric, then
#   1. compiles examples/hello.c with `wabric cc` and runs it sandboxed with `wabric run`;
#   2. compiles the hybrid MPI+OpenMP heat solver examples/heat_hybrid.c twice, with OpenMPI's `mpicc -fopenmp`
#      and with `wabric cc -fopenmp`, runs it on 2 ranks x 2 threads natively (`mpirun`) and on Wabric
#      (`wabric mpirun`), and checks that both print the same verification value.
# WABRIC_DEMO_DIR (default target/demo) holds the built programs; WABRIC_DEMO_SIZE / WABRIC_DEMO_SWEEPS set the plate.
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/install-toolchain.sh --with-baselines
out="${WABRIC_DEMO_DIR:-target/demo}"
size="${WABRIC_DEMO_SIZE:-512}"
sweeps="${WABRIC_DEMO_SWEEPS:-200}"
mkdir -p "$out"

echo "== wabric --version"
bin/wabric --version

echo "== wabric cc + wabric run: examples/hello.c"
bin/wabric cc -O2 examples/hello.c -o "$out/hello.wasm"
bin/wabric run "$out/hello.wasm" demo

echo "== the hybrid MPI+OpenMP heat solver, 2 ranks x 2 threads, ${size}x${size} plate, ${sweeps} sweeps"
bin/wabric cc -fopenmp -O2 examples/heat_hybrid.c -o "$out/heat_hybrid.wasm"
mpicc -fopenmp -O2 examples/heat_hybrid.c -o "$out/heat_hybrid-native"

run_as_root=()
if [[ "$(id -u)" == 0 ]]; then
    run_as_root=(--allow-run-as-root)
fi
echo "-- native: OMP_NUM_THREADS=2 mpirun -np 2 heat_hybrid-native"
native="$(OMP_NUM_THREADS=2 mpirun "${run_as_root[@]}" --oversubscribe --bind-to none -np 2 -x OMP_NUM_THREADS \
    "$out/heat_hybrid-native" "$size" "$sweeps")"
echo "$native"
echo "-- Wabric: wabric mpirun -np 2 --threads 2 heat_hybrid.wasm"
wabric="$(bin/wabric mpirun -np 2 --threads 2 "$out/heat_hybrid.wasm" "$size" "$sweeps")"
echo "$wabric"

if [[ "$native" != "$wabric" ]]; then
    echo "demo: the verification values differ between native and Wabric (see above)" >&2
    exit 1
fi
echo "== same verification value natively and on Wabric"
