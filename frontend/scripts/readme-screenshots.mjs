// The README's screenshots of the storefront and the seller portal, taken in Debian's Chromium from a running
// demo (scripts/demo.sh):   BASE_URL=http://127.0.0.1:8000 node scripts/readme-screenshots.mjs
import { chromium } from "@playwright/test";
import { chromiumLaunchOptions } from "../chromium.mjs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const base = process.env.BASE_URL ?? "http://127.0.0.1:8000";
const out = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..", "docs", "screenshots");
const browser = await chromium.launch(chromiumLaunchOptions);

async function shoot(name, url, { viewport, login } = {}) {
  const context = await browser.newContext({ viewport: viewport ?? { width: 1280, height: 860 }, locale: "ko-KR" });
  const page = await context.newPage();
  if (login) {
    await page.goto(`${base}/api/v1/auth/login/`);
    const token = (await context.cookies()).find((cookie) => cookie.name === "csrftoken")?.value ?? "";
    const answer = await page.request.post(`${base}/api/v1/auth/login/`, {
      data: login, headers: { "X-CSRFToken": token, Referer: `${base}/` },
    });
    if (!answer.ok()) throw new Error(`login failed: ${answer.status()} ${await answer.text()}`);
  }
  await page.goto(`${base}${url}`, { waitUntil: "networkidle" });
  await page.waitForTimeout(500);
  await page.screenshot({ path: path.join(out, `${name}.png`) });
  console.log(`wrote docs/screenshots/${name}.png`);
  await context.close();
}

await shoot("storefront", "/");
await shoot("storefront-search-phone", "/search?q=%EB%B9%84%EB%88%84", {
  viewport: { width: 360, height: 740 },
});
await shoot("seller-portal", "/seller/listings", {
  login: { email: "seller1@demo.gachi.kr", password: "gachi-demo-1234" },
});
await browser.close();
