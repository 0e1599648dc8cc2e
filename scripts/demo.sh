#!/usr/bin/env bash
# The main demo, from a fresh clone: installs the guest toolchain if missing, builds Wabric, compiles two C
# programs with `wabric cc`, runs them sandboxed with `wabric run`, and runs the kernel natively for comparison.
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/install-toolchain.sh
out="${WABRIC_DEMO_DIR:-target/demo}"
mkdir -p "$out"

echo "== wabric --version"
bin/wabric --version

echo "== wabric cc: compile examples/hello.c and examples/heat.c to Wasm"
bin/wabric cc -O2 examples/hello.c -o "$out/hello.wasm"
bin/wabric cc -O2 examples/heat.c -o "$out/heat.wasm"

echo "== wabric run hello.wasm"
bin/wabric run "$out/hello.wasm" demo

echo "== the heat kernel: native (gcc -O2) and on Wabric"
gcc -O2 examples/heat.c -o "$out/heat-native"
"$out/heat-native" 512 300
bin/wabric run "$out/heat.wasm" 512 300
