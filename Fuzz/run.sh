#!/usr/bin/env bash
# Fuzzes the config checker and the universe readers with libFuzzer for SECONDS (default 60).
set -euo pipefail
cd "$(dirname "$0")"
seconds="${1:-60}"
swift build --sanitize fuzzer
work="$(mktemp -d)"
.build/debug/radar-fuzz -max_total_time="$seconds" -max_len=8192 "$work" corpus
