// A phone: every page fits a 390- and a 360-pixel screen without sideways
// scrolling, chart text stays legible, the first headline is in the first
// screen, and the filter folds away with its Apply button in reach; with
// and without JavaScript, in English and French. A computer's screen keeps
// its filter open.
import { test, expect, type Page } from "@playwright/test";
import { accessible, guardConsole, hydrated, screenshot, signIn } from "./support";

guardConsole();

// A common phone's screen in CSS pixels, and the narrowest still common.
const PHONE = { width: 390, height: 844 };
const NARROW = 360;
const REPO = "lutece-platform/lutece-core";

/** Every page, signed in as an administrator (who may see them all). */
async function pages(page: Page): Promise<string[]> {
  await page.goto("/contributors");
  const person = (await page.getByTestId("table-contributors").locator("tbody a").first().getAttribute("href"))!;
  return [
    "/", "/community", "/contributors", person.split("?")[0], "/repositories", `/repositories/${REPO}`,
    "/technical-debt", "/federation", "/sources", "/admin", "/login",
  ];
}

/** The page's width against the screen's, and the smallest chart text shown, in screen pixels. */
async function measure(page: Page) {
  return page.evaluate(() => {
    let smallest = Infinity;
    let texts = 0;
    for (const text of document.querySelectorAll<SVGTextElement>("figure.chart svg text")) {
      const matrix = text.getScreenCTM();
      if (!text.textContent?.trim() || text.getClientRects().length === 0 || !matrix) continue;
      texts += 1;
      smallest = Math.min(smallest, parseFloat(getComputedStyle(text).fontSize) * Math.hypot(matrix.a, matrix.b));
    }
    return { width: document.scrollingElement!.scrollWidth, screen: innerWidth, smallest, texts };
  });
}

async function fitsTheScreen(page: Page, path: string) {
  const m = await measure(page);
  expect(m.width, `${path} is no wider than the ${m.screen}-pixel screen`).toBeLessThanOrEqual(m.screen);
  if (m.texts > 0) expect(m.smallest, `${path}: the smallest chart text, in pixels`).toBeGreaterThanOrEqual(10);
  return m;
}

/** The filter, folded: its summary opens it, and Apply is on the screen and applies it. */
async function applyOnAPhone(page: Page, path: string) {
  const apply = page.locator("details.filter-box").getByRole("button");
  await expect(apply).toBeHidden();
  await page.locator("details.filter-box > summary").click();
  await expect(apply).toBeVisible();
  const box = (await apply.boundingBox())!;
  expect(box.x).toBeGreaterThanOrEqual(0);
  expect(box.x + box.width).toBeLessThanOrEqual(page.viewportSize()!.width);
  await page.locator("#filter-period").selectOption("quarter");
  await Promise.all([page.waitForURL(/period=quarter/), apply.click()]);
  await expect(page.getByTestId("scope")).toContainText(/per quarter|par trimestre/);
  expect(new URL(page.url()).pathname).toBe(path);
}

/** The first headline, whole, on the first screen. */
async function firstHeadlineShown(page: Page) {
  const box = (await page.locator(".figures .figure").first().boundingBox())!;
  expect(box.y + box.height, "the first headline's bottom, on the first screen").toBeLessThanOrEqual(
    page.viewportSize()!.height,
  );
}

for (const javaScript of [true, false]) {
  const how = javaScript ? "with JavaScript" : "without JavaScript";
  test.describe(`a phone, ${how}`, () => {
    test.use({ viewport: PHONE, javaScriptEnabled: javaScript });

    for (const lang of ["en", "fr"]) {
      test(`every page fits 390 and 360 pixels, with chart text of 10 pixels or more (${lang}, ${how})`, async ({ page }) => {
        test.setTimeout(120_000);
        await signIn(page, "admin");
        for (const path of await pages(page)) {
          await page.setViewportSize(PHONE);
          await page.goto(`${path}?lang=${lang}`);
          if (javaScript) await hydrated(page);
          const m = await fitsTheScreen(page, path);
          if (path === "/" || path === "/community") expect(m.texts, `${path} shows its charts`).toBeGreaterThan(0);
          const name = path === "/" ? "summary" : path.slice(1).split("/")[0] + (path.split("/").length > 2 ? "-one" : "");
          await screenshot(page, `phone-${lang}-${javaScript ? "js" : "nojs"}-${name}`);
          await page.setViewportSize({ width: NARROW, height: PHONE.height });
          await fitsTheScreen(page, `${path} at ${NARROW} pixels`);
        }
      });
    }

    test(`the first headline is on the first screen and the filter opens, with Apply in reach (${how})`, async ({ page }) => {
      await page.goto("/");
      if (javaScript) await hydrated(page);
      await firstHeadlineShown(page);
      // axe-core runs in the page: only with JavaScript.
      if (javaScript) await accessible(page);
      await applyOnAPhone(page, "/");
      if (javaScript) await accessible(page);
      await page.setViewportSize({ width: NARROW, height: PHONE.height });
      await page.goto("/community?lang=fr");
      if (javaScript) await hydrated(page);
      await applyOnAPhone(page, "/community");
      await fitsTheScreen(page, "/community, its filter applied");
    });
  });
}

test.describe("a computer's screen", () => {
  test.use({ viewport: { width: 1366, height: 768 } });

  test("the filter is open without a click and chart text is 10 pixels or more", async ({ page }) => {
    await page.goto("/community");
    await hydrated(page);
    await expect(page.locator("details.filter-box > summary")).toBeHidden();
    await expect(page.locator("details.filter-box").getByRole("button")).toBeVisible();
    const m = await fitsTheScreen(page, "/community");
    expect(m.texts).toBeGreaterThan(0);
    await screenshot(page, "computer-community");
  });
});
