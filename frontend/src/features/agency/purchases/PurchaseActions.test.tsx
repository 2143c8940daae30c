import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { render, screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import type { Middleware } from "openapi-fetch";
import { Suspense } from "react";
import { afterEach, describe, expect, it, vi } from "vitest";
import { api } from "../../../api/client";
import type { Purchase } from "../api";
import { PurchaseActions } from "./PurchaseActions";

await vi.hoisted(() => import("../../../test/absoluteRequests"));

// The buttons follow the server's flags alone (can_approve, can_return, can_resubmit, can_cancel); each case gives a
// status that would have suggested otherwise.
const NONE = { can_approve: false, can_return: false, can_resubmit: false, can_cancel: false };

function purchase(overrides: Partial<Purchase> = {}): Purchase {
  return {
    id: 9,
    number: "AP-9",
    channel: "quotation",
    status: "submitted",
    title: "행사 다과",
    quotation_id: 4,
    quotation_number: "Q-4",
    delivery_place: "마포구청",
    delivery_date: "2026-12-10",
    supply_total: 90_909,
    vat_total: 9_091,
    total: 100_000,
    lines: [],
    firm: { id: 3, name: "행복베이커리" },
    requester: { id: 1, name: "김요청" },
    approver: null,
    tender_required: false,
    tender_reasons: [],
    national_procurement_url: null,
    approval_refusal: null,
    events: [],
    ...NONE,
    ...overrides,
  } as Purchase;
}

const installed: Middleware[] = [];
afterEach(() => {
  while (installed.length) api.eject(installed.pop()!);
});

type Answer = { status: number; body: unknown };

function show(shown: Purchase, answers: Record<string, Answer> = {}) {
  const posted: { path: string; body: unknown }[] = [];
  const middleware: Middleware = {
    async onRequest({ request }) {
      const path = new URL(request.url).pathname;
      posted.push({ path, body: JSON.parse((await request.clone().text()) || "null") });
      const answer = answers[path] ?? { status: 404, body: { error: { code: "not_found", message: "없음" } } };
      return new Response(JSON.stringify(answer.body), { status: answer.status, headers: { "Content-Type": "application/json" } });
    },
  };
  api.use(middleware);
  installed.push(middleware);
  const messages: string[] = [];
  const { container } = render(
    <QueryClientProvider client={new QueryClient({ defaultOptions: { queries: { retry: false } } })}>
      <Suspense fallback="…">
        <PurchaseActions purchase={shown} onDone={(message) => messages.push(message)} />
      </Suspense>
    </QueryClientProvider>,
  );
  return { posted, messages, container };
}

describe("PurchaseActions", () => {
  it("shows nothing when the server allows nothing, whatever the status", async () => {
    // Once its strings are in (the fallback goes), it draws nothing.
    const { container } = show(purchase({ status: "submitted" }));
    await waitFor(() => expect(container).toBeEmptyDOMElement());
    expect(screen.queryByRole("button")).toBeNull();
  });

  it("offers approve and return to an approver the server allows, and approves", async () => {
    const { posted, messages } = show(purchase({ can_approve: true, can_return: true }), {
      "/api/v1/agency/purchases/9/approve/": { status: 200, body: purchase({ status: "ordered" }) },
    });
    await userEvent.click(await screen.findByRole("button", { name: "승인" }));
    await waitFor(() => expect(messages).toEqual(["AP-9 구매를 승인했어요. 업체에 발주됐어요."]));
    expect(posted.map((request) => request.path)).toEqual(["/api/v1/agency/purchases/9/approve/"]);
    expect(screen.queryByRole("button", { name: "구매 취소" })).toBeNull();
  });

  it("returns with the comment typed, and shows the server's refusal on the comment box", async () => {
    const { posted } = show(purchase({ can_return: true }), {
      "/api/v1/agency/purchases/9/return/": {
        status: 400,
        body: { error: { code: "required", message: "반려 사유를 적어 주세요.", field: "comment", details: [] } },
      },
    });
    expect(screen.queryByRole("button", { name: "승인" })).toBeNull();
    await userEvent.click(await screen.findByRole("button", { name: "반려" }));
    const box = screen.getByRole("textbox", { name: "반려 사유" });
    expect(box).toHaveFocus();
    await userEvent.click(screen.getByRole("button", { name: "반려하기" }));
    expect(await screen.findByText("반려 사유를 적어 주세요.")).toBeInTheDocument();
    expect(box).toHaveAttribute("aria-invalid", "true");
    expect(posted).toEqual([{ path: "/api/v1/agency/purchases/9/return/", body: { comment: "" } }]);
  });

  it("resubmits a returned purchase its requester may resubmit, with the note", async () => {
    const { posted } = show(purchase({ status: "ordered", can_resubmit: true }), {
      "/api/v1/agency/purchases/9/resubmit/": { status: 200, body: purchase() },
    });
    await userEvent.type(await screen.findByRole("textbox", { name: "승인자에게 남길 말 (선택)" }), "수량 고쳤어요");
    await userEvent.click(screen.getByRole("button", { name: "다시 올리기" }));
    await waitFor(() => expect(posted).toHaveLength(1));
    expect(posted[0]).toEqual({ path: "/api/v1/agency/purchases/9/resubmit/", body: { comment: "수량 고쳤어요" } });
  });

  it("keeps a refusal that names no field on the card (a 409)", async () => {
    show(purchase({ can_approve: true }), {
      "/api/v1/agency/purchases/9/approve/": {
        status: 409,
        body: { error: { code: "tender_required", message: "입찰이 필요해요.", field: null, details: [] } },
      },
    });
    await userEvent.click(await screen.findByRole("button", { name: "승인" }));
    expect(await screen.findByRole("alert")).toHaveTextContent("입찰이 필요해요.");
  });
});
