// The summary's first contentful paint in a cold browser: a new Chromium
// (empty profile, empty cache) for each of five samples. Prints the median
// and every sample, in milliseconds. Used by the dashboard benchmark.
import { chromium } from "playwright";

const url = process.argv[2] ?? "http://127.0.0.1:3417/";
const executablePath = process.env.VIGIE_CHROMIUM ?? "/usr/bin/chromium";
const samples = [];
for (let i = 0; i < 5; i++) {
  const browser = await chromium.launch({ executablePath, args: ["--no-sandbox", "--disable-gpu"] });
  const page = await browser.newPage();
  await page.goto(url, { waitUntil: "load" });
  const fcp = await page.evaluate(
    () =>
      new Promise((resolve) => {
        const seen = performance.getEntriesByName("first-contentful-paint")[0];
        if (seen) return resolve(seen.startTime);
        new PerformanceObserver((list) => resolve(list.getEntries()[0].startTime)).observe({
          type: "paint",
          buffered: true,
        });
      }),
  );
  samples.push(Math.round(fcp));
  await browser.close();
}
const sorted = [...samples].sort((a, b) => a - b);
console.log(`median ${sorted[2]} ms (samples: ${samples.join(", ")} ms)`);
