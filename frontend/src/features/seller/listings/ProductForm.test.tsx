import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { render, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import type { Middleware } from "openapi-fetch";
import { Suspense } from "react";
import { afterEach, describe, expect, it, vi } from "vitest";
import { api } from "../../../api/client";
import type { SellerProduct } from "../api";
import { sellerListing } from "./testListing";
import { ProductForm } from "./ProductForm";

await vi.hoisted(() => import("../../../test/absoluteRequests"));

const installed: Middleware[] = [];
afterEach(() => {
  while (installed.length) api.eject(installed.pop()!);
});

function listing(overrides: Partial<SellerProduct> = {}): SellerProduct {
  return sellerListing({
    price_tiers: [
      { min_quantity: 10, unit_price: 38000 },
      { min_quantity: 50, unit_price: 36000 },
    ],
    ...overrides,
  });
}

/** The form for a listing; PATCH answers with `answer` (a listing, or an error body with its status). */
function showForm(product: SellerProduct, answer: { status: number; body: unknown }) {
  const sent: unknown[] = [];
  const middleware: Middleware = {
    async onRequest({ request }) {
      const path = new URL(request.url).pathname;
      if (request.method === "PATCH") {
        sent.push(JSON.parse(await request.clone().text()));
        return Response.json(answer.body, { status: answer.status });
      }
      const reads: Record<string, unknown> = {
        "/api/v1/categories/": [{ id: 2, slug: "rice", name_ko: "쌀", name_en: "Rice", children: [] }],
        "/api/v1/tags/": [],
      };
      return Response.json(reads[path] ?? { error: { code: "not_found", message: "없음" } }, { status: path in reads ? 200 : 404 });
    },
  };
  api.use(middleware);
  installed.push(middleware);
  const onSaved = vi.fn();
  render(
    <QueryClientProvider client={new QueryClient({ defaultOptions: { queries: { retry: false } } })}>
      <Suspense fallback={null}>
        <ProductForm product={product} onSaved={onSaved} />
      </Suspense>
    </QueryClientProvider>,
  );
  return { sent, onSaved, user: userEvent.setup() };
}

const tiers = () => within(screen.getByRole("group", { name: "수량별 가격" }));

describe("ProductForm: volume prices and 면세", () => {
  it("shows the listing's tiers, adds and removes rows, and sends them all with the 면세 flag", async () => {
    const saved = listing({ vat_exempt: true });
    const { sent, onSaved, user } = showForm(listing(), { status: 200, body: saved });
    expect(await screen.findByLabelText("1구간 최소 수량(포)")).toHaveValue("10");
    expect(tiers().getByLabelText("2구간 포당 가격(원)")).toHaveValue("36000");

    await user.click(tiers().getByRole("button", { name: "1구간 삭제" }));
    expect(tiers().getByLabelText("1구간 최소 수량(포)")).toHaveValue("50");
    expect(tiers().getByRole("button", { name: "수량별 가격 추가" })).toHaveFocus();
    await user.click(tiers().getByRole("button", { name: "수량별 가격 추가" }));
    await user.type(tiers().getByLabelText("2구간 최소 수량(포)"), "100");
    await user.type(tiers().getByLabelText("2구간 포당 가격(원)"), "35,000");
    await user.click(screen.getByRole("checkbox", { name: "면세 상품 (부가가치세 없음)" }));
    await user.click(screen.getByRole("button", { name: "변경 내용 저장" }));

    await waitFor(() => expect(onSaved).toHaveBeenCalledWith(saved));
    expect(sent).toHaveLength(1);
    expect(sent[0]).toMatchObject({
      vat_exempt: true,
      price_tiers: [
        { min_quantity: 50, unit_price: 36000 },
        { min_quantity: 100, unit_price: 35000 },
      ],
    });
  });

  it("puts each refused row's message beside its box and focuses the first", async () => {
    const refusal = {
      error: {
        code: "out_of_range",
        message: "min_quantity는 2 이상이어야 합니다.",
        field: "price_tiers[0].min_quantity",
        details: [
          { field: "price_tiers[0].min_quantity", code: "out_of_range", message: "min_quantity는 2 이상이어야 합니다." },
          { field: "price_tiers[1].unit_price", code: "tier_price_not_lower", message: "50개 이상 가격은 더 낮아야 합니다." },
        ],
      },
    };
    const { user } = showForm(listing(), { status: 400, body: refusal });
    await user.click(await screen.findByRole("button", { name: "변경 내용 저장" }));

    const first = await tiers().findByLabelText("1구간 최소 수량(포)");
    await waitFor(() => expect(first).toHaveFocus());
    expect(first).toHaveAttribute("aria-invalid", "true");
    expect(first).toHaveAccessibleDescription("min_quantity는 2 이상이어야 합니다.");
    const price = tiers().getByLabelText("2구간 포당 가격(원)");
    expect(price).toHaveAccessibleDescription("50개 이상 가격은 더 낮아야 합니다.");
    expect(tiers().getByLabelText("1구간 포당 가격(원)")).not.toHaveAttribute("aria-invalid");
    // The summary counts them but does not repeat messages already beside their boxes.
    const summary = screen.getByText("입력한 내용에 문제가 2개 있어요. 표시된 칸을 고쳐 주세요.").parentElement!;
    expect(within(summary).queryByText("50개 이상 가격은 더 낮아야 합니다.")).not.toBeInTheDocument();

    // Removing a row drops the errors: they name rows by position, and the first row's would land on the next.
    await user.click(tiers().getByRole("button", { name: "1구간 삭제" }));
    expect(tiers().getByLabelText("1구간 최소 수량(포)")).toHaveValue("50");
    expect(tiers().getByLabelText("1구간 최소 수량(포)")).not.toHaveAttribute("aria-invalid");
  });

  it("offers no more rows than the server takes", async () => {
    const ten = Array.from({ length: 10 }, (_, i) => ({ min_quantity: 2 + i, unit_price: 39000 - i }));
    showForm(listing({ price_tiers: ten }), { status: 200, body: listing() });
    expect(await screen.findByLabelText("10구간 최소 수량(포)")).toHaveValue("11");
    expect(tiers().getByRole("button", { name: "수량별 가격 추가" })).toBeDisabled();
  });
});
