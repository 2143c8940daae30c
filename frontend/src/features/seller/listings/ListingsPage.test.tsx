import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { render, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import type { Middleware } from "openapi-fetch";
import { createMemoryRouter, RouterProvider } from "react-router";
import { afterEach, describe, expect, it, vi } from "vitest";
import { api } from "../../../api/client";
import type { SellerProduct } from "../api";
import { sellerListing } from "./testListing";
import { ListingsPage } from "./ListingsPage";

await vi.hoisted(() => import("../../../test/absoluteRequests"));

const installed: Middleware[] = [];
afterEach(() => {
  while (installed.length) api.eject(installed.pop()!);
});

function listing(overrides: Partial<SellerProduct> = {}): SellerProduct {
  return sellerListing({ min_order_quantity: 2, ...overrides });
}

const FIRM = { id: 3, name: "행복베이커리", verification_status: "verified", rejection_reason: "", designations: [] };

/** The firm's listings as the server holds them; a PATCH changes the held listing, or answers `refusal`. */
function showListings(products: SellerProduct[], refusal?: { status: number; body: unknown }) {
  const held = new Map(products.map((product) => [product.id, product]));
  const patched: { id: number; body: unknown }[] = [];
  const middleware: Middleware = {
    async onRequest({ request }) {
      const path = new URL(request.url).pathname;
      if (request.method === "PATCH") {
        const id = Number(path.split("/").at(-2));
        const body = JSON.parse(await request.clone().text()) as { status: SellerProduct["status"] };
        patched.push({ id, body });
        if (refusal) return Response.json(refusal.body, { status: refusal.status });
        const published = body.status === "published";
        const updated = { ...held.get(id)!, status: body.status, is_public: published, in_stock: true };
        held.set(id, updated);
        return Response.json(updated);
      }
      if (path === "/api/v1/seller/products/") {
        const results = [...held.values()];
        return Response.json({ count: results.length, next: null, previous: null, results });
      }
      if (path === "/api/v1/seller/firm/") return Response.json(FIRM);
      return Response.json({ error: { code: "not_found", message: "없음" } }, { status: 404 });
    },
  };
  api.use(middleware);
  installed.push(middleware);
  const router = createMemoryRouter([{ path: "/seller/listings", element: <ListingsPage /> }], {
    initialEntries: ["/seller/listings"],
  });
  render(
    <QueryClientProvider client={new QueryClient({ defaultOptions: { queries: { retry: false } } })}>
      <RouterProvider router={router} />
    </QueryClientProvider>,
  );
  return { patched };
}

const row = async (title: string) => within((await screen.findByRole("rowheader", { name: new RegExp(title) })).closest("tr")!);

describe("ListingsPage: publish and hide", () => {
  it("shows price, stock and minimum order in won and units, and why a listing is not on sale", async () => {
    showListings([listing(), listing({ id: 6, title: "들기름", status: "hidden", is_public: false, price: 12000 })]);
    const rice = await row("유기농 쌀 10kg");
    expect(rice.getByText("40,000원")).toBeInTheDocument();
    expect(rice.getByText("100포")).toBeInTheDocument();
    expect(rice.getByText("2포")).toBeInTheDocument();
    expect(rice.getByText("판매중")).toBeInTheDocument();
    const oil = await row("들기름");
    expect(oil.getByText("숨김")).toBeInTheDocument();
    expect(oil.getByText("판매자가 숨긴 상품이에요.")).toBeInTheDocument();
  });

  it("hides a listing on sale and publishes it again, each said and drawn as the server answers", async () => {
    const { patched } = showListings([listing()]);
    const rice = await row("유기농 쌀 10kg");
    await userEvent.click(rice.getByRole("button", { name: "유기농 쌀 10kg 숨기기" }));
    expect(await screen.findByRole("status")).toHaveTextContent("‘유기농 쌀 10kg’을(를) 숨겼어요.");
    await waitFor(() => expect(rice.getByText("숨김")).toBeInTheDocument());
    await userEvent.click(rice.getByRole("button", { name: "유기농 쌀 10kg 판매 시작" }));
    await waitFor(() => expect(screen.getByRole("status")).toHaveTextContent("‘유기농 쌀 10kg’ 판매를 시작했어요."));
    await waitFor(() => expect(rice.getByRole("button", { name: "유기농 쌀 10kg 숨기기" })).toBeInTheDocument());
    expect(patched).toEqual([
      { id: 5, body: { status: "hidden" } },
      { id: 5, body: { status: "published" } },
    ]);
  });

  it("says the server's refusal and leaves the listing as it was", async () => {
    const refusal = { error: { code: "validation_error", message: "이미지가 있어야 판매를 시작할 수 있어요.", field: "status", details: [] } };
    showListings([listing({ status: "draft", is_public: false })], { status: 400, body: refusal });
    const rice = await row("유기농 쌀 10kg");
    await userEvent.click(rice.getByRole("button", { name: "유기농 쌀 10kg 판매 시작" }));
    expect(await screen.findByRole("status")).toHaveTextContent("이미지가 있어야 판매를 시작할 수 있어요.");
    expect(rice.getByText("임시저장")).toBeInTheDocument();
    expect(rice.getByRole("button", { name: "유기농 쌀 10kg 판매 시작" })).toBeEnabled();
  });
});
