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

# Clippy runs as the compiler for Hamro's own crate (RUSTC_WORKSPACE_WRAPPER), inside the
# builds below: the server (ssr), the browser bundle (hydrate, wasm32) and the tests are all
# linted with -D warnings, and no dependency is compiled a second time just to be checked.
export RUSTC_WORKSPACE_WRAPPER
RUSTC_WORKSPACE_WRAPPER="$(rustup which clippy-driver)"
export CLIPPY_ARGS="-D__CLIPPY_HACKERY__warnings__CLIPPY_HACKERY__"

step "cargo leptos build + clippy (debug: server + wasm)"
cargo leptos build

step "Rust tests + clippy on the test targets"
RUSTFLAGS="$HAMRO_DEBUG_RUSTFLAGS" cargo test --features ssr

step "Playwright (end-to-end)"
scripts/e2e.sh

step "all checks passed in $(( $(date +%s) - started )) s"
