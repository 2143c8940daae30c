// How Chromium is started here, for the e2e journeys (playwright.config.ts), the budget bench
// (../bench/web_budget.mjs) and the README's screenshots (scripts/readme-screenshots.mjs). Playwright's own
// browser download cannot work on this machine kind, so it is Debian's package unless CHROMIUM_PATH says
// otherwise. Playwright gives every launch a fresh temporary profile (--user-data-dir); without the
// background-networking flags Chromium floods a closed network with refused connections.
export const chromiumLaunchOptions = {
  executablePath: process.env.CHROMIUM_PATH || "/usr/bin/chromium",
  args: [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
  ],
};
