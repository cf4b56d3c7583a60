// Page-load figures for benches/run: first contentful paint and hydration of /seller/payouts
// (signed in) against a static page with the same CSS. Prints JSON.
// Usage (from end2end/, where Playwright is installed): node ../benches/page_load.mjs BASE COOKIE RUNS
import { createRequire } from "node:module";

// Playwright lives in end2end/node_modules: resolve it from the working directory.
const require = createRequire(`${process.cwd()}/package.json`);
const { chromium } = require("@playwright/test");

const [base, cookie, runsArg] = process.argv.slice(2);
const runs = Number(runsArg ?? 5);
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
  args: ["--no-sandbox", "--disable-gpu"],
});
const [name, value] = cookie.split(";")[0].split("=");
const url = new URL(base);

async function load(path, waitHydrated, repeat = false) {
  const context = await browser.newContext();
  await context.addCookies([{ name, value, domain: url.hostname, path: "/" }]);
  if (repeat) {
    // A returning visitor: the bundle is in the browser's cache from an earlier visit.
    const first = await context.newPage();
    await first.goto(base + path, { waitUntil: "load" });
    await first.waitForSelector("body[data-hydrated=true]", { timeout: 30_000 });
    await first.close();
  }
  const page = await context.newPage();
  await page.goto(base + path, { waitUntil: "load" });
  let hydrated = null;
  if (waitHydrated) {
    await page.waitForSelector("body[data-hydrated=true]", { timeout: 30_000 });
    hydrated = await page.evaluate(() => performance.now());
  }
  const fcp = await page.evaluate(async () => {
    for (let i = 0; i < 50; i++) {
      const e = performance.getEntriesByName("first-contentful-paint")[0];
      if (e) return e.startTime;
      await new Promise((r) => setTimeout(r, 20));
    }
    return null;
  });
  await context.close();
  return { fcp, hydrated };
}

const out = { static: { fcp: [] }, app: { fcp: [], hydrated: [] }, repeat: { fcp: [], hydrated: [] } };
await load("/seller/payouts", true); // warm-up (connection, caches)
for (let i = 0; i < runs; i++) {
  const s = await load("/bench-static.html", false);
  out.static.fcp.push(s.fcp);
  const a = await load("/seller/payouts", true);
  out.app.fcp.push(a.fcp);
  out.app.hydrated.push(a.hydrated);
  const r = await load("/seller/payouts", true, true);
  out.repeat.fcp.push(r.fcp);
  out.repeat.hydrated.push(r.hydrated);
}
await browser.close();
process.stdout.write(JSON.stringify(out));
