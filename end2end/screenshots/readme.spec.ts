import { Page, expect, test } from "@playwright/test";

// Walks through the product the way the README describes it, on a fresh demo server, and
// saves a screenshot of each main page into docs/screenshots.
const OUT = "../docs/screenshots";
const SELLER = { email: "seller@example.com", password: "hamro-seller" };
const ADMIN = { email: "admin@example.com", password: "hamro-admin" };

async function hydrated(page: Page, path: string): Promise<void> {
  await page.goto(path);
  await expect(page.locator("body")).toHaveAttribute("data-hydrated", "true");
}

async function signIn(page: Page, who: { email: string; password: string }): Promise<void> {
  await page.context().clearCookies();
  await hydrated(page, "/login");
  await page.getByLabel("Email").fill(who.email);
  await page.getByLabel("Password").fill(who.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).not.toHaveURL(/\/login/);
}

async function shot(page: Page, name: string): Promise<void> {
  await page.waitForTimeout(300);
  await page.screenshot({ path: `${OUT}/${name}.png` });
}

const PRODUCTS = [
  { title: "Linen shirt", sku: "LINEN-01", price: "39.00", type: "SHIRT" },
  { title: "Ceramic mug", sku: "MUG-02", price: "14.50", type: "PRODUCT" },
  { title: "Wool beanie", sku: "HAT-03", price: "22.00", type: "HAT" },
  { title: "Canvas tote", sku: "TOTE-04", price: "18.00", type: "PRODUCT" },
];

test("README screenshots", async ({ page }) => {
  await hydrated(page, "/login");
  await shot(page, "login");

  // The seller adds products and submits them.
  await signIn(page, SELLER);
  const ids: string[] = [];
  for (const p of PRODUCTS) {
    const res = await page.request.post("/api/products", {
      data: {
        title: p.title, description: `${p.title}, made well.`, sku: p.sku, price: p.price, quantity: 25,
        brand: "Hamro Basics", product_type: p.type, condition: "new",
        image_urls: ["https://img.example.com/item.jpg"], submit: true,
      },
    });
    expect(res.status(), await res.text()).toBe(201);
    ids.push((await res.json()).id);
  }
  await hydrated(page, "/seller/products/new");
  await shot(page, "product-form");

  // The admin reviews: approves three, rejects one with a reason.
  await signIn(page, ADMIN);
  await hydrated(page, "/admin/review");
  await shot(page, "review-queue");
  for (const id of ids.slice(0, 3)) {
    const res = await page.request.post(`/api/admin/products/${id}/approve`, { data: {} });
    expect(res.status()).toBe(200);
  }
  await page.request.post(`/api/admin/products/${ids[3]}/reject`, {
    data: { reason: "Please add photos that show the tote's size." },
  });

  // The seller lists on Amazon, connects Stripe and is paid.
  await signIn(page, SELLER);
  for (const id of ids.slice(1, 3)) {
    expect((await page.request.post(`/api/products/${id}/amazon/sync`)).status()).toBeLessThan(300);
  }
  await hydrated(page, `/seller/products/${ids[0]}`);
  await page.getByRole("button", { name: "Sync to Amazon" }).click();
  await expect(page.getByTestId("listing-status")).toHaveText("Active", { timeout: 60_000 });
  await shot(page, "product-amazon");
  await hydrated(page, "/seller/payouts");
  await page.getByRole("button", { name: "Connect Stripe" }).click();
  await page.getByRole("button", { name: "Complete onboarding" }).click();
  await expect(page.getByTestId("account-status")).toHaveText("Active");
  await expect(page.locator("body")).toHaveAttribute("data-hydrated", "true");
  await page.getByLabel("Amount").fill("120.00");
  await page.getByRole("button", { name: "Request payout" }).click();
  await expect(page.getByTestId("payout-status").first()).toHaveText("Paid", { timeout: 60_000 });
  await shot(page, "payouts");
  await hydrated(page, "/seller/products");
  await shot(page, "products");
  await hydrated(page, "/seller");
  await page.getByRole("button", { name: /^Notifications/ }).click();
  await shot(page, "dashboard-bell");

  // The admin syncs all inventory.
  await signIn(page, ADMIN);
  await hydrated(page, "/admin/listings");
  await page.getByRole("button", { name: "Sync all inventory" }).click();
  await expect(page.getByRole("heading", { name: "Last inventory sync finished" })).toBeVisible({ timeout: 60_000 });
  await shot(page, "admin-listings");
  await hydrated(page, "/admin");
  await shot(page, "admin-dashboard");
});
