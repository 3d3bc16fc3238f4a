#!/usr/bin/env bash
# Installs every Debian package ponder needs to build, test and run.
# Idempotent: when all packages are present it changes nothing and needs no network.
set -euo pipefail

packages=(
  # toolchain
  build-essential cmake ninja-build pkg-config git clang-format
  # libraries (see docs/build.md for what each one is for)
  libtorch-dev libopenblas0-openmp libtbb-dev libyaml-cpp-dev libsqlite3-dev sqlite3
  libboost-dev nlohmann-json3-dev libpcre2-dev libicu-dev libseccomp-dev libcli11-dev
  libgtest-dev libgmock-dev libbenchmark-dev
  # the sandbox runs untrusted Python programs with Debian's interpreter, isolated by bubblewrap
  python3 bubblewrap util-linux
)

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed'; then
    missing+=("$p")
  fi
done

if [ ${#missing[@]} -eq 0 ]; then
  echo "install-deps: all ${#packages[@]} packages present"
  exit 0
fi

echo "install-deps: installing ${missing[*]}"
sudo=""
if [ "$(id -u)" -ne 0 ]; then sudo="sudo"; fi
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
