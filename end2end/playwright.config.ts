import { defineConfig } from "@playwright/test";

// Debian's Chromium: Playwright never downloads a browser here.
const chromium = process.env.VIGIE_CHROMIUM ?? "/usr/bin/chromium";
const port = 3417; // as in vigie.e2e.toml
const emptyPort = 3418; // as in vigie.empty.toml
const hostilePort = 3419; // as in vigie.hostile.toml
const adminPort = 3420; // as serve.sh writes the administration tests' configuration

export default defineConfig({
  testDir: "./tests",
  timeout: 30_000,
  expect: { timeout: 10_000 },
  fullyParallel: false,
  workers: 1,
  retries: 0,
  reporter: [["list"], ["json", { outputFile: "test-results/results.json" }]],
  use: {
    baseURL: `http://127.0.0.1:${port}`,
    browserName: "chromium",
    headless: true,
    launchOptions: {
      executablePath: chromium,
      args: [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
      ],
    },
  },
  webServer: [
    {
      // The 31 Lutece git-log files, ingested into a fresh database.
      command: "bash ./serve.sh vigie.e2e.toml",
      url: `http://127.0.0.1:${port}/`,
      timeout: 180_000,
      reuseExistingServer: false,
      stdout: "pipe",
      stderr: "pipe",
    },
    {
      // An empty database, as before the first ingest.
      command: "bash ./serve.sh vigie.empty.toml",
      url: `http://127.0.0.1:${emptyPort}/`,
      timeout: 60_000,
      reuseExistingServer: false,
    },
    {
      // Names carrying markup, formulas and SQL; a token that must not show.
      command: "bash ./serve.sh vigie.hostile.toml",
      url: `http://127.0.0.1:${hostilePort}/`,
      timeout: 120_000,
      reuseExistingServer: false,
    },
    {
      // lutece-core, with a configuration of its own the tests change.
      command: "bash ./serve.sh admin",
      url: `http://127.0.0.1:${adminPort}/`,
      timeout: 120_000,
      reuseExistingServer: false,
    },
  ],
});
