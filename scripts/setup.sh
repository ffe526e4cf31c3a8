#!/usr/bin/env bash
# Installs what a fresh Debian machine lacks to build and test AlphaRadar. Idempotent: a second run
# installs nothing and takes a second or two.
set -euo pipefail
cd "$(dirname "$0")/.."

packages=(libcurl4-openssl-dev libsqlite3-dev libopenblas-dev pkg-config python3-venv)
missing=()
for package in "${packages[@]}"; do
    dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done
if [ ${#missing[@]} -gt 0 ]; then
    echo "setup: installing ${missing[*]}"
    sudo_cmd=""
    [ "$(id -u)" -eq 0 ] || sudo_cmd="sudo"
    $sudo_cmd apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

command -v swift >/dev/null || { echo "setup: swift 6.2 or newer must be on PATH (https://swift.org/install)" >&2; exit 1; }

# Python packages that tests and benchmark peers use live in .venv (ignored by git).
if [ ! -x .venv/bin/python ]; then
    python3 -m venv .venv
fi
if ! cmp -s requirements-test.txt .venv/.requirements-installed 2>/dev/null; then
    .venv/bin/python -m pip install --quiet --disable-pip-version-check -r requirements-test.txt
    cp requirements-test.txt .venv/.requirements-installed
fi
