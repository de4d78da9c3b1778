#!/usr/bin/env bash
# Install what the tests need (Python packages into .venv, and when missing Debian's chromium and
# fonts-noto-cjk for the browser tests) and run the whole suite: lint, types, layers, tests on SQLite
# and PostgreSQL. Used as is by developers and by CI (.ci/run).
set -euo pipefail
cd "$(dirname "$0")/.."

PY=${PYTHON:-python3}
if [ ! -x .venv/bin/python ]; then
    "$PY" -m venv .venv
fi
.venv/bin/python -m pip install --quiet --upgrade pip >/dev/null
bash scripts/assets.sh
.venv/bin/python -m pip install --quiet -e '.[test]'

# Browser and CJK fonts for the end-to-end page tests (Debian packages).
if ! command -v chromium >/dev/null 2>&1 || ! fc-list 2>/dev/null | grep -qi 'Noto Sans CJK'; then
    if command -v apt-get >/dev/null 2>&1 && [ "$(id -u)" = 0 ]; then
        echo "installing chromium and fonts-noto-cjk ..."
        apt-get update -qq >/dev/null
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver fonts-noto-cjk >/dev/null
    else
        echo "warning: chromium or fonts-noto-cjk missing and cannot be installed here" >&2
    fi
fi

# PostgreSQL: the integration tests use it when reachable; under CI a missing server is a failure.
export LUOSHI_TEST_POSTGRES_URL=${LUOSHI_TEST_POSTGRES_URL:-postgresql+psycopg://postgres@127.0.0.1:5432/test}

echo "== ruff"
.venv/bin/ruff check src tests benchmarks scripts
.venv/bin/ruff format --check --quiet src tests benchmarks scripts
echo "== mypy"
.venv/bin/mypy
echo "== pytest"
.venv/bin/python -m pytest "$@"
