import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { render, screen, within } from "@testing-library/react";
import type { Middleware } from "openapi-fetch";
import { Suspense } from "react";
import { createMemoryRouter, RouterProvider } from "react-router";
import { afterEach, describe, expect, it, vi } from "vitest";
import { api } from "../../api/client";
import { AgencyLayout } from "./AgencyLayout";

await vi.hoisted(() => import("../../test/absoluteRequests"));

const installed: Middleware[] = [];
afterEach(() => {
  while (installed.length) api.eject(installed.pop()!);
});

const agency = {
  id: 2,
  name: "마포구청",
  kind: "district_office",
  district: { code: "11440", name_ko: "마포구", name_en: "Mapo-gu" },
  business_number: "",
  address: "서울 마포구 월드컵로 212",
  billing_email: "pay@mapo.go.kr",
  status: "pending",
  rejection_reason: "",
  member_id: 5,
  roles: ["requester", "approver", "inspector", "admin"],
};

function show(me: unknown, mine: unknown = agency) {
  const middleware: Middleware = {
    onRequest({ request }) {
      const path = new URL(request.url).pathname;
      const body = path === "/api/v1/auth/me/" ? me : path === "/api/v1/agency/" ? mine : undefined;
      if (body === null) return new Response(JSON.stringify({ error: { code: "not_authenticated", message: "로그인" } }), { status: 401 });
      return new Response(JSON.stringify(body ?? { error: { code: "not_found", message: "없음" } }), {
        status: body ? 200 : 404,
        headers: { "Content-Type": "application/json" },
      });
    },
  };
  api.use(middleware);
  installed.push(middleware);
  const router = createMemoryRouter(
    [{ path: "/agency", element: <AgencyLayout />, children: [{ index: true, element: <p>대시보드 내용</p> }] }],
    { initialEntries: ["/agency"] },
  );
  render(
    <QueryClientProvider client={new QueryClient({ defaultOptions: { queries: { retry: false } } })}>
      <Suspense fallback="…">
        <RouterProvider router={router} />
      </Suspense>
    </QueryClientProvider>,
  );
}

const user = (membership: unknown) => ({ id: 1, email: "clerk@mapo.go.kr", firm_id: null, is_operator: false, agency: membership });
const membership = (status: string, roles: string[]) => ({ id: 2, name: "마포구청", status, member_id: 5, roles });

describe("AgencyLayout", () => {
  it("sends a guest to sign in, and offers to register", async () => {
    show(null);
    expect(await screen.findByRole("heading", { level: 1, name: "기관 구매" })).toBeInTheDocument();
    expect(screen.getByRole("link", { name: "로그인" })).toHaveAttribute("href", "/login?next=%2Fagency");
    expect(screen.getByRole("link", { name: "기관 등록 신청" })).toHaveAttribute("href", "/agency/register");
    expect(screen.queryByText("대시보드 내용")).toBeNull();
  });

  it("shows a pending agency's application instead of the portal", async () => {
    show(user(membership("pending", ["requester", "admin"])));
    expect(await screen.findByText("운영자가 신청을 확인하고 있어요")).toBeInTheDocument();
    expect(await screen.findByText("서울 마포구 월드컵로 212")).toBeInTheDocument();
    expect(screen.queryByText("대시보드 내용")).toBeNull();
  });

  it("shows a rejection's reason and the way to apply again", async () => {
    show(user(membership("rejected", ["admin"])), { ...agency, status: "rejected", rejection_reason: "기관 확인 불가" });
    expect(await screen.findByText("사유: 기관 확인 불가")).toBeInTheDocument();
    expect(screen.getByRole("link", { name: "다시 신청하기" })).toHaveAttribute("href", "/agency/register");
  });

  it("gives an approved agency's member the menu their roles open", async () => {
    show(user(membership("approved", ["requester", "inspector"])));
    const menu = await screen.findByRole("navigation", { name: "기관 구매 메뉴" });
    const items = within(menu)
      .getAllByRole("link")
      .map((link) => link.textContent);
    expect(items).toContain("구매 실적");
    expect(items).not.toContain("승인함");
    expect(items).not.toContain("구성원");
    expect(screen.getByText("대시보드 내용")).toBeInTheDocument();
  });

  it("adds the members to an agency admin", async () => {
    show(user(membership("approved", ["admin"])));
    const menu = await screen.findByRole("navigation", { name: "기관 구매 메뉴" });
    expect(within(menu).getByRole("link", { name: "구성원" })).toHaveAttribute("href", "/agency/members");
  });

  it("adds the approvals to an approver", async () => {
    show(user(membership("approved", ["approver"])));
    const menu = await screen.findByRole("navigation", { name: "기관 구매 메뉴" });
    expect(within(menu).getByRole("link", { name: "승인함" })).toHaveAttribute("href", "/agency/approvals");
  });
});
