// code.gouv.fr's ten criteria (docs/governance.md) over the 31 Lutece
// repositories with their tips recorded: the catalogue's column, sort and
// filter, a repository's criteria with their evidence, the summary's
// sentence. Facts read by hand in the shared data: lutece-core has
// CODE_OF_CONDUCT.md at its root and tagged lutece-core-7.1.9-beta-01 on
// 10 April 2026; git-log files carry no forge home page.
import { test, expect } from "@playwright/test";
import { accessible, guardConsole, signIn, tableRows } from "./support";

guardConsole();

test("a repository's page shows each code.gouv.fr criterion with what it was judged on", async ({ page }) => {
  await page.goto("/repositories/lutece-platform/lutece-core");
  const section = page.getByTestId("repository-code-gouv");
  await expect(section.locator("h3")).toHaveText("code.gouv.fr criteria");
  const rows = await section.locator("tbody tr").evaluateAll((trs) =>
    trs.map((tr) => [
      tr.querySelector("th")?.childNodes[0]?.textContent?.trim() ?? "",
      tr.querySelector(".criterion-evidence")?.textContent ?? "",
      tr.querySelector("td")?.textContent ?? "",
    ]),
  );
  expect(rows).toHaveLength(10);
  const byName = Object.fromEntries(rows.map(([name, evidence, state]) => [name, [evidence, state]]));
  expect(byName["A code of conduct"]).toEqual(["CODE_OF_CONDUCT.md", "met"]);
  expect(byName["A release in the last 6 months"]).toEqual(["lutece-core-7.1.9-beta-01, 10 April 2026", "met"]);
  expect(byName["A home page besides the repository"]).toEqual(["no home page known (the forge gives it)", "not met"]);
  expect(byName["How to contribute (CONTRIBUTING)"][1]).toBe("not met");
  const met = rows.filter((r) => r[2] === "met").length;
  await expect(section.locator("p").first()).toHaveText(`${met} of the 10 criteria of France's public-sector catalogue are met.`);
  await accessible(page);
});

test.describe("without JavaScript", () => {
  test.use({ javaScriptEnabled: false });
  test("the catalogue sorts and filters on the criteria met", async ({ page }) => {
    await page.goto("/repositories?sort=code_gouv&desc=1");
    const all = await tableRows(page, "repositories");
    const column = (await page.getByTestId("table-repositories").locator("thead th").allTextContents()).indexOf(
      "code.gouv.fr",
    );
    expect(column).toBeGreaterThan(0);
    const scores = all.map((r) => Number(r[column].split("/")[0]));
    expect(scores).toEqual([...scores].sort((a, b) => b - a));
    const atLeast = Math.max(...scores);
    await page.getByLabel("code.gouv.fr criteria").selectOption(String(atLeast));
    await page.getByRole("button", { name: "Apply" }).last().click();
    await expect(page).toHaveURL(new RegExp(`code_gouv=${atLeast}`));
    const kept = await tableRows(page, "repositories");
    expect(kept).toHaveLength(scores.filter((s) => s >= atLeast).length);
  });
});

test("the summary says how many components meet at least 7 of the 10 criteria, in English and French", async ({ page, request }) => {
  // The catalogue's scores, as its CSV gives them.
  const csv = (await (await request.get("/download/repositories/repositories.csv")).text()).trim().split("\n");
  const column = csv[0].split(",").indexOf("code.gouv.fr");
  expect(column).toBeGreaterThan(0);
  const good = csv.slice(1).filter((line) => Number(line.split(",")[column]) >= 7).length;
  await page.goto("/");
  await expect(page.getByTestId("summary-code-gouv")).toHaveText(
    `${good} of 31 components meet at least 7 of the 10 code.gouv.fr criteria.`,
  );
  await page.goto("/?lang=fr");
  await expect(page.getByTestId("summary-code-gouv")).toHaveText(
    new RegExp(`^${good} composants? sur 31 rempli(ssen)?t au moins 7 des 10 critères de code\\.gouv\\.fr\\.$`),
  );
});

test("without a publiccode.yml, a repository's page offers a draft; signed in, it names the maintainers", async ({ page }) => {
  await page.goto("/repositories/lutece-platform/lutece-cms-plugin-blog");
  const section = page.getByTestId("repository-publiccode");
  await expect(section.locator("p").first()).toContainText("It has no publiccode.yml");
  const link = section.getByRole("link", { name: "Download a draft publiccode.yml" });
  const href = await link.getAttribute("href");
  expect(href).toBe("/download/repository/publiccode.yml?name=lutece-platform%2Flutece-cms-plugin-blog");
  // Anonymous: what the data says, no person named.
  const anonymous = await page.request.get(href!);
  expect(anonymous.status()).toBe(200);
  expect(anonymous.headers()["content-disposition"]).toBe('attachment; filename="publiccode.yml"');
  const draft = await anonymous.text();
  expect(draft).toContain('publiccodeYmlVersion: "0.4"');
  expect(draft).toContain('softwareType: "addon"');
  expect(draft).toContain('softwareVersion: "3.0.4"');
  expect(draft).toContain("This plugin provides a simple content management feature to a Lutece site");
  expect(draft).not.toContain("contacts:");
  // A community manager's download names the regular maintainers.
  await signIn(page, "manager");
  const named = await (await page.request.get(href!)).text();
  expect(named).toMatch(/contacts:\n {4}- name: "[^"]+"/);
});

test("the catalogue offers every repository's publiccode.yml in one archive", async ({ page }) => {
  await page.goto("/repositories");
  const href = await page.getByTestId("publiccode-archive").getAttribute("href");
  expect(href).toMatch(/^\/download\/repositories\/publiccode\.zip/);
  const archive = await page.request.get(href!);
  expect(archive.status()).toBe(200);
  expect(archive.headers()["content-type"]).toBe("application/zip");
  const bytes = await archive.body();
  expect(bytes.subarray(0, 2).toString()).toBe("PK");
  // Stored names are plain in a zip's directory: one file per repository.
  const text = bytes.toString("latin1");
  expect(text).toContain("lutece-platform/lutece-core/publiccode.yml");
  expect(text).toContain("index.csv");
});

// OW2's MRL data points (docs/governance.md). lutece-core's tip: 2,090
// source files, 1,241 without a licence header (git grep over the bundle,
// ingest/tests/estate.rs). git-log files carry no forge data.
test("a repository's page gives OW2's MRL data points, and says what the data cannot give", async ({ page }) => {
  await page.goto("/repositories/lutece-platform/lutece-core");
  const section = page.getByTestId("repository-mrl");
  await expect(section.locator("h3")).toHaveText("OW2 Market Readiness Levels: data points");
  const rows = await section.locator("tbody tr").evaluateAll((trs) =>
    trs.map((tr) => [...tr.querySelectorAll("th, td")].map((c) => c.textContent?.trim() ?? "")),
  );
  const byName = Object.fromEntries(rows.map(([name, value]) => [name, value]));
  expect(byName["Source files without a licence header"]).toBe("1,241 of 2,090 (59%)");
  expect(byName['People assigned to issues (OW2 "active users"; not the software\'s users)']).toBe("no forge data");
  expect(byName["CTY-2: public discussion in the last 3 months"]).toBe("no forge data");
  expect(byName["CTY-1: two active committers from different organisations (last 12 months)"]).toMatch(/^(Yes|No): \d+ committers/);
  await accessible(page);
});

test("the catalogue gives every repository's MRL data points as CSV, in French too", async ({ page, request }) => {
  const csv = (await (await request.get("/download/repositories/mrl.csv?lang=fr")).text()).trim().split("\r\n");
  expect(csv[0].startsWith("Dépôt,Tickets ouverts échantillonnés")).toBe(true);
  expect(csv).toHaveLength(32);
  const core = csv.find((line) => line.startsWith("lutece-platform/lutece-core,"));
  expect(core).toContain(",2090,1241,");
  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto("/repositories/lutece-platform/lutece-core?lang=fr");
  await expect(page.getByTestId("repository-mrl")).toContainText("Fichiers sources sans en-tête de licence");
  await expect(page.getByTestId("repository-mrl")).toContainText(/1\s241 sur 2\s090/);
  await page.goto("/repositories?lang=fr");
  await expect(page.getByTestId("mrl-archive")).toHaveText("Les points de mesure MRL d'OW2 de chaque dépôt (CSV)");
});
