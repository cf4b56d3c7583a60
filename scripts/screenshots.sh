#!/usr/bin/env bash
# Regenerates the README's screenshots (docs/screenshots/*.png): builds the debug app, starts
# it on a fresh demo database and walks through the product with Playwright.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
source scripts/env.sh
cargo leptos build
scripts/e2e.sh --config=screenshots.config.ts
