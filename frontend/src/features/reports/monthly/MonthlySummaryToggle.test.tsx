import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { render, screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import type { Middleware } from "openapi-fetch";
import { afterEach, describe, expect, it, vi } from "vitest";
import { api } from "../../../api/client";
import { MonthlySummaryToggle } from "./MonthlySummaryToggle";

await vi.hoisted(() => import("../../../test/absoluteRequests"));

const installed: Middleware[] = [];
afterEach(() => {
  while (installed.length) api.eject(installed.pop()!);
});

/** The API's answers for the switch (component logic only): the state, and the methods the switch sends. */
function showToggle(audience: "seller" | "citizen") {
  const sent: string[] = [];
  let subscribed = false;
  const middleware: Middleware = {
    async onRequest({ request }) {
      const url = new URL(request.url);
      if (url.pathname !== "/api/v1/me/monthly-summary/") return new Response("{}", { status: 200 });
      if (request.method !== "GET") sent.push(request.method);
      if (request.method === "PUT") subscribed = true;
      if (request.method === "DELETE") subscribed = false;
      const state = { subscribed, audience, subscribed_at: subscribed ? "2026-12-01T09:00:00+09:00" : null, last_sent_month: null };
      return new Response(JSON.stringify(state), { status: 200, headers: { "Content-Type": "application/json" } });
    },
  };
  api.use(middleware);
  installed.push(middleware);
  render(
    <QueryClientProvider client={new QueryClient({ defaultOptions: { queries: { retry: false } } })}>
      <MonthlySummaryToggle />
    </QueryClientProvider>,
  );
  return sent;
}

describe("MonthlySummaryToggle", () => {
  it("turns the e-mail on with PUT and off with DELETE, saying so", async () => {
    const sent = showToggle("citizen");
    const box = await screen.findByRole("checkbox", { name: "매달 1일에 지난달 요약을 메일로 받기" });
    expect(box).not.toBeChecked();
    expect(box).toHaveAccessibleDescription(/나의 가치소비/);
    await userEvent.click(box);
    expect(await screen.findByRole("status")).toHaveTextContent("월간 요약 메일을 켰습니다.");
    expect(box).toBeChecked();
    await userEvent.click(box);
    expect(await screen.findByText("월간 요약 메일을 껐습니다.")).toBeInTheDocument();
    expect(box).not.toBeChecked();
    expect(sent).toEqual(["PUT", "DELETE"]);
  });

  it("tells a seller the e-mail is about their firm's sales", async () => {
    showToggle("seller");
    const box = await screen.findByRole("checkbox");
    expect(box).toHaveAccessibleDescription(/우리 기업의 판매액/);
  });
});
