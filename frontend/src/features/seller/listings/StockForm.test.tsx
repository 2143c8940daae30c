import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { render, screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import type { Middleware } from "openapi-fetch";
import { Suspense } from "react";
import { afterEach, describe, expect, it, vi } from "vitest";
import { api } from "../../../api/client";
import type { SellerProduct } from "../api";
import { StockForm } from "./StockForm";

await vi.hoisted(() => import("../../../test/absoluteRequests"));

const installed: Middleware[] = [];
afterEach(() => {
  while (installed.length) api.eject(installed.pop()!);
});

const PRODUCT = { id: 5, title: "유기농 쌀 10kg", unit: "포", stock: 12, min_order_quantity: 2 } as SellerProduct;

/** The stock panel of PRODUCT; each POST takes the next answer (the last stays). */
function showStock(answers: { status: number; body: unknown }[]) {
  const sent: unknown[] = [];
  const middleware: Middleware = {
    async onRequest({ request }) {
      if (request.method !== "POST") return Response.json({}, { status: 404 });
      expect(new URL(request.url).pathname).toBe("/api/v1/seller/products/5/stock/");
      const answer = answers[Math.min(sent.length, answers.length - 1)]!;
      sent.push(JSON.parse(await request.clone().text()));
      return Response.json(answer.body, { status: answer.status });
    },
  };
  api.use(middleware);
  installed.push(middleware);
  render(
    <QueryClientProvider client={new QueryClient({ defaultOptions: { queries: { retry: false } } })}>
      <Suspense fallback={null}>
        <StockForm product={PRODUCT} />
      </Suspense>
    </QueryClientProvider>,
  );
  return { sent, user: userEvent.setup() };
}

describe("StockForm", () => {
  it("moves the stock by a signed number, and says the server's new stock", async () => {
    const { sent, user } = showStock([{ status: 200, body: { ...PRODUCT, stock: 9 } }]);
    expect(await screen.findByText("지금 재고 12포 · 최소 주문 2포")).toBeInTheDocument();
    await user.type(screen.getByLabelText("바꿀 수량"), "-3");
    await user.click(screen.getByRole("button", { name: "재고 반영" }));
    await waitFor(() => expect(screen.getByRole("status")).toHaveTextContent("재고를 9포(으)로 바꿨어요."));
    expect(screen.getByLabelText("바꿀 수량")).toHaveValue("");
    expect(sent).toEqual([{ delta: -3 }]);
  });

  it("sets the stock outright, with the server's refusal beside the box first", async () => {
    const refused = {
      status: 400,
      body: {
        error: {
          code: "validation_error",
          message: "stock: 0 이상이어야 해요.",
          field: "stock",
          details: [{ field: "stock", code: "min_value", message: "0 이상이어야 해요." }],
        },
      },
    };
    const { sent, user } = showStock([refused, { status: 200, body: { ...PRODUCT, stock: 1200 } }]);
    await user.click(await screen.findByRole("radio", { name: "이 수로 맞추기" }));
    const box = screen.getByLabelText("새 재고 수량");
    await user.type(box, "-1");
    await user.click(screen.getByRole("button", { name: "재고 반영" }));
    await waitFor(() => expect(box).toHaveAttribute("aria-invalid", "true"));
    expect(box).toHaveAccessibleDescription(expect.stringContaining("0 이상이어야 해요."));
    await user.clear(box);
    await user.type(box, "1,200");
    await user.click(screen.getByRole("button", { name: "재고 반영" }));
    await waitFor(() => expect(screen.getByRole("status")).toHaveTextContent("재고를 1,200포(으)로 바꿨어요."));
    expect(sent).toEqual([{ stock: -1 }, { stock: 1200 }]);
  });
});
