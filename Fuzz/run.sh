#!/usr/bin/env bash
# Fuzzes one target with libFuzzer for SECONDS (default 60):
#   radar-fuzz (default): the config checker and the universe readers, seeds in corpus/
#   feeds-fuzz: the RSS/Atom reader and the DexScreener and X adapters, seeds in corpus-feeds/
set -euo pipefail
cd "$(dirname "$0")"
seconds="${1:-60}"
target="${2:-radar-fuzz}"
case "$target" in
    radar-fuzz) seeds=corpus ;;
    feeds-fuzz) seeds=corpus-feeds ;;
    *) echo "unknown target '$target' (radar-fuzz or feeds-fuzz)" >&2; exit 2 ;;
esac
swift build --sanitize fuzzer --product "$target"
work="$(mktemp -d)"
".build/debug/$target" -max_total_time="$seconds" -max_len=8192 "$work" "$seeds"
