// The e2e harness: import { test, expect, login, checkA11y, snap, seed } from "./fixtures" in every spec.
//
// Every test gets a browser watcher (automatic): a Content-Security-Policy violation (or a script or style the
// browser refused) or an uncaught page error fails the test, with the messages listed. Other console errors (a 4xx the page handled, say) are attached to
// the report only. A test that provokes page errors on purpose opts out with test.use({ allowPageErrors: true }).
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import AxeBuilder from "@axe-core/playwright";
import { test as base, expect, type BrowserContext, type Page, type TestInfo } from "@playwright/test";

export { expect };

const here = path.dirname(fileURLToPath(import.meta.url));
/** The repository's var/ (git-ignored): screenshots, e2e results, shared journey state. */
export const VAR_DIR = path.resolve(here, "..", "..", "var");

/** Known facts of the demo data scripts/e2e.sh loads (market/core/management/commands/seed_demo.py). */
export const seed = {
  password: "gachi-demo-1234",
  buyer: { email: "buyer@demo.gachi.kr", password: "gachi-demo-1234" },
  // seller1 always owns a verified firm that sells (seed_demo._states); seller2… may be pending or rejected.
  seller: { email: "seller1@demo.gachi.kr", password: "gachi-demo-1234" },
  admin: { email: "admin@demo.gachi.kr", password: "gachi-admin-1234" },
} as const;

/** App paths the server answers with the app (and, for products and firms, with their own OG tags). */
export const paths = {
  home: "/",
  search: (q: string) => `/search?q=${encodeURIComponent(q)}`,
  product: (id: number) => `/products/${id}`,
  firm: (id: number) => `/firms/${id}`,
};

// --- browser watcher -----------------------------------------------------------------------------------------

interface BrowserProblems {
  csp: string[];
  pageErrors: string[];
  consoleErrors: string[];
}

const CSP_BINDING = "__gachiE2eCspViolation";

async function watchBrowser(context: BrowserContext, problems: BrowserProblems): Promise<void> {
  // The DOM event catches what the console might word differently; both land in one list.
  await context.exposeBinding(CSP_BINDING, (_source, text: string) => {
    if (!problems.csp.includes(text)) problems.csp.push(text);
  });
  await context.addInitScript((binding: string) => {
    document.addEventListener("securitypolicyviolation", (event) => {
      const report = (window as unknown as Record<string, (text: string) => void>)[binding];
      report?.(
        `${event.effectiveDirective} blocked ${event.blockedURI || "an inline script or style"}` +
          ` (${event.sourceFile || event.documentURI}:${event.lineNumber})`,
      );
    });
  }, CSP_BINDING);
  const attach = (page: Page) => {
    page.on("console", (message) => {
      const text = message.text();
      const entry = `${page.url()}: ${text}`;
      // "Refused to …" is also how Chromium reports a script or style served with the wrong MIME type: as bad.
      if (/Refused to|Content[- ]Security[- ]Policy/i.test(text)) {
        if (!problems.csp.includes(entry)) problems.csp.push(entry);
      } else if (message.type() === "error") problems.consoleErrors.push(entry);
    });
    page.on("pageerror", (error) => problems.pageErrors.push(`${page.url()}: ${error.stack ?? error.message}`));
  };
  context.pages().forEach(attach);
  context.on("page", attach);
}

function listed(title: string, items: string[]): string {
  return `${title}:\n${items.map((item) => `  - ${item}`).join("\n")}`;
}

// --- fixtures -------------------------------------------------------------------------------------------------

interface Options {
  /** Uncaught page errors fail the test unless this is true (CSP violations always fail). */
  allowPageErrors: boolean;
}

interface Fixtures {
  seed: typeof seed;
  browserProblems: BrowserProblems;
}

export const test = base.extend<Fixtures & Options>({
  allowPageErrors: [false, { option: true }],
  seed: [seed, { option: true }],
  browserProblems: [
    async ({ context, allowPageErrors }, use, testInfo) => {
      const problems: BrowserProblems = { csp: [], pageErrors: [], consoleErrors: [] };
      await watchBrowser(context, problems);
      await use(problems);
      if (problems.consoleErrors.length) {
        await testInfo.attach("console-errors.txt", { body: problems.consoleErrors.join("\n"), contentType: "text/plain" });
      }
      const failures: string[] = [];
      if (problems.csp.length) failures.push(listed("Content-Security-Policy violations and refused resources", problems.csp));
      if (problems.pageErrors.length && !allowPageErrors) failures.push(listed("Uncaught page errors", problems.pageErrors));
      if (failures.length) throw new Error(failures.join("\n"));
    },
    { auto: true },
  ],
});

// --- helpers --------------------------------------------------------------------------------------------------

/**
 * Sign in through the API (GET then POST /api/v1/auth/login/ with the CSRF token) using the page's own request
 * context, so the session cookie lands in the page's browser context. Fast, for journeys whose subject is not
 * the login form (the auth journey drives the form itself). It does not navigate: go to the next page after
 * it, and the app reads the session from there.
 */
export async function login(page: Page, email: string, password: string): Promise<void> {
  const csrf = await page.request.get("/api/v1/auth/login/");
  expect(csrf.ok(), `GET /api/v1/auth/login/ answered ${csrf.status()}`).toBeTruthy();
  const { csrf_token: token } = (await csrf.json()) as { csrf_token: string };
  const response = await page.request.post("/api/v1/auth/login/", {
    data: { email, password },
    headers: { "X-CSRFToken": token },
  });
  expect(response.ok(), `login as ${email} answered ${response.status()}: ${await response.text()}`).toBeTruthy();
}

/** Sign out through the API (the session of this browser context only). */
export async function logout(page: Page): Promise<void> {
  const cookies = await page.context().cookies();
  const token = cookies.find((cookie) => cookie.name === "csrftoken")?.value ?? "";
  const response = await page.request.post("/api/v1/auth/logout/", { headers: { "X-CSRFToken": token } });
  expect([204, 401, 403], `logout answered ${response.status()}`).toContain(response.status());
}

/** GET a JSON API path with the page's cookies (signed in if the page is); fails the test on a non-2xx. */
export async function apiGet<T = unknown>(page: Page, apiPath: string): Promise<T> {
  const response = await page.request.get(apiPath);
  expect(response.ok(), `GET ${apiPath} answered ${response.status()}: ${await response.text()}`).toBeTruthy();
  return (await response.json()) as T;
}

export interface A11yOptions {
  /** CSS selectors left out of the scan (e.g. a third-party frame we cannot change). Say why at the call. */
  exclude?: string[];
}

const AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"];

/**
 * Run axe-core (WCAG 2.0/2.1 A and AA rules) on the page as it is now, and fail on any serious or critical
 * violation with a readable list. Wait for the page's content first (e.g. its <h1>). The full results go into
 * the report as an attachment.
 */
export async function checkA11y(page: Page, name: string, options: A11yOptions = {}): Promise<void> {
  let builder = new AxeBuilder({ page }).withTags(AXE_TAGS);
  for (const selector of options.exclude ?? []) builder = builder.exclude(selector);
  const results = await builder.analyze();
  const info = test.info();
  await info.attach(`axe-${name}.json`, { body: JSON.stringify(results.violations, null, 2), contentType: "application/json" });
  const bad = results.violations.filter((v) => v.impact === "serious" || v.impact === "critical");
  const report = bad.map((violation) => {
    const nodes = violation.nodes
      .slice(0, 5)
      .map((node) => `      ${node.target.join(" ")}\n        ${(node.failureSummary ?? "").replace(/\n\s*/g, " ")}`)
      .join("\n");
    const more = violation.nodes.length > 5 ? `\n      … and ${violation.nodes.length - 5} more` : "";
    return `  - [${violation.impact}] ${violation.id}: ${violation.help} (${violation.helpUrl})\n${nodes}${more}`;
  });
  expect(bad.length, `axe: ${bad.length} serious/critical violation(s) on "${name}" (${info.project.name}) at ${page.url()}:\n${report.join("\n")}`).toBe(0);
  // WCAG 1.4.10 Reflow, which axe cannot see: the page itself never scrolls sideways (at 360 px on the phone
  // project); wide content such as tables scrolls inside its own box.
  const overflow = await page.evaluate(() => {
    const root = document.documentElement;
    const wide = Array.from(document.querySelectorAll("body *"))
      .filter((element) => element.getBoundingClientRect().right > root.clientWidth + 1)
      .filter((element) => !element.closest(".table-scroll, .visually-hidden, [hidden]"))
      .slice(0, 5)
      .map((element) => `${element.tagName.toLowerCase()}${element.className ? `.${String(element.className).split(" ").join(".")}` : ""}`);
    return { scrollWidth: root.scrollWidth, clientWidth: root.clientWidth, wide };
  });
  expect(
    overflow.scrollWidth,
    `"${name}" (${info.project.name}) scrolls sideways: ${overflow.scrollWidth} px of content in ${overflow.clientWidth} px; wide: ${overflow.wide.join(", ")}`,
  ).toBeLessThanOrEqual(overflow.clientWidth + 1);
}

/** A full-page screenshot to var/screenshots/<project>/<name>.png (kept as a CI artifact); returns its path. */
export async function snap(page: Page, name: string): Promise<string> {
  const info = test.info();
  const file = path.join(VAR_DIR, "screenshots", info.project.name, `${name}.png`);
  await page.screenshot({ path: file, fullPage: true, animations: "disabled" });
  return file;
}

/**
 * A name unique to this run and project, for things a journey creates (listings, accounts): the desktop and the
 * phone runs share one database. E2E_RUN_ID is fixed once per `playwright test` run (playwright.config.ts).
 */
export function unique(baseName: string, info: TestInfo = test.info()): string {
  return `${baseName} ${info.project.name}-${process.env.E2E_RUN_ID ?? "local"}`;
}

// Journeys build on each other across files (the order a citizen placed in 20-* is the one the seller ships in
// 30-*): remember() writes a value for the later files of the same project, recall() reads it.
function stateFile(info: TestInfo): string {
  return path.join(VAR_DIR, "e2e", "state", `${info.project.name}-${process.env.E2E_RUN_ID ?? "local"}.json`);
}

function readState(info: TestInfo): Record<string, unknown> {
  try {
    return JSON.parse(readFileSync(stateFile(info), "utf8")) as Record<string, unknown>;
  } catch {
    return {};
  }
}

export function remember(key: string, value: unknown): void {
  const info = test.info();
  const file = stateFile(info);
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, JSON.stringify({ ...readState(info), [key]: value }, null, 2));
}

export function recall<T>(key: string): T {
  const state = readState(test.info());
  if (!(key in state)) {
    throw new Error(`No "${key}" remembered in this run: run the whole list (the spec that remembers it comes first).`);
  }
  return state[key] as T;
}
