// Small trips of a first-time reader (issue 15, item 7): the skip link with
// the script running, what a printed page leaves out, what the
// administration page asks of a visitor, and the page of a refused address.
import { test, expect } from "@playwright/test";
import { accessible, forgetProblems, guardConsole, hydrated, screenshot } from "./support";

guardConsole();

test("the skip link moves the focus to the content once the script has loaded", async ({ page }) => {
  await page.goto("/community");
  await hydrated(page);
  await page.evaluate(() => ((window as unknown as { vigieMarker: number }).vigieMarker = 42));
  await page.keyboard.press("Tab");
  const skip = page.getByRole("link", { name: "Skip to the content" });
  await expect(skip).toBeFocused();
  await expect(skip).toBeInViewport();
  await page.keyboard.press("Enter");
  await expect(page.locator("main#content")).toBeFocused();
  // The next Tab goes on from the content, not from the header.
  await page.keyboard.press("Tab");
  expect(await page.evaluate(() => document.activeElement?.closest("main") !== null)).toBe(true);
  const marker = await page.evaluate(() => (window as unknown as { vigieMarker?: number }).vigieMarker);
  expect(marker, "the page was not reloaded").toBe(42);
});

test("a printed page has nothing to click: no downloads, no sign-in", async ({ page }) => {
  await page.goto("/community?period=year");
  await hydrated(page);
  await page.emulateMedia({ media: "print" });
  await expect(page.getByTestId("sign-in-link")).toBeHidden();
  await expect(page.locator("figure.chart").first()).toBeVisible();
  const shown = await page
    .locator("a[download], .downloads, header.site .account")
    .evaluateAll((els) => els.filter((e) => e.getClientRects().length > 0).length);
  expect(shown, "download links or the account shown on paper").toBe(0);
  await page.pdf({ format: "A4", preferCSSPageSize: true, path: "screenshots/community-print.pdf" });
});

test("the administration page asks a visitor to sign in as an administrator", async ({ page }) => {
  for (const [query, words, not] of [
    ["", /sign in as an administrator/, /community manager/],
    ["?lang=fr", /connectez-vous en tant qu’administrateur/, /animateur/],
  ] as const) {
    const response = await page.goto(`/admin${query}`);
    expect(response?.status()).toBe(401);
    const notice = page.getByTestId("sign-in-required");
    await expect(notice).toContainText(words);
    await expect(notice).not.toContainText(not);
  }
  forgetProblems("401");
});

test("a refused address gets a page in the reader's language", async ({ browser }) => {
  const address = "/?repo=x%27%3B%20DROP%20TABLE%20activities%3B--";
  for (const [locale, title, back] of [
    ["fr-FR", "Adresse refusée", "Aller à la synthèse"],
    ["en-GB", "Address refused", "Go to the summary"],
  ] as const) {
    for (const width of [1366, 390]) {
      const context = await browser.newContext({ locale, viewport: { width, height: 800 } });
      const page = await context.newPage();
      const response = await page.goto(address);
      expect(response?.status()).toBe(400);
      expect(response?.headers()["content-type"]).toContain("text/html");
      await expect(page.locator("html")).toHaveAttribute("lang", locale.slice(0, 2));
      await expect(page.getByRole("heading", { level: 1 })).toHaveText(title);
      await expect(page).toHaveTitle(`${title} · Vigie`);
      await screenshot(page, `refused-${locale.slice(0, 2)}-${width}`);
      if (width === 1366) await accessible(page);
      await page.getByRole("link", { name: back }).click();
      await expect(page).toHaveURL(/\/$/);
      await expect(page.getByTestId("scope")).toBeVisible();
      await context.close();
    }
  }
});
