#!/usr/bin/env bash
# Installs the Debian packages that building, running and testing Madoguchi
# need (as root, or through passwordless sudo). Go modules and npm packages are
# fetched by the Makefile into the module cache and frontend/node_modules.
#
# usage: build/deps.sh run|test
set -euo pipefail

build_pkgs=(build-essential pkg-config libgtk-3-dev libwebkit2gtk-4.1-dev fonts-noto-cjk)
card_pkgs=(pcscd libpcsclite-dev vsmartcard-vpcd)
# OpenSC is the independent client that checks the virtual card against the real layout.
card_test_pkgs=(opensc pcsc-tools)
# PostgreSQL: the office engine; `make test` runs a throwaway cluster of it (build/pg.sh).
test_pkgs=(xvfb xauth chromium imagemagick postgresql)

case "${1:-run}" in
  run) want=("${build_pkgs[@]}" "${card_pkgs[@]}") ;;
  test) want=("${build_pkgs[@]}" "${card_pkgs[@]}" "${card_test_pkgs[@]}" "${test_pkgs[@]}") ;;
  *) echo "usage: $0 run|test" >&2; exit 2 ;;
esac

if ! command -v dpkg-query >/dev/null; then
  echo "deps: not a Debian/Ubuntu system; install the equivalents of: ${want[*]}" >&2
  exit 0
fi

missing=()
for p in "${want[@]}"; do
  if [ "$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null)" != "install ok installed" ]; then
    missing+=("$p")
  fi
done
[ ${#missing[@]} -eq 0 ] && exit 0

if [ "$(id -u)" -eq 0 ]; then
  sudo=()
elif command -v sudo >/dev/null && sudo -n true 2>/dev/null; then
  sudo=(sudo -n)
else
  echo "deps: these Debian packages are missing: ${missing[*]}" >&2
  echo "deps: run as root, or ask an administrator to run:" >&2
  echo "      sudo apt-get update && sudo apt-get install -y ${missing[*]}" >&2
  exit 1
fi

echo "deps: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
"${sudo[@]}" apt-get update -qq
"${sudo[@]}" apt-get install -y -qq "${missing[@]}" >/dev/null
