#!/usr/bin/env bash
# The radar's main job on the embedded default world, as far as it exists today: check the default
# config, create the store, import the default universe of IP-linked tokens, serve the simulated world
# on loopback, collect every enabled feed from it (twice: the second pass prices the tokens the first
# discovered and shows re-delivery is idempotent) and show what is stored. Training, backtests and
# `radar demo` arrive with the features and pipeline modules.
# RADAR_WORLD_TOKENS / RADAR_WORLD_DAYS size the world (default 60 tokens x 30 days, so a debug build
# finishes in about a minute; the simulator's own default is 300 x 120).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
swift build --product radar
radar=.build/debug/radar
config="${RADAR_CONFIG:-Feeds/radar.yaml}"
"$radar" config check --config "$config"
"$radar" store init --config "$config"
"$radar" universe import --config "$config" Feeds/universe.yaml

log=$(mktemp)
"$radar" world serve --seed 7 --tokens "${RADAR_WORLD_TOKENS:-60}" --days "${RADAR_WORLD_DAYS:-30}" > "$log" 2>&1 &
world=$!
trap 'kill "$world" 2>/dev/null || true; rm -f "$log"' EXIT
for _ in $(seq 1 120); do
  grep -q '^listening ' "$log" && break
  kill -0 "$world" 2>/dev/null || { cat "$log" >&2; exit 1; }
  sleep 0.5
done
grep '^listening ' "$log" || { echo "main.sh: the world did not start" >&2; cat "$log" >&2; exit 1; }
"$radar" collect --once --config "$config"
"$radar" collect --once --config "$config"
"$radar" store stats --config "$config"
