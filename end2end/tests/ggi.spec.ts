// The GGI scorecard (docs/governance.md) over the 31 Lutece repositories
// with their tips recorded and the handbook of ../shared/data/ggi: the 25
// activities by goal, the evidence and its agreement with the other pages,
// an administrator's decision without JavaScript, what anonymous readers
// may not do, and the downloads. Facts read by hand in the shared data:
// of the 31 tips only lutece-core has a code of conduct (1 of 31: 3%).
import { test, expect } from "@playwright/test";
import { accessible, guardConsole, signIn } from "./support";

guardConsole();

/** An activity's evidence lines, as `label: value`. */
async function evidence(page: import("@playwright/test").Page, activity: string): Promise<Record<string, string>> {
  const lines = await page.getByTestId(activity).getByTestId("ggi-evidence").locator("li").allTextContents();
  return Object.fromEntries(lines.map((l) => l.split(": ") as [string, string]));
}

test("the 25 activities are shown by goal, with evidence for six", async ({ page }) => {
  await page.goto("/ggi");
  await expect(page.locator("h1")).toHaveText("GGI scorecard");
  await expect(page.getByTestId("ggi-intro")).toContainText("The 1.3 handbook");
  await expect(page.locator("section.ggi-goal h2")).toHaveText([
    "Usage Goal",
    "Trust Goal",
    "Culture Goal",
    "Engagement Goal",
    "Strategy Goal",
  ]);
  await expect(page.locator("article.ggi-activity")).toHaveCount(25);
  await expect(page.getByTestId("ggi-evidence")).toHaveCount(6);
  const a25 = await evidence(page, "GGI-A-25");
  expect(a25["Repositories read"]).toBe("31");
  expect(a25["With a code of conduct"]).toBe("3%");
  // Counted with git grep over the 31 tips (ingest/tests/estate.rs): 4,097
  // of 8,476 source files open with a licence header.
  expect(a25["Source files read"]).toBe("8,476");
  expect(a25["Source files with a licence header"]).toBe("48%");
  const a23 = await evidence(page, "GGI-A-23");
  expect(a23["Repositories with their poms read"]).toBe("31");
  // The inventory behind the counts: one row per artifact declared.
  const inventory = page.getByTestId("GGI-A-23").getByTestId("ggi-detail");
  const internal = Number(a23["Internal dependencies"]);
  const external = Number(a23["External dependencies"]);
  await expect(inventory.locator("tbody tr")).toHaveCount(internal + external);
  const core = inventory.locator("tbody tr", { hasText: "fr.paris.lutece:lutece-core" });
  await expect(core.locator("td").first()).toHaveText("lutece-platform/lutece-core");
  await expect(page.getByTestId("GGI-A-44").getByTestId("ggi-evidence")).toContainText(
    "No change request merged in the year in scope",
  );
  await expect(page.getByTestId("GGI-A-26").getByTestId("ggi-evidence")).toContainText("Not measured");
  // Anonymous readers see no form.
  await expect(page.getByTestId("ggi-decide")).toHaveCount(0);
  await accessible(page);

  // GGI-A-24's indicators are the summary's own figures.
  const active = (await evidence(page, "GGI-A-24"))["Active contributors"];
  expect(Number(active)).toBeGreaterThan(0);
  await page.goto("/");
  await expect(page.getByTestId("headline-active").locator(".figure-value")).toHaveText(active);
});

test.describe("without JavaScript", () => {
  test.use({ javaScriptEnabled: false });
  test("an administrator records a decision; it is kept with who and when, and goes into the CSV", async ({ page, request }) => {
    await signIn(page, "admin");
    await page.goto("/ggi");
    const a44 = page.getByTestId("GGI-A-44");
    await a44.getByLabel("Status").selectOption("in_progress");
    await a44.getByLabel("Notes (what was decided, why)").fill("=HYPERLINK(\"http://x\")\n<b>Reviews</b> planned");
    await a44.getByRole("button", { name: "Record the decision" }).click();
    await expect(page).toHaveURL(/\/ggi\?done=decision#GGI-A-44$/);
    await expect(page.getByTestId("ggi-done")).toHaveText("The decision is recorded.");
    const after = page.getByTestId("GGI-A-44");
    await expect(after.getByTestId("ggi-status")).toHaveText("In progress");
    await expect(after.getByTestId("ggi-notes")).toHaveText("=HYPERLINK(\"http://x\")\n<b>Reviews</b> planned");
    await expect(after.getByTestId("ggi-decisions")).toContainText("admin");
    await expect(after.locator("b")).toHaveCount(0);
    // The scorecard's CSV: the notes cannot run as a formula.
    const csv = await (await page.request.get("/download/ggi/ggi.csv")).text();
    const row = csv.split("\r\n").find((l) => l.startsWith("GGI-A-44,"));
    expect(row).toContain("Run code reviews,Trust Goal,In progress,\"'=HYPERLINK(");
    // Anonymous readers see the status, not who decided.
    const anonymous = await request.get("/ggi");
    const text = await anonymous.text();
    expect(text).toContain("In progress");
    // A bad status is refused and nothing is recorded.
    await page.goto("/ggi");
    const decisions = await page.getByTestId("GGI-A-44").getByTestId("ggi-decisions").locator("li").count();
    const form = page.getByTestId("GGI-A-44").getByTestId("ggi-decide");
    await form.evaluate((f) => ((f.querySelector("select") as HTMLSelectElement).innerHTML = '<option value="finished">x</option>'));
    await form.getByRole("button").click();
    await expect(page.getByTestId("ggi-error")).toHaveText("That is not a status: nothing was recorded.");
    await expect(page.getByTestId("GGI-A-44").getByTestId("ggi-decisions").locator("li")).toHaveCount(decisions);
  });
});

test("only a signed-in administrator may decide", async ({ request }) => {
  const anonymous = await request.post("/admin/ggi", {
    form: { csrf: "x", activity: "GGI-A-23", status: "done", notes: "" },
    maxRedirects: 0,
  });
  expect(anonymous.status()).toBe(401);
});

test("every activity downloads as Markdown in the board's layout", async ({ request }) => {
  const zip = await request.get("/download/ggi/board.zip");
  expect(zip.status()).toBe(200);
  expect(zip.headers()["content-type"]).toBe("application/zip");
  const body = (await zip.body()).toString("latin1");
  // Each file's name is in its local header and in the central directory.
  const names = new Set(body.match(/activity_GGI-A-\d\d\.md/g));
  expect(names.size).toBe(25);
});

test("on a phone, in French, the scorecard reads in one column", async ({ page }) => {
  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto("/ggi?lang=fr");
  await expect(page.locator("h1")).toHaveText("Tableau de bord GGI");
  await expect(page.getByTestId("GGI-A-25").getByTestId("ggi-evidence")).toContainText("Avec un code de conduite : 3");
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow).toBeLessThanOrEqual(0);
});
