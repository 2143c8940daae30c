// After the seller journey: the citizen of 20-* follows each firm's part of the order. Both parts are brought
// to "delivered" through the sellers' API first (30-* drives the portal itself; seller1's part arrives here
// shipped by it, with its tracking number). Then, in the order page: 구매확정 of seller1's part, and a return
// request on the other firm's part (the form's own checks first).
import type { Browser } from "@playwright/test";
import { apiGet, checkA11y, expect, login, recall, seed, snap, test } from "./fixtures";

interface Citizen {
  email: string;
  password: string;
  orderId: number;
  orderNumber: string;
  firmSellers: Record<string, string>; // firm id → the demo seller's e-mail
}
interface Part {
  id: number;
  firm_id: number;
  firm_name: string;
  status: string;
  carrier: string;
  tracking_number: string;
}

/** Move a firm's part on to delivered as its seller would (confirm, ship, deliver), from wherever it is. */
async function deliver(browser: Browser, email: string, partId: number): Promise<void> {
  const context = await browser.newContext({ baseURL: test.info().project.use.baseURL });
  try {
    const page = await context.newPage();
    await login(page, email, seed.password);
    const token = (await context.cookies()).find((cookie) => cookie.name === "csrftoken")?.value ?? "";
    const post = async (move: string, data?: object) => {
      const response = await page.request.post(`/api/v1/seller/fulfilments/${partId}/${move}/`, {
        headers: { "X-CSRFToken": token },
        ...(data ? { data } : {}),
      });
      expect(response.ok(), `${move}: ${response.status()} ${await response.text()}`).toBeTruthy();
    };
    let part = await apiGet<Part>(page, `/api/v1/seller/fulfilments/${partId}/`);
    if (part.status === "pending") await post("confirm");
    part = await apiGet<Part>(page, `/api/v1/seller/fulfilments/${partId}/`);
    if (part.status === "confirmed") await post("ship", { carrier: "우체국택배", tracking_number: "6865123456789" });
    await post("deliver");
  } finally {
    await context.close();
  }
}

test("the citizen confirms one firm's delivered part and asks to return the other's", async ({ page, browser }) => {
  const citizen = recall<Citizen>("citizen");
  await login(page, citizen.email, citizen.password);
  const order = await apiGet<{ fulfilments: Part[] }>(page, `/api/v1/orders/${citizen.orderId}/`);
  const sellerOne = order.fulfilments.find((part) => citizen.firmSellers[part.firm_id] === seed.seller.email)!;
  const other = order.fulfilments.find((part) => part.id !== sellerOne.id)!;
  // The seller journey (30-*) shipped seller1's part with this tracking number; alone, this file ships it here.
  const shippedBySeller = sellerOne.status === "shipped";
  for (const part of order.fulfilments) await deliver(browser, citizen.firmSellers[part.firm_id]!, part.id);

  await page.goto(`/orders/${citizen.orderId}`);
  await expect(page.getByRole("heading", { level: 1, name: `주문 ${citizen.orderNumber}` })).toBeVisible();
  const first = page.getByRole("region", { name: sellerOne.firm_name });
  const second = page.getByRole("region", { name: other.firm_name });
  await expect(first.getByText("배송 완료", { exact: true }).first()).toBeVisible();
  await expect(first).toContainText(shippedBySeller ? `${sellerOne.carrier} ${sellerOne.tracking_number}` : "우체국택배 6865123456789");
  await expect(first).toContainText("자동으로 구매확정돼요");
  await checkA11y(page, "order-delivered");
  await snap(page, "order-delivered");

  // 구매확정 of seller1's part: said, shown, and no return or confirmation offered on it any more.
  await first.getByRole("button", { name: `구매확정 (${sellerOne.firm_name})` }).click();
  await expect(page.getByRole("status").filter({ hasText: `${sellerOne.firm_name} 상품을 구매확정했어요.` })).toHaveCount(1);
  await expect(first.getByText("구매확정", { exact: true })).toBeVisible();
  await expect(first.getByRole("button")).toHaveCount(0);

  // A return request on the other part: the form's own checks, then the API takes it.
  const open = second.getByRole("button", { name: `반품·불만 접수 (${other.firm_name})` });
  await open.click();
  await expect(open).toHaveAttribute("aria-expanded", "true");
  const form = second.getByRole("form", { name: `${other.firm_name} 상품 반품·불만 접수` });
  await expect(form.getByRole("radio", { name: "반품 요청" })).toBeFocused();
  await form.getByRole("button", { name: "접수하기" }).click();
  await expect(form.getByText("반품 요청인지 불만·문의인지 골라 주세요.")).toBeVisible();
  await expect(form.getByText("무엇이 문제인지 적어 주세요.")).toBeVisible();
  await checkA11y(page, "claim-form");
  await form.getByRole("radio", { name: "반품 요청" }).check();
  await form.getByLabel("사유").fill("상자가 찌그러져서 왔고 안의 병이 깨졌어요.");
  await form.getByRole("button", { name: "접수하기" }).click();
  await expect(page.getByRole("status").filter({ hasText: `${other.firm_name} 상품의 반품·불만을 접수했어요.` })).toHaveCount(1);
  await expect(second.getByText("반품·불만 접수", { exact: true }).first()).toBeVisible();
  await expect(second).toContainText("반품 요청 · 접수됨");
  await expect(second.getByRole("button", { name: /구매확정/ })).toHaveCount(0);
  await snap(page, "order-claimed");

  const after = await apiGet<{ fulfilments: Part[] }>(page, `/api/v1/orders/${citizen.orderId}/`);
  expect(Object.fromEntries(after.fulfilments.map((part) => [part.id, part.status]))).toEqual({
    [sellerOne.id]: "purchase_confirmed",
    [other.id]: "claimed",
  });
});
