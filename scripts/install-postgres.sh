#!/usr/bin/env bash
# Installs Debian's PostgreSQL server binaries when they are missing: the PostgreSQL engine's
# tests start a throwaway server from them (test/unit/engine/postgresServer.ts). Run by
# `npm test` (pretest) and `.ci/run`; does nothing when initdb is already there.
set -euo pipefail
if ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then exit 0; fi
if ! command -v apt-get >/dev/null 2>&1; then
  echo "install-postgres: no PostgreSQL binaries and no apt-get: the PostgreSQL tests will be skipped" >&2
  exit 0
fi
SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
echo "install-postgres: installing Debian's postgresql package (once)"
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends postgresql
ls /usr/lib/postgresql/*/bin/initdb
