import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { render, screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import type { Middleware } from "openapi-fetch";
import { createMemoryRouter, RouterProvider } from "react-router";
import { afterEach, describe, expect, it, vi } from "vitest";
import { api } from "../../../api/client";
import type { MyImpact } from "./figures";
import { ImpactPage } from "./ImpactPage";

await vi.hoisted(() => import("../../../test/absoluteRequests"));

const YEAR: MyImpact = {
  year: 2025,
  years: [2025, 2024],
  gross: 86000,
  refunds: 30001,
  total: 55999,
  orders: 2,
  firms: 3,
  by_kind: [{ kind: "social_enterprise", label: "사회적기업", amount: 55999 }],
  circulation: { local: 27999, elsewhere: 28000, unknown: 0 },
  by_district: [{ code: "11440", name_ko: "마포구", name_en: "Mapo-gu", amount: 55999 }],
  vulnerable: { weighted: 10950, declared: 25999, undeclared: 30000 },
  by_tag: [{ slug: "eco-friendly", name_ko: "친환경", name_en: "Eco-friendly", area: "environment", amount: 24400 }],
  series: Array.from({ length: 12 }, (_, index) => ({ key: index + 1, amount: index === 2 ? 55999 : 0 })),
};

const installed: Middleware[] = [];
afterEach(() => {
  while (installed.length) api.eject(installed.pop()!);
});

/** The signed-in buyer and the API's answers (component logic only); records what was posted. */
function showPage(cardAnswer: { status: number; body: unknown }) {
  const posted: unknown[] = [];
  let cards: unknown[] = [];
  const middleware: Middleware = {
    async onRequest({ request }) {
      const url = new URL(request.url);
      const json = (body: unknown, status = 200) =>
        new Response(JSON.stringify(body), { status, headers: { "Content-Type": "application/json" } });
      if (url.pathname === "/api/v1/auth/me/") return json({ id: 1, email: "buyer@example.kr", firm_id: null, is_operator: false });
      if (url.pathname === "/api/v1/auth/login/") return json({});
      if (url.pathname === "/api/v1/me/impact/") return json({ ...YEAR, year: Number(url.searchParams.get("year")) || null });
      if (url.pathname === "/api/v1/me/impact/cards/" && request.method === "POST") {
        posted.push(await request.json());
        if (cardAnswer.status === 201) cards = [cardAnswer.body];
        return json(cardAnswer.body, cardAnswer.status);
      }
      if (url.pathname === "/api/v1/me/impact/cards/") return json(cards);
      return json({ error: { code: "not_found", message: "없음", field: null, details: [] } }, 404);
    },
  };
  api.use(middleware);
  installed.push(middleware);
  const router = createMemoryRouter([{ path: "/me/impact", element: <ImpactPage /> }], { initialEntries: ["/me/impact?year=2025"] });
  render(
    <QueryClientProvider client={new QueryClient({ defaultOptions: { queries: { retry: false } } })}>
      <RouterProvider router={router} />
    </QueryClientProvider>,
  );
  return { posted };
}

const CARD = {
  token: "tok_abc-123",
  year: 2025,
  show_total: true,
  show_kinds: false,
  show_local: true,
  show_vulnerable: true,
  show_tags: true,
  created_at: "2026-12-01T10:00:00+09:00",
};

describe("ImpactPage: the year's figures and the card to share", () => {
  it("shares only the figures ticked, then shows the link and the card's picture", async () => {
    const { posted } = showPage({ status: 201, body: CARD });
    expect(await screen.findByRole("heading", { level: 1, name: "나의 가치소비" })).toBeInTheDocument();
    expect(await screen.findByText("55,999원", { selector: ".impact-summary__total" })).toBeInTheDocument();
    expect(screen.getByText(/기업 신고값 기준/, { selector: "p" })).toBeInTheDocument();

    const figures = screen.getByRole("group", { name: "카드에 보여 줄 수치" });
    await userEvent.click(within(figures).getByRole("checkbox", { name: "기업 유형별 금액" }));
    await userEvent.click(within(figures).getByRole("checkbox", { name: /취약계층 고용 기여/ }));
    await userEvent.click(screen.getByRole("button", { name: "공유 링크 만들기" }));

    expect(await screen.findByRole("status")).toHaveTextContent("공유 링크를 만들었습니다.");
    expect(posted).toEqual([
      { year: 2025, show_total: true, show_kinds: false, show_local: true, show_vulnerable: true, show_tags: true },
    ]);
    expect(await screen.findByLabelText("공유 링크")).toHaveValue(`${window.location.origin}/impact/cards/tok_abc-123`);
    expect(screen.getByRole("img", { name: "2025년 나의 가치소비 카드 이미지" })).toHaveAttribute(
      "src",
      "/api/v1/impact-cards/tok_abc-123/card.png",
    );
    expect(screen.getByRole("button", { name: "공유 멈추기" })).toBeInTheDocument();
  });

  it("says what the server refused, next to the figures", async () => {
    const refusal = { error: { code: "nothing_shown", message: "공유할 수치를 하나 이상 고르세요.", field: "show_total", details: [] } };
    showPage({ status: 400, body: refusal });
    await userEvent.click(await screen.findByRole("button", { name: "공유 링크 만들기" }));
    expect(await screen.findByRole("alert")).toHaveTextContent("공유할 수치를 하나 이상 고르세요.");
    expect(screen.queryByLabelText("공유 링크")).not.toBeInTheDocument();
  });
});
