import { expect, Page, TestInfo } from "@playwright/test";

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
  await page.getByRole("button", { name: "Sign in" }).click();
}
