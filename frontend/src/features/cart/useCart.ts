// The cart (a guest's with the session; joined into the account's on login by the server).
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { api, ensureCsrfCookie, unwrap } from "../../api/client";
import type { components } from "../../api/schema";

export type Cart = components["schemas"]["Cart"];
export const CART_QUERY_KEY = ["cart"] as const;

export function useCart() {
  return useQuery({ queryKey: CART_QUERY_KEY, queryFn: () => unwrap(api.GET("/api/v1/cart/")) });
}

/** Set a line's quantity (0 removes it). The API answers with the whole cart, which replaces ours. */
export function useSetCartQuantity() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async ({ productId, quantity }: { productId: number; quantity: number }) => {
      await ensureCsrfCookie();
      const path = { params: { path: { product_id: productId } } };
      return unwrap(
        quantity === 0
          ? api.DELETE("/api/v1/cart/items/{product_id}/", path)
          : api.PUT("/api/v1/cart/items/{product_id}/", { ...path, body: { quantity } }),
      );
    },
    onSuccess: (cart) => queryClient.setQueryData(CART_QUERY_KEY, cart),
  });
}
