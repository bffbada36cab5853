#!/usr/bin/env bash
# Install what the grader's sandbox needs: bubblewrap (bwrap) and setpriv (util-linux).
# Runs apt-get as root, or through sudo when it needs no password; otherwise says what to run.
# Safe to run again: it does nothing when both are there.
set -euo pipefail
missing=()
command -v bwrap >/dev/null 2>&1 || missing+=(bubblewrap)
command -v setpriv >/dev/null 2>&1 || missing+=(util-linux)
if [ ${#missing[@]} -eq 0 ]; then
  echo "sandbox: bwrap $(bwrap --version | cut -d' ' -f2) and setpriv are installed"
  exit 0
fi
if ! command -v apt-get >/dev/null 2>&1; then
  echo "sandbox: install ${missing[*]} with your package manager (e.g. dnf install bubblewrap)," >&2
  echo "         or grade with --no-sandbox (no isolation; every report says so)." >&2
  exit 1
fi
if [ "$(id -u)" -eq 0 ]; then
  sudo=()
elif sudo -n true 2>/dev/null; then
  sudo=(sudo -n)
else
  echo "sandbox: run 'sudo apt-get install ${missing[*]}' once (needs root)," >&2
  echo "         or grade with --no-sandbox (no isolation; every report says so)." >&2
  exit 1
fi
"${sudo[@]}" apt-get update -qq
DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -qq "${missing[@]}" >/dev/null
echo "sandbox: installed ${missing[*]}"
