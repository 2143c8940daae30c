// The cart (a guest's with the session; joined into the account's on login by the server).
import { useQuery } from "@tanstack/react-query";
import { api, unwrap } from "../../api/client";

export const CART_QUERY_KEY = ["cart"] as const;

export function useCart() {
  return useQuery({ queryKey: CART_QUERY_KEY, queryFn: () => unwrap(api.GET("/api/v1/cart/")) });
}
