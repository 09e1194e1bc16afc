#!/usr/bin/env bash
# Installs Debian's Neovim when `nvim` is missing: test/unit/lsp/neovim.test.ts runs the
# documented `kpilens lsp` recipe (docs/editors.md) in a headless Neovim. Run by `npm test`
# (pretest); does nothing when nvim is already there.
set -euo pipefail
if command -v nvim >/dev/null 2>&1; then exit 0; fi
if ! command -v apt-get >/dev/null 2>&1; then
  echo "install-neovim: no nvim and no apt-get: the Neovim recipe test will be skipped" >&2
  exit 0
fi
SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
echo "install-neovim: installing Debian's neovim package (once)"
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends neovim
nvim --version | head -1
