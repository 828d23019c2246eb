// The community, contributors, contributor and repository pages, checked
// against what git itself says (truth.ts).
import { test, expect } from "@playwright/test";
import { contributors, departed, expected, type Person } from "./truth";
import {
  accessible, chartRows, expectGitNumbers, forgetProblems, guardConsole, hydrated, monthKey, num,
  screenshot, signIn, tableRows,
} from "./support";

guardConsole();
// These pages name people: the tests read them as a community manager.
test.beforeEach(async ({ page }) => {
  await signIn(page);
});

const REPO = "lutece-platform/lutece-cms-plugin-document";
const repoQuery = `repo=${encodeURIComponent(REPO)}`;

test("the community page: new and departed contributors, funnel and cohorts as git says", async ({ page }) => {
  await page.goto(`/community?${repoQuery}&period=month`);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Community");
  // The Lutece data is git only: the page says why two charts are missing.
  await expect(page.getByTestId("no-forge-data")).toBeVisible();
  await expect(page.getByTestId("chart-response")).toHaveCount(0);
  await expect(page.getByTestId("chart-backlog")).toHaveCount(0);
  for (const chart of ["new-departed", "funnel", "conversion", "cohorts", "factors", "structure"]) {
    await expect(page.getByTestId(`chart-${chart}`).locator(".chart-wide svg")).toHaveCount(1);
  }

  // New per month as git says; departed where it is known, blank after.
  const all = expected(REPO, "0000-01", "9999-12");
  const gone = departed(REPO);
  const rows = await chartRows(page, "new-departed");
  expect(rows.length).toBeGreaterThan(12);
  let knownDeparted = 0;
  for (const [label, fresh, left] of rows) {
    const month = monthKey(label);
    expect(num(fresh), `new in ${month}`).toBe(all.months.get(month)?.new ?? 0);
    if (left === "–") continue;
    knownDeparted += num(left);
    expect(num(left), `departed in ${month}`).toBe(gone.get(month) ?? 0);
  }
  expect(knownDeparted, "some contributors left, as git says").toBe([...gone.values()].reduce((a, b) => a + b, 0));
  expect(knownDeparted).toBeGreaterThan(0);
  // The latest year cannot be judged yet.
  expect(rows.slice(-11).every(([, , left]) => left === "–")).toBe(true);

  // The funnel starts with every newcomer of the window.
  const funnel = await chartRows(page, "funnel");
  expect(num(funnel[0][1])).toBe(all.newInWindow);
  expect(num(funnel[1][1])).toBeLessThanOrEqual(num(funnel[0][1]));
  expect(num(funnel[2][1])).toBeLessThanOrEqual(num(funnel[0][1]));

  // Each cohort's size is the number of newcomers of its month; month 0 keeps all.
  const cohorts = await chartRows(page, "cohorts");
  expect(cohorts.length).toBeGreaterThan(0);
  for (const [label, size, first] of cohorts) {
    // A month without newcomers is an empty cohort, not a missing row.
    expect(num(size), `cohort ${label}`).toBe(all.months.get(monthKey(label))?.new ?? 0);
    expect(first).toBe(num(size) > 0 ? "100%" : "–");
  }
  // The heatmap says how many each row is a share of.
  const [lastLabel, lastSize] = cohorts[cohorts.length - 1];
  await expect(page.getByTestId("chart-cohorts").locator(".chart-wide svg").first()).toContainText(`${lastLabel} (${lastSize})`);

  // The heatmap downloads as SVG, its numbers as CSV.
  const svg = await page.request.get(
    (await page.getByTestId("chart-cohorts").getByRole("link", { name: "SVG" }).getAttribute("href"))!,
  );
  expect(svg.status()).toBe(200);
  expect(await svg.text()).toContain("<title>Cohort retention</title>");
  const csv = await page.request.get(
    (await page.getByTestId("chart-cohorts").getByRole("link", { name: "CSV" }).getAttribute("href"))!,
  );
  const lines = (await csv.text()).trim().split("\r\n");
  expect(lines[0]).toMatch(/^First contribution,Contributors,\+0,\+1,/);
  expect(lines).toHaveLength(cohorts.length + 1);
  // The first cohort with newcomers keeps them all at month 0; an empty
  // one has empty cells.
  expect(lines.slice(1).find((l) => l.split(",")[1] !== "0")).toMatch(/^\d{4}-\d{2},\d+,1\.0000,/);
  // An unknown share is an empty cell, not a dash.
  expect(csv.status()).toBe(200);
  expect(lines.join("\n")).not.toContain("–");
  await hydrated(page);
  await accessible(page);
  await screenshot(page, "community");
});

test("the contributors table: statuses, counts and order as git says", async ({ page }) => {
  const { people } = contributors(REPO);
  const count = (f: (p: Person) => boolean) =>
    [...people.values()].filter(f).length;
  await page.goto(`/contributors?${repoQuery}`);
  await expect(page.getByTestId("shown")).toHaveText(`${people.size} contributors match`);
  const statusCount = async (key: string) =>
    num(((await page.getByTestId(`count-${key}`).textContent()) ?? "").split(": ")[1]);
  expect(await statusCount("new")).toBe(count((p) => p.status === "new"));
  expect(await statusCount("active")).toBe(count((p) => p.status === "active" || p.status === "new"));
  expect(await statusCount("drifting")).toBe(count((p) => p.status === "drifting"));
  expect(await statusCount("away")).toBe(count((p) => p.status === "away"));
  const inactive = count((p) => p.inactive);
  expect(await statusCount("inactive")).toBe(inactive);
  expect(inactive).toBeGreaterThan(0);

  // Most recently active first, by default.
  const rows = await tableRows(page, "contributors");
  expect(rows.length).toBe(Math.min(50, people.size));
  const last = rows.map((r) => Date.parse(r[4]));
  expect(last).toEqual([...last].sort((a, b) => b - a));
  await hydrated(page);

  // The inactive contributors are one click away.
  await page.getByTestId("count-inactive").getByRole("link").click();
  await expect(page).toHaveURL(/status=inactive/);
  await expect(page.getByTestId("shown")).toHaveText(`${inactive} contributors match`);
  const shown = await tableRows(page, "contributors");
  for (const r of shown) {
    expect(["Drifting", "Away"]).toContain(r[1]);
    expect(num(r[5])).toBeGreaterThanOrEqual(5);
  }

  // Sorted by contributions, the first has git's largest count.
  await page.getByLabel("Sort by").selectOption("contributions");
  await page.getByRole("button", { name: "Apply" }).last().click();
  await expect(page).toHaveURL(/sort=contributions/);
  const most = Math.max(...[...people.values()].filter((p) => p.inactive).map((p) => p.contributions));
  await expect(page.getByTestId("table-contributors").locator("tbody tr").first().locator("td").nth(4)).toHaveText(
    most.toLocaleString("en"),
  );

  // The CSV has every matching row.
  const csvHref = await page.getByTestId("table-contributors").getByRole("link", { name: "CSV" }).getAttribute("href");
  const csv = await page.request.get(csvHref!);
  expect(csv.headers()["content-type"]).toContain("text/csv");
  const lines = (await csv.text()).trim().split("\r\n");
  expect(lines[0]).toBe("Contributor,Status,Organisation,First activity,Last activity,Contributions,Main repositories,E-mail addresses,Forge accounts");
  expect(lines).toHaveLength(inactive + 1);
  await accessible(page);
  await screenshot(page, "contributors");
});

test.describe("without JavaScript", () => {
  test.use({ javaScriptEnabled: false });

  test("contributors are searched, filtered by contributions and paged", async ({ page }) => {
    const { people } = contributors(undefined);
    await page.goto("/contributors");
    await expect(page.getByTestId("shown")).toHaveText(`${people.size} contributors match`);
    await expect(page.getByTestId("page-of")).toHaveText(`Page 1 of ${Math.ceil(people.size / 50)}`);
    await page.getByRole("link", { name: "Next" }).click();
    await expect(page).toHaveURL(/page=2/);
    await expect(page.getByTestId("page-of")).toHaveText(`Page 2 of ${Math.ceil(people.size / 50)}`);

    const many = [...people.values()].filter((p) => p.contributions >= 100).length;
    await page.getByLabel("At least this many contributions").fill("100");
    await page.getByRole("button", { name: "Apply" }).last().click();
    await expect(page).toHaveURL(/min=100/);
    await expect(page).not.toHaveURL(/page=2/);
    await expect(page.getByTestId("shown")).toHaveText(`${many} contributors match`);

    // A search by name finds that person, whatever the case.
    const first = (await page.getByTestId("table-contributors").locator("tbody th").first().textContent())!;
    await page.getByLabel("Name, e-mail or organisation").fill(first.toUpperCase());
    await page.getByRole("button", { name: "Apply" }).last().click();
    const names = await page.getByTestId("table-contributors").locator("tbody th").allTextContents();
    expect(names).toContain(first);
    for (const n of names) expect(n.toLowerCase()).toContain(first.toLowerCase());
  });
});

test("a contributor's page: their contributions as git counts them", async ({ page }) => {
  const { people } = contributors(REPO);
  await page.goto(`/contributors?${repoQuery}&sort=contributions`);
  const top = page.getByTestId("table-contributors").locator("tbody tr").first();
  const name = (await top.locator("th").textContent())!;
  const contributions = num((await top.locator("td").nth(4).textContent())!);
  expect(contributions).toBe(Math.max(...[...people.values()].map((p) => p.contributions)));
  await hydrated(page);
  await top.getByRole("link", { name }).click();
  await expect(page).toHaveURL(/\/contributors\/\d+\?repo=/);
  await expect(page.getByTestId("contributor-name")).toContainText(name);
  await expect(page.getByTestId("contributor-facts")).toContainText(contributions.toLocaleString("en"));
  // Their activity chart adds up to their contributions (all time).
  const rows = await chartRows(page, "activity");
  const sum = rows.reduce((total, cells) => total + cells.slice(1).reduce((a, c) => a + (c === "–" ? 0 : num(c)), 0), 0);
  expect(sum).toBe(contributions);
  const where = await tableRows(page, "repositories");
  expect(where).toEqual([[REPO, contributions.toLocaleString("en"), expect.any(String), expect.any(String)]]);
  // Every identity merged into them, with its activities in every repository.
  const identities = await tableRows(page, "identities");
  expect(identities.length).toBeGreaterThan(0);
  expect(identities.reduce((total, row) => total + num(row[5]), 0)).toBeGreaterThanOrEqual(contributions);
  const svgHref = await page.getByTestId("chart-activity").getByRole("link", { name: "SVG" }).getAttribute("href");
  expect(svgHref).toMatch(/^\/download\/contributor\/activity\.svg\?.*id=\d+/);
  const svg = await page.request.get(svgHref!);
  expect(svg.status()).toBe(200);
  expect(await svg.text()).toContain("<title>Contributions over time</title>");
  await accessible(page);
  await screenshot(page, "contributor");
});

test("a repository's page: its health and its own charts", async ({ page }) => {
  await page.goto("/repositories");
  await hydrated(page);
  await page.getByTestId("table-repositories").getByRole("link", { name: REPO, exact: true }).click();
  await expect(page).toHaveURL(new RegExp(`/repositories/${REPO}$`));
  await expect(page.getByTestId("repository-name")).toContainText(REPO);
  await expect(page.getByTestId("repository-status")).toHaveText(/Green|Amber|Red|Archived/);
  await expect(page.getByTestId("repository-facts")).toContainText("Bus factor");
  // Git logs only: what a forge would tell is said missing once, not as dashes.
  await expect(page.getByTestId("repository-facts")).toContainText("No forge data");
  // Its contributors chart is git's, for this repository alone (per month).
  await page.goto(`/repositories/${REPO}?period=month`);
  await expectGitNumbers(page, REPO, "0000-01", "9999-12");
  await expect(page.getByLabel("Repositories", { exact: true })).toHaveCount(0);
  const svgHref = await page.getByTestId("chart-structure").getByRole("link", { name: "SVG" }).getAttribute("href");
  const svg = await page.request.get(svgHref!);
  expect(svg.status()).toBe(200);
  expect(await svg.text()).toContain("<title>Community structure</title>");
  // The same chart as a PNG, twice the SVG's 880 × 360 under a heading
  // of 64 (its title, scope and date).
  const pngHref = await page.getByTestId("chart-structure").getByRole("link", { name: "PNG" }).getAttribute("href");
  const png = await page.request.get(pngHref!);
  expect(png.status()).toBe(200);
  expect(png.headers()["content-type"]).toBe("image/png");
  const bytes = await png.body();
  expect(bytes.subarray(1, 4).toString("latin1")).toBe("PNG");
  expect([bytes.readUInt32BE(16), bytes.readUInt32BE(20)]).toEqual([1760, 848]);
  await accessible(page);
  await screenshot(page, "repository");
});

test("a contributor or repository that does not exist is a 404 that says so", async ({ page }) => {
  let response = await page.goto("/contributors/999999999");
  expect(response?.status()).toBe(404);
  await expect(page.getByTestId("contributor-missing")).toBeVisible();
  response = await page.goto("/repositories/nobody/nothing");
  expect(response?.status()).toBe(404);
  await expect(page.getByTestId("repository-missing")).toBeVisible();
  forgetProblems("status of 404");
});

test.describe("in French", () => {
  test.use({ locale: "fr-FR" });

  test("the new pages speak French", async ({ page }) => {
    for (const [path, heading] of [["/community", "Communauté"], ["/contributors", "Contributeurs"]]) {
      await page.goto(path);
      await expect(page.getByRole("heading", { level: 1 })).toHaveText(heading);
      await hydrated(page);
      await accessible(page);
    }
    await expect(page.getByTestId("count-inactive")).toContainText("Inactif");
  });
});

test("pages say how many accounts are left out as bots; managers see which and why", async ({ page }) => {
  await page.goto("/community");
  const note = page.getByTestId("bots-left-out");
  const said = (await note.textContent())!;
  expect(said).toMatch(/^(One account is|[\d,]+ accounts are) left out as bots?\./);
  const count = said.startsWith("One") ? 1 : num(said.match(/^[\d,]+/)![0]);
  const which = await page.getByTestId("bots-left-out-which").getAttribute("href");
  expect(which).toMatch(/^\/contributors(\?.*)?#bots$/);
  await page.goto(which!);
  const bots = await tableRows(page, "bots");
  expect(bots).toHaveLength(count);
  for (const [name] of bots) expect(name.trim()).not.toBe("");
  // Counted with the bots, nothing is left out.
  await page.goto("/community?bots=1");
  await expect(page.getByTestId("bots-left-out")).toHaveCount(0);
  // A visitor reads how many, never which.
  await page.context().clearCookies();
  await page.goto("/community");
  await expect(page.getByTestId("bots-left-out")).toHaveText(said.replace("Which ones, and why", "").trim());
  await expect(page.getByTestId("bots-left-out-which")).toHaveCount(0);
});
