#!/usr/bin/env bash
# Install luoshi into .venv and start the demo: the Pingcheng plan on an embedded SQLite database
# (./luoshi-demo.db), served on http://127.0.0.1:8000. Extra arguments go to `luoshi demo`.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PYTHON:-python3}
if [ ! -x .venv/bin/python ]; then
    "$PY" -m venv .venv
fi
.venv/bin/python -m pip install --quiet --upgrade pip >/dev/null
bash scripts/assets.sh
.venv/bin/python -m pip install --quiet -e .
exec .venv/bin/luoshi demo "$@"
