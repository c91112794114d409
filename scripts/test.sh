#!/usr/bin/env bash
# The whole test suite, from a fresh clone: installs what it needs, then builds, lints, type-checks,
# runs every package's tests (unit, protocol, browser), the size budgets, the package checks and
# the end-to-end suite. Prints one closing line: "N passed, N failed".
set -uo pipefail
cd "$(dirname "$0")/.."
bash scripts/bootstrap.sh --browser || exit 1
export TURBO_TELEMETRY_DISABLED=1 CHROMIUM_BIN="${CHROMIUM_BIN:-$(command -v chromium)}"
mkdir -p .test-logs
log=.test-logs/test.log
: > "$log"
status=0
run() {
  echo "== $*" | tee -a "$log"
  "$@" 2>&1 | tee -a "$log"
  local rc=${PIPESTATUS[0]}
  [ "$rc" = 0 ] || { echo "== FAILED ($rc): $*" | tee -a "$log"; status=1; }
}
run pnpm turbo run build --output-logs=errors-only
run pnpm turbo run lint typecheck --concurrency=2 --output-logs=errors-only
run pnpm format:check
run pnpm turbo run test --concurrency=1 --output-logs=full
run pnpm turbo run size check:pack --concurrency=1 --output-logs=full
node scripts/test-summary.mjs "$log" "$status"
