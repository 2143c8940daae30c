import { render, screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { Suspense } from "react";
import { describe, expect, it, vi } from "vitest";
import type { Comparison } from "../api";
import { ComparisonTable } from "./ComparisonTable";
import { comparisonGrid } from "./comparisonGrid";

// Two items, three quotations (the server's order: cheapest total first). The server marks the cheapest offer per
// item and the cheapest total among quotations still valid; the expired one is cheaper on cookies but not marked.
function comparison(): Comparison {
  const quotation = (id: number, firm: string, total: number, cheapest: boolean, valid = true) => ({
    id,
    number: `Q-${id}`,
    firm_id: id * 10,
    firm_name: firm,
    status: "submitted",
    valid_until: "2026-12-20",
    valid,
    delivery_terms: "",
    supply_total: Math.round(total / 1.1),
    vat_total: total - Math.round(total / 1.1),
    total,
    cheapest,
  });
  const offer = (quotationId: number, firm: string, unit: number, quantity: number, cheapest: boolean) => ({
    quotation_id: quotationId,
    firm_id: quotationId * 10,
    firm_name: firm,
    unit_price: unit,
    line_total: unit * quantity,
    supply_value: Math.round((unit * quantity) / 1.1),
    vat: unit * quantity - Math.round((unit * quantity) / 1.1),
    vat_exempt: false,
    above_catalogue_price: false,
    cheapest,
  });
  return {
    id: 5,
    number: "RFQ-5",
    title: "행사 다과",
    status: "open",
    quotations: [
      quotation(1, "달빛제과", 90_000, false, false),
      quotation(2, "행복베이커리", 100_000, true),
      quotation(3, "우리밀공방", 120_000, false),
    ],
    items: [
      {
        id: 11,
        product_id: 1,
        description: "우리밀 쿠키",
        quantity: 10,
        unit: "봉",
        catalogue_unit_price: 5_000,
        offers: [offer(1, "달빛제과", 4_000, 10, false), offer(2, "행복베이커리", 4_500, 10, true), offer(3, "우리밀공방", 6_000, 10, false)],
      },
      {
        id: 12,
        product_id: null,
        description: "과일 도시락",
        quantity: 10,
        unit: "개",
        catalogue_unit_price: null,
        offers: [offer(1, "달빛제과", 5_000, 10, false), offer(2, "행복베이커리", 5_500, 10, false), offer(3, "우리밀공방", 5_000, 10, true)],
      },
    ],
  };
}

async function show(selectable: number[] = [], onSelect = vi.fn()) {
  render(
    <Suspense fallback="…">
      <ComparisonTable comparison={comparison()} selectable={new Set(selectable)} onSelect={onSelect} />
    </Suspense>,
  );
  return { table: await screen.findByRole("table", { name: /견적 비교/ }), onSelect };
}

describe("comparisonGrid", () => {
  it("puts each item's offers under their quotation's column, and nothing where a firm quoted none", () => {
    const data = comparison();
    data.items[1]!.offers = data.items[1]!.offers.filter((offer) => offer.quotation_id !== 2);
    const grid = comparisonGrid(data);
    expect(grid.columns.map((column) => column.id)).toEqual([1, 2, 3]);
    expect(grid.rows[1]!.cells.map((cell) => cell.offer?.unit_price ?? null)).toEqual([5_000, null, 5_000]);
  });
});

describe("ComparisonTable", () => {
  it("marks exactly the offers and the total the server calls cheapest, not the expired lower price", async () => {
    const { table } = await show();
    const marked = within(table)
      .getAllByText("최저가")
      .map((badge) => badge.closest("td")!);
    expect(marked).toHaveLength(3);
    // Row 1: 행복베이커리's cookies (the expired 달빛제과 is lower); row 2: 우리밀공방's lunch boxes; the total: 행복베이커리.
    const [cookies, lunch, total] = marked;
    expect(cookies).toHaveTextContent("45,000원");
    expect(lunch).toHaveTextContent("50,000원");
    expect(lunch!.closest("tr")).toHaveTextContent("과일 도시락");
    expect(total).toHaveTextContent("100,000원");
    expect(total!.closest("tr")).toHaveTextContent("합계");
    expect(within(table).getByText("유효기간 지남")).toBeInTheDocument();
  });

  it("shows supply value and VAT per offer and in total", async () => {
    const { table } = await show();
    expect(within(table).getByRole("rowheader", { name: "공급가액" })).toBeInTheDocument();
    expect(within(table).getByRole("rowheader", { name: "세액" })).toBeInTheDocument();
    expect(within(table).getAllByText(/공급가액 40,909원 · 세액 4,091원/)).toHaveLength(1);
  });

  it("offers the purchase only for the quotations the server lets the caller select", async () => {
    const { table, onSelect } = await show([2]);
    const buttons = within(table).getAllByRole("button", { name: /이 견적으로 구매 요청/ });
    expect(buttons).toHaveLength(1);
    expect(buttons[0]).toHaveAccessibleName("이 견적으로 구매 요청 (행복베이커리)");
    await userEvent.click(buttons[0]!);
    expect(onSelect).toHaveBeenCalledWith(2);
  });

  it("has no purchase buttons when the caller may select none", async () => {
    const { table } = await show([]);
    expect(within(table).queryByRole("button")).toBeNull();
  });
});
