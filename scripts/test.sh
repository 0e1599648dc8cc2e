#!/usr/bin/env bash
# Runs Wabric's default test suite from a fresh clone: installs the guest toolchain and the native baselines
# (OpenMPI) when missing, then builds every module and runs its tests. Long suites are tagged `slow` and run with
#   scripts/test.sh -Dgroups=slow -Dtest.excludedGroups=
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/install-toolchain.sh --with-baselines
mvn -B -ntp verify "$@"
