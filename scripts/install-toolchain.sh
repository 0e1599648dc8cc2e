#!/usr/bin/env bash
# Installs the guest toolchain Wabric needs on a Debian bookworm machine, only when something is missing.
#
# clang-19 (not clang-16): its wasm32 code generation and OpenMP front end are three releases newer
# (OpenMP 5.x constructs such as `masked`, better -O2 loop optimisation for the kernels we benchmark), and
# Debian bookworm ships the complete wasm32 set for it: lld-19, libclang-rt-19-dev-wasm32, libc++-19-dev-wasm32.
#
# Usage: scripts/install-toolchain.sh [--with-baselines]
#   --with-baselines  also installs OpenMPI and libomp for the native side of differential tests and benchmarks.
set -euo pipefail

LLVM_VERSION=19
guest_packages=(
  "clang-${LLVM_VERSION}" "lld-${LLVM_VERSION}" wasi-libc
  "libclang-rt-${LLVM_VERSION}-dev-wasm32" "libc++-${LLVM_VERSION}-dev-wasm32" "libc++abi-${LLVM_VERSION}-dev-wasm32"
  wabt
)
baseline_packages=(openmpi-bin libopenmpi-dev)

wanted=("${guest_packages[@]}")
if [[ "${1:-}" == "--with-baselines" ]]; then
  wanted+=("${baseline_packages[@]}")
fi

missing=()
for package in "${wanted[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$package")
  fi
done

if [[ ${#missing[@]} -eq 0 ]]; then
  exit 0
fi

echo "wabric: installing missing toolchain packages: ${missing[*]}" >&2
sudo_cmd=()
if [[ "$(id -u)" -ne 0 ]]; then
  if command -v sudo >/dev/null 2>&1; then
    sudo_cmd=(sudo)
  else
    echo "wabric: need root to install ${missing[*]}; run as root or install them with apt-get" >&2
    exit 1
  fi
fi
export DEBIAN_FRONTEND=noninteractive
"${sudo_cmd[@]}" apt-get update -qq
"${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
echo "wabric: toolchain ready (clang-${LLVM_VERSION}, wasm-ld-${LLVM_VERSION}, wasi-libc)" >&2
