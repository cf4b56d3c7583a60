import { ADMIN, SELLER, SELLER2, expect, open, signIn, test } from "./helpers";

test.describe("password, sessions and disabled accounts", () => {
  test("a wrong current password is named next to its field, and nothing changes", async ({ page }, testInfo) => {
    await signIn(page, SELLER, testInfo);
    await expect(page).toHaveURL(/\/seller$/);
    await open(page, "/settings/password", testInfo);
    await expect(page.getByRole("heading", { name: "Password and sessions" })).toBeVisible();
    await page.getByLabel("Current password").fill("not-my-password");
    await page.getByLabel("New password (at least 10 characters)").fill("a-brand-new-password");
    await page.getByLabel("New password again").fill("a-brand-new-password");
    await page.getByRole("button", { name: "Change password" }).click();
    await expect(page.locator("#current_password-error")).toHaveText("That is not your current password.");
    // The old password still signs in.
    await page.context().clearCookies();
    await signIn(page, SELLER, testInfo);
    await expect(page).toHaveURL(/\/seller$/);
  });

  test("signing out everywhere ends this session too", async ({ page }, testInfo) => {
    await signIn(page, SELLER, testInfo);
    await expect(page).toHaveURL(/\/seller$/);
    await open(page, "/settings/password", testInfo);
    await page.getByRole("button", { name: "Sign out everywhere" }).click();
    await expect(page).toHaveURL(/\/login$/);
    await page.goto("/seller");
    await expect(page).toHaveURL(/\/login\?next=\/seller$/);
  });

  test("an admin disables a seller, who cannot sign in until enabled again", async ({ page, browser }, testInfo) => {
    await signIn(page, ADMIN, testInfo);
    await expect(page).toHaveURL(/\/admin$/);
    await open(page, "/admin/users", testInfo);
    const row = page.getByTestId("user-row").filter({ hasText: SELLER2.email });
    try {
      await row.getByRole("button", { name: `Disable ${SELLER2.name}` }).click();
      await expect(row.getByText("Disabled", { exact: true })).toBeVisible();

      const other = await browser.newPage();
      await signIn(other, SELLER2, testInfo);
      await expect(other.getByTestId("login-error")).toContainText("disabled");
      await other.close();
    } finally {
      await open(page, "/admin/users", testInfo);
      const enable = row.getByRole("button", { name: `Enable ${SELLER2.name}` });
      if (await enable.isVisible()) await enable.click();
      await expect(row.getByText("Active", { exact: true })).toBeVisible();
    }
  });
});
