#!/usr/bin/env bash
# The README's first command, from a fresh clone on a machine with Node 20 (>= 20.19) and npm:
# installs everything (scripts/bootstrap.sh), builds the SDK, the dev server and the React
# example, then runs scripts/dev.mjs: the dev server (SQLite under .milana/) and the React demo
# app recording into it. It prints both URLs; Ctrl-C stops both.
#
#   bash scripts/start.sh [--port 4800] [--app-port 5173] [--memory] [--verbose]
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/bootstrap.sh
export TURBO_TELEMETRY_DISABLED=1
echo "start: building the SDK, the dev server and the React example"
pnpm turbo run build \
  --filter='@milana-js/example-react-vite...' \
  --filter='@milana-js/dev-server' \
  --output-logs=errors-only
exec node scripts/dev.mjs "$@"
