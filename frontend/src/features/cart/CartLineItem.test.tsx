import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { render, screen } from "@testing-library/react";
import { Suspense } from "react";
import { MemoryRouter } from "react-router";
import { describe, expect, it } from "vitest";
import { CartLineItem } from "./CartLineItem";
import type { CartLine } from "./cartLogic";

const TIERS = [
  { min_quantity: 10, unit_price: 9000 },
  { min_quantity: 50, unit_price: 8500 },
];

function line(overrides: Partial<CartLine>): CartLine {
  return {
    product_id: 7,
    title: "유기농 쌀 10kg",
    firm_id: 3,
    firm_name: "도봉 농부 협동조합",
    unit_price: 10000,
    base_price: 10000,
    price_tiers: TIERS,
    unit: "포",
    min_order_quantity: 1,
    stock: 100,
    quantity: 3,
    line_total: 30000,
    available: true,
    problem: "",
    ...overrides,
  };
}

/** Rendered once the cart's strings have loaded (useTranslation suspends until then). */
async function show(cartLine: CartLine) {
  render(
    <QueryClientProvider client={new QueryClient()}>
      <MemoryRouter>
        <Suspense fallback={null}>
          <ul>
            <CartLineItem line={cartLine} onChanged={() => undefined} />
          </ul>
        </Suspense>
      </MemoryRouter>
    </QueryClientProvider>,
  );
  await screen.findByRole("spinbutton");
}

/** The line's price paragraph (its words come in several elements: the struck-through price, the badge). */
function unitPrice(): HTMLElement {
  return screen.getByText((_, element) => element?.classList.contains("cart-line__price") ?? false);
}

describe("CartLineItem", () => {
  it("shows the server's unit price for the quantity, the product's price struck through, and the line total", async () => {
    await show(line({ quantity: 12, unit_price: 9000, line_total: 108000 }));
    expect(unitPrice()).toHaveTextContent(/^원래 가격 10,000원 9,000원 \/ 포 수량별 가격 적용$/);
    expect(unitPrice().querySelector("del")).toHaveTextContent("원래 가격 10,000원");
    expect(screen.getByText("108,000원")).toBeInTheDocument();
    expect(screen.getByText("50포 이상 사면 포당 8,500원이에요.")).toBeInTheDocument();
  });

  it("at the product's own price: no strike-through, and the first volume price as a hint", async () => {
    await show(line({}));
    expect(unitPrice()).toHaveTextContent(/^10,000원 \/ 포$/);
    expect(unitPrice().querySelector("del")).toBeNull();
    expect(screen.queryByText("수량별 가격 적용")).not.toBeInTheDocument();
    expect(screen.getByText("30,000원")).toBeInTheDocument();
    expect(screen.getByText("10포 이상 사면 포당 9,000원이에요.")).toBeInTheDocument();
  });

  it("no hint past the last tier or without tiers", async () => {
    await show(line({ quantity: 60, unit_price: 8500, line_total: 510000 }));
    expect(unitPrice()).toHaveTextContent("8,500원 / 포");
    expect(screen.queryByText(/이상 사면/)).not.toBeInTheDocument();
  });
});
