import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { render, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import type { Middleware } from "openapi-fetch";
import { Suspense } from "react";
import { afterEach, describe, expect, it, vi } from "vitest";
import { api } from "../../../api/client";
import type { Delivery, DeliveryLine } from "../api";
import { InspectionForm } from "./InspectionForm";

await vi.hoisted(() => import("../../../test/absoluteRequests"));

function line(id: number, title: string, amount: number): DeliveryLine {
  return {
    id,
    purchase_line_id: id + 100,
    title,
    unit: "개",
    unit_price: amount / 10,
    vat_exempt: false,
    quantity: 10,
    amount,
    supply_value: Math.round(amount / 1.1),
    vat: amount - Math.round(amount / 1.1),
    result: "pending",
    rejection_reason: "",
    refunded_amount: 0,
  } as DeliveryLine;
}

const delivery = {
  id: 4,
  number: "DL-4",
  purchase_id: 9,
  purchase_number: "AP-9",
  purchase_title: "행사 다과",
  agency: { id: 1, name: "마포구청" },
  firm: { id: 3, name: "행복베이커리" },
  status: "awaiting_inspection",
  delivered_on: "2026-12-01",
  note: "",
  created_at: "2026-12-01T10:00:00+09:00",
  inspected_at: null,
  accepted_on: null,
  firm_kind: "",
  accepted_total: 0,
  lines: [line(1, "우리밀 쿠키", 45_000), line(2, "과일 도시락", 55_000)],
  invoice: null,
  can_inspect: true,
  can_invoice: false,
} as Delivery;

const installed: Middleware[] = [];
afterEach(() => {
  while (installed.length) api.eject(installed.pop()!);
});

function show(answer: { status: number; body: unknown }) {
  const posted: unknown[] = [];
  const middleware: Middleware = {
    async onRequest({ request }) {
      posted.push(JSON.parse((await request.clone().text()) || "null"));
      return new Response(JSON.stringify(answer.body), { status: answer.status, headers: { "Content-Type": "application/json" } });
    },
  };
  api.use(middleware);
  installed.push(middleware);
  const done: string[] = [];
  render(
    <QueryClientProvider client={new QueryClient({ defaultOptions: { queries: { retry: false } } })}>
      <Suspense fallback="…">
        <InspectionForm delivery={delivery} onDone={(message) => done.push(message)} />
      </Suspense>
    </QueryClientProvider>,
  );
  return { posted, done };
}

const group = (name: RegExp) => screen.findByRole("group", { name });

describe("InspectionForm", () => {
  it("sends nothing until every line is decided and a rejection says why, and says so on the fields", async () => {
    const { posted } = show({ status: 200, body: delivery });
    const cookies = await group(/우리밀 쿠키/);
    await userEvent.click(within(cookies).getByRole("radio", { name: "합격" }));
    await userEvent.click(screen.getByRole("button", { name: "검수 완료" }));
    const lunch = await group(/과일 도시락/);
    expect(within(lunch).getByText("합격 또는 불합격을 골라 주세요.")).toBeInTheDocument();
    expect(within(lunch).getByRole("radio", { name: "합격" })).toHaveFocus();

    await userEvent.click(within(lunch).getByRole("radio", { name: "불합격" }));
    await userEvent.click(screen.getByRole("button", { name: "검수 완료" }));
    const reason = within(lunch).getByRole("textbox", { name: "불합격 사유" });
    expect(within(lunch).getByText("불합격 사유를 적어 주세요.")).toBeInTheDocument();
    expect(reason).toHaveAttribute("aria-invalid", "true");
    expect(reason).toHaveFocus();
    expect(posted).toEqual([]);
  });

  it("sends each line's result with the reason and the day, then reports it", async () => {
    const inspected = {
      ...delivery,
      status: "inspected",
      can_inspect: false,
      lines: [{ ...delivery.lines[0]!, result: "accepted" }, { ...delivery.lines[1]!, result: "rejected", rejection_reason: "상함" }],
    };
    const { posted, done } = show({ status: 200, body: inspected });
    await userEvent.click(within(await group(/우리밀 쿠키/)).getByRole("radio", { name: "합격" }));
    const lunch = await group(/과일 도시락/);
    await userEvent.click(within(lunch).getByRole("radio", { name: "불합격" }));
    await userEvent.type(within(lunch).getByRole("textbox", { name: "불합격 사유" }), "상함");
    expect(screen.getByText(/합격 45,000원 · 불합격 55,000원/)).toBeInTheDocument();
    const day = screen.getByLabelText("검수일");
    await userEvent.clear(day);
    await userEvent.type(day, "2026-12-02");
    await userEvent.click(screen.getByRole("button", { name: "검수 완료" }));
    await waitFor(() => expect(done).toEqual(["검수를 마쳤어요: 합격 1개 품목, 불합격 1개 품목."]));
    expect(posted).toEqual([
      {
        results: [
          { purchase_line_id: 101, result: "accepted", reason: "" },
          { purchase_line_id: 102, result: "rejected", reason: "상함" },
        ],
        accepted_on: "2026-12-02",
      },
    ]);
  });

  it("shows the server's refusal on the field it names", async () => {
    show({
      status: 400,
      body: {
        error: {
          code: "accepted_before_delivery",
          message: "검수일은 납품일보다 앞설 수 없어요.",
          field: "accepted_on",
          details: [],
        },
      },
    });
    await userEvent.click(await screen.findByRole("button", { name: "모두 합격으로 표시" }));
    await userEvent.click(screen.getByRole("button", { name: "검수 완료" }));
    expect(await screen.findByText("검수일은 납품일보다 앞설 수 없어요.")).toBeInTheDocument();
    expect(screen.getByLabelText("검수일")).toHaveAttribute("aria-invalid", "true");
  });
});
