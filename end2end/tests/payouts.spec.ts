import { Page } from "@playwright/test";
import { SELLER, SELLER2, connectAndOnboard, expect, fundSeller, jsEnabled, open, signIn, test } from "./helpers";

// Each project onboards its own seller, so the two runs don't share a Stripe account.
const sellerFor = (js: boolean) => (js ? SELLER : SELLER2);

/** Reloads (without JavaScript nothing refreshes by itself) until `check` passes. */
async function until(page: Page, js: boolean, check: () => Promise<void>): Promise<void> {
  if (js) return check();
  await expect(async () => {
    await page.reload();
    await check();
  }).toPass({ timeout: 30_000, intervals: [1_000] });
}

test.describe("payouts (the Test Payouts guide, on the Stripe sandbox)", () => {
  test("connect, onboard, see balances, request a payout and see it paid", async ({ page }, testInfo) => {
    const js = jsEnabled(testInfo);
    await signIn(page, sellerFor(js), testInfo);
    await open(page, "/seller/payouts", testInfo);
    await connectAndOnboard(page);
    await fundSeller(page);
    await expect(page.getByRole("heading", { name: "Available" })).toBeVisible();
    await expect(page.getByRole("heading", { name: "Pending", exact: true })).toBeVisible();
    await expect(page.getByTestId("balance-available")).toHaveText(/^\$[\d,]+\.\d\d$/);
    await expect(page.getByTestId("balance-pending")).toHaveText("$310.00");

    if (js) await expect(page.locator("body")).toHaveAttribute("data-hydrated", "true");
    await page.getByLabel("Amount").fill("50.00");
    await page.getByRole("button", { name: "Request payout" }).click();
    const row = page.getByTestId("payout-row").first();
    await expect(row).toContainText("$50.00");
    await until(page, js, async () => {
      await expect(page.getByTestId("payout-row").first().getByTestId("payout-status")).toHaveText("Paid", { timeout: js ? 30_000 : 1_000 });
    });
    await open(page, "/notifications", testInfo);
    await expect(page.getByTestId("notification-item").filter({ hasText: "Payout paid" }).first()).toBeVisible();
  });

  test("a failing payout shows its reason", async ({ page }, testInfo) => {
    const js = jsEnabled(testInfo);
    await signIn(page, sellerFor(js), testInfo);
    await open(page, "/seller/payouts", testInfo);
    await connectAndOnboard(page);
    await fundSeller(page);
    if (js) await expect(page.locator("body")).toHaveAttribute("data-hydrated", "true");
    await page.getByLabel("Amount").fill("10.13");
    await page.getByRole("button", { name: "Request payout" }).click();
    await expect(page.getByTestId("payout-row").first()).toContainText("$10.13");
    await until(page, js, async () => {
      const first = page.getByTestId("payout-row").first();
      await expect(first.getByTestId("payout-status")).toHaveText("Failed", { timeout: js ? 30_000 : 1_000 });
      await expect(first.getByTestId("payout-failure")).toHaveText("The bank account has been closed.");
    });
  });

  test("bad amounts are refused next to the field", async ({ page }, testInfo) => {
    const js = jsEnabled(testInfo);
    await signIn(page, sellerFor(js), testInfo);
    await open(page, "/seller/payouts", testInfo);
    await connectAndOnboard(page);
    await page.getByLabel("Amount").fill("12.345");
    await page.getByRole("button", { name: "Request payout" }).click();
    await expect(page.locator("#payout-amount-error")).toHaveText("Use at most two decimal places.");
    await page.getByLabel("Amount").fill("999999.00");
    await page.getByRole("button", { name: "Request payout" }).click();
    await expect(page.locator("#payout-amount-error")).toContainText("You can pay out at most");
  });
});
