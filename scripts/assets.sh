#!/usr/bin/env bash
# Install the front-end libraries from the npm registry (web-assets/package-lock.json) and copy the files
# the app serves into src/luoshi/web/static/vendor/. Run at install time; the app never fetches anything.
set -euo pipefail
cd "$(dirname "$0")/.."
vendor=src/luoshi/web/static/vendor
if [ -f "$vendor/echarts.min.js" ] && [ -f "$vendor/htmx.min.js" ] && [ -f "$vendor/swagger-ui-bundle.js" ] \
    && [ -f tests/e2e/vendor/axe.min.js ] && [ "$vendor/echarts.min.js" -nt web-assets/package-lock.json ]; then
    exit 0
fi
if ! command -v npm >/dev/null 2>&1; then
    if command -v apt-get >/dev/null 2>&1 && [ "$(id -u)" = 0 ]; then
        apt-get update -qq >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nodejs npm >/dev/null
    else
        echo "error: npm is needed once, at install time, to fetch the front-end libraries (apt-get install npm)" >&2
        exit 1
    fi
fi
# --ignore-scripts: none of these libraries needs an install script, and swagger-ui-dist's dependency
# @scarf/scarf has one that reports the install to an analytics server
(cd web-assets && npm ci --ignore-scripts --no-audit --no-fund --loglevel=error)
mkdir -p "$vendor"
cp web-assets/node_modules/echarts/dist/echarts.min.js "$vendor/"
cp web-assets/node_modules/htmx.org/dist/htmx.min.js "$vendor/"
# the API docs at /api/docs: Swagger UI's bundle and style sheet (the page and its start script are the app's)
cp web-assets/node_modules/swagger-ui-dist/swagger-ui-bundle.js "$vendor/"
cp web-assets/node_modules/swagger-ui-dist/swagger-ui.css "$vendor/"
# axe-core (accessibility rules) is for the browser tests only: it goes beside them, never into the app
mkdir -p tests/e2e/vendor
cp web-assets/node_modules/axe-core/axe.min.js tests/e2e/vendor/
cp web-assets/node_modules/axe-core/LICENSE tests/e2e/vendor/LICENSE.axe-core
cp web-assets/node_modules/echarts/LICENSE "$vendor/LICENSE.echarts"
cp web-assets/node_modules/htmx.org/LICENSE "$vendor/LICENSE.htmx"
cp web-assets/node_modules/swagger-ui-dist/LICENSE "$vendor/LICENSE.swagger-ui"
cp web-assets/node_modules/swagger-ui-dist/NOTICE "$vendor/NOTICE.swagger-ui"
