// Test helpers: a router in memory, a fresh query cache, and a stand-in for the network that answers API paths
// from a table (component logic only; the real API is exercised by the e2e journeys). The stand-in is an
// openapi-fetch middleware answering before fetch is called, so it needs no global fetch patching.
import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { render } from "@testing-library/react";
import type { Middleware } from "openapi-fetch";
import type { ReactNode } from "react";
import { createMemoryRouter, Outlet, RouterProvider, useLocation, type RouteObject } from "react-router";
import { afterEach } from "vitest";
import { api } from "../../../api/client";

export type Answer = unknown | ((url: URL, request: Request) => unknown);

const installed: Middleware[] = [];
afterEach(() => {
  while (installed.length) api.eject(installed.pop()!);
});

/** Answer each API request by its path from `answers`: a JSON body, a Response, or a function of the URL. */
export function stubApi(answers: Record<string, Answer>) {
  const calls: { url: URL; method: string; body: string | null }[] = [];
  const middleware: Middleware = {
    async onRequest({ request }) {
      const url = new URL(request.url, "http://test");
      calls.push({ url, method: request.method, body: request.body ? await request.clone().text() : null });
      const answer = answers[`${request.method} ${url.pathname}`] ?? answers[url.pathname];
      if (answer === undefined) {
        return json({ error: { code: "not_found", message: "찾을 수 없어요." } }, 404);
      }
      const body = typeof answer === "function" ? (answer as (u: URL, r: Request) => unknown)(url, request) : answer;
      return body instanceof Response ? body : json(body);
    },
  };
  api.use(middleware);
  installed.push(middleware);
  return { calls };
}

export function json(body: unknown, status = 200): Response {
  return new Response(JSON.stringify(body), { status, headers: { "Content-Type": "application/json" } });
}

/** Shows where the router is, so a test can assert on navigation. */
function Shell({ extra }: { extra?: ReactNode }) {
  const location = useLocation();
  return (
    <>
      {extra}
      <output data-testid="location">{location.pathname + location.search}</output>
      <Outlet />
    </>
  );
}

export function renderRoutes(routes: RouteObject[], path: string, extra?: ReactNode) {
  const queryClient = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  const router = createMemoryRouter([{ element: <Shell extra={extra} />, children: routes }], { initialEntries: [path] });
  const utils = render(
    <QueryClientProvider client={queryClient}>
      <RouterProvider router={router} />
    </QueryClientProvider>,
  );
  return { ...utils, router, queryClient };
}
