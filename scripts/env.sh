# Sourced by the other scripts: one place for the build environment.
# shellcheck shell=bash

# Build output lives outside the clone, so a fresh clone (CI) reuses the warm cache.
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/hamro/target}"
# cargo-leptos finds npm's wasm-opt (binaryen) here; Debian's binaryen breaks hydration.
export PATH="$PWD/end2end/node_modules/.bin:${CARGO_HOME:-$HOME/.cargo}/bin:$PATH"
# Plain cargo commands (test, clippy) must see what `cargo leptos build` sets, or cargo
# rebuilds the whole tree: the debug cfg and the output name leptos reads at compile time.
export HAMRO_DEBUG_RUSTFLAGS="--cfg erase_components"
export LEPTOS_OUTPUT_NAME=hamro
