#!/usr/bin/env bash
# Build the web app into web/dist when it is missing or older than its sources (used by run.sh and test.sh).
# Installs the locked dependencies (npm ci) when node_modules is missing or older than package-lock.json.
set -euo pipefail
WEB=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
cd "$WEB"

command -v npm >/dev/null 2>&1 || { echo "web/build.sh: npm (Node.js 20.19 or later) is not on PATH" >&2; exit 1; }

if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
    echo "==> web: npm ci"
    npm ci --no-audit --no-fund --loglevel=error
fi

stale=0
if [ ! -f dist/index.html ]; then
    stale=1
elif [ -n "$(find . -path ./node_modules -prune -o -path ./dist -prune -o -type f -newer dist/index.html -print -quit)" ]; then
    stale=1
fi
if [ "$stale" -eq 1 ]; then
    echo "==> web: npm run build"
    npm run build --silent
else
    echo "==> web: dist is up to date"
fi
