import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it, vi } from "vitest";
import { CART_QUERY_KEY } from "../../cart/useCart";
import { product } from "../test/fixtures";
import { json, renderRoutes, stubApi, type Answer } from "../test/render";
import { ProductPage } from "./ProductPage";

await vi.hoisted(() => import("../../../test/absoluteRequests"));

const FIRM = {
  id: 15,
  name: "주식회사 살림도시락",
  district: { code: "11470", name_ko: "양천구", name_en: "Yangcheon-gu" },
  address: "서울 양천구",
  description: "",
  purpose_type: "social_service",
  vulnerable_employee_share: "45.50",
  svi_grade: "excellent",
  website: "",
  kinds: ["social_enterprise"],
  designations: [
    {
      id: 3,
      kind: "social_enterprise",
      kind_display: "사회적기업",
      issuer: "고용노동부",
      number: "제2025-029호",
      start_date: "2025-01-01",
      end_date: "2027-12-31",
      status: "active",
      status_reason: "",
      is_valid: true,
    },
  ],
};

const EMPTY_CART = { lines: [], items_total: 0, firms: 0 };

function setup(answers: Record<string, Answer> = {}, path = "/products/121") {
  const api = stubApi({
    "/api/v1/products/121/": product(),
    "/api/v1/firms/15/": FIRM,
    "/api/v1/cart/": EMPTY_CART,
    "/api/v1/auth/login/": {},
    "/api/v1/districts/": [],
    "/api/v1/tags/": [],
    "/api/v1/categories/": [],
    ...answers,
  });
  const view = renderRoutes([{ path: "products/:id", element: <ProductPage /> }], path);
  return { ...api, ...view, user: userEvent.setup() };
}

describe("ProductPage", () => {
  it("shows the price, minimum order, stock and the firm's designation with its number and end date", async () => {
    setup();
    expect(await screen.findByRole("heading", { level: 1, name: "답례품 떡 세트" })).toBeInTheDocument();
    expect(screen.getByText("15,000원")).toBeInTheDocument();
    expect(screen.getByText("최소 주문").nextSibling).toHaveTextContent("20개");
    expect(screen.getByText("재고").nextSibling).toHaveTextContent("구매 가능 (남은 수량 753개)");
    const designations = within(await screen.findByRole("list", { name: "지정·인증" }));
    expect(designations.getByText("사회적기업")).toBeInTheDocument();
    expect(designations.getByText("지정번호 제2025-029호")).toBeInTheDocument();
    expect(designations.getByText("2027년 12월 31일까지 유효")).toBeInTheDocument();
    expect(screen.getByText("취약계층 고용 비율").nextSibling).toHaveTextContent("45.5%");
    expect(screen.getByRole("img", { name: "답례품 떡 세트" })).toBeInTheDocument();
  });

  it("puts the quantity in the cart, refreshes the cart and links to it", async () => {
    const { user, calls, queryClient } = setup({
      "PUT /api/v1/cart/items/121/": { lines: [], items_total: 0, firms: 1 },
    });
    const invalidate = vi.spyOn(queryClient, "invalidateQueries");
    const quantity = await screen.findByRole("spinbutton", { name: "수량" });
    expect(quantity).toHaveValue(20);
    await user.click(screen.getByRole("button", { name: "수량 늘리기" }));
    await user.click(screen.getByRole("button", { name: "장바구니 담기" }));
    const status = await screen.findByText("장바구니에 21개를 담았어요.");
    expect(within(status).getByRole("link", { name: "장바구니 보기" })).toHaveAttribute("href", "/cart");
    const put = calls.find((c) => c.method === "PUT")!;
    expect(put.url.pathname).toBe("/api/v1/cart/items/121/");
    expect(JSON.parse(put.body!)).toEqual({ quantity: 21 });
    expect(invalidate).toHaveBeenCalledWith({ queryKey: CART_QUERY_KEY });
  });

  it("refuses a quantity under the minimum order before asking the server", async () => {
    const { user, calls } = setup();
    const quantity = await screen.findByRole("spinbutton", { name: "수량" });
    await user.clear(quantity);
    await user.type(quantity, "5");
    await user.click(screen.getByRole("button", { name: "장바구니 담기" }));
    expect(await screen.findByText("이 상품은 최소 20개부터 주문할 수 있어요.")).toBeInTheDocument();
    expect(quantity).toHaveAttribute("aria-invalid", "true");
    expect(quantity).toHaveAccessibleDescription(/최소 20개부터 주문할 수 있어요/);
    expect(calls.some((c) => c.method === "PUT")).toBe(false);
  });

  it("shows the server's refusal beside the quantity", async () => {
    const { user } = setup({
      "PUT /api/v1/cart/items/121/": () =>
        json({ error: { code: "out_of_stock", message: "재고가 10개 남았어요.", field: "quantity", details: [] } }, 409),
    });
    await user.click(await screen.findByRole("button", { name: "장바구니 담기" }));
    const quantity = screen.getByRole("spinbutton", { name: "수량" });
    await waitFor(() => expect(quantity).toHaveAttribute("aria-invalid", "true"));
    expect(quantity).toHaveAccessibleDescription(/재고가 10개 남았어요\./);
  });

  it("starts from the quantity already in the cart", async () => {
    setup({ "/api/v1/cart/": { lines: [{ product_id: 121, quantity: 40, title: "", firm_id: 15, firm_name: "", unit_price: 1, line_total: 40, available: true, problem: "" }], items_total: 40, firms: 1 } });
    await waitFor(async () => expect(await screen.findByRole("spinbutton", { name: "수량" })).toHaveValue(40));
    expect(screen.getByText(/장바구니에 40개가 담겨 있어요/)).toBeInTheDocument();
  });

  it("a sold-out product has no cart button", async () => {
    setup({ "/api/v1/products/121/": product({ stock: 3, in_stock: false }) });
    expect(await screen.findByText("품절", { selector: "dd" })).toBeInTheDocument();
    expect(screen.queryByRole("button", { name: "장바구니 담기" })).not.toBeInTheDocument();
  });

  it("a missing product says so", async () => {
    setup({}, "/products/999");
    expect(await screen.findByRole("heading", { level: 1, name: "상품을 찾을 수 없어요." })).toBeInTheDocument();
  });
});
