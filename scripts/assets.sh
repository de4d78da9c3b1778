#!/usr/bin/env bash
# Install the front-end libraries from the npm registry (web-assets/package-lock.json) and copy the files
# the app serves into src/luoshi/web/static/vendor/. Run at install time; the app never fetches anything.
set -euo pipefail
cd "$(dirname "$0")/.."
vendor=src/luoshi/web/static/vendor
if [ -f "$vendor/echarts.min.js" ] && [ -f "$vendor/htmx.min.js" ] && [ "$vendor/echarts.min.js" -nt web-assets/package-lock.json ]; then
    exit 0
fi
if ! command -v npm >/dev/null 2>&1; then
    if command -v apt-get >/dev/null 2>&1 && [ "$(id -u)" = 0 ]; then
        apt-get update -qq >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nodejs npm >/dev/null
    else
        echo "error: npm is needed once, at install time, to fetch the chart library (apt-get install npm)" >&2
        exit 1
    fi
fi
(cd web-assets && npm ci --no-audit --no-fund --loglevel=error)
mkdir -p "$vendor"
cp web-assets/node_modules/echarts/dist/echarts.min.js "$vendor/"
cp web-assets/node_modules/htmx.org/dist/htmx.min.js "$vendor/"
cp web-assets/node_modules/echarts/LICENSE "$vendor/LICENSE.echarts"
cp web-assets/node_modules/htmx.org/LICENSE "$vendor/LICENSE.htmx"
