#!/usr/bin/env bash
# Installs what the tests and the demo need and a fresh machine lacks: npm packages and, for
# tests, Debian's chromium and firefox-esr, coturn and openssl for TURN, ffmpeg (ffprobe) for
# recordings, iproute2 and iptables for the fault rig's network namespaces, and nginx and
# redis-server for the proxy test and `npm run cluster`. Quiet when everything is already there.
set -euo pipefail
cd "$(dirname "$0")/.."

# `npm ci`: exactly the lock file (test/package/lockfile.test.mjs keeps it matching package.json,
# with rollup's native builds for every platform). Again only when the lock changed since.
if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  npm ci --no-audit --no-fund
fi

if [ "${1:-}" != "--no-browsers" ]; then
  missing=()
  command -v chromium >/dev/null || missing+=(chromium)
  command -v firefox-esr >/dev/null || missing+=(firefox-esr)
  # Both live in /usr/sbin, which a non-root PATH may lack: look there too.
  command -v ip >/dev/null || [ -x /usr/sbin/ip ] || [ -x /sbin/ip ] || missing+=(iproute2)
  command -v iptables >/dev/null || [ -x /usr/sbin/iptables ] || missing+=(iptables)
  # TURN for real (coturn) and openssl for its test certificate.
  [ -x /usr/bin/turnserver ] || missing+=(coturn)
  command -v openssl >/dev/null || missing+=(openssl)
  # ffprobe, to check that every recorded chunk is a file that plays.
  command -v ffprobe >/dev/null || missing+=(ffmpeg)
  # The front proxy and the shared state of several nodes; the tests and `npm run cluster` run
  # their own copies on free loopback ports, never the system services.
  [ -x /usr/sbin/nginx ] || missing+=(nginx)
  [ -x /usr/bin/redis-server ] || missing+=(redis-server)
  if [ ${#missing[@]} -gt 0 ]; then
    if [ "$(id -u)" -ne 0 ]; then
      echo "Missing ${missing[*]}: install them with apt-get (needs root)." >&2
      exit 1
    fi
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  fi
fi
