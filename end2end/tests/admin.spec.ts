// Administration: only administrators manage sources, identities and
// affiliations, and start an ingest run. The server (serve.sh admin) has a
// configuration of its own, over the 31 Lutece logs, that these tests
// change through the page's forms.
import { test, expect, type Page } from "@playwright/test";
import { readFileSync } from "node:fs";
import { accessible, forgetProblems, guardConsole, hydrated, screenshot, signIn } from "./support";

guardConsole();
test.describe.configure({ mode: "serial" });

const ADMIN = "http://127.0.0.1:3420";
const FOLDER = `${__dirname}/../../data/e2e/admin`;
const config = () => readFileSync(`${FOLDER}/vigie.toml`, "utf8");
const LOGS = `${__dirname}/../../../shared/data/lutece-gitlog`;

/** Contributors in the contributors download (one row each). */
async function contributorCount(page: Page): Promise<number> {
  const csv = await (await page.request.get(`${ADMIN}/download/contributors/contributors.csv`)).text();
  return csv.trim().split("\n").length - 1;
}

test("only administrators may use the administration page and its actions", async ({ page, request }) => {
  expect((await page.goto(`${ADMIN}/admin`))!.status()).toBe(401);
  await expect(page.getByTestId("sign-in-required")).toBeVisible();
  expect((await request.post(`${ADMIN}/admin/refresh`, { form: { csrf: "x" } })).status()).toBe(401);
  forgetProblems("status of 401");

  await signIn(page, "manager", ADMIN);
  expect((await page.goto(`${ADMIN}/admin`))!.status()).toBe(403);
  await expect(page.getByTestId("admin-required")).toBeVisible();
  await expect(page.getByTestId("admin-link")).toHaveCount(0);
  const csrf = await page.locator("meta[name=vigie-viewer]").getAttribute("data-csrf");
  for (const action of ["/admin/refresh", "/admin/affiliations", "/admin/identities", "/admin/sources"]) {
    const response = await page.request.post(`${ADMIN}${action}`, {
      form: { csrf: csrf!, domain: "x.example", organisation: "X", kind: "github", value: "x" },
      maxRedirects: 0,
    });
    expect(response.status(), action).toBe(403);
  }
  // The sources page has no refresh button for managers.
  await page.goto(`${ADMIN}/sources`);
  await expect(page.getByTestId("refresh-now")).toHaveCount(0);
  forgetProblems("status of 403");
  expect(config()).not.toContain("x.example");
});

test("an administrator adds an affiliation rule for a domain without one", async ({ page }) => {
  await signIn(page, "admin", ADMIN);
  await page.getByTestId("admin-link").click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Administration");
  await hydrated(page);
  await expect(page.getByTestId("admin-sources-table").locator("tbody tr")).toHaveCount(1);
  await accessible(page);
  await screenshot(page, "admin");
  const unknown = page.getByTestId("admin-unknown-domains").locator("li");
  const domain = await unknown.first().locator("input[name=domain]").inputValue();
  expect(domain).toMatch(/\./);
  await unknown.first().getByRole("textbox").fill("Organisation <b>d'essai</b>");
  await unknown.first().getByRole("button", { name: "Add the rule" }).click();
  await expect(page.getByTestId("admin-done")).toHaveText("The rule was added; pages use it now.");
  await expect(page.getByTestId("admin-rules")).toContainText(domain);
  await expect(page.getByTestId("admin-rules")).toContainText("Organisation <b>d'essai</b>");
  await expect(page.getByTestId("admin-unknown-domains").locator(`input[value="${domain}"]`)).toHaveCount(0);
  expect(config()).toContain(`domain = "${domain}"`);
  // The contributors page names the organisation now.
  await page.goto(`${ADMIN}/contributors`);
  await expect(page.locator("main")).toContainText("Organisation <b>d'essai</b>");
});

test("an administrator decides on likely duplicates", async ({ page }) => {
  await signIn(page, "admin", ADMIN);
  await page.goto(`${ADMIN}/admin`);
  const groups = page.getByTestId("admin-duplicates").locator(":scope > li");
  // Same names (one person or different people), and addresses seen with
  // several names (one person's, or shared by several people).
  const byName = groups.filter({ has: page.locator("input[name=decision][value=different]") });
  const byAddress = groups.filter({ has: page.locator("input[name=decision][value=shared]") });
  expect(await byName.count()).toBeGreaterThan(1);
  expect(await byAddress.count()).toBeGreaterThan(0);
  const emailsOf = (items: typeof groups) =>
    items.evaluateAll((lis) =>
      lis.map((li) => [...li.querySelector("form")!.querySelectorAll("input[name=email]")].map((i) => (i as HTMLInputElement).value).join(" ")),
    );

  const [different] = await emailsOf(byName);
  await byName.first().getByRole("button", { name: "Different people" }).click();
  await expect(page.getByTestId("admin-done")).toHaveText("Recorded: different people. They will not be suggested again.");
  // (The page lists 20 at most: another may take its place.)
  expect(await emailsOf(byName)).not.toContain(different);
  const identities = () => readFileSync(`${FOLDER}/identities.toml`, "utf8");
  expect(identities()).toContain("[[different]]");
  for (const email of different.split(" ")) expect(identities()).toContain(email);

  const contributorsBefore = await contributorCount(page);
  await byName.first().getByRole("button", { name: "Same person" }).click();
  await expect(page.getByTestId("admin-done")).toHaveText("Recorded: one person. The contributors were resolved again.");
  expect(await contributorCount(page)).toBeLessThan(contributorsBefore);
  expect(identities()).toContain("[[person]]");

  const [address] = await emailsOf(byAddress);
  await byAddress.first().getByRole("button", { name: "Several people use this address" }).click();
  await expect(page.getByTestId("admin-done")).toContainText("Recorded: several people use this address.");
  expect(await emailsOf(byAddress)).not.toContain(address);
  expect(identities()).toContain(`[[shared]]\nemail = "${address}"`);
});

test("an administrator says that an account counted as a bot is not one", async ({ page }) => {
  await signIn(page, "admin", ADMIN);
  await page.goto(`${ADMIN}/admin`);
  const bots = page.getByTestId("admin-bot-list").locator(":scope > li");
  expect(await bots.count()).toBeGreaterThan(0);
  const emails = await bots.first().locator("input[name=email]").evaluateAll((inputs) => inputs.map((i) => (i as HTMLInputElement).value));
  expect(emails.length).toBeGreaterThan(0);
  await bots.first().getByRole("button", { name: "Not a bot" }).click();
  await expect(page.getByTestId("admin-done")).toHaveText("Recorded: not a bot. It is counted in the figures now.");
  const identities = readFileSync(`${FOLDER}/identities.toml`, "utf8");
  expect(identities).toContain("bot = false");
  for (const email of emails) expect(identities).toContain(email);
  await expect(page.getByTestId("admin-bot-list").locator(`input[value="${emails[0]}"]`)).toHaveCount(0);
});

test("an administrator adds a source, refuses bad ones, and refreshes now", async ({ page }) => {
  await signIn(page, "admin", ADMIN);
  await page.goto(`${ADMIN}/admin`);
  const before = config();
  const form = page.getByTestId("admin-add-source");
  // A GitHub organisation cannot climb folders; an interval has a unit.
  await form.locator("select[name=kind]").selectOption("github");
  await form.locator("input[name=value]").fill("../evil");
  await form.getByRole("button", { name: "Add" }).click();
  await expect(page.getByTestId("admin-error")).toHaveText("That value cannot be a source of this kind.");
  await form.locator("select[name=kind]").selectOption("git-log");
  await form.locator("input[name=value]").fill(`${LOGS}/lutece-platform+lutece-tech-plugin-rest.gitlog.txt.gz`);
  await form.locator("input[name=every]").fill("soon");
  await form.getByRole("button", { name: "Add" }).click();
  await expect(page.getByTestId("admin-error")).toContainText("The interval must be a number and a unit");
  expect(config()).toBe(before);

  await form.locator("select[name=kind]").selectOption("git-log");
  await form.locator("input[name=value]").fill(`${LOGS}/lutece-platform+lutece-tech-plugin-rest.gitlog.txt.gz`);
  await form.locator("input[name=every]").fill("1d");
  await form.getByRole("button", { name: "Add" }).click();
  await expect(page.getByTestId("admin-done")).toContainText("The source was added");
  await expect(page.getByTestId("admin-sources-table").locator("tbody tr")).toHaveCount(2);
  expect(config()).toContain('every = "1d"');

  // Refresh now: the run reads the new source; the repositories page lists it.
  await page.getByTestId("refresh-now").click();
  await expect(page).toHaveURL(/\/sources\?refresh=(started|running)/);
  await expect(page.getByTestId("refresh-said")).toBeVisible();
  await expect(async () => {
    await page.goto(`${ADMIN}/repositories`);
    await expect(page.locator("main")).toContainText("lutece-platform/lutece-tech-plugin-rest", { timeout: 1000 });
  }).toPass({ timeout: 30_000 });
  await page.goto(`${ADMIN}/sources`);
  await expect(page.getByTestId("table-runs").locator("tbody tr").first()).toContainText("complete");
});
