import AxeBuilder from "@axe-core/playwright";
import { Page, TestInfo } from "@playwright/test";
import { ADMIN, SELLER, expect, jsEnabled, open, switchTo, test } from "./helpers";

// Every page, checked by axe-core against WCAG 2.1 A and AA, with JavaScript on and off:
// no violation of serious or critical impact (axe's "moderate" and "minor" are reported in
// the test's output, not failed on).
//
// axe runs as a script in the page, so both projects run the browser with JavaScript; the
// "no-js" project serves the app's bundle as an empty module, so what axe checks there is
// the server-rendered page exactly as a browser without JavaScript shows it.
test.use({ javaScriptEnabled: true });

test.beforeEach(async ({ page }, testInfo) => {
  if (jsEnabled(testInfo)) return;
  await page.route(/\/pkg\/[^/]+\.js$/, (route) =>
    route.fulfill({
      contentType: "application/javascript",
      body: "export default async function init() {}\nexport function hydrate() {}\n",
    }),
  );
});

const SELLER_PAGES = [
  "/seller",
  "/seller/products",
  "/seller/products/new",
  "/seller/orders",
  "/seller/earnings",
  "/seller/payouts",
  "/notifications",
  "/settings/password",
];
const ADMIN_PAGES = ["/admin", "/admin/review", "/admin/products", "/admin/listings", "/admin/orders", "/admin/payouts", "/admin/users"];

async function check(page: Page, path: string, testInfo: TestInfo): Promise<void> {
  await open(page, path, testInfo);
  const results = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]).analyze();
  const blocking = results.violations.filter((v) => v.impact === "serious" || v.impact === "critical");
  const others = results.violations.filter((v) => !blocking.includes(v));
  if (others.length > 0) {
    testInfo.annotations.push({ type: "axe", description: `${path}: ${others.map((v) => v.id).join(", ")}` });
  }
  const summary = blocking.map((v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(" ")).join(" | ")}`);
  expect(summary, `serious or critical axe violations on ${path}`).toEqual([]);
}

test("the sign-in page passes axe", async ({ page }, testInfo) => {
  await check(page, "/login", testInfo);
});

test("every seller page passes axe", async ({ page }, testInfo) => {
  await switchTo(page, SELLER, testInfo);
  for (const path of SELLER_PAGES) await check(page, path, testInfo);
  // A product's own page, when the seller has one.
  await open(page, "/seller/products", testInfo);
  const first = page.locator("a[href^='/seller/products/']:not([href$='/new'])").first();
  if (await first.count()) {
    const href = await first.getAttribute("href");
    if (href) await check(page, href, testInfo);
  }
});

test("every admin page passes axe", async ({ page }, testInfo) => {
  await switchTo(page, ADMIN, testInfo);
  for (const path of ADMIN_PAGES) await check(page, path, testInfo);
  await open(page, "/admin/products", testInfo);
  const first = page.locator("a[href^='/admin/products/']").first();
  if (await first.count()) {
    const href = await first.getAttribute("href");
    if (href) await check(page, href, testInfo);
  }
});
