#!/usr/bin/env bash
# Fails when a heavy or owned dependency is included outside the folder that owns it
# (docs/architecture.md): torch only in models/torch, yaml-cpp only in experiments,
# sqlite3 only in traces, TBB only in experiments and sandbox, cairo only in the plot
# writer of experiments/reports; search/ includes only the standard library and search/.
set -euo pipefail
root=${1:-.}
cd "$root"
status=0

check() {  # check PATTERN ALLOWED_REGEX DESCRIPTION
  local hits
  hits=$(grep -rlE "$1" --include='*.h' --include='*.cc' search models policies verifiers sandbox \
           traces experiments cli bench 2>/dev/null | grep -vE "$2" || true)
  if [ -n "$hits" ]; then
    echo "include boundary broken: $3 in:"
    echo "$hits" | sed 's/^/  /'
    status=1
  fi
}

check '#include *[<"](torch|ATen|c10)/' '^(models/torch/|bench/models/)' 'LibTorch headers'
check '#include *[<"]yaml-cpp/' '^experiments/' 'yaml-cpp'
check '#include *[<"]sqlite3\.h' '^traces/' 'sqlite3.h'
check '#include *[<"](tbb|oneapi)/' '^(experiments/|sandbox/|models/)' 'TBB'
check '#include *[<"]cairo' '^experiments/reports/scaling_plot\.cc' 'cairo'

# search/ includes only the standard library and its own headers.
bad=$(grep -rhoE '#include *"[^"]+"' search | grep -vE '"search/' || true)
if [ -n "$bad" ]; then
  echo "search/ includes something outside search/:"
  echo "$bad" | sort -u | sed 's/^/  /'
  status=1
fi
bad=$(grep -rhoE '#include *<[^>]+>' search | grep -E '<[^>]*[/.][^>]*>' || true)
if [ -n "$bad" ]; then
  echo "search/ includes a non-standard header:"
  echo "$bad" | sort -u | sed 's/^/  /'
  status=1
fi
[ $status -eq 0 ] && echo "include boundaries hold"
exit $status
