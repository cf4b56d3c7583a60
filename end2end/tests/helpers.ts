import { test as base, expect, Page, TestInfo } from "@playwright/test";

/**
 * Playwright's `test`, failing any test whose page threw an uncaught exception or logged a
 * hydration error, a Rust panic or a Content-Security-Policy refusal (a broken wasm app can
 * otherwise look fine).
 */
export const test = base.extend<{ pageErrors: string[] }>({
  pageErrors: [
    async ({ page }, use) => {
      const errors: string[] = [];
      page.on("pageerror", (e) => errors.push(`uncaught: ${e.message}`));
      page.on("console", (m) => {
        const text = m.text();
        // A script or style the page's Content-Security-Policy refused is a broken page too.
        if (m.type() === "error" && /hydrat|panicked|Content Security Policy/i.test(text)) errors.push(text);
      });
      await use(errors);
      expect(errors, "the page logged no hydration errors, panics or uncaught exceptions").toEqual([]);
    },
    { auto: true },
  ],
});
export { expect };

export const SELLER = { email: "seller@example.com", password: "hamro-seller", name: "Sita Sharma" };
export const SELLER2 = { email: "seller2@example.com", password: "hamro-seller", name: "Ravi Thapa" };
export const ADMIN = { email: "admin@example.com", password: "hamro-admin", name: "Asha Admin" };

/** True in the project that runs with JavaScript (and so with the hydrated app). */
export function jsEnabled(testInfo: TestInfo): boolean {
  return testInfo.project.name === "js";
}

/** Opens a page and, with JavaScript on, waits until the wasm app has hydrated it. */
export async function open(page: Page, path: string, testInfo: TestInfo): Promise<void> {
  await page.goto(path);
  if (jsEnabled(testInfo)) {
    await expect(page.locator("body")).toHaveAttribute("data-hydrated", "true");
  }
}

/** Signs in through the form, the way a person does. */
export async function signIn(
  page: Page,
  who: { email: string; password: string },
  testInfo: TestInfo,
): Promise<void> {
  await open(page, "/login", testInfo);
  await page.getByLabel("Email").fill(who.email);
  await page.getByLabel("Password").fill(who.password);
  // Wait for the server's answer (a fetch with JavaScript, a form post without), so a
  // navigation that follows can't cut the sign-in short.
  await Promise.all([
    page.waitForResponse((r) => r.url().includes("/fn/auth/login") && r.request().method() === "POST"),
    page.getByRole("button", { name: "Sign in" }).click(),
  ]);
}

/** Marks all of the signed-in user's notifications read (a clean slate for counting). */
export async function markAllRead(page: Page): Promise<void> {
  const res = await page.request.post("/fn/notifications/mark-all-read", { headers: { Accept: "application/json" } });
  expect(res.status()).toBe(200);
}

/** Sends the signed-in user a notification through the demo-mode form's endpoint. */
export async function sendNotification(
  page: Page,
  n: { title: string; kind?: string; message?: string; actionUrl?: string },
): Promise<void> {
  const res = await page.request.post("/fn/notifications/demo", {
    headers: { Accept: "application/json" },
    form: {
      "input[kind]": n.kind ?? "info",
      "input[title]": n.title,
      "input[message]": n.message ?? "Sent by an end-to-end test.",
      "input[action_url]": n.actionUrl ?? "/notifications",
    },
  });
  expect(res.status(), await res.text()).toBe(200);
}

/** A title no other test uses. */
export function unique(prefix: string): string {
  return `${prefix} ${Date.now().toString(36)}${Math.floor(Math.random() * 1e6).toString(36)}`;
}

/** Signs out (by dropping the session cookie) and signs in as someone else. */
export async function switchTo(page: Page, who: { email: string; password: string }, testInfo: TestInfo): Promise<void> {
  await page.context().clearCookies();
  await signIn(page, who, testInfo);
  // With JavaScript the form posts in the background; wait for it to land before moving on.
  await expect(page).not.toHaveURL(/\/login/);
}

/** A SKU no other test uses (letters, digits and '-'). */
export function uniqueSku(prefix: string): string {
  return `${prefix}-${Date.now().toString(36)}${Math.floor(Math.random() * 1e6).toString(36)}`.toUpperCase();
}

/** On the new-product page, searches Amazon's product types and picks one. */
export async function pickProductType(page: Page, search = "lamp", name = "Light Fixture (LIGHT_FIXTURE)"): Promise<void> {
  await page.getByLabel("Search Amazon's product types").fill(search);
  await page.getByRole("button", { name: "Search" }).click();
  await page.getByRole("link", { name }).click();
  await expect(page.getByTestId("product-type")).toContainText(name.split(" (")[0]);
}

/** Fills the product form the way a seller does: a light fixture with all its type asks for. */
export async function fillProductForm(
  page: Page,
  p: { title: string; sku: string; price?: string; quantity?: string; brand?: string },
): Promise<void> {
  if (await page.getByLabel("Search Amazon's product types").isVisible()) await pickProductType(page);
  await page.getByLabel("Title").fill(p.title);
  await page.getByLabel("Description").fill("Solid brass table lamp with a linen shade.");
  await page.getByLabel("SKU").fill(p.sku);
  await page.getByLabel("Price", { exact: true }).fill(p.price ?? "19.99");
  await page.getByLabel("Quantity").fill(p.quantity ?? "12");
  await page.getByLabel("Brand").fill(p.brand ?? "Hamro Basics");
  await page.getByLabel("Identifier type").selectOption("upc");
  await page.getByLabel("Identifier", { exact: true }).fill("085000000014");
  await page.getByLabel("Condition", { exact: true }).selectOption("new");
  await page.getByLabel("Image URLs").fill("https://img.example.com/lamp.jpg");
  await page.getByLabel("Bullet Point").fill("Solid brass\nLinen shade");
  await page.getByLabel("Country Of Origin").selectOption("US");
  await page.getByLabel("Item Type Keyword").fill("table-lamps");
  await page.getByLabel("Supplier Declared Dg Hz Regulation").selectOption("not_applicable");
}

/** Connects the signed-in seller's Stripe account and completes the sandbox's onboarding (on /seller/payouts). */
export async function connectAndOnboard(page: Page): Promise<void> {
  const connect = page.getByRole("button", { name: "Connect Stripe" });
  if (await connect.isVisible()) {
    await connect.click();
  } else if (await page.getByRole("link", { name: "Complete onboarding" }).isVisible()) {
    await page.getByRole("link", { name: "Complete onboarding" }).click();
  } else {
    return; // already onboarded by an earlier test in this project
  }
  await expect(page.getByRole("button", { name: "Complete onboarding" })).toBeVisible();
  await page.getByRole("button", { name: "Complete onboarding" }).click();
  await expect(page).toHaveURL(/\/seller\/payouts\?onboarding=done$/);
  await expect(page.getByTestId("account-status")).toHaveText("Active");
}

/**
 * Gives the seller's connected account a balance the way Hamro's transfers do, through the
 * Stripe sandbox: $1,250.00 available and $310.00 pending behind an unsettled charge. Once
 * per seller (the idempotency keys make a second call a replay); the page reloads.
 */
export async function fundSeller(page: Page): Promise<void> {
  const status = await (await page.request.get("/api/payouts/account/status")).json();
  const account = status.stripe_account_id as string;
  for (const [amount, source] of [["125000", ""], ["31000", "ch_unsettled_sales"]]) {
    const form: Record<string, string> = { amount, currency: "usd", destination: account };
    if (source) form.source_transaction = source;
    const res = await page.request.post("/sandbox/stripe/v1/transfers", {
      headers: { Authorization: "Bearer sk_test_hamro_sandbox", "Idempotency-Key": `e2e-fund-${account}-${amount}` },
      form,
    });
    expect(res.status(), await res.text()).toBe(200);
  }
  // The page may show a balance read a few seconds ago (Hamro keeps it briefly): reload
  // until the new money shows.
  await expect(async () => {
    await page.reload();
    await expect(page.getByTestId("balance-pending")).not.toHaveText("$0.00", { timeout: 1_000 });
  }).toPass({ timeout: 20_000, intervals: [1_000] });
}
