#!/usr/bin/env bash
# Runs every check Hamro has: formatting, clippy for the server and the browser builds, the
# Rust tests, and the Playwright end-to-end tests (JavaScript on and off). Sets up what it
# needs first. Everything builds in one (debug) profile, so nothing is compiled twice.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
source scripts/env.sh

step() { printf '\n\033[1;34m[test]\033[0m %s\n' "$*"; }
started=$(date +%s)

step "cargo fmt --check"
cargo fmt --check

step "cargo leptos build (debug: server + wasm)"
cargo leptos build

step "clippy: server (ssr)"
RUSTFLAGS="$HAMRO_DEBUG_RUSTFLAGS" cargo clippy --features ssr --all-targets -- -D warnings

step "clippy: browser (hydrate, wasm32)"
RUSTFLAGS="$HAMRO_DEBUG_RUSTFLAGS" cargo clippy --lib --no-default-features --features hydrate \
  --target wasm32-unknown-unknown -- -D warnings

step "Rust tests"
RUSTFLAGS="$HAMRO_DEBUG_RUSTFLAGS" cargo test --features ssr

step "Playwright (end-to-end)"
scripts/e2e.sh

step "all checks passed in $(( $(date +%s) - started )) s"
