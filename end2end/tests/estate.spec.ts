// The technical debt page over the 31 Lutece repositories with their tips
// recorded (docs/estate.md), checked against facts read by hand in the
// shared data: lutece-core's licence and dependents, a plugin's core range
// and its branch for the new core.
import { test, expect } from "@playwright/test";
import { accessible, guardConsole, hydrated, screenshot, tableRows } from "./support";

guardConsole();

/** The estate table's row of `repository`. */
async function row(page: import("@playwright/test").Page, repository: string): Promise<string[]> {
  const rows = await tableRows(page, "estate");
  const found = rows.find((r) => r[0] === repository);
  expect(found, repository).toBeDefined();
  return found!;
}

test("the technical debt page: the core migration, dependents and licences as the data says", async ({ page }) => {
  await page.goto("/technical-debt");
  await hydrated(page);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Technical debt");
  await expect(page.getByTestId("estate-read")).toHaveText("Contents read for 31 of 31 repositories in scope");
  // lutece-core: version 8.0.2-SNAPSHOT, BSD-3-Clause (its LICENSE read by
  // hand), and 28 of the 31 name it in their pom (INDEX.csv's core ranges).
  const core = await row(page, "lutece-platform/lutece-core");
  expect(core[1]).toBe("Ready");
  expect(core[2]).toBe("8.0.2-SNAPSHOT");
  expect(core[5]).toBe("28 directly, 28 in all");
  expect(core[7]).toBe("BSD-3-Clause");
  // cms-plugin-blog: [7.0.8,7.9.9) in its pom, and a develop_core8 branch.
  const blog = await row(page, "lutece-platform/lutece-cms-plugin-blog");
  expect(blog.slice(1, 3)).toEqual(["In progress", "[7.0.8,7.9.9)"]);
  expect(blog[8]).toContain("branch develop_core8");
  await expect(page.getByTestId("estate-ready")).toContainText("of 31 components build against core 8");
  await accessible(page);
  await screenshot(page, "technical-debt-en");
});

test.describe("without JavaScript", () => {
  test.use({ javaScriptEnabled: false });
  test("the table sorts through the URL, most depended on first", async ({ page }) => {
    await page.goto("/technical-debt");
    await page.getByLabel("Sort by").selectOption("dependents");
    await page.getByLabel("Descending").check();
    await page.getByRole("button", { name: "Apply" }).last().click();
    await expect(page).toHaveURL(/sort=dependents/);
    const rows = await tableRows(page, "estate");
    expect(rows[0][0]).toBe("lutece-platform/lutece-core");
    expect(rows).toHaveLength(31);
  });
});

test("in French, and the table as CSV", async ({ page, request }) => {
  await page.goto("/technical-debt?lang=fr");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Dette technique");
  const core = await row(page, "lutece-platform/lutece-core");
  expect(core[1]).toBe("Prêt");
  await screenshot(page, "technical-debt-fr");
  const csv = await request.get("/download/technical-debt/estate.csv");
  expect(csv.status()).toBe(200);
  const lines = (await csv.text()).trim().split("\n");
  expect(lines).toHaveLength(32);
  expect(lines.find((l) => l.startsWith("lutece-platform/lutece-core,"))).toContain(",ready,");
});

test("a repository's page shows what it is made of, as the technical debt table does", async ({ page }) => {
  await page.goto("/repositories/lutece-platform/lutece-core");
  const estate = page.getByTestId("repository-estate");
  await expect(estate.locator("h3")).toHaveText("What it is made of");
  const facts = Object.fromEntries(
    await estate.locator("dl > div").evaluateAll((divs) =>
      divs.map((d) => [d.querySelector("dt")?.textContent ?? "", d.querySelector("dd")?.textContent ?? ""]),
    ),
  );
  expect(facts["New core"]).toBe("Ready");
  expect(facts["Depended on by"]).toBe("28 directly, 28 in all");
  expect(facts["Licence"]).toBe("BSD-3-Clause");
  expect(facts["Depends on"]).toBe("none");
  await page.goto("/repositories/lutece-platform/lutece-cms-plugin-blog");
  await expect(page.getByTestId("repository-estate").locator("dd").last()).toHaveText("lutece-platform/lutece-core");
});

test("the dependency graph is drawn on the server, downloadable, and given as a table", async ({ page, request }) => {
  await page.goto("/technical-debt");
  const figure = page.getByTestId("chart-dependency-graph");
  await expect(figure.locator(".chart-wide svg")).toHaveAttribute("aria-label", "Who builds on whom");
  await expect(figure.locator(".chart-wide svg text", { hasText: /^\s*lutece-core\s*$/ })).toHaveCount(1);
  // The numbers: lutece-core builds on none of the others; 28 build on it.
  await figure.locator("summary").click();
  const rows = await figure.locator("tbody tr").evaluateAll((trs) =>
    trs.map((tr) => [...tr.querySelectorAll("th, td")].map((c) => (c.textContent ?? "").trim())),
  );
  expect(rows).toHaveLength(31);
  expect(rows.find((r) => r[0] === "lutece-platform/lutece-core")).toEqual([
    "lutece-platform/lutece-core", "Ready", "", "28",
  ]);
  for (const format of ["svg", "png", "csv"]) {
    const download = await request.get(`/download/technical-debt/dependency-graph.${format}`);
    expect(download.status(), format).toBe(200);
  }
});

test("offline, the external dependencies are listed as declared and the page says why their freshness is unknown", async ({ page }) => {
  await page.goto("/technical-debt");
  // gru-library-identitystore's pom: spring-core ${springVersion}, 5.3.18.
  const external = page.locator("details.estate-more").last();
  await external.locator("summary").click();
  await expect(external.locator("p.note")).toContainText("The freshness of these 141 external artifacts is unknown.");
  await expect(external.locator("p.note")).toContainText("Why unknown: not asked: offline");
  const rows = await tableRows(page, "external-dependencies");
  const spring = rows.find((r) => r[0] === "org.springframework:spring-core");
  expect(spring?.map((cell) => cell.trim())).toEqual([
    "org.springframework:spring-core", "5.3.18", "unknown", "", "1",
  ]);
});

test("the summary says in one sentence how many components have moved to the new core", async ({ page }) => {
  // Ready: lutece-core (8.0.2-SNAPSHOT) and the five whose pom names core 8
  // or later (INDEX.csv), none of them importing javax.
  await page.goto("/");
  await expect(page.getByTestId("summary-estate")).toHaveText("6 of 31 components have moved to the new core.");
  await page.goto(`/?repo=${encodeURIComponent("lutece-platform/lutece-core")}&lang=fr`);
  await expect(page.getByTestId("summary-estate")).toHaveText("1 composant sur 1 est passé au nouveau cœur.");
});
