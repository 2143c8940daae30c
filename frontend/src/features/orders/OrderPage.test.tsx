import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { render, screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import type { Middleware } from "openapi-fetch";
import { createMemoryRouter, RouterProvider } from "react-router";
import { afterEach, describe, expect, it, vi } from "vitest";
import { api } from "../../api/client";
import type { Fulfilment, Order } from "./orderRules";
import { OrderPage } from "./OrderPage";

await vi.hoisted(() => import("../../test/absoluteRequests"));

// The buttons follow the server's flags (can_cancel, can_confirm_purchase, can_claim), never the status: each
// case gives a status that would have suggested the opposite.

function part(overrides: Partial<Fulfilment> = {}): Fulfilment {
  return {
    id: 7,
    firm_id: 3,
    firm_name: "행복베이커리",
    status: "delivered",
    items_total: 24000,
    refunded_amount: 0,
    carrier: "CJ대한통운",
    tracking_number: "6012-3456",
    cancel_reason: "",
    delivered_at: "2026-12-01T10:00:00+09:00",
    auto_confirm_at: "2099-12-08T10:00:00+09:00",
    purchase_confirmed_at: null,
    payable: false,
    claims: [],
    lines: [{ product_id: 1, title: "우리밀 쿠키", unit: "봉", unit_price: 12000, quantity: 2, line_total: 24000 }],
    can_confirm_purchase: false,
    can_claim: false,
    ...overrides,
  };
}

function order(overrides: Partial<Order> = {}): Order {
  return {
    id: 5,
    number: "GM261201-ABCD2345",
    status: "paid",
    items_total: 24000,
    shipping_total: 0,
    total: 24000,
    placed_at: "2026-11-28T10:00:00+09:00",
    paid_at: "2026-11-28T10:01:00+09:00",
    reservation_expires_at: "2026-11-28T10:15:00+09:00",
    shipping: { name: "김시민", phone: "010-1234-5678", postal_code: "04001", address1: "서울 마포구 1", address2: "" },
    fulfilments: [part()],
    payment: null,
    events: [],
    can_cancel: false,
    ...overrides,
  };
}

const installed: Middleware[] = [];
afterEach(() => {
  while (installed.length) api.eject(installed.pop()!);
});

/** The signed-in buyer, GET of the order, and answers to the moves (component logic only). */
function showOrder(shown: Order, moves: Record<string, Order> = {}) {
  const posted: string[] = [];
  const reads: Record<string, unknown> = {
    "/api/v1/auth/me/": { id: 1, email: "buyer@example.kr", firm_id: null, is_operator: false },
    "/api/v1/auth/login/": {}, // the CSRF cookie before a move
    [`/api/v1/orders/${shown.id}/`]: shown,
  };
  const middleware: Middleware = {
    onRequest({ request }) {
      const path = new URL(request.url).pathname;
      if (request.method === "POST") posted.push(path);
      const body = request.method === "POST" ? moves[path] : reads[path];
      return new Response(JSON.stringify(body ?? { error: { code: "not_found", message: "없음" } }), {
        status: body ? 200 : 404,
        headers: { "Content-Type": "application/json" },
      });
    },
  };
  api.use(middleware);
  installed.push(middleware);
  const router = createMemoryRouter([{ path: "/orders/:id", element: <OrderPage /> }], { initialEntries: [`/orders/${shown.id}`] });
  render(
    <QueryClientProvider client={new QueryClient({ defaultOptions: { queries: { retry: false } } })}>
      <RouterProvider router={router} />
    </QueryClientProvider>,
  );
  return { posted };
}

const confirmButton = () => screen.queryByRole("button", { name: /^구매확정/ });
const claimButton = () => screen.queryByRole("button", { name: /^반품·불만 접수/ });

describe("OrderPage: what the buyer may do comes from the server", () => {
  it("offers 구매확정 and a claim on a part when the server says so, and follows its answer after 구매확정", async () => {
    const confirmed = order({
      status: "closed",
      fulfilments: [part({ status: "purchase_confirmed", purchase_confirmed_at: "2026-12-02T09:00:00+09:00" })],
    });
    const { posted } = showOrder(order({ fulfilments: [part({ can_confirm_purchase: true, can_claim: true })] }), {
      "/api/v1/orders/5/fulfilments/7/confirm-purchase/": confirmed,
    });
    await userEvent.click(await screen.findByRole("button", { name: /^구매확정\s*\(행복베이커리\)$/ }));
    await waitFor(() => expect(confirmButton()).not.toBeInTheDocument());
    expect(claimButton()).not.toBeInTheDocument();
    expect(posted).toEqual(["/api/v1/orders/5/fulfilments/7/confirm-purchase/"]);
  });

  it("offers no claim on a delivered part whose window the server says has ended, but still 구매확정", async () => {
    showOrder(order({ fulfilments: [part({ can_confirm_purchase: true, can_claim: false })] }));
    expect(await screen.findByRole("button", { name: /^구매확정/ })).toBeInTheDocument();
    expect(claimButton()).not.toBeInTheDocument();
  });

  it("offers nothing on a delivered part the server says cannot move", async () => {
    showOrder(order());
    expect(await screen.findByRole("heading", { level: 3, name: "행복베이커리" })).toBeInTheDocument();
    expect(confirmButton()).not.toBeInTheDocument();
    expect(claimButton()).not.toBeInTheDocument();
  });

  it("offers cancelling an unpaid order only when the server says it may be cancelled", async () => {
    const unpaid = { status: "pending_payment", paid_at: null, fulfilments: [part({ status: "pending", delivered_at: null })] };
    showOrder(order({ ...unpaid, can_cancel: true }));
    expect(await screen.findByRole("button", { name: "주문 취소" })).toBeInTheDocument();
  });

  it("hides cancelling when the server says no, keeping the way to pay", async () => {
    const unpaid = { status: "pending_payment", paid_at: null, fulfilments: [part({ status: "pending", delivered_at: null })] };
    showOrder(order({ ...unpaid, can_cancel: false }));
    expect(await screen.findByRole("link", { name: "결제하기" })).toBeInTheDocument();
    expect(screen.queryByRole("button", { name: "주문 취소" })).not.toBeInTheDocument();
  });
});
