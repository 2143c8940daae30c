// End-to-end journeys in Debian's Chromium against the real Django server (scripts/e2e.sh starts it with
// PostgreSQL, Elasticsearch and localstripe, and sets BASE_URL). Playwright's own browser download cannot work
// here, so the browser is the system's: CHROMIUM_PATH, else Debian's package.
//
// Journeys build on each other (a citizen's order is what the seller ships), so one worker runs the files in
// name order: 00-* smoke, 10-* storefront, 20-* citizen (auth, cart, checkout, orders), 30-* seller portal,
// 40-* what follows both (the buyer confirms what the seller shipped). Each project runs the whole list:
// "desktop" first, then "phone" on the same database, so specs make their own names unique per project.
import path from "node:path";
import { fileURLToPath } from "node:url";
import { defineConfig } from "@playwright/test";
import { chromiumLaunchOptions } from "./chromium.mjs";

const here = path.dirname(fileURLToPath(import.meta.url));
const varDir = path.resolve(here, "..", "var");
// scripts/e2e.sh points this at var/e2e/<E2E_NAME>/, so that two runs at once keep their results apart.
const outDir = process.env.E2E_OUT ?? path.join(varDir, "e2e", "local");
const ci = !!process.env.CI;
// One id per `playwright test` run, inherited by its worker processes: names made with unique() in fixtures.ts.
process.env.E2E_RUN_ID ??= Date.now().toString(36);

export default defineConfig({
  testDir: "e2e",
  testMatch: /\d\d-[\w-]+\.spec\.ts$/,
  fullyParallel: false,
  workers: 1,
  retries: ci ? 0 : Number(process.env.E2E_RETRIES ?? 0),
  forbidOnly: ci,
  // Two noisy cores: a journey with a payment and uploads can take minutes, a page a few seconds.
  timeout: 180_000,
  expect: { timeout: 15_000 },
  outputDir: path.join(outDir, "results"),
  reporter: [["list"], ["html", { outputFolder: path.join(outDir, "report"), open: "never" }]],
  use: {
    baseURL: process.env.BASE_URL ?? "http://127.0.0.1:8765",
    browserName: "chromium",
    locale: "ko-KR",
    timezoneId: "Asia/Seoul",
    actionTimeout: 20_000,
    navigationTimeout: 45_000,
    trace: "retain-on-failure",
    screenshot: "only-on-failure",
    video: "off",
    launchOptions: chromiumLaunchOptions,
  },
  projects: [
    { name: "desktop", use: { viewport: { width: 1280, height: 800 } } },
    {
      name: "phone",
      use: { viewport: { width: 360, height: 740 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true },
    },
  ],
});
