import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { render, screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import type { Middleware } from "openapi-fetch";
import { createMemoryRouter, RouterProvider } from "react-router";
import { afterEach, describe, expect, it, vi } from "vitest";
import { api } from "../../api/client";
import { displayCode, VerifyPage } from "./VerifyPage";

await vi.hoisted(() => import("../../test/absoluteRequests"));

const CODE = "36BY-5GXJ-4MTU-5UN5";
const QUOTATION = {
  code: CODE,
  kind: "quotation",
  kind_label: "견적서",
  number: "QT250401-ABCD2345",
  issued_at: "2026-12-01T14:09:00+09:00",
  parties: [
    { role: "supplier", name: "마포돌봄 사회적협동조합", business_number: "1234567891" },
    { role: "buyer", name: "서울특별시 마포구청", business_number: "" },
  ],
  supply_value: 295003,
  vat: 25000,
  total: 320003,
  accepted_total: null,
  date: "2025-04-01",
  period_from: null,
  period_to: null,
  as_of: null,
  valid_kinds: [],
  regimes: [],
};

const installed: Middleware[] = [];
afterEach(() => {
  while (installed.length) api.eject(installed.pop()!);
});

/** The API's answers (component logic only): the code's record, and the file check's verdict. */
function showPage(path: string, { matches = true } = {}) {
  const asked: string[] = [];
  const middleware: Middleware = {
    onRequest({ request }) {
      const url = new URL(request.url).pathname;
      asked.push(`${request.method} ${url}`);
      let body: unknown = { error: { code: "document_not_found", message: "없음" } };
      let status = 404;
      if (request.method === "GET" && url === `/api/v1/documents/verify/${CODE}/`) [body, status] = [QUOTATION, 200];
      if (request.method === "POST" && url === "/api/v1/documents/verify/") [body, status] = [{ matches, document: QUOTATION }, 200];
      return new Response(JSON.stringify(body), { status, headers: { "Content-Type": "application/json" } });
    },
  };
  api.use(middleware);
  installed.push(middleware);
  const router = createMemoryRouter(
    [
      { path: "/verify", element: <VerifyPage /> },
      { path: "/verify/:code", element: <VerifyPage /> },
    ],
    { initialEntries: [path] },
  );
  render(
    <QueryClientProvider client={new QueryClient({ defaultOptions: { queries: { retry: false } } })}>
      <RouterProvider router={router} />
    </QueryClientProvider>,
  );
  return { asked, router };
}

describe("VerifyPage", () => {
  it("writes what is typed as the printed 4×4 groups", () => {
    expect(displayCode(" 36by5gxj 4mtu-5un5 ")).toBe(CODE);
    expect(displayCode("--")).toBe("");
  });

  it("goes to the typed code and shows what the document attests", async () => {
    const { router } = showPage("/verify");
    await userEvent.type(await screen.findByLabelText("문서확인번호"), "36by5gxj4mtu5un5");
    await userEvent.click(screen.getByRole("button", { name: "확인" }));
    expect(router.state.location.pathname).toBe(`/verify/${CODE}`);
    const result = await screen.findByRole("region", { name: `${CODE}: 같이마켓이 발급한 문서입니다` });
    expect(within(result).getByText("견적서")).toBeInTheDocument();
    expect(within(result).getByText("마포돌봄 사회적협동조합 (1234567891)")).toBeInTheDocument();
    expect(within(result).getByText("서울특별시 마포구청")).toBeInTheDocument();
    expect(within(result).getByText("295,003원")).toBeInTheDocument();
    expect(within(result).getByText("320,003원")).toBeInTheDocument();
  });

  it("says so when no document has the code", async () => {
    showPage("/verify/ZZZZ-ZZZZ-ZZZZ-ZZZZ");
    expect(await screen.findByRole("alert")).toHaveTextContent("확인되지 않는 번호입니다");
    expect(screen.queryByRole("button", { name: "파일 확인" })).not.toBeInTheDocument();
  });

  it.each([
    [true, "발급된 파일과 같습니다."],
    [false, "발급된 파일과 다릅니다."],
  ])("checks an uploaded PDF against the code (matches: %s)", async (matches, verdict) => {
    const { asked } = showPage(`/verify/${CODE}`, { matches });
    const input = await screen.findByLabelText("받은 PDF 파일");
    await userEvent.upload(input, new File(["%PDF-1.7"], "견적서.pdf", { type: "application/pdf" }));
    await userEvent.click(screen.getByRole("button", { name: "파일 확인" }));
    expect(await screen.findByText(new RegExp(`^${verdict}`))).toBeInTheDocument();
    expect(asked).toContain("POST /api/v1/documents/verify/");
  });

  it("asks for a file before checking", async () => {
    const { asked } = showPage(`/verify/${CODE}`);
    await userEvent.click(await screen.findByRole("button", { name: "파일 확인" }));
    expect(screen.getByText("PDF 파일을 고르세요.")).toBeInTheDocument();
    expect(asked).not.toContain("POST /api/v1/documents/verify/");
  });
});
