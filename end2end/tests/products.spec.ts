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

test.describe("products and moderation", () => {
  test("a seller submits, an admin approves, the seller is told", async ({ page }, testInfo) => {
    const title = unique("Linen shirt");
    await signIn(page, SELLER, testInfo);
    await expect(page).toHaveURL(/\/seller$/);
    await open(page, "/seller/products", testInfo);
    await page.getByRole("link", { name: "New product" }).click();
    await expect(page).toHaveURL(/\/seller\/products\/new$/);
    if (jsEnabled(testInfo)) await expect(page.locator("body")).toHaveAttribute("data-hydrated", "true");
    await fillProductForm(page, { title, sku: uniqueSku("SHIRT") });
    await page.getByRole("button", { name: "Submit for review" }).click();
    await expect(page).toHaveURL(/\/seller\/products\/[0-9a-f]{32}$/);
    const productUrl = page.url();
    await expect(page.getByRole("heading", { name: title })).toBeVisible();
    await expect(page.getByTestId("product-status").first()).toHaveText("Pending review");

    await switchTo(page, ADMIN, testInfo);
    await open(page, "/admin/review", testInfo);
    const item = page.getByTestId("review-item").filter({ hasText: title });
    await expect(item).toBeVisible();
    await item.getByRole("button", { name: "Approve" }).click();
    await expect(page.getByTestId("review-item").filter({ hasText: title })).toHaveCount(0);

    await switchTo(page, SELLER, testInfo);
    await open(page, productUrl, testInfo);
    await expect(page.getByTestId("product-status").first()).toHaveText("Approved");
    await expect(page.getByRole("button", { name: /^Notifications, \d+ unread$/ })).toBeVisible();
    await open(page, "/notifications", testInfo);
    const news = page.getByTestId("notification-item").first();
    await expect(news).toContainText("Product approved");
    await expect(news).toContainText(title);
  });

  test("a rejection shows its reason; the seller edits, resubmits and is approved", async ({ page }, testInfo) => {
    const title = unique("Wool hat");
    await signIn(page, SELLER, testInfo);
    await expect(page).toHaveURL(/\/seller$/);
    await open(page, "/seller/products/new", testInfo);
    await fillProductForm(page, { title, sku: uniqueSku("HAT") });
    await page.getByRole("button", { name: "Submit for review" }).click();
    await expect(page).toHaveURL(/\/seller\/products\/[0-9a-f]{32}$/);
    const productUrl = page.url();

    await switchTo(page, ADMIN, testInfo);
    await open(page, "/admin/review", testInfo);
    const item = page.getByTestId("review-item").filter({ hasText: title });
    await item.getByLabel("Reason").fill("The photo is blurry; please upload a sharper one.");
    await item.getByRole("button", { name: "Reject" }).click();
    await expect(page.getByTestId("review-item").filter({ hasText: title })).toHaveCount(0);

    await switchTo(page, SELLER, testInfo);
    await open(page, productUrl, testInfo);
    await expect(page.getByTestId("product-status").first()).toHaveText("Rejected");
    await expect(page.getByTestId("rejection-reason")).toHaveText("The photo is blurry; please upload a sharper one.");
    await page.getByLabel("Image URLs").fill("https://img.example.com/hat-sharp.jpg");
    await page.getByRole("button", { name: "Submit for review" }).first().click();
    await expect(page.getByTestId("product-status").first()).toHaveText("Pending review");

    await switchTo(page, ADMIN, testInfo);
    await open(page, "/admin/review", testInfo);
    await page.getByTestId("review-item").filter({ hasText: title }).getByRole("button", { name: "Approve" }).click();
    await expect(page.getByTestId("review-item").filter({ hasText: title })).toHaveCount(0);

    await switchTo(page, SELLER, testInfo);
    await open(page, productUrl, testInfo);
    await expect(page.getByTestId("product-status").first()).toHaveText("Approved");
  });

  test("bad input is shown next to its field and nothing is saved", async ({ page }, testInfo) => {
    const sku = uniqueSku("BAD");
    await signIn(page, SELLER, testInfo);
    await expect(page).toHaveURL(/\/seller$/);
    await open(page, "/seller/products/new", testInfo);
    await fillProductForm(page, { title: unique("Bad price"), sku, price: "12.345" });
    await page.getByLabel("Image URLs").fill("http://insecure.example.com/a.jpg");
    await page.getByRole("button", { name: "Save draft" }).click();
    await expect(page.locator("#price-error")).toHaveText("Use at most two decimal places.");
    await expect(page.locator("#image_urls-error")).toContainText("https://");
    await expect(page.getByTestId("form-error")).toContainText("Nothing was saved");
    await expect(page).toHaveURL(/\/seller\/products\/new/);
    await open(page, "/seller/products", testInfo);
    await expect(page.getByText(sku)).toHaveCount(0);
  });

  test("the admin sees all products, filtered, and the dashboard counts", async ({ page }, testInfo) => {
    await signIn(page, ADMIN, testInfo);
    await expect(page).toHaveURL(/\/admin$/);
    await expect(page.getByTestId("pending-count")).toBeVisible();
    await open(page, "/admin/products?status=approved", testInfo);
    await expect(page.getByRole("heading", { name: "All products" })).toBeVisible();
    const rows = page.getByTestId("product-row");
    const n = await rows.count();
    for (let i = 0; i < n; i++) await expect(rows.nth(i).getByTestId("product-status")).toHaveText("Approved");
  });
});
