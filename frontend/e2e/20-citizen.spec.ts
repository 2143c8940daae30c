// The citizen's purchase: as a guest, a product of seller1's firm goes into the cart from its page and one of a
// second firm through the API; the cart shows each firm's part; ordering asks for a login, the citizen signs up
// instead (a bad password first), and the guest's cart comes along; the shipping form shows the API's field
// errors; the card step is Stripe.js (localstripe's stand-in, served with the card confirmation the launcher
// adds): a declined card first, its message and the form kept, then a card that asks for 3-D Secure, confirmed in
// the stand-in's dialog; the order page shows it paid with each firm's part. 40-* continues from here.
import type { Browser, Page } from "@playwright/test";
import { apiGet, checkA11y, expect, login, paths, remember, seed, snap, test } from "./fixtures";

interface Product {
  id: number;
  title: string;
  price: number;
  min_order_quantity: number;
  stock: number;
  firm: { id: number; name: string };
}
interface Page_<T> {
  count: number;
  results: T[];
}
interface Order {
  id: number;
  number: string;
  status: string;
  total: number;
  fulfilments: { id: number; firm_id: number; firm_name: string; status: string }[];
}

// Cards the stand-in understands (scripts/localstripe_server.py): Stripe's own test numbers.
const CARD_DECLINED = "4000000000000002";
const CARD_3DS = "4000002760003184";
const won = (amount: number) => `${amount.toLocaleString("ko-KR")}원`;

/** A demo seller's firm and a product of it that can be ordered (twice: once per project run), as that seller. */
async function sellerProduct(browser: Browser, email: string, extra = 0): Promise<{ firmId: number; product?: Product }> {
  const context = await browser.newContext({ baseURL: test.info().project.use.baseURL });
  try {
    const page = await context.newPage();
    await login(page, email, seed.password);
    const firm = await page.request.get("/api/v1/seller/firm/");
    if (!firm.ok()) return { firmId: 0 };
    const { id: firmId } = (await firm.json()) as { id: number };
    const products = await apiGet<Page_<Product>>(page, `/api/v1/products/?firm=${firmId}&page_size=100`);
    const product = products.results.find((p) => p.stock >= 2 * (p.min_order_quantity + extra) && p.price * (p.min_order_quantity + extra) < 500_000);
    return { firmId, product };
  } finally {
    await context.close();
  }
}

async function fillCard(page: Page, number: string) {
  await page.getByLabel("카드 번호").fill(number);
  await page.getByLabel("유효기간 월 (MM)").fill("12");
  await page.getByLabel("유효기간 연도 (YY)").fill("34");
  await page.getByLabel("보안 코드 (CVC)").fill("123");
  await page.getByLabel("우편번호", { exact: true }).last().fill("04001");
}

test("a citizen buys from two firms: cart, sign-up, shipping, a declined card, then 3-D Secure", async ({ page, browser }) => {
  // Setup, from the API: seller1's firm (it ships this order in 30-*) and a second demo firm that sells.
  const first = await sellerProduct(browser, seed.seller.email, 1);
  expect(first.product, "seller1's firm has a product in stock").toBeDefined();
  let second: { firmId: number; product?: Product; email: string } | null = null;
  for (let n = 2; n <= 12 && !second; n++) {
    const email = `seller${n}@demo.gachi.kr`;
    const found = await sellerProduct(browser, email);
    if (found.product && found.firmId !== first.firmId) second = { ...found, email };
  }
  expect(second, "a second demo firm sells a product in stock").not.toBeNull();
  const p1 = first.product!;
  const p2 = second!.product!;

  // 1. A guest: the first product from its page, the second through the API.
  await page.goto(paths.product(p1.id));
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(p1.title);
  await page.getByRole("button", { name: "장바구니 담기" }).click();
  await expect(page.getByText(/장바구니에 .*담았어요/)).toBeVisible();
  const put = await page.request.put(`/api/v1/cart/items/${p2.id}/`, { data: { quantity: p2.min_order_quantity } });
  expect(put.ok(), await put.text()).toBeTruthy();

  // 2. The cart: one part per firm; a quantity over the stock is refused on its line, a good one changes the total.
  await page.goto("/cart");
  await expect(page.getByRole("heading", { level: 1, name: "장바구니" })).toBeVisible();
  for (const product of [p1, p2]) {
    const part = page.getByRole("region", { name: product.firm.name });
    await expect(part.getByRole("link", { name: product.title })).toBeVisible();
  }
  const quantity = page.getByRole("spinbutton", { name: `${p1.title} 수량` });
  await quantity.fill(String(p1.stock + 1));
  await page.getByRole("button", { name: `변경 ${p1.title}` }).click();
  await expect(quantity).toHaveAttribute("aria-invalid", "true");
  await expect(quantity).toBeFocused();
  await expect(page.getByText(`재고가 ${p1.stock.toLocaleString("ko-KR")}`).first()).toBeVisible();
  const q1 = p1.min_order_quantity + 1;
  await quantity.fill(String(q1));
  await page.getByRole("button", { name: `변경 ${p1.title}` }).click();
  await expect(page.getByRole("status").filter({ hasText: `${p1.title} 수량을 ${q1}` })).toHaveCount(1);
  await expect(quantity).not.toHaveAttribute("aria-invalid", "true");
  const total = p1.price * q1 + p2.price * p2.min_order_quantity;
  await expect(page.getByRole("complementary", { name: "결제 예정 금액" })).toContainText(won(total));
  await checkA11y(page, "cart");
  await snap(page, "cart");

  // 3. Ordering needs an account: the login page (coming back to the checkout), then sign-up from there.
  await page.getByRole("link", { name: "주문하기" }).click();
  await expect(page).toHaveURL(/\/login\?next=%2Fcheckout$/);
  await expect(page.getByRole("heading", { level: 1, name: "로그인" })).toBeVisible();
  await checkA11y(page, "login");
  await snap(page, "login");
  await page.getByRole("main").getByRole("link", { name: "회원가입" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "회원가입" })).toBeVisible();
  const email = `citizen.${test.info().project.name}.${process.env.E2E_RUN_ID ?? "local"}@example.kr`;
  const password = "gachi-citizen-2026";
  await page.getByLabel("이메일").fill(email);
  await page.getByLabel("비밀번호").fill("12345678"); // only digits: the API refuses it, beside the field
  await page.getByLabel("이름 또는 별명").fill("김시민");
  await page.getByRole("button", { name: "가입하기" }).click();
  await expect(page.getByLabel("비밀번호")).toHaveAttribute("aria-invalid", "true");
  await expect(page.getByLabel("비밀번호")).toBeFocused();
  await checkA11y(page, "signup");
  await snap(page, "signup");
  await page.getByLabel("비밀번호").fill(password);
  await page.getByRole("button", { name: "가입하기" }).click();

  // 4. Checkout: the guest's cart came along; the API's field errors land on the fields.
  await expect(page).toHaveURL(/\/checkout$/);
  await expect(page.getByRole("heading", { level: 1, name: "주문하기" })).toBeVisible();
  const summary = page.getByRole("complementary", { name: "결제 예정 금액" });
  await expect(summary).toContainText(p1.firm.name);
  await expect(summary).toContainText(p2.firm.name);
  await expect(summary).toContainText(won(total));
  const place = page.getByRole("button", { name: `${won(total)} 주문하고 결제하기` });
  await place.click();
  await expect(page.getByLabel("받는 분")).toHaveAttribute("aria-invalid", "true");
  await expect(page.getByLabel("받는 분")).toBeFocused();
  await checkA11y(page, "checkout");
  await snap(page, "checkout");
  await page.getByLabel("받는 분").fill("김시민");
  await page.getByLabel("연락처").fill("010-1234-5678");
  await page.getByLabel("우편번호").fill("04001");
  await page.getByLabel("주소", { exact: true }).fill("서울 마포구 월드컵로 1");
  await page.getByLabel("상세 주소").fill("101동 202호");
  await place.click();

  // 5. The card step: Stripe.js (the stand-in) mounts its card element.
  await expect(page).toHaveURL(/\/checkout\/\d+$/);
  const orderId = Number(new URL(page.url()).pathname.split("/").pop());
  await expect(page.getByRole("heading", { level: 1, name: "결제하기" })).toBeVisible();
  await expect(page.getByLabel("카드 번호")).toBeVisible();
  await checkA11y(page, "payment");
  await snap(page, "payment");

  // A declined card: a clear message, the order still waiting, the form kept for another card.
  await fillCard(page, CARD_DECLINED);
  const pay = page.getByRole("button", { name: `${won(total)} 결제하기` });
  await pay.click();
  const declined = page.getByRole("alert").filter({ hasText: "카드가 거절되었어요." });
  await expect(declined).toBeVisible();
  await expect(declined).toBeFocused();
  expect((await apiGet<Order>(page, `/api/v1/orders/${orderId}/`)).status).toBe("pending_payment");
  await snap(page, "payment-declined");

  // A card that asks for 3-D Secure: the stand-in's dialog, completed; then the server sees the order paid.
  await page.getByLabel("카드 번호").fill(CARD_3DS);
  await pay.click();
  await page.getByRole("button", { name: "Complete authentication" }).click();
  await expect(page).toHaveURL(new RegExp(`/orders/${orderId}\\?paid=1$`));
  const order = await apiGet<Order>(page, `/api/v1/orders/${orderId}/`);
  expect(order.status).toBe("paid");
  expect(order.total).toBe(total);
  await expect(page.getByRole("heading", { level: 1, name: `주문 ${order.number}` })).toBeVisible();
  await expect(page.getByText("결제가 완료되었어요.")).toBeVisible();
  await expect(page.getByText("결제 완료", { exact: true }).first()).toBeVisible();
  for (const product of [p1, p2]) {
    const part = page.getByRole("region", { name: product.firm.name });
    await expect(part.getByRole("cell", { name: product.title })).toBeVisible();
    await expect(part.getByText("판매자 확인 대기")).toBeVisible();
  }
  await checkA11y(page, "order-paid");
  await snap(page, "order-paid");

  // 6. The order history lists it.
  await page.goto("/orders");
  await expect(page.getByRole("heading", { level: 1, name: "주문 내역" })).toBeVisible();
  await expect(page.getByRole("link", { name: `주문 ${order.number}` })).toBeVisible();
  await checkA11y(page, "orders");
  await snap(page, "orders");

  remember("citizen", {
    email,
    password,
    orderId,
    orderNumber: order.number,
    firmSellers: { [first.firmId]: seed.seller.email, [second!.firmId]: second!.email },
  });
});

test("log in shows a wrong password's message, comes back to the page asked for, and logs out", async ({ page }) => {
  await page.goto("/orders");
  await expect(page).toHaveURL(/\/login\?next=%2Forders$/);
  await page.getByLabel("이메일").fill(seed.buyer.email);
  await page.getByLabel("비밀번호").fill("not-the-password");
  await page.getByRole("button", { name: "로그인" }).click();
  const alert = page.getByRole("alert").filter({ hasText: "로그인하지 못했어요" });
  await expect(alert).toBeVisible();
  await expect(alert).toBeFocused();
  await page.getByLabel("비밀번호").fill(seed.buyer.password);
  await page.getByRole("button", { name: "로그인" }).click();
  await expect(page).toHaveURL(/\/orders$/);
  await expect(page.getByRole("heading", { level: 1, name: "주문 내역" })).toBeVisible();

  await page.getByRole("button", { name: "로그아웃" }).click();
  await expect(page.getByRole("link", { name: "로그인" })).toBeVisible();
  const me = await page.request.get("/api/v1/auth/me/");
  expect([401, 403]).toContain(me.status());
});

test("an unpaid order is paid from its page or cancelled there, its stock released", async ({ page }) => {
  await login(page, seed.buyer.email, seed.buyer.password);
  const token = (await page.context().cookies()).find((cookie) => cookie.name === "csrftoken")?.value ?? "";
  const headers = { "X-CSRFToken": token };
  const products = await apiGet<Page_<Product>>(page, "/api/v1/products/?page_size=100");
  const product = products.results.find((p) => p.stock >= p.min_order_quantity && p.price * p.min_order_quantity >= 1000)!;
  expect(product, "a product in stock").toBeDefined();
  const put = await page.request.put(`/api/v1/cart/items/${product.id}/`, { data: { quantity: product.min_order_quantity }, headers });
  expect(put.ok(), await put.text()).toBeTruthy();
  const placed = await page.request.post("/api/v1/checkout/", {
    data: { shipping: { name: "김시민", phone: "010-1234-5678", postal_code: "04001", address1: "서울 마포구 월드컵로 1" } },
    headers,
  });
  expect(placed.status(), await placed.text()).toBe(201);
  const order = (await placed.json()) as Order;

  await page.goto(`/orders/${order.id}`);
  await expect(page.getByRole("heading", { level: 1, name: `주문 ${order.number}` })).toBeVisible();
  await expect(page.getByText("결제 대기", { exact: true })).toBeVisible();
  await expect(page.getByRole("link", { name: "결제하기" })).toHaveAttribute("href", `/checkout/${order.id}`);
  await page.getByRole("button", { name: "주문 취소" }).click();
  await expect(page.getByRole("button", { name: "아니요" })).toBeFocused();
  await page.getByRole("button", { name: "네, 취소할게요" }).click();
  await expect(page.getByText("주문 취소", { exact: true })).toBeVisible();
  await expect(page.getByRole("link", { name: "결제하기" })).toHaveCount(0);
  expect((await apiGet<Order>(page, `/api/v1/orders/${order.id}/`)).status).toBe("cancelled");
  const after = await apiGet<Product>(page, `/api/v1/products/${product.id}/`);
  expect(after.stock).toBe(product.stock);
});
