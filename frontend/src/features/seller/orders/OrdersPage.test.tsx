import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { render, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import type { Middleware } from "openapi-fetch";
import { createMemoryRouter, RouterProvider } from "react-router";
import { afterEach, describe, expect, it, vi } from "vitest";
import { api } from "../../../api/client";
import type { SellerFulfilment } from "../api";
import { OrdersPage } from "./OrdersPage";

await vi.hoisted(() => import("../../../test/absoluteRequests"));

// The buttons follow the server's flags (can_confirm, can_ship, can_deliver, can_cancel, can_accept_claim), never
// the status: the cases give statuses that would have suggested the opposite.

const NO_MOVES = { can_confirm: false, can_ship: false, can_deliver: false, can_cancel: false, can_accept_claim: false };

function part(overrides: Partial<SellerFulfilment> = {}): SellerFulfilment {
  return {
    id: 7,
    firm_id: 3,
    firm_name: "행복베이커리",
    status: "delivered",
    items_total: 24000,
    refunded_amount: 0,
    carrier: "",
    tracking_number: "",
    cancel_reason: "",
    delivered_at: null,
    auto_confirm_at: null,
    purchase_confirmed_at: null,
    payable: false,
    claims: [],
    lines: [{ product_id: 1, title: "우리밀 쿠키", unit: "봉", unit_price: 12000, quantity: 2, line_total: 24000 }],
    order_number: "GM261201-ABCD2345",
    order_status: "paid",
    placed_at: "2026-11-28T10:00:00+09:00",
    shipping: { name: "김시민", phone: "010-1234-5678", postal_code: "04001", address1: "서울 마포구 1", address2: "" },
    ...NO_MOVES,
    ...overrides,
  };
}

const installed: Middleware[] = [];
afterEach(() => {
  while (installed.length) api.eject(installed.pop()!);
});

type Answer = { status: number; body: unknown };

/** The firm's parts, list after list (each GET takes the next; the last stays), and answers to the moves. */
function showParts(lists: SellerFulfilment[][], moves: Record<string, Answer> = {}) {
  const posted: { path: string; body: unknown }[] = [];
  let reads = 0;
  const middleware: Middleware = {
    async onRequest({ request }) {
      const path = new URL(request.url).pathname;
      let answer: Answer | undefined;
      if (request.method === "POST") {
        posted.push({ path, body: JSON.parse((await request.clone().text()) || "null") });
        answer = moves[path];
      } else if (path === "/api/v1/seller/fulfilments/") {
        const results = lists[Math.min(reads++, lists.length - 1)] ?? [];
        answer = { status: 200, body: { count: results.length, next: null, previous: null, results } };
      }
      answer ??= { status: 404, body: { error: { code: "not_found", message: "없음" } } };
      return new Response(JSON.stringify(answer.body), {
        status: answer.status,
        headers: { "Content-Type": "application/json" },
      });
    },
  };
  api.use(middleware);
  installed.push(middleware);
  const router = createMemoryRouter([{ path: "/seller/orders", element: <OrdersPage /> }], {
    initialEntries: ["/seller/orders"],
  });
  render(
    <QueryClientProvider client={new QueryClient({ defaultOptions: { queries: { retry: false } } })}>
      <RouterProvider router={router} />
    </QueryClientProvider>,
  );
  return { posted, reads: () => reads };
}

const card = async () => within(await screen.findByRole("article", { name: "주문 GM261201-ABCD2345" }));

/** The moves a card offers, by the controls' accessible names. */
function offered(scope: ReturnType<typeof within>): string[] {
  const names = ["주문 확인", "발송 처리", "배송 완료 처리", "이 주문 취소", "반품·불만 수락 (전액 환불)"];
  return names.filter((name) => scope.queryByRole("button", { name }) !== null);
}

describe("OrdersPage: what the firm may do comes from the server", () => {
  it.each([
    ["can_confirm", "주문 확인"],
    ["can_ship", "발송 처리"],
    ["can_deliver", "배송 완료 처리"],
    ["can_cancel", "이 주문 취소"],
    ["can_accept_claim", "반품·불만 수락 (전액 환불)"],
  ] as const)("shows %s's control alone when only it is true, whatever the status says", async (flag, name) => {
    showParts([[part({ status: "delivered", [flag]: true })]]);
    expect(offered(await card())).toEqual([name]);
  });

  it("offers nothing on a pending part of a paid order when the server says nothing may move", async () => {
    showParts([[part({ status: "pending" }), part({ id: 8, status: "claimed", order_number: "GM261201-OTHER000" })]]);
    expect(offered(await card())).toEqual([]);
    const claimed = within(await screen.findByRole("article", { name: "주문 GM261201-OTHER000" }));
    expect(offered(claimed)).toEqual([]);
  });

  it("confirms, then draws the part as the server answers it: shipping offered, confirming no longer", async () => {
    const pending = part({ status: "pending", can_confirm: true, can_cancel: true });
    const confirmed = part({ status: "confirmed", can_ship: true, can_cancel: true });
    const { posted } = showParts([[pending], [confirmed]], {
      "/api/v1/seller/fulfilments/7/confirm/": { status: 200, body: confirmed },
    });
    const view = await card();
    expect(offered(view)).toEqual(["주문 확인", "이 주문 취소"]);
    await userEvent.click(view.getByRole("button", { name: "주문 확인" }));
    await waitFor(() => expect(offered(view)).toEqual(["발송 처리", "이 주문 취소"]));
    expect(view.getByRole("form", { name: "주문 GM261201-ABCD2345 발송" })).toBeInTheDocument();
    expect(posted).toEqual([{ path: "/api/v1/seller/fulfilments/7/confirm/", body: null }]);
    expect(screen.getByRole("status")).toHaveTextContent("주문 GM261201-ABCD2345을(를) 확인했어요.");
  });

  it("cancels a part with a reason: the server's refusal of a blank one beside the box, then the reason sent", async () => {
    const blank = {
      error: {
        code: "validation_error",
        message: "reason: 이 필드는 필수 항목입니다.",
        field: "reason",
        details: [{ field: "reason", code: "blank", message: "이 필드는 필수 항목입니다." }],
      },
    };
    const confirmed = part({ status: "confirmed", can_ship: true, can_cancel: true });
    const cancelled = part({ status: "cancelled", cancel_reason: "재료가 떨어졌어요.", refunded_amount: 24000 });
    let answer: Answer = { status: 400, body: blank };
    const cancelPath = "/api/v1/seller/fulfilments/7/cancel/";
    const { posted } = showParts([[confirmed], [cancelled]], {
      get [cancelPath]() {
        return answer;
      },
    });
    const view = await card();
    await userEvent.click(view.getByRole("button", { name: "이 주문 취소" }));
    const reason = view.getByRole("textbox", { name: "취소 사유" });
    expect(reason).toHaveFocus();
    await userEvent.click(view.getByRole("button", { name: "취소하고 환불하기" }));
    await waitFor(() => expect(reason).toHaveAttribute("aria-invalid", "true"));
    expect(reason).toHaveAccessibleDescription(expect.stringContaining("이 필드는 필수 항목입니다."));
    expect(view.queryByRole("alert")).toBeNull(); // on the field, not as the card's message

    answer = { status: 200, body: cancelled };
    await userEvent.type(reason, "재료가 떨어졌어요.");
    await userEvent.click(view.getByRole("button", { name: "취소하고 환불하기" }));
    expect(await screen.findByRole("status")).toHaveTextContent("주문 GM261201-ABCD2345을(를) 취소했어요. 환불이 진행돼요.");
    await waitFor(() => expect(view.getByText("취소 사유: 재료가 떨어졌어요.")).toBeInTheDocument());
    expect(offered(view)).toEqual([]);
    expect(posted).toEqual([
      { path: cancelPath, body: { reason: "" } },
      { path: cancelPath, body: { reason: "재료가 떨어졌어요." } },
    ]);
  });

  it("after a refusal (the part moved on elsewhere) reads the parts again: the button goes, the message stays", async () => {
    const refused = { error: { code: "invalid_transition", message: "이미 취소된 주문이에요.", field: "status", details: [] } };
    const { reads } = showParts([[part({ status: "shipped", can_deliver: true })], [part({ status: "cancelled" })]], {
      "/api/v1/seller/fulfilments/7/deliver/": { status: 409, body: refused },
    });
    const view = await card();
    await userEvent.click(view.getByRole("button", { name: "배송 완료 처리" }));
    await waitFor(() => expect(offered(view)).toEqual([]));
    expect(reads()).toBe(2);
    expect(view.getByRole("alert")).toHaveTextContent("이미 취소된 주문이에요.");
  });
});
