// The product page's one read, shared by its hook (queries.ts) and the route's loader (routes.tsx), so the
// loader's prefetch lands under the key the page reads. Kept apart from queries.ts: the loader is in the entry
// bundle, and this module only adds the API client, which is there already.
import { queryOptions } from "@tanstack/react-query";
import { api, unwrap } from "../../../api/client";

/** Only a positive whole number can be a product; anything else is the page's not-found without asking. */
export function isProductId(id: number): boolean {
  return Number.isInteger(id) && id > 0;
}

export function productQuery(id: number) {
  return queryOptions({
    queryKey: ["product", id] as const,
    queryFn: () => unwrap(api.GET("/api/v1/products/{id}/", { params: { path: { id } } })),
  });
}
