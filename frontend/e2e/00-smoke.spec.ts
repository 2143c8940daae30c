// Runs first: Django serves the built app at / and on deep links, under its Content-Security-Policy; the
// language switch works; product pages carry their Open Graph tags in the server's HTML.
import { apiGet, checkA11y, expect, paths, snap, test } from "./fixtures";

interface ProductPage {
  results: { id: number; title: string; price: number; images: unknown[] }[];
}

/** The content of <meta property|name="key" content="…"> in server HTML, whatever the attribute order. */
function meta(html: string, key: string): string | null {
  for (const tag of html.match(/<meta\b[^>]*>/gi) ?? []) {
    const attrs = Object.fromEntries(
      [...tag.matchAll(/([\w:-]+)\s*=\s*"([^"]*)"/g)].map((m) => [m[1]!.toLowerCase(), m[2]!]),
    );
    if (attrs.property === key || attrs.name === key) return decodeEntities(attrs.content ?? "");
  }
  return null;
}

function decodeEntities(text: string): string {
  return text
    .replace(/&#x([0-9a-f]+);/gi, (_, hex: string) => String.fromCodePoint(parseInt(hex, 16)))
    .replace(/&#(\d+);/g, (_, dec: string) => String.fromCodePoint(Number(dec)))
    .replace(/&quot;/g, '"')
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&amp;/g, "&");
}

const NOT_FOUND_KO = "찾는 페이지가 없어요.";

test("home page: the app from Django at /, under the CSP, accessible", async ({ page }) => {
  const response = await page.goto(paths.home);
  expect(response?.status()).toBe(200);
  expect(response?.headers()["content-type"]).toContain("text/html");
  // The watcher can only catch violations of a policy that is sent: check it is, and strict.
  const csp = response?.headers()["content-security-policy"] ?? "";
  expect(csp).toMatch(/script-src 'self'/);
  expect(csp).not.toContain("unsafe-inline");

  await expect(page.getByRole("link", { name: "같이마켓" }).first()).toBeVisible();
  await expect(page.getByRole("heading", { level: 1 })).toHaveCount(1);
  await expect(page.getByRole("heading", { level: 1 })).not.toHaveText(NOT_FOUND_KO);
  expect(await page.locator("html").getAttribute("lang")).toBe("ko");
  await checkA11y(page, "home");
  await snap(page, "home");
});

test("a deep link to a search loads the app with the query", async ({ page }) => {
  const response = await page.goto(paths.search("떡"));
  expect(response?.status()).toBe(200);
  expect(response?.headers()["content-type"]).toContain("text/html");
  await expect(page).toHaveURL(/\/search\?q=%EB%96%A1|\/search\?q=떡/);
  await expect(page.getByRole("heading", { level: 1 })).toHaveCount(1);
  await expect(page.getByRole("heading", { level: 1 })).not.toHaveText(NOT_FOUND_KO);
  await expect(page.getByRole("main")).toContainText("떡");
});

test("the language switch turns the UI to English and back, and is remembered", async ({ page }) => {
  await page.goto(paths.home);
  await expect(page.getByRole("link", { name: "같이마켓" }).first()).toBeVisible();
  await page.getByLabel("언어").selectOption("en");
  await expect(page.getByRole("link", { name: "Gachi Market" }).first()).toBeVisible();
  await expect(page.locator("html")).toHaveAttribute("lang", "en");
  await page.reload();
  await expect(page.getByRole("link", { name: "Gachi Market" }).first()).toBeVisible();
  await checkA11y(page, "home-en");
  await page.getByLabel("Language").selectOption("ko");
  await expect(page.getByRole("link", { name: "같이마켓" }).first()).toBeVisible();
  await expect(page.locator("html")).toHaveAttribute("lang", "ko");
});

test("a product page: Open Graph tags from the server, then the app shows the product", async ({ page }) => {
  const products = await apiGet<ProductPage>(page, "/api/v1/products/?page_size=50");
  const product = products.results.find((p) => p.images.length > 0) ?? products.results[0];
  expect(product, "the demo data has public products").toBeDefined();

  // What a messenger (KakaoTalk) sees: the server's HTML, no JavaScript run.
  const html = await (await page.request.get(paths.product(product!.id))).text();
  expect(meta(html, "og:title")).toContain(product!.title);
  expect(meta(html, "og:type")).toBeTruthy();
  expect(meta(html, "og:url")).toContain(paths.product(product!.id));
  expect(meta(html, "og:description") ?? "").toContain(product!.price.toLocaleString("ko-KR"));
  if (product!.images.length) expect(meta(html, "og:image")).toMatch(/^https?:\/\//);
  expect(html).toMatch(new RegExp(`<title>[^<]*${product!.title.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}`));

  await page.goto(paths.product(product!.id));
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(product!.title);
  await checkA11y(page, "product");
  await snap(page, "product");
});

test("the API and the admin are untouched by the app's catch-all", async ({ page }) => {
  const categories = await page.request.get("/api/v1/categories/");
  expect(categories.status()).toBe(200);
  expect(categories.headers()["content-type"]).toContain("application/json");
  const missing = await page.request.get("/api/v1/no-such-endpoint/");
  expect(missing.status()).toBe(404);
  expect(missing.headers()["content-type"]).toContain("application/json");
  const admin = await page.request.get("/admin/login/");
  expect(admin.status()).toBe(200);
  expect(await admin.text()).toContain('name="username"');
});

test.describe("a failed load", () => {
  // The browser logs the failed requests as console errors; the page itself must not throw.
  test("shows what went wrong and a retry, never a blank page, and the retry loads the page", async ({ page }) => {
    const products = await apiGet<ProductPage>(page, "/api/v1/products/?page_size=1");
    const product = products.results[0]!;
    let failing = true;
    // The server is down for the product's data (a 503 in the API's error shape, as our own 503s are).
    await page.route(`**/api/v1/products/${product.id}/**`, (route) =>
      failing
        ? route.fulfill({
            status: 503,
            contentType: "application/json",
            body: JSON.stringify({ error: { code: "service_unavailable", message: "잠시 후 다시 시도해 주세요.", field: null, details: [] } }),
          })
        : route.fallback(),
    );
    await page.goto(paths.product(product.id));
    const alert = page.getByRole("alert");
    await expect(alert).toContainText("잠시 후 다시 시도해 주세요.", { timeout: 30_000 });
    await expect(page.getByRole("banner")).toBeVisible(); // the shell stays: header, search, navigation
    await checkA11y(page, "product-load-failed");
    await snap(page, "product-load-failed");

    failing = false;
    await alert.getByRole("button", { name: "다시 시도" }).click();
    await expect(page.getByRole("heading", { level: 1 })).toHaveText(product.title);
  });
});
