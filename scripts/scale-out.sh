#!/usr/bin/env bash
# The scale-out test: two Hamro instances on one SurrealDB server over ws://.
# Builds the SurrealDB server (tools/surrealdb-test-server, from the `surrealdb-server` crate;
# about 15 minutes cold on 2 cores, so it is not part of the default test command), then runs
# the `#[ignore]`d tests in tests/api/scale_out.rs against it.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
source scripts/env.sh

echo "[scale-out] building the SurrealDB server (tools/surrealdb-test-server)"
# Its own lock file, profile and target dir, so it never invalidates Hamro's build cache.
SURREAL_TARGET="$CARGO_TARGET_DIR/surrealdb-test-server"
(unset RUSTC_WORKSPACE_WRAPPER CLIPPY_ARGS RUSTFLAGS
 cargo build --locked --manifest-path tools/surrealdb-test-server/Cargo.toml --target-dir "$SURREAL_TARGET")
export HAMRO_SURREAL_SERVER="$SURREAL_TARGET/debug/surreal"

echo "[scale-out] running tests/api/scale_out.rs"
export RUSTC_WORKSPACE_WRAPPER
RUSTC_WORKSPACE_WRAPPER="$(rustup which clippy-driver)"
export CLIPPY_ARGS="-D__CLIPPY_HACKERY__warnings__CLIPPY_HACKERY__"
RUSTFLAGS="$HAMRO_DEBUG_RUSTFLAGS" cargo test --features ssr --test api scale_out -- --ignored --test-threads=1
