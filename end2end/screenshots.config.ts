import { defineConfig, devices } from "@playwright/test";
import base from "./playwright.config";

// The README's screenshots: `scripts/screenshots.sh` starts a fresh demo server and runs
// this, which writes docs/screenshots/*.png. Not part of the test run.
export default defineConfig({
  ...base,
  testDir: "./screenshots",
  timeout: 180_000,
  projects: [{ name: "js", use: { ...devices["Desktop Chrome"], javaScriptEnabled: true, viewport: { width: 1280, height: 800 } } }],
});
