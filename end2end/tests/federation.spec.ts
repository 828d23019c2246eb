// The federation page: the Lutece data written to a lake and counted there
// by polars (serve.sh runs `vigie lake export` and `vigie lake metrics`),
// checked against what git itself says, with and without JavaScript, in
// English and French; and the empty database's page, which says how to
// compute a lake's figures.
import { test, expect } from "@playwright/test";
import { expected } from "./truth";
import {
  accessible, chartRows, expectGitNumbers, guardConsole, hydrated, monthKey, screenshot, tableRows,
} from "./support";

guardConsole();

/** The federation chart's first and last months, as YYYY-MM. */
async function chartWindow(page: import("@playwright/test").Page): Promise<[string, string]> {
  const labels = (await chartRows(page, "federation-contributors")).map((r) => r[0]);
  expect(labels.length).toBeGreaterThan(12);
  return [monthKey(labels[0]), monthKey(labels[labels.length - 1])];
}

test("the lake's figures, computed by polars, are git's", async ({ page }) => {
  await page.goto("/federation");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Federation");
  await expect(page.getByTestId("federation-about")).toContainText("Lake “lake”, computed by polars (this machine)");
  // Every month of the lake: active and new contributors as git counts them.
  const [from, to] = await chartWindow(page);
  expect(from).toBe("2007-09");
  await expectGitNumbers(page, undefined, from, to, "federation-contributors");
  // The last month is still under way: in the table, marked, not drawn.
  const rows = await chartRows(page, "federation-contributors");
  expect(rows[rows.length - 1][0]).toContain("(partial)");

  // The headlines are of the last whole month and year, as git says.
  const period = await page.getByTestId("federation-period").innerText();
  const year = /factors for (\d{4})/.exec(period)![1];
  const bus = expected(undefined, `${year}-01`, `${year}-12`).busFactor;
  await expect(page.getByTestId("headline-bus-factor").locator(".figure-value")).toHaveText(String(bus));
  const month = rows[rows.length - 2];
  await expect(page.getByTestId("headline-active").locator(".figure-value")).toHaveText(month[1]);
  await expect(page.getByTestId("headline-new").locator(".figure-value")).toHaveText(month[2]);

  // One row per repository of the lake; the most contributed to first.
  const repositories = await tableRows(page, "federation-repositories");
  expect(repositories).toHaveLength(31);
  const contributions = repositories.map((r) => Number(r[1].replace(/,/g, "")));
  expect(contributions).toEqual([...contributions].sort((a, b) => b - a));
  const csv = await page.request.get("/download/federation/federation-repositories.csv");
  expect(csv.status()).toBe(200);
  expect((await csv.text()).trim().split("\n")).toHaveLength(32);
  const svg = await page.request.get("/download/federation/federation-contributors.svg?run=1");
  expect(svg.headers()["content-type"]).toContain("image/svg+xml");

  // The computations kept: this one, shown.
  const runs = await tableRows(page, "lake-runs");
  expect(runs).toHaveLength(1);
  expect(runs[0][0]).toBe("1 (shown)");
  expect(runs[0][2]).toBe("polars (this machine)");

  await hydrated(page);
  await accessible(page);
  await screenshot(page, "federation");
});

test("a computation that is not kept is said so, and the latest is shown", async ({ page }) => {
  await page.goto("/federation?run=999");
  await expect(page.locator(".notices")).toHaveText("No computation number 999 is kept; the latest is shown.");
  await expect(page.getByTestId("federation-about")).toBeVisible();
});

test.describe("without JavaScript, in French", () => {
  test.use({ javaScriptEnabled: false, locale: "fr-FR" });

  test("the page is whole and speaks French", async ({ page }) => {
    await page.goto("/federation");
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Fédération");
    await expect(page.getByTestId("federation-about")).toContainText("calculé par polars (cette machine)");
    await expect(page.getByTestId("federation-period")).toContainText("Les comptes portent sur");
    await expect(page.getByTestId("chart-federation-contributors").locator("svg").first()).toBeAttached();
    expect(await tableRows(page, "federation-repositories")).toHaveLength(31);
    await screenshot(page, "federation-fr-nojs");
  });
});

test("an empty database's page says how to compute a lake's figures", async ({ page }) => {
  await page.goto("http://127.0.0.1:3418/federation");
  await expect(page.getByTestId("federation-none")).toContainText("vigie lake metrics LAKE --engine spark");
  await expect(page.getByTestId("table-lake-runs")).toHaveCount(0);
  await hydrated(page);
  await accessible(page);
});
