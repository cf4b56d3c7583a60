import { SELLER, expect, jsEnabled, markAllRead, open, sendNotification, signIn, test, unique } from "./helpers";

const bell = (page: import("@playwright/test").Page) => page.getByRole("button", { name: /^Notifications/ });
const badge = (page: import("@playwright/test").Page) => page.getByTestId("unread-count");

test.describe("notification center", () => {
  test.beforeEach(async ({ page }, testInfo) => {
    await signIn(page, SELLER, testInfo);
    await expect(page).toHaveURL(/\/seller$/);
    await markAllRead(page);
  });

  test("the badge shows the count and the dropdown the latest five", async ({ page }, testInfo) => {
    for (let i = 1; i <= 7; i++) await sendNotification(page, { title: unique(`Batch ${i}`) });
    await open(page, "/seller", testInfo);
    await expect(badge(page)).toHaveText("7");
    await expect(bell(page)).toHaveAccessibleName("Notifications, 7 unread");
    if (jsEnabled(testInfo)) {
      await bell(page).click();
      const panel = page.getByRole("dialog", { name: "Notifications" });
      await expect(panel.getByTestId("bell-item")).toHaveCount(5);
      await expect(panel.getByTestId("bell-item").first()).toContainText("Batch 7");
    } else {
      await bell(page).click();
      await expect(page).toHaveURL(/\/notifications$/);
      await expect(page.getByTestId("notification-item").first()).toContainText("Batch 7");
    }
  });

  test("the badge is hidden at zero and reads 99+ above 99", async ({ page }, testInfo) => {
    await open(page, "/seller", testInfo);
    await expect(badge(page)).toHaveCount(0);
    await expect(bell(page)).toHaveAccessibleName("Notifications");
    if (!jsEnabled(testInfo)) return; // same server render; once is enough
    for (let i = 0; i < 100; i++) await sendNotification(page, { title: `Many ${i}` });
    await open(page, "/seller", testInfo);
    await expect(badge(page)).toHaveText("99+");
    await expect(bell(page)).toHaveAccessibleName("Notifications, 100 unread");
  });

  test("marking one read lowers the count", async ({ page }, testInfo) => {
    await sendNotification(page, { title: unique("Older") });
    const title = unique("Read me");
    await sendNotification(page, { title });
    if (jsEnabled(testInfo)) {
      await open(page, "/seller", testInfo);
      await expect(badge(page)).toHaveText("2");
      await bell(page).click();
      const item = page.getByTestId("bell-item").filter({ hasText: title });
      await item.getByRole("button", { name: "Mark as read", exact: true }).click();
      await expect(badge(page)).toHaveText("1");
      await expect(item.getByRole("button", { name: "Mark as unread", exact: true })).toBeVisible();
    } else {
      await open(page, "/notifications", testInfo);
      const item = page.getByTestId("notification-item").filter({ hasText: title });
      await item.getByRole("button", { name: "Mark as read", exact: true }).click();
      await expect(page).toHaveURL(/\/notifications/);
      await expect(badge(page)).toHaveText("1");
      await expect(page.getByTestId("notification-item").filter({ hasText: title })).toHaveAttribute("data-read", "true");
    }
  });

  test("mark all as read clears the badge", async ({ page }, testInfo) => {
    for (let i = 0; i < 3; i++) await sendNotification(page, { title: unique("All") });
    if (jsEnabled(testInfo)) {
      await open(page, "/seller", testInfo);
      await expect(badge(page)).toHaveText("3");
      await bell(page).click();
      await page.getByRole("dialog").getByRole("button", { name: "Mark all as read" }).click();
    } else {
      await open(page, "/notifications", testInfo);
      await expect(badge(page)).toHaveText("3");
      await page.getByRole("button", { name: "Mark all as read" }).click();
    }
    await expect(badge(page)).toHaveCount(0);
  });

  test("delete removes the item", async ({ page }, testInfo) => {
    const title = unique("Delete me");
    await sendNotification(page, { title });
    if (jsEnabled(testInfo)) {
      await open(page, "/seller", testInfo);
      await bell(page).click();
      const item = page.getByTestId("bell-item").filter({ hasText: title });
      await item.getByRole("button", { name: "Delete", exact: true }).click();
      await expect(page.getByTestId("bell-item").filter({ hasText: title })).toHaveCount(0);
      await expect(badge(page)).toHaveCount(0);
    } else {
      await open(page, "/notifications", testInfo);
      const item = page.getByTestId("notification-item").filter({ hasText: title });
      await item.getByRole("button", { name: "Delete", exact: true }).click();
      await expect(page.getByTestId("notification-item").filter({ hasText: title })).toHaveCount(0);
    }
  });

  test("clicking an item marks it read and opens its link", async ({ page }, testInfo) => {
    const title = unique("Go to dashboard");
    await sendNotification(page, { title, kind: "success", actionUrl: "/seller" });
    if (jsEnabled(testInfo)) {
      await open(page, "/notifications", testInfo);
      await bell(page).click();
      await page.getByTestId("bell-item").filter({ hasText: title }).getByRole("button", { name: title }).click();
    } else {
      await open(page, "/notifications", testInfo);
      await page.getByTestId("notification-item").filter({ hasText: title }).getByRole("button", { name: title }).click();
    }
    await expect(page).toHaveURL(/\/seller$/);
    await expect(badge(page)).toHaveCount(0);
  });

  test("a notification sent while the page is open appears within a poll", async ({ page }, testInfo) => {
    test.skip(!jsEnabled(testInfo), "polling needs JavaScript");
    await open(page, "/seller", testInfo);
    await expect(badge(page)).toHaveCount(0);
    await sendNotification(page, { title: unique("Live") });
    // HAMRO_POLL_SECONDS is 2 for the end-to-end server.
    await expect(badge(page)).toHaveText("1", { timeout: 5_000 });
    await expect(page.getByRole("status").filter({ hasText: "You have 1 unread notification." })).toHaveCount(1);
  });

  test("Escape closes the dropdown and focus returns to the bell", async ({ page }, testInfo) => {
    test.skip(!jsEnabled(testInfo), "the dropdown needs JavaScript");
    await open(page, "/seller", testInfo);
    await bell(page).click();
    await expect(page.getByRole("dialog", { name: "Notifications" })).toBeVisible();
    await expect(page.getByRole("dialog", { name: "Notifications" })).toBeFocused();
    await page.keyboard.press("Escape");
    await expect(page.getByRole("dialog", { name: "Notifications" })).toHaveCount(0);
    await expect(bell(page)).toBeFocused();
    await bell(page).click();
    await page.getByRole("dialog").getByRole("link", { name: "View all" }).click();
    await expect(page).toHaveURL(/\/notifications$/);
  });

  test("the notifications page filters and pages", async ({ page }, testInfo) => {
    const read = unique("Already read");
    await sendNotification(page, { title: read });
    await markAllRead(page);
    for (let i = 0; i < 21; i++) await sendNotification(page, { title: unique(`Page ${i}`), kind: "warning" });
    await open(page, "/notifications?filter=unread", testInfo);
    await expect(page.getByRole("link", { name: "Unread" })).toHaveAttribute("aria-current", "page");
    await expect(page.getByTestId("notification-item")).toHaveCount(20);
    await expect(page.getByText(read)).toHaveCount(0);
    await page.getByRole("link", { name: "Older" }).click();
    await expect(page.getByTestId("notification-item")).toHaveCount(1);
    await page.getByRole("link", { name: "Newest" }).click();
    await expect(page.getByTestId("notification-item")).toHaveCount(20);
    await page.getByRole("link", { name: "All" }).click();
    await expect(page).toHaveURL(/\/notifications$/);
  });

  test("the dashboard shows the unread count and the latest few", async ({ page }, testInfo) => {
    const title = unique("On the dashboard");
    await sendNotification(page, { title, kind: "error" });
    await open(page, "/seller", testInfo);
    await expect(page.getByTestId("dashboard-unread")).toHaveText("1");
    await expect(page.getByText(title)).toBeVisible();
  });
});
