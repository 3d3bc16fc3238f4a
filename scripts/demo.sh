#!/usr/bin/env bash
# `make demo`: the best end-to-end example available without a GPU or downloaded weights.
set -euo pipefail
build=${1:-build}
cd "$(dirname "$0")/.."
echo "ponder demo: registered components"
"$build/ponder" list
