#!/usr/bin/env bash
# The whole test suite, from a fresh clone: set-up, build, every test.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
# Tests that need a Python counterpart skip themselves when it is missing; here it must be present,
# so a broken install fails the run instead of silently skipping the peer tests.
.venv/bin/python -c "import numpy, sklearn, lightgbm, xgboost, eth_tester, eth.vm, vyper, coincurve, alphalens" \
  || { echo "test.sh: the test venv is incomplete; see scripts/setup.sh" >&2; exit 1; }
swift build --build-tests
# One test at a time: several tests bound wall-clock times (HTTP timeouts, cancellation), and on a
# 2-core machine a few CPU-heavy tests running beside them would hold Swift's cooperative pool.
swift test --skip-build --no-parallel "$@"
