#!/usr/bin/env bash
# Gradescope runs this once, as root, when it builds the autograder's image (Ubuntu).
# The grader needs Python 3.11 to 3.13 (check_python.py stops otherwise), e.g. Ubuntu 24.04's 3.12.
set -euo pipefail
ROOT="${AUTOGRADER_ROOT:-/autograder}"
export DEBIAN_FRONTEND=noninteractive
apt-get update
apt-get install -y python3 python3-venv bubblewrap util-linux
python3 "$ROOT/source/bin/check_python.py"
python3 -m venv "$ROOT/venv"
"$ROOT/venv/bin/pip" install --no-cache-dir -r "$ROOT/source/requirements.txt"
