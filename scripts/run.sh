#!/usr/bin/env bash
# Runs Hamro at http://127.0.0.1:3000 in demo mode, on SurrealDB embedded on disk under
# ./data, with the built-in Amazon and Stripe sandboxes. Sets up what it needs first.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
source scripts/env.sh

export HAMRO_ENV="${HAMRO_ENV:-development}"
export HAMRO_DEMO="${HAMRO_DEMO:-true}"
export SURREAL_URL="${SURREAL_URL:-surrealkv://data/db}"
mkdir -p data

# Release build (optimised server, size-optimised wasm), then serve. The bundle's file names
# carry a content hash (cached for a year by browsers) and ship precompressed (.br, .gz).
export LEPTOS_HASH_FILES=true
exec cargo leptos serve --release --precompress
