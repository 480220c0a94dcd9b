#!/usr/bin/env bash
# Installs what Sanad needs on a fresh Debian machine with Node 20 and npm (run as root):
# npm packages from the lockfile, redis-server from Debian and, for `setup.sh test`, Debian's
# Chromium (plus fonts with Arabic glyphs) for the browser tests. Idempotent: quick when
# everything is already there.
set -euo pipefail
cd "$(dirname "$0")/.."

need_apt=()
command -v redis-server >/dev/null 2>&1 || need_apt+=(redis-server)
if [ "${1:-}" = "test" ]; then
  command -v chromium >/dev/null 2>&1 || need_apt+=(chromium)
  [ -d /usr/share/fonts/truetype/noto ] || need_apt+=(fonts-noto-core)
fi
if [ ${#need_apt[@]} -gt 0 ]; then
  echo "setup: installing ${need_apt[*]} with apt-get" >&2
  SUDO=""
  [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq >/dev/null
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${need_apt[@]}" >/dev/null
  # Debian starts the packaged service; we run our own instances, so stop it.
  (command -v systemctl >/dev/null 2>&1 && $SUDO systemctl disable --now redis-server >/dev/null 2>&1) || true
  (command -v service >/dev/null 2>&1 && $SUDO service redis-server stop >/dev/null 2>&1) || true
fi

# Install the locked versions when node_modules is missing or older than the lockfile.
# `npm install` rather than `npm ci`: the registry reachable here serves only this
# platform's optional packages (biome, msgpackr), so npm ci refuses the lockfile as
# "out of sync" over the other platforms' entries it cannot record. `--no-save`: install what
# the lockfile says without writing it back (npm would add those entries to it, and a clone
# that only ran the bot or the tests would show the lockfile changed).
if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  echo "setup: installing npm packages from the lockfile" >&2
  npm install --no-audit --no-fund --no-save >&2
  touch node_modules/.package-lock.json
fi
