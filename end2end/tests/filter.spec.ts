// The filter with the page's script running: a reader applies it several
// times in a row, switches language, resets it, and the address and the
// figures stay those of what they chose (issue 15, item 1).
import { test, expect, type Page } from "@playwright/test";
import { chartRows, guardConsole, hydrated, screenshot } from "./support";

guardConsole();

/** Submits the filter form. */
async function apply(page: Page, name = "Apply") {
  await page.getByRole("button", { name, exact: true }).first().click();
}

/** Opens the filter where it is folded away (on a phone). */
async function openFilter(page: Page) {
  const box = page.locator("details.filter-box");
  if ((await box.count()) > 0 && !(await box.evaluate((d) => (d as HTMLDetailsElement).open))) {
    await box.locator("summary").click();
  }
}

/** The address's query as (name, value) pairs, in order. */
function pairs(page: Page): [string, string][] {
  return [...new URL(page.url()).searchParams.entries()];
}

/** Remembers the document, to tell an in-place update from a reload. */
async function mark(page: Page) {
  await page.evaluate(() => ((window as unknown as { vigieMarker: number }).vigieMarker = 42));
}

async function expectNotReloaded(page: Page) {
  const marker = await page.evaluate(() => (window as unknown as { vigieMarker?: number }).vigieMarker);
  expect(marker, "the page was updated in place, not reloaded").toBe(42);
}

/** The figures the server renders for this address, read with no script. */
async function serverFigures(page: Page, chart: string): Promise<string[][]> {
  const context = await page.context().browser()!.newContext({ javaScriptEnabled: false });
  const fresh = await context.newPage();
  await fresh.goto(page.url());
  const rows = await chartRows(fresh, chart);
  await context.close();
  return rows;
}

test("applying the filter twice keeps every repository and a clean address", async ({ page }) => {
  await page.goto("/");
  await hydrated(page);
  await mark(page);
  const repositories = page.getByLabel("Repositories", { exact: true });
  await expect(repositories).toHaveValues([]);

  await page.getByLabel("Period", { exact: true }).selectOption("quarter");
  await apply(page);
  await expect(page).toHaveURL(/[?&]period=quarter/);
  expect(pairs(page)).toEqual([["period", "quarter"]]);
  await expect(page.getByTestId("scope")).toContainText("per quarter");
  // Redrawn in place, the form still says what the address says.
  await expect(repositories).toHaveValues([]);
  await expect(page.getByLabel("Period", { exact: true })).toHaveValue("quarter");

  await page.getByLabel("From", { exact: true }).fill("2024-01");
  await apply(page);
  await expect(page).toHaveURL(/[?&]from=2024-01/);
  expect(pairs(page)).toEqual([
    ["from", "2024-01"],
    ["period", "quarter"],
  ]);
  await expectNotReloaded(page);
  await expect(repositories).toHaveValues([]);
  const scope = page.getByTestId("scope");
  await expect(scope).toContainText("all 31 repositories");
  await expect(scope).toContainText("per quarter");
  await expect(page.getByText("No activity in this scope")).toHaveCount(0);
  // The figures are those the server gives this address.
  const rows = await serverFigures(page, "contributors");
  expect(rows.length).toBeGreaterThan(0);
  expect(rows[0][0]).toContain("2024");
  expect(rows.some(([, active]) => Number(active) > 0), "contributors were active in 2024").toBe(true);
  await expect.poll(() => chartRows(page, "contributors")).toEqual(rows);
  await screenshot(page, "filter-applied-twice");

  // Reset: the form is emptied and the next Apply shows everything again.
  await page.getByRole("link", { name: "Reset", exact: true }).click();
  await expect(page.getByLabel("From", { exact: true })).toHaveValue("");
  await expect(repositories).toHaveValues([]);
  await apply(page);
  await expect(page.getByTestId("scope")).not.toContainText("per quarter");
  expect(pairs(page).filter(([name]) => name === "from" || name === "repo" || name === "")).toEqual([]);
  await expectNotReloaded(page);
});

test("after switching language the filter still covers every repository", async ({ page }) => {
  await page.goto("/community?period=quarter&from=2024-01");
  await hydrated(page);
  await mark(page);
  await page.getByRole("link", { name: "Français" }).click();
  await expect(page.locator("html")).toHaveAttribute("lang", "fr");
  const repositories = page.getByLabel("Dépôts", { exact: true });
  await expect(repositories).toHaveValues([]);
  await expect(page.getByLabel("Du", { exact: true })).toHaveValue("2024-01");
  await expect(page.getByLabel("Période", { exact: true })).toHaveValue("quarter");

  await page.getByLabel("Au", { exact: true }).fill("2024-12");
  await apply(page, "Appliquer");
  await expect(page).toHaveURL(/[?&]to=2024-12/);
  expect(pairs(page)).toEqual([
    ["from", "2024-01"],
    ["to", "2024-12"],
    ["period", "quarter"],
    ["lang", "fr"],
  ]);
  await expectNotReloaded(page);
  await expect(repositories).toHaveValues([]);
  await expect(page.getByTestId("scope")).toContainText("31 dépôts");
  // The page changes in place once its data has come: wait for it.
  const expected = await serverFigures(page, "new-departed");
  expect(expected.map(([period]) => period)).toHaveLength(4);
  await expect.poll(() => chartRows(page, "new-departed")).toEqual(expected);
  await screenshot(page, "filter-after-language-fr");
});

test("on a phone the filter applied twice keeps every repository", async ({ page }) => {
  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto("/community?lang=fr");
  await hydrated(page);
  await openFilter(page);
  await page.getByLabel("Période", { exact: true }).selectOption("year");
  await apply(page, "Appliquer");
  await expect(page).toHaveURL(/[?&]period=year/);
  await openFilter(page);
  await page.getByLabel("Du", { exact: true }).fill("2020-01");
  await apply(page, "Appliquer");
  await expect(page).toHaveURL(/[?&]from=2020-01/);
  expect(pairs(page)).toEqual([
    ["from", "2020-01"],
    ["period", "year"],
    ["lang", "fr"],
  ]);
  await openFilter(page);
  await expect(page.getByLabel("Dépôts", { exact: true })).toHaveValues([]);
  await screenshot(page, "filter-phone-fr");
});

test.describe("without JavaScript", () => {
  test.use({ javaScriptEnabled: false });

  test("the same steps give the same page", async ({ page }) => {
    await page.goto("/");
    await page.getByLabel("Period", { exact: true }).selectOption("quarter");
    await apply(page);
    await expect(page).toHaveURL(/[?&]period=quarter/);
    await page.getByLabel("From", { exact: true }).fill("2024-01");
    await apply(page);
    await expect(page).toHaveURL(/[?&]from=2024-01/);
    expect(pairs(page).filter(([name]) => name === "repo")).toEqual([]);
    await expect(page.getByLabel("Repositories", { exact: true })).toHaveValues([]);
    await expect(page.getByTestId("scope")).toContainText("all 31 repositories");
    await expect(page.getByTestId("scope")).toContainText("per quarter");
    await screenshot(page, "filter-applied-twice-no-script");
  });
});
