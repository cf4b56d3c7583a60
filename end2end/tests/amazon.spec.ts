import { Page, TestInfo } from "@playwright/test";
import {
  ADMIN,
  SELLER,
  expect,
  fillProductForm,
  jsEnabled,
  open,
  signIn,
  switchTo,
  test,
  unique,
  uniqueSku,
} from "./helpers";

/** Seller creates and submits a product, an admin approves it; returns its page's URL. */
async function approvedProduct(page: Page, title: string, testInfo: TestInfo): Promise<string> {
  await signIn(page, SELLER, testInfo);
  await expect(page).toHaveURL(/\/seller$/);
  await open(page, "/seller/products/new", testInfo);
  await fillProductForm(page, { title, sku: uniqueSku("AMZ") });
  await page.getByRole("button", { name: "Submit for review" }).click();
  await expect(page).toHaveURL(/\/seller\/products\/[0-9a-f]{32}$/);
  const productUrl = page.url();

  await switchTo(page, ADMIN, testInfo);
  await open(page, "/admin/review", testInfo);
  await page.getByTestId("review-item").filter({ hasText: title }).getByRole("button", { name: "Approve" }).click();
  await expect(page.getByTestId("review-item").filter({ hasText: title })).toHaveCount(0);

  await switchTo(page, SELLER, testInfo);
  await open(page, productUrl, testInfo);
  await expect(page.getByTestId("product-status").first()).toHaveText("Approved");
  return productUrl;
}

/**
 * Waits for the listing panel to show `status`. With JavaScript the panel refreshes itself
 * while Amazon works; without it, the person reloads the page.
 */
async function waitForListing(page: Page, status: string, testInfo: TestInfo): Promise<void> {
  const badge = page.getByTestId("listing-panel").getByTestId("listing-status");
  if (jsEnabled(testInfo)) {
    await expect(badge).toHaveText(status, { timeout: 30_000 });
    return;
  }
  await expect(async () => {
    await page.reload();
    await expect(badge).toHaveText(status, { timeout: 1_000 });
  }).toPass({ timeout: 30_000 });
}

test.describe("Amazon sync", () => {
  test("Test Amazon Sync: an approved product is listed, with its ASIN and a notification", async ({ page }, testInfo) => {
    const title = unique("Travel mug");
    const productUrl = await approvedProduct(page, title, testInfo);
    const panel = page.getByTestId("listing-panel");
    await expect(panel.getByTestId("listing-status")).toHaveText("Not listed");
    await page.getByRole("button", { name: "Sync to Amazon" }).click();
    await waitForListing(page, "Active", testInfo);
    await expect(panel.getByTestId("listing-asin")).toHaveText(/^B0[0-9A-Z]{8}$/);

    await open(page, "/notifications", testInfo);
    const news = page.getByTestId("notification-item").filter({ hasText: title }).first();
    await expect(news).toContainText("Listed on Amazon");
    await expect(news).toContainText(/ASIN B0[0-9A-Z]{8}/);

    // The seller's list shows the Amazon status too.
    await open(page, "/seller/products", testInfo);
    await expect(page.getByRole("row").filter({ hasText: title }).getByTestId("listing-status")).toHaveText("Active");

    // Delisting asks first.
    await open(page, productUrl, testInfo);
    await page.getByRole("link", { name: "Delist from Amazon" }).click();
    await expect(page.getByText("Delist this product from Amazon?")).toBeVisible();
    await page.getByRole("button", { name: "Yes, delist" }).click();
    await waitForListing(page, "Delisted", testInfo);
  });

  test("a listing Amazon refuses shows its issues and tells the seller", async ({ page }, testInfo) => {
    const title = unique("Ceramic bowl [invalid]");
    await approvedProduct(page, title, testInfo);
    await page.getByRole("button", { name: "Sync to Amazon" }).click();
    await waitForListing(page, "Error", testInfo);
    const issues = page.getByTestId("listing-issues");
    await expect(issues).toContainText("ERROR");
    await expect(issues).toContainText("item_name");

    await open(page, "/notifications", testInfo);
    const news = page.getByTestId("notification-item").filter({ hasText: title }).first();
    await expect(news).toContainText("Fix before listing");
  });

  test("a seller finds the item in Amazon's catalog and offers on its ASIN", async ({ page }, testInfo) => {
    await signIn(page, SELLER, testInfo);
    await open(page, "/seller/products/new", testInfo);
    await page.getByLabel("Or find it on Amazon").fill("brass lamp");
    await page.getByRole("button", { name: "Find" }).click();
    await page.getByRole("link", { name: /ASIN B0CATLAMP1/ }).click();
    await expect(page.getByLabel("Identifier", { exact: true })).toHaveValue("B0CATLAMP1");
    await expect(page.getByTestId("type-fields")).toContainText("only the offer is needed");
    await page.getByLabel("Title").fill(unique("Brass lamp offer"));
    await page.getByLabel("SKU").fill(uniqueSku("OFR"));
    await page.getByLabel("Price", { exact: true }).fill("39.99");
    await page.getByLabel("Quantity").fill("3");
    await page.getByLabel("Brand").fill("Lumen & Co.");
    await page.getByRole("button", { name: "Submit for review" }).click();
    await expect(page).toHaveURL(/\/seller\/products\/[0-9a-f]{32}$/);
    await expect(page.getByTestId("product-status").first()).toHaveText("Pending review");
  });

  test("a seller picks a type, fills what it asks for, checks with Amazon and fixes what it reports", async ({ page }, testInfo) => {
    await signIn(page, SELLER, testInfo);
    await open(page, "/seller/products/new", testInfo);
    await fillProductForm(page, { title: unique("Brass lamp"), sku: uniqueSku("CHK") });
    await page.getByLabel("Bullet Point").fill("");
    await page.getByRole("button", { name: "Save draft" }).click();
    await expect(page).toHaveURL(/\/seller\/products\/[0-9a-f]{32}$/);
    await page.getByRole("button", { name: "Check with Amazon" }).click();
    const report = page.getByTestId("check-report");
    await expect(report).toHaveAttribute("data-outcome", "incomplete");
    await expect(report).toContainText("Bullet Point");

    // This barcode is a Lumen & Co. lamp in Amazon's catalog: Amazon says the brand conflicts.
    await page.getByLabel("Bullet Point").fill("Solid brass\nLinen shade");
    await page.getByLabel("Identifier", { exact: true }).fill("036000291452");
    await page.getByRole("button", { name: "Save draft" }).click();
    await expect(page.getByLabel("Identifier", { exact: true })).toHaveValue("036000291452");
    await page.getByRole("button", { name: "Check with Amazon" }).click();
    await expect(page.getByTestId("check-report")).toHaveAttribute("data-outcome", "invalid");
    await expect(page.getByTestId("check-report")).toContainText("8541");
    await expect(page.getByTestId("check-report")).toContainText("change: brand");

    await page.getByLabel("Brand").fill("Lumen & Co.");
    await page.getByRole("button", { name: "Save draft" }).click();
    await expect(page.getByLabel("Brand")).toHaveValue("Lumen & Co.");
    await page.waitForTimeout(1_100); // Amazon previews one listing a second
    await page.getByRole("button", { name: "Check with Amazon" }).click();
    await expect(page.getByTestId("check-report")).toHaveAttribute("data-outcome", "valid");
    await expect(page.getByTestId("check-report")).toContainText("Amazon would accept this listing.");
  });

  test("an admin syncs all inventory and sees the tally", async ({ page }, testInfo) => {
    const title = unique("Notebook");
    await approvedProduct(page, title, testInfo);
    await page.getByRole("button", { name: "Sync to Amazon" }).click();
    await waitForListing(page, "Active", testInfo);

    await switchTo(page, ADMIN, testInfo);
    await open(page, "/admin/listings", testInfo);
    await expect(page.getByTestId("listing-row").filter({ hasText: title })).toBeVisible();
    await page.getByRole("button", { name: "Sync all inventory" }).click();
    const tally = page.getByTestId("bulk-tally");
    if (jsEnabled(testInfo)) {
      await expect(page.getByRole("heading", { name: "Last inventory sync finished" })).toBeVisible({ timeout: 30_000 });
    } else {
      await expect(async () => {
        await page.reload();
        await expect(page.getByRole("heading", { name: "Last inventory sync finished" })).toBeVisible({ timeout: 1_000 });
      }).toPass({ timeout: 30_000 });
    }
    await expect(tally).toHaveText(/^(\d+) of \1 SKUs · \1 updated · 0 failed$/);
    await page.reload();
    await expect(tally).toHaveText(/^(\d+) of \1 SKUs · \1 updated · 0 failed$/);
  });
});
