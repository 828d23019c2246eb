// What the end-to-end tests share: the console guard, the table readers,
// hydration, accessibility checks and screenshots.
import { test, expect, type Page, type ConsoleMessage } from "@playwright/test";
import AxeBuilder from "@axe-core/playwright";
import { expected } from "./truth";

export const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

/** Console errors and uncaught exceptions of the current test. */
export const problems: string[] = [];

/** Makes every test of the file fail on a browser console error or an uncaught exception. */
export function guardConsole() {
  test.beforeEach(async ({ page }) => {
    problems.length = 0;
    page.on("console", (m: ConsoleMessage) => {
      if (m.type() === "error") problems.push(`console: ${m.text()}`);
    });
    page.on("pageerror", (e) => problems.push(`page error: ${e.message}`));
  });
  test.afterEach(() => {
    expect(problems, "browser console errors").toEqual([]);
  });
}

/** Forgets the console errors that match (an expected 404). */
export function forgetProblems(matching: string) {
  const kept = problems.filter((p) => !p.includes(matching));
  problems.length = 0;
  problems.push(...kept);
}

/** "Mar 2024" as 2024-03. */
export function monthKey(label: string): string {
  const [mon, year] = label.split(" ");
  return `${year}-${String(MONTHS.indexOf(mon) + 1).padStart(2, "0")}`;
}

/** A chart's number table: one array of cell texts per row. */
export async function chartRows(page: Page, chart: string): Promise<string[][]> {
  return page
    .getByTestId(`chart-${chart}`)
    .locator("details table tbody tr")
    .evaluateAll((trs) => trs.map((tr) => [...tr.querySelectorAll("th, td")].map((c) => c.textContent ?? "")));
}

/** A table's rows: one array of cell texts per row. */
export async function tableRows(page: Page, table: string): Promise<string[][]> {
  return page
    .getByTestId(`table-${table}`)
    .locator("tbody tr")
    .evaluateAll((trs) => trs.map((tr) => [...tr.querySelectorAll("th, td")].map((c) => c.textContent ?? "")));
}

/** An English number ("1,234") as a number. */
export function num(text: string): number {
  return Number(text.replace(/,/g, ""));
}

/** A chart of active and new contributors (the contributors chart by default) as YYYY-MM → [active, new]. */
export async function monthTable(page: Page, chart = "contributors"): Promise<Map<string, [number, number]>> {
  const rows = await chartRows(page, chart);
  return new Map(rows.map(([label, a, n]) => [monthKey(label), [num(a), num(n)]]));
}

export async function expectGitNumbers(
  page: Page,
  repo: string | string[] | undefined,
  from: string,
  to: string,
  chart = "contributors",
) {
  const want = expected(repo, from, to);
  const got = await monthTable(page, chart);
  for (const [month, { active, new: fresh }] of want.months) {
    expect(got.get(month), `month ${month}`).toEqual([active, fresh]);
  }
  // Months without activity are shown as zeros, never with numbers of their own.
  for (const [month, [active, fresh]] of got) {
    if (!want.months.has(month)) expect([active, fresh], `month ${month}`).toEqual([0, 0]);
  }
  // Guards against a vacuous comparison: git saw contributors in this window.
  expect(want.activeInWindow).toBeGreaterThan(0);
}

/** Waits until the wasm bundle has hydrated the page. */
export async function hydrated(page: Page) {
  await expect(page.locator("body[data-hydrated]")).toHaveCount(1);
}

/** No serious or critical accessibility violation (axe-core), and no
 * message shown with an argument left unfilled. */
export async function accessible(page: Page) {
  expect(await page.locator("body").innerText()).not.toContain("{$");
  const results = await new AxeBuilder({ page }).analyze();
  const bad = results.violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => n.target.join(" ")).slice(0, 3).join("; ")}`);
  expect(bad, "serious or critical accessibility violations").toEqual([]);
}

/** Saves a full-page screenshot for a person to look at (ignored by git). */
export async function screenshot(page: Page, name: string) {
  await page.screenshot({ path: `screenshots/${name}.png`, fullPage: true });
}


/** The accounts serve.sh makes for the tests. */
export const ACCOUNTS = {
  manager: { name: "manager", password: "manager-password-1" },
  admin: { name: "admin", password: "admin-password-12" },
} as const;

/** Signs the page's browser context in through the sign-in form. */
export async function signIn(page: Page, role: keyof typeof ACCOUNTS = "manager", base = "") {
  const account = ACCOUNTS[role];
  await page.goto(`${base}/login`);
  await page.getByLabel(/Account|Compte/).fill(account.name);
  await page.getByLabel(/Password|Mot de passe/).fill(account.password);
  await Promise.all([page.waitForURL((url) => url.pathname === "/"), page.getByRole("button", { name: /Sign in|Se connecter/ }).click()]);
  await expect(page.getByTestId("signed-in")).toHaveText(account.name);
}
