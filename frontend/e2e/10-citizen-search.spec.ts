// A citizen finds a product in Korean: with a particle ("떡을"), with 초성 in the header's combobox (ㄸ → 떡…),
// narrows by district through a facet and through the district the search understood from the words, opens a
// product and puts it in the cart; then the firm's page. The demo data's facts are read from the API first, so
// the steps follow whatever the seed made.
import type { Page } from "@playwright/test";
import { apiGet, checkA11y, expect, paths, snap, test } from "./fixtures";

interface Hit {
  id: number;
  title: string;
  in_stock: boolean;
  min_order_quantity: number;
  firm: { id: number; name: string; district: { code: string; name_ko: string } };
}
interface SearchAnswer {
  count: number;
  results: Hit[];
  applied_filters: { field: string; label: string; value: unknown; query_without: string }[];
  facets: { district: { value: string; label: string; count: number }[] };
}

const search = (page: Page, query: Record<string, string>) =>
  apiGet<SearchAnswer>(page, `/api/v1/search/products/?${new URLSearchParams({ page_size: "50", ...query })}`);

/** The results' heading: "상품 12개". */
const resultCount = (page: Page) => page.getByRole("heading", { level: 2, name: /^상품 [\d,]+개$/ });

/** On a phone the facets sit behind a button; on a wide screen they are always shown. */
async function openFilters(page: Page) {
  await expect(resultCount(page)).toBeVisible(); // the results, and with them the filters, are in
  const toggle = page.getByRole("button", { name: /^필터 열기/ });
  if (await toggle.isVisible()) await toggle.click();
}

async function searchFromHeader(page: Page, text: string) {
  const box = page.getByRole("combobox", { name: "검색어" });
  await box.fill(text);
  await box.press("Enter");
}

test("search with a particle, with 초성, by district (facet and understood words), then add to cart", async ({ page }) => {
  const tteok = await search(page, { q: "떡" });
  expect(tteok.count, "the demo data sells 떡").toBeGreaterThan(0);

  // 1. "떡을": the particle is no obstacle; the same products as "떡".
  await page.goto(paths.home);
  await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
  await searchFromHeader(page, "떡을");
  await expect(page).toHaveURL(/\/search\?q=/);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("‘떡을’ 검색 결과");
  await expect(resultCount(page)).toHaveText(`상품 ${tteok.count.toLocaleString("ko-KR")}개`);
  const cards = page.getByRole("main").getByRole("article");
  await expect(cards.first()).toBeVisible();
  await expect(cards.first().locator("mark").first()).toHaveText(/떡/);
  await checkA11y(page, "search");
  await snap(page, "search");

  // 2. 초성: ㄸ in the header's combobox offers titles with a word starting 떡 (or 딸…); arrow down to a 떡 one
  // and Enter searches it.
  const box = page.getByRole("combobox", { name: "검색어" });
  await box.fill("");
  await box.pressSequentially("ㄸ");
  const listbox = page.getByRole("listbox", { name: "추천 검색어" });
  await expect(listbox).toBeVisible();
  await expect(box).toHaveAttribute("aria-expanded", "true");
  await expect(listbox.getByRole("option").filter({ hasText: "떡" }).first()).toBeVisible();
  const options = (await listbox.getByRole("option").allTextContents()).map((text) => text.trim());
  const index = options.findIndex((text) => text.includes("떡"));
  for (let step = 0; step <= index; step += 1) await box.press("ArrowDown");
  const active = listbox.getByRole("option").nth(index);
  await expect(active).toHaveAttribute("aria-selected", "true");
  await expect(box).toHaveAttribute("aria-activedescendant", (await active.getAttribute("id"))!);
  await box.press("Enter");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(`‘${options[index]}’ 검색 결과`);
  await expect(cards.getByRole("link", { name: options[index], exact: true }).first()).toBeVisible();

  // 3. A district through the facet: every card then comes from that district, and the chip removes it.
  const district = tteok.facets.district[0]!;
  await page.goto(paths.search("떡"));
  await openFilters(page);
  // click, not check(): the box is ticked once the URL (the state it shows) has changed, a moment later.
  const facet = page.getByRole("group", { name: "지역(자치구)" }).getByRole("checkbox", { name: new RegExp(`^${district.label}`) });
  await facet.click();
  await expect(facet).toBeChecked();
  await expect(page).toHaveURL(new RegExp(`district=${district.value}`));
  await expect(resultCount(page)).toHaveText(`상품 ${district.count.toLocaleString("ko-KR")}개`);
  for (const text of await cards.locator(".product-card__firm").allTextContents()) expect(text).toContain(district.label);
  await page.getByRole("button", { name: `${district.label} 필터 지우기` }).click();
  await expect(page).not.toHaveURL(/district=/);
  await expect(resultCount(page)).toHaveText(`상품 ${tteok.count.toLocaleString("ko-KR")}개`);

  // 4. The district said in words ("양천구 떡"): a chip says what was understood; removing it edits the query.
  const words = `${district.label} 떡`;
  const understood = await search(page, { q: words });
  expect(understood.applied_filters.map((f) => f.value)).toContain(district.value);
  await searchFromHeader(page, words);
  const chip = page.getByRole("button", { name: new RegExp(`^${district.label} 필터 지우기 \\(검색어`) });
  await expect(chip).toBeVisible();
  await expect(resultCount(page)).toHaveText(`상품 ${understood.count.toLocaleString("ko-KR")}개`);
  await openFilters(page);
  await expect(page.getByRole("group", { name: "지역(자치구)" }).getByRole("checkbox", { name: new RegExp(`^${district.label}`) })).toBeChecked();
  await chip.click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("‘떡’ 검색 결과");
  await expect(page.getByRole("button", { name: new RegExp(`${district.label} 필터 지우기`) })).toHaveCount(0);
  await expect(resultCount(page)).toHaveText(`상품 ${tteok.count.toLocaleString("ko-KR")}개`);

  // 5. Back goes back to the understood search (the URL holds the whole state).
  await page.goBack();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(`‘${words}’ 검색 결과`);
  await expect(chip).toBeVisible();

  // 6. Open a product that can be ordered, put its minimum order in the cart.
  const product = tteok.results.find((hit) => hit.in_stock)!;
  expect(product, "a 떡 product in stock").toBeDefined();
  await page.goto(paths.search("떡을"));
  await cards.getByRole("link", { name: product.title, exact: true }).first().click();
  await expect(page).toHaveURL(new RegExp(`/products/${product.id}$`));
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(product.title);
  await expect(page.getByRole("spinbutton", { name: "수량" })).toHaveValue(String(product.min_order_quantity));
  await expect(page.getByRole("list", { name: "지정·인증" })).toBeVisible();
  await page.getByRole("button", { name: "장바구니 담기" }).click();
  const added = page.getByText(`장바구니에 ${product.min_order_quantity.toLocaleString("ko-KR")}개를 담았어요.`);
  await expect(added).toBeVisible();
  await expect(page.getByRole("link", { name: `장바구니 (${product.min_order_quantity})` })).toBeVisible();
  const cart = await apiGet<{ lines: { product_id: number; quantity: number }[] }>(page, "/api/v1/cart/");
  expect(cart.lines).toContainEqual(expect.objectContaining({ product_id: product.id, quantity: product.min_order_quantity }));
  await checkA11y(page, "product-added");

  // 7. The firm behind it: its page lists its products.
  await page.getByRole("link", { name: `${product.firm.name} 기업 페이지` }).click();
  await expect(page).toHaveURL(new RegExp(`/firms/${product.firm.id}$`));
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(product.firm.name);
  await expect(page.getByRole("heading", { level: 2, name: /^판매 상품 [\d,]+개$/ })).toBeVisible();
  await checkA11y(page, "firm");
  await snap(page, "firm");
});

test("a quantity under the minimum order is refused beside the field", async ({ page }) => {
  const hits = await search(page, { q: "", in_stock: "true" });
  const product = hits.results.find((hit) => hit.min_order_quantity > 1);
  test.skip(!product, "the demo data has no product with a minimum order above 1");
  await page.goto(paths.product(product!.id));
  const quantity = page.getByRole("spinbutton", { name: "수량" });
  await quantity.fill(String(product!.min_order_quantity - 1));
  await page.getByRole("button", { name: "장바구니 담기" }).click();
  await expect(quantity).toHaveAttribute("aria-invalid", "true");
  await expect(page.getByText(`이 상품은 최소 ${product!.min_order_quantity.toLocaleString("ko-KR")}`)).toBeVisible();
});

test("empty results offer the API's suggestions; a missing product says so", async ({ page }) => {
  await page.goto(paths.search("떡볶기쿠키없는말"));
  await expect(page.getByText("‘떡볶기쿠키없는말’에 맞는 상품이 없어요.")).toBeVisible();
  await expect(page.getByRole("link", { name: "전체 상품 보기" })).toBeVisible();
  await checkA11y(page, "search-empty");

  await page.goto(paths.product(999_999_999));
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("상품을 찾을 수 없어요.");
});

test("home: categories, firms by kind and district picks lead to filtered searches", async ({ page }) => {
  await page.goto(paths.home);
  await expect(page.getByRole("heading", { level: 2, name: "카테고리" })).toBeVisible();
  const kinds = page.getByRole("region", { name: "기업 유형별로 보기" });
  const kindLink = kinds.getByRole("link").first();
  await expect(kindLink).toBeVisible();
  await kindLink.click();
  await expect(page).toHaveURL(/\/search\?firm_kind=/);
  await expect(page.getByRole("button", { name: /필터 지우기$/ })).toHaveCount(1);
  await page.goBack();
  await page.getByLabel("자치구", { exact: true }).selectOption({ index: 1 });
  await page.getByRole("button", { name: "이 동네 상품 보기" }).click();
  await expect(page).toHaveURL(/\/search\?district=\d{5}$/);
});
