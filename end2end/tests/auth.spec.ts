import { ADMIN, SELLER, expect, open, signIn, test } from "./helpers";

test.describe("sign-in and the app shell", () => {
  test("a seller signs in through the form and lands on /seller", async ({ page }, testInfo) => {
    await signIn(page, SELLER, testInfo);
    await expect(page).toHaveURL(/\/seller$/);
    await expect(page.getByRole("heading", { name: "Welcome back, Sita" })).toBeVisible();
    await expect(page.getByTestId("user-name")).toHaveText(SELLER.name);
    await expect(page.getByTestId("user-role")).toHaveText("Seller");
    const nav = page.getByRole("navigation", { name: "Main" });
    await expect(nav.getByRole("link", { name: "Dashboard" })).toHaveAttribute("aria-current", "page");
    await expect(nav.getByRole("link", { name: "Dashboard" })).toHaveAttribute("href", "/seller");
  });

  test("an admin signs in and lands on /admin", async ({ page }, testInfo) => {
    await signIn(page, ADMIN, testInfo);
    await expect(page).toHaveURL(/\/admin$/);
    await expect(page.getByTestId("user-role")).toHaveText("Admin");
    const nav = page.getByRole("navigation", { name: "Main" });
    await expect(nav.getByRole("link", { name: "Dashboard" })).toHaveAttribute("href", "/admin");
    await expect(page.getByText("Sellers", { exact: true })).toBeVisible();
  });

  test("a wrong password shows one generic message", async ({ page }, testInfo) => {
    await signIn(page, { email: SELLER.email, password: "not-the-password" }, testInfo);
    await expect(page.getByTestId("login-error")).toHaveText("Invalid email or password.");
    await expect(page).toHaveURL(/\/login/);
  });

  test("a seller opening an admin page gets a 403 page", async ({ page }, testInfo) => {
    await signIn(page, SELLER, testInfo);
    await expect(page).toHaveURL(/\/seller$/);
    const response = await page.goto("/admin");
    expect(response?.status()).toBe(403);
    await expect(page.getByRole("heading", { name: "You don't have access to this page" })).toBeVisible();
  });

  test("anonymous visitors are sent to sign in, and come back after", async ({ page }, testInfo) => {
    await open(page, "/seller", testInfo);
    await expect(page).toHaveURL(/\/login\?next=\/seller$/);
    await page.getByLabel("Email").fill(SELLER.email);
    await page.getByLabel("Password").fill(SELLER.password);
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(page).toHaveURL(/\/seller$/);
  });

  test("signing out ends the session", async ({ page }, testInfo) => {
    await signIn(page, SELLER, testInfo);
    await expect(page).toHaveURL(/\/seller$/);
    await page.getByRole("button", { name: "Sign out" }).click();
    await expect(page).toHaveURL(/\/login$/);
    await page.goto("/seller");
    await expect(page).toHaveURL(/\/login\?next=\/seller$/);
  });

  test("the sidebar collapses at phone width", async ({ page }, testInfo) => {
    await page.setViewportSize({ width: 390, height: 844 });
    await signIn(page, SELLER, testInfo);
    await expect(page).toHaveURL(/\/seller$/);
    const nav = page.getByRole("navigation", { name: "Main" });
    await expect(nav).not.toBeInViewport();
    await page.locator("label[for=nav-toggle]").click();
    await expect(nav).toBeInViewport();
  });
});
