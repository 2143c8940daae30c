import { screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it, vi } from "vitest";
import { product } from "../test/fixtures";
import { renderRoutes, stubApi, type Answer } from "../test/render";
import { ProductPage } from "./ProductPage";

await vi.hoisted(() => import("../../../test/absoluteRequests"));

const TIERS = [
  { min_quantity: 10, unit_price: 9000 },
  { min_quantity: 50, unit_price: 8500 },
];

function setup(overrides: Parameters<typeof product>[0], answers: Record<string, Answer> = {}) {
  stubApi({
    "/api/v1/products/121/": product(overrides),
    "/api/v1/cart/": { lines: [], items_total: 0, firms: 0 },
    "/api/v1/auth/login/": {}, // the CSRF cookie before a write
    ...answers,
  });
  renderRoutes([{ path: "products/:id", element: <ProductPage /> }], "/products/121");
  return userEvent.setup();
}

function cartLine(quantity: number, unitPrice: number) {
  return {
    product_id: 121,
    title: "답례품 떡 세트",
    firm_id: 15,
    firm_name: "",
    unit_price: unitPrice,
    base_price: 10000,
    price_tiers: TIERS,
    unit: "개",
    min_order_quantity: 5,
    stock: 753,
    quantity,
    line_total: unitPrice * quantity,
    available: true,
    problem: "",
  };
}

describe("ProductPage volume prices and 면세", () => {
  it("shows a row per price from the minimum order up", async () => {
    setup({ price: 10000, min_order_quantity: 5, price_tiers: TIERS });
    const table = await screen.findByRole("table", { name: "수량별 가격" });
    const rows = within(table)
      .getAllByRole("row")
      .slice(1)
      .map((row) => [within(row).getByRole("rowheader").textContent, within(row).getByRole("cell").textContent]);
    expect(rows).toEqual([
      ["5개 이상", "10,000원"],
      ["10개 이상", "9,000원"],
      ["50개 이상", "8,500원"],
    ]);
    expect(within(table).getByRole("columnheader", { name: "개당 가격" })).toBeInTheDocument();
    expect(screen.getByText("최소 주문").nextSibling).toHaveTextContent("5개");
    expect(screen.queryByText("면세")).not.toBeInTheDocument();
  });

  it("has no table without tiers, and marks a VAT-exempt product 면세", async () => {
    setup({ price_tiers: [], vat_exempt: true });
    expect(await screen.findByText("면세")).toHaveClass("badge");
    expect(screen.getByText(/부가가치세가 붙지 않는 면세 상품이에요/)).toBeInTheDocument();
    expect(screen.queryByRole("table")).not.toBeInTheDocument();
  });

  it("says so when the server priced the added quantity at a volume price", async () => {
    const user = setup(
      { price: 10000, min_order_quantity: 5, price_tiers: TIERS },
      { "PUT /api/v1/cart/items/121/": { lines: [cartLine(10, 9000)], items_total: 90000, firms: 1 } },
    );
    const quantity = await screen.findByRole("spinbutton", { name: "수량" });
    await user.clear(quantity);
    await user.type(quantity, "10");
    await user.click(screen.getByRole("button", { name: "장바구니 담기" }));
    expect(await screen.findByText(/수량별 가격이 적용돼 개당 9,000원이에요\./)).toBeInTheDocument();
  });

  it("says nothing of volume prices when the line pays the product's price", async () => {
    const user = setup(
      { price: 10000, min_order_quantity: 5, price_tiers: TIERS },
      { "PUT /api/v1/cart/items/121/": { lines: [cartLine(5, 10000)], items_total: 50000, firms: 1 } },
    );
    await user.click(await screen.findByRole("button", { name: "장바구니 담기" }));
    expect(await screen.findByText(/장바구니에 5개를 담았어요/)).toBeInTheDocument();
    expect(screen.queryByText(/수량별 가격이 적용돼/)).not.toBeInTheDocument();
  });
});
