// The storefront's reads, as TanStack Query hooks over the typed client. Reference lists (categories, districts,
// tags) change rarely: they are kept for the whole visit.
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { api, unwrap } from "../../api/client";
import type { components } from "../../api/schema";
import { isProductId, productQuery } from "./product/productQuery";
import { toApiQuery, type SearchState } from "./search/searchState";

export type Product = components["schemas"]["ProductPublic"];
export type SearchHit = components["schemas"]["SearchHit"];
export type Firm = components["schemas"]["FirmPublic"];
export type District = components["schemas"]["District"];
export type Tag = components["schemas"]["Tag"];
export type SearchResponse = components["schemas"]["SearchResponse"];

/** A node of GET /api/v1/categories/ (the schema types its children loosely). */
export interface CategoryNode {
  id: number;
  slug: string;
  name_ko: string;
  name_en: string;
  children: CategoryNode[];
}

const FOREVER = { staleTime: Infinity, gcTime: Infinity } as const;

export function useCategories() {
  return useQuery({
    queryKey: ["categories"],
    queryFn: async () => (await unwrap(api.GET("/api/v1/categories/"))) as unknown as CategoryNode[],
    ...FOREVER,
  });
}

export function useDistricts() {
  return useQuery({ queryKey: ["districts"], queryFn: () => unwrap(api.GET("/api/v1/districts/")), ...FOREVER });
}

export function useTags() {
  return useQuery({ queryKey: ["tags"], queryFn: () => unwrap(api.GET("/api/v1/tags/")), ...FOREVER });
}

export function useSearch(state: SearchState) {
  const query = toApiQuery(state);
  return useQuery({
    queryKey: ["search", query],
    queryFn: ({ signal }) => unwrap(api.GET("/api/v1/search/products/", { params: { query }, signal })),
    // The last results stay on screen (marked busy) while the next page or filter loads.
    placeholderData: keepPreviousData,
  });
}

export function useProduct(id: number) {
  return useQuery({ ...productQuery(id), enabled: isProductId(id) });
}

export function useFirm(id: number | undefined) {
  return useQuery({
    queryKey: ["firm", id],
    queryFn: () => unwrap(api.GET("/api/v1/firms/{id}/", { params: { path: { id: id! } } })),
    enabled: id != null && Number.isInteger(id) && id > 0,
  });
}

export const FIRM_PRODUCTS_PAGE_SIZE = 12;

export function useFirmProducts(firm: number, page: number) {
  return useQuery({
    queryKey: ["products", { firm, page }],
    queryFn: () =>
      unwrap(api.GET("/api/v1/products/", { params: { query: { firm, page, page_size: FIRM_PRODUCTS_PAGE_SIZE } } })),
    placeholderData: keepPreviousData,
    enabled: Number.isInteger(firm) && firm > 0,
  });
}

export function useDistrictProducts(district: string | undefined, pageSize: number) {
  return useQuery({
    queryKey: ["products", { district, pageSize }],
    queryFn: () => unwrap(api.GET("/api/v1/products/", { params: { query: { district: district!, page_size: pageSize } } })),
    enabled: !!district,
  });
}

/** The home page's one search: the newest products, and the counts by firm kind and district. */
export function useHomeOverview(pageSize: number) {
  return useQuery({
    queryKey: ["search", "home", pageSize],
    queryFn: () =>
      unwrap(
        api.GET("/api/v1/search/products/", {
          params: { query: { sort: "newest", page_size: pageSize, facets: "firm_kind,district", highlight: false } },
        }),
      ),
  });
}
