#!/usr/bin/env bash
# Starts the debug build on a fresh in-memory database in demo mode (short bell polling,
# relaxed sign-in limits so the suite can sign in many times) and runs Playwright against it.
# Expects `cargo leptos build` to have run (scripts/test.sh does that first).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/env.sh

PORT="${HAMRO_E2E_PORT:-3100}"
BIN="$CARGO_TARGET_DIR/debug/hamro"
LOG="${HAMRO_E2E_LOG:-$CARGO_TARGET_DIR/e2e-server.log}"
DATA_DIR="$(mktemp -d)"
[ -x "$BIN" ] || { echo "missing $BIN: run 'cargo leptos build' first" >&2; exit 1; }

env HAMRO_ENV=development HAMRO_DEMO=true SURREAL_URL=mem:// HAMRO_DATA_DIR="$DATA_DIR" \
  HAMRO_POLL_SECONDS="${HAMRO_POLL_SECONDS:-2}" HAMRO_LOGIN_ATTEMPTS_PER_MINUTE=10000 HAMRO_SANDBOX_PAYOUT_SECONDS=1 HAMRO_SANDBOX_ASIN_SECONDS=1 HAMRO_SANDBOX_FEED_SECONDS=1 HAMRO_LISTING_FIRST_LOOK_SECONDS=1 \
  HAMRO_DEMO_SALES=false HAMRO_HOLD_DAYS=0 HAMRO_ORDERS_POLL_SECONDS=2 HAMRO_TRANSFER_SECONDS=2 HAMRO_SANDBOX_ORDERS_RATE=5 \
  LEPTOS_OUTPUT_NAME=hamro LEPTOS_SITE_ROOT="$PWD/target/site" LEPTOS_SITE_PKG_DIR=pkg \
  LEPTOS_SITE_ADDR="127.0.0.1:$PORT" RUST_LOG="${RUST_LOG:-info}" \
  "$BIN" serve >"$LOG" 2>&1 &
SERVER_PID=$!
cleanup() { kill "$SERVER_PID" 2>/dev/null || true; wait "$SERVER_PID" 2>/dev/null || true; rm -rf "$DATA_DIR"; }
trap cleanup EXIT

for _ in $(seq 1 120); do
  curl -fsS "http://127.0.0.1:$PORT/healthz" >/dev/null 2>&1 && break
  kill -0 "$SERVER_PID" 2>/dev/null || { echo "server exited; log:" >&2; cat "$LOG" >&2; exit 1; }
  sleep 0.5
done

cd end2end
# One retry: a test that fails and then passes is reported as flaky (listed below), so a
# timing problem shows up in the output without failing the whole run; one that fails twice
# fails it.
OUT="$(mktemp)"
status=0
HAMRO_E2E_URL="http://127.0.0.1:$PORT" npx playwright test --retries="${HAMRO_E2E_RETRIES:-1}" "$@" 2>&1 | tee "$OUT" || status=$?
if grep -qE '^\s+[0-9]+ flaky' "$OUT"; then
  echo "--- flaky tests (failed once, then passed):" >&2
  sed -n '/^\s\+[0-9]\+ flaky/,/^\s\+[0-9]\+ passed/p' "$OUT" >&2
fi
if [ "$status" -ne 0 ]; then
  echo "--- server log (last 80 lines): $LOG" >&2
  tail -n 80 "$LOG" >&2
  # Last, so it is what a truncated CI log still shows: which tests failed, and why.
  echo "--- Playwright failures:" >&2
  grep -E '✘|Error:|expect\(|Timeout|failed|flaky' "$OUT" | tail -n 40 >&2
  rm -f "$OUT"
  exit 1
fi
rm -f "$OUT"
