#!/usr/bin/env bash
# Opens Madoguchi for `make run`: makes sure the PC/SC service runs and, when no
# physical card reader is connected, serves the virtual card on vpcd's first
# reader so that "Read card" shows a result on a machine without hardware.
#
# usage: build/run.sh BINARY DATA_DIR PERSONA
set -euo pipefail
bin=$1 data=$2 persona=$3

start_pcscd() {
  [ -S /run/pcscd/pcscd.comm ] && return 0
  if [ "$(id -u)" -eq 0 ]; then
    rm -f /run/pcscd/pcscd.comm
    pcscd
  elif command -v sudo >/dev/null && sudo -n true 2>/dev/null; then
    sudo -n pcscd
  else
    echo "run: the PC/SC service (pcscd) is not running and cannot be started without root;" >&2
    echo "     card reading is unavailable. Start it with: sudo systemctl start pcscd" >&2
    return 1
  fi
  for _ in $(seq 50); do [ -S /run/pcscd/pcscd.comm ] && return 0; sleep 0.1; done
}

virtual_pid=
if start_pcscd; then
  sleep 1 # let pcscd load the vpcd driver
  if ! "$bin" card readers 2>/dev/null | grep -qv '^Virtual PCD'; then
    echo "run: no physical card reader: serving the virtual card ($persona) on the first virtual reader"
    "$bin" card virtual --persona "$persona" --reader 0 --trust-dir "$data/chip-trust" &
    virtual_pid=$!
  fi
fi
trap '[ -n "$virtual_pid" ] && kill "$virtual_pid" 2>/dev/null || true' EXIT
"$bin" --data-dir "$data"
