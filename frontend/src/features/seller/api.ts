// The seller portal's server state: TanStack Query hooks over the typed client.
import { useQuery } from "@tanstack/react-query";
import { api, unwrap } from "../../api/client";
import type { components, operations } from "../../api/schema";

export type SellerProduct = components["schemas"]["SellerProduct"];
export type FirmPrivate = components["schemas"]["FirmPrivate"];
export type Designation = components["schemas"]["Designation"];
export type SellerFulfilment = components["schemas"]["SellerFulfilment"];
export type ProductStatus = components["schemas"]["ProductStatusEnum"];
export type FulfilmentStatus = NonNullable<
  NonNullable<operations["v1_seller_fulfilments_list"]["parameters"]["query"]>["status"]
>;
export type FirmKind = components["schemas"]["FirmKindEnum"];
export type CategoryNode = components["schemas"]["CategoryTree"];

export const FULFILMENT_STATUSES: FulfilmentStatus[] = [
  "pending",
  "confirmed",
  "shipped",
  "delivered",
  "claimed",
  "purchase_confirmed",
  "returned",
  "cancelled",
];
export const PRODUCT_STATUSES: ProductStatus[] = ["draft", "published", "hidden"];
export const FIRM_KINDS: FirmKind[] = [
  "social_enterprise",
  "pre_social_regional",
  "pre_social_ministry",
  "cooperative",
  "social_cooperative",
  "village_enterprise",
  "self_sufficiency",
  "social_venture",
];

export const sellerKeys = {
  all: ["seller"] as const,
  firm: ["seller", "firm"] as const,
  products: ["seller", "products"] as const,
  productList: (params: { page?: number; status?: ProductStatus }) => ["seller", "products", "list", params] as const,
  product: (id: number) => ["seller", "products", "one", id] as const,
  fulfilments: ["seller", "fulfilments"] as const,
  fulfilmentList: (params: { page?: number; status?: FulfilmentStatus }) =>
    ["seller", "fulfilments", "list", params] as const,
  settlement: (page: number) => ["seller", "settlement", page] as const,
};

export function useMyFirm() {
  return useQuery({ queryKey: sellerKeys.firm, queryFn: () => unwrap(api.GET("/api/v1/seller/firm/")) });
}

export function useMyProducts(params: { page?: number; status?: ProductStatus; pageSize?: number }) {
  const query = { page: params.page, status: params.status, page_size: params.pageSize };
  return useQuery({
    queryKey: sellerKeys.productList({ page: params.page, status: params.status, ...(params.pageSize ? { pageSize: params.pageSize } : {}) }),
    queryFn: () => unwrap(api.GET("/api/v1/seller/products/", { params: { query } })),
  });
}

export function useMyProduct(id: number, options: { pollWhilePending?: boolean } = {}) {
  return useQuery({
    queryKey: sellerKeys.product(id),
    queryFn: () => unwrap(api.GET("/api/v1/seller/products/{id}/", { params: { path: { id: String(id) } } })),
    // Images are processed in the background: read the product again until none is pending.
    refetchInterval: (query) =>
      options.pollWhilePending && query.state.data?.images.some((image) => image.renditions_status === "pending")
        ? 2000
        : false,
  });
}

export function useFulfilments(params: { page?: number; status?: FulfilmentStatus; pageSize?: number }) {
  return useQuery({
    queryKey: sellerKeys.fulfilmentList({ page: params.page, status: params.status, ...(params.pageSize ? { pageSize: params.pageSize } : {}) }),
    queryFn: () =>
      unwrap(
        api.GET("/api/v1/seller/fulfilments/", {
          params: { query: { page: params.page, status: params.status, page_size: params.pageSize } },
        }),
      ),
  });
}

export function useCategories() {
  return useQuery({
    queryKey: ["categories"],
    queryFn: () => unwrap(api.GET("/api/v1/categories/")),
    staleTime: 10 * 60_000,
  });
}

export function useTags() {
  return useQuery({ queryKey: ["tags"], queryFn: () => unwrap(api.GET("/api/v1/tags/")), staleTime: 10 * 60_000 });
}

export function useDistricts() {
  return useQuery({
    queryKey: ["districts"],
    queryFn: () => unwrap(api.GET("/api/v1/districts/")),
    staleTime: 60 * 60_000,
  });
}

/** The category tree as one list in tree order, with each node's depth (for an indented <select>). */
export function flattenCategories(nodes: readonly CategoryNode[], depth = 0): { node: CategoryNode; depth: number }[] {
  return nodes.flatMap((node) => [
    { node, depth },
    ...flattenCategories(node.children as unknown as CategoryNode[], depth + 1),
  ]);
}
