import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { render, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import type { Middleware } from "openapi-fetch";
import { afterEach, describe, expect, it, vi } from "vitest";
import { api } from "../../../api/client";
import type { QuoteRequest, QuoteRequestItem } from "./api";
import { QuotationForm, type ItemProduct } from "./QuotationForm";

await vi.hoisted(() => import("../../../test/absoluteRequests"));

const FIRM = 3;

function item(overrides: Partial<QuoteRequestItem>): QuoteRequestItem {
  return { id: 1, product_id: null, description: "", quantity: 1, unit: "개", position: 0, catalogue_unit_price: null, ...overrides };
}

const ITEMS: QuoteRequestItem[] = [
  // The firm's own product: priced from the catalogue's volume price for 10, taxed as the product is.
  item({ id: 11, product_id: 101, description: "우리밀 쿠키 선물세트", quantity: 10, unit: "세트", position: 0, catalogue_unit_price: 9_000 }),
  // A need in free text: no price until the seller gives one.
  item({ id: 12, description: "행사용 답례품 포장", quantity: 10, unit: "개", position: 1 }),
  // Another firm's VAT-exempt product, quoted as an equivalent.
  item({ id: 13, product_id: 202, description: "유기농 쌀 4kg", quantity: 3, unit: "포", position: 2, catalogue_unit_price: 2_000 }),
];

const PRODUCTS = new Map<number, ItemProduct>([
  [101, { firmId: FIRM, vatExempt: false }],
  [202, { firmId: 99, vatExempt: true }],
]);

function request(overrides: Partial<QuoteRequest> = {}): QuoteRequest {
  return {
    id: 5,
    number: "RQ261201-0001",
    title: "연말 행사 물품",
    status: "open",
    delivery_place: "마포구청 대회의실",
    delivery_date: "2026-12-20",
    reply_deadline: "2026-12-10T18:00:00+09:00",
    deadline_passed: false,
    note: "",
    created_at: "2026-12-01T10:00:00+09:00",
    items: ITEMS,
    agency: { id: 1, name: "마포구청" },
    my_quotation: null,
    can_quote: true,
    ...overrides,
  };
}

const installed: Middleware[] = [];
afterEach(() => {
  while (installed.length) api.eject(installed.pop()!);
});

type Answer = { status: number; body: unknown };

function showForm(answer?: Answer) {
  const posted: { path: string; body: unknown }[] = [];
  const middleware: Middleware = {
    async onRequest({ request: sent }) {
      posted.push({ path: new URL(sent.url).pathname, body: JSON.parse((await sent.clone().text()) || "null") });
      const reply = answer ?? { status: 404, body: { error: { code: "not_found", message: "없음" } } };
      return new Response(JSON.stringify(reply.body), { status: reply.status, headers: { "Content-Type": "application/json" } });
    },
  };
  api.use(middleware);
  installed.push(middleware);
  const submitted = vi.fn();
  render(
    <QueryClientProvider client={new QueryClient({ defaultOptions: { queries: { retry: false } } })}>
      <QuotationForm request={request()} firmId={FIRM} products={PRODUCTS} onSubmitted={submitted} />
    </QueryClientProvider>,
  );
  return { posted, submitted };
}

const line = async (name: string) => within(await screen.findByRole("group", { name }));
/** The quotation's three figures as drawn: "공급가액 …원 세액 …원 합계 …원". */
const totals = () =>
  within(screen.getByRole("region", { name: "견적 합계" }))
    .getAllByRole("definition")
    .map((dd) => dd.textContent);

describe("QuotationForm: live supply value, VAT and total", () => {
  it("prefills catalogue prices and splits each line as the server does", async () => {
    showForm();
    const own = await line("우리밀 쿠키 선물세트");
    expect(own.getByLabelText("단가 (부가세 포함, 원)")).toHaveValue("9000");
    // 90,000 won taxable: (900,000 + 5) // 11 = 81,818 supply, 8,182 VAT.
    expect(own.getByText("공급가액 81,818원 · 세액 8,182원 · 합계 90,000원")).toBeInTheDocument();
    // Its exemption is the product's: no check box to change it.
    expect(own.queryByRole("checkbox")).toBeNull();

    const freeText = await line("행사용 답례품 포장");
    expect(freeText.getByLabelText("단가 (부가세 포함, 원)")).toHaveValue("");
    expect(freeText.getByText("단가를 적으면 금액이 계산돼요.")).toBeInTheDocument();

    const other = await line("유기농 쌀 4kg");
    expect(other.getByRole("checkbox", { name: "면세 품목" })).toBeChecked(); // the catalogue product's own flag
    expect(other.getByText("공급가액 6,000원 · 세액 0원 · 합계 6,000원")).toBeInTheDocument();

    expect(totals()).toEqual(["87,818원", "8,182원", "96,000원"]);
  });

  it("follows each keystroke and the VAT-exempt box, summing the lines' own splits", async () => {
    showForm();
    const freeText = await line("행사용 답례품 포장");
    await userEvent.type(freeText.getByLabelText("단가 (부가세 포함, 원)"), "1,507");
    // 15,070 taxable: (150,700 + 5) // 11 = 13,700 supply, 1,370 VAT.
    expect(freeText.getByText("공급가액 13,700원 · 세액 1,370원 · 합계 15,070원")).toBeInTheDocument();
    expect(totals()).toEqual(["101,518원", "9,552원", "111,070원"]);

    await userEvent.click(freeText.getByRole("checkbox", { name: "면세 품목" }));
    expect(freeText.getByText("공급가액 15,070원 · 세액 0원 · 합계 15,070원")).toBeInTheDocument();
    expect(totals()).toEqual(["102,888원", "8,182원", "111,070원"]);

    const own = await line("우리밀 쿠키 선물세트");
    const price = own.getByLabelText("단가 (부가세 포함, 원)");
    await userEvent.clear(price);
    await userEvent.type(price, "9500");
    expect(own.getByText("카탈로그 가격보다 높아요. 기관에 그렇게 표시돼요.")).toBeInTheDocument();
    // 95,000: (950,000 + 5) // 11 = 86,364 supply, 8,636 VAT.
    expect(totals()).toEqual(["107,434원", "8,636원", "116,070원"]);
  });

  it("sends a line per item: the own product without an exemption, the others with theirs", async () => {
    const answered = request({ can_quote: false });
    const { posted, submitted } = showForm({ status: 201, body: answered });
    const freeText = await line("행사용 답례품 포장");
    await userEvent.type(freeText.getByLabelText("단가 (부가세 포함, 원)"), "1500");
    await userEvent.type(screen.getByLabelText("납품 조건"), "발주 후 7일 이내");
    await userEvent.click(screen.getByRole("button", { name: "견적서 보내기" }));
    await waitFor(() => expect(submitted).toHaveBeenCalledWith(answered));
    expect(posted).toHaveLength(1);
    expect(posted[0]!.path).toBe("/api/v1/seller/quote-requests/5/quotation/");
    expect(posted[0]!.body).toMatchObject({
      lines: [
        { item_id: 11, unit_price: 9_000 },
        { item_id: 12, unit_price: 1_500, vat_exempt: false },
        { item_id: 13, unit_price: 2_000, vat_exempt: true },
      ],
      delivery_terms: "발주 후 7일 이내",
      note: "",
    });
    expect((posted[0]!.body as { lines: object[] }).lines[0]).not.toHaveProperty("vat_exempt");
    expect((posted[0]!.body as { valid_until: string }).valid_until).toMatch(/^\d{4}-\d{2}-\d{2}$/);
  });

  it("puts the server's refusal on the line it names and moves focus there", async () => {
    const refusal = {
      error: {
        code: "unit_price_required",
        message: "행사용 답례품 포장의 단가를 적어 주세요.",
        field: "lines[1].unit_price",
        details: [],
      },
    };
    showForm({ status: 400, body: refusal });
    await userEvent.click(await screen.findByRole("button", { name: "견적서 보내기" }));
    const freeText = await line("행사용 답례품 포장");
    const price = freeText.getByLabelText("단가 (부가세 포함, 원)");
    await waitFor(() => expect(price).toHaveAttribute("aria-invalid", "true"));
    expect(price).toHaveAccessibleDescription(expect.stringContaining("행사용 답례품 포장의 단가를 적어 주세요."));
    expect(price).toHaveFocus();
  });
});
