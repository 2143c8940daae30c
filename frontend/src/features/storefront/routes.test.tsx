import { QueryClientProvider } from "@tanstack/react-query";
import { render, screen, waitFor } from "@testing-library/react";
import { createMemoryRouter, RouterProvider, type LoaderFunctionArgs } from "react-router";
import { describe, expect, it, vi } from "vitest";
import { createQueryClient } from "../../app/queryClient";
import i18n from "../../i18n";
import { ProductPage } from "./product/ProductPage";
import { productLoader, storefrontRoutes } from "./routes";
import { product } from "./test/fixtures";
import { stubApi } from "./test/render";

await vi.hoisted(() => import("../../test/absoluteRequests"));

const ANSWERS = {
  "/api/v1/products/121/": product(),
  "/api/v1/cart/": { lines: [], items_total: 0, firms: 0 },
  "/api/v1/districts/": [],
  "/api/v1/tags/": [],
  "/api/v1/categories/": [],
};

const productRequests = (calls: { url: URL }[]) => calls.filter((call) => call.url.pathname === "/api/v1/products/121/");

describe("the product route's loader", () => {
  it("asks for the product and the storefront's strings while the page's code still loads; the page reads that answer", async () => {
    expect(i18n.hasLoadedNamespace("storefront")).toBe(false);
    const { calls } = stubApi(ANSWERS);
    const queryClient = createQueryClient(); // the app's defaults
    const route = storefrontRoutes(queryClient).find((r) => r.path === "products/:id")!;
    let codeLoaded!: () => void;
    const code = new Promise<void>((resolve) => (codeLoaded = resolve));
    const router = createMemoryRouter(
      [{ ...route, lazy: () => code.then(() => ({ Component: ProductPage })), hydrateFallbackElement: <p>…</p> }],
      { initialEntries: ["/products/121"] },
    );
    render(
      <QueryClientProvider client={queryClient}>
        <RouterProvider router={router} />
      </QueryClientProvider>,
    );

    // The page's code has not arrived, yet the product is in the cache under the key the page reads.
    await waitFor(() => expect(queryClient.getQueryData(["product", 121])).toEqual(product()));
    await waitFor(() => expect(i18n.hasLoadedNamespace("storefront")).toBe(true));
    expect(screen.queryByRole("heading", { level: 1 })).not.toBeInTheDocument();

    codeLoaded();
    expect(await screen.findByRole("heading", { level: 1, name: "답례품 떡 세트" })).toBeInTheDocument();
    expect(productRequests(calls)).toHaveLength(1); // the page used the loader's answer
  });

  it("asks nothing for a path that cannot be a product", async () => {
    const { calls } = stubApi(ANSWERS);
    const queryClient = createQueryClient();
    const args = { params: { id: "abc" }, request: new Request("http://localhost/products/abc") } as unknown as LoaderFunctionArgs;
    await productLoader(queryClient)(args);
    expect(calls).toHaveLength(0);
    expect(queryClient.getQueryCache().getAll()).toHaveLength(0);
  });

  it("does not wait for the product: a failed request is the page's to show", async () => {
    const { calls } = stubApi({ "/api/v1/products/7/": () => new Promise(() => {}) }); // never answers
    const queryClient = createQueryClient();
    const args = { params: { id: "7" }, request: new Request("http://localhost/products/7") } as unknown as LoaderFunctionArgs;
    await expect(productLoader(queryClient)(args)).resolves.toBeNull();
    await waitFor(() => expect(calls.map((call) => call.url.pathname)).toEqual(["/api/v1/products/7/"]));
  });
});
