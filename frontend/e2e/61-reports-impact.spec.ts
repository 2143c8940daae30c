// A citizen's value consumption: a new citizen of 마포구 (one per project: the desktop and phone runs share the
// database, and a citizen has one shared card a year) pays an order (through the API, a test card), opens 나의 가치소비
// (the same total as the API, the year's figures, the declared-values label), shares the year's card (link and
// picture; the public page shows the figures chosen and carries Open Graph tags, with no name), stops sharing
// (the link then shows nothing), and opens the paid order's impact receipt. axe at each page, desktop and phone.
import type { Page } from "@playwright/test";
import { apiGet, checkA11y, expect, login, snap, test } from "./fixtures";

interface Impact {
  year: number | null;
  years: number[];
  total: number;
  orders: number;
}

const won = (amount: number) => `${new Intl.NumberFormat("ko-KR").format(amount)}원`;

async function csrf(page: Page): Promise<string> {
  return (await page.context().cookies()).find((cookie) => cookie.name === "csrftoken")?.value ?? "";
}

/** Signs up a citizen of 마포구 through the API and signs in; returns the e-mail. */
async function newCitizen(page: Page): Promise<string> {
  const email = `impact-${test.info().project.name}-${process.env.E2E_RUN_ID ?? "local"}-${Date.now()}@example.kr`;
  const password = "impact-pass-word-2026";
  const form = await page.request.get("/api/v1/auth/login/");
  const { csrf_token: token } = (await form.json()) as { csrf_token: string };
  const made = await page.request.post("/api/v1/auth/register/", {
    data: { email, password, district: "11440" },
    headers: { "X-CSRFToken": token },
  });
  expect(made.status(), await made.text()).toBe(201);
  await login(page, email, password);
  return email;
}

/** A paid order of the signed-in citizen (bought now, paid with a test card): its id and number. */
async function paidOrder(page: Page): Promise<{ id: number; number: string; items_total: number }> {
  const headers = { "X-CSRFToken": await csrf(page) };
  const products = await apiGet<{ results: { id: number; stock: number; min_order_quantity: number }[] }>(
    page,
    "/api/v1/products/?page_size=100",
  );
  const product = products.results.find((p) => p.stock >= p.min_order_quantity);
  expect(product, "a product in stock").toBeDefined();
  const put = await page.request.put(`/api/v1/cart/items/${product!.id}/`, { data: { quantity: product!.min_order_quantity }, headers });
  expect(put.ok(), await put.text()).toBeTruthy();
  const placed = await page.request.post("/api/v1/checkout/", {
    data: { shipping: { name: "김시민", phone: "010-1234-5678", postal_code: "04001", address1: "서울 마포구 월드컵로 1" } },
    headers,
  });
  expect(placed.status(), await placed.text()).toBe(201);
  const order = (await placed.json()) as { id: number; number: string; items_total: number };
  const paid = await page.request.post(`/api/v1/orders/${order.id}/payment/confirm/`, { data: { payment_method: "pm_card_visa" }, headers });
  expect(paid.ok(), await paid.text()).toBeTruthy();
  expect(((await paid.json()) as { status: string }).status).toBe("paid");
  return order;
}

test("a citizen reads their value consumption, shares the year's card, stops sharing, and opens a receipt", async ({ page, browser }) => {
  const email = await newCitizen(page);
  const order = await paidOrder(page);
  const year = Number(new Intl.DateTimeFormat("en-US", { year: "numeric", timeZone: "Asia/Seoul" }).format(new Date()));
  const figures = await apiGet<Impact>(page, `/api/v1/me/impact/?year=${year}`);
  expect(figures.total).toBe(order.items_total);

  // 1. The year's page: the API's total, the charts, the declared-values label.
  await page.goto(`/me/impact?year=${year}`);
  await expect(page.getByRole("heading", { level: 1, name: "나의 가치소비" })).toBeVisible();
  await expect(page.locator(".impact-summary__total")).toHaveText(won(figures.total));
  await expect(page.getByRole("img", { name: /기업 유형별 구매 금액/ })).toBeVisible();
  await expect(page.getByText(/기업 신고값 기준/).first()).toBeVisible();
  await checkA11y(page, "impact");
  await snap(page, "impact");

  // All time, from the period picker (kept in the URL).
  await page.getByLabel("기간").selectOption("");
  await expect(page).toHaveURL(/\/me\/impact$/);
  await expect(page.getByRole("img", { name: /연도별/ })).toBeVisible();
  await page.getByLabel("기간").selectOption(String(year));

  // 2. Share the year's card without the kinds: the link and the picture.
  const share = page.getByRole("region", { name: `${year}년 가치소비 카드 공유하기` });
  await share.getByRole("checkbox", { name: "기업 유형별 금액" }).uncheck();
  await share.getByRole("button", { name: "공유 링크 만들기" }).click();
  await expect(page.getByRole("status").filter({ hasText: "공유 링크를 만들었습니다." })).toBeVisible();
  const link = await share.getByLabel("공유 링크").inputValue();
  expect(link).toMatch(/\/impact\/cards\/[A-Za-z0-9_-]{20,}$/);
  const image = share.getByRole("img", { name: `${year}년 나의 가치소비 카드 이미지` });
  await expect(image).toBeVisible();
  await expect.poll(() => image.evaluate((img: HTMLImageElement) => (img.complete ? img.naturalWidth : 0))).toBe(1200);
  await checkA11y(page, "impact-shared");

  // 3. Anyone with the link (a fresh browser, signed out): the figures chosen, Open Graph tags, no e-mail.
  const visitor = await browser.newContext();
  try {
    const stranger = await visitor.newPage();
    const html = await (await stranger.request.get(link)).text();
    expect(html).toContain(`<meta property="og:title" content="${year}년 나의 가치소비">`);
    expect(html).toMatch(/<meta property="og:image" content="https?:\/\/[^"]+\/card\.png">/);
    expect(html).not.toContain(email);
    await stranger.goto(link);
    await expect(stranger.getByRole("heading", { level: 1, name: `${year}년 나의 가치소비` })).toBeVisible();
    await expect(stranger.locator(".impact-summary__total")).toHaveText(won(figures.total));
    await expect(stranger.getByRole("heading", { name: "기업 유형별" })).toHaveCount(0);
    await checkA11y(stranger, "impact-card-public");
    await snap(stranger, "impact-card-public");

    // 4. Stop sharing: the link shows nothing any more.
    await share.getByRole("button", { name: "공유 멈추기" }).click();
    await expect(page.getByRole("status").filter({ hasText: "공유를 멈췄습니다." })).toBeVisible();
    await stranger.goto(link);
    await expect(stranger.getByText("공유가 멈췄거나 없는 카드입니다.")).toBeVisible();
  } finally {
    await visitor.close();
  }

  // 5. The paid order's receipt, opened on its page.
  await page.goto(`/orders/${order.id}`);
  await expect(page.getByRole("heading", { level: 1, name: `주문 ${order.number}` })).toBeVisible();
  await page.getByText("이 주문의 가치소비 영수증").click();
  const receipt = page.getByRole("region", { name: "이 주문의 가치소비 영수증" });
  await expect(receipt.locator(".impact-summary__total")).toHaveText(won(order.items_total));
  await expect(receipt.getByRole("link", { name: "나의 가치소비 전체 보기" })).toHaveAttribute("href", "/me/impact");
  await checkA11y(page, "impact-receipt");
  await snap(page, "impact-receipt");
});
