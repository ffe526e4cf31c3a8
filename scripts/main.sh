#!/usr/bin/env bash
# The radar's main job on the embedded default world, as far as it exists today: check the default
# config, create the store, import the default universe of IP-linked tokens and show what is stored.
# (Collecting from the embedded world, training and the demo arrive with later modules.)
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
swift build --product radar
radar=.build/debug/radar
config="${RADAR_CONFIG:-Feeds/radar.yaml}"
"$radar" config check --config "$config"
"$radar" store init --config "$config"
"$radar" universe import --config "$config" Feeds/universe.yaml
"$radar" store stats --config "$config"
