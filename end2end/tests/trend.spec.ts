import { test, expect, type Page, type ConsoleMessage } from "@playwright/test";
import { expected } from "./truth";

const REPO = "lutece-platform/lutece-cms-plugin-document"; // has Co-authored-by trailers
const FROM = "2015-01";
const TO = "2024-12";

// Every test fails on a browser console error or an uncaught exception.
let problems: string[] = [];
test.beforeEach(async ({ page }) => {
  problems = [];
  page.on("console", (m: ConsoleMessage) => {
    if (m.type() === "error") problems.push(`console: ${m.text()}`);
  });
  page.on("pageerror", (e) => problems.push(`page error: ${e.message}`));
});
test.afterEach(() => {
  expect(problems, "browser console errors").toEqual([]);
});

/** The month table as month → [active, new]. */
async function table(page: Page): Promise<Map<string, [number, number]>> {
  const rows = await page.locator("[data-testid=months] tbody tr").evaluateAll((trs) =>
    trs.map((tr) => [...tr.querySelectorAll("th, td")].map((c) => c.textContent ?? "")),
  );
  return new Map(rows.map(([m, a, n]) => [m, [Number(a), Number(n)]]));
}

async function expectGitNumbers(page: Page, repo: string | undefined, from: string, to: string) {
  const want = expected(repo, from, to);
  await expect(page.getByTestId("active-total")).toHaveText(String(want.activeInWindow));
  await expect(page.getByTestId("new-total")).toHaveText(String(want.newInWindow));
  await expect(page.getByTestId("bus-factor")).toHaveText(String(want.busFactor));
  const got = await table(page);
  for (const [month, { active, new: fresh }] of want.months) {
    expect(got.get(month), `month ${month}`).toEqual([active, fresh]);
  }
  // Months without activity are shown as zeros, never with numbers of their own.
  for (const [month, [active, fresh]] of got) {
    if (!want.months.has(month)) expect([active, fresh], `month ${month}`).toEqual([0, 0]);
  }
  expect(want.activeInWindow).toBeGreaterThan(0);
}

/** Waits until the wasm bundle has hydrated the page. */
async function hydrated(page: Page) {
  await expect(page.locator("body[data-hydrated]")).toHaveCount(1);
}

test("a repository's numbers are git's", async ({ page }) => {
  await page.goto(`/?repo=${encodeURIComponent(REPO)}&from=${FROM}&to=${TO}`);
  await expect(page.getByTestId("scope")).toHaveText(REPO);
  await expectGitNumbers(page, REPO, FROM, TO);
  await hydrated(page);
});

test("all repositories together, over all time", async ({ page }) => {
  await page.goto("/");
  await expect(page.getByTestId("scope")).toHaveText("all 31 repositories");
  const window = (await page.getByTestId("window").textContent()) ?? "";
  const [from, to] = window.split(" to ");
  expect(from).toBe("2007-09");
  await expectGitNumbers(page, undefined, from, to);
  // Over all time, everyone is new exactly once.
  await expect(page.getByTestId("new-total")).toHaveText(
    (await page.getByTestId("active-total").textContent()) ?? "",
  );
  await hydrated(page);
});

test("the chart is drawn on the server", async ({ page }) => {
  await page.goto(`/?repo=${encodeURIComponent(REPO)}&from=${FROM}&to=${TO}`);
  const chart = page.getByTestId("trend-chart").locator("svg");
  await expect(chart).toHaveCount(1);
  await expect(chart).toHaveAttribute("role", "img");
  await expect(chart).toHaveAttribute("aria-label", `Active and new contributors per month, ${FROM} to ${TO}`);
  // One line per series, one point per month of the window (120 months).
  for (const colour of ["#1F5FA8", "#D95F02"]) {
    const line = chart.locator(`polyline[stroke="${colour}"][stroke-width="2"]`);
    await expect(line).toHaveCount(1);
    const points = ((await line.getAttribute("points")) ?? "").trim().split(/\s+/);
    expect(points).toHaveLength(120);
  }
  const box = await chart.boundingBox();
  expect(box!.width).toBeGreaterThan(300);
  await hydrated(page);
});

test.describe("without JavaScript", () => {
  test.use({ javaScriptEnabled: false });

  test("the filter is a plain form", async ({ page }) => {
    await page.goto("/");
    await page.getByLabel("Repository", { exact: true }).selectOption(REPO);
    await page.getByLabel("From", { exact: true }).fill(FROM);
    await page.getByLabel("To", { exact: true }).fill(TO);
    await page.getByRole("button", { name: "Apply" }).click();
    await expect(page).toHaveURL(/repo=lutece-platform%2Flutece-cms-plugin-document/);
    await expect(page).toHaveURL(new RegExp(`from=${FROM}&to=${TO}`));
    await expect(page.getByTestId("scope")).toHaveText(REPO);
    await expectGitNumbers(page, REPO, FROM, TO);
  });
});

test("with JavaScript the filter updates the page without a reload", async ({ page }) => {
  await page.goto("/");
  await hydrated(page);
  await page.evaluate(() => ((window as unknown as { vigieMarker: number }).vigieMarker = 42));
  await page.getByLabel("Repository", { exact: true }).selectOption(REPO);
  await page.getByLabel("From", { exact: true }).fill(FROM);
  await page.getByLabel("To", { exact: true }).fill(TO);
  await page.getByRole("button", { name: "Apply" }).click();
  await expect(page).toHaveURL(new RegExp(`from=${FROM}&to=${TO}`));
  await expect(page.getByTestId("scope")).toHaveText(REPO);
  await expectGitNumbers(page, REPO, FROM, TO);
  const marker = await page.evaluate(() => (window as unknown as { vigieMarker?: number }).vigieMarker);
  expect(marker, "the page was not reloaded").toBe(42);
});

test("bad filter values are explained, not fatal", async ({ page }) => {
  await page.goto("/?repo=nobody%2Fnothing&from=2019-13");
  await expect(page.getByRole("status")).toContainText("`2019-13` is not a month");
  await expect(page.getByRole("status")).toContainText("No repository named “nobody/nothing”");
  await expect(page.getByTestId("scope")).toHaveText("all 31 repositories");
  await hydrated(page);
});

test("unknown pages are 404s", async ({ page }) => {
  const response = await page.goto("/no/such/page");
  expect(response?.status()).toBe(404);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("This page does not exist");
  // The browser logs the 404 of the page itself; that one is expected.
  problems = problems.filter((p) => !p.includes("status of 404"));
});

test("an empty database says what to do", async ({ page }) => {
  await page.goto("http://127.0.0.1:3418/");
  await expect(page.getByTestId("empty-store")).toContainText("Nothing has been ingested yet");
  await expect(page.getByTestId("empty-store")).toContainText("vigie ingest");
  await hydrated(page);
});
