import { test, expect } from "@playwright/test";
import { expected } from "./truth";
import {
  MONTHS, accessible, expectGitNumbers, forgetProblems, guardConsole, hydrated, screenshot,
} from "./support";

guardConsole();

const REPO = "lutece-platform/lutece-cms-plugin-document"; // has Co-authored-by trailers
const FROM = "2015-01";
const TO = "2024-12";

test("the summary: headline figures, charts and git's numbers for a repository", async ({ page }) => {
  await page.goto(`/?repo=${encodeURIComponent(REPO)}&from=${FROM}&to=${TO}&period=month`);
  await expect(page.getByTestId("scope")).toContainText(REPO);
  await expect(page.getByTestId("scope")).toContainText("January 2015 to December 2024");
  await expectGitNumbers(page, REPO, FROM, TO);
  // The window ends in December 2024: its figures are for that month, and
  // git says what they must be.
  await expect(page.getByTestId("summary-period")).toContainText("December 2024");
  const value = (id: string) => page.getByTestId(`headline-${id}`).locator(".figure-value");
  const dec = expected(REPO, FROM, TO).months.get("2024-12");
  await expect(value("active")).toHaveText(String(dec?.active ?? 0));
  await expect(value("new")).toHaveText(String(dec?.new ?? 0));
  await expect(page.getByTestId("headline-active")).toContainText(
    `A year earlier: ${expected(REPO, FROM, TO).months.get("2023-12")?.active ?? 0}`,
  );
  // The bus factor of the 12 months to the period's end.
  const bus = expected(REPO, "2024-01", "2024-12").busFactor;
  await expect(value("bus-factor")).toHaveText(bus === undefined ? "–" : String(bus));
  await expect(page.getByTestId("headline-response")).toContainText("no forge data");
  await hydrated(page);
  await accessible(page);
});

test("all repositories together, over all time", async ({ page }) => {
  await page.goto("/?period=month");
  await expect(page.getByTestId("scope")).toContainText("all 31 repositories");
  const labels = await page
    .getByTestId("chart-contributors")
    .locator("details table tbody th")
    .allTextContents();
  expect(labels[0]).toBe("Sep 2007");
  const [mon, year] = labels[labels.length - 1].split(" ");
  const to = `${year}-${String(MONTHS.indexOf(mon) + 1).padStart(2, "0")}`;
  await expectGitNumbers(page, undefined, "2007-09", to);
  await hydrated(page);
  await accessible(page);
  await screenshot(page, "summary");
});

test("by default a long history reads per year, up to the latest data, its last year marked partial", async ({ page }) => {
  await page.goto("/");
  const scope = page.getByTestId("scope");
  await expect(scope).toContainText("per year");
  // T is the latest activity of the Lutece logs, in June 2026.
  await expect(scope).toContainText(/data up to \d{1,2} June 2026/);
  const labels = await page.getByTestId("chart-contributors").locator("details table tbody th").allTextContents();
  expect(labels[0]).toBe("2007");
  expect(labels[labels.length - 1]).toBe("2026 (partial)");
  await expect(page.getByTestId("chart-contributors")).toContainText("2026 is still under way");
  // A partial year is never compared: the figures are 2025's.
  await expect(page.getByTestId("summary-period")).toContainText("Figures for 2025");
  // New contributors add up: each year's are git's months' together.
  const all = expected(undefined, "2007-09", "2026-12");
  const rows = await page.getByTestId("chart-contributors").locator("details table tbody tr").evaluateAll((trs) =>
    trs.map((tr) => [...tr.querySelectorAll("th, td")].map((c) => c.textContent ?? "")),
  );
  for (const [label, , fresh] of rows) {
    const year = label.slice(0, 4);
    const want = [...all.months].filter(([m]) => m.startsWith(year)).reduce((a, [, v]) => a + v.new, 0);
    expect(Number(fresh), `new in ${year}`).toBe(want);
  }
  // The filter offers the choice back.
  await expect(page.getByLabel("Period")).toHaveValue("");
  await screenshot(page, "summary-default");
});

test("a window outside the data says where the data is", async ({ page }) => {
  await page.goto("/community?from=2001-01&to=2002-12");
  await expect(page.getByRole("status")).toContainText(
    /No activity in this window: the data of this scope runs from \d{1,2} September 2007 to \d{1,2} June 2026\./,
  );
  await expect(page.locator("figure svg")).toHaveCount(0);
  // The summary gives no figures rather than zeros.
  await page.goto("/?from=2001-01&to=2002-12");
  await expect(page.getByText("No activity in this scope and window.")).toBeVisible();
  await expect(page.locator(".figures > *")).toHaveCount(0);
});

test("charts are drawn on the server, with text alternatives and downloads", async ({ page, request }) => {
  await page.goto(`/?repo=${encodeURIComponent(REPO)}&from=${FROM}&to=${TO}&period=month`);
  const chart = page.getByTestId("chart-contributors").locator(".chart-wide svg");
  await expect(chart).toHaveCount(1);
  await expect(chart).toHaveAttribute("role", "img");
  await expect(chart).toHaveAttribute("aria-label", "Active and new contributors");
  // One line per series, one point per month of the window (120 months).
  for (const colour of ["#0072B2", "#E69F00"]) {
    const line = chart.locator(`polyline[stroke="${colour}"][stroke-width="2"]`);
    await expect(line).toHaveCount(1);
    const points = ((await line.getAttribute("points")) ?? "").trim().split(/\s+/);
    expect(points).toHaveLength(120);
  }
  const box = await chart.boundingBox();
  expect(box!.width).toBeGreaterThan(300);
  await expect(page.getByTestId("chart-factors").locator(".chart-wide svg")).toHaveCount(1);

  const svgHref = await page.getByTestId("chart-contributors").getByRole("link", { name: "SVG" }).getAttribute("href");
  const svg = await request.get(svgHref!);
  expect(svg.status()).toBe(200);
  expect(svg.headers()["content-type"]).toContain("image/svg+xml");
  expect(await svg.text()).toContain("<title>Active and new contributors</title>");
  const csvHref = await page.getByTestId("chart-contributors").getByRole("link", { name: "CSV" }).getAttribute("href");
  const csv = await request.get(csvHref!);
  expect(csv.headers()["content-type"]).toContain("text/csv");
  const lines = (await csv.text()).trim().split("\r\n");
  expect(lines[0]).toBe("Period,active contributors,new contributors");
  expect(lines).toHaveLength(121);
  // Spreadsheet-ready: plain periods and numbers, whatever the page's language.
  expect(lines[1]).toMatch(/^2015-01,\d+,\d+$/);
  await hydrated(page);
});

test.describe("without JavaScript", () => {
  test.use({ javaScriptEnabled: false });

  test("the filter is a plain form", async ({ page }) => {
    await page.goto("/");
    await page.getByLabel("Repositories", { exact: true }).selectOption([REPO]);
    await page.getByLabel("From", { exact: true }).fill(FROM);
    await page.getByLabel("To", { exact: true }).fill(TO);
    await page.getByLabel("Period", { exact: true }).selectOption("month");
    await page.getByRole("button", { name: "Apply" }).first().click();
    await expect(page).toHaveURL(/repo=lutece-platform%2Flutece-cms-plugin-document/);
    await expect(page).toHaveURL(new RegExp(`from=${FROM}&to=${TO}`));
    await expect(page.getByTestId("scope")).toContainText(REPO);
    await expectGitNumbers(page, REPO, FROM, TO);
  });

  test("the catalogue narrows and sorts through the URL", async ({ page }) => {
    await page.goto("/repositories");
    await expect(page.getByTestId("shown")).toHaveText("31 repositories shown");
    const names = await page.getByTestId("table-repositories").locator("tbody th").allTextContents();
    expect(names).toEqual([...names].sort());
    await page.getByLabel("Sort by").selectOption("active");
    await page.getByLabel("Descending").check();
    await page.getByRole("button", { name: "Apply" }).last().click();
    await expect(page).toHaveURL(/sort=active&desc=1/);
    const rows = page.getByTestId("table-repositories").locator("tbody tr");
    await expect(rows).toHaveCount(31);
    // Contributors active in the last 90 days (the fourth column), most first.
    const active = (await rows.locator("td:nth-of-type(3)").allTextContents()).map(Number);
    expect(active).toEqual([...active].sort((a, b) => b - a));
    expect(active[0]).toBeGreaterThan(active[active.length - 1]);
  });
});

test("with JavaScript the filter updates the page without a reload", async ({ page }) => {
  await page.goto("/");
  await hydrated(page);
  await page.evaluate(() => ((window as unknown as { vigieMarker: number }).vigieMarker = 42));
  await page.getByLabel("Repositories", { exact: true }).selectOption([REPO]);
  await page.getByLabel("From", { exact: true }).fill(FROM);
  await page.getByLabel("To", { exact: true }).fill(TO);
  await page.getByLabel("Period", { exact: true }).selectOption("month");
  await page.getByRole("button", { name: "Apply" }).first().click();
  await expect(page).toHaveURL(new RegExp(`from=${FROM}&to=${TO}`));
  await expect(page.getByTestId("scope")).toContainText(REPO);
  await expectGitNumbers(page, REPO, FROM, TO);
  const marker = await page.evaluate(() => (window as unknown as { vigieMarker?: number }).vigieMarker);
  expect(marker, "the page was not reloaded").toBe(42);
});

test("a repository group is a scope of its own", async ({ page }) => {
  const group = [
    "lutece-secteur-public/espacepublic-plugin-dansmarue",
    "lutece-secteur-public/gru-library-identitystore",
    "lutece-secteur-public/gru-plugin-appointment",
    "lutece-secteur-public/gru-plugin-identitystore",
    "lutece-secteur-public/particip-plugin-ideation",
  ];
  await page.goto(`/?group=${encodeURIComponent("Secteur public")}&from=${FROM}&to=${TO}&period=month`);
  await expect(page.getByTestId("scope")).toContainText("group Secteur public");
  await expectGitNumbers(page, group, FROM, TO);
  await hydrated(page);
  await expect(page.getByLabel("Groups", { exact: true })).toHaveValues(["Secteur public"]);
});

test("bad filter values are explained, not fatal", async ({ page }) => {
  await page.goto("/?repo=nobody%2Fnothing&from=2019-13&period=%3Cscript%3E");
  const status = page.getByRole("status");
  await expect(status).toContainText("“2019-13” is not a month");
  await expect(status).toContainText("No repository named “nobody/nothing”");
  await expect(status).toContainText("“<script>” is not a period");
  await expect(page.getByTestId("scope")).toContainText("all 31 repositories");
  await hydrated(page);
});

test.describe("in French", () => {
  test.use({ locale: "fr-FR" });

  test("the browser's language is used, with French numbers and dates", async ({ page }) => {
    await page.goto(`/?repo=${encodeURIComponent(REPO)}&from=${FROM}&to=${TO}&period=month`);
    await expect(page.locator("html")).toHaveAttribute("lang", "fr");
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Synthèse");
    await expect(page.getByTestId("scope")).toContainText("de janvier 2015 à décembre 2024");
    await expect(page.getByTestId("summary-period")).toContainText("décembre 2024");
    await hydrated(page);
    await accessible(page);
    await screenshot(page, "summary-fr");
  });

  test("the switch changes the language in place and keeps the filter", async ({ page }) => {
    await page.goto(`/repositories?from=${FROM}`);
    await hydrated(page);
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Dépôts");
    await page.getByRole("link", { name: "English" }).click();
    await expect(page).toHaveURL(/lang=en/);
    const params = new URL(page.url()).searchParams;
    expect(params.get("from")).toBe(FROM);
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Repositories");
    await expect(page.locator("html")).toHaveAttribute("lang", "en");
  });
});

test("the repositories page lists every repository with its health", async ({ page, request }) => {
  await page.goto("/repositories");
  const rows = page.getByTestId("table-repositories").locator("tbody tr");
  await expect(rows).toHaveCount(31);
  // Git logs only: the forge's columns are left out, and the caption says why.
  const headers = await page.getByTestId("table-repositories").locator("thead th").allTextContents();
  for (const forge of ["Open issues", "Open pull requests", "Language"]) {
    expect(headers.join("|")).not.toContain(forge);
  }
  await expect(page.getByTestId("table-repositories")).toContainText("need forge data");
  let counted = 0;
  for (const status of ["green", "amber", "red", "archived"]) {
    const text = (await page.getByTestId(`count-${status}`).textContent()) ?? "";
    counted += Number(text.split(": ")[1]);
  }
  expect(counted).toBe(31);
  // Every repository that is not green says why, in words.
  const notGreen = await rows.evaluateAll((trs) =>
    trs
      .map((tr) => [...tr.querySelectorAll("th, td")].map((c) => c.textContent ?? ""))
      .filter((cells) => cells[1] !== "Green"),
  );
  for (const cells of notGreen) expect(cells[cells.length - 1], cells[0]).not.toBe("");
  await hydrated(page);
  await page.getByLabel("Status", { exact: true }).selectOption("red");
  await page.getByRole("button", { name: "Apply" }).last().click();
  await expect(page).toHaveURL(/status=red/);
  const red = Number(((await page.getByTestId("count-red").textContent()) ?? "").split(": ")[1]);
  await expect(rows).toHaveCount(red);
  const csvHref = await page.getByTestId("table-repositories").getByRole("link", { name: "CSV" }).getAttribute("href");
  const csv = await request.get(csvHref!);
  expect(csv.headers()["content-type"]).toContain("text/csv");
  expect((await csv.text()).trim().split("\r\n")).toHaveLength(red + 1);
  await accessible(page);
  await screenshot(page, "repositories");
});

test("the sources page shows each source's runs and freshness", async ({ page }) => {
  await page.goto("/sources");
  const sources = page.getByTestId("table-sources").locator("tbody tr");
  // Each git-log file is a source of its own repository.
  await expect(sources).toHaveCount(31);
  await expect(sources.first()).toContainText("lutece-gitlog");
  await expect(page.getByTestId("table-runs").locator("tbody tr").first()).toContainText("complete");
  await hydrated(page);
  await accessible(page);
  await screenshot(page, "sources");
});

test("pages are reachable from the navigation, by keyboard", async ({ page }) => {
  await page.goto("/");
  await hydrated(page);
  await page.keyboard.press("Tab");
  await expect(page.getByRole("link", { name: "Skip to the content" })).toBeFocused();
  // Every link of the header is reached with Tab and followed with Enter.
  const pages = page.getByRole("navigation", { name: "Pages" });
  const tabTo = async (name: string) => {
    const link = pages.getByRole("link", { name });
    for (let i = 0; i < 10; i++) {
      if (await link.evaluate((a) => a === document.activeElement)) break;
      await page.keyboard.press("Tab");
    }
    await expect(link).toBeFocused();
  };
  await tabTo("Repositories");
  await page.keyboard.press("Enter");
  await expect(page).toHaveURL(/\/repositories/);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Repositories");
  await tabTo("Sources");
  await page.keyboard.press("Enter");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Sources");
});

test("unknown pages are 404s", async ({ page }) => {
  const response = await page.goto("/no/such/page");
  expect(response?.status()).toBe(404);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Page not found");
  // The browser logs the 404 of the page itself; that one is expected.
  forgetProblems("status of 404");
});

test("an empty database says what to do", async ({ page }) => {
  await page.goto("http://127.0.0.1:3418/");
  await expect(page.getByTestId("empty-store")).toContainText("Nothing has been ingested yet");
  await expect(page.getByTestId("empty-store")).toContainText("vigie ingest");
  await hydrated(page);
  await page.goto("http://127.0.0.1:3418/sources");
  await expect(page.getByTestId("sources-none")).toBeVisible();
});

test("pages and the browser bundle are sent compressed, the bundle within its budget", async ({ request }) => {
  const gzip = { "accept-encoding": "gzip" };
  const page = await request.get("/community", { headers: gzip });
  expect(page.headers()["content-encoding"]).toBe("gzip");
  // Sizes of what a browser downloads: the wasm and the stylesheet, as
  // Chromium asks for them (it takes Brotli); a client without Brotli
  // still gets gzip.
  const browser = { "accept-encoding": "gzip, deflate, br, zstd" };
  let total = 0;
  for (const file of ["/pkg/vigie_bg.wasm", "/pkg/vigie.css"]) {
    const url = new URL(file, "http://127.0.0.1:3417");
    const response = await fetch(url, { headers: browser });
    expect(response.status, file).toBe(200);
    expect(response.headers.get("content-encoding"), file).toBe("br");
    total += Number(response.headers.get("content-length"));
    const older = await fetch(url, { headers: gzip });
    expect(older.headers.get("content-encoding"), file).toBe("gzip");
  }
  expect(total).toBeGreaterThan(100_000);
  expect(total, "compressed wasm and CSS (issue 6: under 400 KB)").toBeLessThan(400_000);
});

test("the summary prints on A4, without the filter or links to click", async ({ page }) => {
  await page.goto(`/?repo=${encodeURIComponent(REPO)}&from=${FROM}&to=${TO}&period=month`);
  await hydrated(page);
  await page.emulateMedia({ media: "print" });
  await expect(page.locator("form").first()).toBeHidden();
  await expect(page.getByRole("navigation", { name: "Pages" })).toBeHidden();
  await expect(page.getByTestId("headline-active")).toBeVisible();
  // A4's printable width (210 mm less 2 × 12 mm margins) at 96 dpi: nothing wider.
  await page.setViewportSize({ width: 703, height: 1000 });
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(703);
  const pdf = await page.pdf({ format: "A4", preferCSSPageSize: true, path: "screenshots/summary.pdf" });
  const pages = (pdf.toString("latin1").match(/\/Type\s*\/Page(?!s)/g) ?? []).length;
  // Six figures and three charts: two or three pages, not a scroll cut anywhere.
  expect(pages).toBeGreaterThanOrEqual(1);
  expect(pages).toBeLessThanOrEqual(3);
});

test("every response carries the security headers; health and readiness answer", async ({ request }) => {
  for (const path of ["/", "/community", "/pkg/vigie.css", "/download/summary/contributors.csv", "/no/such/page"]) {
    const response = await request.get(path);
    const headers = response.headers();
    expect(headers["content-security-policy"], path).toContain("frame-ancestors 'none'");
    expect(headers["x-frame-options"], path).toBe("DENY");
    expect(headers["x-content-type-options"], path).toBe("nosniff");
    expect(headers["referrer-policy"], path).toBe("strict-origin-when-cross-origin");
    // Pages: only their own scripts (the nonce every inline script of the
    // page carries) run; anything else (a download opened alone): none.
    const nonce = /script-src 'nonce-([A-Za-z0-9_-]+)' 'strict-dynamic' 'wasm-unsafe-eval'/.exec(headers["content-security-policy"]);
    if (headers["content-type"]?.startsWith("text/html")) {
      expect(nonce, path).not.toBeNull();
      const scripts = [...(await response.text()).matchAll(/<script\b[^>]*>/g)].map((m) => m[0]);
      expect(scripts.length, path).toBeGreaterThan(0);
      for (const tag of scripts) expect(tag, path).toContain(`nonce="${nonce![1]}"`);
    } else {
      expect(headers["content-security-policy"], path).toContain("script-src 'none'");
    }
  }
  const health = await request.get("/healthz");
  expect(health.status()).toBe(200);
  expect(await health.text()).toBe("ok\n");
  const ready = await request.get("/readyz");
  expect(ready.status()).toBe(200);
  expect(await ready.text()).toBe("ready\n");
});

test("/metrics counts requests per route and reads the ingest runs", async ({ request }) => {
  await request.get("/sources");
  const text = await (await request.get("/metrics")).text();
  const value = (line: string) => Number(text.split("\n").find((l) => l.startsWith(line))?.split(" ").pop());
  expect(value('vigie_http_requests_total{route="sources",status="200"}')).toBeGreaterThanOrEqual(1);
  expect(text).toContain('vigie_http_request_duration_seconds_bucket{route="sources",le="+Inf"}');
  // The end-to-end store: one run of the 31 logs, 23,584 commits, no error.
  expect(value('vigie_ingest_runs_total{status="ok"}')).toBe(1);
  expect(value("vigie_ingest_errors_total")).toBe(0);
  expect(value("vigie_activities")).toBeGreaterThan(23_000);
  expect(value("vigie_latest_activity_timestamp_seconds")).toBeGreaterThan(Date.parse("2020-01-01") / 1000);
});
