import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { render, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import type { Middleware } from "openapi-fetch";
import { createMemoryRouter, RouterProvider } from "react-router";
import { afterEach, describe, expect, it, vi } from "vitest";
import { api } from "../../../api/client";
import type { Designation, FirmPrivate } from "../api";
import { FirmPage } from "./FirmPage";

await vi.hoisted(() => import("../../../test/absoluteRequests"));

const installed: Middleware[] = [];
afterEach(() => {
  while (installed.length) api.eject(installed.pop()!);
});

const VALID: Designation = {
  id: 1,
  kind: "social_enterprise",
  kind_display: "사회적기업",
  issuer: "고용노동부",
  number: "제2025-029호",
  start_date: "2025-01-01",
  end_date: "2027-12-31",
  status: "active",
  status_reason: "",
  is_valid: true,
};

function firm(designations: Designation[] = [VALID]): FirmPrivate {
  return {
    id: 3,
    name: "행복베이커리",
    registration_number: "101-81-12345",
    district: { code: "11440", name_ko: "마포구", name_en: "Mapo-gu" },
    address: "서울 마포구 월드컵로 1",
    description: "",
    purpose_type: "jobs",
    vulnerable_employee_share: "45.50",
    svi_grade: "",
    website: "",
    verification_status: "verified",
    rejection_reason: "",
    verified_at: "2025-01-02T00:00:00+09:00",
    listings_hidden_reason: "",
    listings_hidden_since: null,
    is_selling: true,
    designations,
    created_at: "2025-01-01T00:00:00+09:00",
  } as FirmPrivate;
}

type Answer = { status: number; body: unknown };

/** The seller's firm page; PATCH and POST take the next answer of their list (the last stays). */
function showFirm(answers: { PATCH?: Answer[]; POST?: Answer[] }, reads: FirmPrivate[] = [firm()]) {
  const sent: { method: string; body: unknown }[] = [];
  let firmReads = 0;
  const middleware: Middleware = {
    async onRequest({ request }) {
      const path = new URL(request.url).pathname;
      if (request.method === "PATCH" || request.method === "POST") {
        const method = request.method;
        const list = answers[method] ?? [];
        const index = sent.filter((entry) => entry.method === method).length;
        sent.push({ method, body: JSON.parse(await request.clone().text()) });
        const answer = list[Math.min(index, list.length - 1)]!;
        return Response.json(answer.body, { status: answer.status });
      }
      if (path === "/api/v1/seller/firm/") return Response.json(reads[Math.min(firmReads++, reads.length - 1)]);
      if (path === "/api/v1/districts/") {
        return Response.json([
          { code: "11440", name_ko: "마포구", name_en: "Mapo-gu" },
          { code: "11470", name_ko: "양천구", name_en: "Yangcheon-gu" },
        ]);
      }
      return Response.json({ error: { code: "not_found", message: "없음" } }, { status: 404 });
    },
  };
  api.use(middleware);
  installed.push(middleware);
  const router = createMemoryRouter([{ path: "/seller/firm", element: <FirmPage /> }], { initialEntries: ["/seller/firm"] });
  render(
    <QueryClientProvider client={new QueryClient({ defaultOptions: { queries: { retry: false } } })}>
      <RouterProvider router={router} />
    </QueryClientProvider>,
  );
  return { sent };
}

const refusal = (field: string, message: string): Answer => ({
  status: 400,
  body: { error: { code: "validation_error", message: `${field}: ${message}`, field, details: [{ field, code: "invalid", message }] } },
});

describe("FirmPage: the firm's profile", () => {
  it("sends the changed profile, shows the server's refusal on its field, then saves", async () => {
    const { sent } = showFirm({
      PATCH: [refusal("website", "올바른 URL을 입력하세요."), { status: 200, body: firm() }],
    });
    const profile = within(await screen.findByRole("region", { name: "업체 정보 수정" }));
    const user = userEvent.setup();
    await waitFor(() => expect(profile.getByRole("option", { name: "양천구" })).toBeInTheDocument());
    await user.selectOptions(profile.getByLabelText("자치구"), "양천구");
    await user.clear(profile.getByLabelText("취약계층 고용 비율(%)"));
    await user.type(profile.getByLabelText("웹사이트"), "행복베이커리");
    await user.click(profile.getByRole("button", { name: "업체 정보 저장" }));

    const website = profile.getByLabelText("웹사이트");
    await waitFor(() => expect(website).toHaveAttribute("aria-invalid", "true"));
    expect(website).toHaveAccessibleDescription("올바른 URL을 입력하세요.");
    await waitFor(() => expect(website).toHaveFocus());

    await user.clear(website);
    await user.type(website, "https://bakery.example.kr");
    await user.click(profile.getByRole("button", { name: "업체 정보 저장" }));
    await waitFor(() => expect(profile.getByRole("status")).toHaveTextContent("업체 정보를 저장했어요."));
    expect(website).not.toHaveAttribute("aria-invalid");
    expect(sent.map((entry) => entry.body)).toEqual([
      expect.objectContaining({ district: "11470", vulnerable_employee_share: null, website: "행복베이커리" }),
      expect.objectContaining({ district: "11470", vulnerable_employee_share: null, website: "https://bakery.example.kr" }),
    ]);
  });
});

describe("FirmPage: designations", () => {
  it("lists each designation with its number, period and state", async () => {
    showFirm({});
    const table = within(await screen.findByRole("table", { name: "사회적경제 지정" }));
    const row = within(table.getByRole("cell", { name: "제2025-029호" }).closest("tr")!);
    expect(row.getByText("사회적기업")).toBeInTheDocument();
    expect(row.getByText("2025년 1월 1일 ~ 2027년 12월 31일")).toBeInTheDocument();
    expect(row.getByText("유효")).toBeInTheDocument();
  });

  it("adds a designation: a refused date beside its box, then the new one listed as waiting", async () => {
    const added: Designation = {
      ...VALID,
      id: 2,
      kind: "cooperative",
      kind_display: "협동조합",
      number: "제2026-101호",
      start_date: "2026-11-01",
      end_date: null,
      status: "pending",
      is_valid: false,
    };
    const { sent } = showFirm(
      { POST: [refusal("start_date", "날짜 형식이 잘못되었습니다."), { status: 201, body: added }] },
      [firm(), firm([VALID, added])],
    );
    const form = within(await screen.findByRole("region", { name: "지정 추가" }));
    const user = userEvent.setup();
    await user.selectOptions(form.getByLabelText("지정 종류"), "협동조합");
    await user.type(form.getByLabelText("지정 번호"), "제2026-101호");
    await user.click(form.getByRole("button", { name: "지정 등록" }));
    const start = form.getByLabelText("시작일");
    await waitFor(() => expect(start).toHaveAttribute("aria-invalid", "true"));
    expect(start).toHaveAccessibleDescription("날짜 형식이 잘못되었습니다.");

    await user.type(start, "2026-11-01");
    await user.click(form.getByRole("button", { name: "지정 등록" }));
    await waitFor(() => expect(form.getByRole("status")).toHaveTextContent("지정을 등록했어요. 운영자 확인을 기다려요."));
    expect(form.getByLabelText("지정 번호")).toHaveValue("");
    const table = within(screen.getByRole("table", { name: "사회적경제 지정" }));
    const row = within((await table.findByRole("cell", { name: "제2026-101호" })).closest("tr")!);
    expect(row.getByText("확인 대기")).toBeInTheDocument();
    expect(row.getByText("2026년 11월 1일 ~ 기한 없음")).toBeInTheDocument();
    expect(sent).toEqual([
      { method: "POST", body: { kind: "cooperative", number: "제2026-101호", issuer: "", start_date: "", end_date: null } },
      { method: "POST", body: { kind: "cooperative", number: "제2026-101호", issuer: "", start_date: "2026-11-01", end_date: null } },
    ]);
  });
});
