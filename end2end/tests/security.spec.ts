// Security: who may see people, sign-in and its limits, hostile names shown
// as text, CSV formulas neutralised, hostile parameters refused, tokens
// never shown. The hostile data server (vigie.hostile.toml) has contributors,
// an organisation, a group and a repository whose names carry markup,
// formulas and SQL, and a GitHub source whose token must never appear.
import { test, expect, type Page } from "@playwright/test";
import { readFileSync } from "node:fs";
import { ACCOUNTS, accessible, forgetProblems, guardConsole, hydrated, screenshot, signIn } from "./support";

guardConsole();

const HOSTILE = "http://127.0.0.1:3419";
const TOKEN = "ghp_e2eNeverShowThisToken0123456789abcd";
const PAYLOADS = [
  `<script>alert("author")</script>`,
  `"><svg onload=alert(2)>`,
  `Robert'); DROP TABLE activities;--`,
  `<img src=x onerror=alert('organisation')>`,
];
const REPOSITORY = "evil/repo<img src=x onerror=alert(9)>";
const GROUP = "<script>alert('group')</script>";

/** Fails the test if the page ever opens a dialog (alert, confirm). */
function noDialogs(page: Page) {
  page.on("dialog", async (dialog) => {
    await dialog.dismiss();
    throw new Error(`a payload ran: ${dialog.message()}`);
  });
}

/** No element or attribute a payload could have made. */
async function nothingInjected(page: Page) {
  expect(await page.locator("img[src='x'], svg[onload], [onerror], [onload]").count()).toBe(0);
  // The page's data travels in a script as a JSON string (its "<" escaped);
  // no other script may mention a payload.
  const scripts = await page.locator("script").allTextContents();
  expect(scripts.filter((s) => s.includes("alert(") && !s.startsWith("__RESOLVED_RESOURCES"))).toEqual([]);
  expect(scripts.filter((s) => /<script|<img|<svg/.test(s))).toEqual([]);
}

test.describe("anonymous visitors", () => {
  test("see aggregates only: pages and downloads that name people refuse them", async ({ page, request }) => {
    for (const path of ["/contributors", "/contributors?status=away", "/contributors/1"]) {
      const response = await page.goto(path);
      expect(response!.status(), path).toBe(401);
      await expect(page.getByTestId("sign-in-required")).toBeVisible();
      await expect(page.locator("table")).toHaveCount(0);
      // The link comes back here after signing in.
      const href = await page.getByTestId("sign-in-required").getByRole("link").getAttribute("href");
      expect(decodeURIComponent(href!.split("next=")[1])).toBe(path);
    }
    for (const path of [
      "/download/contributors/contributors.csv",
      "/download/contributor/activity.svg?id=1",
      "/download/contributor/activity.csv?id=1",
    ]) {
      expect((await request.get(path)).status(), path).toBe(401);
    }
    // The server functions behind the pages refuse too.
    const api = await request.post("/api/contributors_page", {
      form: { "filter[period]": "Month", "view[reverse]": "false", lang: "En" },
    });
    expect(api.status()).toBe(401);
    forgetProblems("status of 401");
    // Aggregate pages name nobody: no e-mail address anywhere.
    for (const path of ["/", "/community", "/repositories", "/sources"]) {
      await page.goto(path);
      expect(await page.locator("main").innerText(), path).not.toMatch(/@[a-z0-9-]+\.[a-z]{2,}/i);
      expect(await page.locator("a[href^='/contributors/']").count(), path).toBe(0);
    }
  });
});

test("signing in and out: secure cookie, back where the reader was, the wrong password said", async ({ page, context, request }) => {
  await page.goto("/contributors?status=away");
  await page.getByTestId("sign-in-required").getByRole("link").click();
  await expect(page).toHaveURL(/\/login\?next=/);
  await page.getByLabel("Account").fill("manager");
  await page.getByLabel("Password").fill("not the password");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByTestId("sign-in-error")).toHaveText("The account or the password is wrong.");
  await accessible(page);
  await screenshot(page, "login");
  await page.getByLabel("Account").fill(ACCOUNTS.manager.name);
  await page.getByLabel("Password").fill(ACCOUNTS.manager.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(/\/contributors\?status=away$/);
  await expect(page.getByRole("table").first()).toBeVisible();
  await expect(page.getByTestId("signed-in")).toHaveText("manager");

  const [cookie] = (await context.cookies()).filter((c) => c.name.endsWith("vigie_session"));
  // The __Host- prefix: set by this host only, over HTTPS (or localhost).
  expect(cookie.name).toBe("__Host-vigie_session");
  expect(cookie.httpOnly).toBe(true);
  expect(cookie.secure).toBe(true);
  expect(cookie.sameSite).toBe("Strict");
  // Not readable from scripts.
  expect(await page.evaluate(() => document.cookie)).not.toContain("vigie_session");
  // Signed-in pages are never kept for other readers.
  const response = await page.request.get("/contributors");
  expect(response.headers()["cache-control"] ?? "").toContain("no-store");

  // Read twice with the session (the second from the server's cache).
  const withSession = { headers: { Cookie: `${cookie.name}=${cookie.value}` } };
  for (let i = 0; i < 2; i++) expect((await request.get("/contributors", withSession)).status()).toBe(200);

  await hydrated(page);
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page.getByTestId("sign-in-link")).toBeVisible();
  expect((await page.goto("/contributors"))!.status()).toBe(401);
  // The old cookie, sent again, is a session no more: nothing kept for it is served.
  const replayed = await request.get("/contributors", withSession);
  expect(replayed.status()).toBe(401);
  expect(await replayed.text()).not.toContain("table-contributors");
  forgetProblems("status of 401");
});

test("state-changing requests need the session's token and the dashboard's origin", async ({ page }) => {
  await signIn(page);
  // Signing out without the token (a forged form) changes nothing.
  const forged = await page.request.post("/auth/logout", { form: { csrf: "0".repeat(64) } });
  expect(forged.status()).toBe(403);
  const tokenless = await page.request.post("/auth/logout", { form: {} });
  expect(tokenless.status()).toBe(403);
  expect((await page.goto("/contributors"))!.status()).toBe(200);
  // A sign-in posted from another site is refused.
  const crossSite = await page.request.post("/auth/login", {
    form: { name: ACCOUNTS.manager.name, password: ACCOUNTS.manager.password },
    headers: { Origin: "https://evil.example" },
    maxRedirects: 0,
  });
  expect(crossSite.status()).toBe(403);
  expect(crossSite.headers()["set-cookie"]).toBeUndefined();
});

test("names carrying markup are text on every page, chart and download", async ({ page }) => {
  noDialogs(page);
  await signIn(page, "manager", HOSTILE);
  const repository = `/repositories/${REPOSITORY.split("/").map(encodeURIComponent).join("/")}`;
  const group = `?group=${encodeURIComponent(GROUP)}`;
  for (const path of ["/", `/${group}`, "/community", "/contributors", "/repositories", repository, "/sources"]) {
    const response = await page.goto(`${HOSTILE}${path}`);
    expect(response!.status(), path).toBe(200);
    await hydrated(page);
    await nothingInjected(page);
  }
  // The names are shown as they are, as text.
  await page.goto(`${HOSTILE}/contributors`);
  const text = await page.locator("main").innerText();
  for (const payload of PAYLOADS) expect(text).toContain(payload);
  expect(text).toContain(REPOSITORY);
  await page.goto(`${HOSTILE}/repositories`);
  expect(await page.locator("main").innerText()).toContain(REPOSITORY);
  await page.goto(`${HOSTILE}/${group}`);
  await expect(page.locator("select[name='group'] option:checked")).toHaveText(GROUP);
  await expect(page.getByTestId("scope")).toContainText(GROUP);

  // Every contributor's page, with its chart.
  const ids = await page.goto(`${HOSTILE}/contributors`).then(() =>
    page.locator("a[href^='/contributors/']").evaluateAll((as) => [...new Set(as.map((a) => a.getAttribute("href")!))]),
  );
  expect(ids.length).toBe(4);
  for (const href of ids) {
    await page.goto(`${HOSTILE}${href}`);
    await hydrated(page);
    await nothingInjected(page);
    const svgLink = page.locator("a[href*='/download/contributor/'][href*='.svg']").first();
    const svg = await (await page.request.get(`${HOSTILE}${await svgLink.getAttribute("href")}`)).text();
    expect(svg).not.toMatch(/<script|<img|onload=|onerror=/);
  }

  // Chart downloads escape the names they draw.
  for (const chart of [
    `/download/summary/contributors.svg${group}`,
    `/download/repository/contributors.svg?name=${encodeURIComponent(REPOSITORY)}`,
    `/download/community/funnel.svg${group}`,
  ]) {
    const response = await page.request.get(`${HOSTILE}${chart}`);
    expect(response.status(), chart).toBe(200);
    expect(await response.text()).not.toMatch(/<script|<img|onload=|onerror=/);
  }

  // CSV: a formula is neutralised, the rest kept as written.
  const csv = await (await page.request.get(`${HOSTILE}/download/contributors/contributors.csv`)).text();
  expect(csv).toContain(`"'=HYPERLINK(""http://evil.example"",""click"")"`);
  expect(csv).not.toMatch(/(^|,)=HYPERLINK/m);
  expect(csv).toContain(`Robert'); DROP TABLE activities;--`);
});

test("parameters that try SQL injection or path traversal get a 400", async ({ request }) => {
  for (const path of [
    "/?repo=x%27%3B%20DROP%20TABLE%20activities%3B--",
    "/?from=2024-01%27%20OR%201%3D1--",
    "/contributors?q=%27%20UNION%20SELECT%20*%20FROM%20contributors--",
    "/?repo=..%2F..%2Fetc%2Fpasswd",
    "/repositories/..%2F..%2Fetc%2Fpasswd",
    "/download/summary/contributors.csv?repo=%00",
    "/download/summary/..%2F..%2Fetc%2Fpasswd",
    "/pkg/..%2F..%2Fvigie.toml",
  ]) {
    const response = await request.get(path);
    expect(response.status(), path).toBe(400);
    expect(await response.text(), path).not.toMatch(/panicked|database|duckdb|SELECT/i);
  }
  // A server function called with arguments it cannot read.
  const garbage = await request.post("/api/summary_page", { form: { filter: "' OR 1=1" } });
  expect(garbage.status()).toBe(400);
  // The data is all still there.
  const summary = await request.get("/download/summary/contributors.csv");
  expect(summary.status()).toBe(200);
  expect((await summary.text()).split("\n").length).toBeGreaterThan(10);
});

test("the token is never shown: not in pages, errors, downloads, metrics or logs", async ({ page }) => {
  await signIn(page, "admin", HOSTILE);
  // The GitHub source failed, and the sources page says so.
  await page.goto(`${HOSTILE}/sources`);
  await expect(page.locator("main")).toContainText("127.0.0.1:9");
  const seen: string[] = [await page.content()];
  for (const path of ["/sources", "/contributors", "/download/sources/errors.csv", "/download/sources/runs.csv", "/metrics", "/readyz"]) {
    seen.push(await (await page.request.get(`${HOSTILE}${path}`)).text());
  }
  seen.push(readFileSync(`${__dirname}/../../data/e2e/hostile.log`, "utf8"));
  for (const text of seen) {
    expect(text).not.toContain(TOKEN);
    expect(text).not.toContain("NeverShowThisToken");
  }
  // Nor the accounts' passwords (hashed in the users file).
  const users = readFileSync(`${__dirname}/../../data/e2e/hostile-users.toml`, "utf8");
  expect(users).toContain("$argon2id$");
  expect(users).not.toContain(ACCOUNTS.admin.password);
});

// Last: the manager's account on the hostile server stays limited for 15 minutes.
test("failed sign-ins are limited: the right password is refused after five failures", async ({ request }) => {
  const attempt = (password: string) =>
    request.post(`${HOSTILE}/auth/login`, {
      form: { name: ACCOUNTS.manager.name, password, next: "/" },
      maxRedirects: 0,
    });
  for (let i = 0; i < 5; i++) {
    const failed = await attempt(`guess ${i}`);
    expect(failed.status()).toBe(303);
    expect(failed.headers().location).toContain("error=wrong");
  }
  const limited = await attempt(ACCOUNTS.manager.password);
  expect(limited.status()).toBe(429);
  expect(Number(limited.headers()["retry-after"])).toBeGreaterThan(800);
  expect(limited.headers()["set-cookie"]).toBeUndefined();
  // A page a browser shows, in both languages.
  expect(await limited.text()).toContain("Too many failed sign-ins");
});
