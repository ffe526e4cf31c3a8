#!/usr/bin/env bash
# The radar's main job on the embedded default world, with no internet: `radar demo` serves a seeded
# SimWorld on loopback, points the default config (Feeds/radar.yaml) at it, collects every enabled feed,
# runs the walk-forward backtest against the world's oracle (demo/report.html, demo/summary.json),
# trains on all labelled history, scores the last hour and prints the ranked watchlist.
# RADAR_DEMO_OUT / RADAR_WORLD_TOKENS / RADAR_WORLD_DAYS change the output folder and the world's size
# (default demo/, 100 tokens x 40 days).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
swift build --product radar
radar=.build/debug/radar
config="${RADAR_CONFIG:-Feeds/radar.yaml}"
"$radar" config check --config "$config"
"$radar" demo --config "$config" --out "${RADAR_DEMO_OUT:-demo}" \
  --tokens "${RADAR_WORLD_TOKENS:-100}" --days "${RADAR_WORLD_DAYS:-40}"
