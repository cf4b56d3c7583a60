import { APIRequestContext, Page, TestInfo } from "@playwright/test";
import {
  ADMIN,
  SELLER,
  SELLER2,
  connectAndOnboard,
  expect,
  jsEnabled,
  open,
  signIn,
  switchTo,
  test,
  uniqueSku,
} from "./helpers";

// Each project sells as its own seller, so the two runs don't share a ledger.
const sellerFor = (js: boolean) => (js ? SELLER : SELLER2);

/** Reloads (without JavaScript nothing refreshes by itself) until `check` passes. */
async function eventually(page: Page, check: () => Promise<void>): Promise<void> {
  await expect(async () => {
    await page.reload();
    await check();
  }).toPass({ timeout: 45_000, intervals: [1_000] });
}

/** The seller's product, approved by an admin and live on Amazon: its platform SKU. */
async function listedProduct(page: Page, request: APIRequestContext, title: string, testInfo: TestInfo): Promise<string> {
  const js = jsEnabled(testInfo);
  const created = await page.request.post("/api/products", {
    data: {
      title, description: "Soft, breathable linen.", sku: uniqueSku("SELL"), price: "19.99", quantity: 12,
      brand: "Hamro Basics", product_type: "LIGHT_FIXTURE", condition: "new", image_urls: [], submit: true,
      identity: { kind: "upc", value: "085000000014" },
      attributes: { bullet_point: ["Solid brass"], country_of_origin: "US", item_type_keyword: "table-lamps",
        supplier_declared_dg_hz_regulation: "not_applicable" },
    },
  });
  expect(created.status(), await created.text()).toBe(201);
  const id = (await created.json()).id as string;
  await switchTo(page, ADMIN, testInfo);
  const approved = await page.request.post(`/api/admin/products/${id}/approve`, { data: {} });
  expect(approved.status()).toBe(200);
  await switchTo(page, sellerFor(js), testInfo);
  expect((await page.request.post(`/api/products/${id}/amazon/sync`)).status()).toBe(202);
  let sku = "";
  await expect(async () => {
    const listing = await (await page.request.get(`/api/products/${id}/amazon`)).json();
    expect(listing.status).toBe("active");
    sku = listing.sku;
  }).toPass({ timeout: 30_000 });
  return sku;
}

test.describe("money (a sale on Amazon, all the way to the seller's bank)", () => {
  test("a listed product sells, the earnings release and transfer, and the seller is paid exactly the net", async (
    { page, request },
    testInfo,
  ) => {
    const js = jsEnabled(testInfo);
    await signIn(page, sellerFor(js), testInfo);
    await open(page, "/seller/payouts", testInfo);
    await connectAndOnboard(page);

    const title = `Sold shirt ${uniqueSku("T")}`;
    const sku = await listedProduct(page, request, title, testInfo);
    // A buyer orders two on Amazon (the sandbox's test trigger) and the order ships.
    const order = await request.post("/sandbox/amazon/_orders", { data: { sku, quantity: 2, minutes_ago: 5, ship: true } });
    expect(order.status(), await order.text()).toBe(201);

    // 2 x 19.99 = 39.98; Amazon's fees 6.00; Hamro's 10% commission 4.00; net 29.98.
    await open(page, "/seller/orders", testInfo);
    const row = page.getByTestId("order-row").filter({ hasText: title });
    await eventually(page, async () => {
      await expect(row).toContainText("Shipped", { timeout: 1_000 });
      await expect(row.getByTestId("order-net")).toHaveText("$29.98", { timeout: 1_000 });
    });
    await expect(row).toContainText("$39.98");
    await expect(row).toContainText("$6.00");
    await expect(row).toContainText("$4.00");

    await open(page, "/seller/earnings", testInfo);
    await eventually(page, async () => {
      await expect(page.getByTestId("ledger-row").filter({ hasText: title }).first()).toBeVisible({ timeout: 1_000 });
      await expect(page.locator('[data-testid="ledger-row"][data-kind="transfer"]').first()).toBeVisible({ timeout: 1_000 });
    });
    await expect(page.getByTestId("earnings-held")).toHaveText("$0.00");
    await expect(page.getByTestId("earnings-available")).toHaveText("$0.00");

    // The payout: exactly the released net.
    await open(page, "/seller/payouts", testInfo);
    await expect(page.getByTestId("balance-on-hold")).toHaveText("$0.00");
    await page.getByLabel("Amount").fill("29.98");
    await page.getByRole("button", { name: "Request payout" }).click();
    const payout = page.getByTestId("payout-row").first();
    await expect(payout).toContainText("$29.98");
    const paid = async () =>
      expect(page.getByTestId("payout-row").first().getByTestId("payout-status")).toHaveText("Paid", { timeout: js ? 30_000 : 1_000 });
    if (js) await paid();
    else await eventually(page, paid);

    await open(page, "/notifications", testInfo);
    for (const news of ["New order", "Earnings released", "Payout paid"]) {
      await expect(page.getByTestId("notification-item").filter({ hasText: news }).first()).toBeVisible();
    }
  });

  test("admins see every order and the platform's month", async ({ page }, testInfo) => {
    await signIn(page, ADMIN, testInfo);
    await open(page, "/admin/orders", testInfo);
    await expect(page.getByRole("heading", { name: "All orders" })).toBeVisible();
    await expect(page.getByTestId("order-row").first()).toBeVisible();
    await expect(page.getByTestId("platform-summary")).toContainText("Commission");
    // The filters are a plain GET form: they work the same without JavaScript.
    await page.getByLabel("Status").selectOption("shipped");
    await page.getByRole("button", { name: "Filter" }).click();
    await expect(page).toHaveURL(/status=shipped/);
    await expect(page.getByTestId("order-row").first()).toContainText("Shipped");
  });
});
