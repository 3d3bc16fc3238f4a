#!/usr/bin/env bash
# `make demo`: does search buy accuracy, and which search buys the most? Runs the three
# configs in configs/demo/ (best-of-N and beam search with a noisy process reward model,
# majority vote without one) on the synthetic arithmetic task, into one trace database;
# prints the report and draws the scaling curves. The models are simulated, so no GPU and
# no weights are needed.
set -euo pipefail
build=${1:-build}
cd "$(dirname "$0")/.."
out=demo-output
mkdir -p "$out"
echo "ponder demo: search on synthetic arithmetic with a simulated model and PRM"
for config in configs/demo/best_of_n.yaml configs/demo/beam_search.yaml configs/demo/majority_vote.yaml; do
  "$build/ponder" run "$config" --db "$out/demo.db"
done
"$build/ponder" report "$out/demo.db"
"$build/ponder" report "$out/demo.db" --plot "$out/demo-scaling.png" >/dev/null
echo "scaling plot: $out/demo-scaling.png; traces: $out/demo.db"
echo "(running 'make demo' again resumes and reuses the finished runs)"
